//! The deal menu: which shapes of deal are on offer between a demander and a
//! holder, and the one place that turns it into concessions.
//!
//! Every engine that proposes deals (the explorer's
//! [`DealGenerator`](crate::generate::DealGenerator), the negotiation layer's
//! [`DealSpace`](crate::negotiate::DealSpace) and the simulator's talks)
//! reads the same [`DealMenu`] through [`DealMenu::relief_offers`],
//! [`DealMenu::recognition_steps_at`], [`DealMenu::batch_sizes`],
//! [`in_custody`] and [`rank_prisoners`], so what one engine can offer a
//! pair, the others can too.
//!
//! A prisoner swap needs no menu field of its own: the demander's batch of
//! its own prisoners is ranked as the holder's is, with the roles of giver
//! and receiver swapped ([`BatchOrder`]), and
//! sized from the same [`DealMenu::batches`] as the holder's release, so
//! a swap of one for one, two for one or ten for ten is on offer exactly
//! when the batches are.

use serde::{Deserialize, Serialize};

use super::ConcessionKind;
use crate::model::{
    GovernmentId, PrisonerId, RecognitionLevel, ReliefKind, Sanction, State, World,
};

/// Which deals are on offer: batch sizes of releases, relief forms and their
/// parameters, recognition steps. Scenario files hold it flattened into
/// `dynamics.negotiation`; the explorer and the negotiation layer take it
/// directly.
///
/// ```
/// use detente::deal::DealMenu;
/// let menu = DealMenu { batches: vec![1, 10], ease_fraction: 0.5, ..DealMenu::default() };
/// assert_eq!(menu.suspend_rounds, 6);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DealMenu {
    /// Release batch sizes on offer (default 1, 10, 50): the holder releases
    /// that many of the prisoners the demander values most, and in a swap
    /// the demander releases that many of its own prisoners the holder
    /// values most.
    #[serde(default = "default_batches")]
    pub batches: Vec<u32>,
    /// Relief forms on offer, each only where a sanction allows it (default
    /// licence, delist, suspend).
    #[serde(default = "default_relief")]
    pub relief: Vec<ReliefKind>,
    /// Rounds of a suspension on offer (default 6), never more than the
    /// sanction's own `max_rounds`.
    #[serde(default = "six", skip_serializing_if = "is_six")]
    pub suspend_rounds: u32,
    /// Fraction of full relief an easing grants, in (0, 1] (default 0.25).
    #[serde(default = "quarter", skip_serializing_if = "is_quarter")]
    pub ease_fraction: f64,
    /// Recognition steps above the current level on offer (default 1; 0
    /// offers none).
    #[serde(default = "one_step", skip_serializing_if = "is_one_step")]
    pub recognition_steps: u8,
    /// Which prisoners a batch of `k` frees (default: the `k` the receiver
    /// values most).
    #[serde(default, skip_serializing_if = "is_receiver_value")]
    pub batch_order: BatchOrder,
}

/// Which prisoners a batch of `k` releases, on either side of a pair.
///
/// Only prisoners the receiving government values positively are ever in
/// a batch; the order decides which `k` of them.
///
/// ```
/// let menu: detente::deal::DealMenu = serde_json::from_str(r#"{"batch_order": "joint_gain"}"#)?;
/// assert_eq!(menu.batch_order, detente::deal::BatchOrder::JointGain);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BatchOrder {
    /// The `k` the receiver values most (ties by id).
    #[default]
    ReceiverValue,
    /// The `k` whose release gains the two governments most together: the
    /// receiver's value plus the giver's own value of the release (its
    /// cost, when negative), ties by id. A holder that gives up several
    /// prisoners gives first those whose release costs it least for what
    /// they are worth to the other side, instead of the most wanted one it
    /// minds most (Iran freed Floderus and Azizi and kept Djalali, worth as
    /// much to Sweden as Floderus but sentenced to death).
    JointGain,
}

fn is_receiver_value(x: &BatchOrder) -> bool {
    *x == BatchOrder::ReceiverValue
}

