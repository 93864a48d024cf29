//! Every example behaves like a command-line tool: `--help` and `-h` print
//! usage on stdout and exit 0, an unknown flag is refused with exit 2,
//! defaults come from the scenario, and a `main` returning
//! `Result<(), detente::Error>` prints the error's readable report.

use crate::common;

#[path = "../../examples/cli/mod.rs"]
pub(crate) mod cli;

use clap::Parser;
use std::path::Path;

/// Every example, from the directory itself, so a new one cannot be missed.
fn examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("examples directory")
        .filter_map(|e| {
            let path = e.expect("readable entry").path();
            let is_example = path.extension().is_some_and(|x| x == "rs");
            is_example
                .then(|| path.file_stem()?.to_str().map(str::to_string))
                .flatten()
        })
        .collect();
    names.sort();
    assert!(names.len() >= 11, "found only {names:?}");
    names
}

#[test]
fn every_example_prints_usage_on_help_and_refuses_an_unknown_flag() {
    for name in examples() {
        let out = common::run_example(&name, &["--help"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{name} --help: {stdout}");
        assert!(
            stdout.contains("Usage:") && stdout.contains(&name),
            "{name} --help printed {stdout:?}"
        );
        assert!(out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("error"));

        let out = common::run_example(&name, &["--no-such-flag"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name} --no-such-flag: {stderr}"
        );
        assert!(stderr.contains("--no-such-flag"), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name} printed on stdout");
    }
}

#[test]
fn short_help_is_help_in_every_parser() {
    let help = |r: Result<(), clap::Error>| match r {
        Err(e) => {
            assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
            assert_eq!(e.exit_code(), 0);
        }
        Ok(()) => panic!("-h parsed as a run"),
    };
    help(cli::backtest::Args::try_parse_from(["b", "-h"]).map(drop));
    help(cli::belarus_2025::Args::try_parse_from(["b", "-h"]).map(drop));
    help(cli::calibrate::Args::try_parse_from(["c", "-h"]).map(drop));
    help(cli::clear_exchange::Args::try_parse_from(["c", "-h"]).map(drop));
    help(cli::conflict::Args::try_parse_from(["c", "-h"]).map(drop));
    help(cli::custom_strategy::Args::try_parse_from(["c", "-h"]).map(drop));
    help(cli::explore::Args::try_parse_from(["e", "-h"]).map(drop));
    help(cli::history::Args::try_parse_from(["h", "-h"]).map(drop));
    help(cli::inspect::Args::try_parse_from(["i", "-h"]).map(drop));
    help(cli::peer_negmas::Args::try_parse_from(["p", "-h"]).map(drop));
    help(cli::simulate::Args::try_parse_from(["s", "-h"]).map(drop));
    help(cli::soak::Args::try_parse_from(["s", "-h"]).map(drop));
    help(cli::tournament::Args::try_parse_from(["t", "-h"]).map(drop));
}

#[test]
fn the_parsers_keep_the_flags_and_their_meanings() {
    let a = cli::belarus_2025::Args::try_parse_from(["b"])
        .unwrap()
        .flags;
    assert_eq!(
        (a.runs, a.seed, a.rounds, a.json),
        (10_000, 2025, None, false)
    );
    let a = cli::simulate::Args::try_parse_from([
        "s", "f.json", "--runs", "7", "--rounds", "3", "--sweep", "a=1,2", "--sweep", "b=3",
        "--shard", "1/4", "--out", "o.json",
    ])
    .unwrap();
    assert_eq!(a.file.as_deref(), Some("f.json"));
    assert_eq!((a.flags.runs, a.flags.rounds), (7, Some(3)));
    assert_eq!(a.flags.sweep, ["a=1,2", "b=3"]);
    assert_eq!(a.flags.shard.map(|s| (s.index, s.count)), Some((1, 4)));
    let a = cli::simulate::Args::try_parse_from(["s", "--merge", "p1", "p2", "--json"]).unwrap();
    assert_eq!(
        a.flags.merge,
        Some(vec!["p1".to_string(), "p2".to_string()])
    );
    assert!(a.flags.json && a.file.is_none());
    // Refused combinations: exit 2, as before.
    for bad in [
        &["s"][..],
        &["s", "f.json", "--rounds", "0"],
        &["s", "f.json", "--threads", "0"],
        &["s", "f.json", "--shard", "3/3"],
        &["s", "f.json", "--merge", "p1"],
        &["s", "--merge"],
        &["s", "f.json", "--mediator", "--sweep", "a=1"],
        &["s", "f.json", "--plots", "d", "--shard", "0/2"],
        &["s", "f.json", "--runs", "many"],
    ] {
        let e = cli::simulate::Args::try_parse_from(bad).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{bad:?} gave {e}");
    }
    let a = cli::explore::Args::try_parse_from(["e", "f", "--players", "A,B", "--batches", "1,5"])
        .unwrap();
    assert_eq!(a.players, Some(["A".to_string(), "B".to_string()]));
    assert_eq!(a.batches, [1, 5]);
    assert_eq!(
        cli::explore::Args::try_parse_from(["e", "f"])
            .unwrap()
            .players,
        None
    );
    assert!(cli::explore::Args::try_parse_from(["e", "f", "--players", "A"]).is_err());
    let a = cli::conflict::Args::try_parse_from([
        "c",
        "belarus",
        "--inverse",
        "18",
        "--concept",
        "gmr",
    ])
    .unwrap();
    assert_eq!((a.inverse, a.concept.name()), (Some(18), "gmr"));
    assert!(cli::conflict::Args::try_parse_from(["c", "--scale", "8", "--dms", "3"]).is_ok());
    assert!(cli::conflict::Args::try_parse_from(["c", "f", "--concept", "best"]).is_err());
    let e = cli::tournament::Args::try_parse_from(["t", "--strategies", "boulware,oracle"])
        .unwrap_err();
    assert!(e.to_string().contains("unknown strategy `oracle`"), "{e}");
    assert!(cli::soak::Args::try_parse_from(["s", "--batch", "0"]).is_err());
}

#[test]
fn explore_picks_its_players_from_the_scenario() {
    let out = common::run_example_ok(
        "explore",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--depth",
            "1",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    // toy_bilateral: A sanctions H, which holds a prisoner A values.
    assert_eq!(v["players"], serde_json::json!(["A", "H"]), "{v}");
    assert!(v["outcomes"].as_u64().is_some_and(|n| n > 1), "{v}");
    let out = common::run_example(
        "explore",
        &["examples/scenarios/toy_bilateral.json", "--players", "A,BB"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown government `BB`: expected one of A, H"),
        "{stderr}"
    );
}

#[test]
fn main_returning_a_detente_error_prints_the_display_report() {
    let dir = std::env::temp_dir().join(format!("detente-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"name": "b", "governments": [{"id": "USA", "discount": 1.5}, {"id": "BLR"}],
            "prisoners": [{"id": "x", "held_by": "BLRR"}]}"#,
    )
    .unwrap();
    let err: detente::Error = detente::scenario::load(&bad).unwrap_err().into();
    let report = err.to_string();
    assert!(
        report.starts_with("2 errors in scenario:\n  $.governments[0].discount"),
        "{report}"
    );
    assert!(!report.contains("ScenarioError"), "{report}");
    let out = common::run_example("inspect", &[bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    // The standard library prints `Error: ` and the error's Debug.
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("Error: {report}\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
