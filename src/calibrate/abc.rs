//! The engine: ABC-SMC (population Monte Carlo ABC, Beaumont, Cornuet,
//! Marin & Robert 2009) with each generation's tolerance set by a quantile
//! of the previous generation's distances (Del Moral, Doucet & Jasra 2012).
//!
//! Parameters are moved in their prior's own scale (the logarithm for a
//! log-uniform prior), where every prior is uniform: the importance weight
//! of a particle is then `1 / Σ_i w_i K(u | u_i)`, the prior's constant
//! density over the proposal's mixture density, with `K` the Gaussian
//! kernel of twice the previous generation's weighted covariance.
//! Proposals outside the prior's box are drawn again (the kernel's
//! truncation is not renormalised per ancestor, a common approximation
//! that matters only for particles piled against a bound).
//!
//! Slot `j` of generation `t` draws its `a`-th attempt from
//! `rng::derived(seed, &[t, j, a])`, so a generation is the same whichever
//! thread runs which slot.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use rand::Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::posterior::{Generation, Posterior, Raw};
use super::{CalibrateError, Observed};
use crate::budget::{Budget, Stopped};
use crate::rng;
use crate::scenario::Prior;

/// A simulator to calibrate: summary statistics for parameters `theta`
/// (in the order of the calibration's parameters), drawing only from
/// `seed`.
pub trait Model: Sync {
    /// Why a simulation failed.
    type Error: std::fmt::Display;

    /// The summaries for `theta`, in the order of the observed ones.
    ///
    /// # Errors
    /// When `theta` gives an invalid model; the calibration stops with it.
    fn simulate(&self, theta: &[f64], seed: u64) -> Result<Vec<f64>, Self::Error>;

    /// A squared term added to the distance that depends on `theta` alone
    /// (a likelihood's deviance: [`super::RevolvingDoorTerm`]); 0 by default.
    fn extra_distance(&self, _theta: &[f64]) -> f64 {
        0.0
    }
}

/// How a calibration runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcSettings {
    /// Particles per generation (at least 2).
    pub particles: usize,
    /// Generations after the draws from the prior.
    pub generations: u32,
    /// Each tolerance is this weighted quantile of the previous
    /// generation's distances (0 < q < 1).
    pub quantile: f64,
    /// Seed.
    pub seed: u64,
    /// Most attempts of one slot in one generation before the calibration
    /// stops as stalled (the tolerance is then out of the model's reach).
    pub max_attempts: u32,
}

impl Default for AbcSettings {
    fn default() -> Self {
        Self {
            particles: 200,
            generations: 4,
            quantile: 0.5,
            seed: 0,
            max_attempts: 1_000,
        }
    }
}

/// One accepted particle, in the prior's own scale.
#[derive(Clone, Debug)]
struct Slot {
    u: Vec<f64>,
    summaries: Vec<f64>,
    distance: f64,
}

/// A draw from the prior: its parameters (prior scale) and summaries.
type Draw = (Vec<f64>, Vec<f64>);

/// How a slot's search ended when it found nothing.
enum Failed {
    Aborted,
    Stalled,
    Model(String),
}

