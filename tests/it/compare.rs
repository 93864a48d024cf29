//! Paired counterfactuals (`simulate::Comparison`, `--compare`): common
//! random numbers pair the arms run by run, the results are exact for any
//! thread count and shard split, and bad variants are refused by path.

use detente::scenario::Scenario;
use detente::simulate::{
    Comparison, ComparisonResults, DiffSummary, ExperimentConfig, Simulation, Streams, SweepPoint,
};
use serde_json::Value;

use crate::common;

const SCENARIO: &str = "examples/scenarios/belarus_2025.json";

fn scenario() -> Scenario {
    Scenario::from_path(SCENARIO).unwrap()
}

fn point(settings: &[(&str, Value)]) -> SweepPoint {
    SweepPoint {
        settings: settings
            .iter()
            .map(|(p, v)| (p.to_string(), v.clone()))
            .collect(),
    }
}

/// The shipped holder's own setting at `field` (`arrest_rate`, `elasticity`).
fn holder(field: &str) -> f64 {
    let doc = serde_json::to_value(scenario()).unwrap();
    doc["dynamics"]["holders"][0][field].as_f64().unwrap()
}

fn outcome<'a>(rows: &'a [DiffSummary], name: &str) -> &'a DiffSummary {
    rows.iter()
        .find(|r| r.outcome == name)
        .unwrap_or_else(|| panic!("no outcome {name}"))
}

fn run(cmp: &Comparison, runs: std::ops::Range<u64>, rounds: u32) -> ComparisonResults {
    let cfg = ExperimentConfig {
        runs: runs.end,
        rounds,
        seed: 2025,
    };
    cmp.run(&cfg, runs, &|_, _| {})
}

#[test]
fn a_variant_equal_to_the_baseline_differs_by_exactly_zero_in_every_run() {
    let same = point(&[(
        "dynamics.holders[0].elasticity",
        holder("elasticity").into(),
    )]);
    let cmp = Comparison::new(&scenario(), &[same]).unwrap();
    let results = run(&cmp, 0..96, 12);
    for row in &results.variants[0].differences[0] {
        assert_eq!(row.variance(), 0.0);
        assert_eq!((row.quantile(0.0), row.quantile(1.0)), (0.0, 0.0));
    }
    let rows = results.summaries(0);
    assert!(rows.iter().all(|r| r.mean == 0.0 && r.std_err == 0.0));
    // The baseline arm is the plain experiment, run for run.
    let sim = Simulation::from_scenario(&scenario()).unwrap();
    let plain = sim
        .experiment(&ExperimentConfig {
            runs: 96,
            rounds: 12,
            seed: 2025,
        })
        .brief();
    assert_eq!(
        outcome(&rows, "freed_by_deal").baseline_mean,
        plain.freed_by_deal.mean
    );
    assert_eq!(
        outcome(&rows, "arrested").baseline_mean,
        plain.arrested.mean
    );
    assert_eq!(
        outcome(&rows, "held_at_end").variant_mean,
        plain.held_at_end.mean
    );
}

#[test]
fn doubling_the_arrest_rate_raises_arrests_well_beyond_the_noise() {
    let rate = holder("arrest_rate");
    let double = point(&[("dynamics.holders[0].arrest_rate", (2.0 * rate).into())]);
    let results = run(
        &Comparison::new(&scenario(), &[double]).unwrap(),
        0..128,
        12,
    );
    let rows = results.summaries(0);
    let arrested = outcome(&rows, "arrested");
    assert!(
        arrested.mean > 0.0 && arrested.mean > 4.0 * arrested.std_err,
        "{arrested:?}"
    );
    assert!(arrested.p5 > 0.0, "{arrested:?}");
    let held = outcome(&rows, "held_at_end");
    assert!(held.mean > 4.0 * held.std_err, "{held:?}");
    assert!(arrested.variant_mean > arrested.baseline_mean);
}

