//! Scenario loading from TOML: parse, validate and build under small limits
//! must never panic; whatever is accepted must survive a JSON round trip.
#![no_main]

use detente::scenario::{Limits, Scenario};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = Scenario::from_toml_str(text) else {
        return;
    };
    let limits = Limits {
        max_prisoners: 100_000,
        memory_budget: 64 << 20,
        ..Limits::default()
    };
    if scenario.build_with(&limits).is_ok() {
        let again = Scenario::from_json_str(&scenario.to_json_string())
            .expect("an accepted scenario reparses from its own JSON");
        assert_eq!(again, scenario, "JSON round trip changed the scenario");
    }
});
