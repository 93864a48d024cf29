//! Scenario errors: each names the JSON path of the mistake and what was expected.

use std::fmt;

/// One mistake in a scenario file. Its `Debug` is its `Display`
/// (`PATH: MESSAGE`); the fields hold the parts.
#[derive(Clone, PartialEq, Eq)]
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

impl fmt::Debug for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Every mistake found in a scenario (at least one).
///
/// `Display` is a report of one line per mistake under a heading, with no
/// line break at the end; `Debug` is the same report, so that `main`
/// returning this error (or [`crate::Error`]) prints it readably. The
/// mistakes themselves are the public field.
///
/// ```
/// let err = detente::scenario::Scenario::from_json_str("{").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "1 error in scenario:\n  $: the document ends early (truncated?) at line 1 column 1"
/// );
/// assert_eq!(format!("{err:?}"), err.to_string());
/// assert_eq!(err.0[0].path, "$");
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} error{} in scenario:", if n == 1 { "" } else { "s" })?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
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
    // serde_path_to_error writes `?` for a key it never got to read (the
    // document ended first): the mistake is at the enclosing value.
    let s = match s.strip_suffix('?') {
        Some(rest) => rest.strip_suffix('.').unwrap_or(rest).to_string(),
        None => s,
    };
    if s == "." || s.is_empty() {
        "$".to_string()
    } else if s.starts_with('[') {
        format!("${s}")
    } else {
        format!("$.{s}")
    }
}

/// How many valid ids an "unknown id" message lists before it counts the rest.
const IDS_LISTED: usize = 12;

/// The message for a reference to an id that does not exist: the nearest
/// valid id when `got` looks like a typo of it, then the valid ids (the
/// first [`IDS_LISTED`] of them, then how many more `list` holds).
pub(crate) fn unknown_id<'a>(
    what: &str,
    got: &str,
    valid: impl IntoIterator<Item = &'a str>,
    list: &str,
) -> String {
    let valid: Vec<&str> = valid.into_iter().collect();
    if valid.is_empty() {
        return format!("unknown {what} `{got}`: {list} has none");
    }
    let hint = nearest(got, valid.iter().copied())
        .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
    let shown: Vec<String> = valid
        .iter()
        .take(IDS_LISTED)
        .map(|id| format!("`{id}`"))
        .collect();
    let more = match valid.len().saturating_sub(IDS_LISTED) {
        0 => String::new(),
        n => format!(" and {n} more in {list}"),
    };
    format!(
        "unknown {what} `{got}`{hint}: expected one of {}{more}",
        shown.join(", ")
    )
}

/// The candidate closest to `got` when `got` is likely a typo of it: at most
/// a third of its characters (at least one, fewer than all) differ, ignoring
/// case. Ties go to the earliest candidate, so the answer is deterministic.
pub(crate) fn nearest<'a>(
    got: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let got_len = got.chars().count();
    let allowed = (got_len / 3).max(1);
    let lower = got.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != got)
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= allowed && d < got_len)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters (insertions, deletions and
/// substitutions each cost one).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // One row of the dynamic programme: distances from a prefix of `a`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// serde's "unknown field `x`, expected one of `a`, `b`" (and the same for
/// enum variants) with the nearest valid name added after `x` when `x` looks
/// like a typo of it. Other messages are returned unchanged.
pub(crate) fn suggest_name(message: &str) -> String {
    let Some(rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|p| message.strip_prefix(p).map(|rest| (p.len(), rest)))
    else {
        return message.to_string();
    };
    let (prefix_len, rest) = rest;
    let Some(end) = rest.find('`') else {
        return message.to_string();
    };
    let got = &rest[..end];
    let after = &rest[end + 1..];
    // The valid names are the backquoted words after the unknown one.
    let names = after.split('`').skip(1).step_by(2);
    match nearest(got, names) {
        Some(near) => format!(
            "{}`{got}` (did you mean `{near}`?){after}",
            &message[..prefix_len - 1]
        ),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_nearest_name_and_strangers_find_none() {
        let fields = ["id", "discount", "members", "kind"];
        assert_eq!(nearest("discont", fields), Some("discount"));
        assert_eq!(nearest("Discount", fields), Some("discount"));
        assert_eq!(nearest("rounds", fields), None);
        assert_eq!(nearest("BLRR", ["USA", "BLR", "EU"]), Some("BLR"));
        assert_eq!(nearest("US", ["USA", "BLR", "EU"]), Some("USA"));
        // One letter is all of a one-letter id: no guess.
        assert_eq!(nearest("C", ["A", "B"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn unknown_ids_list_the_valid_ones_and_count_the_rest() {
        assert_eq!(
            unknown_id("government", "BLRR", ["USA", "BLR"], "$.governments"),
            "unknown government `BLRR` (did you mean `BLR`?): expected one of `USA`, `BLR`"
        );
        let many: Vec<String> = (0..15).map(|i| format!("p{i}")).collect();
        let message = unknown_id(
            "prisoner",
            "zzz",
            many.iter().map(String::as_str),
            "$.prisoners",
        );
        assert!(
            message.ends_with("`p11` and 3 more in $.prisoners"),
            "{message}"
        );
        assert_eq!(
            unknown_id("source", "x", [], "$.sources"),
            "unknown source `x`: $.sources has none"
        );
    }

    #[test]
    fn serde_messages_gain_a_suggestion_only_for_a_likely_typo() {
        assert_eq!(
            suggest_name("unknown field `discont`, expected `id` or `discount` at line 3 column 9"),
            "unknown field `discont` (did you mean `discount`?), expected `id` or `discount` at line 3 column 9"
        );
        assert_eq!(
            suggest_name("unknown variant `boulwar`, expected one of `boulware`, `linear`"),
            "unknown variant `boulwar` (did you mean `boulware`?), expected one of `boulware`, `linear`"
        );
        let stranger = "unknown field `prisoner_pools`, expected one of `pools`, `prisoners`";
        assert_eq!(suggest_name(stranger), stranger);
        assert_eq!(suggest_name("missing field `name`"), "missing field `name`");
    }
}
