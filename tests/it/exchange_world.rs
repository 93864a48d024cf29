//! Exchange clearing on worlds: the prisoner-level graph, government-level
//! packages and the mediator, checked against the hand-worked answer of
//! `examples/scenarios/three_way_swap.json` (see its description).

use detente::deal::{ConcessionKind, Deal};
use detente::exchange::{Caps, ClearOptions, ExchangeKind, clear};
use detente::mediator::{
    Objective, PackageOptions, PackageOutcome, best_package, mediator_package, prisoner_graph,
};
use detente::model::State;
use detente::prelude::*;

const SWAP: &str = "examples/scenarios/three_way_swap.json";

#[test]
fn no_bilateral_deal_is_individually_rational() {
    let (_, world, rules) = detente::scenario::load(SWAP).unwrap();
    let mut table = Table::new(&world, &rules);
    // Every bilateral candidate the generator proposes is rejected...
    let mut candidates = Vec::new();
    DealGenerator::default().candidates(&world, table.state(), &mut candidates);
    assert!(!candidates.is_empty());
    for deal in &candidates {
        assert!(!table.is_legal(deal), "{deal:?}");
    }
    // ...and so is the best two-party package, with A's, B's or C's
    // constraint binding: each can be made to accept only at a loss.
    let two = PackageOptions {
        max_parties: Some(2),
        ..PackageOptions::default()
    };
    match best_package(&world, table.state(), &rules, &two) {
        PackageOutcome::Infeasible(why) => {
            assert!(!why.binding.is_empty());
            for b in &why.binding {
                assert!(b.best_delta < b.reservation, "{b:?}");
            }
        }
        PackageOutcome::Found(p) => panic!("no bilateral package should exist: {p:?}"),
    }
}

#[test]
fn the_three_way_swap_is_the_hand_answer() {
    let (_, world, rules) = detente::scenario::load(SWAP).unwrap();
    let code = |c| world.government_by_code(c).unwrap();
    let (a, b, c) = (code("A"), code("B"), code("C"));
    let state = State::initial(&world);
    let PackageOutcome::Found(p) = best_package(&world, &state, &rules, &PackageOptions::default())
    else {
        panic!("a three-party package exists");
    };
    assert!(p.optimal && p.violations.is_empty());
    assert_eq!(p.parties, vec![a, b, c]);
    // Each gets the prisoner it wants (10) and gives up its own (-4).
    for g in [a, b, c] {
        assert_eq!(p.delta[g.index()], 6.0);
    }
    assert_eq!(p.surplus, 18.0);
    assert_eq!(p.nash_product, 216.0);
    let releases: Vec<_> = p
        .deal
        .concessions
        .iter()
        .filter_map(|x| match x.kind {
            ConcessionKind::Release {
                prisoner,
                destination,
                ..
            } => Some((x.from, x.to, prisoner, destination)),
            _ => None,
        })
        .collect();
    assert_eq!(releases.len(), 3);
    assert_eq!(p.deal.concessions.len(), 3, "no recognition is needed");
    let key = |k| world.prisoner_by_key(k).unwrap();
    assert!(releases.contains(&(a, b, key("a"), b)));
    assert!(releases.contains(&(b, c, key("b"), c)));
    assert!(releases.contains(&(c, a, key("c"), a)));
    // The Nash product picks the same package here.
    let nash = PackageOptions {
        objective: Objective::NashProduct,
        ..PackageOptions::default()
    };
    assert_eq!(
        best_package(&world, &state, &rules, &nash)
            .package()
            .unwrap()
            .surplus,
        18.0
    );
    // The mediator's deal is legal at the table, staged at the venue.
    let mut table = Table::new(&world, &rules);
    let deal = mediator_package(&world, table.state(), &rules, &PackageOptions::default()).unwrap();
    assert_eq!(deal.staging, Staging::AtVenue { venue: code("V") });
    let played = table.play(&deal).unwrap();
    assert_eq!(played.delta[a.index()], 6.0);
    // Afterwards nothing is left to trade.
    assert!(mediator_package(&world, table.state(), &rules, &PackageOptions::default()).is_none());
}

