//! The one table of audit rules: code, name, severity, area, default weight,
//! summary, explanation and check. Codes are grouped by payer checklist area:
//! NS1xx necessity, NS2xx level/side, NS3xx imaging/contrast, NS4xx
//! injectate/dose/sedation, NS5xx pain scores and repeat benefit, NS9xx coding.
//!
//! Codes are stable: a rule that is retired keeps its code reserved.

use super::ctx::{Ctx, Hit};
use super::{coding, imaging, injectate, level, necessity, outcome};
use serde::Serialize;

/// How serious a flag is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A denial reason as written: the note cannot be `supported` while it stands.
    Error,
    /// A risk a reviewer may deny on, or that needs a justification.
    Warning,
    /// Worth knowing for coding; not a gap.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The payer checklist area a rule belongs to (the hundreds digit of its code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// NS1xx: radicular pain, axial-only, objective support, conservative care.
    Necessity,
    /// NS2xx: level, side, laterality and level agreement.
    LevelSide,
    /// NS3xx: imaging guidance and contrast.
    ImagingContrast,
    /// NS4xx: injectate, dose and sedation.
    InjectateSedation,
    /// NS5xx: pain scores, outcome tracking, repeat benefit.
    Outcome,
    /// NS9xx: approach, region, levels per session and billing.
    Coding,
}

impl Area {
    /// The area's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Necessity => "necessity",
            Area::LevelSide => "level/side",
            Area::ImagingContrast => "imaging/contrast",
            Area::InjectateSedation => "injectate/dose/sedation",
            Area::Outcome => "pain scores/repeat benefit",
            Area::Coding => "coding",
        }
    }
}

/// One audit rule.
#[derive(Clone, Copy)]
pub struct RuleInfo {
    /// Stable code, `NS` plus three digits.
    pub code: &'static str,
    /// Kebab-case name that describes the gap ("note has {name}").
    pub name: &'static str,
    /// Severity of its flags.
    pub severity: Severity,
    /// Checklist area.
    pub area: Area,
    /// Points deducted from the score when it fires (a policy may override it).
    /// Rules that restate a checklist item deduct 0: the item's weight counts.
    pub default_weight: u32,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// Markdown: `## What it checks`, `## Why it matters`, `## Example`,
    /// `## Passing wording`.
    pub explanation: &'static str,
    pub(crate) check: fn(&Ctx) -> Option<Hit>,
}

impl std::fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleInfo")
            .field("code", &self.code)
            .field("name", &self.name)
            .field("severity", &self.severity)
            .finish()
    }
}

macro_rules! rule {
    ($code:literal, $name:literal, $sev:ident, $area:ident, $w:literal, $module:ident::$check:ident, $doc:ident, $summary:literal) => {
        RuleInfo {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            area: Area::$area,
            default_weight: $w,
            summary: $summary,
            explanation: $module::$doc,
            check: $module::$check,
        }
    };
}

