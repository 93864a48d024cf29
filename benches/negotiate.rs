//! NegMAS peer benchmark through the crate's SAO protocol and time-based
//! strategies: one negotiation = build both utilities for instance k, index
//! them, run Boulware vs Conceder for up to 100 steps. Results are checked
//! inside the timed closure against NegMAS's recorded agreements.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use detente::negotiate::{Sao, TimeBased, domains};

fn bench(c: &mut Criterion) {
    // (issues, first five agreements' step counts from negmas_results.json)
    for (n_issues, label, rounds) in [
        (3, "a_sao_3x10", [51, 54, 59, 59, 60]),
        (5, "b_sao_5x10", [54, 63, 50, 37, 35]),
    ] {
        let (space, mut ua, mut ub) = domains::negmas_instance(n_issues, 42, 0).unwrap();
        let (mut a, mut b) = (TimeBased::boulware(), TimeBased::conceder());
        let mut sao = Sao::new(100);
        let mut k = 0u64;
        c.bench_function(&format!("negotiate/{label}"), |bench| {
            bench.iter(|| {
                let kk = k % 5;
                k += 1;
                domains::negmas_refill(&mut ua, &mut ub, n_issues, 42, kk).unwrap();
                let r = sao.run(&space, &[&ua, &ub], &mut [&mut a, &mut b]).unwrap();
                assert_eq!(r.steps, rounds[kk as usize]);
                assert!(r.agreement.is_some());
                black_box(r)
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
