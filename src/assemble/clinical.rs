//! The `clinical` facts: radicular vs axial, objective support, pain scores,
//! conservative care and relief from a previous injection.

use super::doc::{contains_ci, gap, is_cue, starts_with_ci, words, Doc};
use super::procedure::ProcedureOut;
use crate::facts::{ConservativeCare, Modality, PainScore, PriorRelief, Region, Timing};
use crate::level::Segment;
use crate::lexicon::Concept;
use crate::mention::{Assertions, Mention, MentionKind};
use crate::vocab::{Cue, RadicularKind, SectionName};
use std::borrow::Cow;

pub(crate) struct ClinicalOut {
    pub radicular: Option<bool>,
    pub axial_only: Option<bool>,
    pub objective_support: bool,
    pub pain_scores: Vec<PainScore>,
    pub conservative_care: Vec<ConservativeCare>,
    /// Weeks of a course-level statement, counted by the checklist.
    pub course_weeks: Option<u32>,
    pub prior_relief: Option<PriorRelief>,
}

pub(crate) fn extract(doc: &mut Doc, proc: &ProcedureOut) -> ClinicalOut {
    let (radicular, axial_only) = radicular(doc);
    let objective_support = objective(doc);
    let repeat = prior_injection(doc, proc);
    let pain_scores = pain_scores(doc, proc, repeat.is_some());
    let (conservative_care, course_weeks) = conservative(doc);
    let prior_relief = repeat.map(|clauses| prior_relief(doc, proc, &clauses));
    ClinicalOut {
        radicular,
        axial_only,
        objective_support,
        pain_scores,
        conservative_care,
        course_weeks,
        prior_relief,
    }
}

/// Clinical narrative sections (not the technique of the procedure).
fn narrative(s: SectionName) -> bool {
    !matches!(
        s,
        SectionName::ProcedureDetails
            | SectionName::Findings
            | SectionName::Complications
            | SectionName::Disposition
            | SectionName::Anesthesia
            | SectionName::Medications
            | SectionName::Allergies
    )
}

fn radicular(doc: &mut Doc) -> (Option<bool>, Option<bool>) {
    let mut affirmed = false;
    let mut absent = false;
    let mut axial = false;
    let mut proximal_only = false;
    let mut cites = Vec::new();
    for m in doc.mentions {
        let Some(Concept::Radicular(kind)) = m.concept() else {
            continue;
        };
        // A plan speaks of treatment ("ESIs work best for radiating leg pain"), not of this patient's symptoms.
        if !narrative(doc.section_of(m))
            || doc.section_of(m) == SectionName::Plan
            || m.assertions.has(Assertions::FAMILY)
            || m.assertions.has(Assertions::HYPOTHETICAL)
        {
            continue;
        }
        let neg = m.assertions.has(Assertions::NEGATED);
        match kind {
            RadicularKind::Radicular => {
                if neg {
                    absent = true;
                } else {
                    affirmed = true;
                }
                cites.push(m.span);
            }
            RadicularKind::Axial => {
                if !neg {
                    axial = true;
                    cites.push(m.span);
                }
            }
            // "Non-radiating", "does not radiate": the absence is documented.
            RadicularKind::NoRadiation => {
                if !neg {
                    absent = true;
                    cites.push(m.span);
                }
            }
            RadicularKind::Radiation => {
                // "no radiation into the legs": the axial phrase negates the verb after it.
                let neg = neg
                    || doc.clause(m.segment).iter().any(|o| {
                        matches!(
                            o.concept(),
                            Some(Concept::Radicular(
                                RadicularKind::Axial | RadicularKind::NoRadiation
                            ))
                        ) && o.span.end <= m.span.start
                            && m.span.start - o.span.end <= 2
                    });
                // A spreading verb reaches a site later in its clause.
                let sites: Vec<&Mention> = doc
                    .clause(m.segment)
                    .iter()
                    .filter(|o| o.span.start >= m.span.end && gap(m.span, o.span) <= 60)
                    .filter(|o| {
                        matches!(
                            o.concept(),
                            Some(Concept::Radicular(
                                RadicularKind::Limb | RadicularKind::Proximal
                            ))
                        )
                    })
                    .collect();
                let limb = sites
                    .iter()
                    .find(|o| o.concept() == Some(Concept::Radicular(RadicularKind::Limb)));
                if let Some(l) = limb {
                    if neg || l.assertions.has(Assertions::NEGATED) {
                        absent = true;
                    } else {
                        affirmed = true;
                    }
                    cites.push(m.span);
                    cites.push(l.span);
                } else if let Some(p) = sites.first() {
                    if neg {
                        absent = true;
                    } else {
                        proximal_only = true;
                    }
                    cites.push(m.span);
                    cites.push(p.span);
                } else if neg {
                    // "No radiation", "does not radiate".
                    absent = true;
                    cites.push(m.span);
                }
            }
            RadicularKind::Limb | RadicularKind::Proximal => {}
        }
    }
    for s in cites {
        doc.cite("clinical.radicular", s);
        doc.cite("clinical.axial_only", s);
    }
    let radicular = if affirmed {
        Some(true)
    } else if absent {
        Some(false)
    } else {
        None
    };
    let axial_only = if affirmed {
        Some(false)
    } else if axial || absent || proximal_only {
        Some(true)
    } else {
        None
    };
    (radicular, axial_only)
}

