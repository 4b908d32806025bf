//! FHIR R4 input: `DocumentReference` resources, `Bundle`s of them, and Bulk
//! Data `$export` NDJSON files (one resource per line).
//!
//! # What is read
//! - **id**: `DocumentReference.id` (else `<file>:<line>` or `<file>#<entry>`).
//! - **text**: the first `content[].attachment` whose `contentType` is
//!   `text/plain` or `text/html` (parameters such as `; charset=utf-8` are
//!   honoured: UTF-8, US-ASCII and ISO-8859-1/windows-1252 are decoded, others are read
//!   as UTF-8 with a warning), from `attachment.data` (base64) or, when
//!   `attachment.url` names a `Binary` (`Binary/ID`, an absolute URL ending
//!   in `Binary/ID`, or an entry `fullUrl` such as `urn:uuid:...`), from that
//!   Binary's `data` in the same Bundle or NDJSON file. Nothing is fetched
//!   over the network.
//! - **patient**: `subject.reference` (else `subject.display`).
//! - **date**: `date`, else `context.period.start`.
//!
//! # text/html
//! HTML is turned into plain text before scanning ([`html_to_text`]: tags
//! removed, `<script>`/`<style>`/`<head>` content dropped, block elements and
//! `<br>` become line breaks, source whitespace collapsed, entities decoded).
//! **Every span of the scan then refers to that plain text**, which is the
//! text the output, the report and `Record::text` carry; the record gets a
//! `html_stripped` warning saying so. The original HTML is not kept.
//!
//! # Per-record errors ([`RecordError::kind`])
//! `invalid_json`, `no_text_attachment` (no attachment with `data` or `url`),
//! `unsupported_content_type` (e.g. only `application/pdf`), `invalid_base64`,
//! `unresolved_binary` (the `url` names nothing in the same file),
//! `unsupported_resource` (a top-level resource or NDJSON line that is neither
//! a DocumentReference, a Bundle nor a Binary), `too_large`.
//!
//! In a Bundle, entries other than DocumentReference and Binary (Patient,
//! Encounter...) are ignored; Binaries are only used to resolve URLs.
//!
//! # Types
//! FHIR types are a minimal serde model of the fields read here, not a full
//! FHIR crate: the R4 model crates generate every resource (a build of
//! minutes) for the six fields this reader needs. Unknown fields are ignored.
//!
//! ```
//! use notescan::io::{fhir, ReadOptions};
//! let doc = br#"{"resourceType": "DocumentReference", "id": "d1",
//!   "subject": {"reference": "Patient/p1"}, "date": "2024-03-01",
//!   "content": [{"attachment": {"contentType": "text/plain", "data": "UmlnaHQgTDUtUzEgVEZFU0ku"}}]}"#;
//! assert!(fhir::looks_like_fhir(doc));
//! let notes = fhir::read_json("doc.json", doc, &ReadOptions::default());
//! let n = notes[0].as_ref().unwrap();
//! assert_eq!(n.record.id, "d1");
//! assert_eq!(n.record.text, "Right L5-S1 TFESI.");
//! assert_eq!(n.patient.as_deref(), Some("Patient/p1"));
//! ```

use super::{decode, ReadOptions, Record, RecordError};
use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One note read from a FHIR DocumentReference, with its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FhirNote {
    /// The note (id = `DocumentReference.id`; text as scanned).
    pub record: Record,
    /// `subject.reference` (or `subject.display`).
    pub patient: Option<String>,
    /// `date`, else `context.period.start`.
    pub date: Option<String>,
    /// The content type the text came from (`text/plain`, `text/html`).
    pub content_type: String,
}

