//! `detente._detente`: the Rust side of the Python package `detente`.
//!
//! Thin by design: each class holds a value of the crate and hands Python
//! JSON-shaped data, which the package's Python layer turns into dicts and
//! pandas-ready rows. Errors cross as the package's own exceptions
//! (`detente.ScenarioError` with the list of `(json_path, message)` pairs,
//! `detente.InternalError` for a panic), never as a panic across the
//! boundary. Long computations release the interpreter while they run.

mod calibrate;
mod negotiation;
mod tables;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use detente::scenario::{Scenario, ScenarioErrors};
use detente::simulate::{ExperimentConfig, ExperimentResults, RoundTable, RunTable, Simulation};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use tables::PyTable;

/// The package's exception `name` (defined in Python, in `detente`), raised
/// with `args`.
fn package_error<'py, A>(py: Python<'py>, name: &str, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let made = py
        .import("detente")
        .and_then(|m| m.getattr(name))
        .and_then(|class| class.call1(args));
    match made {
        Ok(err) => PyErr::from_value(err),
        Err(e) => e,
    }
}

fn scenario_error(py: Python<'_>, e: &ScenarioErrors) -> PyErr {
    let pairs: Vec<(String, String)> =
        e.0.iter()
            .map(|x| (x.path.clone(), x.message.clone()))
            .collect();
    package_error(py, "ScenarioError", (e.to_string(), pairs))
}

/// Runs `f`, turning a panic into `detente.InternalError`.
fn guarded<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic without a message".into());
            Err(package_error(
                py,
                "InternalError",
                (format!("detente panicked: {what}"),),
            ))
        }
    }
}

/// `n` as a count from 1 to `max` of `what`, else a `ValueError` that
/// names it, the range and what was given.
fn count_in(what: &str, n: u64, max: u64) -> PyResult<()> {
    if n == 0 || n > max {
        return Err(PyValueError::new_err(format!(
            "{what}: expected 1 to {max}, found {n}"
        )));
    }
    Ok(())
}

/// A pool of `threads` threads for one computation (`None`: rayon's global
/// pool, every core); refused outside 1 to 1024.
fn thread_pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    let Some(t) = threads else {
        return Ok(None);
    };
    if t == 0 || t > 1024 {
        return Err(PyValueError::new_err("threads: expected 1 to 1024"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(t)
        .build()
        .map(Some)
        .map_err(|e| PyOSError::new_err(format!("cannot start {t} threads: {e}")))
}

/// Runs `f` without the interpreter, on `pool` when given; a panic becomes
/// `detente.InternalError` ("detente panicked " and `what`).
fn detached<T: Send>(
    py: Python<'_>,
    what: &str,
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| match pool {
            None => f(),
            Some(p) => p.install(f),
        }))
    })
    .map_err(|_| package_error(py, "InternalError", (format!("detente panicked {what}"),)))
}

