//! The JSON Lines record of a scan: `{"id", "facts", "sections", "mentions"}`.
//!
//! Each mention is `{"start", "end", "text", "category", "value", "context",
//! "section"}`, where `value` is the normalized meaning (a generic drug name,
//! a canonical level list, a number) and `context` lists the assertions
//! (`negated`, `hypothetical`, `historical`, `family`, `planned`).

use crate::lexicon::{Concept, Lexicons};
use crate::mention::{Assertions, LevelRef, Mention, MentionKind, Unit};
use crate::scanner::Scan;
use serde_json::{json, Value};

fn value(m: &Mention, lex: &Lexicons) -> Value {
    match m.kind {
        MentionKind::Term(c) => match c {
            Concept::Header(s) => json!(s.as_str()),
            Concept::Trigger(i) => lex
                .context_rules
                .get(i as usize)
                .map(|r| json!(r.assertion.as_str()))
                .unwrap_or(Value::Null),
            Concept::Approach(a, ..) => serde_json::to_value(a).unwrap_or(Value::Null),
            Concept::Region(r) => serde_json::to_value(r).unwrap_or(Value::Null),
            Concept::Imaging(i) => serde_json::to_value(i).unwrap_or(Value::Null),
            Concept::Contrast(k, agent) => match k {
                crate::vocab::ContrastKind::Agent => json!(lex.agents.get(agent as usize)),
                other => json!(other.as_str()),
            },
            Concept::Drug(d) => json!(lex.drugs.get(d as usize).map(|d| d.generic.as_str())),
            Concept::Sedation(s) => json!(s.as_str()),
            Concept::Care(i) => match lex.care.get(i as usize) {
                Some(t) if t.is_course() => json!("course"),
                Some(t) => serde_json::to_value(&t.modalities).unwrap_or(Value::Null),
                None => Value::Null,
            },
            Concept::Radicular(k) => json!(k.as_str()),
            Concept::Objective(k) => json!(k.as_str()),
            Concept::Side(k) => json!(k.as_str()),
            Concept::Cue(k) => json!(k.as_str()),
        },
        MentionKind::Level(l) => {
            let f: Vec<String> = l.foramina().iter().map(|x| x.to_string()).collect();
            match l {
                LevelRef::Root(_) | LevelRef::Span(..) => json!(f),
            }
        }
        MentionKind::Quantity { value, unit } => json!({
            "amount": value,
            "unit": match unit { Unit::Mg => "mg", Unit::Mcg => "mcg", Unit::Ml => "ml", Unit::MgPerMl => "mg/ml", Unit::Percent => "%" },
        }),
        MentionKind::PainScore { value, max } => json!({"value": value, "scale_max": max}),
        MentionKind::Duration { weeks } => json!({"weeks": weeks}),
        MentionKind::Percent { value } => json!(value),
        MentionKind::StrengthGrade => Value::Null,
    }
}

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

/// One mention as JSON.
pub fn mention_json(m: &Mention, text: &str, scan: &Scan, lex: &Lexicons) -> Value {
    json!({
        "start": m.span.start,
        "end": m.span.end,
        "text": m.text(text),
        "category": m.kind.category().as_str(),
        "value": value(m, lex),
        "context": assertion_names(m.assertions),
        "section": scan.sections.get(m.section).map(|s| s.name.as_str()),
    })
}

/// The scan's output record. Context triggers are left out of `mentions`
/// unless `with_triggers` (they are modifiers, not findings).
pub fn scan_json(scan: &Scan, text: &str, lex: &Lexicons, with_triggers: bool) -> Value {
    let mentions: Vec<Value> = scan
        .mentions
        .iter()
        .filter(|m| with_triggers || !matches!(m.concept(), Some(Concept::Trigger(_))))
        .map(|m| mention_json(m, text, scan, lex))
        .collect();
    json!({
        "id": scan.id,
        "facts": scan.facts,
        "sections": scan.sections,
        "mentions": mentions,
    })
}
