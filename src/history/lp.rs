//! A small exact linear-program solver for implied valuations: the lowest
//! or highest value of one unknown over a box cut by linear inequalities.
//!
//! The problems have a handful of unknowns and a few dozen inequalities, so
//! a dense two-phase simplex on the full tableau is the right tool: phase 1
//! finds a point of the region (or shows there is none), phase 2 moves to
//! the optimum. Bland's rule picks the entering and leaving columns, so the
//! method cannot cycle on degenerate vertices; the box keeps every problem
//! bounded. The barter-exchange LP of [`crate::exchange`] is a different
//! machine (column generation over 0/1 packing columns), which is why the
//! two do not share a solver.

/// Pivot elements smaller than this are treated as zero.
const PIVOT_TOL: f64 = 1e-9;

/// `coefs · x <= rhs`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    /// One coefficient per unknown.
    pub coefs: Vec<f64>,
    /// The right-hand side.
    pub rhs: f64,
}

/// The simplex did not finish within its pivot budget (Bland's rule rules
/// out cycling, so this signals numbers too ill-conditioned to trust).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PivotLimit;

/// The least (or, with `maximise`, the greatest) value of unknown `target`
/// over `lower[i] <= x[i] <= upper[i]` and every row; `Ok(None)` when no
/// point satisfies them all.
///
/// # Errors
/// [`PivotLimit`] when the pivot budget runs out.
///
/// # Complexity
/// O(pivots × rows × columns) on a dense tableau of `rows + n` rows.
pub(crate) fn optimum(
    lower: &[f64],
    upper: &[f64],
    rows: &[Row],
    target: usize,
    maximise: bool,
) -> Result<Option<f64>, PivotLimit> {
    let n = lower.len();
    // Shift to y = x - lower >= 0; the upper bounds become rows.
    let mut all: Vec<(Vec<f64>, f64)> = rows
        .iter()
        .map(|r| {
            let shift: f64 = r.coefs.iter().zip(lower).map(|(a, l)| a * l).sum();
            (r.coefs.clone(), r.rhs - shift)
        })
        .collect();
    for i in 0..n {
        let mut a = vec![0.0; n];
        a[i] = 1.0;
        all.push((a, upper[i] - lower[i]));
    }
    let mut t = Tableau::new(n, &all);
    let scale = all.iter().fold(1.0f64, |s, (_, b)| s.max(b.abs()));
    // Phase 1: drive the artificial variables to zero.
    let phase1: Vec<f64> = (0..t.cols)
        .map(|j| if t.is_artificial(j) { -1.0 } else { 0.0 })
        .collect();
    t.maximise(&phase1, true)?;
    if t.objective(&phase1) < -1e-9 * scale {
        return Ok(None);
    }
    t.retire_artificials();
    // Phase 2: the target unknown, never letting an artificial back in.
    let mut c = vec![0.0; t.cols];
    c[target] = if maximise { 1.0 } else { -1.0 };
    t.maximise(&c, false)?;
    Ok(Some(lower[target] + t.value(target)))
}

/// A dense simplex tableau in canonical form: `m` rows over `n` structural
/// columns, `m` slacks and one artificial per row whose right-hand side was
/// negative.
struct Tableau {
    m: usize,
    cols: usize,
    /// `m` rows of `cols + 1` entries, the last one the right-hand side.
    a: Vec<Vec<f64>>,
    basis: Vec<usize>,
    first_artificial: usize,
}

impl Tableau {
    fn new(n: usize, rows: &[(Vec<f64>, f64)]) -> Self {
        let m = rows.len();
        let negative = rows.iter().filter(|(_, b)| *b < 0.0).count();
        let first_artificial = n + m;
        let cols = n + m + negative;
        let mut a = Vec::with_capacity(m);
        let mut basis = Vec::with_capacity(m);
        let mut next_art = first_artificial;
        for (k, (coefs, b)) in rows.iter().enumerate() {
            let mut row = vec![0.0; cols + 1];
            // A row with a negative right-hand side is negated so that the
            // tableau starts feasible, and its slack (now -1) cannot be basic.
            let sign = if *b < 0.0 { -1.0 } else { 1.0 };
            for (j, &c) in coefs.iter().enumerate() {
                row[j] = sign * c;
            }
            row[n + k] = sign;
            row[cols] = sign * b;
            if *b < 0.0 {
                row[next_art] = 1.0;
                basis.push(next_art);
                next_art += 1;
            } else {
                basis.push(n + k);
            }
            a.push(row);
        }
        Tableau {
            m,
            cols,
            a,
            basis,
            first_artificial,
        }
    }

    fn is_artificial(&self, j: usize) -> bool {
        j >= self.first_artificial
    }

    /// The objective `c · x` at the current basic solution.
    fn objective(&self, c: &[f64]) -> f64 {
        (0..self.m)
            .map(|k| c[self.basis[k]] * self.a[k][self.cols])
            .sum()
    }

    /// The value of column `j` at the current basic solution.
    fn value(&self, j: usize) -> f64 {
        self.basis
            .iter()
            .position(|&b| b == j)
            .map_or(0.0, |k| self.a[k][self.cols])
    }