/// How often a thread waiting on a computation looks for Ctrl-C.
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// [`detached`], for computations that call back into Python from worker
/// threads (where signals are never delivered) or that have no chunks to
/// stop between: `f` runs on a thread of its own while the calling thread
/// looks for Ctrl-C every [`SIGNAL_POLL`]. On a signal it calls `stop`,
/// which must make `f` return soon without a result anyone keeps, waits for
/// `f` to end (so no thread is left running on the caller's objects), and
/// raises the signal's exception (`KeyboardInterrupt`).
///
/// With `progress = (callback, done, total)` it also calls
/// `callback(done, total)` when `done` has moved since the last look (an
/// exception there stops the work as Ctrl-C does).
fn interruptible<T: Send>(
    py: Python<'_>,
    what: &str,
    pool: Option<&rayon::ThreadPool>,
    stop: &(dyn Fn() + Sync),
    progress: Option<(Py<PyAny>, &AtomicU64, u64)>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    enum Failed {
        NoThread(std::io::Error),
        Panicked,
        Vanished,
    }
    let mut signal: Option<PyErr> = None;
    let mut reported = 0;
    let mut look = |py: Python<'_>| -> PyResult<()> {
        py.check_signals()?;
        if let Some((callback, done, total)) = &progress {
            let now = done.load(Ordering::Relaxed);
            if now != reported {
                reported = now;
                callback.call1(py, (now, *total))?;
            }
        }
        Ok(())
    };
    let ran = py.detach(|| {
        std::thread::scope(|s| {
            let (tx, rx) = channel();
            std::thread::Builder::new()
                .name("detente".into())
                .spawn_scoped(s, move || {
                    let r = catch_unwind(AssertUnwindSafe(|| match pool {
                        None => f(),
                        Some(p) => p.install(f),
                    }));
                    // The receiver waits until this is sent.
                    let _ = tx.send(r);
                })
                .map_err(Failed::NoThread)?;
            loop {
                match rx.recv_timeout(SIGNAL_POLL) {
                    Ok(Ok(v)) => return Ok(v),
                    Ok(Err(_)) => return Err(Failed::Panicked),
                    Err(RecvTimeoutError::Disconnected) => return Err(Failed::Vanished),
                    Err(RecvTimeoutError::Timeout) if signal.is_none() => {
                        if let Err(e) = Python::attach(&mut look) {
                            signal = Some(e);
                            stop();
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                }
            }
        })
    });
    if let Some(e) = signal {
        return Err(e);
    }
    if ran.is_ok() {
        // The last moves of `done` may have come after the last look.
        look(py)?;
    }
    ran.map_err(|f| match f {
        Failed::NoThread(e) => PyOSError::new_err(format!("cannot start a thread: {e}")),
        Failed::Panicked => {
            package_error(py, "InternalError", (format!("detente panicked {what}"),))
        }
        Failed::Vanished => package_error(
            py,
            "InternalError",
            (format!("detente's thread ended without a result {what}"),),
        ),
    })
}

/// Runs `work` over `units` in consecutive chunks of at most `chunk`
/// units, off the interpreter, handing each chunk's result to `take` in
/// order. Between chunks it answers Ctrl-C with `KeyboardInterrupt` and
/// calls `progress(done, total)` if given (an exception there stops the
/// work too). Only for work whose chunks merge exactly into the whole, so
/// that stopping to look changes no number.
#[allow(clippy::too_many_arguments)]
fn in_chunks<R: Send>(
    py: Python<'_>,
    what: &str,
    pool: Option<&rayon::ThreadPool>,
    units: std::ops::Range<u64>,
    chunk: u64,
    progress: Option<&Bound<'_, PyAny>>,
    work: impl Fn(std::ops::Range<u64>) -> R + Sync,
    mut take: impl FnMut(R) -> PyResult<()>,
) -> PyResult<()> {
    let total = units.end.saturating_sub(units.start);
    let mut start = units.start;
    while start < units.end {
        let end = units.end.min(start.saturating_add(chunk.max(1)));
        take(detached(py, what, pool, || work(start..end))?)?;
        start = end;
        py.check_signals()?;
        if let Some(p) = progress {
            p.call1((start - units.start, total))?;
        }
    }
    Ok(())
}

/// `part` merged into `whole` (which it becomes if empty), for results
/// computed in chunks; a failed merge is a defect.
fn fold<T>(
    py: Python<'_>,
    whole: &mut Option<T>,
    part: T,
    merge: impl FnOnce(&mut T, &T) -> Result<(), String>,
) -> PyResult<()> {
    match whole {
        None => *whole = Some(part),
        Some(w) => merge(w, &part).map_err(|e| chunks_did_not_merge(py, e))?,
    }
    Ok(())
}

/// A merge of two chunks of one computation that failed: a defect.
fn chunks_did_not_merge(py: Python<'_>, e: impl std::fmt::Display) -> PyErr {
    package_error(py, "InternalError", (format!("chunks did not merge: {e}"),))
}

/// `budget` with `max_nodes` and `time_limit` (seconds) in place of its own
/// limits where given, each checked.
fn with_limits(
    mut budget: detente::Budget,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<detente::Budget> {
    if let Some(n) = max_nodes {
        if n == 0 {
            return Err(PyValueError::new_err("max_nodes: expected at least 1"));
        }
        budget = budget.with_nodes(n);
    }
    if let Some(t) = time_limit {
        if !(t > 0.0 && t <= 31_536_000.0) {
            return Err(PyValueError::new_err(
                "time_limit: expected more than 0 and at most a year of seconds",
            ));
        }
        budget = budget.with_time(std::time::Duration::from_secs_f64(t));
    }
    Ok(budget)
}

/// A scenario file, loaded and checked.
#[pyclass(name = "Scenario", module = "detente._detente", frozen)]
struct PyScenario {
    inner: Scenario,
}

#[pymethods]
impl PyScenario {
    /// Reads and checks a scenario file (.json or .toml).
    #[staticmethod]
    fn load(py: Python<'_>, path: &str) -> PyResult<Self> {
        if !std::path::Path::new(path).is_file() {
            return Err(PyOSError::new_err(format!("{path}: no such file")));
        }
        guarded(py, || {
            let s = Scenario::from_path(path).map_err(|e| scenario_error(py, &e))?;
            s.validate().map_err(|e| scenario_error(py, &e))?;
            Ok(PyScenario { inner: s })
        })
    }

    /// Parses and checks a scenario from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        guarded(py, || {
            let s = Scenario::from_json_str(text).map_err(|e| scenario_error(py, &e))?;
            s.validate().map_err(|e| scenario_error(py, &e))?;
            Ok(PyScenario { inner: s })
        })
    }

    /// The scenario as JSON text (the file format).
    fn to_json(&self) -> String {
        self.inner.to_json_string()
    }

    /// SHA-256 of the scenario's canonical JSON (sorted keys, round-trip
    /// floats): the digest shard files record, the same as
    /// `detente.canonical_sha256(scenario.to_dict())` computes in Python.
    fn fingerprint(&self) -> PyResult<String> {
        detente::shard::canonical_sha256(&self.inner)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Scenario({:?}: {} governments, {} named prisoners, {} pools, {} sanctions)",
            self.inner.name,
            self.inner.governments.len(),
            self.inner.prisoners.len(),
            self.inner.pools.len(),
            self.inner.sanctions.len()
        )
    }
}

