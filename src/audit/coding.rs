//! NS9xx, coding: a procedure was done, by the transforaminal approach, in the
//! lumbar/sacral region, at no more levels than allowed, billed without a
//! separate guidance code and with modifiers that match the targets.

use super::ctx::{
    current, foramina, is_cue, level_list, side_kind, Ctx, Hit, PROCEDURE_SECTIONS, TECHNIQUE,
};
use super::score::distinct_levels;
use crate::facts::{Approach, Code, Modifier, Procedure, Region, Side};
use crate::level::{Level, Segment};
use crate::lexicon::Concept;
use crate::mention::Assertions;
use crate::span::Span;
use crate::vocab::{Cue, SectionName, SideKind};
use once_cell::sync::Lazy;
use regex::Regex;

/// Cervical or thoracic region (the 64479/64480 billing region).
fn upper_region(p: &Procedure) -> bool {
    matches!(p.region, Some(Region::Cervical | Region::Thoracic))
        || p.targets
            .iter()
            .filter_map(|t| t.level)
            .any(|l| matches!(l.region(), Segment::C | Segment::T))
}

/// The code family the documented procedure looks like when it is not 64483.
pub(crate) fn looks_like(p: &Procedure) -> Option<String> {
    let family = match p.approach? {
        Approach::Interlaminar | Approach::Caudal => "62321/62323",
        Approach::Facet | Approach::MedialBranch => "64490-64495",
        Approach::Radiofrequency => "64633-64636",
        Approach::Sacroiliac => "27096/G0260",
        Approach::Transforaminal if upper_region(p) => "64479/64480",
        Approach::Transforaminal | Approach::Other => return None,
    };
    Some(family.to_string())
}

fn approach_name(a: Approach) -> &'static str {
    match a {
        Approach::Transforaminal => "transforaminal",
        Approach::Interlaminar => "interlaminar",
        Approach::Caudal => "caudal",
        Approach::Facet => "facet joint",
        Approach::MedialBranch => "medial branch block",
        Approach::Radiofrequency => "radiofrequency",
        Approach::Sacroiliac => "SI joint",
        Approach::Other => "other (neuroplasty, sympathetic block, epidurogram...)",
    }
}

/// The specific code the approach and region point to.
fn specific_code(p: &Procedure) -> &'static str {
    let upper = upper_region(p);
    match p.approach {
        Some(Approach::Interlaminar) if upper => "62321 (interlaminar, cervical/thoracic)",
        Some(Approach::Interlaminar) => "62323 (interlaminar, lumbar/sacral)",
        Some(Approach::Caudal) => "62323 (caudal, lumbar/sacral)",
        Some(Approach::Facet | Approach::MedialBranch) if upper => {
            "64490-64492 (facet/medial branch, cervical/thoracic)"
        }
        Some(Approach::Facet | Approach::MedialBranch) => {
            "64493-64495 (facet/medial branch, lumbar/sacral)"
        }
        Some(Approach::Radiofrequency) if upper => "64633/64634 (facet RFA, cervical/thoracic)",
        Some(Approach::Radiofrequency) => "64635/64636 (facet RFA, lumbar/sacral)",
        Some(Approach::Sacroiliac) => "27096 (G0260 in ASC/OPPS)",
        Some(Approach::Transforaminal) if upper => {
            "64479/64480 (transforaminal, cervical/thoracic)"
        }
        _ => "a code other than an epidural steroid injection",
    }
}

pub(crate) const NO_PROCEDURE: &str = r#"
## What it checks
Fires when the note documents no injection performed in this encounter
(`procedure.performed` is false): a clinic visit, consultation, prior-authorization letter
or plan that only discusses, orders or schedules an injection. Its verdict is always
`unsupported`: 64483 is billed from the procedure note.

## Why it matters
A58993 bills 64483 for a procedure done with image guidance; a note that plans one supports
an evaluation and management service (or a prior-authorization request under CMS WISeR),
not the injection. Its checklist still shows what the eventual procedure note will need
(radicular pain, objective support, conservative care, level and side).

