//! NS2xx, level and side: every target has both, and the note agrees with
//! itself about them.

use super::ctx::{
    current, foramina, gap, is_cue, level_list, side_kind, side_name, sides_of, Ctx, Hit,
    PROCEDURE_SECTIONS, TECHNIQUE,
};
use crate::facts::{Approach, Side};
use crate::level::Level;
use crate::lexicon::Concept;
use crate::mention::{Mention, MentionKind};
use crate::span::Span;
use crate::vocab::{ContrastKind, Cue, RadicularKind, SectionName, SideKind};

pub(crate) const LEVEL_OR_SIDE: &str = r#"
## What it checks
Fires when the checklist item `level_and_side` is false: the note names no treated level,
or a target has no spinal level (an SI joint, a sympathetic chain), or a level has no side
("L5-S1 TFESI" with no left, right or bilateral anywhere for it). Applies to clinic notes
too, where the targets are those of the injection planned or ordered.

## Why it matters
64483/64484 are reported per level, with RT, LT or 50 for the side (A58993; CPT counts
levels per foramen, not per needle). Without a level the units cannot be set; without a
side the modifier cannot be, and a claim line without RT/LT/50 is returned or denied.
LCD L39240's documentation list includes the level(s) and side in the procedure report.

## Example
"Lumbar transforaminal epidural steroid injection under fluoroscopy." (no level, no side)
or "L5-S1 TFESI" (no side).

## Passing wording
"Right L4-L5 and L5-S1 transforaminal epidural steroid injection" or "Bilateral L5
transforaminal epidural steroid injection (L5-S1 foramina)".
"#;

/// NS201.
pub(crate) fn level_or_side(cx: &Ctx) -> Option<Hit> {
    if cx.facts().checklist.level_and_side != Some(false) {
        return None;
    }
    let targets = &cx.facts().procedure.targets;
    let level_spans: Vec<Span> = cx.level_spans();
    let message = if targets.is_empty() {
        "no treated level documented".to_string()
    } else {
        let no_level = targets.iter().filter(|t| t.level.is_none()).count();
        let mut no_side: Vec<Level> = targets
            .iter()
            .filter(|t| t.side.is_none())
            .filter_map(|t| t.level)
            .collect();
        no_side.dedup();
        let mut parts = Vec::new();
        if no_level > 0 {
            parts.push("a target with no spinal level (e.g. SI joint)".to_string());
        }
        if !no_side.is_empty() {
            parts.push(format!("side not documented for {}", level_list(&no_side)));
        }
        if parts.is_empty() {
            "a target lacks its level or side".to_string()
        } else {
            parts.join("; ")
        }
    };
    if level_spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, level_spans))
}

/// A clause about symptoms, findings or an imaging study (not the injection).
pub(crate) fn finding_clause(cx: &Ctx, c: usize) -> bool {
    cx.clause_has(c, |o| {
        matches!(
            o.concept(),
            Some(Concept::Radicular(
                RadicularKind::Radicular
                    | RadicularKind::Limb
                    | RadicularKind::Axial
                    | RadicularKind::NoRadiation
            )) | Some(Concept::Objective(_))
        ) || is_cue(o, Cue::Symptom)
            || is_cue(o, Cue::ImagingStudy)
    })
}

/// A clause of the procedure title that names the injection.
fn title_clause(cx: &Ctx, c: usize) -> bool {
    cx.clause_has(c, |o| {
        matches!(o.concept(), Some(Concept::Approach(..))) || is_cue(o, Cue::Injection)
    }) && !finding_clause(cx, c)
}

/// A side word that speaks of the injection, not of a symptom or finding.
fn procedural_side(cx: &Ctx, m: &Mention) -> bool {
    side_kind(m).is_some() && current(m) && !finding_clause(cx, m.segment)
}

/// A side word right next to a level or a target word ("right L5-S1", "left S1 foramen").
fn next_to_target(cx: &Ctx, m: &Mention) -> bool {
    cx.clause(m.segment).any(|o| {
        (matches!(o.kind, MentionKind::Level(_)) || is_cue(o, Cue::Target))
            && gap(m.span, o.span) <= 20
            && !cx.between(m.span, o.span).contains(['.', ';'])
    })
}

