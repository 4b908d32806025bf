//! Lexicon matching: one Aho-Corasick automaton over every term of every
//! lexicon file, with word-boundary and case checks and a longest-match policy.

use crate::lexicon::{Concept, Lexicons};
use crate::span::Span;
use crate::vocab::SectionName;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// One distinct literal and the concepts it stands for.
#[derive(Debug, Clone)]
struct Pattern {
    literal: String,
    /// (concept, matched case-sensitively)
    concepts: Vec<(Concept, bool)>,
    word_start: bool,
    word_end: bool,
    header_only: bool,
}

/// The compiled term matcher.
#[derive(Debug, Clone)]
pub(crate) struct TermMatcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// A header candidate: where a section-header variant matched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeaderHit {
    pub span: Span,
    pub section: SectionName,
}

/// What one pass over the note finds.
#[derive(Debug, Default)]
pub(crate) struct TermHits {
    /// Header variants anywhere (sections decide which are headers).
    pub headers: Vec<HeaderHit>,
    /// Non-overlapping concept matches, longest first, in note order.
    pub terms: Vec<(Span, Concept)>,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

impl TermMatcher {
    pub(crate) fn new(lex: &Lexicons) -> Result<TermMatcher, aho_corasick::BuildError> {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for term in &lex.terms {
            let key = term.literal.to_ascii_lowercase();
            let i = *index.entry(key).or_insert_with(|| {
                let bytes = term.literal.as_bytes();
                patterns.push(Pattern {
                    literal: term.literal.clone(),
                    concepts: Vec::new(),
                    word_start: bytes.first().is_some_and(|b| is_word_byte(*b)),
                    word_end: bytes.last().is_some_and(|b| is_word_byte(*b)),
                    header_only: true,
                });
                patterns.len() - 1
            });
            let p = &mut patterns[i];
            p.concepts.push((term.concept, term.case_sensitive));
            if !matches!(term.concept, Concept::Header(_)) {
                p.header_only = false;
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns.iter().map(|p| p.literal.as_bytes()))?;
        Ok(TermMatcher {
            ac: Some(ac),
            patterns,
        })
    }

    pub(crate) fn empty() -> TermMatcher {
        TermMatcher {
            ac: None,
            patterns: Vec::new(),
        }
    }

    pub(crate) fn find(&self, text: &str) -> TermHits {
        let bytes = text.as_bytes();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        let mut hits = TermHits::default();
        let Some(ac) = &self.ac else { return hits };
        for m in ac.find_overlapping_iter(bytes) {
            let (s, e) = (m.start(), m.end());
            let p = &self.patterns[m.pattern().as_usize()];
            if p.word_start && s > 0 && is_word_byte(bytes[s - 1]) {
                continue;
            }
            if p.word_end && e < bytes.len() && is_word_byte(bytes[e]) {
                continue;
            }
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            for (c, _) in &p.concepts {
                if let Concept::Header(section) = c {
                    hits.headers.push(HeaderHit {
                        span: Span::new(s, e),
                        section: *section,
                    });
                }
            }
            if !p.header_only {
                cands.push((s, e, m.pattern().as_usize()));
            }
        }
        hits.headers
            .sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        cands.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut last_end = 0;
        for (s, e, pi) in cands {
            if s < last_end {
                continue;
            }
            let p = &self.patterns[pi];
            let exact = &bytes[s..e] == p.literal.as_bytes();
            let mut any = false;
            for &(c, case_sensitive) in &p.concepts {
                if matches!(c, Concept::Header(_)) || (case_sensitive && !exact) {
                    continue;
                }
                hits.terms.push((Span::new(s, e), c));
                any = true;
            }
            if any {
                last_end = e;
            }
        }
        hits
    }
}