/// Calibrates `model` on `params` (names and priors) against `observed`.
///
/// A unit of work of `budget` is one call of [`Model::simulate`]. When a
/// limit stops it, the result is the last complete generation with
/// `truncated` set; a node limit gives the same result on every machine.
///
/// ```
/// use detente::calibrate::{AbcSettings, Model, Observed, abc_smc};
/// use detente::scenario::Prior;
/// use rand::Rng;
/// /// The mean of 10 draws from N(theta, 1).
/// struct Mean;
/// impl Model for Mean {
///     type Error = String;
///     fn simulate(&self, t: &[f64], seed: u64) -> Result<Vec<f64>, String> {
///         let mut r = detente::rng::seeded(seed);
///         let s: f64 = (0..10).map(|_| t[0] + r.sample::<f64, _>(rand_distr::StandardNormal)).sum();
///         Ok(vec![s / 10.0])
///     }
/// }
/// let obs = [Observed::new("mean", 1.5)];
/// let settings = AbcSettings { particles: 100, generations: 3, ..AbcSettings::default() };
/// let post = abc_smc(&Mean, &[("theta".into(), Prior::Uniform([-5.0, 5.0]))], &obs, &settings, detente::Budget::unlimited())?;
/// assert!((post.parameters[0].mean - 1.5).abs() < 0.5);
/// assert!(post.parameters[0].width_ratio < 0.8 && !post.parameters[0].guess);
/// # Ok::<(), detente::calibrate::CalibrateError>(())
/// ```
///
/// # Errors
/// [`CalibrateError::Settings`] for bad settings or priors or a model that
/// returns the wrong number of summaries; [`CalibrateError::Model`] when
/// the model fails; [`CalibrateError::NoGeneration`] when the budget stops
/// it before the draws from the prior are complete.
pub fn abc_smc<M: Model>(
    model: &M,
    params: &[(String, Prior)],
    observed: &[Observed],
    settings: &AbcSettings,
    budget: Budget,
) -> Result<Posterior, CalibrateError> {
    check(params, observed, settings)?;
    let start = Instant::now();
    let n = settings.particles;
    let box_ = params
        .iter()
        .map(|(_, p)| own_bounds(p))
        .collect::<Vec<_>>();
    let out_of_time = || budget.max_time.is_some_and(|t| start.elapsed() >= t);
    let mut used: u64 = 0;
    let mut history = Vec::new();

    // Generation 0: the prior, every draw accepted.
    let limit = budget.max_nodes.unwrap_or(u64::MAX);
    let count = AtomicU64::new(0);
    let abort = AtomicBool::new(false);
    let first: Vec<Result<Draw, Failed>> = (0..n)
        .into_par_iter()
        .map(|j| {
            if abort.load(Ordering::Relaxed) {
                return Err(Failed::Aborted);
            }
            let mut r = rng::derived(settings.seed, &[0, j as u64, 0]);
            let u: Vec<f64> = box_
                .iter()
                .map(|&[a, b]| a + r.random::<f64>() * (b - a))
                .collect();
            let s = simulate(model, params, observed.len(), &u, r.random())?;
            if count.fetch_add(1, Ordering::Relaxed) + 1 > limit || out_of_time() {
                abort.store(true, Ordering::Relaxed);
            }
            Ok((u, s))
        })
        .collect();
    let first = collect(first).map_err(|f| match f {
        Failed::Model(e) => CalibrateError::Model(e),
        _ => CalibrateError::NoGeneration(if out_of_time() {
            Stopped::Time
        } else {
            Stopped::Nodes
        }),
    })?;
    if abort.load(Ordering::Relaxed) {
        // The last draw may have crossed a limit only after it finished:
        // the generation is complete and kept unless it broke the node limit.
        if n as u64 > limit {
            return Err(CalibrateError::NoGeneration(Stopped::Nodes));
        }
    }
    used += n as u64;
    let scales = scales(observed, &first);
    let weights_of = observed.iter().map(|o| o.weight).collect::<Vec<_>>();
    let dist = |theta_u: &[f64], s: &[f64]| {
        let theta = to_natural(params, theta_u);
        distance(&weights_of, &scales, observed, s) + model.extra_distance(&theta).max(0.0)
    };
    let mut pop: Vec<Slot> = first
        .into_iter()
        .map(|(u, s)| Slot {
            distance: dist(&u, &s).sqrt(),
            u,
            summaries: s,
        })
        .collect();
    let mut w = vec![1.0 / n as f64; n];
    let mut tolerance = None;
    history.push(Generation {
        tolerance: None,
        simulations: n as u64,
        ess: n as f64,
    });
    let mut truncated = None;
    let mut stalled = false;

    for t in 1..=u64::from(settings.generations) {
        if out_of_time() {
            truncated = Some(Stopped::Time);
            break;
        }
        if used >= limit {
            truncated = Some(Stopped::Nodes);
            break;
        }
        let eps = weighted_quantile(
            &pop.iter().map(|p| p.distance).collect::<Vec<_>>(),
            &w,
            settings.quantile,
        );
        let chol = kernel(&pop, &w, &box_);
        let cum = cumulative(&w);
        let remaining = limit - used;
        let count = AtomicU64::new(0);
        let abort = AtomicBool::new(false);
        let slots: Vec<Result<(Slot, u64), Failed>> = (0..n)
            .into_par_iter()
            .map(|j| {
                let mut sims = 0;
                for a in 0..u64::from(settings.max_attempts) {
                    if abort.load(Ordering::Relaxed) {
                        return Err(Failed::Aborted);
                    }
                    let mut r = rng::derived(settings.seed, &[t, j as u64, a]);
                    let Some(u) = propose(&mut r, &pop, &cum, &chol, &box_) else {
                        continue;
                    };
                    let s = simulate(model, params, observed.len(), &u, r.random())?;
                    sims += 1;
                    if count.fetch_add(1, Ordering::Relaxed) + 1 > remaining || out_of_time() {
                        abort.store(true, Ordering::Relaxed);
                    }
                    let d = dist(&u, &s).sqrt();
                    if d <= eps {
                        return Ok((
                            Slot {
                                u,
                                summaries: s,
                                distance: d,
                            },
                            sims,
                        ));
                    }
                }
                Err(Failed::Stalled)
            })
            .collect();
        let next = match collect(slots) {
            Ok(next) => next,
            Err(Failed::Model(e)) => return Err(CalibrateError::Model(e)),
            Err(Failed::Stalled) => {
                stalled = true;
                break;
            }
            Err(Failed::Aborted) => {
                truncated = Some(if count.load(Ordering::Relaxed) > remaining {
                    Stopped::Nodes
                } else {
                    Stopped::Time
                });
                break;
            }
        };
        let sims: u64 = next.iter().map(|(_, k)| k).sum();
        if sims > remaining {
            truncated = Some(Stopped::Nodes);
            break;
        }
        let next: Vec<Slot> = next.into_iter().map(|(s, _)| s).collect();
        let new_w = importance_weights(&next, &pop, &w, &chol);
        used += sims;
        pop = next;
        w = new_w;
        tolerance = Some(eps);
        history.push(Generation {
            tolerance: Some(eps),
            simulations: sims,
            ess: ess(&w),
        });
    }
    let particles = pop.iter().map(|p| to_natural(params, &p.u)).collect();
    let summaries = pop.into_iter().map(|p| p.summaries).collect();
    Ok(Posterior::from_raw(Raw {
        params,
        observed,
        scales: &scales,
        particles,
        summaries,
        weights: w,
        tolerance,
        generations: history,
        simulations: used,
        truncated,
        stalled,
        settings,
    }))
}

