//! The audit checklist under a policy, the 0–100 support score and the verdict.
//!
//! The checklist starts from the scanner's contract checklist
//! (`facts.checklist`, Medicare thresholds) and re-evaluates the three items a
//! policy sets thresholds for: `conservative_care` (weeks), `repeat_benefit`
//! (percent and weeks) and `level_limit` (levels per session). Under the
//! Medicare thresholds the audit checklist equals the contract checklist.
//!
//! Score: `100 × (weights of the items documented) / (weights of the items
//! that apply)`, rounded, minus the weight of every rule that fired, clamped
//! to 0–100. A note that codes to another family or documents no procedure is
//! `unsupported` and its score is capped just below the `at_risk` band.

use super::policy::Policy;
use super::registry::Severity;
use super::{Flag, Verdict};
use crate::facts::Checklist;
use crate::level::Level;
use crate::scanner::Scan;

/// The contract's thresholds (`shared/spec/facts.md`, checklist).
const CONTRACT_CARE_WEEKS: u32 = 4;

/// Distinct target levels.
pub(crate) fn distinct_levels(scan: &Scan) -> Vec<Level> {
    let mut v: Vec<Level> = scan
        .facts
        .procedure
        .targets
        .iter()
        .filter_map(|t| t.level)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Weeks of conservative care the note states. When the contract item holds
/// (>= 4 weeks), the larger of the modalities' summed weeks and a course-level
/// duration ("failed 8 weeks of conservative care"), and at least 4; else the
/// modalities' summed weeks (every stated duration is then under 4).
pub(crate) fn care_weeks(scan: &Scan) -> u32 {
    let summed: u32 = scan
        .facts
        .clinical
        .conservative_care
        .iter()
        .filter_map(|c| c.weeks)
        .sum();
    // The scanner keeps a course-level duration ("failed 8 weeks of conservative
    // care") out of each modality's weeks; the checklist counts it.
    let weeks = summed.max(scan.course_weeks.unwrap_or(0));
    if scan.facts.checklist.conservative_care == Some(true) {
        weeks.max(CONTRACT_CARE_WEEKS)
    } else {
        weeks
    }
}

/// The contract checklist with the policy's thresholds applied.
pub(crate) fn checklist(scan: &Scan, policy: &Policy) -> Checklist {
    let f = &scan.facts;
    let t = &policy.thresholds;
    let mut c = f.checklist.clone();
    // Conservative care: the contract item decides at the contract threshold; a
    // stricter policy also needs its weeks, a laxer one accepts fewer.
    let tried = !f.clinical.conservative_care.is_empty();
    let contract = f.checklist.conservative_care == Some(true);
    let weeks = care_weeks(scan);
    c.conservative_care = Some(match t.conservative_care_weeks {
        w if w == CONTRACT_CARE_WEEKS => contract,
        w if w > CONTRACT_CARE_WEEKS => contract && weeks >= w,
        w => contract || tried && weeks >= w,
    });
    c.repeat_benefit = f.clinical.prior_relief.as_ref().map(|r| {
        r.percent.is_some_and(|p| p >= t.repeat_relief_percent)
            && r.weeks.is_some_and(|w| w >= t.repeat_relief_weeks)
    });
    let levels = distinct_levels(scan).len();
    c.level_limit = Some((1..=t.max_levels).contains(&levels));
    c
}

/// True when the note cannot back 64483 whatever else it documents.
pub(crate) fn gated(scan: &Scan, checklist: &Checklist) -> bool {
    !scan.facts.procedure.performed || checklist.code_match != Some(true)
}

/// The checklist part of the score, 0–100 (before rule deductions).
pub(crate) fn checklist_score(checklist: &Checklist, policy: &Policy) -> u8 {
    let mut earned = 0u32;
    let mut possible = 0u32;
    for (item, value) in checklist.items() {
        let Some(ok) = value else { continue };
        let w = policy.weight(item);
        possible += w;
        if ok {
            earned += w;
        }
    }
    if possible == 0 {
        return 0;
    }
    ((earned as f64 * 100.0 / possible as f64).round() as u32).min(100) as u8
}

/// The score and the verdict.
pub(crate) fn score(
    scan: &Scan,
    checklist: &Checklist,
    flags: &[Flag],
    policy: &Policy,
) -> (u8, Verdict) {
    let base = checklist_score(checklist, policy) as i64;
    let deducted: i64 = flags
        .iter()
        .map(|f| policy.rule_weight(f.code) as i64)
        .sum();
    let mut score = (base - deducted).clamp(0, 100) as u8;
    let bands = policy.bands;
    if gated(scan, checklist) {
        score = score.min(bands.at_risk.saturating_sub(1));
        return (score, Verdict::Unsupported);
    }
    let errors = flags.iter().any(|f| f.severity == Severity::Error);
    let verdict = if score >= bands.supported && !errors {
        Verdict::Supported
    } else if score >= bands.at_risk {
        Verdict::AtRisk
    } else {
        Verdict::Unsupported
    };
    (score, verdict)
}
