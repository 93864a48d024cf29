//! The command lines of the examples, one module per example (clap derive).
//!
//! They live apart from the examples' code so that tests can include this
//! module with `#[path]` and check or fuzz each parser on its own.
#![allow(dead_code)]

pub mod backtest;
pub mod belarus_2025;
pub mod budget;
pub mod calibrate;
pub mod clear_exchange;
pub mod compare;
pub mod conflict;
pub mod custom_strategy;
pub mod experiment;
pub mod explore;
pub mod history;
pub mod inspect;
pub mod peer_negmas;
pub mod simulate;
pub mod soak;
pub mod tournament;

/// `--threads`, `--batch` and the like: a whole number of at least 1.
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("expected at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("expected a whole number, found `{s}`")),
    }
}

/// Most worker threads `--threads` accepts. Each thread reserves its own
/// stack, so `--threads 100000` spent minutes creating threads before the
/// first run (and could exhaust memory); no machine this runs on has more
/// cores than this.
pub const MAX_THREADS: usize = 1024;

/// `--threads`: from 1 to [`MAX_THREADS`].
pub fn threads(s: &str) -> Result<usize, String> {
    match at_least_one(s)? {
        n if n > MAX_THREADS => Err(format!(
            "--threads asks for {n}, more than the limit of {MAX_THREADS}"
        )),
        n => Ok(n),
    }
}

/// A count flag: a whole number within `limit` (one of the crate's
/// `Limits`), refused before any work with the limit named.
fn count(s: &str, flag: &str, limit: u64) -> Result<u64, String> {
    let n = s
        .parse::<u64>()
        .map_err(|_| format!("expected a whole number, found `{s}`"))?;
    detente::limits::Limits::default()
        .check(flag, n, limit)
        .map_err(|e| e.to_string())?;
    Ok(n)
}

/// `--runs`: from 1 (0 runs would print statistics of nothing, or, in a
/// sweep, quietly run one) to `Limits::max_runs`.
pub fn runs(s: &str) -> Result<u64, String> {
    match count(s, "--runs", detente::limits::Limits::default().max_runs)? {
        0 => Err("expected at least 1".into()),
        n => Ok(n),
    }
}

/// `--runs` stored in 32 bits: at most `Limits::max_runs` and `u32::MAX`.
pub fn runs_u32(s: &str) -> Result<u32, String> {
    let n = runs(s)?;
    u32::try_from(n).map_err(|_| format!("--runs asks for {n}, more than {}", u32::MAX))
}

/// `--rounds`: from 1 to `Limits::max_rounds`.
pub fn rounds(s: &str) -> Result<u32, String> {
    match count(s, "--rounds", detente::limits::Limits::default().max_rounds)? {
        0 => Err("expected at least 1".into()),
        // max_rounds fits in u32 by default; a raised limit still cannot
        // wrap.
        n => u32::try_from(n).map_err(|_| format!("--rounds asks for {n}, more than {}", u32::MAX)),
    }
}

/// `--steps` (a negotiation's deadline): from 1 to `Limits::max_rounds`,
/// like any other count of rounds; `usize::MAX` steps overflowed the
/// strategies' time arithmetic.
pub fn steps(s: &str) -> Result<usize, String> {
    match count(s, "--steps", detente::limits::Limits::default().max_rounds)? {
        0 => Err("expected at least 1".into()),
        n => usize::try_from(n)
            .map_err(|_| format!("--steps asks for {n}, more than this machine can count")),
    }
}

/// `--reps` and other repetition counts: at most `Limits::max_runs`.
pub fn repetitions(s: &str) -> Result<usize, String> {
    let n = count(s, "--reps", detente::limits::Limits::default().max_runs)?;
    usize::try_from(n).map_err(|_| format!("--reps asks for {n}, more than this machine can count"))
}
