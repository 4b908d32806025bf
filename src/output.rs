//! The JSON Lines record of a scan: `{"id", "facts", "sections", "mentions"}`.
//!
//! Each mention is `{"start", "end", "text", "category", "value", "context",
//! "section"}`, where `value` is the normalized meaning (a generic drug name,
//! a canonical level list, a number) and `context` lists the assertions
//! (`negated`, `hypothetical`, `historical`, `family`, `planned`).
//!
//! [`ScanRecord`] serializes straight to the writer (no intermediate JSON tree).
//!
//! ```
//! let scanner = notescan::Scanner::new();
//! let note = "Right L5-S1 TFESI.";
//! let scan = scanner.scan("n1", note);
//! let line = serde_json::to_string(&notescan::output::ScanRecord::new(&scan, note, scanner.lexicons())).unwrap();
//! assert!(line.starts_with(r#"{"id":"n1","facts":"#));
//! ```

use crate::lexicon::{Concept, Lexicons};
use crate::mention::{Assertions, Mention, MentionKind, Unit};
use crate::scanner::Scan;
use crate::sections::Section;
use crate::vocab::ContrastKind;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// Every assertion flag with its output name, in output order.
const ASSERTION_NAMES: [(Assertions, &str); 5] = [
    (Assertions::NEGATED, "negated"),
    (Assertions::HYPOTHETICAL, "hypothetical"),
    (Assertions::HISTORICAL, "historical"),
    (Assertions::FAMILY, "family"),
    (Assertions::PLANNED, "planned"),
];

/// The assertion names set on a mention, in output order (no allocation).
fn assertion_iter(a: Assertions) -> impl Iterator<Item = &'static str> + Clone {
    ASSERTION_NAMES
        .into_iter()
        .filter(move |(flag, _)| a.has(*flag))
        .map(|(_, name)| name)
}

/// The assertion names set on a mention.
pub fn assertion_names(a: Assertions) -> Vec<&'static str> {
    assertion_iter(a).collect()
}

/// The `context` array of a mention.
struct Context(Assertions);

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(assertion_iter(self.0))
    }
}

/// A mention's normalized value, serialized by kind.
struct Value<'a> {
    mention: &'a Mention,
    lex: &'a Lexicons,
}

impl<'a> Value<'a> {
    /// The value when it is a string (`Some(Some(..))`) or null
    /// (`Some(None)`); `None` for a structured value or a serde-named enum.
    fn scalar(&self) -> Option<Option<&'a str>> {
        let lex = self.lex;
        let MentionKind::Term(c) = self.mention.kind else {
            return match self.mention.kind {
                MentionKind::StrengthGrade => Some(None),
                _ => None,
            };
        };
        Some(match c {
            Concept::Header(x) => Some(x.as_str()),
            Concept::Trigger(i) => lex
                .context_rules
                .get(i as usize)
                .map(|r| r.assertion.as_str()),
            Concept::Approach(..) | Concept::Region(_) | Concept::Imaging(_) => return None,
            Concept::Contrast(ContrastKind::Agent, agent) => {
                lex.agents.get(agent as usize).map(String::as_str)
            }
            Concept::Contrast(k, _) => Some(k.as_str()),
            Concept::Drug(d) => lex.drugs.get(d as usize).map(|d| d.generic.as_str()),
            Concept::Sedation(k) => Some(k.as_str()),
            Concept::Care(i) => match lex.care.get(i as usize) {
                Some(t) if t.is_course() => Some("course"),
                Some(_) => return None,
                None => None,
            },
            Concept::Radicular(k) => Some(k.as_str()),
            Concept::Objective(k) => Some(k.as_str()),
            Concept::Side(k) => Some(k.as_str()),
            Concept::Cue(k) => Some(k.as_str()),
        })
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.scalar() {
            Some(Some(x)) => return s.serialize_str(x),
            Some(None) => return s.serialize_none(),
            None => {}
        }
        match self.mention.kind {
            MentionKind::Term(c) => match c {
                Concept::Approach(a, ..) => a.serialize(s),
                Concept::Region(r) => r.serialize(s),
                Concept::Imaging(i) => i.serialize(s),
                Concept::Care(i) => match self.lex.care.get(i as usize) {
                    Some(t) => t.modalities.serialize(s),
                    None => s.serialize_none(),
                },
                _ => s.serialize_none(),
            },
            MentionKind::Level(l) => {
                let f = l.foramina();
                let mut seq = s.serialize_seq(Some(f.len()))?;
                for x in &f {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            MentionKind::Quantity { value, unit } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("amount", &value)?;
                m.serialize_entry("unit", unit_name(unit))?;
                m.end()
            }
            MentionKind::PainScore { value, max } => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("value", &value)?;
                m.serialize_entry("scale_max", &max)?;
                m.end()
            }
            MentionKind::Duration { weeks } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("weeks", &weeks)?;
                m.end()
            }
            MentionKind::Percent { value } => s.serialize_f64(value),
            MentionKind::StrengthGrade => s.serialize_none(),
        }
    }
}

