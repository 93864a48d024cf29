//! The domain deal space: a bilateral negotiation over deals between two
//! governments of a [`World`], as an outcome space of discrete issues with
//! linear-additive utilities built from the world's payoffs.
//!
//! Issues (for a demander `D` that wants prisoners and a holder `H` that
//! wants relief, recognition, prisoners `D` holds, or any mix), each given
//! by one side:
//! - `release` (given by `H`): how many of the prisoners `H` holds and `D`
//!   values `H` releases (0 or one of the menu's batch sizes; first in the
//!   menu's [`BatchOrder`](crate::deal::BatchOrder), each to its default
//!   destination);
//! - `swap` (given by `D`, present only when `D` holds prisoners `H`
//!   values): how many of its own prisoners `D` releases to `H`, in the
//!   same batch order and sized from the same batches (a
//!   prisoner-for-prisoner swap, many-for-one included);
//! - `relief:<sanction>` (given by `D`) for every sanction `D` imposes on
//!   `H` that has relief on the menu: no relief, or one of the concessions
//!   [`DealMenu::relief_offers`] gives;
//! - `favour:<id>` (given by `D`) for every favour the scenario lets `D`
//!   give `H` that `H` values: not given, or given (once: a favour given
//!   already is trimmed from the deal);
//! - `recognition` (given by `D`): no change, or up to
//!   [`DealMenu::recognition_steps_at`] levels more.
//!
//! This one space serves the negotiation layer (built at a state with
//! [`DealSpace::build`]), the simulator (built once per pair over every
//! prisoner the holder may ever hold, its tables refreshed in place each
//! round) and, through the same [`DealMenu`], the explorer's
//! [`DealGenerator`](crate::generate::DealGenerator).
//!
//! A government's payoff change from a deal is a sum over its concessions
//! (prisoner values, relief level times value, recognition, favours,
//! audience costs, and its alliance shares of the same material changes),
//! so each party's utility is exactly linear additive over these issues:
//! the table entry of an issue value is the payoff change of that issue's
//! concessions alone, computed with [`payoff::delta`](crate::payoff::delta).
//! Whole-deal rules (reciprocity, individual rationality, authority) stay
//! the runner's business: check the agreed [`Deal`] with the rulebook.

use crate::deal::{
    Concession, ConcessionKind, Deal, DealMenu, Held, UndoLog, frozen_left, in_custody,
    keep_together, rank_held, tradable,
};
use crate::model::{
    FavourId, GovernmentId, PrisonerId, RecognitionLevel, RecognitionValue, SanctionId, State,
    World,
};
use crate::payoff;
use std::sync::OnceLock;

use super::{Issue, LinearAdditive, NegotiateError, Outcome, OutcomeSpace};

/// Which side of a pair gives an issue's concessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// The government that wants prisoners freed.
    Demander,
    /// The government that holds them.
    Holder,
}

/// What an issue of a [`DealSpace`] trades.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum IssueKind {
    /// The holder releases a batch: value `j` frees `batches[j]` prisoners
    /// (`batches[0]` is 0).
    Release { batches: Box<[u32]> },
    /// The demander releases a batch of its own prisoners to the holder
    /// (a swap): value `j` frees `batches[j]` of them (`batches[0]` is 0).
    Swap { batches: Box<[u32]> },
    /// Relief on one sanction: value `j` grants `offers[j]` (`offers[0]` is none).
    Relief {
        sanction: SanctionId,
        offers: Box<[Option<ConcessionKind>]>,
    },
    /// A favour: value 1 gives it.
    Favour { favour: FavourId },
    /// Recognition: value `j` raises the level by `j` steps.
    Recognition,
}

