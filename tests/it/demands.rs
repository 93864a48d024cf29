//! Hard demands (must-haves, together-groups, red lines): the rulebook's
//! typed violations, and every engine's deal generation respecting them.
//! Every expected value below is worked out by hand in the comments.

use std::path::Path;

use detente::deal::Deal;
use detente::explore::{DealGame, DealGameConfig, Game};
use detente::generate::DealGenerator;
use detente::mediator::{PackageOptions, best_package};
use detente::model::{
    Demand, GovernmentId, GovernmentSpec, PrisonerId, PrisonerSpec, State, World, WorldBuilder,
};
use detente::rules::{DEMANDS, Rulebook, Violation, ViolationKind};
use detente::scenario::{DemandEntry, Scenario};
use detente::simulate::{Simulation, UnformedReason};
use detente::table::Table;

/// The prisoners `deal` releases, sorted.
fn released(deal: &Deal) -> Vec<PrisonerId> {
    let mut out: Vec<PrisonerId> = deal
        .concessions
        .iter()
        .filter_map(|c| c.kind.prisoner())
        .collect();
    out.sort();
    out
}

/// USA and RUS, each holding two prisoners the other values:
///
/// | release (holder → USA/RUS) | USA | RUS | sum |
/// |---|---|---|---|
/// | griner (RUS)  | +10 | −2 | 8 |
/// | whelan (RUS)  |  +5 | −6 | −1 |
/// | bout (USA)    |  −3 | +9 | 6 |
/// | yaroshenko (USA) | −4 | +6 | 2 |
#[derive(Clone, Copy)]
struct Ids {
    usa: GovernmentId,
    rus: GovernmentId,
    griner: PrisonerId,
    whelan: PrisonerId,
    bout: PrisonerId,
    yaroshenko: PrisonerId,
}

/// The world above with the demands `demands` makes of its ids.
fn swap_world(demands: impl FnOnce(Ids) -> Vec<Demand>) -> (World, Ids) {
    let mut b = WorldBuilder::new("swap");
    let usa = b.government(GovernmentSpec::new("USA")).unwrap();
    let rus = b.government(GovernmentSpec::new("RUS")).unwrap();
    let mut prisoner = |key: &str, holder, citizen, v_usa, v_rus| {
        let p = b.prisoner(PrisonerSpec::new(key, holder, citizen)).unwrap();
        b.value_prisoner(usa, p, v_usa).unwrap();
        b.value_prisoner(rus, p, v_rus).unwrap();
        p
    };
    let ids = Ids {
        usa,
        rus,
        griner: prisoner("griner", rus, usa, 10.0, -2.0),
        whelan: prisoner("whelan", rus, usa, 5.0, -6.0),
        bout: prisoner("bout", usa, rus, -3.0, 9.0),
        yaroshenko: prisoner("yaroshenko", usa, rus, -4.0, 6.0),
    };
    for d in demands(ids) {
        b.demand(d).unwrap();
    }
    (b.build().unwrap(), ids)
}

/// Without demands the best package by surplus is griner + bout +
/// yaroshenko (USA 10−3−4 = 3, RUS −2+9+6 = 13, surplus 16); the runner-up
/// adds whelan (USA 8, RUS 7, surplus 15), then griner + bout (14). Every
/// other package is smaller or irrational ({g,w,y}: RUS −2; {w,b,y}: USA −2).
/// A must-have of whelan by the USA rules out every package without him, so
/// the runner-up becomes the answer.
#[test]
fn a_must_have_turns_the_best_package_into_the_second_best() {
    let rules = Rulebook::standard();
    let (world, plain) = swap_world(|_| vec![]);
    let state = State::initial(&world);
    let best = best_package(&world, &state, &rules, &PackageOptions::default());
    let best = best.package().expect("a package");
    assert_eq!(
        released(&best.deal),
        [plain.griner, plain.bout, plain.yaroshenko]
    );
    assert_eq!(best.surplus, 16.0);
    assert_eq!(
        (best.delta[plain.usa.index()], best.delta[plain.rus.index()]),
        (3.0, 13.0)
    );
    assert!(best.optimal && best.violations.is_empty());

    let (world, w) = swap_world(|s| {
        vec![Demand::MustHave {
            by: s.usa,
            prisoners: vec![s.whelan],
        }]
    });
    let state = State::initial(&world);
    let found = best_package(&world, &state, &rules, &PackageOptions::default());
    let found = found.package().expect("a package");
    assert_eq!(
        released(&found.deal),
        [w.griner, w.whelan, w.bout, w.yaroshenko]
    );
    assert_eq!(found.surplus, 15.0);
    assert_eq!(
        (found.delta[w.usa.index()], found.delta[w.rus.index()]),
        (8.0, 7.0)
    );
    assert!(found.optimal && found.violations.is_empty());

    // The former best, played on the demanding world, names the USA and whelan.
    let mut table = Table::new(&world, &rules);
    let err = table.play(&best.deal).unwrap_err();
    assert_eq!(
        err.violations,
        [Violation {
            rule: DEMANDS.into(),
            concession: None,
            kind: ViolationKind::MissingMustHave {
                by: w.usa,
                prisoners: vec![w.whelan],
            },
        }]
    );
}

