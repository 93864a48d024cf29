//! One round of talks between two governments: a short alternating-offers
//! session of the [`negotiate`](crate::negotiate) layer whose strategies see
//! the clock of the whole horizon, so time-dependent strategies concede
//! over months, not within one meeting.

use crate::negotiate::{
    NegotiateError, NegotiationResult, Outcome, OutcomeSpace, Response, Sao, Strategy, Utility,
    View,
};

/// Where a session sits on the horizon: strategies see step `offset + s`
/// of `total` steps in the session's step `s`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Steps elapsed before this session.
    pub offset: usize,
    /// Steps in the whole horizon.
    pub total: usize,
}

/// A strategy seen through a horizon clock (see [`Clock`]).
pub struct Clocked<'a> {
    inner: &'a mut dyn Strategy,
    utilities: &'a [&'a dyn Utility],
    clock: Clock,
    public: bool,
}

impl<'a> Clocked<'a> {
    /// Wraps `inner`; `utilities` are the parties' utilities in protocol order.
    pub fn new(
        inner: &'a mut dyn Strategy,
        utilities: &'a [&'a dyn Utility],
        clock: Clock,
        public: bool,
    ) -> Self {
        Clocked {
            inner,
            utilities,
            clock,
            public,
        }
    }
}

impl Strategy for Clocked<'_> {
    fn init(&mut self, view: &View<'_>) {
        let v = View::new(
            view.space,
            view.me,
            self.clock.offset + view.step,
            self.clock.total.max(self.clock.offset + view.n_steps),
            view.history,
            self.utilities,
            self.public,
        );
        self.inner.init(&v);
    }

    fn propose(&mut self, view: &View<'_>) -> Outcome {
        let v = View::new(
            view.space,
            view.me,
            self.clock.offset + view.step,
            self.clock.total.max(self.clock.offset + view.n_steps),
            view.history,
            self.utilities,
            self.public,
        );
        self.inner.propose(&v)
    }

    fn respond(&mut self, view: &View<'_>, offer: Outcome) -> Response {
        let v = View::new(
            view.space,
            view.me,
            self.clock.offset + view.step,
            self.clock.total.max(self.clock.offset + view.n_steps),
            view.history,
            self.utilities,
            self.public,
        );
        self.inner.respond(&v, offer)
    }

    fn name(&self) -> &str {
        self.inner.name()
    }
}

/// Runs one session of talks: `strategies[i]` plays with `utilities[i]`,
/// party 0 proposes first, and both see `clock`. This is the negotiation
/// step of every simulated round.
///
/// # Errors
/// As for [`Sao::run`].
pub fn session(
    sao: &mut Sao,
    space: &OutcomeSpace,
    utilities: &[&dyn Utility; 2],
    strategies: [&mut dyn Strategy; 2],
    clock: Clock,
    public: bool,
) -> Result<NegotiationResult, NegotiateError> {
    let [s0, s1] = strategies;
    let mut c0 = Clocked::new(s0, utilities, clock, public);
    let mut c1 = Clocked::new(s1, utilities, clock, public);
    sao.run(space, utilities, &mut [&mut c0, &mut c1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiate::{
        OutcomeSpace, SpePlan, SubgamePerfect, TableUtility, TimeBased, domains,
    };
    use std::sync::Arc;

    #[test]
    fn subgame_perfect_players_reach_the_backward_induction_split() {
        // Discrete pie, 10 units, 4 rounds, d = (0.9, 0.8): backward induction
        // gives the first proposer 3 units (reference_values.md, section 3).
        let (space, u1, u2) = domains::discrete_pie(10, 0.9, 0.8).unwrap();
        let plan = Arc::new(SpePlan::solve(&space, [&u1, &u2], 4, true).unwrap());
        let (mut a, mut b) = (SubgamePerfect::new(plan.clone()), SubgamePerfect::new(plan));
        let utilities: [&dyn Utility; 2] = [&u1, &u2];
        let clock = Clock {
            offset: 0,
            total: 3,
        };
        let r = session(
            &mut Sao::with_rounds(4),
            &space,
            &utilities,
            [&mut a, &mut b],
            clock,
            true,
        )
        .unwrap();
        assert_eq!(r.agreement.map(|o| o.index()), Some(3));
    }

    #[test]
    fn the_clock_moves_time_based_thresholds() {
        // Early in the horizon a Boulware pair does not agree in one step;
        // at the end it does.
        let space = OutcomeSpace::uniform(1, 11).unwrap();
        let ua = TableUtility::from_fn(&space, |o| o.index() as f64 / 10.0).unwrap();
        let ub = TableUtility::from_fn(&space, |o| 1.0 - o.index() as f64 / 10.0).unwrap();
        let us: [&dyn Utility; 2] = [&ua, &ub];
        let mut sao = Sao::new(1);
        let (mut a, mut b) = (TimeBased::boulware(), TimeBased::boulware());
        let early = session(
            &mut sao,
            &space,
            &us,
            [&mut a, &mut b],
            Clock {
                offset: 0,
                total: 100,
            },
            false,
        )
        .unwrap();
        assert!(early.agreement.is_none());
        let late = session(
            &mut sao,
            &space,
            &us,
            [&mut a, &mut b],
            Clock {
                offset: 99,
                total: 100,
            },
            false,
        )
        .unwrap();
        assert!(late.agreement.is_some());
    }
}
