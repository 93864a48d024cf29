//! Tournament scenarios: a named bilateral domain (outcome space and two
//! utility profiles), from a textbook domain or from a world.

use std::sync::Arc;

use crate::deal::DealMenu;
use crate::model::{GovernmentId, State, World};
use crate::negotiate::{DealSpace, NegotiateError, OutcomeSpace, Utility};

use super::super::domains;

/// A bilateral negotiation domain: an outcome space and the two profiles'
/// utilities. Which entrant gets which profile rotates in a tournament.
///
/// ```
/// use std::sync::Arc;
/// use detente::negotiate::domains;
/// use detente::negotiate::tournament::TournamentScenario;
/// let (space, ua, ub) = domains::negmas_instance(2, 42, 0)?;
/// let s = TournamentScenario::new("negmas", space, [Arc::new(ua), Arc::new(ub)])?;
/// assert_eq!(s.name(), "negmas");
/// # Ok::<(), detente::negotiate::NegotiateError>(())
/// ```
#[derive(Clone)]
pub struct TournamentScenario {
    name: String,
    space: OutcomeSpace,
    utilities: [Arc<dyn Utility>; 2],
    /// Per profile, the (worst, best) utility used to normalise scores:
    /// worst covers the reservation value too.
    range: [(f64, f64); 2],
}

impl std::fmt::Debug for TournamentScenario {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TournamentScenario")
            .field("name", &self.name)
            .field("outcomes", &self.space.cardinality())
            .field("range", &self.range)
            .finish()
    }
}

impl TournamentScenario {
    /// A scenario from a space and two utilities.
    ///
    /// # Errors
    /// [`NegotiateError::BadUtility`] when a utility is not finite on the
    /// space or at its reservation value.
    ///
    /// # Complexity
    /// Two scans of the space (the utilities' extremes).
    pub fn new(
        name: impl Into<String>,
        space: OutcomeSpace,
        utilities: [Arc<dyn Utility>; 2],
    ) -> Result<Self, NegotiateError> {
        let range = [0, 1].map(|p| {
            let u = &utilities[p];
            let (w, b) = u.extremes(&space);
            (u.eval(w).min(u.reserved_value()), u.eval(b))
        });
        if range
            .iter()
            .any(|(lo, hi)| !lo.is_finite() || !hi.is_finite())
        {
            return Err(NegotiateError::BadUtility(
                "utilities must be finite on the whole space".into(),
            ));
        }
        Ok(TournamentScenario {
            name: name.into(),
            space,
            utilities,
            range,
        })
    }

    /// The scenario's name in reports.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The outcome space.
    pub fn space(&self) -> &OutcomeSpace {
        &self.space
    }

    /// The utility of profile `p` (0 or 1).
    ///
    /// # Panics
    /// If `p > 1`.
    pub fn utility(&self, p: usize) -> &dyn Utility {
        self.utilities[p].as_ref()
    }

    /// `u` of profile `p` normalised to [0, 1] between the profile's worst
    /// outcome (or reservation value, if lower) and its best; 0 when the
    /// profile is indifferent.
    ///
    /// # Panics
    /// If `p > 1`.
    pub fn score(&self, p: usize, u: f64) -> f64 {
        let (lo, hi) = self.range[p];
        if hi > lo { (u - lo) / (hi - lo) } else { 0.0 }
    }

    /// The built-in textbook domains: NegMAS benchmark instances (2 issues,
    /// and 3 issues k = 0, 1; opposed linear-additive profiles) and a
    /// 20-unit discrete pie with discount factors 0.95 (time pressure).
    ///
    /// ```
    /// let s = detente::negotiate::tournament::TournamentScenario::builtin();
    /// assert_eq!(s.len(), 4);
    /// ```
    pub fn builtin() -> Vec<Self> {
        let mut out = Vec::new();
        for (n, k) in [(2, 0), (3, 0), (3, 1)] {
            let (space, ua, ub) = domains::negmas_instance(n, 42, k).expect("n > 0");
            out.push(
                Self::new(
                    format!("negmas-{n}x10-k{k}"),
                    space,
                    [Arc::new(ua), Arc::new(ub)],
                )
                .expect("finite tables"),
            );
        }
        let (space, u1, u2) = domains::discrete_pie(20, 0.95, 0.95).expect("valid pie");
        out.push(Self::new("pie-20", space, [Arc::new(u1), Arc::new(u2)]).expect("finite pie"));
        out
    }

    /// One scenario per demander-holder pair of `world` at its initial
    /// state (see [`world_pairs`]): the [`DealSpace`] between them, profile
    /// 0 the demander's utility and profile 1 the holder's. Names are
    /// `prefix:DEMANDER-HOLDER`.
    ///
    /// # Errors
    /// Those of [`DealSpace::build`] and [`DealSpace::utilities`], and
    /// [`NegotiateError::BadUtility`] for non-finite payoffs.
    ///
    /// ```
    /// use detente::{deal::DealMenu, negotiate::tournament::TournamentScenario};
    /// let (_, world, _) = detente::scenario::load("examples/scenarios/belarus_2025.json").unwrap();
    /// let s = TournamentScenario::from_world("belarus", &world, &DealMenu::default())?;
    /// let names: Vec<_> = s.iter().map(|s| s.name()).collect();
    /// assert_eq!(names, ["belarus:USA-BLR", "belarus:EU-BLR"]);
    /// # Ok::<(), detente::negotiate::NegotiateError>(())
    /// ```
    pub fn from_world(
        prefix: &str,
        world: &World,
        menu: &DealMenu,
    ) -> Result<Vec<Self>, NegotiateError> {
        let state = State::initial(world);
        world_pairs(world, &state)
            .into_iter()
            .map(|(d, h)| {
                let ds = DealSpace::build(world, &state, d, h, menu)?;
                let [ud, uh] = ds.utilities(world, &state)?;
                let name = format!("{prefix}:{}-{}", world.code(d), world.code(h));
                Self::new(name, ds.space().clone(), [Arc::new(ud), Arc::new(uh)])
            })
            .collect()
    }
}

/// The (demander, holder) pairs of a world worth negotiating at `state`:
/// the demander imposes a sanction on the holder and values a prisoner the
/// holder has in custody. In the order of the world's sanctions, each pair
/// once.
///
/// ```
/// use detente::model::State;
/// let (_, world, _) = detente::scenario::load("examples/scenarios/toy_bilateral.json").unwrap();
/// let pairs = detente::negotiate::tournament::world_pairs(&world, &State::initial(&world));
/// assert_eq!(pairs.len(), 1);
/// assert_eq!(world.code(pairs[0].0), "A");
/// ```
pub fn world_pairs(world: &World, state: &State) -> Vec<(GovernmentId, GovernmentId)> {
    let mut pairs: Vec<(GovernmentId, GovernmentId)> = Vec::new();
    for s in world.sanctions() {
        let pair = (s.imposer, s.target);
        if pairs.contains(&pair) {
            continue;
        }
        let wanted = state.held().any(|p| {
            world.prisoner(p).is_some_and(|pr| {
                pr.holder() == s.target
                    && state.location(p) == pr.custodian
                    && world.valuations().prisoner(s.imposer, p) > 0.0
            })
        });
        if wanted {
            pairs.push(pair);
        }
    }
    pairs
}
