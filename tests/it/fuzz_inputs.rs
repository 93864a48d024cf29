//! Proptest fuzzing of the file readers other than scenarios and PrefLib
//! (shard files, history cases and series, conflicts in both layouts) and
//! of every example's command line. The long runs are the libFuzzer
//! targets `shard_file`, `history_case`, `history_series`, `conflict` and
//! `cli` in `fuzz/`; the checks are shared (`common::input_checks`).
//!
//! Each property stops drawing new work after [`BUDGET`] of wall time, so
//! CI time is bounded on a slow or loaded machine; the case counts scale
//! with `DETENTE_PROPTEST_SCALE`.

use crate::common::input_checks;
use crate::example_cli::cli;
use crate::fuzz_scenario::{mutate, remove_nth_key, replace_nth, token, value};
use clap::{CommandFactory, Parser};
use detente::limits::Limits;
use proptest::prelude::*;
use serde_json::Value;
use std::ffi::OsString;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Wall time a property may spend drawing cases (each property apart).
const BUDGET: Duration = Duration::from_secs(20);

/// Whether the property whose clock is `started` may still do work.
fn in_budget(started: &OnceLock<Instant>) -> bool {
    started.get_or_init(Instant::now).elapsed() < BUDGET
}

const CASES: [&str; 3] = [
    include_str!("../../examples/scenarios/history/belgium_iran_2023.json"),
    include_str!("../../examples/scenarios/history/griner_bout_2022.json"),
    include_str!("../../examples/scenarios/history/belarus_2015.json"),
];
const SERIES: &str = include_str!("../../examples/scenarios/history/series/viasna_stock.json");
const CONFLICTS: [&str; 4] = [
    include_str!("../../examples/conflicts/elmira.json"),
    include_str!("../../examples/conflicts/elmira_gmcrplus.json"),
    include_str!("../../examples/conflicts/prisoners_dilemma.json"),
    include_str!("../../examples/conflicts/syria_iraq.json"),
];

/// A valid shard file: shard 0 of 2 of a small Belarus experiment.
fn shard() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        use detente::shard::{Fingerprint, Shard, ShardFile, ShardPart};
        use detente::simulate::{ExperimentConfig, Simulation};
        let scenario =
            detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")
                .expect("the shipped scenario loads");
        let sim = Simulation::from_scenario(&scenario).expect("builds");
        let config = ExperimentConfig {
            runs: 6,
            rounds: 3,
            seed: 5,
        };
        let shard = Shard::new(0, 2).expect("0 of 2 exists");
        let block = shard.block(config.runs);
        let fingerprint = Fingerprint::experiment(&scenario, &sim, (6, 3, 5), 2).expect("hashes");
        let part = ShardPart {
            shard,
            total: config.runs,
            start: block.start,
            end: block.end,
            fingerprint,
            results: sim.run_range(&config, block, &|_, _| {}),
        };
        ShardFile::Experiment(Box::new(part))
            .to_json()
            .expect("writes")
    })
}

/// `text` with one structural change: the `k`-th node replaced by `with`,
/// or (when `drop_key`) a key of the `k`-th object removed. `None` when
/// `text` is not JSON.
fn restructured(text: &str, k: usize, with: &Value, drop_key: Option<usize>) -> Option<String> {
    let mut doc: Value = serde_json::from_str(text).ok()?;
    let mut k = k;
    match drop_key {
        Some(key) => remove_nth_key(&mut doc, &mut k, key),
        None => replace_nth(&mut doc, &mut k, with),
    };
    Some(doc.to_string())
}

/// Recomputes a shard file's checksum after an edit, as a forger would, so
/// that the structural checks (not the checksum) meet the edit.
fn resealed(text: &str) -> Option<String> {
    let mut doc: Value = serde_json::from_str(text).ok()?;
    let o = doc.as_object_mut()?;
    o.remove("checksum");
    let sum = detente::shard::canonical_sha256(&*o).ok()?;
    o.insert("checksum".into(), Value::String(sum));
    Some(doc.to_string())
}

/// The node count of a JSON text, for picking a node.
fn nodes(text: &str) -> usize {
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    serde_json::from_str(text).map_or(1, |v| count(&v))
}

