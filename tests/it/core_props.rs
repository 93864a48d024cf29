//! Property tests of the core: apply/undo is exact, illegal deals change
//! nothing, scenarios round-trip through JSON and TOML, and no text makes
//! loading panic.

use detente::deal::{Concession, ConcessionKind};
use detente::model::*;
use detente::prelude::*;
use detente::scenario::Scenario;
use proptest::prelude::*;

/// `(government index, value)` pairs.
type Values = Vec<(usize, i8)>;

/// Parameters of a random world.
#[derive(Clone, Debug)]
struct WorldParams {
    n_gov: usize,
    prisoners: Vec<(usize, usize, bool, Values)>,
    sanctions: Vec<(usize, usize, u8, Values)>,
    bloc: bool,
}

fn world_params() -> impl Strategy<Value = WorldParams> {
    (2usize..6).prop_flat_map(|n| {
        let value = prop::collection::vec((0..n, -5i8..6), 0..4);
        (
            Just(n),
            prop::collection::vec((0..n, 0..n, any::<bool>(), value.clone()), 0..12),
            prop::collection::vec((0..n, 0..n, 0u8..32, value), 0..4),
            any::<bool>(),
        )
            .prop_map(|(n_gov, prisoners, sanctions, bloc)| WorldParams {
                n_gov,
                prisoners,
                sanctions,
                bloc,
            })
    })
}

fn build(p: &WorldParams) -> World {
    let mut b = WorldBuilder::new("random");
    // The last government is a bloc of the first two when `bloc` is set.
    let ids: Vec<GovernmentId> = (0..p.n_gov)
        .map(|i| {
            let mut spec = GovernmentSpec::new(&format!("G{i}"));
            spec.discount = 0.9 + 0.02 * i as f64;
            spec.audience_cost = 0.1 * i as f64;
            if p.bloc && i == p.n_gov - 1 && p.n_gov > 2 {
                spec.kind = GovernmentKind::Bloc;
            }
            b.government(spec).unwrap()
        })
        .collect();
    let bloc = (p.bloc && p.n_gov > 2).then(|| ids[p.n_gov - 1]);
    if let Some(bloc) = bloc {
        b.membership(ids[0], bloc).unwrap();
        b.membership(ids[1], bloc).unwrap();
    }
    let state_gov = |i: usize| if Some(ids[i]) == bloc { ids[0] } else { ids[i] };
    for (k, (holder, citizen, exile, values)) in p.prisoners.iter().enumerate() {
        let mut spec = PrisonerSpec::new(&format!("p{k}"), state_gov(*holder), ids[*citizen]);
        spec.accepts_exile = *exile;
        let id = b.prisoner(spec).unwrap();
        for &(g, v) in values {
            b.value_prisoner(ids[g], id, f64::from(v)).unwrap();
        }
    }
    for (k, (imp, tgt, mask, values)) in p.sanctions.iter().enumerate() {
        let tgt = if imp == tgt {
            (tgt + 1) % p.n_gov
        } else {
            *tgt
        };
        let kinds = [
            ReliefKind::Licence,
            ReliefKind::Delist,
            ReliefKind::Suspend,
            ReliefKind::Ease,
            ReliefKind::Unfreeze,
        ];
        let relief = kinds
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(i, &kind)| ReliefOption {
                kind,
                value_fraction: 0.25 * (1 + i % 4) as f64,
                max_rounds: (kind == ReliefKind::Suspend).then_some(4),
            })
            .collect();
        let mut spec = SanctionSpec::new(&format!("s{k}"), ids[*imp], ids[tgt], relief);
        spec.frozen_funds = 100.0;
        if Some(ids[*imp]) == bloc {
            spec.authority = Authority::Unanimity;
        }
        let id = b.sanction(spec).unwrap();
        for &(g, v) in values {
            b.value_sanction(ids[g], id, f64::from(v)).unwrap();
        }
    }
    b.value_recognition(ids[1], ids[0], ids[1], 1.5).unwrap();
    b.value_funds(ids[1], 0.01).unwrap();
    b.build().unwrap()
}

