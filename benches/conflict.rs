//! GMCR analysis at moderate scale: every stability concept for every
//! decision maker of a synthetic conflict (14 options, 4 decision makers,
//! 16,384 states; and with 6 exclusions pruning the states), compiling the
//! 16-option conflict, and an inverse SEQ problem on Elmira. Results are
//! checked inside the timed closures. The 20-option figure (a million
//! states) is a timed example run, see BENCHMARKS.md:
//! `cargo run --release --example conflict -- --scale 20`.
//!
//! `cargo bench --bench conflict`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::conflict::{Concept, Freedom, Inverse, InverseResult, examples};

fn bench_analysis(c: &mut Criterion) {
    let mut g = c.benchmark_group("gmcr");
    g.sample_size(10);
    let full = examples::synthetic(14, 4, 0, 1).compile().unwrap();
    assert_eq!(full.states().len(), 1 << 14);
    g.bench_function("analyze_all_concepts_14_options_16384_states", |b| {
        b.iter(|| {
            let a = black_box(&full).analyze(&Default::default());
            let nash = a.equilibria(Concept::Nash).len();
            assert!(nash <= a.equilibria(Concept::Seq).len());
            nash
        })
    });
    let pruned = examples::synthetic(14, 4, 6, 1).compile().unwrap();
    assert!(pruned.states().len() < 1 << 13);
    g.bench_function("analyze_all_concepts_14_options_6_exclusions", |b| {
        b.iter(|| {
            let a = black_box(&pruned).analyze(&Default::default());
            a.equilibria(Concept::Gmr).len()
        })
    });
    let c16 = examples::synthetic(16, 4, 0, 1);
    g.bench_function("compile_16_options_65536_states", |b| {
        b.iter(|| black_box(&c16).compile().unwrap().states().len())
    });
    let elmira = examples::elmira().compile().unwrap();
    g.bench_function("inverse_seq_elmira_state_1_all_free", |b| {
        b.iter(|| {
            let mut p = Inverse::new(&elmira, elmira.state(1).unwrap(), Concept::Seq);
            p.freedoms = vec![Freedom::free(); 3];
            let r = black_box(&elmira).inverse(&p).unwrap();
            assert!(matches!(r, InverseResult::Feasible(_)));
        })
    });
    g.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
