//! Figures of an experiment agree with the experiment they come from.

use detente::report::{DealTimeline, ExperimentFigures, FreedHistogram, StockBands};
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, Simulation};

fn belarus() -> Simulation {
    let s = Scenario::from_path("examples/scenarios/belarus_2025.json").unwrap();
    Simulation::from_scenario(&s).unwrap()
}

#[test]
fn figures_agree_with_the_results() {
    let sim = belarus();
    let cfg = ExperimentConfig {
        runs: 40,
        rounds: 24,
        seed: 17,
    };
    let r = sim.experiment(&cfg);
    let f = ExperimentFigures::new(&sim, &r, "month").unwrap();

    // One histogram entry per run, same total as the exact aggregate.
    assert_eq!(f.freed.freed.len() as u64, r.runs);
    assert_eq!(u128::from(f.freed.freed.iter().sum::<u64>()), r.freed.sum());

    // Stock bands: start, then one point per round, quantiles ordered; the
    // flows account for the mean stock exactly (arrests in, departures out).
    let s = &f.stock;
    assert_eq!(s.rounds.len(), 25);
    for i in 0..25 {
        for q in 0..4 {
            assert!(s.quantiles[q][i] <= s.quantiles[q + 1][i]);
        }
    }
    let mean = |i: usize| r.stock[i].mean().unwrap();
    for i in 1..25 {
        let change = mean(i) - mean(i - 1);
        assert!((change - (s.arrests[i] - s.releases[i])).abs() < 1e-9);
    }
    let departures: f64 = s.releases.iter().sum();
    let left = r.freed.mean().unwrap() + r.deceased.mean().unwrap();
    assert!((departures - left).abs() < 1e-9, "{departures} vs {left}");

    // Relief: the last point is the mean level at the end over the same runs
    // (all 40 are in the sample).
    for (key, ys) in &f.relief.sanctions {
        let rs = r.relief.iter().find(|x| &x.sanction == key).unwrap();
        let end = rs.level_at_end.mean().unwrap();
        assert!((ys.last().unwrap() - end).abs() < 1e-9, "{key}");
    }

    // The timeline shows the deals of the run it names: they free what the
    // run's summary says deals freed.
    let (summary, t) = sim.run_one(cfg.seed, f.timeline_run, cfg.rounds);
    assert_eq!(f.timeline, DealTimeline::from_trajectory(&sim, &t, "month"));
    let freed: u64 = f.timeline.events.iter().map(|e| e.freed).sum();
    assert_eq!(freed, u64::from(summary.freed_by_deal));
    assert_eq!(f.timeline.events.len() as u32, summary.deals);
    assert!(
        f.timeline
            .events
            .iter()
            .all(|e| (1..=24).contains(&e.round))
    );

    // The frontier is of the pair that made deals, with reservation values
    // as the disagreement point and bargaining points on the frontier.
    let fr = f.frontier.as_ref().expect("USA and BLR have deals to make");
    assert!(!fr.points.is_empty());
    for i in [fr.nash, fr.kalai_smorodinsky].into_iter().flatten() {
        assert!(fr.frontier.contains(&i));
    }
}

#[test]
fn figures_need_runs() {
    let sim = belarus();
    let r = sim.experiment(&ExperimentConfig {
        runs: 0,
        rounds: 4,
        seed: 1,
    });
    assert!(ExperimentFigures::new(&sim, &r, "month").is_err());
    assert!(StockBands::from_results(&r, "month").is_err());
    assert!(FreedHistogram::from_results(&r).freed.is_empty());
}
