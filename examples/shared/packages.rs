//! The `--packages K` report of `inspect`: the K best multilateral packages
//! at the start of a scenario, what the candidate cap cut, or why there is
//! no package, every government and prisoner named by its scenario id.

use crate::output::outln;
use detente::deal::Concession;
use detente::mediator::{CutReason, Failure, PackageOptions, PackageQuery, best_packages};
use detente::model::{State, World};
use detente::rules::Rulebook;

/// Prints the `k` best packages at the initial state, searched under
/// `options`.
pub fn print(world: &World, rules: &Rulebook, k: usize, options: &PackageOptions) {
    let state = State::initial(world);
    let objective = options.objective;
    let query = PackageQuery {
        k: k.max(1),
        explain: true,
        ..PackageQuery::default()
    };
    let found = best_packages(world, &state, rules, options, &query);
    let name = serde_json::to_value(objective)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    outln!(
        "\npackages (the {} best by {name}; {} candidates weighed, {} cut{}):",
        k.max(1),
        found.candidates.weighed.len(),
        found.candidates.cut.len(),
        if found.optimal {
            ""
        } else {
            "; search stopped by its budget (--max-nodes, --time-limit), not proven"
        }
    );
    for (i, p) in found.packages.iter().enumerate() {
        let parties: Vec<&str> = p.parties.iter().map(|&g| world.code(g)).collect();
        outln!(
            "  {}. {name} {:.4} (surplus {:.2}) [{}]: {}",
            i + 1,
            p.objective_value,
            p.surplus,
            parties.join(", "),
            p.deal.describe(world)
        );
        let changes: Vec<String> = p
            .parties
            .iter()
            .map(|&g| format!("{} {:+.2}", world.code(g), p.delta[g.index()]))
            .collect();
        outln!("     payoff changes: {}", changes.join(", "));
        for v in &p.violations {
            outln!("     breaks: {v}");
        }
    }
    for c in &found.candidates.cut {
        let why = match c.reason {
            CutReason::BelowCap { cap, score } => {
                format!("ranked below the {cap} kept (best gain {score:.2})")
            }
            CutReason::PoolCopy { cap, like } => format!(
                "a copy of {} beyond the {cap} kept",
                world.prisoners()[like.index()].key
            ),
        };
        outln!("  cut: {}: {why}", concession(world, &c.concession));
    }
    let Some(why) = found.no_package else {
        return;
    };
    if found.packages.is_empty() {
        outln!("  no package:");
    }
    for p in &why.unavailable_prisoners {
        let key = world.prisoner(*p).map_or("?", |x| x.key.as_str());
        outln!("    required prisoner {key} has no candidate release");
    }
    for g in &why.unreachable_parties {
        let code = world.government(*g).map_or("?", |x| x.code.as_str());
        outln!("    required party {code} is in no candidate concession");
    }
    for b in &why.binding {
        outln!(
            "    {} binds: at best {:+.2} against its reservation {:.2}",
            world.code(b.government),
            b.best_delta,
            b.reservation
        );
    }
    outln!(
        "    of {} candidate packages examined{}:",
        why.examined,
        if why.complete { " (all of them)" } else { "" }
    );
    for f in &why.failures {
        let what = match f.failure {
            Failure::TooManyParties => "too many parties".to_string(),
            Failure::MissingRequired => "miss a required prisoner or party".to_string(),
            Failure::NotRational { party } => {
                format!("leave {} below its reservation", world.code(party))
            }
            Failure::OneSided { party } => {
                format!("are one-sided for {}", world.code(party))
            }
        };
        outln!("      {} {what}", f.packages);
    }
}

fn concession(world: &World, c: &Concession) -> String {
    let deal = detente::deal::Deal {
        concessions: vec![*c],
        ..detente::deal::Deal::new()
    };
    deal.describe(world)
}
