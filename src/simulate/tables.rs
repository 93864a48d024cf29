//! Experiments as tables: one row per run ([`RunTable`], kept on request)
//! and one row per round ([`RoundTable`], read off the aggregates), in
//! columns, the shape data-frame libraries take without copying.
//!
//! The aggregates of [`ExperimentResults`] keep memory flat in the number
//! of runs; a [`RunTable`] does not, so it is kept only when asked for
//! ([`Simulation::run_range_keeping_runs`]) and its size is stated
//! ([`RunTable::bytes_per_run`]) so that a caller can check it against a
//! budget before running.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::experiment::{ExperimentConfig, Progress, RUNS_PER_WAVE};
use super::results::ExperimentResults;
use super::runner::RunSummary;
use super::simulation::Simulation;
use crate::limits::{LimitExceeded, Limits};

/// Per-run summaries of an experiment, one column per quantity, rows in
/// run order (whatever the thread count).
///
/// ```
/// use detente::simulate::{ExperimentConfig, Simulation};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let sim = Simulation::from_scenario(&s)?;
/// let cfg = ExperimentConfig { runs: 8, rounds: 6, seed: 3 };
/// let limits = detente::limits::Limits::default();
/// let (results, table) = sim.run_range_keeping_runs(&cfg, 0..8, &limits, &|_, _| {})?;
/// assert_eq!(results, sim.experiment(&cfg));
/// assert_eq!(table.len(), 8);
/// let freed: u128 = table.freed_by_deal.iter().map(|&x| u128::from(x)).sum();
/// assert_eq!(freed, results.freed_by_deal.sum());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunTable {
    /// Government codes, in id order: the order of [`RunTable::payoff`].
    pub governments: Vec<String>,
    /// Run index within the experiment.
    pub run: Vec<u64>,
    /// Round of the first deal carried out; `None` for a run without one.
    pub first_deal_round: Vec<Option<u32>>,
    /// Deals carried out (the mediator's packages included).
    pub deals: Vec<u32>,
    /// Multilateral packages carried out.
    pub packages: Vec<u32>,
    /// Prisoners freed in deals.
    pub freed_by_deal: Vec<u32>,
    /// Prisoners freed at the end of their sentence.
    pub freed_by_sentence: Vec<u32>,
    /// Prisoners pardoned without a deal.
    pub pardoned: Vec<u32>,
    /// Prisoners freed on medical grounds.
    pub medical: Vec<u32>,
    /// Prisoners who died in custody.
    pub deceased: Vec<u32>,
    /// New arrests.
    pub arrested: Vec<u32>,
    /// Prisoners in custody at the end.
    pub held_at_end: Vec<u32>,
    /// Releases that failed because the prisoner refused exile.
    pub refused_exile: Vec<u32>,
    /// Agreements the rulebook refused.
    pub rejected: Vec<u32>,
    /// Defections from sequential deals.
    pub defections: Vec<u32>,
    /// Sanctions reimposed.
    pub snapbacks: Vec<u32>,
    /// Escalations after arrest spikes.
    pub escalations: Vec<u32>,
    /// Each government's discounted payoff, one column per government
    /// (`payoff[g][row]`).
    pub payoff: Vec<Vec<f64>>,
}

/// The names of a [`RunTable`]'s count columns, in the order of
/// [`RunTable::counts`], [`RunTable::counts_mut`] and [`counts_of`].
const COUNT_NAMES: [&str; 14] = [
    "deals",
    "packages",
    "freed_by_deal",
    "freed_by_sentence",
    "pardoned",
    "medical",
    "deceased",
    "arrested",
    "held_at_end",
    "refused_exile",
    "rejected",
    "defections",
    "snapbacks",
    "escalations",
];

/// A run's values of the count columns, in [`COUNT_NAMES`] order.
fn counts_of(s: &RunSummary) -> [u32; 14] {
    [
        s.deals,
        s.packages,
        s.freed_by_deal,
        s.freed_by_sentence,
        s.pardoned,
        s.medical,
        s.deceased,
        s.arrested,
        s.held_at_end,
        s.refused_exile,
        s.rejected,
        s.defections,
        s.snapbacks,
        s.escalations,
    ]
}

