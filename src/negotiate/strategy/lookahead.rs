//! A strategy that looks ahead: it solves the rest of the negotiation as a
//! game with the explorer's backward induction and plays the equilibrium.

use super::{Response, Strategy, View};
use crate::Budget;
use crate::analysis::pareto_frontier;
use crate::explore::{BiConfig, Game, Turn, backward_induction};
use crate::negotiate::{Outcome, OutcomeIndex, OutcomeSpace};

/// Spaces up to this size are scanned in full for the Pareto frontier;
/// larger ones are sampled at evenly spaced levels of own utility.
const FULL_SCAN: usize = 1 << 16;

/// Payoffs closer than this count as equal (float utilities tie exactly in
/// textbook domains, and rounding must not break those ties at random).
const TIE: f64 = 1e-9;

/// Plans every move by solving the remaining negotiation as an
/// alternating-offers game with [`backward_induction`] (the explorer's
/// solver, with transpositions and a node budget).
///
/// The game is played over a short list of candidate outcomes: the Pareto
/// frontier of own and opponent utility, thinned to `candidates` points
/// evenly spaced in own utility. A deal on the `r`-th offer is worth
/// `u(o) · d^r` to each side and no deal its reservation value, as in the
/// Rubinstein game. What the strategy assumes of the others:
/// - utilities public (the protocol says so): the real ones; with several
///   opponents, the least satisfied of them decides (stacked offers need
///   everyone's assent);
/// - utilities private: an opponent whose preferences mirror its own
///   (what it likes least the opponent likes most, scaled to [0, 1]), as
///   patient as itself and with nothing to fall back on: the textbook
///   divide-the-pie reading of a negotiation it knows nothing about.
///
/// It searches at most `depth` offers ahead and treats the end of its
/// search as a breakdown of talks (a cautious reading of a long deadline).
/// With the whole horizon within reach and every outcome a candidate, its
/// play is subgame perfect (the same agreement as [`SubgamePerfect`](super::SubgamePerfect)
/// on the textbook divide-the-pie games).
///
/// ```
/// use detente::negotiate::{domains, Lookahead, Sao};
/// let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8)?;
/// let (mut a, mut b) = (Lookahead::new().with_horizon(3), Lookahead::new().with_horizon(3));
/// let r = Sao::with_rounds(3).public_utilities(true).run(&space, &[&u1, &u2], &mut [&mut a, &mut b])?;
/// // Three rounds, d1 = 0.9, d2 = 0.8: the first proposer keeps 9 of 10 at once.
/// assert_eq!((r.agreement.unwrap().index(), r.offers), (9, 1));
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Lookahead {
    depth: usize,
    max_candidates: usize,
    horizon: Option<usize>,
    nodes: u64,
    /// Candidate outcomes and their undiscounted utilities `[own, other]`.
    cands: Vec<Outcome>,
    vals: Vec<[f64; 2]>,
    disc: [f64; 2],
    reserved: [f64; 2],
    index: OutcomeIndex,
    scratch: Vec<[f64; 2]>,
    /// Searches cut by the node budget (their answer is the best found).
    truncated: u64,
}

impl Default for Lookahead {
    fn default() -> Self {
        Self::new()
    }
}

impl Lookahead {
    /// 12 offers deep, 24 candidates, at most 200,000 nodes per decision.
    pub fn new() -> Self {
        Lookahead {
            depth: 12,
            max_candidates: 24,
            horizon: None,
            nodes: 200_000,
            cands: Vec::new(),
            vals: Vec::new(),
            disc: [1.0; 2],
            reserved: [0.0; 2],
            index: OutcomeIndex::default(),
            scratch: Vec::new(),
            truncated: 0,
        }
    }

    /// Searches `depth` offers ahead (at least 1).
    ///
    /// ```
    /// let s = detente::negotiate::Lookahead::new().with_depth(4);
    /// ```
    pub fn with_depth(mut self, depth: usize) -> Self {
        self.depth = depth.max(1);
        self
    }