impl Value<'_> {
    /// Writes the value as compact JSON, the bytes `serde_json::to_writer` writes.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        if let Some(v) = self.scalar() {
            return json::opt_str(out, v);
        }
        match self.mention.kind {
            MentionKind::Term(c) => match c {
                Concept::Approach(a, ..) => json::name(out, a.json_name()),
                Concept::Region(r) => json::name(out, r.json_name()),
                Concept::Imaging(i) => json::name(out, i.json_name()),
                Concept::Care(i) => match self.lex.care.get(i as usize) {
                    Some(t) => {
                        out.push(b'[');
                        for (j, m) in t.modalities.iter().enumerate() {
                            if j > 0 {
                                out.push(b',');
                            }
                            json::name(out, m.json_name());
                        }
                        out.push(b']');
                    }
                    None => out.extend_from_slice(b"null"),
                },
                _ => out.extend_from_slice(b"null"),
            },
            MentionKind::Level(l) => {
                out.push(b'[');
                for (j, x) in l.foramina().into_iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    json::level(out, x);
                }
                out.push(b']');
            }
            MentionKind::Quantity { value, unit } => {
                out.extend_from_slice(b"{\"amount\":");
                json::float(out, value);
                out.extend_from_slice(b",\"unit\":");
                json::name(out, unit_name(unit));
                out.push(b'}');
            }
            MentionKind::PainScore { value, max } => {
                out.extend_from_slice(b"{\"value\":");
                json::float(out, value);
                out.extend_from_slice(b",\"scale_max\":");
                json::uint(out, max.into());
                out.push(b'}');
            }
            MentionKind::Duration { weeks } => {
                out.extend_from_slice(b"{\"weeks\":");
                json::uint(out, weeks.into());
                out.push(b'}');
            }
            MentionKind::Percent { value } => json::float(out, value),
            MentionKind::StrengthGrade => out.extend_from_slice(b"null"),
        }
        Ok(())
    }
}

/// A quantity unit's output spelling.
fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Mg => "mg",
        Unit::Mcg => "mcg",
        Unit::Ml => "ml",
        Unit::MgPerMl => "mg/ml",
        Unit::Percent => "%",
    }
}

/// One mention as it appears in the output.
struct MentionOut<'a> {
    mention: &'a Mention,
    text: &'a str,
    section: Option<&'static str>,
    lex: &'a Lexicons,
}

impl Serialize for MentionOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let m = self.mention;
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("start", &m.span.start)?;
        map.serialize_entry("end", &m.span.end)?;
        map.serialize_entry("text", m.text(self.text))?;
        map.serialize_entry("category", m.kind.category().as_str())?;
        map.serialize_entry(
            "value",
            &Value {
                mention: m,
                lex: self.lex,
            },
        )?;
        map.serialize_entry("context", &Context(m.assertions))?;
        map.serialize_entry("section", &self.section)?;
        map.end()
    }
}

struct Mentions<'a> {
    scan: &'a Scan,
    text: &'a str,
    lex: &'a Lexicons,
    triggers: bool,
}

impl<'a> Mentions<'a> {
    /// The mentions written, in order.
    fn listed(&self) -> impl Iterator<Item = MentionOut<'a>> + '_ {
        self.scan
            .mentions
            .iter()
            .filter(|m| self.triggers || !matches!(m.concept(), Some(Concept::Trigger(_))))
            .map(|m| MentionOut {
                mention: m,
                text: self.text,
                section: self.scan.sections.get(m.section).map(|s| s.name.as_str()),
                lex: self.lex,
            })
    }

    /// Writes the array as compact JSON, the bytes `serde_json::to_writer` writes.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.push(b'[');
        for (i, m) in self.listed().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            m.write_json(out)?;
        }
        out.push(b']');
        Ok(())
    }
}

