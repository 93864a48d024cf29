//! Sweeps, shards and merges for the simulation examples.
//!
//! A sweep is `--runs` runs at each point of the grid of `--sweep` axes:
//! job `p * runs + i` is run `i` of point `p`, seeded from
//! `rng::derived(seed, [p, i])` (see `detente::simulate::Sweep`). `--shard
//! k/n` runs one contiguous block of jobs and writes its exact aggregates;
//! `--merge` adds the blocks back up. A plain experiment (no `--sweep`)
//! shards the same way over its runs, run `i` seeded from
//! `rng::derived(seed, [i])`, so its merged shards equal the unsharded
//! experiment.

use std::io::Write;

use super::output;
use super::progress::{Bar, Stages};
use super::run::with_threads;
use crate::cli::experiment::ExperimentFlags;
use detente::limits::Limits;
use detente::scenario::Scenario;
use detente::shard::{Fingerprint, Shard, ShardFile, ShardPart};
use detente::simulate::{Axis, ExperimentConfig, Simulation, Sweep, SweepResults};

/// Parses `path=v1,v2,...`; each value is JSON, or a bare string.
pub fn axis(spec: &str) -> Result<Axis, String> {
    let (path, values) = spec
        .split_once('=')
        .ok_or_else(|| format!("--sweep `{spec}`: expected PATH=V1,V2,..."))?;
    let values: Vec<serde_json::Value> = values
        .split(',')
        .map(|v| {
            let v = v.trim();
            serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_string()))
        })
        .collect();
    if path.trim().is_empty() || values.iter().any(|v| v.as_str() == Some("")) {
        return Err(format!("--sweep `{spec}`: empty path or value"));
    }
    Ok(Axis {
        path: path.trim().to_string(),
        values,
    })
}

/// Runs what the flags ask for when they ask for a sweep, a shard or a
/// merge; returns `Ok(false)` when they ask for a plain experiment.
pub fn dispatch(path: Option<&str>, flags: &ExperimentFlags) -> Result<bool, String> {
    check_outputs(path, flags)?;
    let planned = flags.merge.is_some() || !flags.sweep.is_empty() || flags.shard.is_some();
    if planned && flags.budget != Default::default() {
        // A shard or merged result must cover exactly its plan; a budget
        // would leave holes in it.
        return Err("--time-limit and --max-nodes apply to a plain experiment, not to --sweep, --shard or --merge (split the work with --shard instead)".into());
    }
    if let Some(files) = &flags.merge {
        merge(files, flags)?;
        return Ok(true);
    }
    if flags.sweep.is_empty() && flags.shard.is_none() {
        return Ok(false);
    }
    let path = path.ok_or("expected a scenario file")?;
    let scenario = Scenario::from_path(path).map_err(|e| e.to_string())?;
    let shard = flags.shard.unwrap_or_else(Shard::whole);
    let part = if flags.sweep.is_empty() {
        let sim = Simulation::from_scenario(&scenario).map_err(|e| e.to_string())?;
        let config = ExperimentConfig {
            runs: flags.runs,
            rounds: flags.rounds.unwrap_or_else(|| sim.default_rounds()),
            seed: flags.seed,
        };
        let block = shard.block(config.runs);
        let fingerprint = Fingerprint::experiment(
            &scenario,
            &sim,
            (config.runs, config.rounds, config.seed),
            shard.count,
        )
        .map_err(|e| e.to_string())?;
        let bar = Bar::new("runs", block.end - block.start);
        let results = with_threads(flags.threads, || {
            sim.run_range(&config, block.clone(), &|d, _| bar.set(d))
        })?;
        bar.finish();
        ShardFile::Experiment(Box::new(ShardPart {
            shard,
            total: config.runs,
            start: block.start,
            end: block.end,
            fingerprint,
            results,
        }))
    } else {
        let axes = flags
            .sweep
            .iter()
            .map(|s| axis(s))
            .collect::<Result<Vec<_>, _>>()?;
        let limits = Limits::default();
        let sweep = Sweep::new_with(&scenario, &axes, &limits).map_err(|e| e.to_string())?;
        let total = sweep.jobs(flags.runs);
        limits
            .check("--runs x the points of the grid", total, limits.max_jobs)
            .map_err(|e| e.to_string())?;
        // Each point runs its own rounds unless one number is asked for (or a
        // shard file, which records one number, is written); a number that
        // contradicts an axis setting dynamics.rounds is refused.
        let rounds = if flags.rounds.is_some() || flags.shard.is_some() {
            let common = sweep.common_rounds(flags.rounds).map_err(|e| {
                // Why a shard needs one number: its fingerprint and the
                // merge check every point against the rounds it records.
                match flags.shard {
                    Some(_) if flags.rounds.is_none() => format!(
                        "--shard: {e}; a shard file records one number of rounds for all its points, \
                         so shard each value of dynamics.rounds as its own sweep or experiment"
                    ),
                    _ => e.to_string(),
                }
            })?;
            Some(common)
        } else {
            None
        };
        let block = shard.block(total);
        let bar = Bar::new("jobs", block.end - block.start);
        let start = std::time::Instant::now();
        // Sweep::run reports point by point; one bar shows the sum.
        let stages = Stages::new(&bar);
        let results = with_threads(flags.threads, || {
            sweep.run(flags.runs, rounds, flags.seed, block.clone(), &|d, t| {
                stages.report(d, t)
            })
        })?;
        bar.finish();
        if flags.shard.is_none() {
            // A whole sweep: print it, not a shard file.
            return print_sweep(&results, flags, start.elapsed().as_secs_f64()).map(|()| true);
        }
        let rounds = rounds.ok_or("a shard runs one number of rounds")?;
        let fingerprint = Fingerprint::sweep(
            &scenario,
            &sweep,
            &axes,
            (flags.runs, rounds, flags.seed),
            shard.count,
        )
        .map_err(|e| e.to_string())?;
        ShardFile::Sweep(Box::new(ShardPart {
            shard,
            total,
            start: block.start,
            end: block.end,
            fingerprint,
            results,
        }))
    };
    write(&part, flags)?;
    Ok(true)
}

