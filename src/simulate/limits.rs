//! Experiments and sweeps under a [`Budget`] (its unit of work is a run; a
//! sweep's, a job), which stop early and say so.
//!
//! A limited experiment runs the same chunks of consecutive runs as an
//! unlimited one and checks the limits before starting each chunk, so it
//! stops at a chunk boundary: every run it reports is complete, the
//! aggregates are exact for the runs in
//! [`ExperimentResults::covered`], and the runs it skipped
//! ([`LimitedResults::missing`]) can be run later with
//! [`Simulation::run_range`] and merged to give exactly the unlimited
//! result. A run limit takes the first runs in index order, so it is
//! deterministic; which chunks a time limit leaves out depends on the
//! machine.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::experiment::{ExperimentConfig, Progress};
use super::results::ExperimentResults;
use super::runner::Runner;
use super::simulation::Simulation;
use super::sweep::{PointResults, Sweep, SweepResults};
use crate::budget::{Budget, Stopped};
use crate::rng;

/// Runs per chunk: the granularity at which a time limit is checked. The
/// same as the unlimited experiment's, though exact merging does not
/// depend on it.
const CHUNK: u64 = 64;
/// Chunks per wave: bounds the partial results held at once.
const WAVE: u64 = 64;

/// The results of a limited experiment: exact for the runs they cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitedResults {
    /// Aggregates over the runs carried out (listed in `results.covered`).
    pub results: ExperimentResults,
    /// Runs the experiment asked for: `0..requested`.
    pub requested: u64,
    /// Whether a limit stopped the experiment before every run was done.
    pub truncated: bool,
    /// The limit that did (the run limit, [`Stopped::Nodes`], when both
    /// fired).
    pub stopped_by: Option<Stopped>,
}

impl LimitedResults {
    /// Whether every requested run is in the results.
    pub fn complete(&self) -> bool {
        !self.truncated
    }

    /// The requested runs that are not in the results, as sorted disjoint
    /// ranges: run them with [`Simulation::run_range`] and merge to finish
    /// the experiment.
    ///
    /// ```
    /// use detente::Budget;
    /// use detente::simulate::{ExperimentConfig, Simulation};
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let cfg = ExperimentConfig { runs: 10, rounds: 4, seed: 3 };
    /// let mut part = sim.experiment_with_limits(&cfg, &Budget::unlimited().with_nodes(4), &|_, _| {});
    /// assert!(part.truncated);
    /// assert_eq!(part.missing(), vec![4..10]);
    /// for r in part.missing() {
    ///     part.results.merge(&sim.run_range(&cfg, r, &|_, _| {}))?;
    /// }
    /// assert_eq!(part.results, sim.experiment(&cfg));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn missing(&self) -> Vec<Range<u64>> {
        gaps(&self.results.covered, 0..self.requested)
    }
}

/// The results of a limited sweep: exact for the jobs they cover.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LimitedSweepResults {
    /// Per point, the aggregates over its runs carried out.
    pub results: SweepResults,
    /// Jobs the sweep asked for.
    pub requested: Range<u64>,
    /// Whether a limit stopped the sweep before every job was done.
    pub truncated: bool,
    /// The limit that did (the run limit, [`Stopped::Nodes`], when both
    /// fired).
    pub stopped_by: Option<Stopped>,
}

/// The parts of `within` not in the sorted disjoint ranges `covered`.
fn gaps(covered: &[(u64, u64)], within: Range<u64>) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut at = within.start;
    for &(a, b) in covered {
        let (a, b) = (a.max(within.start), b.min(within.end));
        if a >= b {
            continue;
        }
        if at < a {
            out.push(at..a);
        }
        at = at.max(b);
    }
    if at < within.end {
        out.push(at..within.end);
    }
    out
}

/// Shared state of one limited experiment or sweep: the deadline, checked
/// by every chunk before it starts, and whether it has passed.
struct Deadline {
    start: Instant,
    max_time: Option<Duration>,
    expired: AtomicBool,
}

