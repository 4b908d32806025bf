//! The `procedure` facts: was an injection done, and what exactly.

use super::doc::{contains_ci, gap, is_cue, side_of, sides, starts_with_ci, words, Doc};
use crate::facts::{
    Approach, Contrast, Imaging, Injectate, Procedure, Region, Sedation, Side, Target,
};
use crate::level::{Level, Segment};
use crate::lexicon::Concept;
use crate::mention::{Assertions, Mention, MentionKind, Unit};
use crate::vocab::{ContrastKind, Cue, SectionName, SedationKind};

/// The procedure facts plus what the other extractors need from them.
pub(crate) struct ProcedureOut {
    pub procedure: Procedure,
    /// Contrast withheld for a stated reason (allergy, renal, pregnancy).
    pub contrast_reason: bool,
    /// Byte offset where the procedure itself begins (procedure notes).
    pub procedure_start: usize,
}

/// Sections where what was done is described.
fn procedure_section(s: SectionName) -> bool {
    matches!(
        s,
        SectionName::Procedure
            | SectionName::ProcedureDetails
            | SectionName::Findings
            | SectionName::Complications
            | SectionName::Disposition
            | SectionName::Anesthesia
            | SectionName::Other
    )
}

/// History, medication, allergy, imaging-report and review sections.
fn record_section(s: SectionName) -> bool {
    matches!(
        s,
        SectionName::PastHistory
            | SectionName::FamilyHistory
            | SectionName::SocialHistory
            | SectionName::Medications
            | SectionName::Allergies
            | SectionName::Imaging
            | SectionName::ReviewOfSystems
    )
}

/// Sections that never describe this encounter's injection: the records above and the plan.
fn foreign_section(s: SectionName) -> bool {
    record_section(s) || matches!(s, SectionName::Plan | SectionName::AssessmentPlan)
}

fn is_approach(m: &Mention) -> bool {
    matches!(m.concept(), Some(Concept::Approach(..)))
}

/// A mention that speaks of an injection (approach term or injection word).
fn is_injection_word(m: &Mention) -> bool {
    is_approach(m) || is_cue(m, Cue::Injection) || is_cue(m, Cue::PriorInjection)
}

/// Not negated, hypothetical, family or historical.
fn current(m: &Mention) -> bool {
    !m.assertions.denies() && !m.assertions.has(Assertions::HISTORICAL)
}

/// Decides whether the note documents an injection done in this encounter.
fn performed(doc: &mut Doc) -> (bool, usize) {
    // Distinct kinds of evidence that the injection happened here: technique
    // cues (each counts, up to three), a dosed drug, contrast findings, a
    // needle or foramen in a procedure section, a procedure-details section.
    let mut cues = 0usize;
    let mut dosed_drug = false;
    let mut contrast_seen = false;
    let mut target_seen = false;
    let mut first: Option<usize> = None;
    let mut cited = Vec::new();
    for m in doc.mentions {
        let sec = doc.section_of(m);
        if foreign_section(sec) || !current(m) || m.assertions.has(Assertions::PLANNED) {
            continue;
        }
        let kind = match m.concept() {
            Some(Concept::Cue(Cue::Performed)) => {
                cues += 1;
                true
            }
            Some(Concept::Contrast(
                ContrastKind::Spread | ContrastKind::Vascular | ContrastKind::Agent,
                _,
            )) if !doc.clause_has_cue(m.segment, Cue::ImagingStudy) => {
                contrast_seen = true;
                true
            }
            Some(Concept::Drug(_))
                if doc.clause_has(m.segment, |o| {
                    matches!(o.kind, MentionKind::Quantity { .. })
                }) && !doc.clause_has_cue(m.segment, Cue::PriorInjection) =>
            {
                dosed_drug = true;
                true
            }
            Some(Concept::Cue(Cue::Target))
                if procedure_section(sec) && sec != SectionName::Other =>
            {
                target_seen = true;
                true
            }
            _ => false,
        };
        if kind {
            first = Some(first.map_or(m.span.start, |f: usize| f.min(m.span.start)));
            cited.push(m.span);
        }
    }
    let details = doc.has_section(SectionName::ProcedureDetails);
    let score = cues.min(3)
        + dosed_drug as usize
        + contrast_seen as usize
        + target_seen as usize
        + 2 * details as usize;
    let done = score >= 2;
    if done {
        for s in cited.into_iter().take(4) {
            doc.cite("procedure.performed", s);
        }
    }
    let start = doc
        .sections
        .iter()
        .find(|s| s.name == SectionName::ProcedureDetails)
        .map(|s| s.span.start)
        .or(first)
        .unwrap_or(0);
    (done, start)
}

