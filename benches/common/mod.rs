//! Shared bench fixtures.
#![allow(dead_code)]

use std::fmt::Write;

/// Scenario JSON with `n_gov` governments, `n_prisoners` prisoners (mostly
/// in pools of 1,000, plus 100 named) and `n_sanctions` sanctions, each
/// prisoner valued by three governments. Deterministic.
pub fn large_scenario_json(n_gov: usize, n_prisoners: usize, n_sanctions: usize) -> String {
    let mut s = String::from("{\"name\": \"large\", \"governments\": [");
    for g in 0..n_gov {
        let _ = write!(
            s,
            "{}{{\"id\": \"G{g}\", \"discount\": 0.99}}",
            if g > 0 { "," } else { "" }
        );
    }
    s.push_str("], \"prisoners\": [");
    let named = 100.min(n_prisoners);
    for p in 0..named {
        let h = p % n_gov;
        let _ = write!(
            s,
            "{}{{\"id\": \"n{p}\", \"held_by\": \"G{h}\", \"tags\": [\"political\"], \"valued_by\": {{\"G{}\": 1.5, \"G{}\": 0.5, \"G{h}\": -1.0}}}}",
            if p > 0 { "," } else { "" },
            (h + 1) % n_gov,
            (h + 2) % n_gov
        );
    }
    s.push_str("], \"pools\": [");
    let mut left = n_prisoners - named;
    let mut k = 0;
    while left > 0 {
        let count = left.min(1000);
        let h = k % n_gov;
        let _ = write!(
            s,
            "{}{{\"id\": \"pool{k}\", \"count\": {count}, \"held_by\": \"G{h}\", \"tags\": [\"political\"], \"sentence_rounds\": 48, \"valued_by\": {{\"G{}\": 0.1, \"G{}\": 0.05, \"G{h}\": -0.1}}}}",
            if k > 0 { "," } else { "" },
            (h + 1) % n_gov,
            (h + 3) % n_gov
        );
        left -= count;
        k += 1;
    }
    s.push_str("], \"sanctions\": [");
    for i in 0..n_sanctions {
        let imp = i % n_gov;
        let tgt = (i * 7 + 1) % n_gov;
        let tgt = if tgt == imp { (tgt + 1) % n_gov } else { tgt };
        let _ = write!(
            s,
            "{}{{\"id\": \"s{i}\", \"imposer\": \"G{imp}\", \"target\": \"G{tgt}\", \"cost_to_target\": 1.0, \"relief\": [{{\"kind\": \"licence\", \"value_fraction\": 0.5}}, {{\"kind\": \"delist\"}}], \"valued_by\": {{\"G{tgt}\": 10.0, \"G{imp}\": -2.0}}}}",
            if i > 0 { "," } else { "" }
        );
    }
    s.push_str("]}");
    s
}
