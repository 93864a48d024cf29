//! Deal generators: which candidate deals to consider at a state.
//!
//! The space of all deals is astronomically large (any subset of 1,200
//! prisoners against any mix of relief), so searches and strategies look at
//! the deals a generator proposes. The built-in [`DealGenerator`] proposes
//! the shapes real deals take:
//!
//! * **relief for a batch**: for every ordered pair (demander `D`, holder
//!   `H`) where `D` imposes a sanction on `H`, for every relief form in
//!   [`DealGenerator::relief`] the sanction allows, and every batch size `k`
//!   in [`DealGenerator::batches`]: `D` grants that relief on that sanction to
//!   `H`, and `H` releases to `D` the `k` prisoners it holds whom `D` values
//!   most (ties by id), each to its default destination;
//! * **recognition for a batch** (when [`DealGenerator::recognition`]): for
//!   every pair where `D` values some prisoner `H` holds, `D` grants `H` the
//!   next recognition level above the current one, for each batch size;
//! * **pass**: the empty deal (when [`DealGenerator::pass`]).
//!
//! Candidates are proposed in that order, pairs by (D, H) id order, sanctions
//! by id; the rulebook then decides which are legal. A batch is only proposed
//! when `H` holds at least `k` prisoners that `D` values positively.

use crate::deal::{ConcessionKind, Deal};
use crate::model::{GovernmentId, RecognitionLevel, ReliefKind, Sanction, State, World};

/// Proposes candidate deals at a state. See the [module docs](self) for
/// exactly which.
#[derive(Clone, Debug, PartialEq)]
pub struct DealGenerator {
    /// Batch sizes of releases offered per deal.
    pub batches: Vec<u32>,
    /// Relief forms offered (each only on sanctions that allow it).
    pub relief: Vec<ReliefKind>,
    /// Rounds of a suspension, when [`ReliefKind::Suspend`] is offered.
    pub suspend_rounds: u32,
    /// Fraction of an easing, when [`ReliefKind::Ease`] is offered.
    pub ease_fraction: f64,
    /// Offer recognition for releases.
    pub recognition: bool,
    /// Offer the empty deal.
    pub pass: bool,
}

impl Default for DealGenerator {
    /// Batches of 1, 10 and 50; licence, delisting and suspension (6 rounds);
    /// recognition; no pass.
    fn default() -> Self {
        Self {
            batches: vec![1, 10, 50],
            relief: vec![ReliefKind::Licence, ReliefKind::Delist, ReliefKind::Suspend],
            suspend_rounds: 6,
            ease_fraction: 0.25,
            recognition: true,
            pass: false,
        }
    }
}

impl DealGenerator {
    /// Pushes the candidate deals at `state` into `out`, in the documented order.
    pub fn candidates(&self, world: &World, state: &State, out: &mut Vec<Deal>) {
        let n = world.governments().len();
        let mut ranked = Vec::new();
        for d in 0..n {
            let demander = GovernmentId::new(d);
            for h in 0..n {
                let holder = GovernmentId::new(h);
                if d == h || world.governments()[h].is_bloc() {
                    continue;
                }
                self.rank(world, state, demander, holder, &mut ranked);
                if ranked.is_empty() {
                    continue;
                }
                for s in world.sanctions() {
                    if s.target != holder || s.imposer != demander {
                        continue;
                    }
                    for &kind in &self.relief {
                        if s.relief_option(kind).is_none() {
                            continue;
                        }
                        let Some(c) = relief_concession(
                            kind,
                            s,
                            state,
                            self.suspend_rounds,
                            self.ease_fraction,
                        ) else {
                            continue;
                        };
                        self.batched(world, &ranked, holder, demander, s.imposer, c, out);
                    }
                }
                if self.recognition {
                    let next = state.recognition(demander, holder).value() + 1;
                    if next <= RecognitionLevel::Embassy.value() {
                        let level = RecognitionLevel::from_u8(next);
                        let c = ConcessionKind::Recognition { level };
                        self.batched(world, &ranked, holder, demander, demander, c, out);
                    }
                }
            }
        }
        if self.pass {
            out.push(Deal::new());
        }
    }

    /// Prisoners `holder` has in custody that `demander` values positively,
    /// most valued first, ties by id.
    fn rank(
        &self,
        world: &World,
        state: &State,
        demander: GovernmentId,
        holder: GovernmentId,
        out: &mut Vec<(f64, crate::model::PrisonerId)>,
    ) {
        out.clear();
        for p in state.held() {
            let pr = &world.prisoners()[p.index()];
            if pr.holder() != holder || state.location(p) != pr.custodian {
                continue;
            }
            let v = world.valuations().prisoner(demander, p);
            if v > 0.0 {
                out.push((v, p));
            }
        }
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    }

    #[allow(clippy::too_many_arguments)]
    fn batched(
        &self,
        world: &World,
        ranked: &[(f64, crate::model::PrisonerId)],
        holder: GovernmentId,
        demander: GovernmentId,
        giver: GovernmentId,
        concession: ConcessionKind,
        out: &mut Vec<Deal>,
    ) {
        for &k in &self.batches {
            if k as usize > ranked.len() || k == 0 {
                continue;
            }
            let mut deal = Deal::new().with(giver, holder, concession);
            for &(_, p) in &ranked[..k as usize] {
                let dest = world.prisoners()[p.index()].default_destination();
                deal = deal.release(holder, demander, p, dest);
            }
            out.push(deal);
        }
    }
}

/// The concession granting relief of form `kind` on sanction `s`: a
/// suspension for `suspend_rounds`, easing by `ease_fraction`, unfreezing of
/// whatever is still frozen at `state` (`None` when nothing is). Whether the
/// sanction allows the form is the caller's check.
pub(crate) fn relief_concession(
    kind: ReliefKind,
    s: &Sanction,
    state: &State,
    suspend_rounds: u32,
    ease_fraction: f64,
) -> Option<ConcessionKind> {
    let sanction = s.id;
    Some(match kind {
        ReliefKind::Licence => ConcessionKind::Licence { sanction },
        ReliefKind::Delist => ConcessionKind::Delist { sanction },
        ReliefKind::Suspend => ConcessionKind::Suspend {
            sanction,
            rounds: suspend_rounds,
        },
        ReliefKind::Ease => ConcessionKind::Ease {
            sanction,
            fraction: ease_fraction,
        },
        ReliefKind::Unfreeze => {
            let left = s.frozen_funds - state.relief(sanction).unfrozen;
            if left <= 0.0 {
                return None;
            }
            ConcessionKind::Unfreeze {
                sanction,
                amount: left,
                escrow: None,
            }
        }
    })
}
