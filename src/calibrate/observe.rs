//! Recorded values of a calibration's summaries, read from the record
//! ([`history::record::Targets`](crate::history::record::Targets)) so that
//! "a US deal" and "freed in a US deal" are defined once, over the case
//! file, for the calibration as for every report.

use super::CalibrateError;
use crate::history::record::Targets;
use crate::scenario::{Calibration, SummaryKind};

/// Fills every summary of `calibration` whose `observed` is absent from
/// `record`; summaries that give their own value keep it. Returns how many
/// were filled.
///
/// # Errors
/// [`CalibrateError::Scenario`] with the summary's JSON path when the
/// record cannot say: another pair than the record's, rounds beyond the
/// record, a stock round the series does not count, or `relief_runs`
/// (the record names what was given, not on which sanction).
pub fn observe(calibration: &mut Calibration, record: &Targets) -> Result<usize, CalibrateError> {
    let mut filled = 0;
    for (i, s) in calibration.summaries.iter_mut().enumerate() {
        if s.observed.is_some() {
            continue;
        }
        let here = format!("$.calibration.summaries[{i}]");
        let bad =
            |field: &str, why: String| CalibrateError::Scenario(format!("{here}.{field}: {why}"));
        if s.kind != SummaryKind::Stock {
            let same = s
                .pair
                .as_ref()
                .is_some_and(|[d, h]| *d == record.demander && *h == record.holder);
            if !same {
                return Err(bad(
                    "pair",
                    format!(
                        "the record counts the deals of [{}, {}] only; give that pair or `observed`",
                        record.demander, record.holder
                    ),
                ));
            }
        }
        let rounds = s.rounds.unwrap_or(record.rounds);
        if rounds > record.rounds {
            return Err(bad(
                "rounds",
                format!("the record covers {} rounds, not {rounds}", record.rounds),
            ));
        }
        let first = |by: &[u32]| {
            by.iter()
                .take(rounds as usize)
                .map(|&x| f64::from(x))
                .sum::<f64>()
        };
        let value = match s.kind {
            SummaryKind::Deals => first(&record.deals_by_round),
            SummaryKind::FreedInDeals => first(&record.freed_by_round),
            SummaryKind::FirstDealRound => {
                let within = s.rounds.unwrap_or(record.rounds);
                f64::from(
                    record
                        .first_deal_round
                        .filter(|&f| f < within)
                        .unwrap_or(within),
                )
            }
            SummaryKind::Stock => match record.stock_at(rounds) {
                Some(p) => f64::from(p.stock),
                None => {
                    return Err(bad(
                        "rounds",
                        format!("the record's series has no count at round {rounds}"),
                    ));
                }
            },
            SummaryKind::GivenRuns => {
                let g = s
                    .given
                    .ok_or_else(|| bad("given", "expected a concession kind".into()))?;
                let gave = record
                    .deals
                    .iter()
                    .any(|d| d.round < rounds && d.given.contains(&g));
                f64::from(u8::from(gave))
            }
            SummaryKind::ReliefRuns => {
                return Err(bad(
                    "observed",
                    "the record names the kind given, not the sanction; give `observed` (or use `given_runs`)".into(),
                ));
            }
        };
        s.observed = Some(value);
        if s.source.is_empty() {
            s.source = format!(
                "record: {} and {} from {}",
                record.demander, record.holder, record.start
            );
        }
        filled += 1;
    }
    Ok(filled)
}
