//! NS1xx, medical necessity: radicular pain, axial-only pain, objective
//! support, conservative care, and whether the findings match the target.

use super::ctx::{current, foramina, level_list, side_kind, sides_of, Ctx, Hit, NARRATIVE};
use super::score::care_weeks;
use crate::facts::Side;
use crate::level::Level;
use crate::lexicon::Concept;
use crate::mention::{Assertions, MentionKind};
use crate::vocab::{ObjectiveKind, RadicularKind, SectionName};

pub(crate) const AXIAL_ONLY: &str = r#"
## What it checks
Fires when the scanner reads the pain as confined to the back (`clinical.axial_only` is true):
wording such as "axial", "non-radiating", "localized low back pain", "denies leg pain" or
"no radicular symptoms", or pain that spreads only to the buttock or hip, with no affirmed
radicular feature anywhere in the narrative. The flag highlights the axial phrases and every
negated radicular phrase ("denies *leg pain*", "does not *radiate*").

## Why it matters
LCD L39240 covers epidural steroid injections for radicular pain, radiculopathy or
neurogenic claudication; "non-specific low back pain" and "axial spine pain" are on its
list of indications that are not reasonable and necessary. Billing article A58993 pairs
64483 with radiculopathy diagnoses (M54.16/M54.17, M51.16/M51.17), and axial-only codes
(M54.5x, M47.816) do not support it. eviCore CMM-200 and Aetna CPB 0722 exclude axial pain
too. An axial-only note is the commonest outright denial for a TFESI.

## Example
"Chronic axial low back pain, non-radiating. Denies leg pain or numbness."

## Passing wording
"Low back pain radiating down the posterior right thigh and calf to the lateral foot,
worse with sitting; numbness in the L5 distribution."
"#;

