//! A fitted stock model against the recorded counts.

use serde::{Deserialize, Serialize};

use crate::calibrate::revolving_door::{
    CalibrationError, DAYS_PER_MONTH, Fit, Projection, Series, days,
};

/// Recorded counts of a stock (political prisoners held) against a model's
/// one-step-ahead predictions with 95% bars, and optionally a projection
/// with its 5th–95th percentile range. The x axis is months since the
/// first count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationPlot {
    /// Title (the series and the model).
    pub title: String,
    /// Date of the first count (x = 0).
    pub origin: String,
    /// Recorded counts: `(months, stock)`.
    pub recorded: Vec<(f64, f64)>,
    /// Predictions from the previous count: `(months, mean, standard deviation)`.
    pub predicted: Vec<(f64, f64, f64)>,
    /// A projection: `(months, mean, 5th percentile, 95th percentile)`.
    pub projection: Option<(f64, f64, f64, f64)>,
}

impl CalibrationPlot {
    /// The fit against the data: the recorded counts of `series`, the
    /// one-step predictions of `fit` and, when given, a projection (x axis
    /// in months since the first count).
    ///
    /// # Errors
    /// [`CalibrationError::BadDate`] for a date that does not parse.
    pub fn from_fit(
        series: &Series,
        fit: &Fit,
        projection: Option<&Projection>,
    ) -> Result<Self, CalibrationError> {
        let origin = series
            .observations
            .first()
            .map(|o| o.date.clone())
            .unwrap_or_default();
        let d0 = days(&origin);
        let months = |date: &str, path: &str| -> Result<f64, CalibrationError> {
            match (days(date), d0) {
                (Some(d), Some(d0)) => Ok((d - d0) as f64 / DAYS_PER_MONTH),
                _ => Err(CalibrationError::BadDate {
                    path: path.to_string(),
                    date: date.to_string(),
                }),
            }
        };
        let recorded = series
            .observations
            .iter()
            .map(|o| Ok((months(&o.date, "observations")?, f64::from(o.stock))))
            .collect::<Result<_, CalibrationError>>()?;
        let predicted = fit
            .fitted
            .iter()
            .map(|(date, _, mean, sd)| Ok((months(date, "fitted")?, *mean, *sd)))
            .collect::<Result<_, CalibrationError>>()?;
        let projection = projection
            .map(|p| {
                Ok::<_, CalibrationError>((months(&p.date, "projection")?, p.mean, p.p5, p.p95))
            })
            .transpose()?;
        let model = if fit.price_response.is_some() {
            "arrests responding to the price paid"
        } else {
            "constant arrest rate"
        };
        Ok(CalibrationPlot {
            title: format!("{}: fitted model ({model})", series.id),
            origin,
            recorded,
            predicted,
            projection,
        })
    }
}

#[cfg(feature = "plots")]
mod render {
    use plotters::prelude::*;

    use super::super::style::{
        BLUE, FONT, GREEN, ORANGE, axes, finite, legend, padded, render, span, stroke, swatch,
    };
    use super::super::{Figure, PlotError};
    use super::CalibrationPlot;

    impl Figure for CalibrationPlot {
        fn stem(&self) -> &'static str {
            "calibration_fit"
        }

        /// The counts as a line with markers, each prediction as a point
        /// with a ±1.96 sd bar, the projection as a bar with its mean.
        fn svg(&self) -> Result<String, PlotError> {
            if self.recorded.is_empty() {
                return Err(PlotError::Empty("no recorded counts"));
            }
            finite(
                "a recorded count",
                self.recorded.iter().flat_map(|p| [&p.0, &p.1]),
            )?;
            finite(
                "a prediction",
                self.predicted.iter().flat_map(|p| [&p.0, &p.1, &p.2]),
            )?;
            if let Some(p) = &self.projection {
                finite("the projection", [&p.0, &p.1, &p.2, &p.3])?;
            }
            let bar = |m: f64, sd: f64| (m - 1.96 * sd, m + 1.96 * sd);
            let xs: Vec<f64> = self
                .recorded
                .iter()
                .map(|p| p.0)
                .chain(self.predicted.iter().map(|p| p.0))
                .chain(self.projection.iter().map(|p| p.0))
                .collect();
            let ys: Vec<f64> = self
                .recorded
                .iter()
                .map(|p| p.1)
                .chain(self.predicted.iter().flat_map(|p| {
                    let (lo, hi) = bar(p.1, p.2);
                    [lo, hi]
                }))
                .chain(self.projection.iter().flat_map(|p| [p.2, p.3]))
                .collect();
            let (xl, xh) = span(&xs);
            let (yl, yh) = span(&ys);
            render(480, |root| {
                let mut chart = ChartBuilder::on(root)
                    .caption(&self.title, (FONT, 20))
                    .margin(16)
                    .x_label_area_size(48)
                    .y_label_area_size(72)
                    .build_cartesian_2d(padded(xl, xh), padded(yl, yh))?;
                axes(
                    &mut chart,
                    &format!("months since {}", self.origin),
                    "prisoners held (persons)",
                )?;
                chart
                    .draw_series(LineSeries::new(
                        self.recorded.iter().copied(),
                        BLUE.stroke_width(2),
                    ))?
                    .label("recorded")
                    .legend(stroke(BLUE, 2));
                chart.draw_series(
                    self.recorded
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 3, BLUE.filled())),
                )?;
                // Bars as plain paths with a marker at the mean (plotters'
                // error-bar element needs a feature the crate does not enable).
                chart
                    .draw_series(self.predicted.iter().map(|&(x, m, sd)| {
                        let (lo, hi) = bar(m, sd);
                        PathElement::new(vec![(x, lo), (x, hi)], ORANGE.stroke_width(2))
                    }))?
                    .label("model, one step ahead (95%)")
                    .legend(stroke(ORANGE, 2));
                chart.draw_series(
                    self.predicted
                        .iter()
                        .map(|&(x, m, _)| Circle::new((x, m), 3, ORANGE.filled())),
                )?;
                if let Some((x, m, lo, hi)) = self.projection {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(x, lo), (x, hi)],
                            GREEN.stroke_width(4),
                        )))?
                        .label("projection (5%-95%)")
                        .legend(swatch(GREEN.to_rgba()));
                    chart.draw_series(std::iter::once(Circle::new((x, m), 4, GREEN.filled())))?;
                }
                legend(&mut chart, SeriesLabelPosition::UpperRight)
            })
        }
    }
}
