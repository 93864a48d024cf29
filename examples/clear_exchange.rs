//! Clears a multilateral exchange exactly: the maximum-weight set of
//! vertex-disjoint cycles (and chains started by an altruist) of bounded
//! length, with the LP bound that certifies it.
//!
//! ```sh
//! cargo run --release --example clear_exchange -- tests/data/preflib-kidney/00036-00000111.wmd
//! cargo run --release --example clear_exchange -- FILE [--max-cycle L] [--max-chain K] [--json]
//! ```
//! `FILE` is a PrefLib `.wmd` file (vertices printed with their 1-based
//! PrefLib ids) or a scenario file (`.json`/`.toml`; vertices printed as
//! prisoner keys, cleared over the prisoner-level exchange graph of its
//! initial state). `--help` lists the flags; `--json` prints one JSON object with `total_weight`,
//! `cycles`, `chains`, `optimal`, `bound` and timings.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, outln};

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use detente::exchange::{Caps, ClearOptions, ExchangeGraph, clear_exchanges, enumerate, read_wmd};
use detente::mediator::prisoner_graph;

fn main() -> ExitCode {
    let args = cli::clear_exchange::Args::parse();
    let (file, json) = (args.file, args.json);
    let caps = Caps {
        max_cycle: args.max_cycle,
        max_chain: args.max_chain,
        ..Caps::default()
    };
    let t0 = Instant::now();
    let (graph, numeric) = match load(&file) {
        Ok(x) => x,
        Err(e) => {
            errln!("{file}: {e}");
            return ExitCode::from(1);
        }
    };
    let t_read = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let ex = match enumerate(&graph, &caps) {
        Ok(ex) => ex,
        Err(e) => {
            errln!("{file}: {e}");
            return ExitCode::from(1);
        }
    };
    let t_enum = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let c = match clear_exchanges(
        &ex,
        graph.vertex_count(),
        graph.integral_weights(),
        &ClearOptions {
            budget: args.budget.over(ClearOptions::default().budget),
            ..ClearOptions::with_caps(caps)
        },
    ) {
        Ok(c) => c,
        Err(e) => {
            errln!("{file}: {e}");
            return ExitCode::from(1);
        }
    };
    let t_solve = t2.elapsed().as_secs_f64();
    let name = |v: detente::exchange::VertexId| -> serde_json::Value {
        if numeric {
            serde_json::json!(v.index() + 1)
        } else {
            serde_json::json!(graph.party(v).name)
        }
    };
    let list = |kind| -> Vec<Vec<serde_json::Value>> {
        c.exchanges
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.vertices.iter().map(|&v| name(v)).collect())
            .collect()
    };
    let cycles = list(detente::exchange::ExchangeKind::Cycle);
    let chains = list(detente::exchange::ExchangeKind::Chain);
    if json {
        let out = serde_json::json!({
            "file": file,
            "vertices": graph.vertex_count(),
            "arcs": graph.arc_count(),
            "max_cycle": caps.max_cycle,
            "max_chain": caps.max_chain,
            "total_weight": c.total_weight,
            "cycles": cycles,
            "chains": chains,
            "optimal": c.optimal,
            "truncated": c.stopped_by.is_some(),
            "stopped_by": c.stopped_by,
            "bound": c.bound,
            "lp_bound": c.lp_bound,
            "enumerated": c.enumerated,
            "nodes": c.nodes,
            "pivots": c.pivots,
            "seconds": { "read": t_read, "enumerate": t_enum, "solve": t_solve,
                         "total": t_read + t_enum + t_solve },
        });
        outln!("{out}");
    } else {
        outln!(
            "{file}: {} vertices, {} arcs; cycles <= {}, chains <= {} gifts",
            graph.vertex_count(),
            graph.arc_count(),
            caps.max_cycle,
            caps.max_chain
        );
        outln!(
            "total weight {} ({}), bound {}, LP bound {:.4}",
            c.total_weight,
            if c.optimal {
                "optimal"
            } else {
                "NOT proven optimal: budget ran out"
            },
            c.bound,
            c.lp_bound
        );
        if let Some(stopped) = c.stopped_by {
            outln!(
                "{}",
                detente::budget::truncation_note(
                    "branch and bound",
                    stopped,
                    c.nodes as u64,
                    "nodes"
                )
            );
        }
        outln!(
            "{} exchanges enumerated in {t_enum:.3} s; solved in {t_solve:.3} s ({} nodes, {} pivots); read {t_read:.3} s",
            c.enumerated,
            c.nodes,
            c.pivots
        );
        let show = |v: &Vec<serde_json::Value>| {
            v.iter()
                .map(|x| x.to_string().replace('"', ""))
                .collect::<Vec<_>>()
                .join(" -> ")
        };
        outln!("{} cycles:", cycles.len());
        for cy in &cycles {
            outln!("  {} -> (back)", show(cy));
        }
        outln!("{} chains:", chains.len());
        for ch in &chains {
            outln!("  {}", show(ch));
        }
    }
    ExitCode::SUCCESS
}

/// Reads the file; the flag says whether vertices print as numbers. A
/// scenario file gives the prisoner-level exchange graph of its initial state.
fn load(file: &str) -> Result<(ExchangeGraph, bool), String> {
    if file.ends_with(".wmd") {
        return read_wmd(file).map(|g| (g, true)).map_err(|e| e.to_string());
    }
    let (_, world, rules) = detente::scenario::load(file).map_err(|e| e.to_string())?;
    let state = detente::model::State::initial(&world);
    // The prisoner graph scans every pair of held prisoners: bound its
    // vertices as a PrefLib file's are, before the quadratic scan starts.
    let limits = detente::limits::Limits::default();
    let held = state.held().count() as u64;
    limits
        .check(
            "the exchange graph of its held prisoners",
            held,
            limits.max_alternatives,
        )
        .map_err(|e| e.to_string())?;
    Ok((prisoner_graph(&world, &state, &rules).graph, false))
}
