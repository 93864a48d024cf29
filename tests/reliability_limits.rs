//! Resource bounds: each limit fires with an error that says how much the
//! scenario would need, and the memory estimate behind that error is within
//! a factor of two of what the built world and its state really hold
//! (measured with a counting allocator).

use detente::scenario::{Limits, Scenario};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::Mutex;

/// Counts live and peak heap bytes of the current thread: libtest runs the
/// tests of this file on parallel threads, and a global count would charge
/// one test's measurement with another's allocations.
struct Counting;
thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}
// Measurements that spawn threads (none yet) would escape the per-thread
// count; they also serialise on this lock.
static MEASURE: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            // `try_with`: the allocator also serves threads being torn down.
            let _ = LIVE.try_with(|live| {
                let now = live.get() + l.size();
                live.set(now);
                let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
            });
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(l.size())));
    }
}

#[global_allocator]
static A: Counting = Counting;

fn scenario(pool: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{"name": "limits", "governments": [{{"id": "USA"}}, {{"id": "BLR"}}], "pools": [{pool}]}}"#
    ))
    .expect("well-formed")
}

fn only_error(s: &Scenario, limits: &Limits) -> (String, String) {
    let errs = s.build_with(limits).expect_err("limit fires").0;
    assert_eq!(errs.len(), 1, "{errs:?}");
    (errs[0].path.clone(), errs[0].message.clone())
}

