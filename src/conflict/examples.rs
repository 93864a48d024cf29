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

/// A synthetic conflict for scale tests: `n_options` options shared out in
/// contiguous blocks among `n_dms` decision makers (about one in eight
/// one-way), each ranking states by eight random prioritization conditions
/// (one to three option literals each, some ORed), and `exclusions`
/// infeasible pairs ("options `a` and `b` not both taken", within one
/// decision maker's block), each removing about a quarter of the states.
/// Everything is drawn from `seed`. Never panics: zero options give a
/// conflict with one state and no exclusions.
///
/// ```
/// let c = detente::conflict::examples::synthetic(10, 3, 4, 1);
/// let m = c.compile()?;
/// assert!(m.states().len() < 1 << 10 && m.n_dms() == 3);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn synthetic(n_options: usize, n_dms: usize, exclusions: usize, seed: u64) -> Conflict {
    use rand::Rng;
    let mut rng = crate::rng::seeded(seed);
    let n_dms = n_dms.clamp(1, n_options.max(1));
    let owner = |o: usize| o * n_dms / n_options.max(1);
    let options = (0..n_options)
        .map(|o| {
            let direction = match rng.random_range(0..16) {
                0 => Direction::Fwd,
                1 => Direction::Back,
                _ => Direction::Both,
            };
            opt(&format!("option {o}"), owner(o), direction)
        })
        .collect();
    let literal = |rng: &mut crate::rng::DetRng| -> String {
        let mut p = vec!['-'; n_options];
        if n_options == 0 {
            // No option to draw: the empty pattern, which every state meets.
            return String::new();
        }
        for _ in 0..rng.random_range(1..=3) {
            p[rng.random_range(0..n_options)] = if rng.random_bool(0.5) { 'Y' } else { 'N' };
        }
        p.into_iter().collect()
    };
    let decision_makers = (0..n_dms)
        .map(|d| DmSpec {
            name: format!("DM {d}"),
            preferences: Preferences::Prioritization(
                (0..8)
                    .map(|_| {
                        if rng.random_bool(0.25) {
                            Condition::Any(vec![literal(&mut rng), literal(&mut rng)])
                        } else {
                            Condition::All(literal(&mut rng))
                        }
                    })
                    .collect(),
            ),
            misperceived: Vec::new(),
        })
        .collect();
    // Without options there is no pair to exclude.
    let exclusions = if n_options == 0 { 0 } else { exclusions };
    let infeasible = (0..exclusions)
        .filter_map(|_| {
            let a = rng.random_range(0..n_options);
            let block: Vec<usize> = (0..n_options)
                .filter(|&o| owner(o) == owner(a) && o != a)
                .collect();
            let b = *block.get(rng.random_range(0..block.len().max(1)))?;
            let mut p = vec!['-'; n_options];
            p[a] = 'Y';
            p[b] = 'Y';
            Some(p.into_iter().collect())
        })
        .collect();
    Conflict {
        name: format!("synthetic {n_options} options, {n_dms} decision makers, seed {seed}"),
        options,
        decision_makers,
        infeasible,
        ..Conflict::default()
    }
}