/// Each kind of demand has its typed violation, whatever the rulebook: an
/// empty one refuses the same deals, because demands come from the world.
#[test]
fn the_rulebook_names_each_broken_demand() {
    let (world, s) = swap_world(|s| {
        vec![
            Demand::MustHave {
                by: s.rus,
                prisoners: vec![s.bout],
            },
            Demand::Together {
                prisoners: vec![s.griner, s.whelan],
            },
            Demand::RedLine {
                by: s.usa,
                prisoners: vec![s.yaroshenko],
            },
        ]
    });
    let (usa, rus) = (s.usa, s.rus);
    for rules in [Rulebook::empty(), Rulebook::standard()] {
        let mut table = Table::new(&world, &rules);
        let demand_violations = |table: &mut Table<'_>, deal: &Deal| -> Vec<ViolationKind> {
            match table.check(deal) {
                Ok(()) => vec![],
                Err(e) => e
                    .violations
                    .into_iter()
                    .filter(|v| v.rule == DEMANDS)
                    .map(|v| v.kind)
                    .collect(),
            }
        };
        // Griner alone for yaroshenko: the red line (concession 1), RUS
        // without its must-have bout, griner without whelan.
        let deal =
            Deal::new()
                .release(rus, usa, s.griner, usa)
                .release(usa, rus, s.yaroshenko, rus);
        assert_eq!(
            demand_violations(&mut table, &deal),
            [
                ViolationKind::CrossesRedLine {
                    by: usa,
                    prisoner: s.yaroshenko
                },
                ViolationKind::MissingMustHave {
                    by: rus,
                    prisoners: vec![s.bout]
                },
                ViolationKind::SplitsTogether {
                    released: vec![s.griner],
                    left: vec![s.whelan]
                },
            ]
        );
        let red = table.check(&deal).unwrap_err();
        let at = red
            .violations
            .iter()
            .find(|v| matches!(v.kind, ViolationKind::CrossesRedLine { .. }));
        assert_eq!(at.and_then(|v| v.concession), Some(1));
        // Messages name everyone by scenario id, never `g0`/`p3`.
        let said = red.describe(&world);
        for words in [
            "yaroshenko is released across a red line drawn by USA",
            "RUS takes part but its must-have bout is not released",
            "griner is released without whelan, who must go together",
        ] {
            assert!(said.contains(words), "{said}");
        }
        // Both together, for bout: every demand kept.
        let deal = Deal::new()
            .release(rus, usa, s.griner, usa)
            .release(rus, usa, s.whelan, usa)
            .release(usa, rus, s.bout, rus);
        assert_eq!(demand_violations(&mut table, &deal), []);
    }
}

