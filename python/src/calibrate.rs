//! Calibration from Python: a scenario's `calibration` section fitted by
//! the crate's ABC-SMC, answering Ctrl-C while it runs.

use std::sync::atomic::{AtomicBool, Ordering};

use detente::calibrate::{CalibrateError, Model, ScenarioModel, abc_smc, default_budget};
use detente::scenario::MAX_PARTICLES;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::PyScenario;

/// `model`, whose simulations fail once `stop` is set: the fit then ends
/// with the first particle that notices, instead of running its budget out.
struct Stoppable<'a, M> {
    model: &'a M,
    stop: &'a AtomicBool,
}

impl<M: Model> Model for Stoppable<'_, M> {
    type Error = String;

    fn simulate(&self, theta: &[f64], seed: u64) -> Result<Vec<f64>, String> {
        if self.stop.load(Ordering::Relaxed) {
            return Err("interrupted".into());
        }
        self.model.simulate(theta, seed).map_err(|e| e.to_string())
    }

    fn extra_distance(&self, theta: &[f64]) -> f64 {
        self.model.extra_distance(theta)
    }
}

/// A calibration mistake that names a JSON path becomes
/// `detente.ScenarioError` with that path; anything else a `ValueError`.
fn calibrate_error(py: Python<'_>, e: &CalibrateError) -> PyErr {
    if let CalibrateError::Scenario(m) = e
        && let Some((path, message)) = m.split_once(": ")
        && path.starts_with('$')
    {
        let pairs = vec![(path.to_string(), message.to_string())];
        return crate::package_error(py, "ScenarioError", (m.clone(), pairs));
    }
    PyValueError::new_err(e.to_string())
}

/// Fits `scenario`'s `calibration` section by ABC-SMC: summaries without an
/// `observed` value read it from the scenario's `record`, whose files are
/// found in `base` (the scenario file's folder). `particles`,
/// `generations`, `runs` (per particle) and `seed` replace the section's
/// `method` where given. Without `max_nodes` or `time_limit` the fit has
/// the crate's default budget (45 s). Returns the posterior and the
/// scenario with the fitted values written in, both as JSON.
#[pyfunction]
#[pyo3(signature = (scenario, base, particles, generations, runs, seed, max_nodes, time_limit, threads))]
#[allow(clippy::too_many_arguments)]
pub fn calibrate_json(
    py: Python<'_>,
    scenario: &PyScenario,
    base: &str,
    particles: Option<usize>,
    generations: Option<u32>,
    runs: Option<u32>,
    seed: Option<u64>,
    max_nodes: Option<u64>,
    time_limit: Option<f64>,
    threads: Option<usize>,
) -> PyResult<(String, String)> {
    if let Some(n) = particles
        && !(2..=MAX_PARTICLES).contains(&n)
    {
        return Err(PyValueError::new_err(format!(
            "particles: expected from 2 to {MAX_PARTICLES}, found {n}"
        )));
    }
    if let Some(r) = runs {
        crate::count_in(
            "runs",
            u64::from(r),
            detente::limits::Limits::default().max_runs,
        )?;
    }
    let pool = crate::thread_pool(threads)?;
    let budget = if max_nodes.is_none() && time_limit.is_none() {
        default_budget()
    } else {
        crate::with_limits(detente::Budget::unlimited(), max_nodes, time_limit)?
    };
    let mut model = crate::guarded(py, || {
        ScenarioModel::with_record(scenario.inner.clone(), std::path::Path::new(base))
            .map_err(|e| calibrate_error(py, &e))
    })?;
    if let Some(n) = particles {
        model.settings.particles = n;
    }
    if let Some(g) = generations {
        model.settings.generations = g;
    }
    if let Some(r) = runs {
        model.runs_per_particle = r;
    }
    if let Some(s) = seed {
        model.settings.seed = s;
    }
    let stop = AtomicBool::new(false);
    let fit = crate::interruptible(
        py,
        "during the calibration",
        pool.as_ref(),
        &|| stop.store(true, Ordering::Relaxed),
        None,
        || {
            let m = Stoppable {
                model: &model,
                stop: &stop,
            };
            abc_smc(
                &m,
                model.parameters(),
                model.observed(),
                &model.settings,
                budget,
            )
        },
    )?;
    let post = fit.map_err(|e| calibrate_error(py, &e))?;
    let fitted = model
        .fitted_scenario(&post)
        .map_err(|e| calibrate_error(py, &e))?;
    let post_json =
        serde_json::to_string(&post).map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok((post_json, fitted.to_string()))
}
