//! SVG figures of deals: the Pareto frontier of a pair's deals with the
//! bargaining points, and the timeline of one run's deals.

use plotters::prelude::*;

use super::style::{
    BLUE, FONT, GREEN, GREY, ORANGE, RED, axes, finite, legend, padded, render, span, stroke,
    swatch,
};
use super::{DealTimeline, Figure, FrontierPlot, PlotError};

impl Figure for FrontierPlot {
    fn stem(&self) -> &'static str {
        "pareto_frontier"
    }

    /// Every outcome in grey, the frontier as a line through its points,
    /// the disagreement point, and the Nash and Kalai-Smorodinsky points.
    fn svg(&self) -> Result<String, PlotError> {
        if self.points.is_empty() {
            return Err(PlotError::Empty("no points"));
        }
        finite("a payoff", self.points.iter().flatten())?;
        finite("the disagreement point", &self.disagreement)?;
        let get = |i: usize| {
            self.points
                .get(i)
                .copied()
                .ok_or_else(|| PlotError::Data(format!("point index {i} of {}", self.points.len())))
        };
        let mut front: Vec<[f64; 2]> = self
            .frontier
            .iter()
            .map(|&i| get(i))
            .collect::<Result<_, _>>()?;
        front.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let nash = self.nash.map(get).transpose()?;
        let ks = self.kalai_smorodinsky.map(get).transpose()?;
        let all = || {
            self.points
                .iter()
                .chain(std::iter::once(&self.disagreement))
        };
        let (xl, xh) = span(all().map(|p| &p[0]));
        let (yl, yh) = span(all().map(|p| &p[1]));
        let [px, py] = &self.players;
        render(560, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, (FONT, 20))
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(72)
                .build_cartesian_2d(padded(xl, xh), padded(yl, yh))?;
            axes(
                &mut chart,
                &format!("{px} payoff ({})", self.unit),
                &format!("{py} payoff ({})", self.unit),
            )?;
            chart
                .draw_series(
                    self.points
                        .iter()
                        .map(|p| Circle::new((p[0], p[1]), 2, GREY.mix(0.6).filled())),
                )?
                .label(format!("outcomes ({})", self.points.len()))
                .legend(swatch(GREY.mix(0.6)));
            chart
                .draw_series(
                    LineSeries::new(front.iter().map(|p| (p[0], p[1])), BLUE.stroke_width(2))
                        .point_size(3),
                )?
                .label(format!("Pareto frontier ({})", front.len()))
                .legend(stroke(BLUE, 2));
            let d = self.disagreement;
            chart
                .draw_series(std::iter::once(Cross::new(
                    (d[0], d[1]),
                    6,
                    BLACK.stroke_width(2),
                )))?
                .label("disagreement")
                .legend(|(x, y)| Cross::new((x + 8, y), 5, BLACK.stroke_width(2)));
            // A filled triangle and a ring: both stay visible when they coincide.
            if let Some(p) = nash {
                chart
                    .draw_series(std::iter::once(TriangleMarker::new(
                        (p[0], p[1]),
                        8,
                        RED.filled(),
                    )))?
                    .label("Nash")
                    .legend(|(x, y)| TriangleMarker::new((x + 8, y), 6, RED.filled()));
            }
            if let Some(p) = ks {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (p[0], p[1]),
                        11,
                        GREEN.stroke_width(3),
                    )))?
                    .label("Kalai-Smorodinsky")
                    .legend(|(x, y)| Circle::new((x + 8, y), 6, GREEN.stroke_width(2)));
            }
            legend(&mut chart, SeriesLabelPosition::LowerLeft)
        })
    }
}

/// Events listed under the timeline chart; more are summarised in one line.
const LISTED: usize = 12;

impl Figure for DealTimeline {
    fn stem(&self) -> &'static str {
        "deal_timeline"
    }

    /// Bars of prisoners freed per deal at its round, the cumulative number
    /// freed, markers on the deals that gave relief, and below the chart a
    /// numbered list of the deals.
    fn svg(&self) -> Result<String, PlotError> {
        let mut events = self.events.clone();
        events.sort_by_key(|e| e.round);
        let events = &events;
        let listed = events.len().min(LISTED);
        let extra = usize::from(events.len() > LISTED);
        let list_h = 28 + 18 * (listed + extra) as u32;
        let mut cumulative = Vec::with_capacity(events.len());
        let mut total = 0u64;
        for e in events {
            total += e.freed;
            cumulative.push((e.round as f64, total as f64));
        }
        let xh = self
            .events
            .iter()
            .map(|e| e.round)
            .max()
            .unwrap_or(0)
            .max(self.rounds) as f64;
        let ymax = (total.max(1) as f64) * 1.15;
        render(440 + list_h, |root| {
            let (top, bottom) = root.split_vertically(440);
            let mut chart = ChartBuilder::on(&top)
                .caption(format!("Deals of one run: {}", self.scenario), (FONT, 20))
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(72)
                .build_cartesian_2d(-0.5..xh + 0.5, 0.0..ymax)?;
            axes(
                &mut chart,
                &format!("round ({})", self.round_unit),
                "prisoners freed (persons)",
            )?;
            chart
                .draw_series(events.iter().map(|e| {
                    let x = e.round as f64;
                    Rectangle::new([(x - 0.3, 0.0), (x + 0.3, e.freed as f64)], ORANGE.filled())
                }))?
                .label("freed by the deal")
                .legend(swatch(ORANGE.mix(1.0)));
            let mut steps = vec![(0.0, 0.0)];
            for &(x, y) in &cumulative {
                let last = steps.last().map_or(0.0, |p| p.1);
                steps.push((x, last));
                steps.push((x, y));
            }
            steps.push((xh, total as f64));
            chart
                .draw_series(LineSeries::new(steps, BLUE.stroke_width(2)))?
                .label("freed so far")
                .legend(stroke(BLUE, 2));
            chart
                .draw_series(events.iter().filter(|e| e.relief > 0).map(|e| {
                    TriangleMarker::new((e.round as f64, e.freed as f64), 7, RED.filled())
                }))?
                .label("deal with relief")
                .legend(|(x, y)| TriangleMarker::new((x + 8, y), 5, RED.filled()));
            chart.draw_series(events.iter().enumerate().map(|(i, e)| {
                Text::new(
                    format!("{}", i + 1),
                    (e.round as f64 - 0.2, e.freed as f64 + ymax * 0.03),
                    (FONT, 12),
                )
            }))?;
            legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
            let line = |i: usize| (24, 14 + 18 * i as i32);
            for (i, e) in events.iter().take(LISTED).enumerate() {
                let mut text = format!("{}. round {}: {}", i + 1, e.round, e.label);
                if text.len() > 100 {
                    let cut = (0..=97).rev().find(|&k| text.is_char_boundary(k));
                    text.truncate(cut.unwrap_or(0));
                    text.push_str("...");
                }
                bottom.draw(&Text::new(text, line(i), (FONT, 13)))?;
            }
            if extra > 0 {
                bottom.draw(&Text::new(
                    format!("... and {} more deals", events.len() - LISTED),
                    line(LISTED),
                    (FONT, 13),
                ))?;
            }
            Ok(())
        })
    }
}