/// Which clauses describe the procedure (done, or planned in a clinic note).
fn scope(doc: &Doc, performed: bool, clauses: usize) -> Vec<bool> {
    let guidance: Vec<bool> = (0..doc.sections.len())
        .map(|i| doc.sections[i].name == SectionName::Imaging && guidance_section(doc, i))
        .collect();
    let mut inside = vec![false; clauses];
    for (c, slot) in inside.iter_mut().enumerate() {
        let ms = doc.clause(c);
        let Some(first) = ms.first() else { continue };
        let sec = doc.section_of(first);
        *slot = if performed {
            procedure_section(sec)
                // The note's first line is its title, whatever its label ("EXAM: CT-GUIDED ... TFESI").
                || first.section == 0 && doc.sections.first().is_some_and(|s| s.span.len() <= 200)
                || sec == SectionName::Medications && ms.iter().any(|m| is_injected_drug(doc, m))
                // A technique line outside the procedure sections ("08:16 Dexamethasone 4 mg injected at R L4").
                || sec == SectionName::Imaging && guidance.get(first.section).copied().unwrap_or(false)
                || !foreign_section(sec)
                    && ms.iter().any(|m| {
                        current(m)
                            && (is_cue(m, Cue::Performed)
                                || doc.text[m.span].eq_ignore_ascii_case("injected")
                                || matches!(m.concept(), Some(Concept::Contrast(ContrastKind::Agent | ContrastKind::Spread | ContrastKind::Vascular, _)))
                                || is_injected_drug(doc, m) && ms.iter().any(|q| matches!(q.kind, MentionKind::Quantity { .. })))
                    })
        } else {
            // A clinic note: clauses that plan, order or discuss an injection.
            ms.iter().any(|m| {
                is_injection_word(m)
                    && !m.assertions.denies()
                    && !m.assertions.has(Assertions::HISTORICAL)
                    && (m.assertions.has(Assertions::PLANNED)
                        || matches!(sec, SectionName::Plan | SectionName::AssessmentPlan))
            })
        };
    }
    inside
}

/// An "Imaging:" field of a procedure template that names the guidance
/// (fluoroscopy, views) and no imaging study (MRI, CT scan).
fn guidance_section(doc: &Doc, section: usize) -> bool {
    let Some(sec) = doc.sections.get(section) else {
        return false;
    };
    let from = doc
        .mentions
        .partition_point(|m| m.span.start < sec.span.start);
    let to = doc
        .mentions
        .partition_point(|m| m.span.start < sec.span.end);
    let ms = &doc.mentions[from..to];
    ms.iter()
        .any(|m| matches!(m.concept(), Some(Concept::Imaging(_))))
        && !ms.iter().any(|m| is_cue(m, Cue::ImagingStudy))
}

/// A steroid or local anaesthetic: in a procedure note's "Medications:" field these were given.
fn is_injected_drug(doc: &Doc, m: &Mention) -> bool {
    match m.concept() {
        Some(Concept::Drug(d)) => doc
            .lex
            .drugs
            .get(d as usize)
            .is_some_and(|x| x.role != crate::facts::Role::Other || x.generic == "saline"),
        _ => false,
    }
}

/// In scope and asserted as current (planned counts in a clinic note's scope).
fn usable(m: &Mention) -> bool {
    !m.assertions.denies() && !m.assertions.has(Assertions::HISTORICAL)
}

pub(crate) fn extract(doc: &mut Doc) -> ProcedureOut {
    let (performed, procedure_start) = performed(doc);
    let clause_count = doc.mentions.last().map_or(0, |m| m.segment + 1);
    let scope = scope(doc, performed, clause_count);
    let in_scope = |m: &Mention| scope.get(m.segment).copied().unwrap_or(false);

    // A procedure note whose procedure sections do not name the technique
    // ("PROCEDURE: After consent ...") is read from its plan or assessment
    // ("P: right L4-5 TFESI today").
    let fallback = if performed {
        fallback_scope(doc, clause_count)
    } else {
        Vec::new()
    };
    let in_fallback = |m: &Mention| fallback.get(m.segment).copied().unwrap_or(false);
    let (mut approach, mut spinal_site) = approach(doc, &in_scope);
    if approach.is_none() && performed {
        (approach, spinal_site) = self::approach(doc, &in_fallback);
    }
    let mut targets = targets(doc, &in_scope, spinal_site);
    if targets.is_empty() && performed {
        targets = self::targets(doc, &in_fallback, spinal_site);
    }
    let region = region(doc, &in_scope, &targets);
    let imaging = imaging(doc, &in_scope).or_else(|| {
        if performed {
            self::imaging(doc, &in_fallback)
        } else {
            None
        }
    });
    let (contrast, contrast_reason) = contrast(doc, &in_scope, performed);
    let injectates = injectates(doc, &in_scope);
    let sedation = sedation(doc, &in_scope);
    ProcedureOut {
        procedure: Procedure {
            performed,
            approach,
            region,
            targets,
            imaging,
            contrast,
            injectates,
            sedation,
        },
        contrast_reason,
        procedure_start,
    }
}