    /// Plays over at most `n` candidate outcomes (at least 2).
    ///
    /// ```
    /// let s = detente::negotiate::Lookahead::new().with_candidates(64);
    /// ```
    pub fn with_candidates(mut self, n: usize) -> Self {
        self.max_candidates = n.max(2);
        self
    }

    /// The deadline in offers, when the protocol has one (as
    /// [`Sao::with_rounds`](crate::negotiate::Sao::with_rounds) does).
    /// Without it the deadline is one offer per party per step.
    ///
    /// ```
    /// let s = detente::negotiate::Lookahead::new().with_horizon(6);
    /// ```
    pub fn with_horizon(mut self, offers: usize) -> Self {
        self.horizon = Some(offers);
        self
    }

    /// Node budget of each search (at least 1).
    ///
    /// ```
    /// let s = detente::negotiate::Lookahead::new().with_node_budget(10_000);
    /// ```
    pub fn with_node_budget(mut self, nodes: u64) -> Self {
        self.nodes = nodes.max(1);
        self
    }

    /// Searches so far that hit the node budget.
    pub fn truncated_searches(&self) -> u64 {
        self.truncated
    }

    /// The candidate outcomes of the current negotiation, best for this
    /// strategy first.
    pub fn candidates(&self) -> &[Outcome] {
        &self.cands
    }

    /// Whether every other party's utility is visible.
    fn others_public(view: &View<'_>) -> bool {
        (0..view.n_parties())
            .filter(|&p| p != view.me)
            .all(|p| view.opponent_utility(p).is_some())
            && view.n_parties() > 1
    }

    /// The other side's utility of `o` as this strategy models it: the
    /// least satisfied opponent when utilities are public, otherwise the
    /// mirror image of its own utility scaled to [0, 1] (`lo`..`hi` being
    /// its own worst and best).
    fn other(view: &View<'_>, o: Outcome, own: f64, lo: f64, hi: f64) -> f64 {
        if Self::others_public(view) {
            (0..view.n_parties())
                .filter(|&p| p != view.me)
                .filter_map(|p| view.opponent_utility(p).map(|u| u.eval(o)))
                .fold(f64::INFINITY, f64::min)
        } else if hi > lo {
            (hi - own) / (hi - lo)
        } else {
            0.0
        }
    }

