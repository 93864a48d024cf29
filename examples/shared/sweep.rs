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

use serde::{Deserialize, Serialize};

use super::progress::{Bar, Stages};
use super::run::with_threads;
use crate::cli::experiment::ExperimentFlags;
use detente::scenario::Scenario;
use detente::shard::{Shard, ShardPart, merge_parts};
use detente::simulate::{
    Axis, ExperimentConfig, ExperimentResults, Simulation, Sweep, SweepResults,
};

/// What a shard file holds.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    /// Runs of one experiment.
    Experiment(Box<ShardPart<ExperimentResults>>),
    /// Jobs of a sweep.
    Sweep(ShardPart<SweepResults>),
}

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
        let bar = Bar::new("runs", block.end - block.start);
        let results = with_threads(flags.threads, || {
            sim.run_range(&config, block.clone(), &|d, _| bar.set(d))
        })?;
        bar.finish();
        Part::Experiment(Box::new(ShardPart {
            shard,
            total: config.runs,
            start: block.start,
            end: block.end,
            results,
        }))
    } else {
        let axes = flags
            .sweep
            .iter()
            .map(|s| axis(s))
            .collect::<Result<Vec<_>, _>>()?;
        let sweep = Sweep::new(&scenario, &axes).map_err(|e| e.to_string())?;
        let rounds = flags
            .rounds
            .unwrap_or_else(|| sweep.simulation(0).default_rounds());
        let total = sweep.jobs(flags.runs);
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
        Part::Sweep(ShardPart {
            shard,
            total,
            start: block.start,
            end: block.end,
            results,
        })
    };
    write(&part, flags)?;
    Ok(true)
}

fn write(part: &Part, flags: &ExperimentFlags) -> Result<(), String> {
    let json = serde_json::to_string(part).map_err(|e| e.to_string())?;
    match &flags.out {
        Some(file) => std::fs::write(file, json + "\n").map_err(|e| format!("{file}: {e}")),
        None => {
            println!("{json}");
            Ok(())
        }
    }
}

fn merge(files: &[String], flags: &ExperimentFlags) -> Result<(), String> {
    let mut experiments = Vec::new();
    let mut sweeps = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        let de = &mut serde_json::Deserializer::from_str(&text);
        match serde_path_to_error::deserialize(de).map_err(|e| format!("{f}: {e}"))? {
            Part::Experiment(p) => experiments.push(*p),
            Part::Sweep(p) => sweeps.push(p),
        }
    }
    let merged = match (experiments.is_empty(), sweeps.is_empty()) {
        (false, true) => Part::Experiment(Box::new(
            merge_parts(experiments).map_err(|e| e.to_string())?,
        )),
        (true, false) => Part::Sweep(merge_parts(sweeps).map_err(|e| e.to_string())?),
        _ => return Err("cannot merge experiment shards with sweep shards".into()),
    };
    write(&merged, flags)
}

/// One line per point: its settings and headline numbers (or JSON).
fn print_sweep(r: &SweepResults, flags: &ExperimentFlags, seconds: f64) -> Result<(), String> {
    if flags.json {
        let json = serde_json::to_string(r).map_err(|e| e.to_string())?;
        return match &flags.out {
            Some(file) => std::fs::write(file, json + "\n").map_err(|e| format!("{file}: {e}")),
            None => {
                println!("{json}");
                Ok(())
            }
        };
    }
    println!(
        "{} points x {} runs ({:.2} s); per run: mean [5th - 95th percentile]",
        r.points.len(),
        r.runs_per_point,
        seconds
    );
    for p in &r.points {
        let b = p.results.brief();
        let settings: Vec<String> = p
            .point
            .settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!(
            "  {:<40} freed {:>7.1} [{} - {}]  arrested {:>7.1}  held at end {:>7.1}  deals {:>5.2}",
            settings.join(" "),
            b.freed.mean,
            b.freed.p5,
            b.freed.p95,
            b.arrested.mean,
            b.held_at_end.mean,
            b.deals.mean
        );
    }
    Ok(())
}
