//! What every file reader must do with any text, shared by the proptest
//! fuzzers (`tests/it/fuzz_inputs.rs`) and the libFuzzer targets
//! (`fuzz/fuzz_targets/{shard_file,history_case,history_series,conflict}.rs`):
//! never panic, and whatever is accepted must be usable and read back
//! unchanged from its own output.

use detente::calibrate::revolving_door::{Series, fit};
use detente::conflict::{Concept, DmId, load_str};
use detente::history::{Case, replay_world};
use detente::shard::ShardFile;

/// Most states a fuzzed conflict is analysed on: enough for every shipped
/// conflict (12 states), small enough for thousands of cases a second.
const MAX_FUZZ_STATES: usize = 1 << 10;

/// A shard file: reading never panics; an accepted file writes back to a
/// text that reads as the same file, and merging it with itself is refused
/// (its runs would be counted twice).
pub fn shard_file(text: &str) {
    let Ok(file) = ShardFile::from_json(text) else {
        return;
    };
    let again = file.to_json().expect("an accepted shard file writes back");
    assert_eq!(
        ShardFile::from_json(&again).ok().as_ref(),
        Some(&file),
        "reads back unchanged"
    );
    assert!(
        ShardFile::merge(vec![file.clone(), file]).is_err(),
        "a shard merged with itself must be refused"
    );
}

/// A history case: reading and building never panic; a case that builds
/// replays without panicking, one report per step, and survives its own
/// JSON.
pub fn history_case(text: &str) {
    let Ok(case) = Case::from_json_str(text) else {
        return;
    };
    let again = Case::from_json_str(&case.to_json_string()).expect("a read case reads back");
    assert_eq!(again, case, "reads back unchanged");
    let Ok(world) = case.build() else {
        return;
    };
    let replay = replay_world(&case, &world);
    assert_eq!(replay.steps.len(), case.steps.len());
}

/// A series: reading never panics, and fitting what was read either
/// refuses (bad dates, too few counts) or gives finite rates.
pub fn history_series(text: &str) {
    let Ok(series) = serde_json::from_str::<Series>(text) else {
        return;
    };
    // The fit's cost grows with the span of the dates; the loader bounds
    // the span, and the fuzzer only needs to see that it never panics.
    if let Ok(fit) = fit(&series, false) {
        let json = serde_json::to_string(&fit).expect("a fit serializes");
        assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
    }
}

/// A conflict in either layout: reading and compiling never panic; a
/// small accepted conflict ranks every state of every decision maker from
/// 1, survives the crate's own layout unchanged, and its Nash equilibria
/// are stable for every decision maker.
pub fn conflict(text: &str) {
    let Ok(conflict) = load_str(text) else {
        return;
    };
    let Ok(model) = conflict.compile_with_limit(MAX_FUZZ_STATES) else {
        return;
    };
    let n = model.states().len();
    for d in 0..model.n_dms() {
        let pay = model.payoffs(DmId(d));
        assert_eq!(pay.len(), n);
        assert!(pay.iter().all(|&p| (1..=n as u32).contains(&p)), "{pay:?}");
    }
    let again = load_str(&conflict.to_json()).expect("the own layout reads back");
    assert_eq!(again, conflict, "reads back unchanged");
    let analysis = model.analyze(&Default::default());
    for s in analysis.equilibria(Concept::Nash) {
        for a in 0..analysis.agents().len() {
            assert!(analysis.stable(Concept::Nash, a)[s.0 as usize]);
        }
    }
}
