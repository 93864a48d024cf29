//! Outcome spaces of discrete issues with dense indexing.
//!
//! An outcome picks one value per issue. Outcomes are numbered densely in
//! lexicographic order with the last issue varying fastest (the order NegMAS
//! enumerates), so a per-outcome table is a plain `Vec` indexed by
//! [`Outcome::index`].

use serde::{Deserialize, Serialize};

use super::NegotiateError;

/// One outcome of an [`OutcomeSpace`]: its dense index.
///
/// ```
/// use detente::negotiate::{Issue, OutcomeSpace};
/// let space = OutcomeSpace::new(vec![Issue::numbered("a", 2), Issue::numbered("b", 3)])?;
/// let o = space.encode(&[1, 2])?;
/// assert_eq!(o.index(), 5);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Outcome(pub usize);

impl Outcome {
    /// The dense index of this outcome (0 ..cardinality).
    ///
    /// ```
    /// assert_eq!(detente::negotiate::Outcome(7).index(), 7);
    /// ```
    pub fn index(self) -> usize {
        self.0
    }
}

/// A discrete issue: a name and a finite list of value labels.
///
/// ```
/// use detente::negotiate::Issue;
/// let i = Issue::new("recognition", ["none", "envoy visit", "embassy"]);
/// assert_eq!(i.cardinality(), 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Name of the issue.
    pub name: String,
    /// Labels of its values; value `j` of the issue is `values[j]`.
    pub values: Vec<String>,
}

impl Issue {
    /// An issue with the given value labels.
    ///
    /// ```
    /// let i = detente::negotiate::Issue::new("x", ["lo", "hi"]);
    /// assert_eq!(i.values[1], "hi");
    /// ```
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        Issue {
            name: name.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// An issue whose values are the integers `0..n` (labelled by their digits).
    ///
    /// ```
    /// let i = detente::negotiate::Issue::numbered("i0", 10);
    /// assert_eq!(i.values[9], "9");
    /// ```
    pub fn numbered(name: impl Into<String>, n: usize) -> Self {
        Issue {
            name: name.into(),
            values: (0..n).map(|j| j.to_string()).collect(),
        }
    }

    /// Number of values.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::Issue::numbered("i", 4).cardinality(), 4);
    /// ```
    pub fn cardinality(&self) -> usize {
        self.values.len()
    }
}

/// A product of discrete issues, indexed densely.
///
/// ```
/// use detente::negotiate::{Issue, OutcomeSpace};
/// let space = OutcomeSpace::new((0..3).map(|i| Issue::numbered(format!("i{i}"), 10)).collect())?;
/// assert_eq!(space.cardinality(), 1000);
/// let mut v = [0; 3];
/// space.decode(space.encode(&[5, 3, 3])?, &mut v);
/// assert_eq!(v, [5, 3, 3]);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeSpace {
    issues: Vec<Issue>,
    strides: Vec<usize>,
    cardinality: usize,
}

impl OutcomeSpace {
    /// Builds the space of all combinations of the issues' values.
    ///
    /// # Errors
    /// [`NegotiateError::EmptySpace`] when there is no issue or an issue has
    /// no value, [`NegotiateError::SpaceTooLarge`] when the number of outcomes
    /// overflows `usize`.
    ///
    /// ```
    /// use detente::negotiate::{Issue, OutcomeSpace};
    /// assert!(OutcomeSpace::new(vec![]).is_err());
    /// assert!(OutcomeSpace::new(vec![Issue::numbered("a", 0)]).is_err());
    /// ```
    pub fn new(issues: Vec<Issue>) -> Result<Self, NegotiateError> {
        if issues.is_empty() || issues.iter().any(|i| i.values.is_empty()) {
            return Err(NegotiateError::EmptySpace);
        }
        let mut strides = vec![0; issues.len()];
        let mut size: usize = 1;
        for (k, issue) in issues.iter().enumerate().rev() {
            strides[k] = size;
            size = size
                .checked_mul(issue.cardinality())
                .ok_or(NegotiateError::SpaceTooLarge)?;
        }
        Ok(OutcomeSpace {
            issues,
            strides,
            cardinality: size,
        })
    }

