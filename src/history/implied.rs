//! Implied valuations: the inverse problem.
//!
//! Every deal that happened is evidence that each party preferred it to no
//! deal: its payoff change met its reservation value. A refused offer is
//! evidence that the refusing party's did not. Payoff changes are linear in
//! the valuations, so with some valuations left unknown (each within a
//! stated box) the record becomes a set of linear inequalities. Linear
//! programs (a small exact dense simplex inside the crate) then give the lowest
//! and highest value of each unknown that the evidence allows, deal by deal
//! and for the whole series; an empty region is reported as "no single
//! valuation explains this history", naming the first step at which the
//! series stops being explainable.
//!
//! The coefficients are measured, not derived by hand: the record is
//! replayed with every unknown at 0, then once per unknown with that one
//! at 1. Replay carries out the same deals whatever the valuations, and
//! payoffs are linear in them, so the differences are the exact
//! coefficients of every rule of the payoff model (discounting, relief
//! fractions, recognition levels, audience costs).

use super::case::Case;
use super::lp::{Row, optimum};
use super::replay::{Replay, replay_world};
use crate::model::World;
use crate::scenario::{Scenario, ScenarioErrors, ValuationEntry};
use serde::{Deserialize, Serialize};

fn one() -> f64 {
    1.0
}

/// A question to ask of the record: which valuations are unknown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpliedModel {
    /// Short name.
    pub name: String,
    /// The question in words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// The unknowns; every other valuation keeps the scenario's value.
    pub unknowns: Vec<Unknown>,
    /// Labels of the steps used as evidence (default: every step with a deal).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
}

/// One unknown: a number that sets one or more valuations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unknown {
    /// Id used in reports.
    pub id: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The valuations it sets (each to `scale` × the unknown). Several
    /// targets tie valuations together: "one price for every licence".
    pub targets: Vec<Target>,
    /// Least value considered.
    pub min: f64,
    /// Greatest value considered.
    pub max: f64,
}

/// A valuation an unknown sets: what `by` gains from one thing, named by
/// exactly one selector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Who gains.
    pub by: String,
    /// Multiplier of the unknown (default 1; -1 for a cost).
    #[serde(default = "one")]
    pub scale: f64,
    /// A named prisoner's release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prisoner: Option<String>,
    /// The release of each member of a pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// A sanction's full relief.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sanction: Option<String>,
    /// Recognition granted by this government, per level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_from: Option<String>,
    /// With `recognition_from`: granted to this government (default `by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_to: Option<String>,
    /// Funds received, per unit.
    #[serde(default)]
    pub funds: bool,
}

impl ImpliedModel {
    pub(crate) fn check(&self, world: &World, path: &str, err: &mut impl FnMut(String, String)) {
        if self.unknowns.is_empty() {
            err(
                format!("{path}.unknowns"),
                "a model needs at least one unknown".into(),
            );
        }
        for (i, u) in self.unknowns.iter().enumerate() {
            let p = format!("{path}.unknowns[{i}]");
            if self.unknowns[..i].iter().any(|v| v.id == u.id) {
                err(format!("{p}.id"), format!("duplicate unknown `{}`", u.id));
            }
            if !(u.min.is_finite() && u.max.is_finite() && u.min <= u.max) {
                err(
                    p.clone(),
                    format!(
                        "expected finite bounds with min <= max, found [{}, {}]",
                        u.min, u.max
                    ),
                );
            }
            if u.targets.is_empty() {
                err(
                    format!("{p}.targets"),
                    "an unknown sets at least one valuation".into(),
                );
            }
            for (k, t) in u.targets.iter().enumerate() {
                let q = format!("{p}.targets[{k}]");
                let gov_ok = |c: &str| world.government_by_code(c).is_some();
                if !gov_ok(&t.by) {
                    err(format!("{q}.by"), format!("unknown government `{}`", t.by));
                }
                if !t.scale.is_finite() {
                    err(format!("{q}.scale"), "expected a finite number".into());
                }
                let selectors = [
                    t.prisoner.is_some(),
                    t.pool.is_some(),
                    t.sanction.is_some(),
                    t.recognition_from.is_some(),
                    t.funds,
                ]
                .iter()
                .filter(|&&b| b)
                .count();
                if selectors != 1 {
                    err(q.clone(), "name exactly one of `prisoner`, `pool`, `sanction`, `recognition_from`, `funds`".into());
                }
                if let Some(k) = &t.prisoner
                    && world.prisoner_by_key(k).is_none()
                {
                    err(format!("{q}.prisoner"), format!("unknown prisoner `{k}`"));
                }
                if let Some(k) = &t.pool
                    && !world.pools().iter().any(|p| &p.key == k)
                {
                    err(format!("{q}.pool"), format!("unknown pool `{k}`"));
                }
                if let Some(k) = &t.sanction
                    && world.sanction_by_key(k).is_none()
                {
                    err(format!("{q}.sanction"), format!("unknown sanction `{k}`"));
                }
                for (field, c) in [
                    ("recognition_from", &t.recognition_from),
                    ("recognition_to", &t.recognition_to),
                ] {
                    if let Some(c) = c
                        && !gov_ok(c)
                    {
                        err(format!("{q}.{field}"), format!("unknown government `{c}`"));
                    }
                }
            }
        }
    }
}

