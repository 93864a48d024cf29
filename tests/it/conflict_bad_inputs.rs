//! The bad-input corpus of the conflict loaders: every file in
//! `tests/bad_inputs/conflicts/` (GMCR+ layout `gmcrplus_*`, the crate's
//! own `own_*`) holds one mistake that must be refused rather than read as
//! a different conflict (a condition requiring an option both taken and not
//! taken, an option the conflict does not have, a misspelt or contradictory
//! field), and `NAME.expected` holds the one error line a user sees.

use crate::common;
use detente::conflict::load_str;
use std::fs;
use std::path::Path;

/// The error loading and compiling `path` reports, or why it was wrongly
/// accepted.
fn error(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match load_str(&text).and_then(|c| c.compile()) {
        Ok(_) => Err(format!("{} was accepted", path.display())),
        Err(e) => Ok(format!("{e}\n")),
    }
}

#[test]
fn every_bad_conflict_is_refused_with_the_expected_error() {
    let files = common::json_corpus("conflicts");
    assert!(files.len() >= 11, "the corpus holds its files");
    common::assert_refusals(&files, error);
}

#[test]
fn the_same_requirement_twice_is_redundant_not_refused() {
    // `[[1, "Y"], [1, "Y"]]` asks for option 1 taken, twice: it reads
    // exactly as `[[1, "Y"]]`, the states where BLR releases (codes 2, 3
    // of 0..4, numbered 3 and 4), which USA then ranks above the others.
    let text = |cond: &str| {
        format!(
            r#"{{"options": [{{"name": "s"}}, {{"name": "r"}}],
               "decisionMakers": [
                 {{"name": "USA", "options": [0], "preferences": [{cond}]}},
                 {{"name": "BLR", "options": [1], "preferences": [[[0, "N"]]]}}]}}"#
        )
    };
    let twice = load_str(&text(r#"[[1, "Y"], [1, "Y"]]"#))
        .and_then(|c| c.compile())
        .expect("a repeated requirement loads");
    let once = load_str(&text(r#"[[1, "Y"]]"#))
        .and_then(|c| c.compile())
        .expect("loads");
    let usa = detente::conflict::DmId(0);
    assert_eq!(twice.payoffs(usa), [1, 1, 2, 2]);
    assert_eq!(twice.payoffs(usa), once.payoffs(usa));
}

#[test]
fn a_synthetic_conflict_of_zero_options_is_one_state_not_a_panic() {
    // `conflict --scale 0` panicked drawing an option from an empty range.
    let conflict = detente::conflict::examples::synthetic(0, 4, 3, 1);
    assert!(conflict.options.is_empty() && conflict.infeasible.is_empty());
    let model = conflict
        .compile()
        .expect("no options is a one-state conflict");
    assert_eq!(model.states().len(), 1);
}
