//! What every rule reads: the scan, the note, the policy, the audit checklist,
//! and small helpers over mentions, evidence and sections.

use super::policy::Policy;
use crate::facts::{Checklist, Facts, Side};
use crate::level::Level;
use crate::lexicon::Concept;
use crate::mention::{Assertions, Mention, MentionKind};
use crate::scanner::Scan;
use crate::span::Span;
use crate::vocab::{Cue, SectionName, SideKind};

/// What a rule found: the message, the spans, and (for a missing element)
/// the section where it was expected.
pub(crate) struct Hit {
    pub message: String,
    pub spans: Vec<Span>,
    pub section: Option<SectionName>,
}

impl Hit {
    /// A hit with evidence spans (section taken from the first span).
    pub fn at(message: String, spans: Vec<Span>) -> Hit {
        let mut spans = spans;
        spans.sort();
        spans.dedup();
        Hit {
            message,
            spans,
            section: None,
        }
    }

    /// A missing element: points at the header of the section where it was expected.
    pub fn missing(cx: &Ctx, message: String, expected: &[SectionName]) -> Hit {
        let (section, spans) = cx.expected(expected);
        Hit {
            message,
            spans,
            section,
        }
    }
}

/// Sections that describe the procedure itself.
pub(crate) const PROCEDURE_SECTIONS: &[SectionName] = &[
    SectionName::Procedure,
    SectionName::ProcedureDetails,
    SectionName::Findings,
    SectionName::Complications,
    SectionName::Anesthesia,
    SectionName::Disposition,
];

/// Where technique items are expected.
pub(crate) const TECHNIQUE: &[SectionName] =
    &[SectionName::ProcedureDetails, SectionName::Procedure];

/// Where narrative items are expected.
pub(crate) const NARRATIVE: &[SectionName] = &[
    SectionName::HistoryOfPresentIllness,
    SectionName::Indications,
    SectionName::ChiefComplaint,
    SectionName::Assessment,
    SectionName::AssessmentPlan,
];

pub(crate) struct Ctx<'a> {
    pub scan: &'a Scan,
    pub text: &'a str,
    pub policy: &'a Policy,
    /// The audit's checklist (policy thresholds applied).
    pub checklist: &'a Checklist,
}

