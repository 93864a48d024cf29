//! A GMCR model derived from a [`World`]: options such as releasing a batch
//! of prisoners, granting relief, reimposing a sanction or making new
//! arrests, ranked by each decision maker's payoff.
//!
//! Feasibility and direction follow the exchange rules: only the holder
//! releases and arrests, only the imposer relieves and reimposes (a bloc
//! acts as one decision maker, as under unanimity); a release cannot be
//! taken back (no double release), nor can relief be withdrawn except by the
//! separate "reimpose" option, which needs the relief to have been granted.
//! So every derived option is forward-only and the status quo is "nothing
//! done yet".
//!
//! A state's payoff to a government is its payoff level after the state's
//! concessions ([`crate::payoff::levels`]), plus `horizon` rounds of the
//! sanction costs still in force ([`crate::payoff::flow`]), minus the value
//! it puts on the freedom of anyone newly arrested.

use crate::deal::{ConcessionKind, Deal, UndoLog};
use crate::model::{GovernmentId, PrisonerId, ReliefKind, SanctionId, State, World};

use super::error::ConflictError;
use super::model::{Conflict, Direction, DmSpec, OptionSpec, Preferences};

/// One option of a derived conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum WorldOption {
    /// The holder frees these prisoners (to their default destination).
    Release {
        /// Display name.
        name: String,
        /// Who is freed; all must be held by the same decision maker.
        prisoners: Vec<PrisonerId>,
    },
    /// The imposer grants relief of the given kind on a sanction.
    Relief {
        /// Display name.
        name: String,
        /// The sanction.
        sanction: SanctionId,
        /// The form of relief (the sanction must allow it).
        kind: ReliefKind,
    },
    /// The imposer puts a relieved sanction back into force (snapback).
    /// Feasible only together with a [`WorldOption::Relief`] on the same
    /// sanction.
    Reimpose {
        /// Display name.
        name: String,
        /// The sanction.
        sanction: SanctionId,
    },
    /// The custodian arrests these people (reserve members of a pool, at
    /// large at the start).
    Arrest {
        /// Display name.
        name: String,
        /// Who is arrested.
        prisoners: Vec<PrisonerId>,
    },
}

impl WorldOption {
    fn name(&self) -> &str {
        match self {
            WorldOption::Release { name, .. }
            | WorldOption::Relief { name, .. }
            | WorldOption::Reimpose { name, .. }
            | WorldOption::Arrest { name, .. } => name,
        }
    }
}

/// How to turn a world into a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct WorldConflict {
    /// Conflict name.
    pub name: String,
    /// The decision makers, in order.
    pub dms: Vec<GovernmentId>,
    /// The options, in order (option `i` is bit `i` of a state code).
    pub options: Vec<WorldOption>,
    /// Rounds of sanction costs counted in each payoff.
    pub horizon: f64,
}