impl Deadline {
    fn new(budget: &Budget) -> Self {
        Deadline {
            start: Instant::now(),
            max_time: budget.max_time,
            expired: AtomicBool::new(false),
        }
    }

    /// Whether a chunk may still start.
    fn allows(&self) -> bool {
        if self.expired.load(Ordering::Relaxed) {
            return false;
        }
        let over = self.max_time.is_some_and(|t| self.start.elapsed() >= t);
        if over {
            self.expired.store(true, Ordering::Relaxed);
        }
        !over
    }

    fn expired(&self) -> bool {
        self.expired.load(Ordering::Relaxed)
    }
}

impl Simulation {
    /// Runs an experiment under `budget`, stopping at a chunk boundary when
    /// one is reached; the results are exact for the runs they cover.
    ///
    /// ```
    /// use detente::budget::{Budget, Stopped};
    /// use detente::simulate::{ExperimentConfig, Simulation};
    /// use std::time::Duration;
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let cfg = ExperimentConfig { runs: 100, rounds: 6, seed: 1 };
    /// // Nothing may run in no time: empty results, flagged.
    /// let none = sim.experiment_with_limits(&cfg, &Budget::unlimited().with_time(Duration::ZERO), &|_, _| {});
    /// assert!(none.truncated && none.results.runs == 0);
    /// assert_eq!(none.stopped_by, Some(Stopped::Time));
    /// // Generous limits change nothing.
    /// let all = sim.experiment_with_limits(&cfg, &Budget::unlimited().with_nodes(1_000), &|_, _| {});
    /// assert!(all.complete());
    /// assert_eq!(all.results, sim.experiment(&cfg));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn experiment_with_limits(
        &self,
        config: &ExperimentConfig,
        budget: &Budget,
        progress: Progress<'_>,
    ) -> LimitedResults {
        let clock = Deadline::new(budget);
        let end = budget.nodes_within(config.runs);
        let results = self.run_jobs_limited(
            config.rounds,
            config.seed,
            0..end,
            &|i| vec![i],
            &clock,
            progress,
        );
        let (truncated, stopped_by) = verdict(results.runs, config.runs, end, &clock);
        LimitedResults {
            results,
            requested: config.runs,
            truncated,
            stopped_by,
        }
    }

    /// Like the unlimited experiment's chunked, wave-by-wave loop, checking
    /// `clock` before each chunk; chunks that may not start are left out.
    fn run_jobs_limited(
        &self,
        rounds: u32,
        seed: u64,
        jobs: Range<u64>,
        path: &(dyn Fn(u64) -> Vec<u64> + Sync),
        clock: &Deadline,
        progress: Progress<'_>,
    ) -> ExperimentResults {
        let total = jobs.end.saturating_sub(jobs.start);
        let done = AtomicU64::new(0);
        let mut out = ExperimentResults::empty(self, seed, rounds);
        let mut start = jobs.start;
        while start < jobs.end && !clock.expired() {
            let wave_end = jobs.end.min((start / CHUNK + WAVE) * CHUNK);
            let mut bounds = Vec::new();
            let mut a = start;
            while a < wave_end {
                let b = wave_end.min((a / CHUNK + 1) * CHUNK);
                bounds.push(a..b);
                a = b;
            }
            let parts: Vec<Option<ExperimentResults>> = bounds
                .into_par_iter()
                .map(|chunk| {
                    if !clock.allows() {
                        return None;
                    }
                    let mut runner = Runner::new(self, rounds);
                    let mut part = ExperimentResults::empty(self, seed, rounds);
                    let n = chunk.end - chunk.start;
                    for j in chunk {
                        let summary = runner.run(rng::derived(seed, &path(j)), None);
                        part.add(self, j, summary);
                    }
                    let d = done.fetch_add(n, Ordering::Relaxed) + n;
                    progress(d, total);
                    Some(part)
                })
                .collect();
            for part in parts.iter().flatten() {
                out.merge(part)
                    .expect("disjoint chunks of one experiment always merge");
            }
            start = wave_end;
        }
        out
    }
}

