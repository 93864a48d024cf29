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
        // Editors on Windows save UTF-8 with a byte-order mark; it is not an error.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // serde accepts a struct written as an array too; a scenario is an object.
        match text.trim_start().chars().next() {
            None => {
                return Err(ScenarioErrors::one(
                    "$",
                    "the document is empty: expected a JSON object `{...}`",
                ));
            }
            Some('{') => {}
            Some(c) => {
                let (line, column) = line_column(text, text.len() - text.trim_start().len());
                return Err(ScenarioErrors::one(
                    "$",
                    format!(
                        "expected a JSON object `{{...}}` at line {line} column {column}, found `{c}`"
                    ),
                ));
            }
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = json_path(e.path());
            let e = e.into_inner();
            let message = if e.is_eof() {
                format!(
                    "the document ends early (truncated?) at line {} column {}",
                    e.line(),
                    e.column()
                )
            } else {
                plain(&e.to_string())
            };
            ScenarioErrors::one(path, message)
        })?;
        de.end().map_err(|e| {
            ScenarioErrors::one(
                "$",
                format!(
                    "unexpected text after the end of the document at line {} column {}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Ok(scenario)
    }

    /// Parses TOML text (same schema as JSON).
    ///
    /// # Errors
    /// As for [`Scenario::from_json_str`].
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioErrors> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let at = |e: &toml::de::Error| match e.span() {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                format!(" at line {line} column {column}")
            }
            None => String::new(),
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            ScenarioErrors::one(
                "$",
                format!("invalid TOML{}: {}", at(&e), e.message().trim()),
            )
        })?;
        // A TOML date would otherwise reach serde as a map and be reported
        // as "invalid type: map"; no scenario field is a date.
        if let Some(path) = find_datetime(&toml::Value::Table(table), "$".to_string()) {
            return Err(ScenarioErrors::one(
                path,
                "a TOML date or time is not valid here: write it as a quoted string",
            ));
        }
        let de = toml::Deserializer::parse(text).map_err(|e| {
            ScenarioErrors::one(
                "$",
                format!("invalid TOML{}: {}", at(&e), e.message().trim()),
            )
        })?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = json_path(e.path());
            let e = e.into_inner();
            ScenarioErrors::one(path, format!("{}{}", plain(e.message().trim()), at(&e)))
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

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(at.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// serde's messages name Rust types; users wrote JSON or TOML.
fn plain(message: &str) -> String {
    message
        .replace(
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        )
        .replace("expected usize", "expected a whole number of at least 0")
        .replace("expected f64", "expected a number")
}

/// The JSON path of the first date or time in `v`, if any.
fn find_datetime(v: &toml::Value, path: String) -> Option<String> {
    match v {
        toml::Value::Datetime(_) => Some(path),
        toml::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| find_datetime(x, format!("{path}[{i}]"))),
        toml::Value::Table(t) => t
            .iter()
            .find_map(|(k, x)| find_datetime(x, format!("{path}.{k}"))),
        _ => None,
    }
}