/// Clauses outside the history, medication, imaging-report and review
/// sections that name an approach as current or planned.
fn fallback_scope(doc: &Doc, clauses: usize) -> Vec<bool> {
    (0..clauses)
        .map(|c| {
            let ms = doc.clause(c);
            ms.first().is_some_and(|f| {
                !record_section(doc.section_of(f)) && ms.iter().any(|m| is_approach(m) && usable(m))
            })
        })
        .collect()
}

/// One approach named in scope, with its evidence.
struct Named {
    approach: Approach,
    rank: u8,
    weight: usize,
    first: usize,
    spinal: bool,
    spans: Vec<crate::span::Span>,
}

/// The approach (highest rank, then most named, the title counting twice, then
/// first named) and whether its site has spinal levels.
fn approach(doc: &mut Doc, in_scope: &dyn Fn(&Mention) -> bool) -> (Option<Approach>, bool) {
    let mut named: Vec<Named> = Vec::new();
    for m in doc.mentions {
        let Some(Concept::Approach(a, rank, spinal)) = m.concept() else {
            continue;
        };
        if !in_scope(m) || !usable(m) {
            continue;
        }
        // The procedure title counts twice (a "PROCEDURE:" section, or the note's short first line).
        let title = doc.section_of(m) == SectionName::Procedure
            || m.section == 0 && doc.sections.first().is_some_and(|s| s.span.len() <= 200);
        let weight = if title { 2 } else { 1 };
        match named.iter_mut().find(|b| b.approach == a) {
            Some(b) => {
                b.rank = b.rank.max(rank);
                b.weight += weight;
                b.spinal &= spinal;
                b.spans.push(m.span);
            }
            None => named.push(Named {
                approach: a,
                rank,
                weight,
                first: m.span.start,
                spinal,
                spans: vec![m.span],
            }),
        }
    }
    let Some(winner) = named.into_iter().max_by(|x, y| {
        (x.rank, x.weight, std::cmp::Reverse(x.first)).cmp(&(
            y.rank,
            y.weight,
            std::cmp::Reverse(y.first),
        ))
    }) else {
        return (None, true);
    };
    for s in winner.spans.iter().take(4) {
        doc.cite("procedure.approach", *s);
    }
    (Some(winner.approach), winner.spinal)
}

/// The first two clauses of the mention's section (a procedure title and its continuation).
fn is_title_clause(doc: &Doc, m: &Mention) -> bool {
    let Some(sec) = doc.sections.get(m.section) else {
        return false;
    };
    let first = doc
        .mentions
        .partition_point(|o| o.span.start < sec.span.start);
    doc.mentions
        .get(first)
        .is_some_and(|f| m.segment <= f.segment + 1)
}

/// Fillers allowed between a level and a side that follows it ("L5-S1 on the left").
fn side_follows(doc: &Doc, level: &Mention, side: &Mention) -> bool {
    let between = doc.between(level.span, side.span);
    between.len() <= 16
        && words(between).all(|w| {
            matches!(
                &*w,
                "on" | "the"
                    | "-"
                    | "side"
                    | "at"
                    | "level"
                    | "levels"
                    | "foramen"
                    | "foramina"
                    | "nerve"
                    | "root"
            )
        })
}

fn is_symptom_clause(doc: &Doc, c: usize) -> bool {
    doc.clause_has(c, |m| {
        matches!(
            m.concept(),
            Some(Concept::Radicular(_) | Concept::Objective(_)) | Some(Concept::Cue(Cue::Symptom))
        )
    })
}

