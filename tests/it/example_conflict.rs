//! Runs `examples/conflict.rs` on the shipped conflicts and checks its output
//! against the reference values of `shared/anchors/gmcr_reference.md`.
use crate::common;

fn run_json(file: &str) -> serde_json::Value {
    let out = common::run_example_ok("conflict", &[file, "--json"]);
    serde_json::from_str(&out).expect("--json prints one JSON object")
}

fn list(v: &serde_json::Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

#[test]
fn elmira_json_matches_reference() {
    let v = run_json("examples/conflicts/elmira.json");
    assert_eq!(v["states"], 12);
    let eq = &v["equilibria"];
    assert_eq!(list(&eq["nash"]), vec![5, 6, 7, 10, 11, 12]);
    assert_eq!(list(&eq["gmr"]), vec![1, 4, 5, 6, 7, 10, 11, 12]);
    assert_eq!(list(&eq["smr"]), vec![1, 4, 5, 6, 7, 10, 11, 12]);
    assert_eq!(list(&eq["seq"]), vec![5, 6, 7, 10, 11, 12]);
    assert_eq!(list(&eq["sim"]), vec![5, 6, 7, 10, 11, 12]);
    let lg = &v["stable"][2];
    assert_eq!(lg["name"], "Local Government");
    assert_eq!(list(&lg["seq"]), vec![2, 3, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Status quo 1: GMR equilibrium 7 is one improving move (LG insists) away.
    let imp = &v["status_quo"]["reachable_gmr_equilibria"]["improving_moves"];
    assert!(imp.as_array().unwrap().iter().any(|g| g["state"] == 7));
}

#[test]
fn gmcrplus_files_load_and_match_reference() {
    let v = run_json("examples/conflicts/syria_iraq.json");
    assert_eq!(v["states"], 6);
    assert_eq!(list(&v["equilibria"]["gmr"]), vec![1, 6]);
    assert_eq!(list(&v["stable"][1]["seq"]), vec![2, 4, 5, 6]);
    let v = run_json("examples/conflicts/elmira_gmcrplus.json");
    assert_eq!(
        list(&v["equilibria"]["gmr"]),
        vec![1, 4, 5, 6, 7, 10, 11, 12]
    );
    let v = run_json("examples/conflicts/prisoners_dilemma.json");
    assert_eq!(list(&v["equilibria"]["nash"]), vec![1]);
    assert_eq!(list(&v["equilibria"]["seq"]), vec![1, 4]);
}

#[test]
fn belarus_conflict_runs() {
    let out = common::run_example_ok("conflict", &["belarus"]);
    assert!(
        out.contains("Belarus 2025: 8 options, 192 feasible states"),
        "{out}"
    );
    // Alone, Belarus's only improvement on the status quo is arresting more
    // people; together with the US it gains by trading releases for licences.
    assert!(
        out.contains("USA+BLR improves on the status quo by moving to: "),
        "{out}"
    );
    assert!(
        out.contains("EU improves on the status quo by moving to: nothing"),
        "{out}"
    );
}

#[test]
fn bad_file_fails_with_json_path() {
    let dir = std::env::temp_dir().join("detente_conflict_example_test.json");
    std::fs::write(&dir, r#"{"options": [{"name": "a", "owner": 5}], "decision_makers": [{"name": "A", "preferences": {"ranking": [1, 2]}}]}"#).unwrap();
    let out = common::run_example("conflict", &[dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("options[0].owner"), "{err}");
}

#[test]
fn scale_flag_times_a_synthetic_conflict() {
    let out = common::run_example_ok("conflict", &["--scale", "8", "--exclusions", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("--json prints one JSON object");
    assert_eq!(v["options"], 8);
    let states = v["states"].as_u64().unwrap();
    assert!(
        states > 0 && states < 256,
        "two exclusions prune states: {states}"
    );
    assert!(v["seconds"]["analyze_all_concepts"].as_f64().unwrap() >= 0.0);
    let eq = &v["equilibria_counts"];
    assert!(eq["nash"].as_u64().unwrap() <= eq["seq"].as_u64().unwrap());
}

#[test]
fn inverse_flag_answers_for_mutual_cooperation() {
    // Mutual cooperation (4) becomes Nash once each prisoner ranks it above
    // the temptation (3 for One, 2 for Two): one more state below it each.
    let out = common::run_example_ok(
        "conflict",
        &[
            "examples/conflicts/prisoners_dilemma.json",
            "--inverse",
            "4",
            "--concept",
            "nash",
        ],
    );
    assert!(out.contains("Yes:"), "{out}");
    assert!(
        out.contains("states ranked above it: 1 now, 0 in the witness ranking"),
        "{out}"
    );
}

#[test]
fn inverse_flag_with_json_prints_the_crate_report() {
    let out = common::run_example_ok(
        "conflict",
        &[
            "examples/conflicts/prisoners_dilemma.json",
            "--inverse",
            "4",
            "--concept",
            "nash",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v["answer"], "feasible");
    assert_eq!(
        (v["target"].as_u64(), v["target_state"].as_str()),
        (Some(4), Some("YY"))
    );
    let above: Vec<(u64, u64)> = v["above"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["now"].as_u64().unwrap(), d["witness"].as_u64().unwrap()))
        .collect();
    assert_eq!(above, [(1, 0), (1, 0)]);
}
