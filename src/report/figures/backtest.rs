//! A backtest's forecast against the record and the naive baselines.

use serde::{Deserialize, Serialize};

use crate::calibrate::backtest::{Backtest, Quantity};

/// One panel: a quantity's forecast band per round, the record and the two
/// baselines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastPanel {
    /// What is shown (`deals since the cutoff`).
    pub title: String,
    /// `(round, 5th, 50th, 95th percentile)`.
    pub band: Vec<(f64, f64, f64, f64)>,
    /// `(round, value)` where the record counts it.
    pub record: Vec<(f64, f64)>,
    /// `(round, value)` of the previous-year baseline.
    pub previous_year: Vec<(f64, f64)>,
    /// `(round, value)` of the first-half-rate baseline.
    pub first_half: Vec<(f64, f64)>,
}

/// A backtest's forecast, one panel per quantity: the posterior
/// predictive's 5–95% band and median, the record, and the baselines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastPlot {
    /// Title (the scenario and the cutoff).
    pub title: String,
    /// Deals, freed in deals, stock.
    pub panels: Vec<ForecastPanel>,
}

impl ForecastPlot {
    /// The figure of `backtest`, titled with `scenario`.
    pub fn from_backtest(scenario: &str, backtest: &Backtest) -> Self {
        let panels = Quantity::ALL
            .iter()
            .enumerate()
            .map(|(qi, q)| {
                let cells = || {
                    backtest
                        .months
                        .iter()
                        .map(move |m| (f64::from(m.round), &m.cells[qi]))
                };
                let points = |f: fn(&crate::calibrate::backtest::ForecastCell) -> Option<f64>| {
                    cells().filter_map(|(x, c)| f(c).map(|y| (x, y))).collect()
                };
                ForecastPanel {
                    title: q.name().to_string(),
                    band: cells()
                        .map(|(x, c)| (x, c.band[0], c.band[1], c.band[2]))
                        .collect(),
                    record: points(|c| c.record),
                    previous_year: points(|c| c.previous_year),
                    first_half: points(|c| c.first_half),
                }
            })
            .collect();
        ForecastPlot {
            title: format!(
                "{scenario}: forecast after {} (posterior predictive, {} draws x {} runs)",
                backtest.cutoff, backtest.draws, backtest.settings.runs_per_draw
            ),
            panels,
        }
    }
}

#[cfg(feature = "plots")]
mod render {
    use plotters::prelude::*;

    use super::super::style::{
        BLUE, FONT, GREEN, GREY, ORANGE, axes, finite, legend, padded, render, span, stroke, swatch,
    };
    use super::super::{Figure, PlotError};
    use super::ForecastPlot;

    impl Figure for ForecastPlot {
        fn stem(&self) -> &'static str {
            "backtest_forecast"
        }

        /// One panel per quantity, stacked: the band as a shaded area with
        /// its median, the record as dots, the baselines as lines.
        fn svg(&self) -> Result<String, PlotError> {
            if self.panels.is_empty() || self.panels.iter().all(|p| p.band.is_empty()) {
                return Err(PlotError::Empty("no forecast rounds"));
            }
            for p in &self.panels {
                finite(
                    "a band",
                    p.band.iter().flat_map(|b| [&b.0, &b.1, &b.2, &b.3]),
                )?;
                finite(
                    "a point",
                    p.record
                        .iter()
                        .chain(&p.previous_year)
                        .chain(&p.first_half)
                        .flat_map(|q| [&q.0, &q.1]),
                )?;
            }
            let height = 40 + 260 * self.panels.len() as u32;
            render(height, |root| {
                let root = root.titled(&self.title, (FONT, 18))?;
                let areas = root.split_evenly((self.panels.len(), 1));
                for (p, area) in self.panels.iter().zip(&areas) {
                    let xs: Vec<f64> = p.band.iter().map(|b| b.0).collect();
                    let ys: Vec<f64> = p
                        .band
                        .iter()
                        .flat_map(|b| [b.1, b.3])
                        .chain(
                            p.record
                                .iter()
                                .chain(&p.previous_year)
                                .chain(&p.first_half)
                                .map(|q| q.1),
                        )
                        .collect();
                    let (xl, xh) = span(&xs);
                    let (yl, yh) = span(&ys);
                    let mut chart = ChartBuilder::on(area)
                        .caption(&p.title, (FONT, 16))
                        .margin(12)
                        .x_label_area_size(36)
                        .y_label_area_size(64)
                        .build_cartesian_2d(padded(xl, xh), padded(yl, yh))?;
                    axes(&mut chart, "round (month, 0 = the record's start)", "")?;
                    let poly: Vec<(f64, f64)> = p
                        .band
                        .iter()
                        .map(|b| (b.0, b.3))
                        .chain(p.band.iter().rev().map(|b| (b.0, b.1)))
                        .collect();
                    chart
                        .draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.2).filled())))?
                        .label("forecast 5-95%")
                        .legend(swatch(BLUE.mix(0.2)));
                    chart
                        .draw_series(LineSeries::new(
                            p.band.iter().map(|b| (b.0, b.2)),
                            BLUE.stroke_width(2),
                        ))?
                        .label("forecast median")
                        .legend(stroke(BLUE, 2));
                    for (points, color, name) in [
                        (&p.previous_year, GREY, "previous year repeated"),
                        (&p.first_half, ORANGE, "first-half rate carried forward"),
                    ] {
                        if !points.is_empty() {
                            chart
                                .draw_series(LineSeries::new(
                                    points.iter().copied(),
                                    color.stroke_width(2),
                                ))?
                                .label(name)
                                .legend(stroke(color, 2));
                        }
                    }
                    chart
                        .draw_series(
                            p.record
                                .iter()
                                .map(|&(x, y)| Circle::new((x, y), 4, GREEN.filled())),
                        )?
                        .label("record")
                        .legend(swatch(GREEN.to_rgba()));
                    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
                }
                Ok(())
            })
        }
    }
}
