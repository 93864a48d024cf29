//! The crate-wide error type.

/// Every fallible operation in the crate returns this error (or a more
/// specific one that converts into it).
///
/// Its `Debug` is its `Display` report, so that `fn main() -> Result<(),
/// detente::Error>` with `?` prints the same readable message as `{}`; match
/// on the variants (their fields are public) for the structure.
///
/// ```
/// let err: detente::Error = detente::scenario::Scenario::from_json_str("[]")
///     .unwrap_err()
///     .into();
/// assert_eq!(format!("{err:?}"), format!("{err}"));
/// assert!(matches!(err, detente::Error::Scenario(_)));
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file that could not be read.
        path: String,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A scenario file has mistakes.
    #[error(transparent)]
    Scenario(#[from] crate::scenario::ScenarioErrors),
    /// A deal broke the rules.
    #[error(transparent)]
    Rejected(#[from] crate::rules::Rejected),
    /// A world could not be built.
    #[error(transparent)]
    Build(#[from] crate::model::BuildError),
    /// A negotiation could not be set up (empty outcome space, bad utility).
    #[error(transparent)]
    Negotiate(#[from] crate::negotiate::NegotiateError),
    /// A search could not be run.
    #[error(transparent)]
    Explore(#[from] crate::explore::ExploreError),
    /// An outcome analysis could not be done.
    #[error(transparent)]
    Analysis(#[from] crate::analysis::AnalysisError),
    /// A GMCR conflict could not be read, built or analysed.
    #[error(transparent)]
    Conflict(#[from] crate::conflict::ConflictError),
    /// Exchange clearing failed (bad graph, bad `.wmd` file, bad limits).
    #[error(transparent)]
    Exchange(#[from] crate::exchange::ExchangeError),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Shorthand for `std::result::Result<T, detente::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;
