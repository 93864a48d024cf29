//! Search over deal sequences: a game view and generic searchers.
//!
//! The [`Game`] trait is a small, OpenSpiel-style state API (legal actions
//! into a caller's buffer, apply/undo in place, chance nodes with
//! probabilities, payoffs, a state key for transposition tables). The
//! searchers are generic over it:
//!
//! - [`count_sequences`]: perft, exact counts of action sequences;
//! - [`enumerate_outcomes`]: exhaustive DFS listing every outcome with the
//!   sequence that reaches it (optionally merging transpositions);
//! - [`backward_induction`]: subgame-perfect payoffs and plan;
//! - [`beam_search`]: best sequence by a heuristic score, bounded width;
//! - [`Mcts`]: UCT Monte Carlo tree search with seeded random rollouts.
//!
//! Every searcher takes a [`Budget`] (nodes, time, memory) and returns what
//! it found with a `truncated` flag. Textbook games with known answers
//! ([`Bargaining`], [`TicTacToe`]) test them.
//!
//! ```
//! use detente::explore::{backward_induction, count_sequences, BiConfig, TicTacToe};
//! let mut g = TicTacToe::new();
//! assert_eq!(count_sequences(&mut g, 9).terminals, 255_168);
//! let r = backward_induction(&mut g, &BiConfig::default());
//! assert_eq!(r.value, Some(vec![0.0, 0.0])); // a draw
//! ```

mod backward;
mod beam;
mod deal_game;
mod deal_sequence;
mod dfs;
mod game;
mod games;
mod mcts;
mod perft;
mod summary;

pub use backward::{BiConfig, BiResult, backward_induction};
pub use beam::{BeamConfig, BeamResult, beam_search};
/// The explorer's budget is the crate's one [`crate::Budget`].
#[deprecated(since = "0.2.0", note = "use detente::Budget")]
pub type Budget = crate::budget::Budget;
pub use deal_game::{DealAction, DealGame, DealGameConfig};
pub use deal_sequence::DealSequence;
pub use dfs::{EnumConfig, Outcomes, SequenceOutcome, enumerate_outcomes};
pub use game::{Game, Turn};
pub use games::{BargainAction, Bargaining, Ratio, TicTacToe};
// A made-up dice race with chance nodes that the searchers' tests use; not
// a game a user needs.
#[doc(hidden)]
pub use games::{Race, RaceAction};
pub use mcts::{ChildStat, Mcts, MctsConfig, MctsResult};
pub use perft::{Perft, count_sequences, count_sequences_within};
pub use summary::{DealExploration, ExploreOptions, ExploredOutcome, explore_deals};

/// Errors of the explorer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExploreError {
    /// A game or search parameter is out of range.
    #[error("invalid parameter {name}: {reason}")]
    InvalidParameter {
        /// The parameter.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}