fn default_batches() -> Vec<u32> {
    vec![1, 10, 50]
}
fn default_relief() -> Vec<ReliefKind> {
    vec![ReliefKind::Licence, ReliefKind::Delist, ReliefKind::Suspend]
}
fn six() -> u32 {
    6
}
fn is_six(x: &u32) -> bool {
    *x == 6
}
fn quarter() -> f64 {
    0.25
}
fn is_quarter(x: &f64) -> bool {
    *x == 0.25
}
fn one_step() -> u8 {
    1
}
fn is_one_step(x: &u8) -> bool {
    *x == 1
}

impl Default for DealMenu {
    /// Batches of 1, 10 and 50; licence, delisting and a 6-round suspension;
    /// easing by 0.25; one recognition step.
    fn default() -> Self {
        DealMenu {
            batches: default_batches(),
            relief: default_relief(),
            suspend_rounds: six(),
            ease_fraction: quarter(),
            recognition_steps: one_step(),
            batch_order: BatchOrder::ReceiverValue,
        }
    }
}

impl DealMenu {
    /// The relief concessions on offer on sanction `s` at `state`, in menu
    /// order: each menu form the sanction allows, a suspension no longer
    /// than the sanction's `max_rounds`, an easing by
    /// [`ease_fraction`](Self::ease_fraction), and an unfreezing of all
    /// funds still frozen (none when nothing is).
    ///
    /// ```
    /// use detente::deal::{ConcessionKind, DealMenu};
    /// use detente::model::State;
    /// let (_, world, _) = detente::scenario::load("examples/scenarios/toy_bilateral.json")?;
    /// let s = &world.sanctions()[0];
    /// let offers: Vec<_> = DealMenu::default().relief_offers(s, &State::initial(&world)).collect();
    /// assert_eq!(offers, [ConcessionKind::Licence { sanction: s.id }, ConcessionKind::Delist { sanction: s.id }]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn relief_offers<'a>(
        &'a self,
        s: &'a Sanction,
        state: &'a State,
    ) -> impl Iterator<Item = ConcessionKind> + 'a {
        self.relief.iter().filter_map(move |&kind| {
            let option = s.relief_option(kind)?;
            let sanction = s.id;
            Some(match kind {
                ReliefKind::Licence => ConcessionKind::Licence { sanction },
                ReliefKind::Delist => ConcessionKind::Delist { sanction },
                ReliefKind::Suspend => ConcessionKind::Suspend {
                    sanction,
                    // The sanction's own limit is a rule of the rulebook: a
                    // longer suspension would only be proposed to be refused.
                    rounds: self
                        .suspend_rounds
                        .min(option.max_rounds.unwrap_or(u32::MAX)),
                },
                ReliefKind::Ease => ConcessionKind::Ease {
                    sanction,
                    fraction: self.ease_fraction,
                },
                ReliefKind::Unfreeze => ConcessionKind::Unfreeze {
                    sanction,
                    amount: frozen_left(s, state)?,
                    escrow: None,
                },
            })
        })
    }

    /// How many recognition steps `demander` can offer `holder` at `state`:
    /// none unless the holder values recognition from the demander, else
    /// the menu's steps up to an embassy.
    ///
    /// ```
    /// use detente::deal::DealMenu;
    /// use detente::model::State;
    /// let (_, world, _) = detente::scenario::load("examples/scenarios/belarus_2025.json")?;
    /// let (usa, blr) = (world.government_by_code("USA").unwrap(), world.government_by_code("BLR").unwrap());
    /// let state = State::initial(&world);
    /// assert_eq!(DealMenu::default().recognition_steps_at(&world, &state, usa, blr), 1);
    /// assert_eq!(DealMenu::default().recognition_steps_at(&world, &state, blr, usa), 0);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn recognition_steps_at(
        &self,
        world: &World,
        state: &State,
        demander: GovernmentId,
        holder: GovernmentId,
    ) -> u8 {
        let worth = recognition_value(world, demander, holder, holder);
        self.recognition_steps_worth(worth, state, demander, holder)
    }

    /// [`DealMenu::recognition_steps_at`] for a holder that values a level
    /// of recognition from the demander at `worth`.
    pub(crate) fn recognition_steps_worth(
        &self,
        worth: f64,
        state: &State,
        demander: GovernmentId,
        holder: GovernmentId,
    ) -> u8 {
        if worth <= 0.0 {
            return 0;
        }
        let now = state.recognition(demander, holder).value();
        self.recognition_steps
            .min(RecognitionLevel::Embassy.value().saturating_sub(now))
    }

    /// The menu's batch sizes that `available` prisoners can fill, increasing,
    /// without duplicates or zero.
    ///
    /// ```
    /// let menu = detente::deal::DealMenu { batches: vec![50, 1, 10, 1], ..Default::default() };
    /// assert_eq!(menu.batch_sizes(20), [1, 10]);
    /// ```
    pub fn batch_sizes(&self, available: usize) -> Vec<u32> {
        let mut sizes: Vec<u32> = self
            .batches
            .iter()
            .copied()
            .filter(|&k| k > 0 && k as usize <= available)
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        sizes
    }

    /// The batch sizes for releasing `ranked` (in [`rank_prisoners`] order,
    /// so `receiver`'s must-haves come first) to `receiver`: the menu's
    /// sizes, each raised to carry every must-have of `receiver` among them.
    /// A smaller batch would leave a must-have behind, and the rulebook
    /// refuses any deal the receiver takes part in without its must-haves.
    pub(crate) fn batch_sizes_carrying(
        &self,
        world: &World,
        receiver: GovernmentId,
        ranked: impl ExactSizeIterator<Item = PrisonerId>,
    ) -> Vec<u32> {
        let demands = world.demands();
        let available = ranked.len();
        let musts = ranked
            .filter(|&p| demands.is_must_have(receiver, p))
            .count() as u32;
        let mut sizes: Vec<u32> = self
            .batch_sizes(available)
            .into_iter()
            .map(|k| k.max(musts))
            .collect();
        sizes.dedup();
        sizes
    }
}