## Example
"Plan: schedule a right L5-S1 transforaminal epidural steroid injection."

## Passing wording
A procedure note: "Under fluoroscopic guidance a 22-gauge needle was advanced into the right
L5-S1 foramen ... 10 mg dexamethasone was injected. The patient tolerated the procedure
well."
"#;

/// NS901.
pub(crate) fn no_procedure(cx: &Ctx) -> Option<Hit> {
    if cx.performed() {
        return None;
    }
    let p = &cx.facts().procedure;
    let levels = distinct_levels(cx.scan);
    let planned = match (p.approach, levels.is_empty()) {
        (Some(a), false) => format!(
            "; it plans a {} injection at {}",
            approach_name(a),
            level_list(&levels)
        ),
        (Some(a), true) => format!("; it plans a {} injection", approach_name(a)),
        (None, false) => format!("; it plans an injection at {}", level_list(&levels)),
        (None, true) => String::new(),
    };
    Some(Hit::missing(
        cx,
        format!(
            "no injection documented as performed in this encounter{planned}; 64483 is billed from the procedure note"
        ),
        &[
            SectionName::Plan,
            SectionName::AssessmentPlan,
            SectionName::Procedure,
        ],
    ))
}

pub(crate) const APPROACH: &str = r#"
## What it checks
Fires when the documented approach (`procedure.approach`) is not transforaminal:
interlaminar, caudal, facet joint, medial branch block, radiofrequency ablation, SI joint
or other (neuroplasty, sympathetic block, epidurogram alone). The message names the code
family the note looks like instead; the audit's `looks_like` carries it. Such a note is
never `supported` for 64483.

## Why it matters
64483/64484 describe a transforaminal epidural injection only. Interlaminar and caudal
injections are 62321 (cervical/thoracic) or 62323 (lumbar/sacral); facet joint or medial
branch injections 64490-64495; facet radiofrequency neurolysis 64633-64636; SI joint
injection 27096 (G0260 in ASC/OPPS). Billing 64483 for any of them is a coding error, and
A58993 sets different limits for them (one interlaminar level per session, no bilateral
interlaminar).

## Example
"PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy."

## Passing wording
"PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopy."
"#;

