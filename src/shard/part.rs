//! Shard parts of aggregates: what a shard writes, the invariants a part
//! must meet before it is merged, and the merge.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{Fingerprint, Shard, ShardError};

/// Results that merge exactly: merging partial results over disjoint sets
/// of jobs gives the result over their union, whatever the order.
pub trait Aggregate: Clone {
    /// Adds `other` (results over other jobs of the same list).
    ///
    /// # Errors
    /// A description of why the two do not belong to one job list, or of
    /// a count that would overflow.
    fn merge_from(&mut self, other: &Self) -> Result<(), String>;

    /// Checks that `self` can be the aggregate of exactly the jobs `jobs` of
    /// the experiment `fingerprint` describes: every structural invariant
    /// (lengths, totals equal to the runs covered, runs inside the plan).
    ///
    /// # Errors
    /// A description of the first invariant broken.
    fn check(&self, jobs: Range<u64>, fingerprint: &Fingerprint) -> Result<(), String>;
}

impl Aggregate for crate::simulate::ExperimentResults {
    fn merge_from(&mut self, other: &Self) -> Result<(), String> {
        self.merge(other).map_err(|e| e.to_string())
    }

    fn check(&self, jobs: Range<u64>, fp: &Fingerprint) -> Result<(), String> {
        if self.scenario != fp.scenario_name {
            return Err(format!(
                "results of scenario {:?} under a fingerprint of {:?}",
                self.scenario, fp.scenario_name
            ));
        }
        if (self.seed, self.rounds) != (fp.seed, fp.rounds) {
            return Err(format!(
                "results of seed {} and {} rounds under a fingerprint of seed {} and {} rounds",
                self.seed, self.rounds, fp.seed, fp.rounds
            ));
        }
        self.check_covers(jobs).map_err(|e| e.to_string())
    }
}

impl Aggregate for crate::simulate::SweepResults {
    fn merge_from(&mut self, other: &Self) -> Result<(), String> {
        self.merge(other).map_err(|e| e.to_string())
    }

    fn check(&self, jobs: Range<u64>, fp: &Fingerprint) -> Result<(), String> {
        self.check_covers(jobs, &fp.axes, fp.runs)
            .map_err(|e| e.to_string())?;
        for p in &self.points {
            if (p.results.seed, p.results.rounds) != (fp.seed, fp.rounds) {
                return Err(format!(
                    "a point has seed {} and {} rounds under a fingerprint of seed {} and {} rounds",
                    p.results.seed, p.results.rounds, fp.seed, fp.rounds
                ));
            }
        }
        Ok(())
    }
}

/// What one shard writes: its place in the job list, the fingerprint of
/// the experiment, and the aggregates of its jobs.
///
/// ```
/// use detente::shard::{Fingerprint, Shard, ShardPart, merge_parts};
/// use detente::simulate::{Axis, Sweep};
/// let s = detente::scenario::Scenario::from_path("examples/scenarios/belarus_2025.json")?;
/// let axes = [Axis {
///     path: "dynamics.holders[0].elasticity".into(),
///     values: vec![0.0.into(), 1.5.into()],
/// }];
/// let sweep = Sweep::new(&s, &axes)?;
/// let (runs, rounds, seed) = (3, 4, 7);
/// let total = sweep.jobs(runs);
/// let part = |shard: Shard| -> Result<_, Box<dyn std::error::Error>> {
///     let block = shard.block(total);
///     let fingerprint = Fingerprint::sweep(&s, &sweep, &axes, (runs, rounds, seed), shard.count)?;
///     Ok(ShardPart { shard, total, start: block.start, end: block.end, fingerprint,
///                    results: sweep.run(runs, Some(rounds), seed, block, &|_, _| {}) })
/// };
/// let whole = part(Shard::whole())?;
/// let parts = (0..4).map(|k| part(Shard::new(k, 4).unwrap())).collect::<Result<_, _>>()?;
/// assert_eq!(merge_parts(parts)?, whole);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardPart<T> {
    /// Which shard this is.
    pub shard: Shard,
    /// Jobs in the whole list.
    pub total: u64,
    /// First job of the block.
    pub start: u64,
    /// One past the last job of the block.
    pub end: u64,
    /// What determines the numbers (the plan included).
    pub fingerprint: Fingerprint,
    /// Aggregates over jobs `start..end`.
    pub results: T,
}