/// A command-line value chosen to break parsers: empty, signs, overflow at
/// every width, fractions, shard specs, sweep specs, paths, a non-UTF-8
/// byte.
fn hostile_value() -> impl Strategy<Value = OsString> {
    use std::os::unix::ffi::OsStringExt;
    prop_oneof![
        prop_oneof![
            Just(""),
            Just("0"),
            Just("1"),
            Just("2"),
            Just("-1"),
            Just("4294967296"),
            Just("100000"),
            Just("18446744073709551615"),
            Just("18446744073709551616"),
            Just("1e9"),
            Just("NaN"),
            Just("0/0"),
            Just("1/0"),
            Just("2/2"),
            Just("0/1"),
            Just("3/18446744073709551615"),
            Just("dynamics.rounds=6,24"),
            Just("x="),
            Just("=1"),
            Just("USA,BLR"),
            Just(","),
            Just("nash"),
            Just("boulware,,"),
            Just("/"),
            Just("/nonexistent/dir/file"),
            Just("examples/scenarios/belarus_2025.json"),
        ]
        .prop_map(OsString::from),
        Just(OsString::from_vec(vec![b'1', 0xff])),
        "[ -~]{0,12}".prop_map(OsString::from),
    ]
}

/// An argument list for the parser `C`: a random sequence of its own long
/// flags (so most lists get past "unknown flag"), hostile values and
/// positionals.
fn argv<C: CommandFactory>() -> impl Strategy<Value = Vec<OsString>> {
    let cmd = C::command();
    let flags: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    let name = cmd.get_name().to_string();
    let flags = if flags.is_empty() {
        vec!["--help".to_string()]
    } else {
        flags
    };
    let word = prop_oneof![
        2 => prop::sample::select(flags).prop_map(OsString::from),
        3 => hostile_value(),
    ];
    prop::collection::vec(word, 0..8).prop_map(move |mut words| {
        words.insert(0, OsString::from(&name));
        words
    })
}

/// Parsing never panics; an accepted count is inside its `Limits`.
fn parse<P: Parser + std::fmt::Debug>(args: &[OsString]) -> Option<P> {
    match P::try_parse_from(args) {
        Ok(p) => Some(p),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            None
        }
    }
}

