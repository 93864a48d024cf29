//! The table of a paired comparison: per variant, per outcome, both arms'
//! means and the distribution of the per-run difference.

use std::fmt::Write;

use crate::simulate::{ComparisonResults, DiffSummary, Streams};

/// The comparison as plain-text tables, one per variant. Outcomes that were
/// zero in every run of both arms are left out. With parameter draws, two
/// more columns give the 90% interval over draws of the mean difference and
/// the draws' own Monte Carlo standard error.
///
/// ```
/// use detente::simulate::{Comparison, ExperimentConfig, SweepPoint};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let v = SweepPoint { settings: vec![("dynamics.holders[0].elasticity".into(), 0.0.into())] };
/// let results = Comparison::new(&s, &[v])?.run(&ExperimentConfig { runs: 4, rounds: 2, seed: 1 }, 0..4, &|_, _| {});
/// let table = detente::report::comparison_table(&results);
/// assert!(table.contains("dynamics.holders[0].elasticity=0"));
/// assert!(table.contains("held_at_end"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn comparison_table(results: &ComparisonResults) -> String {
    let mut out = String::new();
    let draws = results.draws.len();
    for k in 0..results.variants.len() {
        let rows = results.summaries(k);
        let _ = writeln!(
            out,
            "variant {}: {}\n  {} runs x {} rounds, seed {}, {}{}",
            k + 1,
            results.label(k),
            results.runs,
            results.rounds,
            results.seed,
            match results.streams {
                Streams::Common => "common random numbers",
                Streams::Independent => "independent streams",
            },
            if draws > 0 {
                format!(", under each of {draws} parameter draws")
            } else {
                String::new()
            }
        );
        let mut head = format!(
            "  {:<28} {:>11} {:>11} {:>10} {:>10} {:>10} {:>11} {:>9}",
            "outcome", "baseline", "variant", "diff p5", "p50", "p95", "mean diff", "MC s.e."
        );
        if draws >= 2 {
            let _ = write!(head, " {:>23} {:>10}", "90% over draws", "draw s.e.");
        }
        let _ = writeln!(out, "{head}");
        for r in rows.iter().filter(|r| !r.all_zero) {
            let _ = writeln!(out, "{}", row(r));
        }
        let _ = writeln!(
            out,
            "  (first_deal_round counts a run without a deal as round {}; runs_with_deal and relief_granted.* are shares of runs)\n",
            results.rounds
        );
    }
    out
}

fn row(r: &DiffSummary) -> String {
    let mut s = format!(
        "  {:<28} {:>11} {:>11} {:>10} {:>10} {:>10} {:>11} {:>9}",
        r.outcome,
        num(r.baseline_mean),
        num(r.variant_mean),
        num(r.p5),
        num(r.p50),
        num(r.p95),
        signed(r.mean),
        num(r.std_err)
    );
    if let (Some([lo, hi]), Some(se)) = (r.over_draws, r.draw_std_err) {
        let _ = write!(
            s,
            " {:>23} {:>10}",
            format!("[{}, {}]", signed(lo), signed(hi)),
            num(se)
        );
    }
    s
}

/// A number with as many decimals as its size needs.
fn num(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e9 {
        format!("{x:.0}")
    } else if x.abs() < 1e-3 {
        format!("{x:.1e}")
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

fn signed(x: f64) -> String {
    let s = num(x);
    if x > 0.0 { format!("+{s}") } else { s }
}
