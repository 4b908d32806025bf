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
use crate::terms::TermMatcher;
use serde::Serialize;
use std::sync::Arc;

/// Scans notes. Build once, share freely: `Scanner` is `Clone` (an `Arc`
/// inside), `Send` and `Sync`.
///
/// # Performance
/// Every automaton and regex is compiled in the constructor; [`Scanner::scan`]
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
}

impl Default for Scanner {
    fn default() -> Scanner {
        Scanner::new()
    }
}

impl Scanner {
    /// A scanner over the embedded lexicons.
    pub fn new() -> Scanner {
        match Scanner::with_lexicons(Lexicons::default()) {
            Ok(s) => s,
            // The embedded lexicons are tested to build; an empty scanner keeps this infallible.
            Err(_) => Scanner::empty(),
        }
    }

    fn empty() -> Scanner {
        let lex = Lexicons::none();
        let terms = TermMatcher::empty();
        let patterns = Patterns::new(&lex);
        Scanner {
            inner: Arc::new(Compiled {
                lex,
                terms,
                patterns,
            }),
        }
    }

    /// A scanner over `lex` (see [`Lexicons::from_dir`]).
    pub fn with_lexicons(lex: Lexicons) -> Result<Scanner, LexiconError> {
        let terms = TermMatcher::new(&lex).map_err(|e| LexiconError {
            file: "(all term files)".into(),
            line: 0,
            kind: crate::lexicon::LexiconErrorKind::Build(e.to_string()),
        })?;
        let patterns = Patterns::new(&lex);
        Ok(Scanner {
            inner: Arc::new(Compiled {
                lex,
                terms,
                patterns,
            }),
        })
    }

    /// A scanner over the embedded lexicons with `dir`'s files replacing them.
    pub fn from_lexicon_dir(dir: impl AsRef<std::path::Path>) -> Result<Scanner, LexiconError> {
        Scanner::with_lexicons(Lexicons::from_dir(dir)?)
    }

    /// The lexicons the scanner was built from.
    pub fn lexicons(&self) -> &Lexicons {
        &self.inner.lex
    }

    /// Scans one note. Never fails, never panics; offsets are byte offsets into `text`.
    pub fn scan(&self, id: &str, text: &str) -> Scan {
        let c = &*self.inner;
        let hits = c.terms.find(text);
        let sections = sections::split(text, &hits.headers);
        let clauses = segments::split(text, &sections);
        // Header words stay mentions: a header is its own clause, so its
        // triggers ("History of ...") reach nothing beyond it.
        let mut raw: Vec<(Span, MentionKind)> = Vec::with_capacity(hits.terms.len() + 32);
        raw.extend(
            hits.terms
                .into_iter()
                .map(|(span, concept)| (span, MentionKind::Term(concept))),
        );
        c.patterns.find(text, &mut raw);
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
                section: sections::index_at(&sections, span.start),
                segment: ci,
                assertions: Assertions::default(),
            });
        }
        let words = context::word_starts(text);
        context::apply(&mut mentions, &c.lex.context_rules, &sections, &words);
        let (facts, evidence) = assemble::facts(text, &sections, &clauses, &mentions, &c.lex);
        Scan {
            id: id.to_string(),
            sections,
            clauses,
            mentions,
            facts,
            evidence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn scanner_is_shareable() {
        assert_send_sync::<Scanner>();
    }
}
