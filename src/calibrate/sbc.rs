//! Simulation-based calibration check: does the method recover parameters
//! it knows? Draw the truth from the prior, simulate a synthetic record
//! from it, calibrate on that record, and count how often each
//! parameter's 90% interval covers the truth.

use rand::Rng;
use serde::{Deserialize, Serialize};

use super::abc::{AbcSettings, Model, abc_smc, own_bounds, to_natural};
use super::{CalibrateError, Observed};
use crate::budget::Budget;
use crate::rng;
use crate::scenario::Prior;

/// Stream tag of the truths and synthetic records: the fits' streams are
/// `[generation, slot, attempt]`, three long; these are
/// `[SBC_STREAM, replicate, k]`, and the fits themselves use seeds derived
/// from `[SBC_STREAM, replicate]`, so no fit sees its record's draws.
const SBC_STREAM: u64 = u64::MAX;

/// One replicate of the check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SbcReplicate {
    /// The parameters the synthetic record was simulated from.
    pub truth: Vec<f64>,
    /// The synthetic record.
    pub record: Vec<f64>,
    /// Per parameter: the posterior's 5th and 95th percentiles.
    pub intervals: Vec<[f64; 2]>,
    /// The fit's effective sample size.
    pub ess: f64,
    /// Whether the fit was stopped early (budget or stall).
    pub cut: bool,
}

/// The check's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SbcReport {
    /// Parameter names.
    pub names: Vec<String>,
    /// Per parameter, how many 90% intervals covered the truth.
    pub covered: Vec<u32>,
    /// Replicates run.
    pub replicates: u32,
    /// Each replicate.
    pub details: Vec<SbcReplicate>,
}

/// Runs `replicates` replicates of the check: each draws the truth from
/// the priors, simulates a record with a seed no fit uses, and calibrates
/// on it with `settings` (its own seed derived from `settings.seed` and
/// the replicate). `template` gives the summaries' names, scales and
/// weights (its values are replaced by the synthetic record); `budget`
/// bounds each fit.
///
/// # Errors
/// As [`abc_smc`], or the model failing on a truth.
pub fn sbc<M: Model>(
    model: &M,
    params: &[(String, Prior)],
    template: &[Observed],
    settings: &AbcSettings,
    budget: Budget,
    replicates: u32,
) -> Result<SbcReport, CalibrateError> {
    let mut covered = vec![0; params.len()];
    let mut details = Vec::with_capacity(replicates as usize);
    for i in 0..u64::from(replicates) {
        let mut r = rng::derived(settings.seed, &[SBC_STREAM, i, 0]);
        let u: Vec<f64> = params
            .iter()
            .map(|(_, p)| {
                let [a, b] = own_bounds(p);
                a + r.random::<f64>() * (b - a)
            })
            .collect();
        let truth = to_natural(params, &u);
        let record = model
            .simulate(&truth, r.random())
            .map_err(|e| CalibrateError::Model(format!("replicate {i}: {e}")))?;
        let observed: Vec<Observed> = template
            .iter()
            .zip(&record)
            .map(|(o, &v)| Observed {
                value: v,
                source: format!("synthetic record {i}"),
                ..o.clone()
            })
            .collect();
        let fit_settings = AbcSettings {
            seed: rng::derived(settings.seed, &[SBC_STREAM, i]).random(),
            ..settings.clone()
        };
        let post = abc_smc(model, params, &observed, &fit_settings, budget)?;
        let intervals: Vec<[f64; 2]> = post.parameters.iter().map(|p| [p.q05, p.q95]).collect();
        for ((c, [lo, hi]), t) in covered.iter_mut().zip(&intervals).zip(&truth) {
            if lo <= t && t <= hi {
                *c += 1;
            }
        }
        details.push(SbcReplicate {
            truth,
            record,
            intervals,
            ess: post.ess,
            cut: post.truncated.is_some() || post.stalled,
        });
    }
    Ok(SbcReport {
        names: params.iter().map(|(n, _)| n.clone()).collect(),
        covered,
        replicates,
        details,
    })
}
