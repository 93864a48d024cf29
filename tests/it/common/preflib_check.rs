//! What an accepted PrefLib graph must satisfy, shared by the proptest
//! (`tests/it/fuzz_preflib.rs`) and the libFuzzer target
//! (`fuzz/fuzz_targets/preflib.rs`), which include this file by path.

use detente::exchange::{Caps, ClearOptions, ExchangeGraph, ExchangeKind, clear, parse_wmd};

/// What an accepted graph must satisfy: arcs inside the graph, no
/// self-loop, finite weights, nothing into an altruist, no duplicate arc,
/// and the same graph read back from its own `.wmd`. Small graphs are also
/// cleared (cycles and chains up to 3): every chosen exchange uses arcs of
/// the graph, no party twice, and the total is what the exchanges add up to.
pub fn check(g: &ExchangeGraph) {
    let n = g.vertex_count();
    let mut arcs: Vec<(usize, usize, u64)> = Vec::new();
    for (s, t, w) in g.arcs() {
        assert!(s.index() < n && t.index() < n, "arc outside the graph");
        assert_ne!(s, t, "self-loop accepted");
        assert!(w.is_finite(), "non-finite weight accepted");
        assert!(!g.is_altruist(t), "arc into an altruist accepted");
        assert_eq!(g.weight(s, t), Some(w));
        arcs.push((s.index(), t.index(), w.to_bits()));
    }
    assert_eq!(arcs.len(), g.arc_count());
    arcs.sort_unstable();
    assert!(
        arcs.windows(2)
            .all(|p| (p[0].0, p[0].1) != (p[1].0, p[1].1)),
        "duplicate arc accepted"
    );
    let again = parse_wmd(&write_wmd(g)).expect("an accepted graph reads back from its own .wmd");
    assert_eq!(again.vertex_count(), n);
    for v in g.vertices() {
        assert_eq!(again.is_altruist(v), g.is_altruist(v));
        assert_eq!(again.party(v).name, g.party(v).name);
    }
    let mut back: Vec<(usize, usize, u64)> = again
        .arcs()
        .map(|(s, t, w)| (s.index(), t.index(), w.to_bits()))
        .collect();
    back.sort_unstable();
    assert_eq!(back, arcs, "the .wmd round trip changed the arcs");
    if n <= 12 && arcs.len() <= 40 {
        check_clearing(g);
    }
}

fn check_clearing(g: &ExchangeGraph) {
    let options = ClearOptions {
        budget: detente::Budget::unlimited().with_nodes(2_000),
        ..ClearOptions::with_caps(Caps {
            max_exchanges: 10_000,
            ..Caps::new(3, 3)
        })
    };
    let Ok(clearing) = clear(g, &options) else {
        return;
    };
    let mut used = vec![false; g.vertex_count()];
    let mut total = 0.0;
    for e in &clearing.exchanges {
        let vs = &e.vertices;
        assert!(!vs.is_empty());
        let mut weight = 0.0;
        for pair in vs.windows(2) {
            weight += g
                .weight(pair[0], pair[1])
                .expect("exchanges use arcs of the graph");
        }
        match e.kind {
            ExchangeKind::Cycle => {
                assert!((2..=3).contains(&vs.len()), "cycle of {} parties", vs.len());
                weight += g.weight(vs[vs.len() - 1], vs[0]).expect("a cycle closes");
            }
            ExchangeKind::Chain => {
                assert!(g.is_altruist(vs[0]), "a chain starts at an altruist");
                assert!(vs.len() <= 4, "chain of {} parties", vs.len());
            }
        }
        assert!(
            close(weight, e.weight),
            "exchange weight {} vs arcs {weight}",
            e.weight
        );
        for v in vs {
            assert!(!used[v.index()], "party {} in two exchanges", v.index());
            used[v.index()] = true;
        }
        total += e.weight;
    }
    assert!(
        close(total, clearing.total_weight),
        "total {} vs {total}",
        clearing.total_weight
    );
    assert!(clearing.total_weight <= clearing.bound + 1e-6 * (1.0 + clearing.bound.abs()));
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

/// The graph as `.wmd` text: names as headers, altruists marked by a
/// 0-weight arc into them.
fn write_wmd(g: &ExchangeGraph) -> String {
    use std::fmt::Write;
    let n = g.vertex_count();
    let mut out = format!("# NUMBER ALTERNATIVES: {n}\n");
    for v in g.vertices() {
        let _ = writeln!(
            out,
            "# ALTERNATIVE NAME {}: {}",
            v.index() + 1,
            g.party(v).name
        );
    }
    for (s, t, w) in g.arcs() {
        let _ = writeln!(out, "{},{},{w:?}", s.index() + 1, t.index() + 1);
    }
    for v in g.altruists() {
        let from = (v.index() + 1) % n;
        let _ = writeln!(out, "{},{},0", from + 1, v.index() + 1);
    }
    out
}