/// True when the first bytes of a `.json`/`.ndjson` file look like a FHIR
/// resource: the first non-blank byte (after a UTF-8 BOM) opens an object and
/// a `"resourceType"` key appears in the bytes given (not inside a string:
/// a note text quoting it would have its quote escaped). Give it the first
/// few KiB of the file.
///
/// ```
/// use notescan::io::fhir::looks_like_fhir;
/// assert!(looks_like_fhir(br#"{"resourceType":"Bundle","entry":[]}"#));
/// assert!(!looks_like_fhir(br#"{"id":"n1","text":"say \"resourceType\": x"}"#));
/// assert!(!looks_like_fhir(b"id,text\n"));
/// ```
pub fn looks_like_fhir(first_bytes: &[u8]) -> bool {
    let b = first_bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(first_bytes);
    let Some(start) = b.iter().position(|c| !c.is_ascii_whitespace()) else {
        return false;
    };
    if b[start] != b'{' {
        return false;
    }
    let b = &b[start..];
    // Only the first line of an NDJSON file (the first resource), or the whole prefix.
    let key = b"\"resourceType\"";
    let mut i = 0;
    while let Some(off) = b[i..].windows(key.len()).position(|w| w == key) {
        let at = i + off;
        if at == 0 || b[at - 1] != b'\\' {
            let rest = &b[at + key.len()..];
            if let Some(c) = rest.iter().find(|c| !c.is_ascii_whitespace()) {
                return *c == b':';
            }
            return true;
        }
        i = at + 1;
    }
    false
}