/// What a demander can give a holder besides prisoners, as
/// [`DealSpace::over`] takes it: the simulator indexes each kind once for
/// all pairs, where a scan of the world's lists for every pair made its
/// set-up grow with pairs times sanctions, favours and recognition values.
pub(crate) struct Gives<'a, I, J> {
    /// At least the sanctions the demander imposes on the holder, in id order.
    pub imposed: I,
    /// At least the favours the demander can do the holder, in id order.
    pub favours: J,
    /// Exactly the valuations of recognition from the demander to the
    /// holder, in the world's order.
    pub recognition: &'a [RecognitionValue],
}

/// What a level of recognition is worth to `by` under `rows` (the
/// valuations of one grant, in the world's order; its own value, without
/// alliance shares), summed in that order as
/// [`DealMenu::recognition_steps_at`] sums it.
pub(crate) fn recognition_worth(rows: &[RecognitionValue], by: GovernmentId) -> f64 {
    rows.iter()
        .filter(|r| r.by == by)
        .map(|r| r.per_level)
        .sum()
}

/// Buffers [`DealSpace::over`] reuses from one space to the next: the
/// simulator builds a space for every negotiating pair and keeps them all,
/// so each keeps only exactly sized copies, and the set-up allocates
/// nothing that it frees again.
#[derive(Debug, Default)]
pub(crate) struct SpaceScratch {
    /// The last space's ranked prisoners with their ranking keys and
    /// worths: the holder's (its release issue) and the demander's (its
    /// swap issue), in the order of [`DealSpace::ranked`] and
    /// [`DealSpace::swap_ranked`].
    release: Vec<(f64, Held)>,
    swap: Vec<(f64, Held)>,
    /// The issues found so far.
    issues: Vec<PairIssue>,
    /// One relief issue's offers.
    offers: Vec<Option<ConcessionKind>>,
}

impl SpaceScratch {
    /// The worths of the last space's ranked prisoners: the holder's, then
    /// the demander's own (for a swap), each in ranking order.
    pub(crate) fn ranked_worths(&self) -> [&[(f64, Held)]; 2] {
        [&self.release, &self.swap]
    }
}

/// One issue of a [`DealSpace`]: who gives it and what it trades. Issues
/// are a list rather than fixed positions so that new kinds (prisoner
/// swaps, funds, favours) slot in without another copy of the space.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PairIssue {
    pub giver: Side,
    pub kind: IssueKind,
}

/// A bilateral deal space between a demander and a holder.
///
/// ```
/// use detente::deal::DealMenu;
/// use detente::negotiate::{DealSpace, Sao, TimeBased, Utility};
/// use detente::model::State;
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
/// let state = State::initial(&world);
/// let (a, h) = (world.government_by_code("A").unwrap(), world.government_by_code("H").unwrap());
/// let ds = DealSpace::build(&world, &state, a, h, &DealMenu::default())?;
/// let [ua, uh] = ds.utilities(&world, &state)?;
/// let (mut sa, mut sh) = (TimeBased::linear(), TimeBased::linear());
/// let r = Sao::new(20).run(ds.space(), &[&ua, &uh], &mut [&mut sa, &mut sh])?;
/// let deal = ds.deal(&world, &state, r.agreement.unwrap());
/// assert!(!deal.is_empty());
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DealSpace {
    /// The outcome space with its labels, made on first use: the spaces of
    /// [`DealSpace::build`] are labelled when built, the simulator's when
    /// their pair first talks ([`DealSpace::space_in`]). Everything else
    /// reads the shape from `widths` and `menu`. Boxed: an empty cell is
    /// then one pointer wide, not a whole space's.
    space: OnceLock<Box<OutcomeSpace>>,
    demander: GovernmentId,
    holder: GovernmentId,
    /// Prisoners the holder trades that the demander values, in the menu's
    /// batch order; a batch takes the first ones still in custody.
    ranked: Box<[PrisonerId]>,
    /// Prisoners the demander trades that the holder values, most valued
    /// (by the holder) first: what a swap batch is drawn from.
    swap_ranked: Box<[PrisonerId]>,
    /// Every issue on offer (the catalogue). Without a menu the space has
    /// one issue per catalogue issue, in order.
    issues: Box<[PairIssue]>,
    /// One concession per deal: the space's last issue picks one
    /// `(catalogue issue, value)` of the demander's concessions (value
    /// `m` is `menu[m - 1]`, 0 is none), after the batch issues.
    menu: Option<Box<[(u16, u16)]>>,
    /// Values per catalogue issue.
    widths: Box<[usize]>,
}