fn targets(doc: &mut Doc, in_scope: &dyn Fn(&Mention) -> bool, spinal_site: bool) -> Vec<Target> {
    let mut found: Vec<(Target, crate::span::Span)> = Vec::new();
    // The side the procedure as a whole is done on, from side words in clauses
    // that speak of the injection but name no symptom.
    let mut note_sides: Vec<Side> = Vec::new();
    for m in doc.mentions {
        let Some(kind) = side_of(m) else { continue };
        if !in_scope(m) || !usable(m) || is_symptom_clause(doc, m.segment) {
            continue;
        }
        for s in sides(kind) {
            if !note_sides.contains(s) {
                note_sides.push(*s);
            }
        }
    }
    for m in doc.mentions {
        let MentionKind::Level(lv) = m.kind else {
            continue;
        };
        if !spinal_site || !in_scope(m) || !usable(m) {
            continue;
        }
        let c = m.segment;
        let sec = doc.section_of(m);
        // A clause with no injection word counts only as the procedure's title line.
        let title = sec == SectionName::Procedure && is_title_clause(doc, m);
        let injection_clause = doc.clause_has(c, |o| {
            is_injection_word(o)
                || is_cue(o, Cue::Target)
                || is_cue(o, Cue::Performed)
                || matches!(
                    o.concept(),
                    Some(Concept::Contrast(ContrastKind::Spread, _))
                )
        });
        let finding_clause = doc.clause_has(c, |o| {
            is_cue(o, Cue::ImagingStudy) || matches!(o.concept(), Some(Concept::Objective(_)))
        });
        if !(injection_clause || title && !finding_clause) {
            continue;
        }
        if finding_clause && !doc.clause_has(c, |o| is_approach(o) || is_cue(o, Cue::Performed)) {
            continue;
        }
        // A side right after the level wins; else the nearest side before it.
        let clause = doc.clause(c);
        let after = clause.iter().find(|o| {
            o.span.start >= m.span.end
                && side_of(o).is_some()
                && usable(o)
                && side_follows(doc, m, o)
        });
        let before = clause
            .iter()
            .rev()
            .find(|o| o.span.end <= m.span.start && side_of(o).is_some() && usable(o));
        let later = clause.iter().find(|o| {
            o.span.start >= m.span.end
                && side_of(o).is_some()
                && usable(o)
                && !clause.iter().any(|l| {
                    matches!(l.kind, MentionKind::Level(_))
                        && l.span.start > m.span.end
                        && l.span.end <= o.span.start
                })
        });
        let side_m = after.or(before).or(later);
        let side_kind = side_m.and_then(side_of);
        for level in lv.foramina() {
            let target = |side| {
                (
                    Target {
                        level: Some(level),
                        side,
                    },
                    m.span,
                )
            };
            match side_kind {
                Some(k) => found.extend(sides(k).iter().map(|s| target(Some(*s)))),
                None => found.push(target(None)),
            }
        }
        if let Some(sm) = side_m {
            doc.cite("procedure.targets", sm.span);
        }
    }
    // A level with no side of its own takes the procedure's side.
    let fallback: Vec<Option<Side>> = if note_sides.is_empty() {
        vec![None]
    } else {
        note_sides.iter().map(|s| Some(*s)).collect()
    };
    let mut sided_levels: Vec<Option<Level>> = found
        .iter()
        .filter(|(o, _)| o.side.is_some())
        .map(|(o, _)| o.level)
        .collect();
    sided_levels.sort_unstable();
    sided_levels.dedup();
    let mut out: Vec<Target> = Vec::new();
    for (t, span) in &found {
        doc.cite("procedure.targets", *span);
        let sided = sided_levels.binary_search(&t.level).is_ok();
        if t.side.is_none() {
            if sided {
                continue;
            }
            for s in &fallback {
                let nt = Target {
                    level: t.level,
                    side: *s,
                };
                if !out.contains(&nt) {
                    out.push(nt);
                }
            }
        } else if !out.contains(t) {
            out.push(*t);
        }
    }
    // A site with no spinal level (SI joint, sympathetic chain) is a target by its side alone.
    if out.is_empty() && !spinal_site {
        for s in &fallback {
            out.push(Target {
                level: None,
                side: *s,
            });
        }
    }
    out.sort_by_key(|t| t.sort_key());
    out
}