/// True when the file at `path` starts like a FHIR resource ([`looks_like_fhir`]
/// on its first 8 KiB); false when it cannot be read.
pub fn file_looks_like_fhir(path: &Path) -> bool {
    use std::io::Read;
    let mut buf = vec![0u8; 8192];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(_) => return false,
        }
    }
    looks_like_fhir(&buf[..n])
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Reference {
    reference: Option<String>,
    display: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Attachment {
    content_type: Option<String>,
    data: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Content {
    attachment: Option<Attachment>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Period {
    start: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DocContext {
    period: Option<Period>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DocumentReference {
    id: Option<String>,
    subject: Option<Reference>,
    date: Option<String>,
    context: Option<DocContext>,
    content: Vec<Content>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Binary {
    id: Option<String>,
    content_type: Option<String>,
    data: Option<String>,
}

/// Binaries available to resolve `attachment.url`, by `fullUrl`, `Binary/ID` and id.
#[derive(Default)]
pub struct Binaries {
    by_key: HashMap<String, BinaryData>,
}

#[derive(Clone)]
struct BinaryData {
    content_type: Option<String>,
    data: Option<String>,
}

impl Binaries {
    fn add(&mut self, full_url: Option<&str>, b: Binary) {
        let d = BinaryData {
            content_type: b.content_type,
            data: b.data,
        };
        if let Some(u) = full_url {
            self.by_key.insert(u.to_string(), d.clone());
        }
        if let Some(id) = b.id {
            self.by_key.insert(format!("Binary/{id}"), d);
        }
    }

    fn resolve(&self, url: &str) -> Option<&BinaryData> {
        if let Some(d) = self.by_key.get(url) {
            return Some(d);
        }
        // An absolute URL ending in Binary/ID (optionally /_history/N).
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let pos = segs.iter().rposition(|s| *s == "Binary")?;
        let id = segs.get(pos + 1)?;
        self.by_key.get(&format!("Binary/{id}"))
    }

    /// Number of Binaries held.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// True when no Binary is held.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

fn err(id: &str, kind: &'static str, message: String) -> RecordError {
    RecordError {
        id: id.to_string(),
        kind,
        message,
    }
}

/// The media type without parameters, lower-cased, and its charset parameter.
fn media_type(ct: &str) -> (String, Option<String>) {
    let mut parts = ct.split(';');
    let mt = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    });
    (mt, charset)
}

fn b64() -> GeneralPurpose {
    GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

fn decode_base64(id: &str, data: &str, opts: &ReadOptions) -> Result<Vec<u8>, RecordError> {
    let clean: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // HTML may shrink a lot when stripped: allow 4x the note limit before decoding.
    let limit = opts.max_note_bytes.saturating_mul(4);
    if clean.len() / 4 * 3 > limit {
        return Err(err(
            id,
            "too_large",
            format!(
                "attachment is about {} bytes, over the limit of {} (--max-note-bytes)",
                clean.len() / 4 * 3,
                opts.max_note_bytes
            ),
        ));
    }
    b64().decode(clean.as_bytes()).map_err(|e| {
        err(
            id,
            "invalid_base64",
            format!("attachment data is not valid base64: {e}"),
        )
    })
}

fn decode_charset(bytes: Vec<u8>, charset: Option<&str>) -> (String, Vec<String>) {
    match charset {
        Some("iso-8859-1") | Some("latin1") | Some("latin-1") | Some("windows-1252")
        | Some("cp1252") => {
            // Latin-1 bytes are code points U+0000..U+00FF (windows-1252's
            // 0x80-0x9F punctuation is read as Latin-1 too).
            (bytes.iter().map(|&b| b as char).collect(), Vec::new())
        }
        None | Some("utf-8") | Some("utf8") | Some("us-ascii") | Some("ascii") => decode(bytes),
        Some(other) => {
            let (t, mut w) = decode(bytes);
            w.push(format!("unknown_charset: charset '{other}' read as UTF-8"));
            (t, w)
        }
    }
}

/// Reads one DocumentReference (as JSON) into a note. `fallback_id` names it
/// when it has no `id`; `binaries` resolves `attachment.url`.
fn document_reference(
    value: Value,
    fallback_id: &str,
    binaries: &Binaries,
    opts: &ReadOptions,
) -> Result<FhirNote, RecordError> {
    let doc: DocumentReference = serde_json::from_value(value).map_err(|e| {
        err(
            fallback_id,
            "invalid_json",
            format!("not a DocumentReference: {e}"),
        )
    })?;
    let id = doc
        .id
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback_id.to_string());
    let patient = doc
        .subject
        .as_ref()
        .and_then(|s| s.reference.clone().or_else(|| s.display.clone()));
    let date = doc.date.clone().or_else(|| {
        doc.context
            .as_ref()
            .and_then(|c| c.period.as_ref())
            .and_then(|p| p.start.clone())
    });
    let attachments: Vec<&Attachment> = doc
        .content
        .iter()
        .filter_map(|c| c.attachment.as_ref())
        .filter(|a| a.data.is_some() || a.url.is_some())
        .collect();
    if attachments.is_empty() {
        return Err(err(
            &id,
            "no_text_attachment",
            "DocumentReference has no content[].attachment with data or url".into(),
        ));
    }
    // Resolve each attachment's content type (a Binary's own when the attachment has none).
    let mut seen_types = Vec::new();
    let mut chosen: Option<(&Attachment, String, Option<String>, u8)> = None;
    for a in &attachments {
        let bin = a.url.as_deref().and_then(|u| binaries.resolve(u));
        let ct = a
            .content_type
            .clone()
            .or_else(|| bin.and_then(|b| b.content_type.clone()))
            .unwrap_or_else(|| "text/plain".into());
        let (mt, charset) = media_type(&ct);
        let rank = match mt.as_str() {
            "text/plain" => 0,
            "text/html" | "application/xhtml+xml" => 1,
            _ => {
                seen_types.push(ct);
                continue;
            }
        };
        if chosen.as_ref().is_none_or(|c| rank < c.3) {
            chosen = Some((a, mt, charset, rank));
        }
    }
    let Some((att, mt, charset, _)) = chosen else {
        return Err(err(
            &id,
            "unsupported_content_type",
            format!(
                "no text/plain or text/html attachment (found: {})",
                seen_types.join(", ")
            ),
        ));
    };
    let bytes = match (&att.data, &att.url) {
        (Some(data), _) => decode_base64(&id, data, opts)?,
        (None, Some(url)) => {
            let Some(bin) = binaries.resolve(url) else {
                return Err(err(
                    &id,
                    "unresolved_binary",
                    format!("attachment.url '{url}' names no Binary in the same file (nothing is fetched)"),
                ));
            };
            let Some(data) = &bin.data else {
                return Err(err(
                    &id,
                    "no_text_attachment",
                    format!("Binary '{url}' has no data"),
                ));
            };
            decode_base64(&id, data, opts)?
        }
        (None, None) => unreachable_attachment(&id)?,
    };
    let (mut text, mut warnings) = decode_charset(bytes, charset.as_deref());
    if mt != "text/plain" {
        text = html_to_text(&text);
        warnings.push(
            "html_stripped: the text/html attachment was converted to plain text (tags removed, entities decoded); offsets refer to that text".into(),
        );
    }
    if text.len() > opts.max_note_bytes {
        return Err(err(
            &id,
            "too_large",
            format!(
                "note is {} bytes, over the limit of {} (--max-note-bytes)",
                text.len(),
                opts.max_note_bytes
            ),
        ));
    }
    Ok(FhirNote {
        record: Record { id, text, warnings },
        patient,
        date,
        content_type: mt,
    })
}

fn unreachable_attachment(id: &str) -> Result<Vec<u8>, RecordError> {
    Err(err(
        id,
        "no_text_attachment",
        "attachment has neither data nor url".into(),
    ))
}

fn resource_type(v: &Value) -> &str {
    v.get("resourceType").and_then(Value::as_str).unwrap_or("")
}

/// Reads a FHIR JSON document: one DocumentReference, or a Bundle whose
/// entries hold DocumentReferences (and the Binaries their URLs name).
/// Returns one result per DocumentReference, in entry order. `source` names
/// the file in error ids.
pub fn read_json(
    source: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<FhirNote, RecordError>> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(err(
                source,
                "invalid_json",
                format!("not JSON (line {}, column {})", e.line(), e.column()),
            ))]
        }
    };
    read_value(source, value, opts)
}

/// [`read_json`] on an already parsed value.
pub fn read_value(
    source: &str,
    value: Value,
    opts: &ReadOptions,
) -> Vec<Result<FhirNote, RecordError>> {
    match resource_type(&value) {
        "DocumentReference" => vec![document_reference(
            value,
            source,
            &Binaries::default(),
            opts,
        )],
        "Bundle" => read_bundle(source, value, opts),
        other => vec![Err(err(
            source,
            "unsupported_resource",
            format!(
                "resourceType '{}' is not a DocumentReference or a Bundle",
                if other.is_empty() { "(none)" } else { other }
            ),
        ))],
    }
}

fn read_bundle(
    source: &str,
    mut value: Value,
    opts: &ReadOptions,
) -> Vec<Result<FhirNote, RecordError>> {
    let entries = match value.get_mut("entry").map(Value::take) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let mut binaries = Binaries::default();
    let mut docs = Vec::new();
    for (i, mut e) in entries.into_iter().enumerate() {
        let full_url = e.get("fullUrl").and_then(Value::as_str).map(str::to_string);
        let Some(res) = e.get_mut("resource").map(Value::take) else {
            continue;
        };
        match resource_type(&res) {
            "Binary" => {
                if let Ok(b) = serde_json::from_value::<Binary>(res) {
                    binaries.add(full_url.as_deref(), b);
                }
            }
            "DocumentReference" => docs.push((i, res)),
            // A Bundle inside a Bundle, Patients, Encounters...: not notes.
            _ => {}
        }
    }
    docs.into_iter()
        .map(|(i, res)| document_reference(res, &format!("{source}#{}", i + 1), &binaries, opts))
        .collect()
}

/// Reads a Bulk Data `$export` NDJSON file: one resource per line, in order.
/// Binaries anywhere in the same file resolve `attachment.url` (a first pass
/// collects them); a URL naming a Binary that is not in the file is an
/// `unresolved_binary` error. Blank lines and Binary lines yield nothing;
/// a line that is not JSON is `invalid_json`, another resource type is
/// `unsupported_resource`. A Bundle on a line yields its notes.
///
/// The returned error is fatal for the file (it cannot be opened).
pub fn read_ndjson(
    path: &Path,
    opts: &ReadOptions,
    mut each: impl FnMut(Result<FhirNote, RecordError>),
) -> Result<(), RecordError> {
    let source = path.display().to_string();
    let open = || {
        std::fs::File::open(path)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .map_err(|e| err(&source, "unreadable", e.to_string()))
    };
    // Pass 1: the Binaries (lines are skipped unless they mention one).
    let mut binaries = Binaries::default();
    let mut line = Vec::new();
    let mut rdr = open()?;
    loop {
        line.clear();
        match rdr.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if memchr::memmem::find(&line, b"\"Binary\"").is_none() {
            continue;
        }
        if let Ok(v) = serde_json::from_slice::<Value>(&line) {
            if resource_type(&v) == "Binary" {
                if let Ok(b) = serde_json::from_value::<Binary>(v) {
                    binaries.add(None, b);
                }
            }
        }
    }
    // Pass 2: the notes.
    let mut rdr = open()?;
    let mut n = 0;
    loop {
        line.clear();
        match rdr.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                each(Err(err(
                    &format!("{source}:{}", n + 1),
                    "unreadable",
                    e.to_string(),
                )));
                break;
            }
        }
        n += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        for r in parse_ndjson_line(&source, n, &line, &binaries, opts) {
            each(r);
        }
    }
    Ok(())
}

