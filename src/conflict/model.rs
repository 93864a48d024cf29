//! The conflict definition (serde) and its compiled form, [`ConflictModel`].

use serde::{Deserialize, Serialize};

use super::error::ConflictError;
use super::prefs;
use super::states::{MAX_OPTIONS, Pattern, StateId, StateSpace};

/// A decision maker, by index into [`Conflict::decision_makers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DmId(pub usize);

/// An option, by index into [`Conflict::options`] (bit `i` of a state code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OptionId(pub usize);

/// Which way an option may be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Reversible: may be taken and withdrawn.
    #[default]
    Both,
    /// Forward only: once taken it cannot be withdrawn (N → Y).
    Fwd,
    /// Backward only: can only be withdrawn (Y → N).
    Back,
}

/// One yes/no option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSpec {
    /// Display name.
    pub name: String,
    /// Index of the decision maker who controls it.
    pub owner: usize,
    /// Permitted direction of change.
    #[serde(default)]
    pub direction: Direction,
}

/// A preference condition: a `Y`/`N`/`-` pattern, or several joined by OR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    /// One conjunction, e.g. `"Y-N"`.
    All(String),
    /// A disjunction of conjunctions, e.g. `["Y--", "-Y-"]`.
    Any(Vec<String>),
}

/// An entry of a direct ranking: a state number, or a tie class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RankEntry {
    /// One state (1-based number).
    One(usize),
    /// Equally preferred states.
    Tie(Vec<usize>),
}

/// How a decision maker ranks the feasible states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preferences {
    /// Option prioritization: condition `k` of `n` (0-based, most important
    /// first) adds `2^(n-k-1)` to the score of every state that satisfies
    /// it; scores are compressed to dense ranks.
    Prioritization(Vec<Condition>),
    /// Direct ranking, best first, by state number; ties as nested lists.
    /// Every feasible state appears exactly once.
    Ranking(Vec<RankEntry>),
    /// One score per feasible state (by number, higher is better), e.g. a
    /// payoff; equal scores tie.
    Scores(Vec<f64>),
}

/// A decision maker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DmSpec {
    /// Display name.
    pub name: String,
    /// The ranking of states.
    pub preferences: Preferences,
    /// Patterns of states this decision maker does not perceive: in its
    /// analysis they do not exist (it cannot move to them, nor sees
    /// opponents move to them), and they are never stable for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misperceived: Vec<String>,
}

/// A conflict in the Graph Model, as written in a file (the crate's own
/// JSON layout; see [`super::gmcrplus`] for the GMCR+ layout).
///
/// ```
/// use detente::conflict::Conflict;
/// let json = r#"{
///   "name": "Prisoners' Dilemma",
///   "options": [
///     {"name": "P1 cooperates", "owner": 0},
///     {"name": "P2 cooperates", "owner": 1}
///   ],
///   "decision_makers": [
///     {"name": "P1", "preferences": {"prioritization": ["-Y", "N-"]}},
///     {"name": "P2", "preferences": {"prioritization": ["Y-", "-N"]}}
///   ]
/// }"#;
/// let model = Conflict::from_json(json)?.compile()?;
/// assert_eq!(model.states().len(), 4);
/// # Ok::<(), detente::conflict::ConflictError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The options; option `i` is bit `i` of a state's decimal code.
    pub options: Vec<OptionSpec>,
    /// The decision makers.
    pub decision_makers: Vec<DmSpec>,
    /// Infeasible patterns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub infeasible: Vec<String>,
    /// Coalitions for coalition analysis: a partition of the decision makers
    /// (by index); empty when none is set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coalitions: Vec<Vec<usize>>,
    /// The status quo as a `Y`/`N` string, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<String>,
}

/// Largest number of feasible states [`Conflict::compile`] accepts.
pub const DEFAULT_STATE_LIMIT: usize = 1 << 24;

