//! Deal checking and applying on the shipped Belarus world: random deals
//! (ids in and out of range, non-finite amounts) must never panic; checking
//! leaves the state unchanged; apply then undo restores it exactly; payoff
//! changes of accepted deals are finite.
#![no_main]

use detente::deal::{ConcessionKind, Deal, Staging, UndoLog};
use detente::model::{GovernmentId, PrisonerId, RecognitionLevel, SanctionId, State, World};
use detente::rules::Rulebook;
use detente::scenario::Scenario;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static WORLD: OnceLock<(World, Rulebook)> = OnceLock::new();

fn world() -> &'static (World, Rulebook) {
    WORLD.get_or_init(|| {
        let s = Scenario::from_json_str(include_str!("../../examples/scenarios/belarus_2025.json"))
            .expect("shipped scenario parses");
        (s.build().expect("shipped scenario builds"), s.rulebook())
    })
}

/// Reads bytes as a stream of small numbers, 0 when exhausted.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        let (b, rest) = self.0.split_first().map_or((0, &[][..]), |(b, r)| (*b, r));
        self.0 = rest;
        b
    }
    fn u16(&mut self) -> u16 {
        u16::from(self.u8()) << 8 | u16::from(self.u8())
    }
    /// A number that is sometimes out of range (`n` or a little above).
    fn index(&mut self, n: usize) -> u32 {
        (usize::from(self.u16()) % (n + 3)) as u32
    }
    fn real(&mut self) -> f64 {
        match self.u8() {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            3 => -1.0,
            4 => 0.0,
            5 => f64::MAX,
            6 => f64::MIN_POSITIVE,
            b => f64::from(b) / 128.0,
        }
    }
}

fn deal(b: &mut Bytes<'_>, w: &World) -> Deal {
    let (ng, np, ns) = (
        w.governments().len(),
        w.prisoners().len(),
        w.sanctions().len(),
    );
    let mut d = Deal::new();
    for _ in 0..b.u8() % 6 {
        let from = GovernmentId(b.index(ng));
        let to = GovernmentId(b.index(ng));
        let s = SanctionId(b.index(ns));
        let kind = match b.u8() % 8 {
            0 | 1 => ConcessionKind::release(PrisonerId(b.index(np)), GovernmentId(b.index(ng))),
            2 => ConcessionKind::Licence { sanction: s },
            3 => ConcessionKind::Delist { sanction: s },
            4 => ConcessionKind::Suspend {
                sanction: s,
                rounds: u32::from(b.u8()),
            },
            5 => ConcessionKind::Ease {
                sanction: s,
                fraction: b.real(),
            },
            6 => ConcessionKind::Unfreeze {
                sanction: s,
                amount: b.real(),
                escrow: (b.u8() % 2 == 0).then(|| GovernmentId(b.index(ng))),
            },
            _ => ConcessionKind::Recognition {
                level: match b.u8() % 4 {
                    0 => RecognitionLevel::None,
                    1 => RecognitionLevel::Call,
                    2 => RecognitionLevel::EnvoyVisit,
                    _ => RecognitionLevel::Embassy,
                },
            },
        };
        d = d.with(from, to, kind);
    }
    d.staged(match b.u8() % 3 {
        0 => Staging::Simultaneous,
        1 => Staging::AtVenue {
            venue: GovernmentId(b.index(ng)),
        },
        _ => Staging::Sequential {
            first: GovernmentId(b.index(ng)),
        },
    })
}

fuzz_target!(|data: &[u8]| {
    let (w, rules) = world();
    let mut b = Bytes(data);
    let initial = State::initial(w);
    let mut state = initial.clone();
    let (mut log, mut scratch, mut delta) = (UndoLog::new(), UndoLog::new(), Vec::new());
    let mut played = 0;
    while !b.0.is_empty() {
        let d = deal(&mut b, w);
        let before = state.clone();
        let verdict = rules.check(w, &mut state, &d, &mut scratch, &mut delta);
        assert_eq!(state, before, "check changed the state");
        detente::payoff::apply_with_delta(w, &mut state, &d, &mut scratch, &mut delta);
        state.undo(&mut scratch);
        assert_eq!(state, before, "apply then undo did not restore the state");
        if verdict.is_ok() {
            assert!(
                delta.iter().all(|x| x.is_finite()),
                "non-finite delta {delta:?}"
            );
            state.apply(w, &d, &mut log);
            played += 1;
        }
        if b.u8() % 4 == 0 {
            state.advance_round(&mut log);
            played += 1;
        }
    }
    for _ in 0..played {
        assert!(state.undo(&mut log));
    }
    assert_eq!(
        state, initial,
        "undoing every frame did not restore the start"
    );
});
