//! Deadlines up to `usize::MAX` steps (`tournament --steps
//! 18446744073709551615` once overflowed inside the library): relative time
//! stays in (0, 1], time-based strategies neither overflow nor tabulate an
//! aspiration per step, and a plan over that many rounds is refused.

use detente::negotiate::{
    NegotiateError, OutcomeSpace, Sao, SpePlan, TableUtility, TimeBased, Utility, View,
};

#[test]
fn relative_time_at_the_longest_deadline_is_finite() {
    let space = OutcomeSpace::uniform(1, 2).unwrap();
    let u = TableUtility::new(vec![0.0, 1.0]).unwrap();
    let us: [&dyn Utility; 2] = [&u, &u];
    // 1 / (2^64 - 1 + 1) = 2^-64: usize::MAX rounds to 2^64 as f64.
    let first = View::new(&space, 0, 0, usize::MAX, &[], &us, false);
    assert_eq!(first.relative_time(), 2f64.powi(-64));
    let last = View::new(&space, 0, usize::MAX - 1, usize::MAX, &[], &us, false);
    assert_eq!(last.relative_time(), 1.0);
    // Below 2^53 the f64 sum is the integer sum: 1 / 11 as before.
    let short = View::new(&space, 0, 0, 10, &[], &us, false);
    assert_eq!(short.relative_time(), 1.0 / 11.0);
}

#[test]
fn time_based_strategies_agree_under_the_longest_deadline() {
    // Both parties rank the outcomes alike, so the first offer (outcome 2,
    // the opener's best) is the responder's best too and is accepted at
    // step 1 whatever the deadline; the aspiration table of usize::MAX
    // entries this once tried to build would abort first.
    let space = OutcomeSpace::uniform(1, 3).unwrap();
    let u = TableUtility::new(vec![0.0, 0.5, 1.0]).unwrap();
    for (mut a, mut b) in [
        (TimeBased::boulware(), TimeBased::conceder()),
        (TimeBased::linear(), TimeBased::hardliner()),
    ] {
        let r = Sao::new(usize::MAX)
            .run(&space, &[&u, &u], &mut [&mut a, &mut b])
            .unwrap();
        assert_eq!(r.agreement.map(|o| o.0), Some(2));
        assert_eq!(r.steps, 1);
    }
}

#[test]
fn a_plan_over_more_rounds_than_the_limit_is_refused() {
    let space = OutcomeSpace::uniform(1, 2).unwrap();
    let u = TableUtility::new(vec![0.0, 1.0]).unwrap();
    let err = SpePlan::solve(&space, [&u, &u], usize::MAX, false).unwrap_err();
    assert_eq!(
        err,
        NegotiateError::Parameter(
            "a bargaining game's rounds asks for 18446744073709551615, more than the limit of 100000"
                .into()
        )
    );
}
