//! Perft for deals: exact counts of legal single deals on the small shipped
//! scenarios, under a fixed, documented generator. Each count is derived by
//! hand in the comments; a change to the rules, the payoffs or the generator
//! that alters a count fails here.

use detente::prelude::*;
use detente::scenario;

fn generator(relief: Vec<ReliefKind>, recognition: bool) -> DealGenerator {
    DealGenerator::from(DealMenu {
        batches: vec![1, 2],
        relief,
        suspend_rounds: 6,
        ease_fraction: 0.5,
        recognition_steps: u8::from(recognition),
        ..DealMenu::default()
    })
}

/// toy_bilateral: A demands, H holds p1 (A: 3, H: -1), p2 (2, -1), p3 (1, -0.5);
/// s1 (A on H) allows a licence worth 0.5 and a delisting; H values s1's full
/// relief at 10 and A at -2; recognition from A is worth 1 per level to H and
/// -0.5 to A. Discounts 1, no audience costs, reservations 0, standard rules.
///
/// Candidates at the start (pair A→H only: no one else values anything):
/// licence/delist × batch {p1} / {p1,p2}, and a call × the same batches = 6
/// (suspension is not allowed on s1, so the generator skips it).
///   licence+{p1}:     H 5-1=4,   A 3-1=2        legal
///   licence+{p1,p2}:  H 5-2=3,   A 5-1=4        legal
///   delist+{p1}:      H 10-1=9,  A 3-2=1        legal
///   delist+{p1,p2}:   H 10-2=8,  A 5-2=3        legal
///   call+{p1}:        H 1-1=0,   A 3-0.5=2.5    legal (0 meets reservation 0)
///   call+{p1,p2}:     H 1-2=-1                  not individually rational
/// => 5 legal deals.
#[test]
fn toy_bilateral_initial() {
    let (_, world, rules) = scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
    let gen_ = generator(
        vec![ReliefKind::Licence, ReliefKind::Delist, ReliefKind::Suspend],
        true,
    );
    let mut table = Table::new(&world, &rules);
    let mut all = Vec::new();
    gen_.candidates(&world, table.state(), &mut all);
    assert_eq!(all.len(), 6);
    assert_eq!(table.legal_deals(&gen_).len(), 5);
    let refused = all
        .iter()
        .filter(|d| !table.is_legal(d))
        .collect::<Vec<_>>();
    assert_eq!(refused.len(), 1);
    assert!(
        table
            .check(refused[0])
            .unwrap_err()
            .violates("individual_rationality")
    );
}

/// After licence+{p1} (s1 relieved to 0.5, p1 free), the candidates are the
/// same shapes over {p2} / {p2,p3}:
///   licence+…:   a licence no longer raises the level (0.5 <= 0.5): 2 illegal
///   delist+{p2}:     H 10*0.5-1=4,   A 2-2*0.5=1      legal
///   delist+{p2,p3}:  H 5-1.5=3.5,    A 3-1=2          legal
///   call+{p2}:       H 1-1=0,        A 2-0.5=1.5      legal
///   call+{p2,p3}:    H 1-1.5=-0.5                     not rational
/// => 3 legal of 6.
#[test]
fn toy_bilateral_after_licence() {
    let (_, world, rules) = scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
    let gen_ = generator(
        vec![ReliefKind::Licence, ReliefKind::Delist, ReliefKind::Suspend],
        true,
    );
    let mut table = Table::new(&world, &rules);
    let first = table.legal_deals(&gen_).remove(0);
    assert_eq!(first.concessions.len(), 2, "licence + p1 comes first");
    table.play(&first).unwrap();
    let mut all = Vec::new();
    gen_.candidates(&world, table.state(), &mut all);
    assert_eq!(all.len(), 6);
    let legal = table.legal_deals(&gen_);
    assert_eq!(legal.len(), 3);
    let licence_again = &all[0];
    assert!(
        table
            .check(licence_again)
            .unwrap_err()
            .violates("imposer_relieves")
    );
}

/// toy_bloc: the EU (members LTU, HUN) holds a unanimity sanction on BLR
/// allowing a 6-round suspension and easing; BLR holds q1 (EU 4, LTU 2,
/// BLR -2) and q2 (EU 1, BLR -1); relief values: BLR 6, EU -2, LTU -3, HUN 1.
///
/// Candidates: pair EU→BLR only (LTU values q1 but imposes nothing and
/// recognition is off): suspend/ease(0.5) × {q1} / {q1,q2} = 4.
///   suspend+{q1}:     LTU -3+2=-1   member veto
///   suspend+{q1,q2}:  LTU -3+2=-1   member veto
///   ease+{q1}:        LTU -1.5+2=0.5, HUN 0.5, BLR 3-2=1, EU 4-1=3     legal
///   ease+{q1,q2}:     LTU 0.5, HUN 0.5, BLR 3-3=0, EU 5-1=4            legal
/// => 2 legal.
#[test]
fn toy_bloc_initial() {
    let (_, world, rules) = scenario::load("examples/scenarios/toy_bloc.json").unwrap();
    let gen_ = generator(vec![ReliefKind::Suspend, ReliefKind::Ease], false);
    let mut table = Table::new(&world, &rules);
    let mut all = Vec::new();
    gen_.candidates(&world, table.state(), &mut all);
    assert_eq!(all.len(), 4);
    assert_eq!(table.legal_deals(&gen_).len(), 2);
    let err = table.check(&all[0]).unwrap_err();
    assert!(err.violates("bloc_unanimity"));
    let ltu = world.government_by_code("LTU").unwrap();
    assert!(err.violations.iter().any(|v| matches!(
        v.kind,
        ViolationKind::MemberVeto { member, .. } if member == ltu
    )));
}
