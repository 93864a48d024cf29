//! Backward induction: subgame-perfect payoffs and plan of a finite
//! perfect-information game, with expected values at chance nodes.

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use crate::budget::{Budget, Meter, Stopped};
use crate::explore::{Game, Turn};

/// Settings for [`backward_induction`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BiConfig {
    /// Node, time and memory limits.
    pub budget: Budget,
    /// Merge states with equal [`Game::state_key`] (solve each subgame once).
    pub transpositions: bool,
    /// Payoffs closer than this compare equal in the tie rule. Use 0 with
    /// exact payoffs (integers, dyadic fractions) and about 1e-12 with
    /// float payoffs that may differ by rounding.
    pub tie_tolerance: f64,
}

impl Default for BiConfig {
    fn default() -> Self {
        Self {
            budget: Budget::unlimited(),
            transpositions: true,
            tie_tolerance: 0.0,
        }
    }
}

/// The answer of [`backward_induction`].
#[derive(Clone, Debug, PartialEq)]
pub struct BiResult<A> {
    /// Subgame-perfect payoff vector at the root (expected over chance).
    /// `None` only if the budget ran out before any terminal was reached.
    /// When `truncated`, it is the best found so far: each decision node
    /// chose among the children it had evaluated.
    pub value: Option<Vec<f64>>,
    /// The equilibrium path from the root: every player's choice, and at
    /// chance nodes the most probable outcome (the first one on ties).
    pub line: Vec<A>,
    /// Nodes visited (transposition hits count as visits).
    pub nodes: u64,
    /// Subgames stored in the transposition table.
    pub table_entries: usize,
    /// Whether the budget cut the search.
    pub truncated: bool,
    /// Which limit stopped it (`None` when `truncated` is false); a
    /// [`Stopped::Time`] result depends on the machine.
    pub stopped_by: Option<Stopped>,
}

impl<A> BiResult<A> {
    /// Whether the whole game was solved (`!truncated`).
    ///
    /// ```
    /// use detente::explore::{backward_induction, BiConfig, TicTacToe};
    /// assert!(backward_induction(&mut TicTacToe::new(), &BiConfig::default()).exhausted());
    /// ```
    pub fn exhausted(&self) -> bool {
        !self.truncated
    }
}

/// Solves `game` by backward induction with apply/undo on one state.
///
/// Tie rule (the one of the reference tables in `shared/anchors`): the
/// mover maximises its own payoff, then the other players' payoffs in
/// player order, then takes the first action in `legal_actions` order.
/// Chance nodes take the probability-weighted mean of their children.
///
/// ```
/// use detente::explore::{backward_induction, BargainAction, Bargaining, BiConfig, Ratio};
/// let (d1, d2) = (Ratio::new(9, 10), Ratio::new(4, 5));
/// let mut g = Bargaining::new(10, 3, d1, d2, Ratio::new(0, 1))?;
/// let r = backward_induction(&mut g, &BiConfig::default());
/// assert_eq!(r.line[..2], [BargainAction::Keep(9), BargainAction::Accept]);
/// let v = r.value.unwrap();
/// assert_eq!(v[0] / g.payoff_scale(), 0.9);
/// # Ok::<(), detente::explore::ExploreError>(())
/// ```
///
/// # Complexity
/// One visit per node of the game tree, or per distinct state with
/// `transpositions` (each visit scans the state's legal actions).
pub fn backward_induction<G: Game>(game: &mut G, config: &BiConfig) -> BiResult<G::Action> {
    let n = game.num_players();
    let mut s = Solver {
        n,
        tol: config.tie_tolerance,
        meter: Meter::new(config.budget),
        use_tt: config.transpositions,
        tt: FxHashMap::default(),
        tt_vals: Vec::new(),
        tt_best: Vec::new(),
        entry_bytes: 32 + 8 * n + std::mem::size_of::<Option<G::Action>>(),
        vals: Vec::new(),
        actions: Vec::new(),
        chances: Vec::new(),
        pv: Vec::new(),
    };
    let ok = s.solve(game, 0);
    let value = ok.then(|| s.vals[..n].to_vec());
    let mut line = s.pv.first().cloned().unwrap_or_default();
    if ok {
        s.extend_line(game, &mut line);
    }
    BiResult {
        value,
        line,
        nodes: s.meter.nodes,
        table_entries: s.tt.len(),
        truncated: s.meter.cut(),
        stopped_by: s.meter.stopped,
    }
}