fn region(
    doc: &mut Doc,
    in_scope: &dyn Fn(&Mention) -> bool,
    targets: &[Target],
) -> Option<Region> {
    let levels: Vec<Level> = targets.iter().filter_map(|t| t.level).collect();
    if !levels.is_empty() {
        let has = |s: Segment| levels.iter().any(|l| l.region() == s);
        return Some(if has(Segment::L) {
            Region::Lumbar
        } else if has(Segment::T) {
            Region::Thoracic
        } else if has(Segment::C) {
            Region::Cervical
        } else {
            Region::Sacral
        });
    }
    let m = doc
        .mentions
        .iter()
        .find(|m| matches!(m.concept(), Some(Concept::Region(_))) && in_scope(m) && usable(m))?;
    doc.cite("procedure.region", m.span);
    match m.concept() {
        Some(Concept::Region(r)) => Some(r),
        _ => None,
    }
}

fn imaging(doc: &mut Doc, in_scope: &dyn Fn(&Mention) -> bool) -> Option<Imaging> {
    let found: Vec<(Imaging, crate::span::Span)> = doc
        .mentions
        .iter()
        .filter(|m| in_scope(m) && usable(m))
        .filter_map(|m| match m.concept() {
            Some(Concept::Imaging(i)) => Some((i, m.span)),
            _ => None,
        })
        .collect();
    let pick = [Imaging::Ct, Imaging::Fluoroscopy, Imaging::Ultrasound]
        .into_iter()
        .find(|i| found.iter().any(|f| f.0 == *i))?;
    for (_, s) in found.iter().filter(|f| f.0 == pick).take(3) {
        doc.cite("procedure.imaging", *s);
    }
    Some(pick)
}

/// "Contrast: none", "Contrast - not used": a label whose value says no.
fn label_says_no(doc: &Doc, m: &Mention) -> bool {
    let after = doc.after(m.span, 32).trim_start();
    let Some(rest) = after.strip_prefix(':').or_else(|| after.strip_prefix('-')) else {
        return false;
    };
    let mut words = rest
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase());
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    match first.as_str() {
        "none" | "n/a" | "na" | "withheld" | "omitted" => true,
        // "Contrast: not used" but not "Contrast: no vascular uptake".
        "not" => matches!(
            second.as_str(),
            "used" | "given" | "injected" | "administered" | "done"
        ),
        "no" => second.is_empty() || matches!(second.as_str(), "contrast" | "dye"),
        _ => false,
    }
}

fn contrast(
    doc: &mut Doc,
    in_scope: &dyn Fn(&Mention) -> bool,
    performed: bool,
) -> (Contrast, bool) {
    let mut out = Contrast::default();
    let mut affirmed = false;
    let mut negated = false;
    let mut reason = false;
    for m in doc.mentions {
        let Some(Concept::Contrast(kind, agent)) = m.concept() else {
            continue;
        };
        let sec = doc.section_of(m);
        let allergy_section = sec == SectionName::Allergies;
        let flags = m.assertions;
        let not_denied = !flags.has(Assertions::NEGATED)
            && !flags.has(Assertions::HYPOTHETICAL)
            && !flags.has(Assertions::FAMILY);
        if kind == ContrastKind::Allergy
            || (allergy_section && matches!(kind, ContrastKind::Contrast | ContrastKind::Agent))
        {
            if not_denied {
                reason = true;
                doc.cite("procedure.contrast.used", m.span);
            }
            continue;
        }
        if kind == ContrastKind::WithholdReason {
            if not_denied {
                reason = true;
            }
            continue;
        }
        if !in_scope(m)
            || flags.has(Assertions::HISTORICAL)
            || flags.has(Assertions::HYPOTHETICAL)
            || flags.has(Assertions::FAMILY)
        {
            continue;
        }
        if doc.clause_has_cue(m.segment, Cue::ImagingStudy) {
            continue;
        }
        let neg = flags.has(Assertions::NEGATED) || label_says_no(doc, m);
        match kind {
            ContrastKind::Contrast | ContrastKind::Agent => {
                if neg {
                    negated = true;
                } else {
                    affirmed = true;
                    if kind == ContrastKind::Agent && out.agent.is_none() {
                        out.agent = doc.lex.agents.get(agent as usize).cloned();
                        doc.cite("procedure.contrast.agent", m.span);
                    }
                }
                doc.cite("procedure.contrast.used", m.span);
            }
            ContrastKind::Spread => {
                affirmed |= record_spread(&mut out, neg);
                doc.cite("procedure.contrast.epidural_spread", m.span);
            }
            ContrastKind::SpreadVerb => {
                // "The contrast tracked along the S1 root into the epidural space."
                let site = doc.clause(m.segment).iter().find(|o| {
                    o.span.start >= m.span.end
                        && gap(m.span, o.span) <= 60
                        && o.concept().is_some_and(|c| {
                            matches!(c, Concept::Contrast(ContrastKind::SpreadSite, _))
                        })
                });
                let named = |c: usize| {
                    doc.clause(c).iter().any(|o| {
                        matches!(
                            o.concept(),
                            Some(Concept::Contrast(
                                ContrastKind::Contrast | ContrastKind::Agent,
                                _
                            ))
                        )
                    })
                };
                let contrast_near = named(m.segment) || m.segment > 0 && named(m.segment - 1);
                if let (Some(site), true) = (site, contrast_near) {
                    affirmed |=
                        record_spread(&mut out, neg || site.assertions.has(Assertions::NEGATED));
                    doc.cite("procedure.contrast.epidural_spread", m.span);
                    doc.cite("procedure.contrast.epidural_spread", site.span);
                }
            }
            ContrastKind::Vascular => {
                if neg {
                    out.vascular_uptake.get_or_insert(false);
                } else {
                    out.vascular_uptake = Some(true);
                }
                affirmed |= !neg;
                doc.cite("procedure.contrast.vascular_uptake", m.span);
            }
            _ => {}
        }
    }
    out.used = if affirmed {
        Some(true)
    } else if negated || (performed && reason && out.vascular_uptake.is_none()) {
        Some(false)
    } else {
        None
    };
    if out.used == Some(false) && out.vascular_uptake.is_some() {
        // "No vascular uptake" with no contrast word still means contrast was used.
        out.used = Some(true);
    }
    let withheld_for_reason = reason && out.used == Some(false);
    (out, withheld_for_reason)
}

