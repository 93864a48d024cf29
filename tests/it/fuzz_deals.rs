//! Proptest fuzzing of deal checking and applying on the shipped Belarus
//! world, bounded to a few seconds in debug builds: random sequences of
//! random deals (ids in and out of range, non-finite amounts, every staging).
//! Checking never panics and leaves the state unchanged; apply then undo
//! restores the state exactly; accepted deals have finite payoff changes and
//! leave the prisoner counts consistent; undoing a whole sequence returns to
//! the start.

use detente::deal::{ConcessionKind, Deal, Staging, UndoLog};
use detente::model::{
    GovernmentId, PrisonerId, PrisonerStatus, RecognitionLevel, SanctionId, State, World,
};
use detente::rules::Rulebook;
use detente::scenario::Scenario;
use detente::table::Table;
use proptest::prelude::*;
use std::sync::OnceLock;

fn belarus() -> &'static (World, Rulebook) {
    static W: OnceLock<(World, Rulebook)> = OnceLock::new();
    W.get_or_init(|| {
        let s = Scenario::from_json_str(include_str!("../../examples/scenarios/belarus_2025.json"))
            .unwrap();
        (s.build().unwrap(), s.rulebook())
    })
}

// Sizes of the Belarus world, plus a margin so some ids are out of range.
const GOVS: u32 = 10 + 2;
const SANCTIONS: u32 = 5 + 2;

fn real() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-1.0),
        Just(0.0),
        Just(1.0),
        Just(f64::MAX),
        0.0..2.0f64,
    ]
}

fn concession(prisoners: u32) -> impl Strategy<Value = (u32, u32, ConcessionKind)> {
    let g = 0..GOVS;
    let s = (0..SANCTIONS).prop_map(SanctionId);
    // Named prisoners and the first pool members are where deals happen;
    // the rest of the range (and beyond) catches indexing mistakes.
    let p = prop_oneof![3 => 0..40u32, 1 => 0..prisoners + 3].prop_map(PrisonerId);
    let kind = prop_oneof![
        3 => (p, g.clone()).prop_map(|(prisoner, d)| ConcessionKind::release(prisoner, GovernmentId(d))),
        1 => s.clone().prop_map(|sanction| ConcessionKind::Licence { sanction }),
        1 => s.clone().prop_map(|sanction| ConcessionKind::Delist { sanction }),
        1 => (s.clone(), 0..20u32).prop_map(|(sanction, rounds)| ConcessionKind::Suspend { sanction, rounds }),
        1 => (s.clone(), real()).prop_map(|(sanction, fraction)| ConcessionKind::Ease { sanction, fraction }),
        1 => s.clone().prop_map(|sanction| ConcessionKind::Reimpose { sanction }),
        1 => (s, real(), proptest::option::of(g.clone())).prop_map(|(sanction, amount, e)| ConcessionKind::Unfreeze { sanction, amount, escrow: e.map(GovernmentId) }),
        1 => (0..4u8).prop_map(|l| ConcessionKind::Recognition { level: [RecognitionLevel::None, RecognitionLevel::Call, RecognitionLevel::EnvoyVisit, RecognitionLevel::Embassy][l as usize] }),
    ];
    // Mostly the real parties (USA 0, BLR 1, EU 2), sometimes anyone.
    let party = prop_oneof![3 => 0..3u32, 1 => 0..GOVS];
    (party.clone(), party, kind)
}

fn deal(prisoners: u32) -> impl Strategy<Value = Deal> {
    let staging = prop_oneof![
        Just(Staging::Simultaneous),
        (0..GOVS).prop_map(|v| Staging::AtVenue {
            venue: GovernmentId(v)
        }),
        (0..GOVS).prop_map(|f| Staging::Sequential {
            first: GovernmentId(f)
        }),
    ];
    (
        proptest::collection::vec(concession(prisoners), 0..6),
        staging,
    )
        .prop_map(|(cs, st)| {
            cs.into_iter()
                .fold(Deal::new(), |d, (f, t, k)| {
                    d.with(GovernmentId(f), GovernmentId(t), k)
                })
                .staged(st)
        })
}

fn counts_agree(state: &State, world: &World) {
    let mut held = 0;
    for p in 0..world.prisoners().len() {
        held += (state.status(PrisonerId::new(p)) == PrisonerStatus::Held) as u32;
    }
    assert_eq!(state.counts().held, held, "held count out of step");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::common::proptest_cases(128), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_deal_sequences_keep_every_invariant(
        deals in proptest::collection::vec(deal(2600), 1..12),
        rounds in proptest::collection::vec(any::<bool>(), 12),
    ) {
        let (w, rules) = belarus();
        let initial = State::initial(w);
        let mut state = initial.clone();
        let (mut log, mut scratch, mut delta) = (UndoLog::new(), UndoLog::new(), Vec::new());
        let mut frames = 0;
        for (d, next_round) in deals.iter().zip(&rounds) {
            let before = state.clone();
            let verdict = rules.check(w, &mut state, d, &mut scratch, &mut delta);
            prop_assert_eq!(&state, &before, "check changed the state");
            detente::payoff::apply_with_delta(w, &mut state, d, &mut scratch, &mut delta);
            prop_assert!(state.undo(&mut scratch));
            prop_assert_eq!(&state, &before, "apply then undo did not restore the state");
            if verdict.is_ok() {
                prop_assert!(delta.iter().all(|x| x.is_finite()), "non-finite delta {:?}", delta);
                state.apply(w, d, &mut log);
                frames += 1;
                counts_agree(&state, w);
            }
            if *next_round {
                state.advance_round(&mut log);
                frames += 1;
            }
        }
        for _ in 0..frames {
            prop_assert!(state.undo(&mut log));
        }
        prop_assert!(!state.undo(&mut log), "more frames than were applied");
        prop_assert_eq!(state.fingerprint(), initial.fingerprint());
        prop_assert_eq!(state, initial);
    }

    #[test]
    fn table_play_matches_check(deals in proptest::collection::vec(deal(2600), 1..8)) {
        let (w, rules) = belarus();
        let mut table = Table::new(w, rules);
        for d in &deals {
            let legal = table.is_legal(d);
            let before = table.state().clone();
            match table.play(d) {
                Ok(played) => {
                    prop_assert!(legal);
                    prop_assert!(played.delta.iter().all(|x| x.is_finite()));
                }
                Err(rejected) => {
                    prop_assert!(!legal);
                    prop_assert!(!rejected.violations.is_empty());
                    prop_assert_eq!(table.state(), &before, "a rejected deal changed the state");
                }
            }
        }
        prop_assert!(table.accumulated().iter().all(|x| x.is_finite()));
        while table.undo().is_some() {}
        prop_assert_eq!(table.state(), &State::initial(w));
    }
}

/// The generator's own proposals on the Belarus world: every legal one plays,
/// three moves deep, with finite payoffs.
#[test]
fn generated_deals_play_three_deep() {
    let (w, rules) = belarus();
    let generator = detente::generate::DealGenerator::default();
    let mut table = Table::new(w, rules);
    let mut played = 0;
    for _ in 0..3 {
        let legal = table.legal_deals(&generator);
        let Some(d) = legal.first() else { break };
        let p = table.play(d).expect("a legal deal plays");
        assert!(p.delta.iter().all(|x| x.is_finite()));
        played += 1;
    }
    assert!(played >= 1, "no legal deal on the Belarus world");
}