impl DealSpace {
    /// Builds the deal space between `demander` and `holder` at `state`:
    /// the prisoners in the holder's custody at `state`, the demander's own
    /// prisoners the holder values (a swap), the relief and recognition on
    /// offer at `state`.
    ///
    /// # Errors
    /// [`NegotiateError::Parties`] when a government id is unknown or the two
    /// are the same.
    pub fn build(
        world: &World,
        state: &State,
        demander: GovernmentId,
        holder: GovernmentId,
        menu: &DealMenu,
    ) -> Result<Self, NegotiateError> {
        check_pair(world, demander, holder)?;
        let imposed = world
            .sanctions()
            .iter()
            .filter(|s| s.imposer == demander && s.target == holder)
            .map(|s| s.id);
        let favours = world
            .favours()
            .iter()
            .filter(|f| f.from == demander && f.to == holder)
            .map(|f| f.id);
        let recognition: Vec<RecognitionValue> = world
            .valuations()
            .recognition
            .iter()
            .filter(|r| r.from == demander && r.to == holder)
            .copied()
            .collect();
        let gives = Gives {
            imposed,
            favours,
            recognition: &recognition,
        };
        let space = Self::over(
            world,
            state,
            [demander, holder],
            menu,
            in_custody(world, state, holder).map(|p| Held::of(world, p, [holder, demander])),
            in_custody(world, state, demander).map(|p| Held::of(world, p, [demander, holder])),
            gives,
            false,
            &mut SpaceScratch::default(),
        )?;
        space.space_in(world);
        Ok(space)
    }