/// Records epidural spread seen (wins) or documented absent; true when seen.
fn record_spread(out: &mut Contrast, negated: bool) -> bool {
    if negated {
        out.epidural_spread.get_or_insert(false);
        false
    } else {
        out.epidural_spread = Some(true);
        true
    }
}

/// Words allowed between an amount and the drug it names ("2 mL of 0.25% bupivacaine").
fn filler_forward(gap: &str) -> bool {
    gap.len() <= 40
        && !gap.contains([',', ';', '+'])
        && words(gap).all(|w| {
            matches!(
                &*w,
                "of" | "a"
                    | "an"
                    | "the"
                    | "preservative-free"
                    | "preservative"
                    | "free"
                    | "pf"
                    | "mpf"
                    | "plain"
                    | "sterile"
                    | "-"
                    | "/"
                    | "&"
                    | "total"
            ) || is_amount_token(&w)
        })
}

/// Words allowed between a drug and its amount ("Kenalog 40 mg/mL, 1 mL").
fn filler_backward(gap: &str) -> bool {
    gap.len() <= 60
        && words(gap).all(|w| {
            matches!(
                &*w,
                "non-particulate"
                    | "nonparticulate"
                    | "particulate"
                    | "soluspan"
                    | "of"
                    | "a"
                    | "an"
                    | "the"
                    | "at"
                    | "was"
                    | "were"
                    | "is"
                    | "-"
                    | "="
                    | "/"
                    | "x"
                    | "dose"
                    | "dosage"
                    | "volume"
                    | "total"
                    | "acetate"
                    | "sodium"
                    | "phosphate"
                    | "acetonide"
                    | "hcl"
                    | "mpf"
                    | "pf"
                    | "preservative-free"
                    | "preservative"
                    | "free"
                    | "solution"
                    | "injected"
                    | "given"
                    | "used"
                    | "administered"
                    | "concentration"
                    | "per"
                    | "each"
                    | "level"
                    | "side"
                    | "site"
                    | "and"
                    | "with"
                    | "in"
            ) || is_amount_token(&w)
        })
}

/// True when the line holding `span` starts with "Total" ("Total dexamethasone 12 mg").
fn line_starts_with_total(doc: &Doc, span: crate::span::Span) -> bool {
    // Look back a bounded distance: a 50 MB one-line note must stay linear.
    let before = doc.before(span, 200);
    let Some(nl) = before.rfind('\n') else {
        return false;
    };
    before[nl + 1..]
        .trim_start()
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("total"))
        || before[nl + 1..].trim().is_empty()
            && doc.text[span.start..]
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case("total"))
}