/// Bounds on one unknown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bound {
    /// The unknown's id.
    pub unknown: String,
    /// Least value the evidence allows.
    pub lo: f64,
    /// Greatest value the evidence allows.
    pub hi: f64,
    /// Whether `lo` is just the stated `min` (the evidence sets no lower bound).
    pub lo_at_box: bool,
    /// Whether `hi` is just the stated `max` (the evidence sets no upper bound).
    pub hi_at_box: bool,
}

/// What one step implies on its own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepBounds {
    /// The step's label.
    pub label: String,
    /// Whether some valuation in the box explains this step.
    pub feasible: bool,
    /// Bounds per unknown (empty when infeasible).
    pub bounds: Vec<Bound>,
}

/// What the whole series implies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesBounds {
    /// Whether one valuation explains every step together.
    pub feasible: bool,
    /// Bounds per unknown (empty when infeasible).
    pub bounds: Vec<Bound>,
    /// When infeasible: the first step at which the steps so far can no
    /// longer be explained by one valuation.
    pub breaking_step: Option<String>,
    /// When infeasible: whether that step cannot be explained even alone.
    pub breaks_alone: bool,
    /// The finding in words.
    pub message: String,
}

/// The inverse problem's answer for one model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Implied {
    /// The model's name.
    pub model: String,
    /// Its question.
    pub question: String,
    /// Per step used as evidence.
    pub per_step: Vec<StepBounds>,
    /// For the series.
    pub series: SeriesBounds,
}

/// Why the inverse problem could not be solved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImpliedError {
    /// The case has mistakes.
    #[error(transparent)]
    Case(#[from] ScenarioErrors),
    /// A model names a step that is not in the case.
    #[error("model `{model}` names step `{step}`, which the case does not have")]
    UnknownStep {
        /// The model.
        model: String,
        /// The label.
        step: String,
    },
    /// The LP solver failed for a reason other than infeasibility.
    #[error("LP solver: {0}")]
    Solver(String),
}

/// `constant + coefs · x  >= rhs` (or `<=` when `upper`).
#[derive(Clone, Debug, PartialEq)]
struct Evidence {
    step: usize,
    coefs: Vec<f64>,
    constant: f64,
    rhs: f64,
    upper: bool,
}

/// Solves every model of `case`.
///
/// # Errors
/// As for [`implied`].
pub fn implied_all(case: &Case) -> Result<Vec<Implied>, ImpliedError> {
    case.implied.iter().map(|m| implied(case, m)).collect()
}

