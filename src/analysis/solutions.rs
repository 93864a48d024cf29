//! Bargaining solutions over a finite set of payoff vectors: Nash (plain
//! and weighted), Kalai-Smorodinsky, egalitarian and utilitarian. Each
//! returns the index of the chosen point (lowest index on exact ties), so
//! the caller maps it back to the outcome or deal sequence behind it.

use crate::analysis::{AnalysisError, check_disagreement, check_points};

/// The Nash bargaining point: among points strictly better than the
/// disagreement point `v` for every player, the one maximising
/// `Π (u_i - v_i)`. `None` if no point is strictly better for all.
///
/// ```
/// use detente::analysis::nash_point;
/// // Split a pie of 1 on a grid of 1/100, disagreement (1/5, 1/10):
/// // the solution is (0.55, 0.45) (reference_values.md, section 4).
/// let pts: Vec<[f64; 2]> = (0..=100).map(|i| [i as f64 / 100.0, 1.0 - i as f64 / 100.0]).collect();
/// assert_eq!(nash_point(&pts, &[0.2, 0.1])?, Some(55));
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// [`AnalysisError::NonFinite`] or [`AnalysisError::Dimension`] for
/// malformed points or disagreement point.
///
/// # Complexity
/// O(n·d).
pub fn nash_point<P: AsRef<[f64]>>(
    points: &[P],
    disagreement: &[f64],
) -> Result<Option<usize>, AnalysisError> {
    let d = check_points(points)?;
    check_disagreement(d, disagreement)?;
    Ok(argmax(points, |p| {
        let mut prod = 1.0;
        for (u, v) in p.iter().zip(disagreement) {
            if u <= v {
                return None;
            }
            prod *= u - v;
        }
        Some(prod)
    }))
}

/// The weighted (asymmetric) Nash point: maximises `Σ w_i ln(u_i - v_i)`
/// over points strictly better than `v` for all.
///
/// ```
/// use detente::analysis::nash_point_weighted;
/// // Weights (1/3, 2/3) on u1 + u2 = 1, v = 0: u = (1/3, 2/3).
/// let pts: Vec<[f64; 2]> = (0..=99).map(|i| [i as f64 / 99.0, 1.0 - i as f64 / 99.0]).collect();
/// assert_eq!(nash_point_weighted(&pts, &[0.0, 0.0], &[1.0 / 3.0, 2.0 / 3.0])?, Some(33));
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// As [`nash_point`], and [`AnalysisError::Weights`] unless the weights are
/// finite, positive and one per player.
pub fn nash_point_weighted<P: AsRef<[f64]>>(
    points: &[P],
    disagreement: &[f64],
    weights: &[f64],
) -> Result<Option<usize>, AnalysisError> {
    let d = check_points(points)?;
    check_disagreement(d, disagreement)?;
    if weights.len() != d || weights.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        return Err(AnalysisError::Weights);
    }
    Ok(argmax(points, |p| {
        let mut s = 0.0;
        for ((u, v), w) in p.iter().zip(disagreement).zip(weights) {
            if u <= v {
                return None;
            }
            s += w * (u - v).ln();
        }
        Some(s)
    }))
}