#[test]
fn max_prisoners_fires_one_past_the_limit() {
    let limits = Limits {
        max_prisoners: 100,
        ..Limits::default()
    };
    let at = scenario(r#"{"id": "p", "count": 60, "reserve": 40, "held_by": "BLR"}"#);
    assert_eq!(at.build_with(&limits).unwrap().prisoners().len(), 100);
    let over = scenario(r#"{"id": "p", "count": 60, "reserve": 41, "held_by": "BLR"}"#);
    assert_eq!(
        only_error(&over, &limits),
        (
            "$.pools[0].count".into(),
            "pools expand to 101 prisoners, more than the limit of 100".into()
        )
    );
}

#[test]
fn memory_budget_fires_with_the_size_needed() {
    // 1,000 members × (1,024 bytes + 56 for one value) + 2 governments ×
    // 512 bytes = 1,081,024 bytes = 2 MiB (rounded up).
    let s = scenario(r#"{"id": "p", "count": 1000, "held_by": "BLR", "valued_by": {"USA": 0.1}}"#);
    let limits = Limits {
        memory_budget: 256 << 10,
        ..Limits::default()
    };
    assert_eq!(
        only_error(&s, &limits),
        (
            "$.pools[0].count".into(),
            "the world would need about 2 MiB, more than the memory budget of 256 KiB".into()
        )
    );
    let roomy = Limits {
        memory_budget: 1_081_024,
        ..Limits::default()
    };
    assert!(s.build_with(&roomy).is_ok(), "exactly the estimate fits");
}

#[test]
fn governments_alone_can_exceed_the_budget() {
    // 10,000 governments × 512 bytes = 5,120,000 bytes (5 MiB rounded up).
    let govs: Vec<String> = (0..10_000)
        .map(|i| format!(r#"{{"id": "G{i}"}}"#))
        .collect();
    let s = Scenario::from_json_str(&format!(
        r#"{{"name": "many", "governments": [{}]}}"#,
        govs.join(",")
    ))
    .unwrap();
    let limits = Limits {
        memory_budget: 4 << 20,
        ..Limits::default()
    };
    assert_eq!(
        only_error(&s, &limits),
        (
            "$.governments".into(),
            "10000 governments need about 5 MiB on their own, more than the memory budget of 4 MiB"
                .into()
        )
    );
}

#[test]
fn default_limits_refuse_an_absurd_pool_without_allocating_it() {
    let _guard = MEASURE.lock().unwrap();
    let s = scenario(r#"{"id": "p", "count": 4000000000, "held_by": "BLR"}"#);
    let before = LIVE.get();
    PEAK.set(before);
    let (path, message) = only_error(&s, &Limits::default());
    assert_eq!(path, "$.pools[0].count");
    assert_eq!(
        message,
        "pools expand to 4000000000 prisoners, more than the limit of 20000000"
    );
    assert!(PEAK.get() - before < 1 << 20);
}

#[test]
fn tags_cloned_into_every_member_count_against_the_budget() {
    // 200 tags of 60 characters on a pool of 100,000: about 2 GiB of strings
    // that a per-prisoner constant alone would not see.
    let tags: Vec<String> = (0..200).map(|i| format!("\"{i:060}\"")).collect();
    let s = scenario(&format!(
        r#"{{"id": "p", "count": 100000, "held_by": "BLR", "tags": [{}]}}"#,
        tags.join(",")
    ));
    // 100,000 × (1,024 + 200 × (160 + 60)) + 2 × 512 = 4,502,401,024 bytes.
    assert_eq!(s.memory_estimate(), 4_502_401_024);
    let limits = Limits {
        memory_budget: 1 << 30,
        ..Limits::default()
    };
    assert_eq!(
        only_error(&s, &limits),
        (
            "$.pools[0].count".into(),
            "the world would need about 4.2 GiB, more than the memory budget of 1.0 GiB".into()
        )
    );
}

#[test]
fn the_estimate_bounds_the_heap_peak_of_building_within_a_factor_of_four() {
    // The estimate bounds the process (address space, not just heap), so it
    // sits above the heap peak of building the world and its state: from
    // 1.5x (many tags) to 3.1x (bare members).
    let _guard = MEASURE.lock().unwrap();
    for pool in [
        r#"{"id": "p", "count": 50000, "held_by": "BLR"}"#,
        r#"{"id": "p", "count": 50000, "held_by": "BLR", "valued_by": {"USA": 0.1, "BLR": -0.1}, "tags": ["political"]}"#,
        r#"{"id": "p", "count": 20000, "held_by": "BLR", "tags": ["political", "journalist", "dual_national", "human_rights_defender"], "dependants": ["spouse", "child"], "citizenship": ["BLR", "USA"]}"#,
    ] {
        let s = scenario(pool);
        let estimated = s.memory_estimate();
        let peak = peak_of(|| {
            let world = s.build().unwrap();
            let state = detente::model::State::initial(&world);
            (world, state)
        });
        let ratio = estimated as f64 / peak as f64;
        assert!(
            (1.0..=4.0).contains(&ratio),
            "{pool}: estimated {estimated} bytes, peak while building world and state {peak}"
        );
    }
}

/// A scenario of `n_gov` governments and `n_prisoners` prisoners, all held
/// by the first government, with one sanction per government on the next.
fn many(n_gov: usize, n_prisoners: u32) -> Scenario {
    let govs: Vec<String> = (0..n_gov).map(|i| format!(r#"{{"id": "G{i}"}}"#)).collect();
    let sanctions: Vec<String> = (0..n_gov)
        .map(|i| {
            format!(
                r#"{{"id": "s{i}", "imposer": "G{i}", "target": "G{}", "relief": [{{"kind": "delist"}}]}}"#,
                (i + 1) % n_gov
            )
        })
        .collect();
    Scenario::from_json_str(&format!(
        r#"{{"name": "many", "governments": [{}], "sanctions": [{}],
        "pools": [{{"id": "p", "count": {n_prisoners}, "held_by": "G0"}}]}}"#,
        govs.join(","),
        sanctions.join(",")
    ))
    .unwrap()
}

/// Peak heap bytes above the current level while `f` runs (what it keeps
/// is dropped inside the measurement).
fn peak_of<T>(f: impl FnOnce() -> T) -> usize {
    let before = LIVE.get();
    PEAK.set(before);
    drop(f());
    PEAK.get() - before
}

#[test]
fn a_state_is_bounded_by_prisoners_and_sanctions_not_governments_squared() {
    // Formula (RELIABILITY.md, Limits): State::initial holds 1 status byte
    // and a 4-byte location per prisoner, a 32-byte relief per sanction, a
    // byte per favour and 16 bytes per granted recognition (none at the
    // start): 5 p + 32 s bytes. The dense recognition table it replaced was
    // n_gov² bytes: 16 MB at 4,000 governments.
    let _guard = MEASURE.lock().unwrap();
    for (n_gov, n_prisoners) in [(1_000, 2_000), (4_000, 8_000)] {
        let world = many(n_gov, n_prisoners).build().unwrap();
        let formula = 5 * n_prisoners as usize + 32 * n_gov;
        let peak = peak_of(|| detente::model::State::initial(&world));
        assert!(
            peak <= formula && peak >= formula / 2,
            "{n_gov} governments, {n_prisoners} prisoners: peak {peak} bytes, formula {formula}"
        );
    }
}

#[test]
fn the_explorer_under_a_memory_budget_stays_within_twice_it() {
    // Formula (RELIABILITY.md): the enumeration's own tables (visited
    // states, stored outcomes) stop at Budget::max_memory by its estimate
    // of their entry sizes; a vector that has just doubled, and the old one
    // while it moves, can hold up to twice that. Tic-tac-toe's 255,168
    // games with their sequences (no transpositions) need about 25 MB, so
    // both budgets cut the walk.
    use detente::Budget;
    use detente::explore::{EnumConfig, TicTacToe, enumerate_outcomes};
    let _guard = MEASURE.lock().unwrap();
    for budget in [1usize << 20, 8 << 20] {
        let config = EnumConfig {
            budget: Budget::unlimited().with_memory(budget),
            transpositions: false,
            max_depth: None,
        };
        let mut stopped = None;
        let peak = peak_of(|| {
            let r = enumerate_outcomes(&mut TicTacToe::new(), &config);
            stopped = r.stopped_by;
            r
        });
        assert_eq!(stopped, Some(detente::budget::Stopped::Memory));
        assert!(
            peak <= 2 * budget + (64 << 10) && peak >= budget / 4,
            "memory budget {budget}: peak {peak} bytes"
        );
    }
}