/// Where a run may write: `--out`, `--plots` and `--report` are checked
/// before any work, and none may name the scenario or a merged shard.
fn check_outputs(path: Option<&str>, flags: &ExperimentFlags) -> Result<(), String> {
    let mut inputs: Vec<&str> = path.into_iter().collect();
    inputs.extend(flags.merge.iter().flatten().map(String::as_str));
    if let Some(out) = &flags.out {
        output::check_file("--out", out, &inputs)?;
    }
    if let Some(report) = &flags.report {
        output::check_file("--report", report, &inputs)?;
    }
    if let Some(dir) = &flags.plots {
        output::check_dir("--plots", dir, &inputs)?;
    }
    Ok(())
}

fn write(part: &ShardFile, flags: &ExperimentFlags) -> Result<(), String> {
    let json = part.to_json().map_err(|e| e.to_string())?;
    output::write_text(flags.out.as_deref(), &json)
}

/// Reads, checks and merges shard files; the first bad file is named.
fn merge(files: &[String], flags: &ExperimentFlags) -> Result<(), String> {
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        let text = read_limited(f)?;
        parts.push(ShardFile::from_json(&text).map_err(|e| format!("{f}: {e}"))?);
    }
    let merged = ShardFile::merge(parts).map_err(|e| e.to_string())?;
    write(&merged, flags)
}

/// A file's text, refusing files longer than a shard file may be before
/// reading them.
fn read_limited(f: &str) -> Result<String, String> {
    let len = std::fs::metadata(f).map_err(|e| format!("{f}: {e}"))?.len();
    let limit = detente::shard::MAX_SHARD_FILE_BYTES;
    if len > limit as u64 {
        return Err(format!(
            "{f}: {len} bytes, more than a shard file's limit of {limit}"
        ));
    }
    std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))
}

/// One line per point: its settings and headline numbers (or JSON).
fn print_sweep(r: &SweepResults, flags: &ExperimentFlags, seconds: f64) -> Result<(), String> {
    if flags.json {
        let json = serde_json::to_string(r).map_err(|e| e.to_string())?;
        return output::write_text(flags.out.as_deref(), &json);
    }
    let mut out = output::stdout();
    let result = sweep_lines(&mut out, r, seconds);
    output::finish(out, result)
}

fn sweep_lines(out: &mut impl Write, r: &SweepResults, seconds: f64) -> std::io::Result<()> {
    writeln!(
        out,
        "{} points x {} runs ({:.2} s); per run: mean [5th - 95th percentile]",
        r.points.len(),
        r.runs_per_point,
        seconds
    )?;
    for p in &r.points {
        let b = p.results.brief();
        let settings: Vec<String> = p
            .point
            .settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        writeln!(
            out,
            "  {:<40} freed {:>7.1} [{} - {}]  arrested {:>7.1}  held at end {:>7.1}  deals {:>5.2}",
            settings.join(" "),
            b.freed.mean,
            b.freed.p5,
            b.freed.p95,
            b.arrested.mean,
            b.held_at_end.mean,
            b.deals.mean
        )?;
    }
    Ok(())
}
