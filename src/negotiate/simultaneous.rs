//! Simultaneous exchange: both parties put offers on the table at once, and
//! an agreed exchange is carried out either by a mediator (both sides'
//! concessions happen at once) or in sequence, where the first mover bears
//! the risk that the second defects.
//!
//! Issues can be *owned*: issue `i` owned by party `p` is one of `p`'s
//! concessions, and its value 0 means "nothing conceded". When a party
//! defects, its owned issues fall back to 0 in the executed outcome, which
//! is how a domain layer prices the first mover's risk.

use rand::Rng;

use super::strategy::{Offer, Response, Strategy, View};
use super::{NegotiateError, Outcome, OutcomeSpace, TableUtility, Utility};

/// How an agreed exchange is carried out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Execution {
    /// A mediator or venue makes both sides' concessions happen at once:
    /// nobody can defect.
    Mediated,
    /// `first_mover` concedes first; the other then defects with probability
    /// `p_defect` (a domain layer derives it from trust).
    Sequential {
        /// The party that moves first.
        first_mover: usize,
        /// Probability that the second mover fails to deliver.
        p_defect: f64,
    },
}

/// The result of a simultaneous-exchange negotiation and its execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExchangeResult {
    /// The agreed outcome, if any.
    pub agreement: Option<Outcome>,
    /// What was actually carried out: the agreement, or the agreement with
    /// the defector's owned issues reset to 0.
    pub executed: Option<Outcome>,
    /// The party that defected, if one did.
    pub defector: Option<usize>,
    /// Steps taken (as [`NegotiationResult::steps`](super::NegotiationResult)).
    pub steps: usize,
}

/// Two parties propose simultaneously each step; each then answers the
/// other's proposal. If party 1 accepts party 0's proposal it is agreed,
/// else if party 0 accepts party 1's, that one (party 0's offer wins when
/// both are accepted, so results are deterministic). Then the agreement is
/// executed according to [`Execution`].
///
/// ```
/// use detente::negotiate::{Execution, Issue, OutcomeSpace, SimultaneousExchange, TableUtility, TimeBased};
/// // Issue 0: party 0 releases (1) or not (0); issue 1: party 1 lifts (1) or not.
/// let space = OutcomeSpace::new(vec![Issue::new("release", ["no", "yes"]), Issue::new("lift", ["no", "yes"])])?;
/// let u0 = TableUtility::new(vec![0.0, 1.0, -0.5, 0.5])?; // wants the lift, dislikes releasing
/// let u1 = TableUtility::new(vec![0.0, -0.5, 1.0, 0.5])?;
/// let owners = vec![0, 1];
/// let mut ex = SimultaneousExchange::new(10, owners, Execution::Mediated)?;
/// let (mut a, mut b) = (TimeBased::linear(), TimeBased::linear());
/// let r = ex.run(&space, &[&u0, &u1], &mut [&mut a, &mut b], &mut detente::rng::seeded(1))?;
/// assert_eq!(r.executed, r.agreement);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct SimultaneousExchange {
    n_steps: usize,
    owners: Vec<usize>,
    execution: Execution,
    history: Vec<Offer>,
}

impl SimultaneousExchange {
    /// A protocol over `n_steps` steps; `owners[i]` is the party whose
    /// concession issue `i` is.
    ///
    /// # Errors
    /// [`NegotiateError::Parameter`] when an owner is not 0 or 1, or
    /// `p_defect` is not a probability.
    pub fn new(
        n_steps: usize,
        owners: Vec<usize>,
        execution: Execution,
    ) -> Result<Self, NegotiateError> {
        if owners.iter().any(|&p| p > 1) {
            return Err(NegotiateError::Parameter(
                "issue owners must be party 0 or 1".into(),
            ));
        }
        if let Execution::Sequential {
            first_mover,
            p_defect,
        } = execution
            && (first_mover > 1 || !(0.0..=1.0).contains(&p_defect))
        {
            return Err(NegotiateError::Parameter(
                "first mover must be 0 or 1, p_defect in [0, 1]".into(),
            ));
        }
        Ok(SimultaneousExchange {
            n_steps,
            owners,
            execution,
            history: Vec::new(),
        })
    }

    /// The offers of the last run.
    pub fn history(&self) -> &[Offer] {
        &self.history
    }

    /// `o` with every issue owned by `party` reset to value 0 (its
    /// concessions not delivered).
    ///
    /// # Errors
    /// [`NegotiateError::BadOutcome`] when the owners do not match the space.
    pub fn without(
        &self,
        space: &OutcomeSpace,
        o: Outcome,
        party: usize,
    ) -> Result<Outcome, NegotiateError> {
        if self.owners.len() != space.n_issues() {
            return Err(NegotiateError::BadOutcome(
                "issue owners do not match the space".into(),
            ));
        }
        let mut v = space.values(o);
        for (i, &p) in self.owners.iter().enumerate() {
            if p == party {
                v[i] = 0;
            }
        }
        space.encode(&v)
    }

