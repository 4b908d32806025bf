//! Facts assembly: from sections, clauses and context-marked mentions to the
//! contract's [`Facts`]. Section-aware: the procedure sections decide what was
//! done; history, imaging reports and plans for another day do not.
//!
//! - [`doc`]: the read-only view of one note the extractors share.
//! - [`procedure`]: performed, approach, region, targets, imaging, contrast,
//!   injectates, sedation.
//! - [`clinical`]: radicular/axial, objective support, pain scores,
//!   conservative care, prior relief.
//! - [`checklist`]: the checklist and the codes, from the facts.

mod checklist;
mod clinical;
mod doc;
mod procedure;

use crate::facts::{Clinical, Facts};
use crate::lexicon::Lexicons;
use crate::mention::Mention;
use crate::scanner::Evidence;
use crate::sections::Section;
use crate::span::Span;
use doc::Doc;

/// Assembles the facts of one note, the evidence behind them, and the weeks
/// of a course-level conservative-care statement.
pub(crate) fn facts(
    text: &str,
    sections: &[Section],
    clauses: &[Span],
    mentions: &[Mention],
    lex: &Lexicons,
) -> (Facts, Vec<Evidence>, Option<u32>) {
    let mut doc = Doc::new(text, sections, clauses, mentions, lex);
    let proc = procedure::extract(&mut doc);
    let clin = clinical::extract(&mut doc, &proc);
    let clinical = Clinical {
        radicular: clin.radicular,
        axial_only: clin.axial_only,
        objective_support: clin.objective_support,
        pain_scores: clin.pain_scores,
        conservative_care: clin.conservative_care,
        prior_relief: clin.prior_relief,
    };
    let course_weeks = clin.course_weeks;
    let checklist = checklist::checklist(
        &proc.procedure,
        &clinical,
        proc.contrast_reason,
        clin.course_weeks,
    );
    let codes = checklist::codes(&proc.procedure, &checklist);
    let facts = Facts {
        procedure: proc.procedure,
        clinical,
        checklist,
        codes,
    };
    (facts, doc.into_evidence(), course_weeks)
}
