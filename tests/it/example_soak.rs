//! Quick-mode run of `examples/soak.rs`: a few batches, memory reported.

use crate::common;

#[test]
fn soak_runs_in_batches_and_reports_memory() {
    let out = common::run_example_ok(
        "soak",
        &["--runs", "300", "--batch", "100", "--rounds", "6"],
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), 3, "one row per batch:\n{out}");
    assert!(rows[2].trim_start().starts_with("300 "), "{out}");
    assert!(
        out.contains("memory flat") || out.contains("memory not measured"),
        "{out}"
    );
}

#[test]
fn soak_refuses_a_bad_flag() {
    let out = common::run_example("soak", &["--batch", "0"]);
    assert_eq!(out.status.code(), Some(2));
}