/// A holder H with three prisoners a, b, c that D values 5, 1 and 3, and
/// a and b only together. D offers recognition, which H values at 10, and
/// each release costs H 1. With batches of 1 and 2, D's ranking is a, c,
/// b: without the demand the first round offers {a} and {a, c}; with it
/// {a, b} and {a, b, c}. No deal anywhere in two rounds splits a from b.
#[test]
fn the_explorer_never_splits_a_together_pair() {
    let build = |together: bool| {
        let mut b = WorldBuilder::new("together");
        let d = b.government(GovernmentSpec::new("D")).unwrap();
        let h = b.government(GovernmentSpec::new("H")).unwrap();
        let mut ids = Vec::new();
        for (key, v) in [("a", 5.0), ("b", 1.0), ("c", 3.0)] {
            let p = b.prisoner(PrisonerSpec::new(key, h, d)).unwrap();
            b.value_prisoner(d, p, v).unwrap();
            b.value_prisoner(h, p, -1.0).unwrap();
            ids.push(p);
        }
        b.value_recognition(h, d, h, 10.0).unwrap();
        if together {
            b.demand(Demand::Together {
                prisoners: vec![ids[0], ids[1]],
            })
            .unwrap();
        }
        (b.build().unwrap(), d, ids)
    };
    let rules = Rulebook::standard();
    let config = |d| DealGameConfig {
        generator: DealGenerator::from(detente::deal::DealMenu {
            batches: vec![1, 2],
            ..Default::default()
        }),
        rounds: 2,
        proposers: vec![d],
        parties: vec![],
        pass: true,
        mediator: None,
    };
    let first_round = |together: bool| -> Vec<Vec<PrisonerId>> {
        let (world, d, _) = build(together);
        let game = DealGame::new(&world, &rules, State::initial(&world), config(d)).unwrap();
        let mut actions = Vec::new();
        game.legal_actions(&mut actions);
        actions
            .into_iter()
            .filter_map(|a| game.deal(a))
            .map(|deal| released(&deal))
            .filter(|r| !r.is_empty())
            .collect()
    };
    let (_, _, ids) = build(false);
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    assert_eq!(first_round(false), [vec![a], vec![a, c]]);
    assert_eq!(first_round(true), [vec![a, b], vec![a, b, c]]);

    let (world, d, _) = build(true);
    let mut game = DealGame::new(&world, &rules, State::initial(&world), config(d)).unwrap();
    let mut seen = Vec::new();
    walk(&mut game, 2, &mut seen);
    assert!(
        seen.iter().all(|r| r.contains(&a) == r.contains(&b)),
        "{seen:?}"
    );
    // After {a, b} in round one, c alone is on offer in round two.
    assert!(seen.contains(&vec![c]), "{seen:?}");
}

/// Every deal released along every line of play of `game` to `depth`.
fn walk(game: &mut DealGame<'_>, depth: usize, seen: &mut Vec<Vec<PrisonerId>>) {
    if depth == 0 || game.is_terminal() {
        return;
    }
    let mut actions = Vec::new();
    game.legal_actions(&mut actions);
    for action in actions {
        if let Some(deal) = game.deal(action) {
            seen.push(released(&deal));
        }
        game.apply(action);
        walk(game, depth - 1, seen);
        game.undo(action);
    }
}

fn griner_bout() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/scenarios/swaps/griner_bout_2022.json");
    Scenario::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The first agreement of each fixed-seed run that reaches one.
fn agreements(sim: &Simulation, runs: u64) -> Vec<Vec<String>> {
    (0..runs)
        .filter_map(|run| {
            let (_, trajectory) = sim.run_one(2022, run, sim.default_rounds());
            trajectory
                .rounds
                .iter()
                .flat_map(|r| &r.deals)
                .find(|d| d.passed)
                .map(|d| {
                    let mut keys: Vec<String> = released(&d.deal)
                        .into_iter()
                        .map(|p| sim.world().prisoners()[p.index()].key.clone())
                        .collect();
                    keys.sort();
                    keys
                })
        })
        .collect()
}

