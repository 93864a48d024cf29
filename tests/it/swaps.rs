//! Prisoner-for-prisoner swaps in the simulator: forward scenarios built
//! from history cases reach the recorded exchange, variants that did not
//! happen stay rare, and pairs that do not form say why.

use std::collections::BTreeMap;
use std::path::Path;

use detente::deal::{BatchOrder, ConcessionKind, Deal, ReleaseKind, UndoLog};
use detente::history::{Case, CaseOutcome};
use detente::model::{State, World};
use detente::rules::ViolationKind;
use detente::scenario::Scenario;
use detente::simulate::{Simulation, UnformedReason};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The prisoners a deal releases, by scenario id, and the funds it
/// unfreezes, as `unfreeze:<sanction>`, sorted: the exchange it makes,
/// whichever side is called the demander. Where the funds go (an escrow or
/// straight to the target) is left out: the simulator has no escrow.
fn exchange(world: &World, deal: &Deal) -> Vec<String> {
    let mut out: Vec<String> = deal
        .concessions
        .iter()
        .filter_map(|c| match c.kind {
            ConcessionKind::Release { prisoner, .. } => {
                world.prisoner(prisoner).map(|p| p.key.clone())
            }
            ConcessionKind::Unfreeze { sanction, .. } => world
                .sanction(sanction)
                .map(|s| format!("unfreeze:{}", s.key)),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// The case's recorded exchange and the exchanges offered and refused.
fn recorded(case_file: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let case = Case::from_path(root().join(case_file)).unwrap();
    let world = case.build().unwrap();
    let state = case.initial_state(&world);
    let mut accepted = None;
    let mut refused = Vec::new();
    for step in &case.steps {
        let deal = exchange(&world, &step.deal(&world, &state));
        match step.outcome {
            CaseOutcome::Accepted => accepted = Some(deal),
            CaseOutcome::Refused { .. } => refused.push(deal),
        }
    }
    (accepted.expect("a recorded deal"), refused)
}

/// The first agreement of each of `runs` fixed-seed runs that reach one.
fn first_agreements(sim: &Simulation, runs: u64) -> Vec<Vec<String>> {
    (0..runs)
        .filter_map(|run| {
            let (_, trajectory) = sim.run_one(2022, run, sim.default_rounds());
            trajectory
                .rounds
                .iter()
                .flat_map(|r| &r.deals)
                .find(|d| d.passed)
                .map(|d| exchange(sim.world(), &d.deal))
        })
        .collect()
}

#[test]
fn griner_for_bout_is_the_most_common_agreement_and_whelan_stays_out() {
    let (deal, refused) = recorded("examples/scenarios/history/griner_bout_2022.json");
    assert_eq!(
        deal,
        ["bout", "griner"],
        "the case file's recorded exchange"
    );
    assert!(refused[0].contains(&"whelan".to_string()));
    reaches_the_record("griner_bout_2022", &[]);
}

#[test]
fn reed_for_yaroshenko_is_the_most_common_agreement() {
    reaches_the_record("reed_yaroshenko_2022", &[]);
}

#[test]
fn vandecasteele_for_assadi_is_the_most_common_agreement() {
    reaches_the_record("belgium_iran_2023", &[]);
}

/// Ten for four; the variant of four for four (the recorded four for as
/// many of the illegals) stays rare.
#[test]
fn ten_illegals_for_four_is_the_most_common_agreement() {
    let (deal, _) = recorded("examples/scenarios/history/vienna_2010.json");
    let (four, ten): (Vec<_>, Vec<_>) = deal.iter().partition(|k| k.starts_with("spies_for_west"));
    assert_eq!((four.len(), ten.len()), (4, 10), "{deal:?}");
    let mut four_for_four: Vec<String> = four
        .iter()
        .chain(&ten[..4])
        .map(|k| k.to_string())
        .collect();
    four_for_four.sort();
    reaches_the_record("vienna_2010", &[four_for_four]);
}

/// The recorded Vienna deal says how and where, as the record does
/// (RU-US-2010-07-09): Medvedev pardoned the four, the US expelled the ten,
/// all fourteen in Vienna; two of the four were released to the US and
/// landed in the UK, so the UK is their destination and Austria their
/// venue, kept apart.
#[test]
fn the_recorded_vienna_deal_pardons_four_and_expels_ten_in_vienna() {
    let case = Case::from_path(root().join("examples/scenarios/history/vienna_2010.json")).unwrap();
    let world = case.build().unwrap();
    let state = case.initial_state(&world);
    let deal = case.steps[0].deal(&world, &state);
    let code = |c: &str| world.government_by_code(c).unwrap();
    let mut forms: BTreeMap<(&str, &str, ReleaseKind, String), usize> = BTreeMap::new();
    for c in &deal.concessions {
        if let ConcessionKind::Release {
            prisoner,
            destination,
            how,
            venue,
        } = c.kind
        {
            let pool = if world
                .prisoner(prisoner)
                .unwrap()
                .key
                .starts_with("illegals")
            {
                "illegals"
            } else {
                "spies_for_west"
            };
            let venue = venue.map(|v| v.as_str().to_string()).unwrap_or_default();
            *forms
                .entry((pool, world.code(destination), how, venue))
                .or_default() += 1;
        }
    }
    let expected: BTreeMap<_, _> = [
        (
            ("illegals", "RUS", ReleaseKind::Expulsion, "AUT".to_string()),
            10,
        ),
        (
            (
                "spies_for_west",
                "GBR",
                ReleaseKind::Pardon,
                "AUT".to_string(),
            ),
            2,
        ),
        (
            (
                "spies_for_west",
                "USA",
                ReleaseKind::Pardon,
                "AUT".to_string(),
            ),
            2,
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(forms, expected);
    assert_eq!(deal.parties(), vec![code("USA"), code("RUS")]);
}

/// Five for five with the funds; the same swap without the funds stays
/// rare.
#[test]
fn five_for_five_and_the_funds_is_the_most_common_agreement() {
    let (deal, _) = recorded("examples/scenarios/history/iran_2023.json");
    assert!(
        deal.contains(&"unfreeze:us_oil_funds".to_string()),
        "{deal:?}"
    );
    let no_funds: Vec<String> = deal
        .iter()
        .filter(|k| !k.starts_with("unfreeze:"))
        .cloned()
        .collect();
    reaches_the_record("iran_2023", &[no_funds]);
}

/// Worked by hand from the case file's values, with batches of one added
/// to the menu: one American for one Iranian and the funds would give Iran
/// 0.5 + 3 - 1 = 2.5, more than the record's 0.5, but the US must-have on
/// all five refuses every deal that leaves four of them in Iran, naming
/// the four. The deal space knows it: every batch Iran gives carries all
/// five, so the one-for-one is never offered; the five for five with the
/// funds is, and passes.
#[test]
fn the_must_have_on_all_five_refuses_one_for_one() {
    let mut scenario =
        Scenario::from_path(root().join("examples/scenarios/swaps/iran_2023.json")).unwrap();
    scenario.dynamics.as_mut().unwrap().negotiation.menu.batches = vec![1, 5];
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let w = sim.world();
    let (usa, irn) = (
        w.government_by_code("USA").unwrap(),
        w.government_by_code("IRN").unwrap(),
    );
    let deals = sim.opening_deals(usa, irn).expect("the US and Iran talk");
    let released = |d: &Deal| {
        exchange(w, d)
            .iter()
            .filter(|k| !k.starts_with("unfreeze:"))
            .count()
    };
    let check = |deal: &Deal| {
        let mut state: State = sim.initial_state().clone();
        let (mut log, mut delta) = (UndoLog::new(), Vec::new());
        let checked = sim.rules().check(w, &mut state, deal, &mut log, &mut delta);
        (checked, delta)
    };
    let funds = |d: &Deal| exchange(w, d).contains(&"unfreeze:us_oil_funds".to_string());
    let offered_one_for_one = deals.iter().filter(|d| released(d) == 2).count();
    assert_eq!(
        offered_one_for_one, 0,
        "batches below the must-haves offered"
    );
    let five_for_five = deals
        .iter()
        .find(|d| released(d) == 10 && funds(d))
        .expect("the recorded five for five with the funds is offered");
    let (checked, delta) = check(five_for_five);
    checked.unwrap();
    assert!((delta[irn.index()] - 0.5).abs() < 1e-12, "{delta:?}");
    // Built by hand: the first American for the first Iranian, and the funds.
    let mut one_for_one = five_for_five.clone();
    let mut kept = [false, false];
    one_for_one.concessions.retain(|c| match c.kind.prisoner() {
        Some(_) => {
            let side = usize::from(c.from == usa);
            !std::mem::replace(&mut kept[side], true)
        }
        None => true,
    });
    assert_eq!(released(&one_for_one), 2);
    let refused = check(&one_for_one).0.unwrap_err();
    let missing: Vec<_> = refused
        .violations
        .iter()
        .filter_map(|v| match &v.kind {
            ViolationKind::MissingMustHave { by, prisoners } => Some((*by, prisoners.len())),
            _ => None,
        })
        .collect();
    assert_eq!(missing, [(usa, 4)], "{refused:?}");
}

/// Floderus and Azizi for Nouri; adding Djalali stays rare.
#[test]
fn floderus_and_azizi_for_nouri_is_the_most_common_agreement() {
    let (deal, _) = recorded("examples/scenarios/history/sweden_iran_2024.json");
    let mut with_djalali = deal.clone();
    with_djalali.push("djalali".to_string());
    with_djalali.sort();
    reaches_the_record("sweden_iran_2024", &[with_djalali]);
}

/// The forward scenario `swaps/NAME` reaches the exchange recorded in
/// `history/NAME` as its most common first agreement, in at least half of
/// the runs that agree, and each exchange the record says was refused, and
/// each of `variants`, in under a tenth of them.
fn reaches_the_record(name: &str, variants: &[Vec<String>]) {
    let (deal, mut refused) = recorded(&format!("examples/scenarios/history/{name}.json"));
    refused.extend_from_slice(variants);
    let scenario =
        Scenario::from_path(root().join(format!("examples/scenarios/swaps/{name}.json"))).unwrap();
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let runs = 400;
    let agreements = first_agreements(&sim, runs);
    let mut counts: BTreeMap<&Vec<String>, usize> = BTreeMap::new();
    for a in &agreements {
        *counts.entry(a).or_default() += 1;
    }
    let (most_common, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    assert_eq!(*most_common, &deal, "{counts:?}");
    let share =
        |x: &Vec<String>| counts.get(x).copied().unwrap_or(0) as f64 / agreements.len() as f64;
    // About half the runs agree within the year (202 of 400 with this
    // seed): Boulware sides concede late. Ask for a quarter at least.
    assert!(
        agreements.len() as u64 >= runs / 4,
        "runs with a deal: {}",
        agreements.len()
    );
    assert!(share(&deal) >= 0.5, "{counts:?}");
    for variant in &refused {
        assert!(share(variant) < 0.1, "{counts:?}");
    }
}

/// Worked by hand from the case file's values: Griner for Bout gives the
/// US 5 - 3 - 0.5 (its audience cost for one concession) = 1.5 and Russia
/// 6 - 2 = 4; adding Whelan gives Russia 6 - 2 - 5 = -1, below its
/// reservation of 0, so the rulebook refuses it naming Russia.
#[test]
fn adding_whelan_fails_russias_individual_rationality() {
    let scenario =
        Scenario::from_path(root().join("examples/scenarios/swaps/griner_bout_2022.json")).unwrap();
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let w = sim.world();
    let code = |c: &str| w.government_by_code(c).unwrap();
    let (usa, rus) = (code("USA"), code("RUS"));
    let deals = sim.opening_deals(usa, rus).expect("the US and Russia talk");
    let find = |names: &[&str]| {
        deals
            .iter()
            .find(|d| exchange(w, d) == names)
            .unwrap_or_else(|| panic!("{names:?} on offer"))
            .clone()
    };
    let mut state: State = sim.initial_state().clone();
    let (mut log, mut delta) = (UndoLog::new(), Vec::new());
    let swap = find(&["bout", "griner"]);
    sim.rules()
        .check(w, &mut state, &swap, &mut log, &mut delta)
        .unwrap();
    assert!((delta[usa.index()] - 1.5).abs() < 1e-12, "{delta:?}");
    assert!((delta[rus.index()] - 4.0).abs() < 1e-12, "{delta:?}");
    let greedy = find(&["bout", "griner", "whelan"]);
    let refused = sim
        .rules()
        .check(w, &mut state, &greedy, &mut log, &mut delta)
        .unwrap_err();
    let irrational: Vec<_> = refused
        .violations
        .iter()
        .filter_map(|v| match v.kind {
            ViolationKind::NotRational { party, delta, .. } => Some((party, delta)),
            _ => None,
        })
        .collect();
    assert_eq!(irrational.len(), 1, "{refused:?}");
    assert_eq!(irrational[0].0, rus);
    assert!((irrational[0].1 + 1.0).abs() < 1e-12);
}

/// Worked by hand from the case file's values: Iran's joint gains are
/// Floderus 3 - 1 = 2, Azizi 1 - 0.3 = 0.7, Djalali 3 - 3 = 0, so a
/// joint-gain batch of two is Floderus and Azizi, and for Nouri it gives
/// Sweden 3 + 1 - 1.5 - 0.5 (its audience cost for one concession) = 2 and
/// Iran 2 - 1 - 0.3 = 0.7. By Sweden's value alone Djalali ties Floderus at
/// 3 and comes before Azizi, so the batch of two would be Floderus and
/// Djalali, which Iran refuses (2 - 1 - 3 < 0).
#[test]
fn a_joint_gain_batch_frees_floderus_and_azizi_and_keeps_djalali() {
    let scenario =
        Scenario::from_path(root().join("examples/scenarios/swaps/sweden_iran_2024.json")).unwrap();
    let batches_of_two = |scenario: &Scenario| {
        let sim = Simulation::from_scenario(scenario).unwrap();
        let w = sim.world();
        let (swe, irn) = (
            w.government_by_code("SWE").unwrap(),
            w.government_by_code("IRN").unwrap(),
        );
        let mut out: Vec<(Vec<String>, Vec<f64>)> = Vec::new();
        for deal in sim.opening_deals(swe, irn).expect("Sweden and Iran talk") {
            let released = exchange(w, &deal);
            if released.len() == 3 && released.contains(&"nouri".to_string()) {
                let mut state: State = sim.initial_state().clone();
                let (mut log, mut delta) = (UndoLog::new(), Vec::new());
                let passed = sim
                    .rules()
                    .check(w, &mut state, &deal, &mut log, &mut delta);
                let gains = match passed {
                    Ok(_) => vec![delta[swe.index()], delta[irn.index()]],
                    Err(_) => Vec::new(),
                };
                out.push((released, gains));
            }
        }
        out
    };
    let joint = batches_of_two(&scenario);
    assert_eq!(joint.len(), 1, "{joint:?}");
    assert_eq!(joint[0].0, ["azizi", "floderus", "nouri"]);
    let gains = &joint[0].1;
    assert!(
        (gains[0] - 2.0).abs() < 1e-12 && (gains[1] - 0.7).abs() < 1e-12,
        "{gains:?}"
    );
    let mut by_value = scenario.clone();
    by_value
        .dynamics
        .as_mut()
        .unwrap()
        .negotiation
        .menu
        .batch_order = BatchOrder::ReceiverValue;
    let wanted = batches_of_two(&by_value);
    assert_eq!(wanted.len(), 1, "{wanted:?}");
    assert_eq!(wanted[0].0, ["djalali", "floderus", "nouri"]);
    assert!(wanted[0].1.is_empty(), "refused by Iran's rationality");
}

/// Both orders of a mutual holding talk; a demand with nothing to give in
/// return, or no batch that fits, is reported with its reason.
#[test]
fn swap_pairs_form_and_unformed_pairs_say_why() {
    let scenario = Scenario::from_json_str(
        r#"{"name": "why", "governments": [{"id": "A"}, {"id": "B"}, {"id": "C"}],
            "prisoners": [
              {"id": "a1", "held_by": "A", "valued_by": {"B": 2.0}},
              {"id": "b1", "held_by": "B", "valued_by": {"A": 2.0}},
              {"id": "c1", "held_by": "C", "valued_by": {"A": 1.0}},
              {"id": "c2", "held_by": "C", "valued_by": {"B": 1.0}}
            ],
            "dynamics": {"negotiation": {"batches": [1]}}}"#,
    )
    .unwrap();
    let sim = Simulation::from_scenario(&scenario).unwrap();
    let w = sim.world();
    let codes = |pairs: Vec<(detente::model::GovernmentId, detente::model::GovernmentId)>| {
        pairs
            .into_iter()
            .map(|(d, h)| format!("{}-{}", w.code(d), w.code(h)))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(sim.pairs()), ["A-B", "B-A"]);
    let gaps: Vec<_> = sim
        .unformed_pairs()
        .iter()
        .map(|u| {
            (
                format!("{}-{}", w.code(u.demander), w.code(u.holder)),
                u.reason,
            )
        })
        .collect();
    assert_eq!(
        gaps,
        [
            ("A-C".to_string(), UnformedReason::HolderValuesNothing),
            ("B-C".to_string(), UnformedReason::HolderValuesNothing),
        ]
    );
    let mut too_big = scenario.clone();
    too_big.dynamics.as_mut().unwrap().negotiation.menu.batches = vec![2];
    let sim = Simulation::from_scenario(&too_big).unwrap();
    assert!(sim.pairs().is_empty());
    assert!(
        sim.unformed_pairs()
            .iter()
            .all(|u| u.reason == UnformedReason::NoBatchFits { available: 1 }),
        "{:?}",
        sim.unformed_pairs()
    );
    assert_eq!(sim.unformed_pairs().len(), 4);
}
