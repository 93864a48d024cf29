//! Analyses a GMCR conflict file (the crate's own JSON layout or GMCR+'s).
//!
//! ```sh
//! cargo run --release --example conflict -- examples/conflicts/elmira.json
//! cargo run --release --example conflict -- examples/conflicts/syria_iraq.json --json
//! ```
//!
//! `FILE` may be `belarus`: the conflict derived from
//! `examples/scenarios/belarus_2025.json` (US, Belarus, EU).
//!
//! `--scale N` analyses a synthetic conflict of N options instead of a file
//! ([`detente::conflict::examples::synthetic`]; `--dms K` decision makers,
//! default 4; `--exclusions K` infeasible pairs, default 0; `--seed S`) and
//! prints how long each step took:
//!
//! ```sh
//! cargo run --release --example conflict -- --scale 20
//! ```
//!
//! `--inverse N [--concept C]` (C one of nash, gmr, smr, seq, sim, seqsim;
//! default nash) asks inverse analysis whether state N can be an
//! equilibrium if each decision maker keeps its ranking of every other state
//! and only N moves, and prints where N must rank, or why it cannot (with
//! `--json`, the document `ConflictModel::inverse_report` builds).
//!
//! `--help` lists every flag. Flags: `--json` (one JSON object on stdout), `--single-step` (opponents
//! answer with one move instead of any legal sequence), `--sim-any` (SIM
//! sanctions by any set of opponents moving at once), `--explain N` (explain
//! every verdict at state number N).

use detente::conflict::{
    Agents, AnalysisOptions, Concept, ConflictModel, Moves, Responses, SimResponses, StateId,
};
use serde_json::json;

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, out, outln};

use clap::Parser;
use cli::conflict::Args;

fn numbers(v: &[StateId]) -> Vec<usize> {
    v.iter().map(|s| s.number()).collect()
}

fn main() {
    if let Err(e) = run() {
        errln!("error: {e}");
        std::process::exit(1);
    }
}

/// `--scale N`: time compiling and analysing a synthetic conflict.
fn scale(args: &Args, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    use std::time::Instant;
    let conflict = detente::conflict::examples::synthetic(n, args.dms, args.exclusions, args.seed);
    let t0 = Instant::now();
    let model = conflict.compile()?;
    let t_compile = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let budget = args
        .budget
        .over(detente::conflict::default_analysis_budget());
    let a = model.analyze_within(&AnalysisOptions::default(), &budget);
    let t_analyze = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    // Reachability walks every state too: skipped with the analysis.
    let reachable = (!a.truncated()).then(|| {
        model
            .status_quo_analysis(StateId(0), Moves::Improving)
            .reachable()
            .len()
    });
    let t_sq = t2.elapsed().as_secs_f64();
    let eq: serde_json::Map<String, serde_json::Value> = Concept::ALL
        .iter()
        .filter(|&&c| a.analysed(c))
        .map(|&c| (c.name().to_string(), json!(a.equilibria(c).len())))
        .collect();
    let out = json!({
        "name": model.name(),
        "options": n,
        "decision_makers": model.n_dms(),
        "states": model.states().len(),
        "equilibria_counts": eq,
        "truncated": a.truncated(),
        "reachable_by_improvements_from_state_1": reachable,
        "seconds": {"compile": t_compile, "analyze_all_concepts": t_analyze, "status_quo": t_sq},
        "threads": rayon::current_num_threads(),
    });
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        outln!(
            "{}: {} feasible states of 2^{n} = {}",
            model.name(),
            model.states().len(),
            1u64 << n
        );
        outln!("  compile (enumerate + rank): {t_compile:.3} s");
        outln!("  analyse all concepts, every decision maker: {t_analyze:.3} s");
        outln!("  status quo (improving moves from state 1): {t_sq:.3} s");
        outln!("  equilibria: {}", serde_json::Value::Object(eq));
        if let Some(stopped) = a.stopped_by() {
            outln!(
                "  {}",
                detente::budget::truncation_note(
                    "analysis",
                    stopped,
                    model.states().len() as u64,
                    "states"
                )
            );
        }
    }
    Ok(())
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let file = match (args.scale, &args.file) {
        (Some(n), _) => return scale(&args, n),
        (None, Some(file)) => file,
        // clap requires FILE unless --scale.
        (None, None) => return Err("expected a conflict file".into()),
    };
    let mut opts = AnalysisOptions::default();
    if args.single_step {
        opts.responses = Responses::SingleStep;
    }
    if args.sim_any {
        opts.sim = SimResponses::AnySubset;
    }
    let conflict = if file == "belarus" {
        // Derived from the shipped scenario's world (see conflict::belarus_2025).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/scenarios/belarus_2025.json"
        );
        let (_, world, _) = detente::scenario::load(path).map_err(|e| e.to_string())?;
        let mut c = detente::conflict::belarus_2025(&world)?.build(&world)?;
        // Also analyse the US and Belarus acting together (the EU alone).
        c.coalitions = vec![vec![0, 1], vec![2]];
        c
    } else {
        detente::conflict::load_file(file)?
    };
    let model = conflict.compile()?;
    let budget = args
        .budget
        .over(detente::conflict::default_analysis_budget());
    if let Some(n) = args.inverse {
        return inverse(&model, &opts, n, args.concept, &args.budget, args.json);
    }
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&model.report(&opts, &budget))?
        );
    } else {
        print_report(&model, &opts, &budget, args.explain)?;
    }
    Ok(())
}

