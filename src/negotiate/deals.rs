//! The domain adapter: a bilateral negotiation over deals between two
//! governments of a [`World`], as an outcome space of discrete issues with
//! linear-additive utilities built from the world's payoffs.
//!
//! Issues (for a demander `D` that wants prisoners and a holder `H` that
//! wants relief, recognition or both):
//! - `release`: how many of the prisoners `H` holds and `D` values `H`
//!   releases (0 or one of the batch sizes; the most valued first, ties by
//!   id, each to its default destination);
//! - `relief:<sanction>` for every sanction `D` imposes on `H`: no relief, or
//!   one of the relief forms the sanction allows;
//! - `recognition`: no change, or a higher recognition level from `D` to `H`.
//!
//! A government's payoff change from a deal is a sum over its concessions
//! (prisoner values, relief level times value, recognition, audience costs),
//! so each party's utility is exactly linear additive over these issues:
//! the table entry of an issue value is the payoff change of that issue's
//! concessions alone, computed with [`payoff::delta`](crate::payoff::delta).
//! Whole-deal rules (reciprocity, individual rationality, authority) stay
//! the runner's business: check the agreed [`Deal`] with the rulebook.

use crate::deal::{ConcessionKind, Deal, UndoLog};
use crate::model::{
    GovernmentId, PrisonerId, RecognitionLevel, ReliefKind, SanctionId, State, World,
};
use crate::payoff;

use super::{Issue, LinearAdditive, NegotiateError, Outcome, OutcomeSpace};

/// Which deals a [`DealSpace`] offers.
#[derive(Clone, Debug, PartialEq)]
pub struct DealSpaceOptions {
    /// Release batch sizes (0 is always included).
    pub batches: Vec<u32>,
    /// Relief forms offered on each sanction (only those it allows).
    pub relief: Vec<ReliefKind>,
    /// Rounds of a suspension.
    pub suspend_rounds: u32,
    /// Fraction of an easing.
    pub ease_fraction: f64,
    /// How many recognition steps above the current level may be offered.
    pub recognition_steps: u8,
}

impl Default for DealSpaceOptions {
    /// Batches 1, 10, 50; licence, delisting, 6-round suspension; one
    /// recognition step (the shapes of [`DealGenerator`](crate::generate::DealGenerator)'s default).
    fn default() -> Self {
        DealSpaceOptions {
            batches: vec![1, 10, 50],
            relief: vec![ReliefKind::Licence, ReliefKind::Delist, ReliefKind::Suspend],
            suspend_rounds: 6,
            ease_fraction: 0.25,
            recognition_steps: 1,
        }
    }
}

/// A bilateral deal space between a demander and a holder at a state.
///
/// ```
/// use detente::negotiate::{DealSpace, DealSpaceOptions, Sao, TimeBased, Utility};
/// use detente::model::State;
/// let (_, world, rules) = detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
/// let state = State::initial(&world);
/// let (a, h) = (world.government_by_code("A").unwrap(), world.government_by_code("H").unwrap());
/// let ds = DealSpace::build(&world, &state, a, h, &DealSpaceOptions::default())?;
/// let [ua, uh] = ds.utilities(&world, &state)?;
/// let (mut sa, mut sh) = (TimeBased::linear(), TimeBased::linear());
/// let r = Sao::new(20).run(ds.space(), &[&ua, &uh], &mut [&mut sa, &mut sh])?;
/// let deal = ds.deal(&world, r.agreement.unwrap());
/// assert!(!deal.is_empty());
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DealSpace {
    space: OutcomeSpace,
    demander: GovernmentId,
    holder: GovernmentId,
    ranked: Vec<PrisonerId>,
    batches: Vec<u32>,
    /// Per relief issue: the sanction and, per value, the concession (None = no relief).
    relief: Vec<(SanctionId, Vec<Option<ConcessionKind>>)>,
    /// Per recognition value, the level granted (None = no change).
    recognition: Vec<Option<RecognitionLevel>>,
}

