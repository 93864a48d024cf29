//! Tournament invariants: role rotation, symmetry, determinism across
//! thread counts, and the ranking's bookkeeping.

use detente::negotiate::Outcome;
use detente::negotiate::tournament::{Entrant, Tournament, TournamentResult, TournamentScenario};

fn small(entrants: Vec<Entrant>) -> Tournament {
    Tournament::new(entrants, TournamentScenario::builtin())
        .repetitions(2)
        .n_steps(30)
        .seed(11)
}

fn with_threads(n: usize, t: &Tournament) -> TournamentResult {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
        .install(|| t.run().unwrap())
}

#[test]
fn every_entrant_plays_every_side_equally_often() {
    let t = small(Entrant::standard());
    let r = t.run().unwrap();
    let n = r.entrants.len();
    // counts[entrant][profile][seat]
    let mut counts = vec![[[0usize; 2]; 2]; n];
    for m in &r.meetings {
        let p = m.pairing;
        assert_ne!(p.entrants[0], p.entrants[1], "no self-play by default");
        assert_eq!(p.profiles[0] + p.profiles[1], 1);
        for seat in 0..2 {
            counts[p.entrants[seat]][p.profiles[seat]][seat] += 1;
        }
    }
    // Each of the n-1 opponents, 4 scenarios, 2 repetitions, once per (profile, seat).
    let each = (n - 1) * 4 * 2;
    for c in &counts {
        assert_eq!(c, &[[each, each], [each, each]]);
    }
    for row in r.ranking() {
        assert_eq!(row.negotiations, 4 * each);
    }
}

#[test]
fn identical_strategies_under_two_names_rank_identically() {
    // Two copies of each deterministic strategy: rotation makes their
    // positions symmetric, so every statistic must agree to the bit.
    let entrants = vec![
        Entrant::new("boulware-a", |_| {
            Box::new(detente::negotiate::TimeBased::boulware())
        }),
        Entrant::tit_for_tat(),
        Entrant::new("boulware-b", |_| {
            Box::new(detente::negotiate::TimeBased::boulware())
        }),
        Entrant::conceder(),
    ];
    let rows = small(entrants).run().unwrap().ranking();
    let a = rows.iter().find(|r| r.entrant == "boulware-a").unwrap();
    let b = rows.iter().find(|r| r.entrant == "boulware-b").unwrap();
    assert_eq!(a.score, b.score);
    assert_eq!(a.utility, b.utility);
    assert_eq!(a.agreement_rate, b.agreement_rate);
    assert_eq!(a.rounds_to_agreement, b.rounds_to_agreement);
}

#[test]
fn reordering_deterministic_entrants_changes_no_statistic() {
    let make = || {
        vec![
            Entrant::boulware(),
            Entrant::linear(),
            Entrant::conceder(),
            Entrant::hardliner(),
            Entrant::tit_for_tat(),
            Entrant::frequency_model(),
        ]
    };
    let forward = small(make()).run().unwrap().ranking();
    let mut rev = make();
    rev.reverse();
    let backward = small(rev).run().unwrap().ranking();
    for row in &forward {
        let other = backward.iter().find(|r| r.entrant == row.entrant).unwrap();
        // Sums run in a different order, so compare to rounding.
        assert!((row.score.mean - other.score.mean).abs() < 1e-12);
        assert_eq!(row.agreement_rate, other.agreement_rate);
        assert_eq!(row.negotiations, other.negotiations);
    }
}

#[test]
fn results_are_bit_identical_for_any_thread_count() {
    let t = small(Entrant::standard()).self_play(true);
    let one = with_threads(1, &t);
    let three = with_threads(3, &t);
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&three).unwrap()
    );
    // Random draws matter: another seed changes something.
    let other = with_threads(2, &t.clone().seed(12));
    assert_ne!(one.meetings, other.meetings);
}

