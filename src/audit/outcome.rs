//! NS5xx, outcome tracking: pain scores and the benefit of a prior injection.

use super::ctx::{gap, is_cue, Ctx, Hit, NARRATIVE, PROCEDURE_SECTIONS};
use crate::facts::Timing;
use crate::mention::MentionKind;
use crate::vocab::{Cue, SectionName};

pub(crate) const NO_SCORES: &str = r#"
## What it checks
Fires when the checklist item `pain_scores` is false: the note has no numeric pain rating
(NRS/VAS "7/10", "pain 8", "VAS 70/100"). Function scales (ODI, PHQ-9) and strength grades
are not pain scores.

## Why it matters
LCD L39240 requirement 2: the pain must be severe enough to impact quality of life or
function, measured with an objective pain scale or functional assessment **at baseline**,
and the same scale repeated at each follow-up (VRS, NRS, VAS, ODI, Roland-Morris, PROMIS
and others). The billing articles expect the pre-procedure rating on the day and the relief
after it. Without a baseline number neither severity nor later benefit can be shown.

## Example
"Patient reports severe low back and leg pain."

## Passing wording
"Pain 8/10 (NRS) at rest, 9/10 with walking; ODI 46%."
"#;

/// NS501.
pub(crate) fn no_scores(cx: &Ctx) -> Option<Hit> {
    if cx.facts().checklist.pain_scores != Some(false) {
        return None;
    }
    let mut expected: Vec<SectionName> = NARRATIVE.to_vec();
    expected.push(SectionName::ProcedureDetails);
    Some(Hit::missing(
        cx,
        "no numeric pain score documented (baseline NRS/VAS)".into(),
        &expected,
    ))
}

pub(crate) const INCOMPLETE: &str = r#"
## What it checks
Fires on a procedure note that has pain scores but lacks one end of the outcome: no score
before the injection (`pre` or `baseline`), or no score or percent relief after it (`post`,
or "80% relief" after the procedure). A score counts for the side of the pre/post cue
nearest to it in its clause ("6/10 pre -> 1/10 post") when the scanner did not time it. A
clinic note is not checked.

## Why it matters
The billing articles for LCD L39240 (A58993 and siblings) list the pain rating before the
procedure on the day and the percent relief immediately after it among the documentation a
procedure report should hold. Those two numbers are the baseline a repeat injection will be
judged against (>= 50% for 3 months under Medicare).

## Example
"Pre-procedure pain 8/10." and nothing after the injection.

## Passing wording
"Pre-procedure pain 8/10; 15 minutes after the injection 2/10 (75% relief)."
"#;

/// NS502.
pub(crate) fn incomplete(cx: &Ctx) -> Option<Hit> {
    let scores = &cx.facts().clinical.pain_scores;
    if !cx.performed() || scores.is_empty() {
        return None;
    }
    let before = scores.iter().any(|s| {
        matches!(
            s.timing,
            Timing::Pre | Timing::Baseline | Timing::Unspecified
        )
    });
    let post_relief = cx.scan.mentions.iter().any(|m| {
        matches!(m.kind, MentionKind::Percent { .. })
            && (cx.clause_has(m.segment, |o| is_cue(o, Cue::Post))
                || matches!(
                    cx.section_name(m),
                    SectionName::Disposition | SectionName::Findings
                ))
            && cx.clause_has(m.segment, |o| is_cue(o, Cue::Relief))
    });
    // The scanner's timings first; then each score's nearest pre/post cue in its
    // clause, on either side ("6/10 pre -> 1/10 post").
    let nearest_cue = |want: Cue| {
        cx.scan.mentions.iter().any(|m| {
            matches!(m.kind, MentionKind::PainScore { .. })
                && cx
                    .clause(m.segment)
                    .filter(|o| is_cue(o, Cue::Pre) || is_cue(o, Cue::Post))
                    .min_by_key(|o| gap(m.span, o.span))
                    .is_some_and(|o| is_cue(o, want))
        })
    };
    let before = before || nearest_cue(Cue::Pre);
    let after =
        post_relief || scores.iter().any(|s| s.timing == Timing::Post) || nearest_cue(Cue::Post);
    let missing = match (before, after) {
        (true, true) => return None,
        (false, true) => "no pre-procedure pain score",
        (true, false) => "no post-procedure pain score or percent relief",
        (false, false) => "no pre- or post-procedure pain score",
    };
    let spans = cx.evidence("clinical.pain_scores");
    let message = format!(
        "{missing} ({} recorded); the billing articles expect both",
        cx.quote(&spans)
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, PROCEDURE_SECTIONS));
    }
    Some(Hit::at(message, spans))
}

pub(crate) const REPEAT_BENEFIT: &str = r#"
## What it checks
Fires when the note is a repeat (it mentions a previous epidural injection in the same
billing region: cervical/thoracic or lumbar/sacral) and the audit checklist's
`repeat_benefit` is false under the policy: the relief from the prior injection is not
documented as at least `repeat_relief_percent` (50) lasting at least
`repeat_relief_weeks` (Medicare 12 weeks, i.e. 3 months; Aetna CPB 0722 and eviCore
CMM-200: 2 weeks). A missing percent or a missing duration fails too; qualitative relief
("good relief") has no percent.

## Why it matters
LCD L39240: a repeat ESI needs the first to have given >= 50% sustained improvement in
pain and/or function, measured from baseline on the same scale, for >= 3 months (a failed
first injection allows a repeat only after >= 14 days with a different approach, level or
drug, with the rationale documented). Aetna CPB 0722 and eviCore CMM-200 accept >= 50% for
>= 2 weeks with improved function or less medication. Repeats without a quantified prior
benefit are denied as not medically necessary.

## Example
"She had a right L5 TFESI in March with some relief." or "70% relief for 3 weeks after the
last injection." (Medicare).

## Passing wording
"The right L5-S1 TFESI on 03/02 gave 70% relief (NRS 8/10 to 2/10) lasting 4 months, with
return to full-time work; pain has now returned to 7/10."
"#;

/// NS503.
pub(crate) fn repeat_benefit(cx: &Ctx) -> Option<Hit> {
    if cx.checklist.repeat_benefit != Some(false) {
        return None;
    }
    let t = &cx.policy.thresholds;
    let r = cx.facts().clinical.prior_relief.as_ref()?;
    let percent = match r.percent {
        Some(p) => format!("{p}%"),
        None => "no percent".to_string(),
    };
    let weeks = match r.weeks {
        Some(w) => format!("{w} weeks"),
        None => "no duration".to_string(),
    };
    let spans = cx.evidence("clinical.prior_relief");
    let message = format!(
        "repeat injection: prior relief documented as {percent}, {weeks}; {} needs >= {}% for >= {} weeks",
        cx.policy.name, t.repeat_relief_percent, t.repeat_relief_weeks
    );
    if spans.is_empty() {
        return Some(Hit::missing(cx, message, NARRATIVE));
    }
    Some(Hit::at(message, spans))
}
