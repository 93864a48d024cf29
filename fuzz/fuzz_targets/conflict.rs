//! Conflicts in either layout (GMCR+ or the crate's own): reading and
//! compiling any bytes never panic; small accepted conflicts rank every
//! state, read back from the own layout and have Nash-stable equilibria.
//! The same checks as `tests/it/fuzz_inputs.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/common/input_checks.rs"]
mod input_checks;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        input_checks::conflict(text);
    }
});
