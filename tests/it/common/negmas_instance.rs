//! The NegMAS anchor instance (shared/anchors/negmas_bench.py, part c):
//! SplitMix64 utility tables, outcomes enumerated lexicographically with
//! the last issue varying fastest. Shared by tests and benches/analysis.rs.
#![allow(dead_code)]

/// SplitMix64 as specified in negmas_bench.py.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        let out = detente::rng::splitmix(self.0);
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        out
    }
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Value tables and normalised weights of instance `k` with `issues` issues.
pub struct Tables {
    pub va: Vec<[f64; 10]>,
    pub vb: Vec<[f64; 10]>,
    pub wa: Vec<f64>,
    pub wb: Vec<f64>,
}

pub fn tables(issues: usize, k: u64) -> Tables {
    let mut rng = SplitMix64::new(42 + issues as u64 * 1_000_000 + k);
    let va: Vec<[f64; 10]> = (0..issues)
        .map(|_| std::array::from_fn(|_| rng.next_f64()))
        .collect();
    let vb = va.iter().map(|row| row.map(|x| 1.0 - x)).collect();
    let mut wa: Vec<f64> = (0..issues).map(|_| rng.next_f64()).collect();
    let mut wb: Vec<f64> = (0..issues).map(|_| rng.next_f64()).collect();
    for w in [&mut wa, &mut wb] {
        let s: f64 = w.iter().sum();
        w.iter_mut().for_each(|x| *x /= s);
    }
    Tables { va, vb, wa, wb }
}

/// Utility pairs `(uA, uB)` of all 10^issues outcomes in enumeration order.
pub fn points(t: &Tables) -> Vec<[f64; 2]> {
    let issues = t.wa.len();
    let n = 10usize.pow(issues as u32);
    let mut out = Vec::with_capacity(n);
    let mut digits = vec![0usize; issues];
    for _ in 0..n {
        let (mut ua, mut ub) = (0.0, 0.0);
        for (i, &j) in digits.iter().enumerate() {
            ua += t.wa[i] * t.va[i][j];
            ub += t.wb[i] * t.vb[i][j];
        }
        out.push([ua, ub]);
        for d in digits.iter_mut().rev() {
            *d += 1;
            if *d < 10 {
                break;
            }
            *d = 0;
        }
    }
    out
}
