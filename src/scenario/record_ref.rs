//! `record`: where a scenario's real record is, so that a run of the
//! scenario can be set beside it (see
//! [`history::record`](crate::history::record)).

use super::error::Errors;
use serde::{Deserialize, Serialize};

/// The record a scenario reproduces: a case file of dated steps, a stock
/// series, the pair whose deals are compared, and the calendar date of
/// round 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordRef {
    /// The case file, relative to the scenario file.
    pub case: String,
    /// The stock series file, relative to the scenario file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    /// The demander whose deals are compared (`USA`).
    pub demander: String,
    /// The holder (`BLR`).
    pub holder: String,
    /// Calendar date of the start of round 0, `YYYY-MM-DD`; one round is
    /// one calendar month.
    pub start: String,
    /// Rounds the record covers from `start` (12: one year).
    pub rounds: u32,
    /// The series tally reported as a second reading of "freed in deals"
    /// (`pardoned_with_us_mediation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tally: Option<String>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Checks what can be checked without reading the files: the pair names
/// governments of the scenario, the start is a date, the horizon is not empty.
pub(super) fn validate(r: &RecordRef, governments: &[&str], errors: &mut Errors) {
    for (field, code) in [("demander", &r.demander), ("holder", &r.holder)] {
        if !governments.contains(&code.as_str()) {
            errors.push(
                format!("$.record.{field}"),
                format!("unknown government `{code}`"),
            );
        }
    }
    let date_like = {
        let parts: Vec<&str> = r.start.split('-').collect();
        matches!(parts.as_slice(), [y, m, d]
            if y.len() == 4 && m.len() == 2 && d.len() == 2
                && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)))
    };
    if !date_like {
        errors.push(
            "$.record.start",
            format!("`{}` is not a date of the form YYYY-MM-DD", r.start),
        );
    }
    if r.rounds == 0 {
        errors.push("$.record.rounds", "the record covers at least one round");
    }
}