impl WorldConflict {
    /// Builds the conflict: owners from the world (holder, custodian,
    /// imposer), infeasibility of a reimposition without relief, and every
    /// decision maker's ranking from its payoff at each feasible state.
    ///
    /// # Errors
    /// [`ConflictError::Invalid`] (path `options[k]`) when an option's owner
    /// is not one of the decision makers, a batch mixes holders, a sanction
    /// does not allow the relief, or an arrestee is not at large.
    ///
    /// # Complexity
    /// O(states × (options' sizes + world size)).
    ///
    /// ```
    /// let (_, world, _) = detente::scenario::load(concat!(
    ///     env!("CARGO_MANIFEST_DIR"), "/examples/scenarios/belarus_2025.json"))
    ///     .expect("shipped scenario loads");
    /// let spec = detente::conflict::belarus_2025(&world)?;
    /// let conflict = spec.build(&world)?;
    /// assert_eq!(conflict.decision_makers.len(), 3);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn build(&self, world: &World) -> Result<Conflict, ConflictError> {
        let dm_of = |g: GovernmentId, path: &str| -> Result<usize, ConflictError> {
            self.dms.iter().position(|&d| d == g).ok_or_else(|| {
                ConflictError::invalid(
                    path,
                    format!(
                        "{} controls this option but is not a decision maker",
                        world.code(g)
                    ),
                )
            })
        };
        let initial = State::initial(world);
        let mut options = Vec::with_capacity(self.options.len());
        let mut infeasible = Vec::new();
        let n = self.options.len();
        for (k, o) in self.options.iter().enumerate() {
            let path = format!("options[{k}]");
            let owner_gov = match o {
                WorldOption::Release { prisoners, .. } | WorldOption::Arrest { prisoners, .. } => {
                    let mut holder = None;
                    for &p in prisoners {
                        let pr = world
                            .prisoner(p)
                            .ok_or_else(|| ConflictError::invalid(&path, "unknown prisoner"))?;
                        let arrest = matches!(o, WorldOption::Arrest { .. });
                        let ok = if arrest {
                            initial.status(p) == crate::model::PrisonerStatus::AtLarge
                        } else {
                            initial.is_held(p)
                        };
                        if !ok {
                            return Err(ConflictError::invalid(
                                &path,
                                format!(
                                    "{} is not {} at the start",
                                    pr.key,
                                    if arrest { "at large" } else { "held" }
                                ),
                            ));
                        }
                        let h = pr.custodian;
                        if holder.replace(h).is_some_and(|x| x != h) {
                            return Err(ConflictError::invalid(
                                &path,
                                "prisoners of different holders in one option",
                            ));
                        }
                    }
                    holder.ok_or_else(|| ConflictError::invalid(&path, "empty batch"))?
                }
                WorldOption::Relief { sanction, kind, .. } => {
                    let s = world
                        .sanction(*sanction)
                        .ok_or_else(|| ConflictError::invalid(&path, "unknown sanction"))?;
                    if s.relief_option(*kind).is_none() || *kind == ReliefKind::Unfreeze {
                        return Err(ConflictError::invalid(
                            &path,
                            format!("{} does not allow {kind:?} relief here", s.key),
                        ));
                    }
                    s.imposer
                }
                WorldOption::Reimpose { sanction, .. } => {
                    let s = world
                        .sanction(*sanction)
                        .ok_or_else(|| ConflictError::invalid(&path, "unknown sanction"))?;
                    let relief = self.options.iter().position(
                        |r| matches!(r, WorldOption::Relief { sanction: t, .. } if t == sanction),
                    );
                    let Some(r) = relief else {
                        return Err(ConflictError::invalid(
                            &path,
                            "reimposition needs a relief option on the same sanction",
                        ));
                    };
                    let mut yn = vec!['-'; n];
                    yn[r] = 'N';
                    yn[k] = 'Y';
                    infeasible.push(yn.into_iter().collect());
                    s.imposer
                }
            };
            options.push(OptionSpec {
                name: o.name().to_string(),
                owner: dm_of(owner_gov, &path)?,
                direction: Direction::Fwd,
            });
        }
        let placeholder = |name: &str| DmSpec {
            name: name.to_string(),
            preferences: Preferences::Prioritization(Vec::new()),
            misperceived: Vec::new(),
        };
        let mut conflict = Conflict {
            name: self.name.clone(),
            options,
            decision_makers: self
                .dms
                .iter()
                .map(|&g| placeholder(world.code(g)))
                .collect(),
            infeasible,
            coalitions: Vec::new(),
            status_quo: Some("N".repeat(n)),
        };
        let model = conflict.compile()?;
        let scores = self.scores(world, model.states().codes());
        for (d, dm) in conflict.decision_makers.iter_mut().enumerate() {
            dm.preferences = Preferences::Scores(scores.iter().map(|row| row[d]).collect());
        }
        Ok(conflict)
    }

    /// Each decision maker's payoff at each state code.
    fn scores(&self, world: &World, codes: &[u64]) -> Vec<Vec<f64>> {
        let mut state = State::initial(world);
        let mut log = UndoLog::new();
        let mut levels = Vec::new();
        let mut flow = vec![0.0; world.governments().len()];
        codes
            .iter()
            .map(|&code| {
                let mut frames = 0;
                let mut arrest_cost = vec![0.0; self.dms.len()];
                for (k, o) in self.options.iter().enumerate() {
                    if code >> k & 1 == 0 {
                        continue;
                    }
                    match o {
                        WorldOption::Release { prisoners, .. } => {
                            let mut deal = Deal::new();
                            for &p in prisoners {
                                let pr = &world.prisoners()[p.index()];
                                deal = deal.with(
                                    pr.custodian,
                                    pr.custodian,
                                    ConcessionKind::release(p, pr.default_destination()),
                                );
                            }
                            state.apply(world, &deal, &mut log);
                            frames += 1;
                        }
                        WorldOption::Arrest { prisoners, .. } => {
                            for &p in prisoners {
                                let by = world.prisoners()[p.index()].custodian;
                                state.arrest(p, by, &mut log);
                                frames += 1;
                                for (d, &g) in self.dms.iter().enumerate() {
                                    arrest_cost[d] += world.valuations().prisoner(g, p);
                                }
                            }
                        }
                        WorldOption::Relief { .. } | WorldOption::Reimpose { .. } => {}
                    }
                }
                // Relief before reimposition, whatever the option order.
                for pass in 0..2 {
                    for (k, o) in self.options.iter().enumerate() {
                        if code >> k & 1 == 0 {
                            continue;
                        }
                        let kind = match (pass, o) {
                            (0, WorldOption::Relief { sanction, kind, .. }) => {
                                relief_concession(world, *sanction, *kind)
                            }
                            (1, WorldOption::Reimpose { sanction, .. }) => {
                                ConcessionKind::Reimpose {
                                    sanction: *sanction,
                                }
                            }
                            _ => continue,
                        };
                        let s = &world.sanctions()
                            [kind.sanction().expect("relief names a sanction").index()];
                        state.apply(
                            world,
                            &Deal::new().with(s.imposer, s.target, kind),
                            &mut log,
                        );
                        frames += 1;
                    }
                }
                crate::payoff::levels(world, &state, &mut levels);
                flow.iter_mut().for_each(|f| *f = 0.0);
                crate::payoff::flow(world, &state, &mut flow);
                let row = self
                    .dms
                    .iter()
                    .enumerate()
                    .map(|(d, &g)| {
                        levels[g.index()] + self.horizon * flow[g.index()] - arrest_cost[d]
                    })
                    .collect();
                for _ in 0..frames {
                    state.undo(&mut log);
                }
                row
            })
            .collect()
    }
}