/// Why a [`RunTable`] assembled from columns was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunTableError {
    /// A column's length differs from the `run` column's.
    #[error("column `{column}` has {found} rows, expected {expected} (the `run` column's)")]
    Length {
        /// The column.
        column: String,
        /// Its rows.
        found: usize,
        /// The `run` column's rows.
        expected: usize,
    },
    /// The payoff columns are not one per government.
    #[error("{found} payoff columns for {expected} governments")]
    Payoffs {
        /// Payoff columns.
        found: usize,
        /// Governments.
        expected: usize,
    },
    /// Two tables to merge are of different governments.
    #[error("the tables are of different governments: {0:?} and {1:?}")]
    Governments(Vec<String>, Vec<String>),
    /// Runs are not strictly increasing (rows out of order or repeated).
    #[error("row {row}: run {run} does not follow run {previous}")]
    Order {
        /// The row.
        row: usize,
        /// Its run.
        run: u64,
        /// The run of the row before.
        previous: u64,
    },
}

impl RunTable {
    /// An empty table for a simulation's governments, with room for `runs`
    /// rows.
    pub fn with_capacity(sim: &Simulation, runs: usize) -> Self {
        let governments: Vec<String> = sim
            .world()
            .governments()
            .iter()
            .map(|g| g.code.clone())
            .collect();
        let mut t = RunTable {
            payoff: (0..governments.len())
                .map(|_| Vec::with_capacity(runs))
                .collect(),
            governments,
            run: Vec::with_capacity(runs),
            first_deal_round: Vec::with_capacity(runs),
            ..RunTable::default()
        };
        for col in t.counts_mut() {
            col.reserve_exact(runs);
        }
        t
    }

    /// The count columns, in [`COUNT_NAMES`] order.
    fn counts(&self) -> [&Vec<u32>; 14] {
        [
            &self.deals,
            &self.packages,
            &self.freed_by_deal,
            &self.freed_by_sentence,
            &self.pardoned,
            &self.medical,
            &self.deceased,
            &self.arrested,
            &self.held_at_end,
            &self.refused_exile,
            &self.rejected,
            &self.defections,
            &self.snapbacks,
            &self.escalations,
        ]
    }

    /// The count columns, mutable, in [`COUNT_NAMES`] order.
    fn counts_mut(&mut self) -> [&mut Vec<u32>; 14] {
        [
            &mut self.deals,
            &mut self.packages,
            &mut self.freed_by_deal,
            &mut self.freed_by_sentence,
            &mut self.pardoned,
            &mut self.medical,
            &mut self.deceased,
            &mut self.arrested,
            &mut self.held_at_end,
            &mut self.refused_exile,
            &mut self.rejected,
            &mut self.defections,
            &mut self.snapbacks,
            &mut self.escalations,
        ]
    }

    /// Bytes one row takes with `governments` governments: what keeping
    /// the runs of an experiment costs, per run (the columns' element
    /// sizes; growth slack aside, since [`with_capacity`] sizes them
    /// exactly).
    ///
    /// [`with_capacity`]: RunTable::with_capacity
    ///
    /// ```
    /// // run (8) + first deal (8) + 14 counts (4 each) + 2 payoffs (8 each)
    /// assert_eq!(detente::simulate::RunTable::bytes_per_run(2), 88);
    /// ```
    pub fn bytes_per_run(governments: usize) -> usize {
        size_of::<u64>()
            + size_of::<Option<u32>>()
            + COUNT_NAMES.len() * size_of::<u32>()
            + governments * size_of::<f64>()
    }

    /// Peak bytes of keeping the summaries of `runs` runs with `governments`
    /// governments: the table, plus the rows of the wave of runs in flight
    /// (up to 4,096 runs, merged into the table as the wave ends) and each
    /// in-flight chunk's bookkeeping (its column vectors and government
    /// codes: 256 + 32 g bytes per 64 runs).
    ///
    /// ```
    /// use detente::simulate::RunTable;
    /// assert_eq!(RunTable::peak_bytes(1_000, 2), 2 * 1_000 * 88 + 16 * 320);
    /// assert_eq!(RunTable::peak_bytes(100_000, 2), (100_000 + 4_096) * 88 + 64 * 320);
    /// ```
    pub fn peak_bytes(runs: u64, governments: usize) -> u64 {
        let per_run = Self::bytes_per_run(governments) as u64;
        let in_flight = runs.min(RUNS_PER_WAVE);
        let chunk = 256 + 32 * governments as u64;
        runs.saturating_add(in_flight)
            .saturating_mul(per_run)
            .saturating_add(in_flight.div_ceil(64).saturating_mul(chunk))
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.run.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.run.is_empty()
    }

