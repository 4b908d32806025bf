//! Span invariants on every corpus note and on the real MTSamples notes:
//! every mention, section, clause and evidence span lies on char boundaries
//! inside the text, the JSON `text` of each mention equals `&note[start..end]`,
//! and the facts round-trip through the contract's reader.

use notescan::{output, Facts, Scanner};
use std::path::{Path, PathBuf};

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn check(scanner: &Scanner, path: &Path) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let scan = scanner.scan("n", &text);
    let ok = |s: notescan::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for m in &scan.mentions {
        assert!(ok(m.span), "{}: mention {:?}", path.display(), m.span);
    }
    for s in &scan.sections {
        assert!(
            ok(s.span) && ok(s.body),
            "{}: section {:?}",
            path.display(),
            s.span
        );
        if let Some(h) = s.header {
            assert!(ok(h));
        }
    }
    for c in &scan.clauses {
        assert!(ok(*c), "{}: clause {c:?}", path.display());
    }
    for e in &scan.evidence {
        assert!(ok(e.span), "{}: evidence {:?}", path.display(), e.span);
    }
    // Sections tile the note in order.
    let mut pos = 0;
    for s in &scan.sections {
        assert_eq!(
            s.span.start,
            pos,
            "{}: sections must tile the note",
            path.display()
        );
        pos = s.span.end;
    }
    assert_eq!(pos, text.len(), "{}", path.display());
    let json = serde_json::to_value(
        output::ScanRecord::new(&scan, &text, scanner.lexicons()).with_triggers(true),
    )
    .expect("serializes");
    for m in json["mentions"].as_array().expect("mentions") {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            m["text"].as_str().unwrap(),
            &text[s..e],
            "{}",
            path.display()
        );
    }
    let back = Facts::from_json(json["facts"].clone())
        .unwrap_or_else(|e| panic!("{}: facts break the contract {e}", path.display()));
    assert_eq!(back, scan.facts);
}

#[test]
fn corpus_notes_keep_span_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let files = txt_files(&dir);
    assert!(files.len() >= 80, "corpora/dev holds {} notes", files.len());
    let scanner = Scanner::new();
    for f in &files {
        check(&scanner, f);
    }
}

#[test]
fn example_notes_keep_span_invariants() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes");
    let files = txt_files(&dir);
    assert!(!files.is_empty());
    let scanner = Scanner::new();
    for f in &files {
        check(&scanner, f);
    }
}

#[test]
fn mtsamples_notes_scan_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/mtsamples");
    let files = txt_files(&dir);
    if files.is_empty() {
        eprintln!("skipped: {} not present", dir.display());
        return;
    }
    let scanner = Scanner::new();
    for f in &files {
        check(&scanner, f);
    }
    eprintln!("checked {} MTSamples notes", files.len());
}
