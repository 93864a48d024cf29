//! The NegMAS peer benchmark (`benches/peers/negmas_sao.py`), redone with
//! this crate's outcome space, utilities, SAO protocol and time-based
//! strategies: Boulware (e = 4) against Conceder (e = 0.25), 100 steps, on
//! random opposed linear-additive instances of 3 and 5 issues of 10 values.
//!
//! ```text
//! cargo run --release --example peer_negmas -- [--json] [--n-small N] [--n-large N]
//!     [--seed S] [--warmup W] [--negmas FILE]
//! ```
//! `--negmas FILE` reads the JSON that script printed and adds the
//! speed ratio and a check that the first five agreements are identical.

#[path = "cli/mod.rs"]
mod cli;
#[path = "shared/output.rs"]
#[allow(dead_code)]
mod output;

use output::outln;

use std::time::Instant;

use clap::Parser;
use cli::peer_negmas::Args;

use detente::negotiate::{Sao, Strategy, TimeBased, Utility, domains};
use serde_json::{Value, json};

struct Rec {
    k: u64,
    steps: usize,
    offers: usize,
    agreement: Option<Vec<usize>>,
    ua: Option<f64>,
    ub: Option<f64>,
}

/// Runs instances `ks` of size `n_issues`; returns one record per instance
/// (records for the first five only, to keep the timed loop lean) and the
/// aggregate counts.
fn bench(
    n_issues: usize,
    seed: u64,
    ks: std::ops::Range<u64>,
) -> Result<(Vec<Rec>, Agg), Box<dyn std::error::Error>> {
    let (space, mut ua, mut ub) = domains::negmas_instance(n_issues, seed, ks.start)?;
    let mut a = TimeBased::boulware();
    let mut b = TimeBased::conceder();
    let mut sao = Sao::new(100);
    let mut recs = Vec::new();
    let mut agg = Agg::default();
    let first = ks.start;
    for k in ks {
        domains::negmas_refill(&mut ua, &mut ub, n_issues, seed, k)?;
        let strategies: &mut [&mut dyn Strategy] = &mut [&mut a, &mut b];
        let r = sao.run(&space, &[&ua, &ub], strategies)?;
        agg.n += 1;
        agg.steps += r.steps;
        agg.offers += r.offers;
        if let Some(o) = r.agreement {
            agg.agreed += 1;
            agg.steps_agreed += r.steps;
            agg.sum_ua += ua.eval(o);
            agg.sum_ub += ub.eval(o);
        }
        if k - first < 5 {
            recs.push(Rec {
                k,
                steps: r.steps,
                offers: r.offers,
                agreement: r.agreement.map(|o| space.values(o)),
                ua: r.agreement.map(|o| ua.eval(o)),
                ub: r.agreement.map(|o| ub.eval(o)),
            });
        }
    }
    Ok((recs, agg))
}

#[derive(Default)]
struct Agg {
    n: usize,
    agreed: usize,
    steps: usize,
    steps_agreed: usize,
    offers: usize,
    sum_ua: f64,
    sum_ub: f64,
}

fn section(n_issues: usize, n: u64, args: &Args) -> Result<Value, Box<dyn std::error::Error>> {
    // Warm-up instances as in the script (k = 900_000..), not counted.
    bench(n_issues, args.seed, 900_000..900_000 + args.warmup)?;
    let t0 = Instant::now();
    let (recs, agg) = bench(n_issues, args.seed, 0..n)?;
    let wall = t0.elapsed().as_secs_f64();
    let (space, ua, ub) = domains::negmas_instance(n_issues, args.seed, 0)?;
    let zero = space.encode(&vec![0; n_issues])?;
    let nine = space.encode(&vec![9; n_issues])?;
    let agreed = agg.agreed.max(1) as f64;
    Ok(json!({
        "n_issues": n_issues,
        "n_outcomes": space.cardinality(),
        "n_steps": 100,
        "negotiators": ["TimeBased::boulware", "TimeBased::conceder"],
        "n_negotiations": agg.n,
        "wall_s": wall,
        "negotiations_per_s": agg.n as f64 / wall,
        "rounds_total": agg.steps,
        "offers_total": agg.offers,
        "agreement_rate": agg.agreed as f64 / agg.n.max(1) as f64,
        "mean_rounds_to_agreement": if agg.agreed > 0 { json!(agg.steps_agreed as f64 / agreed) } else { Value::Null },
        "mean_uA_agreed": agg.sum_ua / agreed,
        "mean_uB_agreed": agg.sum_ub / agreed,
        "check_first5": recs.iter().map(|r| json!({
            "k": r.k, "rounds": r.steps, "offers": r.offers, "agreement": r.agreement, "uA": r.ua, "uB": r.ub,
        })).collect::<Vec<_>>(),
        "ufun_fingerprint_k0": {
            "uA_all0": ua.eval(zero), "uB_all0": ub.eval(zero),
            "uA_all9": ua.eval(nine), "uB_all9": ub.eval(nine),
        },
    }))
}

/// Compares with a NegMAS result: speed ratio and identical first five.
fn compare(ours: &Value, theirs: &Value) -> Value {
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|r| (r["k"].clone(), r["rounds"].clone(), r["agreement"].clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let ratio = ours["negotiations_per_s"].as_f64().unwrap_or(0.0)
        / theirs["negotiations_per_s"].as_f64().unwrap_or(f64::NAN);
    json!({
        "negmas_negotiations_per_s": theirs["negotiations_per_s"],
        "speedup": ratio,
        "check_first5_equal": strip(&ours["check_first5"]) == strip(&theirs["check_first5"]),
        "mean_rounds_to_agreement_negmas": theirs["mean_rounds_to_agreement"],
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let mut out = json!({
        "tool": "detente",
        "seed": args.seed,
        "a_sao_3x10": section(3, args.n_small, &args)?,
        "b_sao_5x10": section(5, args.n_large, &args)?,
    });
    if let Some(path) = &args.negmas {
        let text = std::fs::read_to_string(path)?;
        // The script prints progress first and the JSON object on its last line.
        let line = text
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .ok_or("no JSON object in the NegMAS output")?;
        let theirs: Value = serde_json::from_str(line)?;
        for key in ["a_sao_3x10", "b_sao_5x10"] {
            let c = compare(&out[key], &theirs[key]);
            out[key]["vs_negmas"] = c;
        }
    }
    if args.json {
        outln!("{out}");
        return Ok(());
    }
    for key in ["a_sao_3x10", "b_sao_5x10"] {
        let s = &out[key];
        outln!(
            "{key}: {} outcomes, {} negotiations in {:.3} s = {:.0} negotiations/s; agreement rate {}, mean rounds to agreement {}",
            s["n_outcomes"],
            s["n_negotiations"],
            s["wall_s"].as_f64().unwrap_or(0.0),
            s["negotiations_per_s"].as_f64().unwrap_or(0.0),
            s["agreement_rate"],
            s["mean_rounds_to_agreement"]
        );
        for r in s["check_first5"].as_array().into_iter().flatten() {
            outln!(
                "  k={} rounds={} agreement={}",
                r["k"],
                r["rounds"],
                r["agreement"]
            );
        }
        if let Some(c) = s.get("vs_negmas") {
            outln!(
                "  vs NegMAS: {:.0}x faster, first five identical: {}",
                c["speedup"].as_f64().unwrap_or(0.0),
                c["check_first5_equal"]
            );
        }
    }
    Ok(())
}
