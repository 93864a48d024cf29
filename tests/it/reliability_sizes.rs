//! Every size comes from a budget before it becomes an allocation, and the
//! clearing's numbers are certified: the inputs of issue 18 that used to
//! abort or mislead (an 80 GB LP from a 30-byte file, a header read twice,
//! 1e308 next to 2, a sweep labelled 24 rounds that ran 6), and per class a
//! property test that pushes a size above its limit and sees it refused
//! with the input, the size and the limit named.
//!
//! "Before any allocation" is checked by the refusal's kind and by limits
//! far below what the refused input would allocate: the LP refusal comes
//! from a 1 MiB budget, and a grid is refused without a scenario being
//! built (its axes name fields that do not exist, which building would
//! report instead).

use clap::Parser;
use detente::exchange::{
    Caps, ClearOptions, ExchangeError, ExchangeGraph, VertexId, clear, clear_exchanges, enumerate,
    parse_wmd, parse_wmd_with,
};
use detente::limits::Limits;
use detente::scenario::Scenario;
use detente::simulate::{Axis, SimulateError, Sweep};
use proptest::prelude::*;

use crate::common::proptest_cases;
use crate::example_cli::cli;

const BELARUS: &str = "examples/scenarios/belarus_2025.json";

/// `n` parties in 2-cycles `(0 1) (2 3) ...`, every arc of weight 1.
fn pairs(n: usize) -> ExchangeGraph {
    let mut g = ExchangeGraph::new();
    let v: Vec<VertexId> = (0..n)
        .map(|i| g.add_party(format!("p{i}"), false))
        .collect();
    for k in (0..n - 1).step_by(2) {
        g.add_arc(v[k], v[k + 1], 1.0).unwrap();
        g.add_arc(v[k + 1], v[k], 1.0).unwrap();
    }
    g
}

#[test]
fn a_thirty_byte_file_at_the_alternatives_cap_clears_without_a_dense_lp() {
    let cap = Limits::default().max_alternatives;
    let text = format!("# NUMBER ALTERNATIVES: {cap}\n");
    assert!(text.len() <= 30, "the issue's file is 30 bytes");
    let g = parse_wmd(&text).unwrap();
    assert_eq!(g.vertex_count() as u64, cap);
    // The LP has a row per vertex some exchange uses: none here. Under a
    // 1 MiB budget a dense 100,000² inverse (80 GB) would be refused.
    let small = ClearOptions {
        limits: Limits {
            memory_budget: 1 << 20,
            ..Limits::default()
        },
        ..ClearOptions::default()
    };
    let c = clear(&g, &small).unwrap();
    assert_eq!(
        (c.total_weight, c.optimal, c.exchanges.len()),
        (0.0, true, 0)
    );
    // One 2-cycle among 100,000 vertices: a 2-row LP.
    let text = format!("# NUMBER ALTERNATIVES: {cap}\n1,2,3\n2,1,4\n");
    let c = clear(&parse_wmd(&text).unwrap(), &small).unwrap();
    assert_eq!((c.total_weight, c.optimal), (7.0, true));
}

#[test]
fn an_lp_above_the_memory_budget_is_refused_with_its_size() {
    let g = pairs(400);
    let options = ClearOptions {
        limits: Limits {
            memory_budget: 1 << 20,
            ..Limits::default()
        },
        ..ClearOptions::default()
    };
    let err = clear(&g, &options).unwrap_err();
    // 400 rows: 24 bytes x 400² = 3,840,000 bytes.
    assert_eq!(
        err.to_string(),
        "the clearing LP over 400 vertices in exchanges asks for 3840000 bytes, \
         more than the limit of 1048576 bytes"
    );
    assert!(matches!(err, ExchangeError::TooLarge(_)));
    // The same graph under the default budget clears: 200 2-cycles.
    let c = clear(&g, &ClearOptions::default()).unwrap();
    assert_eq!((c.total_weight, c.optimal), (400.0, true));
}

#[test]
fn a_repeated_header_is_refused_not_read_as_the_last_one() {
    for (text, line, message) in [
        (
            "# NUMBER ALTERNATIVES: 3\n# NUMBER ALTERNATIVES: 2\n1,2,1\n",
            2,
            "NUMBER ALTERNATIVES given again (first on line 1)",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# NUMBER EDGES: 1\n# NUMBER EDGES: 2\n1,2,1\n",
            3,
            "NUMBER EDGES given again (first on line 2)",
        ),
        (
            "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 2: a\n# ALTERNATIVE NAME 2: b\n",
            3,
            "ALTERNATIVE NAME 2 given again (first on line 2)",
        ),
    ] {
        assert_eq!(
            parse_wmd(text).unwrap_err(),
            ExchangeError::Wmd {
                line,
                message: message.into()
            },
            "{text:?}"
        );
    }
}

