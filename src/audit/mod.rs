//! The audit: does this note back CPT 64483, and if not, what exactly is missing?
//!
//! The audit reads a [`Scan`] and turns its facts into the answer a coder or
//! auditor reads:
//! - a [`Checklist`] (the scanner's contract checklist, with the items a
//!   policy sets thresholds for re-evaluated under that [`Policy`]);
//! - a 0–100 support **score** from the checklist's weights, and a
//!   [`Verdict`] band;
//! - the CPT lines (`facts.codes`), or the code family the note looks like
//!   instead ([`Audit::looks_like`]);
//! - [`Flag`]s: one per gap or risk, each raised by a coded rule
//!   ([`rules`], e.g. `NS101 axial-only-pain`) with a severity, a message that
//!   quotes the evidence, the byte spans that triggered it (or the section
//!   where a missing element was expected), and a long explanation
//!   ([`explain`]) citing LCD L39240 / billing article A58993 or the
//!   commercial policy.
//!
//! # Example: audit one note
//! ```
//! use notescan::{Scanner, audit::{self, Policy, Verdict}};
//! let note = "PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy.\n\
//!             HPI: Low back pain radiating down the left leg below the knee for 3 months.\n\
//!             PROCEDURE DETAILS: A Tuohy needle was advanced into the L5-S1 epidural space \
//!             using loss of resistance. 80 mg triamcinolone was injected.\n";
//! let scan = Scanner::new().scan("n1", note);
//! let a = audit::audit(&scan, note, &Policy::default());
//! assert_ne!(a.verdict, Verdict::Supported);
//! assert_eq!(a.looks_like.as_deref(), Some("62321/62323"));
//! let flag = a.flags.iter().find(|f| f.code == "NS902").unwrap();
//! assert_eq!(flag.name, "approach-not-transforaminal");
//! assert_eq!(&note[flag.spans[0]], "interlaminar");
//! assert!(flag.message.contains("not 64483"));
//! ```
//!
//! # Rules as data
//! The rule table ([`rules`]) is compiled in; which rules run, what each
//! deducts and every threshold come from the policy file (`policies/`).
//!
//! # Fallibility
//! [`audit()`] never fails and never panics; only loading a policy file can
//! fail ([`PolicyError`]).

mod coding;
mod ctx;
mod imaging;
mod injectate;
mod level;
mod necessity;
mod outcome;
mod policy;
mod registry;
mod score;

pub use crate::facts::{Checklist, CodeLine};
pub use policy::{Bands, Policy, PolicyError, PolicyErrorKind, Thresholds, CHECKLIST_ITEMS};
pub use registry::{Area, RuleInfo, Severity};

use crate::output::json;
use crate::scanner::Scan;
use crate::span::Span;
use crate::vocab::SectionName;
use ctx::Ctx;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// The verdict band of a note for CPT 64483.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The score reaches the policy's `supported` cut-off, no error-severity
    /// flag fired, and the note documents a lumbar/sacral transforaminal injection.
    Supported,
    /// The score reaches `at_risk`, but a gap or an error flag remains.
    AtRisk,
    /// Below `at_risk`, or the note codes to another family / documents no procedure.
    Unsupported,
}

impl Verdict {
    /// The JSON spelling (`supported`, `at_risk`, `unsupported`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::AtRisk => "at_risk",
            Verdict::Unsupported => "unsupported",
        }
    }
}

/// One gap or risk found in a note, raised by a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// The rule's stable code (`NS101`).
    pub code: &'static str,
    /// The rule's kebab-case name (`axial-only-pain`).
    pub name: &'static str,
    /// How serious the gap is.
    pub severity: Severity,
    /// One line stating the gap with its specific evidence.
    pub message: String,
    /// Byte spans of the evidence; for a missing element, the header of the
    /// section where it was expected (empty when the note has no such section).
    pub spans: Vec<Span>,
    /// The section of the evidence, or where the missing element was expected.
    pub section: Option<SectionName>,
}

/// The audit of one note under one policy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audit {
    /// Name of the policy applied.
    pub policy: String,
    /// The contract checklist with the policy's thresholds applied
    /// (conservative-care weeks, repeat relief, levels per session).
    pub checklist: Checklist,
    /// Support score, 0–100.
    pub score: u8,
    /// Verdict band.
    pub verdict: Verdict,
    /// CPT lines the note supports (the scan's `facts.codes`).
    pub codes: Vec<CodeLine>,
    /// The code family the note looks like when it is not 64483 (`62321/62323`,
    /// `64479/64480`, `64490-64495`, `64633-64636`, `27096/G0260`).
    pub looks_like: Option<String>,
    /// Every flag raised, by code.
    pub flags: Vec<Flag>,
}

