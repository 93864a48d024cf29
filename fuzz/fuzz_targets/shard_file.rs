//! Shard files: reading any bytes never panics; an accepted file writes
//! back to a text that reads as the same file, and merging it with itself
//! is refused.
//! The same checks as `tests/it/fuzz_inputs.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/common/input_checks.rs"]
mod input_checks;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        input_checks::shard_file(text);
    }
});
