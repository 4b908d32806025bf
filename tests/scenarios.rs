//! The seed's four audit scenarios, written as notes in `examples/notes/`:
//! the verdicts, codes and flags a coder would expect.

use notescan::audit::{self, Policy, Verdict};
use notescan::Scanner;

fn run(name: &str) -> (audit::Audit, Vec<&'static str>) {
    let path = format!("{}/examples/notes/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let scan = Scanner::new().scan(name, &text);
    let a = audit::audit(&scan, &text, &Policy::default());
    let codes = a.flags.iter().map(|f| f.code).collect();
    (a, codes)
}

fn lines(a: &audit::Audit) -> Vec<String> {
    a.codes
        .iter()
        .map(|c| serde_json::to_string(c).unwrap())
        .collect()
}

#[test]
fn unilateral_l5_is_supported() {
    let (a, flags) = run("scenario-1-unilateral-l5");
    assert_eq!(a.verdict, Verdict::Supported);
    assert!(flags.is_empty(), "{flags:?}");
    assert_eq!(lines(&a), [r#"{"code":"64483","modifier":"RT","units":1}"#]);
}

#[test]
fn two_levels_code_64483_and_64484() {
    let (a, flags) = run("scenario-2-two-levels");
    assert_eq!(a.verdict, Verdict::Supported);
    assert!(flags.is_empty(), "{flags:?}");
    assert_eq!(
        lines(&a),
        [
            r#"{"code":"64483","modifier":"LT","units":1}"#,
            r#"{"code":"64484","modifier":"LT","units":1}"#
        ]
    );
}

#[test]
fn repeat_without_durable_benefit_is_at_risk() {
    let (a, flags) = run("scenario-3-repeat-without-benefit");
    assert_eq!(a.verdict, Verdict::AtRisk);
    assert_eq!(flags, ["NS503"]);
    assert_eq!(a.checklist.repeat_benefit, Some(false));
}

#[test]
fn no_imaging_documented_is_at_risk() {
    let (a, flags) = run("scenario-4-no-imaging");
    assert_eq!(a.verdict, Verdict::AtRisk);
    assert_eq!(flags, ["NS301"]);
    assert_eq!(a.checklist.imaging_guidance, Some(false));
}