fn check(
    params: &[(String, Prior)],
    observed: &[Observed],
    settings: &AbcSettings,
) -> Result<(), CalibrateError> {
    let bad = |s: String| Err(CalibrateError::Settings(s));
    if params.is_empty() {
        return bad("no parameter to fit".into());
    }
    for (name, p) in params {
        if let Some(why) = p.problem() {
            return bad(format!("prior of `{name}`: {why}"));
        }
    }
    if observed.is_empty() {
        return bad("no observed summary".into());
    }
    if settings.particles < 2 {
        return bad("at least 2 particles are needed for a covariance".into());
    }
    if !(settings.quantile > 0.0 && settings.quantile < 1.0) {
        return bad(format!(
            "quantile {} is not within (0, 1)",
            settings.quantile
        ));
    }
    if settings.max_attempts == 0 {
        return bad("max_attempts must be at least 1".into());
    }
    Ok(())
}

fn simulate<M: Model>(
    model: &M,
    params: &[(String, Prior)],
    k: usize,
    u: &[f64],
    seed: u64,
) -> Result<Vec<f64>, Failed> {
    let s = model
        .simulate(&to_natural(params, u), seed)
        .map_err(|e| Failed::Model(e.to_string()))?;
    if s.len() != k {
        return Err(Failed::Model(format!(
            "the model returned {} summaries, expected {k}",
            s.len()
        )));
    }
    Ok(s)
}

/// The first failure in slot order (so the error, too, does not depend on
/// the threads), else every slot's result.
fn collect<T>(v: Vec<Result<T, Failed>>) -> Result<Vec<T>, Failed> {
    let mut out = Vec::with_capacity(v.len());
    let mut fail: Option<Failed> = None;
    for r in v {
        match r {
            Ok(x) => out.push(x),
            // A model error outranks an abort: it is a fact about the model.
            Err(e @ Failed::Model(_)) => return Err(e),
            Err(e) => {
                if !matches!(fail, Some(Failed::Aborted)) {
                    fail = Some(e);
                }
            }
        }
    }
    fail.map_or(Ok(out), Err)
}