/// Reads a FHIR file found by [`file_looks_like_fhir`]: a `.json` file holding
/// one resource (DocumentReference or Bundle) is read whole ([`read_json`]);
/// anything else, and a `.json` file that is really NDJSON (its first line is a
/// complete resource and more follow), is read line by line ([`read_ndjson`]).
///
/// The returned error is fatal for the file (it cannot be opened).
pub fn read_file(
    path: &Path,
    opts: &ReadOptions,
    mut each: impl FnMut(Result<FhirNote, RecordError>),
) -> Result<(), RecordError> {
    let source = path.display().to_string();
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        return read_ndjson(path, opts, each);
    }
    let bytes = std::fs::read(path).map_err(|e| err(&source, "unreadable", e.to_string()))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(v) => {
            for r in read_value(&source, v, opts) {
                each(r);
            }
            Ok(())
        }
        Err(_) if is_ndjson(&bytes) => {
            drop(bytes);
            read_ndjson(path, opts, each)
        }
        Err(_) => {
            for r in read_json(&source, &bytes, opts) {
                each(r);
            }
            Ok(())
        }
    }
}

/// True when the first non-blank line is a whole JSON value and another line follows.
fn is_ndjson(bytes: &[u8]) -> bool {
    let mut lines = bytes
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace));
    match (lines.next(), lines.next()) {
        (Some(first), Some(_)) => serde_json::from_slice::<Value>(first).is_ok(),
        _ => false,
    }
}

