//! The scenario files shipped with the crate, compiled into the library.
//!
//! A program that depends on detente has no `examples/` directory beside
//! it, and its current directory and `CARGO_MANIFEST_DIR` point at the
//! user's own crate, so the shipped files are embedded here and found by
//! name: the file's path under `examples/scenarios/` without `.json`
//! (`belarus_2025`, `history/griner_bout_2022`,
//! `history/series/viasna_stock`).

use super::{Scenario, ScenarioErrors};
use crate::model::World;
use crate::rules::Rulebook;

/// What a shipped file holds, which decides how it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShippedKind {
    /// A scenario: read it with [`shipped`].
    Scenario,
    /// A recorded case (a scenario plus dated steps): read its
    /// [`ShippedFile::text`] with `detente::history::Case::from_json_str`.
    Case,
    /// A stock series for calibration: read its [`ShippedFile::text`] as a
    /// `detente::history::Series` (JSON).
    Series,
}

impl ShippedKind {
    /// How error messages name the kind.
    fn label(self) -> &'static str {
        match self {
            ShippedKind::Scenario => "scenario",
            ShippedKind::Case => "history case",
            ShippedKind::Series => "series",
        }
    }
}

/// One file shipped with the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShippedFile {
    /// The name [`shipped`] and [`shipped_file`] take: the path under
    /// `examples/scenarios/` without `.json`.
    pub name: &'static str,
    /// What the file holds.
    pub kind: ShippedKind,
    /// The file's JSON text, exactly as in the repository.
    pub text: &'static str,
}

macro_rules! shipped_files {
    ($($kind:ident $name:literal),* $(,)?) => {
        [$(ShippedFile {
            name: $name,
            kind: ShippedKind::$kind,
            text: include_str!(concat!("../../examples/scenarios/", $name, ".json")),
        }),*]
    };
}

/// Sorted by name, so listings and error messages read in a stable order.
static SHIPPED: [ShippedFile; 22] = shipped_files![
    Scenario "allies_swap",
    Scenario "belarus_2025",
    Case "history/belarus_2015",
    Case "history/belarus_2024_2025",
    Case "history/belgium_iran_2023",
    Case "history/griner_bout_2022",
    Case "history/iran_2023",
    Case "history/reed_yaroshenko_2022",
    Series "history/series/viasna_stock",
    Case "history/sweden_iran_2024",
    Case "history/venezuela_2023",
    Case "history/venezuela_2025",
    Case "history/vienna_2010",
    Scenario "swaps/belgium_iran_2023",
    Scenario "swaps/griner_bout_2022",
    Scenario "swaps/iran_2023",
    Scenario "swaps/reed_yaroshenko_2022",
    Scenario "swaps/sweden_iran_2024",
    Scenario "swaps/vienna_2010",
    Scenario "three_way_swap",
    Scenario "toy_bilateral",
    Scenario "toy_bloc",
];

/// Every shipped file, sorted by name.
///
/// ```
/// use detente::scenario::{ShippedKind, shipped_files};
///
/// let scenarios: Vec<&str> = shipped_files()
///     .iter()
///     .filter(|f| f.kind == ShippedKind::Scenario)
///     .map(|f| f.name)
///     .collect();
/// assert_eq!(
///     scenarios,
///     [
///         "allies_swap",
///         "belarus_2025",
///         "swaps/belgium_iran_2023",
///         "swaps/griner_bout_2022",
///         "swaps/iran_2023",
///         "swaps/reed_yaroshenko_2022",
///         "swaps/sweden_iran_2024",
///         "swaps/vienna_2010",
///         "three_way_swap",
///         "toy_bilateral",
///         "toy_bloc"
///     ]
/// );
/// ```
pub fn shipped_files() -> &'static [ShippedFile] {
    &SHIPPED
}

/// The shipped file called `name`, whatever it holds.
///
/// ```
/// let case = detente::scenario::shipped_file("history/griner_bout_2022")?;
/// assert!(case.text.contains("\"steps\""));
/// # Ok::<(), detente::scenario::ScenarioErrors>(())
/// ```
///
/// # Errors
/// An unknown name, with every valid one listed.
pub fn shipped_file(name: &str) -> Result<&'static ShippedFile, ScenarioErrors> {
    SHIPPED
        .binary_search_by(|f| f.name.cmp(name))
        .map(|i| &SHIPPED[i])
        .map_err(|_| {
            ScenarioErrors::one(
                "$",
                format!(
                    "no shipped file is called `{name}`: expected one of {}",
                    names(|_| true)
                ),
            )
        })
}

