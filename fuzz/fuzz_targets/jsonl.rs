//! `notescan::io::parse_jsonl_line` on arbitrary bytes: no panic; an `Ok`
//! record respects the size limit; an error names a known kind. The input's
//! length picks the text field and the size limit, so seeds stay plain JSONL.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notescan::io::{parse_jsonl_line, ReadOptions};

const KINDS: &[&str] = &["invalid_json", "missing_field", "invalid_utf8", "too_large"];

fuzz_target!(|data: &[u8]| {
    let raw = data;
    let k = data.len();
    let opts = ReadOptions {
        id_column: "id".into(),
        text_column: if k & 1 == 0 {
            "text".into()
        } else {
            "transcription".into()
        },
        max_note_bytes: if k & 2 == 0 { 1 << 20 } else { k / 2 },
    };
    match parse_jsonl_line("fuzz.jsonl", 7, raw, &opts) {
        Ok(rec) => assert!(rec.text.len() <= opts.max_note_bytes),
        Err(e) => {
            assert!(KINDS.contains(&e.kind), "kind {}", e.kind);
            let _ = e.to_string();
        }
    }
});