impl Audit {
    /// True when a flag with this code (or name) was raised.
    pub fn has(&self, code_or_name: &str) -> bool {
        self.flags
            .iter()
            .any(|f| f.code == code_or_name || f.name == code_or_name)
    }
}

/// Audits one scanned note under `policy`. `text` is the note the scan was made from.
///
/// Never fails, never panics.
pub fn audit(scan: &Scan, text: &str, policy: &Policy) -> Audit {
    let checklist = score::checklist(scan, policy);
    let cx = Ctx::new(scan, text, policy, &checklist);
    let mut flags = Vec::new();
    for rule in registry::RULES {
        if policy.is_disabled(rule.code) {
            continue;
        }
        if let Some(hit) = (rule.check)(&cx) {
            let section = hit
                .section
                .or_else(|| hit.spans.first().map(|s| cx.section_at(s.start)));
            flags.push(Flag {
                code: rule.code,
                name: rule.name,
                severity: rule.severity,
                message: hit.message,
                spans: hit.spans,
                section,
            });
        }
    }
    let looks_like = coding::looks_like(&scan.facts.procedure);
    let (score, verdict) = score::score(scan, &checklist, &flags, policy);
    Audit {
        policy: policy.name.clone(),
        checklist,
        score,
        verdict,
        codes: scan.facts.codes.clone(),
        looks_like,
        flags,
    }
}

/// Every rule, in code order.
pub fn rules() -> &'static [RuleInfo] {
    registry::RULES
}

/// A rule by code (`NS101`, case-insensitive) or name (`axial-only-pain`).
///
/// ```
/// let r = notescan::audit::find_rule("ns101").unwrap();
/// assert_eq!(r.name, "axial-only-pain");
/// assert_eq!(notescan::audit::find_rule("axial-only-pain").unwrap().code, "NS101");
/// ```
pub fn find_rule(code_or_name: &str) -> Option<&'static RuleInfo> {
    registry::find(code_or_name)
}

/// The full explanation of a rule, as `notescan explain` prints it.
///
/// ```
/// let text = notescan::audit::explain("NS303").unwrap();
/// assert!(text.starts_with("# contrast-undocumented (NS303)"));
/// assert!(text.contains("## Why it matters"));
/// ```
pub fn explain(code_or_name: &str) -> Option<String> {
    let r = registry::find(code_or_name)?;
    Some(format!(
        "# {} ({})\n\nArea: {} · Severity: {} · Default weight: {}\n\n{}\n\n{}\n",
        r.name,
        r.code,
        r.area.as_str(),
        r.severity.as_str(),
        r.default_weight,
        r.summary,
        r.explanation.trim()
    ))
}

/// The rule list as an aligned text table (`notescan rules`).
///
/// ```
/// let t = notescan::audit::rules_table();
/// assert!(t.lines().next().unwrap().starts_with("CODE"));
/// assert!(t.contains("NS101  axial-only-pain"));
/// ```
pub fn rules_table() -> String {
    let name_w = registry::RULES
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(4);
    let mut out = format!(
        "{:<5}  {:<name_w$}  {:<8}  {:>6}  SUMMARY\n",
        "CODE", "NAME", "SEVERITY", "WEIGHT"
    );
    for r in registry::RULES {
        out.push_str(&format!(
            "{:<5}  {:<name_w$}  {:<8}  {:>6}  {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.default_weight,
            r.summary
        ));
    }
    out
}

/// The `audit` object of the scan output; each span also carries its `text`.
///
/// A JSON object tree of [`AuditJson`]: keys in byte order at every level.
///
/// ```
/// use notescan::{Scanner, audit};
/// let note = "PROCEDURE: Right L5-S1 TFESI.";
/// let scan = Scanner::new().scan("n1", note);
/// let a = audit::audit(&scan, note, &audit::Policy::default());
/// let v = audit::audit_json(&a, note);
/// assert_eq!(v["policy"], "medicare-l39240");
/// assert!(v["flags"].as_array().unwrap().iter().all(|f| f["code"].is_string()));
/// ```
pub fn audit_json(a: &Audit, text: &str) -> Value {
    serde_json::to_value(AuditJson { audit: a, text }).unwrap_or(Value::Null)
}

/// The `audit` object of the scan output, serialized straight to the writer
/// (no JSON tree): the same bytes as [`audit_json`]'s value, whose keys are
/// in byte order at every level, so every object here writes its keys in
/// that order.
pub struct AuditJson<'a> {
    /// The audit.
    pub audit: &'a Audit,
    /// The note the audit was made from (for each span's `text`).
    pub text: &'a str,
}