/// The prior's box in its own scale.
pub(crate) fn own_bounds(p: &Prior) -> [f64; 2] {
    match *p {
        Prior::Uniform(b) => b,
        Prior::LogUniform([a, b]) => [a.ln(), b.ln()],
    }
}

/// From the priors' own scales to the parameters' values.
pub(crate) fn to_natural(params: &[(String, Prior)], u: &[f64]) -> Vec<f64> {
    params
        .iter()
        .zip(u)
        .map(|((_, p), &x)| match p {
            Prior::Uniform(_) => x,
            Prior::LogUniform(_) => x.exp(),
        })
        .collect()
}

/// Per summary: its declared scale, else 1.4826 times its median absolute
/// deviation over the draws from the prior (the prior predictive), else (a
/// summary the prior hardly moves) its mean absolute deviation, else 1.
fn scales(observed: &[Observed], first: &[Draw]) -> Vec<f64> {
    observed
        .iter()
        .enumerate()
        .map(|(k, o)| {
            if let Some(s) = o.scale {
                return s;
            }
            let mut x: Vec<f64> = first
                .iter()
                .map(|(_, s)| s[k])
                .filter(|v| v.is_finite())
                .collect();
            if x.is_empty() {
                return 1.0;
            }
            let med = median(&mut x);
            let mut dev: Vec<f64> = x.iter().map(|v| (v - med).abs()).collect();
            let mad = 1.4826 * median(&mut dev);
            if mad > 0.0 {
                return mad;
            }
            let mean = dev.iter().sum::<f64>() / dev.len() as f64;
            if mean > 0.0 { mean } else { 1.0 }
        })
        .collect()
}

fn median(x: &mut [f64]) -> f64 {
    x.sort_by(f64::total_cmp);
    let n = x.len();
    if n % 2 == 1 {
        x[n / 2]
    } else {
        0.5 * (x[n / 2 - 1] + x[n / 2])
    }
}

/// The squared weighted Euclidean distance over scaled summaries
/// (infinite for a summary that is not a number).
fn distance(weights: &[f64], scales: &[f64], observed: &[Observed], s: &[f64]) -> f64 {
    let mut d = 0.0;
    for ((o, &w), (&sc, &x)) in observed.iter().zip(weights).zip(scales.iter().zip(s)) {
        if !x.is_finite() {
            return f64::INFINITY;
        }
        let z = (x - o.value) / sc;
        d += w * z * z;
    }
    d
}

/// The smallest value whose cumulative weight reaches `q`.
pub(crate) fn weighted_quantile(x: &[f64], w: &[f64], q: f64) -> f64 {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let total: f64 = w.iter().sum();
    let mut c = 0.0;
    for &i in &idx {
        c += w[i];
        if c >= q * total {
            return x[i];
        }
    }
    idx.last().map_or(f64::NAN, |&i| x[i])
}

fn cumulative(w: &[f64]) -> Vec<f64> {
    let mut c = 0.0;
    w.iter()
        .map(|x| {
            c += x;
            c
        })
        .collect()
}

/// Kish's effective sample size of normalised weights.
pub(crate) fn ess(w: &[f64]) -> f64 {
    1.0 / w.iter().map(|x| x * x).sum::<f64>()
}

/// The lower Cholesky factor of twice the weighted covariance of the
/// particles (with a floor on the diagonal, so that a population collapsed
/// on one value still moves).
// A covariance is filled by (row, column) indices; iterators would hide it.
#[allow(clippy::needless_range_loop)]
fn kernel(pop: &[Slot], w: &[f64], box_: &[[f64; 2]]) -> Vec<Vec<f64>> {
    let d = box_.len();
    let mean: Vec<f64> = (0..d)
        .map(|k| pop.iter().zip(w).map(|(p, &w)| w * p.u[k]).sum())
        .collect();
    let mut cov = vec![vec![0.0; d]; d];
    for (p, &wi) in pop.iter().zip(w) {
        for a in 0..d {
            for b in 0..=a {
                cov[a][b] += wi * (p.u[a] - mean[a]) * (p.u[b] - mean[b]);
            }
        }
    }
    for a in 0..d {
        let floor = (1e-6 * (box_[a][1] - box_[a][0])).powi(2);
        for b in 0..=a {
            cov[a][b] *= 2.0;
            cov[b][a] = cov[a][b];
        }
        cov[a][a] = cov[a][a].max(floor);
    }
    cholesky(cov)
}