    /// `n_issues` issues with `n_values` integer values each (NegMAS's
    /// `make_issue(n_values)` naming: `i0`, `i1`, ...).
    ///
    /// # Errors
    /// As [`OutcomeSpace::new`].
    ///
    /// ```
    /// let s = detente::negotiate::OutcomeSpace::uniform(5, 10)?;
    /// assert_eq!(s.cardinality(), 100_000);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn uniform(n_issues: usize, n_values: usize) -> Result<Self, NegotiateError> {
        Self::new(
            (0..n_issues)
                .map(|i| Issue::numbered(format!("i{i}"), n_values))
                .collect(),
        )
    }

    /// The issues.
    ///
    /// ```
    /// let s = detente::negotiate::OutcomeSpace::uniform(2, 3)?;
    /// assert_eq!(s.issues()[1].name, "i1");
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Number of issues.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::OutcomeSpace::uniform(4, 2)?.n_issues(), 4);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn n_issues(&self) -> usize {
        self.issues.len()
    }

    /// Number of outcomes (product of the issues' cardinalities).
    ///
    /// ```
    /// assert_eq!(detente::negotiate::OutcomeSpace::uniform(2, 3)?.cardinality(), 9);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn cardinality(&self) -> usize {
        self.cardinality
    }

    /// Whether `o` belongs to this space.
    ///
    /// ```
    /// use detente::negotiate::{Outcome, OutcomeSpace};
    /// let s = OutcomeSpace::uniform(2, 3)?;
    /// assert!(s.contains(Outcome(8)) && !s.contains(Outcome(9)));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn contains(&self, o: Outcome) -> bool {
        o.0 < self.cardinality
    }

    /// The value index of `issue` in outcome `o`.
    ///
    /// # Panics
    /// If `issue >= self.n_issues()`.
    ///
    /// ```
    /// use detente::negotiate::{Outcome, OutcomeSpace};
    /// let s = OutcomeSpace::uniform(3, 10)?;
    /// assert_eq!(s.value_of(Outcome(533), 0), 5);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn value_of(&self, o: Outcome, issue: usize) -> usize {
        (o.0 / self.strides[issue]) % self.issues[issue].cardinality()
    }

    /// Writes the value index of every issue of `o` into `out`.
    ///
    /// # Panics
    /// If `out` is shorter than the number of issues.
    ///
    /// ```
    /// use detente::negotiate::{Outcome, OutcomeSpace};
    /// let s = OutcomeSpace::uniform(3, 10)?;
    /// let mut v = [0; 3];
    /// s.decode(Outcome(942), &mut v);
    /// assert_eq!(v, [9, 4, 2]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn decode(&self, o: Outcome, out: &mut [usize]) {
        let mut rest = o.0;
        for k in (0..self.issues.len()).rev() {
            let n = self.issues[k].cardinality();
            out[k] = rest % n;
            rest /= n;
        }
    }

    /// The value indices of `o` as a new vector (convenience for reports).
    ///
    /// ```
    /// use detente::negotiate::{Outcome, OutcomeSpace};
    /// assert_eq!(OutcomeSpace::uniform(2, 10)?.values(Outcome(37)), vec![3, 7]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn values(&self, o: Outcome) -> Vec<usize> {
        let mut v = vec![0; self.issues.len()];
        self.decode(o, &mut v);
        v
    }

    /// The outcome with the given value index per issue.
    ///
    /// # Errors
    /// [`NegotiateError::BadOutcome`] when the number of values or a value
    /// index is out of range.
    ///
    /// ```
    /// let s = detente::negotiate::OutcomeSpace::uniform(2, 10)?;
    /// assert_eq!(s.encode(&[3, 7])?.index(), 37);
    /// assert!(s.encode(&[3, 10]).is_err());
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn encode(&self, values: &[usize]) -> Result<Outcome, NegotiateError> {
        if values.len() != self.issues.len() {
            return Err(NegotiateError::BadOutcome(format!(
                "{} values for {} issues",
                values.len(),
                self.issues.len()
            )));
        }
        let mut idx = 0;
        for (k, (&v, issue)) in values.iter().zip(&self.issues).enumerate() {
            if v >= issue.cardinality() {
                return Err(NegotiateError::BadOutcome(format!(
                    "value {v} of issue {k} ({}) out of 0..{}",
                    issue.name,
                    issue.cardinality()
                )));
            }
            idx += v * self.strides[k];
        }
        Ok(Outcome(idx))
    }

    /// All outcomes in index order.
    ///
    /// ```
    /// let s = detente::negotiate::OutcomeSpace::uniform(2, 2)?;
    /// assert_eq!(s.outcomes().count(), 4);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn outcomes(&self) -> impl Iterator<Item = Outcome> + '_ {
        (0..self.cardinality).map(Outcome)
    }

    /// Human-readable `issue=value` pairs of an outcome.
    ///
    /// ```
    /// use detente::negotiate::{Issue, Outcome, OutcomeSpace};
    /// let s = OutcomeSpace::new(vec![Issue::new("visit", ["no", "yes"])])?;
    /// assert_eq!(s.describe(Outcome(1)), "visit=yes");
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn describe(&self, o: Outcome) -> String {
        self.issues
            .iter()
            .enumerate()
            .map(|(k, i)| format!("{}={}", i.name, i.values[self.value_of(o, k)]))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
