//! Scenario errors: each names the JSON path of the mistake and what was expected.

use std::fmt;

/// One mistake in a scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// JSONPath of the offending value, such as `$.governments[2].discount`
    /// (`$` for the whole document).
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every mistake found in a scenario (at least one).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} error{} in scenario:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl ScenarioErrors {
    /// A single error.
    pub fn one(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self(vec![ScenarioError {
            path: path.into(),
            message: message.into(),
        }])
    }

    /// Whether some error is at exactly `path`.
    pub fn has_path(&self, path: &str) -> bool {
        self.0.iter().any(|e| e.path == path)
    }
}

/// Collects errors under paths.
#[derive(Debug, Default)]
pub(crate) struct Errors(pub Vec<ScenarioError>);

impl Errors {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ScenarioError {
            path: path.into(),
            message: message.into(),
        });
    }

    pub fn finish(self) -> Result<(), ScenarioErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ScenarioErrors(self.0))
        }
    }
}

/// `$.a.b[3]` from serde_path_to_error's `a.b[3]` (which prints `.` for the root).
pub(crate) fn json_path(p: &serde_path_to_error::Path) -> String {
    let s = p.to_string();
    if s == "." || s.is_empty() {
        "$".to_string()
    } else if s.starts_with('[') {
        format!("${s}")
    } else {
        format!("$.{s}")
    }
}