impl<T: Aggregate> ShardPart<T> {
    /// Checks the part on its own: a valid shard of the fingerprint's plan,
    /// holding exactly the block of jobs the plan gives it, with
    /// aggregates that meet every structural invariant.
    ///
    /// # Errors
    /// [`ShardError::Invalid`] naming the first invariant broken.
    pub fn check(&self) -> Result<(), ShardError> {
        let bad = |why: String| Err(ShardError::Invalid(why));
        let fp = &self.fingerprint;
        if self.shard.index >= self.shard.count {
            return bad(format!(
                "shard index {} of {}",
                self.shard.index, self.shard.count
            ));
        }
        if self.shard.count != fp.shards || self.total != fp.jobs {
            return bad(format!(
                "shard {} of {} jobs in a plan of {} shards and {} jobs",
                self.shard, self.total, fp.shards, fp.jobs
            ));
        }
        let block = self.shard.block(self.total);
        if (self.start, self.end) != (block.start, block.end) {
            return bad(format!(
                "shard {} claims jobs {}..{}, but the plan gives it {}..{}",
                self.shard, self.start, self.end, block.start, block.end
            ));
        }
        self.results
            .check(block, fp)
            .or_else(|why| bad(format!("shard {}: {why}", self.shard)))
    }
}

/// Merges shard parts (in any order) into the part of the whole list
/// (`Shard::whole()`, jobs `0..total`): exactly what one unsharded run
/// writes. Every part is [checked](ShardPart::check) first.
///
/// # Errors
/// [`ShardError::NoParts`] for no part; [`ShardError::Invalid`] for a part
/// that breaks an invariant; [`ShardError::Fingerprint`] when two parts
/// come from different experiments or plans (naming the first difference);
/// [`ShardError::Coverage`] when a shard is missing or repeated;
/// [`ShardError::Merge`] when the aggregates do not add up.
pub fn merge_parts<T: Aggregate>(mut parts: Vec<ShardPart<T>>) -> Result<ShardPart<T>, ShardError> {
    let first = parts.first().ok_or(ShardError::NoParts)?;
    let fingerprint = first.fingerprint.clone();
    for p in &parts {
        p.check()?;
        if let Some((component, a, b)) = fingerprint.first_difference(&p.fingerprint) {
            return Err(ShardError::Fingerprint { component, a, b });
        }
    }
    let big = |x: u64| usize::try_from(x).unwrap_or(usize::MAX);
    let total = fingerprint.jobs;
    parts.sort_by_key(|p| p.shard.index);
    for (k, p) in parts.iter().enumerate() {
        // Sorted by index, the k-th part is shard k unless shard k is
        // missing or an earlier one is repeated.
        if p.shard.index != k {
            let at = Shard {
                index: k,
                ..p.shard
            }
            .block(total)
            .start;
            return Err(ShardError::Coverage(big(at), big(total)));
        }
    }
    if parts.len() != fingerprint.shards {
        let missing = Shard {
            index: parts.len(),
            count: fingerprint.shards,
        };
        return Err(ShardError::Coverage(
            big(missing.block(total).start),
            big(total),
        ));
    }
    let mut it = parts.into_iter();
    let mut results = it.next().ok_or(ShardError::NoParts)?.results;
    for p in it {
        results.merge_from(&p.results).map_err(ShardError::Merge)?;
    }
    let merged = ShardPart {
        shard: Shard::whole(),
        total,
        start: 0,
        end: total,
        fingerprint: fingerprint.whole(),
        results,
    };
    merged.check()?;
    Ok(merged)
}