fn objective(doc: &mut Doc) -> bool {
    let mut found = Vec::new();
    for m in doc.mentions {
        let sec = doc.section_of(m);
        if matches!(
            sec,
            SectionName::ReviewOfSystems | SectionName::Plan | SectionName::FamilyHistory
        ) {
            continue;
        }
        if m.assertions.denies() || m.assertions.has(Assertions::HISTORICAL) {
            continue;
        }
        let hit = matches!(
            m.kind,
            MentionKind::Term(Concept::Objective(_)) | MentionKind::StrengthGrade
        );
        if hit {
            found.push(m.span);
        }
    }
    for s in found.iter().take(6) {
        doc.cite("clinical.objective_support", *s);
    }
    !found.is_empty()
}

/// Clauses that speak of a previous epidural injection in the note's region; `None` when not a repeat.
fn prior_injection(doc: &mut Doc, proc: &ProcedureOut) -> Option<Vec<usize>> {
    let region = proc.procedure.region;
    let mut clauses = Vec::new();
    for m in doc.mentions {
        // Only injection words can speak of a previous injection.
        if !matches!(
            m.concept(),
            Some(Concept::Approach(..) | Concept::Cue(Cue::PriorInjection | Cue::Injection))
        ) {
            continue;
        }
        let clause = doc.clause(m.segment);
        // An injection word with spine context: an approach term, "epidural"/"ESI", or a level or region nearby.
        let spinal = |o: &Mention| {
            matches!(o.concept(), Some(Concept::Approach(..)))
                || {
                    let w = &doc.text[o.span];
                    contains_ci(w, "epidural") || contains_ci(w, "esi")
                }
                || clause.iter().any(|x| {
                    matches!(x.kind, MentionKind::Level(_))
                        || matches!(x.concept(), Some(Concept::Region(_)))
                })
        };
        // In a procedure note, "status post" today's injection in the impression
        // is not a prior one, nor is "s/p R L5 TFESI today".
        let after_procedure = || {
            proc.procedure.performed
                && (clause.iter().any(|o| is_cue(o, Cue::Today))
                    || proc.procedure_start > 0
                        && m.span.start >= proc.procedure_start
                        && !matches!(
                            doc.section_of(m),
                            SectionName::HistoryOfPresentIllness
                                | SectionName::PastHistory
                                | SectionName::Indications
                        ))
        };
        let prior = match m.concept() {
            // "repeat" is a repeat only next to an injection word ("repeat TFESI"), not "repeat ODI".
            Some(Concept::Cue(Cue::PriorInjection)) => {
                !starts_with_ci(&doc.text[m.span], "repeat")
                    || clause.iter().any(|o| {
                        o.span.start >= m.span.end
                            && gap(m.span, o.span) <= 30
                            && (matches!(o.concept(), Some(Concept::Approach(..)))
                                || is_cue(o, Cue::Injection))
                    })
            }
            Some(Concept::Approach(..)) | Some(Concept::Cue(Cue::Injection))
                if m.assertions.has(Assertions::HISTORICAL) =>
            {
                spinal(m) && !after_procedure()
            }
            // In a clinic note, an epidural named in the history that is not
            // planned was done before ("follow-up after right L5 TFESI").
            Some(Concept::Approach(..)) | Some(Concept::Cue(Cue::Injection)) => {
                let word = &doc.text[m.span];
                !proc.procedure.performed
                    && !m.assertions.has(Assertions::PLANNED)
                    && matches!(
                        doc.section_of(m),
                        SectionName::HistoryOfPresentIllness
                            | SectionName::ChiefComplaint
                            | SectionName::Indications
                            | SectionName::Other
                    )
                    && (matches!(m.concept(), Some(Concept::Approach(..)))
                        || contains_ci(word, "esi")
                        || contains_ci(word, "epidural"))
            }
            _ => false,
        };
        if !prior || m.assertions.denies() {
            continue;
        }
        let clause = doc.clause(m.segment);
        // Not an epidural: facet, medial branch, RF, SI joint, trigger points.
        let other_kind = clause.iter().any(|o| {
            matches!(o.concept(), Some(Concept::Approach(a, ..)) if !matches!(a, crate::facts::Approach::Transforaminal | crate::facts::Approach::Interlaminar | crate::facts::Approach::Caudal))
        }) && !clause.iter().any(|o| {
            matches!(o.concept(), Some(Concept::Approach(crate::facts::Approach::Transforaminal | crate::facts::Approach::Interlaminar | crate::facts::Approach::Caudal, ..)))
                || contains_ci(&doc.text[o.span], "epidural")
        });
        if other_kind {
            continue;
        }
        // Another billing region (cervical/thoracic vs lumbar/sacral) is not a repeat.
        let lumbar_note = !matches!(region, Some(Region::Cervical | Region::Thoracic));
        let named: Vec<Segment> = clause
            .iter()
            .filter_map(|o| match (o.kind, o.concept()) {
                (MentionKind::Level(l), _) => Some(l.segment()),
                (_, Some(Concept::Region(Region::Cervical))) => Some(Segment::C),
                (_, Some(Concept::Region(Region::Thoracic))) => Some(Segment::T),
                (_, Some(Concept::Region(Region::Lumbar | Region::Sacral))) => Some(Segment::L),
                _ => None,
            })
            .collect();
        if !named.is_empty() {
            let same = named.iter().any(|s| {
                if lumbar_note {
                    matches!(s, Segment::L | Segment::S)
                } else {
                    matches!(s, Segment::C | Segment::T)
                }
            });
            if !same {
                continue;
            }
        }
        doc.cite("clinical.prior_relief", m.span);
        if clauses.last() != Some(&m.segment) {
            clauses.push(m.segment);
        }
    }
    (!clauses.is_empty()).then_some(clauses)
}