/// The Belarus scenario in its earlier configuration (no episodes, no
/// ladder, two offer steps a round), whose first deal comes late.
fn without_the_ladder() -> Scenario {
    let mut s = scenario();
    let n = &mut s.dynamics.as_mut().unwrap().negotiation;
    n.episodes = None;
    n.ladder = None;
    n.steps_per_round = 2;
    s
}

/// Elasticity only acts once a deal has paid the holder, so the arms draw in
/// step up to the first deal; the pairing removes that shared noise, which
/// is large when the first deal comes late (the earlier configuration of
/// the Belarus scenario, round 18). When deals start at once, as in the
/// fitted scenario, the arms are out of step from round 1 and the pairing
/// buys next to nothing, like a rate drawn every round (`arrest_rate`):
/// one stream serves every purpose (see `simulate::Comparison`).
#[test]
fn common_random_numbers_shrink_the_standard_error_against_independent_streams() {
    let v = point(&[("dynamics.holders[0].elasticity", 0.0.into())]);
    let crn = Comparison::new(&without_the_ladder(), std::slice::from_ref(&v)).unwrap();
    let ind = Comparison::new(&without_the_ladder(), &[v])
        .unwrap()
        .with_streams(Streams::Independent);
    let (a, b) = (run(&crn, 0..300, 24), run(&ind, 0..300, 24));
    for name in ["deals", "payoff.USA"] {
        let (c, i) = (
            outcome(&a.summaries(0), name).clone(),
            outcome(&b.summaries(0), name).clone(),
        );
        println!(
            "{name}: s.e. {:.3} paired, {:.3} independent (variance ratio {:.2})",
            c.std_err,
            i.std_err,
            (i.std_err / c.std_err).powi(2)
        );
        assert!(c.std_err < i.std_err, "{name}: {c:?} vs {i:?}");
        // The arms' own means do not depend on how they are paired.
        assert_eq!(c.baseline_mean, i.baseline_mean);
    }
}

#[test]
fn results_are_the_same_for_any_thread_count_and_shard_split() {
    let v = point(&[("dynamics.holders[0].elasticity", 0.0.into())]);
    let cmp = Comparison::new(&scenario(), &[v]).unwrap();
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let one = pool(1).install(|| run(&cmp, 0..150, 8));
    let three = pool(3).install(|| run(&cmp, 0..150, 8));
    assert_eq!(one, three);
    let mut parts = run(&cmp, 70..150, 8);
    parts.merge(&run(&cmp, 0..70, 8)).unwrap();
    assert_eq!(parts, one);
    let err = parts.merge(&run(&cmp, 10..20, 8)).unwrap_err();
    assert!(err.to_string().contains("run 10"), "{err}");
    // Through JSON, as a shard would travel.
    let back: ComparisonResults =
        serde_json::from_str(&serde_json::to_string(&one).unwrap()).unwrap();
    assert_eq!(back, one);
}

#[test]
fn parameter_draws_give_an_interval_and_a_variant_setting_overrides_the_draw() {
    let rate = holder("arrest_rate");
    let draws = vec![
        point(&[("dynamics.holders[0].arrest_rate", (0.5 * rate).into())]),
        point(&[("dynamics.holders[0].arrest_rate", (1.5 * rate).into())]),
        point(&[("dynamics.holders[0].arrest_rate", rate.into())]),
    ];
    let v = point(&[("dynamics.holders[0].arrest_rate", (0.5 * rate).into())]);
    let cmp = Comparison::new(&scenario(), &[v])
        .unwrap()
        .with_draws(draws)
        .unwrap();
    let results = run(&cmp, 0..64, 6);
    let per_draw = &results.variants[0].differences;
    assert_eq!(per_draw.len(), 3);
    let arrested = results
        .outcomes
        .iter()
        .position(|o| o == "arrested")
        .unwrap();
    // Draw 0 sets what the variant sets: the same arm twice.
    assert_eq!(per_draw[0][arrested].variance(), 0.0);
    assert_eq!(per_draw[0][arrested].mean(), 0.0);
    assert!(per_draw[1][arrested].mean() < per_draw[2][arrested].mean());
    assert!(per_draw[2][arrested].mean() < 0.0);
    let rows = results.summaries(0);
    let row = outcome(&rows, "arrested");
    let [lo, hi] = row.over_draws.unwrap();
    assert_eq!(hi, 0.0);
    assert_eq!(lo, per_draw[1][arrested].mean());
    assert!(row.draw_std_err.unwrap() > 0.0);
    assert_eq!(row.runs, 3 * 64);
}

