//! Pareto frontier of payoff vectors.

use crate::analysis::{AnalysisError, check_points};

/// Indices of the Pareto-optimal points: no other point is at least as good
/// for every player and better for one. Of several equal points only the
/// one with the lowest index is kept (so each distinct optimal payoff
/// vector appears once, reached by its first outcome).
///
/// Two players: sort-and-sweep, O(n log n), result ordered by decreasing
/// first payoff (increasing second). More players: points sorted in
/// decreasing lexicographic order, each checked against the frontier found
/// so far (a point can only be dominated by one that sorts before it), O(n
/// log n + n·f·d) for a frontier of f points; result in that order.
///
/// ```
/// use detente::analysis::pareto_frontier;
/// let pts = [[1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0], [0.5, 0.5]];
/// assert_eq!(pareto_frontier(&pts)?, vec![0, 1, 3]);
/// # Ok::<(), detente::analysis::AnalysisError>(())
/// ```
///
/// # Errors
/// [`AnalysisError::NonFinite`] if a payoff is NaN or infinite;
/// [`AnalysisError::Dimension`] if the points differ in length.
///
/// # Complexity
/// See above; memory O(n).
pub fn pareto_frontier<P: AsRef<[f64]>>(points: &[P]) -> Result<Vec<usize>, AnalysisError> {
    let d = check_points(points)?;
    Ok(match d {
        0 => Vec::new(),
        2 => frontier_2d(points),
        _ => frontier_nd(points),
    })
}

fn frontier_2d<P: AsRef<[f64]>>(points: &[P]) -> Vec<usize> {
    let mut order: Vec<(f64, f64, u32)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = p.as_ref();
            (p[0], p[1], i as u32)
        })
        .collect();
    // A point far out in both directions dominates most of a random cloud:
    // dropping what it dominates before sorting makes the sort small.
    if let Some(&(bx, by, _)) = order
        .iter()
        .max_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)))
    {
        order.retain(|&(x, y, _)| !(x <= bx && y <= by && (x < bx || y < by)));
    }
    order.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
    });
    // Sorted by decreasing x (then y): a point is optimal iff its y beats
    // every y before it. Equal points fail that test after the first.
    let mut best_y = f64::NEG_INFINITY;
    let mut out = Vec::new();
    for &(_, y, i) in &order {
        if y > best_y {
            out.push(i as usize);
            best_y = y;
        }
    }
    out
}

fn frontier_nd<P: AsRef<[f64]>>(points: &[P]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (points[a].as_ref(), points[b].as_ref());
        pb.iter()
            .zip(pa)
            .map(|(y, x)| y.total_cmp(x))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut out: Vec<usize> = Vec::new();
    for i in order {
        let p = points[i].as_ref();
        let dominated = out
            .iter()
            .any(|&f| points[f].as_ref().iter().zip(p).all(|(q, x)| q >= x));
        if !dominated {
            out.push(i);
        }
    }
    out
}

/// Whether `a` Pareto-dominates `b`: at least as good for everyone and
/// better for someone.
///
/// ```
/// use detente::analysis::dominates;
/// assert!(dominates(&[1.0, 1.0], &[1.0, 0.5]));
/// assert!(!dominates(&[1.0, 1.0], &[1.0, 1.0]));
/// ```
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
}
