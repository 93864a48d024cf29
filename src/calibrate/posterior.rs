//! What a calibration returns: the weighted particles, per parameter its
//! location, interval and how much the data narrowed it, the fit to every
//! summary, and the scenario with the fitted values written back.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::abc::{AbcSettings, ess, own_bounds, weighted_quantile};
use super::{CalibrateError, Observed};
use crate::budget::Stopped;
use crate::scenario::Prior;

/// A parameter whose 90% interval is wider than this share of the prior's
/// is marked a guess: the data hardly narrow it.
pub const GUESS_WIDTH: f64 = 0.8;

/// One parameter's posterior.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParameterSummary {
    /// Its name (for a scenario, its JSON path).
    pub name: String,
    /// Its prior.
    pub prior: Prior,
    /// Weighted mean.
    pub mean: f64,
    /// Weighted median.
    pub median: f64,
    /// 5th percentile.
    pub q05: f64,
    /// 95th percentile.
    pub q95: f64,
    /// Width of the 90% interval over the prior's own 90% interval, in the
    /// prior's scale (the logarithm for a log-uniform prior): 1 when the
    /// data say nothing.
    pub width_ratio: f64,
    /// Whether `width_ratio` is above [`GUESS_WIDTH`].
    pub guess: bool,
}

/// One summary: the record beside the posterior predictive (the
/// particles' own summaries, weighted).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryFit {
    /// Its name.
    pub name: String,
    /// Where the recorded value comes from.
    pub source: String,
    /// The recorded value.
    pub observed: f64,
    /// The scale it was divided by in the distance.
    pub scale: f64,
    /// 5th percentile of the posterior predictive.
    pub q05: f64,
    /// Median.
    pub q50: f64,
    /// 95th percentile.
    pub q95: f64,
}

impl SummaryFit {
    /// Whether the record lies within the 5th–95th percentile band.
    pub fn covered(&self) -> bool {
        self.q05 <= self.observed && self.observed <= self.q95
    }
}

/// One generation's tolerance and cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generation {
    /// Its tolerance (`None` for the draws from the prior).
    pub tolerance: Option<f64>,
    /// Simulations it took.
    pub simulations: u64,
    /// Its effective sample size.
    pub ess: f64,
}

/// The result of [`super::abc_smc`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Posterior {
    /// Per parameter.
    pub parameters: Vec<ParameterSummary>,
    /// Per summary.
    pub summaries: Vec<SummaryFit>,
    /// The particles' parameter values.
    pub particles: Vec<Vec<f64>>,
    /// Their normalised weights.
    pub weights: Vec<f64>,
    /// Kish's effective sample size, `1 / Σ w²`.
    pub ess: f64,
    /// The final tolerance (`None`: no generation after the prior).
    pub tolerance: Option<f64>,
    /// Every complete generation, the prior's first.
    pub generations: Vec<Generation>,
    /// Simulations (model calls) counted in the complete generations.
    pub simulations: u64,
    /// The limit that stopped it early, if one did: the result is then the
    /// last complete generation.
    pub truncated: Option<Stopped>,
    /// Whether a generation could not reach its tolerance within
    /// `max_attempts` per particle (the result is the last one that did).
    pub stalled: bool,
    /// The settings it ran with.
    pub settings: AbcSettings,
}

/// The engine's raw output, gathered by [`Posterior::from_raw`].
pub(crate) struct Raw<'a> {
    pub params: &'a [(String, Prior)],
    pub observed: &'a [Observed],
    pub scales: &'a [f64],
    pub particles: Vec<Vec<f64>>,
    pub summaries: Vec<Vec<f64>>,
    pub weights: Vec<f64>,
    pub tolerance: Option<f64>,
    pub generations: Vec<Generation>,
    pub simulations: u64,
    pub truncated: Option<Stopped>,
    pub stalled: bool,
    pub settings: &'a AbcSettings,
}

