//! Reader for PrefLib "weighted matching data" (`.wmd`), the public
//! kidney-exchange benchmark format (PrefLib series 00036).
//!
//! Header lines start with `#` (`# NUMBER ALTERNATIVES: n`,
//! `# ALTERNATIVE NAME i: Pair i`); data lines are `s,t,w`: the donor of pair
//! `s` can give to the patient of pair `t`, with weight `w`. Vertex ids are
//! 1-based in the file and 0-based in the [`ExchangeGraph`] (PrefLib vertex
//! `i` is `VertexId::new(i - 1)`). A vertex that is the target of a
//! 0-weight arc is an *altruist* (a non-directed donor): the 0-weight arcs
//! only say "a chain may end here" and are dropped.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ExchangeError, ExchangeGraph, VertexId};
use crate::limits::Limits;

/// Reads a `.wmd` file.
///
/// # Errors
/// [`crate::Error::Io`] if the file cannot be read,
/// [`ExchangeError::TooLarge`] if it is longer than the default memory
/// budget, otherwise the first mistake with its line number
/// ([`ExchangeError::Wmd`]).
pub fn read_wmd(path: impl AsRef<Path>) -> crate::Result<ExchangeGraph> {
    let path = path.as_ref();
    let io = |source| crate::Error::Io {
        path: path.display().to_string(),
        source,
    };
    let limits = Limits::default();
    let len = std::fs::metadata(path).map_err(io)?.len();
    limits
        .check_bytes(&path.display().to_string(), len)
        .map_err(ExchangeError::from)?;
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(parse_wmd_with(&text, &limits)?)
}

/// Parses the text of a `.wmd` file under the default [`Limits`].
///
/// ```
/// let text = "# NUMBER ALTERNATIVES: 3\n# NUMBER EDGES: 4\n\
///             1,2,1.0\n2,1,1.0\n3,1,1.0\n1,3,0.0\n";
/// let g = detente::exchange::parse_wmd(text)?;
/// assert_eq!(g.vertex_count(), 3);
/// assert_eq!(g.arc_count(), 3); // the dummy arc into altruist 3 is dropped
/// assert!(g.is_altruist(detente::exchange::VertexId::new(2)));
/// # Ok::<(), detente::exchange::ExchangeError>(())
/// ```
///
/// # Errors
/// As [`parse_wmd_with`].
pub fn parse_wmd(text: &str) -> Result<ExchangeGraph, ExchangeError> {
    parse_wmd_with(text, &Limits::default())
}

