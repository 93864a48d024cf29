//! The inspect example: summary, DOT, and errors on a bad file.

use crate::common;

#[test]
fn inspect_summarises_the_belarus_scenario() {
    let out = common::run_example_ok("inspect", &["examples/scenarios/belarus_2025.json"]);
    assert!(out.contains("holds 1265 prisoners"), "{out}");
    assert!(
        out.contains("bloc of LTU, POL, LVA, DEU, FRA, HUN"),
        "{out}"
    );
    assert!(out.contains("us_potash"), "{out}");
}

#[test]
fn inspect_prints_dot() {
    let out = common::run_example_ok("inspect", &["examples/scenarios/toy_bloc.json", "--dot"]);
    assert!(out.starts_with("digraph"));
    assert!(
        out.contains("\"g:LTU\" -> \"g:EU\" [label=\"member of\"]"),
        "{out}"
    );
}

#[test]
fn inspect_reports_errors_and_fails() {
    let dir = std::env::temp_dir().join(format!("detente-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"name": "b", "governments": [{"id": "A", "discount": 1.5}, {"id": "B"}],
            "prisoners": [{"id": "x", "held_by": "C"}]}"#,
    )
    .unwrap();
    let out = common::run_example("inspect", &[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 errors"), "{err}");
    assert!(err.contains("$.governments[0].discount"), "{err}");
    assert!(
        err.contains("$.prisoners[0].held_by: unknown government `C`"),
        "{err}"
    );
}
