//! Experiments as tables: the per-run table agrees with the aggregates it
//! was run beside, does not depend on threads, is refused before it is
//! allocated when it would not fit the memory budget, and a table from
//! elsewhere is checked; the per-round table reads the aggregates right.

use detente::limits::Limits;
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, RoundTable, RunTable, RunTableError, Simulation};

fn belarus() -> Simulation {
    let s = Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/scenarios/belarus_2025.json"
    ))
    .expect("the shipped Belarus scenario loads");
    Simulation::from_scenario(&s).expect("the Belarus scenario simulates")
}

const CFG: ExperimentConfig = ExperimentConfig {
    runs: 300,
    rounds: 12,
    seed: 17,
};

fn sum(col: &[u32]) -> u128 {
    col.iter().map(|&x| u128::from(x)).sum()
}

fn keep(sim: &Simulation, threads: usize) -> (detente::simulate::ExperimentResults, RunTable) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool starts")
        .install(|| {
            sim.run_range_keeping_runs(&CFG, 0..CFG.runs, &Limits::default(), &|_, _| {})
                .expect("300 rows fit the default budget")
        })
}

#[test]
fn the_run_table_adds_up_to_the_aggregates_and_ignores_threads() {
    let sim = belarus();
    let (results, table) = keep(&sim, 3);
    assert_eq!(
        results,
        sim.experiment(&CFG),
        "keeping runs changed the results"
    );
    table.check().expect("a table the crate made is consistent");
    assert_eq!(table.run, (0..CFG.runs).collect::<Vec<_>>());
    assert_eq!(sum(&table.freed_by_deal), results.freed_by_deal.sum());
    assert_eq!(sum(&table.held_at_end), results.held_at_end.sum());
    assert_eq!(sum(&table.arrested), results.arrested.sum());
    assert_eq!(sum(&table.deals), results.counters.deals.sum());
    let without = table
        .first_deal_round
        .iter()
        .filter(|r| r.is_none())
        .count();
    assert_eq!(without as u64, results.runs_without_deal);
    // Payoff columns: their means are the aggregates' means.
    for (g, col) in table.payoff.iter().enumerate() {
        let mean = col.iter().sum::<f64>() / col.len() as f64;
        let want = results.payoff[g].mean().expect("300 runs have a mean");
        assert!(
            (mean - want).abs() <= 1e-9 * want.abs().max(1.0),
            "{g}: {mean} vs {want}"
        );
    }
    assert_eq!(
        keep(&sim, 1).1,
        table,
        "the table depends on the thread count"
    );
}

#[test]
fn a_shard_keeps_exactly_its_runs() {
    let sim = belarus();
    let (_, whole) = keep(&sim, 2);
    let limits = Limits::default();
    let (_, part) = sim
        .run_range_keeping_runs(&CFG, 100..170, &limits, &|_, _| {})
        .expect("70 rows fit");
    assert_eq!(part.run, (100..170).collect::<Vec<_>>());
    assert_eq!(part.deals, whole.deals[100..170]);
    assert_eq!(part.payoff[0], whole.payoff[0][100..170]);
}

#[test]
fn a_table_over_the_budget_is_refused_before_it_is_allocated() {
    let sim = belarus();
    let peak = RunTable::peak_bytes(1_000, sim.world().governments().len());
    let limits = Limits {
        memory_budget: peak - 1,
        ..Limits::default()
    };
    let cfg = ExperimentConfig {
        runs: u64::MAX,
        ..CFG
    };
    let err = sim
        .run_range_keeping_runs(&cfg, 0..1_000, &limits, &|_, _| panic!("nothing may run"))
        .expect_err("one byte short");
    assert_eq!(err.size, peak);
    assert!(
        err.to_string()
            .contains("keeping the summaries of 1000 runs"),
        "{err}"
    );
    // A huge range saturates instead of wrapping to a small size.
    let err = sim
        .run_range_keeping_runs(&cfg, 0..u64::MAX, &Limits::default(), &|_, _| {
            panic!("nothing may run")
        })
        .expect_err("u64::MAX rows never fit");
    assert_eq!(err.size, u64::MAX);
}

