//! `calibrate::backtest`: the calibration cut at the cutoff sees nothing
//! after it, the baselines are what their definitions say, and a forecast
//! is the same for any number of threads.

use detente::calibrate::ScenarioModel;
use detente::calibrate::backtest::{
    BacktestRecord, ForecastSettings, Quantity, cut_calibration, forecast,
};
use detente::scenario::{Scenario, SummaryKind};
use std::collections::BTreeMap;
use std::path::Path;

fn belarus() -> (Scenario, BacktestRecord) {
    let s = Scenario::from_path("examples/scenarios/belarus_2025.json").unwrap();
    let spec = s.record.clone().unwrap();
    let r = BacktestRecord::load(&spec, "2025-06-30", Path::new("examples/scenarios")).unwrap();
    (s, r)
}

#[test]
fn the_cut_calibration_reads_only_the_record_before_the_cutoff() {
    let (s, r) = belarus();
    assert_eq!(r.cutoff_round(), 6);
    let cut = cut_calibration(s.calibration.as_ref().unwrap(), &r).unwrap();
    assert_eq!(cut.method.data_cutoff.as_deref(), Some("2025-06-30"));
    // Mid-year and year-end summaries are one summary once cut: kept once.
    let names: std::collections::BTreeSet<String> =
        cut.summaries.iter().map(|x| x.name()).collect();
    assert_eq!(names.len(), cut.summaries.len());
    let seen = |by: &[u32]| f64::from(by[..6].iter().sum::<u32>());
    for x in &cut.summaries {
        assert_eq!(x.rounds, Some(6), "{}", x.name());
        let want = match x.kind {
            SummaryKind::Deals => seen(&r.full.deals_by_round),
            SummaryKind::FreedInDeals => seen(&r.full.freed_by_round),
            SummaryKind::Stock => f64::from(r.full.stock_at(6).unwrap().stock),
            SummaryKind::FirstDealRound => f64::from(r.full.first_deal_round.unwrap()),
            SummaryKind::GivenRuns => 0.0,
            SummaryKind::ReliefRuns => unreachable!("not in the shipped calibration"),
        };
        assert_eq!(x.observed, Some(want), "{}", x.name());
    }
    // The full year's values differ: the cut is real.
    assert_ne!(seen(&r.full.freed_by_round), f64::from(r.full.freed));
    // A value given in the file over the whole year could hold the second
    // half: refused, with its path.
    let mut own = s.calibration.clone().unwrap();
    own.summaries[1].observed = Some(5.0);
    own.summaries[1].rounds = Some(12);
    let e = cut_calibration(&own, &r).unwrap_err().to_string();
    assert!(e.starts_with("$.calibration.summaries[1].observed"), "{e}");
}

#[test]
fn baselines_follow_their_definitions_and_threads_do_not_matter() {
    let (s, r) = belarus();
    let cut = cut_calibration(s.calibration.as_ref().unwrap(), &r).unwrap();
    let model = ScenarioModel::new(&Scenario {
        calibration: Some(cut),
        ..s.clone()
    })
    .unwrap();
    let draws: Vec<BTreeMap<String, f64>> = [0.3, 0.7]
        .iter()
        .map(|&q| {
            model
                .parameters()
                .iter()
                .map(|(p, prior)| (p.clone(), prior.quantile(q)))
                .collect()
        })
        .collect();
    let settings = ForecastSettings {
        runs_per_draw: 6,
        rounds: 24,
        seed: 3,
    };
    let in_pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| forecast(&model, &draws, &r, &settings).unwrap())
    };
    let b = in_pool(1);
    assert_eq!(b, in_pool(2));
    assert_eq!(b.months.len(), 6);
    let rate = |by: &[u32]| f64::from(by[..6].iter().sum::<u32>()) / 6.0;
    let year_before = |by: &[u32], k: usize| f64::from(by[6..=k].iter().sum::<u32>());
    for m in &b.months {
        let k = m.round as usize;
        let deals = &m.cells[0];
        assert_eq!(
            deals.first_half,
            Some(rate(&r.full.deals_by_round) * (k - 5) as f64)
        );
        assert_eq!(
            deals.previous_year,
            Some(year_before(&r.previous_year.deals_by_round, k))
        );
        let freed = &m.cells[1];
        assert_eq!(
            freed.first_half,
            Some(rate(&r.full.freed_by_round) * (k - 5) as f64)
        );
        for c in &m.cells {
            assert!(c.band[0] <= c.band[1] && c.band[1] <= c.band[2]);
            assert!(c.crps.is_some_and(|x| x >= 0.0) || c.record.is_none());
        }
    }
    // Stock is scored only where the series counts it.
    let stock = b.score(Quantity::Stock).unwrap();
    let counted = (7..=12).filter(|&k| r.full.stock_at(k).is_some()).count();
    assert_eq!(stock.rounds as usize, counted);
}
