//! Quick runs of `examples/simulate.rs` (an experiment on any scenario file).

use crate::common;
use crate::common::figures;

const SCENARIO: &str = "examples/scenarios/belarus_2025.json";

#[test]
fn runs_a_scenario_file_and_writes_plots_and_report() {
    let dir = figures::temp_dir("simulate-plots");
    let plots = dir.join("figs");
    let page = dir.join("r.html");
    let out = common::run_example_ok(
        "simulate",
        &[
            SCENARIO,
            "--runs",
            "12",
            "--rounds",
            "8",
            "--plots",
            plots.to_str().unwrap(),
            "--report",
            page.to_str().unwrap(),
        ],
    );
    assert!(out.contains("12 runs x 8 rounds"), "{out}");
    let svgs = figures::svg_dir(&plots);
    assert!(svgs.len() >= 4, "{svgs:?}");
    for (stem, texts) in &svgs {
        assert!(
            figures::has(texts, "(persons)")
                || figures::has(texts, "(level")
                || figures::has(texts, "payoff change"),
            "{stem}: no axis with a unit in {texts:?}"
        );
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(figures::check_html(&html), svgs.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_file_is_an_error() {
    let out = common::run_example("simulate", &["no/such/scenario.json", "--runs", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let out = common::run_example("simulate", &["--runs", "2"]);
    assert_eq!(out.status.code(), Some(2));
}

const AXIS: &str = "dynamics.holders[0].elasticity=0,0.5,1.5";

fn sweep_shard(dir: &std::path::Path, shard: &str, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    common::run_example_ok(
        "simulate",
        &[
            SCENARIO,
            "--sweep",
            AXIS,
            "--runs",
            "10",
            "--rounds",
            "6",
            "--seed",
            "3",
            "--shard",
            shard,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    out
}

#[test]
fn one_shard_equals_three_shards_merged_byte_for_byte() {
    let dir = figures::temp_dir("simulate-shards");
    let whole = sweep_shard(&dir, "0/1", "whole.json");
    let parts: Vec<_> = (0..3)
        .map(|k| sweep_shard(&dir, &format!("{k}/3"), &format!("part{k}.json")))
        .collect();
    let merged = dir.join("merged.json");
    let p = |x: &std::path::PathBuf| x.to_str().unwrap().to_string();
    // Any order.
    let args = [
        "--merge".to_string(),
        p(&parts[2]),
        p(&parts[0]),
        p(&parts[1]),
        "--out".into(),
        p(&merged),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::run_example_ok("simulate", &args);
    let (a, b) = (
        std::fs::read(&whole).unwrap(),
        std::fs::read(&merged).unwrap(),
    );
    assert!(a == b, "merged shards differ from the unsharded sweep");
    let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
    assert_eq!(v["kind"], "sweep");
    assert_eq!(v["total"], 30);
    assert_eq!(v["results"]["points"].as_array().unwrap().len(), 3);
    // A missing shard is refused, not merged into a smaller result.
    let out = common::run_example("simulate", &["--merge", &p(&parts[0]), &p(&parts[2])]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exactly once"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn experiment_shards_merge_to_the_plain_experiment() {
    let dir = figures::temp_dir("simulate-exp-shards");
    let base = [SCENARIO, "--runs", "90", "--rounds", "5", "--seed", "8"];
    let mut files = Vec::new();
    for k in 0..2 {
        let f = dir.join(format!("e{k}.json"));
        let mut args = base.to_vec();
        let shard = format!("{k}/2");
        args.extend(["--shard", &shard, "--out", f.to_str().unwrap()]);
        common::run_example_ok("simulate", &args);
        files.push(f);
    }
    let merged = common::run_example_ok(
        "simulate",
        &[
            "--merge",
            files[1].to_str().unwrap(),
            files[0].to_str().unwrap(),
        ],
    );
    let merged: serde_json::Value = serde_json::from_str(merged.trim()).unwrap();
    let mut args = base.to_vec();
    args.push("--json");
    let plain: serde_json::Value =
        serde_json::from_str(common::run_example_ok("simulate", &args).trim()).unwrap();
    assert_eq!(merged["kind"], "experiment");
    assert_eq!(merged["results"], plain["results"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sweep_prints_one_line_per_point_and_refuses_bad_axes() {
    let out = common::run_example_ok(
        "simulate",
        &[SCENARIO, "--sweep", AXIS, "--runs", "4", "--rounds", "3"],
    );
    assert!(out.contains("3 points x 4 runs"), "{out}");
    assert_eq!(out.matches("elasticity=").count(), 3);
    for bad in ["dynamics.nope[3].x=1", "no-equals-sign"] {
        let out = common::run_example("simulate", &[SCENARIO, "--sweep", bad, "--runs", "2"]);
        assert_ne!(out.status.code(), Some(0), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("error"));
    }
    let out = common::run_example("simulate", &[SCENARIO, "--shard", "3/3"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_mediator_flag_frees_the_three_way_swap() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "examples/scenarios/three_way_swap.json",
            "--runs",
            "20",
            "--rounds",
            "3",
            "--json",
        ];
        args.extend_from_slice(extra);
        let out = common::run_example_ok("simulate", &args);
        serde_json::from_str::<serde_json::Value>(out.trim()).expect("one JSON object")
    };
    assert_eq!(run(&[])["freed_by_deal"]["mean"], 0.0);
    let v = run(&["--mediator"]);
    assert_eq!(v["freed_by_deal"]["mean"], 3.0, "{v}");
    assert_eq!(
        v["results"]["counters"]["packages"],
        serde_json::json!([[1, 20]])
    );
    let out = common::run_example_ok(
        "simulate",
        &[
            "examples/scenarios/three_way_swap.json",
            "--runs",
            "20",
            "--rounds",
            "3",
            "--mediator",
        ],
    );
    assert!(
        out.contains("multilateral packages: 1.00 per run, freeing 3.00"),
        "{out}"
    );
    let refused = common::run_example(
        "simulate",
        &[
            "examples/scenarios/three_way_swap.json",
            "--mediator",
            "--sweep",
            "dynamics.rounds=2,3",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn a_shard_of_a_sweep_over_rounds_is_refused_with_the_reason() {
    // A shard file records one number of rounds; points of 6 and 24 rounds
    // have none, and forcing one would mislabel a point.
    let dir = figures::temp_dir("simulate-rounds-shard");
    let out_file = dir.join("s.json");
    let out = common::run_example(
        "simulate",
        &[
            SCENARIO,
            "--sweep",
            "dynamics.rounds=6,24",
            "--runs",
            "2",
            "--shard",
            "0/2",
            "--out",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--shard: "), "{err}");
    assert!(err.contains("6 at point 0, 24 at point 1"), "{err}");
    assert!(!out_file.exists(), "no shard file is written");
}
