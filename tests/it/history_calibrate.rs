//! The calibration recovers known arrest and release rates from simulated
//! stock series within its stated 95% confidence intervals.
//!
//! Each replication simulates a series from known rates (seeded: stream
//! `(seed, i)`), fits it, and checks whether each interval covers the truth.
//! Coverage over R replications is binomial around the nominal 0.95 if the
//! intervals are right, so the test accepts any coverage above
//! 0.95 − 3·sqrt(0.95·0.05 / R): a correct procedure fails that about once
//! in a thousand seeds, a procedure whose intervals are too narrow fails it.

use detente::calibrate::revolving_door::{
    CalibrationError, KnownRelease, Observation, Rates, Series, fit, project, simulate_interval,
};

/// Monthly counts from 2022-01-01 for three years, pardons of 40 every four
/// months and three priced releases.
fn simulated(rates: &Rates, seed: u64, i: u64) -> Series {
    let mut releases: Vec<KnownRelease> = (0..9)
        .map(|k| KnownRelease {
            date: format!("{}-{:02}-10", 2022 + (4 * k + 2) / 12, (4 * k + 2) % 12 + 1),
            count: 40,
            priced: false,
            label: "pardons".into(),
            sources: vec![],
        })
        .collect();
    for (date, count) in [("2022-07-20", 80), ("2023-06-20", 150), ("2024-06-20", 200)] {
        releases.push(KnownRelease {
            date: date.into(),
            count,
            priced: true,
            label: "bought".into(),
            sources: vec![],
        });
    }
    let dates: Vec<String> = (0..36)
        .map(|m| format!("{}-{:02}-01", 2022 + m / 12, m % 12 + 1))
        .collect();
    let mut rng = detente::rng::derived(seed, &[i]);
    let mut stock = 1300;
    let mut observations = vec![Observation {
        date: dates[0].clone(),
        stock,
        sources: vec![],
        note: String::new(),
    }];
    for w in dates.windows(2) {
        stock = simulate_interval(rates, stock, &w[0], &w[1], &releases, &mut rng)
            .unwrap()
            .stock;
        observations.push(Observation {
            date: w[1].clone(),
            stock,
            sources: vec![],
            note: String::new(),
        });
    }
    Series {
        id: "synthetic".into(),
        title: "simulated".into(),
        sources: vec![],
        observations,
        releases,
        flows: vec![],
        tallies: vec![],
        excluded: vec![],
    }
}

fn threshold(replications: usize) -> f64 {
    0.95 - 3.0 * (0.95 * 0.05 / replications as f64).sqrt()
}

#[test]
fn intervals_cover_known_rates_with_a_price_response() {
    let truth = Rates {
        arrests: 40.0,
        release_hazard: 0.03,
        price_response: 0.5,
    };
    let r = 80;
    let mut covered = [0usize; 3];
    for i in 0..r {
        let f = fit(&simulated(&truth, 2026, i as u64), true).unwrap();
        let e = f.price_response.unwrap();
        covered[0] += usize::from(f.arrests.covers(truth.arrests));
        covered[1] += usize::from(f.release_hazard.covers(truth.release_hazard));
        covered[2] += usize::from(e.covers(truth.price_response));
    }
    eprintln!("coverage {covered:?} of {r}");
    for (name, c) in ["arrests", "release hazard", "price response"]
        .iter()
        .zip(covered)
    {
        let coverage = c as f64 / r as f64;
        assert!(
            coverage >= threshold(r),
            "{name}: coverage {coverage} below {}",
            threshold(r)
        );
    }
}

#[test]
fn intervals_cover_known_rates_without_a_price_response() {
    let truth = Rates {
        arrests: 25.0,
        release_hazard: 0.02,
        price_response: 0.0,
    };
    let r = 60;
    let mut covered = [0usize; 2];
    for i in 0..r {
        let f = fit(&simulated(&truth, 7, i as u64), false).unwrap();
        assert!(f.price_response.is_none());
        covered[0] += usize::from(f.arrests.covers(truth.arrests));
        covered[1] += usize::from(f.release_hazard.covers(truth.release_hazard));
    }
    for c in covered {
        assert!(c as f64 / r as f64 >= threshold(r), "coverage {c}/{r}");
    }
}

#[test]
fn the_viasna_series_fits_and_projects_2025() {
    let s = Series::from_path("examples/scenarios/history/series/viasna_stock.json").unwrap();
    let f = fit(&s, true).unwrap();
    for e in [f.arrests, f.release_hazard, f.price_response.unwrap()] {
        assert!(e.lo < e.value && e.value < e.hi && e.se > 0.0);
    }
    assert_eq!(f.fitted.len(), s.observations.len() - 1);
    let releases: Vec<KnownRelease> = s
        .releases
        .iter()
        .filter(|r| r.date.as_str() > "2024-12-30")
        .cloned()
        .collect();
    let p = project(
        &f.rates(),
        1265,
        "2024-12-30",
        "2025-12-23",
        &releases,
        200,
        1,
    )
    .unwrap();
    assert!(p.p5 <= p.mean && p.mean <= p.p95);
    // Same seed, same projection.
    assert_eq!(
        p,
        project(
            &f.rates(),
            1265,
            "2024-12-30",
            "2025-12-23",
            &releases,
            200,
            1
        )
        .unwrap()
    );
}

#[test]
fn bad_series_are_refused_with_reasons() {
    let mut s = simulated(
        &Rates {
            arrests: 10.0,
            release_hazard: 0.01,
            price_response: 0.0,
        },
        1,
        0,
    );
    s.observations[3].date = "2022-13-01".into();
    assert!(
        matches!(fit(&s, false), Err(CalibrationError::BadDate { path, .. }) if path == "$.observations[3].date")
    );
    s.observations.truncate(2);
    s.observations[1].date = "2022-02-01".into();
    assert!(matches!(fit(&s, false), Err(CalibrationError::Series(_))));
}
