//! The `notescan` binary end to end: input formats, one line per record in
//! input order, error records, exit codes, atomic output and `--resume`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_notescan"))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("notescan-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn corpus_notes() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// A JSONL archive of `n` notes (corpus notes repeated under new ids).
fn archive(path: &Path, n: usize) {
    let notes = corpus_notes();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let (_, text) = &notes[i % notes.len()];
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("n{i:06}"), "text": text})
        )
        .unwrap();
    }
}

fn ids(out: &[u8]) -> Vec<String> {
    out.split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn every_record_gets_one_line_in_order_and_errors_name_the_record() {
    let d = tmpdir("errors");
    let jsonl = d.join("in.jsonl");
    let big = "x".repeat(2000);
    std::fs::write(
        &jsonl,
        format!(
            "{}\n{{not json\n{}\n{}\n{}\n",
            serde_json::json!({"id": "a", "text": "Right L5-S1 TFESI."}),
            serde_json::json!({"id": "b"}),
            serde_json::json!({"id": "c", "text": big}),
            serde_json::json!({"id": 7, "text": "No leg pain."}),
        ),
    )
    .unwrap();
    let bad_utf8 = d.join("latin1.txt");
    std::fs::write(&bad_utf8, b"Right L4-5 TFESI \xe9\xe9 done.").unwrap();
    let out = bin()
        .args(["scan", "--max-note-bytes", "1000"])
        .arg(&jsonl)
        .arg(&bad_utf8)
        .arg(d.join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "some records errored");
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let got: Vec<(String, Option<String>)> = lines
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["error"]["kind"].as_str().map(String::from),
            )
        })
        .collect();
    let src = jsonl.display().to_string();
    assert_eq!(
        got,
        vec![
            ("a".to_string(), None),
            (format!("{src}:2"), Some("invalid_json".to_string())),
            ("b".to_string(), Some("missing_field".to_string())),
            ("c".to_string(), Some("too_large".to_string())),
            ("7".to_string(), None),
            ("latin1".to_string(), None),
            ("missing".to_string(), Some("unreadable".to_string())),
        ]
    );
    assert!(lines[5]["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("invalid_utf8: 2 "));
    // No note text in any error message or in the summary.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("7 notes read, 3 scanned, 4 errored"),
        "{stderr}"
    );
    for l in &lines {
        if let Some(m) = l["error"]["message"].as_str() {
            assert!(!m.contains("xxxx") && !m.contains("TFESI"), "{m}");
        }
    }
}

#[test]
fn a_bom_before_the_first_jsonl_record_is_ignored() {
    let d = tmpdir("bom");
    let p = d.join("bom.jsonl");
    std::fs::write(
        &p,
        format!(
            "\u{FEFF}{}\n",
            serde_json::json!({"id": "a", "text": "Right L5-S1 TFESI."})
        ),
    )
    .unwrap();
    let out = bin().arg("scan").arg(&p).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ids(&out.stdout), ["a"]);
}

#[test]
fn a_huge_jsonl_line_is_skipped_not_buffered() {
    let d = tmpdir("hugeline");
    let p = d.join("huge.jsonl");
    let big = serde_json::json!({"id": "big", "text": "x".repeat(200_000)});
    std::fs::write(
        &p,
        format!(
            "{big}\n{}\n",
            serde_json::json!({"id": "ok", "text": "Right L5-S1 TFESI."})
        ),
    )
    .unwrap();
    let out = bin()
        .args(["scan", "--max-note-bytes", "1000"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines[0]["error"]["kind"], "too_large");
    assert_eq!(lines[0]["id"], format!("{}:1", p.display()));
    assert_eq!(lines[1]["id"], "ok");
}

#[test]
fn fatal_problems_exit_2() {
    let d = tmpdir("fatal");
    std::fs::write(d.join("drugs.tsv"), "kenalog\ttriamcinolone\tsteriod\n").unwrap();
    let out = bin()
        .args(["scan", "--lexicons"])
        .arg(&d)
        .arg(d.join("drugs.tsv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("drugs.tsv:1: unknown role 'steriod'"), "{err}");
    let out = bin()
        .args(["scan", "examples/notes", "-o", "/nonexistent-dir/out.jsonl"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_to_a_device_is_written_in_place() {
    let out = bin()
        .args(["scan", "examples/notes", "-o", "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null is still a device");
    assert!(!Path::new("/dev/.null.partial").exists());
}

#[test]
fn csv_with_mtsamples_columns() {
    let d = tmpdir("csv");
    let csv = d.join("mtsamples.csv");
    std::fs::write(&csv, ",description,transcription\n0,a,\"PROCEDURE:, Right L5-S1 TFESI.,\"\n1,b,\"HPI:, Denies leg pain.\"\n").unwrap();
    let out = bin()
        .args(["scan", "--id-column", "", "--text-column", "transcription"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ids(&out.stdout), ["0", "1"]);
}

#[test]
fn thread_count_does_not_change_output() {
    let d = tmpdir("threads");
    let a = d.join("in.jsonl");
    archive(&a, 300);
    let one = bin()
        .args(["scan", "--threads", "1"])
        .arg(&a)
        .output()
        .unwrap();
    let two = bin()
        .args(["scan", "--threads", "2"])
        .arg(&a)
        .output()
        .unwrap();
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(ids(&one.stdout).len(), 300);
}

#[test]
fn killed_run_resumed_equals_uninterrupted_run() {
    let d = tmpdir("resume");
    let input = d.join("archive.jsonl");
    archive(&input, 6000);
    let full = d.join("full.jsonl");
    let st = bin()
        .args(["scan", "--threads", "1"])
        .arg(&input)
        .arg("-o")
        .arg(&full)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());

    // Kill a run once it has written part of its output.
    let out = d.join("out.jsonl");
    let partial = d.join(".out.jsonl.partial");
    let mut child = bin()
        .args(["scan", "--threads", "1"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while std::fs::metadata(&partial).map(|m| m.len()).unwrap_or(0) < 200_000
        && t0.elapsed().as_secs() < 60
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !out.exists(),
        "an interrupted run leaves no half-written output"
    );
    let written = std::fs::metadata(&partial).unwrap().len();
    assert!(
        written > 0 && written < std::fs::metadata(&full).unwrap().len(),
        "killed mid-run"
    );

    let st = bin()
        .args(["scan", "--resume", "--threads", "2"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    assert!(!partial.exists());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&full).unwrap());

    // A torn last line is redone.
    let data = std::fs::read(&full).unwrap();
    std::fs::write(&partial, &data[..data.len() / 3]).unwrap();
    let st = bin()
        .args(["scan", "--resume"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(std::fs::read(&out).unwrap(), data);
}
