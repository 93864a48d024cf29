//! The three reference conflicts of `shared/anchors/gmcr_reference.md`,
//! rebuilt from the description there, must give exactly the published
//! stable states for every decision maker and concept.

use detente::conflict::{
    Analysis, AnalysisOptions, Concept, Condition, Conflict, ConflictModel, Direction, DmSpec,
    OptionSpec, Preferences, RankEntry, Responses, SimResponses,
};

fn opt(name: &str, owner: usize, direction: Direction) -> OptionSpec {
    OptionSpec {
        name: name.into(),
        owner,
        direction,
    }
}

fn prio(name: &str, conds: &[&str]) -> DmSpec {
    DmSpec {
        name: name.into(),
        preferences: Preferences::Prioritization(
            conds.iter().map(|c| Condition::All((*c).into())).collect(),
        ),
        misperceived: vec![],
    }
}

fn ranked(name: &str, best_first: &[Vec<usize>]) -> DmSpec {
    DmSpec {
        name: name.into(),
        preferences: Preferences::Ranking(
            best_first
                .iter()
                .map(|c| {
                    if c.len() == 1 {
                        RankEntry::One(c[0])
                    } else {
                        RankEntry::Tie(c.clone())
                    }
                })
                .collect(),
        ),
        misperceived: vec![],
    }
}

fn pd() -> Conflict {
    // Options: 0 = P1 cooperates, 1 = P2 cooperates. P1 = [opt1 Y] > [opt0 N].
    Conflict {
        name: "PD".into(),
        options: vec![
            opt("Cooperate with 2", 0, Direction::Both),
            opt("Cooperate with One", 1, Direction::Both),
        ],
        decision_makers: vec![prio("P1", &["-Y", "N-"]), prio("P2", &["Y-", "-N"])],
        ..Default::default()
    }
}

fn syria_iraq() -> Conflict {
    Conflict {
        name: "SI".into(),
        options: vec![
            opt("Release Water", 0, Direction::Both),
            opt("Escalate", 0, Direction::Both),
            opt("Attack", 1, Direction::Both),
        ],
        decision_makers: vec![
            prio("Syria", &["NNN", "-Y-", "--N", "N--"]),
            prio("Iraq", &["YNN", "NNY", "NYY", "NNN", "YNY"]),
        ],
        infeasible: vec!["YY-".into()],
        ..Default::default()
    }
}

fn elmira() -> Conflict {
    Conflict {
        name: "Elmira".into(),
        options: vec![
            opt("Modify", 0, Direction::Fwd),
            opt("Delay", 1, Direction::Back),
            opt("Accept", 1, Direction::Both),
            opt("Abandon", 1, Direction::Fwd),
            opt("Insist", 2, Direction::Both),
        ],
        decision_makers: vec![
            ranked(
                "MoE",
                &[
                    vec![9],
                    vec![3],
                    vec![4],
                    vec![10],
                    vec![7],
                    vec![1],
                    vec![2],
                    vec![8],
                    vec![11, 5, 6, 12],
                ],
            ),
            ranked(
                "Uniroyal",
                &[
                    vec![1],
                    vec![4],
                    vec![10],
                    vec![7],
                    vec![5, 11, 6, 12],
                    vec![2],
                    vec![3],
                    vec![9],
                    vec![8],
                ],
            ),
            ranked(
                "LG",
                &[
                    vec![9],
                    vec![3],
                    vec![7],
                    vec![1],
                    vec![10],
                    vec![8],
                    vec![4],
                    vec![2],
                    vec![11, 5, 12, 6],
                ],
            ),
        ],
        infeasible: vec![
            "-YY--".into(),
            "-Y-Y-".into(),
            "--YY-".into(),
            "-NNN-".into(),
        ],
        ..Default::default()
    }
}

fn nums(a: &Analysis, c: Concept, dm: usize) -> Vec<usize> {
    a.stable_states(c, dm).iter().map(|s| s.number()).collect()
}

fn eq(a: &Analysis, c: Concept) -> Vec<usize> {
    a.equilibria(c).iter().map(|s| s.number()).collect()
}

/// `table[concept][dm]` in the order Nash, GMR, SMR, SEQ, SIM.
fn check(
    model: &ConflictModel,
    opts: &AnalysisOptions,
    table: &[Vec<Vec<usize>>],
    eqs: &[Vec<usize>],
) {
    let a = model.analyze(opts);
    let concepts = [
        Concept::Nash,
        Concept::Gmr,
        Concept::Smr,
        Concept::Seq,
        Concept::Sim,
    ];
    for (k, c) in concepts.iter().enumerate() {
        assert_eq!(table[k].len(), model.n_dms());
        for (dm, want) in table[k].iter().enumerate() {
            assert_eq!(
                &nums(&a, *c, dm),
                want,
                "{} {:?} DM {dm} ({opts:?})",
                model.name(),
                c
            );
        }
        assert_eq!(eq(&a, *c), eqs[k], "{} {:?} equilibria", model.name(), c);
    }
}

