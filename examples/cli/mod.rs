//! The command lines of the examples, one module per example (clap derive).
//!
//! They live apart from the examples' code so that tests can include this
//! module with `#[path]` and check or fuzz each parser on its own.
#![allow(dead_code)]

pub mod belarus_2025;
pub mod clear_exchange;
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