fn relief_percent(doc: &Doc, clause: usize) -> Option<(f64, crate::span::Span)> {
    let ms = doc.clause(clause);
    for m in ms {
        if let MentionKind::Percent { value } = m.kind {
            let near_relief = ms.iter().any(|o| {
                (is_cue(o, Cue::Relief) || is_cue(o, Cue::NoRelief)) && gap(m.span, o.span) <= 40
            });
            if near_relief {
                return Some((value, m.span));
            }
        }
    }
    for m in ms {
        if is_cue(m, Cue::NoRelief)
            || is_cue(m, Cue::Relief) && m.assertions.has(Assertions::NEGATED)
        {
            return Some((0.0, m.span));
        }
    }
    None
}

fn relief_weeks(doc: &Doc, clause: usize, after: usize) -> Option<(u32, crate::span::Span)> {
    let ms = doc.clause(clause);
    let mut best: Option<(u32, crate::span::Span)> = None;
    for m in ms {
        let MentionKind::Duration { weeks } = m.kind else {
            continue;
        };
        if starts_with_ci(doc.after(m.span, 8).trim_start(), "ago")
            || contains_ci(doc.before(m.span, 12), "in the")
        {
            continue;
        }
        if m.span.start >= after {
            return Some((weeks, m.span));
        }
        best.get_or_insert((weeks, m.span));
    }
    best
}

