//! PrefLib `.wmd` parsing: reading any bytes must never panic (nor allocate
//! for a header's claim alone); whatever is accepted must be a valid
//! exchange graph that reads back unchanged from its own `.wmd`, and small
//! accepted graphs clear (cycles and chains up to 3) to a valid set of
//! exchanges. The same checks as `tests/it/fuzz_preflib.rs`.
#![no_main]

use detente::exchange::parse_wmd;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(graph) = parse_wmd(text) {
        check(&graph);
    }
});

#[path = "../../tests/it/common/preflib_check.rs"]
mod preflib_check;
use preflib_check::check;
