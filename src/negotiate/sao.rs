//! Stacked alternating offers (SAO) with a deadline: bilateral alternating
//! offers for two parties, the multilateral stacked protocol for more.
//!
//! Semantics are NegMAS's `SAOMechanism` with default options: in each step
//! every party acts once, in order (party 0 first). A party facing an offer
//! by someone else responds; if it rejects, it proposes. Making an offer
//! counts as accepting it (`offering_is_accepting`), so an offer is agreed
//! once every other party has accepted it in turn. A negotiation ends on
//! agreement, when a party walks away, or after `n_steps` steps.

use super::strategy::{Offer, Response, Strategy, View};
use super::{NegotiateError, Outcome, OutcomeSpace, Utility};

/// How a negotiation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegotiationResult {
    /// The agreed outcome, if any.
    pub agreement: Option<Outcome>,
    /// Steps taken, counted as NegMAS's `state.step` after the run: an
    /// agreement in step `s` (0-based) reports `s + 1`; a timeout reports
    /// `n_steps`.
    pub steps: usize,
    /// Offers made (the rounds of the underlying alternating-offers game).
    pub offers: usize,
    /// Whether a party walked away.
    pub broken: bool,
    /// Whether the deadline passed without agreement.
    pub timed_out: bool,
}

/// The stacked-alternating-offers protocol. Keeps its history buffer
/// between runs, so repeated negotiations allocate nothing.
///
/// ```
/// use detente::negotiate::{OutcomeSpace, Sao, TableUtility, TimeBased};
/// let space = OutcomeSpace::uniform(1, 11)?;
/// let ua = TableUtility::from_fn(&space, |o| o.index() as f64 / 10.0)?;
/// let ub = TableUtility::from_fn(&space, |o| 1.0 - o.index() as f64 / 10.0)?;
/// let (mut a, mut b) = (TimeBased::linear(), TimeBased::linear());
/// let mut sao = Sao::new(20);
/// let r = sao.run(&space, &[&ua, &ub], &mut [&mut a, &mut b])?;
/// assert!(r.agreement.is_some() && r.steps <= 20);
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sao {
    n_steps: usize,
    max_offers: Option<usize>,
    public: bool,
    history: Vec<Offer>,
}

impl Sao {
    /// A protocol with a deadline of `n_steps` steps; utilities private.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::Sao::new(100).n_steps(), 100);
    /// ```
    pub fn new(n_steps: usize) -> Self {
        Sao {
            n_steps,
            max_offers: None,
            public: false,
            history: Vec::new(),
        }
    }

    /// A protocol whose deadline is `rounds` offers (the Rubinstein game's
    /// rounds: between two parties round `r` is offered by party `r % 2`):
    /// the negotiation times out when the last offer is rejected.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::Sao::with_rounds(5).n_steps(), 3);
    /// ```
    pub fn with_rounds(rounds: usize) -> Self {
        Sao {
            max_offers: Some(rounds),
            ..Self::new(rounds / 2 + 1)
        }
    }

    /// Whether each party may see the others' utility functions.
    ///
    /// ```
    /// let sao = detente::negotiate::Sao::new(10).public_utilities(true);
    /// ```
    pub fn public_utilities(mut self, public: bool) -> Self {
        self.public = public;
        self
    }

    /// The deadline in steps.
    ///
    /// ```
    /// assert_eq!(detente::negotiate::Sao::new(7).n_steps(), 7);
    /// ```
    pub fn n_steps(&self) -> usize {
        self.n_steps
    }

    /// The offers of the last run, oldest first.
    ///
    /// ```
    /// assert!(detente::negotiate::Sao::new(7).history().is_empty());
    /// ```
    pub fn history(&self) -> &[Offer] {
        &self.history
    }

    /// Runs one negotiation: party `i` has utility `utilities[i]` and plays
    /// `strategies[i]`; party 0 proposes first.
    ///
    /// # Errors
    /// [`NegotiateError::Parties`] unless there are at least two parties and
    /// as many utilities as strategies; [`NegotiateError::InvalidProposal`]
    /// when a strategy offers an outcome outside the space.
    ///
    /// # Complexity
    /// O(n_steps * parties) strategy calls.
    ///
    /// ```
    /// use detente::negotiate::{OutcomeSpace, Sao, TableUtility, TimeBased, NegotiateError};
    /// let space = OutcomeSpace::uniform(1, 2)?;
    /// let u = TableUtility::new(vec![0.0, 1.0])?;
    /// let mut a = TimeBased::linear();
    /// assert!(matches!(Sao::new(5).run(&space, &[&u], &mut [&mut a]), Err(NegotiateError::Parties(_))));
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn run(
        &mut self,
        space: &OutcomeSpace,
        utilities: &[&dyn Utility],
        strategies: &mut [&mut dyn Strategy],
    ) -> Result<NegotiationResult, NegotiateError> {
        let n = strategies.len();
        if n < 2 || utilities.len() != n {
            return Err(NegotiateError::Parties(format!(
                "{n} strategies and {} utilities (need at least two, one each)",
                utilities.len()
            )));
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
                self.public,
            ));
        }
        let mut current: Option<Outcome> = None;
        let mut accepts = 0;
        for step in 0..self.n_steps {
            for (p, strategy) in strategies.iter_mut().enumerate() {
                let view = View::new(
                    space,
                    p,
                    step,
                    self.n_steps,
                    &self.history,
                    utilities,
                    self.public,
                );
                let offer = match current {
                    None => strategy.propose(&view),
                    Some(o) => match strategy.respond(&view, o) {
                        Response::Accept => {
                            accepts += 1;
                            if accepts == n {
                                return Ok(self.finish(Some(o), step + 1, false, false));
                            }
                            continue;
                        }
                        _ if self.max_offers == Some(self.history.len()) => {
                            return Ok(self.finish(None, step + 1, false, true));
                        }
                        Response::Reject => strategy.propose(&view),
                        Response::Counter(c) => c,
                        Response::EndNegotiation => {
                            return Ok(self.finish(None, step + 1, true, false));
                        }
                    },
                };
                if !space.contains(offer) {
                    return Err(NegotiateError::InvalidProposal {
                        party: p,
                        outcome: offer,
                    });
                }
                self.history.push(Offer {
                    step,
                    party: p,
                    outcome: offer,
                });
                current = Some(offer);
                accepts = 1;
            }
        }
        Ok(self.finish(None, self.n_steps, false, true))
    }

    fn finish(
        &self,
        agreement: Option<Outcome>,
        steps: usize,
        broken: bool,
        timed_out: bool,
    ) -> NegotiationResult {
        NegotiationResult {
            agreement,
            steps,
            offers: self.history.len(),
            broken,
            timed_out,
        }
    }
}
