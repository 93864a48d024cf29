//! One deal space: for every demander–holder pair of every shipped scenario,
//! the explorer's generator, the negotiation layer and the simulator offer
//! the same concessions at the initial state (the same releases, the same
//! relief with the same parameters, the same recognition), all read from
//! the scenario's one deal menu. Prisoner-for-prisoner swaps are among
//! them: a swap between two governments is offered alike whichever of the
//! two is taken as the demander.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use detente::deal::{ConcessionKind, Deal, DealMenu};
use detente::generate::DealGenerator;
use detente::history::Case;
use detente::model::{GovernmentId, ReliefKind};
use detente::negotiate::{DealSpace, Utility};
use detente::scenario::Scenario;
use detente::simulate::Simulation;

fn scenarios() -> Vec<(PathBuf, Scenario)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("history"), root.join("swaps")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for f in files {
            let scenario = if !dir.ends_with("history") {
                Scenario::from_path(&f).unwrap()
            } else {
                Case::from_path(&f).unwrap().scenario
            };
            out.push((f, scenario));
        }
    }
    assert!(out.len() >= 14, "shipped scenarios found: {}", out.len());
    out
}

/// Every concession of the trades among `deals` (a release against
/// something in return, given by the other side: a lone release is a
/// gift, not an offer), as comparable text (concessions carry floats, so
/// they have no total order).
fn concessions<'a>(deals: impl IntoIterator<Item = &'a Deal>) -> BTreeSet<String> {
    deals
        .into_iter()
        .filter(|d| is_trade(d))
        .flat_map(|d| d.concessions.iter().map(|c| format!("{c:?}")))
        .collect()
}

fn is_release(c: &detente::deal::Concession) -> bool {
    matches!(c.kind, ConcessionKind::Release { .. })
}

/// A release, and a concession from someone other than its giver.
fn is_trade(d: &Deal) -> bool {
    d.concessions
        .iter()
        .filter(|c| is_release(c))
        .any(|r| d.concessions.iter().any(|c| c.from != r.from))
}

/// Whether `deal` is the generator's candidate for the ordered pair
/// `(d, h)`: its first concession goes from `d` to `h`, or it is a swap
/// (releases only) between the two, which is one deal for both orders.
fn belongs_to(deal: &Deal, d: GovernmentId, h: GovernmentId) -> bool {
    let c = &deal.concessions[0];
    let swap = deal.concessions.iter().all(is_release)
        && deal
            .concessions
            .iter()
            .all(|c| (c.from, c.to) == (d, h) || (c.from, c.to) == (h, d));
    (c.from, c.to) == (d, h) || swap
}

#[test]
fn the_three_engines_offer_the_same_concessions_for_every_pair() {
    let (pairs, simulated, swaps) = compare_engines(|_| {});
    // Every shipped scenario with prisoners to trade contributes pairs.
    assert!(pairs >= 10, "pairs with something to trade: {pairs}");
    assert!(simulated >= 10, "pairs the simulator talks in: {simulated}");
    // The prisoner-for-prisoner cases (Griner-Bout, Reed-Yaroshenko,
    // Vienna 2010...) offer swaps in both orders.
    assert!(swaps >= 8, "ordered pairs offering a swap: {swaps}");
}

/// With every relief form on the menu, an easing of one half and two
/// recognition steps, the engines still agree, and the menu's numbers are
/// the ones offered: easing by 0.5 and unfreezing Iran's funds (2023).
#[test]
fn the_whole_menu_is_offered_alike_with_its_own_numbers() {
    let (pairs, _, _) = compare_engines(|menu| {
        menu.relief = vec![
            ReliefKind::Licence,
            ReliefKind::Delist,
            ReliefKind::Suspend,
            ReliefKind::Ease,
            ReliefKind::Unfreeze,
        ];
        menu.ease_fraction = 0.5;
        menu.recognition_steps = 2;
    });
    assert!(pairs >= 10, "pairs with something to trade: {pairs}");
}

