//! The bad-input corpus of the history engine: every case or series file in
//! `tests/bad_inputs/history/` holds one mistake a case or series loader
//! used to accept (an impossible calendar date, a range that runs
//! backwards, a suspension of zero rounds), and `NAME.expected` holds the
//! errors a user must see, one `PATH: MESSAGE` line each.
//!
//! Files named `case_*` are cases (checked by `Case::build`), `series_*` are
//! series (checked when they are fitted, which is when their dates are
//! read).

use crate::common;
use detente::calibrate::revolving_door::{Series, fit};
use detente::history::Case;
use std::path::Path;

/// The errors loading `path` reports, one line each, or why it was wrongly
/// accepted.
fn errors(path: &Path) -> Result<String, String> {
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let accepted = || Err(format!("{} was accepted", path.display()));
    if name.starts_with("series_") {
        let series = Series::from_path(path).map_err(|e| format!("{name}: {e}"))?;
        match fit(&series, true) {
            Ok(_) => accepted(),
            Err(e) => Ok(format!("{e}\n")),
        }
    } else {
        let case = Case::from_path(path).map_err(|e| format!("{name}: {e}"))?;
        match case.build() {
            Ok(_) => accepted(),
            Err(errs) => Ok(errs.0.iter().map(|e| format!("{e}\n")).collect()),
        }
    }
}

#[test]
fn every_bad_case_and_series_is_refused_with_the_expected_errors() {
    let files = common::json_corpus("history");
    assert!(files.len() >= 7, "the corpus holds its files");
    common::assert_refusals(&files, errors);
}

#[test]
fn real_calendar_dates_and_imprecise_ones_still_load() {
    // The shipped cases record dates as `2022 (before 12-08)` or
    // `after 2020`; validation must keep them, and a leap day is a day.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenarios/history");
    let mut case = Case::from_path(format!("{dir}/belgium_iran_2023.json")).unwrap();
    for date in [
        "2024-02-29",
        "2023 (before 12-08)",
        "after 2020",
        "2023-05-01/2023-05-26",
    ] {
        case.steps[0].date = date.to_string();
        assert!(case.build().is_ok(), "`{date}` is refused");
    }
}