/// Parses one NDJSON line (`line` is 1-based) into zero or more notes.
pub fn parse_ndjson_line(
    source: &str,
    line: usize,
    raw: &[u8],
    binaries: &Binaries,
    opts: &ReadOptions,
) -> Vec<Result<FhirNote, RecordError>> {
    let where_ = format!("{source}:{line}");
    let value: Value = match serde_json::from_slice(raw) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(err(
                &where_,
                "invalid_json",
                format!("line {line} is not JSON (column {})", e.column()),
            ))]
        }
    };
    match resource_type(&value) {
        "DocumentReference" => vec![document_reference(value, &where_, binaries, opts)],
        "Binary" => Vec::new(),
        "Bundle" => read_bundle(&where_, value, opts),
        other => vec![Err(err(
            &where_,
            "unsupported_resource",
            format!(
                "line {line}: resourceType '{}' is not a DocumentReference",
                if other.is_empty() { "(none)" } else { other }
            ),
        ))],
    }
}

/// HTML to the plain text that is scanned: tags removed; the content of
/// `script`, `style`, `head`, `title` and comments dropped; `br`, `p`, `div`,
/// `li`, `tr`, headings and other block elements start a new line; runs of
/// source whitespace collapse to one space (kept as written inside `pre`);
/// character references (`&amp;`, `&#8211;`, `&#x2013;`, `&nbsp;`...) decoded.
///
/// ```
/// let t = notescan::io::fhir::html_to_text("<div><p>Right <b>L5&ndash;S1</b>&nbsp;TFESI</p><p>Pain 7/10 &amp; worse</p></div>");
/// assert_eq!(t, "Right L5–S1 TFESI\nPain 7/10 & worse");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut pre = 0usize;
    let mut pending_space = false;
    let newline = |out: &mut String| {
        while out.ends_with(' ') {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map(|i| &r[i + 3..]).unwrap_or("");
            continue;
        }
        if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[1..end.saturating_sub(1).max(1)];
            rest = &rest[end..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() {
                continue; // <!DOCTYPE>, <?xml?>, a stray '<'
            }
            if !closing && matches!(name.as_str(), "script" | "style" | "head" | "title") {
                let close = format!("</{name}");
                rest = match find_ci(rest, &close) {
                    Some(i) => {
                        let r = &rest[i..];
                        &r[tag_end(r)..]
                    }
                    None => "",
                };
                continue;
            }
            if name == "pre" {
                pre = if closing {
                    pre.saturating_sub(1)
                } else {
                    pre + 1
                };
            }
            if name == "br"
                || matches!(
                    name.as_str(),
                    "p" | "div"
                        | "li"
                        | "tr"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "table"
                        | "ul"
                        | "ol"
                        | "dl"
                        | "dt"
                        | "dd"
                        | "section"
                        | "article"
                        | "header"
                        | "footer"
                        | "blockquote"
                        | "pre"
                        | "hr"
                        | "body"
                        | "tbody"
                        | "thead"
                )
            {
                if name == "br" {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                } else {
                    newline(&mut out);
                }
                pending_space = false;
            } else if matches!(name.as_str(), "td" | "th") && !closing {
                pending_space = !out.is_empty() && !out.ends_with('\n');
            }
            continue;
        }
        let next = rest.find('<').unwrap_or(rest.len());
        let chunk = decode_entities(&rest[..next]);
        rest = &rest[next..];
        for c in chunk.chars() {
            if pre > 0 {
                out.push(c);
                continue;
            }
            if c.is_whitespace() && c != '\u{a0}' {
                pending_space = true;
                continue;
            }
            if pending_space && !out.is_empty() && !out.ends_with('\n') && !out.ends_with(' ') {
                out.push(' ');
            }
            pending_space = false;
            out.push(if c == '\u{a0}' { ' ' } else { c });
        }
    }
    while out.ends_with(char::is_whitespace) {
        out.pop();
    }
    out
}