fn expand(kinds: &[(SideKind, Span)]) -> Vec<Side> {
    let mut v: Vec<Side> = kinds
        .iter()
        .flat_map(|(k, _)| sides_of(*k).iter().copied())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn side_set(sides: &[Side]) -> String {
    match sides {
        [Side::Left, Side::Right] => "bilateral".to_string(),
        _ => sides
            .iter()
            .map(|s| side_name(*s))
            .collect::<Vec<_>>()
            .join("/"),
    }
}

pub(crate) const LATERALITY: &str = r#"
## What it checks
Fires when the note contradicts itself about the side treated:
- the procedure title (`PROCEDURE:` section) names one side and the description
  (`PROCEDURE DETAILS` / technique) injects at another, e.g. title "Right L5-S1 TFESI",
  body "the needle was advanced into the left L5-S1 foramen" (side words that belong to
  symptoms or findings, and side words not next to a level or target, are ignored); or
- the same level is a target on both sides while nothing in the procedure says bilateral.

## Why it matters
The side decides the modifier (RT, LT or 50) and is a patient-safety record: a wrong-side
procedure is a reportable event. A reviewer who reads "right" in the title and "left" in
the body cannot tell which claim line is true and denies it; LCD L39240 expects the level(s)
and side in the procedure report, and A58993 bills bilateral procedures differently from
unilateral ones.

## Example
"PROCEDURE: Right L5-S1 transforaminal epidural steroid injection. ... PROCEDURE DETAILS:
A 22-gauge needle was advanced into the left L5-S1 foramen."

## Passing wording
"PROCEDURE: Right L5-S1 transforaminal epidural steroid injection. ... PROCEDURE DETAILS:
A 22-gauge needle was advanced into the right L5-S1 foramen."
"#;

/// NS202.
pub(crate) fn laterality(cx: &Ctx) -> Option<Hit> {
    let mut title: Vec<(SideKind, Span)> = Vec::new();
    let mut body: Vec<(SideKind, Span)> = Vec::new();
    let mut bilateral_word: Option<Span> = None;
    for m in &cx.scan.mentions {
        if !procedural_side(cx, m) {
            continue;
        }
        let Some(k) = side_kind(m) else { continue };
        let sec = cx.section_name(m);
        if k == SideKind::Bilateral && (PROCEDURE_SECTIONS.contains(&sec) || next_to_target(cx, m))
        {
            bilateral_word.get_or_insert(m.span);
        }
        match sec {
            SectionName::Procedure if title_clause(cx, m.segment) => title.push((k, m.span)),
            SectionName::ProcedureDetails if next_to_target(cx, m) => body.push((k, m.span)),
            _ => {}
        }
    }
    let (ts, bs) = (expand(&title), expand(&body));
    if !ts.is_empty() && !bs.is_empty() && ts != bs {
        let spans: Vec<Span> = title.iter().chain(body.iter()).map(|x| x.1).collect();
        return Some(Hit::at(
            format!(
                "the title says {} ({}) but the procedure description says {} ({})",
                side_set(&ts),
                cx.quote(&title.iter().map(|x| x.1).collect::<Vec<_>>()),
                side_set(&bs),
                cx.quote(&body.iter().map(|x| x.1).collect::<Vec<_>>()),
            ),
            spans,
        ));
    }
    if bilateral_word.is_some() {
        return None;
    }
    let targets = &cx.facts().procedure.targets;
    let mut both: Vec<Level> = targets
        .iter()
        .filter_map(|t| t.level)
        .filter(|l| {
            targets
                .iter()
                .any(|t| t.level == Some(*l) && t.side == Some(Side::Left))
                && targets
                    .iter()
                    .any(|t| t.level == Some(*l) && t.side == Some(Side::Right))
        })
        .collect();
    both.dedup();
    if both.is_empty() {
        return None;
    }
    let spans: Vec<Span> = cx
        .evidence("procedure.targets")
        .into_iter()
        .filter(|s| cx.mention_at(*s, |m| side_kind(m).is_some()).is_some())
        .collect();
    Some(Hit::at(
        format!(
            "{} is documented on the left and on the right, but the procedure is not described as bilateral",
            level_list(&both)
        ),
        spans,
    ))
}

pub(crate) const LEVEL_CONFLICT: &str = r#"
## What it checks
Fires when the levels named in the procedure title (`PROCEDURE:` section) differ from the
levels the procedure description (`PROCEDURE DETAILS` / technique) injects at. Levels are
compared as foramina (a named root maps to the foramen it exits: "L5 nerve root" is
L5-S1). In the description only levels in clauses about the needle, the target, the
injection or the contrast spread count; both sections must name a level.

## Why it matters
The number of levels sets 64483 plus the 64484 units, and A58993 limits TFESI to two levels
per session. When the title says "L4-L5 and L5-S1" and the body describes one needle at
L5-S1, the reviewer cannot tell whether 64484 is owed, and denies the add-on (an external
appeal, NY DFS Fidelis 202208-152130, turned on exactly such a level count).

## Example
"PROCEDURE: Right L4-L5 transforaminal epidural steroid injection. ... PROCEDURE DETAILS:
The needle was advanced into the right L5-S1 foramen."

## Passing wording
"PROCEDURE: Right L5-S1 transforaminal epidural steroid injection. ... PROCEDURE DETAILS:
The needle was advanced into the right L5-S1 foramen; contrast outlined the L5 nerve root."
"#;

/// A clause of the description that speaks of where the injection went.
fn injection_clause(cx: &Ctx, c: usize) -> bool {
    cx.clause_has(c, |o| {
        is_cue(o, Cue::Target)
            || is_cue(o, Cue::Performed)
            || is_cue(o, Cue::Injection)
            || matches!(o.concept(), Some(Concept::Approach(..)))
            || matches!(
                o.concept(),
                Some(Concept::Contrast(ContrastKind::Spread, _))
            )
    }) && !finding_clause(cx, c)
}

/// NS203.
pub(crate) fn level_conflict(cx: &Ctx) -> Option<Hit> {
    if !matches!(
        cx.facts().procedure.approach,
        Some(Approach::Transforaminal) | None
    ) {
        return None;
    }
    // Title: the clauses naming the injection. Body: every level of the
    // description (a title level it never names is missing), and the levels of
    // its injection clauses (one the title lacks is extra).
    let mut title: Vec<(Level, Span)> = Vec::new();
    let mut body_all: Vec<Level> = Vec::new();
    let mut body: Vec<(Level, Span)> = Vec::new();
    for m in &cx.scan.mentions {
        if !matches!(m.kind, MentionKind::Level(_)) || !current(m) {
            continue;
        }
        match cx.section_name(m) {
            SectionName::Procedure if title_clause(cx, m.segment) => {
                title.extend(foramina(m).into_iter().map(|l| (l, m.span)));
            }
            SectionName::ProcedureDetails if !finding_clause(cx, m.segment) => {
                body_all.extend(foramina(m));
                if injection_clause(cx, m.segment) {
                    body.extend(foramina(m).into_iter().map(|l| (l, m.span)));
                }
            }
            _ => {}
        }
    }
    if title.is_empty() || body.is_empty() {
        return None;
    }
    let set = |v: &[(Level, Span)]| {
        let mut s: Vec<Level> = v.iter().map(|x| x.0).collect();
        s.sort();
        s.dedup();
        s
    };
    let (ts, bs) = (set(&title), set(&body));
    let missing: Vec<&(Level, Span)> = title.iter().filter(|x| !body_all.contains(&x.0)).collect();
    let extra: Vec<&(Level, Span)> = body.iter().filter(|x| !ts.contains(&x.0)).collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let spans: Vec<Span> = missing.iter().chain(extra.iter()).map(|x| x.1).collect();
    Some(Hit::at(
        format!(
            "the title names {} but the procedure description injects at {}",
            level_list(&ts),
            level_list(&bs)
        ),
        spans,
    ))
}
