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
//!
//! The note is read 64 bytes at a time as bit masks of word ends and of
//! bytes that start a punctuation-first literal, so runs of bytes that can
//! start nothing cost no branch. Groups come out by start, each longest
//! literal first: the order the longest-match pass needs, so it runs as the
//! matches are found.

use crate::lexicon::{Concept, Lexicons};
use crate::span::Span;
use crate::vocab::SectionName;

/// One distinct literal and the concepts it stands for.
#[derive(Debug, Clone)]
struct Pattern {
    literal: String,
    /// Header sections, in lexicon order.
    headers: Vec<SectionName>,
    /// The other concepts, in lexicon order, each with whether it is matched
    /// case-sensitively.
    terms: Vec<(Concept, bool)>,
    /// Some concept of `terms` is case-sensitive.
    case_sensitive: bool,
    word_end: bool,
}

/// A literal to verify where its first word or first byte was found.
#[derive(Debug, Clone, Copy)]
struct Cand {
    /// The eight literal bytes after the ones its group shares (the first
    /// word, or the first byte), ASCII lower case, zero past the literal's
    /// end; `mask` keeps the bytes that are the literal's.
    next: u64,
    mask: u64,
    /// Index into `TermMatcher::patterns`.
    pattern: u32,
    /// Byte length of the literal.
    len: u32,
}

/// Open-addressing table from a first word (ASCII lower case) to its
/// candidates, a range of `TermMatcher::cands`.
#[derive(Debug, Clone)]
struct WordTable {
    /// Per slot, the first eight bytes of its key, zero past its end (so,
    /// for a key of at most eight bytes, the whole key: word bytes are never
    /// zero); 0 for an empty slot. A power of two long.
    heads: Vec<u64>,
    /// The rest of each slot.
    slots: Vec<WordSlot>,
    /// Bytes 8.. of the keys longer than eight bytes.
    tails: Vec<u8>,
    /// `hash_word >> shift` is a slot index.
    shift: u32,
}