#[test]
fn the_hardliner_never_concedes_and_rates_are_consistent() {
    let r = small(vec![
        Entrant::hardliner(),
        Entrant::conceder(),
        Entrant::boulware(),
    ])
    .run()
    .unwrap();
    let scenarios = TournamentScenario::builtin();
    for m in &r.meetings {
        if let Some(o) = m.agreement {
            let hard = m.pairing.entrants.iter().position(|&e| e == 0);
            if let Some(seat) = hard {
                // An agreement with the hardliner gives it its best outcome.
                let sc = &scenarios[m.pairing.scenario];
                let u = sc.utility(m.pairing.profiles[seat]);
                let best = u.eval(u.extremes(sc.space()).1);
                assert_eq!(u.eval(Outcome(o)), best, "outcome {o}");
            }
        } else {
            assert_eq!(m.steps, 30);
        }
        assert!(m.score.iter().all(|s| (0.0..=1.0).contains(s)));
    }
    let rows = r.ranking();
    for row in &rows {
        assert!(row.score.lo <= row.score.mean && row.score.mean <= row.score.hi);
        assert!(row.agreement_rate.lo >= 0.0 && row.agreement_rate.hi <= 1.0);
    }
    assert!(rows.windows(2).all(|w| w[0].score.mean >= w[1].score.mean));
}

#[test]
fn bad_settings_are_typed_errors() {
    use detente::negotiate::NegotiateError;
    let one = Tournament::new(vec![Entrant::linear()], TournamentScenario::builtin());
    assert!(matches!(one.run(), Err(NegotiateError::Parameter(_))));
    assert!(one.clone().self_play(true).repetitions(1).run().is_ok());
    let none = Tournament::new(Entrant::standard(), Vec::new());
    assert!(matches!(none.run(), Err(NegotiateError::Parameter(_))));
    let zero = small(Entrant::standard()).repetitions(0);
    assert!(matches!(zero.run(), Err(NegotiateError::Parameter(_))));
}

#[test]
fn world_scenarios_join_a_tournament() {
    let (_, world, _) = detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
    let sc =
        TournamentScenario::from_world("toy", &world, &detente::deal::DealMenu::default()).unwrap();
    let r = Tournament::new(vec![Entrant::conceder(), Entrant::linear()], sc)
        .repetitions(1)
        .run()
        .unwrap();
    assert_eq!(r.scenarios, ["toy:A-H"]);
    assert!(r.meetings.iter().any(|m| m.agreement.is_some()));
}

#[test]
fn limits_stop_early_with_a_prefix_of_the_full_tournament() {
    use detente::budget::{Budget, Stopped};
    let t = small(Entrant::standard());
    let full = t.run().unwrap();
    assert!(full.stopped_by.is_none());
    let total = full.meetings.len();
    // A meeting limit that cuts inside a block, on 1 and 8 threads.
    let limits = Budget::unlimited().with_nodes(150);
    for n in [1, 8] {
        let part = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| t.run_with_limits(&limits, &|_, _| {}).unwrap());
        assert_eq!(part.meetings[..], full.meetings[..150]);
        let stop = part.stopped_by.unwrap();
        assert_eq!(
            (stop.by, stop.held, stop.total),
            (Stopped::Nodes, 150, total)
        );
    }
    // A time limit already spent: nothing runs, nothing is ranked, and the
    // result still serialises without NaN.
    let none = t
        .run_with_limits(
            &Budget::unlimited().with_time(std::time::Duration::ZERO),
            &|_, _| {},
        )
        .unwrap();
    assert!(none.meetings.is_empty());
    assert_eq!(none.stopped_by.unwrap().by, Stopped::Time);
    assert!(none.ranking().is_empty());
    assert!(!serde_json::to_string(&none).unwrap().contains("NaN"));
    // Limits that do not bind change nothing.
    let roomy = Budget::unlimited()
        .with_nodes(total as u64)
        .with_time(std::time::Duration::from_secs(3600));
    assert_eq!(t.run_with_limits(&roomy, &|_, _| {}).unwrap(), full);
}