fn check_experiment_flags(f: &cli::experiment::ExperimentFlags) {
    let limits = Limits::default();
    assert!((1..=limits.max_runs).contains(&f.runs), "{f:?}");
    if let Some(r) = f.rounds {
        assert!((1..=limits.max_rounds).contains(&u64::from(r)), "{f:?}");
    }
    assert!(
        f.threads
            .is_none_or(|t| (1..=cli::MAX_THREADS).contains(&t)),
        "{f:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: crate::common::proptest_cases(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn shard_files_never_panic(
        op in any::<u8>(), at in any::<usize>(), len in 0usize..64, insert in token(),
        k in any::<usize>(), with in value(), drop_key in prop::option::weighted(0.2, any::<usize>()),
        reseal in any::<bool>(),
    ) {
        static STARTED: OnceLock<Instant> = OnceLock::new();
        if !in_budget(&STARTED) {
            return Ok(());
        }
        let good = shard();
        input_checks::shard_file(good);
        input_checks::shard_file(&mutate(good, op, at, len, &insert));
        if let Some(text) = restructured(good, k % nodes(good), &with, drop_key) {
            let text = if reseal { resealed(&text).unwrap_or(text) } else { text };
            input_checks::shard_file(&text);
        }
    }

    #[test]
    fn history_cases_never_panic(
        which in 0..CASES.len(), op in any::<u8>(), at in any::<usize>(), len in 0usize..64,
        insert in token(), k in any::<usize>(), with in value(),
        drop_key in prop::option::weighted(0.2, any::<usize>()),
    ) {
        static STARTED: OnceLock<Instant> = OnceLock::new();
        if !in_budget(&STARTED) {
            return Ok(());
        }
        let text = CASES[which];
        input_checks::history_case(&mutate(text, op, at, len, &insert));
        if let Some(t) = restructured(text, k % nodes(text), &with, drop_key) {
            input_checks::history_case(&t);
        }
    }

    #[test]
    fn history_series_never_panic(
        op in any::<u8>(), at in any::<usize>(), len in 0usize..64, insert in token(),
        k in any::<usize>(), with in value(), drop_key in prop::option::weighted(0.2, any::<usize>()),
    ) {
        static STARTED: OnceLock<Instant> = OnceLock::new();
        if !in_budget(&STARTED) {
            return Ok(());
        }
        input_checks::history_series(&mutate(SERIES, op, at, len, &insert));
        if let Some(t) = restructured(SERIES, k % nodes(SERIES), &with, drop_key) {
            input_checks::history_series(&t);
        }
    }

    #[test]
    fn conflicts_in_both_layouts_never_panic(
        which in 0..CONFLICTS.len(), op in any::<u8>(), at in any::<usize>(), len in 0usize..64,
        insert in token(), k in any::<usize>(), with in value(),
        drop_key in prop::option::weighted(0.2, any::<usize>()),
    ) {
        static STARTED: OnceLock<Instant> = OnceLock::new();
        if !in_budget(&STARTED) {
            return Ok(());
        }
        let text = CONFLICTS[which];
        input_checks::conflict(&mutate(text, op, at, len, &insert));
        if let Some(t) = restructured(text, k % nodes(text), &with, drop_key) {
            input_checks::conflict(&t);
        }
    }

    #[test]
    fn random_text_never_panics_any_reader(text in "\\PC{0,120}") {
        input_checks::shard_file(&text);
        input_checks::history_case(&text);
        input_checks::history_series(&text);
        input_checks::conflict(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: crate::common::proptest_cases(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn simulation_command_lines_never_panic_and_respect_limits(
        sim in argv::<cli::simulate::Args>(),
        bel in argv::<cli::belarus_2025::Args>(),
        soak in argv::<cli::soak::Args>(),
        history in argv::<cli::history::Args>(),
    ) {
        if let Some(a) = parse::<cli::simulate::Args>(&sim) {
            check_experiment_flags(&a.flags);
        }
        if let Some(a) = parse::<cli::belarus_2025::Args>(&bel) {
            check_experiment_flags(&a.flags);
        }
        if let Some(a) = parse::<cli::soak::Args>(&soak) {
            prop_assert!(a.runs >= 1 && a.batch >= 1);
        }
        if let Some(a) = parse::<cli::history::Args>(&history) {
            prop_assert!(a.runs >= 1);
        }
    }

    #[test]
    fn analysis_command_lines_never_panic(
        clear in argv::<cli::clear_exchange::Args>(),
        conflict in argv::<cli::conflict::Args>(),
        explore in argv::<cli::explore::Args>(),
        inspect in argv::<cli::inspect::Args>(),
        tournament in argv::<cli::tournament::Args>(),
        peer in argv::<cli::peer_negmas::Args>(),
        custom in argv::<cli::custom_strategy::Args>(),
    ) {
        parse::<cli::clear_exchange::Args>(&clear);
        parse::<cli::conflict::Args>(&conflict);
        parse::<cli::explore::Args>(&explore);
        parse::<cli::inspect::Args>(&inspect);
        if let Some(a) = parse::<cli::tournament::Args>(&tournament) {
            prop_assert!(a.reps as u64 <= Limits::default().max_runs);
        }
        parse::<cli::peer_negmas::Args>(&peer);
        parse::<cli::custom_strategy::Args>(&custom);
    }
}

#[test]
fn the_seeds_are_accepted_so_the_fuzzers_start_from_valid_files() {
    assert!(detente::shard::ShardFile::from_json(shard()).is_ok());
    for text in CASES {
        let case = detente::history::Case::from_json_str(text).expect("shipped case loads");
        assert!(case.build().is_ok());
    }
    let series: detente::calibrate::revolving_door::Series =
        serde_json::from_str(SERIES).expect("the shipped series loads");
    assert!(detente::calibrate::revolving_door::fit(&series, false).is_ok());
    for text in CONFLICTS {
        let model = detente::conflict::load_str(text).and_then(|c| c.compile());
        assert!(model.is_ok(), "{model:?}");
    }
}
