//! The `max_candidates` cut: which candidate concessions the package search
//! weighs, and the report of those it drops, so that a cap never cuts a
//! prisoner from the search silently.

use serde::{Deserialize, Serialize};

use super::package::Item;
use crate::deal::Concession;
use crate::model::PrisonerId;

/// Which candidate concessions a package search weighed and which it cut.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CandidateReport {
    /// The candidates the search weighed, in search order.
    pub weighed: Vec<Concession>,
    /// Candidates cut by `max_candidates`, in the order they were ranked.
    pub cut: Vec<Cut>,
}

impl CandidateReport {
    /// Whether the cap cut anything: the packages found are then the best
    /// among the kept candidates only.
    pub fn truncated(&self) -> bool {
        !self.cut.is_empty()
    }
}

/// A candidate concession left out of the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cut {
    /// The concession (for a release: who would release whom to whom).
    pub concession: Concession,
    /// Why it was left out.
    pub reason: CutReason,
}

/// Why a candidate concession was left out of the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum CutReason {
    /// Ranked below the `cap` candidates most valuable to some government.
    BelowCap {
        /// The cap (`max_candidates`).
        cap: usize,
        /// What it was ranked by: the largest gain it brings one government
        /// (normalised under the normalised objectives).
        score: f64,
    },
    /// A pool member whose release is worth the same to everyone as that
    /// of `like`, beyond the `cap` such copies that could be kept: it was
    /// never weighed.
    PoolCopy {
        /// The cap (`max_candidates`).
        cap: usize,
        /// The pool member it copies.
        like: PrisonerId,
    },
}

/// Cuts `items` to the `cap` with the largest score (`weight`ed largest
/// gain to one government; ties keep the order given), always keeping
/// those for which `forced` holds, and orders the kept ones for the search
/// (largest weighted total first, so good packages come early).
pub(super) fn cut_to_cap(
    mut items: Vec<Item>,
    cap: Option<usize>,
    weight: &[f64],
    forced: impl Fn(&Item) -> bool,
) -> (Vec<Item>, Vec<Cut>) {
    let score = |i: &Item| {
        i.u.iter()
            .zip(weight)
            .fold(f64::NEG_INFINITY, |a, (&u, &w)| a.max(u * w))
    };
    let total = |i: &Item| i.u.iter().zip(weight).map(|(&u, &w)| u * w).sum::<f64>();
    let mut cuts = Vec::new();
    items.sort_by(|a, b| {
        forced(b)
            .cmp(&forced(a))
            .then(score(b).total_cmp(&score(a)))
    });
    if let Some(cap) = cap.filter(|&c| c < items.len()) {
        let forced_count = items.iter().filter(|i| forced(i)).count();
        for i in items.drain(cap.max(forced_count)..) {
            cuts.push(Cut {
                concession: i.concession,
                reason: CutReason::BelowCap {
                    cap,
                    score: score(&i),
                },
            });
        }
    }
    items.sort_by(|a, b| total(b).total_cmp(&total(a)));
    (items, cuts)
}

/// The report of pool copies the candidate list skipped.
pub(super) fn pool_cuts(skipped: Vec<(Concession, PrisonerId)>, cap: usize) -> Vec<Cut> {
    skipped
        .into_iter()
        .map(|(concession, like)| Cut {
            concession,
            reason: CutReason::PoolCopy { cap, like },
        })
        .collect()
}