    fn collect_candidates(&mut self, view: &View<'_>) {
        let me = view.utility();
        self.scratch.clear();
        self.cands.clear();
        self.vals.clear();
        let space: &OutcomeSpace = view.space;
        let n = space.cardinality();
        let mut outcomes: Vec<Outcome> = Vec::new();
        if n <= FULL_SCAN {
            outcomes.extend(space.outcomes());
        } else {
            // Evenly spaced levels of own utility, each answered exactly by
            // the outcome index (no scan of the space).
            self.index.build(space, me);
            let (lo, hi) = (self.index.worst().1, self.index.best().1);
            let k = self.max_candidates * 4;
            for j in 0..=k {
                let thr = lo + (hi - lo) * j as f64 / k as f64;
                if let Some((o, _)) = self.index.lowest_at_least(thr) {
                    outcomes.push(o);
                }
            }
            outcomes.sort_unstable();
            outcomes.dedup();
        }
        self.scratch
            .extend(outcomes.iter().map(|&o| [me.eval(o), 0.0]));
        let (lo, hi) = self
            .scratch
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v[0]), hi.max(v[0]))
            });
        for (v, &o) in self.scratch.iter_mut().zip(&outcomes) {
            v[1] = Self::other(view, o, v[0], lo, hi);
        }
        // Utilities are finite by construction of every shipped utility; a
        // custom one returning NaN falls back to the whole list.
        let front =
            pareto_frontier(&self.scratch).unwrap_or_else(|_| (0..self.scratch.len()).collect());
        // Only outcomes worth at least walking away are ever offered: the
        // plan may count on an offer being refused, but the real opponent
        // may take it. With none, the best outcome stands alone.
        let rational: Vec<usize> = front
            .iter()
            .copied()
            .filter(|&i| self.scratch[i][0] >= self.reserved[0])
            .collect();
        let front = if rational.is_empty() {
            front.into_iter().take(1).collect()
        } else {
            rational
        };
        // The frontier comes best-for-me first; thin it to evenly spaced
        // own-utility levels, always keeping both ends.
        let m = front.len();
        let keep = self.max_candidates.min(m);
        let mut last = usize::MAX;
        for j in 0..keep {
            let pos = if keep == 1 {
                0
            } else {
                j * (m - 1) / (keep - 1)
            };
            if pos != last {
                let i = front[pos];
                self.cands.push(outcomes[i]);
                self.vals.push(self.scratch[i]);
                last = pos;
            }
        }
    }

    /// The deadline in offers of this negotiation.
    fn end(&self, view: &View<'_>) -> usize {
        self.horizon
            .unwrap_or(view.n_steps.saturating_mul(view.n_parties().max(1)))
    }

    /// Solves the game in which `first` (0 = this strategy) makes offer
    /// number `start`; returns the equilibrium value and first action.
    fn solve(&mut self, view: &View<'_>, start: usize, first: u8) -> ([f64; 2], Option<Move>) {
        let end = self.end(view).min(start.saturating_add(self.depth));
        if start >= end || self.cands.is_empty() {
            return (self.reserved, None);
        }
        let mut game = OfferGame {
            vals: &self.vals,
            disc: self.disc,
            reserved: self.reserved,
            start,
            end,
            first,
            t: start,
            pending: None,
            accepted: false,
            rejected: Vec::with_capacity(end - start),
        };
        let config = BiConfig {
            budget: Budget::unlimited().with_nodes(self.nodes),
            transpositions: true,
            tie_tolerance: TIE,
        };
        let r = backward_induction(&mut game, &config);
        if r.truncated {
            self.truncated += 1;
        }
        let v = r.value.map_or(self.reserved, |v| [v[0], v[1]]);
        (v, r.line.first().copied())
    }
}

impl Strategy for Lookahead {
    fn init(&mut self, view: &View<'_>) {
        let me = view.utility();
        let others = || (0..view.n_parties()).filter(|&p| p != view.me);
        // A private opponent is modelled as patient as this strategy and
        // content with nothing when talks fail (0 on its mirrored scale).
        let (other_disc, other_reserved) = if Self::others_public(view) {
            (
                others()
                    .filter_map(|p| view.opponent_utility(p).map(|u| u.discount()))
                    .fold(1.0f64, f64::min),
                others()
                    .filter_map(|p| view.opponent_utility(p).map(|u| u.reserved_value()))
                    .fold(f64::NEG_INFINITY, f64::max),
            )
        } else {
            (me.discount(), 0.0)
        };
        self.disc = [me.discount(), other_disc];
        self.reserved = [me.reserved_value(), other_reserved];
        self.collect_candidates(view);
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        if self.cands.is_empty() {
            self.init(view);
        }
        match self.solve(view, view.round(), 0) {
            (_, Some(Move::Offer(i))) => self.cands[i as usize],
            // Past the deadline or nothing to plan over: ask for the best.
            _ => self.cands.first().copied().unwrap_or(Outcome(0)),
        }
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        if self.cands.is_empty() {
            self.init(view);
        }
        let me = view.utility();
        // The offer on the table is the latest in the history when the
        // protocol has recorded it already.
        let t = match view.history.last() {
            Some(o) if o.outcome == offer && o.party != view.me => view.history.len() - 1,
            _ => view.round(),
        };
        let now = me.eval(offer) * self.disc[0].powi(t as i32);
        let (cont, _) = self.solve(view, t + 1, 0);
        // Never below what walking away is worth, whatever the plan says
        // (every candidate may be worse than no deal).
        if now >= self.reserved[0] && now >= cont[0] - TIE * cont[0].abs().max(1.0) {
            Response::Accept
        } else {
            Response::Reject
        }
    }