/// NS902.
pub(crate) fn approach(cx: &Ctx) -> Option<Hit> {
    let p = &cx.facts().procedure;
    let a = p.approach?;
    if a == Approach::Transforaminal {
        return None;
    }
    let spans = cx.evidence("procedure.approach");
    let message = format!(
        "{} approach documented ({}): codes to {}, not 64483",
        approach_name(a),
        cx.quote(&spans),
        specific_code(p)
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const REGION: &str = r#"
## What it checks
Fires when a transforaminal injection is cervical or thoracic: the region is cervical or
thoracic, or any target is a cervical or thoracic foramen. The T12-L1 foramen counts as
thoracic (the T12 root).

## Why it matters
64483/64484 are lumbar or sacral. A58993: "A TFESI at T12-L1 is reported with 64479", and
cervical or thoracic transforaminal injections are 64479/64480. The billing articles also
allow one spinal region per session (cervical/thoracic or lumbar/sacral), so a session that
mixes T12-L1 with lumbar levels needs two code families and scrutiny.

## Example
"Left T12-L1 transforaminal epidural steroid injection" or "Right C6 selective nerve root
block".

## Passing wording
"Left L1-L2 transforaminal epidural steroid injection."
"#;

/// NS903.
pub(crate) fn region(cx: &Ctx) -> Option<Hit> {
    let p = &cx.facts().procedure;
    if p.approach != Some(Approach::Transforaminal) || !upper_region(p) {
        return None;
    }
    let mut upper: Vec<Level> = p
        .targets
        .iter()
        .filter_map(|t| t.level)
        .filter(|l| matches!(l.region(), Segment::C | Segment::T))
        .collect();
    upper.dedup();
    let spans: Vec<Span> = cx
        .evidence("procedure.targets")
        .into_iter()
        .chain(cx.evidence("procedure.region"))
        .filter(|s| {
            cx.mention_at(*s, |m| {
                foramina(m).iter().any(|l| upper.contains(l))
                    || matches!(
                        m.concept(),
                        Some(Concept::Region(Region::Cervical | Region::Thoracic))
                    )
            })
            .is_some()
        })
        .collect();
    let at = if upper.is_empty() {
        match p.region {
            Some(Region::Cervical) => "the cervical spine".to_string(),
            _ => "the thoracic spine".to_string(),
        }
    } else {
        level_list(&upper)
    };
    let message = format!(
        "transforaminal injection at {at}: codes to 64479/64480 (cervical/thoracic), not 64483"
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const APPROACH_MISSING: &str = r#"
## What it checks
Fires when the note documents an injection (performed, or planned with a target) but names
no approach: "epidural steroid injection", "ESI" or "LESI" with no transforaminal,
interlaminar or caudal wording, no "selective nerve root block" and no technique that shows
it.

## Why it matters
The approach decides the code: transforaminal 64483, interlaminar or caudal 62323. Without
it a coder cannot choose, and a reviewer reading "lumbar ESI" will not assume the
transforaminal code (A58993 describes 64479-64484 as transforaminal only).

## Example
"PROCEDURE: Right L5-S1 lumbar epidural steroid injection."

## Passing wording
"PROCEDURE: Right L5-S1 transforaminal epidural steroid injection (selective nerve root
block)."
"#;

/// NS904.
pub(crate) fn approach_missing(cx: &Ctx) -> Option<Hit> {
    let p = &cx.facts().procedure;
    if p.approach.is_some() || !p.performed && p.targets.is_empty() {
        return None;
    }
    Some(Hit::missing(
        cx,
        "no injection approach named (transforaminal, interlaminar, caudal): 64483 and 62323 cannot be told apart".into(),
        &[SectionName::Procedure, SectionName::ProcedureDetails],
    ))
}

pub(crate) const TOO_MANY_LEVELS: &str = r#"
## What it checks
Fires on a transforaminal note (or one with no approach named) when the targets span more
distinct levels than the policy's `max_levels` (Medicare, Aetna, eviCore: 2). Bilateral at one level counts as one level; a named root counts as the
foramen it exits (L5 and S1 roots are two levels: L5-S1 and S1).

## Why it matters
A58993 and its sibling articles: at most two transforaminal levels per session, unilateral
or bilateral. A third level is not reasonable and necessary, and its 64484 line is denied.
Aetna CPB 0722 and eviCore CMM-200 set the same two-level limit.

## Example
"Right L3-L4, L4-L5 and L5-S1 transforaminal epidural steroid injections."

## Passing wording
"Right L4-L5 and L5-S1 transforaminal epidural steroid injections."
"#;

/// NS905.
pub(crate) fn too_many_levels(cx: &Ctx) -> Option<Hit> {
    if !matches!(
        cx.facts().procedure.approach,
        Some(Approach::Transforaminal) | None
    ) {
        return None;
    }
    let levels = distinct_levels(cx.scan);
    let max = cx.policy.thresholds.max_levels;
    if levels.len() <= max {
        return None;
    }
    let spans: Vec<Span> = cx.level_spans();
    let message = format!(
        "{} levels in one session ({}); {} allows {max} transforaminal levels",
        levels.len(),
        level_list(&levels),
        cx.policy.name
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, TECHNIQUE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const SEPARATE_IMAGING: &str = r#"
## What it checks
Fires when the note names a separate imaging-guidance code (77003 fluoroscopic guidance,
77012 CT guidance, 77002, 76942) that is not negated ("77003 not billed" does not fire).

## Why it matters
Imaging guidance is part of the 64483/64484 descriptor: 77003 and 77012 cannot be reported
with 64479-64484 (nor with 62321/62323, 64490-64495, 64633-64636 or 27096). Billing sites
that say "bill 77003 separately" are wrong; the NCCI edit denies the guidance line and
flags the claim for unbundling.

## Example
"CPT: 64483-RT, 77003."

## Passing wording
"CPT: 64483-RT (fluoroscopic guidance included)."
"#;

/// NS906.
pub(crate) fn separate_imaging(cx: &Ctx) -> Option<Hit> {
    let spans: Vec<Span> = cx
        .scan
        .mentions
        .iter()
        .filter(|m| is_cue(m, Cue::SeparateImagingCode) && !m.assertions.has(Assertions::NEGATED))
        .map(|m| m.span)
        .collect();
    if spans.is_empty() {
        return None;
    }
    Some(Hit::at(
        format!(
            "separate imaging guidance code {} in the note: guidance is included in 64483/64484",
            cx.quote(&spans)
        ),
        spans,
    ))
}

pub(crate) const MODIFIER: &str = r#"
## What it checks
Fires on a note with CPT lines when the bilateral logic disagrees with the targets:
- the procedure says "bilateral" but every level is done on one side only;
- the modifiers written in the note (`64483-50`, `64483-RT`, "modifier 50") name other sides
  than the targets (50 on a one-sided injection, RT on a left one, RT alone on a
  bilateral one); RT and LT written together for a bilateral level are accepted (the ASC
  two-line style);
- 64484 is written for a single level done on both sides.

## Why it matters
A58993 and the coding references: a unilateral level is one line with RT or LT; the same
level on both sides is one level with modifier 50 (Medicare, 1 unit; ASCs bill two lines
RT and LT), **not** 64483 + 64484. A modifier that contradicts the documented sides is
returned or denied, and billing 64484 for the other side of the same level is an overpayment.

## Example
"Right L5-S1 transforaminal epidural steroid injection. CPT 64483-50."

## Passing wording
"Bilateral L5-S1 transforaminal epidural steroid injections. CPT 64483-50." or "Right
L5-S1 ... CPT 64483-RT."
"#;

/// Written modifiers: `64483-50`, `64484 RT`, `modifier 50`, `-50 modifier`.
static MODIFIER_RE: Lazy<Option<Regex>> = Lazy::new(|| {
    Regex::new(
        r"(?i)\b6448[34]\s*(?:-|–|,|/)?\s*(?:modifier\s*)?(?P<m1>50|RT|LT)\b|\bmodifier\s*[-–]?\s*(?P<m2>50|RT|LT)\b|[-–](?P<m3>50)\s+modifier\b",
    )
    .ok()
});

static CODE_64484_RE: Lazy<Option<Regex>> = Lazy::new(|| Regex::new(r"\b64484\b").ok());

fn sides_of_modifier(m: &str) -> &'static [Side] {
    match m.to_ascii_uppercase().as_str() {
        "50" => &[Side::Left, Side::Right],
        "RT" => &[Side::Right],
        "LT" => &[Side::Left],
        _ => &[],
    }
}

/// NS907.
pub(crate) fn modifier(cx: &Ctx) -> Option<Hit> {
    let codes = &cx.facts().codes;
    if codes.is_empty() {
        return None;
    }
    let mut derived: Vec<Side> = Vec::new();
    for c in codes {
        let s: &[Side] = match c.modifier {
            Some(Modifier::Bilateral) => &[Side::Left, Side::Right],
            Some(Modifier::Rt) => &[Side::Right],
            Some(Modifier::Lt) => &[Side::Left],
            None => &[],
        };
        derived.extend_from_slice(s);
    }
    derived.sort();
    derived.dedup();
    let mut reasons = Vec::new();
    let mut spans = Vec::new();
    // "Bilateral" in the procedure while the targets are one-sided.
    let bilateral: Vec<Span> = cx
        .scan
        .mentions
        .iter()
        .filter(|m| {
            side_kind(m) == Some(SideKind::Bilateral)
                && current(m)
                && matches!(
                    cx.section_name(m),
                    SectionName::Procedure | SectionName::ProcedureDetails
                )
                && !super::level::finding_clause(cx, m.segment)
        })
        .map(|m| m.span)
        .collect();
    let any_bilateral_line = codes
        .iter()
        .any(|c| c.modifier == Some(Modifier::Bilateral));
    if !bilateral.is_empty() && !any_bilateral_line && !derived.is_empty() {
        reasons.push(format!(
            "the procedure says {} but every level is one-sided",
            cx.quote(&bilateral)
        ));
        spans.extend(bilateral);
    }
    // Modifiers written in the note.
    if let Some(re) = MODIFIER_RE.as_ref() {
        let mut written: Vec<Side> = Vec::new();
        let mut written_spans = Vec::new();
        for caps in re.captures_iter(cx.text) {
            let Some(m) = caps
                .name("m1")
                .or_else(|| caps.name("m2"))
                .or_else(|| caps.name("m3"))
            else {
                continue;
            };
            if let Some(whole) = caps.get(0) {
                written_spans.push(Span::new(whole.start(), whole.end()));
            }
            written.extend_from_slice(sides_of_modifier(m.as_str()));
        }
        written.sort();
        written.dedup();
        if !written.is_empty() && !derived.is_empty() && written != derived {
            let as_mod = |s: &[Side]| match s {
                [Side::Left, Side::Right] => "50 (bilateral)",
                [Side::Right] => "RT",
                [Side::Left] => "LT",
                _ => "none",
            };
            reasons.push(format!(
                "the note writes modifier {} ({}) but the targets code to {}",
                as_mod(&written),
                cx.quote(&written_spans),
                as_mod(&derived)
            ));
            spans.extend(written_spans);
        }
    }
    // 64484 written for one level done on both sides.
    let levels = distinct_levels(cx.scan);
    if levels.len() == 1 && any_bilateral_line {
        if let Some(re) = CODE_64484_RE.as_ref() {
            let found: Vec<Span> = re
                .find_iter(cx.text)
                .map(|m| Span::new(m.start(), m.end()))
                .collect();
            if !found.is_empty() && !codes.iter().any(|c| c.code == Code::Tfesi64484) {
                reasons.push(format!(
                    "64484 is written but {} is one level done on both sides (64483-50)",
                    level_list(&levels)
                ));
                spans.extend(found);
            }
        }
    }
    if reasons.is_empty() {
        return None;
    }
    Some(Hit::at(
        format!(
            "bilateral coding disagrees with the targets: {}",
            reasons.join("; ")
        ),
        spans,
    ))
}

pub(crate) const MIXED_BLOCK: &str = r#"
## What it checks
Fires on a transforaminal note that documents another block type done in the same session:
a facet joint injection, medial branch block, radiofrequency lesioning, SI joint injection,
trigger point injection, sympathetic block or neuroplasty in the procedure sections
(historical, planned and negated mentions are ignored; an epidurogram is part of the
injection).

## Why it matters
LCD L39240: different block types (ESI with facet, sympathetic or trigger point
injections) in the same session are not reasonable and necessary; the one exception is a
facet synovial cyst with an ESI. The second procedure's line, and often the whole session,
is denied.

## Example
"Right L5-S1 transforaminal epidural steroid injection and right L4-5 facet joint
injection."

## Passing wording
"Right L5-S1 transforaminal epidural steroid injection." (the facet injection, if needed,
on another day).
"#;

/// NS908.
pub(crate) fn mixed_block(cx: &Ctx) -> Option<Hit> {
    if cx.facts().procedure.approach != Some(Approach::Transforaminal) || !cx.performed() {
        return None;
    }
    let spans: Vec<Span> = cx
        .scan
        .mentions
        .iter()
        .filter(|m| {
            matches!(
                m.concept(),
                Some(Concept::Approach(
                    Approach::Facet
                        | Approach::MedialBranch
                        | Approach::Radiofrequency
                        | Approach::Sacroiliac
                        | Approach::Other,
                    ..
                ))
            ) && current(m)
                && !m.assertions.has(Assertions::PLANNED)
                && PROCEDURE_SECTIONS.contains(&cx.section_name(m))
                && !cx.slice(m.span).to_ascii_lowercase().contains("epidurogra")
        })
        .map(|m| m.span)
        .collect();
    if spans.is_empty() {
        return None;
    }
    Some(Hit::at(
        format!(
            "another block type in the same session ({}): LCD L39240 does not cover different block types together",
            cx.quote(&spans)
        ),
        spans,
    ))
}