/// In the Griner–Bout forward scenario the USA can offer Russia nothing but
/// Bout. A red line on Bout takes the swap off the USA–RUS table: with
/// nothing else Russia values, that pair no longer forms (and says why),
/// Russia's own demand for Bout has nothing left to ask for, and no run
/// reaches a deal. Without the red line the same seeds do.
#[test]
fn a_red_line_removes_the_swap_from_the_simulators_offers() {
    let plain = Simulation::from_scenario(&griner_bout()).unwrap();
    assert_eq!(plain.pairs().len(), 2);
    assert!(
        agreements(&plain, 40)
            .iter()
            .any(|a| a == &["bout", "griner"])
    );

    let mut scenario = griner_bout();
    scenario.demands.push(DemandEntry::RedLine {
        by: "USA".into(),
        prisoners: vec!["bout".into()],
        note: String::new(),
        sources: vec![],
    });
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let w = sim.world();
    assert!(sim.pairs().is_empty(), "{:?}", sim.pairs());
    let unformed: Vec<_> = sim
        .unformed_pairs()
        .iter()
        .map(|u| {
            (
                w.code(u.demander).to_string(),
                w.code(u.holder).to_string(),
                u.reason,
            )
        })
        .collect();
    assert_eq!(
        unformed,
        [(
            "USA".into(),
            "RUS".into(),
            UnformedReason::HolderValuesNothing
        )]
    );
    assert!(agreements(&sim, 40).is_empty());
}

/// A red line on Whelan leaves the Griner–Bout swap on the table and takes
/// every variant with Whelan off it.
#[test]
fn a_red_line_on_whelan_keeps_him_out_of_every_simulated_agreement() {
    let mut scenario = griner_bout();
    scenario.demands.push(DemandEntry::RedLine {
        by: "RUS".into(),
        prisoners: vec!["whelan".into()],
        note: String::new(),
        sources: vec![],
    });
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let found = agreements(&sim, 40);
    assert!(found.iter().any(|a| a == &["bout", "griner"]), "{found:?}");
    assert!(
        found.iter().all(|a| !a.contains(&"whelan".to_string())),
        "{found:?}"
    );
    // The release itself is refused by the rulebook, not only never offered.
    let whelan = sim.world().prisoner_by_key("whelan").unwrap();
    let (usa, rus) = (
        sim.world().government_by_code("USA").unwrap(),
        sim.world().government_by_code("RUS").unwrap(),
    );
    let rules = scenario.rulebook();
    let mut table = Table::new(sim.world(), &rules);
    let deal = Deal::new().release(rus, usa, whelan, usa);
    let err = table.check(&deal).unwrap_err();
    assert!(err.violations.iter().any(|v| v.kind
        == ViolationKind::CrossesRedLine {
            by: rus,
            prisoner: whelan
        }));
}

/// The `demands` list reads the same from JSON and TOML, and writes back
/// to what it read.
#[test]
fn demands_round_trip_through_json_and_toml() {
    let json = Scenario::from_json_str(
        r#"{"name": "d", "governments": [{"id": "USA"}, {"id": "RUS"}],
            "prisoners": [{"id": "griner", "held_by": "RUS"}, {"id": "whelan", "held_by": "RUS"}],
            "demands": [
              {"kind": "must_have", "by": "USA", "prisoners": ["griner"], "note": "no deal without her"},
              {"kind": "together", "prisoners": ["griner", "whelan"]},
              {"kind": "red_line", "by": "RUS", "prisoners": ["whelan"]}
            ]}"#,
    )
    .unwrap();
    let toml = Scenario::from_toml_str(
        r#"name = "d"
governments = [{ id = "USA" }, { id = "RUS" }]
prisoners = [{ id = "griner", held_by = "RUS" }, { id = "whelan", held_by = "RUS" }]

[[demands]]
kind = "must_have"
by = "USA"
prisoners = ["griner"]
note = "no deal without her"

[[demands]]
kind = "together"
prisoners = ["griner", "whelan"]

[[demands]]
kind = "red_line"
by = "RUS"
prisoners = ["whelan"]
"#,
    )
    .unwrap();
    assert_eq!(json, toml);
    let again = Scenario::from_json_str(&serde_json::to_string(&json).unwrap()).unwrap();
    assert_eq!(again, json);
    let world = json.build().unwrap();
    let (griner, whelan) = (
        world.prisoner_by_key("griner").unwrap(),
        world.prisoner_by_key("whelan").unwrap(),
    );
    assert_eq!(world.demands().together(griner), [griner, whelan]);
    assert_eq!(
        world.demands().red_line(whelan),
        world.government_by_code("RUS")
    );
}
