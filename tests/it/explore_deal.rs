//! The deal game on the Belarus scenario, checked against the core's
//! `Table` (checked play): every reported sequence is legal step by step,
//! payoffs add up, perft counts equal an independent recursion over
//! `Table::legal_deals`, and searches leave the state unchanged.

use detente::deal::Deal;
use detente::deal::DealMenu;
use detente::explore::{
    BiConfig, DealAction, DealGame, DealGameConfig, EnumConfig, Game, Turn, backward_induction,
    count_sequences, enumerate_outcomes,
};
use detente::generate::DealGenerator;
use detente::model::{GovernmentId, State, World};
use detente::rules::Rulebook;
use detente::table::Table;

const FILE: &str = "examples/scenarios/belarus_2025.json";

fn load() -> (World, Rulebook, GovernmentId, GovernmentId) {
    let (_, world, rules) = detente::scenario::load(FILE).expect("scenario loads");
    let usa = world.government_by_code("USA").unwrap();
    let blr = world.government_by_code("BLR").unwrap();
    (world, rules, usa, blr)
}

fn config(usa: GovernmentId, blr: GovernmentId, rounds: u32) -> DealGameConfig {
    DealGameConfig {
        generator: DealGenerator::from(DealMenu {
            batches: vec![1, 10],
            ..DealMenu::default()
        }),
        rounds,
        proposers: vec![usa, blr],
        parties: vec![usa, blr],
        pass: true,
        mediator: None,
    }
}

/// Deals the game may offer at the table's state, from the core's API.
fn table_options(table: &mut Table<'_>, cfg: &DealGameConfig, proposer: GovernmentId) -> Vec<Deal> {
    table
        .legal_deals(&cfg.generator)
        .into_iter()
        .filter(|d| {
            let p = d.parties();
            !d.is_empty() && p.contains(&proposer) && p.iter().all(|g| cfg.parties.contains(g))
        })
        .collect()
}

/// Sequences of exactly `depth` rounds (deal or pass each round).
fn brute_count(table: &mut Table<'_>, cfg: &DealGameConfig, depth: u32, round: u32) -> u64 {
    if round == depth {
        return 1;
    }
    let proposer = cfg.proposers[round as usize % cfg.proposers.len()];
    let options = table_options(table, cfg, proposer);
    let mut total = 0;
    for deal in options.iter().map(Some).chain([None]) {
        if let Some(d) = deal {
            table.play(d).expect("legal");
        }
        let state = table.state().clone();
        let mut next = Table::at(table.world(), table.rules(), state);
        next.next_round();
        total += brute_count(&mut next, cfg, depth, round + 1);
        if deal.is_some() {
            table.undo();
        }
    }
    total
}

#[test]
fn perft_counts_equal_an_independent_recursion_over_the_table() {
    let (world, rules, usa, blr) = load();
    for depth in [1, 2] {
        let cfg = config(usa, blr, depth);
        let mut game = DealGame::new(&world, &rules, State::initial(&world), cfg.clone()).unwrap();
        let p = count_sequences(&mut game, depth as usize);
        let mut table = Table::new(&world, &rules);
        assert_eq!(
            p.leaves,
            brute_count(&mut table, &cfg, depth, 0),
            "depth {depth}"
        );
        assert!(p.leaves > 1, "the scenario offers deals");
    }
}

#[test]
fn every_reported_sequence_is_legal_step_by_step_and_payoffs_add_up() {
    let (world, rules, usa, blr) = load();
    let cfg = config(usa, blr, 2);
    let mut game = DealGame::new(&world, &rules, State::initial(&world), cfg).unwrap();
    let all = enumerate_outcomes(
        &mut game,
        &EnumConfig {
            transpositions: true,
            ..EnumConfig::default()
        },
    );
    assert!(!all.truncated && all.outcomes.len() > 10);
    for o in &all.outcomes {
        let mut table = Table::new(&world, &rules);
        for &a in &o.sequence {
            if let Some(deal) = game.deal(a) {
                table
                    .play(&deal)
                    .unwrap_or_else(|e| panic!("illegal step {a:?}: {e:?}"));
            } else {
                assert_eq!(a, DealAction::Pass);
            }
            game.apply(a);
            table.next_round();
        }
        let acc = table.accumulated();
        for (x, y) in acc.iter().zip(&o.payoffs) {
            assert!((x - y).abs() < 1e-9, "{acc:?} vs {:?}", o.payoffs);
        }
        for &a in o.sequence.iter().rev() {
            game.undo(a);
        }
    }
}