impl<'a> Ctx<'a> {
    pub fn new(
        scan: &'a Scan,
        text: &'a str,
        policy: &'a Policy,
        checklist: &'a Checklist,
    ) -> Ctx<'a> {
        Ctx {
            scan,
            text,
            policy,
            checklist,
        }
    }

    pub fn facts(&self) -> &'a Facts {
        &self.scan.facts
    }

    pub fn performed(&self) -> bool {
        self.scan.facts.procedure.performed
    }

    /// The text of a span ("" when out of bounds).
    pub fn slice(&self, s: Span) -> &'a str {
        self.text.get(s.range()).unwrap_or("")
    }

    /// Up to three quoted phrases: `"non-radiating", "denies leg pain"`.
    pub fn quote(&self, spans: &[Span]) -> String {
        let mut seen: Vec<String> = Vec::new();
        for s in spans {
            let t = self
                .slice(*s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !t.is_empty() && !seen.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                seen.push(t);
            }
        }
        let extra = seen.len().saturating_sub(3);
        let mut out: Vec<String> = seen
            .into_iter()
            .take(3)
            .map(|t| format!("\"{t}\""))
            .collect();
        if extra > 0 {
            out.push(format!("and {extra} more"));
        }
        out.join(", ")
    }

    pub fn section_name(&self, m: &Mention) -> SectionName {
        self.scan
            .sections
            .get(m.section)
            .map(|s| s.name)
            .unwrap_or(SectionName::Other)
    }

    /// The section holding byte `pos`.
    pub fn section_at(&self, pos: usize) -> SectionName {
        self.scan
            .sections
            .iter()
            .find(|s| s.span.start <= pos && pos < s.span.end.max(s.span.start + 1))
            .map(|s| s.name)
            .unwrap_or(SectionName::Other)
    }

    /// The first of `expected` the note has (with its header span), else the
    /// first of `expected` and no span.
    pub fn expected(&self, expected: &[SectionName]) -> (Option<SectionName>, Vec<Span>) {
        for name in expected {
            if let Some(s) = self.scan.sections.iter().find(|s| s.name == *name) {
                return (Some(*name), vec![s.header.unwrap_or(s.span)]);
            }
        }
        (expected.first().copied(), Vec::new())
    }

    /// Spans the scanner cited for a contract field.
    pub fn evidence(&self, field: &str) -> Vec<Span> {
        self.scan
            .evidence
            .iter()
            .filter(|e| e.field == field)
            .map(|e| e.span)
            .collect()
    }

    /// The spans of the levels the scanner cited for `procedure.targets`.
    pub fn level_spans(&self) -> Vec<Span> {
        self.evidence("procedure.targets")
            .into_iter()
            .filter(|s| {
                self.mention_at(*s, |m| matches!(m.kind, MentionKind::Level(_)))
                    .is_some()
            })
            .collect()
    }

    /// The mention at exactly `span` that `f` accepts.
    pub fn mention_at(&self, span: Span, f: impl Fn(&Mention) -> bool) -> Option<&'a Mention> {
        // Mentions are sorted by start.
        let ms = &self.scan.mentions;
        let from = ms.partition_point(|m| m.span.start < span.start);
        ms[from..]
            .iter()
            .take_while(|m| m.span.start == span.start)
            .find(|m| m.span == span && f(m))
    }

    /// The mentions of clause `c` (mentions are in clause order).
    pub fn clause(&self, c: usize) -> impl Iterator<Item = &'a Mention> + 'a {
        let ms: &'a [Mention] = &self.scan.mentions;
        let from = ms.partition_point(|m| m.segment < c);
        let to = ms.partition_point(|m| m.segment <= c).max(from);
        ms[from..to].iter()
    }

    pub fn clause_has(&self, c: usize, f: impl Fn(&Mention) -> bool) -> bool {
        self.clause(c).any(f)
    }

    /// Text between two spans ("" when they touch or overlap).
    pub fn between(&self, a: Span, b: Span) -> &'a str {
        let (x, y) = if a.start <= b.start { (a, b) } else { (b, a) };
        if x.end >= y.start {
            return "";
        }
        self.text.get(x.end..y.start).unwrap_or("")
    }
}

/// Bytes between two spans; 0 when they overlap.
pub(crate) fn gap(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Affirmed and current: not negated, hypothetical, family or historical.
pub(crate) fn current(m: &Mention) -> bool {
    !m.assertions.denies() && !m.assertions.has(Assertions::HISTORICAL)
}

pub(crate) fn is_cue(m: &Mention, cue: Cue) -> bool {
    m.concept() == Some(Concept::Cue(cue))
}

/// The side kind of a side word (pseudo phrases excluded).
pub(crate) fn side_kind(m: &Mention) -> Option<SideKind> {
    match m.concept() {
        Some(Concept::Side(k)) if k != SideKind::Pseudo => Some(k),
        _ => None,
    }
}

/// The sides a side word names (bilateral: both).
pub(crate) fn sides_of(k: SideKind) -> &'static [Side] {
    match k {
        SideKind::Left => &[Side::Left],
        SideKind::Right => &[Side::Right],
        SideKind::Bilateral => &[Side::Left, Side::Right],
        SideKind::Pseudo => &[],
    }
}

/// The foramina a level mention names.
pub(crate) fn foramina(m: &Mention) -> Vec<Level> {
    match m.kind {
        MentionKind::Level(l) => l.foramina(),
        _ => Vec::new(),
    }
}

/// "L4-L5, L5-S1".
pub(crate) fn level_list(levels: &[Level]) -> String {
    levels
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn side_name(s: Side) -> &'static str {
    match s {
        Side::Left => "left",
        Side::Right => "right",
    }
}