/// Runs per chunk of an experiment: between chunks the interpreter is
/// taken back to look for Ctrl-C and report progress.
const CHUNK_RUNS: u64 = 2_048;

/// A scenario ready to simulate.
#[pyclass(name = "Simulation", module = "detente._detente", frozen)]
struct PySimulation {
    sim: Arc<Simulation>,
    name: String,
    /// What a round stands for (the scenario's `round`, else "round").
    round_unit: String,
}

#[pymethods]
impl PySimulation {
    #[new]
    fn new(py: Python<'_>, scenario: &PyScenario) -> PyResult<Self> {
        guarded(py, || {
            let sim = Simulation::from_scenario(&scenario.inner)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            Ok(PySimulation {
                sim: Arc::new(sim),
                name: scenario.inner.name.clone(),
                round_unit: scenario
                    .inner
                    .round
                    .clone()
                    .unwrap_or_else(|| "round".into()),
            })
        })
    }

    /// Rounds a run lasts unless told otherwise (the scenario's
    /// `dynamics.rounds`, else 24).
    #[getter]
    fn default_rounds(&self) -> u32 {
        self.sim.default_rounds()
    }

    /// Runs `runs` runs of `rounds` rounds from `seed`, on `threads`
    /// threads (default: all cores), without holding the interpreter.
    /// The result is the same for any number of threads. Between chunks of
    /// runs it calls `progress(done, total)` if given and answers Ctrl-C
    /// with `KeyboardInterrupt` (the runs done so far are dropped; nothing
    /// the caller holds changes). With `keep_runs`, each run's summary is
    /// kept as a row (`RunTable::bytes_per_run` bytes each, checked against
    /// the memory budget before anything runs).
    ///
    /// With `shard = (k, n)` only shard `k` (from 0) of `n` runs: the
    /// `k`-th of `n` consecutive blocks of the runs, whose results merge
    /// with the other shards' into exactly the whole experiment's.
    #[pyo3(signature = (runs, rounds, seed, threads, progress, keep_runs, shard=None))]
    #[allow(clippy::too_many_arguments)]
    fn experiment(
        &self,
        py: Python<'_>,
        runs: u64,
        rounds: Option<u32>,
        seed: u64,
        threads: Option<usize>,
        progress: Option<Bound<'_, PyAny>>,
        keep_runs: bool,
        shard: Option<(usize, usize)>,
    ) -> PyResult<PyResults> {
        let limits = detente::limits::Limits::default();
        let rounds = rounds.unwrap_or_else(|| self.sim.default_rounds());
        count_in("runs", runs, limits.max_runs)?;
        count_in("rounds", u64::from(rounds), limits.max_rounds)?;
        let pool = thread_pool(threads)?;
        let block = match shard {
            None => 0..runs,
            Some((k, n)) => detente::shard::Shard::new(k, n)
                .map_err(|e| PyValueError::new_err(format!("shard: {e}")))?
                .block(runs),
        };
        let kept = block.end - block.start;
        if keep_runs {
            // The table, plus one chunk's rows and the crate's wave of rows
            // in flight inside it.
            let governments = self.sim.world().governments().len();
            let in_flight = RunTable::peak_bytes(kept.min(CHUNK_RUNS), governments);
            limits
                .check_bytes(
                    &format!("keep_runs=True over {kept} runs"),
                    (kept.saturating_mul(RunTable::bytes_per_run(governments) as u64))
                        .saturating_add(in_flight),
                )
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
        }
        let config = ExperimentConfig { runs, rounds, seed };
        let no_limit = detente::limits::Limits {
            memory_budget: u64::MAX,
            ..limits
        };
        let sim = &self.sim;
        let mut results: Option<ExperimentResults> = None;
        // Sized once (the budget check above covers it), so appending
        // chunks never copies the table.
        let mut table = keep_runs.then(|| {
            RunTable::with_capacity(&self.sim, usize::try_from(kept).unwrap_or(usize::MAX))
        });
        in_chunks(
            py,
            "during the experiment",
            pool.as_ref(),
            block,
            CHUNK_RUNS,
            progress.as_ref(),
            |range| {
                if keep_runs {
                    let (r, t) = sim
                        .run_range_keeping_runs(&config, range, &no_limit, &|_, _| {})
                        .expect("the whole table was checked against the budget");
                    (r, Some(t))
                } else {
                    (sim.run_range(&config, range, &|_, _| {}), None)
                }
            },
            |(chunk, rows)| {
                if let (Some(t), Some(mut rows)) = (&mut table, rows) {
                    t.append(&mut rows)
                        .map_err(|e| chunks_did_not_merge(py, e))?;
                }
                fold(py, &mut results, chunk, |w, p| {
                    w.merge(p).map_err(|e| e.to_string())
                })
            },
        )?;
        Ok(PyResults {
            inner: results.unwrap_or_else(|| ExperimentResults::empty(&self.sim, seed, rounds)),
            runs: table,
            sim: Some((Arc::clone(&self.sim), self.round_unit.clone())),
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Simulation({:?}: {} negotiating pairs, {} rounds by default)",
            self.name,
            self.sim.pairs().len(),
            self.sim.default_rounds()
        )
    }
}

/// What an experiment found: aggregates over its runs, which merge exactly.
#[pyclass(name = "Results", module = "detente._detente", frozen)]
struct PyResults {
    inner: ExperimentResults,
    /// Each run's summary, when the experiment kept them.
    runs: Option<RunTable>,
    /// The simulation that ran it and its round unit, to draw figures
    /// from (absent in results read back from JSON).
    sim: Option<(Arc<Simulation>, String)>,
}

#[pymethods]
impl PyResults {
    /// The headline numbers as JSON.
    fn summary_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner.brief()).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Everything as JSON (the format of the crate's result files).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The kept runs as JSON (`None` when the experiment kept none).
    fn runs_json(&self) -> PyResult<Option<String>> {
        self.runs
            .as_ref()
            .map(|t| serde_json::to_string(t).map_err(|e| PyValueError::new_err(e.to_string())))
            .transpose()
    }

    /// Results read back from [`to_json`](Self::to_json) and, if they kept
    /// their runs, [`runs_json`](Self::runs_json) (checked: every column
    /// as long as the others, runs in order, exactly the runs covered).
    #[staticmethod]
    #[pyo3(signature = (text, runs=None))]
    fn from_json(text: &str, runs: Option<&str>) -> PyResult<Self> {
        let inner: ExperimentResults = serde_json::from_str(text)
            .map_err(|e| PyValueError::new_err(format!("not a detente result: {e}")))?;
        let runs = match runs {
            None => None,
            Some(text) => {
                let t: RunTable = serde_json::from_str(text)
                    .map_err(|e| PyValueError::new_err(format!("not a detente run table: {e}")))?;
                t.check()
                    .map_err(|e| PyValueError::new_err(format!("run table: {e}")))?;
                if t.len() as u64 != inner.runs {
                    return Err(PyValueError::new_err(format!(
                        "run table: {} rows for results of {} runs",
                        t.len(),
                        inner.runs
                    )));
                }
                Some(t)
            }
        };
        Ok(PyResults {
            inner,
            runs,
            sim: None,
        })
    }

    /// These results merged with `other`'s (another shard of the same
    /// experiment): exactly the results of running both together, with
    /// their kept runs merged in run order when both kept them.
    fn merged(&self, other: &PyResults) -> PyResult<PyResults> {
        let mut inner = self.inner.clone();
        inner
            .merge(&other.inner)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let runs = match (&self.runs, &other.runs) {
            (None, None) => None,
            (Some(a), Some(b)) => {
                let mut t = a.clone();
                t.merge(b)
                    .map_err(|e| PyValueError::new_err(format!("kept runs: {e}")))?;
                Some(t)
            }
            _ => {
                return Err(PyValueError::new_err(
                    "one side kept its runs (keep_runs=True) and the other did not: \
                     merging would lose rows",
                ));
            }
        };
        Ok(PyResults {
            inner,
            runs,
            sim: self.sim.clone().or_else(|| other.sim.clone()),
        })
    }

    /// Whether each run's summary was kept.
    #[getter]
    fn kept_runs(&self) -> bool {
        self.runs.is_some()
    }

    /// The kept runs as an Arrow table (one row per run).
    fn runs_table(&self) -> PyResult<PyTable> {
        match &self.runs {
            Some(t) => PyTable::runs(t),
            None => Err(PyValueError::new_err(
                "this experiment kept no runs: run it with keep_runs=True",
            )),
        }
    }

    /// Per-round aggregates as an Arrow table (row 0 is the start).
    fn rounds_table(&self) -> PyResult<PyTable> {
        PyTable::rounds(&RoundTable::of(&self.inner))
    }

    /// Writes the experiment's figures as SVG files into `dir` (created if
    /// missing) and returns their paths.
    fn plots(&self, py: Python<'_>, dir: &str) -> PyResult<Vec<String>> {
        let paths = self.figures(py, |f, _, _| {
            f.write_svgs(std::path::Path::new(dir))
                .map(|p| p.iter().map(|p| p.display().to_string()).collect())
        })?;
        Ok(paths)
    }

    /// Writes the one-file HTML report (summary, key numbers, figures).
    fn write_report(&self, py: Python<'_>, path: &str) -> PyResult<()> {
        self.figures(py, |f, sim, results| {
            f.html_report(sim, results)?
                .write(std::path::Path::new(path))
        })
    }

    #[getter]
    fn runs(&self) -> u64 {
        self.inner.runs
    }

    #[getter]
    fn rounds(&self) -> u32 {
        self.inner.rounds
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.inner.seed
    }

    fn __eq__(&self, other: &PyResults) -> bool {
        self.inner == other.inner && self.runs == other.runs
    }

    fn __repr__(&self) -> String {
        format!(
            "Results({:?}: {} runs x {} rounds, seed {})",
            self.inner.scenario, self.inner.runs, self.inner.rounds, self.inner.seed
        )
    }
}

impl PyResults {
    /// Builds the experiment's figures (replaying a few of its runs, without
    /// the interpreter) and hands them to `f`.
    fn figures<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(
            &detente::report::ExperimentFigures,
            &Simulation,
            &ExperimentResults,
        ) -> Result<T, detente::report::PlotError>
        + Send,
    ) -> PyResult<T> {
        let Some((sim, unit)) = &self.sim else {
            return Err(PyValueError::new_err(
                "figures need the simulation that ran the experiment: these results were \
                 read back from JSON or a pickle, or are a sweep's point; run the experiment \
                 again to draw them",
            ));
        };
        detached(py, "drawing the figures", None, || {
            let figures = detente::report::ExperimentFigures::new(sim, &self.inner, unit)?;
            f(&figures, sim, &self.inner)
        })?
        .map_err(|e| PyOSError::new_err(e.to_string()))
    }
}