/// The Kalai-Smorodinsky point: among points at least as good as `v` for
/// all, the one maximising `min_i (u_i - v_i) / (a_i - v_i)`, where `a` is
/// the ideal point (each player's best payoff over those points); ties go
/// to the larger sum of those ratios (so the point is Pareto-optimal).
/// Players with `a_i = v_i` are left out of the ratios.
///
/// ```
/// use detente::analysis::kalai_smorodinsky_point;
/// // Ideal (1, 2): the point on the frontier with u2 = 2 u1 is chosen.
/// let pts = [[1.0, 0.0], [0.5, 1.0], [0.0, 2.0], [0.6, 0.6]];
/// assert_eq!(kalai_smorodinsky_point(&pts, &[0.0, 0.0])?, Some(1));
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// As [`nash_point`].
pub fn kalai_smorodinsky_point<P: AsRef<[f64]>>(
    points: &[P],
    disagreement: &[f64],
) -> Result<Option<usize>, AnalysisError> {
    let d = check_points(points)?;
    check_disagreement(d, disagreement)?;
    let rational = |p: &[f64]| p.iter().zip(disagreement).all(|(u, v)| u >= v);
    let mut ideal = disagreement.to_vec();
    for p in points.iter().map(AsRef::as_ref).filter(|p| rational(p)) {
        for (a, u) in ideal.iter_mut().zip(p) {
            *a = a.max(*u);
        }
    }
    let span: Vec<f64> = ideal.iter().zip(disagreement).map(|(a, v)| a - v).collect();
    Ok(argmax_pair(points, |p| {
        if !rational(p) {
            return None;
        }
        let (mut min, mut sum) = (f64::INFINITY, 0.0);
        for ((u, v), s) in p.iter().zip(disagreement).zip(&span) {
            if *s > 0.0 {
                let r = (u - v) / s;
                min = min.min(r);
                sum += r;
            }
        }
        Some((min, sum))
    }))
}

/// The egalitarian point: among points at least as good as `v` for all,
/// the one maximising `min_i (u_i - v_i)` (ties: larger sum of gains).
/// NegMAS 0.16 reports this point as its "Kalai" point.
///
/// ```
/// use detente::analysis::egalitarian_point;
/// let pts = [[1.0, 0.0], [0.5, 1.0], [0.0, 2.0], [0.6, 0.6]];
/// assert_eq!(egalitarian_point(&pts, &[0.0, 0.0])?, Some(3));
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// As [`nash_point`].
pub fn egalitarian_point<P: AsRef<[f64]>>(
    points: &[P],
    disagreement: &[f64],
) -> Result<Option<usize>, AnalysisError> {
    let d = check_points(points)?;
    check_disagreement(d, disagreement)?;
    Ok(argmax_pair(points, |p| {
        let (mut min, mut sum) = (f64::INFINITY, 0.0);
        for (u, v) in p.iter().zip(disagreement) {
            if u < v {
                return None;
            }
            min = min.min(u - v);
            sum += u - v;
        }
        Some((min, sum))
    }))
}

/// The utilitarian point: among points at least as good as `v` for all,
/// the one with the largest sum of payoffs.
///
/// ```
/// use detente::analysis::utilitarian_point;
/// let pts = [[1.0, 0.0], [0.5, 1.0], [0.0, 2.0], [0.6, 0.6]];
/// assert_eq!(utilitarian_point(&pts, &[0.0, 0.0])?, Some(2));
/// assert_eq!(utilitarian_point(&pts, &[0.1, 0.1])?, Some(1));
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// As [`nash_point`].
pub fn utilitarian_point<P: AsRef<[f64]>>(
    points: &[P],
    disagreement: &[f64],
) -> Result<Option<usize>, AnalysisError> {
    let d = check_points(points)?;
    check_disagreement(d, disagreement)?;
    Ok(argmax(points, |p| {
        let mut s = 0.0;
        for (u, v) in p.iter().zip(disagreement) {
            if u < v {
                return None;
            }
            s += u;
        }
        Some(s)
    }))
}

/// Index of the largest score (`None` scores skipped; first on ties).
fn argmax<P: AsRef<[f64]>>(points: &[P], score: impl Fn(&[f64]) -> Option<f64>) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, p) in points.iter().enumerate() {
        if let Some(s) = score(p.as_ref())
            && best.is_none_or(|(_, b)| s > b)
        {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// Like [`argmax`] with a lexicographic pair score.
fn argmax_pair<P: AsRef<[f64]>>(
    points: &[P],
    score: impl Fn(&[f64]) -> Option<(f64, f64)>,
) -> Option<usize> {
    let mut best: Option<(usize, (f64, f64))> = None;
    for (i, p) in points.iter().enumerate() {
        if let Some(s) = score(p.as_ref())
            && best.is_none_or(|(_, b)| s > b)
        {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}