/// One first word and its candidates.
#[derive(Debug, Clone, Copy, Default)]
struct WordSlot {
    len: u32,
    /// Where bytes 8.. of the key start in `WordTable::tails`.
    tail: u32,
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
    /// Whether `gaps` has candidates for each byte.
    gap_start: [bool; 256],
    any_gap: bool,
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
    ((1u128 << (8 * n.min(8))) - 1) as u64
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

/// The high bits of eight bytes (as from `word_bytes8`) gathered into bits 0..8.
#[inline(always)]
fn gather8(high: u64) -> u64 {
    // Each product term lands on its own bit; bit 7 + 8k moves to 56 + k.
    ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// One bit per byte of a 64-byte block: set for the word bytes.
#[inline(always)]
fn word_mask(block: &[u8; 64]) -> u64 {
    let mut w = 0;
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        w |= gather8(word_bytes8(x)) << (8 * k);
    }
    w
}

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

/// The table hash of the word `bytes[s..s + len]` (any ASCII case), whose
/// first eight bytes, lower case and zero past its end, are `head`.
#[inline(always)]
fn hash_word(bytes: &[u8], s: usize, len: usize, head: u64) -> u64 {
    let mut h = head.wrapping_mul(HASH_K);
    let mut at = 8;
    while at < len {
        let x = lower8(load8(bytes, s + at)) & lanes(len - at);
        h = (h.rotate_left(26) ^ x).wrapping_mul(HASH_K);
        at += 8;
    }
    h
}

impl WordTable {
    fn new(groups: Vec<(Vec<u8>, (u32, u32))>) -> WordTable {
        let size = (groups.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            heads: vec![0; size],
            slots: vec![WordSlot::default(); size],
            tails: Vec::new(),
            shift: 64 - size.trailing_zeros(),
        };
        for (key, cands) in groups {
            let head = load8(&key, 0);
            let mut i = (hash_word(&key, 0, key.len(), head) >> table.shift) as usize;
            while table.heads[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            table.heads[i] = head;
            table.slots[i] = WordSlot {
                len: key.len() as u32,
                tail: table.tails.len() as u32,
                cands,
            };
            table.tails.extend_from_slice(key.get(8..).unwrap_or(&[]));
        }
        table
    }

    /// The candidate range of the word `bytes[s..s + len]` (any ASCII case).
    #[inline(always)]
    fn get(&self, bytes: &[u8], s: usize, len: usize) -> Option<(u32, u32)> {
        let head = lower8(load8(bytes, s)) & lanes(len);
        let mask = self.heads.len() - 1;
        let mut i = (hash_word(bytes, s, len, head) >> self.shift) as usize;
        loop {
            i &= mask;
            let h = self.heads[i];
            if h == head {
                // Heads of words shorter than eight bytes give their length.
                let e = &self.slots[i];
                if len < 8 {
                    return Some(e.cands);
                }
                let t = e.tail as usize;
                if e.len as usize == len
                    && self.tails[t..t + len - 8].eq_ignore_ascii_case(&bytes[s + 8..s + len])
                {
                    return Some(e.cands);
                }
            } else if h == 0 {
                return None;
            }
            i += 1;
        }
    }
}

/// The hits found so far, and where the last term kept ends.
struct Emit<'a> {
    bytes: &'a [u8],
    hits: TermHits,
    last_end: usize,
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
                    headers: Vec::new(),
                    terms: Vec::new(),
                    case_sensitive: false,
                    word_end: bytes.last().is_some_and(|b| is_word_byte(*b)),
                });
                patterns.len() - 1
            });
            let p = &mut patterns[i];
            match term.concept {
                Concept::Header(section) => p.headers.push(section),
                concept => {
                    p.terms.push((concept, term.case_sensitive));
                    p.case_sensitive |= term.case_sensitive;
                }
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
                let mask = lanes(lit.len() - known);
                cands.push(Cand {
                    next: lower8(load8(lit, known)) & mask,
                    mask,
                    pattern: i,
                    len: lit.len() as u32,
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
        let mut gap_start = [false; 256];
        for (b, group) in by_byte.iter_mut().enumerate() {
            if !group.is_empty() {
                gaps[b] = push_group(group, 1);
                gap_start[b] = true;
            }
        }
        TermMatcher {
            patterns,
            cands,
            words: WordTable::new(groups),
            max_word,
            gaps,
            gap_start,
            any_gap: gap_start.contains(&true),
        }
    }

    pub(crate) fn find(&self, text: &str) -> TermHits {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut out = Emit {
            bytes,
            hits: TermHits::default(),
            last_end: 0,
        };
        if self.cands.is_empty() {
            return out.hits;
        }
        let mut pad = [0u8; 64];
        // Whether the byte before the block is a word byte, and where the
        // last word that began before the block began.
        let mut carry = 0u64;
        let mut word_start = 0;
        let mut base = 0;
        // A zero block past a note that fills its last block ends its last word.
        while base <= n {
            let (block, valid) = match bytes.get(base..base + 64) {
                Some(b) => (b.try_into().unwrap_or(&pad), !0),
                None => {
                    pad = [0; 64];
                    pad[..n - base].copy_from_slice(&bytes[base..]);
                    (&pad, (1u64 << (n - base)) - 1)
                }
            };
            let w = word_mask(block);
            let before = (w << 1) | carry;
            let starts = w & !before;
            // Padding is non-word: only the byte just past the note can end a word there.
            let ends = !w & before;
            let mut gap = 0;
            if self.any_gap {
                let mut other = !w & valid;
                while other != 0 {
                    let off = other.trailing_zeros();
                    other &= other - 1;
                    gap |= (self.gap_start[block[off as usize] as usize] as u64) << off;
                }
            }
            let mut events = ends | gap;
            while events != 0 {
                let off = events.trailing_zeros() as usize;
                let bit = 1u64 << off;
                events &= events - 1;
                if ends & bit != 0 {
                    let earlier = starts & (bit - 1);
                    let s = if earlier != 0 {
                        base + 63 - earlier.leading_zeros() as usize
                    } else {
                        word_start
                    };
                    let len = base + off - s;
                    if len <= self.max_word {
                        if let Some(range) = self.words.get(bytes, s, len) {
                            self.try_group(&mut out, s, len, range);
                        }
                    }
                }
                if gap & bit != 0 {
                    let s = base + off;
                    let (lo, hi) = self.gaps[bytes[s] as usize & 127];
                    self.try_group(&mut out, s, 1, (lo, hi));
                }
            }
            if starts != 0 {
                word_start = base + 63 - starts.leading_zeros() as usize;
            }
            carry = w >> 63;
            base += 64;
        }
        debug_assert!(out
            .hits
            .headers
            .is_sorted_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end))));
        out.hits
    }

    /// Verifies the candidates `range`, whose first `k` bytes match at `s`,
    /// longest first, and emits the ones that match.
    #[inline(always)]
    fn try_group(&self, out: &mut Emit, s: usize, k: usize, (lo, hi): (u32, u32)) {
        let bytes = out.bytes;
        let n = bytes.len();
        let next = lower8(load8(bytes, s + k));
        for c in &self.cands[lo as usize..hi as usize] {
            let e = s + c.len as usize;
            if e > n || next & c.mask != c.next {
                continue;
            }
            let p = &self.patterns[c.pattern as usize];
            // Inside a kept term only headers can still come out.
            let term = s >= out.last_end && !p.terms.is_empty();
            if !term && p.headers.is_empty() {
                continue;
            }
            let lit = p.literal.as_bytes();
            if e > s + k + 8 && !bytes[s + k + 8..e].eq_ignore_ascii_case(&lit[k + 8..]) {
                continue;
            }
            if p.word_end && e < n && is_word_byte(bytes[e]) {
                continue;
            }
            // `s` is a char boundary (a word start follows an ASCII byte or
            // the note's start; a gap start is ASCII) and `bytes[s..e]` is
            // the literal up to ASCII case, so `e` is one too.
            let span = Span::new(s, e);
            for &section in &p.headers {
                out.hits.headers.push(HeaderHit { span, section });
            }
            if term {
                let exact = p.case_sensitive && &bytes[s..e] == lit;
                let before = out.hits.terms.len();
                for &(concept, case_sensitive) in &p.terms {
                    if !case_sensitive || exact {
                        out.hits.terms.push((span, concept));
                    }
                }
                if out.hits.terms.len() > before {
                    out.last_end = e;
                }
            }
        }
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
                for &section in &p.headers {
                    hits.headers.push(HeaderHit {
                        span: Span::new(s, e),
                        section,
                    });
                }
                if !p.terms.is_empty() {
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
                for &(c, case_sensitive) in &p.terms {
                    if case_sensitive && !exact {
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
        let mut block = [b' '; 64];
        for (i, b) in block.iter_mut().enumerate() {
            if i % 3 == 0 || i % 7 == 0 || i > 60 {
                *b = [b'a', b'Z', b'5', 0xc3][i % 4];
            }
        }
        let w = word_mask(&block);
        for (i, &b) in block.iter().enumerate() {
            assert_eq!(w >> i & 1 == 1, is_word_byte(b), "byte {i}");
        }
        let long = b"ABCDEFGHIJklmnopQ";
        let head = lower8(load8(long, 0));
        assert_eq!(
            hash_word(long, 0, 17, head),
            hash_word(b"abcdefghijklmnopq.", 0, 17, head)
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

    /// Checks every note of `dir`; an optional `dir` without notes is skipped.
    fn check_dir(dir: &str, required: bool) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = txt_files(&root.join(dir));
        if paths.is_empty() {
            assert!(!required, "{dir}: no notes");
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

    /// Required wherever `../shared` is beside the repository (as in CI).
    #[test]
    fn same_hits_as_automaton_on_mtsamples() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        check_dir("../shared/corpora/mtsamples", shared.is_dir());
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
