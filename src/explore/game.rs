//! The game view every searcher works on, in the style of OpenSpiel's
//! `State` API, but mutated in place: searchers call [`Game::apply`] and
//! [`Game::undo`] on one state instead of cloning it per node.

use std::fmt::Debug;

/// Who acts at a state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Turn {
    /// Player `i` (in `0..num_players()`) chooses one of the legal actions.
    Player(usize),
    /// Nature draws one of [`Game::chance_outcomes`] with its probability.
    Chance,
    /// The game is over; [`Game::payoffs`] gives the result.
    Terminal,
}

/// A finite, perfect-information game with chance nodes, mutated in place.
///
/// Simultaneous moves are not modelled: a game where players move together
/// is written as a sequence of moves, which the searchers treat as perfect
/// information (the later mover sees the earlier move).
///
/// Contract the searchers rely on:
/// - [`legal_actions`](Game::legal_actions) clears `out` and fills it in a
///   fixed order (searchers break ties by that order); at a chance node it
///   lists the outcomes in the order of
///   [`chance_outcomes`](Game::chance_outcomes).
/// - [`apply`](Game::apply) takes an action from `legal_actions` at the
///   current state; [`undo`](Game::undo) takes the action most recently
///   applied and restores the state exactly.
/// - [`state_key`](Game::state_key) is equal for two states only if their
///   subgames are the same (same legal actions, same payoffs at every
///   terminal below): transposition tables merge states by it. A game whose
///   state does not fit in 64 bits returns a strong hash (Zobrist) and
///   accepts a collision chance of about `states² / 2⁶⁵`.
///
/// ```
/// use detente::explore::{Game, TicTacToe, Turn};
/// let mut g = TicTacToe::new();
/// let mut moves = Vec::new();
/// g.legal_actions(&mut moves);
/// assert_eq!(moves.len(), 9);
/// g.apply(4);
/// assert_eq!(g.current_player(), Turn::Player(1));
/// g.undo(4);
/// assert_eq!(g, TicTacToe::new());
/// ```
pub trait Game {
    /// One move (or chance outcome). Small and `Copy`: searchers store many.
    type Action: Copy + Eq + Debug;

    /// Number of players (length of the payoff vector).
    fn num_players(&self) -> usize;

    /// Who acts now.
    fn current_player(&self) -> Turn;

    /// Whether the game is over.
    fn is_terminal(&self) -> bool {
        self.current_player() == Turn::Terminal
    }

    /// Clears `out` and writes the legal actions (or, at a chance node, the
    /// chance outcomes) in a fixed order. Empty at terminal states.
    fn legal_actions(&self, out: &mut Vec<Self::Action>);

    /// Clears `out` and writes each chance outcome with its probability
    /// (the probabilities sum to 1). Empty unless
    /// `current_player() == Turn::Chance`.
    fn chance_outcomes(&self, out: &mut Vec<(Self::Action, f64)>) {
        out.clear();
    }

    /// Plays `action` (taken from `legal_actions` at this state).
    fn apply(&mut self, action: Self::Action);

    /// Takes back `action`, the action most recently applied.
    fn undo(&mut self, action: Self::Action);

    /// Writes one payoff per player into `out` (`out.len() ==
    /// num_players()`). Defined at terminal states; games may also report
    /// payoffs accumulated so far at other states.
    fn payoffs(&self, out: &mut [f64]);

    /// A key identifying the state's subgame, for transposition tables.
    fn state_key(&self) -> u64;
}
