//! Input readers: `.txt` files, folders of them, JSON Lines and CSV files,
//! and FHIR R4 DocumentReferences, Bundles and Bulk NDJSON ([`fhir`]).
//!
//! Every reader yields [`Record`]s in input order; a record that cannot be
//! read (bad JSON, a missing field, an oversized note, an unreadable file) is
//! an `Err` naming the record (id or line), never its text. Invalid UTF-8 in a
//! `.txt` or CSV note is replaced (U+FFFD) and reported in `Record::warnings`;
//! a JSON line must be valid UTF-8 to be JSON at all.

pub mod fhir;

use std::fmt;
use std::path::{Path, PathBuf};

/// One note to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record id (file stem, `id` field or column).
    pub id: String,
    /// The note text.
    pub text: String,
    /// What was done to read it (e.g. invalid UTF-8 replaced); never note text.
    pub warnings: Vec<String>,
}

/// Decodes note bytes: invalid UTF-8 sequences become U+FFFD and a warning
/// says how many; offsets then refer to the decoded text that was scanned.
pub fn decode(bytes: Vec<u8>) -> (String, Vec<String>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, Vec::new()),
        Err(e) => {
            let bytes = e.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let replaced = text.matches('\u{FFFD}').count()
                - bytes
                    .windows(3)
                    .filter(|w| *w == "\u{FFFD}".as_bytes())
                    .count();
            (
                text,
                vec![format!("invalid_utf8: {replaced} invalid byte sequence(s) replaced with U+FFFD; offsets refer to the replaced text")],
            )
        }
    }
}

/// Why one input record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The record's id when it could be read, else `<file>:<line>`.
    pub id: String,
    /// Machine-readable kind: `invalid_json`, `missing_field`, `too_large`,
    /// `unreadable`, `invalid_csv`; for FHIR input also `no_text_attachment`,
    /// `unsupported_content_type`, `invalid_base64`, `unresolved_binary`,
    /// `unsupported_resource` (see [`fhir`]).
    pub kind: &'static str,
    /// What went wrong (never the note text).
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.id, self.kind, self.message)
    }
}

impl std::error::Error for RecordError {}

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// CSV column holding the id.
    pub id_column: String,
    /// CSV column (and JSONL field) holding the text.
    pub text_column: String,
    /// Notes larger than this are errors.
    pub max_note_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            id_column: "id".into(),
            text_column: "text".into(),
            max_note_bytes: 1 << 20,
        }
    }
}

/// The kind of an input path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One `.txt` note.
    Text,
    /// A folder of `.txt` notes.
    Dir,
    /// JSON Lines.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Guesses the kind of `path` from its type and extension.
pub fn kind_of(path: &Path) -> InputKind {
    if path.is_dir() {
        return InputKind::Dir;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("jsonl") | Some("ndjson") | Some("json") => InputKind::Jsonl,
        Some("csv") => InputKind::Csv,
        _ => InputKind::Text,
    }
}

fn file_id(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("note")
        .to_string()
}

fn check_size(id: &str, text: String, opts: &ReadOptions) -> Result<Record, RecordError> {
    if text.len() > opts.max_note_bytes {
        return Err(RecordError {
            id: id.to_string(),
            kind: "too_large",
            message: format!(
                "note is {} bytes, over the limit of {} (--max-note-bytes)",
                text.len(),
                opts.max_note_bytes
            ),
        });
    }
    Ok(Record {
        id: id.to_string(),
        text,
        warnings: Vec::new(),
    })
}

/// Reads one `.txt` note; the id is the file stem.
pub fn read_text_file(path: &Path, opts: &ReadOptions) -> Result<Record, RecordError> {
    let id = file_id(path);
    let unreadable = |e: std::io::Error| RecordError {
        id: id.clone(),
        kind: "unreadable",
        message: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if len > opts.max_note_bytes as u64 {
        return Err(RecordError {
            id: id.clone(),
            kind: "too_large",
            message: format!(
                "note is {len} bytes, over the limit of {} (--max-note-bytes)",
                opts.max_note_bytes
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let (text, warnings) = decode(bytes);
    let mut rec = check_size(&id, text, opts)?;
    rec.warnings = warnings;
    Ok(rec)
}

/// The `.txt` files of a folder, sorted by name.
pub fn text_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().and_then(|e| e.to_str()) == Some("txt"))
        .collect();
    files.sort();
    Ok(files)
}

/// Parses one JSON Lines record (`{"id": ..., "text": ...}`); `line` is 1-based.
pub fn parse_jsonl_line(
    source: &str,
    line: usize,
    raw: &[u8],
    opts: &ReadOptions,
) -> Result<Record, RecordError> {
    let where_ = || format!("{source}:{line}");
    let mut value: serde_json::Value = serde_json::from_slice(raw).map_err(|e| RecordError {
        id: where_(),
        kind: "invalid_json",
        message: format!("line {line} is not JSON (column {})", e.column()),
    })?;
    let id = match value.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(RecordError {
                id: where_(),
                kind: "missing_field",
                message: format!("line {line} has no string or number \"id\""),
            });
        }
    };
    // The text is moved out of the parsed line, not copied.
    let text = match value
        .get_mut(&opts.text_column)
        .map(serde_json::Value::take)
    {
        Some(serde_json::Value::String(s)) => s,
        _ => {
            return Err(RecordError {
                id,
                kind: "missing_field",
                message: format!("line {line} has no string \"{}\"", opts.text_column),
            });
        }
    };
    check_size(&id, text, opts)
}

/// Reads CSV records with the id and text columns of `opts`.
pub fn read_csv(
    path: &Path,
    opts: &ReadOptions,
    mut each: impl FnMut(Result<Record, RecordError>),
) -> Result<(), RecordError> {
    let source = path.display().to_string();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| RecordError {
            id: source.clone(),
            kind: "unreadable",
            message: e.to_string(),
        })?;
    let headers = rdr
        .headers()
        .map_err(|e| RecordError {
            id: source.clone(),
            kind: "invalid_csv",
            message: e.to_string(),
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let text_col = col(&opts.text_column).ok_or_else(|| RecordError {
        id: source.clone(),
        kind: "missing_field",
        message: format!("no \"{}\" column (--text-column)", opts.text_column),
    })?;
    let id_col = col(&opts.id_column).or_else(|| headers.iter().position(|h| h.trim().is_empty()));
    for (i, row) in rdr.byte_records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                each(Err(RecordError {
                    id: format!("{source}:{line}"),
                    kind: "invalid_csv",
                    message: e.to_string(),
                }));
                continue;
            }
        };
        let id = id_col
            .and_then(|c| row.get(c))
            .map(|b| String::from_utf8_lossy(b).trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("{}:{line}", file_id(path)));
        let Some(raw) = row.get(text_col) else {
            each(Err(RecordError {
                id,
                kind: "missing_field",
                message: format!("row {line} has no text column"),
            }));
            continue;
        };
        let (text, warnings) = decode(raw.to_vec());
        each(check_size(&id, text, opts).map(|mut r| {
            r.warnings = warnings;
            r
        }));
    }
    Ok(())
}
