//! Pareto frontier + Nash point of the NegMAS 5-issue instance (1e5
//! outcomes, benches/peers/negmas_sao.py part `analysis`), timed from the
//! utility tables: evaluate every outcome, extract the frontier, find the
//! Nash point. The result is checked inside the timed closure.
//!
//! `cargo bench --bench analysis`

use std::hint::black_box;

#[path = "../tests/it/common/negmas_instance.rs"]
mod analysis_common;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::analysis::{nash_point, pareto_frontier};

const NASH: [f64; 2] = [0.5482984402987086, 0.7612959733141231];

fn bench_pareto_nash(c: &mut Criterion) {
    let tables = analysis_common::tables(5, 0);
    let mut g = c.benchmark_group("negmas_5x10_1e5_outcomes");
    g.bench_function("evaluate_frontier_nash", |b| {
        b.iter(|| {
            let pts = analysis_common::points(black_box(&tables));
            let front = pareto_frontier(&pts).unwrap();
            assert_eq!(front.len(), 640);
            // NegMAS's disagreement point: each utility's minimum.
            let v = [0, 1].map(|i| pts.iter().map(|p| p[i]).fold(f64::INFINITY, f64::min));
            let fp: Vec<[f64; 2]> = front.iter().map(|&i| pts[i]).collect();
            let n = nash_point(&fp, &v).unwrap().unwrap();
            assert!((fp[n][0] - NASH[0]).abs() < 1e-12 && (fp[n][1] - NASH[1]).abs() < 1e-12);
            front[n]
        })
    });
    let pts = analysis_common::points(&tables);
    g.bench_function("frontier_only", |b| {
        b.iter(|| {
            let front = pareto_frontier(black_box(&pts)).unwrap();
            assert_eq!(front.len(), 640);
            front.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_pareto_nash);
criterion_main!(benches);
