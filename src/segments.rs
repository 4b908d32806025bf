//! Clause segmentation: sentences (Unicode UAX #29) refined by clinical rules
//! so that context never leaks across list items, lines of a template,
//! semicolons or sections.

use crate::sections::Section;
use crate::span::Span;
use unicode_segmentation::UnicodeSegmentation;

/// True when a line opens a new item: a bullet, a number, a checkbox or a label.
fn opens_item(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        None => true,
        Some('-' | '*' | '•' | '·' | '[' | '(' | '>' | '#' | '□' | '☐' | '☒' | '✓' | '✔') => {
            true
        }
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ")
                || rest.starts_with(") ")
                || rest.starts_with('.') && rest.len() == 1
        }
        Some(_) => {
            // "Label: value" lines of a template.
            t.find(':')
                .is_some_and(|i| i < 32 && t[..i].split_whitespace().count() <= 4)
        }
    }
}

/// A space or a line break: inside a block, line breaks are soft wraps.
fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r')
}

/// Buffers reused across the blocks of one [`split`] call.
#[derive(Default)]
struct Scratch {
    /// The current non-ASCII piece with its line breaks blanked.
    blanked: String,
    /// Sentence bounds `(start, end)` of the current piece.
    bounds: Vec<(usize, usize)>,
}

/// Splits a block of text (soft-wrapped lines) at sentence bounds, semicolons
/// and MTSamples' ".," joints.
fn split_block(text: &str, block: Span, scratch: &mut Scratch, out: &mut Vec<Span>) {
    let b = text[block].as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b';', b',', b'.', b) {
        let cut = match b[i] {
            b';' => true,
            // ".," joins items in MTSamples one-line notes; ",1." opens a list item.
            b',' => {
                i > 0 && b[i - 1] == b'.'
                    || b.get(i + 1).is_some_and(u8::is_ascii_digit) && b.get(i + 2) == Some(&b'.')
            }
            // UAX #29 keeps "uptake. 10 mg dexamethasone" together (a lower-case word
            // follows); in notes a sentence that starts with a number is a new one.
            _ => {
                i > 0
                    && b[i - 1].is_ascii_alphabetic()
                    && b.get(i + 1).is_some_and(|&c| is_blank(c))
                    && {
                        let j = i + 1 + b[i + 1..].iter().take_while(|&&c| is_blank(c)).count();
                        b.get(j).is_some_and(u8::is_ascii_digit)
                    }
            }
        };
        if cut {
            sentences(text, block.start + start, block.start + i + 1, scratch, out);
            start = i + 1;
        }
    }
    sentences(text, block.start + start, block.end, scratch, out);
}

/// UAX #29 sentences of `text[from..to]`, keeping a list number ("1. Tylenol") with its item.
fn sentences(text: &str, from: usize, to: usize, scratch: &mut Scratch, out: &mut Vec<Span>) {
    let Some(piece) = text.get(from..to) else {
        return;
    };
    let bounds = &mut scratch.bounds;
    bounds.clear();
    if piece.is_ascii() {
        // The ASCII rule reads line breaks as the spaces they stand for.
        ascii_sentences(piece, bounds);
    } else {
        // UAX #29 would end a sentence at each line break: segment a copy
        // with them blanked (same byte offsets).
        let blanked = &mut scratch.blanked;
        blanked.clear();
        blanked.extend(piece.chars().map(|c| match c {
            '\n' | '\r' => ' ',
            c => c,
        }));
        bounds.extend(
            blanked
                .split_sentence_bound_indices()
                .map(|(off, sent)| (off, off + sent.len())),
        );
    }
    // The piece being built: a list number absorbs the sentence after it.
    let mut cur: Option<(usize, usize)> = None;
    for &(a, b) in bounds.iter() {
        cur = match cur {
            Some((pstart, pend)) if is_list_number(&piece[pstart..pend]) => Some((pstart, b)),
            Some((pstart, pend)) => {
                push_trimmed(text, Span::new(from + pstart, from + pend), out);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((a, b)) = cur {
        push_trimmed(text, Span::new(from + a, from + b), out);
    }
}

/// Words whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "vs", "etc", "e.g", "i.e", "approx", "st", "no", "fig", "pt", "inc",
    "jr", "sr", "min", "max", "hr", "wk", "wks", "mo", "mos", "yr", "yrs",
];

/// The length of the longest of [`ABBREVIATIONS`].
const ABBREVIATION_MAX: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > max {
            max = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    max
};

/// UAX #29's sentence rule for ASCII text, plus clinical abbreviations: a
/// break after `.`, `!` or `?` (and closing brackets or quotes) and spaces,
/// unless a lower-case word follows, or the period ends an abbreviation or an
/// initial. Pushes `(start, end)` of each sentence, the bounds
/// `split_sentence_bound_indices` gives.
fn ascii_sentences(piece: &str, out: &mut Vec<(usize, usize)>) {
    let b = piece.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr3(b'.', b'!', b'?', &b[i..]) {
        i += p;
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b')' | b'"' | b'\'' | b']') {
            j += 1;
        }
        let k = j + b[j..]
            .iter()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
        if k > j
            && k < b.len()
            && !b[k].is_ascii_lowercase()
            && (b[i] != b'.' || !abbreviated(b, i))
        {
            out.push((start, k));
            start = k;
        }
        i = j;
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
}

/// True when the period at `b[dot]` ends an abbreviation or an initial.
fn abbreviated(b: &[u8], dot: usize) -> bool {
    let word_start = b[..dot]
        .iter()
        .rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'.'))
        .map_or(0, |p| p + 1);
    let word = &b[word_start..dot];
    let initial = word.len() == 1 && word[0].is_ascii_uppercase();
    initial
        || word.len() <= ABBREVIATION_MAX
            && ABBREVIATIONS
                .iter()
                .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
}

