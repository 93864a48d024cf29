//! Errors of the exchange-clearing engine.

use super::graph::VertexId;

/// What went wrong while building, reading or clearing an exchange graph.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// An arc names a vertex that does not exist.
    #[error("vertex {vertex} does not exist (the graph has {count} vertices)")]
    NoSuchVertex {
        /// The missing vertex (0-based index).
        vertex: usize,
        /// How many vertices the graph has.
        count: usize,
    },
    /// An arc from a vertex to itself.
    #[error("self-loop at vertex {0:?}")]
    SelfLoop(VertexId),
    /// An arc into an altruist: an altruist wants nothing, so it cannot receive.
    #[error("arc {from:?} -> {to:?} points into an altruist")]
    IntoAltruist {
        /// Tail of the arc.
        from: VertexId,
        /// The altruist.
        to: VertexId,
    },
    /// The same arc given twice.
    #[error("arc {from:?} -> {to:?} given twice")]
    DuplicateArc {
        /// Tail of the arc.
        from: VertexId,
        /// Head of the arc.
        to: VertexId,
    },
    /// A weight that is NaN or infinite.
    #[error("arc {from:?} -> {to:?} has a non-finite weight {weight}")]
    BadWeight {
        /// Tail of the arc.
        from: VertexId,
        /// Head of the arc.
        to: VertexId,
        /// The offending weight.
        weight: f64,
    },
    /// A length cap outside the supported range.
    #[error("{what} must be between {min} and {max}, got {got}")]
    BadLimit {
        /// Which limit (`max_cycle`, `max_chain`).
        what: &'static str,
        /// Smallest accepted value.
        min: usize,
        /// Largest accepted value.
        max: usize,
        /// The value given.
        got: usize,
    },
    /// A `.wmd` file has a mistake on a given line.
    #[error("line {line}: {message}")]
    Wmd {
        /// 1-based line number (0 for the file as a whole).
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// Enumeration would exceed the column budget.
    #[error("more than {limit} cycles and chains; lower the length caps")]
    TooManyExchanges {
        /// The budget that was exceeded.
        limit: usize,
    },
    /// An input would need more than the [`crate::limits::Limits`] allow.
    #[error(transparent)]
    TooLarge(#[from] crate::limits::LimitExceeded),
    /// A weight outside the range the solver computes exactly enough: its
    /// magnitude is above [`super::MAX_WEIGHT`], or it is so much smaller
    /// than the largest weight that floating-point sums would lose it.
    #[error(
        "arc {from:?} -> {to:?} has weight {weight:e}; accepted weights are 0 or have a magnitude in [{min:e}, {max:e}] (the largest is {largest:e}, and a weight more than {ratio:e} times smaller is lost in the sums)"
    )]
    WeightRange {
        /// Tail of the arc.
        from: VertexId,
        /// Head of the arc.
        to: VertexId,
        /// The offending weight.
        weight: f64,
        /// Smallest accepted magnitude (given the largest weight).
        min: f64,
        /// Largest accepted magnitude.
        max: f64,
        /// The largest magnitude in the graph.
        largest: f64,
        /// The widest accepted ratio of largest to smallest magnitude.
        ratio: f64,
    },
    /// The solver's answer failed its own cross-check (a packing that is
    /// not vertex-disjoint, or a value above the bound it claims): numerical
    /// trouble, reported instead of a wrong "optimal" answer.
    #[error("the clearing failed its certificate check: {0}")]
    Uncertified(String),
}