#[test]
fn searches_leave_the_state_unchanged() {
    let (world, rules, usa, blr) = load();
    let initial = State::initial(&world);
    let mut game = DealGame::new(&world, &rules, initial.clone(), config(usa, blr, 2)).unwrap();
    let key = game.state_key();
    count_sequences(&mut game, 2);
    enumerate_outcomes(&mut game, &EnumConfig::default());
    backward_induction(
        &mut game,
        &BiConfig {
            tie_tolerance: 1e-12,
            ..BiConfig::default()
        },
    );
    assert_eq!(game.state_key(), key);
    game.with_state(|s| assert_eq!(s, &initial));
    let mut p = vec![1.0; world.governments().len()];
    game.payoffs(&mut p);
    assert!(p.iter().all(|&x| x == 0.0));
}

#[test]
fn subgame_perfect_plan_has_no_profitable_one_step_deviation() {
    let (world, rules, usa, blr) = load();
    let mut game =
        DealGame::new(&world, &rules, State::initial(&world), config(usa, blr, 2)).unwrap();
    let cfg = BiConfig {
        tie_tolerance: 1e-12,
        ..BiConfig::default()
    };
    let r = backward_induction(&mut game, &cfg);
    let v = r.value.clone().unwrap();
    assert_eq!(r.line.len(), 2);
    assert_eq!(game.current_player(), Turn::Player(usa.index()));
    let mut actions = Vec::new();
    game.legal_actions(&mut actions);
    for a in actions {
        game.apply(a);
        let sub = backward_induction(&mut game, &cfg).value.unwrap();
        game.undo(a);
        assert!(
            sub[usa.index()] <= v[usa.index()] + 1e-12,
            "{a:?} beats the plan for USA"
        );
    }
    // The plan's value is what its line earns.
    r.line.iter().for_each(|&a| game.apply(a));
    let mut p = vec![0.0; world.governments().len()];
    game.payoffs(&mut p);
    assert_eq!(p, v);
}

#[test]
fn bad_configuration_is_an_error() {
    let (world, rules, usa, blr) = load();
    let mut cfg = config(usa, blr, 2);
    cfg.proposers.clear();
    assert!(DealGame::new(&world, &rules, State::initial(&world), cfg).is_err());
    let mut cfg = config(usa, blr, 2);
    cfg.parties.push(GovernmentId::new(999));
    assert!(DealGame::new(&world, &rules, State::initial(&world), cfg).is_err());
}

/// The three-way swap (worked by hand in the scenario's description): no
/// bilateral deal passes the rulebook, the swap among A, B and C does and
/// gives each of them +6.
fn three_way(mediator: bool) -> (World, Rulebook, DealGameConfig) {
    let (_, world, rules) =
        detente::scenario::load("examples/scenarios/three_way_swap.json").expect("scenario loads");
    let a = world.government_by_code("A").unwrap();
    let b = world.government_by_code("B").unwrap();
    let config = DealGameConfig {
        generator: DealGenerator::default(),
        rounds: 2,
        proposers: vec![a, b],
        parties: vec![a, b],
        pass: true,
        mediator: mediator.then(Default::default),
    };
    (world, rules, config)
}

#[test]
fn without_a_mediator_the_two_sides_have_no_deal() {
    let (world, rules, config) = three_way(false);
    let mut game = DealGame::new(&world, &rules, State::initial(&world), config).unwrap();
    let mut actions = Vec::new();
    game.legal_actions(&mut actions);
    assert_eq!(actions, [DealAction::Pass]);
    let spe = backward_induction(&mut game, &BiConfig::default());
    assert!(spe.value.unwrap().iter().all(|&x| x == 0.0));
}