/// A random concession with ids slightly beyond the world's range, so that
/// unknown ids are exercised too.
fn concession(n_gov: u32, n_p: u32, n_s: u32) -> impl Strategy<Value = Concession> {
    let g = 0..n_gov + 1;
    let kind = prop_oneof![
        (0..n_p + 1, g.clone())
            .prop_map(|(p, d)| ConcessionKind::release(PrisonerId(p), GovernmentId(d))),
        (0..n_s + 1).prop_map(|s| ConcessionKind::Licence {
            sanction: SanctionId(s)
        }),
        (0..n_s + 1).prop_map(|s| ConcessionKind::Delist {
            sanction: SanctionId(s)
        }),
        (0..n_s + 1, 0u32..8).prop_map(|(s, r)| ConcessionKind::Suspend {
            sanction: SanctionId(s),
            rounds: r
        }),
        (0..n_s + 1, -0.5f64..1.5).prop_map(|(s, f)| ConcessionKind::Ease {
            sanction: SanctionId(s),
            fraction: f
        }),
        (0..n_s + 1).prop_map(|s| ConcessionKind::Reimpose {
            sanction: SanctionId(s)
        }),
        (0..n_s + 1, -10f64..150.0).prop_map(|(s, a)| ConcessionKind::Unfreeze {
            sanction: SanctionId(s),
            amount: a,
            escrow: None
        }),
        (0u8..4).prop_map(|l| ConcessionKind::Recognition {
            level: [
                RecognitionLevel::None,
                RecognitionLevel::Call,
                RecognitionLevel::EnvoyVisit,
                RecognitionLevel::Embassy
            ][l as usize]
        }),
    ];
    (g.clone(), g, kind).prop_map(|(from, to, kind)| Concession {
        from: GovernmentId(from),
        to: GovernmentId(to),
        kind,
    })
}

fn world_and_deals() -> impl Strategy<Value = (WorldParams, Vec<Vec<Concession>>)> {
    world_params().prop_flat_map(|p| {
        let n_p = p.prisoners.len() as u32;
        let n_s = p.sanctions.len() as u32;
        let deals = prop::collection::vec(
            prop::collection::vec(concession(p.n_gov as u32, n_p, n_s), 0..6),
            1..5,
        );
        (Just(p), deals)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(200)))]

    /// Applying any sequence of deals (legal or not) and undoing them all
    /// restores the initial state exactly, and every intermediate state too.
    #[test]
    fn apply_then_undo_restores_exactly((p, deals) in world_and_deals()) {
        let world = build(&p);
        let mut state = State::initial(&world);
        let mut log = UndoLog::new();
        let mut snapshots = vec![state.clone()];
        for (i, cs) in deals.iter().enumerate() {
            let deal = Deal { concessions: cs.clone(), staging: Default::default() };
            state.apply(&world, &deal, &mut log);
            state.set_round(i as u32 + 1);
            snapshots.push(state.clone());
        }
        while let Some(expected) = snapshots.pop() {
            prop_assert_eq!(&state.clone_with_round(expected.round()), &expected);
            state.undo(&mut log);
        }
        prop_assert_eq!(log.depth(), 0);
        let initial = State::initial(&world);
        prop_assert_eq!(state.clone_with_round(0), initial.clone());
        prop_assert_eq!(state.clone_with_round(0).fingerprint(), initial.fingerprint());
    }

    /// A deal the rulebook rejects leaves the table's state unchanged; a deal
    /// it accepts changes payoffs exactly as the levels say, and counts are
    /// conserved.
    #[test]
    fn checked_play_is_all_or_nothing((p, deals) in world_and_deals()) {
        let world = build(&p);
        let rules = Rulebook::standard();
        let mut table = Table::new(&world, &rules);
        let n0 = table.state().counts();
        for cs in deals {
            let deal = Deal { concessions: cs, staging: Default::default() };
            let before = table.state().clone();
            let mut lv_before = Vec::new();
            detente::payoff::levels(&world, &before, &mut lv_before);
            match table.play(&deal) {
                Err(rejected) => {
                    prop_assert!(!rejected.violations.is_empty());
                    prop_assert_eq!(table.state(), &before);
                }
                Ok(played) => {
                    let delta = played.delta.clone();
                    let mut lv_after = Vec::new();
                    detente::payoff::levels(&world, table.state(), &mut lv_after);
                    for g in world.governments() {
                        let made = deal.concessions.iter().filter(|c| c.from == g.id).count() as f64;
                        let expect = lv_after[g.id.index()] - lv_before[g.id.index()] - made * g.audience_cost;
                        prop_assert!((delta[g.id.index()] - expect).abs() < 1e-9,
                            "delta {} vs levels {}", delta[g.id.index()], expect);
                        prop_assert!(delta[g.id.index()].is_finite());
                    }
                }
            }
            let n = table.state().counts();
            prop_assert_eq!(n.held + n.released + n.deceased + n.at_large,
                n0.held + n0.released + n0.deceased + n0.at_large);
            for s in world.sanctions() {
                let r = table.state().relief(s.id);
                prop_assert!((0.0..=1.0).contains(&r.level));
                prop_assert!(r.unfrozen <= s.frozen_funds + 1e-9);
            }
        }
    }

    /// A rule's violation is reported under that rule's name: releasing a
    /// prisoner twice is always `no_double_release`.
    #[test]
    fn double_release_is_named((p, _) in world_and_deals()) {
        let world = build(&p);
        let rules = Rulebook::empty().with(Rule::NoDoubleRelease);
        let mut table = Table::new(&world, &rules);
        if let Some(pr) = world.prisoners().first() {
            let other = GovernmentId::new((pr.custodian.index() + 1) % world.governments().len());
            let deal = Deal::new().release(pr.custodian, other, pr.id, pr.citizenships[0]);
            prop_assert!(table.play(&deal).is_ok());
            let before = table.state().clone();
            let err = table.play(&deal).unwrap_err();
            prop_assert!(err.violates("no_double_release"));
            prop_assert_eq!(table.state(), &before);
        }
    }
}

