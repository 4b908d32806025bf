//! FHIR R4 input: DocumentReference, Bundle (attachment.url → Binary) and Bulk
//! NDJSON, text/plain and text/html, and the per-record errors.

use notescan::io::fhir::{self, FhirNote};
use notescan::io::{ReadOptions, RecordError};
use notescan::Scanner;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fhir")
        .join(name)
}

fn json(name: &str) -> Vec<Result<FhirNote, RecordError>> {
    let bytes = std::fs::read(fixture(name)).unwrap();
    assert!(fhir::looks_like_fhir(&bytes), "{name} not detected as FHIR");
    fhir::read_json(name, &bytes, &ReadOptions::default())
}

fn ndjson(name: &str) -> Vec<Result<FhirNote, RecordError>> {
    let path = fixture(name);
    assert!(fhir::file_looks_like_fhir(&path));
    let mut out = Vec::new();
    fhir::read_ndjson(&path, &ReadOptions::default(), |r| out.push(r)).unwrap();
    out
}

fn example(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/notes")
            .join(name),
    )
    .unwrap()
}

#[test]
fn document_reference_base64_text_plain() {
    let notes = json("docref-plain.json");
    assert_eq!(notes.len(), 1);
    let n = notes[0].as_ref().unwrap();
    assert_eq!(n.record.id, "docref-plain");
    assert_eq!(n.record.text, example("tfesi-right-l5.txt"));
    assert!(n.record.warnings.is_empty());
    assert_eq!(n.patient.as_deref(), Some("Patient/pat-001"));
    assert_eq!(n.date.as_deref(), Some("2024-03-05T10:15:00Z"));
    assert_eq!(n.content_type, "text/plain");
    let scan = Scanner::new().scan(&n.record.id, &n.record.text);
    assert_eq!(
        scan.facts.procedure.targets[0].level.unwrap().to_string(),
        "L5-S1"
    );
}

#[test]
fn html_is_stripped_and_spans_refer_to_the_stripped_text() {
    let notes = json("docref-html.json");
    let n = notes[0].as_ref().unwrap();
    assert_eq!(
        n.date.as_deref(),
        Some("2024-04-11"),
        "context.period.start"
    );
    assert_eq!(n.patient.as_deref(), Some("Patient/pat-002"));
    let t = &n.record.text;
    assert!(
        t.starts_with("PROCEDURE:\nLeft L4–5 transforaminal"),
        "{t:?}"
    );
    assert!(!t.contains('<') && !t.contains("&amp;") && !t.contains("__pwned"));
    assert!(t.contains("6 weeks") && t.contains("7/10 & worse"));
    assert!(n
        .record
        .warnings
        .iter()
        .any(|w| w.starts_with("html_stripped")));
    let scan = Scanner::new().scan(&n.record.id, t);
    assert!(!scan.mentions.is_empty());
    for m in &scan.mentions {
        assert!(t.get(m.span.range()).is_some());
    }
    let target = scan.facts.procedure.targets[0];
    assert_eq!(target.level.unwrap().to_string(), "L4-L5");
    assert_eq!(target.side, Some(notescan::facts::Side::Left));
}

#[test]
fn bundle_resolves_binaries_by_reference_and_full_url() {
    let notes = json("bundle.json");
    assert_eq!(
        notes.len(),
        3,
        "three DocumentReferences; Patient and Binaries are not notes"
    );
    let a = notes[0].as_ref().unwrap();
    assert_eq!(a.record.id, "bundle-doc-1");
    assert_eq!(
        a.content_type, "text/plain",
        "text/plain preferred over the PDF"
    );
    assert_eq!(a.record.text, example("scenario-2-two-levels.txt"));
    assert_eq!(a.patient.as_deref(), Some("Patient/pat-010"));
    assert_eq!(a.date.as_deref(), Some("2024-06-02"));
    let b = notes[1].as_ref().unwrap();
    assert_eq!(b.record.id, "bundle-doc-2");
    assert_eq!(b.content_type, "text/html", "the Binary's contentType");
    assert_eq!(b.date.as_deref(), Some("2024-06-03T08:00:00Z"));
    assert!(b.record.text.starts_with("PROCEDURE:\nLeft L4–5"));
    let c = notes[2].as_ref().unwrap_err();
    assert_eq!(c.id, "bundle-doc-3");
    assert_eq!(c.kind, "unresolved_binary");
    assert!(c.message.contains("Binary/missing"));
}

#[test]
fn bulk_ndjson_one_result_per_line_with_a_broken_one() {
    let notes = ndjson("bulk-DocumentReference.ndjson");
    assert_eq!(notes.len(), 3);
    let ids: Vec<&str> = notes
        .iter()
        .map(|r| match r {
            Ok(n) => n.record.id.as_str(),
            Err(e) => e.id.as_str(),
        })
        .collect();
    assert_eq!(ids, ["bulk-1", "bulk-2", "bulk-3"]);
    assert_eq!(
        notes[0].as_ref().unwrap().record.text,
        example("axial-facet.txt")
    );
    assert_eq!(notes[1].as_ref().unwrap().content_type, "text/html");
    assert_eq!(
        notes[1].as_ref().unwrap().date.as_deref(),
        Some("2024-07-02")
    );
    let e = notes[2].as_ref().unwrap_err();
    assert_eq!(e.kind, "unresolved_binary");
}