impl Posterior {
    /// `n` parameter draws from the posterior, by systematic resampling of
    /// the weighted particles at the fixed offsets `(i + 0.5) / n` (no
    /// random draw, so the same posterior always gives the same draws):
    /// each a map from parameter path to value, the format `simulate
    /// --draws` reads, so that a counterfactual's interval covers parameter
    /// uncertainty as well as run-to-run noise.
    pub fn draws(&self, n: usize) -> Vec<std::collections::BTreeMap<String, f64>> {
        let total: f64 = self.weights.iter().sum();
        if n == 0
            || self.particles.is_empty()
            || total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
        {
            return Vec::new();
        }
        let (mut j, mut upto) = (0, self.weights[0] / total);
        (0..n)
            .map(|i| {
                let u = (i as f64 + 0.5) / n as f64;
                while u > upto && j + 1 < self.particles.len() {
                    j += 1;
                    upto += self.weights[j] / total;
                }
                self.parameters
                    .iter()
                    .zip(&self.particles[j])
                    .map(|(p, &v)| (p.name.clone(), v))
                    .collect()
            })
            .collect()
    }

    pub(crate) fn from_raw(r: Raw<'_>) -> Self {
        let w = &r.weights;
        let parameters = r
            .params
            .iter()
            .enumerate()
            .map(|(k, (name, prior))| {
                let x: Vec<f64> = r.particles.iter().map(|p| p[k]).collect();
                let mean = x.iter().zip(w).map(|(x, w)| x * w).sum();
                let (q05, median, q95) = (
                    weighted_quantile(&x, w, 0.05),
                    weighted_quantile(&x, w, 0.5),
                    weighted_quantile(&x, w, 0.95),
                );
                let own = |v: f64| match prior {
                    Prior::Uniform(_) => v,
                    Prior::LogUniform(_) => v.ln(),
                };
                let [a, b] = own_bounds(prior);
                let width_ratio = (own(q95) - own(q05)) / (0.9 * (b - a));
                ParameterSummary {
                    name: name.clone(),
                    prior: *prior,
                    mean,
                    median,
                    q05,
                    q95,
                    width_ratio,
                    guess: width_ratio > GUESS_WIDTH,
                }
            })
            .collect();
        let summaries = r
            .observed
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let x: Vec<f64> = r.summaries.iter().map(|s| s[k]).collect();
                SummaryFit {
                    name: o.name.clone(),
                    source: o.source.clone(),
                    observed: o.value,
                    scale: r.scales[k],
                    q05: weighted_quantile(&x, w, 0.05),
                    q50: weighted_quantile(&x, w, 0.5),
                    q95: weighted_quantile(&x, w, 0.95),
                }
            })
            .collect();
        Posterior {
            parameters,
            summaries,
            ess: ess(w),
            particles: r.particles,
            weights: r.weights,
            tolerance: r.tolerance,
            generations: r.generations,
            simulations: r.simulations,
            truncated: r.truncated,
            stalled: r.stalled,
            settings: r.settings.clone(),
        }
    }

    /// The scenario `base` (as JSON) with every parameter (named by its
    /// path) set to its posterior median, and what was fitted, to which
    /// data, by which method, written into the note of the object that
    /// holds the field (when it has one) and of the parameter's entry in
    /// `calibration.parameters`. The data cutoff is read from
    /// `calibration.method.data_cutoff`.
    ///
    /// # Errors
    /// [`CalibrateError::Scenario`] for a parameter name that is not a
    /// path in `base`.
    pub fn write_scenario(&self, base: &Value) -> Result<Value, CalibrateError> {
        let mut doc = base.clone();
        let cutoff = base
            .pointer("/calibration/method/data_cutoff")
            .and_then(Value::as_str)
            .unwrap_or("not stated")
            .to_string();
        let data = self
            .summaries
            .iter()
            .map(|s| {
                if s.source.is_empty() {
                    format!("{} = {}", s.name, s.observed)
                } else {
                    format!("{} = {} ({})", s.name, s.observed, s.source)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        for (i, p) in self.parameters.iter().enumerate() {
            // The value written is the median to 4 significant digits, as
            // the note states it: more digits would claim a precision the
            // Monte Carlo fit does not have.
            let value = round(p.median).parse::<f64>().unwrap_or(p.median);
            crate::simulate::set_json_path(&mut doc, &p.name, value.into()).map_err(|e| {
                CalibrateError::Scenario(format!("$.calibration.parameters[{i}].path: {e}"))
            })?;
            let text = format!(
                "fitted: {} = {} (posterior median; 90% interval {}-{}, {:.2} of the prior's width{}) \
                 by ABC-SMC ({} particles, {} generations{}, ESS {:.0}, tolerance {}, seed {}) \
                 to {data}; data up to {cutoff}",
                p.name,
                round(p.median),
                round(p.q05),
                round(p.q95),
                p.width_ratio,
                if p.guess { ", still a guess" } else { "" },
                self.particles.len(),
                self.generations.len() - 1,
                // A fit cut by its budget says so where it is written down.
                self.truncated
                    .map_or(String::new(), |s| format!(" (stopped by its {s})")),
                self.ess,
                self.tolerance.map_or("none".into(), |t| format!("{t:.3}")),
                self.settings.seed,
            );
            if let Some(parent) = parent_pointer(&p.name)
                && let Some(Value::String(note)) =
                    doc.pointer_mut(&parent).and_then(|o| o.get_mut("note"))
            {
                append(note, &text);
            }
            if let Some(Value::Array(entries)) = doc.pointer_mut("/calibration/parameters") {
                for e in entries.iter_mut() {
                    if e.get("path").and_then(Value::as_str) == Some(p.name.as_str())
                        && let Some(obj) = e.as_object_mut()
                    {
                        let note = obj
                            .entry("note")
                            .or_insert_with(|| Value::String(String::new()));
                        if let Value::String(note) = note {
                            append(note, &text);
                        }
                    }
                }
            }
        }
        Ok(doc)
    }
}

/// Four significant digits: enough for a note, and readable.
fn round(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

/// Adds `text` (`fitted: NAME = ...`) to `note`, replacing an earlier fit
/// of the same parameter, so that calibrating a fitted file again leaves
/// one fit per parameter.
fn append(note: &mut String, text: &str) {
    let key = text.split(" = ").next().unwrap_or(text);
    let mut kept: Vec<&str> = note
        .split(" | ")
        .filter(|part| !part.is_empty() && part.split(" = ").next() != Some(key))
        .collect();
    kept.push(text);
    *note = kept.join(" | ");
}

/// The JSON pointer of the object holding the field at `path`
/// (`dynamics.holders[0].arrest_rate` → `/dynamics/holders/0`), or `None`
/// when the field is an array element.
fn parent_pointer(path: &str) -> Option<String> {
    let path = path.strip_prefix("$.").unwrap_or(path);
    if path.ends_with(']') {
        return None;
    }
    let (parent, _) = path.rsplit_once('.')?;
    Some(format!(
        "/{}",
        parent.replace('[', ".").replace(']', "").replace('.', "/")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_of_a_field_is_its_object() {
        assert_eq!(
            parent_pointer("dynamics.holders[0].arrest_rate").as_deref(),
            Some("/dynamics/holders/0")
        );
        assert_eq!(parent_pointer("$.a.b").as_deref(), Some("/a"));
        assert_eq!(parent_pointer("top"), None);
        assert_eq!(parent_pointer("a.b[2]"), None);
    }

    #[test]
    fn notes_round_to_four_digits() {
        assert_eq!(round(42.123_456), "42.12");
        assert_eq!(round(0.004_321_9), "0.004322");
        assert_eq!(round(1234.4), "1234");
    }
}
