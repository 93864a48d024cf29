//! Search budgets: each searcher stops at its node, time or memory limit and
//! says so (`truncated`), returning what it found; without a limit it
//! reaches the closed-form answer. Tic-tac-toe has exactly 255,168 complete
//! games and is a draw under perfect play.

use detente::Budget;
use detente::explore::{
    BeamConfig, BiConfig, EnumConfig, Game, Mcts, MctsConfig, TicTacToe, backward_induction,
    beam_search, count_sequences_within, enumerate_outcomes,
};
use std::time::Duration;

const GAMES: usize = 255_168;

#[test]
fn enumeration_stops_at_each_limit_with_a_prefix_of_the_answer() {
    let mut g = TicTacToe::new();
    let full = enumerate_outcomes(&mut g, &EnumConfig::default());
    assert!(!full.truncated);
    assert_eq!(full.outcomes.len(), GAMES);

    for budget in [
        Budget::unlimited().with_nodes(5_000),
        Budget::unlimited().with_time(Duration::ZERO),
        Budget::unlimited().with_memory(64 << 10),
    ] {
        let cut = enumerate_outcomes(
            &mut g,
            &EnumConfig {
                budget,
                ..EnumConfig::default()
            },
        );
        assert!(cut.truncated, "{budget:?} did not cut");
        assert!(cut.outcomes.len() < GAMES, "{budget:?}");
        assert_eq!(
            cut.outcomes[..],
            full.outcomes[..cut.outcomes.len()],
            "{budget:?}: a cut walk must return a prefix of the full list"
        );
        if let Some(n) = budget.max_nodes {
            assert!(cut.nodes <= n);
        }
    }
    assert_eq!(g, TicTacToe::new(), "the game is left as it was");
}

#[test]
fn perft_stops_at_the_node_limit() {
    let mut g = TicTacToe::new();
    let p = count_sequences_within(&mut g, 9, Budget::unlimited().with_nodes(1_000));
    assert!(p.truncated);
}

#[test]
fn backward_induction_is_exact_unbounded_and_flagged_when_cut() {
    let mut g = TicTacToe::new();
    let full = backward_induction(&mut g, &BiConfig::default());
    assert!(full.exhausted());
    assert_eq!(full.value, Some(vec![0.0, 0.0]), "tic-tac-toe is a draw");
    // A memory budget bounds the transposition table; the search goes on
    // without storing more and stays exact.
    let small = backward_induction(
        &mut g,
        &BiConfig {
            budget: Budget::unlimited().with_memory(1 << 10),
            ..BiConfig::default()
        },
    );
    assert_eq!(small.value, full.value);
    assert!(small.table_entries < full.table_entries / 100);
    for budget in [
        Budget::unlimited().with_nodes(200),
        Budget::unlimited().with_time(Duration::ZERO),
    ] {
        let cut = backward_induction(
            &mut g,
            &BiConfig {
                budget,
                ..BiConfig::default()
            },
        );
        assert!(cut.truncated, "{budget:?} did not cut");
        assert!(!cut.exhausted());
    }
}

#[test]
fn beam_and_mcts_stop_at_their_limits() {
    let mut g = TicTacToe::new();
    let score = |s: &TicTacToe| {
        let mut p = [0.0; 2];
        s.payoffs(&mut p);
        p[0]
    };
    let cfg = |budget| BeamConfig {
        width: 1_000,
        max_depth: 9,
        budget,
    };
    let full = beam_search(&mut g, &cfg(Budget::unlimited()), score);
    assert!(!full.truncated);
    assert_eq!(full.score, 1.0, "X can win if O plays badly");
    let cut = beam_search(&mut g, &cfg(Budget::unlimited().with_nodes(20)), score);
    assert!(cut.truncated);
    assert!(cut.nodes <= 20);

    let mut rng = detente::rng::seeded(7);
    let mcts = |budget| {
        Mcts::new(MctsConfig {
            simulations: 100_000,
            budget,
            ..MctsConfig::default()
        })
    };
    let by_nodes = mcts(Budget::unlimited().with_nodes(50)).search(&mut g, &mut rng);
    assert!(by_nodes.simulations <= 50);
    let by_memory = mcts(Budget::unlimited().with_memory(2 << 10)).search(&mut g, &mut rng);
    assert!(by_memory.truncated);
    assert!(by_memory.simulations < 100_000);
}