    /// The space between `demander` and `holder` (`parties`) over
    /// `prisoners` (those of them the demander values, each with its worth
    /// to the demander as receiver and the holder as giver) and, for a
    /// swap, `own` (the demander's prisoners the holder values, the holder
    /// receiving), with relief and
    /// recognition as on offer at `state`. The simulator builds it once
    /// over every prisoner either side may ever hold. `imposed` lists, in id
    /// order, at least the sanctions the demander imposes on the holder (the
    /// simulator indexes them once instead of scanning every sanction for
    /// every pair). With `one_concession`, a deal gives one of the
    /// demander's concessions (relief, favour or recognition), picked from
    /// one `concession` issue, for its batches: the layout of a concession
    /// ladder ([`crate::scenario::Ladder`]).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn over(
        world: &World,
        state: &State,
        [demander, holder]: [GovernmentId; 2],
        menu: &DealMenu,
        prisoners: impl Iterator<Item = Held>,
        own: impl Iterator<Item = Held>,
        gives: Gives<'_, impl Iterator<Item = SanctionId>, impl Iterator<Item = FavourId>>,
        one_concession: bool,
        scratch: &mut SpaceScratch,
    ) -> Result<Self, NegotiateError> {
        let rec_worth = recognition_worth(gives.recognition, holder);
        let order = menu.batch_order;
        rank_held(world, order, demander, prisoners, &mut scratch.release);
        let ranked: Box<[PrisonerId]> = scratch.release.iter().map(|x| x.1.prisoner).collect();
        rank_held(world, order, holder, own, &mut scratch.swap);
        let swap_ranked: Box<[PrisonerId]> = scratch.swap.iter().map(|x| x.1.prisoner).collect();
        let batches_of = |receiver, ranked: &[PrisonerId]| {
            let sizes = menu.batch_sizes_carrying(world, receiver, ranked.iter().copied());
            std::iter::once(0).chain(sizes).collect::<Box<[u32]>>()
        };
        let issues = &mut scratch.issues;
        issues.clear();
        issues.push(PairIssue {
            giver: Side::Holder,
            kind: IssueKind::Release {
                batches: batches_of(demander, &ranked),
            },
        });
        // No prisoners to swap, no batch size fits: skip building the
        // sizes only to drop them.
        let swap_batches = if swap_ranked.is_empty() {
            Box::default()
        } else {
            batches_of(holder, &swap_ranked)
        };
        if swap_batches.len() > 1 {
            issues.push(PairIssue {
                giver: Side::Demander,
                kind: IssueKind::Swap {
                    batches: swap_batches,
                },
            });
        }
        for s in gives.imposed.filter_map(|s| world.sanction(s)) {
            if s.imposer != demander || s.target != holder {
                continue;
            }
            let offers = &mut scratch.offers;
            offers.clear();
            offers.push(None);
            offers.extend(menu.relief_offers(s, state).map(Some));
            if offers.len() > 1 {
                issues.push(PairIssue {
                    giver: Side::Demander,
                    kind: IssueKind::Relief {
                        sanction: s.id,
                        offers: offers.as_slice().into(),
                    },
                });
            }
        }
        for f in gives.favours.filter_map(|f| world.favour(f)) {
            if f.from == demander && f.to == holder && f.value > 0.0 {
                issues.push(PairIssue {
                    giver: Side::Demander,
                    kind: IssueKind::Favour { favour: f.id },
                });
            }
        }
        let steps = menu.recognition_steps_worth(rec_worth, state, demander, holder);
        issues.push(PairIssue {
            giver: Side::Demander,
            kind: IssueKind::Recognition,
        });
        let widths: Box<[usize]> = issues
            .iter()
            .map(|issue| match &issue.kind {
                IssueKind::Release { batches } | IssueKind::Swap { batches } => batches.len(),
                IssueKind::Relief { offers, .. } => offers.len(),
                IssueKind::Favour { .. } => 2,
                IssueKind::Recognition => usize::from(steps) + 1,
            })
            .collect();
        let menu = one_concession.then(|| {
            let batches = batch_issues(issues);
            let mut items = Vec::new();
            for (k, &width) in widths.iter().enumerate().skip(batches) {
                for v in 1..width {
                    items.push((k as u16, v as u16));
                }
            }
            items.into_boxed_slice()
        });
        let space = DealSpace {
            space: OnceLock::new(),
            demander,
            holder,
            ranked,
            swap_ranked,
            issues: issues.drain(..).collect(),
            menu,
            widths,
        };
        // Every issue has a value (none, no change, or a batch of 0), so
        // the one way labelling could fail later is too many outcomes:
        // checked now, as the labelled space would.
        (0..space.n_space_issues())
            .try_fold(1usize, |n, k| n.checked_mul(space.space_width(k)))
            .ok_or(NegotiateError::SpaceTooLarge)?;
        Ok(space)
    }

    /// The labelled outcome space, built from the issues and the world's
    /// names for them (see [`DealSpace::space`]).
    fn labelled(&self, world: &World) -> OutcomeSpace {
        let steps = self.widths.last().map_or(0, |w| w - 1);
        let named: Vec<Issue> = self
            .issues
            .iter()
            .map(|issue| match &issue.kind {
                IssueKind::Release { batches } => {
                    Issue::new("release", batches.iter().map(|k| k.to_string()))
                }
                IssueKind::Swap { batches } => {
                    Issue::new("swap", batches.iter().map(|k| k.to_string()))
                }
                IssueKind::Relief { sanction, offers } => Issue::new(
                    format!(
                        "relief:{}",
                        world.sanction(*sanction).map_or("?", |s| s.key.as_str())
                    ),
                    offers
                        .iter()
                        .map(|c| match c.and_then(|c| c.relief_kind()) {
                            None => "none".to_string(),
                            Some(k) => format!("{k:?}").to_lowercase(),
                        }),
                ),
                IssueKind::Favour { favour } => Issue::new(
                    format!(
                        "favour:{}",
                        world.favour(*favour).map_or("?", |f| f.key.as_str())
                    ),
                    ["not given", "given"],
                ),
                IssueKind::Recognition => Issue::new(
                    "recognition",
                    (0..=steps).map(|j| {
                        if j == 0 {
                            "no change".to_string()
                        } else {
                            format!("+{j}")
                        }
                    }),
                ),
            })
            .collect();
        let named = match &self.menu {
            None => named,
            Some(menu) => {
                let mut labels = vec!["none".to_string()];
                labels.extend(menu.iter().map(|&(k, v)| {
                    let issue = &named[k as usize];
                    format!("{} {}", issue.name, issue.values[v as usize])
                }));
                let mut space_issues: Vec<Issue> =
                    named.into_iter().take(batch_issues(&self.issues)).collect();
                space_issues.push(Issue::new("concession", labels));
                space_issues
            }
        };
        OutcomeSpace::new(named).expect("the space's size was checked when it was built")
    }

    /// The outcome space, labelled from `world` (the world the space was
    /// built in) on first use. The simulator builds a space per
    /// negotiating pair and keeps them all, so their labels (a string per
    /// issue value) are made only for the pairs that talk.
    pub(crate) fn space_in(&self, world: &World) -> &OutcomeSpace {
        self.space.get_or_init(|| Box::new(self.labelled(world)))
    }

    /// Number of issues of the space: the catalogue's, or with a menu its
    /// batch issues and the menu's.
    pub(crate) fn n_space_issues(&self) -> usize {
        match &self.menu {
            None => self.widths.len(),
            Some(_) => batch_issues(&self.issues) + 1,
        }
    }

    /// Number of values of issue `k` of the space (not of the catalogue).
    pub(crate) fn space_width(&self, k: usize) -> usize {
        match &self.menu {
            Some(menu) if k + 1 == self.n_space_issues() => menu.len() + 1,
            _ => self.widths[k],
        }
    }

    /// The value `o` gives issue `k` of the space, as
    /// [`OutcomeSpace::value_of`] computes it (the last issue varies
    /// fastest), without needing the labelled space.
    fn space_value(&self, o: Outcome, k: usize) -> usize {
        let stride: usize = (k + 1..self.n_space_issues())
            .map(|j| self.space_width(j))
            .product();
        (o.0 / stride) % self.space_width(k)
    }

    /// The value outcome `o` gives catalogue issue `k` (see
    /// [`DealSpace::issues`]): the space's own value without a menu; with
    /// one, the batch issues' values and, for the issue the menu picked,
    /// its value (0 for every other).
    #[inline]
    pub(crate) fn value_of(&self, o: Outcome, k: usize) -> usize {
        let Some(menu) = &self.menu else {
            return self.space_value(o, k);
        };
        let at = self.n_space_issues() - 1;
        if k < at {
            return self.space_value(o, k);
        }
        match self.space_value(o, at).checked_sub(1).map(|m| menu[m]) {
            Some((i, v)) if i as usize == k => v as usize,
            _ => 0,
        }
    }

    /// Values per catalogue issue.
    pub(crate) fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// The menu of a one-concession space: `(catalogue issue, value)` per
    /// value of its last issue after `none`.
    pub(crate) fn menu(&self) -> Option<&[(u16, u16)]> {
        self.menu.as_deref()
    }

    /// The outcome space (issue 0 `release`, then `swap` when the demander
    /// holds prisoners the holder values, then one `relief:` issue per
    /// sanction with relief on offer, one `favour:` issue per favour the
    /// demander can give the holder, then `recognition`).
    pub fn space(&self) -> &OutcomeSpace {
        // Only the simulator's spaces (never handed out) start unlabelled,
        // and it reads them through `space_in`.
        self.space
            .get()
            .expect("a space from DealSpace::build is labelled when built")
    }

    /// The demander (party 0) and the holder (party 1).
    pub fn parties(&self) -> [GovernmentId; 2] {
        [self.demander, self.holder]
    }

    /// Which party's concession each issue is (0 = demander, 1 = holder):
    /// the `owners` argument of [`SimultaneousExchange`](super::SimultaneousExchange).
    pub fn owners(&self) -> Vec<usize> {
        let n = self.n_space_issues();
        self.issues
            .iter()
            .take(n)
            .map(|i| match i.giver {
                Side::Demander => 0,
                Side::Holder => 1,
            })
            .collect()
    }

    /// The catalogue of issues: without a menu, in the order of
    /// [`DealSpace::space`]'s; with one, the space's batch issues come
    /// first and the rest are reached through its last issue
    /// ([`DealSpace::value_of`]).
    pub(crate) fn issues(&self) -> &[PairIssue] {
        &self.issues
    }

    /// The prisoners a batch is drawn from, most valued first.
    pub(crate) fn ranked(&self) -> &[PrisonerId] {
        &self.ranked
    }

    /// The demander's prisoners a swap batch is drawn from, most valued by
    /// the holder first (empty when there is no `swap` issue).
    pub(crate) fn swap_ranked(&self) -> &[PrisonerId] {
        &self.swap_ranked
    }

    /// The deal outcome `o` stands for at `state` (empty for the all-zero
    /// outcome): a batch is the first prisoners of its ranking still in
    /// custody.
    pub fn deal(&self, world: &World, state: &State, o: Outcome) -> Deal {
        let still_here = |ranked: &[PrisonerId]| -> Vec<u32> {
            (0..ranked.len() as u32)
                .filter(|&r| tradable(world, state, ranked[r as usize]))
                .collect()
        };
        let members = [still_here(&self.ranked), still_here(&self.swap_ranked)];
        let mut deal = Deal::new();
        self.write_deal(world, state, [&members[0], &members[1]], o, &mut deal);
        deal
    }

    /// Writes the concessions of outcome `o` at `state` into `deal`: a swap
    /// batch, relief, favours and recognition from the demander, then a batch of the
    /// holder's prisoners. `members` are the holder's and the demander's
    /// prisoners a batch may take (indices into [`ranked`](Self::ranked)
    /// and [`swap_ranked`](Self::swap_ranked), in order). Values impossible
    /// at `state` (relief with nothing left to unfreeze, recognition above
    /// an embassy, a batch larger than its members, a favour given already)
    /// are trimmed to what is possible, and together-groups are kept whole
    /// ([`keep_together`](crate::deal::keep_together)). Red-lined prisoners
    /// are never in a ranking, and a party's must-haves head it.
    pub(crate) fn write_deal(
        &self,
        world: &World,
        state: &State,
        members: [&[u32]; 2],
        o: Outcome,
        deal: &mut Deal,
    ) {
        deal.concessions.clear();
        let (d, h) = (self.demander, self.holder);
        let mut batch = 0;
        for (k, issue) in self.issues.iter().enumerate() {
            let v = self.value_of(o, k);
            let kind = match &issue.kind {
                IssueKind::Release { batches } => {
                    batch = batches[v] as usize;
                    continue;
                }
                IssueKind::Swap { batches } => {
                    let n = batches[v] as usize;
                    push_releases(
                        world,
                        &self.swap_ranked,
                        &members[1][..n.min(members[1].len())],
                        [d, h],
                        deal,
                    );
                    continue;
                }
                IssueKind::Relief { offers, .. } => match offers[v] {
                    Some(ConcessionKind::Unfreeze {
                        sanction, escrow, ..
                    }) => world
                        .sanction(sanction)
                        .and_then(|s| frozen_left(s, state))
                        .map(|amount| ConcessionKind::Unfreeze {
                            sanction,
                            amount,
                            escrow,
                        }),
                    other => other,
                },
                IssueKind::Favour { favour } => (v > 0 && !state.favour_given(*favour))
                    .then_some(ConcessionKind::Favour { favour: *favour }),
                IssueKind::Recognition => (v > 0).then(|| {
                    let now = state.recognition(d, h).value() as usize;
                    let top = RecognitionLevel::Embassy.value() as usize;
                    ConcessionKind::Recognition {
                        level: RecognitionLevel::from_u8((now + v).min(top) as u8),
                    }
                }),
            };
            if let Some(kind) = kind {
                deal.concessions.push(Concession {
                    from: d,
                    to: h,
                    kind,
                });
            }
        }
        let batch = batch.min(members[0].len());
        push_releases(world, &self.ranked, &members[0][..batch], [h, d], deal);
        keep_together(world, state, deal);
    }

    /// The two parties' utilities (demander, holder): undiscounted payoff
    /// changes at `state`, linear additive over the issues, with each
    /// government's reservation value and discount factor.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when the world's numbers are not finite.
    ///
    /// # Complexity
    /// One apply/undo per issue value.
    pub fn utilities(
        &self,
        world: &World,
        state: &State,
    ) -> Result<[LinearAdditive; 2], NegotiateError> {
        let mut scratch = state.clone();
        let mut log = UndoLog::new();
        let mut delta = Vec::new();
        let parties = [self.demander, self.holder];
        let mut tables: [Vec<Vec<f64>>; 2] = [Vec::new(), Vec::new()];
        let space = self.space();
        for issue in 0..space.n_issues() {
            for t in tables.iter_mut() {
                t.push(Vec::with_capacity(space.issues()[issue].cardinality()));
            }
            for v in 0..space.issues()[issue].cardinality() {
                // The outcome with only this issue set.
                let mut values = vec![0; space.n_issues()];
                values[issue] = v;
                let deal = self.deal(world, state, space.encode(&values)?);
                payoff::delta(world, &mut scratch, &deal, &mut log, &mut delta);
                for (t, g) in tables.iter_mut().zip(parties) {
                    let f = payoff::discount(world, g, state.round());
                    let x = delta.get(g.index()).copied().unwrap_or(0.0);
                    t[issue].push(if f > 0.0 { x / f } else { x });
                }
            }
        }
        let [ta, th] = tables;
        let make = |g: GovernmentId, t: Vec<Vec<f64>>| -> Result<LinearAdditive, NegotiateError> {
            let gov = world
                .government(g)
                .ok_or_else(|| NegotiateError::Parties(format!("{g:?}")))?;
            LinearAdditive::new(vec![1.0; t.len()], t)?
                .with_reserved(gov.reservation)?
                .with_discount(gov.discount)
        };
        Ok([make(self.demander, ta)?, make(self.holder, th)?])
    }
}