impl MentionOut<'_> {
    /// Writes the mention as compact JSON, the bytes `serde_json::to_writer` writes.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let m = self.mention;
        out.extend_from_slice(b"{\"start\":");
        json::uint(out, m.span.start as u64);
        out.extend_from_slice(b",\"end\":");
        json::uint(out, m.span.end as u64);
        out.extend_from_slice(b",\"text\":");
        json::str(out, m.text(self.text))?;
        out.extend_from_slice(b",\"category\":");
        json::str(out, m.kind.category().as_str())?;
        out.extend_from_slice(b",\"value\":");
        let value = Value {
            mention: m,
            lex: self.lex,
        };
        value.write_json(out)?;
        out.extend_from_slice(b",\"context\":[");
        for (i, name) in assertion_iter(m.assertions).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json::str(out, name)?;
        }
        out.extend_from_slice(b"],\"section\":");
        json::opt_str(out, self.section)?;
        out.push(b'}');
        Ok(())
    }
}

impl Serialize for Mentions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.listed())
    }
}

/// Writes sections as compact JSON, the bytes `serde_json::to_writer` writes.
fn write_sections(out: &mut Vec<u8>, sections: &[Section]) -> serde_json::Result<()> {
    out.push(b'[');
    for (i, sec) in sections.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"name\":");
        json::str(out, sec.name.as_str())?;
        out.extend_from_slice(b",\"start\":");
        json::uint(out, sec.span.start as u64);
        out.extend_from_slice(b",\"end\":");
        json::uint(out, sec.span.end as u64);
        out.extend_from_slice(b",\"header\":");
        match sec.header {
            Some(h) => {
                out.extend_from_slice(b"{\"start\":");
                json::uint(out, h.start as u64);
                out.extend_from_slice(b",\"end\":");
                json::uint(out, h.end as u64);
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
    out.push(b']');
    Ok(())
}

/// Compact JSON pieces, byte for byte what `serde_json` writes for them.
pub(crate) mod json {
    /// A JSON string: `"` + `s` + `"`, escaped as serde_json escapes
    /// (control characters, `"` and `\\`) when it needs escaping.
    #[inline]
    pub(crate) fn str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
        if needs_escape(s.as_bytes()) {
            return serde_json::to_writer(&mut *out, s);
        }
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    }

    /// True when a byte is a control character, `"` or `\\` (eight bytes
    /// at a time; never false when one is).
    pub(crate) fn needs_escape(b: &[u8]) -> bool {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Some byte of `x` is below `n` (n <= 128).
        let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            let x = u64::from_le_bytes(w);
            if below(x, 0x20)
                || below(x ^ (ONES * b'"' as u64), 1)
                || below(x ^ (ONES * b'\\' as u64), 1)
            {
                return true;
            }
        }
        chunks.remainder().iter().any(|&c| ESCAPED[c as usize])
    }

    /// The bytes [`needs_escape`] looks for.
    static ESCAPED: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = c < 0x20 || c == b'"' as usize || c == b'\\' as usize;
            c += 1;
        }
        t
    };

    /// A unit enum's name (or a key) as a JSON string: none needs escaping.
    #[inline]
    pub(crate) fn name(out: &mut Vec<u8>, n: &'static str) {
        out.push(b'"');
        out.extend_from_slice(n.as_bytes());
        out.push(b'"');
    }

    /// A unit enum's name, or `null`.
    #[inline]
    pub(crate) fn opt_name(out: &mut Vec<u8>, n: Option<&'static str>) {
        match n {
            Some(n) => name(out, n),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A string or `null`.
    pub(crate) fn opt_str(out: &mut Vec<u8>, s: Option<&str>) -> serde_json::Result<()> {
        match s {
            Some(s) => str(out, s),
            None => {
                out.extend_from_slice(b"null");
                Ok(())
            }
        }
    }

    /// An unsigned integer in decimal (`itoa`, as serde_json writes it).
    #[inline]
    pub(crate) fn uint(out: &mut Vec<u8>, n: u64) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A signed integer in decimal (`itoa`, as serde_json writes it).
    #[inline]
    pub(crate) fn int(out: &mut Vec<u8>, n: i64) {
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A float as serde_json writes it: `zmij` when finite (`40.0`, `1e+21`), else `null`.
    #[inline]
    pub(crate) fn float(out: &mut Vec<u8>, v: f64) {
        if v.is_finite() {
            out.extend_from_slice(zmij::Buffer::new().format_finite(v).as_bytes());
        } else {
            out.extend_from_slice(b"null");
        }
    }

    /// `true`, `false` or `null`.
    #[inline]
    pub(crate) fn opt_bool(out: &mut Vec<u8>, b: Option<bool>) {
        out.extend_from_slice(match b {
            Some(true) => b"true",
            Some(false) => b"false",
            None => b"null",
        });
    }

    /// An unsigned integer or `null`.
    #[inline]
    pub(crate) fn opt_uint(out: &mut Vec<u8>, n: Option<u64>) {
        match n {
            Some(n) => uint(out, n),
            None => out.extend_from_slice(b"null"),
        }
    }

    /// A level as its string (`"L5-S1"`, `"S1"`), the bytes of its `Display`.
    pub(crate) fn level(out: &mut Vec<u8>, l: crate::level::Level) {
        fn vertebra(out: &mut Vec<u8>, v: crate::level::Vertebra) {
            use crate::level::Segment;
            out.push(match v.segment {
                Segment::C => b'C',
                Segment::T => b'T',
                Segment::L => b'L',
                Segment::S => b'S',
            });
            uint(out, v.number.into());
        }
        out.push(b'"');
        vertebra(out, l.upper);
        if let Some(low) = l.lower {
            out.push(b'-');
            vertebra(out, low);
        }
        out.push(b'"');
    }
}

/// The output record of one scanned note. Context triggers are left out of
/// `mentions` unless [`ScanRecord::with_triggers`] (they are modifiers, not findings).
pub struct ScanRecord<'a> {
    scan: &'a Scan,
    text: &'a str,
    lex: &'a Lexicons,
    triggers: bool,
    warnings: &'a [String],
    extra: Vec<(&'static str, Extra)>,
}

/// The value of an extra top-level field.
enum Extra {
    /// Any JSON value ([`ScanRecord::with_field`]).
    Json(serde_json::Value),
    /// The audit ([`ScanRecord::with_audit`]), written without a JSON tree.
    Audit(Box<crate::audit::Audit>),
}

impl<'a> ScanRecord<'a> {
    /// The record of `scan`, whose note text is `text`.
    pub fn new(scan: &'a Scan, text: &'a str, lex: &'a Lexicons) -> ScanRecord<'a> {
        ScanRecord {
            scan,
            text,
            lex,
            triggers: false,
            warnings: &[],
            extra: Vec::new(),
        }
    }

    /// Include context-trigger mentions.
    pub fn with_triggers(mut self, yes: bool) -> Self {
        self.triggers = yes;
        self
    }

    /// Reading warnings to report (`"warnings": [...]`, omitted when empty).
    pub fn with_warnings(mut self, warnings: &'a [String]) -> Self {
        self.warnings = warnings;
        self
    }

    /// The `audit` field exactly as `notescan scan` writes it: the note
    /// audited under `policy` ([`crate::audit::audit`] written as
    /// [`crate::audit::AuditJson`], the bytes of [`crate::audit::audit_json`]);
    /// `None` leaves the field out (`--no-audit`).
    /// The CLI and the Python binding both build their records this way.
    ///
    /// ```
    /// use notescan::{audit::Policy, output::ScanRecord, Scanner};
    /// let scanner = Scanner::new();
    /// let note = "PROCEDURE: Right L5-S1 TFESI.";
    /// let scan = scanner.scan("n1", note);
    /// let policy = Policy::default();
    /// let record = ScanRecord::new(&scan, note, scanner.lexicons()).with_audit(Some(&policy));
    /// let v = serde_json::to_value(&record).unwrap();
    /// assert_eq!(v["audit"]["policy"], "medicare-l39240");
    /// ```
    pub fn with_audit(self, policy: Option<&crate::audit::Policy>) -> Self {
        match policy {
            Some(policy) => {
                let audit = crate::audit::audit(self.scan, self.text, policy);
                let mut record = self;
                record.extra.push(("audit", Extra::Audit(Box::new(audit))));
                record
            }
            None => self,
        }
    }

    /// An extra top-level field (e.g. `audit`), written after the others.
    pub fn with_field(mut self, key: &'static str, value: serde_json::Value) -> Self {
        self.extra.push((key, Extra::Json(value)));
        self
    }
}

impl ScanRecord<'_> {
    /// Writes the record as compact JSON: the bytes `serde_json::to_writer`
    /// writes for it, without going through a serializer for the mentions,
    /// sections and audit flags (the bulk of a record).
    ///
    /// ```
    /// let scanner = notescan::Scanner::new();
    /// let note = "Right L5-S1 TFESI, no \"complications\".";
    /// let scan = scanner.scan("n1", note);
    /// let record = notescan::output::ScanRecord::new(&scan, note, scanner.lexicons());
    /// let mut line = Vec::new();
    /// record.write_json(&mut line).unwrap();
    /// assert_eq!(line, serde_json::to_vec(&record).unwrap());
    /// ```
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"id\":");
        json::str(out, &self.scan.id)?;
        out.extend_from_slice(b",\"facts\":");
        self.scan.facts.write_json(out)?;
        out.extend_from_slice(b",\"sections\":");
        write_sections(out, &self.scan.sections)?;
        out.extend_from_slice(b",\"mentions\":");
        self.mentions().write_json(out)?;
        for (k, v) in &self.extra {
            out.push(b',');
            json::str(out, k)?;
            out.push(b':');
            match v {
                Extra::Json(v) => serde_json::to_writer(&mut *out, v)?,
                Extra::Audit(audit) => crate::audit::AuditJson {
                    audit,
                    text: self.text,
                }
                .write_json(out)?,
            }
        }
        if !self.warnings.is_empty() {
            out.extend_from_slice(b",\"warnings\":");
            serde_json::to_writer(&mut *out, self.warnings)?;
        }
        out.push(b'}');
        Ok(())
    }

    fn mentions(&self) -> Mentions<'_> {
        Mentions {
            scan: self.scan,
            text: self.text,
            lex: self.lex,
            triggers: self.triggers,
        }
    }
}