    /// Adds run `run`'s summary as a row.
    pub fn push(&mut self, run: u64, s: &RunSummary) {
        self.run.push(run);
        self.first_deal_round.push(s.first_deal_round);
        for (col, x) in self.counts_mut().into_iter().zip(counts_of(s)) {
            col.push(x);
        }
        for (g, col) in self.payoff.iter_mut().enumerate() {
            col.push(s.payoff.get(g).copied().unwrap_or(0.0));
        }
    }

    /// Appends `other`'s rows (runs after this table's), leaving `other`
    /// empty.
    ///
    /// # Errors
    /// [`RunTableError::Governments`] when the tables are of different
    /// governments (nothing is moved then).
    pub fn append(&mut self, other: &mut RunTable) -> Result<(), RunTableError> {
        if self.governments != other.governments {
            return Err(RunTableError::Governments(
                self.governments.clone(),
                other.governments.clone(),
            ));
        }
        self.run.append(&mut other.run);
        self.first_deal_round.append(&mut other.first_deal_round);
        for (mine, theirs) in self.counts_mut().into_iter().zip(other.counts_mut()) {
            mine.append(theirs);
        }
        for (mine, theirs) in self.payoff.iter_mut().zip(&mut other.payoff) {
            mine.append(theirs);
        }
        Ok(())
    }

    /// Merges `other`'s rows in (the tables of two shards of one
    /// experiment), keeping rows in run order.
    ///
    /// # Errors
    /// [`RunTableError::Governments`] when the tables are of different
    /// governments, [`RunTableError::Order`] when both hold a run (nothing
    /// is changed then), or what [`RunTable::check`] finds in either.
    pub fn merge(&mut self, other: &RunTable) -> Result<(), RunTableError> {
        if self.governments != other.governments {
            return Err(RunTableError::Governments(
                self.governments.clone(),
                other.governments.clone(),
            ));
        }
        self.check()?;
        other.check()?;
        // The merged order as (from other?, row) picks, then one pass per
        // column, so a refused merge leaves `self` as it was.
        let (mut i, mut j) = (0, 0);
        let mut picks = Vec::with_capacity(self.len() + other.len());
        while i < self.len() || j < other.len() {
            let take_other = match (self.run.get(i), other.run.get(j)) {
                (Some(a), Some(b)) if a == b => {
                    return Err(RunTableError::Order {
                        row: i,
                        run: *b,
                        previous: *a,
                    });
                }
                (Some(a), Some(b)) => b < a,
                (None, _) => true,
                (Some(_), None) => false,
            };
            if take_other {
                picks.push((true, j));
                j += 1;
            } else {
                picks.push((false, i));
                i += 1;
            }
        }
        fn pick<T: Copy>(mine: &mut Vec<T>, theirs: &[T], picks: &[(bool, usize)]) {
            let merged = picks
                .iter()
                .map(|&(o, k)| if o { theirs[k] } else { mine[k] })
                .collect();
            *mine = merged;
        }
        pick(&mut self.run, &other.run, &picks);
        pick(&mut self.first_deal_round, &other.first_deal_round, &picks);
        for (mine, theirs) in self.counts_mut().into_iter().zip(other.counts()) {
            pick(mine, theirs, &picks);
        }
        for (mine, theirs) in self.payoff.iter_mut().zip(&other.payoff) {
            pick(mine, theirs, &picks);
        }
        Ok(())
    }