fn print_report(
    model: &ConflictModel,
    opts: &AnalysisOptions,
    budget: &detente::Budget,
    explain_at: Option<usize>,
) -> Result<(), Box<dyn std::error::Error>> {
    let a = model.analyze_within(opts, budget);
    let space = model.states();
    outln!(
        "{}: {} options, {} feasible states, {} decision makers",
        model.name(),
        space.n_options(),
        space.len(),
        model.n_dms()
    );
    outln!("\noptions (Y/N strings list option 1 first):");
    for (k, name) in model.option_names().iter().enumerate() {
        let o = detente::conflict::OptionId(k);
        outln!(
            "  {:>2} {:<42} owner {:<18} {:?}",
            k + 1,
            name,
            model.dm_names()[model.owner(o).0],
            model.direction(o)
        );
    }
    if space.len() <= 64 {
        out!(
            "\n{:>5} {:>8} {:>width$}",
            "state",
            "decimal",
            "YN",
            width = space.n_options().max(2)
        );
        for name in model.dm_names() {
            out!(" {name:>10.10}");
        }
        outln!();
        for s in space.ids() {
            out!(
                "{:>5} {:>8} {:>width$}",
                s.number(),
                space.code(s),
                space.yn(s),
                width = space.n_options().max(2)
            );
            for d in 0..model.n_dms() {
                out!(
                    " {:>10}",
                    model.payoffs(detente::conflict::DmId(d))[s.index()]
                );
            }
            outln!();
        }
    }
    outln!("\nStable states (state numbers) and equilibria:");
    if let Some(stopped) = a.stopped_by() {
        let left: Vec<&str> = Concept::ALL
            .iter()
            .filter(|&&c| !a.analysed(c))
            .map(|c| c.name())
            .collect();
        outln!(
            "  {} Not analysed: {}.",
            detente::budget::truncation_note("analysis", stopped, space.len() as u64, "states"),
            left.join(", ")
        );
    }
    for c in Concept::ALL.into_iter().filter(|&c| a.analysed(c)) {
        let eq = a.equilibria(c);
        outln!(
            "  {:<7} {} equilibria{}",
            c.name(),
            eq.len(),
            short(space, &eq)
        );
        for d in 0..model.n_dms() {
            let st = a.stable_states(c, d);
            if st.len() <= 40 {
                outln!("          {:<20} {:?}", model.dm_names()[d], numbers(&st));
            } else {
                outln!("          {:<20} {} states", model.dm_names()[d], st.len());
            }
        }
    }
    if let Some(sq) = model.status_quo().filter(|_| a.analysed(Concept::Gmr)) {
        outln!("\nStatus quo: state {} ({})", sq.number(), space.yn(sq));
        for moves in [Moves::All, Moves::Improving] {
            let r = model.status_quo_analysis(sq, moves);
            outln!(
                "  {} states reachable by {:?} moves; GMR equilibria among them:",
                r.reachable().len(),
                moves
            );
            for g in a.equilibria(Concept::Gmr) {
                if let Some(p) = r.path(g) {
                    let chain: Vec<String> = p
                        .iter()
                        .map(|s| format!("{} -> {}", model.dm_names()[s.agent], s.to.number()))
                        .collect();
                    outln!(
                        "    {} in {} moves: {}",
                        g.number(),
                        p.len(),
                        chain.join(", ")
                    );
                }
            }
        }
    }
    if !model.coalitions().is_empty() {
        let agents = Agents::coalitions(model, model.coalitions())?;
        let ca = model.analyze_agents(&agents, opts);
        let names: Vec<String> = (0..agents.len()).map(|g| agents.name(model, g)).collect();
        outln!("\nCoalitions {names:?}:");
        for c in Concept::ALL {
            let eq = ca.equilibria(c);
            outln!(
                "  {:<7} {} equilibria{}",
                c.name(),
                eq.len(),
                short(space, &eq)
            );
        }
        if let Some(sq) = model.status_quo() {
            for (g, name) in names.iter().enumerate() {
                let e = model.explain(&agents, Concept::Nash, g, sq, opts)?;
                let better: Vec<String> = e
                    .improvements
                    .iter()
                    .map(|c| format!("{} ({})", c.to.number(), space.yn(c.to)))
                    .collect();
                outln!(
                    "  {} improves on the status quo by moving to: {}",
                    name,
                    if better.is_empty() {
                        "nothing".to_string()
                    } else {
                        better.join(", ")
                    }
                );
            }
        }
    }
    if let Some(n) = explain_at {
        let s = model.state(n)?;
        let agents = Agents::individuals(model);
        outln!("\nExplanations at state {n}:");
        for c in Concept::ALL {
            for d in 0..model.n_dms() {
                out!(
                    "{}",
                    model
                        .explain(&agents, c, d, s, opts)?
                        .render(model, &agents)
                );
            }
        }
    }
    Ok(())
}

