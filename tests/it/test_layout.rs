//! The test tree's own invariants, which no compiler checks.

use std::path::Path;

/// proptest reads a module's saved failures from
/// `tests/proptest-regressions/NAME.txt` (beside the directory holding
/// `main.rs`, with the module file's name): a module renamed without its
/// file would silently stop replaying them.
#[test]
fn every_proptest_regression_file_has_its_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let files = std::fs::read_dir(root.join("proptest-regressions"))
        .expect("tests/proptest-regressions exists")
        .map(|e| e.expect("readable directory entry").path())
        .collect::<Vec<_>>();
    assert!(!files.is_empty(), "no regression files found");
    for file in files {
        assert_eq!(
            file.extension().and_then(|x| x.to_str()),
            Some("txt"),
            "{}: proptest only reads NAME.txt here",
            file.display()
        );
        let stem = file.file_stem().expect("a file name").to_string_lossy();
        let module = root.join("it").join(format!("{stem}.rs"));
        assert!(
            module.is_file(),
            "{} has no module {}: rename it with its module",
            file.display(),
            module.display()
        );
    }
}
