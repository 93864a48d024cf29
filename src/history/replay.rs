//! Replaying a recorded history step by step.
//!
//! Each step's deal is checked against the case's rulebook at the state the
//! earlier steps left, then carried out (a refused offer is checked but not
//! carried out), then the step's events are applied. The report says, per
//! step, whether the deal was legal, whether it was individually rational
//! for every party under the scenario's valuations, and why not.

use super::case::{Case, CaseEvent, CaseOutcome, People, gov, resolve_people};
use crate::deal::UndoLog;
use crate::model::{PrisonerStatus, State, World};
use crate::scenario::ScenarioErrors;
use serde::Serialize;

/// One party's side of a step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyCheck {
    /// Government code.
    pub code: String,
    /// Its discounted payoff change from the deal, net of audience costs.
    pub delta: f64,
    /// Its reservation value.
    pub reservation: f64,
    /// Whether `delta` meets the reservation.
    pub rational: bool,
}

/// What replaying one step found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepReport {
    /// The step's label.
    pub label: String,
    /// Its date.
    pub date: String,
    /// Record id in the data set.
    pub record: String,
    /// The government that refused, for a refused offer.
    pub refused_by: Option<String>,
    /// Whether the deal passed every rule (true for a step of events only).
    pub legal: bool,
    /// Every violation, as `rule: message`.
    pub violations: Vec<String>,
    /// Each party's payoff change.
    pub parties: Vec<PartyCheck>,
    /// For a deal carried out: whether every party's change met its
    /// reservation. For a refused offer: whether the refusing party's did
    /// not (the refusal is explained by the valuations).
    pub rational: bool,
    /// Prisoners the deal freed.
    pub released: u32,
    /// Dependants who left with the families the deal freed (see
    /// [`Family`](crate::model::Family) for when they leave).
    pub dependants: u32,
    /// Releases that failed because the prisoner refused exile and stayed
    /// in custody.
    pub refused_exile: u32,
    /// Pool members the step asked for that were not available (a pool too
    /// small for the record: a mistake in the case).
    pub missing: u32,
    /// What the events did, one line each.
    pub events: Vec<String>,
    /// Suspensions that lapsed before the step.
    pub lapsed: u32,
}

impl StepReport {
    /// Why the step is not legal or not rational, in one line (empty when it is both).
    pub fn why_not(&self) -> String {
        let mut why = self.violations.clone();
        if !self.rational {
            for p in &self.parties {
                match &self.refused_by {
                    None if !p.rational => why.push(format!(
                        "{} loses: payoff change {:.3} below its reservation {:.3}",
                        p.code, p.delta, p.reservation
                    )),
                    Some(r) if *r == p.code => why.push(format!(
                        "{} refused although its payoff change {:.3} meets its reservation {:.3}",
                        p.code, p.delta, p.reservation
                    )),
                    _ => {}
                }
            }
        }
        if self.missing > 0 {
            why.push(format!(
                "{} pool members asked for were not available",
                self.missing
            ));
        }
        why.join("; ")
    }
}

/// The replay of a whole case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Replay {
    /// The case id.
    pub case: String,
    /// One report per step.
    pub steps: Vec<StepReport>,
    /// Prisoners held at the end, by custodian code.
    pub held_at_end: Vec<(String, u32)>,
}

impl Replay {
    /// Whether every step was legal and no pool ran short.
    pub fn all_legal(&self) -> bool {
        self.steps.iter().all(|s| s.legal && s.missing == 0)
    }

    /// Whether every step was individually rational (or its refusal explained).
    pub fn all_rational(&self) -> bool {
        self.steps.iter().all(|s| s.rational)
    }
}

/// Builds the case's world and replays it.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let case = detente::history::Case::from_path("examples/scenarios/history/griner_bout_2022.json")?;
/// let replay = detente::history::replay(&case)?;
/// assert!(replay.all_legal());
/// # Ok(()) }
/// ```
///
/// # Errors
/// The case's mistakes, each with its JSON path.
pub fn replay(case: &Case) -> Result<Replay, ScenarioErrors> {
    let world = case.build()?;
    Ok(replay_world(case, &world))
}