/// Every rule, in code order.
pub(crate) static RULES: &[RuleInfo] = &[
    rule!("NS101", "axial-only-pain", Error, Necessity, 0, necessity::axial_only, AXIAL_ONLY,
        "Pain is documented as axial only (non-radiating, no leg symptoms)"),
    rule!("NS102", "radicular-pain-undocumented", Error, Necessity, 0, necessity::no_radicular, NO_RADICULAR,
        "No radicular symptom (leg pain, sciatica, dermatomal numbness, radiculopathy) is documented"),
    rule!("NS103", "objective-support-missing", Error, Necessity, 0, necessity::no_objective, NO_OBJECTIVE,
        "No imaging finding or neurological exam finding supports the diagnosis"),
    rule!("NS104", "conservative-care-insufficient", Error, Necessity, 0, necessity::conservative, CONSERVATIVE,
        "Conservative care is missing or shorter than the policy's weeks"),
    rule!("NS105", "objective-support-discordant", Warning, Necessity, 5, necessity::discordant, DISCORDANT,
        "The imaging or exam findings name another level or side than the one treated"),
    rule!("NS201", "level-or-side-missing", Error, LevelSide, 0, level::level_or_side, LEVEL_OR_SIDE,
        "A target has no spinal level or no side"),
    rule!("NS202", "laterality-conflict", Error, LevelSide, 10, level::laterality, LATERALITY,
        "The treated side differs between the title and the body, or one level has both sides without a bilateral procedure"),
    rule!("NS203", "level-conflict", Error, LevelSide, 10, level::level_conflict, LEVEL_CONFLICT,
        "The levels in the procedure title differ from the levels in the procedure description"),
    rule!("NS301", "imaging-guidance-undocumented", Error, ImagingContrast, 0, imaging::no_guidance, NO_GUIDANCE,
        "No fluoroscopic or CT guidance is documented"),
    rule!("NS302", "ultrasound-guidance", Error, ImagingContrast, 0, imaging::ultrasound, ULTRASOUND,
        "The injection was guided by ultrasound, which 64483 does not describe"),
    rule!("NS303", "contrast-undocumented", Error, ImagingContrast, 0, imaging::contrast, CONTRAST,
        "Contrast is neither documented (with spread or no vascular uptake) nor withheld for a stated reason"),
    rule!("NS401", "injectate-dose-missing", Error, InjectateSedation, 0, injectate::dose_missing, DOSE_MISSING,
        "No injected drug is documented with a dose or volume"),
    rule!("NS402", "steroid-dose-above-ceiling", Warning, InjectateSedation, 3, injectate::above_ceiling, ABOVE_CEILING,
        "The steroid dose is above the policy's per-session ceiling"),
    rule!("NS403", "sedation-without-justification", Warning, InjectateSedation, 10, injectate::sedation, SEDATION,
        "Moderate sedation, MAC or general anesthesia is documented without a stated reason"),
    rule!("NS404", "anesthetic-only-injectate", Info, InjectateSedation, 0, injectate::anesthetic_only, ANESTHETIC_ONLY,
        "Only local anesthetic was injected: a diagnostic nerve root block (KX modifier)"),
    rule!("NS501", "pain-scores-missing", Error, Outcome, 0, outcome::no_scores, NO_SCORES,
        "No numeric pain score is documented"),
    rule!("NS502", "outcome-scores-incomplete", Warning, Outcome, 3, outcome::incomplete, INCOMPLETE,
        "A procedure note lacks the pre-procedure score or the post-procedure score"),
    rule!("NS503", "repeat-benefit-insufficient", Error, Outcome, 0, outcome::repeat_benefit, REPEAT_BENEFIT,
        "A repeat injection without the policy's relief (percent and weeks) from the prior one"),
    rule!("NS901", "no-procedure-documented", Error, Coding, 0, coding::no_procedure, NO_PROCEDURE,
        "The note documents no injection performed in this encounter"),
    rule!("NS902", "approach-not-transforaminal", Error, Coding, 0, coding::approach, APPROACH,
        "The approach is interlaminar, caudal, facet, medial branch, radiofrequency, SI joint or other"),
    rule!("NS903", "region-not-lumbosacral", Error, Coding, 0, coding::region, REGION,
        "A transforaminal target is cervical or thoracic (T12-L1 included): 64479/64480"),
    rule!("NS904", "approach-undocumented", Error, Coding, 0, coding::approach_missing, APPROACH_MISSING,
        "No injection approach (transforaminal, interlaminar, caudal) is named"),
    rule!("NS905", "too-many-levels", Error, Coding, 0, coding::too_many_levels, TOO_MANY_LEVELS,
        "More transforaminal levels in one session than the policy allows"),
    rule!("NS906", "separate-imaging-code", Warning, Coding, 5, coding::separate_imaging, SEPARATE_IMAGING,
        "An imaging guidance code (77003, 77012) appears with a code that includes guidance"),
    rule!("NS907", "bilateral-modifier-mismatch", Warning, Coding, 5, coding::modifier, MODIFIER,
        "The bilateral wording or the 50/RT/LT modifiers written disagree with the targets"),
    rule!("NS908", "mixed-block-session", Warning, Coding, 5, coding::mixed_block, MIXED_BLOCK,
        "Another block type (facet, medial branch, SI joint, trigger point) is done in the same session"),
];

/// A rule by code (case-insensitive) or kebab-case name.
pub(crate) fn find(code_or_name: &str) -> Option<&'static RuleInfo> {
    let q = code_or_name.trim();
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(q) || r.name.eq_ignore_ascii_case(q))
}