    /// The first mover's expected utility table under sequential execution:
    /// `(1 - p) u(o) + p u(o without the second mover's concessions)`. A
    /// strategy negotiating with this table prices the defection risk.
    ///
    /// # Errors
    /// [`NegotiateError::BadOutcome`] when the owners do not match the space.
    ///
    /// # Complexity
    /// O(|space|) evaluations.
    pub fn risk_adjusted(
        &self,
        space: &OutcomeSpace,
        u: &dyn Utility,
        first_mover: usize,
        p_defect: f64,
    ) -> Result<TableUtility, NegotiateError> {
        let second = 1 - first_mover.min(1);
        let mut table = Vec::with_capacity(space.cardinality());
        for o in space.outcomes() {
            let partial = self.without(space, o, second)?;
            table.push((1.0 - p_defect) * u.eval(o) + p_defect * u.eval(partial));
        }
        TableUtility::new(table)?
            .with_reserved(u.reserved_value())?
            .with_discount(u.discount())
    }

    /// Negotiates, then executes the agreement (drawing the defection from
    /// `rng` under sequential execution).
    ///
    /// # Errors
    /// [`NegotiateError::Parties`] unless exactly two parties;
    /// [`NegotiateError::InvalidProposal`] for an offer outside the space;
    /// [`NegotiateError::BadOutcome`] when the owners do not match the space.
    pub fn run<R: Rng + ?Sized>(
        &mut self,
        space: &OutcomeSpace,
        utilities: &[&dyn Utility],
        strategies: &mut [&mut dyn Strategy],
        rng: &mut R,
    ) -> Result<ExchangeResult, NegotiateError> {
        if strategies.len() != 2 || utilities.len() != 2 {
            return Err(NegotiateError::Parties(
                "a simultaneous exchange has two parties".into(),
            ));
        }
        if self.owners.len() != space.n_issues() {
            return Err(NegotiateError::BadOutcome(
                "issue owners do not match the space".into(),
            ));
        }
        self.history.clear();
        for (p, s) in strategies.iter_mut().enumerate() {
            s.init(&View::new(
                space,
                p,
                0,
                self.n_steps,
                &self.history,
                utilities,
                false,
            ));
        }
        for step in 0..self.n_steps {
            // Sealed offers: both proposals see the same history.
            let mut offers = [Outcome(0); 2];
            for (p, s) in strategies.iter_mut().enumerate() {
                let view = View::new(
                    space,
                    p,
                    step,
                    self.n_steps,
                    &self.history,
                    utilities,
                    false,
                );
                offers[p] = s.propose(&view);
                if !space.contains(offers[p]) {
                    return Err(NegotiateError::InvalidProposal {
                        party: p,
                        outcome: offers[p],
                    });
                }
            }
            for (p, &o) in offers.iter().enumerate() {
                self.history.push(Offer {
                    step,
                    party: p,
                    outcome: o,
                });
            }
            let mut accepted = [false; 2];
            let mut ended = false;
            for (p, s) in strategies.iter_mut().enumerate() {
                let view = View::new(
                    space,
                    p,
                    step,
                    self.n_steps,
                    &self.history,
                    utilities,
                    false,
                );
                match s.respond(&view, offers[1 - p]) {
                    Response::Accept => accepted[1 - p] = true,
                    Response::EndNegotiation => ended = true,
                    Response::Reject | Response::Counter(_) => {}
                }
            }
            let agreed = if accepted[0] {
                Some(offers[0])
            } else if accepted[1] {
                Some(offers[1])
            } else {
                None
            };
            if let Some(o) = agreed {
                return self.execute(space, o, step + 1, rng);
            }
            if ended {
                return Ok(ExchangeResult {
                    agreement: None,
                    executed: None,
                    defector: None,
                    steps: step + 1,
                });
            }
        }
        Ok(ExchangeResult {
            agreement: None,
            executed: None,
            defector: None,
            steps: self.n_steps,
        })
    }

    fn execute<R: Rng + ?Sized>(
        &mut self,
        space: &OutcomeSpace,
        o: Outcome,
        steps: usize,
        rng: &mut R,
    ) -> Result<ExchangeResult, NegotiateError> {
        let (executed, defector) = match self.execution {
            Execution::Mediated => (o, None),
            Execution::Sequential {
                first_mover,
                p_defect,
            } => {
                let second = 1 - first_mover;
                if rng.random_bool(p_defect) {
                    (self.without(space, o, second)?, Some(second))
                } else {
                    (o, None)
                }
            }
        };
        Ok(ExchangeResult {
            agreement: Some(o),
            executed: Some(executed),
            defector,
            steps,
        })
    }
}