fn prior_relief(doc: &mut Doc, proc: &ProcedureOut, prior: &[usize]) -> PriorRelief {
    let performed = proc.procedure.performed;
    let mut candidates: Vec<usize> = prior.to_vec();
    let clause_count = doc.mentions.last().map_or(0, |m| m.segment + 1);
    let mut taken = vec![false; clause_count];
    for &c in prior {
        if let Some(t) = taken.get_mut(c) {
            *t = true;
        }
    }
    for (c, &done) in taken.iter().enumerate() {
        if done {
            continue;
        }
        let Some(first) = doc.clause(c).first() else {
            continue;
        };
        let sec = doc.section_of(first);
        let post_day = performed
            && (first.span.start >= proc.procedure_start && proc.procedure_start > 0
                || doc.clause_has_cue(c, Cue::Post));
        if post_day
            && !matches!(
                sec,
                SectionName::HistoryOfPresentIllness | SectionName::Indications
            )
        {
            continue;
        }
        let about_relief =
            doc.clause_has(c, |m| is_cue(m, Cue::Relief) || is_cue(m, Cue::NoRelief));
        if about_relief {
            candidates.push(c);
        }
    }
    candidates.sort_unstable();
    let mut percent = None;
    let mut weeks = None;
    for &c in &candidates {
        if percent.is_none() {
            if let Some((p, span)) = relief_percent(doc, c) {
                percent = Some(p);
                doc.cite("clinical.prior_relief", span);
                if weeks.is_none() {
                    if let Some((w, ws)) = relief_weeks(doc, c, span.end) {
                        weeks = Some(w);
                        doc.cite("clinical.prior_relief", ws);
                    }
                }
            }
        }
    }
    if weeks.is_none() && percent.is_some() {
        for &c in &candidates {
            let about = doc.clause_has(c, |m| is_cue(m, Cue::Relief));
            if about {
                if let Some((w, ws)) = relief_weeks(doc, c, 0) {
                    weeks = Some(w);
                    doc.cite("clinical.prior_relief", ws);
                    break;
                }
            }
        }
    }
    PriorRelief { percent, weeks }
}

fn pain_scores(doc: &mut Doc, proc: &ProcedureOut, repeat: bool) -> Vec<PainScore> {
    let performed = proc.procedure.performed;
    let mut out = Vec::new();
    let mut cites = Vec::new();
    for m in doc.mentions {
        let MentionKind::PainScore { value, max } = m.kind else {
            continue;
        };
        if m.assertions.has(Assertions::FAMILY) {
            continue;
        }
        // Function scales (ODI, PHQ-9) and strength grades are not pain scores.
        let scale_before = doc.clause(m.segment).iter().any(|o| {
            is_cue(o, Cue::FunctionScale)
                && o.span.end <= m.span.start
                && m.span.start - o.span.end <= 20
        });
        if scale_before {
            continue;
        }
        let timing = if !performed {
            if repeat {
                Timing::Followup
            } else {
                Timing::Baseline
            }
        } else {
            procedure_day_timing(doc, proc, m)
        };
        cites.push(m.span);
        out.push(PainScore {
            value,
            scale_max: max,
            timing,
        });
    }
    for s in cites {
        doc.cite("clinical.pain_scores", s);
    }
    out
}

fn procedure_day_timing(doc: &Doc, proc: &ProcedureOut, m: &Mention) -> Timing {
    let clause = doc.clause(m.segment);
    // A score in a clause about a previous injection.
    if clause.iter().any(|o| {
        (matches!(
            o.concept(),
            Some(Concept::Approach(..)) | Some(Concept::Cue(Cue::Injection))
        ) && o.assertions.has(Assertions::HISTORICAL))
            || is_cue(o, Cue::PriorInjection) && !starts_with_ci(&doc.text[o.span], "repeat")
    }) {
        return Timing::Followup;
    }
    // The timing cue for the score: one just before it ("post-procedure 2/10"),
    // else one right after it ("1/10 post"), else the nearest before, else after.
    let mut before: Option<(usize, Timing)> = None;
    let mut after: Option<(usize, Timing)> = None;
    for o in clause {
        let t = if is_cue(o, Cue::Pre) {
            Timing::Pre
        } else if is_cue(o, Cue::Post) {
            Timing::Post
        } else {
            continue;
        };
        let g = gap(m.span, o.span);
        let slot = if o.span.end <= m.span.start {
            &mut before
        } else {
            &mut after
        };
        if slot.is_none_or(|(bg, _)| g < bg) {
            *slot = Some((g, t));
        }
    }
    let best = match (before, after) {
        (Some(b), _) if b.0 <= 12 => Some(b),
        (_, Some(a)) if a.0 <= 3 => Some(a),
        (Some(b), _) => Some(b),
        (None, a) => a,
    };
    if let Some((_, t)) = best {
        return t;
    }
    match doc.section_of(m) {
        SectionName::Disposition | SectionName::Findings | SectionName::Complications => {
            Timing::Post
        }
        SectionName::ProcedureDetails => {
            // After the needle work: a score late in the description is a post score.
            if doc.clause_has(m.segment, |o| is_cue(o, Cue::Performed)) {
                Timing::Post
            } else {
                Timing::Pre
            }
        }
        _ => {
            // In a section that starts after the procedure began (an unsectioned note's tail).
            let later_section = doc
                .sections
                .get(m.section)
                .is_some_and(|s| s.span.start >= proc.procedure_start);
            if proc.procedure_start > 0 && later_section {
                Timing::Post
            } else {
                Timing::Pre
            }
        }
    }
}