#[test]
fn weights_far_apart_are_refused_naming_the_arc_and_the_range() {
    // 1e308 next to 2: refused on reading, before any sum overflows.
    let err = parse_wmd("# NUMBER ALTERNATIVES: 2\n1,2,1e308\n2,1,2\n").unwrap_err();
    let ExchangeError::Wmd { line, message } = &err else {
        panic!("expected a wmd error, got {err:?}");
    };
    assert_eq!(*line, 2);
    assert!(
        message.contains("1e308") && message.contains("1e15"),
        "{message}"
    );
    // Inside the absolute range but 5e11 apart: refused when clearing,
    // naming the small arc.
    let mut g = ExchangeGraph::new();
    let v: Vec<VertexId> = (0..4)
        .map(|i| g.add_party(format!("p{i}"), false))
        .collect();
    g.add_arc(v[0], v[1], 1e12).unwrap();
    g.add_arc(v[1], v[0], 1e12).unwrap();
    g.add_arc(v[2], v[3], 2.0).unwrap();
    g.add_arc(v[3], v[2], 2.0).unwrap();
    match clear(&g, &ClearOptions::default()) {
        Err(ExchangeError::WeightRange {
            from, to, weight, ..
        }) => assert_eq!((from, to, weight), (v[2], v[3], 2.0)),
        other => panic!("expected a weight-range refusal, got {other:?}"),
    }
}

/// The best total weight of vertex-disjoint exchanges, by trying every subset.
fn brute_force(ex: &detente::exchange::Exchanges) -> f64 {
    fn go(ex: &detente::exchange::Exchanges, i: usize, used: &mut Vec<bool>) -> f64 {
        if i == ex.len() {
            return 0.0;
        }
        let skip = go(ex, i + 1, used);
        let e = ex.get(i);
        if e.weight <= 0.0 || e.vertices.iter().any(|v| used[v.index()]) {
            return skip;
        }
        e.vertices.iter().for_each(|v| used[v.index()] = true);
        let take = e.weight + go(ex, i + 1, used);
        e.vertices.iter().for_each(|v| used[v.index()] = false);
        skip.max(take)
    }
    let n = ex
        .iter()
        .flat_map(|e| e.vertices.iter())
        .map(|v| v.index() + 1)
        .max()
        .unwrap_or(0);
    go(ex, 0, &mut vec![false; n])
}

