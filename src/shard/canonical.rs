//! Canonical JSON and its SHA-256: the byte form that shard fingerprints
//! and checksums hash, so that two programs (this crate, a Python driver)
//! that hold the same value compute the same digest.
//!
//! # The canonical form
//! A JSON value is written with no whitespace at all, and:
//! - **objects** with their keys sorted by their UTF-8 bytes (which is also
//!   Unicode code-point order: Python's `sort_keys=True`), each key once;
//! - **strings** with only `"`, `\` and the control characters below
//!   U+0020 escaped: `\b \f \n \r \t` by those short forms, the others as
//!   `\u00XX` with lower-case hex; everything else, non-ASCII included, as
//!   raw UTF-8 (Python: `ensure_ascii=False`);
//! - **integers** (numbers without fraction or exponent that fit `i64` or
//!   `u64`) in plain decimal;
//! - **other numbers** as serde_json writes an `f64`: the shortest digits
//!   that read back to the same `f64`; positional with at least one digit
//!   after the point when `1e-5 <= |x| < 1e16` (`0.1`, `1.0`,
//!   `0.00001`, `1000000000000000.0`), else `d[.ddd]e±x` with a `+` on
//!   positive exponents and no leading zeros (`1e+16`, `-2.5e+300`,
//!   `1.5e-7`, `5e-324`). Python's `repr(float)` gives the same text
//!   except below `1e-4`, where it switches to an exponent earlier and pads
//!   it to two digits (`1e-05`, `1.5e-07`): write `1e-5 <= |x| < 1e-4`
//!   positionally and drop the exponent's leading zero to match (checked
//!   in this module's tests);
//! - `true`, `false`, `null` as such.
//!
//! Values pass through [`serde_json::Value`] first (with serde_json's
//! `float_roundtrip` feature, so floats read from files keep their bits).
//! Python equivalent, for values whose floats Python and serde_json write
//! alike (see above):
//! `json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical JSON text of `value` (the rules are described in `shard/canonical.rs`).
///
/// ```
/// use detente::shard::canonical_json;
/// let v = serde_json::json!({"b": [1, 2.5, "é\n"], "a": {"z": null, "y": true}});
/// assert_eq!(canonical_json(&v)?, r#"{"a":{"y":true,"z":null},"b":[1,2.5,"é\n"]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// When `value` does not serialize to JSON (a map with non-string keys).
pub fn canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let value = serde_json::to_value(value)?;
    let mut out = String::new();
    write_value(&value, &mut out)?;
    Ok(out)
}

/// SHA-256 of the canonical JSON of `value`, as 64 lower-case hex digits.
///
/// ```
/// use detente::shard::canonical_sha256;
/// // Key order in the source does not matter.
/// let a = serde_json::json!({"x": 1, "y": [0.5]});
/// let b: serde_json::Value = serde_json::from_str(r#"{ "y": [0.5], "x": 1 }"#)?;
/// assert_eq!(canonical_sha256(&a)?, canonical_sha256(&b)?);
/// assert_eq!(canonical_sha256(&a)?.len(), 64);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
/// As for [`canonical_json`].
pub fn canonical_sha256<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(sha256_hex(canonical_json(value)?.as_bytes()))
}

/// SHA-256 of `bytes`, as 64 lower-case hex digits.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_value(v: &Value, out: &mut String) -> Result<(), serde_json::Error> {
    match v {
        Value::Object(map) => {
            // serde_json's map may keep insertion order (feature
            // `preserve_order` in another crate of the build), so sort here.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (k, x)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k)?);
                out.push(':');
                write_value(x, out)?;
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(x, out)?;
            }
            out.push(']');
        }
        scalar => out.push_str(&serde_json::to_string(scalar)?),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_like_python_repr_above_1e_minus_4() {
        // Python's repr(x) for each, adjusted below 1e-4 as the module
        // docs say: repr(1e-05) = "1e-05", repr(1.5e-07) = "1.5e-07".
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (0.0001, "0.0001"),
            (0.00001, "0.00001"),
            (1.5e-7, "1.5e-7"),
            (-2.5e300, "-2.5e+300"),
            (123.456, "123.456"),
            (5e-324, "5e-324"),
        ];
        for (x, want) in cases {
            assert_eq!(canonical_json(&x).unwrap(), want, "{x}");
        }
    }

    #[test]
    fn strings_escape_only_quotes_backslashes_and_controls() {
        let s = "a\"b\\c\u{1}\u{7f}é\t";
        assert_eq!(
            canonical_json(s).unwrap(),
            "\"a\\\"b\\\\c\\u0001\u{7f}é\\t\""
        );
    }

    #[test]
    fn a_known_digest() {
        // printf '{"a":1}' | sha256sum
        assert_eq!(
            canonical_sha256(&serde_json::json!({"a": 1})).unwrap(),
            "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        );
    }
}
