//! Loads a scenario file and prints a summary of its world, or its graph in
//! Graphviz DOT.
//!
//! ```sh
//! cargo run --example inspect -- examples/scenarios/belarus_2025.json
//! cargo run --example inspect -- examples/scenarios/belarus_2025.json --dot | dot -Tsvg > world.svg
//! cargo run --example inspect -- examples/scenarios/three_way_swap.json --packages 3
//! ```
//! `--packages K` adds the K best multilateral packages at the start
//! (`--objective`, `--max-candidates N`, 0 for no cap), with what the
//! candidate cap cut, or why there is no package; `--max-nodes N` and
//! `--time-limit SECONDS` bound that search (the summary and the DOT graph
//! search nothing).
//! On a file with mistakes it prints every error (with its JSON path) and
//! exits with status 1: `main` returns `Result<(), detente::Error>`, and the
//! error's `Debug` is its readable report, so `?` is all it takes.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

#[path = "shared/packages.rs"]
mod packages;

use output::{out, outln};

use clap::Parser;
use detente::model::{PrisonerStatus, World};
use detente::report::{DotOptions, world_dot};
use detente::scenario;

fn main() -> Result<(), detente::Error> {
    let args = cli::inspect::Args::parse();
    let (scenario, world, rules) = scenario::load(&args.file)?;
    if args.dot {
        out!("{}", world_dot(&world, &DotOptions::default()));
        return Ok(());
    }
    outln!("{} — {}", world.name(), scenario.description);
    outln!();
    summary(&world);
    outln!(
        "\nrules: {}",
        rules
            .rules()
            .iter()
            .map(|r| r.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(k) = args.packages {
        let options = detente::mediator::PackageOptions::default();
        let options = detente::mediator::PackageOptions {
            objective: args.objective,
            max_candidates: (args.max_candidates > 0).then_some(args.max_candidates),
            budget: args.budget.over(options.budget),
            ..options
        };
        packages::print(&world, &rules, k, &options);
    }
    Ok(())
}

fn summary(world: &World) {
    let state = detente::model::State::initial(world);
    outln!("governments ({}):", world.governments().len());
    for g in world.governments() {
        let members: Vec<&str> = g.members.iter().map(|&m| world.code(m)).collect();
        let held = world.held_by(g.id).count();
        let named: Vec<&str> = world
            .held_by(g.id)
            .filter_map(|p| p.name.as_deref())
            .collect();
        out!("  {:<4} {:<16} discount {:.3}", g.code, g.name, g.discount);
        if g.is_bloc() {
            out!("  bloc of {}", members.join(", "));
        }
        if held > 0 {
            out!(
                "  holds {held} prisoners ({} named: {})",
                named.len(),
                named.join(", ")
            );
        }
        outln!();
    }
    let at_large = (0..world.prisoners().len())
        .filter(|&i| state.status(detente::model::PrisonerId::new(i)) == PrisonerStatus::AtLarge)
        .count();
    outln!(
        "prisoners: {} in custody, {at_large} at large who may be arrested",
        state.counts().held
    );
    for pool in world.pools() {
        outln!(
            "  pool {:<12} {} held by {} (+{} reserve)",
            pool.key,
            pool.held,
            world.code(pool.custodian),
            pool.reserve
        );
    }
    let dependants: usize = world.families().iter().map(|f| f.dependants.len()).sum();
    if !world.families().is_empty() {
        outln!(
            "families: {} (their {} released + {dependants} dependants leave together)",
            world.families().len(),
            world
                .families()
                .iter()
                .map(|f| f.members.len())
                .sum::<usize>()
        );
        for f in world.families() {
            let members: Vec<&str> = f
                .members
                .iter()
                .map(|&m| world.prisoners()[m.index()].key.as_str())
                .collect();
            outln!(
                "  family {:<12} {} + {} dependants",
                f.key,
                members.join(", "),
                f.dependants.len()
            );
        }
    }
    let coded = |p: &&detente::model::Prisoner| p.pool.is_none() && !p.citizenship_codes.is_empty();
    for p in world.prisoners().iter().filter(coded) {
        let codes: Vec<&str> = p.citizenship_codes.iter().map(|c| c.as_str()).collect();
        outln!(
            "  {} is also a citizen of {} (no government in this world; valued through valuations only)",
            p.key,
            codes.join(", ")
        );
    }
    outln!("sanctions ({}):", world.sanctions().len());
    for s in world.sanctions() {
        let relief: Vec<String> = s
            .relief
            .iter()
            .map(|r| format!("{:?} {:.0}%", r.kind, 100.0 * r.value_fraction).to_lowercase())
            .collect();
        outln!(
            "  {:<12} {} -> {} [{}] {:?}; relief: {}",
            s.key,
            world.code(s.imposer),
            world.code(s.target),
            s.sector,
            s.authority,
            relief.join(", ")
        );
    }
    outln!("valuation totals (value of every release / of full relief of every sanction):");
    let v = world.valuations();
    for g in world.governments() {
        let pv: f64 = (0..world.prisoners().len())
            .filter(|&i| !world.prisoners()[i].starts_at_large)
            .map(|i| v.prisoner(g.id, detente::model::PrisonerId::new(i)))
            .sum();
        let sv: f64 = world
            .sanctions()
            .iter()
            .map(|s| v.sanction(g.id, s.id))
            .sum();
        if pv != 0.0 || sv != 0.0 {
            outln!("  {:<4} releases {pv:>9.2}   relief {sv:>8.2}", g.code);
        }
    }
}