/// Whether `done` of `requested` runs is truncated, and by what, when the
/// run limit allowed `allowed`.
fn verdict(done: u64, requested: u64, allowed: u64, clock: &Deadline) -> (bool, Option<Stopped>) {
    if done == requested {
        (false, None)
    } else if allowed < requested {
        (true, Some(Stopped::Nodes))
    } else {
        debug_assert!(clock.expired(), "runs go missing only under a limit");
        (true, Some(Stopped::Time))
    }
}

impl Sweep {
    /// Runs jobs `jobs` of the sweep (as [`Sweep::run`]) under `budget`: a
    /// run limit keeps the first jobs in job order, a time limit stops at a
    /// chunk boundary; each point's results are exact for the runs they
    /// cover.
    ///
    /// ```
    /// use detente::budget::{Budget, Stopped};
    /// use detente::simulate::{Axis, Sweep};
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let sweep = Sweep::new(&s, &[Axis {
    ///     path: "dynamics.holders[0].elasticity".into(),
    ///     values: vec![0.0.into(), 1.5.into()],
    /// }])?;
    /// let r = sweep.run_with_limits(4, Some(3), 1, 0..8, &Budget::unlimited().with_nodes(5), &|_, _| {});
    /// assert_eq!(r.stopped_by, Some(Stopped::Nodes));
    /// assert_eq!(r.results.points[0].results.runs, 4);
    /// assert_eq!(r.results.points[1].results.covered, vec![(0, 1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_with_limits(
        &self,
        runs_per_point: u64,
        rounds: Option<u32>,
        seed: u64,
        jobs: Range<u64>,
        budget: &Budget,
        progress: Progress<'_>,
    ) -> LimitedSweepResults {
        let clock = Deadline::new(budget);
        let runs = runs_per_point.max(1);
        let all = self.jobs(runs);
        let jobs = jobs.start.min(all)..jobs.end.min(all);
        let requested = jobs.end.saturating_sub(jobs.start);
        let allowed = budget.nodes_within(requested);
        let end = jobs.start + allowed;
        let mut points = Vec::with_capacity(self.points().len());
        let mut done = 0;
        for (p, point) in self.points().iter().enumerate() {
            let lo = (p as u64).saturating_mul(runs);
            let (a, b) = (jobs.start.max(lo), end.min(lo.saturating_add(runs)));
            let range = if a < b { a - lo..b - lo } else { 0..0 };
            let pp = p as u64;
            let results = self.point_results(p, rounds, seed, range, |sim, rounds, range| {
                sim.run_jobs_limited(rounds, seed, range, &move |i| vec![pp, i], &clock, progress)
            });
            done += results.runs;
            points.push(PointResults {
                point: point.clone(),
                results,
            });
        }
        let (truncated, stopped_by) = verdict(done, requested, allowed, &clock);
        LimitedSweepResults {
            results: SweepResults {
                runs_per_point: runs,
                points,
            },
            requested: jobs,
            truncated,
            stopped_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gaps;

    #[test]
    fn gaps_are_the_complement_within_the_range() {
        assert_eq!(gaps(&[], 0..5), vec![0..5]);
        assert_eq!(gaps(&[(0, 5)], 0..5), Vec::<std::ops::Range<u64>>::new());
        assert_eq!(gaps(&[(1, 2), (3, 4)], 0..6), vec![0..1, 2..3, 4..6]);
        assert_eq!(gaps(&[(0, 10)], 2..4), Vec::<std::ops::Range<u64>>::new());
        assert_eq!(gaps(&[(5, 8)], 0..6), vec![0..5]);
    }
}
