//! Pareto frontier and bargaining points: brute-force cross-checks,
//! proptest invariants, and the NBS examples of reference_values.md §4.

use detente::analysis::{
    AnalysisError, dominates, kalai_smorodinsky_point, nash_point, nash_point_weighted,
    pareto_frontier, utilitarian_point,
};
use proptest::prelude::*;

/// O(n²) reference: the lowest index of each distinct non-dominated vector.
fn brute_frontier(points: &[Vec<f64>]) -> Vec<usize> {
    let mut out: Vec<usize> = (0..points.len())
        .filter(|&i| !points.iter().any(|q| dominates(q, &points[i])))
        .filter(|&i| !points[..i].contains(&points[i]))
        .collect();
    out.sort_unstable();
    out
}

fn points_strategy(dim: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    // Small integer grids make ties and duplicates common.
    prop::collection::vec(
        prop::collection::vec((0u8..8).prop_map(f64::from), dim),
        0..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::proptest_cases(256)))]
    #[test]
    fn frontier_equals_brute_force(dim in 1usize..5, seed_points in points_strategy(4)) {
        let points: Vec<Vec<f64>> = seed_points.into_iter().map(|p| p[..dim].to_vec()).collect();
        let mut front = pareto_frontier(&points).unwrap();
        for (k, &i) in front.iter().enumerate() {
            for &j in &front[k + 1..] {
                prop_assert!(!dominates(&points[i], &points[j]) && !dominates(&points[j], &points[i]));
                prop_assert_ne!(&points[i], &points[j]);
            }
            prop_assert!(!points.iter().any(|q| dominates(q, &points[i])));
        }
        front.sort_unstable();
        prop_assert_eq!(front, brute_frontier(&points));
    }

    #[test]
    fn continuous_2d_frontier_equals_brute_force(points in prop::collection::vec(prop::collection::vec(-1e3f64..1e3, 2), 0..200)) {
        let mut front = pareto_frontier(&points).unwrap();
        // Two players: ordered by decreasing first payoff.
        prop_assert!(front.windows(2).all(|w| points[w[0]][0] > points[w[1]][0]));
        front.sort_unstable();
        prop_assert_eq!(front, brute_frontier(&points));
    }

    #[test]
    fn bargaining_points_are_pareto_optimal_and_rational(points in points_strategy(3), v in prop::collection::vec((0u8..3).prop_map(f64::from), 3)) {
        for f in [nash_point::<Vec<f64>>, kalai_smorodinsky_point, utilitarian_point] {
            if let Some(i) = f(&points, &v).unwrap() {
                prop_assert!(!points.iter().any(|q| dominates(q, &points[i])));
                prop_assert!(points[i].iter().zip(&v).all(|(u, d)| u >= d));
            }
        }
    }
}

/// Points on the line a·u1 + b·u2 = c with u1 on a grid of `steps`.
fn line(a: f64, b: f64, c: f64, steps: usize) -> Vec<[f64; 2]> {
    (0..=steps)
        .map(|i| {
            let u1 = c / a * i as f64 / steps as f64;
            [u1, (c - a * u1) / b]
        })
        .collect()
}

#[test]
fn nash_bargaining_examples_of_section_4() {
    let near = |p: [f64; 2], q: [f64; 2]| (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9;
    let pie = line(1.0, 1.0, 1.0, 1000);
    let i = nash_point(&pie, &[0.0, 0.0]).unwrap().unwrap();
    assert!(near(pie[i], [0.5, 0.5]));
    let i = nash_point(&pie, &[0.2, 0.1]).unwrap().unwrap();
    assert!(near(pie[i], [0.55, 0.45]));
    let l = line(2.0, 1.0, 4.0, 1000);
    let i = nash_point(&l, &[0.0, 0.0]).unwrap().unwrap();
    assert!(near(l[i], [1.0, 2.0]));
    let pie3 = line(1.0, 1.0, 1.0, 999);
    let i = nash_point_weighted(&pie3, &[0.0, 0.0], &[1.0 / 3.0, 2.0 / 3.0])
        .unwrap()
        .unwrap();
    assert!(near(pie3[i], [1.0 / 3.0, 2.0 / 3.0]));
    // Every point of the linear frontier with u >= v is Pareto-optimal.
    assert_eq!(pareto_frontier(&pie).unwrap().len(), pie.len());
}

#[test]
fn kalai_smorodinsky_on_a_linear_frontier_splits_gains_proportionally() {
    // u1 + u2 = 1 with v = (0.2, 0.1): ideal (0.9, 0.8); KS equalises
    // (u1-0.2)/0.7 = (u2-0.1)/0.7, i.e. (0.55, 0.45), like Nash here.
    let pie = line(1.0, 1.0, 1.0, 1000);
    let i = kalai_smorodinsky_point(&pie, &[0.2, 0.1]).unwrap().unwrap();
    assert!((pie[i][0] - 0.55).abs() < 1e-9);
    // 2 u1 + u2 = 4, v = 0: ideal (2, 4), KS where u2 = 2 u1: (1, 2).
    let l = line(2.0, 1.0, 4.0, 1000);
    let i = kalai_smorodinsky_point(&l, &[0.0, 0.0]).unwrap().unwrap();
    assert!((l[i][0] - 1.0).abs() < 1e-9 && (l[i][1] - 2.0).abs() < 1e-9);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    assert_eq!(
        pareto_frontier(&[[0.0, f64::NAN]]),
        Err(AnalysisError::NonFinite { index: 0 })
    );
    let ragged = vec![vec![1.0, 2.0], vec![1.0]];
    assert!(matches!(
        pareto_frontier(&ragged),
        Err(AnalysisError::Dimension { index: 1, .. })
    ));
    assert!(nash_point(&[[1.0, 1.0]], &[0.0]).is_err());
    assert!(nash_point(&[[1.0, 1.0]], &[0.0, f64::INFINITY]).is_err());
    assert_eq!(
        nash_point_weighted(&[[1.0, 1.0]], &[0.0, 0.0], &[1.0, -1.0]),
        Err(AnalysisError::Weights)
    );
    assert_eq!(pareto_frontier::<[f64; 2]>(&[]), Ok(vec![]));
    assert_eq!(nash_point(&[[1.0, 0.0]], &[0.0, 0.0]), Ok(None));
}
