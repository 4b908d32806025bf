//! Lexicon matching: every term of every lexicon file, with word-boundary and
//! case checks and a longest-match policy, in one pass over the note's words.
//!
//! A literal that starts with a word byte can only match where a word of the
//! note starts, and its first word (its leading run of word bytes) must then
//! be that whole note word: either the literal goes on with a non-word byte
//! there (ASCII case folding keeps a byte's class), or its own word-end check
//! asks the note word to end there. So each note word is looked up (ASCII case
//! folded) in a table of first words, and only the literals under it are
//! compared, eight bytes at a time. A literal that starts with a non-word byte
//! is tried at every such byte of the note through a table indexed by that
//! byte. One-letter words ("L", "R", SOAP's "S:") are words like any other.

use crate::lexicon::{Concept, Lexicons};
use crate::span::Span;
use crate::vocab::SectionName;

/// One distinct literal and the concepts it stands for.
#[derive(Debug, Clone)]
struct Pattern {
    literal: String,
    /// (concept, matched case-sensitively)
    concepts: Vec<(Concept, bool)>,
    word_end: bool,
    header_only: bool,
}

/// A literal to verify where its first word or first byte was found.
#[derive(Debug, Clone, Copy)]
struct Cand {
    /// Index into `TermMatcher::patterns`.
    pattern: u32,
    /// Byte length of the literal.
    len: u32,
    /// The eight literal bytes after the ones its group shares (the first
    /// word, or the first byte), ASCII lower case, zero past the literal's
    /// end; `mask` keeps the bytes that are the literal's.
    next: u64,
    mask: u64,
}

/// Open-addressing table from a first word (ASCII lower case) to its
/// candidates, a range of `TermMatcher::cands`.
#[derive(Debug, Clone, Default)]
struct WordTable {
    /// `entries` index + 1 per slot, 0 for an empty slot; a power of two long.
    slots: Vec<u32>,
    entries: Vec<WordEntry>,
}

/// One first word and its candidates.
#[derive(Debug, Clone)]
struct WordEntry {
    hash: u64,
    /// The first eight bytes of `key`, zero past its end.
    head: u64,
    key: Box<[u8]>,
    cands: (u32, u32),
}

/// The compiled term matcher.
#[derive(Debug, Clone)]
pub(crate) struct TermMatcher {
    patterns: Vec<Pattern>,
    /// Every candidate; each group (by first word or first byte) longest literal first.
    cands: Vec<Cand>,
    words: WordTable,
    /// Length of the longest first word: longer note words match nothing.
    max_word: usize,
    /// Candidates of the literals that start with each non-word (ASCII) byte.
    gaps: [(u32, u32); 128],
}

/// A header candidate: where a section-header variant matched.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct HeaderHit {
    pub span: Span,
    pub section: SectionName,
}

/// What one pass over the note finds.
#[derive(Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) struct TermHits {
    /// Header variants anywhere (sections decide which are headers).
    pub headers: Vec<HeaderHit>,
    /// Non-overlapping concept matches, longest first, in note order.
    pub terms: Vec<(Span, Concept)>,
}

/// `is_word_byte` for every byte.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b >= 0x80;
        b += 1;
    }
    t
};

fn is_word_byte(b: u8) -> bool {
    WORD[b as usize]
}

/// Up to eight bytes from `at` as a little-endian word, zero past the end.
#[inline(always)]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or([0; 8])),
        None => {
            let mut buf = [0u8; 8];
            let tail = bytes.get(at..).unwrap_or(&[]);
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// A mask of the first `n` bytes of a word (all eight from 8 on).
#[inline(always)]
fn lanes(n: usize) -> u64 {
    if n >= 8 {
        !0
    } else {
        (1u64 << (8 * n)) - 1
    }
}

/// ASCII lower case of eight bytes at once (bytes >= 0x80 are left alone).
#[inline(always)]
fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, with the high bit cleared so no sum carries into the next:
    // the high bit of `ge_a` says >= 'A', that of `gt_z` says > 'Z'.
    let low = x & !HIGH;
    let ge_a = low + ONES * (0x80 - b'A' as u64);
    let gt_z = low + ONES * (0x80 - b'Z' as u64 - 1);
    let upper = ge_a & !gt_z & !x & HIGH;
    x | (upper >> 2)
}

