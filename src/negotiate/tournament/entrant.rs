//! Tournament entrants: a named factory that builds a fresh strategy for
//! each negotiation.

use std::fmt;
use std::sync::Arc;

use crate::negotiate::{
    FrequencyModel, Lookahead, OutcomeSpace, RandomStrategy, SpePlan, Strategy, SubgamePerfect,
    TimeBased, TitForTat, Utility,
};
use crate::rng::DetRng;

/// Everything a factory may use to build the strategy for one seat of one
/// negotiation.
pub struct Seat<'a> {
    /// Index of the scenario in the tournament.
    pub scenario: usize,
    /// Its outcome space.
    pub space: &'a OutcomeSpace,
    /// Both parties' utilities in party order (party 0 proposes first).
    /// Only complete-information strategies should look at the other one.
    pub utilities: [&'a dyn Utility; 2],
    /// This seat's party index.
    pub me: usize,
    /// The deadline in protocol steps.
    pub n_steps: usize,
    /// This seat's own random stream, derived from the tournament seed and
    /// the negotiation: use it for every random draw.
    pub rng: DetRng,
}

type Factory = dyn Fn(Seat<'_>) -> Box<dyn Strategy> + Send + Sync;

/// A named strategy factory. The tournament calls the factory once per
/// negotiation and seat, so strategies start fresh every time and need not
/// be `Send`.
///
/// ```
/// use detente::negotiate::TimeBased;
/// use detente::negotiate::tournament::Entrant;
/// let e = Entrant::new("steep", |_| Box::new(TimeBased::with_exponent(8.0)));
/// assert_eq!(e.name(), "steep");
/// assert_eq!(Entrant::standard().len(), 7);
/// ```
#[derive(Clone)]
pub struct Entrant {
    name: String,
    make: Arc<Factory>,
}

impl fmt::Debug for Entrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entrant").field("name", &self.name).finish()
    }
}

impl Entrant {
    /// An entrant called `name` whose strategies `make` builds.
    ///
    /// ```
    /// use detente::negotiate::RandomStrategy;
    /// use detente::negotiate::tournament::Entrant;
    /// let _ = Entrant::new("coin", |seat| Box::new(RandomStrategy::from_rng(seat.rng, 0.5)));
    /// ```
    pub fn new(
        name: impl Into<String>,
        make: impl Fn(Seat<'_>) -> Box<dyn Strategy> + Send + Sync + 'static,
    ) -> Self {
        Entrant {
            name: name.into(),
            make: Arc::new(make),
        }
    }

    /// The entrant's name in reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A strategy for `seat`.
    pub fn make(&self, seat: Seat<'_>) -> Box<dyn Strategy> {
        (self.make)(seat)
    }

    /// Time-based Boulware (exponent 4: concedes late).
    pub fn boulware() -> Self {
        Self::new("boulware", |_| Box::new(TimeBased::boulware()))
    }

    /// Time-based linear concession.
    pub fn linear() -> Self {
        Self::new("linear", |_| Box::new(TimeBased::linear()))
    }

    /// Time-based conceder (exponent 1/4: concedes early).
    pub fn conceder() -> Self {
        Self::new("conceder", |_| Box::new(TimeBased::conceder()))
    }

    /// Never concedes.
    pub fn hardliner() -> Self {
        Self::new("hardliner", |_| Box::new(TimeBased::hardliner()))
    }

    /// Naive tit-for-tat.
    pub fn tit_for_tat() -> Self {
        Self::new("tit-for-tat", |_| Box::new(TitForTat::new()))
    }

    /// Random rational offers, accepting a rational offer with probability
    /// `p_accept`; draws from the seat's stream.
    pub fn random(p_accept: f64) -> Self {
        Self::new("random", move |seat| {
            Box::new(RandomStrategy::from_rng(seat.rng, p_accept))
        })
    }

    /// Frequency opponent model on a Boulware-like curve (exponent 2,
    /// window 5% of the utility range).
    pub fn frequency_model() -> Self {
        Self::new("frequency", |_| Box::new(FrequencyModel::new(2.0, 0.05)))
    }

    /// Subgame-perfect play with complete information: solves the
    /// alternating-offers game over the deadline's `2 * n_steps` offers
    /// for each negotiation. Falls back to a hardliner if the plan cannot
    /// be solved (a zero deadline, or one beyond
    /// [`Limits::max_rounds`](crate::limits::Limits::max_rounds)).
    ///
    /// # Complexity
    /// O(n_steps * |space|) utility evaluations per negotiation: costly on
    /// large spaces, which is why [`Entrant::standard`] leaves it out.
    pub fn subgame_perfect() -> Self {
        Self::new("subgame-perfect", |seat| {
            let rounds = seat.n_steps.saturating_mul(2);
            match SpePlan::solve(seat.space, seat.utilities, rounds, false) {
                Ok(plan) => Box::new(SubgamePerfect::new(Arc::new(plan))),
                Err(_) => Box::new(TimeBased::hardliner()),
            }
        })
    }

    /// Look-ahead planning with the explorer ([`Lookahead`] with its
    /// defaults): plans against the real utilities when the tournament
    /// makes them public, against a mirror-image model otherwise. Left out
    /// of [`Entrant::standard`] because it searches at every move.
    pub fn lookahead() -> Self {
        Self::new("lookahead", |_| Box::new(Lookahead::new()))
    }

    /// The shipped strategies that need no complete information: Boulware,
    /// linear, conceder, hardliner, tit-for-tat, random (p_accept 0.1) and
    /// the frequency model.
    pub fn standard() -> Vec<Self> {
        vec![
            Self::boulware(),
            Self::linear(),
            Self::conceder(),
            Self::hardliner(),
            Self::tit_for_tat(),
            Self::random(0.1),
            Self::frequency_model(),
        ]
    }

    /// The entrant of a shipped strategy by its report name (`boulware`,
    /// `linear`, `conceder`, `hardliner`, `tit-for-tat`, `random`,
    /// `frequency`, `subgame-perfect`, `lookahead`).
    ///
    /// ```
    /// use detente::negotiate::tournament::Entrant;
    /// assert_eq!(Entrant::by_name("tit-for-tat").unwrap().name(), "tit-for-tat");
    /// assert!(Entrant::by_name("oracle").is_none());
    /// ```
    pub fn by_name(name: &str) -> Option<Self> {
        if name == "subgame-perfect" {
            return Some(Self::subgame_perfect());
        }
        if name == "lookahead" {
            return Some(Self::lookahead());
        }
        Self::standard().into_iter().find(|e| e.name == name)
    }
}
