//! The result schema: JSON round-trips, version and path errors, CSV that
//! reads back.

use detente::report::{
    ExperimentReport, ExplorerReport, FrontierEntry, RoundRecord, RunSummary, SCHEMA_VERSION,
    SchemaError,
};
use proptest::prelude::*;

fn experiment(runs: &[(u64, f64, f64)]) -> ExperimentReport {
    let mut r = ExperimentReport::new(
        "belarus_2025",
        "month",
        42,
        vec!["USA".into(), "BLR".into()],
    );
    for (i, &(freed, a, b)) in runs.iter().enumerate() {
        r.runs.push(RunSummary {
            run: i as u64,
            rounds: 12,
            freed,
            arrested: freed / 2,
            deals: 2,
            relief: a.abs() / 7.0,
            payoffs: vec![a, b],
        });
        for round in 0..3 {
            r.trajectories.push(RoundRecord {
                run: i as u64,
                round,
                held: 1265 - u64::from(round),
                arrests: 1,
                releases: 2,
                relief: b / 3.0,
                deals: round % 2,
            });
        }
    }
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(256)))]
    #[test]
    fn experiments_round_trip_exactly(runs in prop::collection::vec(
        (0u64..2000, -1e6f64..1e6, -1e6f64..1e6), 0..20)) {
        let r = experiment(&runs);
        let back = ExperimentReport::from_json(&r.to_json()).unwrap();
        prop_assert_eq!(&back, &r);
        // CSV: header plus one row per run, and the payoffs read back exactly.
        let mut buf = Vec::new();
        r.write_runs_csv(&mut buf).unwrap();
        let mut rd = csv::Reader::from_reader(buf.as_slice());
        let header = rd.headers().unwrap().clone();
        prop_assert_eq!(header.len(), 8);
        prop_assert_eq!(&header[6], "payoff_USA");
        let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        prop_assert_eq!(rows.len(), runs.len());
        for (row, run) in rows.iter().zip(&r.runs) {
            prop_assert_eq!(row[6].parse::<f64>().unwrap(), run.payoffs[0]);
            prop_assert_eq!(row[2].parse::<u64>().unwrap(), run.freed);
        }
    }
}

#[test]
fn trajectories_load_as_typed_rows() {
    let r = experiment(&[(10, 1.5, -2.0), (3, 0.0, 4.0)]);
    let mut buf = Vec::new();
    r.write_trajectories_csv(&mut buf).unwrap();
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "run", "round", "held", "arrests", "releases", "relief", "deals"
        ]
    );
    let rows: Vec<RoundRecord> = rd.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows, r.trajectories);
}

#[test]
fn explorer_reports_round_trip() {
    let mut e = ExplorerReport::new("belarus_2025", ["USA".into(), "BLR".into()], 2);
    e.nodes = 1234;
    e.exhausted = true;
    e.frontier.push(FrontierEntry {
        sequence: vec!["BLR frees 10 to LTU; USA licence us_potash".into()],
        payoffs: [0.1, 0.30000000000000004],
        freed: 10,
        relief: 0.5,
    });
    e.nash = Some(0);
    let json = e.to_json();
    assert!(json.starts_with(&format!(
        "{{\"schema_version\":{SCHEMA_VERSION},\"kind\":\"explorer\""
    )));
    assert_eq!(ExplorerReport::from_json(&json).unwrap(), e);
}

#[test]
fn other_versions_and_bad_fields_are_refused_with_their_path() {
    let json = experiment(&[(1, 1.0, 1.0)]).to_json();
    let future = json.replace("\"schema_version\":1", "\"schema_version\":2");
    assert!(matches!(
        ExperimentReport::from_json(&future),
        Err(SchemaError::Version { found: Some(2) })
    ));
    let bad = json.replace("\"freed\":1", "\"freed\":\"one\"");
    match ExperimentReport::from_json(&bad) {
        Err(SchemaError::Json { path, .. }) => assert_eq!(path, "runs[0].freed"),
        other => panic!("expected a path error, got {other:?}"),
    }
    assert!(matches!(
        ExperimentReport::from_json("{"),
        Err(SchemaError::Json { .. })
    ));
    let mut ragged = experiment(&[(1, 1.0, 1.0)]);
    ragged.runs[0].payoffs.pop();
    assert!(matches!(
        ragged.write_runs_csv(Vec::new()),
        Err(SchemaError::Ragged { run: 0, .. })
    ));
}
