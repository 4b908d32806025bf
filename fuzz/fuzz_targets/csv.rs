//! `notescan::io::read_csv` on arbitrary file contents (written to a temp
//! file, since the reader takes a path): no panic; `Ok` records respect the
//! size limit; errors carry a known kind. The input's length picks the options, so seeds stay plain CSV.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notescan::io::{read_csv, ReadOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

const KINDS: &[&str] = &[
    "invalid_json",
    "missing_field",
    "invalid_utf8",
    "too_large",
    "unreadable",
    "invalid_csv",
];

static PATH: OnceLock<PathBuf> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let path = PATH.get_or_init(|| {
        let dir = std::env::temp_dir();
        dir.join(format!("notescan-fuzz-{}.csv", std::process::id()))
    });
    let body = data;
    let k = data.len();
    let opts = ReadOptions {
        id_column: if k & 1 == 0 {
            "id".into()
        } else {
            "note_id".into()
        },
        text_column: if k & 2 == 0 {
            "text".into()
        } else {
            "transcription".into()
        },
        max_note_bytes: if k & 4 == 0 { 1 << 20 } else { k / 3 },
    };
    {
        let mut f = std::fs::File::create(path).expect("temp file");
        f.write_all(body).expect("write temp file");
    }
    let mut n = 0usize;
    let res = read_csv(path, &opts, |r| {
        n += 1;
        match r {
            Ok(rec) => assert!(rec.text.len() <= opts.max_note_bytes),
            Err(e) => assert!(KINDS.contains(&e.kind), "kind {}", e.kind),
        }
    });
    if let Err(e) = res {
        assert!(KINDS.contains(&e.kind), "kind {}", e.kind);
    }
});
