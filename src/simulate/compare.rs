//! Counterfactuals with common random numbers: a baseline scenario and
//! variants of it (JSON-path settings, as in a [`Sweep`](super::Sweep)),
//! run in pairs on the same random streams, and the distribution of the
//! per-run difference variant − baseline for every outcome.
//!
//! # What the arms share
//! Run `i` of every arm draws from one generator seeded
//! [`rng::derived(seed, &[i])`](crate::rng::derived) (`[d, i]` under
//! parameter draw `d`), exactly as run `i` of
//! [`Simulation::run_range`](super::Simulation::run_range), so the baseline
//! arm *is* the plain experiment. A run consumes that one stream in a fixed
//! order (strategy seeds per pair, then each round: talks, gestures, the
//! mediator, events). The arms therefore see the same draws for as long as
//! they make the same moves; once they differ (a deal struck in one arm
//! only, a different number of binomial or Poisson draws because a rate
//! changed), the rest of the stream is consumed out of step and the arms'
//! noise is no longer shared: the pairing then degrades towards independent
//! runs, never below. A variant equal to the baseline gives exactly zero
//! difference in every run. [`Streams::Independent`] runs each variant on
//! its own streams instead, to measure what the pairing buys.
//!
//! # What is kept
//! Per variant, per parameter draw and per outcome, a [`DiffStats`]: exact
//! sums of both arms and of the difference and its square (so means and the
//! Monte Carlo standard error are exact functions of the runs, whatever the
//! thread count or sharding), and a histogram of the difference: exact
//! counts for integer outcomes, fixed logarithmic bins for payoffs.
//! Everything merges exactly ([`ComparisonResults::merge`]).
//!
//! # Parameter draws
//! With draws (each a list of `(path, value)` settings, such as posterior
//! draws from a calibration), every draw is applied to the baseline and to
//! each variant (a variant's own settings win where both set a path), and
//! the runs are repeated under each draw. [`DiffSummary::over_draws`] is
//! then the 90% interval over draws of the mean difference: how much the
//! answer depends on parameters that are not known, beside the Monte Carlo
//! standard error that says how precisely each draw's mean is known.

use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SimulateError;
use super::experiment::{ExperimentConfig, Progress};
use super::runner::{RunSummary, Runner};
use super::simulation::Simulation;
use super::stats::{ExactSum, LogHistogram};
use super::sweep::{Axis, Sweep, SweepPoint, set};
use crate::rng;
use crate::scenario::Scenario;

/// Runs per parallel chunk (one set of runners serves a chunk).
const CHUNK: u64 = 64;

/// Which random streams the variants draw from.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Streams {
    /// Run `i` of every arm draws from the baseline's stream (common random
    /// numbers).
    #[default]
    Common,
    /// Run `i` of variant `k` draws from `rng::derived(seed, &[.., i, k + 1])`,
    /// independent of the baseline's: only to measure what the pairing buys.
    Independent,
}

/// A paired comparison of a baseline scenario and variants of it.
///
/// ```
/// use detente::simulate::{Comparison, ExperimentConfig, SweepPoint};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let more_arrests = SweepPoint {
///     settings: vec![("dynamics.holders[0].arrest_rate".into(), 60.0.into())],
/// };
/// let cmp = Comparison::new(&s, &[more_arrests])?;
/// let cfg = ExperimentConfig { runs: 8, rounds: 3, seed: 1 };
/// let results = cmp.run(&cfg, 0..8, &|_, _| {});
/// let arrested = results.summaries(0).into_iter().find(|d| d.outcome == "arrested").unwrap();
/// assert!(arrested.mean > 0.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Comparison {
    base: Value,
    variants: Vec<SweepPoint>,
    draws: Vec<SweepPoint>,
    streams: Streams,
    outcomes: Vec<Outcome>,
    rounds: u32,
}

/// One outcome of a run, by name.
#[derive(Clone, Debug, PartialEq)]
struct Outcome {
    name: String,
    real: bool,
}

