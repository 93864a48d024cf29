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

use detente::Budget;
use detente::analysis::{nash_point, pareto_frontier};
use detente::deal::DealMenu;
use detente::deal::{ConcessionKind, Deal};
use detente::explore::{
    BiConfig, DealAction, DealGame, DealGameConfig, EnumConfig, ExploreError, backward_induction,
    enumerate_outcomes,
};
use detente::generate::DealGenerator;
use detente::mediator::PackageOptions;
use detente::model::{GovernmentId, PeopleCount, PrisonerStatus, State, World};
use detente::negotiate::tournament::world_pairs;
use serde_json::json;

fn main() -> ExitCode {
    let args = cli::explore::Args::parse();
    let (_, world, rules) = match detente::scenario::load(&args.file) {
        Ok(x) => x,
        Err(errors) => {
            errln!("{}: {errors}", args.file);
            return ExitCode::from(1);
        }
    };
    let (a, b) = match players(&world, args.players.as_ref()) {
        Ok(pair) => pair,
        Err(e) => {
            errln!("{}: {e}", args.file);
            return ExitCode::from(1);
        }
    };
    let codes = [world.code(a).to_string(), world.code(b).to_string()];
    let config = DealGameConfig {
        generator: DealGenerator::from(DealMenu {
            batches: args.batches.clone(),
            ..DealMenu::default()
        }),
        rounds: args.depth,
        proposers: vec![a, b],
        parties: vec![a, b],
        pass: true,
        // The mediator's package may bring in a third government.
        mediator: args.mediator.then(PackageOptions::default),
    };
    let new_game = || DealGame::new(&world, &rules, State::initial(&world), config.clone());
    let mut game = match new_game() {
        Ok(g) => g,
        Err(e) => {
            errln!("{e}");
            return ExitCode::from(1);
        }
    };
    let budget = args.budget.over(cli::explore::default_budget());
    // The time limit bounds the whole exploration, not each part: the
    // enumeration may take 2/5 of it, the backward induction 2/3 of what is
    // left, the replays of the outcomes the rest.
    let t0 = std::time::Instant::now();
    let deadline = budget.max_time.map(|t| t0 + t);
    let share = |num: u32, den: u32| Budget {
        max_time: deadline
            .map(|d| d.saturating_duration_since(std::time::Instant::now()) * num / den),
        ..budget
    };
    let all = enumerate_outcomes(
        &mut game,
        &EnumConfig {
            budget: share(2, 5),
            transpositions: true,
            max_depth: None,
        },
    );
    let spe = backward_induction(
        &mut game,
        &BiConfig {
            budget: share(2, 3),
            transpositions: true,
            tie_tolerance: 1e-12,
        },
    );
    // Per outcome: each side's payoff, prisoners freed, relief value to b.
    let (mut pay2, mut freed_relief, mut described) = (Vec::new(), Vec::new(), Vec::new());
    // Replaying an outcome costs as much as searching its sequence again;
    // past the deadline, the later outcomes are left out as the searches'
    // would have been.
    let mut all = all;
    let mut replays_cut = false;
    for (k, o) in all.outcomes.iter().enumerate() {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            replays_cut = true;
            pay2.truncate(k);
            break;
        }
        pay2.push([o.payoffs[a.index()], o.payoffs[b.index()]]);
        let (steps, freed, relief) = match replay(&mut game, &world, b, &o.sequence) {
            Ok(x) => x,
            Err(e) => {
                errln!("{e}");
                return ExitCode::from(1);
            }
        };
        freed_relief.push((freed, relief));
        described.push(steps);
    }
    if replays_cut {
        all.outcomes.truncate(described.len());
        all.truncated = true;
        all.stopped_by = Some(detente::budget::Stopped::Time);
    }
    let elapsed = t0.elapsed();
    let front = pareto_frontier(&pay2).unwrap_or_default();
    let nash = nash_point(&pay2, &[0.0, 0.0]).ok().flatten();
    // Most freed for least relief: maximise (freed, -relief).
    let fr_points: Vec<[f64; 2]> = freed_relief
        .iter()
        .map(|&(f, r)| [f64::from(f.released), -r])
        .collect();
    let fr_front = pareto_frontier(&fr_points).unwrap_or_default();
    let most = fr_front.first().copied();
    let (spe_steps, spe_freed, spe_relief) = match replay(&mut game, &world, b, &spe.line) {
        Ok(x) => x,
        Err(e) => {
            errln!("{e}");
            return ExitCode::from(1);
        }
    };
    let point = |i: usize| {
        json!({
            "payoffs": pay2[i],
            "freed": freed_relief[i].0.released,
            "relief": freed_relief[i].1,
            "sequence": described[i],
        })
    };
    let exhausted = !all.truncated && !spe.truncated;
    // No sequence with a deal in it: say why (the searches end at the root).
    let no_deal = all
        .outcomes
        .iter()
        .all(|o| o.sequence.iter().all(|&a| a == DealAction::Pass))
        .then(|| game.diagnose());
    if args.json {
        let out = json!({
            "scenario": world.name(),
            "players": codes,
            "depth": args.depth,
            "nodes": all.nodes + spe.nodes,
            "exhausted": exhausted,
            "truncated": !exhausted,
            "stopped_by": all.stopped_by.or(spe.stopped_by),
            "outcomes": all.outcomes.len(),
            "frontier": front.iter().map(|&i| point(i)).collect::<Vec<_>>(),
            "nash": nash.map(point),
            "freed_vs_relief": fr_front.iter().map(|&i| point(i)).collect::<Vec<_>>(),
            "subgame_perfect": {
                "payoffs": spe.value.as_ref().map(|v| [v[a.index()], v[b.index()]]),
                "freed": spe_freed.released,
                "relief": spe_relief,
                "sequence": spe_steps,
            },
            "seconds": elapsed.as_secs_f64(),
        });
        let mut out = out;
        if let (Some(why), Some(o)) = (&no_deal, out.as_object_mut()) {
            o.insert("no_deal".into(), json!(why));
        }
        outln!("{out}");
        return ExitCode::SUCCESS;
    }
    let (ca, cb) = (&codes[0], &codes[1]);
    outln!(
        "{}: deal sequences between {ca} and {cb} over {} rounds",
        world.name(),
        args.depth
    );
    outln!(
        "{} distinct outcomes, {} nodes searched in {:.2} s{}; every step of every sequence passes the rulebook ({} rules, individual rationality for both sides included)",
        all.outcomes.len(),
        all.nodes + spe.nodes,
        elapsed.as_secs_f64(),
        if exhausted {
            ""
        } else {
            " (budget cut the search)"
        },
        rules.len()
    );
    if let Some(stopped) = all.stopped_by.or(spe.stopped_by) {
        outln!(
            "{}",
            detente::budget::truncation_note("search", stopped, all.nodes + spe.nodes, "nodes")
        );
    }
    if let Some(why) = &no_deal {
        outln!("\nNo sequence has a deal. Why, at the start:");
        for line in why.to_string().lines() {
            outln!("  {line}");
        }
    }
    if let Some(i) = most {
        outln!(
            "\nMost prisoners freed ({}, relief worth {:.2} to {cb}):",
            freed_relief[i].0,
            freed_relief[i].1
        );
        print_steps(&described[i]);
    }
    outln!("\nFrontier: prisoners freed vs relief given (value to {cb})");
    for &i in &fr_front {
        outln!(
            "  {}  relief {:>7.2}  payoffs {ca} {:>7.2} {cb} {:>7.2}",
            freed_relief[i].0,
            freed_relief[i].1,
            pay2[i][0],
            pay2[i][1]
        );
    }
    outln!("\nPareto frontier of payoffs ({} points):", front.len());
    for &i in front.iter().take(12) {
        outln!(
            "  {ca} {:>7.2}  {cb} {:>7.2}  ({})",
            pay2[i][0],
            pay2[i][1],
            freed_relief[i].0
        );
    }
    if let Some(i) = nash {
        outln!(
            "\nNash bargaining point (disagreement = no deal): {ca} {:.2}, {cb} {:.2}, {}",
            pay2[i][0],
            pay2[i][1],
            freed_relief[i].0
        );
        print_steps(&described[i]);
    }
    if let Some(v) = &spe.value {
        outln!(
            "\nSubgame-perfect plan ({ca} proposes first, rounds alternate): {ca} {:.2}, {cb} {:.2}, {spe_freed}, relief {spe_relief:.2}",
            v[a.index()],
            v[b.index()]
        );
        print_steps(&spe_steps);
    }
    ExitCode::SUCCESS
}

