//! Every figure kind renders from a small fixed input to a valid SVG with
//! the expected series (legend entries), axis labels with units, and
//! drawing elements for its data.
#![cfg(feature = "plots")]

use detente::report::{
    DealTimeline, Figure, FreedHistogram, FrontierPlot, PlotError, ReliefSeries, StockBands,
    TimelineEvent,
};

/// The parsed SVG: its text labels (numbers, i.e. tick labels, left out)
/// and element counts by tag name.
struct Svg {
    texts: Vec<String>,
    tags: std::collections::BTreeMap<String, usize>,
}

fn parse(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("width").is_some() && root.attribute("height").is_some());
    let mut texts = Vec::new();
    let mut tags = std::collections::BTreeMap::new();
    for n in root.descendants().filter(|n| n.is_element()) {
        *tags.entry(n.tag_name().name().to_string()).or_insert(0) += 1;
        if n.tag_name().name() == "text" {
            let t: String = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
                .trim()
                .to_string();
            if t.replace(',', "").parse::<f64>().is_err() {
                texts.push(t);
            }
        }
    }
    Svg { texts, tags }
}

impl Svg {
    fn count(&self, tag: &str) -> usize {
        self.tags.get(tag).copied().unwrap_or(0)
    }

    /// The non-numeric texts are exactly `expected` (in any order): the
    /// caption, the axis descriptions and one legend entry per series.
    fn assert_texts(&self, expected: &[&str]) {
        let mut got: Vec<&str> = self.texts.iter().map(String::as_str).collect();
        let mut want = expected.to_vec();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}

#[test]
fn histogram_of_prisoners_freed() {
    let h = FreedHistogram::new("toy", vec![2, 3, 3, 5, 5, 5, 9]);
    let svg = parse(&h.svg().unwrap());
    svg.assert_texts(&[
        "Prisoners freed per run: toy",
        "prisoners freed in the run (persons)",
        "runs (count)",
        "runs (7 in all)",
        "median: 5",
    ]);
    // One bar per bin from 2 to 9, the legend box, swatch and background.
    assert!(svg.count("rect") >= 8);
    assert_eq!(h.bins().2.iter().sum::<usize>(), 7);
}

#[test]
fn stock_with_bands_and_flows() {
    let stock: Vec<Vec<f64>> = (0..20)
        .map(|run| {
            (0..12)
                .map(|r| 100.0 - r as f64 * (run % 5) as f64)
                .collect()
        })
        .collect();
    let arrests = vec![vec![2.0; 12]; 20];
    let releases: Vec<Vec<f64>> = (0..20)
        .map(|run| vec![(run % 5) as f64 + 2.0; 12])
        .collect();
    let b = StockBands::from_runs("toy", "month", &stock, &arrests, &releases).unwrap();
    assert!(
        b.quantiles[0]
            .iter()
            .zip(&b.quantiles[4])
            .all(|(lo, hi)| lo <= hi)
    );
    let svg = parse(&b.svg().unwrap());
    svg.assert_texts(&[
        "Prisoners held: toy",
        "round (month)",
        "prisoners held (persons)",
        "round (month)",
        "per round (persons)",
        "5-95% of runs",
        "25-75% of runs",
        "median",
        "new arrests (mean)",
        "releases (mean)",
    ]);
    assert_eq!(svg.count("polygon"), 2, "two quantile bands");
    // Median, arrests, releases, plus their legend strokes.
    assert!(svg.count("polyline") >= 6);
}

#[test]
fn relief_per_sanction() {
    let r = ReliefSeries {
        scenario: "toy".into(),
        round_unit: "month".into(),
        unit: "share of sanction value".into(),
        rounds: (0..6).collect(),
        sanctions: vec![
            ("us_potash".into(), vec![0.0, 0.0, 0.5, 0.5, 1.0, 1.0]),
            ("eu_belavia".into(), vec![0.0, 0.0, 0.0, 0.25, 0.25, 0.25]),
            ("us_finance".into(), vec![0.0; 6]),
        ],
    };
    let svg = parse(&r.svg().unwrap());
    svg.assert_texts(&[
        "Relief per sanction: toy",
        "round (month)",
        "relief (share of sanction value)",
        "us_potash",
        "eu_belavia",
        "us_finance",
    ]);
    assert!(svg.count("polyline") >= 3);
}

#[test]
fn frontier_with_nash_and_kalai_smorodinsky() {
    let pts = vec![[4.0, 0.0], [3.0, 2.0], [2.0, 2.5], [1.0, 1.0], [0.0, 3.0]];
    let f = FrontierPlot::from_points("toy deals", ["USA", "BLR"], "payoff units", pts, [0.0, 0.0])
        .unwrap();
    assert_eq!(f.frontier, vec![0, 1, 2, 4]);
    assert!(f.nash.is_some() && f.kalai_smorodinsky.is_some());
    let svg = parse(&f.svg().unwrap());
    svg.assert_texts(&[
        "toy deals",
        "USA payoff (payoff units)",
        "BLR payoff (payoff units)",
        "outcomes (5)",
        "Pareto frontier (4)",
        "disagreement",
        "Nash",
        "Kalai-Smorodinsky",
    ]);
    // Five outcome dots plus the frontier's four points.
    assert!(svg.count("circle") >= 9);
}

#[test]
fn timeline_of_one_run() {
    let t = DealTimeline {
        scenario: "belarus_2025".into(),
        round_unit: "month".into(),
        rounds: 12,
        events: vec![
            TimelineEvent {
                round: 5,
                label: "USA-BLR: 14 freed, envoy visit".into(),
                freed: 14,
                relief: 0,
            },
            TimelineEvent {
                round: 8,
                label: "USA-BLR: 52 freed, licence us_belavia".into(),
                freed: 52,
                relief: 1,
            },
        ],
    };
    let svg = parse(&t.svg().unwrap());
    svg.assert_texts(&[
        "Deals of one run: belarus_2025",
        "round (month)",
        "prisoners freed (persons)",
        "freed by the deal",
        "freed so far",
        "deal with relief",
        "1. round 5: USA-BLR: 14 freed, envoy visit",
        "2. round 8: USA-BLR: 52 freed, licence us_belavia",
    ]);
}

#[test]
fn unusable_data_is_a_typed_error() {
    assert!(matches!(
        FreedHistogram::new("x", vec![]).svg(),
        Err(PlotError::Empty(_))
    ));
    assert!(matches!(
        StockBands::from_runs("x", "month", &[], &[], &[]),
        Err(PlotError::Empty(_))
    ));
    assert!(matches!(
        FrontierPlot::from_points("x", ["a", "b"], "u", vec![[f64::NAN, 0.0]], [0.0, 0.0]),
        Err(PlotError::Data(_))
    ));
    let r = ReliefSeries {
        scenario: "x".into(),
        round_unit: "month".into(),
        unit: "u".into(),
        rounds: vec![0, 1],
        sanctions: vec![("s".into(), vec![0.0])],
    };
    assert!(matches!(r.svg(), Err(PlotError::Data(_))));
}

#[test]
fn figures_write_files() {
    let dir = std::env::temp_dir().join(format!("detente-plots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = FreedHistogram::new("toy", vec![1, 2, 2])
        .write_to(&dir)
        .unwrap();
    assert_eq!(path.file_name().unwrap(), "freed_histogram.svg");
    parse(&std::fs::read_to_string(&path).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deal_sequence_dot_draws_one_arrow_per_concession_and_merges_releases() {
    let (_, world, _) = detente::scenario::load("examples/scenarios/belarus_2025.json").unwrap();
    let code = |c| world.government_by_code(c).unwrap();
    let (usa, blr, ltu) = (code("USA"), code("BLR"), code("LTU"));
    let potash = world.sanction_by_key("us_potash").unwrap();
    let mut december = detente::deal::Deal::new().licence(usa, blr, potash);
    for key in ["kalesnikava", "babaryka", "bialiatski"] {
        december = december.release(blr, usa, world.prisoner_by_key(key).unwrap(), ltu);
    }
    let june = detente::deal::Deal::new()
        .release(
            blr,
            usa,
            world.prisoner_by_key("tsikhanouski").unwrap(),
            ltu,
        )
        .recognition(usa, blr, detente::model::RecognitionLevel::EnvoyVisit);
    let dot = detente::report::deal_sequence_dot(&world, &[june, december]);
    let arrows: Vec<&str> = dot.lines().filter(|l| l.contains("->")).collect();
    // June: one release, one recognition; December: one licence, three
    // releases merged into one arrow.
    assert_eq!(arrows.len(), 4, "{dot}");
    assert!(dot.contains("\"BLR\" -> \"USA\" [label=\"1: release tsikhanouski\""));
    assert!(dot.contains("\"USA\" -> \"BLR\" [label=\"1: recognition EnvoyVisit\"]"));
    assert!(dot.contains("\"USA\" -> \"BLR\" [label=\"2: licence us_potash\"]"));
    assert!(dot.contains("\"BLR\" -> \"USA\" [label=\"2: release 3 (kalesnikava, ...)\""));
    assert!(dot.starts_with("digraph") && dot.trim_end().ends_with('}'));
}
