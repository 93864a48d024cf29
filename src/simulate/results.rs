//! Experiment results: exact, mergeable aggregates over runs.
//!
//! Integer quantities (prisoners freed, arrested, held; rounds to the first
//! deal; the stock in each round) are kept as exact count histograms, float
//! quantities (payoffs, relief) as exact sums plus fixed logarithmic
//! histograms ([`stats`](super::stats)). Memory does not grow with the number
//! of runs, and merging partial results over disjoint sets of runs gives
//! exactly what one pass over all of them gives, whatever the order.

use super::observed::PairObservations;
use super::runner::RunSummary;
use super::simulation::Simulation;
use super::stats::{CountHistogram, ExactSum, FloatStats, Quantiles};
use crate::analysis::Refusals;
use serde::{Deserialize, Serialize};

/// Relief of one sanction over the runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefStats {
    /// The sanction's key.
    pub sanction: String,
    /// Runs in which some deal relieved it.
    pub granted_runs: u64,
    /// Relief level at the end of the run.
    pub level_at_end: FloatStats,
    /// Rounds of full relief (sum of the level over rounds).
    pub relief_rounds: FloatStats,
}

/// One shape of deal (a pair and an outcome of its space) over the runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealShape {
    /// Index of the pair in [`Simulation::pairs`].
    pub pair: u32,
    /// The outcome in the pair's space.
    pub outcome: u64,
    /// What is traded, in words.
    pub description: String,
    /// Times carried out, over all runs.
    pub count: u64,
    /// Rounds in which it was carried out.
    pub rounds: CountHistogram,
    /// Prisoners freed by it, over all runs.
    pub released: u64,
    /// Times a party defected from it.
    pub defected: u64,
    /// Sum of the demander's discounted payoff changes.
    pub delta_demander: ExactSum,
    /// Sum of the holder's discounted payoff changes.
    pub delta_holder: ExactSum,
}

/// Counts per run, as histograms.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    /// Deals carried out.
    pub deals: CountHistogram,
    /// Agreements refused by the rulebook.
    pub rejected: CountHistogram,
    /// Defections.
    pub defections: CountHistogram,
    /// Snapbacks.
    pub snapbacks: CountHistogram,
    /// Escalations.
    pub escalations: CountHistogram,
    /// Changes of government.
    pub government_changes: CountHistogram,
    /// Suspensions lapsed.
    pub lapsed: CountHistogram,
    /// Suspensions renewed.
    pub renewed: CountHistogram,
    /// Releases refused because the prisoner would not go into exile.
    pub refused_exile: CountHistogram,
    /// The mediator's packages (counted in `deals`; only with a mediator).
    #[serde(default, skip_serializing_if = "no_runs")]
    pub packages: CountHistogram,
    /// Freed in the mediator's packages (counted in `freed_by_deal`; only
    /// with a mediator).
    #[serde(default, skip_serializing_if = "no_runs")]
    pub freed_by_package: CountHistogram,
}

/// Experiments without a mediator leave its counters empty, and their
/// results read as they did before mediators existed.
fn no_runs(h: &CountHistogram) -> bool {
    h.count() == 0
}

/// Why two partial results cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// They come from different experiments.
    #[error("results from different experiments: {0}")]
    Mismatch(String),
    /// Some run is counted in both.
    #[error("run {0} is in both partial results")]
    Overlap(u64),
    /// A count would overflow.
    #[error("the merged {0} would overflow")]
    Overflow(&'static str),
    /// Partial results that break an invariant of aggregates (see
    /// [`ExperimentResults::check_covers`]).
    #[error("inconsistent results: {0}")]
    Invalid(String),
}

