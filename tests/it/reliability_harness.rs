//! A smoke run of the reliability harness (`scripts/reliability.sh
//! --quick`): a handful of hostile files through every example that reads
//! files, a forged shard merge, an absurd flag. The full run (about 1,300
//! runs) is too slow for `cargo test`; RELIABILITY.md has its table.

use crate::common;
use std::process::Command;

#[test]
fn the_quick_harness_run_has_no_failure() {
    // The examples of this build, checked to be fresh.
    let simulate = common::example_binary("simulate");
    let bin_dir = simulate.parent().expect("examples live in a directory");
    for name in [
        "inspect",
        "explore",
        "tournament",
        "conflict",
        "clear_exchange",
    ] {
        common::example_binary(name);
    }
    let out = Command::new("bash")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/reliability.sh"
        ))
        .arg("--quick")
        .env("BIN_DIR", bin_dir)
        .env("TIME_S", "60")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    // 6 files x 8 file readers, then 3 runs with flags.
    let all = stdout
        .lines()
        .find(|l| l.starts_with("| **all** |"))
        .unwrap_or_else(|| panic!("no summary row in {stdout}"));
    let cells: Vec<&str> = all.split('|').map(str::trim).collect();
    assert_eq!(cells[2], "51", "{stdout}");
    assert_eq!(cells[5], "0", "{stdout}");
    // Every hostile file is refused by something: the empty, binary and
    // deeply nested files are not scenarios, conflicts or PrefLib files.
    assert!(cells[3].parse::<u32>().expect("a count") >= 18, "{stdout}");
}

#[test]
fn a_refusal_into_a_full_stderr_is_still_a_refusal_not_a_panic() {
    // Each refuses its input with a message on stderr; with stderr on
    // /dev/full the message is lost, but the exit code must stay 1 or 2
    // (`eprintln!` would panic, and the panic's own message fail: exit 101).
    let empty = std::env::temp_dir().join(format!("detente-empty-{}.json", std::process::id()));
    std::fs::write(&empty, "").expect("temp file");
    let empty = empty.to_str().expect("utf-8 temp path");
    for (name, args) in [
        ("simulate", vec![empty]),
        ("explore", vec![empty]),
        ("conflict", vec![empty]),
        ("clear_exchange", vec![empty]),
        ("belarus_2025", vec!["--runs", "0"]),
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux");
        let out = Command::new(common::example_binary(name))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(full)
            .output()
            .expect("starts");
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{name} {args:?}: {:?}",
            out.status
        );
    }
}
