//! The [`Scanner`]: lexicons compiled once, then one note at a time through
//! sections → clauses → mentions → context → facts.

use crate::assemble;
use crate::context;
use crate::facts::Facts;
use crate::lexicon::{LexiconError, Lexicons};
use crate::mention::{Assertions, Mention, MentionKind};
use crate::patterns::Patterns;
use crate::sections::{self, Section};
use crate::segments;
use crate::span::Span;
use crate::terms::{TermHits, TermMatcher};
use serde::Serialize;
use std::sync::Arc;

/// Scans notes. Build once, share freely: `Scanner` is `Clone` (an `Arc`
/// inside), `Send` and `Sync`.
///
/// # Performance
/// Every table and regex is built in the constructor; [`Scanner::scan`]
/// compiles nothing.
#[derive(Clone, Debug)]
pub struct Scanner {
    inner: Arc<Compiled>,
}

#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) lex: Lexicons,
    terms: TermMatcher,
    patterns: Patterns,
}

/// The evidence behind one fact: which field, which span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Dotted contract path of the field (`procedure.targets`, `clinical.radicular`).
    pub field: &'static str,
    /// The span that produced (part of) its value.
    #[serde(flatten)]
    pub span: Span,
}

/// Everything notescan read from one note.
#[derive(Clone, Debug)]
pub struct Scan {
    /// The record id.
    pub id: String,
    /// Sections in note order.
    pub sections: Vec<Section>,
    /// Clauses in note order (context never crosses one).
    pub clauses: Vec<Span>,
    /// Every mention, sorted by start.
    pub mentions: Vec<Mention>,
    /// The contract facts.
    pub facts: Facts,
    /// Spans behind each fact.
    pub evidence: Vec<Evidence>,
    /// Weeks of a course-level conservative-care statement ("failed 8 weeks of
    /// conservative care"): the facts keep it out of each modality's `weeks`,
    /// the checklist counts it.
    pub course_weeks: Option<u32>,
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

impl Scanner {
    /// A scanner over the embedded lexicons.
    pub fn new() -> Scanner {
        Scanner::with_lexicons(Lexicons::default())
    }

    /// A scanner over `lex` (see [`Lexicons::from_dir`]).
    pub fn with_lexicons(lex: Lexicons) -> Scanner {
        let terms = TermMatcher::new(&lex);
        let patterns = Patterns::new(&lex);
        Scanner {
            inner: Arc::new(Compiled {
                lex,
                terms,
                patterns,
            }),
        }
    }

    /// A scanner over the embedded lexicons with `dir`'s files replacing them.
    pub fn from_lexicon_dir(dir: impl AsRef<std::path::Path>) -> Result<Scanner, LexiconError> {
        Ok(Scanner::with_lexicons(Lexicons::from_dir(dir)?))
    }

    /// The lexicons the scanner was built from.
    pub fn lexicons(&self) -> &Lexicons {
        &self.inner.lex
    }

    /// Scans one note. Never fails, never panics; offsets are byte offsets into `text`.
    pub fn scan(&self, id: &str, text: &str) -> Scan {
        let hits = self.stage_terms(text);
        let sections = self.stage_sections(text, &hits);
        let clauses = self.stage_clauses(text, &sections);
        let patterns = self.stage_patterns(text);
        let mentions = self.stage_mentions(text, hits, patterns, &sections, &clauses);
        let (facts, evidence, course_weeks) =
            self.stage_facts(text, &sections, &clauses, &mentions);
        Scan {
            id: id.to_string(),
            sections,
            clauses,
            mentions,
            facts,
            evidence,
            course_weeks,
        }
    }

    /// Stage 1 (benchmarks only; not a stable API): the lexicon terms, in one pass.
    #[doc(hidden)]
    pub fn stage_terms(&self, text: &str) -> TermStage {
        TermStage(self.inner.terms.find(text))
    }

    /// Stage 2 (benchmarks only): sections from the header candidates.
    #[doc(hidden)]
    pub fn stage_sections(&self, text: &str, hits: &TermStage) -> Vec<Section> {
        sections::split(text, &hits.0.headers)
    }

    /// Stage 3 (benchmarks only): clauses.
    #[doc(hidden)]
    pub fn stage_clauses(&self, text: &str, sections: &[Section]) -> Vec<Span> {
        segments::split(text, sections)
    }

    /// Stage 4 (benchmarks only): the regex patterns.
    #[doc(hidden)]
    pub fn stage_patterns(&self, text: &str) -> PatternStage {
        let mut raw = Vec::with_capacity(64);
        self.inner.patterns.find(text, &mut raw);
        PatternStage(raw)
    }

    /// Stage 5 (benchmarks only): mentions placed in sections and clauses, with ConText.
    #[doc(hidden)]
    pub fn stage_mentions(
        &self,
        text: &str,
        hits: TermStage,
        patterns: PatternStage,
        sections: &[Section],
        clauses: &[Span],
    ) -> Vec<Mention> {
        // Header words stay mentions: a header is its own clause, so its
        // triggers ("History of ...") reach nothing beyond it.
        let mut raw: Vec<(Span, MentionKind)> =
            Vec::with_capacity(hits.0.terms.len() + patterns.0.len());
        raw.extend(
            hits.0
                .terms
                .into_iter()
                .map(|(span, concept)| (span, MentionKind::Term(concept))),
        );
        raw.extend(patterns.0);
        raw.sort_by_key(|(s, _)| (s.start, s.end));
        let mut mentions = Vec::with_capacity(raw.len());
        let mut ci = 0;
        for (span, kind) in raw {
            while ci + 1 < clauses.len() && clauses[ci].end <= span.start {
                ci += 1;
            }
            // A mention outside every clause (whitespace) keeps the nearest one.
            mentions.push(Mention {
                span,
                kind,
                section: sections::index_at(sections, span.start),
                segment: ci,
                assertions: Assertions::default(),
            });
        }
        context::apply(&mut mentions, &self.inner.lex.context_rules, sections, text);
        mentions
    }

    /// Stage 6 (benchmarks only): facts assembly.
    #[doc(hidden)]
    pub fn stage_facts(
        &self,
        text: &str,
        sections: &[Section],
        clauses: &[Span],
        mentions: &[Mention],
    ) -> (Facts, Vec<Evidence>, Option<u32>) {
        assemble::facts(text, sections, clauses, mentions, &self.inner.lex)
    }

    /// Every literal term of the lexicons (the throughput bench's reference pass).
    #[doc(hidden)]
    pub fn term_literals(&self) -> Vec<String> {
        self.inner
            .lex
            .terms
            .iter()
            .map(|t| t.literal.clone())
            .collect()
    }
}

/// Output of the term stage (benchmarks only).
#[doc(hidden)]
pub struct TermStage(TermHits);

/// Output of the pattern stage (benchmarks only).
#[doc(hidden)]
pub struct PatternStage(Vec<(Span, MentionKind)>);

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn scanner_is_shareable() {
        assert_send_sync::<Scanner>();
    }
}
