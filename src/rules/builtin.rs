//! The built-in exchange rules.

use super::{RuleContext, Violation, ViolationKind};
use crate::deal::{ConcessionKind, Deal, Staging};
use crate::model::{Authority, PrisonerStatus, ReliefKind};
use serde::{Deserialize, Serialize};

/// Which party must carry out its part first in a sequential deal.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstMover {
    /// A government that releases prisoners moves first (Belarus in 2025:
    /// releases came before the licences were published).
    Holder,
    /// A government that relieves sanctions or grants recognition moves first.
    Demander,
}

/// A built-in rule, as written in a scenario file's `rules` list
/// (`{"rule": "max_parties", "max": 3}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Rule {
    /// Only the custodian or the legal holder releases a prisoner.
    HolderReleases,
    /// Only prisoners in custody are released, each at most once per deal.
    NoDoubleRelease,
    /// Only the imposer relieves or reimposes a sanction, in a form the
    /// sanction allows, never beyond full relief, suspensions within their
    /// limit, funds within what is frozen.
    ImposerRelieves,
    /// Relief of a sanction under unanimity needs every bloc member's
    /// payoff change to meet its reservation value.
    BlocUnanimity,
    /// Every party gives something and receives something.
    Reciprocity,
    /// Every party's payoff change is at least its reservation value.
    IndividualRationality,
    /// A released prisoner goes to a country of citizenship or to one that
    /// accepts exiles; with `third_country`, never back to the custodian.
    Exile {
        /// Require a destination other than the custodian.
        #[serde(default)]
        third_country: bool,
    },
    /// At most `max` governments take part in one deal.
    MaxParties {
        /// The most parties allowed.
        max: usize,
    },
    /// Constraints on timing.
    Sequencing {
        /// Every deal must be simultaneous at a named venue.
        #[serde(default)]
        venue_required: bool,
        /// In sequential deals, who must move first.
        #[serde(default)]
        first_mover: Option<FirstMover>,
    },
}

