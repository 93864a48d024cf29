//! The three classic conflicts of the GMCR literature, as [`Conflict`]s.
//!
//! Built from the published models (Prisoners' Dilemma; Syria–Iraq over the
//! Euphrates; Elmira groundwater, 12-state version). They back the doctests
//! and the example program; the reference tests rebuild them separately.

use super::model::{Condition, Conflict, Direction, DmSpec, OptionSpec, Preferences, RankEntry};

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
        misperceived: Vec::new(),
    }
}

fn ranked(name: &str, best_first: &[&[usize]]) -> DmSpec {
    DmSpec {
        name: name.into(),
        preferences: Preferences::Ranking(
            best_first
                .iter()
                .map(|c| match c {
                    [one] => RankEntry::One(*one),
                    many => RankEntry::Tie(many.to_vec()),
                })
                .collect(),
        ),
        misperceived: Vec::new(),
    }
}

/// Prisoners' Dilemma: two reversible options "cooperate", 4 states.
///
/// ```
/// let m = detente::conflict::examples::prisoners_dilemma().compile()?;
/// assert_eq!(m.states().len(), 4);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn prisoners_dilemma() -> Conflict {
    Conflict {
        name: "Prisoners' Dilemma".into(),
        options: vec![
            opt("Cooperate with 2", 0, Direction::Both),
            opt("Cooperate with One", 1, Direction::Both),
        ],
        decision_makers: vec![
            prio("Prisoner One", &["-Y", "N-"]),
            prio("Prisoner 2", &["Y-", "-N"]),
        ],
        ..Conflict::default()
    }
}

/// Syria–Iraq (Euphrates water, 1975): 3 options, 6 feasible states.
///
/// ```
/// let m = detente::conflict::examples::syria_iraq().compile()?;
/// assert_eq!(m.states().len(), 6);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn syria_iraq() -> Conflict {
    Conflict {
        name: "Syria-Iraq".into(),
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
        ..Conflict::default()
    }
}

/// Elmira groundwater contamination (1989): 5 options, 12 feasible states,
/// irreversible Modify, Delay and Abandon, manual rankings with ties.
///
/// ```
/// let m = detente::conflict::examples::elmira().compile()?;
/// assert_eq!(m.states().len(), 12);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn elmira() -> Conflict {
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
                    &[9],
                    &[3],
                    &[4],
                    &[10],
                    &[7],
                    &[1],
                    &[2],
                    &[8],
                    &[11, 5, 6, 12],
                ],
            ),
            ranked(
                "Uniroyal",
                &[
                    &[1],
                    &[4],
                    &[10],
                    &[7],
                    &[5, 11, 6, 12],
                    &[2],
                    &[3],
                    &[9],
                    &[8],
                ],
            ),
            ranked(
                "Local Government",
                &[
                    &[9],
                    &[3],
                    &[7],
                    &[1],
                    &[10],
                    &[8],
                    &[4],
                    &[2],
                    &[11, 5, 12, 6],
                ],
            ),
        ],
        infeasible: vec![
            "-YY--".into(),
            "-Y-Y-".into(),
            "--YY-".into(),
            "-NNN-".into(),
        ],
        ..Conflict::default()
    }
}