/// Aggregates of an experiment (or of part of one: see
/// [`ExperimentResults::merge`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentResults {
    /// The scenario's name.
    pub scenario: String,
    /// The experiment's seed.
    pub seed: u64,
    /// Rounds per run.
    pub rounds: u32,
    /// Runs aggregated.
    pub runs: u64,
    /// The run indices aggregated, as sorted disjoint `[start, end)` ranges.
    pub covered: Vec<(u64, u64)>,
    /// Prisoners in custody at the start.
    pub initial_held: u32,
    /// Government codes, by id.
    pub governments: Vec<String>,
    /// Negotiating pairs `(demander, holder)` codes, by pair index.
    pub pairs: Vec<(String, String)>,
    /// Strategy of each government.
    pub strategies: Vec<String>,
    /// Prisoners freed per run, all causes.
    pub freed: CountHistogram,
    /// Freed in deals.
    pub freed_by_deal: CountHistogram,
    /// Freed at the end of their sentence.
    pub freed_by_sentence: CountHistogram,
    /// Pardoned without a deal.
    pub pardoned: CountHistogram,
    /// Medical releases.
    pub medical: CountHistogram,
    /// Deaths in custody.
    pub deceased: CountHistogram,
    /// New arrests.
    pub arrested: CountHistogram,
    /// In custody at the end.
    pub held_at_end: CountHistogram,
    /// Dependants who left with their families per run, all causes (only
    /// for worlds with families, so other results read as before).
    #[serde(default, skip_serializing_if = "no_runs")]
    pub dependants_freed: CountHistogram,
    /// Round of the first deal, over runs that had one.
    pub first_deal_round: CountHistogram,
    /// Runs without any deal.
    pub runs_without_deal: u64,
    /// Per-run counts of deals and events.
    pub counters: Counters,
    /// Each government's discounted payoff, by id.
    pub payoff: Vec<FloatStats>,
    /// Relief per sanction, by id.
    pub relief: Vec<ReliefStats>,
    /// Prisoners in custody at the start (index 0) and after each round.
    pub stock: Vec<CountHistogram>,
    /// Prisoners freed in deals per round, summed over runs.
    pub freed_by_deal_per_round: Vec<u64>,
    /// Deals per round (the mediator's packages included), summed over runs.
    pub deals_per_round: Vec<u64>,
    /// New arrests per round, summed over runs.
    pub arrested_per_round: Vec<u64>,
    /// Deals by shape, sorted by (pair, outcome).
    pub deal_shapes: Vec<DealShape>,
    /// Each pair's deals, people freed and concessions given, cumulated
    /// round by round, by pair index (what a record of dated deals is
    /// compared with; the mediator's packages belong to no pair).
    pub pair_deals: Vec<PairObservations>,
    /// Agreements the rulebook refused (all of `counters.rejected`), per
    /// rule and per government whose individual rationality failed; left
    /// out of the JSON when nothing was refused.
    #[serde(default, skip_serializing_if = "Refusals::is_empty")]
    pub refusals: Refusals,
}

impl ExperimentResults {
    /// Empty results for `rounds`-round runs of `sim` under `seed`.
    pub fn empty(sim: &Simulation, seed: u64, rounds: u32) -> Self {
        let w = &sim.world;
        let code = |g: crate::model::GovernmentId| w.code(g).to_string();
        ExperimentResults {
            scenario: w.name().to_string(),
            seed,
            rounds,
            initial_held: sim.initial_held,
            governments: w.governments().iter().map(|g| g.code.clone()).collect(),
            pairs: sim
                .pairs
                .iter()
                .map(|p| (code(p.demander), code(p.holder)))
                .collect(),
            strategies: sim.strategy_names.clone(),
            payoff: vec![FloatStats::default(); w.governments().len()],
            relief: w
                .sanctions()
                .iter()
                .map(|s| ReliefStats {
                    sanction: s.key.clone(),
                    ..ReliefStats::default()
                })
                .collect(),
            stock: vec![CountHistogram::default(); rounds as usize + 1],
            freed_by_deal_per_round: vec![0; rounds as usize],
            deals_per_round: vec![0; rounds as usize],
            arrested_per_round: vec![0; rounds as usize],
            pair_deals: vec![PairObservations::empty(rounds); sim.pairs.len()],
            ..ExperimentResults::default()
        }
    }

