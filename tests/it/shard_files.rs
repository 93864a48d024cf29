//! Shard files are self-certifying: shards of different experiments, edited,
//! truncated or forged shard files are refused with a message naming what
//! is wrong, never merged into a different result. And the `simulate`
//! example checks its output paths before running and survives a closed
//! stdout.

use crate::common;

use detente::scenario::Scenario;
use detente::shard::{Fingerprint, Shard, ShardError, ShardFile, ShardPart, canonical_sha256};
use detente::simulate::{ExperimentConfig, Simulation};
use proptest::prelude::*;
use serde_json::Value;

const BELARUS: &str = "examples/scenarios/belarus_2025.json";
const CONFIG: ExperimentConfig = ExperimentConfig {
    runs: 12,
    rounds: 5,
    seed: 11,
};

fn belarus() -> Scenario {
    Scenario::from_path(BELARUS).unwrap()
}

/// Shard `k` of `n` of `CONFIG` on `scenario`, as file text.
fn shard_text(scenario: &Scenario, k: usize, n: usize) -> String {
    let sim = Simulation::from_scenario(scenario).unwrap();
    let shard = Shard::new(k, n).unwrap();
    let block = shard.block(CONFIG.runs);
    let fingerprint =
        Fingerprint::experiment(scenario, &sim, (CONFIG.runs, CONFIG.rounds, CONFIG.seed), n)
            .unwrap();
    let part = ShardPart {
        shard,
        total: CONFIG.runs,
        start: block.start,
        end: block.end,
        fingerprint,
        results: sim.run_range(&CONFIG, block, &|_, _| {}),
    };
    ShardFile::Experiment(Box::new(part)).to_json().unwrap()
}

fn read(text: &str) -> Result<ShardFile, ShardError> {
    ShardFile::from_json(text)
}

fn merge_texts(texts: &[String]) -> Result<ShardFile, ShardError> {
    let files = texts
        .iter()
        .map(|t| read(t))
        .collect::<Result<Vec<_>, _>>()?;
    ShardFile::merge(files)
}

/// Recomputes the checksum after an edit, as a forger (or a buggy writer)
/// would, so that the structural checks are what is tested.
fn reseal(mut v: Value) -> String {
    let o = v.as_object_mut().unwrap();
    o.remove("checksum");
    let sum = canonical_sha256(&*o).unwrap();
    o.insert("checksum".into(), Value::String(sum));
    v.to_string()
}

/// Shard `k` of 2 with `edit` applied and the checksum recomputed.
fn edited(k: usize, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&shard_text(&belarus(), k, 2)).unwrap();
    edit(&mut v);
    reseal(v)
}

fn invalid(text: &str) -> String {
    match read(text) {
        Err(ShardError::Invalid(why)) => why,
        other => panic!("expected an invalid shard, got {other:?}"),
    }
}

#[test]
fn shards_merge_to_the_unsharded_file_byte_for_byte() {
    let s = belarus();
    let whole = shard_text(&s, 0, 1);
    let parts: Vec<String> = (0..3).rev().map(|k| shard_text(&s, k, 3)).collect();
    let merged = merge_texts(&parts).unwrap().to_json().unwrap();
    assert_eq!(merged, whole);
    // The merged file is itself a valid shard file of the whole list.
    assert!(read(&merged).is_ok());
}