/// Solves one model on `case`'s record.
///
/// # Errors
/// [`ImpliedError`]: mistakes in the case or the model, or a solver failure.
pub fn implied(case: &Case, model: &ImpliedModel) -> Result<Implied, ImpliedError> {
    let mut errs = Vec::new();
    let world = case.build()?;
    model.check(&world, "$", &mut |path, message| {
        errs.push(crate::scenario::ScenarioError { path, message })
    });
    if !errs.is_empty() {
        return Err(ScenarioErrors(errs).into());
    }
    for label in &model.steps {
        if !case.steps.iter().any(|s| &s.label == label) {
            return Err(ImpliedError::UnknownStep {
                model: model.name.clone(),
                step: label.clone(),
            });
        }
    }
    let (evidence, used) = evidence(case, model)?;
    let per_step = used
        .iter()
        .map(|&s| {
            let ev: Vec<&Evidence> = evidence.iter().filter(|e| e.step == s).collect();
            let bounds = bounds(model, &ev)?;
            Ok(StepBounds {
                label: case.steps[s].label.clone(),
                feasible: bounds.is_some(),
                bounds: bounds.unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, ImpliedError>>()?;
    let all: Vec<&Evidence> = evidence.iter().collect();
    let series = match bounds(model, &all)? {
        Some(b) => SeriesBounds {
            feasible: true,
            bounds: b,
            breaking_step: None,
            breaks_alone: false,
            message: format!("one valuation explains all {} steps", used.len()),
        },
        None => {
            // The first prefix of the series that is infeasible ends at the
            // step that breaks it.
            let mut breaking = *used.last().expect("an infeasible series has steps");
            for (k, &s) in used.iter().enumerate() {
                let prefix: Vec<&Evidence> = evidence
                    .iter()
                    .filter(|e| used[..=k].contains(&e.step))
                    .collect();
                if !feasible(model, &prefix)? {
                    breaking = s;
                    break;
                }
            }
            let alone = per_step
                .iter()
                .find(|p| p.label == case.steps[breaking].label)
                .is_some_and(|p| !p.feasible);
            let label = case.steps[breaking].label.clone();
            SeriesBounds {
                feasible: false,
                bounds: Vec::new(),
                message: if alone {
                    format!(
                        "no single valuation explains this history: `{label}` cannot be explained even on its own"
                    )
                } else {
                    format!(
                        "no single valuation explains this history: `{label}` contradicts the steps before it"
                    )
                },
                breaking_step: Some(label),
                breaks_alone: alone,
            }
        }
    };
    Ok(Implied {
        model: model.name.clone(),
        question: model.question.clone(),
        per_step,
        series,
    })
}

/// The scenario with each unknown set to `values[u]`.
fn with_values(scenario: &Scenario, model: &ImpliedModel, values: &[f64]) -> Scenario {
    let mut s = scenario.clone();
    for (u, &x) in model.unknowns.iter().zip(values) {
        for t in &u.targets {
            set_target(&mut s, t, t.scale * x);
        }
    }
    s
}

fn set_target(s: &mut Scenario, t: &Target, value: f64) {
    let by = t.by.clone();
    let specific = |v: &ValuationEntry| {
        v.by == by && v.tag.is_none() && v.recognition_from.is_none() && !v.funds
    };
    if let Some(k) = &t.prisoner {
        s.valuations
            .retain(|v| !(specific(v) && v.prisoner.as_ref() == Some(k)));
        if let Some(e) = s.prisoners.iter_mut().find(|e| &e.id == k) {
            e.valued_by.insert(by, value);
        }
    } else if let Some(k) = &t.pool {
        s.valuations
            .retain(|v| !(specific(v) && v.pool.as_ref() == Some(k)));
        if let Some(e) = s.pools.iter_mut().find(|e| &e.id == k) {
            e.valued_by.insert(by, value);
        }
    } else if let Some(k) = &t.sanction {
        s.valuations
            .retain(|v| !(specific(v) && v.sanction.as_ref() == Some(k)));
        if let Some(e) = s.sanctions.iter_mut().find(|e| &e.id == k) {
            e.valued_by.insert(by, value);
        }
    } else if let Some(from) = &t.recognition_from {
        let to = t.recognition_to.clone().unwrap_or_else(|| by.clone());
        s.valuations.retain(|v| {
            !(v.by == by
                && v.recognition_from.as_ref() == Some(from)
                && v.recognition_to.as_ref().unwrap_or(&v.by) == &to)
        });
        s.valuations.push(entry(&by, value, |e| {
            e.recognition_from = Some(from.clone());
            e.recognition_to = Some(to.clone());
        }));
    } else if t.funds {
        s.valuations.retain(|v| !(v.by == by && v.funds));
        s.valuations.push(entry(&by, value, |e| e.funds = true));
    }
}

fn entry(by: &str, value: f64, f: impl FnOnce(&mut ValuationEntry)) -> ValuationEntry {
    let mut e = ValuationEntry {
        by: by.to_string(),
        value,
        prisoner: None,
        pool: None,
        tag: None,
        held_by: None,
        sanction: None,
        recognition_from: None,
        recognition_to: None,
        funds: false,
        note: String::new(),
        sources: Vec::new(),
    };
    f(&mut e);
    e
}

fn replay_with(case: &Case, model: &ImpliedModel, values: &[f64]) -> Result<Replay, ImpliedError> {
    let mut c = case.clone();
    c.scenario = with_values(&case.scenario, model, values);
    let world = c.build()?;
    Ok(replay_world(&c, &world))
}

/// The linear evidence of the record, and the steps it comes from.
fn evidence(
    case: &Case,
    model: &ImpliedModel,
) -> Result<(Vec<Evidence>, Vec<usize>), ImpliedError> {
    let n = model.unknowns.len();
    let base = replay_with(case, model, &vec![0.0; n])?;
    let unit: Vec<Replay> = (0..n)
        .map(|u| {
            let mut x = vec![0.0; n];
            x[u] = 1.0;
            replay_with(case, model, &x)
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    let mut used = Vec::new();
    for (s, step) in base.steps.iter().enumerate() {
        let wanted = if model.steps.is_empty() {
            !step.parties.is_empty()
        } else {
            model.steps.contains(&step.label)
        };
        if !wanted || step.parties.is_empty() {
            continue;
        }
        used.push(s);
        for (k, party) in step.parties.iter().enumerate() {
            let upper = match &step.refused_by {
                None => false,
                Some(by) if *by == party.code => true,
                Some(_) => continue,
            };
            let coefs = unit
                .iter()
                .map(|r| {
                    let c = r.steps[s].parties[k].delta - party.delta;
                    if c.abs() < 1e-12 { 0.0 } else { c }
                })
                .collect();
            out.push(Evidence {
                step: s,
                coefs,
                constant: party.delta,
                rhs: party.reservation,
                upper,
            });
        }
    }
    Ok((out, used))
}

const EPS: f64 = 1e-9;

fn holds_constant(e: &Evidence) -> bool {
    if e.upper {
        e.constant <= e.rhs + EPS
    } else {
        e.constant >= e.rhs - EPS
    }
}

fn lp(
    model: &ImpliedModel,
    evidence: &[&Evidence],
    objective: usize,
    maximise: bool,
) -> Result<Option<f64>, ImpliedError> {
    if evidence
        .iter()
        .any(|e| e.coefs.iter().all(|&c| c == 0.0) && !holds_constant(e))
    {
        return Ok(None);
    }
    let lower: Vec<f64> = model.unknowns.iter().map(|u| u.min).collect();
    let upper: Vec<f64> = model.unknowns.iter().map(|u| u.max).collect();
    let rows: Vec<Row> = evidence
        .iter()
        .filter(|e| e.coefs.iter().any(|&c| c != 0.0))
        .map(|e| {
            // `constant + coefs·x >= rhs` is `-coefs·x <= constant - rhs`.
            if e.upper {
                Row {
                    coefs: e.coefs.clone(),
                    rhs: e.rhs - e.constant,
                }
            } else {
                Row {
                    coefs: e.coefs.iter().map(|c| -c).collect(),
                    rhs: e.constant - e.rhs,
                }
            }
        })
        .collect();
    optimum(&lower, &upper, &rows, objective, maximise).map_err(|_| {
        ImpliedError::Solver("the simplex ran out of pivots (ill-conditioned evidence)".into())
    })
}

fn feasible(model: &ImpliedModel, evidence: &[&Evidence]) -> Result<bool, ImpliedError> {
    Ok(lp(model, evidence, 0, false)?.is_some())
}

/// Bounds of every unknown under `evidence`, or `None` when infeasible.
fn bounds(
    model: &ImpliedModel,
    evidence: &[&Evidence],
) -> Result<Option<Vec<Bound>>, ImpliedError> {
    let mut out = Vec::with_capacity(model.unknowns.len());
    for (u, unknown) in model.unknowns.iter().enumerate() {
        let (Some(lo), Some(hi)) = (
            lp(model, evidence, u, false)?,
            lp(model, evidence, u, true)?,
        ) else {
            return Ok(None);
        };
        let tol = 1e-7 * (1.0 + unknown.max.abs().max(unknown.min.abs()));
        out.push(Bound {
            unknown: unknown.id.clone(),
            lo,
            hi,
            lo_at_box: (lo - unknown.min).abs() <= tol,
            hi_at_box: (unknown.max - hi).abs() <= tol,
        });
    }
    Ok(Some(out))
}
