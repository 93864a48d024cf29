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
// Measurements serialise on this lock. Work on other threads would escape
// the per-thread count: the conflict analysis (rayon) is measured in a
// one-thread pool that the measuring thread itself serves.
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

/// Runs `f` in a one-thread rayon pool that the calling thread itself
/// serves (`use_current_thread`), so that the per-thread count sees every
/// allocation of a parallel engine.
fn on_this_thread<T>(f: impl FnOnce() -> T + Send) -> T
where
    T: Send,
{
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .use_current_thread()
        .build()
        .unwrap()
        .install(f)
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

/// The bytes of a [`detente::model::State`] of `world` at the start (the
/// formula of `a_state_is_bounded...`: 5 per prisoner, 32 per sanction, 1
/// per favour; no recognition granted yet).
fn state_bytes(world: &detente::model::World) -> usize {
    5 * world.prisoners().len() + 32 * world.sanctions().len() + world.favours().len()
}

/// The shipped files of `dir` ending in `.json`, sorted.
fn shipped(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// `g` governments in a ring, each holding `m` prisoners that the next one
/// values, and (with `recognition`) every government valuing recognition
/// from every other: `g (g − 1)` recognition candidates that gain someone
/// something.
fn ring(g: usize, m: usize, recognition: bool) -> Scenario {
    let govs: Vec<String> = (0..g).map(|i| format!(r#"{{"id": "G{i}"}}"#)).collect();
    let mut prisoners = Vec::new();
    for i in 0..g {
        for k in 0..m {
            prisoners.push(format!(
                r#"{{"id": "p{i}_{k}", "held_by": "G{i}", "citizenship": ["G{n}"], "valued_by": {{"G{n}": {v}, "G{i}": -4.0}}}}"#,
                n = (i + 1) % g,
                v = 10 + k
            ));
        }
    }
    let mut values = Vec::new();
    for i in (0..g).filter(|_| recognition) {
        for j in (0..g).filter(|&j| j != i) {
            values.push(format!(
                r#"{{"by": "G{i}", "recognition_from": "G{j}", "value": 1.0}}"#
            ));
        }
    }
    Scenario::from_json_str(&format!(
        r#"{{"name": "ring", "governments": [{}], "prisoners": [{}], "valuations": [{}],
        "rules": [{{"rule": "holder_releases"}}, {{"rule": "individual_rationality"}}, {{"rule": "max_parties", "max": 3}}]}}"#,
        govs.join(","),
        prisoners.join(","),
        values.join(",")
    ))
    .unwrap()
}

#[test]
fn the_package_search_is_bounded_by_its_candidates_not_its_node_budget() {
    // Formula (RELIABILITY.md): the search itself is a depth-first branch
    // and bound (its depth is the kept candidates, its node budget costs no
    // memory); what grows is the candidate table built before it. With `g`
    // governments, `p` prisoners in custody, `s` sanctions and `f`
    // favours there are at most C = p + s + f + r candidates (one
    // recognition step per ordered pair of governments some government
    // values, r ≤ g(g − 1)); the I of them that gain someone
    // something carry a payoff vector of 8g bytes; q pool members beyond
    // `max_candidates` copies are only listed:
    //   2 S + 144 C + (280 + 8g) I + 120 q + 8g (n + 1) + 256 k + 1 KiB,
    // S the bytes of a state (cloned as scratch), n the kept candidates,
    // k the packages asked for.
    // 144 C is the candidate list (48 bytes an entry) as it doubles; 280 I
    // the items, the sort and the report of the cut. The package search
    // runs on the calling thread (no rayon), so the count sees all of it.
    // Measured peaks: 1.7–4 KB on the small shipped scenarios, 161 KB on
    // Belarus (1,265 held, 1,248 cut), 2.3 MB and 9.9 MB for rings of 60
    // and 100 governments valuing each other's recognition (8 g³ bytes):
    // x0.3-x0.8 of the formula.
    use detente::mediator::{CutReason, PackageOptions, PackageQuery, best_packages};
    let _guard = MEASURE.lock().unwrap();
    let mut worlds = Vec::new();
    for f in shipped("examples/scenarios") {
        let (_, world, rules) = detente::scenario::load(&f).unwrap();
        worlds.push((f.display().to_string(), world, rules));
    }
    for (g, m, recognition) in [(30, 10, false), (60, 5, true), (100, 2, true)] {
        let s = ring(g, m, recognition);
        worlds.push((
            format!("ring({g}, {m}, {recognition})"),
            s.build().unwrap(),
            s.rulebook(),
        ));
    }
    let options = PackageOptions::default();
    for (name, world, rules) in &worlds {
        let state = detente::model::State::initial(world);
        let g = world.governments().len();
        let valued: std::collections::BTreeSet<_> = world
            .valuations()
            .recognition
            .iter()
            .map(|r| (r.from, r.to))
            .collect();
        let c =
            state.held().count() + world.sanctions().len() + world.favours().len() + valued.len();
        let query = PackageQuery {
            k: 5,
            explain: true,
            ..PackageQuery::default()
        };
        let mut counts = (0, 0, 0);
        let peak = peak_of(|| {
            let r = best_packages(world, &state, rules, &options, &query);
            let copies = r
                .candidates
                .cut
                .iter()
                .filter(|c| matches!(c.reason, CutReason::PoolCopy { .. }))
                .count();
            let n = r.candidates.weighed.len();
            counts = (n + r.candidates.cut.len() - copies, copies, n);
            r
        });
        let (items, copies, n) = counts;
        let formula = 2 * state_bytes(world)
            + 144 * c
            + (280 + 8 * g) * items
            + 120 * copies
            + 8 * g * (n + 1)
            + 256 * query.k
            + 1024;
        assert!(
            peak <= formula && peak >= formula / 4,
            "{name}: peak {peak} bytes, formula {formula} (C {c}, I {items}, q {copies}, g {g})"
        );
    }
}

#[test]
fn the_conflict_analysis_is_bounded_by_states_times_agents() {
    // Formula (RELIABILITY.md), for n feasible states of o options and d
    // decision makers:
    // * compiling: (60 + 4d) n + 4 · 2^o when the dense index is kept (not
    //   every code feasible, o ≤ 24, 2^o ≤ 16 n) + 1 KiB: the codes (8
    //   bytes, 24 while their vector doubles), a 4-byte rank per decision
    //   maker and state, and the 36 bytes per state of ranking one;
    // * analysing every concept for single decision makers (a agents):
    //   (6a + 48 T) n + 1 KiB, T = min(threads, a): six verdict bytes per
    //   agent and state kept, and about 48 bytes per state of reachability
    //   tables (weights, minima, order) for each agent being analysed.
    // The analysis runs on rayon; here it runs in a one-thread pool that
    // the calling thread itself serves (`use_current_thread`), so every
    // allocation is made on this thread and counted (T = 1). With more
    // threads, up to T agents are analysed at once.
    // Measured: under 1.2 KB on the shipped conflicts; 4.3 MB analysing
    // 82,944 states of 4 decision makers, 21 MB for 368,640 of 5 (x0.7-x0.8
    // of the formula; compiling them x0.8).
    use detente::conflict::{Conflict, examples::synthetic, load_file};
    let _guard = MEASURE.lock().unwrap();
    let mut conflicts: Vec<(String, Conflict)> = shipped("examples/conflicts")
        .into_iter()
        .map(|f| (f.display().to_string(), load_file(&f).unwrap()))
        .collect();
    for (o, d, x) in [(14, 3, 3), (18, 4, 4), (20, 5, 4)] {
        conflicts.push((format!("synthetic({o}, {d}, {x})"), synthetic(o, d, x, 7)));
    }
    on_this_thread(|| {
        for (name, c) in &conflicts {
            let (o, d) = (c.options.len(), c.decision_makers.len());
            let compile = peak_of(|| c.compile().unwrap());
            let model = c.compile().unwrap();
            let n = model.states().len();
            let dense = n < (1 << o) && o <= 24 && (1usize << o) <= 16 * n;
            let formula = (60 + 4 * d) * n + if dense { 4 << o } else { 0 } + 1024;
            assert!(
                compile <= formula && compile >= formula / 4,
                "{name}: compiling {n} states, peak {compile} bytes, formula {formula}"
            );
            let analysis = peak_of(|| model.analyze(&Default::default()));
            let formula = (6 * d + 48) * n + 1024;
            assert!(
                analysis <= formula && analysis >= formula / 4,
                "{name}: analysing {n} states, peak {analysis} bytes, formula {formula}"
            );
        }
    });
}

/// A case on a pool of `pool` held by BLR and valued by USA: `steps` steps
/// each releasing `per_step` pool members and the `named` prisoners (all
/// but the first such release break `no_double_release`).
fn pool_case(pool: u32, steps: usize, per_step: u32, named: usize) -> detente::history::Case {
    let names: Vec<String> = (0..named).map(|k| format!("\"n{k}\"")).collect();
    let named_gives = if named > 0 {
        format!(
            r#", {{"kind": "release", "from": "BLR", "to": "USA", "prisoners": [{}]}}"#,
            names.join(",")
        )
    } else {
        String::new()
    };
    let step_list: Vec<String> = (0..steps)
        .map(|i| {
            format!(
                r#"{{"date": "2024-01-01", "round": {i}, "label": "step {i}", "record": "R-{i}", "sources": ["src"],
                "gives": [{{"kind": "release", "from": "BLR", "to": "USA", "pool": "pol", "count": {per_step}}}{named_gives}]}}"#
            )
        })
        .collect();
    let named_prisoners: Vec<String> = (0..named)
        .map(|k| format!(r#"{{"id": "n{k}", "held_by": "BLR", "valued_by": {{"USA": 1.0}}}}"#))
        .collect();
    detente::history::Case::from_json_str(&format!(
        r#"{{"id": "synthetic", "title": "t", "scenario": {{"name": "s",
        "sources": [{{"id": "src", "title": "t", "url": "https://example.org"}}],
        "governments": [{{"id": "USA"}}, {{"id": "BLR"}}], "prisoners": [{}],
        "pools": [{{"id": "pol", "count": {pool}, "held_by": "BLR", "valued_by": {{"USA": 1.0, "BLR": -0.5}}}}],
        "rules": [{{"rule": "holder_releases"}}, {{"rule": "no_double_release"}}]}},
        "steps": [{}]}}"#,
        named_prisoners.join(","),
        step_list.join(",")
    ))
    .unwrap()
}

