//! A negotiating pair's deal space, built once per simulation, and its
//! utility tables, refreshed in place before each round of talks.
//!
//! The space is the domain [`DealSpace`] built over every prisoner the
//! holder may ever hold: `release` (0 or one of the batch sizes: the
//! holder's most valued prisoners still in custody), one `relief:` issue
//! per sanction the demander imposes on the holder with relief on offer,
//! and `recognition` (steps above the current level). Its shape is fixed
//! for the whole simulation; values that are impossible at the current
//! state (a batch larger than the prisoners left, relief already in force,
//! nothing left to unfreeze, recognition beyond an embassy) get a
//! prohibitive utility for both sides, so no strategy proposes or accepts
//! them. Each table entry is the payoff change of that issue value alone,
//! computed directly from the world's valuations (the numbers
//! [`payoff::delta`](crate::payoff::delta) gives), so a round of talks
//! costs no state copies and no allocation.

use super::simulation::PairStaging;
use crate::deal::{ConcessionKind, Deal, Staging, recognition_value};
use crate::model::{GovernmentId, PrisonerStatus, RecognitionLevel, State, World};
use crate::negotiate::deal_space::IssueKind;
use crate::negotiate::{DealSpace, LinearAdditive, Outcome, OutcomeSpace};
use crate::scenario::NegotiationSettings;

/// Utility of an impossible issue value: far below any reservation value a
/// scenario may hold (magnitudes are capped at 1e15), still finite.
pub(crate) const IMPOSSIBLE: f64 = -1e18;

/// What a relief issue's values are worth, per unit of relief level (or of
/// funds, for an unfreezing).
#[derive(Clone, Debug)]
pub(crate) struct ReliefValues {
    /// The sanction's index.
    pub sanction: usize,
    /// Per issue value (0 = no relief): how it changes the sanction.
    pub effects: Vec<Effect>,
    /// Per issue value: the relief level the form brings.
    pub fraction: Vec<f64>,
    pub v_d: f64,
    pub v_h: f64,
    /// The holder's value of a unit of funds, and the funds frozen (for
    /// unfreezing).
    pub funds_h: f64,
    pub frozen: f64,
}

/// How a relief issue value changes its sanction, kept apart from the
/// concession so the per-round refresh reads a small dense array.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Effect {
    /// No relief.
    None,
    /// Raises the relief level to the form's fraction.
    Level,
    /// Adds this fraction of the form's level.
    Ease(f64),
    /// Releases the funds still frozen.
    Unfreeze,
}

/// A demander, a holder and what they can trade.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub demander: GovernmentId,
    pub holder: GovernmentId,
    pub staging: PairStaging,
    pub deals: DealSpace,
    /// Per ranked prisoner of `deals`: values to each side, whether a
    /// release takes effect (exile accepted), and where they are held.
    pub val_d: Vec<f64>,
    pub val_h: Vec<f64>,
    pub takes_effect: Vec<bool>,
    pub custodian: Vec<GovernmentId>,
    /// Issue 0 values: 0 then the batch sizes, increasing.
    pub batches: Vec<u32>,
    /// Per relief issue of `deals`, in order.
    pub relief: Vec<ReliefValues>,
    pub rec_d: f64,
    pub rec_h: f64,
    pub ac_d: f64,
    pub ac_h: f64,
    pub res_d: f64,
    pub res_h: f64,
}

/// Per run, per pair: where the walk over `ranked` starts, and the batch
/// found by the last refresh.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairScratch {
    pub cursor: usize,
    pub members: Vec<u32>,
    pub trust: f64,
}