/// Replays `case` on `world` (built from the case by [`Case::build`]).
pub fn replay_world(case: &Case, world: &World) -> Replay {
    let rules = case.rulebook();
    let mut state = case.initial_state(world);
    let mut log = UndoLog::new();
    let mut scratch = UndoLog::new();
    let mut delta = Vec::new();
    let mut steps = Vec::with_capacity(case.steps.len());
    for step in &case.steps {
        log.clear();
        state.set_round(step.round.max(state.round()));
        let lapsed = state.lapse_suspensions(&mut log);
        let deal = step.deal(world, &state);
        let asked: u32 = step
            .gives
            .iter()
            .map(|g| match g {
                super::case::Give::Release { people, .. } => asked(people),
                _ => 0,
            })
            .sum();
        let found = deal
            .concessions
            .iter()
            .filter(|c| c.kind.prisoner().is_some())
            .count() as u32;
        let mut report = StepReport {
            label: step.label.clone(),
            date: step.date.clone(),
            record: step.record.clone(),
            refused_by: match &step.outcome {
                CaseOutcome::Accepted => None,
                CaseOutcome::Refused { by } => Some(by.clone()),
            },
            legal: true,
            violations: Vec::new(),
            parties: Vec::new(),
            rational: true,
            released: 0,
            dependants: 0,
            refused_exile: 0,
            missing: asked.saturating_sub(found),
            events: Vec::new(),
            lapsed,
        };
        if !deal.is_empty() {
            if let Err(rejected) = rules.check(world, &mut state, &deal, &mut scratch, &mut delta) {
                report.legal = false;
                report.violations = rejected
                    .violations
                    .iter()
                    .map(|v| v.describe(world))
                    .collect();
            }
            crate::payoff::delta(world, &mut state, &deal, &mut scratch, &mut delta);
            report.parties = deal
                .parties()
                .into_iter()
                .map(|g| {
                    let reservation = world.governments()[g.index()].reservation;
                    PartyCheck {
                        code: world.code(g).to_string(),
                        delta: delta[g.index()],
                        reservation,
                        rational: delta[g.index()] >= reservation,
                    }
                })
                .collect();
            report.rational = match &report.refused_by {
                None => report.parties.iter().all(|p| p.rational),
                Some(by) => report.parties.iter().any(|p| &p.code == by && !p.rational),
            };
            if report.refused_by.is_none() {
                let before = state.counts().released;
                // Only worlds with families pay for the copy.
                let families_before = (!world.families().is_empty()).then(|| state.clone());
                let applied =
                    crate::payoff::apply_with_delta(world, &mut state, &deal, &mut log, &mut delta);
                report.released = state.counts().released - before;
                if let Some(before) = &families_before {
                    report.dependants =
                        crate::model::PeopleCount::between(world, before, &state).dependants;
                }
                report.refused_exile = applied.refused_exile;
            }
        }
        for e in &step.events {
            report
                .events
                .push(apply_event(world, &mut state, e, &mut log));
        }
        steps.push(report);
    }
    let mut held: Vec<(String, u32)> = Vec::new();
    for p in state.held() {
        let code = world.code(state.location(p)).to_string();
        match held.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => held.push((code, 1)),
        }
    }
    Replay {
        case: case.id.clone(),
        steps,
        held_at_end: held,
    }
}

fn asked(people: &People) -> u32 {
    people.prisoners.len() as u32
        + if people.pool.is_some() {
            people.count
        } else {
            0
        }
}

fn apply_event(world: &World, state: &mut State, event: &CaseEvent, log: &mut UndoLog) -> String {
    match event {
        CaseEvent::Pardon {
            by,
            people,
            destination,
        } => {
            let by = gov(world, by);
            let to = destination.as_deref().map_or(by, |d| gov(world, d));
            let who = resolve_people(world, people, |p| state.is_held(p));
            let n = who
                .iter()
                .filter(|&&p| state.free_unilaterally(p, to, log))
                .count();
            format!(
                "{} freed {n} unilaterally (asked {})",
                world.code(by),
                asked(people)
            )
        }
        CaseEvent::Arrest { by, people } => {
            let g = gov(world, by);
            let who = resolve_people(world, people, |p| {
                matches!(
                    state.status(p),
                    PrisonerStatus::AtLarge | PrisonerStatus::Released
                )
            });
            let rearrests = who
                .iter()
                .filter(|&&p| state.status(p) == PrisonerStatus::Released)
                .count();
            let n = who.iter().filter(|&&p| state.arrest(p, g, log)).count();
            format!("{by} arrested {n} ({rearrests} freed before)")
        }
        CaseEvent::Impose { sanction } => {
            let s = world
                .sanction_by_key(sanction)
                .expect("keys are checked when the case is built");
            let imposed = state.snapback(s, log);
            let who = world.sanctions()[s.index()].imposer;
            if imposed {
                format!("{} imposed {sanction}", world.code(who))
            } else {
                format!("{sanction} was already in force")
            }
        }
    }
}