#[test]
fn prisoner_level_clearing_finds_the_cycle() {
    let (_, world, rules) = detente::scenario::load(SWAP).unwrap();
    let state = State::initial(&world);
    let px = prisoner_graph(&world, &state, &rules);
    assert_eq!(px.graph.vertex_count(), 3);
    assert_eq!(px.graph.arc_count(), 3);
    let c = clear(&px.graph, &ClearOptions::default()).unwrap();
    assert!(c.optimal);
    assert_eq!(c.total_weight, 18.0);
    let deal: Deal = px.deal(&world, &rules, &c.exchanges);
    let mut table = Table::new(&world, &rules);
    let played = table.play(&deal).unwrap();
    let total: f64 = played.delta.iter().sum();
    assert_eq!(total, 18.0);
    // With only 2-cycles allowed there is nothing to clear.
    let two = ClearOptions::with_caps(detente::exchange::Caps::new(2, 0));
    assert_eq!(clear(&px.graph, &two).unwrap().total_weight, 0.0);
}

#[test]
fn a_release_for_recognition_alone_is_a_package() {
    // One holder, one demander: the release costs the holder 1 and the
    // demander's recognition (an envoy visit or more) is worth 1 a level.
    let (_, world, rules) =
        detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
    let state = State::initial(&world);
    let options = PackageOptions {
        max_parties: Some(2),
        ..PackageOptions::default()
    };
    let p = best_package(&world, &state, &rules, &options);
    let p = p
        .package()
        .expect("toy_bilateral has individually rational packages");
    for g in &p.parties {
        assert!(p.delta[g.index()] >= world.governments()[g.index()].reservation - 1e-9);
    }
    assert!(p.violations.is_empty(), "{:?}", p.violations);
}

/// A chain on a world, worked by hand. A gains 2 from releasing g (a
/// goodwill release: g is a burden to keep), whom B wants (5); B holds b,
/// whom C wants (5), and releasing b costs B 3. Nobody wants C's c. So g
/// starts a chain: A releases g to B (A +2), B releases b to C (B +5 - 3),
/// and C receives without giving (C +5). Total 9; there is no cycle.
#[test]
fn a_goodwill_release_starts_a_chain() {
    let mut b = WorldBuilder::new("chain");
    let ga = b.government(GovernmentSpec::new("A")).unwrap();
    let gb = b.government(GovernmentSpec::new("B")).unwrap();
    let gc = b.government(GovernmentSpec::new("C")).unwrap();
    let g = b.prisoner(PrisonerSpec::new("g", ga, gb)).unwrap();
    let pb = b.prisoner(PrisonerSpec::new("b", gb, gc)).unwrap();
    let pc = b.prisoner(PrisonerSpec::new("c", gc, gc)).unwrap();
    b.value_prisoner(ga, g, 2.0).unwrap();
    b.value_prisoner(gb, g, 5.0).unwrap();
    b.value_prisoner(gb, pb, -3.0).unwrap();
    b.value_prisoner(gc, pb, 5.0).unwrap();
    b.value_prisoner(gc, pc, -3.0).unwrap();
    let world = b.build().unwrap();
    let rules = Rulebook::from(vec![
        Rule::HolderReleases,
        Rule::NoDoubleRelease,
        Rule::IndividualRationality,
        Rule::Exile {
            third_country: false,
        },
    ]);
    let state = State::initial(&world);
    let px = prisoner_graph(&world, &state, &rules);
    let vertex = |p: PrisonerId| {
        px.graph
            .vertices()
            .find(|&v| px.prisoner(v) == p)
            .expect("held prisoners are vertices")
    };
    assert!(px.graph.is_altruist(vertex(g)));
    assert!(!px.graph.is_altruist(vertex(pb)));
    assert_eq!(px.graph.arc_count(), 2, "g -> b and b -> c");

    let c = clear(&px.graph, &ClearOptions::default()).unwrap();
    assert!(c.optimal);
    assert_eq!(c.total_weight, 9.0);
    let [chain] = &c.exchanges[..] else {
        panic!("one chain: {:?}", c.exchanges);
    };
    assert_eq!(chain.kind, ExchangeKind::Chain);
    assert_eq!(chain.vertices, [vertex(g), vertex(pb), vertex(pc)]);

    let deal = px.deal(&world, &rules, &c.exchanges);
    let released: Vec<(PrisonerId, GovernmentId, GovernmentId)> = deal
        .concessions
        .iter()
        .filter_map(|x| x.kind.prisoner().map(|p| (p, x.from, x.to)))
        .collect();
    assert_eq!(released, [(g, ga, gb), (pb, gb, gc)], "c stays held");
    let mut table = Table::new(&world, &rules);
    let played = table.play(&deal).expect("the chain passes the rulebook");
    assert_eq!(played.delta[ga.index()], 2.0);
    assert_eq!(played.delta[gb.index()], 2.0);
    assert_eq!(played.delta[gc.index()], 5.0);

    // Without chains there is nothing to clear; a one-gift chain stops at B.
    let no_chains = ClearOptions::with_caps(Caps::new(3, 0));
    assert_eq!(clear(&px.graph, &no_chains).unwrap().total_weight, 0.0);
    let one_gift = ClearOptions::with_caps(Caps::new(3, 1));
    assert_eq!(clear(&px.graph, &one_gift).unwrap().total_weight, 7.0);
}