/// Per-run differences of one outcome, exact and mergeable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffStats {
    n: u64,
    /// Runs in which either arm's value is not zero.
    nonzero: u64,
    baseline: ExactSum,
    variant: ExactSum,
    diff: ExactSum,
    diff_sq: ExactSum,
    /// Integer outcomes: `(difference, runs)`, sorted by difference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    counts: Vec<(i64, u64)>,
    /// Real outcomes: the differences in fixed logarithmic bins.
    #[serde(default, skip_serializing_if = "is_empty_log")]
    bins: LogHistogram,
}

fn is_empty_log(h: &LogHistogram) -> bool {
    h.count() == 0
}

impl DiffStats {
    /// Records one run: the baseline's value `b` and the variant's `v`.
    fn add(&mut self, real: bool, b: f64, v: f64) {
        let d = v - b;
        self.n += 1;
        if b != 0.0 || v != 0.0 {
            self.nonzero += 1;
        }
        self.baseline.add(b);
        self.variant.add(v);
        self.diff.add(d);
        self.diff_sq.add(d * d);
        if real {
            self.bins.add(d);
        } else {
            // Integer outcomes are counts below 2^32, so `d` is exact.
            let d = d as i64;
            match self.counts.binary_search_by_key(&d, |&(x, _)| x) {
                Ok(i) => self.counts[i].1 += 1,
                Err(i) => self.counts.insert(i, (d, 1)),
            }
        }
    }

    /// Adds every run of `other`.
    pub fn merge(&mut self, other: &DiffStats) {
        self.n += other.n;
        self.nonzero += other.nonzero;
        self.baseline.merge(&other.baseline);
        self.variant.merge(&other.variant);
        self.diff.merge(&other.diff);
        self.diff_sq.merge(&other.diff_sq);
        for &(d, c) in &other.counts {
            match self.counts.binary_search_by_key(&d, |&(x, _)| x) {
                Ok(i) => self.counts[i].1 += c,
                Err(i) => self.counts.insert(i, (d, c)),
            }
        }
        self.bins.merge(&other.bins);
    }

    /// Runs recorded.
    pub fn runs(&self) -> u64 {
        self.n
    }

    /// Whether every run had zero in both arms (nothing to report).
    pub fn all_zero(&self) -> bool {
        self.nonzero == 0
    }

    fn mean_of(&self, s: &ExactSum) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            s.value() / self.n as f64
        }
    }

    /// Mean of the baseline arm.
    pub fn baseline_mean(&self) -> f64 {
        self.mean_of(&self.baseline)
    }

    /// Mean of the variant arm.
    pub fn variant_mean(&self) -> f64 {
        self.mean_of(&self.variant)
    }

    /// Mean difference, variant − baseline.
    pub fn mean(&self) -> f64 {
        self.mean_of(&self.diff)
    }

    /// Sample variance of the per-run difference (0 with fewer than two runs).
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        let n = self.n as f64;
        let mean = self.diff.value() / n;
        ((self.diff_sq.value() - n * mean * mean) / (n - 1.0)).max(0.0)
    }

    /// Monte Carlo standard error of the mean difference.
    pub fn std_err(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            (self.variance() / self.n as f64).sqrt()
        }
    }

    /// Nearest-rank quantile of the difference, `q` in [0, 1]: exact for
    /// integer outcomes, to within a bin (0.8%) for payoffs; 0 when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        if self.counts.is_empty() {
            return self.bins.quantile(q).unwrap_or(0.0);
        }
        let rank = ((q.clamp(0.0, 1.0) * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for &(d, c) in &self.counts {
            seen += c;
            if seen >= rank {
                return d as f64;
            }
        }
        0.0
    }
}

/// One outcome of one variant, summarised for a table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffSummary {
    /// The outcome (`freed_by_deal`, `payoff.USA`, `relief_granted.us_potash`, ...).
    pub outcome: String,
    /// Runs per arm (over all draws).
    pub runs: u64,
    /// Mean of the baseline arm.
    pub baseline_mean: f64,
    /// Mean of the variant arm.
    pub variant_mean: f64,
    /// Mean per-run difference, variant − baseline.
    pub mean: f64,
    /// 5th percentile of the per-run difference.
    pub p5: f64,
    /// Median per-run difference.
    pub p50: f64,
    /// 95th percentile of the per-run difference.
    pub p95: f64,
    /// Monte Carlo standard error of `mean`.
    pub std_err: f64,
    /// With two or more parameter draws: the 5th and 95th percentiles over
    /// draws of each draw's mean difference.
    pub over_draws: Option<[f64; 2]>,
    /// With two or more parameter draws: the root mean square of the draws'
    /// own Monte Carlo standard errors, the part of `over_draws`'s width
    /// that is run-to-run noise.
    pub draw_std_err: Option<f64>,
    /// Whether every run had zero in both arms.
    pub all_zero: bool,
}

