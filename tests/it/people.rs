//! Families and dependants, citizenships that name no government, and the
//! kind, destination and venue of a release.

use crate::common;
use detente::deal::{ConcessionKind, Deal, ReleaseKind, UndoLog};
use detente::model::{PeopleCount, PrisonerId, PrisonerStatus, State, World};
use detente::scenario::Scenario;
use proptest::prelude::*;

/// RUS holds `a` and `b` (one family, three dependants), `c` (no family)
/// and `d` (one dependant of its own, the prisoner-level shorthand). `b` is
/// also Canadian, and Canada is no government of this world.
const FAMILY: &str = r#"{
  "name": "family",
  "governments": [{"id": "USA"}, {"id": "RUS"}, {"id": "DEU"}],
  "prisoners": [
    {"id": "a", "held_by": "RUS", "citizenship": ["USA"], "valued_by": {"USA": 1.0}},
    {"id": "b", "held_by": "RUS", "citizenship": ["USA", "CAN"], "valued_by": {"USA": 1.0}},
    {"id": "c", "held_by": "RUS", "citizenship": ["USA"], "valued_by": {"USA": 1.0}},
    {"id": "d", "held_by": "RUS", "citizenship": ["USA"], "dependants": ["wife"]}
  ],
  "families": [{"id": "ab", "members": ["a", "b"]}],
  "dependants": [
    {"id": "kid1", "family": "ab"},
    {"id": "kid2", "family": "ab"},
    {"id": "spouse", "name": "Spouse", "family": "ab"}
  ]
}"#;

fn world() -> World {
    Scenario::from_json_str(FAMILY)
        .expect("parses")
        .build()
        .expect("valid")
}

fn id(world: &World, key: &str) -> PrisonerId {
    world.prisoner_by_key(key).expect("known prisoner")
}

/// Frees `keys` from RUS to the USA in one deal; returns who was freed.
fn free(world: &World, state: &mut State, keys: &[&str]) -> PeopleCount {
    let (usa, rus) = (
        world.government_by_code("USA"),
        world.government_by_code("RUS"),
    );
    let (usa, rus) = (usa.expect("USA"), rus.expect("RUS"));
    let deal = keys
        .iter()
        .fold(Deal::new(), |d, k| d.release(rus, usa, id(world, k), usa));
    let before = state.clone();
    state.apply(world, &deal, &mut UndoLog::new());
    PeopleCount::between(world, &before, state)
}

#[test]
fn dependants_leave_with_the_last_member_of_their_family() {
    let world = world();
    let mut state = State::initial(&world);
    // `a` alone: `b` is still held, so the family (and its 3 dependants) stays.
    let first = free(&world, &mut state, &["a"]);
    assert_eq!(first.to_string(), "1 released + 0 dependants");
    // `b` with `c`: the family's last member goes, its 3 dependants with it;
    // `c` has no family.
    let second = free(&world, &mut state, &["b", "c"]);
    assert_eq!(second.to_string(), "2 released + 3 dependants");
    // `d` takes the one dependant listed on the prisoner.
    assert_eq!(
        free(&world, &mut state, &["d"]),
        PeopleCount {
            released: 1,
            dependants: 1
        }
    );
    assert_eq!(world.families().len(), 2);
}

#[test]
fn a_family_in_one_deal_leaves_at_once_and_dot_says_so() {
    let world = world();
    let mut state = State::initial(&world);
    assert_eq!(
        free(&world, &mut state, &["a", "b"]).to_string(),
        "2 released + 3 dependants"
    );
    let (usa, rus) = (
        world.government_by_code("USA").expect("USA"),
        world.government_by_code("RUS").expect("RUS"),
    );
    let step1 = Deal::new().release(rus, usa, id(&world, "a"), usa);
    let step2 =
        Deal::new()
            .release(rus, usa, id(&world, "b"), usa)
            .release(rus, usa, id(&world, "c"), usa);
    let dot = detente::report::deal_sequence_dot(&world, &[step1, step2]);
    assert!(dot.contains("\"1: release a\""), "{dot}");
    assert!(
        dot.contains("\"2: release 2 (b, ...) + 3 dependants\""),
        "{dot}"
    );
}