/// Pool members alike share one evaluation in the package search, and only
/// as many as could be kept are weighed. The same prisoners added one by
/// one (no pool) must give the same package, up to which members go.
#[test]
fn a_pool_gives_the_same_package_as_its_members_added_one_by_one() {
    let build = |pooled: bool| {
        let mut b = WorldBuilder::new("pool");
        let usa = b.government(GovernmentSpec::new("USA")).unwrap();
        let blr = b.government(GovernmentSpec::new("BLR")).unwrap();
        let named = b.prisoner(PrisonerSpec::new("named", blr, blr)).unwrap();
        b.value_prisoner(usa, named, 4.0).unwrap();
        b.value_prisoner(blr, named, -1.0).unwrap();
        let values = [(usa, 0.5), (blr, -0.2)];
        if pooled {
            b.pool(
                "political",
                PrisonerSpec::new("p", blr, blr),
                60,
                0,
                &values,
            )
            .unwrap();
        } else {
            for i in 0..60 {
                let p = b
                    .prisoner(PrisonerSpec::new(&format!("p{i}"), blr, blr))
                    .unwrap();
                for &(g, v) in &values {
                    b.value_prisoner(g, p, v).unwrap();
                }
            }
        }
        b.value_recognition(blr, usa, blr, 3.0).unwrap();
        b.build().unwrap()
    };
    let rules = Rulebook::standard();
    let options = PackageOptions {
        max_candidates: Some(10),
        ..PackageOptions::default()
    };
    let answer = |pooled: bool| {
        let world = build(pooled);
        let state = State::initial(&world);
        let p = best_package(&world, &state, &rules, &options);
        let p = p.package().expect("a package").clone();
        let releases = p
            .deal
            .concessions
            .iter()
            .filter(|c| c.kind.prisoner().is_some())
            .count();
        (
            p.surplus,
            p.parties.len(),
            releases,
            p.optimal,
            p.violations.is_empty(),
        )
    };
    let (pooled, separate) = (answer(true), answer(false));
    assert_eq!(pooled, separate);
    assert!(pooled.2 > 1, "the package frees pool members: {pooled:?}");
}
