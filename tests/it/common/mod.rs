//! Helpers shared by the test modules: running the examples, checking the
//! figures they write, the NegMAS anchor instance and the PrefLib checks.

pub mod figures;
pub mod input_checks;
pub mod negmas_instance;
pub mod preflib_check;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// Runs the built example `name` with `args` from the package root (where
/// the tests' relative file arguments point) and returns its output.
///
/// `cargo test` builds every example beside this test binary, so the binary
/// is run directly: a `cargo run` per test re-checked the whole build and
/// queued on cargo's lock behind every other example test.
pub fn run_example(name: &str, args: &[&str]) -> Output {
    let binary = example_binary(name);
    Command::new(&binary)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{} could not be started: {e}", binary.display()))
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

/// The number of cases a property test runs: `default`, multiplied by
/// `DETENTE_PROPTEST_SCALE` when that is set. `cargo test` keeps the counts
/// a default run can afford; the `.ci/run` step `proptest-deep` runs them
/// all again many times longer.
pub fn proptest_cases(default: u32) -> u32 {
    let Some(scale) = std::env::var_os("DETENTE_PROPTEST_SCALE") else {
        return default;
    };
    scale
        .to_str()
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&s| s > 0)
        .and_then(|s| default.checked_mul(s))
        .unwrap_or_else(|| {
            panic!("DETENTE_PROPTEST_SCALE={scale:?}: expected a positive whole number")
        })
}

const BUILD_EXAMPLES: &str = "build them with `cargo test` (which builds every example) or \
     `cargo build --examples` with the same profile and features as the tests";

/// The path of example `name` built with this test binary, checked to be
/// newer than every source file it was built from: `cargo test --test it`
/// builds no example, and an old binary would test old code.
pub fn example_binary(name: &str) -> PathBuf {
    // This binary is target/[TRIPLE/]PROFILE/deps/it-HASH; cargo puts the
    // examples of the same build in target/[TRIPLE/]PROFILE/examples.
    let exe = std::env::current_exe().expect("the test binary knows its own path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/PROFILE/deps");
    let examples = profile_dir.join("examples");
    let binary = examples.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let built = modified(&binary).unwrap_or_else(|| {
        panic!(
            "example `{name}` is not built ({} is missing): {BUILD_EXAMPLES}",
            binary.display()
        )
    });
    if let Some(source) = sources(&examples.join(format!("{name}.d")))
        .into_iter()
        .find(|source| modified(source).is_some_and(|changed| changed > built))
    {
        panic!(
            "example `{name}` is older than {}, one of its sources: {BUILD_EXAMPLES}",
            source.display()
        );
    }
    binary
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The sources listed in cargo's dep-info file `dep_info` (a Makefile rule
/// `TARGET: SOURCE SOURCE ...`, spaces in paths escaped with `\`); none if
/// the file is missing, so the freshness check is skipped rather than wrong.
fn sources(dep_info: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(dep_info) else {
        return Vec::new();
    };
    let text = text.replace("\\\n", " ");
    let Some((_, deps)) = text.lines().next().and_then(|rule| rule.split_once(": ")) else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    let mut current = String::new();
    let mut chars = deps.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&' ') => current.extend(chars.next()),
            ' ' if !current.is_empty() => paths.push(PathBuf::from(std::mem::take(&mut current))),
            ' ' => {}
            _ => current.push(c),
        }
    }
    paths.extend((!current.is_empty()).then(|| PathBuf::from(current)));
    paths
}

/// The `.json` files of a bad-input corpus under `tests/bad_inputs/`
/// (`dir` relative to it), sorted.
pub fn json_corpus(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_inputs")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Checks every file against its `NAME.expected`: `refusal` gives the
/// text a user sees for a file, or why the file was wrongly accepted.
/// Panics listing every mismatch at once.
pub fn assert_refusals(files: &[PathBuf], refusal: impl Fn(&Path) -> Result<String, String>) {
    let mut failures = Vec::new();
    for path in files {
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{}: no .expected file", path.display()));
        match refusal(path) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            )),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
