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
use crate::vocab::ContrastKind;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// The assertion names set on a mention.
pub fn assertion_names(a: Assertions) -> Vec<&'static str> {
    let mut v = Vec::new();
    for (flag, name) in [
        (Assertions::NEGATED, "negated"),
        (Assertions::HYPOTHETICAL, "hypothetical"),
        (Assertions::HISTORICAL, "historical"),
        (Assertions::FAMILY, "family"),
        (Assertions::PLANNED, "planned"),
    ] {
        if a.has(flag) {
            v.push(name);
        }
    }
    v
}

/// A mention's normalized value, serialized by kind.
struct Value<'a> {
    mention: &'a Mention,
    lex: &'a Lexicons,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let lex = self.lex;
        match self.mention.kind {
            MentionKind::Term(c) => match c {
                Concept::Header(x) => s.serialize_str(x.as_str()),
                Concept::Trigger(i) => match lex.context_rules.get(i as usize) {
                    Some(r) => s.serialize_str(r.assertion.as_str()),
                    None => s.serialize_none(),
                },
                Concept::Approach(a, ..) => a.serialize(s),
                Concept::Region(r) => r.serialize(s),
                Concept::Imaging(i) => i.serialize(s),
                Concept::Contrast(ContrastKind::Agent, agent) => {
                    lex.agents.get(agent as usize).serialize(s)
                }
                Concept::Contrast(k, _) => s.serialize_str(k.as_str()),
                Concept::Drug(d) => lex
                    .drugs
                    .get(d as usize)
                    .map(|d| d.generic.as_str())
                    .serialize(s),
                Concept::Sedation(k) => s.serialize_str(k.as_str()),
                Concept::Care(i) => match lex.care.get(i as usize) {
                    Some(t) if t.is_course() => s.serialize_str("course"),
                    Some(t) => t.modalities.serialize(s),
                    None => s.serialize_none(),
                },
                Concept::Radicular(k) => s.serialize_str(k.as_str()),
                Concept::Objective(k) => s.serialize_str(k.as_str()),
                Concept::Side(k) => s.serialize_str(k.as_str()),
                Concept::Cue(k) => s.serialize_str(k.as_str()),
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
                let u = match unit {
                    Unit::Mg => "mg",
                    Unit::Mcg => "mcg",
                    Unit::Ml => "ml",
                    Unit::MgPerMl => "mg/ml",
                    Unit::Percent => "%",
                };
                m.serialize_entry("unit", u)?;
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
        map.serialize_entry("context", &assertion_names(m.assertions))?;
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

impl Serialize for Mentions<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for m in &self.scan.mentions {
            if !self.triggers && matches!(m.concept(), Some(Concept::Trigger(_))) {
                continue;
            }
            let section = self.scan.sections.get(m.section).map(|s| s.name.as_str());
            seq.serialize_element(&MentionOut {
                mention: m,
                text: self.text,
                section,
                lex: self.lex,
            })?;
        }
        seq.end()
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

impl Serialize for ScanRecord<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.scan.id)?;
        map.serialize_entry("facts", &self.scan.facts)?;
        map.serialize_entry("sections", &self.scan.sections)?;
        map.serialize_entry(
            "mentions",
            &Mentions {
                scan: self.scan,
                text: self.text,
                lex: self.lex,
                triggers: self.triggers,
            },
        )?;
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
