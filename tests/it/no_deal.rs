//! Why no deal: the simulator's and the explorer's diagnosis on small
//! worlds worked by hand, refusal counts that merge exactly across shards,
//! and ids named by the scenario in violations, descriptions and `Debug`.

use detente::deal::{DealMenu, UndoLog};
use detente::explore::{DealGame, DealGameConfig};
use detente::generate::DealGenerator;
use detente::prelude::*;
use detente::scenario::Scenario;
use detente::simulate::{ExperimentConfig, Simulation, UnformedReason};

const IRAN: &str = "tests/data/no_deal/iran_usa_belgium.json";

fn simulation(path: &str) -> Simulation {
    let scenario = Scenario::from_path(path).expect("test scenario loads");
    Simulation::from_scenario(&scenario).expect("test scenario simulates")
}

/// By hand: each pair (BEL asks IRN for Vandecasteele, IRN asks BEL for
/// Assadi) has batch 1 on both sides and no recognition valued, so three
/// non-empty deals each: IRN frees Vandecasteele alone (IRN -3), BEL frees
/// Assadi alone (BEL -1), or the swap (IRN -3 + 2 = -1, BEL 5 - 1 = 4).
/// All six fail individual rationality, IRN's in four and BEL's in two; the
/// four one-sided ones break reciprocity too. The US imposes nothing on
/// Iran and holds no one it values: no pair.
#[test]
fn the_iran_belgium_swap_fails_irans_individual_rationality() {
    let sim = simulation(IRAN);
    let results = sim.experiment(&ExperimentConfig {
        runs: 16,
        rounds: 6,
        seed: 7,
    });
    assert_eq!(results.runs_without_deal, 16);
    let why = sim.diagnose(Some(&results));
    let pairs: Vec<(&str, &str, bool)> = why
        .pairs
        .iter()
        .map(|p| (p.demander.as_str(), p.holder.as_str(), p.unformed.is_none()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("USA", "IRN", false),
            ("IRN", "BEL", true),
            ("BEL", "IRN", true)
        ]
    );
    assert_eq!(
        sim.unformed_pairs()[0].reason,
        UnformedReason::HolderValuesNothing
    );
    assert_eq!(
        (why.candidates, why.legal(), why.refused.refused),
        (6, 0, 6)
    );
    assert_eq!(why.refused.by_rule["individual_rationality"], 6);
    assert_eq!(why.refused.by_rule["reciprocity"], 4);
    assert_eq!(why.refused.by_rule.len(), 2);
    assert_eq!(why.refused.not_rational["IRN"], 4);
    assert_eq!(why.refused.not_rational["BEL"], 2);
    // Strategies never agree below their reservation values: nothing
    // reaches the rulebook in the runs.
    assert!(why.agreements_refused.is_empty());
    let text = why.to_string();
    assert!(text.contains("USA does not negotiate with IRN"), "{text}");
    assert!(
        text.contains("4 leave IRN below its reservation value"),
        "{text}"
    );
}

#[test]
fn a_world_with_nothing_to_trade_says_so() {
    let sim = simulation("tests/data/no_deal/nothing_to_trade.json");
    let why = sim.diagnose(None);
    assert!(why.pairs.is_empty());
    assert_eq!((why.candidates, why.legal()), (0, 0));
    assert!(why.refused.is_empty());
    assert!(
        why.to_string()
            .starts_with("No government values a prisoner another holds"),
        "{why}"
    );
}

/// The explorer between Belgium and Iran: the same demands, and no deal the
/// generator proposes passes (any release by Iran costs it more than
/// Assadi is worth; any deal without one gives Belgium nothing).
#[test]
fn the_explorer_says_why_belgium_and_iran_have_no_deal() {
    let (_, world, rules) = detente::scenario::load(IRAN).expect("test scenario loads");
    let code = |c: &str| world.government_by_code(c).expect("government");
    let (bel, irn) = (code("BEL"), code("IRN"));
    let config = DealGameConfig {
        generator: DealGenerator::from(DealMenu {
            batches: vec![1],
            ..DealMenu::default()
        }),
        rounds: 1,
        proposers: vec![bel],
        parties: vec![bel, irn],
        pass: true,
        mediator: None,
    };
    let game = DealGame::new(&world, &rules, State::initial(&world), config).expect("game");
    let why = game.diagnose();
    let pairs: Vec<(&str, &str)> = why
        .pairs
        .iter()
        .map(|p| (p.demander.as_str(), p.holder.as_str()))
        .collect();
    assert_eq!(pairs, [("IRN", "BEL"), ("BEL", "IRN")]);
    assert!(why.candidates > 0);
    assert_eq!(why.legal(), 0, "{why}");
    assert_eq!(why.refused.refused, why.candidates - why.off_table);
    assert!(why.refused.not_rational["IRN"] > 0, "{why}");
    assert!(!why.refused.not_rational.contains_key("USA"));
}