/// A small graph whose arc weights span the whole accepted ratio.
fn spread_graph() -> impl Strategy<Value = ExchangeGraph> {
    (3usize..7)
        .prop_flat_map(|n| {
            let arcs = proptest::collection::vec(
                (0..n, 0..n, 0u32..=6, prop_oneof![Just(1.0f64), Just(-1.0)]),
                1..12,
            );
            (Just(n), arcs)
        })
        .prop_map(|(n, arcs)| {
            let mut g = ExchangeGraph::new();
            let v: Vec<VertexId> = (0..n)
                .map(|i| g.add_party(format!("p{i}"), false))
                .collect();
            for (s, t, exp, sign) in arcs {
                // 10^0 .. 10^6: the widest spread the solver accepts.
                let _ = g.add_arc(v[s], v[t], sign * 10f64.powi(exp as i32));
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(proptest_cases(64)))]

    /// Any alternatives count above any limit is refused on its header
    /// line, with the count and the limit, before the graph is built.
    #[test]
    fn alternatives_above_the_limit_are_refused(limit in 0u64..1_000_000, over in 1u64..u64::MAX / 2) {
        let n = limit + over;
        let limits = Limits { max_alternatives: limit, ..Limits::default() };
        let err = parse_wmd_with(&format!("# NUMBER ALTERNATIVES: {n}\n1,2,1\n"), &limits).unwrap_err();
        prop_assert_eq!(err, ExchangeError::Wmd {
            line: 1,
            message: format!("NUMBER ALTERNATIVES asks for {n}, more than the limit of {limit}"),
        });
    }

    /// The LP's budget is checked against the rows in use: a budget below
    /// `24 m²` refuses, one at it clears.
    #[test]
    fn the_lp_budget_is_exactly_its_formula(half in 1usize..60) {
        let g = pairs(2 * half);
        let m = 2 * half as u64;
        let at = |bytes: u64| ClearOptions {
            limits: Limits { memory_budget: bytes, ..Limits::default() },
            ..ClearOptions::default()
        };
        let refused = clear(&g, &at(24 * m * m - 1)).unwrap_err();
        prop_assert!(matches!(refused, ExchangeError::TooLarge(ref e) if e.size == 24 * m * m), "{refused}");
        prop_assert_eq!(clear(&g, &at(24 * m * m)).unwrap().total_weight, m as f64);
    }

    /// Weights spread over six orders of magnitude clear to the true optimum,
    /// and "optimal" is never claimed for less.
    #[test]
    fn spread_weights_clear_to_the_brute_force_optimum(g in spread_graph()) {
        let ex = enumerate(&g, &Caps::new(3, 0)).unwrap();
        let c = clear_exchanges(&ex, g.vertex_count(), true, &ClearOptions::default()).unwrap();
        prop_assert!(c.optimal);
        prop_assert_eq!(c.total_weight, brute_force(&ex));
    }

    /// Grids above the limit are refused before any point is built.
    #[test]
    fn grids_above_the_limit_are_refused(a in 1usize..50, b in 1usize..50) {
        let s = Scenario::from_path(BELARUS).unwrap();
        let axis = |path: &str, n: usize| Axis {
            path: path.into(),
            values: (0..n).map(|i| i.into()).collect(),
        };
        let limit = (a * b - 1) as u64;
        let limits = Limits { max_sweep_points: limit, ..Limits::default() };
        // Fields that do not exist: building a point would say so instead.
        let err = Sweep::new_with(&s, &[axis("no_such_a", a), axis("no_such_b", b)], &limits)
            .err()
            .unwrap();
        prop_assert_eq!(
            err.to_string(),
            format!("sweep: the grid of --sweep axes asks for {}, more than the limit of {limit}", a * b)
        );
    }

    /// `--runs` and `--rounds` above their limits (or zero) are refused by
    /// the parser, before a scenario is read.
    #[test]
    fn count_flags_above_the_limit_are_refused(over in 1u64..1_000_000) {
        let limits = Limits::default();
        let runs = (limits.max_runs + over).to_string();
        let rounds = (limits.max_rounds + over).to_string();
        for args in [
            vec!["simulate", "x.json", "--runs", &runs],
            vec!["simulate", "x.json", "--rounds", &rounds],
        ] {
            let err = cli::simulate::Args::try_parse_from(&args).unwrap_err().to_string();
            prop_assert!(err.contains("more than the limit of"), "{args:?}: {err}");
        }
    }
}

#[test]
fn zero_runs_are_refused_by_every_runs_flag() {
    let err = cli::simulate::Args::try_parse_from(["simulate", "x.json", "--runs", "0"])
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected at least 1"), "{err}");
    let err = cli::history::Args::try_parse_from(["history", "--runs", "0"])
        .unwrap_err()
        .to_string();
    assert!(err.contains("expected at least 1"), "{err}");
}

#[test]
fn a_rounds_axis_runs_each_point_for_its_own_rounds() {
    let s = Scenario::from_path(BELARUS).unwrap();
    let sweep = Sweep::new(
        &s,
        &[Axis {
            path: "dynamics.rounds".into(),
            values: vec![6.into(), 24.into()],
        }],
    )
    .unwrap();
    let r = sweep.run(2, None, 1, 0..4, &|_, _| {});
    for (p, want) in [(0, 6u32), (1, 24)] {
        let res = &r.points[p].results;
        assert_eq!(res.rounds, want, "point {p}");
        assert_eq!(res.stock.len(), want as usize + 1, "point {p}");
    }
    // One number for every point would contradict the axis: refused.
    let err = sweep.common_rounds(Some(10)).unwrap_err();
    assert!(
        err.to_string().contains("6 at point 0, 24 at point 1"),
        "{err}"
    );
    assert!(sweep.common_rounds(None).is_err());
}

#[test]
fn axes_that_set_the_same_field_are_refused() {
    let s = Scenario::from_path(BELARUS).unwrap();
    let axis = |path: &str| Axis {
        path: path.into(),
        values: vec![0.0.into(), 1.0.into()],
    };
    for (a, b) in [
        ("dynamics.rounds", "$.dynamics.rounds"),
        ("dynamics.holders[0]", "dynamics.holders[0].elasticity"),
        ("dynamics", "dynamics.rounds"),
    ] {
        match Sweep::new(&s, &[axis(a), axis(b)]) {
            Err(SimulateError::Sweep(m)) => assert!(m.contains("set the same field"), "{m}"),
            Err(other) => panic!("{a} / {b}: expected a sweep error, got {other}"),
            Ok(_) => panic!("{a} / {b}: accepted"),
        }
    }
}

#[test]
fn a_shard_builds_only_the_points_it_runs() {
    let s = Scenario::from_path(BELARUS).unwrap();
    let sweep = Sweep::new(
        &s,
        &[Axis {
            path: "dynamics.holders[0].elasticity".into(),
            values: vec![0.0.into(), 0.5.into(), 1.5.into()],
        }],
    )
    .unwrap();
    // Jobs 2..3 are run 0 of point 1 (two runs per point).
    let part = sweep.run(2, Some(3), 7, 2..3, &|_, _| {});
    let built: Vec<bool> = part
        .points
        .iter()
        .map(|p| !p.results.governments.is_empty())
        .collect();
    assert_eq!(built, [false, true, false]);
    // The unbuilt points still merge into exactly the whole sweep.
    let mut merged = sweep.run(2, Some(3), 7, 0..2, &|_, _| {});
    merged.merge(&part).unwrap();
    merged
        .merge(&sweep.run(2, Some(3), 7, 3..6, &|_, _| {}))
        .unwrap();
    assert_eq!(merged, sweep.run(2, Some(3), 7, 0..6, &|_, _| {}));
}
