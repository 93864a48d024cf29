//! Numerical robustness: extreme but valid values (the largest magnitudes
//! validation allows, large pools, discount factors near 0 and 1, zero
//! valuations) give finite, exact or closed-form payoffs, and the values
//! that would overflow payoff sums are refused at load time.

use detente::deal::{Deal, UndoLog};
use detente::model::{GovernmentId, PrisonerId, State};
use detente::payoff;
use detente::rules::Rulebook;
use detente::scenario::Scenario;

fn world(body: &str) -> detente::model::World {
    Scenario::from_json_str(&format!(r#"{{"name": "numerics", {body}}}"#))
        .unwrap()
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A deal in which government 1 releases every prisoner to government 0.
fn release_all(w: &detente::model::World) -> Deal {
    (0..w.prisoners().len()).fold(Deal::new(), |d, p| {
        d.release(
            GovernmentId(1),
            GovernmentId(0),
            PrisonerId::new(p),
            GovernmentId(0),
        )
    })
}

#[test]
fn the_largest_allowed_values_over_a_large_pool_sum_exactly() {
    // 100,000 members valued 1e15 (the largest magnitude allowed) by USA and
    // -1e15 by BLR: k × 1e15 = k × 2^15 × 5^15 is exact in f64 for every
    // partial sum here, so the total is exactly ±1e20.
    let w = world(
        r#""governments": [{"id": "USA"}, {"id": "BLR"}],
        "pools": [{"id": "p", "count": 100000, "held_by": "BLR", "valued_by": {"USA": 1e15, "BLR": -1e15}}]"#,
    );
    let mut state = State::initial(&w);
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    payoff::apply_with_delta(&w, &mut state, &release_all(&w), &mut log, &mut delta);
    assert_eq!(delta, vec![1e20, -1e20]);
    let mut levels = Vec::new();
    payoff::levels(&w, &state, &mut levels);
    assert_eq!(levels, vec![1e20, -1e20]);
}

#[test]
fn values_that_could_overflow_are_refused_with_the_bound() {
    let errs = Scenario::from_json_str(
        r#"{"name": "big", "governments": [{"id": "USA"}, {"id": "BLR", "audience_cost": -1e300}],
            "pools": [{"id": "p", "count": 2, "held_by": "BLR", "valued_by": {"USA": 1e308}}]}"#,
    )
    .unwrap()
    .validate()
    .unwrap_err();
    let lines: Vec<String> = errs.0.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        lines,
        [
            "$.governments[1].audience_cost: expected a number between -1e15 and 1e15, found -1e300 (larger magnitudes overflow payoff sums)",
            "$.pools[0].valued_by.USA: expected a number between -1e15 and 1e15, found 1e308 (larger magnitudes overflow payoff sums)",
        ]
    );
}

fn discounted_delta(discount: f64, round: u32) -> f64 {
    let w = world(&format!(
        r#""governments": [{{"id": "USA", "discount": {discount:e}}}, {{"id": "BLR"}}],
        "prisoners": [{{"id": "x", "held_by": "BLR", "valued_by": {{"USA": 1e15}}}}]"#
    ));
    let mut state = State::initial(&w);
    state.set_round(round);
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    payoff::delta(&w, &mut state, &release_all(&w), &mut log, &mut delta);
    assert!(delta.iter().all(|x| x.is_finite()), "{delta:?}");
    delta[0]
}

#[test]
fn discount_factors_near_zero_and_one_stay_finite_and_monotone() {
    // The smallest positive discount: the value vanishes after one round,
    // to exactly 0, never NaN.
    assert_eq!(discounted_delta(f64::MIN_POSITIVE, 0), 1e15);
    assert_eq!(
        discounted_delta(f64::MIN_POSITIVE, 1),
        1e15 * f64::MIN_POSITIVE
    );
    assert_eq!(discounted_delta(f64::MIN_POSITIVE, 2), 0.0);
    // The largest discount below 1 at the last round: about exp(-2^31 ε),
    // a hair below 1.
    let near_one = 1.0 - f64::EPSILON / 2.0;
    let late = discounted_delta(near_one, u32::MAX) / 1e15;
    let expected = (-(i32::MAX as f64) * f64::EPSILON / 2.0).exp();
    assert!((late - expected).abs() < 1e-9, "{late} vs {expected}");
    assert!(late < 1.0 && late > 0.99);
    // Discount 1: no decay at any round.
    assert_eq!(discounted_delta(1.0, u32::MAX), 1e15);
}

#[test]
fn zero_valuations_give_zero_changes_that_pass_rationality() {
    let w = world(
        r#""governments": [{"id": "USA"}, {"id": "BLR"}],
        "pools": [{"id": "p", "count": 5, "held_by": "BLR", "valued_by": {"USA": 0.0, "BLR": -0.0}}],
        "sanctions": [{"id": "s", "imposer": "USA", "target": "BLR", "relief": [{"kind": "licence"}]}]"#,
    );
    let deal = release_all(&w).licence(
        GovernmentId(0),
        GovernmentId(1),
        detente::model::SanctionId(0),
    );
    let mut state = State::initial(&w);
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    let rules = Rulebook::standard();
    rules
        .check(&w, &mut state, &deal, &mut log, &mut delta)
        .expect("a deal worth exactly nothing to anyone is individually rational");
    assert_eq!(delta, vec![0.0, 0.0]);
    let mut flow = vec![0.0; 2];
    payoff::flow(&w, &state, &mut flow);
    assert_eq!(flow, vec![0.0, 0.0]);
}

#[test]
fn the_largest_costs_over_many_sanctions_flow_finitely() {
    let sanctions: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"id": "s{i}", "imposer": "USA", "target": "BLR", "cost_to_target": 1e15, "cost_to_imposer": -1e15}}"#
            )
        })
        .collect();
    let w = world(&format!(
        r#""governments": [{{"id": "USA"}}, {{"id": "BLR"}}], "sanctions": [{}]"#,
        sanctions.join(",")
    ));
    let mut flow = vec![0.0; 2];
    payoff::flow(&w, &State::initial(&w), &mut flow);
    assert_eq!(flow, vec![1e18, -1e18]);
}

