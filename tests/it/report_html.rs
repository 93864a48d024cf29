//! The one-file HTML report: self-contained markup, and a real browser
//! (headless Chromium, when installed) renders it without console errors.
#![cfg(feature = "plots")]

use std::process::Command;

use detente::report::{
    DealTimeline, FreedHistogram, FrontierPlot, HtmlReport, StockBands, TimelineEvent,
};

fn report() -> HtmlReport {
    let mut r = HtmlReport::new("Belarus 2025: 3 runs");
    r.summary.push(("Scenario".into(), "belarus_2025".into()));
    r.summary
        .push(("Governments".into(), "USA, BLR, EU & LTU".into()));
    r.key_numbers
        .push(("median prisoners freed".into(), "52".into()));
    r.add_figure(
        "Prisoners freed per run",
        &FreedHistogram::new("belarus_2025", vec![40, 52, 60]),
    )
    .unwrap();
    let stock = vec![vec![1265.0, 1250.0, 1200.0], vec![1265.0, 1260.0, 1230.0]];
    let flows = vec![vec![3.0, 4.0, 5.0]; 2];
    r.add_figure(
        "Prisoners held",
        &StockBands::from_runs("belarus_2025", "month", &stock, &flows, &flows).unwrap(),
    )
    .unwrap();
    let f = FrontierPlot::from_points(
        "USA-BLR",
        ["USA", "BLR"],
        "payoff units",
        vec![[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]],
        [0.0, 0.0],
    )
    .unwrap();
    r.add_figure("Pareto frontier", &f).unwrap();
    r.timeline = Some(DealTimeline {
        scenario: "belarus_2025".into(),
        round_unit: "month".into(),
        rounds: 3,
        events: vec![TimelineEvent {
            round: 1,
            label: "BLR frees 14 <to LTU>; USA envoy visit".into(),
            freed: 14,
            relief: 0,
        }],
    });
    r
}

#[test]
fn the_page_is_self_contained_and_well_formed() {
    let html = report().render();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(html.matches("<figure>").count(), 3);
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("http://")
            || html.matches("http://").count() == html.matches("xmlns").count()
    );
    assert!(!html.contains("https://"));
    assert!(html.contains("&lt;to LTU&gt;"));
    assert!(html.contains("EU &amp; LTU"));
}

#[test]
fn headless_chromium_renders_the_report() {
    let Some(browser) = ["chromium", "chromium-browser"].into_iter().find(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("NOTICE: chromium not found; skipping the browser test of the HTML report");
        return;
    };
    let dir = std::env::temp_dir().join(format!("detente-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    report().write(&page).unwrap();
    let png = dir.join("shot.png");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--timeout=20000",
            "--window-size=1000,1800",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed: {stderr}");
    // Page errors reach the log as console messages ("Uncaught ...").
    for line in stderr.lines() {
        assert!(
            !(line.contains("CONSOLE") || line.contains("Uncaught")),
            "console error: {line}"
        );
    }
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // A blank 1000x1800 page compresses to a few kB; plots make it far larger.
    assert!(bytes.len() > 30_000, "screenshot of {} bytes", bytes.len());
    let _ = std::fs::remove_dir_all(&dir);
}
