//! Every shipped real case replays as legal under its own rulebook, one
//! test per case, with the features of the record each case exercises.

use detente::history::{Case, Replay, replay};
use detente::model::PrisonerStatus;

const DIR: &str = "examples/scenarios/history";

fn load(name: &str) -> Case {
    Case::from_path(format!("{DIR}/{name}.json")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Replays the case and asserts that every step is legal, no pool ran
/// short, every step cites a source, and the file round-trips.
fn replays_legally(name: &str) -> (Case, Replay) {
    let case = load(name);
    assert_eq!(case.id, name, "file name and case id agree");
    let r = replay(&case).unwrap_or_else(|e| panic!("{name}: {e}"));
    for s in &r.steps {
        assert!(
            s.legal && s.missing == 0,
            "{name}: step `{}` is not legal: {}",
            s.label,
            s.why_not()
        );
    }
    assert!(r.all_legal());
    assert!(case.steps.iter().all(|s| !s.sources.is_empty()));
    let again = Case::from_json_str(&case.to_json_string()).unwrap();
    assert_eq!(again, case, "{name}: the case round-trips through JSON");
    (case, r)
}

fn step<'a>(r: &'a Replay, label: &str) -> &'a detente::history::StepReport {
    r.steps
        .iter()
        .find(|s| s.label == label)
        .unwrap_or_else(|| panic!("no step `{label}`"))
}

#[test]
fn belarus_2024_2025_replays() {
    let (case, r) = replays_legally("belarus_2024_2025");
    // September 2025: 52 pardoned, Statkevich refused exile and stayed.
    let sep = step(&r, "Sep 2025: Belavia licence, 52 pardoned");
    assert_eq!(sep.refused_exile, 1);
    assert_eq!(sep.released, 51);
    // December 2025: 123 freed, 114 to Ukraine and 9 to Lithuania.
    let world = case.build().unwrap();
    let dec = case
        .steps
        .iter()
        .position(|s| s.label.starts_with("Dec 2025: potash"))
        .unwrap();
    assert_eq!(r.steps[dec].released, 123);
    let mut state = case.initial_state(&world);
    let mut log = detente::deal::UndoLog::new();
    // Only the deals matter for the destination split; pardons outside deals
    // change which unnamed members are picked, not where they go.
    for s in &case.steps[..dec] {
        state.set_round(s.round);
        if s.outcome == detente::history::CaseOutcome::Accepted {
            state.apply(&world, &s.deal(&world, &state), &mut log);
        }
    }
    let deal = case.steps[dec].deal(&world, &state);
    let to = |code: &str| {
        let g = world.government_by_code(code).unwrap();
        deal.concessions
            .iter()
            .filter(|c| matches!(c.kind, detente::deal::ConcessionKind::Release { destination, .. } if destination == g))
            .count()
    };
    assert_eq!((to("UKR"), to("LTU")), (114, 9));
    // Statkevich is still held at the end of the record.
    let statkevich = world.prisoner_by_key("statkevich").unwrap();
    state.apply(&world, &deal, &mut log);
    assert_eq!(state.status(statkevich), PrisonerStatus::Held);
    // Unilateral pardons are events, not deals.
    assert!(step(&r, "Sep 2025: 25 pardoned at home").events[0].contains("freed 25"));
}

#[test]
fn griner_bout_2022_replays() {
    let (case, r) = replays_legally("griner_bout_2022");
    let refused = step(&r, "Griner and Whelan for Bout (refused)");
    assert_eq!(refused.refused_by.as_deref(), Some("RUS"));
    assert_eq!(refused.released, 0, "a refused offer is not carried out");
    // The refusal is explained by the valuations: Russia would have lost.
    assert!(refused.rational);
    assert!(
        refused
            .parties
            .iter()
            .any(|p| p.code == "RUS" && p.delta < 0.0)
    );
    assert_eq!(step(&r, "Griner for Bout").released, 2);
    assert!(
        r.held_at_end.iter().any(|(c, n)| c == "RUS" && *n == 1),
        "Whelan stays held"
    );
    assert!(case.build().is_ok());
}

#[test]
fn iran_2023_replays() {
    let (case, r) = replays_legally("iran_2023");
    let s = &r.steps[0];
    assert_eq!(s.released, 10);
    assert_eq!(s.events, vec!["USA imposed us_mois".to_string()]);
    // The escrow rule is what makes the staging matter: the same deal
    // carried out simultaneously is refused.
    let mut simultaneous = case.clone();
    simultaneous.steps[0].staging = detente::history::StagingEntry::Simultaneous;
    let r2 = replay(&simultaneous).unwrap();
    assert!(!r2.steps[0].legal);
    assert!(
        r2.steps[0].why_not().contains("escrow"),
        "{}",
        r2.steps[0].why_not()
    );
}