impl Pair {
    /// The pair, or `None` when there is nothing to trade: the demander
    /// values no prisoner the holder trades, or has nothing the holder values.
    /// `ever_held` must include every prisoner the holder may ever hold that
    /// the demander values, and `imposed` every sanction the demander
    /// imposes on the holder, in id order (the caller indexes both once for
    /// all pairs).
    // The two indexes are what keeps the set-up linear in pairs; bundling
    // them into a struct would only rename the arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        world: &World,
        initial: &State,
        demander: GovernmentId,
        holder: GovernmentId,
        settings: &NegotiationSettings,
        staging: PairStaging,
        ever_held: impl Iterator<Item = crate::model::PrisonerId>,
        imposed: impl Iterator<Item = crate::model::SanctionId>,
    ) -> Option<Pair> {
        let values = world.valuations();
        let deals = DealSpace::over(
            world,
            initial,
            demander,
            holder,
            &settings.menu,
            ever_held,
            imposed,
        )
        .ok()?;
        let ranked = deals.ranked();
        if ranked.is_empty() {
            return None;
        }
        let pr = |p: crate::model::PrisonerId| &world.prisoners()[p.index()];
        let val_d = ranked
            .iter()
            .map(|&p| values.prisoner(demander, p))
            .collect();
        let val_h = ranked.iter().map(|&p| values.prisoner(holder, p)).collect();
        let takes_effect = ranked
            .iter()
            .map(|&p| pr(p).accepts_exile || !pr(p).is_exile_to(pr(p).default_destination()))
            .collect();
        let custodian = ranked.iter().map(|&p| pr(p).custodian).collect();
        let mut batches = Vec::new();
        let mut relief = Vec::new();
        for issue in deals.issues() {
            match &issue.kind {
                IssueKind::Release { batches: b } => batches.clone_from(b),
                IssueKind::Relief { sanction, offers } => {
                    let s = world.sanction(*sanction)?;
                    let fraction = offers
                        .iter()
                        .map(|c| {
                            c.and_then(|c| c.relief_kind())
                                .and_then(|k| s.relief_option(k))
                                .map_or(0.0, |o| o.value_fraction)
                        })
                        .collect();
                    relief.push(ReliefValues {
                        sanction: s.id.index(),
                        effects: offers
                            .iter()
                            .map(|c| match c {
                                None => Effect::None,
                                Some(ConcessionKind::Ease { fraction, .. }) => {
                                    Effect::Ease(*fraction)
                                }
                                Some(ConcessionKind::Unfreeze { .. }) => Effect::Unfreeze,
                                Some(_) => Effect::Level,
                            })
                            .collect(),
                        fraction,
                        v_d: values.sanction(demander, s.id),
                        v_h: values.sanction(holder, s.id),
                        funds_h: values.funds.get(holder.index()).copied().unwrap_or(0.0),
                        frozen: s.frozen_funds,
                    });
                }
                IssueKind::Recognition => {}
            }
        }
        let rec_d = recognition_value(world, demander, holder, demander);
        let rec_h = recognition_value(world, demander, holder, holder);
        let rec_steps = deals
            .space()
            .issues()
            .last()
            .map_or(0, |i| i.cardinality() - 1);
        let gives = relief.iter().any(|r| r.v_h > 0.0 || r.funds_h > 0.0) || rec_steps > 0;
        if !gives {
            return None;
        }
        let (gd, gh) = (
            &world.governments()[demander.index()],
            &world.governments()[holder.index()],
        );
        Some(Pair {
            demander,
            holder,
            staging,
            deals,
            val_d,
            val_h,
            takes_effect,
            custodian,
            batches,
            relief,
            rec_d,
            rec_h,
            ac_d: gd.audience_cost,
            ac_h: gh.audience_cost,
            res_d: gd.reservation,
            res_h: gh.reservation,
        })
    }

    /// The pair's outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        self.deals.space()
    }

    /// Fresh utility tables of the right shape (values refreshed by [`Pair::refresh`]).
    pub fn tables(&self) -> [LinearAdditive; 2] {
        let shape: Vec<Vec<f64>> = self
            .space()
            .issues()
            .iter()
            .map(|i| vec![0.0; i.cardinality()])
            .collect();
        let make = |res: f64| {
            LinearAdditive::new(vec![1.0; shape.len()], shape.clone())
                .and_then(|u| u.with_reserved(res))
                .expect("finite zero tables")
        };
        [make(self.res_d), make(self.res_h)]
    }

    /// What value `v` of relief issue `i` is worth at `state`, unscaled, to
    /// the demander and the holder (`None`: impossible, it would not raise
    /// the level or nothing is left to unfreeze).
    #[inline]
    fn relief_gain(&self, state: &State, i: usize, v: usize) -> Option<[f64; 2]> {
        let issue = &self.relief[i];
        let now = &state.relief[issue.sanction];
        let (level, f) = (now.level, issue.fraction[v]);
        let dl = match issue.effects[v] {
            Effect::None => return Some([0.0, 0.0]),
            Effect::Unfreeze => {
                let left = issue.frozen - now.unfrozen;
                return (left > 0.0).then_some([0.0, left * issue.funds_h]);
            }
            Effect::Ease(fraction) => {
                (level < 1.0).then(|| ((level + fraction * f).min(1.0) - level).max(0.0))
            }
            Effect::Level => (f > level).then_some(f - level),
        }?;
        Some([dl * issue.v_d, dl * issue.v_h])
    }

    /// Recognition level now.
    fn recognition_now(&self, state: &State) -> u8 {
        state.recognition(self.demander, self.holder).value()
    }

    /// Refreshes the batch and both utility tables at `state`. `scale` is
    /// each side's valuation factor (changes of government), `risk` the
    /// probability that the second mover of a sequential deal defects.
    /// Returns whether there is anything to trade now.
    #[allow(clippy::too_many_arguments)]
    pub fn refresh(
        &self,
        state: &State,
        scratch: &mut PairScratch,
        scale: [f64; 2],
        risk: f64,
        tables: &mut [LinearAdditive; 2],
    ) -> bool {
        // Advance past prisoners gone for good (released or dead: nobody is
        // re-arrested after release), then collect the largest batch.
        let ranked = self.deals.ranked();
        while scratch.cursor < ranked.len() {
            let s = state.status[ranked[scratch.cursor].index()];
            if matches!(s, PrisonerStatus::Released | PrisonerStatus::Deceased) {
                scratch.cursor += 1;
            } else {
                break;
            }
        }
        let max_batch = *self.batches.last().unwrap_or(&0) as usize;
        scratch.members.clear();
        let mut i = scratch.cursor;
        while i < ranked.len() && scratch.members.len() < max_batch {
            let p = ranked[i].index();
            if state.status[p] == PrisonerStatus::Held && state.location[p] == self.custodian[i] {
                scratch.members.push(i as u32);
            }
            i += 1;
        }
        if scratch.members.is_empty() {
            return false;
        }
        let q_d = if self.staging == PairStaging::DemanderFirst {
            1.0 - risk
        } else {
            1.0
        };
        let q_h = if self.staging == PairStaging::HolderFirst {
            1.0 - risk
        } else {
            1.0
        };
        let [sd, sh] = scale;
        let mut anything = false;
        let [td, th] = tables;
        let members = &scratch.members;
        let update = |t: &mut LinearAdditive, side: usize| {
            t.update_tables(|_, values| {
                // Release batches: cumulative sums over the batch members.
                let row = &mut values[0];
                let (mut sum, mut b) = (0.0, 1usize);
                row[0] = 0.0;
                for (n, &r) in members.iter().enumerate() {
                    let r = r as usize;
                    if self.takes_effect[r] {
                        sum += if side == 0 {
                            self.val_d[r] * sd * q_d
                        } else {
                            self.val_h[r] * sh
                        };
                    }
                    let k = n + 1;
                    while b < self.batches.len() && self.batches[b] as usize == k {
                        row[b] = if side == 0 {
                            sum
                        } else {
                            sum - k as f64 * self.ac_h
                        };
                        b += 1;
                    }
                }
                for x in &mut row[b..] {
                    *x = IMPOSSIBLE;
                }
                for i in 0..self.relief.len() {
                    let row = &mut values[1 + i];
                    for (v, x) in row.iter_mut().enumerate() {
                        *x = match self.relief_gain(state, i, v) {
                            None => IMPOSSIBLE,
                            Some(_) if v == 0 => 0.0,
                            Some([g, _]) if side == 0 => g * sd - self.ac_d,
                            Some([_, g]) => g * sh * q_h,
                        };
                    }
                }
                let now = self.recognition_now(state);
                let row = values.last_mut().expect("recognition issue");
                for (j, x) in row.iter_mut().enumerate() {
                    *x = if j == 0 {
                        0.0
                    } else if now as usize + j > RecognitionLevel::Embassy.value() as usize {
                        IMPOSSIBLE
                    } else if side == 0 {
                        j as f64 * self.rec_d * sd - self.ac_d
                    } else {
                        j as f64 * self.rec_h * sh * q_h
                    };
                }
            })
            .expect("finite tables");
        };
        update(td, 0);
        update(th, 1);
        // Something to trade: the holder gains from some concession on offer.
        for row in &th.values()[1..] {
            if row.iter().any(|&x| x > 0.0) {
                anything = true;
            }
        }
        anything
    }

    /// Writes the deal outcome `o` stands for at `state` into `deal`
    /// (after [`Pair::refresh`] at the same state). Returns the holder's
    /// gain from the demander's concessions (unscaled, for the price per
    /// prisoner).
    pub fn deal(
        &self,
        world: &World,
        state: &State,
        scratch: &PairScratch,
        o: Outcome,
        deal: &mut Deal,
    ) -> f64 {
        self.deals
            .write_deal(world, state, &scratch.members, o, deal);
        deal.staging = match self.staging {
            PairStaging::Simultaneous => Staging::Simultaneous,
            PairStaging::Venue(v) => Staging::AtVenue { venue: v },
            PairStaging::HolderFirst => Staging::Sequential { first: self.holder },
            PairStaging::DemanderFirst => Staging::Sequential {
                first: self.demander,
            },
        };
        let space = self.space();
        let mut gain = 0.0;
        for i in 0..self.relief.len() {
            let v = space.value_of(o, 1 + i);
            if v > 0 {
                gain += self.relief_gain(state, i, v).map_or(0.0, |g| g[1]);
            }
        }
        let j = space.value_of(o, space.n_issues() - 1);
        if j > 0 {
            gain += j as f64 * self.rec_h;
        }
        gain
    }

    /// What outcome `o` trades, for reports: `"USA gives BLR licence
    /// us_potash + recognition +1 for 10 released"`.
    pub fn describe(&self, world: &World, o: Outcome) -> String {
        let space = self.space();
        let mut parts = Vec::new();
        for (k, issue) in self.deals.issues().iter().enumerate() {
            let v = space.value_of(o, k);
            match &issue.kind {
                IssueKind::Relief { sanction, offers } => {
                    if let Some(kind) = offers[v].and_then(|c| c.relief_kind()) {
                        let key = world.sanction(*sanction).map_or("?", |s| s.key.as_str());
                        parts.push(format!("{} {key}", format!("{kind:?}").to_lowercase()));
                    }
                }
                IssueKind::Recognition if v > 0 => parts.push(format!("recognition +{v}")),
                _ => {}
            }
        }
        let k = self.batches[space.value_of(o, 0)];
        let gives = if parts.is_empty() {
            "nothing".to_string()
        } else {
            parts.join(" + ")
        };
        format!(
            "{} gives {} {gives} for {k} released",
            world.code(self.demander),
            world.code(self.holder)
        )
    }

    /// Every deal the pair's talks can agree on at `state`: one per outcome
    /// whose values are all possible there (the others carry
    /// [`IMPOSSIBLE`] utilities, so no strategy proposes them).
    pub fn possible_deals(&self, world: &World, state: &State) -> Vec<Deal> {
        let mut tables = self.tables();
        let mut scratch = PairScratch::default();
        if !self.refresh(state, &mut scratch, [1.0, 1.0], 0.0, &mut tables) {
            return Vec::new();
        }
        let space = self.space();
        let mut values = vec![0; space.n_issues()];
        let mut out = Vec::new();
        for o in space.outcomes() {
            space.decode(o, &mut values);
            let possible = values
                .iter()
                .zip(tables[1].values())
                .all(|(&v, row)| row[v] != IMPOSSIBLE);
            if possible {
                let mut deal = Deal::new();
                self.deal(world, state, &scratch, o, &mut deal);
                out.push(deal);
            }
        }
        out
    }
}