impl DealSpace {
    /// Builds the deal space between `demander` and `holder` at `state`.
    ///
    /// # Errors
    /// [`NegotiateError::Parties`] when a government id is unknown or the two
    /// are the same.
    pub fn build(
        world: &World,
        state: &State,
        demander: GovernmentId,
        holder: GovernmentId,
        options: &DealSpaceOptions,
    ) -> Result<Self, NegotiateError> {
        if world.government(demander).is_none()
            || world.government(holder).is_none()
            || demander == holder
        {
            return Err(NegotiateError::Parties(format!(
                "bad pair {demander:?}, {holder:?}"
            )));
        }
        // Prisoners the holder has in custody that the demander values, most valued first.
        let mut ranked: Vec<(f64, PrisonerId)> = state
            .held()
            .filter_map(|p| {
                let pr = world.prisoner(p)?;
                let v = world.valuations().prisoner(demander, p);
                (pr.holder() == holder && state.location(p) == pr.custodian && v > 0.0)
                    .then_some((v, p))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let ranked: Vec<PrisonerId> = ranked.into_iter().map(|x| x.1).collect();
        let mut batches = vec![0];
        let mut sizes: Vec<u32> = options
            .batches
            .iter()
            .copied()
            .filter(|&k| k > 0 && k as usize <= ranked.len())
            .collect();
        sizes.sort_unstable();
        sizes.dedup();
        batches.extend(sizes);
        let mut issues = vec![Issue::new("release", batches.iter().map(|k| k.to_string()))];

        let mut relief = Vec::new();
        for s in world.sanctions() {
            if s.imposer != demander || s.target != holder {
                continue;
            }
            let mut values: Vec<Option<ConcessionKind>> = vec![None];
            for &kind in &options.relief {
                if s.relief_option(kind).is_none() {
                    continue;
                }
                let Some(c) = crate::generate::relief_concession(
                    kind,
                    s,
                    state,
                    options.suspend_rounds,
                    options.ease_fraction,
                ) else {
                    continue;
                };
                values.push(Some(c));
            }
            let labels = values.iter().map(|c| match c {
                None => "none".to_string(),
                Some(c) => {
                    format!("{:?}", c.relief_kind().unwrap_or(ReliefKind::Licence)).to_lowercase()
                }
            });
            issues.push(Issue::new(format!("relief:{}", s.key), labels));
            relief.push((s.id, values));
        }

        let current = state.recognition(demander, holder).value();
        let top = RecognitionLevel::Embassy
            .value()
            .min(current.saturating_add(options.recognition_steps));
        let mut recognition = vec![None];
        recognition.extend((current + 1..=top).map(|l| Some(RecognitionLevel::from_u8(l))));
        issues.push(Issue::new(
            "recognition",
            recognition
                .iter()
                .map(|l| l.map_or("no change".to_string(), |l| format!("{l:?}").to_lowercase())),
        ));
        Ok(DealSpace {
            space: OutcomeSpace::new(issues)?,
            demander,
            holder,
            ranked,
            batches,
            relief,
            recognition,
        })
    }

    /// The outcome space (issue 0 `release`, then one `relief:` issue per
    /// sanction, then `recognition`).
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The demander (party 0) and the holder (party 1).
    pub fn parties(&self) -> [GovernmentId; 2] {
        [self.demander, self.holder]
    }

    /// Which party's concession each issue is (0 = demander, 1 = holder):
    /// the `owners` argument of [`SimultaneousExchange`](super::SimultaneousExchange).
    pub fn owners(&self) -> Vec<usize> {
        let mut o = vec![1];
        o.extend(self.relief.iter().map(|_| 0));
        o.push(0);
        o
    }

    /// The deal an outcome stands for (empty for the all-zero outcome).
    pub fn deal(&self, world: &World, o: Outcome) -> Deal {
        let mut deal = Deal::new();
        let (d, h) = (self.demander, self.holder);
        for (i, (_, values)) in self.relief.iter().enumerate() {
            if let Some(c) = values[self.space.value_of(o, 1 + i)] {
                deal = deal.with(d, h, c);
            }
        }
        let rec_issue = 1 + self.relief.len();
        if let Some(level) = self.recognition[self.space.value_of(o, rec_issue)] {
            deal = deal.recognition(d, h, level);
        }
        let k = self.batches[self.space.value_of(o, 0)] as usize;
        for &p in &self.ranked[..k] {
            let dest = world.prisoner(p).map_or(d, |pr| pr.default_destination());
            deal = deal.release(h, d, p, dest);
        }
        deal
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
        let mut value_of = |deal: &Deal, tables: &mut [Vec<Vec<f64>>; 2], row: usize| {
            payoff::delta(world, &mut scratch, deal, &mut log, &mut delta);
            for (t, g) in tables.iter_mut().zip(parties) {
                let f = payoff::discount(world, g, state.round());
                let x = delta.get(g.index()).copied().unwrap_or(0.0);
                t[row].push(if f > 0.0 { x / f } else { x });
            }
        };
        for issue in 0..self.space.n_issues() {
            for t in tables.iter_mut() {
                t.push(Vec::with_capacity(self.space.issues()[issue].cardinality()));
            }
            for v in 0..self.space.issues()[issue].cardinality() {
                // The outcome with only this issue set.
                let mut values = vec![0; self.space.n_issues()];
                values[issue] = v;
                let deal = self.deal(world, self.space.encode(&values)?);
                value_of(&deal, &mut tables, issue);
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
