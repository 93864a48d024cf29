//! Beam search: keep the `width` best partial sequences at each depth by a
//! caller-given score, and return the best sequence found.

use crate::budget::{Budget, Meter, Stopped};
use crate::explore::{Game, SequenceOutcome};

/// Settings for [`beam_search`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeamConfig {
    /// Partial sequences kept per depth.
    pub width: usize,
    /// Longest sequence considered.
    pub max_depth: usize,
    /// Node and time limits (nodes = states scored).
    pub budget: Budget,
}

/// The answer of [`beam_search`].
#[derive(Clone, Debug, PartialEq)]
pub struct BeamResult<A> {
    /// The best-scoring end state found (terminal, or at `max_depth`),
    /// with its payoffs and sequence; `None` if nothing was scored.
    pub best: Option<SequenceOutcome<A>>,
    /// Its score.
    pub score: f64,
    /// States scored.
    pub nodes: u64,
    /// Whether the budget cut the search.
    pub truncated: bool,
    /// Which limit stopped it (`None` when `truncated` is false); a
    /// [`Stopped::Time`] result depends on the machine.
    pub stopped_by: Option<Stopped>,
}

/// Beam search from `game` (left as it was). Each child of a kept sequence
/// is scored with `score` (called on the state after the action); terminal
/// children compete for the answer, the others for the next beam (ties
/// keep the earlier sequence). Chance outcomes are expanded like actions,
/// so the search is optimistic about chance: it finds the best reachable
/// sequence, not the best plan in expectation.
///
/// ```
/// use detente::explore::{beam_search, BeamConfig, Game, TicTacToe};
/// use detente::Budget;
/// // Find any line where X wins: score = X's payoff at the end.
/// let mut g = TicTacToe::new();
/// let cfg = BeamConfig { width: 50, max_depth: 9, budget: Budget::unlimited() };
/// let r = beam_search(&mut g, &cfg, |s: &TicTacToe| {
///     let mut p = [0.0; 2];
///     s.payoffs(&mut p);
///     p[0]
/// });
/// assert_eq!(r.score, 1.0);
/// assert!(r.best.unwrap().terminal);
/// ```
///
/// # Complexity
/// O(max_depth · width · (branching + depth)) game operations: each kept
/// sequence is replayed from the root to expand it.
pub fn beam_search<G, F>(game: &mut G, config: &BeamConfig, mut score: F) -> BeamResult<G::Action>
where
    G: Game,
    F: FnMut(&G) -> f64,
{
    let mut meter = Meter::new(config.budget);
    let mut best: Option<(f64, Vec<G::Action>, bool)> = None;
    let mut offer = |s: f64, path: &[G::Action], terminal: bool| {
        if best.as_ref().is_none_or(|b| s > b.0) {
            best = Some((s, path.to_vec(), terminal));
        }
    };
    if game.is_terminal() || config.max_depth == 0 {
        meter.tick();
        offer(score(game), &[], game.is_terminal());
    }
    let mut beam: Vec<Vec<G::Action>> = vec![Vec::new()];
    let mut actions = Vec::new();
    for depth in 0..config.max_depth {
        if game.is_terminal() {
            break;
        }
        let mut next: Vec<(f64, Vec<G::Action>)> = Vec::new();
        'beam: for path in &beam {
            path.iter().for_each(|&a| game.apply(a));
            game.legal_actions(&mut actions);
            for &a in &actions {
                if !meter.tick() {
                    path.iter().rev().for_each(|&a| game.undo(a));
                    break 'beam;
                }
                game.apply(a);
                let s = score(game);
                let mut child = path.clone();
                child.push(a);
                if game.is_terminal() || depth + 1 == config.max_depth {
                    offer(s, &child, game.is_terminal());
                }
                if !game.is_terminal() {
                    next.push((s, child));
                }
                game.undo(a);
            }
            path.iter().rev().for_each(|&a| game.undo(a));
        }
        next.sort_by(|x, y| y.0.total_cmp(&x.0));
        next.truncate(config.width);
        beam = next.into_iter().map(|(_, p)| p).collect();
        if beam.is_empty() || meter.cut() {
            break;
        }
    }
    let n = game.num_players();
    let (score, best) = match best {
        Some((s, sequence, terminal)) => {
            let mut payoffs = vec![0.0; n];
            sequence.iter().for_each(|&a| game.apply(a));
            game.payoffs(&mut payoffs);
            sequence.iter().rev().for_each(|&a| game.undo(a));
            (
                s,
                Some(SequenceOutcome {
                    payoffs,
                    sequence,
                    terminal,
                }),
            )
        }
        None => (f64::NEG_INFINITY, None),
    };
    BeamResult {
        best,
        score,
        nodes: meter.nodes,
        truncated: meter.cut(),
        stopped_by: meter.stopped,
    }
}