    /// Adds run `run`'s summary.
    pub fn add(&mut self, sim: &Simulation, run: u64, s: &RunSummary) {
        match self.covered.last_mut() {
            Some(last) if last.1 == run => last.1 = run + 1,
            _ => {
                self.covered.push((run, run + 1));
                self.covered.sort_unstable();
            }
        }
        self.runs += 1;
        self.freed.add(s.freed());
        self.freed_by_deal.add(s.freed_by_deal);
        self.freed_by_sentence.add(s.freed_by_sentence);
        self.pardoned.add(s.pardoned);
        self.medical.add(s.medical);
        self.deceased.add(s.deceased);
        self.arrested.add(s.arrested);
        self.held_at_end.add(s.held_at_end);
        if !sim.world.families().is_empty() {
            self.dependants_freed.add(s.dependants_freed);
        }
        match s.first_deal_round {
            Some(r) => self.first_deal_round.add(r),
            None => self.runs_without_deal += 1,
        }
        let c = &mut self.counters;
        c.deals.add(s.deals);
        c.rejected.add(s.rejected);
        c.defections.add(s.defections);
        c.snapbacks.add(s.snapbacks);
        c.escalations.add(s.escalations);
        c.government_changes.add(s.government_changes);
        c.lapsed.add(s.lapsed);
        c.renewed.add(s.renewed);
        c.refused_exile.add(s.refused_exile);
        if s.rejected > 0 {
            let w = &sim.world;
            self.refusals.add_counts(
                u64::from(s.rejected),
                sim.rule_names
                    .iter()
                    .map(String::as_str)
                    .zip(s.refused_by_rule.iter().map(|&n| u64::from(n))),
                w.governments()
                    .iter()
                    .map(|g| g.code.as_str())
                    .zip(s.refused_not_rational.iter().map(|&n| u64::from(n))),
            );
        }
        if sim.dynamics.mediator.is_some() {
            c.packages.add(s.packages);
            c.freed_by_package.add(s.freed_by_package);
        }
        for (st, &x) in self.payoff.iter_mut().zip(&s.payoff) {
            st.add(x);
        }
        for (i, rs) in self.relief.iter_mut().enumerate() {
            rs.granted_runs += u64::from(s.relief_granted[i]);
            rs.level_at_end.add(s.relief_end[i]);
            rs.relief_rounds.add(s.relief_rounds[i]);
        }
        for (h, &x) in self.stock.iter_mut().zip(&s.stock) {
            h.add(x);
        }
        for (t, &x) in self
            .freed_by_deal_per_round
            .iter_mut()
            .zip(&s.freed_by_deal_per_round)
        {
            *t += u64::from(x);
        }
        for (t, &x) in self
            .arrested_per_round
            .iter_mut()
            .zip(&s.arrested_per_round)
        {
            *t += u64::from(x);
        }
        for (i, p) in self.pair_deals.iter_mut().enumerate() {
            p.add(i as u32, s);
        }
        for &r in &s.package_rounds {
            if let Some(t) = self.deals_per_round.get_mut(r as usize) {
                *t += 1;
            }
        }
        for d in &s.deal_log {
            if let Some(t) = self.deals_per_round.get_mut(d.round as usize) {
                *t += 1;
            }
            let key = (d.pair, d.outcome);
            let at = match self
                .deal_shapes
                .binary_search_by_key(&key, |x| (x.pair, x.outcome))
            {
                Ok(i) => i,
                Err(i) => {
                    let pair = &sim.pairs[d.pair as usize];
                    self.deal_shapes.insert(
                        i,
                        DealShape {
                            pair: d.pair,
                            outcome: d.outcome,
                            description: pair.describe(
                                &sim.world,
                                crate::negotiate::Outcome(d.outcome as usize),
                            ),
                            ..DealShape::default()
                        },
                    );
                    i
                }
            };
            let shape = &mut self.deal_shapes[at];
            shape.count += 1;
            shape.rounds.add(d.round);
            shape.released += u64::from(d.released);
            shape.defected += u64::from(d.defected);
            shape.delta_demander.add(d.delta_demander);
            shape.delta_holder.add(d.delta_holder);
        }
    }

