//! The NegMAS part-c instances (3, 4, 5 issues): frontier size and
//! bargaining points equal to shared/anchors/negmas_results.json.

use crate::common::negmas_instance;

use detente::analysis::{egalitarian_point, nash_point, pareto_frontier, utilitarian_point};

/// (issues, frontier size, nash, kalai (= egalitarian), max welfare) from
/// negmas_results.json `c_analysis`.
/// (issues, frontier size, nash, kalai, max welfare).
type Row = (usize, usize, [f64; 2], [f64; 2], [f64; 2]);

const NEGMAS: [Row; 3] = [
    (
        3,
        98,
        [0.6138281333821547, 0.49692731232539566],
        [0.5727264853680394, 0.5294923706094565],
        [0.868573394840428, 0.29207707059518534],
    ),
    (
        4,
        147,
        [0.5582325174983738, 0.6089622697982973],
        [0.5980775313279896, 0.5468236097662129],
        [0.4788356882411371, 0.7169053532537739],
    ),
    (
        5,
        640,
        [0.5482984402987086, 0.7612959733141231],
        [0.6210388219017561, 0.6274691538605472],
        [0.5482984402987086, 0.7612959733141231],
    ),
];

fn close(a: [f64; 2], b: [f64; 2]) -> bool {
    (a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12
}

#[test]
fn fingerprints_match_negmas_instance_k0() {
    // negmas_results.json b_sao_5x10.ufun_fingerprint_k0 (instance k = 0).
    let pts = negmas_instance::points(&negmas_instance::tables(5, 0));
    assert!((pts[0][0] - 0.7258733547154024).abs() < 1e-15);
    assert!((pts[0][1] - 0.35930810169903465).abs() < 1e-15);
    assert!((pts[99_999][0] - 0.6958346705167449).abs() < 1e-15);
    assert!((pts[99_999][1] - 0.30763610770318506).abs() < 1e-15);
}

#[test]
fn frontier_and_points_match_negmas() {
    for (issues, size, nash, kalai, welfare) in NEGMAS {
        let pts = negmas_instance::points(&negmas_instance::tables(issues, 0));
        let front = pareto_frontier(&pts).unwrap();
        assert_eq!(front.len(), size, "{issues} issues");
        // NegMAS measures gains from each utility's minimum over the
        // outcome space when the reserved value (0) lies below it.
        let v = [0, 1].map(|i| pts.iter().map(|p| p[i]).fold(f64::INFINITY, f64::min));
        let fp: Vec<[f64; 2]> = front.iter().map(|&i| pts[i]).collect();
        let n = nash_point(&fp, &v).unwrap().unwrap();
        assert!(close(fp[n], nash), "{issues}: nash {:?} vs {nash:?}", fp[n]);
        // Over all outcomes the answer is the same point.
        assert_eq!(pts[nash_point(&pts, &v).unwrap().unwrap()], fp[n]);
        let e = egalitarian_point(&fp, &v).unwrap().unwrap();
        assert!(
            close(fp[e], kalai),
            "{issues}: kalai {:?} vs {kalai:?}",
            fp[e]
        );
        let w = utilitarian_point(&pts, &[0.0, 0.0]).unwrap().unwrap();
        assert!(
            close(pts[w], welfare),
            "{issues}: welfare {:?} vs {welfare:?}",
            pts[w]
        );
    }
}