/// Validates and builds the shipped scenario `name`, like
/// [`load`](super::load) does for a file: the scenario, its world and its
/// rulebook.
///
/// ```
/// let (scenario, world, rules) = detente::scenario::shipped("belarus_2025")?;
/// let blr = world.government_by_code("BLR").expect("Belarus is in the scenario");
/// assert_eq!(world.held_by(blr).count(), 1265);
/// assert_eq!(scenario.round.as_deref(), Some("month"));
/// assert!(!rules.is_empty());
/// # Ok::<(), detente::scenario::ScenarioErrors>(())
/// ```
///
/// # Errors
/// An unknown name, or one that is not a scenario (a history case or a
/// series), with the scenario names listed.
pub fn shipped(name: &str) -> Result<(Scenario, World, Rulebook), ScenarioErrors> {
    let scenarios = || names(|f| f.kind == ShippedKind::Scenario);
    let file = shipped_file(name).map_err(|_| {
        ScenarioErrors::one(
            "$",
            format!(
                "no shipped scenario is called `{name}`: expected one of {}",
                scenarios()
            ),
        )
    })?;
    if file.kind != ShippedKind::Scenario {
        return Err(ScenarioErrors::one(
            "$",
            format!(
                "the shipped file `{name}` is a {} rather than a scenario: read its text from \
                 `shipped_file`; the scenarios are {}",
                file.kind.label(),
                scenarios()
            ),
        ));
    }
    let scenario = Scenario::from_json_str(file.text)?;
    let world = scenario.build()?;
    let rules = scenario.rulebook();
    Ok((scenario, world, rules))
}

/// The names of the shipped files that `keep` accepts, as "`a`, `b`, `c`".
fn names(keep: impl Fn(&ShippedFile) -> bool) -> String {
    SHIPPED
        .iter()
        .filter(|f| keep(f))
        .map(|f| format!("`{}`", f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_so_lookup_by_name_finds_every_file() {
        for pair in SHIPPED.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} before {}",
                pair[0].name,
                pair[1].name
            );
        }
        for f in &SHIPPED {
            assert_eq!(shipped_file(f.name).map(|g| g.name), Ok(f.name));
        }
    }

    #[test]
    fn every_json_file_in_the_repository_is_shipped() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios");
        let mut on_disk = Vec::new();
        for dir in ["", "history", "history/series", "swaps"] {
            for entry in
                std::fs::read_dir(root.join(dir)).expect("the scenarios are in the repository")
            {
                let path = entry.expect("a readable directory entry").path();
                if path.extension().is_some_and(|x| x == "json") {
                    let stem = path
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .expect("a UTF-8 name");
                    on_disk.push(if dir.is_empty() {
                        stem.to_string()
                    } else {
                        format!("{dir}/{stem}")
                    });
                }
            }
        }
        on_disk.sort();
        let shipped: Vec<&str> = SHIPPED.iter().map(|f| f.name).collect();
        assert_eq!(on_disk, shipped);
    }

    #[test]
    fn every_shipped_scenario_builds_and_matches_its_file() {
        for f in SHIPPED.iter().filter(|f| f.kind == ShippedKind::Scenario) {
            let (scenario, _, _) = shipped(f.name).unwrap_or_else(|e| panic!("{}: {e}", f.name));
            let path = format!(
                "{}/examples/scenarios/{}.json",
                env!("CARGO_MANIFEST_DIR"),
                f.name
            );
            assert_eq!(
                scenario,
                Scenario::from_path(path).expect("the file reads"),
                "{}",
                f.name
            );
        }
    }

    #[test]
    fn an_unknown_name_lists_the_scenarios() {
        let err = shipped("belarus_2026").unwrap_err().to_string();
        assert!(err.contains("`belarus_2026`"), "{err}");
        assert!(
            err.contains(
                "`belarus_2025`, `swaps/belgium_iran_2023`, `swaps/griner_bout_2022`, \
                 `swaps/iran_2023`, `swaps/reed_yaroshenko_2022`, `swaps/sweden_iran_2024`, \
                 `swaps/vienna_2010`, `three_way_swap`, `toy_bilateral`, `toy_bloc`"
            ),
            "{err}"
        );
        assert!(!err.contains("history/"), "{err}");
    }

    #[test]
    fn a_case_is_not_read_as_a_scenario() {
        let err = shipped("history/iran_2023").unwrap_err().to_string();
        assert!(err.contains("is a history case"), "{err}");
        assert!(err.contains("`toy_bloc`"), "{err}");
    }

    #[test]
    fn an_unknown_file_lists_every_file() {
        let err = shipped_file("nope").unwrap_err().to_string();
        assert!(err.contains("`history/series/viasna_stock`"), "{err}");
        assert!(err.contains("`belarus_2025`"), "{err}");
    }
}
