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
    /// Pattern index of each automaton pattern.
    ac_index: Vec<usize>,
    /// Pattern index of each one-letter word (by lower-case ASCII byte), or `usize::MAX`.
    singles: [usize; 128],
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
        // One-letter words ("L", "R", SOAP's "S:") would make the automaton
        // report every letter of the note: they are found by a word scan instead.
        let mut singles = [usize::MAX; 128];
        let mut in_ac: Vec<&[u8]> = Vec::with_capacity(patterns.len());
        let mut ac_index: Vec<usize> = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            let b = p.literal.as_bytes();
            if b.len() == 1 && b[0].is_ascii_alphanumeric() {
                singles[b[0].to_ascii_lowercase() as usize] = i;
            } else {
                in_ac.push(b);
                ac_index.push(i);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(in_ac)?;
        Ok(TermMatcher {
            ac: Some(ac),
            ac_index,
            singles,
            patterns,
        })
    }

    pub(crate) fn empty() -> TermMatcher {
        TermMatcher {
            ac: None,
            ac_index: Vec::new(),
            singles: [usize::MAX; 128],
            patterns: Vec::new(),
        }
    }

    pub(crate) fn find(&self, text: &str) -> TermHits {
        let bytes = text.as_bytes();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        let mut hits = TermHits::default();
        let Some(ac) = &self.ac else { return hits };
        let singles = bytes.iter().enumerate().filter_map(|(i, &b)| {
            let alone = b.is_ascii_alphanumeric()
                && (i == 0 || !is_word_byte(bytes[i - 1]))
                && bytes.get(i + 1).is_none_or(|n| !is_word_byte(*n));
            let pi = if alone {
                self.singles[b.to_ascii_lowercase() as usize]
            } else {
                usize::MAX
            };
            (pi != usize::MAX).then_some((i, i + 1, pi))
        });
        let found = ac
            .find_overlapping_iter(bytes)
            .map(|m| (m.start(), m.end(), self.ac_index[m.pattern().as_usize()]));
        for (s, e, pi) in found.chain(singles) {
            let p = &self.patterns[pi];
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
                cands.push((s, e, pi));
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