/// The governments named by `--players`, or else the first pair with
/// something to trade: a government that sanctions another which holds
/// prisoners it values (the demander proposes first).
fn players(
    world: &World,
    named: Option<&[String; 2]>,
) -> Result<(GovernmentId, GovernmentId), String> {
    let Some(codes) = named else {
        let state = State::initial(world);
        return world_pairs(world, &state).first().copied().ok_or_else(|| {
            "no government sanctions another that holds prisoners it values; name two with --players A,B".to_string()
        });
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
    Ok((id(&codes[0])?, id(&codes[1])?))
}

fn print_steps(steps: &[String]) {
    for s in steps {
        outln!("    {s}");
    }
}

/// The deals of `sequence` from the start, described per round, with the
/// prisoners freed and the relief value to `target` where it ends.
fn replay(
    game: &mut DealGame<'_>,
    world: &World,
    target: GovernmentId,
    sequence: &[DealAction],
) -> Result<(Vec<String>, PeopleCount, f64), ExploreError> {
    let played = game.replay(sequence)?;
    let steps = played
        .deals
        .iter()
        .zip(sequence)
        .enumerate()
        .map(|(round, (deal, &action))| match deal {
            Some(d) if action == DealAction::Package => {
                format!(
                    "round {round}: the mediator's package: {}",
                    d.describe(world)
                )
            }
            Some(d) => format!("round {round}: {}", describe(world, d)),
            None => format!("round {round}: pass"),
        })
        .collect();
    let end = &played.end;
    // Nobody starts released, so everyone released at the end was freed by
    // the sequence, and so were the dependants of every family that left.
    let freed = PeopleCount {
        released: (0..world.prisoners().len())
            .filter(|&i| end.status(detente::model::PrisonerId::new(i)) == PrisonerStatus::Released)
            .count() as u32,
        dependants: world
            .families()
            .iter()
            .filter(|f| f.has_left(end))
            .map(|f| f.dependants.len() as u32)
            .sum(),
    };
    let relief = world
        .sanctions()
        .iter()
        .map(|x| end.relief(x.id).level * world.valuations().sanction(target, x.id))
        .sum::<f64>()
        // No relief at all is 0, not -0 (0 times a negative valuation).
        + 0.0;
    Ok((steps, freed, relief))
}

fn describe(world: &World, deal: &Deal) -> String {
    let mut parts = Vec::new();
    // Releases grouped by who frees whom for whom, in order of appearance,
    // so a swap or a multilateral deal names every government.
    let mut releases: Vec<((&str, &str), Vec<&str>)> = Vec::new();
    for c in &deal.concessions {
        let (from, to) = (world.code(c.from), world.code(c.to));
        match c.kind {
            ConcessionKind::Release { prisoner, .. } => {
                let p = &world.prisoners()[prisoner.index()];
                let name = p.name.as_deref().unwrap_or(&p.key);
                match releases.iter_mut().find(|(k, _)| *k == (from, to)) {
                    Some((_, names)) => names.push(name),
                    None => releases.push(((from, to), vec![name])),
                }
            }
            ConcessionKind::Recognition { level } => {
                parts.push(format!("{from} grants {to} recognition {level:?}"))
            }
            kind => {
                let s = kind
                    .sanction()
                    .map_or("?", |s| world.sanctions()[s.index()].key.as_str());
                let what = format!("{kind:?}")
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                parts.push(format!("{from} {what} {s}"));
            }
        }
    }
    for ((from, to), released) in releases {
        let shown: Vec<&str> = released.iter().take(4).copied().collect();
        let more = released.len().saturating_sub(4);
        let tail = if more > 0 {
            format!(" +{more} more")
        } else {
            String::new()
        };
        parts.push(format!(
            "{from} frees {} for {to} ({}{tail})",
            released.len(),
            shown.join(", ")
        ));
    }
    parts.join("; ")
}