    /// The count columns by name, in the table's order (after `run` and
    /// `first_deal_round`, before the payoffs).
    pub fn count_columns(&self) -> impl Iterator<Item = (&'static str, &[u32])> + '_ {
        COUNT_NAMES
            .into_iter()
            .zip(self.counts())
            .map(|(name, col)| (name, col.as_slice()))
    }

    /// Checks what a table read from elsewhere (a pickle, a file) must
    /// hold: every column as long as `run`, one payoff column per
    /// government, runs strictly increasing.
    ///
    /// # Errors
    /// The first [`RunTableError`] found.
    pub fn check(&self) -> Result<(), RunTableError> {
        let expected = self.len();
        let length = |column: &str, found: usize| {
            if found == expected {
                Ok(())
            } else {
                Err(RunTableError::Length {
                    column: column.to_string(),
                    found,
                    expected,
                })
            }
        };
        length("first_deal_round", self.first_deal_round.len())?;
        for (name, col) in self.count_columns() {
            length(name, col.len())?;
        }
        if self.payoff.len() != self.governments.len() {
            return Err(RunTableError::Payoffs {
                found: self.payoff.len(),
                expected: self.governments.len(),
            });
        }
        for (g, col) in self.governments.iter().zip(&self.payoff) {
            length(&format!("payoff_{g}"), col.len())?;
        }
        for (row, w) in self.run.windows(2).enumerate() {
            if w[1] <= w[0] {
                return Err(RunTableError::Order {
                    row: row + 1,
                    run: w[1],
                    previous: w[0],
                });
            }
        }
        Ok(())
    }
}

/// Per-round aggregates of an experiment: the prisoner stock's mean and
/// 5%, 50% and 95% quantiles after each round (row 0 is the start), and
/// the mean deals, people freed in deals and arrests per run in each round.
///
/// ```
/// use detente::simulate::{ExperimentConfig, RoundTable, Simulation};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let sim = Simulation::from_scenario(&s)?;
/// let r = sim.experiment(&ExperimentConfig { runs: 20, rounds: 6, seed: 1 });
/// let t = RoundTable::of(&r);
/// assert_eq!(t.round, (0..=6).collect::<Vec<u32>>());
/// assert!(t.stock_q05.iter().zip(&t.stock_q95).all(|(lo, hi)| lo <= hi));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundTable {
    /// Round (0 is the start).
    pub round: Vec<u32>,
    /// Mean prisoner stock after the round.
    pub stock_mean: Vec<f64>,
    /// 5% quantile of the stock.
    pub stock_q05: Vec<f64>,
    /// Median stock.
    pub stock_q50: Vec<f64>,
    /// 95% quantile of the stock.
    pub stock_q95: Vec<f64>,
    /// Mean deals per run in the round (0 at round 0).
    pub deals_mean: Vec<f64>,
    /// Mean prisoners freed in deals per run in the round.
    pub freed_by_deal_mean: Vec<f64>,
    /// Mean arrests per run in the round.
    pub arrested_mean: Vec<f64>,
}

impl RoundTable {
    /// The table of `results` (NaN where no run covers a round).
    pub fn of(results: &ExperimentResults) -> Self {
        let mut t = RoundTable::default();
        let runs = results.runs as f64;
        let per_run = |v: &[u64], r: usize| -> f64 {
            if r == 0 || results.runs == 0 {
                return if results.runs == 0 { f64::NAN } else { 0.0 };
            }
            v.get(r - 1).map_or(f64::NAN, |&x| x as f64 / runs)
        };
        for (r, h) in results.stock.iter().enumerate() {
            let q = |p: f64| h.quantile(p).map_or(f64::NAN, f64::from);
            t.round.push(r as u32);
            t.stock_mean.push(h.mean().unwrap_or(f64::NAN));
            t.stock_q05.push(q(0.05));
            t.stock_q50.push(q(0.5));
            t.stock_q95.push(q(0.95));
            t.deals_mean.push(per_run(&results.deals_per_round, r));
            t.freed_by_deal_mean
                .push(per_run(&results.freed_by_deal_per_round, r));
            t.arrested_mean
                .push(per_run(&results.arrested_per_round, r));
        }
        t
    }
}

impl Simulation {
    /// Runs the runs in `runs` like [`Simulation::run_range`] (the same
    /// results, bit for bit) and also keeps each run's summary as a row of
    /// a [`RunTable`], in run order. Its peak, [`RunTable::peak_bytes`], is
    /// checked against `limits`' memory budget before anything runs.
    ///
    /// # Errors
    /// [`LimitExceeded`] when the table would not fit the memory budget.
    pub fn run_range_keeping_runs(
        &self,
        config: &ExperimentConfig,
        runs: Range<u64>,
        limits: &Limits,
        progress: Progress<'_>,
    ) -> Result<(ExperimentResults, RunTable), LimitExceeded> {
        let n = runs.end.saturating_sub(runs.start);
        limits.check_bytes(
            &format!("keeping the summaries of {n} runs"),
            RunTable::peak_bytes(n, self.world().governments().len()),
        )?;
        let (results, table) = self.run_jobs_keeping(
            config.rounds,
            config.seed,
            runs,
            &|i| vec![i],
            progress,
            true,
        );
        Ok((results, table.unwrap_or_default()))
    }
}
