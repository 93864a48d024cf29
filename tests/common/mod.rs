//! Shared helpers for integration tests.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `cargo run --example NAME -- ARGS` in the test profile's build and
/// returns its output. The examples are built by `cargo test` already, so
/// this costs only the run.
pub fn run_example(name: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", name, "--"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo can be started")
}

/// Like [`run_example`], and fails the test unless the example exits 0.
/// Returns stdout.
pub fn run_example_ok(name: &str, args: &[&str]) -> String {
    let out = run_example(name, args);
    assert!(
        out.status.success(),
        "example {name} {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}