#[test]
fn the_history_replay_is_bounded_by_its_steps_and_largest_deal() {
    // Formula (RELIABILITY.md): the replay keeps the state (and, in a
    // world with families, a copy of it during a step) and one report per
    // step; a step's deal, undo log and rule check are dropped before the
    // next. For a case whose world has a state of S bytes, whose step i
    // gives c_i concessions (each named prisoner and each pool member
    // asked for is one), involves r_i parties, has e_i events and is
    // reported with v_i violations (at most one per rule and concession):
    //   2 S + 320 max c_i + Σ_i (512 + 48 r_i + 160 v_i + 128 e_i) + 1 KiB.
    // The replay runs on the calling thread. Measured: 1.0–70 KB on the
    // shipped cases (the world built outside the count; within x0.35-x0.8
    // of the formula), 4.0 MB for one step releasing a pool of 20,000, 208
    // KB for 100 steps with 495 violations.
    use detente::history::{Case, Give, replay_world};
    let _guard = MEASURE.lock().unwrap();
    let mut cases: Vec<(String, Case)> = shipped("examples/scenarios/history")
        .into_iter()
        .map(|f| (f.display().to_string(), Case::from_path(&f).unwrap()))
        .collect();
    for (pool, steps, per_step, named) in [(20_000, 100, 100, 5), (20_000, 1, 20_000, 0)] {
        cases.push((
            format!("pool_case({pool}, {steps}, {per_step}, {named})"),
            pool_case(pool, steps, per_step, named),
        ));
    }
    for (name, case) in &cases {
        let world = case.build().unwrap();
        let mut per_step = 0;
        let peak = peak_of(|| {
            let r = replay_world(case, &world);
            per_step = r
                .steps
                .iter()
                .map(|s| 512 + 48 * s.parties.len() + 160 * s.violations.len())
                .sum::<usize>();
            r
        });
        let largest = case
            .steps
            .iter()
            .map(|s| {
                s.gives
                    .iter()
                    .map(|g| match g {
                        Give::Release { people, .. } => {
                            people.prisoners.len() + people.count as usize
                        }
                        _ => 1,
                    })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(0);
        let events = case.steps.iter().map(|s| s.events.len()).sum::<usize>();
        let formula = 2 * state_bytes(&world) + 320 * largest + per_step + 128 * events + 1024;
        assert!(
            peak <= formula && peak >= formula / 4,
            "{name}: peak {peak} bytes, formula {formula} (largest deal {largest}, {} steps)",
            case.steps.len()
        );
    }
}

#[test]
fn a_package_search_above_its_memory_budget_refuses_before_building() {
    // 100 governments valuing every other's recognition: a table of about
    // 9,900 candidates with 800-byte payoff vectors (12 MB by the search's
    // bound), against a budget of 1 MB: refused before the table exists.
    use detente::Budget;
    use detente::budget::Stopped;
    use detente::mediator::{PackageOptions, PackageQuery, best_packages};
    let _guard = MEASURE.lock().unwrap();
    let s = ring(100, 2, true);
    let (world, rules) = (s.build().unwrap(), s.rulebook());
    let state = detente::model::State::initial(&world);
    let options = PackageOptions {
        budget: Budget {
            max_memory: Some(1 << 20),
            ..Budget::unlimited()
        },
        ..PackageOptions::default()
    };
    let peak =
        peak_of(|| best_packages(&world, &state, &rules, &options, &PackageQuery::default()));
    let r = best_packages(&world, &state, &rules, &options, &PackageQuery::default());
    assert_eq!(r.stopped_by, Some(Stopped::Memory));
    assert!(!r.optimal && r.packages.is_empty());
    assert!(peak < 64 * 1024, "refusing allocated {peak} bytes");
    // With the default budget (Limits::memory_budget) it searches.
    let full = best_packages(
        &world,
        &state,
        &rules,
        &PackageOptions::default(),
        &PackageQuery::default(),
    );
    assert_eq!(full.stopped_by, None);
}

#[test]
fn kept_runs_cost_their_stated_bytes_per_run() {
    // Formula (RELIABILITY.md): keeping the runs of an experiment adds
    // RunTable::peak_bytes(n, g) = (n + min(n, 4096)) (72 + 8 g) bytes: a
    // row of a u64 run index, an Option<u32> first deal, 14 u32 counts and
    // g f64 payoffs per run in the table (sized once for the whole range),
    // and the rows of the wave of up to 4,096 runs in flight before they
    // join it, plus 256 + 32 g bytes of bookkeeping per in-flight chunk of
    // 64 runs. Measured against the same experiment without the table.
    use detente::simulate::{ExperimentConfig, RunTable, Simulation};
    let _guard = MEASURE.lock().unwrap();
    let s = Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/scenarios/toy_bilateral.json"
    ))
    .unwrap();
    let sim = Simulation::from_scenario(&s).unwrap();
    let g = sim.world().governments().len();
    on_this_thread(|| {
        for runs in [1_000u64, 20_000] {
            let cfg = ExperimentConfig {
                runs,
                rounds: 6,
                seed: 1,
            };
            let limits = detente::limits::Limits::default();
            let plain = peak_of(|| sim.run_range(&cfg, 0..runs, &|_, _| {}));
            let kept = peak_of(|| sim.run_range_keeping_runs(&cfg, 0..runs, &limits, &|_, _| {}));
            let formula = RunTable::peak_bytes(runs, g) as usize;
            let extra = kept.saturating_sub(plain);
            assert!(
                extra <= formula && extra >= formula * 9 / 10,
                "{runs} runs: {extra} bytes more than without the table, formula {formula}"
            );
        }
    });
}
