//! A negotiating pair's deal space, built once per simulation, and its
//! utility tables, refreshed in place before each round of talks.
//!
//! The space is the domain [`DealSpace`] built over every prisoner either
//! side may ever hold: `release` (0 or one of the batch sizes: the
//! holder's most valued prisoners still in custody), `swap` when the
//! demander holds prisoners the holder values (its batch of them), one
//! `relief:` issue per sanction the demander imposes on the holder with
//! relief on offer, one `favour:` issue per favour the demander can give
//! the holder, and `recognition` (steps above the current level).
//! Its shape is fixed
//! for the whole simulation; values that are impossible at the current
//! state (a batch larger than the prisoners left, relief already in force,
//! nothing left to unfreeze, recognition beyond an embassy) get a
//! prohibitive utility for both sides, so no strategy proposes or accepts
//! them. Each table entry is the payoff change of that issue value alone,
//! computed directly from the world's valuations (the numbers
//! [`payoff::delta`](crate::payoff::delta) gives, alliance shares included:
//! each side's value of a release, a relief level, recognition or funds is
//! its own plus its weighted shares of its partners' values, fixed when the
//! pair is built), so a round of talks costs no state copies and no
//! allocation.

use super::simulation::PairStaging;
use crate::deal::{ConcessionKind, Deal, Held, Staging};
use crate::model::{FavourId, SanctionId};
use crate::model::{
    GovernmentId, PrisonerId, PrisonerStatus, RecognitionLevel, ReliefKind, State, World,
};
use crate::negotiate::deal_space::{Gives, IssueKind, Side, SpaceScratch, recognition_worth};
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
    /// Per issue value (0 = no relief): how it changes the sanction. One
    /// exactly sized slice of small records rather than a vector per field:
    /// a simulation holds one per relief issue of every pair, and the
    /// set-up's cost is mostly that memory ([`Pair::build`]).
    pub options: Box<[ReliefOption]>,
    pub v_d: f64,
    pub v_h: f64,
    /// Each side's value of a unit of funds the holder receives (the
    /// demander's through its alliance weight on the holder), and the funds
    /// frozen (for unfreezing).
    pub funds_d: f64,
    pub funds_h: f64,
    pub frozen: f64,
}

/// One value of a relief issue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ReliefOption {
    /// How it changes the sanction.
    pub effect: Effect,
    /// The relief level the form brings.
    pub fraction: f64,
    /// Whether it delists (kept off a ladder's lower rungs).
    pub delist: bool,
}

/// A favour issue: what giving the favour is worth to each side (value,
/// cost and alliance shares; audience costs apart).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FavourValues {
    pub favour: crate::model::FavourId,
    pub u_d: f64,
    pub u_h: f64,
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

/// One side's batch issue: per prisoner of its ranking, the values to each
/// side, whether a release takes effect (exile accepted) and where they
/// are held, kept dense for the per-round refresh.
#[derive(Clone, Debug, Default)]
pub(crate) struct BatchValues {
    /// Per prisoner of the ranking, in order. One exactly sized slice of
    /// records, not a vector per field: the set-up builds one per pair.
    pub ranked: Box<[BatchMember]>,
    /// The issue's values: 0 then the batch sizes, increasing.
    pub sizes: Box<[u32]>,
}

/// One prisoner of a batch issue's ranking.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BatchMember {
    /// Value of the prisoner's release to the demander and to the holder.
    pub val_d: f64,
    pub val_h: f64,
    /// Where the world places the prisoner (a batch takes it only there).
    pub custodian: GovernmentId,
    /// Whether the release takes effect (not an exile the prisoner refuses).
    pub takes_effect: bool,
}

/// Which side's value of a release [`BatchValues::fill`] and
/// [`BatchValues::gain`] read.
type SideValue = fn(&BatchMember) -> f64;

/// The demander's value of a release.
fn demander_value(m: &BatchMember) -> f64 {
    m.val_d
}

/// The holder's value of a release.
fn holder_value(m: &BatchMember) -> f64 {
    m.val_h
}