impl Rule {
    /// The rule's name, as written in scenario files and violations.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::HolderReleases => "holder_releases",
            Rule::NoDoubleRelease => "no_double_release",
            Rule::ImposerRelieves => "imposer_relieves",
            Rule::BlocUnanimity => "bloc_unanimity",
            Rule::Reciprocity => "reciprocity",
            Rule::IndividualRationality => "individual_rationality",
            Rule::Exile { .. } => "exile",
            Rule::MaxParties { .. } => "max_parties",
            Rule::Sequencing { .. } => "sequencing",
        }
    }

    /// Every built-in rule with its default settings (exile to a third
    /// country not required, at most 8 parties, any staging).
    pub fn all() -> Vec<Rule> {
        vec![
            Rule::HolderReleases,
            Rule::NoDoubleRelease,
            Rule::ImposerRelieves,
            Rule::BlocUnanimity,
            Rule::Reciprocity,
            Rule::IndividualRationality,
            Rule::Exile {
                third_country: false,
            },
            Rule::MaxParties { max: 8 },
            Rule::Sequencing {
                venue_required: false,
                first_mover: None,
            },
        ]
    }

    /// Checks `deal`, pushing every violation of this rule into `out`.
    pub fn check(&self, ctx: &RuleContext<'_>, deal: &Deal, out: &mut Vec<Violation>) {
        let name = self.name();
        let mut push = |concession: Option<usize>, kind: ViolationKind| {
            out.push(Violation {
                rule: name.to_string(),
                concession,
                kind,
            })
        };
        let (world, state) = (ctx.world, ctx.state);
        match self {
            Rule::HolderReleases => {
                for (i, c) in deal.concessions.iter().enumerate() {
                    if let ConcessionKind::Release { prisoner, .. } = c.kind
                        && let Some(p) = world.prisoner(prisoner)
                        && !p.can_be_released_by(c.from)
                    {
                        push(
                            Some(i),
                            ViolationKind::NotHolder {
                                prisoner,
                                by: c.from,
                            },
                        );
                    }
                }
            }
            Rule::NoDoubleRelease => {
                let mut seen: Vec<(crate::model::PrisonerId, usize)> = Vec::new();
                for (i, c) in deal.concessions.iter().enumerate() {
                    let Some(prisoner) = c.kind.prisoner() else {
                        continue;
                    };
                    if prisoner.index() >= world.prisoners().len() {
                        continue;
                    }
                    let status = state.status(prisoner);
                    if status != PrisonerStatus::Held {
                        push(Some(i), ViolationKind::NotHeld { prisoner, status });
                    } else {
                        seen.push((prisoner, i));
                    }
                }
                // Sorting finds repeats in O(n log n); the first mention is
                // legal and every later one is reported.
                seen.sort_unstable();
                for w in seen.windows(2) {
                    if w[0].0 == w[1].0 {
                        push(
                            Some(w[1].1),
                            ViolationKind::DuplicateRelease { prisoner: w[1].0 },
                        );
                    }
                }
            }
            Rule::ImposerRelieves => check_relief(ctx, deal, &mut push),
            Rule::BlocUnanimity => {
                for (i, c) in deal.concessions.iter().enumerate() {
                    let Some(s) = c.kind.sanction().and_then(|s| world.sanction(s)) else {
                        continue;
                    };
                    if s.authority != Authority::Unanimity || c.kind.relief_kind().is_none() {
                        continue;
                    }
                    let Some(bloc) = world.government(s.imposer) else {
                        continue;
                    };
                    for &m in &bloc.members {
                        let (delta, res) = (
                            ctx.delta[m.index()],
                            world.governments()[m.index()].reservation,
                        );
                        if delta < res {
                            push(
                                Some(i),
                                ViolationKind::MemberVeto {
                                    bloc: bloc.id,
                                    member: m,
                                    delta,
                                    reservation: res,
                                },
                            );
                        }
                    }
                }
            }
            Rule::Reciprocity => {
                for party in deal.parties() {
                    let gives = deal.concessions.iter().any(|c| c.from == party);
                    let gets = deal.concessions.iter().any(|c| c.to == party);
                    if !(gives && gets) {
                        push(None, ViolationKind::OneSided { party });
                    }
                }
            }
            Rule::IndividualRationality => {
                for party in deal.parties() {
                    let Some(g) = world.government(party) else {
                        continue;
                    };
                    let delta = ctx.delta[party.index()];
                    if delta < g.reservation {
                        push(
                            None,
                            ViolationKind::NotRational {
                                party,
                                delta,
                                reservation: g.reservation,
                            },
                        );
                    }
                }
            }
            Rule::Exile { third_country } => {
                for (i, c) in deal.concessions.iter().enumerate() {
                    let ConcessionKind::Release {
                        prisoner,
                        destination,
                        ..
                    } = c.kind
                    else {
                        continue;
                    };
                    let (Some(p), Some(dest)) =
                        (world.prisoner(prisoner), world.government(destination))
                    else {
                        continue;
                    };
                    if *third_country && destination == p.custodian {
                        push(
                            Some(i),
                            ViolationKind::NotThirdCountry {
                                prisoner,
                                destination,
                            },
                        );
                    } else if p.is_exile_to(destination) && !dest.accepts_exiles {
                        push(
                            Some(i),
                            ViolationKind::DestinationRefuses {
                                prisoner,
                                destination,
                            },
                        );
                    }
                }
            }
            Rule::MaxParties { max } => {
                let count = deal.parties().len();
                if count > *max {
                    push(None, ViolationKind::TooManyParties { count, max: *max });
                }
            }
            Rule::Sequencing {
                venue_required,
                first_mover,
            } => {
                let reason = match (deal.staging, venue_required, first_mover) {
                    (Staging::AtVenue { .. }, _, _) => None,
                    (_, true, _) => {
                        Some("deals must be carried out simultaneously at a venue".to_string())
                    }
                    (Staging::Sequential { first }, false, Some(who)) => {
                        let releases = deal
                            .concessions
                            .iter()
                            .any(|c| c.from == first && c.kind.prisoner().is_some());
                        let relieves = deal
                            .concessions
                            .iter()
                            .any(|c| c.from == first && c.kind.prisoner().is_none());
                        match who {
                            FirstMover::Holder if !releases => Some(format!(
                                "{} moves first but releases no one",
                                world.code(first)
                            )),
                            FirstMover::Demander if !relieves => Some(format!(
                                "{} moves first but gives no relief or recognition",
                                world.code(first)
                            )),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                if let Some(reason) = reason {
                    push(None, ViolationKind::StagingNotAllowed { reason });
                }
            }
        }
    }
}

fn check_relief(
    ctx: &RuleContext<'_>,
    deal: &Deal,
    push: &mut impl FnMut(Option<usize>, ViolationKind),
) {
    let (world, state) = (ctx.world, ctx.state);
    for (i, c) in deal.concessions.iter().enumerate() {
        let Some(sid) = c.kind.sanction() else {
            continue;
        };
        let Some(s) = world.sanction(sid) else {
            continue;
        };
        if c.from != s.imposer {
            push(
                Some(i),
                ViolationKind::NotImposer {
                    sanction: sid,
                    by: c.from,
                },
            );
            continue;
        }
        let now = state.relief(sid);
        let Some(kind) = c.kind.relief_kind() else {
            if now.level == 0.0 {
                push(Some(i), ViolationKind::NothingToReimpose { sanction: sid });
            }
            continue;
        };
        let Some(option) = s.relief_option(kind) else {
            push(
                Some(i),
                ViolationKind::ReliefNotAllowed {
                    sanction: sid,
                    kind,
                },
            );
            continue;
        };
        match c.kind {
            ConcessionKind::Suspend { rounds, .. } => {
                if let Some(max) = option.max_rounds
                    && rounds > max
                {
                    push(
                        Some(i),
                        ViolationKind::SuspensionTooLong {
                            sanction: sid,
                            rounds,
                            max,
                        },
                    );
                }
            }
            ConcessionKind::Unfreeze { amount, .. } => {
                let frozen = s.frozen_funds - now.unfrozen;
                if !(amount > 0.0 && amount <= frozen) {
                    push(
                        Some(i),
                        ViolationKind::FundsExceeded {
                            sanction: sid,
                            amount,
                            frozen,
                        },
                    );
                }
                continue;
            }
            ConcessionKind::Ease { fraction, .. } => {
                if !(fraction > 0.0 && fraction <= 1.0) || now.level >= 1.0 {
                    push(
                        Some(i),
                        ViolationKind::ReliefBeyondLevel {
                            sanction: sid,
                            level: now.level,
                        },
                    );
                }
                continue;
            }
            _ => {}
        }
        if kind != ReliefKind::Suspend && option.value_fraction <= now.level {
            push(
                Some(i),
                ViolationKind::ReliefBeyondLevel {
                    sanction: sid,
                    level: now.level,
                },
            );
        }
    }
}