/// Fillers allowed between a care term and its duration ("PT for the past 6 weeks").
fn care_gap_after(gap_text: &str) -> bool {
    gap_text.len() <= 48
        && words(gap_text).all(|w| {
            matches!(
                &*w,
                "for"
                    | "to"
                    | "x"
                    | "×"
                    | "of"
                    | "the"
                    | "past"
                    | "last"
                    | "over"
                    | "mg"
                    | "tid"
                    | "bid"
                    | "qd"
                    | "qid"
                    | "qhs"
                    | "prn"
                    | "po"
                    | "nightly"
                    | "bedtime"
                    | "hs"
                    | "q6h"
                    | "q8h"
                    | "q12h"
                    | "as"
                    | "needed"
                    | "once"
                    | "three"
                    | "two"
                    | "four"
                    | "then"
                    | "(completed)"
                    | "completed"
                    | "approximately"
                    | "about"
                    | "roughly"
                    | "nearly"
                    | "almost"
                    | "at"
                    | "least"
                    | "around"
                    | "-"
                    | "times"
                    | "twice"
                    | "weekly"
                    | "per"
                    | "week"
                    | "daily"
                    | "a"
                    | "total"
                    | "which"
                    | "lasted"
                    | "lasting"
                    | "since"
                    | "with"
                    | "than"
                    | "more"
                    | "sessions"
                    | "~"
            ) || w.chars().all(|c| c.is_ascii_digit() || c == '.')
                || w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '/')
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    && w.contains('x')
        })
}

/// Fillers allowed between a duration and the care term it measures ("6 weeks of formal PT").
fn care_gap_before(gap_text: &str) -> bool {
    if gap_text.len() > 40 || gap_text.contains([',', ';', '(', ')', '.']) {
        return false;
    }
    let ws: Vec<Cow<str>> = words(gap_text).collect();
    let known = |w: &str| {
        matches!(
            w,
            "of" | "course"
                | "trial"
                | "a"
                | "an"
                | "formal"
                | "outpatient"
                | "supervised"
                | "failed"
                | "prior"
                | "previous"
                | "with"
                | "in"
                | "-"
                | "long"
                | "worth"
                | "the"
                | "including"
                | "consisting"
                | "such"
                | "as"
                | "both"
                | "care"
        )
    };
    // "6 weeks of pelvic-stabilization physical therapy": "of" then a few describing words.
    ws.iter().all(|w| known(w)) || ws.first().is_some_and(|w| w == "of") && ws.len() <= 4
}

/// A list joint that carries a duration forward: "3 months of PT, chiropractic and massage".
fn joins_forward(gap_text: &str) -> bool {
    let t = gap_text.trim();
    t == ","
        || t == "/"
        || (gap_text.len() <= 24 && {
            let mut w = words(gap_text).peekable();
            w.peek().is_some()
                && w.all(|w| {
                    matches!(
                        &*w,
                        "and"
                            | "or"
                            | "&"
                            | "/"
                            | "plus"
                            | "as"
                            | "well"
                            | "with"
                            | "along"
                            | "-"
                            | "including"
                            | "such"
                            | "both"
                            | "consisting"
                            | "of"
                            | "e.g."
                            | "i.e."
                            | "a"
                            | "an"
                            | "the"
                    )
                })
        })
}

/// A list joint ("," or "and"/"or") between two care terms.
fn list_joint(gap_text: &str) -> bool {
    gap_text.len() <= 24
        && words(gap_text).all(|w| {
            matches!(
                &*w,
                "and" | "or" | "&" | "/" | "plus" | "as" | "well" | "a" | "an" | "the"
            )
        })
}

fn has_conjunction(gap_text: &str) -> bool {
    words(gap_text).any(|w| matches!(&*w, "and" | "or" | "&" | "plus"))
}

