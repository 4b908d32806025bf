//! `notescan report`, `scan --format csv` and FHIR inputs through the CLI, and
//! the report's text layer on every dev note (no browser needed).

use notescan::audit::{self, Policy};
use notescan::io::{self, ReadOptions};
use notescan::report::{self, ReportItem};
use notescan::Scanner;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_notescan"));
    c.current_dir(root());
    c
}

fn out_dir() -> PathBuf {
    let d = root().join("target/report-cli-test");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The note text of the page's `<div class="text">` blocks, tags removed and
/// entities decoded, section-marker labels left out.
fn text_blocks(html: &str) -> Vec<String> {
    let open = "<div class=\"text\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let end = rest.find("</div>").unwrap();
        let block = &rest[..end];
        assert_eq!(
            block.matches("<mark").count(),
            block.matches("</mark>").count()
        );
        let mut s = String::new();
        let mut b = block;
        while !b.is_empty() {
            if b.starts_with("<span class=\"sec\"") {
                b = &b[b.find("</span>").unwrap() + "</span>".len()..];
            } else if b.starts_with('<') {
                b = &b[b.find('>').unwrap() + 1..];
            } else {
                let n = b.find('<').unwrap_or(b.len());
                s.push_str(&b[..n]);
                b = &b[n..];
            }
        }
        out.push(
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_dev_note_survives_highlighting_byte_for_byte() {
    let scanner = Scanner::new();
    let files = io::text_files(&root().join("corpora/dev")).unwrap();
    let mut items = Vec::new();
    for f in &files {
        let r = io::read_text_file(f, &ReadOptions::default()).unwrap();
        let scan = scanner.scan(&r.id, &r.text);
        let a = audit::audit(&scan, &r.text, &Policy::default());
        items.push(ReportItem::new(r.text, scan, a));
    }
    let html = report::html_report(&items);
    let blocks = text_blocks(&html);
    assert_eq!(blocks.len(), items.len());
    for (b, it) in blocks.iter().zip(&items) {
        assert_eq!(b, &it.text, "{}", it.scan.id);
    }
    // Every flag links to an explanation embedded in the page.
    for it in &items {
        for f in &it.audit.flags {
            assert!(html.contains(&format!("href=\"#rule-{}\"", f.code)));
            assert!(html.contains(&format!("<section id=\"rule-{}\">", f.code)));
        }
    }
    assert!(no_external(&html));
}

/// The page loads nothing: no src/href to another document.
fn no_external(html: &str) -> bool {
    !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<link")
}

#[test]
fn report_command_writes_one_page() {
    let out = out_dir().join("dev.html");
    let o = bin()
        .args([
            "report",
            "corpora/dev",
            "tests/fixtures/fhir/bundle.json",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "bundle-doc-3 is unreadable");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(no_external(&html));
    assert_eq!(html.matches("<tr class=\"row\"").count(), 90 + 2);
    assert!(html.contains("data-kind=\"unresolved_binary\""));
    assert!(html.contains("patient: Patient/pat-010"));
    // Single-note view.
    let one = out_dir().join("one.html");
    let o = bin()
        .args(["report", "examples/notes/tfesi-right-l5.txt", "-o"])
        .arg(&one)
        .output()
        .unwrap();
    assert!(o.status.success());
    let html = std::fs::read_to_string(&one).unwrap();
    assert_eq!(html.matches("<tr class=\"row\"").count(), 1);
    assert!(html.contains("<title>notescan audit report: tfesi-right-l5</title>"));
}

#[test]
fn scan_csv_one_row_per_note() {
    let o = bin()
        .args(["scan", "examples/notes", "--format", "csv"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let mut rdr = csv::Reader::from_reader(&o.stdout[..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, report::csv_header());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    let r = rows.iter().find(|r| &r[0] == "tfesi-right-l5").unwrap();
    assert_eq!(&r[3], "supported");
    assert_eq!(&r[5], "64483-RT");
}

#[test]
fn scan_fhir_bundle_and_bulk_ndjson() {
    let o = bin()
        .args(["scan", "tests/fixtures/fhir/bundle.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "bundle-doc-1");
    assert_eq!(lines[0]["patient"], "Patient/pat-010");
    assert_eq!(lines[0]["date"], "2024-06-02");
    assert!(lines[0]["audit"]["verdict"].is_string());
    assert_eq!(lines[1]["date"], "2024-06-03T08:00:00Z");
    assert_eq!(lines[2]["error"]["kind"], "unresolved_binary");

    let o = bin()
        .args([
            "scan",
            "tests/fixtures/fhir/bulk-DocumentReference.ndjson",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let mut rdr = csv::Reader::from_reader(&o.stdout[..]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][1], "Patient/pat-020");
    assert_eq!(&rows[2][3], "error");
    assert_eq!(&rows[2][rows[2].len() - 2], "unresolved_binary");
    // A JSONL file named .json that is not FHIR still reads as JSONL.
    let plain = out_dir().join("plain.json");
    std::fs::write(
        &plain,
        "{\"id\": \"n1\", \"text\": \"Right L5-S1 TFESI.\"}\n",
    )
    .unwrap();
    let o = bin().arg("scan").arg(&plain).output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .starts_with("{\"id\":\"n1\""));
}