/// Lexicographic comparison from player `p`'s point of view: own payoff,
/// then the others' in player order; payoffs within `tol` are equal.
fn compare(a: &[f64], b: &[f64], p: usize, tol: f64) -> Ordering {
    let cmp = |x: f64, y: f64| {
        if (x - y).abs() <= tol {
            Ordering::Equal
        } else {
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    };
    std::iter::once(p)
        .chain((0..a.len()).filter(|&q| q != p))
        .map(|q| cmp(a[q], b[q]))
        .find(|&o| o != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

struct Solver<A> {
    n: usize,
    tol: f64,
    meter: Meter,
    use_tt: bool,
    tt: FxHashMap<u64, u32>,
    tt_vals: Vec<f64>,
    tt_best: Vec<Option<A>>,
    entry_bytes: usize,
    /// `n` payoffs per depth: slot `d` holds the value of the node at depth `d`.
    vals: Vec<f64>,
    actions: Vec<Vec<A>>,
    chances: Vec<Vec<(A, f64)>>,
    /// Principal variation per depth.
    pv: Vec<Vec<A>>,
}

impl<A: Copy> Solver<A> {
    fn ensure_depth(&mut self, d: usize) {
        if self.actions.len() <= d + 1 {
            self.vals.resize((d + 2) * self.n, 0.0);
            self.actions.resize_with(d + 2, Vec::new);
            self.chances.resize_with(d + 2, Vec::new);
            self.pv.resize_with(d + 2, Vec::new);
        }
    }

    /// Evaluates the node at depth `d` into `vals[d]`; false if the budget
    /// ran out before anything below it was evaluated.
    fn solve<G: Game<Action = A>>(&mut self, game: &mut G, d: usize) -> bool {
        if !self.meter.tick() {
            return false;
        }
        self.ensure_depth(d);
        let n = self.n;
        let turn = game.current_player();
        if turn == Turn::Terminal {
            game.payoffs(&mut self.vals[d * n..(d + 1) * n]);
            self.pv[d].clear();
            return true;
        }
        let key = game.state_key();
        if self.use_tt
            && let Some(&i) = self.tt.get(&key)
        {
            let i = i as usize;
            self.vals[d * n..(d + 1) * n].copy_from_slice(&self.tt_vals[i * n..(i + 1) * n]);
            self.pv[d].clear();
            return true;
        }
        let (ok, best) = match turn {
            Turn::Player(p) => self.solve_player(game, d, p),
            _ => (self.solve_chance(game, d), None),
        };
        let fits = self.meter.fits((self.tt.len() + 1) * self.entry_bytes);
        if ok && self.use_tt && !self.meter.cut() && fits {
            self.tt.insert(key, self.tt_best.len() as u32);
            self.tt_best.push(best);
            self.tt_vals
                .extend_from_slice(&self.vals[d * n..(d + 1) * n]);
        }
        ok
    }

    fn solve_player<G: Game<Action = A>>(
        &mut self,
        game: &mut G,
        d: usize,
        p: usize,
    ) -> (bool, Option<A>) {
        let n = self.n;
        let mut actions = std::mem::take(&mut self.actions[d]);
        game.legal_actions(&mut actions);
        let mut best = None;
        for &a in &actions {
            game.apply(a);
            let ok = self.solve(game, d + 1);
            game.undo(a);
            if ok {
                let (head, tail) = self.vals.split_at_mut((d + 1) * n);
                let (cur, child) = (&mut head[d * n..], &tail[..n]);
                if best.is_none() || compare(child, cur, p, self.tol) == Ordering::Greater {
                    cur.copy_from_slice(child);
                    best = Some(a);
                    let (head, tail) = self.pv.split_at_mut(d + 1);
                    head[d].clear();
                    head[d].push(a);
                    head[d].extend_from_slice(&tail[0]);
                }
            }
            if self.meter.cut() {
                break;
            }
        }
        self.actions[d] = actions;
        (best.is_some(), best)
    }

    fn solve_chance<G: Game<Action = A>>(&mut self, game: &mut G, d: usize) -> bool {
        let n = self.n;
        let mut outcomes = std::mem::take(&mut self.chances[d]);
        game.chance_outcomes(&mut outcomes);
        let likeliest = (0..outcomes.len())
            .rev()
            .max_by(|&i, &j| outcomes[i].1.total_cmp(&outcomes[j].1))
            .unwrap_or(0);
        self.vals[d * n..(d + 1) * n].fill(0.0);
        let mut ok = !outcomes.is_empty();
        for (i, &(a, prob)) in outcomes.iter().enumerate() {
            game.apply(a);
            let child_ok = self.solve(game, d + 1);
            game.undo(a);
            if !child_ok {
                ok = false;
                break;
            }
            let (head, tail) = self.vals.split_at_mut((d + 1) * n);
            for (c, v) in head[d * n..].iter_mut().zip(&tail[..n]) {
                *c += prob * v;
            }
            if i == likeliest {
                let (head, tail) = self.pv.split_at_mut(d + 1);
                head[d].clear();
                head[d].push(a);
                head[d].extend_from_slice(&tail[0]);
            }
        }
        self.chances[d] = outcomes;
        ok
    }

    /// The principal variation stops at transposition hits; continue it
    /// from the table's best actions (chance: the likeliest outcome).
    fn extend_line<G: Game<Action = A>>(&mut self, game: &mut G, line: &mut Vec<A>) {
        for &a in line.iter() {
            game.apply(a);
        }
        let mut applied = line.len();
        let mut buf = Vec::new();
        loop {
            let next = match game.current_player() {
                Turn::Terminal => None,
                Turn::Chance => {
                    game.chance_outcomes(&mut buf);
                    let mut best: Option<(A, f64)> = None;
                    for &(a, p) in &buf {
                        if best.is_none_or(|(_, q)| p > q) {
                            best = Some((a, p));
                        }
                    }
                    best.map(|(a, _)| a)
                }
                Turn::Player(_) => self
                    .tt
                    .get(&game.state_key())
                    .and_then(|&i| self.tt_best[i as usize]),
            };
            let Some(a) = next else { break };
            game.apply(a);
            line.push(a);
            applied += 1;
        }
        for &a in line[..applied].iter().rev() {
            game.undo(a);
        }
    }
}
