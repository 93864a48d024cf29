//! Sweeps: experiments over a grid of scenario parameters, as a flat list
//! of independent jobs `(point, run)`, so any subset of jobs (a shard) can
//! run anywhere and the partial results merge exactly.
//!
//! A parameter is named by its path in the scenario file
//! (`dynamics.holders[0].elasticity`); job `(p, i)` draws from
//! [`rng::derived(seed, &[p, i])`](crate::rng::derived).

use std::ops::Range;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SimulateError;
use super::experiment::Progress;
use super::results::{ExperimentResults, MergeError};
use super::simulation::Simulation;
use crate::scenario::Scenario;

/// One parameter and the values it takes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// Path in the scenario file, such as `dynamics.holders[0].elasticity`
    /// (a leading `$.` is allowed).
    pub path: String,
    /// Values, as JSON.
    pub values: Vec<Value>,
}

/// One point of the grid: a value for every axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepPoint {
    /// `(path, value)` per axis.
    pub settings: Vec<(String, Value)>,
}

/// A grid of simulations, built and validated up front.
///
/// ```
/// use detente::simulate::{Axis, Sweep};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let sweep = Sweep::new(&s, &[Axis {
///     path: "dynamics.holders[0].elasticity".into(),
///     values: vec![0.0.into(), 1.5.into()],
/// }])?;
/// assert_eq!(sweep.points().len(), 2);
/// // 2 points x 3 runs = 6 jobs; run them in two shards and merge.
/// let mut a = sweep.run(3, 4, 1, 0..4, &|_, _| {});
/// a.merge(&sweep.run(3, 4, 1, 4..6, &|_, _| {}))?;
/// assert_eq!(a, sweep.run(3, 4, 1, 0..6, &|_, _| {}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Sweep {
    points: Vec<SweepPoint>,
    sims: Vec<Simulation>,
}

/// Results of a sweep (or of some of its jobs), one experiment per point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepResults {
    /// Runs per point.
    pub runs_per_point: u64,
    /// Per point: its settings and its results.
    pub points: Vec<PointResults>,
}

/// One point's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointResults {
    /// The point.
    pub point: SweepPoint,
    /// Its aggregates (over the runs done so far).
    pub results: ExperimentResults,
}

impl SweepResults {
    /// Adds another partial result of the same sweep.
    ///
    /// # Errors
    /// As for [`ExperimentResults::merge`], or a different grid.
    pub fn merge(&mut self, other: &SweepResults) -> Result<(), MergeError> {
        if self.points.len() != other.points.len() || self.runs_per_point != other.runs_per_point {
            return Err(MergeError::Mismatch("different sweep grids".into()));
        }
        for (a, b) in self.points.iter_mut().zip(&other.points) {
            if a.point != b.point {
                return Err(MergeError::Mismatch("different sweep points".into()));
            }
            a.results.merge(&b.results)?;
        }
        Ok(())
    }
}

impl Sweep {
    /// The grid of `axes` (every combination, the last axis varying
    /// fastest) over `base`.
    ///
    /// # Errors
    /// [`SimulateError::Sweep`] for a path that does not exist or a value of
    /// the wrong type; [`SimulateError::Scenario`] when a point's scenario is
    /// invalid.
    pub fn new(base: &Scenario, axes: &[Axis]) -> Result<Sweep, SimulateError> {
        let base = serde_json::to_value(base)
            .map_err(|e| SimulateError::Sweep(format!("scenario: {e}")))?;
        let mut points = vec![SweepPoint {
            settings: Vec::new(),
        }];
        for axis in axes {
            if axis.values.is_empty() {
                return Err(SimulateError::Sweep(format!(
                    "axis `{}` has no values",
                    axis.path
                )));
            }
            points = points
                .into_iter()
                .flat_map(|p| {
                    axis.values.iter().map(move |v| {
                        let mut s = p.settings.clone();
                        s.push((axis.path.clone(), v.clone()));
                        SweepPoint { settings: s }
                    })
                })
                .collect();
        }
        let mut sims = Vec::with_capacity(points.len());
        for p in &points {
            let mut doc = base.clone();
            for (path, v) in &p.settings {
                set(&mut doc, path, v.clone())?;
            }
            let scenario: Scenario = serde_json::from_value(doc)
                .map_err(|e| SimulateError::Sweep(format!("point {:?}: {e}", p.settings)))?;
            sims.push(Simulation::from_scenario(&scenario)?);
        }
        Ok(Sweep { points, sims })
    }

    /// The grid points.
    pub fn points(&self) -> &[SweepPoint] {
        &self.points
    }

    /// The simulation of point `p`.
    pub fn simulation(&self, p: usize) -> &Simulation {
        &self.sims[p]
    }

    /// Number of jobs for `runs_per_point` runs per point.
    pub fn jobs(&self, runs_per_point: u64) -> u64 {
        runs_per_point * self.points.len() as u64
    }

    /// Runs jobs `jobs` (job `j` is run `j % runs_per_point` of point
    /// `j / runs_per_point`) for `rounds` rounds under `seed`.
    pub fn run(
        &self,
        runs_per_point: u64,
        rounds: u32,
        seed: u64,
        jobs: Range<u64>,
        progress: Progress<'_>,
    ) -> SweepResults {
        let runs = runs_per_point.max(1);
        let mut points = Vec::with_capacity(self.points.len());
        for (p, sim) in self.sims.iter().enumerate() {
            let lo = p as u64 * runs;
            let (a, b) = (jobs.start.max(lo), jobs.end.min(lo + runs));
            let range = if a < b { a - lo..b - lo } else { 0..0 };
            let pp = p as u64;
            let results = sim.run_jobs(rounds, seed, range, &move |i| vec![pp, i], progress);
            points.push(PointResults {
                point: self.points[p].clone(),
                results,
            });
        }
        SweepResults {
            runs_per_point: runs,
            points,
        }
    }
}

/// Sets the value at `path` (`a.b[2].c`) in `doc`; the last key may be new.
fn set(doc: &mut Value, path: &str, v: Value) -> Result<(), SimulateError> {
    let path_str = path.strip_prefix("$.").unwrap_or(path);
    let bad = |why: &str| SimulateError::Sweep(format!("path `{path}`: {why}"));
    let mut segments = Vec::new();
    for part in path_str.split('.') {
        let (name, rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            segments.push(Seg::Key(name.to_string()));
        }
        for idx in rest.split('[').skip(1) {
            let i = idx
                .strip_suffix(']')
                .and_then(|x| x.parse::<usize>().ok())
                .ok_or_else(|| bad("bad index"))?;
            segments.push(Seg::Index(i));
        }
    }
    let Some((last, init)) = segments.split_last() else {
        return Err(bad("empty path"));
    };
    let mut cur = doc;
    for s in init {
        cur = match s {
            Seg::Key(k) => cur.get_mut(k.as_str()),
            Seg::Index(i) => cur.get_mut(*i),
        }
        .ok_or_else(|| bad("no such field"))?;
    }
    match last {
        Seg::Key(k) => {
            let obj = cur.as_object_mut().ok_or_else(|| bad("not an object"))?;
            obj.insert(k.clone(), v);
        }
        Seg::Index(i) => {
            let slot = cur.get_mut(*i).ok_or_else(|| bad("no such element"))?;
            *slot = v;
        }
    }
    Ok(())
}

enum Seg {
    Key(String),
    Index(usize),
}
