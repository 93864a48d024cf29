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
use crate::limits::Limits;
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

/// A grid of simulations. Every point is validated up front (built once
/// and dropped), and each is built again only while its jobs run, so a
/// shard that runs one job holds one world, not the whole grid.
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
/// let mut a = sweep.run(3, Some(4), 1, 0..4, &|_, _| {});
/// a.merge(&sweep.run(3, Some(4), 1, 4..6, &|_, _| {}))?;
/// assert_eq!(a, sweep.run(3, Some(4), 1, 0..6, &|_, _| {}));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Sweep {
    base: Value,
    points: Vec<SweepPoint>,
    /// Each point's own rounds (its `dynamics.rounds`, else 24).
    own_rounds: Vec<u32>,
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
    /// fastest) over `base`, under the default [`Limits`].
    ///
    /// # Errors
    /// As [`Sweep::new_with`].
    pub fn new(base: &Scenario, axes: &[Axis]) -> Result<Sweep, SimulateError> {
        Self::new_with(base, axes, &Limits::default())
    }

    /// The grid of `axes` over `base`; its size is checked against
    /// `limits.max_sweep_points` before any point is built.
    ///
    /// ```
    /// use detente::limits::Limits;
    /// use detente::simulate::{Axis, Sweep};
    /// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
    /// let axis = |path: &str| Axis { path: path.into(), values: (0..100).map(|i| i.into()).collect() };
    /// let tight = Limits { max_sweep_points: 1_000, ..Limits::default() };
    /// let err = Sweep::new_with(&s, &[axis("seed_a"), axis("seed_b")], &tight).err().unwrap();
    /// assert_eq!(err.to_string(), "sweep: the grid of --sweep axes asks for 10000, more than the limit of 1000");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`SimulateError::Sweep`] for a grid above the limit, an axis without
    /// values, two axes that set the same field (or one inside the other:
    /// the later would silently override the earlier, and the points'
    /// labels would lie), a path that does not exist or a value of the
    /// wrong type; [`SimulateError::Scenario`] or
    /// [`SimulateError::Dynamics`] when a point's scenario is invalid.
    pub fn new_with(
        base: &Scenario,
        axes: &[Axis],
        limits: &Limits,
    ) -> Result<Sweep, SimulateError> {
        check_axes(axes, limits)?;
        let base = serde_json::to_value(base)
            .map_err(|e| SimulateError::Sweep(format!("scenario: {e}")))?;
        let mut points = vec![SweepPoint {
            settings: Vec::new(),
        }];
        for axis in axes {
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
        let mut sweep = Sweep {
            base,
            points,
            own_rounds: Vec::new(),
        };
        for p in 0..sweep.points.len() {
            let scenario = sweep.scenario(p)?;
            // Built once to validate, then dropped: only one world at a time.
            let sim = Simulation::from_scenario(&scenario)?;
            sweep.own_rounds.push(sim.default_rounds());
        }
        Ok(sweep)
    }

    /// The scenario of point `p`.
    fn scenario(&self, p: usize) -> Result<Scenario, SimulateError> {
        let point = &self.points[p];
        let mut doc = self.base.clone();
        for (path, v) in &point.settings {
            set(&mut doc, path, v.clone())?;
        }
        serde_json::from_value(doc)
            .map_err(|e| SimulateError::Sweep(format!("point {:?}: {e}", point.settings)))
    }

    /// The grid points.
    pub fn points(&self) -> &[SweepPoint] {
        &self.points
    }

    /// Builds the simulation of point `p` (a fresh world each call).
    ///
    /// # Errors
    /// None for a point of the grid (each was built once by
    /// [`Sweep::new`]); [`SimulateError::Sweep`] for `p` outside it.
    pub fn simulation(&self, p: usize) -> Result<Simulation, SimulateError> {
        if p >= self.points.len() {
            return Err(SimulateError::Sweep(format!(
                "no point {p} in a grid of {}",
                self.points.len()
            )));
        }
        Simulation::from_scenario(&self.scenario(p)?)
    }

    /// The rounds point `p`'s own scenario asks for (its `dynamics.rounds`,
    /// else 24).
    ///
    /// # Panics
    /// If `p` is not a point of the grid.
    pub fn own_rounds(&self, p: usize) -> u32 {
        self.own_rounds[p]
    }

    /// The rounds every point runs when the caller asks for `requested`:
    /// that number, or the points' own rounds when they all agree.
    ///
    /// # Errors
    /// [`SimulateError::Sweep`] when the points' own rounds differ (an axis
    /// sets `dynamics.rounds`) and `requested` would override them (the
    /// labels would lie), or when `requested` is `None` and one number is
    /// needed.
    pub fn common_rounds(&self, requested: Option<u32>) -> Result<u32, SimulateError> {
        let first = self.own_rounds.first().copied().unwrap_or(24);
        match self.own_rounds.iter().position(|&r| r != first) {
            None => Ok(requested.unwrap_or(first)),
            Some(p) => Err(SimulateError::Sweep(format!(
                "the points run different numbers of rounds ({first} at point 0, {} at point {p}: {}){}",
                self.own_rounds[p],
                self.points[p]
                    .settings
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                match requested {
                    Some(r) =>
                        format!(", so {r} rounds for all of them would contradict their settings"),
                    None => ", so they have no common number of rounds".into(),
                }
            ))),
        }
    }

    /// Number of jobs for `runs_per_point` runs per point (saturating).
    pub fn jobs(&self, runs_per_point: u64) -> u64 {
        runs_per_point.saturating_mul(self.points.len() as u64)
    }

    /// The results of point `p` for its runs `range`, computed by `run`
    /// from the point's simulation and rounds; a point with no run in
    /// `range` is not built at all (its results are empty placeholders that
    /// every merge accepts).
    pub(crate) fn point_results(
        &self,
        p: usize,
        rounds: Option<u32>,
        seed: u64,
        range: Range<u64>,
        run: impl FnOnce(&Simulation, u32, Range<u64>) -> ExperimentResults,
    ) -> ExperimentResults {
        let rounds = rounds.unwrap_or(self.own_rounds[p]);
        if range.is_empty() {
            return placeholder(seed, rounds);
        }
        // Sweep::new built this very document successfully, and building
        // is deterministic.
        let sim = self
            .simulation(p)
            .expect("every point was built once by Sweep::new");
        run(&sim, rounds, range)
    }

    /// Runs jobs `jobs` (job `j` is run `j % runs_per_point` of point
    /// `j / runs_per_point`) under `seed`, for `rounds` rounds or, with
    /// `None`, each point's own rounds ([`Sweep::own_rounds`]).
    ///
    /// # Complexity
    /// Memory: one point's simulation at a time, plus the results.
    pub fn run(
        &self,
        runs_per_point: u64,
        rounds: Option<u32>,
        seed: u64,
        jobs: Range<u64>,
        progress: Progress<'_>,
    ) -> SweepResults {
        let runs = runs_per_point.max(1);
        let mut points = Vec::with_capacity(self.points.len());
        for p in 0..self.points.len() {
            let lo = (p as u64).saturating_mul(runs);
            let (a, b) = (jobs.start.max(lo), jobs.end.min(lo.saturating_add(runs)));
            let range = if a < b { a - lo..b - lo } else { 0..0 };
            let pp = p as u64;
            let results = self.point_results(p, rounds, seed, range, |sim, rounds, range| {
                sim.run_jobs(rounds, seed, range, &move |i| vec![pp, i], progress)
            });
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

/// Results of a point none of whose runs were asked for: no world is built
/// for it, and merging accepts them with any results of the point. The
/// per-round vectors have their length, so the shard checks hold.
fn placeholder(seed: u64, rounds: u32) -> ExperimentResults {
    ExperimentResults {
        seed,
        rounds,
        stock: vec![Default::default(); rounds as usize + 1],
        freed_by_deal_per_round: vec![0; rounds as usize],
        deals_per_round: vec![0; rounds as usize],
        arrested_per_round: vec![0; rounds as usize],
        ..ExperimentResults::default()
    }
}

/// Refuses a grid above the limit, an empty axis, and axes whose paths are
/// equal or nested, before anything is built.
fn check_axes(axes: &[Axis], limits: &Limits) -> Result<(), SimulateError> {
    let mut size: u64 = 1;
    for axis in axes {
        if axis.values.is_empty() {
            return Err(SimulateError::Sweep(format!(
                "axis `{}` has no values",
                axis.path
            )));
        }
        size = size.saturating_mul(axis.values.len() as u64);
    }
    limits
        .check("the grid of --sweep axes", size, limits.max_sweep_points)
        .map_err(|e| SimulateError::Sweep(e.to_string()))?;
    let parsed = axes
        .iter()
        .map(|a| segments(&a.path))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, a) in parsed.iter().enumerate() {
        for (j, b) in parsed.iter().enumerate().take(i) {
            let n = a.len().min(b.len());
            if a[..n] == b[..n] {
                return Err(SimulateError::Sweep(format!(
                    "axes `{}` and `{}` set the same field: the later would override the earlier",
                    axes[j].path, axes[i].path
                )));
            }
        }
    }
    Ok(())
}

/// The segments of `path` (`a.b[2].c`, a leading `$.` allowed).
fn segments(path: &str) -> Result<Vec<Seg>, SimulateError> {
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
    if segments.is_empty() {
        return Err(bad("empty path"));
    }
    Ok(segments)
}

/// Sets the value at `path` (`a.b[2].c`) in `doc`; the last key may be new.
pub(crate) fn set(doc: &mut Value, path: &str, v: Value) -> Result<(), SimulateError> {
    let bad = |why: &str| SimulateError::Sweep(format!("path `{path}`: {why}"));
    let segments = segments(path)?;
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

#[derive(PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}