    fn name(&self) -> &str {
        "lookahead"
    }
}

/// A move in the planning game.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Offer(u32),
    Accept,
    Reject,
}

/// Alternating offers over candidate outcomes from offer `start` to the
/// deadline `end`: player 0 is the planning strategy, player 1 the modelled
/// other side; player `first` makes offer `start`.
struct OfferGame<'a> {
    vals: &'a [[f64; 2]],
    disc: [f64; 2],
    reserved: [f64; 2],
    start: usize,
    end: usize,
    first: u8,
    t: usize,
    pending: Option<u32>,
    accepted: bool,
    rejected: Vec<u32>,
}

impl OfferGame<'_> {
    fn proposer(&self) -> usize {
        (usize::from(self.first) + self.t - self.start) % 2
    }
}

impl Game for OfferGame<'_> {
    type Action = Move;

    fn num_players(&self) -> usize {
        2
    }

    fn current_player(&self) -> Turn {
        if self.accepted || (self.pending.is_none() && self.t >= self.end) {
            Turn::Terminal
        } else if self.pending.is_some() {
            Turn::Player(1 - self.proposer())
        } else {
            Turn::Player(self.proposer())
        }
    }

    fn legal_actions(&self, out: &mut Vec<Move>) {
        out.clear();
        match self.current_player() {
            Turn::Terminal => {}
            // Accept first: a responder indifferent between the two accepts.
            _ if self.pending.is_some() => out.extend([Move::Accept, Move::Reject]),
            _ => out.extend((0..self.vals.len() as u32).map(Move::Offer)),
        }
    }

    fn apply(&mut self, action: Move) {
        match action {
            Move::Offer(i) => self.pending = Some(i),
            Move::Accept => self.accepted = true,
            Move::Reject => {
                if let Some(i) = self.pending.take() {
                    self.rejected.push(i);
                }
                self.t += 1;
            }
        }
    }

    fn undo(&mut self, action: Move) {
        match action {
            Move::Offer(_) => self.pending = None,
            Move::Accept => self.accepted = false,
            Move::Reject => {
                self.t -= 1;
                self.pending = self.rejected.pop();
            }
        }
    }

    fn payoffs(&self, out: &mut [f64]) {
        match (self.accepted, self.pending) {
            (true, Some(i)) => {
                let v = self.vals[i as usize];
                for k in 0..2 {
                    out[k] = v[k] * self.disc[k].powi(self.t as i32);
                }
            }
            _ => out[..2].copy_from_slice(&self.reserved),
        }
    }

    fn state_key(&self) -> u64 {
        let pending = self.pending.map_or(0, |i| u64::from(i) + 1);
        ((self.t as u64) << 34) | (pending << 1) | u64::from(self.accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explore::count_sequences;

    #[test]
    fn planning_game_has_the_expected_tree() {
        // Two candidates, two offers: root offers (2), each answered
        // accept/reject; after a reject the other side offers (2) and is
        // answered. Terminals: 2 accepts + 2*(2 accepts + 2 rejects) = 10.
        let vals = [[1.0, 0.0], [0.0, 1.0]];
        let mut g = OfferGame {
            vals: &vals,
            disc: [1.0, 1.0],
            reserved: [0.0, 0.0],
            start: 0,
            end: 2,
            first: 0,
            t: 0,
            pending: None,
            accepted: false,
            rejected: Vec::new(),
        };
        assert_eq!(count_sequences(&mut g, 10).terminals, 10);
        assert_eq!((g.t, g.pending, g.accepted), (0, None, false));
    }
}
