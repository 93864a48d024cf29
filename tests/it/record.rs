//! The record defined once (`history::record`): the US deals of 2025 read
//! from the shipped case file, targets that follow the file when it is
//! edited, per-pair observations that merge exactly across run ranges,
//! and comparisons that flag a record outside the simulated band.

use detente::history::record::{self, Targets};
use detente::history::{BrokerRole, Case};
use detente::scenario::{RecordRef, Scenario};
use detente::simulate::{ExperimentConfig, ExperimentResults, PairCount, Simulation};
use std::path::Path;

const SCENARIO: &str = "examples/scenarios/belarus_2025.json";
const CASE: &str = "examples/scenarios/history/belarus_2024_2025.json";

fn spec() -> RecordRef {
    Scenario::from_path(SCENARIO)
        .unwrap()
        .record
        .expect("the shipped Belarus scenario names its record")
}

fn case() -> Case {
    Case::from_path(CASE).unwrap()
}

/// The targets of `case` without the stock series (nor its tally).
fn targets_of(case: &Case) -> Targets {
    let spec = RecordRef {
        tally: None,
        ..spec()
    };
    Targets::new(case, None, &spec).unwrap()
}

#[test]
fn the_definition_reads_five_us_deals_of_193_people_from_the_case() {
    let deals = record::deals(&case(), "USA", "BLR", "2025-01-01", 12).unwrap();
    let rounds: Vec<u32> = deals.iter().map(|d| d.round).collect();
    let freed: Vec<u32> = deals.iter().map(|d| d.freed).collect();
    assert_eq!(rounds, [1, 3, 5, 8, 11], "Feb, Apr, Jun, Sep, Dec");
    assert_eq!(freed, [3, 1, 14, 52, 123]);
    let names = |i: usize| -> Vec<&str> { deals[i].given.iter().map(|g| g.name()).collect() };
    assert_eq!(names(0), ["recognition"]);
    assert!(names(1).is_empty(), "April: nothing priced changed hands");
    assert_eq!(names(3), ["licence"]);
    assert_eq!(names(4), ["licence"]);
    // Targets read the scenario's record settings and files, relative to
    // the scenario, wherever the test runs from.
    let base = Path::new(SCENARIO).parent().unwrap();
    let t = Targets::load(&spec(), &std::fs::canonicalize(base).unwrap()).unwrap();
    assert_eq!(
        (t.first_deal_round, t.deal_count, t.freed),
        (Some(1), 5, 193)
    );
    assert_eq!(t.stock_at(0).map(|s| s.stock), Some(1265));
    assert_eq!(t.stock_at(12).map(|s| s.stock), Some(1135));
    assert_eq!(t.second_reading.as_ref().map(|s| s.count), Some(342));
}

#[test]
fn the_targets_follow_the_case_file() {
    let base = targets_of(&case());
    // Without December's potash deal the year has four deals.
    let mut c = case();
    let dec = base.deals.last().unwrap().step;
    c.steps.remove(dec);
    let t = targets_of(&c);
    assert_eq!(t.deal_count, base.deal_count - 1);
    assert_eq!(t.freed, base.freed - base.people_per_deal[4]);
    // November counts once the file says the US asked for the 31 itself.
    let mut c = case();
    let nov = c
        .steps
        .iter()
        .position(|s| {
            s.brokered_by
                .as_ref()
                .is_some_and(|b| b.role == BrokerRole::Mediator)
        })
        .unwrap();
    c.steps[nov].brokered_by.as_mut().unwrap().role = BrokerRole::Demander;
    let t = targets_of(&c);
    assert_eq!(t.deal_count, base.deal_count + 1);
    assert_eq!(
        t.freed,
        base.freed + 31 + 2,
        "the 31 Ukrainians and the two priests"
    );
    // Without its broker, April's pardon is unilateral: no deal.
    let mut c = case();
    let apr = base.deals[1].step;
    c.steps[apr].brokered_by = None;
    assert_eq!(targets_of(&c).deal_count, base.deal_count - 1);
    // A later start moves every round back.
    let later = RecordRef {
        start: "2025-03-01".into(),
        tally: None,
        ..spec()
    };
    let t = Targets::new(&case(), None, &later).unwrap();
    assert_eq!(
        t.first_deal_round,
        Some(1),
        "April is round 1, February before the start"
    );
    assert_eq!(t.deals[0].round + 2, base.deals[1].round);
}

