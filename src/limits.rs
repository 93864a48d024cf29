//! The size budget: every count read from a file or a flag that sizes
//! memory or time is compared with [`Limits`] before anything is allocated.
//!
//! One place, so that a user who needs a bigger run raises one number
//! (`Limits { max_runs: .., ..Limits::default() }`) instead of hunting for
//! constants, and so that every refusal reads the same:
//! [`Limits::check`] names the input, the size it would need and the limit.

use serde::{Deserialize, Serialize};

/// Bounds on what an input may expand to, so that a file or a flag asking
/// for a billion of something is refused with an error instead of
/// exhausting memory or running for days.
///
/// The defaults accept every shipped scenario and data file with room to
/// spare; raise a field to go further.
///
/// ```
/// use detente::limits::Limits;
/// let roomy = Limits { max_runs: 10_000_000_000, ..Limits::default() };
/// assert!(roomy.check("--runs", 5_000_000_000, roomy.max_runs).is_ok());
/// let err = Limits::default().check("--runs", 5_000_000_000, Limits::default().max_runs);
/// assert_eq!(
///     err.unwrap_err().to_string(),
///     "--runs asks for 5000000000, more than the limit of 1000000000"
/// );
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Most prisoners after pool expansion (default 20 million).
    pub max_prisoners: u64,
    /// Most memory one engine's data may need, in bytes (default 4 GiB): a
    /// built world and its state, the clearing LP's basis inverse.
    pub memory_budget: u64,
    /// Most alternatives (vertices) a PrefLib `.wmd` file may declare
    /// (default 100,000; PrefLib's kidney instances have a few thousand).
    pub max_alternatives: u64,
    /// Most runs of an experiment, or per point of a sweep (default 10⁹).
    pub max_runs: u64,
    /// Most rounds per run (default 100,000): per-round aggregates are
    /// stored for every round.
    pub max_rounds: u64,
    /// Most points in a sweep's grid (default 10,000).
    pub max_sweep_points: u64,
    /// Most jobs (points x runs) in a sweep (default 10¹⁰).
    pub max_jobs: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_prisoners: 20_000_000,
            memory_budget: 4 << 30,
            max_alternatives: 100_000,
            max_runs: 1_000_000_000,
            max_rounds: 100_000,
            max_sweep_points: 10_000,
            max_jobs: 10_000_000_000,
        }
    }
}

impl Limits {
    /// Checks that `input` (a flag, a file field or a JSON path) asking for
    /// `size` stays within `limit` (one of `self`'s fields).
    ///
    /// # Errors
    /// [`LimitExceeded`] naming the input, the size and the limit.
    pub fn check(&self, input: &str, size: u64, limit: u64) -> Result<(), LimitExceeded> {
        if size > limit {
            return Err(LimitExceeded {
                input: input.to_string(),
                size,
                limit,
                unit: "",
            });
        }
        Ok(())
    }

    /// Checks that `input`, needing `bytes` bytes, fits the memory budget.
    ///
    /// ```
    /// use detente::limits::Limits;
    /// let small = Limits { memory_budget: 1 << 20, ..Limits::default() };
    /// let err = small.check_bytes("the clearing LP of 2000 vertices", 32_000_000).unwrap_err();
    /// assert!(err.to_string().contains("1048576 bytes"));
    /// ```
    ///
    /// # Errors
    /// [`LimitExceeded`] naming the input, the bytes it would need and the budget.
    pub fn check_bytes(&self, input: &str, bytes: u64) -> Result<(), LimitExceeded> {
        if bytes > self.memory_budget {
            return Err(LimitExceeded {
                input: input.to_string(),
                size: bytes,
                limit: self.memory_budget,
                unit: " bytes",
            });
        }
        Ok(())
    }
}

/// An input asked for more than [`Limits`] allow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input} asks for {size}{unit}, more than the limit of {limit}{unit}")]
pub struct LimitExceeded {
    /// The flag, file field or JSON path that asked.
    pub input: String,
    /// What it would need.
    pub size: u64,
    /// The limit it exceeds.
    pub limit: u64,
    /// The unit of `size` and `limit` (empty for counts).
    unit: &'static str,
}