/// Compares the engines over every pair of every shipped scenario, with the
/// scenario's menu changed by `edit`; returns the number of pairs with a
/// trade, of pairs the simulator talks in, and of pairs offering a swap.
fn compare_engines(edit: impl Fn(&mut DealMenu)) -> (usize, usize, usize) {
    let mut pairs_compared = 0;
    let mut simulated_pairs = 0;
    let mut ease_offered = false;
    let mut unfreeze_offered = false;
    // Which of the two forms some scenario's own (edited) menu lists: a form
    // may be offered only where a menu lists it.
    let (mut ease_listed, mut unfreeze_listed) = (false, false);
    let mut swaps_offered = 0;
    for (path, mut scenario) in scenarios() {
        edit(
            &mut scenario
                .dynamics
                .get_or_insert_with(Default::default)
                .negotiation
                .menu,
        );
        let sim = Simulation::from_scenario(&scenario).unwrap();
        let (world, state) = (sim.world(), sim.initial_state());
        let menu = &sim.dynamics().negotiation.menu;
        ease_listed |= menu.relief.contains(&ReliefKind::Ease);
        unfreeze_listed |= menu.relief.contains(&ReliefKind::Unfreeze);
        let mut candidates = Vec::new();
        DealGenerator::from(menu.clone()).candidates(world, state, &mut candidates);
        let n = world.governments().len();
        for d in (0..n).map(GovernmentId::new) {
            for h in (0..n).map(GovernmentId::new) {
                if d == h || world.governments()[h.index()].is_bloc() {
                    continue;
                }
                let label = format!("{}: {}-{}", path.display(), world.code(d), world.code(h));
                let generated =
                    concessions(candidates.iter().filter(|deal| belongs_to(deal, d, h)));
                let space = DealSpace::build(world, state, d, h, menu).unwrap();
                let negotiated: Vec<Deal> = space
                    .space()
                    .outcomes()
                    .map(|o| space.deal(world, state, o))
                    .collect();
                let negotiated = concessions(&negotiated);
                ease_offered |= negotiated
                    .iter()
                    .any(|c| c.contains("Ease") && c.contains("fraction: 0.5"));
                unfreeze_offered |= negotiated.iter().any(|c| c.contains("Unfreeze"));
                swaps_offered += usize::from(
                    negotiated
                        .iter()
                        .any(|c| c.contains("Release") && c.contains(&format!("from: {d:?}"))),
                );
                assert_eq!(generated, negotiated, "{label}: generator vs negotiation");
                match sim.opening_deals(d, h) {
                    Some(deals) => {
                        simulated_pairs += 1;
                        if sim.dynamics().negotiation.ladder.is_some() {
                            // A ladder narrows the same space: one concession
                            // per deal, under the opening cap.
                            let offered = concessions(&deals);
                            assert!(offered.is_subset(&negotiated), "{label}: simulator");
                            for deal in deals.iter().filter(|x| is_trade(x)) {
                                let given = deal
                                    .concessions
                                    .iter()
                                    .filter(|c| c.from == d && !is_release(c))
                                    .count();
                                assert!(given <= 1, "{label}: {given} concessions in {deal:?}");
                            }
                        } else {
                            assert_eq!(concessions(&deals), negotiated, "{label}: simulator");
                        }
                    }
                    None => {
                        // The simulator skips a pair only when there is no
                        // trade or the holder values nothing the demander
                        // can give.
                        let [_, holder] = space.utilities(world, state).unwrap();
                        let gives_nothing = space
                            .space()
                            .outcomes()
                            .filter(|&o| space.space().value_of(o, 0) == 0)
                            .all(|o| holder.eval(o) <= 0.0);
                        assert!(
                            negotiated.is_empty() || gives_nothing,
                            "{label}: the simulator skips a pair with a trade"
                        );
                    }
                }
                pairs_compared += usize::from(!negotiated.is_empty());
            }
        }
    }
    let whole_menu = menu_has_everything(&edit);
    assert!(ease_listed || !ease_offered, "easing offered by no menu");
    assert!(
        unfreeze_listed || !unfreeze_offered,
        "unfreezing offered by no menu"
    );
    if whole_menu {
        assert!(ease_offered, "easing by the menu's 0.5 offered");
        assert!(unfreeze_offered, "unfreezing offered");
    }
    (pairs_compared, simulated_pairs, swaps_offered)
}

/// Whether `edit` puts easing and unfreezing on the default menu.
fn menu_has_everything(edit: &impl Fn(&mut DealMenu)) -> bool {
    let mut menu = DealMenu::default();
    edit(&mut menu);
    menu.relief.contains(&ReliefKind::Ease) && menu.relief.contains(&ReliefKind::Unfreeze)
}

/// The menu is written as fields of `dynamics.negotiation`, as before it
/// was one type: its numbers are read, a misspelt field is still refused,
/// and unfreezing may now be offered in simulated talks.
#[test]
fn scenario_files_write_the_menu_inside_negotiation() {
    let text = |negotiation: &str| {
        format!(
            r#"{{"name": "menu", "governments": [{{"id": "A"}}, {{"id": "H"}}],
               "dynamics": {{"negotiation": {negotiation}}}}}"#
        )
    };
    let scenario = Scenario::from_json_str(&text(
        r#"{"batches": [2, 5], "relief": ["ease", "unfreeze"], "ease_fraction": 0.5, "recognition_steps": 2}"#,
    ))
    .unwrap();
    let menu = &scenario.dynamics.unwrap().negotiation.menu;
    assert_eq!(menu.batches, [2, 5]);
    assert_eq!(menu.relief, [ReliefKind::Ease, ReliefKind::Unfreeze]);
    assert_eq!(
        (
            menu.ease_fraction,
            menu.recognition_steps,
            menu.suspend_rounds
        ),
        (0.5, 2, 6)
    );
    let misspelt = Scenario::from_json_str(&text(r#"{"ease_fracton": 0.5}"#)).unwrap_err();
    assert!(misspelt.to_string().contains("ease_fracton"), "{misspelt}");
    let out_of_range = Scenario::from_json_str(&text(r#"{"ease_fraction": 1.5}"#))
        .unwrap()
        .validate()
        .unwrap_err();
    assert!(
        out_of_range
            .to_string()
            .contains("negotiation.ease_fraction"),
        "{out_of_range}"
    );
    let unfreeze = Scenario::from_json_str(&text(r#"{"relief": ["unfreeze"]}"#)).unwrap();
    assert!(unfreeze.validate().is_ok());
}