/// Results of a comparison (or of some of its runs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonResults {
    /// The seed.
    pub seed: u64,
    /// Rounds per run.
    pub rounds: u32,
    /// Runs per arm and draw aggregated.
    pub runs: u64,
    /// Run indices aggregated, as sorted disjoint `[start, end)` ranges.
    pub covered: Vec<(u64, u64)>,
    /// Streams of the variants.
    pub streams: Streams,
    /// The outcomes, by index.
    pub outcomes: Vec<String>,
    /// Parameter draws (empty: the scenario as it is).
    pub draws: Vec<SweepPoint>,
    /// Per variant: its settings and, per draw (one without draws), per
    /// outcome, the differences.
    pub variants: Vec<VariantResults>,
}

/// One variant's differences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantResults {
    /// What the variant sets over the baseline.
    pub point: SweepPoint,
    /// `[draw][outcome]`.
    pub differences: Vec<Vec<DiffStats>>,
}

impl Comparison {
    /// Compares `base` with each of `variants`. Every variant is applied and
    /// built before anything runs.
    ///
    /// # Errors
    /// [`SimulateError::Compare`] naming the variant and the path for a
    /// path that does not exist, a value of the wrong type, a variant that
    /// changes the world's governments or sanctions (their outcomes would
    /// not pair) or its number of rounds, or no variant at all; the
    /// scenario's own errors for an invalid baseline.
    pub fn new(base: &Scenario, variants: &[SweepPoint]) -> Result<Comparison, SimulateError> {
        let baseline = Simulation::from_scenario(base)?;
        if variants.is_empty() {
            return Err(SimulateError::Compare("no variant to compare".into()));
        }
        let doc = serde_json::to_value(base)
            .map_err(|e| SimulateError::Compare(format!("scenario: {e}")))?;
        let cmp = Comparison {
            base: doc,
            variants: variants.to_vec(),
            draws: Vec::new(),
            streams: Streams::Common,
            outcomes: outcomes(&baseline),
            rounds: baseline.default_rounds(),
        };
        for v in variants {
            // The sweep checks the paths (equal or nested ones, missing
            // fields) and builds the point once.
            let axes: Vec<Axis> = v
                .settings
                .iter()
                .map(|(path, value)| Axis {
                    path: path.clone(),
                    values: vec![value.clone()],
                })
                .collect();
            let sweep = Sweep::new(base, &axes).map_err(|e| cmp.refuse(v, e))?;
            let sim = sweep.simulation(0).map_err(|e| cmp.refuse(v, e))?;
            cmp.check_pairs(&sim, v)?;
        }
        Ok(cmp)
    }

    /// The same comparison repeated under each parameter draw (each a list
    /// of `(path, value)` settings applied to every arm; a variant's own
    /// settings win). Every draw of every arm is built once here.
    ///
    /// # Errors
    /// As [`Comparison::new`], naming the draw.
    pub fn with_draws(mut self, draws: Vec<SweepPoint>) -> Result<Comparison, SimulateError> {
        self.draws = draws;
        for d in 0..self.draws.len() {
            let b = self.simulation(d, None)?;
            self.check_pairs(&b, &self.draws[d])?;
            for k in 0..self.variants.len() {
                let v = self.simulation(d, Some(k))?;
                self.check_pairs(&v, &self.variants[k])?;
            }
        }
        Ok(self)
    }

    /// Runs each variant on its own streams ([`Streams::Independent`]).
    pub fn with_streams(mut self, streams: Streams) -> Comparison {
        self.streams = streams;
        self
    }

    /// The baseline's own number of rounds (its `dynamics.rounds`, else 24).
    pub fn default_rounds(&self) -> u32 {
        self.rounds
    }