/// NS101.
pub(crate) fn axial_only(cx: &Ctx) -> Option<Hit> {
    if cx.facts().clinical.axial_only != Some(true) {
        return None;
    }
    let mut axial = Vec::new();
    let mut negated = Vec::new();
    let mut proximal = Vec::new();
    for m in &cx.scan.mentions {
        let Some(Concept::Radicular(kind)) = m.concept() else {
            continue;
        };
        let a = m.assertions;
        if a.has(Assertions::FAMILY) || a.has(Assertions::HYPOTHETICAL) {
            continue;
        }
        let neg = a.has(Assertions::NEGATED);
        match kind {
            RadicularKind::Axial | RadicularKind::NoRadiation if !neg => axial.push(m.span),
            RadicularKind::Radicular | RadicularKind::Radiation | RadicularKind::Limb if neg => {
                negated.push(m.span)
            }
            RadicularKind::Proximal if !neg => {
                let after_radiation = cx.clause(m.segment).any(|o| {
                    o.concept() == Some(Concept::Radicular(RadicularKind::Radiation))
                        && o.span.end <= m.span.start
                });
                if after_radiation {
                    proximal.push(m.span);
                }
            }
            _ => {}
        }
    }
    let mut parts = Vec::new();
    if !axial.is_empty() {
        parts.push(format!("axial wording {}", cx.quote(&axial)));
    }
    if !negated.is_empty() {
        parts.push(format!("radicular features negated {}", cx.quote(&negated)));
    }
    if !proximal.is_empty() {
        parts.push(format!(
            "pain spreads only to {} (not radicular)",
            cx.quote(&proximal)
        ));
    }
    let detail = if parts.is_empty() {
        "no radicular feature affirmed".to_string()
    } else {
        parts.join("; ")
    };
    let spans: Vec<_> = axial.into_iter().chain(negated).chain(proximal).collect();
    let message = format!(
        "pain documented as axial only: {detail}; LCD L39240 does not cover axial back pain"
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, NARRATIVE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const NO_RADICULAR: &str = r#"
## What it checks
Fires when the checklist item `radicular_pain` is false and the note is not already flagged
as axial-only (NS101): the narrative never affirms a radicular feature. Radicular features
are pain radiating into the thigh, below the knee, into the leg or foot; sciatica; a
dermatomal pattern; dermatomal numbness or paresthesia; a positive straight-leg raise; a
radiculopathy diagnosis. Pain that reaches only the buttock or hip does not count, and
negated, hypothetical or family-history mentions do not affirm. The flag points to the
history (HPI, indications) where the symptom belongs.

## Why it matters
LCD L39240 requirement 1: the history, exam and imaging must support radicular pain,
radiculopathy or neurogenic claudication (or post-laminectomy syndrome, acute zoster).
A58993 expects a radiculopathy diagnosis on the claim, and every commercial policy read
(UHC, Aetna CPB 0722, eviCore CMM-200) limits TFESI to radicular pain. A reviewer who
cannot find the leg symptoms denies the claim as not medically necessary.

## Example
"Patient with lumbar spondylosis presents for injection. Pain 7/10."

## Passing wording
"Left leg pain radiating below the knee to the dorsum of the foot for 3 months (L5
distribution), with numbness of the great toe; positive straight-leg raise at 40 degrees."
"#;

/// NS102.
pub(crate) fn no_radicular(cx: &Ctx) -> Option<Hit> {
    let f = cx.facts();
    if f.checklist.radicular_pain != Some(false) || f.clinical.axial_only == Some(true) {
        return None;
    }
    let message = if f.clinical.radicular == Some(false) {
        "radicular features are documented as absent".to_string()
    } else {
        "no radicular symptom documented (leg pain below the knee, sciatica, dermatomal numbness, positive SLR, radiculopathy)".to_string()
    };
    Some(Hit::missing(cx, message, NARRATIVE))
}

pub(crate) const NO_OBJECTIVE: &str = r#"
## What it checks
Fires when the checklist item `objective_support` is false: the note documents neither an
imaging finding (disc herniation, protrusion or extrusion; foraminal or lateral-recess
stenosis; nerve-root compression or impingement) nor a neurological exam finding (motor
weakness such as 4/5, dermatomal sensory loss, reflex asymmetry, positive straight-leg
raise). A disc bulge, central stenosis or "degenerative changes" alone do not count. The
flag points to the exam or imaging section.

## Why it matters
LCD L39240 requirement 1 asks for history, physical exam **and concordant image-based
diagnostic testing**. eviCore CMM-200 wants a concordant neurological exam plus MRI/CT
within 24 months (or EMG), and Aetna CPB 0722 wants documented radiculopathy. An appeal
upheld by NY DFS (Excellus 2020) turned on an MRI that showed no compression at the
injected level.

## Example
"Exam: tender lumbar paraspinals. MRI: multilevel degenerative changes."

## Passing wording
"MRI 02/10: right L5-S1 foraminal disc protrusion compressing the exiting right L5 root.
Exam: right EHL 4/5, decreased sensation over the dorsum of the right foot, positive
right SLR at 45 degrees."
"#;

/// NS103.
pub(crate) fn no_objective(cx: &Ctx) -> Option<Hit> {
    if cx.facts().checklist.objective_support != Some(false) {
        return None;
    }
    Some(Hit::missing(
        cx,
        "no imaging finding (herniation, foraminal stenosis, root compression) or neurological exam finding (weakness, dermatomal sensory loss, reflex change, positive SLR) documented".into(),
        &[
            SectionName::Imaging,
            SectionName::PhysicalExam,
            SectionName::HistoryOfPresentIllness,
            SectionName::Indications,
        ],
    ))
}

pub(crate) const CONSERVATIVE: &str = r#"
## What it checks
Fires when the audit checklist's `conservative_care` is false under the policy: no
conservative modality is documented as tried (physical therapy, home exercise, NSAIDs,
acetaminophen, oral steroids, gabapentinoids, muscle relaxants, opioids, chiropractic,
acupuncture, activity modification, massage, TENS), or the stated durations add up to
fewer weeks than the policy's `conservative_care_weeks` (Medicare 4, eviCore 6). A course
statement ("failed 8 weeks of conservative care") counts for the whole course. Care that is
only recommended, planned or declined does not count; a session count ("PT x 6 visits") is
not a duration.

## Why it matters
LCD L39240 requirement 3: pain for at least 4 weeks **and** failure of (or intolerance to)
at least 4 weeks of noninvasive conservative care. UHC also requires 4 weeks; eviCore
CMM-200 requires **6 weeks** for radiculopathy. Reviewers deny when the duration is
missing even if the modalities are listed: "tried PT and NSAIDs" does not show 4 weeks.

## Example
"Has tried ibuprofen and some physical therapy." (no duration) or
"Completed physical therapy x 3 weeks."

## Passing wording
"Failed 8 weeks of supervised physical therapy and naproxen 500 mg BID since January,
with no lasting relief; continues a home exercise program."
"#;

/// NS104.
pub(crate) fn conservative(cx: &Ctx) -> Option<Hit> {
    if cx.checklist.conservative_care != Some(false) {
        return None;
    }
    let need = cx.policy.thresholds.conservative_care_weeks;
    let care = &cx.facts().clinical.conservative_care;
    let spans = cx.evidence("clinical.conservative_care");
    let weeks = care_weeks(cx.scan);
    let policy = &cx.policy.name;
    let message = if care.is_empty() {
        format!("no conservative care documented as tried; {policy} needs >= {need} weeks")
    } else {
        let listed: Vec<String> = care
            .iter()
            .map(|c| {
                let name = c.modality.json_name().to_string();
                match c.weeks {
                    Some(w) => format!("{name} {w} weeks"),
                    None => name,
                }
            })
            .collect();
        if weeks == 0 {
            format!(
                "conservative care tried ({}) but no duration stated; {policy} needs >= {need} weeks",
                listed.join(", ")
            )
        } else {
            format!(
                "conservative care totals {weeks} weeks ({}); {policy} needs >= {need} weeks",
                listed.join(", ")
            )
        }
    };
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, NARRATIVE));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const DISCORDANT: &str = r#"
## What it checks
Fires when the objective findings point somewhere else than the treated target:
- the levels named in imaging-finding clauses ("MRI: L3-4 disc protrusion") include no
  treated level and no level just above one (an L4-L5 disc compresses the traversing L5
  root, which a transforaminal injection reaches through the L5-S1 foramen, so L4-L5
  findings support an L5-S1 target); or
