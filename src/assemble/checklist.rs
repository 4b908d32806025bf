//! The checklist and the codes, derived from the facts as the contract defines them.

use crate::facts::{
    Approach, Checklist, Clinical, Code, CodeLine, Imaging, Modifier, Procedure, Region, Side,
};
use crate::level::Level;

/// Distinct levels among the targets, cranial first.
pub(crate) fn distinct_levels(p: &Procedure) -> Vec<Level> {
    let mut v: Vec<Level> = p.targets.iter().filter_map(|t| t.level).collect();
    v.sort();
    v.dedup();
    v
}

/// The contract's checklist. `contrast_reason`: contrast withheld for a stated reason;
/// `course_weeks`: a duration stated for the whole conservative course.
pub(crate) fn checklist(
    p: &Procedure,
    c: &Clinical,
    contrast_reason: bool,
    course_weeks: Option<u32>,
) -> Checklist {
    let levels = distinct_levels(p).len();
    let care_weeks: u32 = c.conservative_care.iter().filter_map(|x| x.weeks).sum();
    let contrast = &p.contrast;
    Checklist {
        radicular_pain: Some(c.radicular == Some(true)),
        objective_support: Some(c.objective_support),
        conservative_care: Some(
            !c.conservative_care.is_empty()
                && (care_weeks >= 4 || course_weeks.is_some_and(|w| w >= 4)),
        ),
        level_and_side: Some(
            !p.targets.is_empty()
                && p.targets
                    .iter()
                    .all(|t| t.level.is_some() && t.side.is_some()),
        ),
        imaging_guidance: Some(matches!(
            p.imaging,
            Some(Imaging::Fluoroscopy | Imaging::Ct)
        )),
        contrast_or_reason: Some(
            contrast.used == Some(true)
                && (contrast.epidural_spread == Some(true)
                    || contrast.vascular_uptake == Some(false))
                || contrast.used == Some(false) && contrast_reason,
        ),
        injectate_and_dose: Some(
            p.injectates
                .iter()
                .any(|i| i.dose_mg.is_some() || i.volume_ml.is_some()),
        ),
        pain_scores: Some(!c.pain_scores.is_empty()),
        repeat_benefit: c
            .prior_relief
            .as_ref()
            .map(|r| r.percent.is_some_and(|p| p >= 50.0) && r.weeks.is_some_and(|w| w >= 12)),
        code_match: Some(
            p.approach == Some(Approach::Transforaminal)
                && matches!(p.region, Some(Region::Lumbar | Region::Sacral)),
        ),
        level_limit: Some((1..=2).contains(&levels)),
        not_axial_only: Some(c.axial_only != Some(true)),
    }
}

/// The CPT lines: 64483 for the first level, 64484 per additional level,
/// RT/LT per unilateral level and 50 for a level done on both sides.
pub(crate) fn codes(p: &Procedure, checklist: &Checklist) -> Vec<CodeLine> {
    if !p.performed || checklist.code_match != Some(true) {
        return Vec::new();
    }
    let levels = distinct_levels(p);
    let modifier = |l: &Level| {
        let left = p
            .targets
            .iter()
            .any(|t| t.level == Some(*l) && t.side == Some(Side::Left));
        let right = p
            .targets
            .iter()
            .any(|t| t.level == Some(*l) && t.side == Some(Side::Right));
        match (left, right) {
            (true, true) => Some(Modifier::Bilateral),
            (true, false) => Some(Modifier::Lt),
            (false, true) => Some(Modifier::Rt),
            (false, false) => None,
        }
    };
    let Some(first) = levels.first() else {
        return Vec::new();
    };
    let mut lines = vec![CodeLine {
        code: Code::Tfesi64483,
        modifier: modifier(first),
        units: 1,
    }];
    let mut addon: Vec<CodeLine> = Vec::new();
    for l in &levels[1..] {
        let m = modifier(l);
        match addon.iter_mut().find(|x| x.modifier == m) {
            Some(x) => x.units += 1,
            None => addon.push(CodeLine {
                code: Code::Tfesi64484,
                modifier: m,
                units: 1,
            }),
        }
    }
    lines.extend(addon);
    lines
}