impl BatchValues {
    /// The batch issue over `ranked` (in ranking order, with their worths
    /// to the receiver and to the giver), released by `giver`.
    fn new(placed: &[Placed], ranked: &[(f64, Held)], giver: Side, sizes: &[u32]) -> Self {
        BatchValues {
            ranked: ranked
                .iter()
                .map(|&(_, h)| {
                    let (val_d, val_h) = match giver {
                        Side::Holder => (h.to_receiver, h.to_giver),
                        Side::Demander => (h.to_giver, h.to_receiver),
                    };
                    let at = placed[h.prisoner.index()];
                    BatchMember {
                        val_d,
                        val_h,
                        custodian: at.custodian,
                        takes_effect: at.takes_effect,
                    }
                })
                .collect(),
            sizes: sizes.into(),
        }
    }

    /// Fills `row` (one entry per batch size) with what each batch of
    /// `members` is worth to one side: the sum of `value` of the members
    /// whose release takes effect, each times both `factors` (a valuation
    /// scale and a risk, applied in that order), less `cost` per prisoner;
    /// batches larger than `members` are [`IMPOSSIBLE`].
    fn fill(
        &self,
        row: &mut [f64],
        members: &[u32],
        value: SideValue,
        [scale, risk]: [f64; 2],
        cost: f64,
    ) {
        let (mut sum, mut b) = (0.0, 1usize);
        row[0] = 0.0;
        for (n, &r) in members.iter().enumerate() {
            let m = &self.ranked[r as usize];
            if m.takes_effect {
                sum += value(m) * scale * risk;
            }
            let k = n + 1;
            while b < self.sizes.len() && self.sizes[b] as usize == k {
                row[b] = sum - k as f64 * cost;
                b += 1;
            }
        }
        for x in &mut row[b..] {
            *x = IMPOSSIBLE;
        }
    }

    /// What the first `k` of `members` are worth to the side valuing them
    /// at `value` (unscaled).
    fn gain(&self, members: &[u32], k: usize, value: SideValue) -> f64 {
        members
            .iter()
            .take(k)
            .map(|&r| &self.ranked[r as usize])
            .filter(|m| m.takes_effect)
            .map(value)
            .sum()
    }
}

/// Per run, per pair and per batch issue: where the walk over its ranking
/// starts (prisoners before it are gone for good), and the batch members
/// found by the last refresh.
#[derive(Clone, Debug, Default)]
pub(crate) struct BatchCursor {
    pub cursor: usize,
    pub members: Vec<u32>,
}

impl BatchCursor {
    /// Advances past prisoners gone for good (released or dead: nobody is
    /// re-arrested after release), then collects up to `max` prisoners of
    /// `ranked` held where the world places them (`batch`'s custodians,
    /// one per prisoner of `ranked`).
    pub(crate) fn collect(
        &mut self,
        state: &State,
        ranked: &[PrisonerId],
        batch: &BatchValues,
        max: usize,
    ) {
        while self.cursor < ranked.len() {
            let s = state.status[ranked[self.cursor].index()];
            if matches!(s, PrisonerStatus::Released | PrisonerStatus::Deceased) {
                self.cursor += 1;
            } else {
                break;
            }
        }
        self.members.clear();
        let mut i = self.cursor;
        while i < ranked.len() && self.members.len() < max {
            let p = ranked[i].index();
            if state.status[p] == PrisonerStatus::Held
                && state.location[p] == batch.ranked[i].custodian
            {
                self.members.push(i as u32);
            }
            i += 1;
        }
    }
}

/// Why no pair formed for an ordered (demander, holder) where the demander
/// values a prisoner the holder may hold: see [`Simulation::unformed_pairs`](super::Simulation::unformed_pairs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnformedReason {
    /// No batch size of the menu is small enough for the prisoners the
    /// demander values there (`available` of them).
    NoBatchFits {
        /// How many prisoners of the holder the demander values.
        available: usize,
    },
    /// The holder values nothing the demander can give: no relief it
    /// gains from, no recognition, no favour, none of the demander's
    /// prisoners.
    HolderValuesNothing,
}

impl std::fmt::Display for UnformedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnformedReason::NoBatchFits { available } => write!(
                f,
                "no batch size on the menu fits the {available} prisoner(s) the demander values"
            ),
            UnformedReason::HolderValuesNothing => {
                f.write_str("the holder values nothing the demander can give")
            }
        }
    }
}