fn is_amount_token(w: &str) -> bool {
    let t = w.trim_matches(|c: char| c == '.' || c == '%' || c == '/');
    !t.is_empty()
        && (t.chars().all(|c| c.is_ascii_digit() || c == '.')
            || matches!(t, "mg" | "ml" | "cc" | "mcg" | "mg/ml" | "percent"))
}

fn injectates(doc: &mut Doc, in_scope: &dyn Fn(&Mention) -> bool) -> Vec<Injectate> {
    struct Acc {
        drug: u16,
        dose: Option<f64>,
        per_ml: Option<f64>,
        volume: Option<f64>,
        pct: Option<f64>,
        total_dose: Option<f64>,
        total_volume: Option<f64>,
    }
    let mut acc: Vec<Acc> = Vec::new();
    let clause_count = doc.mentions.last().map_or(0, |m| m.segment + 1);
    for c in 0..clause_count {
        let clause = doc.clause(c);
        let Some(first) = clause.first() else {
            continue;
        };
        if !in_scope(first) {
            continue;
        }
        // Anchors: drugs and contrast agents (an amount next to contrast is the contrast's).
        let anchors: Vec<&Mention> = clause
            .iter()
            .filter(|m| {
                matches!(
                    m.concept(),
                    Some(Concept::Drug(_))
                        | Some(Concept::Contrast(
                            ContrastKind::Agent | ContrastKind::Contrast,
                            _
                        ))
                )
            })
            .collect();
        if anchors.is_empty() {
            continue;
        }
        let mut bound: Vec<Vec<(Unit, f64, bool)>> = vec![Vec::new(); anchors.len()];
        // "Total injectate: triamcinolone 40 mg, bupivacaine 2 mL": every amount is a total.
        let total_line = clause
            .first()
            .is_some_and(|c| line_starts_with_total(doc, c.span));
        for q in clause {
            let MentionKind::Quantity { value, unit } = q.kind else {
                continue;
            };
            // "a total of 10 mg", "12 mg total", "Total dexamethasone 10 mg".
            let lead_total = contains_ci(doc.before(q.span, 14), "total");
            let trail_total = starts_with_ci(doc.after(q.span, 7).trim_start(), "total");
            // "3 mL of the mixture", "3 mL solution": the whole injectate, not one drug's.
            // ("... 1 mL) mixed with 2 mL of ropivacaine" keeps its amount.)
            let mixture = clause.iter().any(|t| {
                let word = &doc.text[t.span];
                is_cue(t, Cue::Total)
                    && t.span.start >= q.span.end
                    && gap(q.span, t.span) <= 14
                    && !["total", "mixed", "combined"]
                        .iter()
                        .any(|w| word.eq_ignore_ascii_case(w))
            });
            if mixture {
                continue;
            }
            let fwd = anchors.iter().position(|a| a.span.start >= q.span.end);
            let fwd_ok = fwd.filter(|&i| filler_forward(doc.between(q.span, anchors[i].span)));
            let back = anchors.iter().rposition(|a| {
                a.span.end <= q.span.start
                    || a.span.contains(q.span)
                    || q.span.start > a.span.start && q.span.start < a.span.end
            });
            let back_ok = back.filter(|&i| filler_backward(doc.between(anchors[i].span, q.span)));
            // A leading "total" binds only forward ("a total of 10 mg of dexamethasone"):
            // "a total volume of 3 mL" names no drug.
            let target = if lead_total {
                fwd_ok
            } else {
                fwd_ok.or(back_ok)
            };
            let drug_total = target
                .is_some_and(|i| contains_ci(doc.before(anchors[i].span, 8), "total"))
                || total_line;
            let total_before = lead_total || trail_total || drug_total;
            if let Some(i) = target {
                bound[i].push((unit, value, total_before));
            }
        }
        for (i, a) in anchors.iter().enumerate() {
            let Some(Concept::Drug(d)) = a.concept() else {
                continue;
            };
            if !usable(a) {
                continue;
            }
            let text = &doc.text[a.span];
            // The skin-wheal anaesthetic and saline for loss of resistance are not injectates.
            let near_target = doc.nearest(a, |o| {
                is_cue(o, Cue::Target)
                    || is_approach(o)
                    || is_cue(o, Cue::Performed) && contains_ci(&doc.text[o.span], "inject")
            });
            let near_skin = doc.nearest(a, |o| is_cue(o, Cue::Skin));
            let role = doc.lex.drugs.get(d as usize).map(|x| x.role);
            if role == Some(crate::facts::Role::Anesthetic) {
                if let Some(s) = near_skin {
                    if s <= 80 && near_target.is_none_or(|t| s < t) {
                        continue;
                    }
                }
            }
            if doc
                .lex
                .drugs
                .get(d as usize)
                .is_some_and(|x| x.generic == "saline")
                || contains_ci(text, "saline")
            {
                let near_flush = doc.nearest(a, |o| is_cue(o, Cue::Flush));
                if near_flush.is_some_and(|f| f <= 60 && near_target.is_none_or(|t| f <= t)) {
                    continue;
                }
            }
            doc.cite("procedure.injectates", a.span);
            let entry = match acc.iter_mut().position(|x| x.drug == d) {
                Some(p) => &mut acc[p],
                None => {
                    acc.push(Acc {
                        drug: d,
                        dose: None,
                        per_ml: None,
                        volume: None,
                        pct: None,
                        total_dose: None,
                        total_volume: None,
                    });
                    acc.last_mut().expect("just pushed")
                }
            };
            for &(unit, value, total) in &bound[i] {
                match (unit, total) {
                    (Unit::Mg, true) => entry.total_dose = Some(value),
                    (Unit::Mcg, true) => entry.total_dose = Some(value / 1000.0),
                    (Unit::Ml, true) => entry.total_volume = Some(value),
                    (Unit::Mg, false) => {
                        entry.dose.get_or_insert(value);
                    }
                    (Unit::Mcg, false) => {
                        entry.dose.get_or_insert(value / 1000.0);
                    }
                    (Unit::MgPerMl, _) => {
                        entry.per_ml.get_or_insert(value);
                    }
                    (Unit::Ml, false) => {
                        entry.volume.get_or_insert(value);
                    }
                    (Unit::Percent, _) => {
                        entry.pct.get_or_insert(value);
                    }
                }
            }
        }
    }
    let mut out: Vec<Injectate> = acc
        .into_iter()
        .filter_map(|a| {
            let drug = doc.lex.drugs.get(a.drug as usize)?;
            Some(Injectate {
                drug: drug.generic.clone(),
                role: drug.role,
                dose_mg: a.total_dose.or(a.dose).or(a.per_ml),
                volume_ml: a.total_volume.or(a.volume),
                concentration_pct: a.pct,
            })
        })
        .collect();
    out.sort_by(|a, b| a.drug.cmp(&b.drug));
    out
}