/// Cholesky factor; a matrix that is not numerically positive definite
/// (perfectly correlated parameters) keeps only its diagonal.
fn cholesky(m: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let d = m.len();
    let mut l = vec![vec![0.0; d]; d];
    for i in 0..d {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let v = m[i][i] - s;
                if v <= 0.0 || !v.is_finite() {
                    return (0..d)
                        .map(|a| {
                            (0..d)
                                .map(|b| if a == b { m[a][a].sqrt() } else { 0.0 })
                                .collect()
                        })
                        .collect();
                }
                l[i][i] = v.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    l
}

/// A perturbed ancestor inside the prior's box, or `None` after 100
/// proposals outside it.
fn propose(
    r: &mut rng::DetRng,
    pop: &[Slot],
    cum: &[f64],
    chol: &[Vec<f64>],
    box_: &[[f64; 2]],
) -> Option<Vec<f64>> {
    let total = *cum.last()?;
    for _ in 0..100 {
        let x = r.random::<f64>() * total;
        let i = cum.partition_point(|&c| c <= x).min(pop.len() - 1);
        let z: Vec<f64> = (0..box_.len()).map(|_| r.sample(StandardNormal)).collect();
        let u: Vec<f64> = (0..box_.len())
            .map(|a| pop[i].u[a] + (0..=a).map(|b| chol[a][b] * z[b]).sum::<f64>())
            .collect();
        if u.iter().zip(box_).all(|(&v, &[lo, hi])| lo <= v && v <= hi) {
            return Some(u);
        }
    }
    None
}

/// Normalised importance weights: the (constant) prior density over the
/// proposal mixture `Σ_i w_i K(u | u_i)`.
fn importance_weights(next: &[Slot], prev: &[Slot], w: &[f64], chol: &[Vec<f64>]) -> Vec<f64> {
    let raw: Vec<f64> = next
        .par_iter()
        .map(|p| {
            let mix: f64 = prev
                .iter()
                .zip(w)
                .map(|(q, &wq)| {
                    let z = solve_lower(chol, &p.u, &q.u);
                    wq * (-0.5 * z).exp()
                })
                .sum();
            if mix > 0.0 { 1.0 / mix } else { 0.0 }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter().map(|x| x / total).collect()
}

/// `|L⁻¹ (x − y)|²`, by forward substitution.
fn solve_lower(l: &[Vec<f64>], x: &[f64], y: &[f64]) -> f64 {
    let d = l.len();
    let mut z = vec![0.0; d];
    let mut q = 0.0;
    for i in 0..d {
        let s: f64 = (0..i).map(|k| l[i][k] * z[k]).sum();
        z[i] = (x[i] - y[i] - s) / l[i][i];
        q += z[i] * z[i];
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weighted_quantile_counts_weights() {
        let x = [3.0, 1.0, 2.0];
        assert_eq!(weighted_quantile(&x, &[1.0, 1.0, 1.0], 0.5), 2.0);
        assert_eq!(weighted_quantile(&x, &[0.0, 0.9, 0.1], 0.5), 1.0);
    }

    #[test]
    fn cholesky_factors_a_known_matrix() {
        let l = cholesky(vec![vec![4.0, 2.0], vec![2.0, 5.0]]);
        assert_eq!(l, vec![vec![2.0, 0.0], vec![1.0, 2.0]]);
        assert_eq!(solve_lower(&l, &[2.0, 1.0], &[0.0, 0.0]), 1.0);
    }

    #[test]
    fn equal_weights_have_full_effective_size() {
        assert!((ess(&[0.25; 4]) - 4.0).abs() < 1e-12);
        assert!((ess(&[1.0, 0.0]) - 1.0).abs() < 1e-12);
    }
}