fn is_list_number(piece: &str) -> bool {
    let t = piece.trim();
    t.len() >= 2 && t.ends_with('.') && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit())
}

/// The longest clause kept whole. Real sentences are far shorter; the cap
/// keeps every per-clause step bounded on pathological input (a 50 MB line).
const MAX_CLAUSE: usize = 1024;

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = &text[span];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    let (mut start, end) = (span.start + lead, span.end - trail);
    while end - start > MAX_CLAUSE {
        // Cut at the last space before the cap (or at the cap, on a char boundary).
        let mut cut = start + MAX_CLAUSE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(sp) = text[start..cut].rfind(char::is_whitespace) {
            if sp > 0 {
                cut = start + sp;
            }
        }
        out.push(Span::new(start, cut));
        start = cut;
        while start < end && text.as_bytes()[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    if start < end {
        out.push(Span::new(start, end));
    }
}

/// Clauses of every section body, in note order.
pub(crate) fn split(text: &str, sections: &[Section]) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 48 + 8);
    let mut scratch = Scratch::default();
    for sec in sections {
        if let Some(h) = sec.header {
            push_trimmed(text, h, &mut out);
        }
        let body = &text[sec.body];
        let mut block_start = sec.body.start;
        let mut pos = sec.body.start;
        let mut prev_line: &str = "";
        for line in body.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if pos > block_start {
                let prev = prev_line.trim_end();
                let soft_wrap = prev.len() >= 40
                    && !prev.ends_with(['.', ':', ';', '!', '?'])
                    && !opens_item(content)
                    && !content.trim().is_empty();
                if !soft_wrap {
                    split_block(text, Span::new(block_start, pos), &mut scratch, &mut out);
                    block_start = pos;
                }
            }
            prev_line = content;
            pos += line.len();
        }
        if pos > block_start {
            split_block(text, Span::new(block_start, pos), &mut scratch, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::SectionName;

    fn clauses(text: &str) -> Vec<&str> {
        let all = Span::new(0, text.len());
        let sec = Section {
            name: SectionName::Other,
            span: all,
            header: None,
            body: all,
        };
        split(text, &[sec]).into_iter().map(|s| &text[s]).collect()
    }

    #[test]
    fn list_items_and_semicolons_split() {
        assert_eq!(
            clauses("Denies fever\n- leg pain\n- numbness"),
            ["Denies fever", "- leg pain", "- numbness"]
        );
        assert_eq!(
            clauses("No leg pain; positive SLR on the right."),
            ["No leg pain;", "positive SLR on the right."]
        );
        assert_eq!(
            clauses("MEDS:,1. Tylenol.,2. Norco."),
            ["MEDS:,", "1. Tylenol.,", "2. Norco."]
        );
    }

    #[test]
    fn wrapped_lines_join() {
        let t = "The patient reports pain that radiates down the\nposterior left thigh to the calf.\nNo bowel changes.";
        assert_eq!(clauses(t), ["The patient reports pain that radiates down the\nposterior left thigh to the calf.", "No bowel changes."]);
    }
}
