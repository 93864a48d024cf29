//! Module dependency listing: which top-level modules of the crate each
//! top-level module names, read from the source itself.
//!
//! Every `crate::` and `super::` path outside comments and string literals
//! counts, in `use` trees (braces included) and inline in expressions
//! alike; `super::` is resolved against the module it is written in
//! (inline `mod x { .. }` blocks included). Names re-exported at the crate
//! root (`crate::Result`) count as the module they come from.
//!
//! The layering it checks: `exchange` is pure clearing and names nothing
//! but `budget`, `error`, `limits` and `rng`; no engine names `report` (reports read the
//! engines' results, never the reverse). `cargo test --test module_deps --
//! --nocapture` prints the whole listing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules that compute; none of them may depend on `report`.
const ENGINES: &[&str] = &[
    "model",
    "deal",
    "rules",
    "table",
    "payoff",
    "generate",
    "scenario",
    "negotiate",
    "explore",
    "simulate",
    "exchange",
    "mediator",
    "conflict",
    "history",
    "calibrate",
    "analysis",
    "shard",
];

/// What `exchange` may name besides itself.
const EXCHANGE_MAY_USE: &[&str] = &["budget", "error", "limits", "rng"];

/// `from -> {to}` over top-level modules, self-edges left out.
type Listing = BTreeMap<String, BTreeSet<String>>;