/// A demander, a holder and what they can trade.
#[derive(Clone, Debug)]
pub(crate) struct Pair {
    pub demander: GovernmentId,
    pub holder: GovernmentId,
    pub staging: PairStaging,
    pub deals: DealSpace,
    /// The holder's batch (`release`, issue 0) over `deals.ranked()`.
    pub release: BatchValues,
    /// The demander's own batch (`swap`) over `deals.swap_ranked()`, and
    /// its issue index (`None`: no swap on offer).
    pub swap: BatchValues,
    pub swap_at: Option<usize>,
    /// Index of the first relief issue.
    pub relief_at: usize,
    /// Per relief issue of `deals`, in order.
    pub relief: Box<[ReliefValues]>,
    /// Index of the first favour issue (they follow the relief issues).
    pub favour_at: usize,
    /// Per favour issue of `deals`, in order.
    pub favours: Box<[FavourValues]>,
    pub rec_d: f64,
    pub rec_h: f64,
    pub ac_d: f64,
    pub ac_h: f64,
    pub res_d: f64,
    pub res_h: f64,
    /// Standing from which delisting is on the table (0 without a ladder).
    pub delist_from: f64,
}

/// Per run, per pair: the holder's and the demander's batch cursors, the
/// trust built up between them, their standing on the ladder and where
/// their current episode of talks began.
#[derive(Clone, Debug)]
pub(crate) struct PairScratch {
    pub release: BatchCursor,
    pub swap: BatchCursor,
    pub trust: f64,
    /// Deals honoured plus gesture credit ([`crate::scenario::Ladder`]).
    pub standing: f64,
    /// The most one concession may be worth to the holder now (infinite
    /// without a ladder).
    pub cap: f64,
    /// Round the pair's current episode began ([`crate::scenario::Episodes`]).
    pub episode_start: u32,
    /// One side's utility rows per catalogue issue, for a one-concession
    /// space whose table rows are projections of them.
    pub rows: Vec<Vec<f64>>,
}

impl Default for PairScratch {
    fn default() -> Self {
        PairScratch {
            release: BatchCursor::default(),
            swap: BatchCursor::default(),
            trust: 0.0,
            standing: 0.0,
            cap: f64::INFINITY,
            episode_start: 0,
            rows: Vec::new(),
        }
    }
}

/// Where the world places a prisoner, and whether its release takes effect
/// (not an exile it refuses).
#[derive(Clone, Copy, Debug)]
struct Placed {
    custodian: GovernmentId,
    takes_effect: bool,
}

/// What [`Pair::build`] reads of every government and prisoner, gathered
/// once in id order, and the buffers it reuses from pair to pair. The set-up
/// visits holders in no particular order; at 10,000 governments each
/// holder's and prisoner's record read there was a cache miss per pair,
/// where these arrays hold a few bytes per government or prisoner
/// (BENCHMARKS.md, set-up).
#[derive(Debug)]
pub(crate) struct PairSetup {
    /// Per government: its audience cost and reservation value.
    costs: Box<[[f64; 2]]>,
    /// Per prisoner.
    placed: Box<[Placed]>,
    space: SpaceScratch,
}

impl PairSetup {
    pub fn new(world: &World) -> Self {
        PairSetup {
            costs: world
                .governments()
                .iter()
                .map(|g| [g.audience_cost, g.reservation])
                .collect(),
            placed: world
                .prisoners()
                .iter()
                .map(|p| Placed {
                    custodian: p.custodian,
                    takes_effect: p.accepts_exile || !p.is_exile_to(p.default_destination()),
                })
                .collect(),
            space: SpaceScratch::default(),
        }
    }
}

/// Why [`Pair::build`] formed no pair: `None` when the demander values no
/// prisoner the holder may hold (nothing to ask for: not worth reporting).
type Unformed = Option<UnformedReason>;