/// Reads a "Sedation: moderate" style label after the bare word.
fn sedation_label(doc: &Doc, m: &Mention) -> Option<Sedation> {
    let after = doc.after(m.span, 40).trim_start();
    let rest = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('-'))?
        .trim_start()
        .to_ascii_lowercase();
    let first = rest
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .next()
        .unwrap_or("");
    match first {
        "none" | "no" | "n/a" | "na" | "local" => Some(Sedation::None),
        "moderate" | "conscious" | "iv" | "minimal" | "light" => Some(Sedation::Moderate),
        "mac" | "monitored" | "deep" => Some(Sedation::Mac),
        "general" => Some(Sedation::General),
        _ => None,
    }
}

fn sedation(doc: &mut Doc, in_scope: &dyn Fn(&Mention) -> bool) -> Option<Sedation> {
    let mut level: Option<Sedation> = None;
    let mut none = false;
    let mut cites = Vec::new();
    for m in doc.mentions {
        let Some(Concept::Sedation(kind)) = m.concept() else {
            continue;
        };
        let sec = doc.section_of(m);
        if !(in_scope(m) || sec == SectionName::Anesthesia) {
            continue;
        }
        let a = m.assertions;
        if a.has(Assertions::HISTORICAL)
            || a.has(Assertions::HYPOTHETICAL)
            || a.has(Assertions::FAMILY)
        {
            continue;
        }
        let found = match kind {
            SedationKind::None => Some(Sedation::None),
            SedationKind::Generic => sedation_label(doc, m),
            SedationKind::Moderate => Some(Sedation::Moderate),
            SedationKind::Mac => Some(Sedation::Mac),
            SedationKind::General => Some(Sedation::General),
        };
        let found = if a.has(Assertions::NEGATED) {
            Some(Sedation::None)
        } else {
            found
        };
        match found {
            Some(Sedation::None) => none = true,
            Some(s) => level = level.max(Some(s)),
            None => continue,
        }
        cites.push(m.span);
    }
    for s in cites {
        doc.cite("procedure.sedation", s);
    }
    level.or(none.then_some(Sedation::None))
}