fn all_options() -> Vec<AnalysisOptions> {
    let mut v = Vec::new();
    for responses in [Responses::Closure, Responses::SingleStep] {
        for sim in [SimResponses::OneOpponent, SimResponses::AnySubset] {
            v.push(AnalysisOptions { responses, sim });
        }
    }
    v
}

#[test]
fn prisoners_dilemma_matches_reference() {
    let m = pd().compile().unwrap();
    assert_eq!(m.payoffs(detente::conflict::DmId(0)), &[2, 1, 4, 3]);
    assert_eq!(m.payoffs(detente::conflict::DmId(1)), &[2, 4, 1, 3]);
    let meta = vec![vec![1, 3, 4], vec![1, 2, 4]];
    let table = vec![
        vec![vec![1, 3], vec![1, 2]],
        meta.clone(),
        meta.clone(),
        meta.clone(),
        meta,
    ];
    let eqs = vec![vec![1], vec![1, 4], vec![1, 4], vec![1, 4], vec![1, 4]];
    // Two parties: every response semantics coincides.
    for o in all_options() {
        check(&m, &o, &table, &eqs);
    }
}

#[test]
fn syria_iraq_matches_reference() {
    let m = syria_iraq().compile().unwrap();
    assert_eq!(m.states().codes(), &[0, 1, 2, 4, 5, 6]);
    assert_eq!(m.payoffs(detente::conflict::DmId(0)), &[6, 3, 5, 2, 1, 4]);
    assert_eq!(m.payoffs(detente::conflict::DmId(1)), &[3, 6, 1, 5, 2, 4]);
    let syria = vec![1, 3, 6];
    let table = vec![
        vec![vec![1, 6], vec![2, 4, 6]],
        vec![syria.clone(), vec![1, 2, 4, 5, 6]],
        vec![syria.clone(), vec![2, 4, 6]],
        vec![syria.clone(), vec![2, 4, 5, 6]],
        vec![syria, vec![2, 4, 5, 6]],
    ];
    let eqs = vec![vec![6], vec![1, 6], vec![6], vec![6], vec![6]];
    for o in all_options() {
        check(&m, &o, &table, &eqs);
    }
}

#[test]
fn elmira_matches_reference() {
    let m = elmira().compile().unwrap();
    assert_eq!(
        m.states().codes(),
        &[2, 3, 4, 5, 8, 9, 18, 19, 20, 21, 24, 25]
    );
    let all: Vec<usize> = (1..=12).collect();
    let uni = vec![1, 4, 5, 6, 7, 10, 11, 12];
    let lg_seq = vec![2, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    let table = vec![
        vec![all.clone(), uni.clone(), (5..=12).collect()],
        vec![all.clone(), uni.clone(), all.clone()],
        vec![all.clone(), uni.clone(), all.clone()],
        vec![all.clone(), uni.clone(), lg_seq.clone()],
        vec![all.clone(), uni.clone(), lg_seq],
    ];
    let nash_eq = vec![5, 6, 7, 10, 11, 12];
    let eqs = vec![nash_eq.clone(), uni.clone(), uni, nash_eq.clone(), nash_eq];
    for o in all_options() {
        check(&m, &o, &table, &eqs);
    }
}

#[test]
fn shipped_files_match_rebuilt_models() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/conflicts/");
    for (file, built) in [
        ("prisoners_dilemma.json", pd()),
        ("syria_iraq.json", syria_iraq()),
        ("elmira.json", elmira()),
        ("elmira_gmcrplus.json", elmira()),
    ] {
        let text = std::fs::read_to_string(format!("{dir}{file}")).unwrap();
        let from_file = detente::conflict::load_str(&text)
            .unwrap()
            .compile()
            .unwrap();
        let rebuilt = built.compile().unwrap();
        assert_eq!(
            from_file.states().codes(),
            rebuilt.states().codes(),
            "{file}"
        );
        for d in 0..rebuilt.n_dms() {
            let dm = detente::conflict::DmId(d);
            assert_eq!(from_file.payoffs(dm), rebuilt.payoffs(dm), "{file} DM {d}");
        }
    }
}
