//! Tic-tac-toe: perft counts and value from reference_values.md section 5.

use detente::explore::{
    BiConfig, EnumConfig, Game, Mcts, MctsConfig, TicTacToe, backward_induction, count_sequences,
    enumerate_outcomes,
};

#[test]
fn perft_matches_the_full_game_tree() {
    let mut g = TicTacToe::new();
    let p = count_sequences(&mut g, 9);
    assert_eq!(p.nodes, 549_946);
    assert_eq!(p.terminals, 255_168);
    assert!(!p.truncated);
    assert_eq!(g, TicTacToe::new());
    // Classic per-depth perft numbers: 9, 72, 504, 3024.
    for (d, leaves) in [(1, 9), (2, 72), (3, 504), (4, 3024)] {
        assert_eq!(count_sequences(&mut g, d).leaves, leaves);
    }
}

#[test]
fn value_is_a_draw_with_and_without_transpositions() {
    let mut g = TicTacToe::new();
    for transpositions in [false, true] {
        let cfg = BiConfig {
            transpositions,
            ..BiConfig::default()
        };
        let r = backward_induction(&mut g, &cfg);
        assert_eq!(r.value, Some(vec![0.0, 0.0]));
        assert!(r.exhausted());
        // The equilibrium line is a full drawn game.
        let mut replay = TicTacToe::new();
        for &a in &r.line {
            let mut legal = Vec::new();
            replay.legal_actions(&mut legal);
            assert!(legal.contains(&a));
            replay.apply(a);
        }
        assert!(replay.is_terminal());
        assert_eq!(r.line.len(), 9);
        assert_eq!(g, TicTacToe::new());
        if transpositions {
            // One entry per distinct non-terminal position: 5,478 states of
            // which 958 are terminal.
            assert_eq!(r.table_entries, 5_478 - 958);
        } else {
            assert_eq!(r.nodes, 549_946);
        }
    }
}

#[test]
fn transposition_merged_enumeration_finds_each_terminal_position_once() {
    let mut g = TicTacToe::new();
    let all = enumerate_outcomes(&mut g, &EnumConfig::default());
    assert_eq!(all.outcomes.len(), 255_168);
    let cfg = EnumConfig {
        transpositions: true,
        ..EnumConfig::default()
    };
    let merged = enumerate_outcomes(&mut g, &cfg);
    assert_eq!(merged.outcomes.len(), 958);
    // Each reported sequence replays to a terminal with the reported payoffs.
    for o in merged.outcomes.iter().step_by(37) {
        let mut r = TicTacToe::new();
        o.sequence.iter().for_each(|&a| r.apply(a));
        let mut p = [0.0; 2];
        r.payoffs(&mut p);
        assert!(r.is_terminal() && p[..] == o.payoffs[..]);
    }
}

#[test]
fn mcts_value_converges_to_the_draw() {
    // Seeded; with 200k simulations UCT's root estimate is within 0.1 of
    // the game value 0 (observed about 0.03-0.05 across seeds).
    let mut g = TicTacToe::new();
    let mut m = Mcts::new(MctsConfig {
        simulations: 200_000,
        ..MctsConfig::default()
    });
    for seed in [1, 2] {
        let r = m.search(&mut g, &mut detente::rng::seeded(seed));
        let v = r.value().unwrap();
        assert!(v.abs() < 0.1, "seed {seed}: value {v}");
        assert_eq!(g, TicTacToe::new());
    }
}

#[test]
fn mcts_finds_the_forced_win_and_block() {
    let mut m = Mcts::new(MctsConfig {
        simulations: 5_000,
        ..MctsConfig::default()
    });
    // x x .      X to move wins at 2.
    // o o .
    let mut g = TicTacToe::new();
    [0, 3, 1, 4].iter().for_each(|&c| g.apply(c));
    assert_eq!(
        m.search(&mut g, &mut detente::rng::seeded(5)).action,
        Some(2)
    );
    // x x .      O to move must block at 2.
    // o . .
    let mut g = TicTacToe::new();
    [0, 3, 1].iter().for_each(|&c| g.apply(c));
    assert_eq!(
        m.search(&mut g, &mut detente::rng::seeded(5)).action,
        Some(2)
    );
}