#[test]
fn bad_variants_are_refused_with_the_path_named() {
    let s = scenario();
    for (path, value, why) in [
        (
            "dynamics.holderz[0].elasticity",
            Value::from(0.0),
            "no such field",
        ),
        (
            "dynamics.holders[9].elasticity",
            Value::from(0.0),
            "no such field",
        ),
        (
            "dynamics.holders[0].elastic",
            Value::from(0.0),
            "unknown field",
        ),
        (
            "dynamics.holders[0].elasticity",
            Value::from("high"),
            "invalid type",
        ),
        (
            "dynamics.negotiation.strategies.USA",
            Value::from("stubborn"),
            "unknown variant",
        ),
        ("dynamics.rounds", Value::from(7), "rounds"),
    ] {
        let err = Comparison::new(&s, &[point(&[(path, value)])])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains(path) && err.contains(why), "{path}: {err}");
    }
    let none = Comparison::new(&s, &[]).err().unwrap().to_string();
    assert!(none.contains("no variant"), "{none}");
    let ok = Comparison::new(
        &s,
        &[point(&[("dynamics.holders[0].elasticity", 0.0.into())])],
    )
    .unwrap();
    let bad = ok
        .with_draws(vec![point(&[("dynamics.holders[0].nope", 1.into())])])
        .err()
        .unwrap()
        .to_string();
    assert!(
        bad.contains("draw 0") && bad.contains("dynamics.holders[0].nope"),
        "{bad}"
    );
}

#[test]
fn the_cli_prints_a_table_per_variant_and_json() {
    let out = common::run_example_ok(
        "simulate",
        &[
            SCENARIO,
            "--runs",
            "24",
            "--rounds",
            "4",
            "--compare",
            "dynamics.holders[0].elasticity=0",
            "--compare",
            "dynamics.negotiation.strategies.USA=hardliner;dynamics.holders[0].arrest_rate=10",
        ],
    );
    assert!(
        out.contains("variant 1: dynamics.holders[0].elasticity=0"),
        "{out}"
    );
    assert!(
        out.contains("variant 2: dynamics.negotiation.strategies.USA=hardliner; dynamics.holders[0].arrest_rate=10"),
        "{out}"
    );
    assert!(out.contains("diff p5") && out.contains("MC s.e."), "{out}");
    assert!(out.contains("held_at_end"), "{out}");
    let json = common::run_example_ok(
        "belarus_2025",
        &[
            "--runs",
            "8",
            "--rounds",
            "3",
            "--json",
            "--compare",
            "dynamics.holders[0].elasticity=0",
        ],
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["runs"], 8);
    let rows = v["variants"][0]["outcomes"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["outcome"] == "freed_by_deal"));
}

#[test]
fn the_cli_refuses_bad_variants_before_running() {
    let help = common::run_example_ok("simulate", &["--help"]);
    assert!(
        help.contains("--compare <PATH=VALUE>") && help.contains("--draws <FILE>"),
        "{help}"
    );
    for (args, code, says) in [
        (
            vec!["--compare", "dynamics.holders[0].elasticty=0"],
            1,
            "dynamics.holders[0].elasticty",
        ),
        (vec!["--compare", "elasticity"], 1, "expected PATH=VALUE"),
        (
            vec![
                "--compare",
                "dynamics.rounds=5",
                "--sweep",
                "dynamics.rounds=5",
            ],
            2,
            "--sweep",
        ),
        (vec!["--draws", "d.json"], 2, "--compare"),
    ] {
        let mut all = vec![SCENARIO, "--runs", "1000000"];
        all.extend(args);
        let out = common::run_example("simulate", &all);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{all:?}: {err}");
        assert!(err.contains(says), "{all:?}: {err}");
    }
}