#[test]
fn the_mediators_package_is_a_move_and_the_subgame_perfect_plan_takes_it() {
    let (world, rules, config) = three_way(true);
    let mut game = DealGame::new(&world, &rules, State::initial(&world), config).unwrap();
    let mut actions = Vec::new();
    game.legal_actions(&mut actions);
    assert_eq!(actions, [DealAction::Package, DealAction::Pass]);
    let package = game.deal(DealAction::Package).expect("a package");
    let mut parties: Vec<&str> = package.parties().iter().map(|&g| world.code(g)).collect();
    parties.sort_unstable();
    assert_eq!(parties, ["A", "B", "C"]);
    // The package passes the core's checked play too.
    let mut table = Table::new(&world, &rules);
    assert!(table.play(&package).is_ok());

    let before = game.with_state(|s| s.fingerprint());
    let spe = backward_induction(&mut game, &BiConfig::default());
    assert_eq!(
        game.with_state(|s| s.fingerprint()),
        before,
        "search undoes"
    );
    assert_eq!(spe.line.first(), Some(&DealAction::Package));
    let value = spe.value.unwrap();
    for code in ["A", "B", "C"] {
        let g = world.government_by_code(code).unwrap();
        assert_eq!(value[g.index()], 6.0, "{code}");
    }
    // After the swap nobody is held: the next round offers only a pass.
    game.apply(DealAction::Package);
    game.legal_actions(&mut actions);
    assert_eq!(actions, [DealAction::Pass]);
    game.undo(DealAction::Package);
    assert_eq!(game.with_state(|s| s.fingerprint()), before);
}

#[test]
fn outcomes_give_their_deals_which_replay_on_the_table_to_the_same_payoffs_and_state() {
    let (world, rules, usa, blr) = load();
    let mut game =
        DealGame::new(&world, &rules, State::initial(&world), config(usa, blr, 2)).unwrap();
    let all = enumerate_outcomes(&mut game, &EnumConfig::default());
    assert!(all.outcomes.len() > 10);
    let key = game.state_key();
    let mut with_a_deal = 0;
    for o in &all.outcomes {
        let deals = o.deals(&mut game).expect("the sequence fits the game");
        assert_eq!(deals.len(), o.sequence.len());
        let mut table = Table::new(&world, &rules);
        for (deal, &action) in deals.iter().zip(&o.sequence) {
            assert_eq!(deal.is_none(), action == DealAction::Pass);
            if let Some(deal) = deal {
                table.play(deal).expect("every deal of a sequence is legal");
                with_a_deal += 1;
            }
            table.next_round();
        }
        for (x, y) in table.accumulated().iter().zip(&o.payoffs) {
            assert!(
                (x - y).abs() < 1e-9,
                "{:?} vs {:?}",
                table.accumulated(),
                o.payoffs
            );
        }
        let played = game.replay(&o.sequence).unwrap();
        assert_eq!(&played.end, table.state());
        assert_eq!(game.state_key(), key, "replay leaves the game where it was");
    }
    assert!(with_a_deal > 0);
}

#[test]
fn replaying_an_action_that_is_not_legal_is_an_error_and_changes_nothing() {
    let (world, rules, usa, blr) = load();
    let mut game =
        DealGame::new(&world, &rules, State::initial(&world), config(usa, blr, 2)).unwrap();
    let key = game.state_key();
    let initial = game.with_state(State::clone);
    for bad in [
        vec![DealAction::Deal(u16::MAX)],
        vec![DealAction::Pass, DealAction::Package],
        vec![DealAction::Pass, DealAction::Pass, DealAction::Pass],
    ] {
        assert!(game.replay(&bad).is_err(), "{bad:?}");
        assert_eq!(game.state_key(), key);
        assert_eq!(game.with_state(State::clone), initial);
    }
}
