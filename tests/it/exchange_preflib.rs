//! The PrefLib kidney instances (series 00036, up to 128 pairs): the optima
//! and the numbers of cycles and chains (cycles of at most 3 pairs, chains
//! of at most 3 gifts) agree with the reference in
//! `../shared/anchors/kidney` (an integer program over enumerated
//! exchanges solved by CBC, cross-checked with kep_solver 4.0.2).

use detente::exchange::{Caps, ClearOptions, ExchangeKind, clear_exchanges, enumerate, read_wmd};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/preflib-kidney");

/// (file, optimum, cycles enumerated, chains enumerated).
const INSTANCES: [(&str, f64, usize, usize); 7] = [
    ("00036-00000001.wmd", 4.0, 2, 0),
    ("00036-00000011.wmd", 11.0, 52, 328),
    ("00036-00000031.wmd", 22.0, 167, 0),
    ("00036-00000071.wmd", 47.0, 1595, 0),
    ("00036-00000081.wmd", 55.0, 1496, 17932),
    ("00036-00000111.wmd", 83.0, 8953, 0),
    ("00036-00000121.wmd", 86.0, 6957, 203_464),
];

#[test]
fn optima_and_counts_match_the_reference() {
    for (file, optimum, cycles, chains) in INSTANCES {
        let g = read_wmd(format!("{DIR}/{file}")).unwrap();
        let caps = Caps::new(3, 3);
        let ex = enumerate(&g, &caps).unwrap();
        assert_eq!(
            (ex.cycle_count(), ex.chain_count()),
            (cycles, chains),
            "{file}"
        );
        let c =
            clear_exchanges(&ex, g.vertex_count(), true, &ClearOptions::with_caps(caps)).unwrap();
        assert!(c.optimal, "{file}");
        assert_eq!(c.total_weight, optimum, "{file}");
        assert_eq!(c.bound, optimum, "{file}");
        // The LP bound is the certificate: the optimum is at most it.
        assert!(
            c.lp_bound >= optimum - 1e-6 && c.lp_bound < optimum + 1.0,
            "{file}"
        );
        let mut used = vec![false; g.vertex_count()];
        for e in &c.exchanges {
            for v in &e.vertices {
                assert!(
                    !std::mem::replace(&mut used[v.index()], true),
                    "{file}: reused {v:?}"
                );
            }
            let n = e.vertices.len();
            let arcs = if e.kind == ExchangeKind::Cycle {
                n
            } else {
                n - 1
            };
            for i in 0..arcs {
                assert!(
                    g.weight(e.vertices[i], e.vertices[(i + 1) % n]).is_some(),
                    "{file}"
                );
            }
        }
    }
}

#[test]
fn longer_cycles_never_lose_weight() {
    let g = read_wmd(format!("{DIR}/00036-00000071.wmd")).unwrap();
    let mut last = 0.0;
    for l in 2..=4 {
        let c = detente::exchange::clear(&g, &ClearOptions::with_caps(Caps::new(l, 0))).unwrap();
        assert!(c.optimal);
        assert!(c.total_weight >= last);
        assert!(c.exchanges.iter().all(|e| e.vertices.len() <= l));
        last = c.total_weight;
    }
}
