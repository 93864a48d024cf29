//! Exchange-clearing benches: exact clearing of the PrefLib kidney
//! instances (cycles of at most 3) from `tests/data/preflib-kidney/`, and
//! cycle enumeration (plus clearing) of the 256- and 512-pair instances when
//! `../shared/data/preflib-kidney/` is present (skipped otherwise). Every
//! timed closure checks the optimum, so a broken solver cannot look fast.
//!
//! `cargo bench --bench exchange`

use criterion::{Criterion, criterion_group, criterion_main};
use detente::exchange::{Caps, ClearOptions, clear_exchanges, enumerate, read_wmd};
use std::hint::black_box;
use std::path::PathBuf;

/// (file, optimum with cycles <= 3 and chains <= 3, from the CBC reference).
const SMALL: [(&str, f64); 4] = [
    ("00036-00000031.wmd", 22.0),
    ("00036-00000071.wmd", 47.0),
    ("00036-00000081.wmd", 55.0),
    ("00036-00000111.wmd", 83.0),
];

const LARGE: [(&str, f64, usize); 2] = [
    ("00036-00000151.wmd", 166.0, 63_018),
    ("00036-00000191.wmd", 351.0, 555_738),
];

fn shared_dir() -> Option<PathBuf> {
    [
        "../shared/data/preflib-kidney",
        "../../shared/data/preflib-kidney",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_dir())
}

fn clear_small(c: &mut Criterion) {
    let mut g = c.benchmark_group("clear");
    for (file, optimum) in SMALL {
        let graph = read_wmd(format!("tests/data/preflib-kidney/{file}")).unwrap();
        let caps = Caps::new(3, 3);
        g.bench_function(file, |b| {
            b.iter(|| {
                let ex = enumerate(black_box(&graph), &caps).unwrap();
                let r = clear_exchanges(
                    &ex,
                    graph.vertex_count(),
                    true,
                    &ClearOptions::with_caps(caps),
                )
                .unwrap();
                assert!(r.optimal && r.total_weight == optimum);
                r
            })
        });
    }
    g.finish();
}

fn large(c: &mut Criterion) {
    let Some(dir) = shared_dir() else {
        eprintln!(
            "../shared/data/preflib-kidney not found: skipping the 256- and 512-pair benches"
        );
        return;
    };
    let mut g = c.benchmark_group("large");
    g.sample_size(10);
    for (file, optimum, cycles) in LARGE {
        let graph = read_wmd(dir.join(file)).unwrap();
        let caps = Caps::new(3, 0);
        g.bench_function(format!("enumerate_{file}"), |b| {
            b.iter(|| {
                let ex = enumerate(black_box(&graph), &caps).unwrap();
                assert_eq!(ex.cycle_count(), cycles);
                ex
            })
        });
        if cycles < 100_000 {
            let ex = enumerate(&graph, &caps).unwrap();
            g.bench_function(format!("clear_{file}"), |b| {
                b.iter(|| {
                    let r = clear_exchanges(
                        black_box(&ex),
                        graph.vertex_count(),
                        true,
                        &ClearOptions::with_caps(caps),
                    )
                    .unwrap();
                    assert!(r.optimal && r.total_weight == optimum);
                    r
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, clear_small, large);
criterion_main!(benches);