    /// The variants.
    pub fn variants(&self) -> &[SweepPoint] {
        &self.variants
    }

    /// The outcomes compared, by index.
    pub fn outcomes(&self) -> Vec<String> {
        self.outcomes.iter().map(|o| o.name.clone()).collect()
    }

    fn refuse(&self, v: &SweepPoint, e: SimulateError) -> SimulateError {
        let why = match e {
            SimulateError::Sweep(m) | SimulateError::Compare(m) => m,
            other => other.to_string(),
        };
        SimulateError::Compare(format!("{}: {why}", label(v)))
    }

    /// Refuses an arm whose outcomes would not pair with the baseline's.
    fn check_pairs(&self, arm: &Simulation, v: &SweepPoint) -> Result<(), SimulateError> {
        if outcomes(arm) != self.outcomes {
            return Err(SimulateError::Compare(format!(
                "{}: changes the world's governments or sanctions, so its outcomes do not pair with the baseline's",
                label(v)
            )));
        }
        if arm.default_rounds() != self.rounds {
            return Err(SimulateError::Compare(format!(
                "{}: runs {} rounds where the baseline runs {}; set --rounds for both instead",
                label(v),
                arm.default_rounds(),
                self.rounds
            )));
        }
        Ok(())
    }

    /// The simulation of the baseline (`None`) or variant `k` under draw `d`
    /// (the scenario itself without draws).
    fn simulation(&self, d: usize, k: Option<usize>) -> Result<Simulation, SimulateError> {
        let mut doc = self.base.clone();
        let mut settings: Vec<&(String, Value)> = Vec::new();
        if let Some(draw) = self.draws.get(d) {
            settings.extend(&draw.settings);
        }
        if let Some(k) = k {
            settings.extend(&self.variants[k].settings);
        }
        let whose = || match (self.draws.get(d), k) {
            (Some(draw), Some(k)) => format!(
                "draw {d} ({}) with {}",
                label(draw),
                label(&self.variants[k])
            ),
            (Some(draw), None) => format!("draw {d} ({})", label(draw)),
            (None, Some(k)) => label(&self.variants[k]),
            (None, None) => "the baseline".into(),
        };
        let bad = |e: SimulateError| {
            let why = match e {
                SimulateError::Sweep(m) | SimulateError::Compare(m) => m,
                other => other.to_string(),
            };
            SimulateError::Compare(format!("{}: {why}", whose()))
        };
        for (path, value) in settings {
            set(&mut doc, path, value.clone()).map_err(bad)?;
        }
        let scenario: Scenario =
            serde_json::from_value(doc).map_err(|e| bad(SimulateError::Compare(e.to_string())))?;
        Simulation::from_scenario(&scenario).map_err(bad)
    }

    /// Runs runs `runs` of `config` (of every draw) for the baseline and
    /// every variant. `config.runs` is ignored (the range says which runs);
    /// progress counts runs of all draws.
    ///
    /// # Panics
    /// Never for a comparison built by [`Comparison::new`] (every arm was
    /// built once there).
    pub fn run(
        &self,
        config: &ExperimentConfig,
        runs: Range<u64>,
        progress: Progress<'_>,
    ) -> ComparisonResults {
        let n_draws = self.draws.len().max(1);
        let per_draw = runs.end.saturating_sub(runs.start);
        let total = per_draw.saturating_mul(n_draws as u64);
        let done = std::sync::atomic::AtomicU64::new(0);
        let mut variants: Vec<VariantResults> = self
            .variants
            .iter()
            .map(|p| VariantResults {
                point: p.clone(),
                differences: Vec::with_capacity(n_draws),
            })
            .collect();
        for d in 0..n_draws {
            let build = |k| {
                self.simulation(d, k)
                    .expect("every arm of every draw was built once before")
            };
            let baseline = build(None);
            let arms: Vec<Simulation> = (0..self.variants.len()).map(|k| build(Some(k))).collect();
            let drawn = !self.draws.is_empty();
            let chunks: Vec<Range<u64>> = chunks(runs.clone());
            let empty = || vec![self.empty_row(); self.variants.len()];
            let part = chunks
                .into_par_iter()
                .map(|chunk| {
                    let n = chunk.end - chunk.start;
                    let part = self.run_chunk(config, &baseline, &arms, d, drawn, chunk);
                    let seen = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
                    progress(seen, total);
                    part
                })
                .reduce(empty, |mut a, b| {
                    // Exact merges: the grouping rayon picks does not matter.
                    for (x, y) in a.iter_mut().zip(&b) {
                        for (s, t) in x.iter_mut().zip(y) {
                            s.merge(t);
                        }
                    }
                    a
                });
            for (v, row) in variants.iter_mut().zip(part) {
                v.differences.push(row);
            }
        }
        ComparisonResults {
            seed: config.seed,
            rounds: config.rounds,
            runs: per_draw,
            covered: if per_draw > 0 {
                vec![(runs.start, runs.end)]
            } else {
                Vec::new()
            },
            streams: self.streams,
            outcomes: self.outcomes(),
            draws: self.draws.clone(),
            variants,
        }
    }

