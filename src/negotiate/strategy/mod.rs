//! The [`Strategy`] trait and the shipped strategies.
//!
//! A strategy is asked two things by a protocol: [`Strategy::propose`] an
//! outcome, and [`Strategy::respond`] to someone else's offer. Each call gets
//! a [`View`]: the outcome space, the strategy's own utility, the public
//! history of offers, the clock, and the other parties' utilities only when
//! the protocol was told they are public.
//!
//! A look-ahead strategy fits the same trait: it keeps whatever model it
//! needs (a game view, an explorer handle) in its own fields and consults it
//! from `propose`/`respond`; `init` is the place to precompute.

mod frequency;
mod lookahead;
mod reactive;
mod spe;
mod time_based;

pub use frequency::FrequencyModel;
pub use lookahead::Lookahead;
pub use reactive::{RandomStrategy, TitForTat};
pub use spe::{SpePlan, SubgamePerfect};
pub use time_based::TimeBased;

use super::{Outcome, OutcomeSpace, Utility};

/// A strategy's answer to an offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Response {
    /// Accept the offer on the table.
    Accept,
    /// Reject it; the protocol then asks [`Strategy::propose`] for a counter
    /// offer when it is this party's turn to propose.
    Reject,
    /// Reject it and put this outcome on the table instead.
    Counter(Outcome),
    /// Walk away: the negotiation ends without agreement.
    EndNegotiation,
}

/// One offer in the public history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    /// Protocol step in which it was made (0-based).
    pub step: usize,
    /// Index of the party that made it.
    pub party: usize,
    /// The outcome offered.
    pub outcome: Outcome,
}

/// What a strategy sees when it is asked to act.
#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The outcome space.
    pub space: &'a OutcomeSpace,
    /// This party's index (0 moves first).
    pub me: usize,
    /// Current step (0-based); in the alternating-offers protocol one step
    /// lets every party act once.
    pub step: usize,
    /// The deadline: the negotiation times out after this many steps.
    pub n_steps: usize,
    /// Every offer made so far in this negotiation, oldest first.
    pub history: &'a [Offer],
    utilities: &'a [&'a dyn Utility],
    public: bool,
}

/// `(step + 1) / (n_steps + 1)` capped at 1, added in `f64` so that a
/// deadline of `usize::MAX` steps does not overflow (for counts below 2^53
/// this is exactly the integer sum converted).
pub(crate) fn relative_time(step: usize, n_steps: usize) -> f64 {
    ((step as f64 + 1.0) / (n_steps as f64 + 1.0)).min(1.0)
}

impl<'a> View<'a> {
    /// A view for party `me`; protocols build these, tests and custom
    /// protocols may too.
    ///
    /// # Panics
    /// If `me >= utilities.len()`.
    ///
    /// ```
    /// use detente::negotiate::{OutcomeSpace, TableUtility, Utility, View};
    /// let s = OutcomeSpace::uniform(1, 2)?;
    /// let u = TableUtility::new(vec![0.0, 1.0])?;
    /// let us: [&dyn Utility; 2] = [&u, &u];
    /// let v = View::new(&s, 1, 0, 10, &[], &us, false);
    /// assert!(v.opponent_utility(0).is_none());
    /// assert_eq!(v.relative_time(), 1.0 / 11.0);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn new(
        space: &'a OutcomeSpace,
        me: usize,
        step: usize,
        n_steps: usize,
        history: &'a [Offer],
        utilities: &'a [&'a dyn Utility],
        public: bool,
    ) -> Self {
        assert!(me < utilities.len(), "party {me} has no utility");
        View {
            space,
            me,
            step,
            n_steps,
            history,
            utilities,
            public,
        }
    }

    /// This party's own utility function.
    pub fn utility(&self) -> &'a dyn Utility {
        self.utilities[self.me]
    }

    /// Party `party`'s utility function, if utilities are public (or it is
    /// this party's own).
    pub fn opponent_utility(&self, party: usize) -> Option<&'a dyn Utility> {
        (self.public || party == self.me)
            .then(|| self.utilities.get(party).copied())
            .flatten()
    }

    /// Number of parties.
    pub fn n_parties(&self) -> usize {
        self.utilities.len()
    }

    /// Relative time `(step + 1) / (n_steps + 1)` in (0, 1), NegMAS's
    /// definition for step-limited negotiations.
    pub fn relative_time(&self) -> f64 {
        relative_time(self.step, self.n_steps)
    }

    /// Number of offers made so far: the round index (0-based) of the next
    /// offer, and the exponent for per-round discounting.
    pub fn round(&self) -> usize {
        self.history.len()
    }

    /// The latest offer by another party, if any.
    pub fn last_opponent_offer(&self) -> Option<&'a Offer> {
        self.history.iter().rev().find(|o| o.party != self.me)
    }
}

/// A negotiation strategy. Implement `propose` and `respond`; `init` is
/// called once before each negotiation.
///
/// ```
/// use detente::negotiate::{Outcome, Response, Strategy, View};
/// /// Asks for its best outcome and accepts anything worth at least 0.6.
/// struct Greedy(Outcome);
/// impl Strategy for Greedy {
///     fn init(&mut self, v: &View<'_>) { self.0 = v.utility().extremes(v.space).1; }
///     fn propose(&mut self, _: &View<'_>) -> Outcome { self.0 }
///     fn respond(&mut self, v: &View<'_>, offer: Outcome) -> Response {
///         if v.utility().eval(offer) >= 0.6 { Response::Accept } else { Response::Reject }
///     }
/// }
/// ```
pub trait Strategy {
    /// Called once at the start of a negotiation (reset state, build caches).
    fn init(&mut self, view: &View<'_>) {
        let _ = view;
    }

    /// The outcome to offer now.
    fn propose(&mut self, view: &View<'_>) -> Outcome;

    /// The answer to `offer`, made by another party.
    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response;

    /// A short name for reports.
    fn name(&self) -> &str {
        "strategy"
    }
}

impl<S: Strategy + ?Sized> Strategy for Box<S> {
    fn init(&mut self, view: &View<'_>) {
        (**self).init(view);
    }
    fn propose(&mut self, view: &View<'_>) -> Outcome {
        (**self).propose(view)
    }
    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        (**self).respond(view, offer)
    }
    fn name(&self) -> &str {
        (**self).name()
    }
}
