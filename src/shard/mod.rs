//! Sharded job lists: run the `k`-th of `n` shards of a list of independent
//! jobs on any machine, then merge the shard outputs into exactly the
//! output of the unsharded run.
//!
//! A sweep is a list of jobs (parameter point x run index), each seeded
//! from `(seed, point, run)` with [`crate::rng::derived`], so a job's result
//! does not depend on where it ran. Shard `k` of `n` takes a contiguous,
//! balanced block of the job list. Two ways to combine shards:
//!
//! - **aggregates** ([`ShardPart`], [`merge_parts`]): each shard writes
//!   exactly mergeable aggregates of its jobs, such as
//!   [`ExperimentResults`](crate::simulate::ExperimentResults) or
//!   [`SweepResults`](crate::simulate::SweepResults), so a shard file's
//!   size does not grow with its number of jobs. This is what simulator
//!   sweeps use (the `simulate` example's `--shard k/n` and `--merge`).
//! - **per-job outputs** ([`Jobs`], [`run_shard`], [`merge`]): for small
//!   outputs kept one per job, concatenated in job order.
//!
//! Either merge checks that the blocks tile the job list exactly once. The
//! scheduler (Slurm job arrays, Kubernetes Indexed Jobs) is the user's: it
//! only has to hand each task its index `k`.
//!
//! Shard files ([`ShardFile`]) are self-certifying: each records the
//! [`Fingerprint`] of everything that determines its numbers (the
//! scenario's SHA-256, strategies, sweep axes, runs, rounds, seed, crate
//! version, plan) and a checksum of its content; a merge refuses files of
//! different experiments (naming the first difference), edited or
//! truncated files, unknown fields and any part whose counts do not add up
//! (see [`ShardPart::check`]).
//!
//! ```
//! use detente::shard::{Jobs, Shard, merge, run_shard};
//! struct Squares;
//! impl Jobs for Squares {
//!     type Output = u64;
//!     fn total(&self) -> usize { 10 }
//!     fn run(&self, job: usize) -> u64 { (job * job) as u64 }
//! }
//! let whole = run_shard(&Squares, Shard::whole());
//! let parts = (0..3).map(|k| run_shard(&Squares, Shard::new(k, 3).unwrap())).collect();
//! assert_eq!(merge(parts)?, whole);
//! # Ok::<(), detente::shard::ShardError>(())
//! ```

use std::ops::Range;
use std::str::FromStr;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

mod canonical;
mod file;
mod fingerprint;
mod part;

pub use canonical::{canonical_json, canonical_sha256};
pub use file::{MAX_SHARD_FILE_BYTES, ShardFile};
pub use fingerprint::Fingerprint;
pub use part::{Aggregate, ShardPart, merge_parts};

/// Errors of shard specifications and merges.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// Not `k/n` with `0 <= k < n`.
    #[error("bad shard {0:?}: expected k/n with 0 <= k < n (k counts from 0)")]
    Spec(String),
    /// Shard outputs of different job lists.
    #[error("shards disagree on the number of jobs ({0} vs {1})")]
    Total(usize, usize),
    /// Jobs missing from, or covered twice by, the shards.
    #[error("shards do not cover jobs {0}..{1} exactly once")]
    Coverage(usize, usize),
    /// The aggregates of two shards do not merge (different experiments,
    /// or a count that would overflow).
    #[error("shards do not merge: {0}")]
    Merge(String),
    /// Two shards come from different experiments or plans.
    #[error("shards of different experiments: their {component} differs ({a} vs {b})")]
    Fingerprint {
        /// The first component that differs (see
        /// [`Fingerprint::first_difference`]).
        component: &'static str,
        /// Its value in the first shard.
        a: String,
        /// Its value in the other shard.
        b: String,
    },
    /// A shard breaks a structural invariant (a count that does not add
    /// up, runs outside its block, an impossible index).
    #[error("invalid shard: {0}")]
    Invalid(String),
    /// A shard file's content does not match its checksum (edited or
    /// damaged).
    #[error("shard file checksum mismatch: it claims {claimed}, its content hashes to {actual}")]
    Checksum {
        /// The checksum the file records.
        claimed: String,
        /// The checksum of its content.
        actual: String,
    },
    /// Not a shard file: too long, not JSON, an unknown or missing field.
    #[error("not a shard file: {0}")]
    Format(String),
    /// Nothing to merge.
    #[error("no shard to merge")]
    NoParts,
}

/// Shard `index` of `count` (0-based). Deserializing checks
/// `index < count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ShardFields")]
pub struct Shard {
    /// Which shard (0 ..count).
    pub index: usize,
    /// How many shards.
    pub count: usize,
}

