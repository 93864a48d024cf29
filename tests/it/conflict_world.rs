//! The conflict derived from the shipped Belarus 2025 world: ownership and
//! feasibility from the rules, payoffs from the world's valuations.

use detente::conflict::{Direction, DmId, Preferences, belarus_2025};

fn scores(p: &Preferences) -> &[f64] {
    match p {
        Preferences::Scores(v) => v,
        other => panic!("derived preferences are scores, got {other:?}"),
    }
}

#[test]
fn belarus_conflict_follows_world_and_rules() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/scenarios/belarus_2025.json"
    );
    let (_, world, _) = detente::scenario::load(path).expect("shipped scenario loads");
    let spec = belarus_2025(&world).unwrap();
    let conflict = spec.build(&world).unwrap();
    let model = conflict.compile().unwrap();
    // Releases and arrests belong to Belarus, licences and snapback to the
    // US, the suspension to the EU; all one-way.
    let owners: Vec<usize> = conflict.options.iter().map(|o| o.owner).collect();
    assert_eq!(owners, vec![1, 1, 1, 1, 0, 0, 0, 2]);
    assert!(
        conflict
            .options
            .iter()
            .all(|o| o.direction == Direction::Fwd)
    );
    // Snapback without the licence is infeasible: 256 - 64 states.
    assert_eq!(model.states().len(), 192);
    assert_eq!(model.status_quo().map(|s| s.number()), Some(1));

    let usa = world.government_by_code("USA").unwrap();
    let blr = world.government_by_code("BLR").unwrap();
    let potash = world.sanction_by_key("us_potash").unwrap();
    let s = &world.sanctions()[potash.index()];
    let fraction = s
        .relief_option(detente::model::ReliefKind::Licence)
        .unwrap()
        .value_fraction;
    let sq = 0usize;
    // State with only the potash licence: code 2^4.
    let lic = model.states().lookup(1 << 4).unwrap().index();
    let us = scores(&conflict.decision_makers[0].preferences);
    let by = scores(&conflict.decision_makers[1].preferences);
    let want_us =
        fraction * world.valuations().sanction(usa, potash) + 12.0 * fraction * s.cost_to_imposer;
    assert!(
        (us[lic] - us[sq] - want_us).abs() < 1e-9,
        "{} vs {want_us}",
        us[lic] - us[sq]
    );
    let want_blr =
        fraction * world.valuations().sanction(blr, potash) + 12.0 * fraction * s.cost_to_target;
    assert!((by[lic] - by[sq] - want_blr).abs() < 1e-9);
    // Snapping the licence back restores the status quo's payoffs.
    let snap = model.states().lookup((1 << 4) | (1 << 6)).unwrap().index();
    assert!((us[snap] - us[sq]).abs() < 1e-9 && (by[snap] - by[sq]).abs() < 1e-9);
    // Arresting 50 reserve members of the political pool is worth 50 times
    // minus the value each government puts on one release from that pool.
    let arrests = model.states().lookup(1 << 3).unwrap().index();
    let pool = world.pools().iter().find(|p| p.key == "political").unwrap();
    let member = detente::model::PrisonerId(pool.first.0 + pool.held);
    let want = -50.0 * world.valuations().prisoner(usa, member);
    assert!((us[arrests] - us[sq] - want).abs() < 1e-9);
    // Rankings follow the scores.
    let p = model.payoffs(DmId(0));
    assert_eq!(p[lic] > p[sq], us[lic] > us[sq]);
}