/// The source with comments and the contents of string and character
/// literals blanked out (newlines kept), so that neither a doc example nor a
/// message text counts as a path.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // A raw string: r"..." or r#"..."#, with as many hashes to close.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.push('"');
            i = j + 1;
            while i < b.len() {
                if b[i] == '"' && (1..=hashes).all(|k| b.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                blank(&mut out, b[i]);
                i += 1;
            }
            out.push('"');
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    blank(&mut out, b[i]);
                    i += 1;
                }
                if i < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == '\'' {
            // A character literal ('{', '\n', '\u{7b}'), else a lifetime.
            let end = if next == Some('\\') {
                (i + 2..b.len()).find(|&k| b[k] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    out.push_str("' '");
                    i = e + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && is_ident(b[i - 1])
}

/// The first identifier of every top-level item of a brace group starting
/// just after its `{` (`a, b::c, d::{e, f}` gives `a`, `b`, `d`), and
/// where the group ends.
fn brace_heads(b: &[char], mut i: usize) -> (Vec<String>, usize) {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut want_head = true;
    while i < b.len() {
        let c = b[i];
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return (heads, i + 1),
            '}' => depth -= 1,
            ',' if depth == 0 => want_head = true,
            c if want_head && depth == 0 && (is_ident(c) || c == '*') => {
                let start = i;
                while i < b.len() && (is_ident(b[i]) || b[i] == '*') {
                    i += 1;
                }
                heads.push(b[start..i].iter().collect());
                want_head = false;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (heads, i)
}

/// Whether `::` comes just before `i` (the `super` in `super::super` that
/// the first one already resolved).
fn after_colons(b: &[char], i: usize) -> bool {
    let mut k = i;
    while k > 0 && b[k - 1].is_whitespace() {
        k -= 1;
    }
    k >= 2 && b[k - 1] == ':' && b[k - 2] == ':'
}

/// Skips whitespace.
fn skip_ws(b: &[char], mut i: usize) -> usize {
    while i < b.len() && b[i].is_whitespace() {
        i += 1;
    }
    i
}

/// Reads `ident` at `i`, if any.
fn ident_at(b: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    while j < b.len() && is_ident(b[j]) {
        j += 1;
    }
    (j > i).then(|| (b[i..j].iter().collect(), j))
}

/// `::` at `i` (after whitespace), returning the index after it.
fn colons_at(b: &[char], i: usize) -> Option<usize> {
    let i = skip_ws(b, i);
    (b.get(i) == Some(&':') && b.get(i + 1) == Some(&':')).then_some(i + 2)
}

/// Every path in `code` (already [`code_only`]) that leaves the module,
/// as the full module path it names below the crate root (first segment =
/// a top-level module or a root item). `module` is the file's module path.
fn paths_in(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let b: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    // Inline modules open at a brace depth: (depth, name).
    let mut inline: Vec<(usize, String)> = Vec::new();
    let mut depth = 0usize;
    let mut pending_mod: Option<String> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '{' {
            depth += 1;
            if let Some(name) = pending_mod.take() {
                inline.push((depth, name));
            }
            i += 1;
            continue;
        }
        if c == '}' {
            if inline.last().is_some_and(|(d, _)| *d == depth) {
                inline.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        if c == ';' {
            pending_mod = None;
        }
        if !is_ident(c) || ident_before(&b, i) {
            i += 1;
            continue;
        }
        let Some((word, end)) = ident_at(&b, i) else {
            i += 1;
            continue;
        };
        let here: Vec<String> = module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(_, n)| n.clone()))
            .collect();
        match word.as_str() {
            "mod" => {
                let j = skip_ws(&b, end);
                if let Some((name, after)) = ident_at(&b, j) {
                    pending_mod = Some(name);
                    i = after;
                    continue;
                }
            }
            "crate" | "super" if !after_colons(&b, i) => {
                if let Some(p) = resolve(&b, i, &here) {
                    out.extend(p);
                }
            }
            _ => {}
        }
        i = end;
    }
    out
}

/// The module paths named by the path starting at `i` (`crate::` or a
/// chain of `super::`), resolved from module `here`. `None` when it stays
/// inside `here` or is not a path (`pub(super)`).
fn resolve(b: &[char], i: usize, here: &[String]) -> Option<Vec<Vec<String>>> {
    let mut base: Vec<String> = here.to_vec();
    let mut j = i;
    if b[i] == 'c' {
        base.clear();
        j = colons_at(b, i + "crate".len())?;
    } else {
        while let Some((word, end)) = ident_at(b, j) {
            if word != "super" {
                break;
            }
            let after = colons_at(b, end)?;
            base.pop()?;
            j = skip_ws(b, after);
        }
    }
    let j = skip_ws(b, j);
    let heads: Vec<String> = if b.get(j) == Some(&'{') {
        brace_heads(b, j + 1).0
    } else if b.get(j) == Some(&'*') {
        vec!["*".into()]
    } else {
        vec![ident_at(b, j)?.0]
    };
    Some(
        heads
            .into_iter()
            .filter(|h| h != "self")
            .map(|h| {
                let mut p = base.clone();
                p.push(h);
                p
            })
            .collect(),
    )
}

/// The module path of a file under `src/` (`report/figures/mod.rs` is
/// `[report, figures]`; `lib.rs` is the root).
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Names re-exported at the crate root, mapped to the module they come
/// from (`Result` -> `error`), read from the `pub use m::{..};` items of
/// lib.rs outside any inline module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let code = code_only(lib);
    let b: Vec<char> = code.chars().collect();
    let mut out = BTreeMap::new();
    for (at, _) in code.match_indices("pub use ") {
        // Only the root's own re-exports: not those of `mod prelude { .. }`.
        let before = &code[..at];
        if before.matches('{').count() != before.matches('}').count() {
            continue;
        }
        let i = code[..at].chars().count() + "pub use ".len();
        let Some((module, end)) = ident_at(&b, i) else {
            continue;
        };
        let Some(j) = colons_at(&b, end).map(|j| skip_ws(&b, j)) else {
            continue;
        };
        let names = if b.get(j) == Some(&'{') {
            brace_heads(&b, j + 1).0
        } else {
            ident_at(&b, j).map(|(n, _)| vec![n]).unwrap_or_default()
        };
        for n in names {
            out.insert(n, module.clone());
        }
    }
    out
}

/// The listing for the sources under `src`, each file given as
/// (path relative to `src`, text).
fn listing(files: &[(PathBuf, String)]) -> Listing {
    let lib = files
        .iter()
        .find(|(p, _)| p == Path::new("lib.rs"))
        .map(|(_, s)| s.as_str())
        .unwrap_or("");
    let reexports = root_reexports(lib);
    let mut out = Listing::new();
    for (rel, text) in files {
        let module = module_of(rel);
        let code = code_only(text);
        for path in paths_in(&code, &module) {
            let from = module
                .first()
                .cloned()
                .unwrap_or_else(|| "(root)".to_string());
            let Some(head) = path.first() else { continue };
            let to = reexports.get(head).cloned().unwrap_or_else(|| head.clone());
            if to != from {
                out.entry(from).or_default().insert(to);
            }
        }
    }
    out
}

fn crate_listing() -> Listing {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files: Vec<(PathBuf, String)> = paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable source file");
            (p.strip_prefix(&src).expect("under src").to_path_buf(), text)
        })
        .collect();
    assert!(
        files.len() > 50,
        "only {} source files found: is this the crate root?",
        files.len()
    );
    listing(&files)
}

