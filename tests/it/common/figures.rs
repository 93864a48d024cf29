//! Checks of figure files written by the examples (`--plots`, `--report`).
//! Include with `#[path = "common/figures.rs"] mod figures;`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A fresh, empty temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detente-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Parses `svg` and returns its non-numeric texts (captions, axis
/// descriptions, legend entries); fails unless it is a well-formed SVG
/// document with a size and some drawing.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(root.attribute("width").is_some() && root.attribute("height").is_some());
    let shapes = root
        .descendants()
        .filter(|n| {
            matches!(
                n.tag_name().name(),
                "rect" | "polyline" | "polygon" | "circle" | "path" | "line"
            )
        })
        .count();
    assert!(shapes > 3, "an SVG with almost nothing drawn");
    root.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| {
            n.descendants()
                .filter_map(|d| d.text())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .filter(|t| t.replace(',', "").parse::<f64>().is_err())
        .collect()
}

/// Reads every `*.svg` of `dir`, checks each as in [`svg_texts`], and
/// returns `(file stem, texts)` sorted by stem.
pub fn svg_dir(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = std::fs::read_dir(dir)
        .expect("the plots directory exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                svg_texts(&text),
            )
        })
        .collect();
    out.sort();
    out
}

/// Checks a one-file HTML report: doctype, no script, no external
/// reference, and every inline SVG well formed. Returns the number of
/// inline SVG figures.
pub fn check_html(html: &str) -> usize {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("https://") && !html.contains("src="));
    let mut n = 0;
    let mut rest = html;
    while let Some(a) = rest.find("<svg") {
        let b = rest[a..].find("</svg>").expect("closed svg") + a + "</svg>".len();
        svg_texts(&rest[a..b]);
        n += 1;
        rest = &rest[b..];
    }
    n
}

/// Whether `texts` has one containing `needle`.
pub fn has(texts: &[String], needle: &str) -> bool {
    texts.iter().any(|t| t.contains(needle))
}
