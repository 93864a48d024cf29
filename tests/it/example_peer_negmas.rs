use crate::common;

use serde_json::Value;

#[test]
fn peer_negmas_json_reproduces_negmas_first_five() {
    let out = common::run_example_ok(
        "peer_negmas",
        &[
            "--json",
            "--n-small",
            "5",
            "--n-large",
            "5",
            "--warmup",
            "0",
        ],
    );
    let v: Value = serde_json::from_str(out.trim()).expect("one JSON object");
    // check_first5 of shared/anchors/negmas_results.json.
    let want = [
        (
            "a_sao_3x10",
            [
                (51, vec![5, 3, 3]),
                (54, vec![1, 8, 4]),
                (59, vec![6, 7, 7]),
                (59, vec![0, 9, 4]),
                (60, vec![2, 4, 9]),
            ],
        ),
        (
            "b_sao_5x10",
            [
                (54, vec![3, 7, 8, 9, 9]),
                (63, vec![2, 2, 0, 8, 1]),
                (50, vec![3, 6, 2, 0, 6]),
                (37, vec![9, 2, 1, 0, 4]),
                (35, vec![0, 2, 0, 2, 9]),
            ],
        ),
    ];
    for (key, rows) in want {
        let s = &v[key];
        assert!(s["negotiations_per_s"].as_f64().unwrap() > 0.0);
        assert_eq!(s["agreement_rate"].as_f64(), Some(1.0));
        assert!(s["mean_rounds_to_agreement"].as_f64().is_some());
        let got = s["check_first5"].as_array().unwrap();
        assert_eq!(got.len(), 5);
        for (k, (rec, (rounds, agreement))) in got.iter().zip(rows).enumerate() {
            assert_eq!(rec["k"].as_u64(), Some(k as u64));
            assert_eq!(rec["rounds"].as_u64(), Some(rounds));
            let a: Vec<u64> = rec["agreement"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
                .collect();
            assert_eq!(a, agreement, "{key} k = {k}");
        }
    }
}