#[test]
fn bulk_ndjson_binary_in_same_file_bad_line_and_other_resources() {
    let notes = ndjson("bulk-mixed.ndjson");
    // DocumentReference (Binary later in the file), a cut-off line, a Patient; blank and Binary lines yield nothing.
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(
        notes[0].as_ref().unwrap().record.text,
        example("tfesi-right-l5.txt")
    );
    let e = notes[1].as_ref().unwrap_err();
    assert_eq!(e.kind, "invalid_json");
    assert!(e.id.ends_with("bulk-mixed.ndjson:2"), "{}", e.id);
    assert!(!e.message.contains("cut-off"), "messages never quote input");
    let e = notes[2].as_ref().unwrap_err();
    assert_eq!(e.kind, "unsupported_resource");
    assert!(e.id.ends_with(":4"));
}

#[test]
fn no_text_attachment_is_a_clear_record_error() {
    let notes = json("docref-no-attachment.json");
    let e = notes[0].as_ref().unwrap_err();
    assert_eq!(e.id, "docref-empty");
    assert_eq!(e.kind, "no_text_attachment");
    assert!(e.message.contains("attachment"));
}

#[test]
fn unsupported_content_type_names_the_type() {
    let notes = json("docref-pdf.json");
    let e = notes[0].as_ref().unwrap_err();
    assert_eq!(e.id, "docref-pdf");
    assert_eq!(e.kind, "unsupported_content_type");
    assert!(e.message.contains("application/pdf"), "{}", e.message);
}

#[test]
fn invalid_base64_is_a_record_error() {
    let e = json("docref-bad-base64.json").remove(0).unwrap_err();
    assert_eq!(e.kind, "invalid_base64");
}

#[test]
fn not_fhir_and_not_json() {
    assert!(!fhir::looks_like_fhir(
        br#"{"id": "n1", "text": "Right L5-S1 TFESI"}"#
    ));
    let r = fhir::read_json("x.json", b"{nope", &ReadOptions::default());
    assert_eq!(r[0].as_ref().unwrap_err().kind, "invalid_json");
    let r = fhir::read_json(
        "x.json",
        br#"{"resourceType": "Patient", "id": "p"}"#,
        &ReadOptions::default(),
    );
    assert_eq!(r[0].as_ref().unwrap_err().kind, "unsupported_resource");
}

#[test]
fn oversized_attachment_is_too_large() {
    let bytes = std::fs::read(fixture("docref-plain.json")).unwrap();
    let opts = ReadOptions {
        max_note_bytes: 100,
        ..ReadOptions::default()
    };
    let e = fhir::read_json("p.json", &bytes, &opts)
        .remove(0)
        .unwrap_err();
    assert_eq!(e.kind, "too_large");
}

#[test]
fn garbage_never_panics() {
    let opts = ReadOptions::default();
    for s in [
        &br#"{"resourceType":"Bundle","entry":7}"#[..],
        br#"{"resourceType":"Bundle","entry":[{"resource":5},{"fullUrl":3}]}"#,
        br#"{"resourceType":"DocumentReference","content":"x"}"#,
        br#"{"resourceType":"DocumentReference","content":[{"attachment":{"data":""}}]}"#,
        br#"{"resourceType":"DocumentReference","content":[{"attachment":{"url":"Binary/"}}]}"#,
        br#"{"resourceType":7}"#,
        b"[]",
    ] {
        let _ = fhir::read_json("g.json", s, &opts);
    }
}

#[test]
fn read_file_routes_json_bundles_and_ndjson_named_json() {
    let opts = ReadOptions::default();
    let mut n = Vec::new();
    fhir::read_file(&fixture("bundle.json"), &opts, |r| n.push(r)).unwrap();
    assert_eq!(n.len(), 3);
    // Bulk NDJSON saved as .json is read line by line.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fhir-test");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("export.json");
    std::fs::copy(fixture("bulk-DocumentReference.ndjson"), &p).unwrap();
    let mut n = Vec::new();
    fhir::read_file(&p, &opts, |r| n.push(r)).unwrap();
    assert_eq!(n.len(), 3);
    assert_eq!(n[0].as_ref().unwrap().record.id, "bulk-1");
    let mut n = Vec::new();
    fhir::read_file(&fixture("bulk-mixed.ndjson"), &opts, |r| n.push(r)).unwrap();
    assert_eq!(n.len(), 3);
    assert!(fhir::read_file(&dir.join("missing.ndjson"), &opts, |_| {}).is_err());
}