impl Pair {
    /// The pair, or why there is none: the demander values no prisoner the
    /// holder trades, no batch fits, or it has nothing the holder values.
    /// `ever_held` must include every prisoner the holder may ever hold that
    /// the demander values, `own` every prisoner the demander may ever hold
    /// that the holder values (what it can give in a swap), each with its
    /// worth to the side receiving it and the side giving it up, and
    /// `gives` what the demander can give besides prisoners (the caller
    /// indexes all of these once for all pairs).
    // The indexes are what keeps the set-up linear in pairs; bundling them
    // into a struct would only rename the arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        world: &World,
        initial: &State,
        [demander, holder]: [GovernmentId; 2],
        settings: &NegotiationSettings,
        staging: PairStaging,
        ever_held: impl Iterator<Item = Held>,
        own: impl Iterator<Item = Held>,
        gives: Gives<'_, impl Iterator<Item = SanctionId>, impl Iterator<Item = FavourId>>,
        setup: &mut PairSetup,
    ) -> Result<Pair, Unformed> {
        let recognition = gives.recognition;
        let values = world.valuations();
        let deals = DealSpace::over(
            world,
            initial,
            [demander, holder],
            &settings.menu,
            ever_held,
            own,
            gives,
            settings.ladder.is_some(),
            &mut setup.space,
        )
        .map_err(|_| None)?;
        let ranked = deals.ranked();
        if ranked.is_empty() {
            return Err(None);
        }
        let mut release = BatchValues::default();
        let mut swap = BatchValues::default();
        let mut swap_at = None;
        let mut relief_at = 1;
        // Sized exactly: grown by `push`, these would hold room for four
        // entries where pairs mostly have one, for every pair.
        let count =
            |kind: fn(&IssueKind) -> bool| deals.issues().iter().filter(|i| kind(&i.kind)).count();
        let mut relief = Vec::with_capacity(count(|k| matches!(k, IssueKind::Relief { .. })));
        let mut favour_at = None;
        let mut favours = Vec::with_capacity(count(|k| matches!(k, IssueKind::Favour { .. })));
        let alliances = world.alliances();
        for (k, issue) in deals.issues().iter().enumerate() {
            match &issue.kind {
                IssueKind::Release { batches } => {
                    if batches.len() < 2 {
                        let available = ranked.len();
                        return Err(Some(UnformedReason::NoBatchFits { available }));
                    }
                    let [worths, _] = setup.space.ranked_worths();
                    release = BatchValues::new(&setup.placed, worths, Side::Holder, batches);
                }
                IssueKind::Swap { batches } => {
                    let [_, worths] = setup.space.ranked_worths();
                    swap = BatchValues::new(&setup.placed, worths, Side::Demander, batches);
                    swap_at = Some(k);
                    relief_at = k + 1;
                }
                IssueKind::Relief { sanction, offers } => {
                    let s = world.sanction(*sanction).ok_or(None)?;
                    let funds = values.funds.get(holder.index()).copied().unwrap_or(0.0);
                    let options = offers
                        .iter()
                        .map(|c| ReliefOption {
                            effect: match c {
                                None => Effect::None,
                                Some(ConcessionKind::Ease { fraction, .. }) => {
                                    Effect::Ease(*fraction)
                                }
                                Some(ConcessionKind::Unfreeze { .. }) => Effect::Unfreeze,
                                Some(_) => Effect::Level,
                            },
                            fraction: c
                                .and_then(|c| c.relief_kind())
                                .and_then(|k| s.relief_option(k))
                                .map_or(0.0, |o| o.value_fraction),
                            delist: c.and_then(|c| c.relief_kind()) == Some(ReliefKind::Delist),
                        })
                        .collect();
                    relief.push(ReliefValues {
                        sanction: s.id.index(),
                        options,
                        v_d: alliances.total(demander, |g| values.sanction(g, s.id)),
                        v_h: alliances.total(holder, |g| values.sanction(g, s.id)),
                        funds_d: alliances.weight(demander, holder) * funds,
                        funds_h: funds,
                        frozen: s.frozen_funds,
                    });
                }
                IssueKind::Favour { favour } => {
                    let f = world.favour(*favour).ok_or(None)?;
                    let material = |g: GovernmentId| {
                        (if g == f.to { f.value } else { 0.0 })
                            - (if g == f.from { f.cost } else { 0.0 })
                    };
                    favour_at.get_or_insert(k);
                    favours.push(FavourValues {
                        favour: f.id,
                        u_d: alliances.total(demander, material),
                        u_h: alliances.total(holder, material),
                    });
                }
                IssueKind::Recognition => {}
            }
        }
        let rec = |by| alliances.total(by, |g| recognition_worth(recognition, g));
        let (rec_d, rec_h) = (rec(demander), rec(holder));
        let rec_steps = deals.widths().last().map_or(0, |w| w - 1);
        let gives = relief.iter().any(|r| r.v_h > 0.0 || r.funds_h > 0.0)
            || rec_steps > 0
            || swap_at.is_some()
            || favours.iter().any(|f| f.u_h > 0.0);
        if !gives {
            return Err(Some(UnformedReason::HolderValuesNothing));
        }
        let ([ac_d, res_d], [ac_h, res_h]) =
            (setup.costs[demander.index()], setup.costs[holder.index()]);
        Ok(Pair {
            demander,
            holder,
            staging,
            deals,
            release,
            swap,
            swap_at,
            relief_at,
            favour_at: favour_at.unwrap_or(relief_at + relief.len()),
            relief: relief.into_boxed_slice(),
            favours: favours.into_boxed_slice(),
            rec_d,
            rec_h,
            ac_d,
            ac_h,
            res_d,
            res_h,
            delist_from: settings.ladder.as_ref().map_or(0.0, |l| l.delist_from),
        })
    }

    /// The pair's outcome space, labelled from `world` (the simulation's)
    /// the first time it is asked for.
    pub fn space(&self, world: &World) -> &OutcomeSpace {
        self.deals.space_in(world)
    }

    /// Fresh utility tables of the right shape (values refreshed by [`Pair::refresh`]).
    pub fn tables(&self) -> [LinearAdditive; 2] {
        let shape: Vec<Vec<f64>> = (0..self.deals.n_space_issues())
            .map(|k| vec![0.0; self.deals.space_width(k)])
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
        let option = &issue.options[v];
        let (level, f) = (now.level, option.fraction);
        let dl = match option.effect {
            Effect::None => return Some([0.0, 0.0]),
            Effect::Unfreeze => {
                let left = issue.frozen - now.unfrozen;
                return (left > 0.0).then_some([left * issue.funds_d, left * issue.funds_h]);
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
        let max_batch = |b: &BatchValues| *b.sizes.last().unwrap_or(&0) as usize;
        let release = &self.release;
        scratch
            .release
            .collect(state, self.deals.ranked(), release, max_batch(release));
        if scratch.release.members.is_empty() {
            return false;
        }
        if self.swap_at.is_some() {
            let swap = &self.swap;
            scratch
                .swap
                .collect(state, self.deals.swap_ranked(), swap, max_batch(swap));
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
        // Concessions above the ladder's cap are off the table for both sides.
        let cap = scratch.cap;
        let no_delisting = scratch.standing < self.delist_from;
        let mut anything = false;
        let [td, th] = tables;
        let mut rows = std::mem::take(&mut scratch.rows);
        if rows.len() != self.deals.widths().len() {
            rows = self.deals.widths().iter().map(|&w| vec![0.0; w]).collect();
        }
        let (members, swap_members) = (&scratch.release.members, &scratch.swap.members);
        let fill = |values: &mut [Vec<f64>], side: usize| {
            // Batches: cumulative sums over the members. The giver pays
            // its audience cost per prisoner; the receiver's gain is at
            // risk when it moves second.
            let (rel, swap) = (&self.release, &self.swap);
            if side == 0 {
                rel.fill(&mut values[0], members, demander_value, [sd, q_d], 0.0);
            } else {
                rel.fill(&mut values[0], members, holder_value, [sh, 1.0], self.ac_h);
            }
            if let Some(k) = self.swap_at {
                if side == 0 {
                    swap.fill(
                        &mut values[k],
                        swap_members,
                        demander_value,
                        [sd, 1.0],
                        self.ac_d,
                    );
                } else {
                    swap.fill(&mut values[k], swap_members, holder_value, [sh, q_h], 0.0);
                }
            }
            for i in 0..self.relief.len() {
                let row = &mut values[self.relief_at + i];
                for (v, x) in row.iter_mut().enumerate() {
                    *x = match self.relief_gain(state, i, v) {
                        None => IMPOSSIBLE,
                        Some(_) if v == 0 => 0.0,
                        Some([_, g]) if g > cap => IMPOSSIBLE,
                        Some(_) if no_delisting && self.relief[i].options[v].delist => IMPOSSIBLE,
                        Some([g, _]) if side == 0 => g * sd - self.ac_d,
                        Some([_, g]) => g * sh * q_h,
                    };
                }
            }
            for (i, f) in self.favours.iter().enumerate() {
                let row = &mut values[self.favour_at + i];
                row[0] = 0.0;
                row[1] = if state.favour_given(f.favour) || f.u_h > cap {
                    IMPOSSIBLE
                } else if side == 0 {
                    f.u_d * sd - self.ac_d
                } else {
                    f.u_h * sh * q_h
                };
            }
            let now = self.recognition_now(state);
            let row = values.last_mut().expect("recognition issue");
            for (j, x) in row.iter_mut().enumerate() {
                *x = if j == 0 {
                    0.0
                } else if now as usize + j > RecognitionLevel::Embassy.value() as usize
                    || j as f64 * self.rec_h > cap
                {
                    IMPOSSIBLE
                } else if side == 0 {
                    j as f64 * self.rec_d * sd - self.ac_d
                } else {
                    j as f64 * self.rec_h * sh * q_h
                };
            }
        };
        let mut update = |t: &mut LinearAdditive, side: usize| {
            t.update_tables(|_, values| match self.deals.menu() {
                None => fill(values, side),
                Some(menu) => {
                    // The batch issues come first in both layouts; the
                    // last table row is the menu's projection.
                    fill(&mut rows, side);
                    let at = values.len() - 1;
                    for (row, cat) in values[..at].iter_mut().zip(&rows) {
                        row.copy_from_slice(cat);
                    }
                    values[at][0] = 0.0;
                    for (x, &(k, v)) in values[at][1..].iter_mut().zip(menu) {
                        *x = rows[k as usize][v as usize];
                    }
                }
            })
            .expect("finite tables");
        };
        update(td, 0);
        update(th, 1);
        scratch.rows = rows;
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
        let members = [&scratch.release.members[..], &scratch.swap.members[..]];
        self.deals.write_deal(world, state, members, o, deal);
        deal.staging = match self.staging {
            PairStaging::Simultaneous => Staging::Simultaneous,
            PairStaging::Venue(v) => Staging::AtVenue { venue: v },
            PairStaging::HolderFirst => Staging::Sequential { first: self.holder },
            PairStaging::DemanderFirst => Staging::Sequential {
                first: self.demander,
            },
        };
        let mut gain = 0.0;
        if let Some(k) = self.swap_at {
            let n = self.swap.sizes[self.deals.value_of(o, k)] as usize;
            gain += self.swap.gain(&scratch.swap.members, n, holder_value);
        }
        for i in 0..self.relief.len() {
            let v = self.deals.value_of(o, self.relief_at + i);
            if v > 0 {
                gain += self.relief_gain(state, i, v).map_or(0.0, |g| g[1]);
            }
        }
        for (i, f) in self.favours.iter().enumerate() {
            if self.deals.value_of(o, self.favour_at + i) > 0 && !state.favour_given(f.favour) {
                gain += f.u_h;
            }
        }
        let j = self.deals.value_of(o, self.deals.issues().len() - 1);
        if j > 0 {
            gain += j as f64 * self.rec_h;
        }
        gain
    }

    /// What outcome `o` trades, for reports: `"USA gives BLR licence
    /// us_potash + recognition +1 for 10 released"`.
    pub fn describe(&self, world: &World, o: Outcome) -> String {
        let mut parts = Vec::new();
        for (k, issue) in self.deals.issues().iter().enumerate() {
            let v = self.deals.value_of(o, k);
            match &issue.kind {
                IssueKind::Relief { sanction, offers } => {
                    if let Some(kind) = offers[v].and_then(|c| c.relief_kind()) {
                        let key = world.sanction(*sanction).map_or("?", |s| s.key.as_str());
                        parts.push(format!("{} {key}", format!("{kind:?}").to_lowercase()));
                    }
                }
                IssueKind::Swap { batches } if v > 0 => {
                    parts.push(format!("{} of its prisoners", batches[v]));
                }
                IssueKind::Favour { favour } if v > 0 => {
                    let key = world.favour(*favour).map_or("?", |f| f.key.as_str());
                    parts.push(format!("favour {key}"));
                }
                IssueKind::Recognition if v > 0 => parts.push(format!("recognition +{v}")),
                _ => {}
            }
        }
        let k = self.release.sizes[self.deals.value_of(o, 0)];
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
        let space = self.space(world);
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
