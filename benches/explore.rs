//! Explorer benchmarks against the peers of benches/peers/game_search.py:
//! backward induction on the bargaining tree (Gambit), full tic-tac-toe
//! tree walk and MCTS self-play (OpenSpiel). Every timed closure checks
//! its result.
//!
//! `cargo bench --bench explore`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente::explore::{
    BargainAction, Bargaining, BiConfig, Game, Mcts, MctsConfig, Ratio, TicTacToe,
    backward_induction, count_sequences,
};

fn bargaining() -> Bargaining {
    Bargaining::new(10, 5, Ratio::new(9, 10), Ratio::new(4, 5), Ratio::new(0, 1)).unwrap()
}

fn bench_bargaining(c: &mut Criterion) {
    let mut g = c.benchmark_group("bargaining_T5_N10");
    g.throughput(Throughput::Elements(531_466));
    let mut game = bargaining();
    for (name, transpositions) in [("bi_tree_531466_nodes", false), ("bi_transpositions", true)] {
        let cfg = BiConfig {
            transpositions,
            ..BiConfig::default()
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                let r = backward_induction(black_box(&mut game), &cfg);
                assert_eq!(r.line[0], BargainAction::Keep(9));
                assert!(!transpositions || r.nodes < 1000);
                assert!(transpositions || r.nodes == 531_466);
                r.value
            })
        });
    }
    g.finish();
}

fn bench_tictactoe_walk(c: &mut Criterion) {
    let mut g = c.benchmark_group("tictactoe");
    g.throughput(Throughput::Elements(549_946));
    let mut game = TicTacToe::new();
    g.bench_function("full_tree_walk_549946_nodes", |b| {
        b.iter(|| {
            let p = count_sequences(black_box(&mut game), 9);
            assert_eq!((p.nodes, p.terminals), (549_946, 255_168));
            p
        })
    });
    g.finish();
}

/// Five self-play games, both players MCTS with 1,000 simulations per move,
/// uct_c = 2, one random rollout per simulation (gt_bench.py A1/A2).
/// Returns the simulations run.
fn selfplay(m: &mut Mcts<u8>, seed: u64) -> u64 {
    let mut rng = detente::rng::seeded(seed);
    let mut sims = 0;
    for _ in 0..5 {
        let mut g = TicTacToe::new();
        while !g.is_terminal() {
            let r = m.search(&mut g, &mut rng);
            sims += r.simulations;
            g.apply(r.action.expect("a move"));
        }
    }
    sims
}

fn bench_mcts(c: &mut Criterion) {
    let mut m = Mcts::new(MctsConfig::default());
    let sims = selfplay(&mut m, 12345);
    let mut g = c.benchmark_group("tictactoe_mcts");
    g.throughput(Throughput::Elements(sims));
    g.bench_function("selfplay_5_games_1000_sims_per_move", |b| {
        b.iter(|| {
            let n = selfplay(&mut m, 12345);
            assert_eq!(n, sims);
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench_bargaining, bench_tictactoe_walk, bench_mcts);
criterion_main!(benches);