/// Care tried, and the weeks of a course-level statement ("failed 3 months of conservative care").
fn conservative(doc: &mut Doc) -> (Vec<ConservativeCare>, Option<u32>) {
    let clause_count = doc.mentions.last().map_or(0, |m| m.segment + 1);
    let mut tried: Vec<(Modality, Option<u32>)> = Vec::new();
    let mut course_weeks: Option<u32> = None;
    let mut cites = Vec::new();
    for c in 0..clause_count {
        let clause = doc.clause(c);
        let cares: Vec<&Mention> = clause
            .iter()
            .filter(|m| matches!(m.concept(), Some(Concept::Care(_))))
            .collect();
        if cares.is_empty() {
            continue;
        }
        let durations: Vec<&Mention> = clause
            .iter()
            .filter(|m| matches!(m.kind, MentionKind::Duration { .. }))
            .filter(|m| !starts_with_ci(doc.after(m.span, 8).trim_start(), "ago"))
            .collect();
        let continued = clause
            .iter()
            .any(|m| is_cue(m, Cue::Continue) || is_cue(m, Cue::Tried));
        // Each care term's own duration: right after it, or "N weeks of" right before it.
        // (weeks, stated before the term)
        let bound: Vec<Option<(u32, bool)>> = cares
            .iter()
            .map(|m| {
                durations.iter().find_map(|d| {
                    let MentionKind::Duration { weeks } = d.kind else {
                        return None;
                    };
                    let after =
                        d.span.start >= m.span.end && care_gap_after(doc.between(m.span, d.span));
                    let before =
                        d.span.end <= m.span.start && care_gap_before(doc.between(d.span, m.span));
                    (after || before).then_some((weeks, before))
                })
            })
            .collect();
        let mut own: Vec<Option<u32>> = bound.iter().map(|b| b.map(|x| x.0)).collect();
        let mut own_before: Vec<bool> = bound.iter().map(|b| b.is_some_and(|x| x.1)).collect();
        // A duration shared along a list: "3 months of PT and chiropractic".
        for i in 1..cares.len() {
            if own[i].is_none()
                && own_before[i - 1]
                && joins_forward(doc.between(cares[i - 1].span, cares[i].span))
            {
                own[i] = own[i - 1];
                own_before[i] = true;
            }
        }
        // A duration after the last item of a list carries back over the list
        // when the list closes with "and"/"or": "PT, HEP and meloxicam for 6 months".
        for k in 1..cares.len() {
            if own[k].is_none() || own_before[k] || own[k - 1].is_some() {
                continue;
            }
            if !has_conjunction(doc.between(cares[k - 1].span, cares[k].span)) {
                continue;
            }
            let mut i = k;
            while i > 0
                && own[i - 1].is_none()
                && list_joint(doc.between(cares[i - 1].span, cares[i].span))
            {
                own[i - 1] = own[k];
                i -= 1;
            }
        }
        for (m, weeks) in cares.iter().zip(own) {
            let Some(Concept::Care(idx)) = m.concept() else {
                continue;
            };
            let Some(term) = doc.lex.care.get(idx as usize) else {
                continue;
            };
            let a = m.assertions;
            let sec = doc.section_of(m);
            if a.has(Assertions::FAMILY)
                || a.has(Assertions::HYPOTHETICAL)
                || a.has(Assertions::NEGATED)
            {
                continue;
            }
            // Discharge instructions ("ice to the site") are not care tried.
            if !narrative(sec) && sec != SectionName::Medications {
                continue;
            }
            if a.has(Assertions::PLANNED) && !continued && sec != SectionName::Medications {
                continue;
            }
            if term.is_course() {
                if weeks.is_some() {
                    course_weeks = course_weeks.max(weeks);
                    cites.push(m.span);
                }
                continue;
            }
            cites.push(m.span);
            for modality in &term.modalities {
                match tried.iter_mut().find(|t| t.0 == *modality) {
                    Some(t) => {
                        if t.1.is_none() {
                            t.1 = weeks;
                        }
                    }
                    None => tried.push((*modality, weeks)),
                }
            }
        }
    }
    for s in cites {
        doc.cite("clinical.conservative_care", s);
    }
    let mut out: Vec<ConservativeCare> = tried
        .into_iter()
        .map(|(modality, weeks)| ConservativeCare { modality, weeks })
        .collect();
    out.sort_by_key(|c| c.modality);
    (out, course_weeks)
}