fn print(listing: &Listing) {
    for (from, to) in listing {
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        println!("{from} -> {}", to.join(", "));
    }
}

#[test]
fn exchange_names_only_error_and_rng() {
    let listing = crate_listing();
    print(&listing);
    // The scanner sees real arrows: mediator is built on exchange.
    assert!(listing["mediator"].contains("exchange"), "{listing:?}");
    let extra: Vec<&String> = listing
        .get("exchange")
        .into_iter()
        .flatten()
        .filter(|m| !EXCHANGE_MAY_USE.contains(&m.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "exchange must be pure clearing, but it names {extra:?}"
    );
}

#[test]
fn no_engine_names_report() {
    let listing = crate_listing();
    // The scanner sees real arrows: report draws simulate's results.
    assert!(listing["report"].contains("simulate"), "{listing:?}");
    let offenders: Vec<&str> = ENGINES
        .iter()
        .copied()
        .filter(|e| listing.get(*e).is_some_and(|to| to.contains("report")))
        .collect();
    assert!(
        offenders.is_empty(),
        "engines import report: {offenders:?} (report reads their results, not the reverse)"
    );
}

/// The listing of a made-up crate given as (file, text) pairs.
fn toy(files: &[(&str, &str)]) -> Listing {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, s)| (PathBuf::from(p), s.to_string()))
        .collect();
    listing(&files)
}

fn edges(l: &Listing, from: &str) -> Vec<String> {
    l.get(from).into_iter().flatten().cloned().collect()
}

#[test]
fn comments_and_strings_do_not_count() {
    let l = toy(&[(
        "exchange/mod.rs",
        "//! See [`crate::report`].\n/// `crate::model::World`\nfn f() { // crate::deal\n\
         /* crate::rules /* nested */ crate::payoff */ let s = \"crate::table\"; \
         let r = r#\"crate::scenario\"#; let c = '{'; }\n",
    )]);
    assert_eq!(edges(&l, "exchange"), Vec::<String>::new());
}

#[test]
fn inline_paths_and_use_trees_count() {
    let l = toy(&[
        (
            "mediator/package.rs",
            "use crate::{deal::{Deal, Staging}, model::World};\n\
         fn f() { let x = crate::payoff::delta(1); let y = crate :: rules :: Rule; }\n\
         use crate::Result;\n",
        ),
        (
            "lib.rs",
            "pub mod error;\npub use error::{Error, Result};\n",
        ),
    ]);
    assert_eq!(
        edges(&l, "mediator"),
        ["deal", "error", "model", "payoff", "rules"]
    );
}

#[test]
fn super_resolves_to_the_module_it_names() {
    let l = toy(&[
        // Two levels up from report/figures/calibration is report: itself.
        ("report/figures/calibration.rs", "use super::super::dot;\n"),
        // Inside an inline module, one `super` more is needed to leave the file.
        (
            "simulate/runner.rs",
            "mod inner { use super::super::super::report::X; }\nuse super::trajectory;\n",
        ),
        (
            "model/mod.rs",
            "fn f() { super::rng::derived(1); }\npub(super) fn g() {}\n",
        ),
    ]);
    assert_eq!(edges(&l, "report"), Vec::<String>::new());
    assert_eq!(edges(&l, "simulate"), ["report"]);
    // A path that climbs out of the crate root names the root's module.
    let root = toy(&[
        (
            "lib.rs",
            "pub mod error;\npub use error::Result;\n\
         pub mod prelude { pub use crate::deal::Deal; }\n",
        ),
        ("deal/apply.rs", "use super::super::Result;\n"),
    ]);
    assert_eq!(edges(&root, "deal"), ["error"]);
    assert_eq!(edges(&root, "(root)"), ["deal"]);
    assert_eq!(edges(&l, "model"), ["rng"]);
}

#[test]
fn a_bad_import_is_caught() {
    let l = toy(&[
        ("exchange/graph.rs", "use crate::model::World;\n"),
        (
            "history/calibrate.rs",
            "fn f() -> crate::report::CalibrationPlot { todo!() }\n",
        ),
    ]);
    assert_eq!(edges(&l, "exchange"), ["model"]);
    assert_eq!(edges(&l, "history"), ["report"]);
}