- every side named in imaging or exam finding clauses is the opposite of every treated side
  (findings on the left, injection on the right), with no bilateral finding.
Only findings that name a level or a side are compared; silent findings never fire.

## Why it matters
LCD L39240 asks for **concordant** image-based testing: the imaging must match the level
and side treated. eviCore CMM-200 wants the neurological exam to be concordant as well.
The Excellus external appeal (NY DFS 202008-130704) upheld a denial because the MRI showed
no compression at the level injected.

## Example
"MRI: left L3-4 foraminal disc protrusion." with a right L5-S1 TFESI.

## Passing wording
"MRI: right L5-S1 foraminal protrusion compressing the exiting right L5 root." with a right
L5-S1 TFESI.
"#;

/// Findings concordant with a target: the same foramen, or the disc just above it.
fn concordant(finding: Level, target: Level) -> bool {
    finding == target || finding.lower.is_some_and(|low| low == target.upper)
}

/// NS105.
pub(crate) fn discordant(cx: &Ctx) -> Option<Hit> {
    let targets = &cx.facts().procedure.targets;
    let target_levels: Vec<Level> = targets.iter().filter_map(|t| t.level).collect();
    let target_sides: Vec<Side> = targets.iter().filter_map(|t| t.side).collect();
    let mut finding_levels: Vec<(Level, crate::span::Span)> = Vec::new();
    let mut finding_sides: Vec<(Side, crate::span::Span)> = Vec::new();
    let mut bilateral_finding = false;
    let mut level_anchors = Vec::new();
    let mut side_anchors = Vec::new();
    let mut clauses: Vec<usize> = Vec::new();
    for m in &cx.scan.mentions {
        let objective = matches!(m.concept(), Some(Concept::Objective(_)))
            || matches!(m.kind, MentionKind::StrengthGrade);
        // Mentions are in clause order.
        if objective && current(m) && clauses.last() != Some(&m.segment) {
            clauses.push(m.segment);
        }
    }
    for &c in &clauses {
        let imaging_clause = cx.clause_has(c, |o| {
            o.concept() == Some(Concept::Objective(ObjectiveKind::ImagingFinding)) && current(o)
        });
        for o in cx.clause(c) {
            if !current(o) {
                continue;
            }
            if imaging_clause && matches!(o.kind, MentionKind::Level(_)) {
                for l in foramina(o) {
                    finding_levels.push((l, o.span));
                }
            }
            if let Some(k) = side_kind(o) {
                if k == crate::vocab::SideKind::Bilateral {
                    bilateral_finding = true;
                }
                for s in sides_of(k) {
                    finding_sides.push((*s, o.span));
                }
            }
            if let Some(Concept::Objective(kind)) = o.concept() {
                if kind == ObjectiveKind::ImagingFinding {
                    level_anchors.push(o.span);
                }
                side_anchors.push(o.span);
            }
        }
    }
    let mut reasons = Vec::new();
    let mut spans = Vec::new();
    if !target_levels.is_empty()
        && !finding_levels.is_empty()
        && !finding_levels
            .iter()
            .any(|(f, _)| target_levels.iter().any(|t| concordant(*f, *t)))
    {
        let mut fl: Vec<Level> = finding_levels.iter().map(|x| x.0).collect();
        fl.sort();
        fl.dedup();
        let mut tl = target_levels.clone();
        tl.sort();
        tl.dedup();
        reasons.push(format!(
            "findings at {} but the target is {}",
            level_list(&fl),
            level_list(&tl)
        ));
        spans.extend(finding_levels.iter().map(|x| x.1));
        spans.extend(level_anchors);
    }
    if !target_sides.is_empty()
        && !finding_sides.is_empty()
        && !bilateral_finding
        && !finding_sides.iter().any(|(s, _)| target_sides.contains(s))
    {
        let fs = finding_sides
            .iter()
            .map(|x| super::ctx::side_name(x.0))
            .next()
            .unwrap_or("");
        let ts = target_sides
            .first()
            .map(|s| super::ctx::side_name(*s))
            .unwrap_or("");
        reasons.push(format!(
            "findings are on the {fs} but the injection is on the {ts}"
        ));
        spans.extend(finding_sides.iter().map(|x| x.1));
        spans.extend(side_anchors);
    }
    if reasons.is_empty() {
        return None;
    }
    Some(Hit::at(
        format!(
            "objective findings do not match the treated target: {}",
            reasons.join("; ")
        ),
        spans,
    ))
}
