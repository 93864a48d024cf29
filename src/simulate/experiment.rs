//! Experiments: many seeded runs in parallel, aggregated as they finish.
//!
//! Run `i` of an experiment with seed `s` draws from
//! [`rng::derived(s, &[i])`](crate::rng::derived). Runs are grouped in
//! fixed chunks of consecutive indices; chunks run in parallel (rayon) in
//! waves, and each wave's partial results are merged in index order. Every
//! aggregate merges exactly ([`stats`](super::stats)), so the results are
//! bit-identical for any number of threads, and memory stays flat in the
//! number of runs.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::results::ExperimentResults;
use super::runner::{RunSummary, Runner};
use super::simulation::Simulation;
use super::tables::RunTable;
use super::trajectory::Trajectory;
use crate::rng;

/// Runs per chunk: one runner's buffers serve a chunk.
const CHUNK: u64 = 64;
/// Chunks per wave: bounds the partial results held at once.
const WAVE: u64 = 64;
/// Runs of one wave: what a kept-runs experiment holds in flight beside
/// its table.
pub(crate) const RUNS_PER_WAVE: u64 = CHUNK * WAVE;

/// What to run.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExperimentConfig {
    /// Number of runs.
    pub runs: u64,
    /// Rounds per run.
    pub rounds: u32,
    /// Seed: run `i` uses `rng::derived(seed, &[i])`.
    pub seed: u64,
}

/// A progress callback: `(runs done, runs in total)`, called from worker
/// threads as chunks finish.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

impl Simulation {
    /// Runs an experiment on the current rayon thread pool.
    pub fn experiment(&self, config: &ExperimentConfig) -> ExperimentResults {
        self.experiment_with_progress(config, &|_, _| {})
    }

    /// Runs an experiment, reporting progress.
    pub fn experiment_with_progress(
        &self,
        config: &ExperimentConfig,
        progress: Progress<'_>,
    ) -> ExperimentResults {
        self.run_range(config, 0..config.runs, progress)
    }

    /// Runs only the runs in `runs` (a shard of an experiment); merge the
    /// partial results of disjoint shards with [`ExperimentResults::merge`].
    ///
    /// ```
    /// use detente::simulate::{ExperimentConfig, Simulation};
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let cfg = ExperimentConfig { runs: 6, rounds: 4, seed: 9 };
    /// let mut a = sim.run_range(&cfg, 3..6, &|_, _| {});
    /// a.merge(&sim.run_range(&cfg, 0..3, &|_, _| {}))?;
    /// assert_eq!(a, sim.experiment(&cfg));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_range(
        &self,
        config: &ExperimentConfig,
        runs: Range<u64>,
        progress: Progress<'_>,
    ) -> ExperimentResults {
        let seed = config.seed;
        self.run_jobs(config.rounds, seed, runs, &|i| vec![i], progress)
    }

    /// Runs jobs `jobs`, job `j` seeded with `rng::derived(seed, &path(j))`,
    /// aggregated as runs `j` of one result.
    pub(crate) fn run_jobs(
        &self,
        rounds: u32,
        seed: u64,
        jobs: Range<u64>,
        path: &(dyn Fn(u64) -> Vec<u64> + Sync),
        progress: Progress<'_>,
    ) -> ExperimentResults {
        self.run_jobs_keeping(rounds, seed, jobs, path, progress, false)
            .0
    }

    /// [`run_jobs`](Self::run_jobs), also keeping every job's summary as a
    /// row of a [`RunTable`] when `keep` is set.
    pub(crate) fn run_jobs_keeping(
        &self,
        rounds: u32,
        seed: u64,
        jobs: Range<u64>,
        path: &(dyn Fn(u64) -> Vec<u64> + Sync),
        progress: Progress<'_>,
        keep: bool,
    ) -> (ExperimentResults, Option<RunTable>) {
        let total = jobs.end.saturating_sub(jobs.start);
        let done = AtomicU64::new(0);
        let mut out = ExperimentResults::empty(self, seed, rounds);
        let mut table =
            keep.then(|| RunTable::with_capacity(self, usize::try_from(total).unwrap_or(0)));
        let mut start = jobs.start;
        // Chunks align to multiples of CHUNK so a shard's chunks are the
        // same as the full run's (not that exact merges would care).
        while start < jobs.end {
            let wave_end = jobs.end.min((start / CHUNK + WAVE) * CHUNK);
            let mut bounds = Vec::new();
            let mut a = start;
            while a < wave_end {
                let b = wave_end.min((a / CHUNK + 1) * CHUNK);
                bounds.push(a..b);
                a = b;
            }
            let parts: Vec<(ExperimentResults, Option<RunTable>)> = bounds
                .into_par_iter()
                .map(|chunk| {
                    let mut runner = Runner::new(self, rounds);
                    let mut part = ExperimentResults::empty(self, seed, rounds);
                    let n = chunk.end - chunk.start;
                    let mut rows = keep.then(|| RunTable::with_capacity(self, n as usize));
                    for j in chunk {
                        let path = path(j);
                        let summary = runner.run(rng::derived(seed, &path), None);
                        part.add(self, j, summary);
                        if let Some(rows) = &mut rows {
                            rows.push(j, summary);
                        }
                    }
                    let d = done.fetch_add(n, Ordering::Relaxed) + n;
                    progress(d, total);
                    (part, rows)
                })
                .collect();
            for (part, rows) in parts {
                out.merge(&part)
                    .expect("parts of one experiment always merge");
                if let (Some(table), Some(mut rows)) = (&mut table, rows) {
                    table
                        .append(&mut rows)
                        .expect("parts of one simulation have its governments");
                }
            }
            start = wave_end;
        }
        (out, table)
    }

    /// Calls `f` with the summary of each run in `runs`, in order, on the
    /// calling thread with one runner: for callers that are parallel
    /// themselves (calibration runs one particle's runs per task).
    pub(crate) fn for_each_run(
        &self,
        rounds: u32,
        seed: u64,
        runs: Range<u64>,
        mut f: impl FnMut(&RunSummary),
    ) {
        let mut runner = Runner::new(self, rounds);
        for i in runs {
            f(runner.run(rng::derived(seed, &[i]), None));
        }
    }

    /// Runs run `run` of an experiment alone, with its full trajectory.
    ///
    /// ```
    /// use detente::simulate::Simulation;
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let sim = Simulation::from_scenario(&s)?;
    /// let (summary, trajectory) = sim.run_one(7, 0, 12);
    /// assert_eq!(trajectory.rounds.len() as u32, summary.rounds);
    /// assert_eq!(trajectory.rounds.last().unwrap().held, summary.held_at_end);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run_one(&self, seed: u64, run: u64, rounds: u32) -> (RunSummary, Trajectory) {
        let mut runner = Runner::new(self, rounds);
        let mut t = Trajectory::default();
        let s = runner.run(rng::derived(seed, &[run]), Some(&mut t)).clone();
        (s, t)
    }
}