    fn empty_row(&self) -> Vec<DiffStats> {
        vec![DiffStats::default(); self.outcomes.len()]
    }

    /// One chunk of runs of draw `d`: `[variant][outcome]`.
    fn run_chunk(
        &self,
        config: &ExperimentConfig,
        baseline: &Simulation,
        arms: &[Simulation],
        d: usize,
        drawn: bool,
        chunk: Range<u64>,
    ) -> Vec<Vec<DiffStats>> {
        let mut base_runner = Runner::new(baseline, config.rounds);
        let mut runners: Vec<Runner<'_>> =
            arms.iter().map(|s| Runner::new(s, config.rounds)).collect();
        let mut out = vec![self.empty_row(); arms.len()];
        let mut b = vec![0.0; self.outcomes.len()];
        let mut v = vec![0.0; self.outcomes.len()];
        let mut path = Vec::with_capacity(3);
        for i in chunk {
            path.clear();
            if drawn {
                path.push(d as u64);
            }
            path.push(i);
            let s = base_runner.run(rng::derived(config.seed, &path), None);
            values(s, config.rounds, &mut b);
            for (k, runner) in runners.iter_mut().enumerate() {
                let stream = match self.streams {
                    Streams::Common => rng::derived(config.seed, &path),
                    Streams::Independent => {
                        path.push(k as u64 + 1);
                        let r = rng::derived(config.seed, &path);
                        path.pop();
                        r
                    }
                };
                values(runner.run(stream, None), config.rounds, &mut v);
                for (o, stats) in out[k].iter_mut().enumerate() {
                    stats.add(self.outcomes[o].real, b[o], v[o]);
                }
            }
        }
        out
    }
}

/// Consecutive chunks of `runs`, aligned to multiples of [`CHUNK`].
fn chunks(runs: Range<u64>) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut a = runs.start;
    while a < runs.end {
        let b = runs.end.min((a / CHUNK + 1) * CHUNK);
        out.push(a..b);
        a = b;
    }
    out
}