impl Conflict {
    /// Reads the crate's own JSON layout.
    ///
    /// # Errors
    /// [`ConflictError::Json`] with the JSON path of the first bad value.
    ///
    /// ```
    /// use detente::conflict::{Conflict, ConflictError};
    /// let err = Conflict::from_json(r#"{"options": [{"name": "a", "owner": "x"}], "decision_makers": []}"#)
    ///     .unwrap_err();
    /// assert!(matches!(err, ConflictError::Json { ref path, .. } if path == "options[0].owner"));
    /// ```
    pub fn from_json(text: &str) -> Result<Conflict, ConflictError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(ConflictError::from_serde)
    }

    /// Writes the crate's own JSON layout (pretty-printed).
    ///
    /// ```
    /// use detente::conflict::Conflict;
    /// let c = Conflict::default();
    /// assert_eq!(Conflict::from_json(&c.to_json()).unwrap(), c);
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Conflict always serializes")
    }

    /// Validates the conflict, enumerates its feasible states and ranks
    /// them for every decision maker.
    ///
    /// # Errors
    /// [`ConflictError::Invalid`] naming the JSON path of the first problem
    /// (bad owner, pattern, ranking or coalition), or an enumeration error
    /// from [`StateSpace::enumerate`] (limit [`DEFAULT_STATE_LIMIT`]).
    ///
    /// # Complexity
    /// Enumeration plus O(states × conditions) per decision maker.
    ///
    /// ```
    /// use detente::conflict::{Conflict, ConflictError};
    /// let mut c = Conflict::default();
    /// c.options.push(detente::conflict::OptionSpec { name: "a".into(), owner: 3, direction: Default::default() });
    /// assert!(matches!(c.compile(), Err(ConflictError::Invalid { .. })));
    /// ```
    pub fn compile(&self) -> Result<ConflictModel, ConflictError> {
        self.compile_with_limit(DEFAULT_STATE_LIMIT)
    }

    /// [`Conflict::compile`] with an explicit limit on feasible states.
    ///
    /// # Errors
    /// As [`Conflict::compile`].
    ///
    /// ```
    /// use detente::conflict::{Conflict, ConflictError, OptionSpec, DmSpec, Preferences};
    /// let c = Conflict {
    ///     options: vec![OptionSpec { name: "a".into(), owner: 0, direction: Default::default() }],
    ///     decision_makers: vec![DmSpec { name: "A".into(), preferences: Preferences::Prioritization(vec![]), misperceived: vec![] }],
    ///     ..Default::default()
    /// };
    /// assert!(matches!(c.compile_with_limit(1), Err(ConflictError::TooManyStates { .. })));
    /// ```
    pub fn compile_with_limit(&self, limit: usize) -> Result<ConflictModel, ConflictError> {
        let n = self.options.len();
        if n > MAX_OPTIONS {
            return Err(ConflictError::TooManyOptions {
                options: n,
                max: MAX_OPTIONS,
            });
        }
        if self.decision_makers.is_empty() {
            return Err(ConflictError::invalid(
                "decision_makers",
                "a conflict needs at least one decision maker",
            ));
        }
        let n_dm = self.decision_makers.len();
        let mut dm_masks = vec![0u64; n_dm];
        let (mut fwd, mut back) = (0u64, 0u64);
        for (i, o) in self.options.iter().enumerate() {
            if o.owner >= n_dm {
                return Err(ConflictError::invalid(
                    format!("options[{i}].owner"),
                    format!("no decision maker {} (there are {n_dm})", o.owner),
                ));
            }
            dm_masks[o.owner] |= 1 << i;
            match o.direction {
                Direction::Both => {}
                Direction::Fwd => fwd |= 1 << i,
                Direction::Back => back |= 1 << i,
            }
        }
        let infeasible = self
            .infeasible
            .iter()
            .enumerate()
            .map(|(k, p)| Pattern::parse(p, n, &format!("infeasible[{k}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let space = StateSpace::enumerate(n, &infeasible, limit)?;
        let mut payoffs = Vec::with_capacity(n_dm);
        let mut perceived = Vec::with_capacity(n_dm);
        for (d, dm) in self.decision_makers.iter().enumerate() {
            let path = format!("decision_makers[{d}].preferences");
            payoffs.push(prefs::payoffs(&dm.preferences, &space, &path)?);
            let mis = dm
                .misperceived
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    Pattern::parse(p, n, &format!("decision_makers[{d}].misperceived[{k}]"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            perceived.push((!mis.is_empty()).then(|| {
                space
                    .codes()
                    .iter()
                    .map(|&c| !mis.iter().any(|p| p.matches(c)))
                    .collect()
            }));
        }
        let coalitions = self.check_coalitions()?;
        let status_quo = match &self.status_quo {
            None => None,
            Some(yn) => {
                let p = Pattern::parse(yn, n, "status_quo")?;
                if p.mask != (if n == 64 { u64::MAX } else { (1u64 << n) - 1 }) {
                    return Err(ConflictError::invalid(
                        "status_quo",
                        "every option must be Y or N",
                    ));
                }
                Some(space.lookup(p.value).ok_or_else(|| {
                    ConflictError::invalid("status_quo", format!("{yn} is not a feasible state"))
                })?)
            }
        };
        Ok(ConflictModel {
            name: self.name.clone(),
            option_names: self.options.iter().map(|o| o.name.clone()).collect(),
            owners: self.options.iter().map(|o| DmId(o.owner)).collect(),
            directions: self.options.iter().map(|o| o.direction).collect(),
            dm_names: self
                .decision_makers
                .iter()
                .map(|d| d.name.clone())
                .collect(),
            dm_masks,
            fwd,
            back,
            space,
            payoffs,
            perceived,
            coalitions,
            status_quo,
        })
    }

    fn check_coalitions(&self) -> Result<Vec<Vec<DmId>>, ConflictError> {
        if self.coalitions.is_empty() {
            return Ok(Vec::new());
        }
        let n_dm = self.decision_makers.len();
        let mut seen = vec![false; n_dm];
        for (c, members) in self.coalitions.iter().enumerate() {
            if members.is_empty() {
                return Err(ConflictError::invalid(
                    format!("coalitions[{c}]"),
                    "empty coalition",
                ));
            }
            for (k, &m) in members.iter().enumerate() {
                let path = format!("coalitions[{c}][{k}]");
                if m >= n_dm {
                    return Err(ConflictError::invalid(
                        path,
                        format!("no decision maker {m}"),
                    ));
                }
                if std::mem::replace(&mut seen[m], true) {
                    return Err(ConflictError::invalid(
                        path,
                        format!("decision maker {m} is in two coalitions"),
                    ));
                }
            }
        }
        if let Some(m) = seen.iter().position(|s| !s) {
            return Err(ConflictError::invalid(
                "coalitions",
                format!("decision maker {m} is in no coalition"),
            ));
        }
        Ok(self
            .coalitions
            .iter()
            .map(|c| c.iter().map(|&m| DmId(m)).collect())
            .collect())
    }
}

/// A compiled conflict: feasible states, move rules and every decision
/// maker's payoffs (dense ranks: 1 is the least preferred class).
#[derive(Debug, Clone)]
pub struct ConflictModel {
    pub(crate) name: String,
    pub(crate) option_names: Vec<String>,
    pub(crate) owners: Vec<DmId>,
    pub(crate) directions: Vec<Direction>,
    pub(crate) dm_names: Vec<String>,
    pub(crate) dm_masks: Vec<u64>,
    pub(crate) fwd: u64,
    pub(crate) back: u64,
    pub(crate) space: StateSpace,
    pub(crate) payoffs: Vec<Vec<u32>>,
    pub(crate) perceived: Vec<Option<Vec<bool>>>,
    pub(crate) coalitions: Vec<Vec<DmId>>,
    pub(crate) status_quo: Option<StateId>,
}

impl ConflictModel {
    /// The conflict's name.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.name(), "Prisoners' Dilemma");
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The feasible states.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.states().len(), 4);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn states(&self) -> &StateSpace {
        &self.space
    }

    /// Number of decision makers.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.n_dms(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn n_dms(&self) -> usize {
        self.dm_names.len()
    }

    /// Decision makers' names.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.dm_names()[1], "Prisoner 2");
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn dm_names(&self) -> &[String] {
        &self.dm_names
    }

    /// Options' names.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.option_names().len(), 2);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn option_names(&self) -> &[String] {
        &self.option_names
    }

    /// Owner of an option.
    ///
    /// # Panics
    /// If the option does not exist.
    ///
    /// ```
    /// use detente::conflict::{DmId, OptionId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.owner(OptionId(1)), DmId(1));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn owner(&self, o: OptionId) -> DmId {
        self.owners[o.0]
    }

    /// Permitted direction of an option.
    ///
    /// # Panics
    /// If the option does not exist.
    ///
    /// ```
    /// use detente::conflict::{Direction, OptionId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.direction(OptionId(0)), Direction::Both);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn direction(&self, o: OptionId) -> Direction {
        self.directions[o.0]
    }

    /// A decision maker's payoff for every state (dense rank, higher is
    /// better, ties share a value).
    ///
    /// # Panics
    /// If the decision maker does not exist.
    ///
    /// ```
    /// use detente::conflict::DmId;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.payoffs(DmId(0)), &[2, 1, 4, 3]);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn payoffs(&self, dm: DmId) -> &[u32] {
        &self.payoffs[dm.0]
    }

    /// Replaces a decision maker's payoffs (any integers; only their order
    /// matters). Used by inverse analysis and by callers that rank states
    /// themselves.
    ///
    /// # Errors
    /// [`ConflictError::OutOfRange`] for a bad decision maker or a vector
    /// whose length is not the number of states.
    ///
    /// ```
    /// use detente::conflict::DmId;
    /// let mut model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// model.set_payoffs(DmId(0), vec![4, 3, 2, 1])?;
    /// assert_eq!(model.payoffs(DmId(0))[0], 4);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn set_payoffs(&mut self, dm: DmId, payoffs: Vec<u32>) -> Result<(), ConflictError> {
        if dm.0 >= self.n_dms() {
            return Err(ConflictError::OutOfRange {
                what: "decision maker",
                value: dm.0,
                len: self.n_dms(),
            });
        }
        if payoffs.len() != self.space.len() {
            return Err(ConflictError::OutOfRange {
                what: "payoff vector length",
                value: payoffs.len(),
                len: self.space.len(),
            });
        }
        self.payoffs[dm.0] = payoffs;
        Ok(())
    }

    /// The options a decision maker controls, as a bit mask.
    ///
    /// # Panics
    /// If the decision maker does not exist.
    ///
    /// ```
    /// use detente::conflict::DmId;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.dm_mask(DmId(1)), 0b10);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn dm_mask(&self, dm: DmId) -> u64 {
        self.dm_masks[dm.0]
    }

    /// Whether a decision maker perceives a state (false only for states
    /// matching one of its misperception patterns).
    ///
    /// # Panics
    /// If the decision maker or state does not exist.
    ///
    /// ```
    /// use detente::conflict::{DmId, StateId};
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert!(model.perceives(DmId(0), StateId(2)));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn perceives(&self, dm: DmId, s: StateId) -> bool {
        self.perceived[dm.0].as_ref().is_none_or(|p| p[s.index()])
    }

    /// The coalition partition given in the file (empty if none).
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert!(model.coalitions().is_empty());
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn coalitions(&self) -> &[Vec<DmId>] {
        &self.coalitions
    }

    /// The status quo given in the file, if any.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.status_quo(), None);
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn status_quo(&self) -> Option<StateId> {
        self.status_quo
    }

    /// A decision maker by name.
    ///
    /// ```
    /// use detente::conflict::DmId;
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.dm_by_name("Prisoner 2"), Some(DmId(1)));
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn dm_by_name(&self, name: &str) -> Option<DmId> {
        self.dm_names.iter().position(|n| n == name).map(DmId)
    }

    /// The state with 1-based number `n`.
    ///
    /// # Errors
    /// [`ConflictError::OutOfRange`] when there is no such state.
    ///
    /// ```
    /// # let model = detente::conflict::examples::prisoners_dilemma().compile()?;
    /// assert_eq!(model.state(4)?.index(), 3);
    /// assert!(model.state(5).is_err());
    /// # Ok::<(), detente::conflict::ConflictError>(())
    /// ```
    pub fn state(&self, n: usize) -> Result<StateId, ConflictError> {
        StateId::from_number(n)
            .filter(|s| s.index() < self.space.len())
            .ok_or(ConflictError::OutOfRange {
                what: "state number",
                value: n,
                len: self.space.len(),
            })
    }

    /// Options a mover with option mask `mask` may change at decimal code
    /// `code`, given the permitted directions.
    #[inline]
    pub(crate) fn changeable(&self, mask: u64, code: u64) -> u64 {
        mask & !(self.fwd & code) & !(self.back & !code)
    }

    /// Options whose change could have led *into* `code`.
    #[inline]
    pub(crate) fn changeable_into(&self, mask: u64, code: u64) -> u64 {
        mask & !(self.fwd & !code) & !(self.back & code)
    }
}
