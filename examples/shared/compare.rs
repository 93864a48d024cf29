//! `--compare`: the scenario and variants of it on common random numbers.

use super::output;
use super::progress::Bar;
use super::run::with_threads;
use crate::cli::compare::CompareFlags;
use crate::cli::experiment::ExperimentFlags;
use detente::simulate::{Comparison, ExperimentConfig, SweepPoint};
use serde_json::Value;

/// Parses `PATH=VALUE` or `PATH=V1;PATH2=V2` (one variant); each value is
/// JSON, or a bare string.
pub fn variant(spec: &str) -> Result<SweepPoint, String> {
    let mut settings = Vec::new();
    for part in spec.split(';') {
        let (path, value) = part
            .split_once('=')
            .ok_or_else(|| format!("--compare `{spec}`: expected PATH=VALUE[;PATH=VALUE...]"))?;
        let (path, value) = (path.trim(), value.trim());
        if path.is_empty() || value.is_empty() {
            return Err(format!("--compare `{spec}`: empty path or value"));
        }
        let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.into()));
        settings.push((path.to_string(), value));
    }
    Ok(SweepPoint { settings })
}

/// Reads a draws file: a JSON list of objects `{"PATH": value, ...}`.
fn draws(file: &str) -> Result<Vec<SweepPoint>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("--draws {file}: {e}"))?;
    let doc: Vec<serde_json::Map<String, Value>> = serde_json::from_str(&text).map_err(|e| {
        format!("--draws {file}: expected a list of objects {{\"PATH\": value, ...}}: {e}")
    })?;
    Ok(doc
        .into_iter()
        .map(|o| SweepPoint {
            settings: o.into_iter().collect(),
        })
        .collect())
}

/// Runs the comparison the flags ask for on the scenario at `path` and
/// prints its tables (or JSON); `Ok(false)` when no `--compare` was given.
pub fn run(path: &str, cmp: &CompareFlags, flags: &ExperimentFlags) -> Result<bool, String> {
    if cmp.compare.is_empty() {
        return Ok(false);
    }
    if flags.budget != Default::default() {
        return Err(
            "--time-limit and --max-nodes apply to a plain experiment, not to --compare".into(),
        );
    }
    if let Some(out) = &flags.out {
        output::check_file("--out", out, &[path])?;
    }
    let variants = cmp
        .compare
        .iter()
        .map(|s| variant(s))
        .collect::<Result<Vec<_>, _>>()?;
    let scenario = super::run::load(path, flags)?;
    // Every variant and draw is applied and built here, before any run.
    let mut comparison = Comparison::new(&scenario, &variants).map_err(|e| e.to_string())?;
    if let Some(file) = &cmp.draws {
        comparison = comparison
            .with_draws(draws(file)?)
            .map_err(|e| e.to_string())?;
    }
    let config = ExperimentConfig {
        runs: flags.runs,
        rounds: flags.rounds.unwrap_or_else(|| comparison.default_rounds()),
        seed: flags.seed,
    };
    let bar = Bar::new("paired runs", config.runs);
    let start = std::time::Instant::now();
    let results = with_threads(flags.threads, || {
        comparison.run(&config, 0..config.runs, &|d, t| {
            bar.set_len(t);
            bar.set(d)
        })
    })?;
    bar.finish();
    let seconds = start.elapsed().as_secs_f64();
    let text = if flags.json {
        let variants: Vec<Value> = (0..results.variants.len())
            .map(|k| {
                serde_json::json!({
                    "variant": results.label(k),
                    "settings": results.variants[k].point.settings,
                    "outcomes": results.summaries(k),
                })
            })
            .collect();
        serde_json::json!({
            "scenario": scenario.name,
            "seed": results.seed,
            "runs": results.runs,
            "rounds": results.rounds,
            "draws": results.draws.len(),
            "streams": results.streams,
            "seconds": seconds,
            "variants": variants,
            "results": results,
        })
        .to_string()
    } else {
        format!(
            "{}: baseline against {} variant(s) in {seconds:.1} s\n\n{}",
            scenario.name,
            results.variants.len(),
            detente::report::comparison_table(&results).trim_end()
        )
    };
    output::write_text(flags.out.as_deref(), &text)?;
    Ok(true)
}