/// Funds of `s` still frozen at `state`, or `None` when nothing is.
pub(crate) fn frozen_left(s: &Sanction, state: &State) -> Option<f64> {
    let left = s.frozen_funds - state.relief(s.id).unfrozen;
    (left > 0.0).then_some(left)
}

/// What one level of recognition from `from` to `to` is worth to `by`.
pub(crate) fn recognition_value(
    world: &World,
    from: GovernmentId,
    to: GovernmentId,
    by: GovernmentId,
) -> f64 {
    world
        .valuations()
        .recognition_rows(from, to)
        .filter(|r| r.0 == by)
        .map(|r| r.1)
        .sum()
}

/// Ranks `prisoners`, released by `giver` to `receiver`, in the menu's
/// [`BatchOrder`], first in the batch first (ties by id), keeping those the
/// receiver values positively (alliance shares included: a government values
/// a release its ally gains from) and not behind a red line, into `out`; the
/// receiver's must-haves come first whatever their value, so that any batch
/// carries them. This order is the one every engine releases batches in: the
/// holder's batch to the demander, a swap batch to the holder.
pub(crate) fn rank_prisoners(
    world: &World,
    order: BatchOrder,
    [giver, receiver]: [GovernmentId; 2],
    prisoners: impl Iterator<Item = PrisonerId>,
    out: &mut Vec<(f64, PrisonerId)>,
) {
    let mut ranked = Vec::new();
    let worths = prisoners.map(|p| Held::of(world, p, [giver, receiver]));
    rank_held(world, order, receiver, worths, &mut ranked);
    out.clear();
    out.extend(ranked.iter().map(|&(key, h)| (key, h.prisoner)));
}