    /// Adds another partial result over other runs of the same experiment.
    /// Exact: the result does not depend on how runs were split or in which
    /// order parts are merged.
    ///
    /// # Errors
    /// [`MergeError::Mismatch`] when the two come from different experiments
    /// (scenario, seed, rounds or shape), [`MergeError::Overlap`] when a run
    /// is in both.
    pub fn merge(&mut self, other: &ExperimentResults) -> Result<(), MergeError> {
        if other.runs == 0 && other.covered.is_empty() {
            return Ok(());
        }
        if self.runs == 0 && self.covered.is_empty() && self.governments.is_empty() {
            *self = other.clone();
            return Ok(());
        }
        let same = self.scenario == other.scenario
            && self.seed == other.seed
            && self.rounds == other.rounds
            && self.governments == other.governments
            && self.pairs == other.pairs
            && self.strategies == other.strategies
            && self.stock.len() == other.stock.len()
            && self.relief.len() == other.relief.len()
            && self.pair_deals.len() == other.pair_deals.len()
            && self
                .relief
                .iter()
                .zip(&other.relief)
                .all(|(a, b)| a.sanction == b.sanction)
            && self.initial_held == other.initial_held;
        if !same {
            return Err(MergeError::Mismatch(format!(
                "{} (seed {}, {} rounds) and {} (seed {}, {} rounds)",
                self.scenario, self.seed, self.rounds, other.scenario, other.seed, other.rounds
            )));
        }
        let mut covered = self.covered.clone();
        covered.extend(other.covered.iter().copied());
        covered.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(covered.len());
        for (a, b) in covered {
            match merged.last_mut() {
                Some(last) if a < last.1 => return Err(MergeError::Overlap(a)),
                Some(last) if a == last.1 => last.1 = b,
                _ => merged.push((a, b)),
            }
        }
        let runs = add(self.runs, other.runs, "number of runs")?;
        let runs_without_deal = add(
            self.runs_without_deal,
            other.runs_without_deal,
            "runs without a deal",
        )?;
        // Check every scalar sum before changing anything, so a refused
        // merge leaves `self` as it was.
        let mut relief = self.relief.clone();
        for (a, b) in relief.iter_mut().zip(&other.relief) {
            a.granted_runs = add(a.granted_runs, b.granted_runs, "runs with relief")?;
        }
        let mut per_round = [
            self.freed_by_deal_per_round.clone(),
            self.deals_per_round.clone(),
            self.arrested_per_round.clone(),
        ];
        for (a, b) in per_round.iter_mut().zip([
            &other.freed_by_deal_per_round,
            &other.deals_per_round,
            &other.arrested_per_round,
        ]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x = add(*x, *y, "per-round totals")?;
            }
        }
        let refusals = self
            .refusals
            .merged(&other.refusals)
            .ok_or(MergeError::Overflow("refusals"))?;
        let mut shapes = self.deal_shapes.clone();
        for shape in &other.deal_shapes {
            let key = (shape.pair, shape.outcome);
            match shapes.binary_search_by_key(&key, |x| (x.pair, x.outcome)) {
                Ok(i) => {
                    let s = &mut shapes[i];
                    s.count = add(s.count, shape.count, "deal count")?;
                    s.released = add(s.released, shape.released, "prisoners released")?;
                    s.defected = add(s.defected, shape.defected, "defections")?;
                    s.rounds.merge(&shape.rounds);
                    s.delta_demander.merge(&shape.delta_demander);
                    s.delta_holder.merge(&shape.delta_holder);
                }
                Err(i) => shapes.insert(i, shape.clone()),
            }
        }
        let mut pair_deals = self.pair_deals.clone();
        for (a, b) in pair_deals.iter_mut().zip(&other.pair_deals) {
            a.merge(b).map_err(MergeError::Overflow)?;
        }
        self.covered = merged;
        self.pair_deals = pair_deals;
        self.runs = runs;
        self.runs_without_deal = runs_without_deal;
        self.deal_shapes = shapes;
        self.refusals = refusals;
        let [freed_by_deal_per_round, deals_per_round, arrested_per_round] = per_round;
        self.freed_by_deal_per_round = freed_by_deal_per_round;
        self.deals_per_round = deals_per_round;
        self.arrested_per_round = arrested_per_round;
        for (a, b) in [
            (&mut self.freed, &other.freed),
            (&mut self.freed_by_deal, &other.freed_by_deal),
            (&mut self.freed_by_sentence, &other.freed_by_sentence),
            (&mut self.pardoned, &other.pardoned),
            (&mut self.medical, &other.medical),
            (&mut self.deceased, &other.deceased),
            (&mut self.arrested, &other.arrested),
            (&mut self.held_at_end, &other.held_at_end),
            (&mut self.dependants_freed, &other.dependants_freed),
            (&mut self.first_deal_round, &other.first_deal_round),
            (&mut self.counters.deals, &other.counters.deals),
            (&mut self.counters.rejected, &other.counters.rejected),
            (&mut self.counters.defections, &other.counters.defections),
            (&mut self.counters.snapbacks, &other.counters.snapbacks),
            (&mut self.counters.escalations, &other.counters.escalations),
            (
                &mut self.counters.government_changes,
                &other.counters.government_changes,
            ),
            (&mut self.counters.lapsed, &other.counters.lapsed),
            (&mut self.counters.renewed, &other.counters.renewed),
            (
                &mut self.counters.refused_exile,
                &other.counters.refused_exile,
            ),
            (&mut self.counters.packages, &other.counters.packages),
            (
                &mut self.counters.freed_by_package,
                &other.counters.freed_by_package,
            ),
        ] {
            a.merge(b);
        }
        for (a, b) in self.payoff.iter_mut().zip(&other.payoff) {
            a.merge(b);
        }
        self.relief = relief;
        for (a, b) in self.relief.iter_mut().zip(&other.relief) {
            a.level_at_end.merge(&b.level_at_end);
            a.relief_rounds.merge(&b.relief_rounds);
        }
        for (a, b) in self.stock.iter_mut().zip(&other.stock) {
            a.merge(b);
        }
        Ok(())
    }

    /// The headline numbers.
    pub fn brief(&self) -> Brief {
        Brief {
            scenario: self.scenario.clone(),
            runs: self.runs,
            seed: self.seed,
            rounds: self.rounds,
            initial_held: self.initial_held,
            freed: self.freed.quantiles(),
            freed_by_deal: self.freed_by_deal.quantiles(),
            arrested: self.arrested.quantiles(),
            held_at_end: self.held_at_end.quantiles(),
            deceased: self.deceased.quantiles(),
            first_deal_round: self.first_deal_round.quantiles(),
            runs_without_deal: self.runs_without_deal,
            deals: self.counters.deals.quantiles(),
        }
    }
}

/// `a + b`, or [`MergeError::Overflow`] naming `what`.
fn add(a: u64, b: u64, what: &'static str) -> Result<u64, MergeError> {
    a.checked_add(b).ok_or(MergeError::Overflow(what))
}

/// Headline numbers of an experiment, for `--json` and summaries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// Scenario name.
    pub scenario: String,
    /// Runs.
    pub runs: u64,
    /// Seed.
    pub seed: u64,
    /// Rounds per run.
    pub rounds: u32,
    /// Prisoners in custody at the start.
    pub initial_held: u32,
    /// Freed, all causes.
    pub freed: Quantiles,
    /// Freed in deals.
    pub freed_by_deal: Quantiles,
    /// Newly arrested.
    pub arrested: Quantiles,
    /// In custody at the end.
    pub held_at_end: Quantiles,
    /// Died in custody.
    pub deceased: Quantiles,
    /// Round of the first deal (0-based), over runs with a deal.
    pub first_deal_round: Quantiles,
    /// Runs without a deal.
    pub runs_without_deal: u64,
    /// Deals per run.
    pub deals: Quantiles,
}