/// A sweep: the grid of `axes_json` (a JSON list of `{"path", "values"}`,
/// every combination, the last axis fastest) over `scenario`, with
/// `runs_per_point` runs per point, as the crate's `Sweep` runs it (point
/// `p`'s run `i` seeded with `[p, i]`). With `shard = (k, n)` only the
/// `k`-th of `n` blocks of the jobs (point x run) runs; the shards' point
/// results merge exactly. Returns `(settings as JSON, results)` per point.
#[pyfunction]
#[pyo3(signature = (scenario, axes_json, runs_per_point, rounds, seed, threads, shard, progress=None))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    scenario: &PyScenario,
    axes_json: &str,
    runs_per_point: u64,
    rounds: Option<u32>,
    seed: u64,
    threads: Option<usize>,
    shard: Option<(usize, usize)>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Vec<(String, PyResults)>> {
    use detente::simulate::{Axis, Sweep};
    let limits = detente::limits::Limits::default();
    let axes: Vec<Axis> =
        serde_json::from_str(axes_json).map_err(|e| PyValueError::new_err(format!("axes: {e}")))?;
    count_in("runs_per_point", runs_per_point, limits.max_runs)?;
    if let Some(r) = rounds {
        count_in("rounds", u64::from(r), limits.max_rounds)?;
    }
    let pool = thread_pool(threads)?;
    let grid = Sweep::new_with(&scenario.inner, &axes, &limits)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let total = grid.jobs(runs_per_point);
    if total > limits.max_jobs {
        return Err(PyValueError::new_err(format!(
            "the sweep asks for {total} jobs, more than the limit of {}",
            limits.max_jobs
        )));
    }
    let jobs = match shard {
        None => 0..total,
        Some((k, n)) => detente::shard::Shard::new(k, n)
            .map_err(|e| PyValueError::new_err(format!("shard: {e}")))?
            .block(total),
    };
    let mut ran = None;
    in_chunks(
        py,
        "in the sweep",
        pool.as_ref(),
        jobs.clone(),
        CHUNK_RUNS,
        progress.as_ref(),
        |range| grid.run(runs_per_point, rounds, seed, range, &|_, _| {}),
        |part| {
            fold(py, &mut ran, part, |w, p| {
                w.merge(p).map_err(|e| e.to_string())
            })
        },
    )?;
    // A shard without jobs still answers for every point (with empty
    // results every merge accepts), without building any.
    let ran = ran.unwrap_or_else(|| grid.run(runs_per_point, rounds, seed, jobs, &|_, _| {}));
    ran.points
        .into_iter()
        .map(|p| {
            let settings: serde_json::Map<String, serde_json::Value> =
                p.point.settings.into_iter().collect();
            Ok((
                serde_json::Value::Object(settings).to_string(),
                PyResults {
                    inner: p.results,
                    runs: None,
                    sim: None,
                },
            ))
        })
        .collect()
}

