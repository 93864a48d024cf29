//! Every example that prints, with stdout full (`> /dev/full`) or closed
//! early (`| head -c 10`): each must end with a clean error and a nonzero
//! exit code, never a panic. And output paths are checked before any work,
//! so a bad `--plots` or `--report` costs nothing.

use crate::common;
use std::fs::File;
use std::io::Read;
use std::process::{Command, Stdio};

/// Each printing example with small, quick arguments.
const RUNS: &[(&str, &[&str])] = &[
    ("belarus_2025", &["--runs", "4", "--rounds", "3"]),
    (
        "clear_exchange",
        &[
            "tests/data/preflib-kidney/00036-00000031.wmd",
            "--max-cycle",
            "3",
        ],
    ),
    ("conflict", &["examples/conflicts/elmira.json"]),
    ("custom_strategy", &[]),
    (
        "explore",
        &[
            "examples/scenarios/belarus_2025.json",
            "--depth",
            "2",
            "--batches",
            "1,10",
        ],
    ),
    ("history", &["--runs", "5"]),
    ("inspect", &["examples/scenarios/belarus_2025.json"]),
    (
        "peer_negmas",
        &["--n-small", "2", "--n-large", "2", "--warmup", "0"],
    ),
    (
        "simulate",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--runs",
            "4",
            "--rounds",
            "3",
        ],
    ),
    ("soak", &["--runs", "20", "--batch", "10", "--rounds", "3"]),
    (
        "tournament",
        &[
            "examples/scenarios/toy_bilateral.json",
            "--reps",
            "1",
            "--steps",
            "10",
        ],
    ),
];

#[test]
fn every_example_fails_cleanly_on_a_full_stdout() {
    for (name, args) in RUNS {
        let full = File::create("/dev/full").expect("/dev/full exists on Linux");
        let out = Command::new(common::example_binary(name))
            .args(*args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .expect("example starts");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "{name} {args:?} exited 0 with nothing written"
        );
        assert!(
            !stderr.contains("panicked"),
            "{name} {args:?} panicked:\n{stderr}"
        );
        assert!(
            stderr.contains("stdout"),
            "{name} {args:?} does not say what failed:\n{stderr}"
        );
    }
}

#[test]
fn every_example_fails_cleanly_when_its_reader_goes_away() {
    for (name, args) in RUNS {
        let mut child = Command::new(common::example_binary(name))
            .args(*args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("example starts");
        // Read a few bytes, then close the pipe as `head -c 10` would.
        let mut first = [0u8; 10];
        let mut stdout = child.stdout.take().expect("piped stdout");
        let _ = stdout.read(&mut first);
        drop(stdout);
        let out = child.wait_with_output().expect("example ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // An example whose whole output fit in the pipe before it closed may
        // rightly succeed; what it must never do is panic.
        assert!(
            !stderr.contains("panicked"),
            "{name} {args:?} panicked:\n{stderr}"
        );
    }
}

#[test]
fn output_paths_are_refused_before_any_work() {
    let dir = common::figures::temp_dir("example-outputs");
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let file = file.to_str().unwrap();
    let missing = dir.join("no/such/dir/report.html");
    // (example, arguments, what stderr names, exit code: 1 for a refusal by
    // the example, 2 for a usage error caught by its argument parser).
    let cases: &[(&str, Vec<&str>, &str, i32)] = &[
        // A tournament big enough to take minutes if it ran first.
        (
            "tournament",
            vec!["--reps", "1000", "--plots", file],
            "--plots",
            1,
        ),
        (
            "tournament",
            vec!["--reps", "1000", "--report", missing.to_str().unwrap()],
            "--report",
            1,
        ),
        (
            "tournament",
            vec![
                "examples/scenarios/toy_bilateral.json",
                "--reps",
                "1000",
                "--report",
                "examples/scenarios/toy_bilateral.json",
            ],
            "is the input",
            1,
        ),
        (
            "history",
            vec!["--runs", "5", "--plots", file],
            "--plots",
            1,
        ),
        ("history", vec!["--runs", "0"], "--runs", 2),
    ];
    for (name, args, needle, code) in cases {
        let started = std::time::Instant::now();
        let out = common::run_example(name, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{name} {args:?}: {stderr}");
        assert!(stderr.contains(needle), "{name} {args:?}: {stderr}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{name} {args:?} did the work before refusing"
        );
    }
}
