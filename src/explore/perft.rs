//! Perft: exact counts of action sequences, the cheapest strong regression
//! test of a game's rules (as chess engines use it) and a speed benchmark
//! of apply/undo.

use crate::budget::{Budget, Meter, Stopped};
use crate::explore::Game;

/// Counts from [`count_sequences`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Perft {
    /// Every node visited, the root included (each distinct action
    /// sequence of length at most `depth`, counting chance outcomes as
    /// actions).
    pub nodes: u64,
    /// Sequences of exactly `depth` actions (the classic perft number).
    pub leaves: u64,
    /// Nodes that are terminal states (at any depth up to `depth`).
    pub terminals: u64,
    /// Whether the budget cut the walk (counts are then lower bounds).
    pub truncated: bool,
    /// Which limit stopped it (`None` when `truncated` is false); a
    /// [`Stopped::Time`] result depends on the machine.
    pub stopped_by: Option<Stopped>,
}

/// Walks every action sequence of length at most `depth` from `game` with
/// apply/undo (no transpositions merged) and counts them. The state is
/// left as it was.
///
/// ```
/// use detente::explore::{count_sequences, TicTacToe};
/// let p = count_sequences(&mut TicTacToe::new(), 2);
/// assert_eq!((p.nodes, p.leaves), (1 + 9 + 72, 72));
/// ```
///
/// # Complexity
/// One `apply` and one `undo` per node: O(nodes).
pub fn count_sequences<G: Game>(game: &mut G, depth: usize) -> Perft {
    count_sequences_within(game, depth, Budget::unlimited())
}

/// [`count_sequences`] under a budget: stops (with `truncated` set) when
/// the node or time budget is spent.
///
/// ```
/// use detente::{explore::{count_sequences_within, TicTacToe}, Budget};
/// let p = count_sequences_within(&mut TicTacToe::new(), 9, Budget::unlimited().with_nodes(100));
/// assert!(p.truncated);
/// assert_eq!(p.nodes, 100);
/// ```
pub fn count_sequences_within<G: Game>(game: &mut G, depth: usize, budget: Budget) -> Perft {
    let mut w = Walker {
        meter: Meter::new(budget),
        buffers: vec![Vec::new(); depth + 1],
        out: Perft::default(),
    };
    w.walk(game, 0, depth);
    w.out.nodes = w.meter.nodes;
    w.out.truncated = w.meter.cut();
    w.out.stopped_by = w.meter.stopped;
    w.out
}

struct Walker<A> {
    meter: Meter,
    /// One action buffer per depth, reused across the walk.
    buffers: Vec<Vec<A>>,
    out: Perft,
}

impl<A: Copy> Walker<A> {
    fn walk<G: Game<Action = A>>(&mut self, game: &mut G, ply: usize, depth: usize) {
        if !self.meter.tick() {
            return;
        }
        if game.is_terminal() {
            self.out.terminals += 1;
            if ply == depth {
                self.out.leaves += 1;
            }
            return;
        }
        if ply == depth {
            self.out.leaves += 1;
            return;
        }
        let mut actions = std::mem::take(&mut self.buffers[ply]);
        game.legal_actions(&mut actions);
        for &a in &actions {
            game.apply(a);
            self.walk(game, ply + 1, depth);
            game.undo(a);
            if self.meter.cut() {
                break;
            }
        }
        self.buffers[ply] = actions;
    }
}