#[test]
fn a_citizenship_without_a_government_is_kept_as_a_code() {
    let world = world();
    let b = &world.prisoners()[id(&world, "b").index()];
    let usa = world.government_by_code("USA").expect("USA");
    assert_eq!(b.citizenships, vec![usa]);
    let codes: Vec<&str> = b.citizenship_codes.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, ["CAN"]);
    // The code that names a government still drives defaults and exile.
    assert_eq!(b.default_destination(), usa);
    assert!(!b.is_exile_to(usa));
    // The same scenario in TOML loads to the same world.
    let toml = r#"
name = "toml"
governments = [{id = "USA"}, {id = "RUS"}]
prisoners = [{id = "a", held_by = "RUS", citizenship = ["USA", "SWE"]}]
families = [{id = "f", members = ["a"]}]
dependants = [{id = "kid", family = "f"}]
"#;
    let w = Scenario::from_toml_str(toml)
        .expect("parses")
        .build()
        .expect("valid");
    assert_eq!(w.prisoners()[0].citizenship_codes[0].as_str(), "SWE");
    assert_eq!(w.families()[0].dependants[0].key, "kid");
}

#[test]
fn venue_and_destination_are_kept_apart() {
    let world = world();
    let (usa, rus) = (
        world.government_by_code("USA").expect("USA"),
        world.government_by_code("RUS").expect("RUS"),
    );
    let deu = "DEU".parse().ok();
    let one = Deal::new().release_as(rus, usa, id(&world, "a"), usa, ReleaseKind::Pardon, deu);
    assert_eq!(one.describe(&world), "RUS releases a to USA, lands in DEU");
    let json = serde_json::to_string(&one).expect("serialises");
    assert!(json.contains(r#""how":"pardon""#), "{json}");
    assert!(json.contains(r#""venue":"DEU""#), "{json}");
    let back: Deal = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, one);
    // Landing in the destination's own country is no news.
    let home = Deal::new().release_as(
        rus,
        usa,
        id(&world, "a"),
        usa,
        ReleaseKind::Expulsion,
        "USA".parse().ok(),
    );
    assert_eq!(home.describe(&world), "RUS releases a to USA");
    // Four released to the USA, one of whom lands in Germany.
    let four = Deal::new()
        .release(rus, usa, id(&world, "a"), usa)
        .release_as(rus, usa, id(&world, "b"), usa, ReleaseKind::Unstated, deu)
        .release(rus, usa, id(&world, "c"), usa)
        .release(rus, usa, id(&world, "d"), usa);
    assert_eq!(
        four.describe(&world),
        "RUS releases 4 to USA (a, ...; 1 lands in DEU)"
    );
    // A release written before kinds and venues still reads, as unstated.
    let old: Deal = serde_json::from_str(
        r#"{"concessions": [{"from": 1, "to": 0, "kind": "release", "prisoner": 0, "destination": 0}]}"#,
    )
    .expect("old format");
    assert_eq!(
        old.concessions[0].kind,
        ConcessionKind::release(PrisonerId(0), usa)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(64)))]

    /// Whatever deals free whom, a family's dependants are counted exactly
    /// once, in the step that frees its last held member, and a step that
    /// frees no member of a family never moves its dependants.
    #[test]
    fn dependants_travel_with_their_unit_and_never_alone(
        steps in proptest::collection::vec(proptest::collection::vec(0u32..4, 0..4), 1..6)
    ) {
        let world = world();
        let mut state = State::initial(&world);
        let keys = ["a", "b", "c", "d"];
        let mut total = 0;
        for step in &steps {
            let names: Vec<&str> = step.iter().map(|&i| keys[i as usize]).collect();
            let left_before: Vec<bool> = world.families().iter().map(|f| f.has_left(&state)).collect();
            let freed = free(&world, &mut state, &names);
            total += freed.dependants;
            for (f, was) in world.families().iter().zip(left_before) {
                let touched = f.members.iter().any(|m| names.contains(&keys[m.index()]));
                if !touched {
                    prop_assert_eq!(f.has_left(&state), was);
                }
                let all_out = f.members.iter().all(|&m| state.status(m) == PrisonerStatus::Released);
                prop_assert_eq!(f.has_left(&state), all_out);
            }
        }
        let expected: u32 = world
            .families()
            .iter()
            .filter(|f| f.members.iter().all(|&m| state.status(m) == PrisonerStatus::Released))
            .map(|f| f.dependants.len() as u32)
            .sum();
        prop_assert_eq!(total, expected);
    }
}
