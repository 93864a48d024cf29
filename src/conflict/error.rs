//! Errors of the conflict module.

/// Why a conflict could not be read, built or analysed.
///
/// Every variant that comes from a file names the JSON path of the offending
/// value (`decision_makers[1].preferences.ranking[3]`), so a user can find it
/// without a debugger.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConflictError {
    /// The text is not valid JSON for the expected layout.
    #[error("invalid conflict JSON at {path}: {message}")]
    Json {
        /// JSON path of the value that failed to parse (`.` is the root).
        path: String,
        /// What serde said.
        message: String,
    },
    /// The JSON parsed but describes an invalid conflict.
    #[error("invalid conflict at {path}: {message}")]
    Invalid {
        /// JSON path of the offending value.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// More options than a state code can hold.
    #[error("{options} options: at most {max} are supported")]
    TooManyOptions {
        /// Number of options in the conflict.
        options: usize,
        /// The supported maximum.
        max: usize,
    },
    /// Infeasibility removes every state.
    #[error("no feasible state: the infeasible patterns exclude all states")]
    NoFeasibleState,
    /// The feasible states exceed the limit given to the enumeration.
    #[error("more than {limit} feasible states")]
    TooManyStates {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A state number, decision-maker index or option index is out of range.
    #[error("{what} {value} out of range (there are {len})")]
    OutOfRange {
        /// What kind of index it is.
        what: &'static str,
        /// The offending value.
        value: usize,
        /// How many there are.
        len: usize,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error text.
        message: String,
    },
}

impl ConflictError {
    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        ConflictError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_serde(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        ConflictError::Json {
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        }
    }
}