impl Serialize for ScanRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.scan.id)?;
        map.serialize_entry("facts", &self.scan.facts)?;
        map.serialize_entry("sections", &self.scan.sections)?;
        map.serialize_entry("mentions", &self.mentions())?;
        for (k, v) in &self.extra {
            match v {
                Extra::Json(v) => map.serialize_entry(k, v)?,
                Extra::Audit(audit) => map.serialize_entry(
                    k,
                    &crate::audit::AuditJson {
                        audit,
                        text: self.text,
                    },
                )?,
            }
        }
        if !self.warnings.is_empty() {
            map.serialize_entry("warnings", self.warnings)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scanner;

    #[test]
    fn needs_escape_finds_every_escaped_byte() {
        let naive = |b: &[u8]| b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
        for c in 0..=255u8 {
            for len in 1..20 {
                for at in 0..len {
                    let mut b = vec![b'a'; len];
                    b[at] = c;
                    assert_eq!(
                        json::needs_escape(&b),
                        naive(&b),
                        "byte {c} at {at} of {len}"
                    );
                }
            }
        }
    }

    /// The notes of `corpora/dev` and `examples/notes`.
    fn note_files() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut notes = Vec::new();
        for dir in ["corpora/dev", "examples/notes"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "txt") {
                    notes.push(std::fs::read_to_string(p).unwrap());
                }
            }
        }
        assert!(notes.len() > 80, "{} note files", notes.len());
        notes
    }

    #[test]
    fn write_json_is_serde_json_compact() {
        let scanner = Scanner::new();
        let policy = crate::audit::Policy::default();
        let files = note_files();
        let notes = [
            "",
            "PROCEDURE: Right L5-S1 TFESI under fluoroscopy. No \"complications\".",
            "HPI: denies leg pain\\weakness.\tHistory of L4-5 fusion.\u{1}\nPLAN: consider 80 mg Depo-Medrol, 2 mL of 1% lidocaine; 50% relief for 3 weeks. Pain 7/10.",
            "Right L5 TFESI — Omnipaque, 5/5 strength 4/5 EHL, café-au-lait.\r\n",
        ];
        let warnings = vec!["a \"warning\"\n".to_string()];
        for note in notes.into_iter().chain(files.iter().map(String::as_str)) {
            let scan = scanner.scan("id \"1\"", note);
            for triggers in [false, true] {
                let record = ScanRecord::new(&scan, note, scanner.lexicons())
                    .with_triggers(triggers)
                    .with_warnings(&warnings)
                    .with_field("patient", serde_json::Value::String("p\u{7}".into()))
                    .with_audit(Some(&policy));
                let mut line = Vec::new();
                record.write_json(&mut line).unwrap();
                assert_eq!(
                    String::from_utf8(line).unwrap(),
                    serde_json::to_string(&record).unwrap()
                );
            }
        }
    }
}