    /// Maximises `c · x` from the current feasible basis (Bland's rule).
    fn maximise(&mut self, c: &[f64], artificials_may_enter: bool) -> Result<(), PivotLimit> {
        let budget = 50 * (self.m + self.cols) + 1_000;
        for _ in 0..budget {
            let reduced = |j: usize| {
                c[j] - (0..self.m)
                    .map(|k| c[self.basis[k]] * self.a[k][j])
                    .sum::<f64>()
            };
            let entering = (0..self.cols)
                .filter(|&j| artificials_may_enter || !self.is_artificial(j))
                .find(|&j| !self.basis.contains(&j) && reduced(j) > PIVOT_TOL);
            let Some(j) = entering else {
                return Ok(());
            };
            let mut leave: Option<(usize, f64)> = None;
            for k in 0..self.m {
                let p = self.a[k][j];
                if p <= PIVOT_TOL {
                    continue;
                }
                let ratio = self.a[k][self.cols] / p;
                let better = match leave {
                    None => true,
                    Some((best, r)) => {
                        ratio < r - 1e-12
                            || (ratio <= r + 1e-12 && self.basis[k] < self.basis[best])
                    }
                };
                if better {
                    leave = Some((k, ratio));
                }
            }
            // Every column is bounded by the box rows, so a column that can
            // grow for ever means the arithmetic has gone wrong.
            let Some((k, _)) = leave else {
                return Err(PivotLimit);
            };
            self.pivot(k, j);
        }
        Err(PivotLimit)
    }

    fn pivot(&mut self, k: usize, j: usize) {
        let p = self.a[k][j];
        for x in &mut self.a[k] {
            *x /= p;
        }
        let pivot_row = self.a[k].clone();
        for (r, row) in self.a.iter_mut().enumerate() {
            if r == k {
                continue;
            }
            let f = row[j];
            if f != 0.0 {
                for (x, y) in row.iter_mut().zip(&pivot_row) {
                    *x -= f * y;
                }
            }
        }
        self.basis[k] = j;
    }

    /// After a successful phase 1, pivots every artificial still basic (at
    /// zero) out for a structural or slack column; a row where none can
    /// enter is redundant and keeps its artificial at zero.
    fn retire_artificials(&mut self) {
        for k in 0..self.m {
            if !self.is_artificial(self.basis[k]) {
                continue;
            }
            if let Some(j) = (0..self.first_artificial)
                .find(|&j| !self.basis.contains(&j) && self.a[k][j].abs() > PIVOT_TOL)
            {
                self.pivot(k, j);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(coefs: &[f64], rhs: f64) -> Row {
        Row {
            coefs: coefs.to_vec(),
            rhs,
        }
    }

    #[test]
    fn a_box_alone_gives_its_ends() {
        let (lo, hi) = ([-2.0, 1.0], [3.0, 5.0]);
        assert_eq!(optimum(&lo, &hi, &[], 0, false), Ok(Some(-2.0)));
        assert_eq!(optimum(&lo, &hi, &[], 1, true), Ok(Some(5.0)));
    }

    #[test]
    fn a_cut_moves_the_optimum_to_a_vertex() {
        // x + y >= 3 (as -x - y <= -3), x - y <= 0, in [0, 2]^2:
        // the least x is 1 (x = 1, y = 2), the greatest is 2.
        let rows = [row(&[-1.0, -1.0], -3.0), row(&[1.0, -1.0], 0.0)];
        let (lo, hi) = ([0.0, 0.0], [2.0, 2.0]);
        let least = optimum(&lo, &hi, &rows, 0, false).unwrap().unwrap();
        let most = optimum(&lo, &hi, &rows, 0, true).unwrap().unwrap();
        assert!((least - 1.0).abs() < 1e-12, "{least}");
        assert!((most - 2.0).abs() < 1e-12, "{most}");
        let least_y = optimum(&lo, &hi, &rows, 1, false).unwrap().unwrap();
        assert!((least_y - 1.5).abs() < 1e-12, "{least_y}");
    }

    #[test]
    fn contradictory_rows_are_infeasible() {
        // x >= 2 and x <= 1.
        let rows = [row(&[-1.0], -2.0), row(&[1.0], 1.0)];
        assert_eq!(optimum(&[0.0], &[5.0], &rows, 0, false), Ok(None));
        // Outside the box.
        assert_eq!(
            optimum(&[0.0], &[1.0], &[row(&[-1.0], -2.0)], 0, true),
            Ok(None)
        );
    }

    #[test]
    fn degenerate_and_redundant_rows_are_handled() {
        // The same cut three times and a row of zeros: x + y >= 1 in [0, 1]^2.
        let cut = row(&[-1.0, -1.0], -1.0);
        let rows = [cut.clone(), cut.clone(), cut, row(&[0.0, 0.0], 0.0)];
        let (lo, hi) = ([0.0, 0.0], [1.0, 1.0]);
        assert_eq!(optimum(&lo, &hi, &rows, 0, false), Ok(Some(0.0)));
        assert_eq!(optimum(&lo, &hi, &rows, 1, true), Ok(Some(1.0)));
        // An equality written as two rows pins x = 0.25 + y with y in [0, 1].
        let eq = [row(&[1.0, -1.0], 0.25), row(&[-1.0, 1.0], -0.25)];
        let top = optimum(&lo, &hi, &eq, 0, true).unwrap().unwrap();
        let bottom = optimum(&lo, &hi, &eq, 0, false).unwrap().unwrap();
        assert!((top - 1.0).abs() < 1e-12 && (bottom - 0.25).abs() < 1e-12);
    }
}
