//! Explores the deal sequences of a scenario between two governments: which
//! sequences free the most prisoners while every step passes the rulebook
//! (individual rationality for both sides included), the frontier between
//! prisoners freed and relief given, the Pareto frontier of the two sides'
//! payoffs with its Nash bargaining point, and the subgame-perfect plan
//! under the scenario's discount factors.
//!
//! ```sh
//! cargo run --release --example explore -- examples/scenarios/belarus_2025.json
//! cargo run --release --example explore -- examples/scenarios/belarus_2025.json --depth 3 --json
//! cargo run --release --example explore -- examples/scenarios/three_way_swap.json --players A,B --depth 1 --mediator
//! ```
//! Options: `--depth D` rounds (default 3), `--players A,B` (A proposes
//! first; default: the scenario's first government that sanctions another
//! which holds prisoners it values, and that other), `--batches 1,10,50`
//! release batch sizes,
//! `--max-nodes N` states each search may visit (default 1,000,000),
//! `--time-limit SECONDS` for the whole exploration (default 10), `--mediator` (the
//! mediator's best multilateral package at each state is one more move: it
//! may bring in other governments), `--json`.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::{errln, outln};

use std::process::ExitCode;

use clap::Parser;

use detente::explore::{ExploreOptions, explore_deals};
use detente::model::{GovernmentId, World};

fn main() -> ExitCode {
    let args = cli::explore::Args::parse();
    let (_, world, rules) = match detente::scenario::load(&args.file) {
        Ok(x) => x,
        Err(errors) => {
            errln!("{}: {errors}", args.file);
            return ExitCode::from(1);
        }
    };
    let players = match players(&world, args.players.as_ref()) {
        Ok(pair) => pair,
        Err(e) => {
            errln!("{}: {e}", args.file);
            return ExitCode::from(1);
        }
    };
    let options = ExploreOptions {
        players,
        depth: args.depth,
        batches: args.batches.clone(),
        mediator: args.mediator,
        budget: args.budget.over(cli::explore::default_budget()),
    };
    let x = match explore_deals(&world, &rules, &options) {
        Ok(x) => x,
        Err(e) => {
            errln!("{}: {e}", args.file);
            return ExitCode::from(1);
        }
    };
    if args.json {
        outln!("{}", x.to_json(&world));
        return ExitCode::SUCCESS;
    }
    let [ca, cb] = x.players.map(|g| world.code(g).to_string());
    outln!(
        "{}: deal sequences between {ca} and {cb} over {} rounds",
        world.name(),
        args.depth
    );
    outln!(
        "{} distinct outcomes, {} nodes searched in {:.2} s{}; every step of every sequence passes the rulebook ({} rules, individual rationality for both sides included)",
        x.outcomes.len(),
        x.nodes,
        x.seconds,
        if x.exhausted() {
            ""
        } else {
            " (budget cut the search)"
        },
        rules.len()
    );
    if let Some(stopped) = x.stopped_by {
        outln!(
            "{}",
            detente::budget::truncation_note("search", stopped, x.nodes, "nodes")
        );
    }
    if let Some(why) = &x.no_deal {
        outln!("\nNo sequence has a deal. Why, at the start:");
        for line in why.to_string().lines() {
            outln!("  {line}");
        }
    }
    if let Some(&i) = x.freed_vs_relief.first() {
        let o = &x.outcomes[i];
        outln!(
            "\nMost prisoners freed ({}, relief worth {:.2} to {cb}):",
            o.freed,
            o.relief
        );
        print_steps(&o.sequence);
    }
    outln!("\nFrontier: prisoners freed vs relief given (value to {cb})");
    for &i in &x.freed_vs_relief {
        let o = &x.outcomes[i];
        outln!(
            "  {}  relief {:>7.2}  payoffs {ca} {:>7.2} {cb} {:>7.2}",
            o.freed,
            o.relief,
            o.payoffs[0],
            o.payoffs[1]
        );
    }
    outln!(
        "\nPareto frontier of payoffs ({} points):",
        x.frontier.len()
    );
    for &i in x.frontier.iter().take(12) {
        let o = &x.outcomes[i];
        outln!(
            "  {ca} {:>7.2}  {cb} {:>7.2}  ({})",
            o.payoffs[0],
            o.payoffs[1],
            o.freed
        );
    }
    if let Some(i) = x.nash {
        let o = &x.outcomes[i];
        outln!(
            "\nNash bargaining point (disagreement = no deal): {ca} {:.2}, {cb} {:.2}, {}",
            o.payoffs[0],
            o.payoffs[1],
            o.freed
        );
        print_steps(&o.sequence);
    }
    if x.subgame_perfect_solved {
        let o = &x.subgame_perfect;
        outln!(
            "\nSubgame-perfect plan ({ca} proposes first, rounds alternate): {ca} {:.2}, {cb} {:.2}, {}, relief {:.2}",
            o.payoffs[0],
            o.payoffs[1],
            o.freed,
            o.relief
        );
        print_steps(&o.sequence);
    }
    ExitCode::SUCCESS
}

/// The governments named by `--players` (`None`: the crate's default,
/// the first pair with something to trade, the demander proposing first).
fn players(
    world: &World,
    named: Option<&[String; 2]>,
) -> Result<Option<[GovernmentId; 2]>, String> {
    let Some(codes) = named else {
        return Ok(None);
    };
    let id = |code: &str| {
        world.government_by_code(code).ok_or_else(|| {
            let known: Vec<&str> = world
                .governments()
                .iter()
                .map(|g| g.code.as_str())
                .collect();
            format!(
                "--players: unknown government `{code}`: expected one of {}",
                known.join(", ")
            )
        })
    };
    Ok(Some([id(&codes[0])?, id(&codes[1])?]))
}

fn print_steps(steps: &[String]) {
    for s in steps {
        outln!("    {s}");
    }
}
