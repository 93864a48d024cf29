//! Reading scenario text (JSON or TOML) into a [`Scenario`].

use super::Scenario;
use super::error::{ScenarioErrors, json_path};
use std::path::Path;

impl Scenario {
    /// Parses JSON text.
    ///
    /// # Errors
    /// Malformed or truncated text, wrong types, unknown fields, missing
    /// fields: one [`ScenarioErrors`] entry naming the JSON path and what was
    /// expected (parsing stops at the first such mistake; [`Scenario::validate`]
    /// then reports every semantic mistake at once).
    pub fn from_json_str(text: &str) -> Result<Scenario, ScenarioErrors> {
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = json_path(e.path());
            ScenarioErrors::one(path, e.into_inner().to_string())
        })?;
        de.end().map_err(|e| {
            ScenarioErrors::one("$", format!("trailing characters after the document: {e}"))
        })?;
        Ok(scenario)
    }

    /// Parses TOML text (same schema as JSON).
    ///
    /// # Errors
    /// As for [`Scenario::from_json_str`].
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioErrors> {
        let de = toml::Deserializer::parse(text).map_err(|e| {
            ScenarioErrors::one("$", format!("invalid TOML: {}", e.message().trim()))
        })?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = json_path(e.path());
            ScenarioErrors::one(path, e.into_inner().message().trim().to_string())
        })
    }

    /// Reads a scenario file; `.toml` files are TOML, anything else JSON.
    ///
    /// # Errors
    /// Unreadable file (path `$`, with the OS error), or as for
    /// [`Scenario::from_json_str`].
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, ScenarioErrors> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            ScenarioErrors::one("$", format!("cannot read {}: {e}", path.display()))
        })?;
        if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        {
            Self::from_toml_str(&text)
        } else {
            Self::from_json_str(&text)
        }
    }

    /// The scenario as pretty JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }
}
