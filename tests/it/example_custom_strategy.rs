use crate::common;

#[test]
fn custom_strategy_negotiates_with_shipped_ones() {
    let out = common::run_example_ok("custom_strategy", &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (line, name) in lines.iter().zip(["boulware", "conceder", "tit-for-tat"]) {
        assert!(line.starts_with(&format!("stepper vs {name}: ")), "{line}");
    }
    // The conceder gives in long before a 0.01-per-step stepper reaches its floor.
    assert!(lines[1].contains("agreement ["), "{}", lines[1]);
}