/// Byte index just past the `>` closing the tag at the start of `s` (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    s.len()
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    (0..h.len().saturating_sub(n.len()) + 1)
        .find(|&i| h.len() >= i + n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 32);
        let decoded = semi.and_then(|j| entity(&rest[1..j]).map(|c| (c, j + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(n) = name.strip_prefix('#') {
        let code = match n.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => n.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "deg" => '°',
        "plusmn" => '±',
        "micro" => 'µ',
        "times" => '×',
        "le" => '≤',
        "ge" => '≥',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "bull" => '•',
        "middot" => '·',
        "frac12" => '½',
        "reg" => '®',
        "copy" => '©',
        "trade" => '™',
        "eacute" => 'é',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_blocks_and_entities() {
        let t = html_to_text(
            "<html><head><title>x</title><style>p{}</style></head><body>\n  <h1>PROCEDURE:</h1>\n  <p>Left&#160;L4-5 &lt;TFESI&gt;<br/>10&nbsp;mg</p><script>alert(1)</script><!-- c --><pre>a  b\n c</pre></body></html>",
        );
        assert_eq!(t, "PROCEDURE:\nLeft L4-5 <TFESI>\n10 mg\na  b\n c");
    }

    #[test]
    fn odd_html_never_panics() {
        for s in [
            "<",
            "<<<>",
            "&",
            "&#xZZ;",
            "&#0;",
            "<a href='>'>x",
            "</",
            "<pre",
            "é<é>&é;",
            "<!--",
        ] {
            let _ = html_to_text(s);
        }
    }

    #[test]
    fn detection() {
        assert!(looks_like_fhir(
            b"\xEF\xBB\xBF\n {\"resourceType\" : \"Bundle\"}"
        ));
        assert!(!looks_like_fhir(b""));
        assert!(!looks_like_fhir(b"[1]"));
        assert!(!looks_like_fhir(
            b"{\"id\":\"n\",\"text\":\"resourceType\"}"
        ));
    }

    #[test]
    fn url_forms_resolve() {
        let mut b = Binaries::default();
        b.add(
            Some("urn:uuid:1"),
            Binary {
                id: Some("b1".into()),
                content_type: None,
                data: None,
            },
        );
        assert!(b.resolve("urn:uuid:1").is_some());
        assert!(b.resolve("Binary/b1").is_some());
        assert!(b
            .resolve("https://ehr.example/fhir/Binary/b1/_history/2")
            .is_some());
        assert!(b.resolve("Binary/b2").is_none());
        assert!(b.resolve("Patient/b1").is_none());
    }
}