/// A prisoner with what its release is worth, alliance shares included, to
/// the government that would receive it and to the one that would give it
/// up: what [`rank_held`] ranks without reading the world's valuations.
/// The simulator computes both while it walks the valuations in prisoner
/// order, where its pairs, in demander order, would read each prisoner's
/// row at a random place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Held {
    pub prisoner: PrisonerId,
    pub to_receiver: f64,
    pub to_giver: f64,
}

impl Held {
    /// `p` released by `giver` to `receiver`, its worths read from `world`.
    pub fn of(world: &World, p: PrisonerId, [giver, receiver]: [GovernmentId; 2]) -> Self {
        let values = world.valuations();
        let worth = |g: GovernmentId| world.alliances().total(g, |h| values.prisoner(h, p));
        Held {
            prisoner: p,
            to_receiver: worth(receiver),
            to_giver: worth(giver),
        }
    }
}

// Ordered and compared by prisoner alone: both worths follow from the
// prisoner and the two governments, which every list of them shares.
impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.prisoner == other.prisoner
    }
}

impl Eq for Held {}

impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Held {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.prisoner.cmp(&other.prisoner)
    }
}

/// [`rank_prisoners`] over prisoners whose worths are already known, each
/// released to `receiver`.
pub(crate) fn rank_held(
    world: &World,
    order: BatchOrder,
    receiver: GovernmentId,
    prisoners: impl Iterator<Item = Held>,
    out: &mut Vec<(f64, Held)>,
) {
    let demands = world.demands();
    out.clear();
    out.extend(prisoners.filter_map(|h| {
        let key = match order {
            BatchOrder::ReceiverValue => h.to_receiver,
            BatchOrder::JointGain => h.to_receiver + h.to_giver,
        };
        (h.to_receiver > 0.0 && demands.red_line(h.prisoner).is_none()).then_some((key, h))
    }));
    let must = |p: PrisonerId| demands.is_must_have(receiver, p);
    out.sort_by(|a, b| {
        must(b.1.prisoner)
            .cmp(&must(a.1.prisoner))
            .then(b.0.total_cmp(&a.0))
            .then(a.1.prisoner.cmp(&b.1.prisoner))
    });
}

/// Whether `p`, held by its holder, can be traded at `state`: in custody
/// where the world places it (not moved to a third country), and not
/// behind a red line.
pub(crate) fn tradable(world: &World, state: &State, p: PrisonerId) -> bool {
    world
        .prisoner(p)
        .is_some_and(|pr| state.location(p) == pr.custodian)
        && state.is_held(p)
        && world.demands().red_line(p).is_none()
}