fn relief_concession(world: &World, sanction: SanctionId, kind: ReliefKind) -> ConcessionKind {
    let opt = world.sanctions()[sanction.index()].relief_option(kind);
    match kind {
        ReliefKind::Licence => ConcessionKind::Licence { sanction },
        ReliefKind::Delist => ConcessionKind::Delist { sanction },
        ReliefKind::Suspend => ConcessionKind::Suspend {
            sanction,
            rounds: opt.and_then(|o| o.max_rounds).unwrap_or(6),
        },
        ReliefKind::Ease | ReliefKind::Unfreeze => ConcessionKind::Ease {
            sanction,
            fraction: opt.map_or(1.0, |o| o.value_fraction),
        },
    }
}

/// "Belarus 2025 as a conflict" from the shipped scenario: the US, Belarus
/// and the EU; Belarus may free the high-profile prisoners (the named ones
/// and the US citizens), the rest of the political prisoners, or the
/// foreign nationals, and may arrest 50 more; the US may license potash and
/// Belavia and snap the potash licence back; the EU may suspend its
/// sectoral sanctions. Sanction costs count over a 12-month horizon.
///
/// # Errors
/// [`ConflictError::Invalid`] when the world lacks one of the governments,
/// sanctions or pools named above.
///
/// ```
/// let (_, world, _) = detente::scenario::load(concat!(
///     env!("CARGO_MANIFEST_DIR"), "/examples/scenarios/belarus_2025.json"))
///     .expect("shipped scenario loads");
/// let spec = detente::conflict::belarus_2025(&world)?;
/// assert_eq!(spec.options.len(), 8);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
pub fn belarus_2025(world: &World) -> Result<WorldConflict, ConflictError> {
    let gov = |code: &str| {
        world
            .government_by_code(code)
            .ok_or_else(|| ConflictError::invalid("governments", format!("no government {code}")))
    };
    let sanction = |key: &str| {
        world
            .sanction_by_key(key)
            .ok_or_else(|| ConflictError::invalid("sanctions", format!("no sanction {key}")))
    };
    let pool = |key: &str| {
        world
            .pools()
            .iter()
            .find(|p| p.key == key)
            .ok_or_else(|| ConflictError::invalid("pools", format!("no pool {key}")))
    };
    let (usa, blr, eu) = (gov("USA")?, gov("BLR")?, gov("EU")?);
    let held = |p: &crate::model::Pool| p.members().take(p.held as usize).collect::<Vec<_>>();
    let mut high_profile: Vec<PrisonerId> = world
        .prisoners()
        .iter()
        .filter(|p| p.name.is_some() && p.custodian == blr && !p.starts_at_large)
        .map(|p| p.id)
        .collect();
    high_profile.extend(held(pool("us_citizens")?));
    let foreigners: Vec<PrisonerId> = [
        "foreign_ltu",
        "foreign_pol",
        "foreign_lva",
        "foreign_deu",
        "foreign_ukr",
    ]
    .iter()
    .map(|k| pool(k).map(held))
    .collect::<Result<Vec<_>, _>>()?
    .concat();
    let political = pool("political")?;
    let reserve: Vec<PrisonerId> = political
        .members()
        .skip(political.held as usize)
        .take(50)
        .collect();
    let options = vec![
        WorldOption::Release {
            name: "BLR frees the high-profile prisoners".into(),
            prisoners: high_profile,
        },
        WorldOption::Release {
            name: "BLR frees the other political prisoners".into(),
            prisoners: held(political),
        },
        WorldOption::Release {
            name: "BLR frees the foreign nationals".into(),
            prisoners: foreigners,
        },
        WorldOption::Arrest {
            name: "BLR arrests 50 more".into(),
            prisoners: reserve,
        },
        WorldOption::Relief {
            name: "US licenses potash".into(),
            sanction: sanction("us_potash")?,
            kind: ReliefKind::Licence,
        },
        WorldOption::Relief {
            name: "US licenses Belavia".into(),
            sanction: sanction("us_belavia")?,
            kind: ReliefKind::Licence,
        },
        WorldOption::Reimpose {
            name: "US snaps potash back".into(),
            sanction: sanction("us_potash")?,
        },
        WorldOption::Relief {
            name: "EU suspends sectoral sanctions".into(),
            sanction: sanction("eu_sectoral")?,
            kind: ReliefKind::Suspend,
        },
    ];
    Ok(WorldConflict {
        name: "Belarus 2025".into(),
        dms: vec![usa, blr, eu],
        options,
        horizon: 12.0,
    })
}