#[test]
fn shards_of_two_experiments_with_the_same_scenario_name_are_refused() {
    // Same scenario name, a different arrest rate and US strategy: the
    // merge used to return a mixed result under one strategy's name.
    let mut v = serde_json::to_value(belarus()).unwrap();
    v["dynamics"]["holders"][0]["arrest_rate"] = 10.0.into();
    v["dynamics"]["negotiation"]["strategies"]["USA"] = "boulware".into();
    let other: Scenario = serde_json::from_value(v).unwrap();
    let texts = [shard_text(&belarus(), 0, 2), shard_text(&other, 1, 2)];
    match merge_texts(&texts) {
        Err(ShardError::Fingerprint { component, a, b }) => {
            assert_eq!(component, "strategies");
            assert!(a.contains(r#"["USA","linear"]"#), "{a}");
            assert!(b.contains(r#"["USA","boulware"]"#), "{b}");
        }
        other => panic!("expected a fingerprint mismatch, got {other:?}"),
    }
    // The arrest rate alone is caught by the dynamics hash.
    let mut v = serde_json::to_value(belarus()).unwrap();
    v["dynamics"]["holders"][0]["arrest_rate"] = 10.0.into();
    let other: Scenario = serde_json::from_value(v).unwrap();
    let texts = [shard_text(&belarus(), 0, 2), shard_text(&other, 1, 2)];
    let err = merge_texts(&texts).unwrap_err();
    assert!(
        matches!(
            err,
            ShardError::Fingerprint {
                component: "dynamics_sha256",
                ..
            }
        ),
        "{err}"
    );
    // Shards of different seeds or plans are refused too.
    let e = merge_texts(&[shard_text(&belarus(), 0, 2), shard_text(&belarus(), 1, 3)]).unwrap_err();
    assert!(
        matches!(
            e,
            ShardError::Fingerprint {
                component: "shards",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn an_edited_file_fails_its_checksum() {
    let text = shard_text(&belarus(), 0, 2);
    let forged = text.replacen("\"seed\":11", "\"seed\":12", 1);
    assert_ne!(forged, text);
    assert!(matches!(read(&forged), Err(ShardError::Checksum { .. })));
    // A truncated file is not JSON at all.
    assert!(matches!(
        read(&text[..text.len() / 2]),
        Err(ShardError::Format(_))
    ));
}

#[test]
fn a_shard_claiming_runs_it_does_not_hold_is_refused() {
    let why = invalid(&edited(0, |v| v["results"]["runs"] = 7.into()));
    assert!(why.contains("claims 7 runs"), "{why}");
    let why = invalid(&edited(0, |v| v["end"] = 8.into()));
    assert!(why.contains("plan gives it 0..6"), "{why}");
    // Runs claimed but their observations missing from a histogram.
    let why = invalid(&edited(0, |v| {
        v["results"]["held_at_end"].as_array_mut().unwrap().pop();
    }));
    assert!(why.contains("held_at_end"), "{why}");
}

#[test]
fn truncated_arrays_are_refused() {
    for field in ["stock", "payoff", "strategies", "arrested_per_round"] {
        let why = invalid(&edited(1, |v| {
            v["results"][field].as_array_mut().unwrap().pop();
        }));
        assert!(why.contains(field), "{field}: {why}");
    }
}

#[test]
fn counts_that_would_wrap_are_refused() {
    // u64::MAX runs without a deal: first_deal_round + runs_without_deal
    // would wrap to a plausible total.
    let text = edited(0, |v| v["results"]["runs_without_deal"] = u64::MAX.into());
    assert!(matches!(read(&text), Err(ShardError::Invalid(_))));
    // Histogram counts whose total overflows are refused while reading.
    let text = edited(0, |v| {
        v["results"]["deceased"] = serde_json::json!([[0, u64::MAX], [1, 2]]);
    });
    match read(&text) {
        Err(ShardError::Format(why)) => assert!(why.contains("overflows"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A huge value allocates nothing: it is refused as a count mismatch.
    let text = edited(0, |v| {
        v["results"]["freed_by_deal"] = serde_json::json!([[u32::MAX, 6]])
    });
    let why = invalid(&text);
    assert!(why.contains("adds up"), "{why}");
}

#[test]
fn covered_runs_beyond_the_total_are_refused() {
    let why = invalid(&edited(1, |v| {
        v["results"]["covered"] = serde_json::json!([[6, 1000]]);
    }));
    assert!(why.contains("covering"), "{why}");
    let why = invalid(&edited(1, |v| {
        v["total"] = 1000.into();
        v["end"] = 1000.into();
    }));
    assert!(why.contains("plan"), "{why}");
}

#[test]
fn an_impossible_shard_index_is_refused() {
    let text = edited(1, |v| {
        v["shard"] = serde_json::json!({"index": 5, "count": 2})
    });
    match read(&text) {
        Err(ShardError::Format(why)) => assert!(why.contains("5/2"), "{why}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Two copies of one shard do not make a whole.
    let a = shard_text(&belarus(), 0, 2);
    assert!(matches!(
        merge_texts(&[a.clone(), a]),
        Err(ShardError::Coverage(..))
    ));
}

#[test]
fn unknown_fields_are_refused_anywhere() {
    for edit in [
        (|v: &mut Value| v["extra"] = 1.into()) as fn(&mut Value),
        |v| v["fingerprint"]["threads"] = 4.into(),
        |v| v["results"]["counters"]["bribes"] = serde_json::json!([]),
        |v| v["results"]["payoff"][0]["median"] = 1.0.into(),
    ] {
        match read(&edited(0, edit)) {
            Err(ShardError::Format(why)) => assert!(why.contains("unknown field"), "{why}"),
            other => panic!("expected an unknown field, got {other:?}"),
        }
    }
}

/// Every leaf of a JSON value, as a path of keys and indices.
fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            path.push(k.as_str().into());
            leaves(x, path, out);
            path.pop();
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            path.push(i.into());
            leaves(x, path, out);
            path.pop();
        }),
        _ => out.push(path.clone()),
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, p| match p {
        Value::String(k) => &mut v[k.as_str()],
        _ => &mut v[p.as_u64().unwrap() as usize],
    })
}

/// A different leaf of the same JSON type.
fn perturbed(x: &Value, bump: u64) -> Value {
    match x {
        Value::Number(n) if n.is_u64() => (n.as_u64().unwrap() ^ bump.max(1)).into(),
        Value::Number(n) if n.is_i64() => (n.as_i64().unwrap() ^ bump.max(1) as i64).into(),
        Value::Number(n) => (n.as_f64().unwrap() + bump.max(1) as f64).into(),
        Value::String(s) => format!("{s}x").into(),
        Value::Bool(b) => (!b).into(),
        Value::Null => 0.into(),
        _ => unreachable!("leaves only"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any change to any field of a valid shard file is refused: by the
    /// checksum as written, and, with the checksum recomputed, either by a
    /// check or (for the fields those cannot see, such as a payoff's exact
    /// sum) by nothing, in which case the merge differs only where the file
    /// was changed. Never a refusal-free merge of a structurally broken file.
    #[test]
    fn a_perturbed_shard_is_refused_or_changes_only_itself(pick in any::<prop::sample::Index>(), bump in 1u64..1 << 20) {
        let s = belarus();
        let good = [shard_text(&s, 0, 2), shard_text(&s, 1, 2)];
        let whole = merge_texts(&good).unwrap();
        let mut v: Value = serde_json::from_str(&good[0]).unwrap();
        let mut all = Vec::new();
        leaves(&v, &mut Vec::new(), &mut all);
        let path = pick.get(&all).clone();
        let slot = at(&mut v, &path);
        *slot = perturbed(slot, bump);
        // As written: the checksum refuses it.
        prop_assert!(read(&v.to_string()).is_err(), "{path:?}");
        // Resealed: refused, or it merges into a file that is again valid
        // and whose fingerprint and plan are those of the original.
        let forged = [reseal(v), good[1].clone()];
        if let Ok(merged) = merge_texts(&forged) {
            prop_assert!(read(&merged.to_json().unwrap()).is_ok());
            let (ShardFile::Experiment(m), ShardFile::Experiment(w)) = (&merged, &whole) else {
                panic!("experiment shards merge into an experiment");
            };
            prop_assert_eq!(&m.fingerprint, &w.fingerprint, "{:?}", path);
            prop_assert_eq!((m.total, m.end, m.results.runs), (w.total, w.end, w.results.runs));
            prop_assert_eq!(&m.results.covered, &w.results.covered);
        }
    }
}

#[test]
fn report_or_out_naming_the_scenario_is_refused_before_the_run() {
    let dir = std::env::temp_dir().join(format!("detente-shard-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("s.json");
    std::fs::copy(BELARUS, &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let path = scenario.to_str().unwrap();
    let via_dot = format!("{}/./s.json", dir.display());
    for flag in ["--report", "--out"] {
        for target in [path, via_dot.as_str()] {
            let out = common::run_example(
                "simulate",
                &[path, "--runs", "3", "--rounds", "2", flag, target],
            );
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(matches!(out.status.code(), Some(1 | 2)), "{flag}: {err}");
            assert!(err.contains("refusing to overwrite"), "{flag}: {err}");
        }
    }
    // A merged shard is an input too.
    let shard = dir.join("p.json");
    std::fs::write(&shard, shard_text(&belarus(), 0, 1)).unwrap();
    let p = shard.to_str().unwrap();
    let out = common::run_example("simulate", &["--merge", p, "--out", p]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
    assert!(read(&std::fs::read_to_string(&shard).unwrap()).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_closed_or_full_stdout_ends_with_an_error_not_a_panic() {
    use std::process::{Command, Stdio};
    // Build first so that the closed pipe meets the example, not cargo.
    common::run_example_ok("simulate", &["--help"]);
    let mut child = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--example", "simulate", "--"])
        .args([BELARUS, "--runs", "4", "--rounds", "3"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, like `| head -c 0`
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write to stdout"), "{err}");
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--example", "simulate", "--"])
            .args([BELARUS, "--runs", "4", "--rounds", "3", "--json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(out.status.code(), Some(1), "{err}");
    }
}

#[test]
fn real_results_of_every_shipped_scenario_meet_the_invariants() {
    // The checks must not refuse what the simulator writes: every shipped
    // scenario, with and without a mediator, in uneven blocks.
    for name in [
        "belarus_2025",
        "toy_bilateral",
        "toy_bloc",
        "three_way_swap",
    ] {
        for mediator in [false, true] {
            let mut s = Scenario::from_path(format!("examples/scenarios/{name}.json")).unwrap();
            if mediator {
                s.dynamics
                    .get_or_insert_with(Default::default)
                    .mediator
                    .get_or_insert_with(Default::default);
            }
            let sim = Simulation::from_scenario(&s).unwrap();
            let cfg = ExperimentConfig {
                runs: 40,
                rounds: 8,
                seed: 5,
            };
            for block in [0..40, 3..17, 17..17] {
                let r = sim.run_range(&cfg, block.clone(), &|_, _| {});
                let checked = r.check_covers(block.clone());
                assert!(
                    checked.is_ok(),
                    "{name} mediator={mediator} {block:?}: {checked:?}"
                );
            }
        }
    }
}
