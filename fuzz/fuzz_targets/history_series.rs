//! History series: reading any bytes never panics, and a fit of what was
//! read refuses or gives finite rates.
//! The same checks as `tests/it/fuzz_inputs.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/common/input_checks.rs"]
mod input_checks;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        input_checks::history_series(text);
    }
});