/// Parses the text of a `.wmd` file; `NUMBER ALTERNATIVES` is checked
/// against [`Limits::max_alternatives`] before anything is allocated for it.
///
/// ```
/// use detente::limits::Limits;
/// let tight = Limits { max_alternatives: 2, ..Limits::default() };
/// let err = detente::exchange::parse_wmd_with("# NUMBER ALTERNATIVES: 3\n", &tight).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 1: NUMBER ALTERNATIVES asks for 3, more than the limit of 2"
/// );
/// ```
///
/// # Errors
/// A missing, bad or repeated `NUMBER ALTERNATIVES` (or one above
/// `limits.max_alternatives`), a repeated header line, a data line that is
/// not `int,int,float`, an id out of range, a self-loop, a duplicate arc,
/// a non-finite weight or one outside the solver's range, a
/// positive-weight arc into an altruist, or an edge count that disagrees
/// with `NUMBER EDGES`: each reported with its line.
pub fn parse_wmd_with(text: &str, limits: &Limits) -> Result<ExchangeGraph, ExchangeError> {
    let err = |line: usize, message: String| ExchangeError::Wmd { line, message };
    let mut n: Option<(usize, usize)> = None;
    let mut declared_edges: Option<(usize, usize)> = None;
    let mut names: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    let mut data: Vec<(usize, usize, usize, f64)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(header) = line.strip_prefix('#') {
            let header = header.trim();
            let Some((key, value)) = header.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            // A second header line would silently override the first, so
            // the file would mean something other than what one of its
            // lines says: refuse it.
            let once = |seen: Option<(usize, usize)>, key: &str| match seen {
                Some((_, first)) => Err(err(
                    lineno,
                    format!("{key} given again (first on line {first})"),
                )),
                None => Ok(()),
            };
            if key == "NUMBER ALTERNATIVES" {
                once(n, key)?;
                let v: u64 = value.parse().map_err(|_| {
                    err(
                        lineno,
                        format!("NUMBER ALTERNATIVES must be a count, got {value:?}"),
                    )
                })?;
                limits
                    .check(key, v, limits.max_alternatives)
                    .map_err(|e| err(lineno, e.to_string()))?;
                let v = usize::try_from(v)
                    .map_err(|_| err(lineno, format!("{v} alternatives do not fit in memory")))?;
                n = Some((v, lineno));
            } else if key == "NUMBER EDGES" {
                once(declared_edges, key)?;
                let v = value.parse().map_err(|_| {
                    err(
                        lineno,
                        format!("NUMBER EDGES must be a count, got {value:?}"),
                    )
                })?;
                declared_edges = Some((v, lineno));
            } else if let Some(id) = key.strip_prefix("ALTERNATIVE NAME ") {
                let id: usize = id
                    .trim()
                    .parse()
                    .map_err(|_| err(lineno, format!("bad alternative id {id:?}")))?;
                if let Some((first, _)) = names.get(&id) {
                    return Err(err(
                        lineno,
                        format!("ALTERNATIVE NAME {id} given again (first on line {first})"),
                    ));
                }
                names.insert(id, (lineno, value.to_string()));
            }
            continue;
        }
        let mut parts = line.split(',');
        let (Some(s), Some(t), Some(w), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err(
                lineno,
                format!("expected `source,target,weight`, got {line:?}"),
            ));
        };
        let id = |x: &str| {
            x.trim().parse::<usize>().map_err(|_| {
                err(
                    lineno,
                    format!("vertex id must be a positive integer, got {x:?}"),
                )
            })
        };
        let w: f64 = w
            .trim()
            .parse()
            .map_err(|_| err(lineno, format!("weight must be a number, got {w:?}")))?;
        data.push((lineno, id(s)?, id(t)?, w));
    }
    let Some((n, _)) = n else {
        return Err(err(0, "missing `# NUMBER ALTERNATIVES: n` header".into()));
    };
    if let Some((m, at)) = declared_edges
        && m != data.len()
    {
        return Err(err(
            at,
            format!(
                "NUMBER EDGES says {m} but the file has {} data lines",
                data.len()
            ),
        ));
    }
    let mut altruist = vec![false; n];
    for (id, (at, name)) in &names {
        if *id == 0 || *id > n {
            return Err(err(*at, format!("alternative {id} is outside 1..={n}")));
        }
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("alturist") || lower.starts_with("altruist") {
            altruist[id - 1] = true;
        }
    }
    for &(line, s, t, w) in &data {
        for v in [s, t] {
            if v == 0 || v > n {
                return Err(err(line, format!("vertex {v} is outside 1..={n}")));
            }
        }
        if w == 0.0 {
            altruist[t - 1] = true;
        }
    }
    let mut g = ExchangeGraph::new();
    let mut label = vec![None; n];
    for (id, (_, name)) in names {
        label[id - 1] = Some(name);
    }
    for (i, l) in label.into_iter().enumerate() {
        g.add_party(l.unwrap_or_else(|| format!("{}", i + 1)), altruist[i]);
    }
    for (line, s, t, w) in data {
        if altruist[t - 1] {
            if w == 0.0 {
                continue;
            }
            return Err(err(
                line,
                format!("arc {s} -> {t} has weight {w} but {t} is an altruist"),
            ));
        }
        g.add_arc(VertexId::new(s - 1), VertexId::new(t - 1), w)
            .map_err(|e| err(line, e.to_string()))?;
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_their_line() {
        let bad = |t: &str| match parse_wmd(t) {
            Err(ExchangeError::Wmd { line, .. }) => line,
            other => panic!("expected a wmd error, got {other:?}"),
        };
        assert_eq!(bad("1,2,1\n"), 0);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 2\n1,2,1\n1;2\n"), 3);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 2\n1,3,1\n"), 2);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 2\n1,1,1\n"), 2);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 2\n1,2,1\n1,2,1\n"), 3);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 2\n1,2,inf\n"), 2);
        assert_eq!(bad("# NUMBER ALTERNATIVES: x\n"), 1);
        assert_eq!(bad("# NUMBER ALTERNATIVES: 10000000000000\n1,2,1\n"), 1);
        assert_eq!(
            bad("# NUMBER ALTERNATIVES: 2\n# NUMBER EDGES: 3\n1,2,1\n"),
            2
        );
        assert_eq!(bad("# NUMBER ALTERNATIVES: 3\n1,3,0\n2,3,1\n"), 3);
        assert_eq!(
            bad("# NUMBER ALTERNATIVES: 3\n# NUMBER ALTERNATIVES: 2\n1,2,1\n"),
            2
        );
        assert_eq!(bad("# NUMBER EDGES: 1\n# NUMBER EDGES: 1\n"), 2);
        assert_eq!(
            bad("# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: a\n# ALTERNATIVE NAME 1: b\n"),
            3
        );
    }

    #[test]
    fn altruists_from_names_and_dummy_arcs() {
        let g =
            parse_wmd("# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 3: Alturist 3\n3,1,1\n1,2,1\n")
                .unwrap();
        assert!(g.is_altruist(VertexId::new(2)));
        assert!(!g.is_altruist(VertexId::new(0)));
        assert_eq!(g.party(VertexId::new(2)).name, "Alturist 3");
        assert_eq!(g.party(VertexId::new(0)).name, "1");
    }
}