#[test]
fn venezuela_2025_replays() {
    let (case, r) = replays_legally("venezuela_2025");
    assert_eq!(r.steps[0].released, 10 + 252 + 7);
    // The CECOT detainees were in El Salvador's custody on the US's behalf:
    // the US, the legal holder, releases them; El Salvador is no party.
    let world = case.build().unwrap();
    let p = world
        .prisoner_by_key("cecot#0")
        .unwrap_or_else(|| world.pools()[1].first);
    let prisoner = &world.prisoners()[p.index()];
    assert_eq!(world.code(prisoner.custodian), "SLV");
    assert_eq!(prisoner.holder(), world.government_by_code("USA").unwrap());
    assert!(r.steps[0].parties.iter().all(|x| x.code != "SLV"));
}

#[test]
fn a_mistake_in_a_case_names_its_path() {
    let mut case = load("griner_bout_2022");
    case.steps[1].gives[0] = detente::history::Give::Licence {
        from: "USA".into(),
        to: "RUS".into(),
        sanction: "no_such_sanction".into(),
    };
    case.steps[0].sources.push("nowhere".into());
    let err = case.build().unwrap_err();
    assert!(err.has_path("$.steps[1].gives[0].sanction"), "{err}");
    assert!(err.has_path("$.steps[0].sources[1]"), "{err}");
    let text = r#"{"id": "x", "title": "x", "scenario": {"name": "x", "governments": []}, "steps": [{"date": "d", "round": 0, "label": "l", "sources": [], "gives": [{"kind": "relese"}]}]}"#;
    let err = Case::from_json_str(text).unwrap_err();
    assert!(err.0[0].path.starts_with("$.steps[0].gives[0]"), "{err}");
}

#[test]
fn belarus_2015_replays() {
    let (_, r) = replays_legally("belarus_2015");
    assert_eq!(r.steps[0].released, 6);
    // Three parties: Belarus, the EU (a bloc, unanimity) and the US.
    assert_eq!(r.steps[0].parties.len(), 3);
    // Re-arrest of two people freed before; the four-month EU suspension
    // has lapsed by then.
    let later = &r.steps[1];
    assert_eq!(
        later.events,
        vec!["BLR arrested 2 (2 freed before)".to_string()]
    );
    assert_eq!(later.lapsed, 1);
    assert!(r.held_at_end.iter().any(|(c, n)| c == "BLR" && *n == 2));
}

#[test]
fn reed_yaroshenko_2022_replays() {
    let (_, r) = replays_legally("reed_yaroshenko_2022");
    assert_eq!(r.steps[0].released, 2);
    assert!(r.all_rational());
}

#[test]
fn venezuela_2023_replays() {
    let (_, r) = replays_legally("venezuela_2023");
    assert_eq!(r.steps[0].released, 1 + 10 + 20 + 1);
}

#[test]
fn belgium_iran_2023_replays() {
    let (_, r) = replays_legally("belgium_iran_2023");
    assert_eq!(r.steps[0].released, 2);
}

#[test]
fn sweden_iran_2024_replays() {
    let (_, r) = replays_legally("sweden_iran_2024");
    assert_eq!(r.steps[0].released, 3);
    // Ahmadreza Djalali is still held by Iran.
    assert_eq!(r.held_at_end, vec![("IRN".to_string(), 1)]);
}

#[test]
fn vienna_2010_replays() {
    let (case, r) = replays_legally("vienna_2010");
    assert_eq!(r.steps[0].released, 14);
    let world = case.build().unwrap();
    let deal = case.steps[0].deal(&world, &case.initial_state(&world));
    let gbr = world.government_by_code("GBR").unwrap();
    let to_uk = deal
        .concessions
        .iter()
        .filter(|c| matches!(c.kind, detente::deal::ConcessionKind::Release { destination, .. } if destination == gbr))
        .count();
    assert_eq!(to_uk, 2);
}

#[test]
fn ten_cases_are_shipped_and_every_one_has_a_test() {
    let mut ids: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    let tested = include_str!("history_cases.rs");
    for id in &ids {
        assert!(
            tested.contains(&format!("fn {id}_replays()")),
            "case `{id}` has no replay test"
        );
    }
    assert_eq!(ids.len(), 10);
}