/// Counterfactuals with common random numbers (the crate's `Comparison`):
/// each variant of `variants_json` (a JSON list of `{path: value}`
/// objects) run against the baseline on the same random streams, `runs`
/// runs each; per variant, per outcome, the distribution of the per-run
/// difference variant - baseline (`DiffSummary`), as JSON.
#[pyfunction]
#[pyo3(signature = (scenario, variants_json, runs, rounds, seed, threads, progress=None))]
#[allow(clippy::too_many_arguments)]
fn compare_json(
    py: Python<'_>,
    scenario: &PyScenario,
    variants_json: &str,
    runs: u64,
    rounds: Option<u32>,
    seed: u64,
    threads: Option<usize>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<String> {
    use detente::simulate::{Comparison, SweepPoint};
    let limits = detente::limits::Limits::default();
    let variants: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(variants_json)
            .map_err(|e| PyValueError::new_err(format!("variants: {e}")))?;
    if variants.is_empty() {
        return Err(PyValueError::new_err("variants: expected at least one"));
    }
    count_in("runs", runs, limits.max_runs)?;
    if let Some(r) = rounds {
        count_in("rounds", u64::from(r), limits.max_rounds)?;
    }
    let pool = thread_pool(threads)?;
    let points: Vec<SweepPoint> = variants
        .into_iter()
        .map(|m| SweepPoint {
            settings: m.into_iter().collect(),
        })
        .collect();
    let comparison = Comparison::new(&scenario.inner, &points)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let config = ExperimentConfig {
        runs,
        rounds: rounds.unwrap_or_else(|| comparison.default_rounds()),
        seed,
    };
    // Each run is simulated once per arm (the baseline and every variant).
    let chunk = (CHUNK_RUNS / (points.len() as u64 + 1)).max(1);
    let mut ran = None;
    in_chunks(
        py,
        "in the comparison",
        pool.as_ref(),
        0..runs,
        chunk,
        progress.as_ref(),
        |range| comparison.run(&config, range, &|_, _| {}),
        |part| {
            fold(py, &mut ran, part, |w, p| {
                w.merge(p).map_err(|e| e.to_string())
            })
        },
    )?;
    let ran = ran.ok_or_else(|| PyValueError::new_err("runs: expected at least 1"))?;
    let out: Vec<serde_json::Value> = (0..ran.variants.len())
        .map(|k| {
            serde_json::json!({
                "variant": ran.label(k),
                "outcomes": ran.summaries(k),
            })
        })
        .collect();
    serde_json::to_string(&out).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Replays a history case file against the rulebook: per step, whether
/// the deal was legal and individually rational, and why not; as JSON.
#[pyfunction]
fn replay_history_json(py: Python<'_>, path: &str) -> PyResult<String> {
    if !std::path::Path::new(path).is_file() {
        return Err(PyOSError::new_err(format!("{path}: no such file")));
    }
    guarded(py, || {
        let case = detente::history::Case::from_path(path).map_err(|e| scenario_error(py, &e))?;
        let replay = detente::history::replay(&case).map_err(|e| scenario_error(py, &e))?;
        serde_json::to_string(&replay).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// The valuations a history case implies: for each model of what a
/// government values, the bounds each step of the case puts on it and the
/// bounds over the whole series (as JSON).
#[pyfunction]
fn implied_valuations_json(py: Python<'_>, path: &str) -> PyResult<String> {
    if !std::path::Path::new(path).is_file() {
        return Err(PyOSError::new_err(format!("{path}: no such file")));
    }
    guarded(py, || {
        let case = detente::history::Case::from_path(path).map_err(|e| scenario_error(py, &e))?;
        let implied = detente::history::implied_all(&case)
            .map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
        serde_json::to_string(&implied).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// Explores the deal sequences between two governments of `scenario` from
/// its start (the `explore` example's analysis), as its JSON: every
/// distinct outcome's deals in words, the payoff frontier and Nash point,
/// the freed-vs-relief frontier and the subgame-perfect plan. `players`
/// by code, the first proposing first (default: the first pair with
/// something to trade). The search runs without the interpreter, under
/// `max_nodes` per search and `time_limit` seconds in all (default: a
/// million nodes and 10 seconds).
#[pyfunction]
#[pyo3(signature = (scenario, players, depth, batches, mediator, max_nodes, time_limit))]
#[allow(clippy::too_many_arguments)]
fn explore_json(
    py: Python<'_>,
    scenario: &PyScenario,
    players: Option<(String, String)>,
    depth: u32,
    batches: Vec<u32>,
    mediator: bool,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<String> {
    use detente::explore::{ExploreOptions, explore_deals};
    let world = scenario.inner.build().map_err(|e| scenario_error(py, &e))?;
    let rules = scenario.inner.rulebook();
    let limits = detente::limits::Limits::default();
    count_in("depth", u64::from(depth), limits.max_rounds)?;
    if batches.is_empty() || batches.contains(&0) {
        return Err(PyValueError::new_err(
            "batches: expected one or more sizes of at least 1",
        ));
    }
    let mut options = ExploreOptions {
        depth,
        batches,
        mediator,
        ..ExploreOptions::default()
    };
    if let Some((a, b)) = players {
        let id = |code: &str| {
            world.government_by_code(code).ok_or_else(|| {
                PyValueError::new_err(format!("players: unknown government `{code}`"))
            })
        };
        options.players = Some([id(&a)?, id(&b)?]);
    }
    options.budget = with_limits(options.budget, max_nodes, time_limit)?;
    detached(py, "exploring the deals", None, || {
        explore_deals(&world, &rules, &options).map(|x| x.to_json(&world).to_string())
    })?
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Analyses a GMCR conflict file (the crate's layout or GMCR+'s): every
/// stability concept within the default budget (a million states and 30
/// seconds) or `max_nodes` / `time_limit`, as JSON (see
/// `ConflictModel::report`). The analysis runs without the interpreter.
#[pyfunction]
#[pyo3(signature = (path, max_nodes=None, time_limit=None))]
fn analyze_conflict_json(
    py: Python<'_>,
    path: &str,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<String> {
    let budget = with_limits(
        detente::conflict::default_analysis_budget(),
        max_nodes,
        time_limit,
    )?;
    if !std::path::Path::new(path).is_file() {
        return Err(PyOSError::new_err(format!("{path}: no such file")));
    }
    let conflict =
        detente::conflict::load_file(path).map_err(|e| PyValueError::new_err(e.to_string()))?;
    detached(py, "analysing the conflict", None, || {
        conflict
            .compile()
            .map(|model| model.report(&detente::conflict::AnalysisOptions::default(), &budget))
    })?
    .map(|r| r.to_string())
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Whether state `state` (numbered from 1) of a GMCR conflict file can be
/// a `concept` equilibrium if each decision maker keeps its ranking of the
/// other states (`ConflictModel::inverse_report`), as JSON. Budget: a
/// million nodes and 30 seconds unless `max_nodes` / `time_limit` say
/// otherwise. The search runs without the interpreter.
#[pyfunction]
#[pyo3(signature = (path, state, concept, max_nodes, time_limit))]
fn conflict_inverse_json(
    py: Python<'_>,
    path: &str,
    state: usize,
    concept: &str,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<String> {
    use detente::conflict::{AnalysisOptions, Concept, Inverse};
    if !std::path::Path::new(path).is_file() {
        return Err(PyOSError::new_err(format!("{path}: no such file")));
    }
    let concept = Concept::ALL
        .into_iter()
        .find(|c| c.name() == concept)
        .ok_or_else(|| {
            let names: Vec<&str> = Concept::ALL.iter().map(|c| c.name()).collect();
            PyValueError::new_err(format!(
                "concept: expected one of {}, found {concept:?}",
                names.join(", ")
            ))
        })?;
    let model = detente::conflict::load_file(path)
        .and_then(|c| c.compile())
        .map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
    let target = model
        .state(state)
        .map_err(|e| PyValueError::new_err(format!("state: {e}")))?;
    let budget = with_limits(
        Inverse::new(&model, target, concept).budget,
        max_nodes,
        time_limit,
    )?;
    detached(py, "in the inverse analysis", None, || {
        model.inverse_report(state, concept, &AnalysisOptions::default(), Some(budget))
    })?
    .map(|r| r.to_string())
    .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The `k` best multilateral packages at the scenario's start (the
/// mediator's exact branch and bound, default options, its default budget
/// or `max_nodes` / `time_limit`), as JSON: each with
/// its deal described in words, the parties by code, every government's
/// payoff change by code, the surplus and whether the search finished.
#[pyfunction]
#[pyo3(signature = (scenario, k, max_nodes=None, time_limit=None))]
fn best_packages_json(
    py: Python<'_>,
    scenario: &PyScenario,
    k: usize,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<String> {
    use detente::mediator::{PackageOptions, PackageQuery, best_packages};
    count_in("k", k as u64, 100)?;
    let defaults = PackageOptions::default();
    let options = PackageOptions {
        budget: with_limits(defaults.budget, max_nodes, time_limit)?,
        ..defaults
    };
    let world = scenario.inner.build().map_err(|e| scenario_error(py, &e))?;
    let rules = scenario.inner.rulebook();
    let found = detached(py, "in the package search", None, || {
        let state = detente::model::State::initial(&world);
        let query = PackageQuery {
            k,
            ..PackageQuery::default()
        };
        best_packages(&world, &state, &rules, &options, &query)
    })?;
    let code = |g: detente::model::GovernmentId| world.code(g).to_string();
    let packages: Vec<serde_json::Value> = found
        .packages
        .iter()
        .map(|p| {
            serde_json::json!({
                "deal": p.deal.describe(&world),
                "parties": p.parties.iter().map(|&g| code(g)).collect::<Vec<_>>(),
                "delta": world
                    .governments()
                    .iter()
                    .map(|g| {
                        let d = p.delta.get(g.id.index()).copied().unwrap_or(0.0);
                        (code(g.id), serde_json::Value::from(d))
                    })
                    .collect::<serde_json::Map<String, serde_json::Value>>(),
                "surplus": p.surplus,
                "nash_product": p.nash_product,
                "legal": p.violations.is_empty(),
            })
        })
        .collect();
    Ok(serde_json::json!({
        "packages": packages,
        "optimal": found.optimal,
        "candidates_cut": found.candidates.truncated(),
        "stopped_by": found.stopped_by,
    })
    .to_string())
}

/// Clears a PrefLib `.wmd` exchange file: the heaviest set of vertex-
/// disjoint cycles of at most `max_cycle` pairs and chains of at most
/// `max_chain` gifts, by the crate's exact solver under its default budget
/// or `max_nodes` / `time_limit`, as JSON (vertices numbered from 1, as in the file).
#[pyfunction]
#[pyo3(signature = (path, max_cycle, max_chain, max_nodes=None, time_limit=None))]
fn clear_preflib_json(
    py: Python<'_>,
    path: &str,
    max_cycle: usize,
    max_chain: usize,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
) -> PyResult<String> {
    use detente::exchange::{Caps, ClearOptions, ExchangeKind, clear_exchanges, enumerate};
    if !std::path::Path::new(path).is_file() {
        return Err(PyOSError::new_err(format!("{path}: no such file")));
    }
    let max = detente::exchange::MAX_CAP;
    if max_cycle > max || max_chain > max {
        return Err(PyValueError::new_err(format!(
            "max_cycle and max_chain: expected at most {max}"
        )));
    }
    let caps = Caps::new(max_cycle, max_chain);
    let defaults = ClearOptions::with_caps(caps);
    let options = ClearOptions {
        budget: with_limits(defaults.budget, max_nodes, time_limit)?,
        ..defaults
    };
    let graph = detente::exchange::read_wmd(path)
        .map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
    let c = detached(py, "clearing the exchange", None, || {
        let ex = enumerate(&graph, &options.caps)?;
        clear_exchanges(
            &ex,
            graph.vertex_count(),
            graph.integral_weights(),
            &options,
        )
    })?
    .map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
    let list = |kind| -> Vec<Vec<usize>> {
        c.exchanges
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.vertices.iter().map(|v| v.index() + 1).collect())
            .collect()
    };
    Ok(serde_json::json!({
        "vertices": graph.vertex_count(),
        "arcs": graph.arc_count(),
        "total_weight": c.total_weight,
        "cycles": list(ExchangeKind::Cycle),
        "chains": list(ExchangeKind::Chain),
        "optimal": c.optimal,
        "stopped_by": c.stopped_by,
        "bound": c.bound,
        "lp_bound": c.lp_bound,
    })
    .to_string())
}

#[pymodule]
fn _detente(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(clear_preflib_json, m)?)?;
    m.add_function(wrap_pyfunction!(best_packages_json, m)?)?;
    m.add_function(wrap_pyfunction!(replay_history_json, m)?)?;
    m.add_function(wrap_pyfunction!(implied_valuations_json, m)?)?;
    m.add_function(wrap_pyfunction!(explore_json, m)?)?;
    m.add_function(wrap_pyfunction!(conflict_inverse_json, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(compare_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_conflict_json, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate::calibrate_json, m)?)?;
    m.add_class::<PyScenario>()?;
    m.add_class::<PySimulation>()?;
    m.add_class::<PyResults>()?;
    m.add_class::<PyTable>()?;
    m.add_class::<negotiation::PyDomain>()?;
    m.add_class::<negotiation::PyView>()?;
    m.add_function(wrap_pyfunction!(negotiation::negotiate, m)?)?;
    m.add_function(wrap_pyfunction!(negotiation::exchange, m)?)?;
    m.add_function(wrap_pyfunction!(negotiation::tournament_json, m)?)?;
    m.add_function(wrap_pyfunction!(negotiation::strategy_names, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
