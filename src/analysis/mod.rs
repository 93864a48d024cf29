//! Outcome analysis: Pareto frontiers and bargaining solutions (Nash,
//! Kalai-Smorodinsky, egalitarian, utilitarian) over payoff vectors, and
//! summary statistics with confidence intervals ([`mean_ci`],
//! [`proportion_ci`], [`quantile`]), and why an engine found no deal
//! ([`NoDeal`]).
//!
//! Every function takes a slice of points (anything that is
//! `AsRef<[f64]>`: arrays, `Vec<f64>`, [`crate::explore::SequenceOutcome`]) and
//! returns indices into it, so a caller maps each chosen point back to the
//! outcome or deal sequence that produced it. The disagreement point (what
//! each player gets with no deal) is an input.
//!
//! ```
//! use detente::analysis::{nash_point, pareto_frontier};
//! let pts = [[3.0, 1.0], [2.0, 2.0], [1.0, 1.0], [0.0, 3.0]];
//! let front = pareto_frontier(&pts)?;
//! assert_eq!(front, vec![0, 1, 3]);
//! assert_eq!(nash_point(&pts, &[0.0, 0.0])?, Some(1));
//! # Ok::<(), detente::analysis::AnalysisError>(())
//! ```

mod no_deal;
mod pareto;
mod solutions;
mod stats;

pub(crate) use no_deal::irrational;
pub use no_deal::{NoDeal, PairNote, Refusals};
pub use pareto::{dominates, pareto_frontier};
pub use solutions::{
    egalitarian_point, kalai_smorodinsky_point, nash_point, nash_point_weighted, utilitarian_point,
};
pub use stats::{Estimate, mean_ci, proportion_ci, quantile};

/// Errors of the analysis functions.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// A payoff is NaN or infinite.
    #[error("point {index} has a non-finite payoff")]
    NonFinite {
        /// The offending point (`usize::MAX` for the disagreement point).
        index: usize,
    },
    /// Points (or the disagreement point) differ in length.
    #[error("point {index} has {found} payoffs, expected {expected}")]
    Dimension {
        /// The offending point (`usize::MAX` for the disagreement point).
        index: usize,
        /// Length of the first point.
        expected: usize,
        /// Its length.
        found: usize,
    },
    /// Weights must be finite, positive, one per player.
    #[error("weights must be finite, positive and one per player")]
    Weights,
}

/// Checks that all points are finite and of one length; returns it (0 for
/// no points).
fn check_points<P: AsRef<[f64]>>(points: &[P]) -> Result<usize, AnalysisError> {
    let d = points.first().map_or(0, |p| p.as_ref().len());
    for (index, p) in points.iter().enumerate() {
        let p = p.as_ref();
        if p.len() != d {
            return Err(AnalysisError::Dimension {
                index,
                expected: d,
                found: p.len(),
            });
        }
        if p.iter().any(|x| !x.is_finite()) {
            return Err(AnalysisError::NonFinite { index });
        }
    }
    Ok(d)
}

fn check_disagreement(d: usize, v: &[f64]) -> Result<(), AnalysisError> {
    let index = usize::MAX;
    if d != 0 && v.len() != d {
        return Err(AnalysisError::Dimension {
            index,
            expected: d,
            found: v.len(),
        });
    }
    if v.iter().any(|x| !x.is_finite()) {
        return Err(AnalysisError::NonFinite { index });
    }
    Ok(())
}