impl Serialize for AuditJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let a = self.audit;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("checklist", &SortedChecklist(&a.checklist))?;
        m.serialize_entry("codes", &a.codes)?;
        m.serialize_entry(
            "flags",
            &Seq(a.flags.iter().map(|flag| FlagJson {
                flag,
                text: self.text,
            })),
        )?;
        m.serialize_entry("looks_like", &a.looks_like)?;
        m.serialize_entry("policy", &a.policy)?;
        m.serialize_entry("score", &a.score)?;
        m.serialize_entry("verdict", a.verdict.as_str())?;
        m.end()
    }
}

impl AuditJson<'_> {
    /// Writes the object as compact JSON, the bytes `serde_json::to_writer`
    /// writes for it, without a serializer.
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let a = self.audit;
        out.extend_from_slice(b"{\"checklist\":");
        crate::facts::write_checklist(out, sorted_items(&a.checklist));
        out.extend_from_slice(b",\"codes\":");
        crate::facts::write_codes(out, &a.codes);
        out.extend_from_slice(b",\"flags\":[");
        for (i, f) in a.flags.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"code\":");
            json::str(out, f.code)?;
            out.extend_from_slice(b",\"message\":");
            json::str(out, &f.message)?;
            out.extend_from_slice(b",\"name\":");
            json::str(out, f.name)?;
            out.extend_from_slice(b",\"section\":");
            json::opt_str(out, f.section.map(|s| s.as_str()))?;
            out.extend_from_slice(b",\"severity\":");
            json::str(out, f.severity.as_str())?;
            out.extend_from_slice(b",\"spans\":[");
            for (j, span) in f.spans.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"end\":");
                json::uint(out, span.end as u64);
                out.extend_from_slice(b",\"start\":");
                json::uint(out, span.start as u64);
                out.extend_from_slice(b",\"text\":");
                json::str(out, self.text.get(span.range()).unwrap_or(""))?;
                out.push(b'}');
            }
            out.extend_from_slice(b"]}");
        }
        out.extend_from_slice(b"],\"looks_like\":");
        json::opt_str(out, a.looks_like.as_deref())?;
        out.extend_from_slice(b",\"policy\":");
        json::str(out, &a.policy)?;
        out.extend_from_slice(b",\"score\":");
        json::uint(out, a.score.into());
        out.extend_from_slice(b",\"verdict\":");
        json::str(out, a.verdict.as_str())?;
        out.push(b'}');
        Ok(())
    }
}

/// [`Checklist::items`] indices in key (byte) order.
const KEY_ORDER: [usize; 12] = [9, 2, 5, 4, 6, 3, 10, 11, 1, 7, 0, 8];

/// A checklist's items in key order.
fn sorted_items(c: &Checklist) -> [(&'static str, Option<bool>); 12] {
    let items = c.items();
    KEY_ORDER.map(|i| items[i])
}

/// A checklist with its items in key order.
struct SortedChecklist<'a>(&'a Checklist);

impl Serialize for SortedChecklist<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items = sorted_items(self.0);
        let mut m = s.serialize_map(Some(items.len()))?;
        for (k, v) in &items {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One flag of [`AuditJson`], keys in order.
struct FlagJson<'a> {
    flag: &'a Flag,
    text: &'a str,
}

impl Serialize for FlagJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.flag;
        let mut m = s.serialize_map(Some(6))?;
        m.serialize_entry("code", f.code)?;
        m.serialize_entry("message", &f.message)?;
        m.serialize_entry("name", f.name)?;
        m.serialize_entry("section", &f.section.map(|s| s.as_str()))?;
        m.serialize_entry("severity", f.severity.as_str())?;
        m.serialize_entry(
            "spans",
            &Seq(f.spans.iter().map(|&span| SpanJson {
                span,
                text: self.text,
            })),
        )?;
        m.end()
    }
}

/// A flag's evidence span with its text, keys in order.
struct SpanJson<'a> {
    span: Span,
    text: &'a str,
}

impl Serialize for SpanJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("end", &self.span.end)?;
        m.serialize_entry("start", &self.span.start)?;
        m.serialize_entry("text", self.text.get(self.span.range()).unwrap_or(""))?;
        m.end()
    }
}

/// A JSON array of the items of a cloneable iterator.
struct Seq<I>(I);

impl<I> Serialize for Seq<I>
where
    I: Iterator + Clone + ExactSizeIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0.clone() {
            seq.serialize_element(&x)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_sorts_every_checklist_item() {
        let mut want = Checklist::default().items().map(|(k, _)| k);
        want.sort_unstable();
        assert_eq!(sorted_items(&Checklist::default()).map(|(k, _)| k), want);
    }
}
