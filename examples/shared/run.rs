//! Load a scenario, run the experiment the flags ask for, print it.

use super::output::errln;
use crate::cli::experiment::ExperimentFlags;
use detente::history::record::{self, Targets};
use detente::report::{BandsPlot, ExperimentFigures, Figure};
use detente::scenario::{RecordRef, Scenario};
use detente::simulate::{ExperimentConfig, ExperimentResults, Simulation};

/// The scenario at `path`, with a default mediator when `--mediator` asks
/// for one and the file has none.
pub fn load(path: &str, flags: &ExperimentFlags) -> Result<Scenario, String> {
    let mut scenario = Scenario::from_path(path).map_err(|e| e.to_string())?;
    if flags.mediator {
        scenario
            .dynamics
            .get_or_insert_with(Default::default)
            .mediator
            .get_or_insert_with(Default::default);
    }
    Ok(scenario)
}

/// Runs the experiment on the scenario at `path` and prints the summary or JSON.
pub fn scenario_file(path: &str, flags: &ExperimentFlags) -> Result<(), String> {
    let scenario = load(path, flags)?;
    let sim = Simulation::from_scenario(&scenario).map_err(|e| e.to_string())?;
    // Read before the run, so a bad record file costs no simulation.
    let targets = record_targets(path, &scenario, flags)?;
    let config = ExperimentConfig {
        runs: flags.runs,
        rounds: flags.rounds.unwrap_or_else(|| sim.default_rounds()),
        seed: flags.seed,
    };
    let start = std::time::Instant::now();
    let bar = super::progress::Bar::new("runs", config.runs);
    let budget = flags.budget.over(detente::Budget::unlimited());
    let limited = with_threads(flags.threads, || {
        sim.experiment_with_limits(&config, &budget, &|d, _| bar.set(d))
    })?;
    bar.finish();
    if let Some(stopped) = limited.stopped_by {
        eprintln!(
            "{}",
            detente::budget::truncation_note("experiment", stopped, limited.results.runs, "runs")
        );
    }
    let results = limited.results;
    let seconds = start.elapsed().as_secs_f64();
    let unit = scenario.round.as_deref().unwrap_or("round");
    write_figures(&sim, &results, unit, targets.as_ref(), flags)?;
    if flags.json {
        let mut out = serde_json::to_value(results.brief()).map_err(|e| e.to_string())?;
        let full = serde_json::to_value(&results).map_err(|e| e.to_string())?;
        if let Some(o) = out.as_object_mut() {
            o.insert("seconds".into(), seconds.into());
            if results.runs > 0 && results.runs_without_deal == results.runs {
                let why = sim.diagnose(Some(&results));
                o.insert(
                    "no_deal".into(),
                    serde_json::to_value(why).map_err(|e| e.to_string())?,
                );
            }
            if let Some(t) = &targets {
                o.insert("record".into(), record_json(t, &results)?);
            }
            o.insert("results".into(), full);
        }
        super::output::write_text(flags.out.as_deref(), &out.to_string())
    } else if let Some(file) = &flags.out {
        let mut text = Vec::new();
        super::summary::print(&mut text, &sim, &results, seconds).map_err(|e| e.to_string())?;
        if let Some(t) = &targets {
            text.extend_from_slice(record_text(t, &results)?.as_bytes());
        }
        std::fs::write(file, text).map_err(|e| format!("{file}: {e}"))
    } else {
        let mut out = super::output::stdout();
        let result = super::summary::print(&mut out, &sim, &results, seconds);
        let result = match (result, &targets) {
            (Ok(()), Some(t)) => {
                use std::io::Write;
                let text = record_text(t, &results)?;
                writeln!(out).and_then(|()| out.write_all(text.as_bytes()))
            }
            (result, _) => result,
        };
        super::output::finish(out, result)
    }
}

/// Writes the figures (`--plots DIR`) and the HTML report (`--report FILE`)
/// the flags ask for, with the run beside its record when there is one;
/// notes what was written on stderr.
pub fn write_figures(
    sim: &Simulation,
    results: &ExperimentResults,
    round_unit: &str,
    targets: Option<&Targets>,
    flags: &ExperimentFlags,
) -> Result<(), String> {
    if flags.plots.is_none() && flags.report.is_none() {
        return Ok(());
    }
    let figures = ExperimentFigures::new(sim, results, round_unit).map_err(|e| e.to_string())?;
    let record = match targets {
        Some(t) => {
            let months = record::monthly(t, results).map_err(|e| e.to_string())?;
            let title = format!(
                "{}: the record ({} deals with {} from {}) beside {} runs",
                results.scenario, t.demander, t.holder, t.start, results.runs
            );
            (!months.is_empty()).then(|| BandsPlot::from_record(title, &months))
        }
        None => None,
    };
    if let Some(dir) = &flags.plots {
        let dir = std::path::Path::new(dir);
        let mut paths = figures.write_svgs(dir).map_err(|e| e.to_string())?;
        if let Some(r) = &record {
            paths.push(r.write_to(dir).map_err(|e| e.to_string())?);
        }
        errln!("wrote {} figures to {}", paths.len(), dir.display());
    }
    if let Some(file) = &flags.report {
        let mut report = figures
            .html_report(sim, results)
            .map_err(|e| e.to_string())?;
        if let Some(r) = &record {
            report
                .add_figure("The run beside the record", r)
                .map_err(|e| e.to_string())?;
        }
        report
            .write(std::path::Path::new(file))
            .map_err(|e| e.to_string())?;
        errln!("wrote the report to {file}");
    }
    Ok(())
}

/// Runs `f` on a pool of `threads` threads (rayon's global pool when `None`).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, String> {
    match threads {
        None => Ok(f()),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| format!("cannot start {t} threads: {e}")),
    }
}

/// The record to set the run beside: `--record FILE` (a `record` object,
/// paths relative to FILE) or the scenario's own `record` (paths relative
/// to the scenario file), so it works from any working directory.
fn record_targets(
    scenario_path: &str,
    scenario: &Scenario,
    flags: &ExperimentFlags,
) -> Result<Option<Targets>, String> {
    let folder = |p: &str| {
        std::path::Path::new(p)
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    };
    let (spec, base) = match &flags.record {
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            let spec: RecordRef =
                serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
            (spec, folder(file))
        }
        None => match &scenario.record {
            Some(spec) => (spec.clone(), folder(scenario_path)),
            None => return Ok(None),
        },
    };
    Targets::load(&spec, &base)
        .map(Some)
        .map_err(|e| format!("record: {e}"))
}

/// The record table printed under the summary.
fn record_text(t: &Targets, results: &ExperimentResults) -> Result<String, String> {
    let months = record::monthly(t, results).map_err(|e| e.to_string())?;
    let checks = record::compare(t, results).map_err(|e| e.to_string())?;
    Ok(detente::report::record_table(t, &months, &checks))
}

/// The record, month by month and the checks, for `--json`.
fn record_json(t: &Targets, results: &ExperimentResults) -> Result<serde_json::Value, String> {
    let months = record::monthly(t, results).map_err(|e| e.to_string())?;
    let checks = record::compare(t, results).map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"targets": t, "months": months, "checks": checks}))
}