/// The prisoners `holder` can trade at `state`: held by it, in its own
/// custody where the world places them.
pub(crate) fn in_custody<'a>(
    world: &'a World,
    state: &'a State,
    holder: GovernmentId,
) -> impl Iterator<Item = PrisonerId> + 'a {
    state.held().filter(move |&p| {
        world.prisoners()[p.index()].holder() == holder && tradable(world, state, p)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Demand, GovernmentSpec, PrisonerSpec, WorldBuilder};
    use proptest::prelude::*;

    /// A world of 4 governments and 8 prisoners: holders, valuations (small
    /// integers, so ties are common), alliances, must-haves and red lines
    /// as drawn.
    fn world(
        holders: &[usize],
        values: &[i8],
        allies: &[(usize, usize, i8)],
        musts: &[(usize, usize)],
        red: &[usize],
    ) -> World {
        let mut b = WorldBuilder::new("ranks");
        let govs: Vec<GovernmentId> = (0..4)
            .map(|g| b.government(GovernmentSpec::new(&format!("G{g}"))).unwrap())
            .collect();
        let prisoners: Vec<PrisonerId> = holders
            .iter()
            .enumerate()
            .map(|(i, &h)| {
                b.prisoner(PrisonerSpec::new(&format!("p{i}"), govs[h], govs[h]))
                    .unwrap()
            })
            .collect();
        for (i, &p) in prisoners.iter().enumerate() {
            for (g, &gov) in govs.iter().enumerate() {
                let v = values[i * 4 + g];
                if v != 0 {
                    b.value_prisoner(gov, p, f64::from(v)).unwrap();
                }
            }
        }
        for &(by, of, w) in allies {
            // Repeats and self-alliances are refused: skip them.
            let _ = b.alliance(govs[by], govs[of], f64::from(w) / 4.0);
        }
        for &(by, p) in musts {
            let _ = b.demand(Demand::MustHave {
                by: govs[by],
                prisoners: vec![prisoners[p]],
            });
        }
        for &p in red {
            let _ = b.demand(Demand::RedLine {
                by: govs[holders[p]],
                prisoners: vec![prisoners[p]],
            });
        }
        b.build().unwrap()
    }

    /// What releasing `p` is worth to `g`, summed from the world's lists:
    /// its own value plus each alliance weight times the ally's value.
    fn worth(world: &World, g: GovernmentId, p: PrisonerId) -> f64 {
        let value = |x: GovernmentId| world.valuations().prisoner(x, p);
        value(g)
            + world
                .alliances()
                .as_slice()
                .iter()
                .filter(|a| a.by == g)
                .map(|a| a.weight * value(a.of))
                .sum::<f64>()
    }

    proptest! {
        /// Both rankings (the simulator's from worths it read in advance,
        /// the explorer's from the world) keep the prisoners the receiver
        /// values and no red line holds (as the builder accepted the
        /// demands: it refuses a red line on a must-have), must-haves
        /// first, then by key, then by id; worths are exact here (quarters
        /// of small integers), so the sum's order cannot matter.
        #[test]
        fn rankings_keep_what_the_receiver_values_in_batch_order(
            holders in prop::collection::vec(0usize..4, 8),
            values in prop::collection::vec(-2i8..4, 32),
            allies in prop::collection::vec((0usize..4, 0usize..4, -4i8..5), 0..4),
            musts in prop::collection::vec((0usize..4, 0usize..8), 0..3),
            red in prop::collection::vec(0usize..8, 0..2),
        ) {
            let world = world(&holders, &values, &allies, &musts, &red);
            let mut ranked = Vec::new();
            for order in [BatchOrder::ReceiverValue, BatchOrder::JointGain] {
                for giver in world.governments().iter().map(|g| g.id) {
                    for receiver in world.governments().iter().map(|g| g.id) {
                        let held: Vec<PrisonerId> = world
                            .prisoners()
                            .iter()
                            .filter(|p| p.holder() == giver)
                            .map(|p| p.id)
                            .collect();
                        let mut expected: Vec<(bool, f64, PrisonerId)> = held
                            .iter()
                            .filter(|&&p| worth(&world, receiver, p) > 0.0)
                            .filter(|&&p| world.demands().red_line(p).is_none())
                            .map(|&p| {
                                let must = world.demands().is_must_have(receiver, p);
                                let key = match order {
                                    BatchOrder::ReceiverValue => worth(&world, receiver, p),
                                    BatchOrder::JointGain => {
                                        worth(&world, receiver, p) + worth(&world, giver, p)
                                    }
                                };
                                (must, key, p)
                            })
                            .collect();
                        expected.sort_by(|a, b| {
                            b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2))
                        });
                        let expected: Vec<(f64, PrisonerId)> =
                            expected.into_iter().map(|(_, k, p)| (k, p)).collect();
                        rank_prisoners(&world, order, [giver, receiver], held.iter().copied(), &mut ranked);
                        prop_assert_eq!(&ranked, &expected);
                        let worths = held.iter().map(|&p| Held::of(&world, p, [giver, receiver]));
                        let mut from_worths = Vec::new();
                        rank_held(&world, order, receiver, worths, &mut from_worths);
                        let from_worths: Vec<(f64, PrisonerId)> =
                            from_worths.iter().map(|&(k, h)| (k, h.prisoner)).collect();
                        prop_assert_eq!(&from_worths, &expected);
                    }
                }
            }
        }
    }
}