/// Up to 12 states as "number (YN)", or nothing for an empty list.
fn short(space: &detente::conflict::StateSpace, v: &[StateId]) -> String {
    if v.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = v
        .iter()
        .take(12)
        .map(|s| format!("{} ({})", s.number(), space.yn(*s)))
        .collect();
    let more = if v.len() > 12 {
        format!(", ... {} more", v.len() - 12)
    } else {
        String::new()
    };
    format!(": {}{more}", shown.join(", "))
}

/// `--inverse N`: can state N be an equilibrium if only N moves in each
/// decision maker's ranking? The answer is `ConflictModel::inverse_report`,
/// printed as JSON or in words.
fn inverse(
    model: &ConflictModel,
    opts: &AnalysisOptions,
    n: usize,
    concept: Concept,
    budget: &cli::budget::BudgetArgs,
    as_json: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let default = detente::conflict::Inverse::new(model, model.state(n)?, concept).budget;
    let r = model.inverse_report(n, concept, opts, Some(budget.over(default)))?;
    if as_json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("?").to_string();
    let list = |v: &serde_json::Value| v.as_array().cloned().unwrap_or_default();
    outln!(
        "Can state {n} ({}) be a {} equilibrium if each decision maker keeps its ranking of the other states?",
        text(&r["target_state"]),
        concept.name()
    );
    match r["answer"].as_str() {
        Some("feasible") => {
            outln!("Yes:");
            for d in list(&r["above"]) {
                outln!(
                    "  {:<20} states ranked above it: {} now, {} in the witness ranking",
                    text(&d["dm"]),
                    d["now"],
                    d["witness"]
                );
            }
        }
        Some("infeasible") => {
            outln!("No. These moves away from it cannot all be deterred:");
            for o in list(&r["core"]) {
                outln!(
                    "  {} moving to {} ({})",
                    text(&o["dm"]),
                    o["to"],
                    text(&o["to_state"])
                );
            }
            for c in list(&r["chains"]) {
                let links: Vec<String> = list(&c["links"])
                    .iter()
                    .map(|l| {
                        let op = if l["strict"] == true { ">" } else { ">=" };
                        format!(
                            "{} {op} {} ({})",
                            l["above"],
                            l["below"],
                            text(&l["reason"])
                        )
                    })
                    .collect();
                outln!("  {}: {}", text(&c["dm"]), links.join(", "));
            }
        }
        _ => {
            let stopped: detente::budget::Stopped =
                serde_json::from_value(r["stopped_by"].clone())?;
            outln!(
                "Undecided: {}",
                detente::budget::truncation_note(
                    "inverse search",
                    stopped,
                    r["nodes"].as_u64().unwrap_or(0),
                    "nodes"
                )
            );
        }
    }
    Ok(())
}