/// `path=value; ...` of a variant or draw, for messages and tables.
pub(crate) fn label(p: &SweepPoint) -> String {
    p.settings
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => format!("{k}={s}"),
            v => format!("{k}={v}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The outcomes of `sim`'s runs: counts, then payoffs per government, then
/// relief granted per sanction.
fn outcomes(sim: &Simulation) -> Vec<Outcome> {
    let count = |name: &str| Outcome {
        name: name.into(),
        real: false,
    };
    let mut out: Vec<Outcome> = COUNTS.iter().map(|n| count(n)).collect();
    for g in sim.world.governments() {
        out.push(Outcome {
            name: format!("payoff.{}", g.code),
            real: true,
        });
    }
    for s in sim.world.sanctions() {
        out.push(count(&format!("relief_granted.{}", s.key)));
    }
    out
}

/// The integer outcomes, in the order [`values`] writes them.
const COUNTS: [&str; 8] = [
    "freed_by_deal",
    "deals",
    "runs_with_deal",
    "first_deal_round",
    "freed",
    "arrested",
    "deceased",
    "held_at_end",
];

/// Writes run `s`'s outcomes into `out` (laid out as [`outcomes`]). A run
/// without a deal counts its first deal at round `rounds` (one past the
/// last), so the difference is defined in every run.
fn values(s: &RunSummary, rounds: u32, out: &mut [f64]) {
    let counts = [
        s.freed_by_deal,
        s.deals,
        u32::from(s.first_deal_round.is_some()),
        s.first_deal_round.unwrap_or(rounds),
        s.freed(),
        s.arrested,
        s.deceased,
        s.held_at_end,
    ];
    let (head, rest) = out.split_at_mut(COUNTS.len());
    for (o, c) in head.iter_mut().zip(counts) {
        *o = f64::from(c);
    }
    let (pay, relief) = rest.split_at_mut(s.payoff.len());
    pay.copy_from_slice(&s.payoff);
    for (o, &g) in relief.iter_mut().zip(&s.relief_granted) {
        *o = f64::from(u8::from(g));
    }
}

impl ComparisonResults {
    /// Summaries of variant `k`, one per outcome, pooled over draws.
    ///
    /// # Panics
    /// If `k` is not a variant.
    pub fn summaries(&self, k: usize) -> Vec<DiffSummary> {
        let v = &self.variants[k];
        (0..self.outcomes.len())
            .map(|o| {
                let mut pooled = DiffStats::default();
                for row in &v.differences {
                    pooled.merge(&row[o]);
                }
                let (over_draws, draw_std_err) = if v.differences.len() >= 2 {
                    let mut means: Vec<f64> = v.differences.iter().map(|r| r[o].mean()).collect();
                    means.sort_by(f64::total_cmp);
                    let at = |q: f64| {
                        let n = means.len();
                        let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
                        means[rank - 1]
                    };
                    let ms = v
                        .differences
                        .iter()
                        .map(|r| r[o].std_err().powi(2))
                        .sum::<f64>()
                        / v.differences.len() as f64;
                    (Some([at(0.05), at(0.95)]), Some(ms.sqrt()))
                } else {
                    (None, None)
                };
                DiffSummary {
                    outcome: self.outcomes[o].clone(),
                    runs: pooled.runs(),
                    baseline_mean: pooled.baseline_mean(),
                    variant_mean: pooled.variant_mean(),
                    mean: pooled.mean(),
                    p5: pooled.quantile(0.05),
                    p50: pooled.quantile(0.5),
                    p95: pooled.quantile(0.95),
                    std_err: pooled.std_err(),
                    over_draws,
                    draw_std_err,
                    all_zero: pooled.all_zero(),
                }
            })
            .collect()
    }

    /// The label of variant `k` (`path=value; ...`).
    ///
    /// # Panics
    /// If `k` is not a variant.
    pub fn label(&self, k: usize) -> String {
        label(&self.variants[k].point)
    }

    /// Adds another partial result of the same comparison over other runs.
    /// Exact: the result does not depend on how runs were split.
    ///
    /// # Errors
    /// [`MergeError::Mismatch`](super::MergeError::Mismatch) for results of
    /// another comparison, [`MergeError::Overlap`](super::MergeError::Overlap)
    /// when a run is in both.
    pub fn merge(&mut self, other: &ComparisonResults) -> Result<(), super::MergeError> {
        use super::MergeError;
        let shape = |r: &ComparisonResults| {
            (
                r.seed,
                r.rounds,
                r.streams,
                r.outcomes.clone(),
                r.draws.clone(),
                r.variants
                    .iter()
                    .map(|v| (v.point.clone(), v.differences.len()))
                    .collect::<Vec<_>>(),
            )
        };
        if shape(self) != shape(other) {
            return Err(MergeError::Mismatch(
                "results of different comparisons".into(),
            ));
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
        self.runs = self
            .runs
            .checked_add(other.runs)
            .ok_or(MergeError::Overflow("number of runs"))?;
        self.covered = merged;
        for (a, b) in self.variants.iter_mut().zip(&other.variants) {
            for (x, y) in a.differences.iter_mut().zip(&b.differences) {
                for (s, t) in x.iter_mut().zip(y) {
                    s.merge(t);
                }
            }
        }
        Ok(())
    }
}
