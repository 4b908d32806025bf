//! The read-only view of one note that every extractor works from.

use crate::facts::Side;
use crate::lexicon::{Concept, Lexicons};
use crate::mention::{Mention, MentionKind};
use crate::scanner::Evidence;
use crate::sections::Section;
use crate::span::Span;
use crate::vocab::{Cue, SectionName, SideKind};
use std::borrow::Cow;
use std::ops::Range;

pub(crate) struct Doc<'a> {
    pub text: &'a str,
    pub sections: &'a [Section],
    pub mentions: &'a [Mention],
    pub lex: &'a Lexicons,
    /// Mention index range of each clause.
    by_clause: Vec<Range<usize>>,
    pub evidence: Vec<Evidence>,
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        sections: &'a [Section],
        clauses: &'a [Span],
        mentions: &'a [Mention],
        lex: &'a Lexicons,
    ) -> Doc<'a> {
        let mut by_clause = vec![0..0; clauses.len().max(1)];
        let mut i = 0;
        while i < mentions.len() {
            let c = mentions[i].segment;
            let mut j = i;
            while j < mentions.len() && mentions[j].segment == c {
                j += 1;
            }
            if let Some(r) = by_clause.get_mut(c) {
                *r = i..j;
            }
            i = j;
        }
        Doc {
            text,
            sections,
            mentions,
            lex,
            by_clause,
            evidence: Vec::new(),
        }
    }

    /// Records evidence (duplicates are removed once, at the end).
    pub fn cite(&mut self, field: &'static str, span: Span) {
        self.evidence.push(Evidence { field, span });
    }

    /// The evidence, sorted and without duplicates.
    pub fn into_evidence(mut self) -> Vec<Evidence> {
        self.evidence
            .sort_by_key(|e| (e.span.start, e.span.end, e.field));
        self.evidence.dedup();
        self.evidence
    }

    /// The mentions of clause `c`.
    pub fn clause(&self, c: usize) -> &'a [Mention] {
        match self.by_clause.get(c) {
            Some(r) => &self.mentions[r.clone()],
            None => &[],
        }
    }

    pub fn section_of(&self, m: &Mention) -> SectionName {
        self.sections
            .get(m.section)
            .map(|s| s.name)
            .unwrap_or(SectionName::Other)
    }

    pub fn has_section(&self, name: SectionName) -> bool {
        self.sections.iter().any(|s| s.name == name)
    }

    pub fn clause_has_cue(&self, c: usize, cue: Cue) -> bool {
        self.clause(c)
            .iter()
            .any(|m| m.concept() == Some(Concept::Cue(cue)))
    }

    pub fn clause_has(&self, c: usize, f: impl Fn(&Mention) -> bool) -> bool {
        self.clause(c).iter().any(f)
    }

    /// Byte distance from `m` to the nearest mention of clause `m.segment` that `f` accepts.
    pub fn nearest(&self, m: &Mention, f: impl Fn(&Mention) -> bool) -> Option<usize> {
        self.clause(m.segment)
            .iter()
            .filter(|o| o.span != m.span && f(o))
            .map(|o| gap(m.span, o.span))
            .min()
    }

    /// Text between two spans (empty if they overlap or touch).
    pub fn between(&self, a: Span, b: Span) -> &'a str {
        let (x, y) = if a.start <= b.start { (a, b) } else { (b, a) };
        if x.end >= y.start {
            return "";
        }
        self.text.get(x.end..y.start).unwrap_or("")
    }

    /// Up to `n` bytes of text after `span` (cut back to a char boundary).
    pub fn after(&self, span: Span, n: usize) -> &'a str {
        let mut end = (span.end + n).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text.get(span.end..end).unwrap_or("")
    }

    /// Up to `n` bytes of text before `span`.
    pub fn before(&self, span: Span, n: usize) -> &'a str {
        let mut start = span.start.saturating_sub(n);
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        self.text.get(start..span.start).unwrap_or("")
    }
}

/// Bytes between two spans; 0 when they overlap.
pub(crate) fn gap(a: Span, b: Span) -> usize {
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}

pub(crate) fn side_of(m: &Mention) -> Option<SideKind> {
    match m.kind {
        MentionKind::Term(Concept::Side(s)) if s != SideKind::Pseudo => Some(s),
        _ => None,
    }
}

pub(crate) fn sides(kind: SideKind) -> &'static [Side] {
    match kind {
        SideKind::Left => &[Side::Left],
        SideKind::Right => &[Side::Right],
        SideKind::Bilateral => &[Side::Left, Side::Right],
        SideKind::Pseudo => &[],
    }
}

pub(crate) fn is_cue(m: &Mention, cue: Cue) -> bool {
    m.concept() == Some(Concept::Cue(cue))
}

/// `hay` lower-cased (ASCII) contains `needle`, a lower-case ASCII word,
/// without allocating the lower-cased copy.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let n = needle.len();
    n == 0
        || n <= hay.len()
            && hay
                .as_bytes()
                .windows(n)
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `hay` lower-cased (ASCII) starts with `prefix`, a lower-case ASCII word.
pub(crate) fn starts_with_ci(hay: &str, prefix: &str) -> bool {
    hay.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Lower-cased words of a stretch of text (ASCII case; borrowed unless a
/// word has a capital).
pub(crate) fn words(s: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':' | ';'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(w.to_ascii_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_blind_tests_match_lower_casing() {
        let hays = [
            "",
            "E",
            "Epidural",
            "TFESI",
            "café ESI",
            "In The",
            "  ago",
            "Ago.",
            "éAGO",
        ];
        for hay in hays {
            let lc = hay.to_ascii_lowercase();
            for needle in ["", "esi", "epidural", "in the", "ago", "repeat"] {
                assert_eq!(
                    contains_ci(hay, needle),
                    lc.contains(needle),
                    "{hay} {needle}"
                );
                assert_eq!(
                    starts_with_ci(hay, needle),
                    lc.starts_with(needle),
                    "{hay} {needle}"
                );
            }
        }
    }
}