#[test]
fn a_table_from_elsewhere_is_checked() {
    let sim = belarus();
    let limits = Limits::default();
    let cfg = ExperimentConfig { runs: 5, ..CFG };
    let (_, good) = sim
        .run_range_keeping_runs(&cfg, 0..5, &limits, &|_, _| {})
        .expect("5 rows fit");
    let mut short = good.clone();
    short.snapbacks.pop();
    assert_eq!(
        short.check(),
        Err(RunTableError::Length {
            column: "snapbacks".into(),
            found: 4,
            expected: 5
        })
    );
    let mut payoffs = good.clone();
    payoffs.payoff.pop();
    assert!(matches!(
        payoffs.check(),
        Err(RunTableError::Payoffs { .. })
    ));
    let mut order = good.clone();
    order.run.swap(1, 2);
    assert_eq!(
        order.check(),
        Err(RunTableError::Order {
            row: 2,
            run: 1,
            previous: 2
        })
    );
}

#[test]
fn the_round_table_reads_the_aggregates() {
    let sim = belarus();
    let results = sim.experiment(&CFG);
    let t = RoundTable::of(&results);
    assert_eq!(t.round.len(), CFG.rounds as usize + 1);
    let start = f64::from(results.initial_held);
    assert_eq!(
        (t.stock_q05[0], t.stock_q50[0], t.stock_q95[0]),
        (start, start, start)
    );
    assert_eq!(t.deals_mean[0], 0.0);
    let runs = CFG.runs as f64;
    let deals: f64 = t.deals_mean.iter().map(|m| m * runs).sum();
    assert!((deals - results.deals_per_round.iter().sum::<u64>() as f64).abs() < 1e-6);
    for r in 0..t.round.len() {
        assert!(t.stock_q05[r] <= t.stock_q50[r] && t.stock_q50[r] <= t.stock_q95[r]);
        let h = &results.stock[r];
        assert_eq!(t.stock_mean[r], h.mean().expect("runs cover every round"));
    }
    // Independently of the histograms: the last round's mean stock is the
    // mean of the runs' stock at the end, read from the kept runs.
    let (_, rows) = sim
        .run_range_keeping_runs(&CFG, 0..CFG.runs, &Limits::default(), &|_, _| {})
        .expect("300 rows fit");
    let held: u64 = rows.held_at_end.iter().map(|&x| u64::from(x)).sum();
    let last = *t.stock_mean.last().expect("rounds + 1 rows");
    assert!(
        (last - held as f64 / runs).abs() < 1e-9,
        "{last} vs {held} / {runs}"
    );
}

#[test]
fn shard_tables_merge_into_the_whole_in_any_order() {
    let sim = belarus();
    let (_, whole) = keep(&sim, 2);
    let limits = Limits::default();
    let shard = |r: std::ops::Range<u64>| {
        sim.run_range_keeping_runs(&CFG, r, &limits, &|_, _| {})
            .expect("rows fit")
            .1
    };
    // Interleaved shards, merged out of order.
    let (a, b, c) = (shard(200..300), shard(0..130), shard(130..200));
    let mut merged = a.clone();
    merged.merge(&b).expect("disjoint shards merge");
    merged.merge(&c).expect("disjoint shards merge");
    assert_eq!(merged, whole);
    // An overlap is refused and leaves the table as it was.
    let before = merged.clone();
    let err = merged
        .merge(&shard(120..140))
        .expect_err("runs 120..140 are in already");
    assert!(
        matches!(err, RunTableError::Order { run: 120, .. }),
        "{err}"
    );
    assert_eq!(merged, before);
    let mut other = RunTable::default();
    assert!(matches!(
        other.merge(&a),
        Err(RunTableError::Governments(..))
    ));
    // Appending a table of other governments would drop its payoffs.
    let mut rows = a.clone();
    assert!(matches!(
        other.append(&mut rows),
        Err(RunTableError::Governments(..))
    ));
    assert_eq!(rows, a, "a refused append moves nothing");
}