impl Shard {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    /// [`ShardError::Spec`] unless `index < count`.
    pub fn new(index: usize, count: usize) -> Result<Self, ShardError> {
        if index < count {
            Ok(Shard { index, count })
        } else {
            Err(ShardError::Spec(format!("{index}/{count}")))
        }
    }

    /// The single shard holding every job.
    pub fn whole() -> Self {
        Shard { index: 0, count: 1 }
    }

    /// The jobs of this shard among `total`: a contiguous block; block
    /// sizes differ by at most one.
    ///
    /// ```
    /// use detente::shard::Shard;
    /// let r: Vec<_> = (0..3).map(|k| Shard::new(k, 3).unwrap().jobs(10)).collect();
    /// assert_eq!(r, [0..4, 4..7, 7..10]);
    /// ```
    pub fn jobs(&self, total: usize) -> Range<usize> {
        let (q, r) = (total / self.count, total % self.count);
        let start = self.index * q + self.index.min(r);
        start..start + q + usize::from(self.index < r)
    }

    /// [`jobs`](Self::jobs) for a `u64` job count (sweeps count jobs in
    /// `u64`).
    ///
    /// ```
    /// use detente::shard::Shard;
    /// assert_eq!(Shard::new(1, 3).unwrap().block(10), 4..7);
    /// ```
    pub fn block(&self, total: u64) -> Range<u64> {
        let (n, k) = (self.count as u64, self.index as u64);
        let (q, r) = (total / n, total % n);
        let start = k * q + k.min(r);
        start..start + q + u64::from(k < r)
    }
}

/// A [`Shard`] as read, before its index is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShardFields {
    index: usize,
    count: usize,
}

impl TryFrom<ShardFields> for Shard {
    type Error = ShardError;

    fn try_from(f: ShardFields) -> Result<Self, ShardError> {
        Shard::new(f.index, f.count)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// Parses `k/n`.
    ///
    /// ```
    /// let s: detente::shard::Shard = "2/8".parse().unwrap();
    /// assert_eq!((s.index, s.count), (2, 8));
    /// assert!("8/8".parse::<detente::shard::Shard>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, ShardError> {
        let bad = || ShardError::Spec(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|_| bad())
    }
}

/// A list of independent jobs. `run` must depend only on the job index
/// (and the list's own settings, seeds included), never on other jobs.
pub trait Jobs: Sync {
    /// One job's result.
    type Output: Send;
    /// Number of jobs.
    fn total(&self) -> usize;
    /// Runs job `job` (0 ..total).
    fn run(&self, job: usize) -> Self::Output;
}

/// The results of a block of jobs: what a shard writes and [`merge`] reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardOutput<T> {
    /// Jobs in the whole list.
    pub total: usize,
    /// Index of the first job of `results`.
    pub start: usize,
    /// Results of jobs `start..start + results.len()`, in job order.
    pub results: Vec<T>,
}

/// Runs the jobs of `shard` in parallel (rayon), results in job order.
///
/// # Complexity
/// `shard.jobs(total).len()` calls of [`Jobs::run`].
pub fn run_shard<J: Jobs>(jobs: &J, shard: Shard) -> ShardOutput<J::Output> {
    run_shard_with_progress(jobs, shard, &|_, _| {})
}

/// [`run_shard`], calling `progress(done, total_in_shard)` after each job.
pub fn run_shard_with_progress<J: Jobs>(
    jobs: &J,
    shard: Shard,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> ShardOutput<J::Output> {
    let total = jobs.total();
    let range = shard.jobs(total);
    let n = range.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results = range
        .clone()
        .into_par_iter()
        .map(|j| {
            let r = jobs.run(j);
            progress(
                done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
                n,
            );
            r
        })
        .collect();
    ShardOutput {
        total,
        start: range.start,
        results,
    }
}

/// Merges shard outputs (in any order) into the output of the whole list.
///
/// # Errors
/// [`ShardError::Total`] when the outputs come from lists of different
/// lengths; [`ShardError::Coverage`] when a job is missing or repeated.
pub fn merge<T>(mut parts: Vec<ShardOutput<T>>) -> Result<ShardOutput<T>, ShardError> {
    let total = parts.first().map_or(0, |p| p.total);
    if let Some(p) = parts.iter().find(|p| p.total != total) {
        return Err(ShardError::Total(total, p.total));
    }
    parts.sort_by_key(|p| p.start);
    // Sized from what the parts hold, not from the `total` they claim.
    let mut results = Vec::with_capacity(parts.iter().map(|p| p.results.len()).sum());
    for p in parts {
        if p.start != results.len() {
            return Err(ShardError::Coverage(results.len().min(p.start), total));
        }
        results.extend(p.results);
    }
    if results.len() != total {
        return Err(ShardError::Coverage(results.len(), total));
    }
    Ok(ShardOutput {
        total,
        start: 0,
        results,
    })
}