/// The high bit of each of eight bytes that is a word byte (`is_word_byte`).
#[inline(always)]
fn word_bytes8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of `v + (0x80 - c)` says v >= c, for v <= 0x7f.
    let ge = |v: u64, c: u8| v + ONES * (0x80 - c as u64);
    let low = x & !HIGH;
    let digit = ge(low, b'0') & !ge(low, b'9' + 1);
    let folded = low | (ONES * 0x20);
    let letter = ge(folded, b'a') & !ge(folded, b'z' + 1);
    (digit | letter | x) & HIGH
}

/// The end of the word starting at `s` (`bytes[s]` a word byte) and the hash
/// of its ASCII lower case (FxHash-style, eight bytes at a time).
#[inline(always)]
fn scan_word(bytes: &[u8], s: usize) -> (usize, u64) {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mix = |h: u64, x: u64| (h.rotate_left(26) ^ lower8(x)).wrapping_mul(K);
    let mut h = 0;
    let mut at = s;
    loop {
        let x = load8(bytes, at);
        // Past the end `load8` reads zeros, which are not word bytes.
        let stop = !word_bytes8(x) & 0x8080_8080_8080_8080;
        if stop != 0 {
            let t = stop.trailing_zeros() as usize / 8;
            h = mix(h, x & lanes(t));
            at += t;
            break;
        }
        h = mix(h, x);
        at += 8;
    }
    (at, h ^ (h >> 29))
}

impl WordTable {
    fn new(groups: Vec<(Vec<u8>, (u32, u32))>) -> WordTable {
        let size = (groups.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![0; size],
            entries: Vec::with_capacity(groups.len()),
        };
        for (key, cands) in groups {
            let hash = scan_word(&key, 0).1;
            let mut i = hash as usize & (size - 1);
            while table.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            table.entries.push(WordEntry {
                hash,
                head: load8(&key, 0),
                key: key.into_boxed_slice(),
                cands,
            });
            table.slots[i] = table.entries.len() as u32;
        }
        table
    }

    /// The candidate range of the word `bytes[s..end]` (any ASCII case),
    /// whose `scan_word` hash is `hash`.
    fn get(&self, bytes: &[u8], s: usize, end: usize, hash: u64) -> Option<(u32, u32)> {
        let mask = self.slots.len().wrapping_sub(1);
        if self.entries.is_empty() {
            return None;
        }
        let len = end - s;
        let head = lower8(load8(bytes, s)) & lanes(len);
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return None;
            }
            let e = &self.entries[slot as usize - 1];
            if e.hash == hash
                && e.head == head
                && e.key.len() == len
                && (len <= 8 || e.key[8..].eq_ignore_ascii_case(&bytes[s + 8..end]))
            {
                return Some(e.cands);
            }
            i = (i + 1) & mask;
        }
    }
}