#[test]
fn json_numbers_are_read_exactly() {
    // Regression: without serde_json's `float_roundtrip`, 0.9999999999999999
    // (the largest f64 below 1) was read as 1.0, silently removing discounting.
    let w = world(
        r#""governments": [{"id": "USA", "discount": 0.9999999999999999}, {"id": "BLR"}],
        "prisoners": [{"id": "x", "held_by": "BLR", "valued_by": {"USA": 0.30000000000000004}}]"#,
    );
    assert_eq!(w.governments()[0].discount, 1.0 - f64::EPSILON / 2.0);
    assert_eq!(
        w.valuations().prisoner(GovernmentId(0), PrisonerId(0)),
        0.1 + 0.2
    );
}

/// The simulator at the edges of what its dynamics accept: the largest
/// arrest rate, elasticity and spike, the smallest reference price, every
/// probability at 0 or 1, government changes scaling valuations by 0 or
/// 1e6, discount factors at `f64::MIN_POSITIVE` or `1 - 2^-53`. Results
/// (and the brief a report prints) stay finite, serialize without a
/// `null` (NaN), and conserve prisoners.
#[test]
fn extreme_dynamics_give_finite_conserving_results() {
    use detente::simulate::{ExperimentConfig, Simulation};
    let base: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/scenarios/belarus_2025.json")).unwrap();
    let settings: [(f64, f64, f64, [f64; 2]); 4] = [
        (1e9, 1.0, f64::MIN_POSITIVE, [0.0, 0.0]),
        (1e9, 1.0, 1.0 - f64::EPSILON / 2.0, [1e6, 1e6]),
        (0.0, 0.0, f64::MIN_POSITIVE, [0.0, 1e6]),
        (0.0, 0.0, 1.0 - f64::EPSILON / 2.0, [1.0, 1.0]),
    ];
    for (rate, p, discount, scale) in settings {
        let mut doc = base.clone();
        let d = &mut doc["dynamics"];
        d["holders"][0]["arrest_rate"] = rate.into();
        d["holders"][0]["elasticity"] = 1e6.into();
        d["holders"][0]["reference_price"] = f64::MIN_POSITIVE.into();
        d["holders"][0]["pardon_rate"] = p.into();
        d["health"]["medical_release_share"] = p.into();
        d["escalation"][0]["spike"] = 1e9.into();
        d["escalation"][0]["probability"] = p.into();
        for c in d["government_changes"].as_array_mut().unwrap() {
            c["probability"] = p.into();
            c["scale"] = serde_json::json!(scale);
        }
        d["negotiation"]["talks_probability"] = (1.0 - p).into();
        d["defection"]["probability"] = p.into();
        d["suspensions"]["renewal_probability"] = p.into();
        for g in doc["governments"].as_array_mut().unwrap() {
            g["discount"] = discount.into();
        }
        let what =
            format!("arrest rate {rate}, probabilities {p}, discount {discount}, scale {scale:?}");
        let scenario =
            Scenario::from_json_str(&doc.to_string()).unwrap_or_else(|e| panic!("{what}: {e}"));
        let sim = Simulation::from_scenario(&scenario).unwrap_or_else(|e| panic!("{what}: {e}"));
        let results = sim.experiment(&ExperimentConfig {
            runs: 16,
            rounds: 12,
            seed: 5,
        });
        let json = serde_json::to_string(&results).unwrap();
        assert!(!json.contains("null"), "{what}: a NaN reached the results");
        let b = results.brief();
        let brief = serde_json::to_string(&b).unwrap();
        assert!(!brief.contains("null"), "{what}: {brief}");
        let (held, freed, dead, new) = (
            b.held_at_end.mean,
            b.freed.mean,
            b.deceased.mean,
            b.arrested.mean,
        );
        assert!(
            (held + freed + dead - (f64::from(b.initial_held) + new)).abs() < 1e-6,
            "{what}: prisoners not conserved: {brief}"
        );
        for (g, stats) in results.payoff.iter().enumerate() {
            let q = stats.quantiles();
            assert!(
                q.mean.is_finite() && q.min.is_finite() && q.max.is_finite(),
                "{what}: payoff of {g}: {q:?}"
            );
        }
        if rate > 0.0 {
            assert!(
                b.arrested.mean > 0.0,
                "{what}: no arrests at the largest rate"
            );
        }
    }
}
