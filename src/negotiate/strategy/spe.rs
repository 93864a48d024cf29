//! Subgame-perfect play of finite-horizon bilateral alternating offers with
//! complete information, by backward induction over the outcome space.

use std::sync::Arc;

use super::{Response, Strategy, View};
use crate::negotiate::{NegotiateError, Outcome, OutcomeSpace, Utility};

/// Payoffs closer than this (relative) count as equal: the discrete game is
/// full of exact ties (reference_values.md section 3) that floating point
/// would otherwise break at random.
const TIE: f64 = 1e-9;

/// The subgame-perfect plan of a `rounds`-round alternating-offers game:
/// party `r % 2` proposes in round `r`, a deal in round `r` is worth
/// `u_i(o) * d_i^r`, disagreement is worth the reservation values.
///
/// Tie rule (reference_values.md, section 3): the responder accepts when
/// indifferent; the proposer maximises its own payoff, then the other's,
/// prefers an accepted offer to a rejected one, then the lowest outcome
/// index... except that, to match the reference's action order "keep N..0",
/// the highest index is preferred when `prefer_high_index` is set.
///
/// ```
/// use detente::negotiate::{domains, Outcome, SpePlan};
/// let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8)?;
/// let plan = SpePlan::solve(&space, [&u1, &u2], 3, true)?;
/// assert_eq!(plan.proposal(0), Outcome(9)); // P1 keeps 9 of 10
/// assert!((plan.value(0)[0] - 0.9).abs() < 1e-12);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SpePlan {
    proposals: Vec<Outcome>,
    /// values[r]: SPE payoffs (discounted to round 0) of the subgame starting
    /// at round r; values[rounds] is disagreement.
    values: Vec<[f64; 2]>,
    accepted: Vec<bool>,
    discounts: [f64; 2],
}

impl SpePlan {
    /// Backward induction over every outcome for every round.
    ///
    /// # Errors
    /// [`NegotiateError::Parameter`] when `rounds` is 0, or more than
    /// [`Limits::max_rounds`](crate::limits::Limits::max_rounds) (the plan
    /// holds a value per round).
    ///
    /// # Complexity
    /// O(rounds * |space|) utility evaluations.
    pub fn solve(
        space: &OutcomeSpace,
        utilities: [&dyn Utility; 2],
        rounds: usize,
        prefer_high_index: bool,
    ) -> Result<Self, NegotiateError> {
        if rounds == 0 {
            return Err(NegotiateError::Parameter(
                "a bargaining game needs at least one round".into(),
            ));
        }
        let limits = crate::limits::Limits::default();
        limits
            .check(
                "a bargaining game's rounds",
                rounds as u64,
                limits.max_rounds,
            )
            .map_err(|e| NegotiateError::Parameter(e.to_string()))?;
        let raw: Vec<[f64; 2]> = space
            .outcomes()
            .map(|o| [utilities[0].eval(o), utilities[1].eval(o)])
            .collect();
        let d = [utilities[0].discount(), utilities[1].discount()];
        let mut values = vec![[0.0; 2]; rounds + 1];
        values[rounds] = [utilities[0].reserved_value(), utilities[1].reserved_value()];
        let mut proposals = vec![Outcome(0); rounds];
        let mut accepted = vec![false; rounds];
        let order: Box<dyn Iterator<Item = usize>> = if prefer_high_index {
            Box::new((0..raw.len()).rev())
        } else {
            Box::new(0..raw.len())
        };
        let order: Vec<usize> = order.collect();
        for r in (0..rounds).rev() {
            let (p, q) = (r % 2, 1 - r % 2);
            let f = [d[0].powi(r as i32), d[1].powi(r as i32)];
            let cont = values[r + 1];
            // The best rejected offer yields the continuation.
            let mut best: ([f64; 2], usize, bool) = (cont, order[0], false);
            for &o in &order {
                let pay = [raw[o][0] * f[0], raw[o][1] * f[1]];
                if !geq(pay[q], cont[q]) {
                    continue;
                }
                let better = match cmp(pay[p], best.0[p]) {
                    1 => true,
                    -1 => false,
                    _ => match cmp(pay[q], best.0[q]) {
                        1 => true,
                        -1 => false,
                        _ => !best.2,
                    },
                };
                if better {
                    best = (pay, o, true);
                }
            }
            values[r] = best.0;
            proposals[r] = Outcome(best.1);
            accepted[r] = best.2;
        }
        Ok(SpePlan {
            proposals,
            values,
            accepted,
            discounts: d,
        })
    }

    /// Number of rounds.
    pub fn rounds(&self) -> usize {
        self.proposals.len()
    }

    /// The SPE offer of round `r` (the proposer's).
    ///
    /// # Panics
    /// If `r >= self.rounds()`.
    pub fn proposal(&self, r: usize) -> Outcome {
        self.proposals[r]
    }

    /// Whether the SPE offer of round `r` is accepted.
    ///
    /// # Panics
    /// If `r >= self.rounds()`.
    pub fn is_accepted(&self, r: usize) -> bool {
        self.accepted[r]
    }

    /// SPE payoffs, discounted to round 0, of the subgame starting in round
    /// `r` (`r == rounds()` gives the disagreement payoffs).
    ///
    /// # Panics
    /// If `r > self.rounds()`.
    pub fn value(&self, r: usize) -> [f64; 2] {
        self.values[r]
    }

    /// Whether party `who` accepts an offer worth `u` (undiscounted) to it in
    /// round `r`: at least its continuation value.
    pub fn accepts(&self, who: usize, u: f64, r: usize) -> bool {
        if r >= self.rounds() {
            return false;
        }
        geq(
            u * self.discounts[who].powi(r as i32),
            self.values[r + 1][who],
        )
    }
}

fn cmp(a: f64, b: f64) -> i8 {
    let tol = TIE * a.abs().max(b.abs()).max(1.0);
    if a > b + tol {
        1
    } else if a < b - tol {
        -1
    } else {
        0
    }
}

fn geq(a: f64, b: f64) -> bool {
    cmp(a, b) >= 0
}

/// Plays an [`SpePlan`]: proposes the plan's offer of the current round and
/// accepts exactly the offers the plan says it accepts. Needs the plan to be
/// solved for the same utilities (complete information).
///
/// ```
/// use std::sync::Arc;
/// use detente::negotiate::{domains, Sao, SpePlan, SubgamePerfect};
/// let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8)?;
/// let plan = Arc::new(SpePlan::solve(&space, [&u1, &u2], 4, true)?);
/// let (mut a, mut b) = (SubgamePerfect::new(plan.clone()), SubgamePerfect::new(plan));
/// let r = Sao::with_rounds(4).run(&space, &[&u1, &u2], &mut [&mut a, &mut b])?;
/// assert_eq!(r.agreement.map(|o| o.index()), Some(3)); // reference: k* = 3
/// assert_eq!(r.offers, 1);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SubgamePerfect {
    plan: Arc<SpePlan>,
}

impl SubgamePerfect {
    /// A strategy playing `plan`.
    pub fn new(plan: Arc<SpePlan>) -> Self {
        SubgamePerfect { plan }
    }
}

impl Strategy for SubgamePerfect {
    fn propose(&mut self, view: &View<'_>) -> Outcome {
        let r = view.round().min(self.plan.rounds() - 1);
        self.plan.proposal(r)
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        let r = view.round().saturating_sub(1);
        if self.plan.accepts(view.me, view.utility().eval(offer), r) {
            Response::Accept
        } else {
            Response::Reject
        }
    }

    fn name(&self) -> &str {
        "subgame-perfect"
    }
}