trait WithRound {
    fn clone_with_round(&self, r: u32) -> State;
}
impl WithRound for State {
    fn clone_with_round(&self, r: u32) -> State {
        let mut s = self.clone();
        s.set_round(r);
        s
    }
}

// --- Scenario text ---------------------------------------------------------

const BELARUS: &str = include_str!("../../examples/scenarios/belarus_2025.json");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(300)))]

    /// Arbitrary text never makes parsing or building panic.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        if let Ok(s) = Scenario::from_json_str(&text) {
            let _ = s.build();
        }
        if let Ok(s) = Scenario::from_toml_str(&text) {
            let _ = s.build();
        }
    }

    /// The shipped scenario with random edits (cut, duplicated, overwritten
    /// spans) never makes parsing or building panic.
    #[test]
    fn mutated_scenario_never_panics(
        edits in prop::collection::vec((0usize..BELARUS.len(), 0usize..40, 0u8..3, "[-0-9a-z\"{}\\[\\],:. ]{0,8}"), 1..4)
    ) {
        let mut text = BELARUS.to_string();
        for (at, len, op, insert) in edits {
            let at = text.floor_char_boundary(at.min(text.len()));
            let end = text.floor_char_boundary((at + len).min(text.len()));
            match op {
                0 => text.replace_range(at..end, ""),
                1 => text.insert_str(at, &insert),
                _ => text.replace_range(at..end, &insert),
            }
        }
        if let Ok(s) = Scenario::from_json_str(&text) {
            let _ = s.build();
        }
    }
}

#[test]
fn shipped_scenarios_round_trip_through_json_and_toml() {
    for path in [
        "examples/scenarios/belarus_2025.json",
        "examples/scenarios/toy_bilateral.json",
        "examples/scenarios/toy_bloc.json",
    ] {
        let s = Scenario::from_path(path).unwrap();
        let json = s.to_json_string();
        assert_eq!(
            Scenario::from_json_str(&json).unwrap(),
            s,
            "{path} via JSON"
        );
        let toml_text = toml::to_string(&s).unwrap();
        assert_eq!(
            Scenario::from_toml_str(&toml_text).unwrap(),
            s,
            "{path} via TOML"
        );
        assert!(s.build().is_ok());
    }
}

/// Two concessions on one item in one deal (recognition raised twice, a
/// licence and then a delisting of one sanction) change the payoff once,
/// from the value before the deal to the value after it.
#[test]
fn a_deal_counts_each_item_once_however_many_concessions_touch_it() {
    let p = WorldParams {
        n_gov: 2,
        prisoners: vec![],
        sanctions: vec![(0, 1, 0b11, vec![(1, 4)])],
        bloc: false,
    };
    let world = build(&p);
    let (g0, g1, s0) = (GovernmentId(0), GovernmentId(1), SanctionId(0));
    let deal = Deal::new()
        .recognition(g0, g1, RecognitionLevel::Call)
        .recognition(g0, g1, RecognitionLevel::EnvoyVisit)
        .with(g0, g1, ConcessionKind::Licence { sanction: s0 })
        .with(g0, g1, ConcessionKind::Delist { sanction: s0 });
    let rules = Rulebook::empty();
    let mut table = Table::new(&world, &rules);
    let mut before = Vec::new();
    detente::payoff::levels(&world, table.state(), &mut before);
    let delta = table.play(&deal).unwrap().delta.clone();
    let mut after = Vec::new();
    detente::payoff::levels(&world, table.state(), &mut after);
    // g1 gains the envoy visit (level 2 at 1.5 a level) and the delisting
    // (fraction 0.5 of a sanction it values at 4), nothing for the steps between.
    assert!((after[1] - before[1] - (2.0 * 1.5 + 0.5 * 4.0)).abs() < 1e-12);
    assert!((delta[1] - (after[1] - before[1])).abs() < 1e-9);
    table.undo();
    assert_eq!(table.state(), &State::initial(&world));
}