/// Pushes the release of `ranked[r]` for each `r` of `members`, from the
/// first government of `parties` to the second, each to its default
/// destination.
fn push_releases(
    world: &World,
    ranked: &[PrisonerId],
    members: &[u32],
    [from, to]: [GovernmentId; 2],
    deal: &mut Deal,
) {
    for &r in members {
        let p = ranked[r as usize];
        let destination = world.prisoner(p).map_or(to, |pr| pr.default_destination());
        deal.concessions.push(Concession {
            from,
            to,
            kind: ConcessionKind::release(p, destination),
        });
    }
}

/// How many of `issues` are batch issues (`release`, then `swap` when
/// there is one): they come first, and a one-concession space keeps them
/// as its own issues.
fn batch_issues(issues: &[PairIssue]) -> usize {
    issues
        .iter()
        .take_while(|i| matches!(i.kind, IssueKind::Release { .. } | IssueKind::Swap { .. }))
        .count()
}

/// Both governments exist and differ.
fn check_pair(
    world: &World,
    demander: GovernmentId,
    holder: GovernmentId,
) -> Result<(), NegotiateError> {
    if world.government(demander).is_none()
        || world.government(holder).is_none()
        || demander == holder
    {
        return Err(NegotiateError::Parties(format!(
            "bad pair {demander:?}, {holder:?}"
        )));
    }
    Ok(())
}
