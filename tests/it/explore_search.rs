//! Beam search, outcome enumeration and budgets, cross-checked by brute
//! force on small games.

use detente::Budget;
use detente::explore::{
    BargainAction, Bargaining, BeamConfig, EnumConfig, Game, Mcts, MctsConfig, Ratio, TicTacToe,
    beam_search, enumerate_outcomes,
};
use std::time::Duration;

fn small_bargaining() -> Bargaining {
    Bargaining::new(4, 3, Ratio::new(9, 10), Ratio::new(4, 5), Ratio::new(1, 2)).unwrap()
}

fn weighted(g: &Bargaining) -> f64 {
    let mut p = [0.0; 2];
    g.payoffs(&mut p);
    0.3 * p[0] + 0.7 * p[1]
}

#[test]
fn wide_beam_finds_the_brute_force_optimum_and_narrow_beams_do_no_better() {
    let mut g = small_bargaining();
    let before = g.clone();
    let all = enumerate_outcomes(&mut g, &EnumConfig::default());
    assert!(!all.truncated);
    let best = all
        .outcomes
        .iter()
        .map(|o| 0.3 * o.payoffs[0] + 0.7 * o.payoffs[1])
        .fold(f64::NEG_INFINITY, f64::max);
    let cfg = |width| BeamConfig {
        width,
        max_depth: 20,
        budget: Budget::unlimited(),
    };
    let wide = beam_search(&mut g, &cfg(100_000), weighted);
    assert_eq!(wide.score, best);
    let found = wide.best.unwrap();
    assert!(found.terminal);
    // The reported sequence replays to the reported payoffs.
    let mut replay = small_bargaining();
    found.sequence.iter().for_each(|&a| replay.apply(a));
    let mut p = [0.0; 2];
    replay.payoffs(&mut p);
    assert_eq!(p[..], found.payoffs[..]);
    for width in [1, 2, 5] {
        assert!(beam_search(&mut g, &cfg(width), weighted).score <= best);
    }
    assert_eq!(g, before);
}

#[test]
fn enumeration_with_transpositions_keeps_every_distinct_outcome() {
    let mut g = small_bargaining();
    let all = enumerate_outcomes(&mut g, &EnumConfig::default());
    let merged = enumerate_outcomes(
        &mut g,
        &EnumConfig {
            transpositions: true,
            ..EnumConfig::default()
        },
    );
    let key = |p: &[f64]| (p[0].to_bits(), p[1].to_bits());
    let mut a: Vec<_> = all.outcomes.iter().map(|o| key(&o.payoffs)).collect();
    let mut b: Vec<_> = merged.outcomes.iter().map(|o| key(&o.payoffs)).collect();
    a.sort_unstable();
    a.dedup();
    b.sort_unstable();
    b.dedup();
    assert_eq!(a, b);
    assert!(merged.nodes < all.nodes);
}

#[test]
fn depth_limited_enumeration_reports_cut_sequences() {
    let mut g = small_bargaining();
    let r = enumerate_outcomes(
        &mut g,
        &EnumConfig {
            max_depth: Some(2),
            ..EnumConfig::default()
        },
    );
    // Depth 2: 5 offers, each accepted (terminal) or rejected (chance node).
    assert_eq!(r.outcomes.len(), 10);
    assert_eq!(r.outcomes.iter().filter(|o| o.terminal).count(), 5);
    assert_eq!(
        r.outcomes[0].sequence,
        [BargainAction::Keep(4), BargainAction::Accept]
    );
}

#[test]
fn budgets_cut_searches_and_say_so() {
    let mut g = TicTacToe::new();
    let mem = enumerate_outcomes(
        &mut g,
        &EnumConfig {
            budget: Budget::unlimited().with_memory(10_000),
            ..EnumConfig::default()
        },
    );
    assert!(mem.truncated && !mem.outcomes.is_empty() && mem.outcomes.len() < 255_168);
    let nodes = enumerate_outcomes(
        &mut g,
        &EnumConfig {
            budget: Budget::unlimited().with_nodes(1000),
            ..EnumConfig::default()
        },
    );
    assert!(nodes.truncated && nodes.nodes == 1000);
    let mut m = Mcts::new(MctsConfig {
        simulations: u64::MAX,
        budget: Budget::unlimited().with_time(Duration::from_millis(20)),
        ..MctsConfig::default()
    });
    let r = m.search(&mut g, &mut detente::rng::seeded(1));
    assert!(r.truncated && r.simulations > 0 && r.action.is_some());
    let mut m = Mcts::new(MctsConfig {
        simulations: 1_000_000,
        budget: Budget::unlimited().with_memory(50_000),
        ..MctsConfig::default()
    });
    let r = m.search(&mut g, &mut detente::rng::seeded(1));
    assert!(r.truncated && r.simulations < 1_000_000);
    let beam = beam_search(
        &mut g,
        &BeamConfig {
            width: 10,
            max_depth: 9,
            budget: Budget::unlimited().with_nodes(30),
        },
        |_| 0.0,
    );
    assert!(beam.truncated && beam.nodes == 30);
    assert_eq!(g, TicTacToe::new());
}

#[test]
fn mcts_is_deterministic_for_a_seed() {
    let mut g = TicTacToe::new();
    let mut m = Mcts::new(MctsConfig::default());
    let a = m.search(&mut g, &mut detente::rng::seeded(9));
    let b = m.search(&mut g, &mut detente::rng::seeded(9));
    assert_eq!(a, b);
}