impl TermMatcher {
    /// Compiles the matcher.
    pub(crate) fn new(lex: &Lexicons) -> TermMatcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for term in &lex.terms {
            let key = term.literal.to_ascii_lowercase();
            let i = *index.entry(key).or_insert_with(|| {
                let bytes = term.literal.as_bytes();
                patterns.push(Pattern {
                    literal: term.literal.clone(),
                    concepts: Vec::new(),
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
        // Group the literals by first word (or first non-word byte).
        let mut by_word: std::collections::HashMap<Vec<u8>, Vec<u32>> =
            std::collections::HashMap::new();
        let mut by_byte: Vec<Vec<u32>> = vec![Vec::new(); 128];
        for (i, p) in patterns.iter().enumerate() {
            let b = p.literal.as_bytes();
            match b.first() {
                // The lexicon loader refuses empty literals; one in a
                // hand-built `Lexicons` matches nothing.
                None => {}
                Some(&f) if is_word_byte(f) => {
                    let n = b.iter().position(|&c| !is_word_byte(c)).unwrap_or(b.len());
                    by_word
                        .entry(b[..n].to_ascii_lowercase())
                        .or_default()
                        .push(i as u32);
                }
                Some(&f) => by_byte[f as usize].push(i as u32),
            }
        }
        let mut cands: Vec<Cand> = Vec::with_capacity(patterns.len());
        let mut push_group = |group: &mut Vec<u32>, known: usize| {
            // Longest first, so matches at one start come out longest first.
            group.sort_by_key(|&i| (std::cmp::Reverse(patterns[i as usize].literal.len()), i));
            let start = cands.len() as u32;
            for &i in group.iter() {
                let lit = patterns[i as usize].literal.as_bytes();
                let rest = lit.len() - known;
                let mask = lanes(rest);
                cands.push(Cand {
                    pattern: i,
                    len: lit.len() as u32,
                    next: lower8(load8(lit, known)) & mask,
                    mask,
                });
            }
            (start, cands.len() as u32)
        };
        let mut words: Vec<(Vec<u8>, Vec<u32>)> = by_word.into_iter().collect();
        words.sort();
        let max_word = words.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
        let mut groups = Vec::with_capacity(words.len());
        for (w, mut group) in words {
            let range = push_group(&mut group, w.len());
            groups.push((w, range));
        }
        let mut gaps = [(0u32, 0u32); 128];
        for (b, group) in by_byte.iter_mut().enumerate() {
            if !group.is_empty() {
                gaps[b] = push_group(group, 1);
            }
        }
        TermMatcher {
            patterns,
            cands,
            words: WordTable::new(groups),
            max_word,
            gaps,
        }
    }

    pub(crate) fn find(&self, text: &str) -> TermHits {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut hits = TermHits::default();
        if self.patterns.is_empty() {
            return hits;
        }
        // (start, end, pattern) of every match that passes the boundary checks.
        let mut cands: Vec<(usize, usize, u32)> = Vec::with_capacity(n / 16 + 8);
        let mut i = 0;
        while i < n {
            // A group of candidates whose first `k` bytes match at `s`.
            let s = i;
            let (k, (lo, hi)) = if is_word_byte(bytes[i]) {
                let (end, hash) = scan_word(bytes, s);
                i = end;
                if i - s > self.max_word {
                    continue;
                }
                match self.words.get(bytes, s, i, hash) {
                    Some(range) => (i - s, range),
                    None => continue,
                }
            } else {
                i += 1;
                match self.gaps[bytes[s] as usize] {
                    (lo, hi) if lo < hi => (1, (lo, hi)),
                    _ => continue,
                }
            };
            let next = lower8(load8(bytes, s + k));
            for c in &self.cands[lo as usize..hi as usize] {
                let e = s + c.len as usize;
                if e > n || next & c.mask != c.next {
                    continue;
                }
                let p = &self.patterns[c.pattern as usize];
                let lit = p.literal.as_bytes();
                if e > s + k + 8 && !bytes[s + k + 8..e].eq_ignore_ascii_case(&lit[k + 8..]) {
                    continue;
                }
                if p.word_end && e < n && is_word_byte(bytes[e]) {
                    continue;
                }
                if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    continue;
                }
                for (concept, _) in &p.concepts {
                    if let Concept::Header(section) = concept {
                        hits.headers.push(HeaderHit {
                            span: Span::new(s, e),
                            section: *section,
                        });
                    }
                }
                if !p.header_only {
                    cands.push((s, e, c.pattern));
                }
            }
        }
        hits.headers
            .sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        // One pattern per span (literals are distinct under ASCII case
        // folding), so the order is total; the scan already gives it.
        cands.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut last_end = 0;
        for (s, e, pi) in cands {
            if s < last_end {
                continue;
            }
            let p = &self.patterns[pi as usize];
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

#[cfg(test)]
mod tests {
    //! The matcher against the Aho-Corasick pass it replaced, kept here as
    //! the reference: both must give the same `TermHits` on every input.

    use super::*;
    use crate::vocab::{Cue, SideKind};
    use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
    use once_cell::sync::Lazy;
    use proptest::prelude::*;

    /// The former matcher: one overlapping ASCII-case-insensitive automaton
    /// over every literal but the one-letter words, which a word scan finds.
    struct Reference {
        m: TermMatcher,
        ac: AhoCorasick,
        ac_index: Vec<usize>,
        singles: [usize; 128],
    }

    impl Reference {
        fn new(lex: &Lexicons) -> Reference {
            let m = TermMatcher::new(lex);
            let mut singles = [usize::MAX; 128];
            let mut in_ac: Vec<&[u8]> = Vec::new();
            let mut ac_index = Vec::new();
            for (i, p) in m.patterns.iter().enumerate() {
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
                .build(in_ac)
                .unwrap();
            Reference {
                m,
                ac,
                ac_index,
                singles,
            }
        }

        fn find(&self, text: &str) -> TermHits {
            let bytes = text.as_bytes();
            let mut cands: Vec<(usize, usize, usize)> = Vec::new();
            let mut hits = TermHits::default();
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
            let found = self
                .ac
                .find_overlapping_iter(bytes)
                .map(|m| (m.start(), m.end(), self.ac_index[m.pattern().as_usize()]));
            for (s, e, pi) in found.chain(singles) {
                let p = &self.m.patterns[pi];
                let word_start = p
                    .literal
                    .as_bytes()
                    .first()
                    .is_some_and(|b| is_word_byte(*b));
                if word_start && s > 0 && is_word_byte(bytes[s - 1]) {
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
                let p = &self.m.patterns[pi];
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

        /// Asserts both matchers agree on `text`; returns the hit count.
        fn check(&self, what: &str, text: &str) -> usize {
            let old = self.find(text);
            let new = self.m.find(text);
            // Report where they part, never the note text.
            assert_eq!(old.headers, new.headers, "{what}: headers differ");
            assert_eq!(old.terms, new.terms, "{what}: terms differ");
            old.headers.len() + old.terms.len()
        }
    }

    #[test]
    fn eight_byte_helpers_agree_with_byte_by_byte() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                // The byte among neighbours that could carry into it.
                for fill in [0u8, 0x7f, 0x80, 0xff, b'Z', b'9'] {
                    let mut v = [fill; 8];
                    v[lane] = b;
                    let x = u64::from_le_bytes(v);
                    let word = word_bytes8(x).to_le_bytes();
                    let lower = lower8(x).to_le_bytes();
                    for j in 0..8 {
                        assert_eq!(word[j] == 0x80, is_word_byte(v[j]), "{b:#x} lane {lane}");
                        assert_eq!(word[j] & 0x7f, 0);
                        assert_eq!(lower[j], v[j].to_ascii_lowercase(), "{b:#x} lane {lane}");
                    }
                }
            }
        }
        let text = b"Ab1\xc3\xa9-cD";
        assert_eq!(scan_word(text, 0).0, 5);
        assert_eq!(scan_word(text, 6).0, 8);
        assert_eq!(scan_word(b"abcdefghijKLMNOPq r", 0).0, 17);
        assert_eq!(
            scan_word(b"ABCDEFGHIJklmnopQ", 0),
            scan_word(b"abcdefghijklmnopq.", 0)
        );
    }

    static EMBEDDED: Lazy<Reference> = Lazy::new(|| Reference::new(&Lexicons::default()));

    fn txt_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut paths: Vec<_> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        paths
    }

    fn check_dir(dir: &str, required: bool) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = txt_files(&root.join(dir));
        if paths.is_empty() {
            assert!(!required, "{dir}: no notes");
            eprintln!("{dir}: absent, skipped");
            return;
        }
        let mut total = 0;
        for p in &paths {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
            let name = p.file_name().unwrap().to_string_lossy();
            total += EMBEDDED.check(&name, &text);
            // CRLF and upper case change what the case and boundary checks see.
            total += EMBEDDED.check(&name, &text.replace('\n', "\r\n"));
            total += EMBEDDED.check(&name, &text.to_uppercase());
        }
        assert!(total > 0, "{dir}: no hits at all");
    }

    #[test]
    fn same_hits_as_automaton_on_dev_corpus() {
        check_dir("corpora/dev", true);
    }

    #[test]
    fn same_hits_as_automaton_on_examples() {
        check_dir("examples/notes", true);
    }

    #[test]
    fn same_hits_as_automaton_on_mtsamples() {
        check_dir("../shared/corpora/mtsamples", false);
    }

    #[test]
    fn same_hits_as_automaton_on_edge_cases() {
        for text in [
            "",
            "L",
            "l5 L S1 s r",
            "Procedure:Procedure: PROCEDURE",
            "\u{e9}L5 L\u{e9} \u{2610} [x] no [x]no [ ] ( )",
            "a\u{300} -> \u{2192}, and, then",
        ] {
            EMBEDDED.check("edge case", text);
        }
    }

    /// Every literal of the embedded lexicons, for word soups.
    static LITERALS: Lazy<Vec<String>> = Lazy::new(|| {
        let mut v: Vec<String> = EMBEDDED
            .m
            .patterns
            .iter()
            .map(|p| p.literal.clone())
            .collect();
        v.extend(
            [
                " ", " ", "\n", "\r\n", ".", ",", ":", "-", "/", "(", ")", "[", "]", "x",
            ]
            .map(String::from),
        );
        v.extend(["\u{e9}", "\u{2013}", "\u{2610}", "\u{300}", "L", "S", "r"].map(String::from));
        v
    });

    fn mutate(s: &str, how: u8) -> String {
        match how % 8 {
            0 => s.to_uppercase(),
            1 => s.to_ascii_uppercase(),
            2 => s
                .chars()
                .take(s.chars().count().saturating_sub(1))
                .collect(),
            3 => s.chars().skip(1).collect(),
            4 => format!("{s}\u{e9}"),
            5 => s.replace(' ', ""),
            _ => s.to_string(),
        }
    }

    /// A small lexicon of literals from a tiny alphabet, so they overlap,
    /// nest and share first words; every third is case-sensitive, some are
    /// headers, some carry two concepts.
    fn small_lexicon(literals: &[String]) -> Lexicons {
        let mut lex = Lexicons::none();
        for (i, l) in literals.iter().enumerate() {
            let case_sensitive = i % 3 == 1;
            let literal = if case_sensitive {
                l.clone()
            } else {
                l.to_lowercase()
            };
            let concepts = match i % 5 {
                0 => vec![Concept::Header(SectionName::Plan)],
                1 => vec![
                    Concept::Header(SectionName::Procedure),
                    Concept::Cue(Cue::Target),
                ],
                2 => vec![Concept::Side(SideKind::Left), Concept::Cue(Cue::Pre)],
                3 => vec![
                    Concept::Header(SectionName::Imaging),
                    Concept::Header(SectionName::Other),
                ],
                _ => vec![Concept::Side(SideKind::Right)],
            };
            for concept in concepts {
                lex.terms.push(crate::lexicon::Term {
                    literal: literal.clone(),
                    case_sensitive,
                    concept,
                });
            }
        }
        lex
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn same_hits_as_automaton_on_arbitrary_strings(text in any::<String>()) {
            EMBEDDED.check("arbitrary string", &text);
        }

        #[test]
        fn same_hits_as_automaton_on_word_soups(
            picks in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..200),
        ) {
            let text: String = picks
                .iter()
                .map(|(i, how)| mutate(i.get::<String>(&LITERALS), *how))
                .collect();
            EMBEDDED.check("word soup", &text);
        }

        #[test]
        fn same_hits_as_automaton_with_small_lexicons(
            literals in proptest::collection::vec("[aAbB1 .\\-\u{e9}\u{c9}\u{300}]{1,12}", 1..12),
            texts in proptest::collection::vec("[aAbB1 .\\-\u{e9}\u{c9}\u{300}]{0,60}", 1..8),
        ) {
            let r = Reference::new(&small_lexicon(&literals));
            for t in &texts {
                r.check("small lexicon", t);
            }
        }
    }
}