/// Refusal counts are exact sums: parts over disjoint runs merge into the
/// single pass, they count every refused agreement, and a forged count is
/// refused by the shard invariants.
#[test]
fn refusals_merge_exactly_across_shards() {
    let sim = simulation("examples/scenarios/toy_bloc.json");
    let cfg = ExperimentConfig {
        runs: 12,
        rounds: 8,
        seed: 3,
    };
    let whole = sim.experiment(&cfg);
    assert!(whole.refusals.refused > 0, "toy_bloc refuses agreements");
    assert_eq!(
        u128::from(whole.refusals.refused),
        whole.counters.rejected.sum()
    );
    let mut merged = sim.run_range(&cfg, 5..12, &|_, _| {});
    let first = sim.run_range(&cfg, 0..5, &|_, _| {});
    first.check_covers(0..5).expect("a valid part");
    merged.merge(&first).expect("parts merge");
    assert_eq!(merged, whole);
    let text = serde_json::to_string(&whole).expect("serializes");
    let back: detente::simulate::ExperimentResults =
        serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, whole);
    let mut forged = first.clone();
    forged.refusals.refused += 1;
    assert!(forged.check_covers(0..5).is_err());
}

fn two_governments() -> (World, [GovernmentId; 2], PrisonerId) {
    let mut b = WorldBuilder::new("toy");
    let usa = b.government(GovernmentSpec::new("USA")).expect("USA");
    let irn = b.government(GovernmentSpec::new("IRN")).expect("IRN");
    let p = b
        .prisoner(PrisonerSpec::new("namazi", irn, usa))
        .expect("prisoner");
    b.value_prisoner(usa, p, 4.0).expect("value");
    b.value_prisoner(irn, p, -3.0).expect("value");
    (b.build().expect("world"), [usa, irn], p)
}

#[test]
fn violations_name_governments_and_prisoners() {
    let (world, [usa, irn], p) = two_governments();
    let deal = Deal::new().release(irn, usa, p, usa);
    let mut state = State::initial(&world);
    let rejected = Rulebook::standard()
        .check(
            &world,
            &mut state,
            &deal,
            &mut UndoLog::new(),
            &mut Vec::new(),
        )
        .expect_err("Iran gives Namazi for nothing");
    // Freeing Namazi costs Iran 3 (round 0: no discount) and brings it
    // nothing.
    let ir = rejected
        .violations
        .iter()
        .find(|v| v.rule == "individual_rationality")
        .expect("Iran's individual rationality fails");
    assert_eq!(
        ir.describe(&world),
        "rule `individual_rationality`: IRN's payoff change -3 is below its reservation value 0"
    );
    let all = rejected.describe(&world);
    assert!(all.starts_with("deal rejected: "), "{all}");
    assert!(!all.contains("g0") && !all.contains("g1"), "{all}");
    // The USA cannot release someone Iran holds.
    let wrong = Deal::new().release(usa, irn, p, usa);
    let rejected = Rulebook::standard()
        .check(
            &world,
            &mut state,
            &wrong,
            &mut UndoLog::new(),
            &mut Vec::new(),
        )
        .expect_err("not the holder");
    let text = rejected.describe(&world);
    assert!(
        text.contains("USA neither has custody of namazi nor is their legal holder"),
        "{text}"
    );
}

#[test]
fn debug_of_ids_and_deals_is_compact() {
    let (_, [usa, irn], p) = two_governments();
    let deal = Deal::new().release(irn, usa, p, usa);
    let debug = format!("{deal:?}");
    assert!(debug.contains("from: g1, to: g0"), "{debug}");
    assert!(debug.contains("prisoner: p0"), "{debug}");
    assert!(!debug.contains("GovernmentId"), "{debug}");
}

/// A ring of twelve: G(i) frees q(i) for G(i+1); every government gives
/// once and receives once, so the description has twelve clauses.
#[test]
fn a_deal_among_twelve_governments_names_all_twelve() {
    let mut b = WorldBuilder::new("ring");
    let govs: Vec<GovernmentId> = (0..12)
        .map(|i| {
            b.government(GovernmentSpec::new(&format!("G{i}")))
                .expect("government")
        })
        .collect();
    let mut deal = Deal::new();
    let mut prisoners = Vec::new();
    for i in 0..12 {
        let (holder, next) = (govs[i], govs[(i + 1) % 12]);
        let q = b
            .prisoner(PrisonerSpec::new(&format!("q{i}"), holder, next))
            .expect("prisoner");
        prisoners.push((holder, next, q));
    }
    let world = b.build().expect("world");
    for (holder, next, q) in prisoners {
        deal = deal.release(holder, next, q, next);
    }
    let expected: Vec<String> = (0..12)
        .map(|i| format!("G{i} releases q{i} to G{}", (i + 1) % 12))
        .collect();
    assert_eq!(deal.describe(&world), expected.join("; "));
}