#[test]
fn a_broker_and_a_record_are_checked_with_their_paths() {
    let mut c = case();
    let step = c
        .steps
        .iter()
        .position(|s| s.brokered_by.is_some())
        .unwrap();
    c.steps[step].brokered_by.as_mut().unwrap().by = "XXX".into();
    let err = c.build().unwrap_err();
    assert!(
        err.has_path(&format!("$.steps[{step}].brokered_by.by")),
        "{err}"
    );
    let mut s = Scenario::from_path(SCENARIO).unwrap();
    s.record.as_mut().unwrap().demander = "XXX".into();
    s.record.as_mut().unwrap().start = "2025-13-01".into();
    let err = s.validate().unwrap_err();
    assert!(err.has_path("$.record.demander"), "{err}");
    assert!(err.has_path("$.record.start"), "{err}");
    let bad = RecordRef {
        start: "January".into(),
        ..spec()
    };
    assert!(matches!(
        Targets::new(&case(), None, &bad),
        Err(record::RecordError::BadDate { .. })
    ));
}

fn results(runs: std::ops::Range<u64>) -> ExperimentResults {
    let s = Scenario::from_path(SCENARIO).unwrap();
    let sim = Simulation::from_scenario(&s).unwrap();
    let config = ExperimentConfig {
        runs: 40,
        rounds: 24,
        seed: 7,
    };
    sim.run_range(&config, runs, &|_, _| {})
}

#[test]
fn pair_observations_merge_exactly_and_agree_with_the_deal_counts() {
    let whole = results(0..40);
    let mut parts = results(25..40);
    parts.merge(&results(0..25)).unwrap();
    assert_eq!(parts, whole);
    let json = serde_json::to_string(&whole).unwrap();
    assert_eq!(
        serde_json::from_str::<ExperimentResults>(&json).unwrap(),
        whole
    );
    // Every deal belongs to a pair: cumulated over the horizon, the pairs'
    // deals and people freed are the experiment's.
    let last = whole.rounds as usize - 1;
    let sum = |f: &dyn Fn(&detente::simulate::PairObservations) -> u128| -> u128 {
        whole.pair_deals.iter().map(f).sum()
    };
    assert!(whole.counters.deals.sum() > 0, "the test needs deals");
    assert_eq!(
        sum(&|p| p.deals_by_round[last].sum()),
        whole.counters.deals.sum()
    );
    assert_eq!(
        sum(&|p| p.freed_by_round[last].sum()),
        whole.freed_by_deal.sum()
    );
    let with_first = sum(&|p| u128::from(p.first_deal_round.count())) as u64;
    assert!(with_first >= whole.runs - whole.runs_without_deal);
    whole.check_covers(0..40).unwrap();
}

#[test]
fn compare_flags_a_record_outside_the_simulated_band() {
    let r = results(0..40);
    let (i, _) = r
        .pair_deals
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.deals_by_round.last().map_or(0, |h| h.count()))
        .unwrap();
    let (d, h) = r.pairs[i].clone();
    let last = r.rounds as usize - 1;
    let p = &r.pair_deals[i];
    let median = p.quantile(PairCount::Freed, last, r.runs, 0.5).unwrap();
    let p95 = p.quantile(PairCount::Freed, last, r.runs, 0.95).unwrap();
    // A synthetic record of one deal in the last round freeing `freed`.
    let targets = |freed: u32| {
        let mut freed_by_round = vec![0; r.rounds as usize];
        freed_by_round[last] = freed;
        let mut deals_by_round = vec![0; r.rounds as usize];
        deals_by_round[last] = 1;
        Targets {
            demander: d.clone(),
            holder: h.clone(),
            start: "2025-01-01".into(),
            rounds: r.rounds,
            deals: vec![],
            first_deal_round: Some(last as u32),
            deal_count: 1,
            freed,
            deals_by_round,
            freed_by_round,
            people_per_deal: vec![freed],
            given: vec![],
            stock: vec![],
            second_reading: None,
        }
    };
    let freed_check = |freed| {
        record::compare(&targets(freed), &r)
            .unwrap()
            .into_iter()
            .find(|c| c.name.starts_with("freed in deals"))
            .unwrap()
    };
    assert_eq!(freed_check(median).inside, Some(true));
    let out = freed_check(p95 + 1);
    assert_eq!(out.inside, Some(false));
    assert_eq!(out.p95, f64::from(p95));
    let text = detente::report::record_table(
        &targets(p95 + 1),
        &record::monthly(&targets(p95 + 1), &r).unwrap(),
        &[out],
    );
    assert!(text.contains("OUTSIDE"), "{text}");
    // A pair the results do not have is an error, not an empty table.
    let mut none = targets(0);
    none.demander = "nobody".into();
    assert!(record::compare(&none, &r).is_err());
}
