//! Exhaustive depth-first enumeration of outcomes (payoff vectors with the
//! action sequence that reaches each), optionally merging transpositions.

use rustc_hash::FxHashSet;

use crate::budget::{Budget, Meter, Stopped};
use crate::explore::Game;

/// Settings for [`enumerate_outcomes`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnumConfig {
    /// Node, time and memory limits (memory counts the visited-state set
    /// and the stored outcomes).
    pub budget: Budget,
    /// Visit each state once (by [`Game::state_key`] and remaining depth):
    /// every distinct outcome is still reported, reached by the first
    /// sequence found, but repeated subtrees are not walked again.
    pub transpositions: bool,
    /// Stop sequences after this many actions; the state reached is then
    /// reported as an outcome with the payoffs the game reports there.
    pub max_depth: Option<usize>,
}

/// One outcome: where a sequence of actions ends.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceOutcome<A> {
    /// Payoff per player at the end of `sequence`.
    pub payoffs: Vec<f64>,
    /// The actions (chance outcomes included) from the root.
    pub sequence: Vec<A>,
    /// Whether the end state is terminal (false: cut by `max_depth`).
    pub terminal: bool,
}

impl<A> AsRef<[f64]> for SequenceOutcome<A> {
    fn as_ref(&self) -> &[f64] {
        &self.payoffs
    }
}

/// The answer of [`enumerate_outcomes`].
#[derive(Clone, Debug, PartialEq)]
pub struct Outcomes<A> {
    /// Outcomes in depth-first order (children in `legal_actions` order).
    pub outcomes: Vec<SequenceOutcome<A>>,
    /// Nodes visited.
    pub nodes: u64,
    /// Whether the budget cut the walk (the list is then a prefix).
    pub truncated: bool,
    /// Which limit stopped it (`None` when `truncated` is false); a
    /// [`Stopped::Time`] result depends on the machine.
    pub stopped_by: Option<Stopped>,
}

/// Walks the game tree depth-first with apply/undo and records every leaf
/// (terminal, or at `max_depth`) with its payoffs and action sequence. The
/// state is left as it was.
///
/// ```
/// use detente::explore::{enumerate_outcomes, EnumConfig, TicTacToe};
/// let mut g = TicTacToe::new();
/// let config = EnumConfig { max_depth: Some(2), ..EnumConfig::default() };
/// let r = enumerate_outcomes(&mut g, &config);
/// // Nine first moves, eight replies each; no game ends in two moves.
/// assert_eq!(r.outcomes.len(), 9 * 8);
/// assert!(r.outcomes.iter().all(|o| !o.terminal && o.sequence.len() == 2));
/// assert!(!r.truncated);
/// ```
///
/// # Complexity
/// O(nodes · depth): a sequence is copied at each leaf.
pub fn enumerate_outcomes<G: Game>(game: &mut G, config: &EnumConfig) -> Outcomes<G::Action> {
    let n = game.num_players();
    let mut e = Enumerator {
        meter: Meter::new(config.budget),
        max_depth: config.max_depth.unwrap_or(usize::MAX),
        tt: config.transpositions.then(FxHashSet::default),
        buffers: Vec::new(),
        path: Vec::new(),
        out: Vec::new(),
        pay: vec![0.0; n],
        bytes: 0,
        outcome_bytes: std::mem::size_of::<SequenceOutcome<G::Action>>() + 8 * n,
    };
    e.walk(game, 0);
    Outcomes {
        outcomes: e.out,
        nodes: e.meter.nodes,
        truncated: e.meter.cut(),
        stopped_by: e.meter.stopped,
    }
}

struct Enumerator<A> {
    meter: Meter,
    max_depth: usize,
    tt: Option<FxHashSet<(u64, usize)>>,
    buffers: Vec<Vec<A>>,
    path: Vec<A>,
    out: Vec<SequenceOutcome<A>>,
    pay: Vec<f64>,
    bytes: usize,
    outcome_bytes: usize,
}

impl<A: Copy> Enumerator<A> {
    fn walk<G: Game<Action = A>>(&mut self, game: &mut G, ply: usize) {
        if !self.meter.tick() {
            return;
        }
        let terminal = game.is_terminal();
        if let Some(tt) = &mut self.tt {
            // The subtree below a state depends on the depth left only when
            // there is a depth limit, and not at all at a terminal.
            let remaining = if terminal || self.max_depth == usize::MAX {
                0
            } else {
                self.max_depth - ply
            };
            if !tt.insert((game.state_key(), remaining)) {
                return;
            }
            self.bytes += 32;
        }
        if terminal || ply == self.max_depth {
            self.record(game, terminal);
            return;
        }
        if self.buffers.len() <= ply {
            self.buffers.resize_with(ply + 1, Vec::new);
        }
        let mut actions = std::mem::take(&mut self.buffers[ply]);
        game.legal_actions(&mut actions);
        for &a in &actions {
            game.apply(a);
            self.path.push(a);
            self.walk(game, ply + 1);
            self.path.pop();
            game.undo(a);
            if self.meter.cut() {
                break;
            }
        }
        self.buffers[ply] = actions;
    }

    fn record<G: Game<Action = A>>(&mut self, game: &G, terminal: bool) {
        self.bytes += self.outcome_bytes + self.path.len() * std::mem::size_of::<A>();
        if !self.meter.fits(self.bytes) {
            self.meter.stop_for_memory();
            return;
        }
        game.payoffs(&mut self.pay);
        self.out.push(SequenceOutcome {
            payoffs: self.pay.clone(),
            sequence: self.path.clone(),
            terminal,
        });
    }
}
