//! Reading scenario text (JSON or TOML) into a [`Scenario`].

use super::Scenario;
use super::error::{ScenarioError, ScenarioErrors, json_path, suggest_name};
use crate::model::World;
use std::path::Path;

/// How many unknown fields one read sets aside before it stops: a file with
/// more is likely not a scenario at all.
const MAX_SET_ASIDE: usize = 64;

/// Reads, validates and builds the scenario at `path`, reporting every
/// mistake that can be found (which ones: see the [`super`] module docs).
pub(crate) fn read_and_build(path: &Path) -> Result<(Scenario, World), ScenarioErrors> {
    let (scenario, mut errors) = if is_toml(path) {
        match read_text(path).and_then(|text| Scenario::from_toml_str(&text)) {
            Ok(s) => (Some(s), Vec::new()),
            Err(e) => (None, e.0),
        }
    } else {
        match read_text(path) {
            Ok(text) => read_json(&text),
            Err(e) => (None, e.0),
        }
    };
    let Some(scenario) = scenario else {
        return Err(ScenarioErrors(errors));
    };
    match scenario.build() {
        Ok(world) if errors.is_empty() => Ok((scenario, world)),
        Ok(_) => Err(ScenarioErrors(errors)),
        Err(semantic) => {
            errors.extend(semantic.0);
            Err(ScenarioErrors(errors))
        }
    }
}

fn read_text(path: &Path) -> Result<String, ScenarioErrors> {
    std::fs::read_to_string(path)
        .map_err(|e| ScenarioErrors::one("$", format!("cannot read {}: {e}", path.display())))
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
}

/// Reads JSON text as far as it goes: each unknown field is reported and
/// set aside (blanked out of a copy of the text, so line and column numbers
/// of later mistakes still hold), and the first other mistake ends the
/// read. The scenario comes back when nothing but unknown fields was wrong.
fn read_json(text: &str) -> (Option<Scenario>, Vec<ScenarioError>) {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not an error.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // serde accepts a struct written as an array too; a scenario is an object.
    match text.trim_start().chars().next() {
        None => {
            return (
                None,
                ScenarioErrors::one("$", "the document is empty: expected a JSON object `{...}`").0,
            );
        }
        Some('{') => {}
        Some(c) => {
            let (line, column) = line_column(text, text.len() - text.trim_start().len());
            return (None, ScenarioErrors::one(
                "$",
                format!(
                    "expected a JSON object `{{...}}` at line {line} column {column}, found `{c}`"
                ),
            ).0);
        }
    }
    let mut text = text.to_string();
    let mut errors = Vec::new();
    loop {
        let mut de = serde_json::Deserializer::from_str(&text);
        let (path, e) = match serde_path_to_error::deserialize::<_, Scenario>(&mut de) {
            Ok(scenario) => {
                if let Err(e) = de.end() {
                    push(
                        &mut errors,
                        "$".into(),
                        format!(
                            "unexpected text after the end of the document at line {} column {}",
                            e.line(),
                            e.column()
                        ),
                    );
                    return (None, errors);
                }
                return (Some(scenario), errors);
            }
            Err(e) => (json_path(e.path()), e.into_inner()),
        };
        if e.is_eof() {
            push(
                &mut errors,
                path,
                format!(
                    "the document ends early (truncated?) at line {} column {}",
                    e.line(),
                    e.column()
                ),
            );
            return (None, errors);
        }
        let message = e.to_string();
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(key, _)| key.to_string());
        push(&mut errors, path, plain(&message));
        let set_aside = unknown
            .filter(|_| errors.len() < MAX_SET_ASIDE)
            .and_then(|key| blank_member(&text, e.line(), e.column(), &key));
        match set_aside {
            Some(blanked) => text = blanked,
            None => return (None, errors),
        }
    }
}

fn push(errors: &mut Vec<ScenarioError>, path: String, message: String) {
    errors.push(ScenarioError { path, message });
}

/// `text` with the object member `"key": value` that ends near `line` and
/// `column` (where serde_json reports an unknown field) replaced by spaces,
/// with one comma beside it; `None` when it cannot be found exactly.
fn blank_member(text: &str, line: usize, column: usize, key: &str) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let at = (line_start + column).min(text.len());
    let quoted = format!("\"{key}\"");
    let start = text.get(..at)?.rfind(&quoted)?;
    let after_key = start + quoted.len();
    let colon = after_key + text.get(after_key..)?.find(|c: char| !c.is_whitespace())?;
    if text.as_bytes().get(colon) != Some(&b':') {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(text.get(colon + 1..)?)
        .into_iter::<serde::de::IgnoredAny>();
    values.next()?.ok()?;
    let mut end = colon + 1 + values.byte_offset();
    let mut start = start;
    let next = end + text.get(end..)?.find(|c: char| !c.is_whitespace())?;
    if text.as_bytes().get(next) == Some(&b',') {
        end = next + 1;
    } else {
        // The last member: the comma before it goes instead, if any.
        let before = text.get(..start)?.trim_end();
        if before.ends_with(',') {
            start = before.len() - 1;
        }
    }
    // Spaces for every byte but line breaks keep later positions valid.
    let blank: String = text[start..end]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    Some(format!("{}{blank}{}", &text[..start], &text[end..]))
}

impl Scenario {
    /// Parses JSON text.
    ///
    /// # Errors
    /// Malformed or truncated text, wrong types, unknown fields, missing
    /// fields: a [`ScenarioErrors`] entry for each, naming the JSON path and
    /// what was expected. Every unknown field is reported; any other mistake
    /// ends the read ([`Scenario::validate`] then reports every semantic
    /// mistake at once, and [`super::load`] does both).
    pub fn from_json_str(text: &str) -> Result<Scenario, ScenarioErrors> {
        let (scenario, errors) = read_json(text);
        match scenario {
            Some(scenario) if errors.is_empty() => Ok(scenario),
            _ => Err(ScenarioErrors(errors)),
        }
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

/// serde's messages name Rust types; users wrote JSON or TOML. A misspelt
/// field or variant name also gets the nearest valid one.
fn plain(message: &str) -> String {
    suggest_name(message)
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