/// A sanction keeps one form of each kind: a builder given the same kind
/// twice refuses the sanction instead of keeping either silently, and the
/// forms it keeps are found by kind whatever order they were listed in.
#[test]
fn a_relief_form_listed_twice_is_refused_and_forms_are_found_by_kind() {
    let option = |kind, value_fraction| ReliefOption {
        kind,
        value_fraction,
        max_rounds: None,
    };
    let mut b = WorldBuilder::new("relief");
    let usa = b.government(GovernmentSpec::new("USA")).unwrap();
    let blr = b.government(GovernmentSpec::new("BLR")).unwrap();
    let twice = vec![
        option(ReliefKind::Licence, 0.6),
        option(ReliefKind::Delist, 1.0),
        option(ReliefKind::Licence, 0.4),
    ];
    let err = b
        .sanction(SanctionSpec::new("potash", usa, blr, twice))
        .unwrap_err();
    assert!(err.to_string().contains("Licence listed twice"), "{err}");
    let listed = vec![
        option(ReliefKind::Unfreeze, 0.2),
        option(ReliefKind::Licence, 0.6),
    ];
    let s = b
        .sanction(SanctionSpec::new("potash", usa, blr, listed))
        .unwrap();
    let world = b.build().unwrap();
    let relief = &world.sanctions()[s.index()].relief;
    assert_eq!(relief.len(), 2);
    assert_eq!(
        relief.get(ReliefKind::Licence).map(|o| o.value_fraction),
        Some(0.6)
    );
    assert_eq!(relief.get(ReliefKind::Delist), None);
    let kinds: Vec<ReliefKind> = relief.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, [ReliefKind::Licence, ReliefKind::Unfreeze]);
}

/// The builder's checks of each addition look things up instead of
/// scanning what was added before; what they accept and refuse is
/// unchanged: a recognition value set twice keeps its last value, moved to
/// the end; a second alliance, favour key or pool key is refused; a
/// must-have on a red line of the same government is refused, one of
/// another government is not; a mediation or membership given twice is
/// kept once.
#[test]
fn builder_lookups_keep_the_rules_of_each_addition() {
    let mut b = WorldBuilder::new("lookups");
    let gov = |b: &mut WorldBuilder, code: &str| b.government(GovernmentSpec::new(code)).unwrap();
    let (usa, blr, pol, ltu) = (
        gov(&mut b, "USA"),
        gov(&mut b, "BLR"),
        gov(&mut b, "POL"),
        gov(&mut b, "LTU"),
    );
    let eu = b
        .government(GovernmentSpec {
            kind: GovernmentKind::Bloc,
            ..GovernmentSpec::new("EU")
        })
        .unwrap();
    b.value_recognition(blr, usa, blr, 1.0).unwrap();
    b.value_recognition(pol, usa, blr, 2.0).unwrap();
    b.value_recognition(blr, usa, blr, 3.0).unwrap();
    b.alliance(pol, usa, 0.5).unwrap();
    assert!(b.alliance(pol, usa, 0.7).is_err());
    b.alliance(usa, pol, 0.2).unwrap();
    b.favour(FavourSpec::new("credit", usa, blr, 1.0)).unwrap();
    assert!(b.favour(FavourSpec::new("credit", usa, pol, 1.0)).is_err());
    let x = b.prisoner(PrisonerSpec::new("x", blr, usa)).unwrap();
    b.pool("many", PrisonerSpec::new("m", blr, pol), 2, 0, &[])
        .unwrap();
    assert!(
        b.pool("many", PrisonerSpec::new("m", blr, pol), 2, 0, &[])
            .is_err()
    );
    b.demand(Demand::RedLine {
        by: blr,
        prisoners: vec![x],
    })
    .unwrap();
    b.demand(Demand::MustHave {
        by: usa,
        prisoners: vec![x],
    })
    .unwrap();
    assert!(
        b.demand(Demand::MustHave {
            by: blr,
            prisoners: vec![x]
        })
        .is_err()
    );
    assert!(
        b.demand(Demand::RedLine {
            by: usa,
            prisoners: vec![x]
        })
        .is_err()
    );
    b.mediation(ltu, usa).unwrap();
    b.mediation(ltu, usa).unwrap();
    b.membership(pol, eu).unwrap();
    b.membership(pol, eu).unwrap();
    let world = b.build().unwrap();
    let rec: Vec<(GovernmentId, f64)> = world
        .valuations()
        .recognition
        .iter()
        .map(|r| (r.by, r.per_level))
        .collect();
    assert_eq!(rec, [(pol, 2.0), (blr, 3.0)]);
    assert_eq!(world.alliances().len(), 2);
    assert_eq!(world.favours().len(), 1);
    assert_eq!(world.governments()[ltu.index()].mediates, [usa]);
    assert_eq!(world.governments()[pol.index()].blocs, [eu]);
    assert_eq!(world.governments()[eu.index()].members, [pol]);
}
