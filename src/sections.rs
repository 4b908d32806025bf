//! Section detection: split a note at its headers into canonically named sections.
//!
//! A header is a variant from `lexicons/sections.tsv` (or an unknown run of
//! capitals) that sits where headers sit: at a line start, after optional
//! numbering or a bullet, or after a comma (MTSamples' `,HEADER:,` style),
//! and that is followed by a colon or ends its line. Text before the first
//! header is an `other` section.

use crate::span::Span;
use crate::terms::HeaderHit;
use crate::vocab::SectionName;
use serde::Serialize;

/// One section of a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Canonical name.
    pub name: SectionName,
    /// From the header's start (or the note's) to the next header.
    #[serde(flatten)]
    pub span: Span,
    /// The header text, with its colon, when there is one.
    pub header: Option<Span>,
    /// The content after the header.
    #[serde(skip)]
    pub body: Span,
}

/// Where a header candidate ends once its colon (and a MTSamples comma) is taken.
fn header_end(bytes: &[u8], end: usize) -> Option<usize> {
    let mut i = end;
    // "[PROCEDURE]" and "**Plan**" style headers.
    while i < bytes.len() && matches!(bytes[i], b']' | b'*' | b'_') {
        i += 1;
    }
    let end = i;
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b':') => {
            i += 1;
            // MTSamples writes "HEADER:," — the comma belongs to the header.
            let mut j = i;
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if bytes.get(j) == Some(&b',') {
                i = j + 1;
            }
            Some(i)
        }
        // Dot leaders: "Procedure ........ Transforaminal ..."
        Some(b'.') if bytes[i..].iter().take_while(|b| **b == b'.').count() >= 3 => {
            while i < bytes.len() && matches!(bytes[i], b'.' | b' ' | b'\t' | b':') {
                i += 1;
            }
            Some(i)
        }
        None | Some(b'\n') | Some(b'\r') => Some(end),
        _ => None,
    }
}

/// True when the header's colon is followed by a comma (MTSamples' "HEADER:,").
fn colon_comma(bytes: &[u8], body: usize) -> bool {
    body > 0 && bytes[body - 1] == b','
}

/// True when `start` begins a line, allowing numbering ("1.", "2)", "IV."),
/// bullets and whitespace before it.
fn at_line_start(bytes: &[u8], start: usize) -> bool {
    let mut i = start;
    while i > 0 {
        let b = bytes[i - 1];
        if b == b'\n' || b == b'\r' {
            return true;
        }
        if !(b == b' '
            || b == b'\t'
            || b.is_ascii_digit()
            || matches!(
                b,
                b'.' | b')' | b'-' | b'*' | b'#' | b'>' | b'[' | b']' | b'I' | b'V' | b'X'
            ))
        {
            // Bullets like "•" are multi-byte: accept their bytes too.
            if b < 0x80 {
                return false;
            }
        }
        i -= 1;
    }
    true
}

fn is_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// After a comma or a sentence end with spaces, as in MTSamples' one-line notes.
fn after_inline_break(bytes: &[u8], start: usize) -> bool {
    let mut i = start;
    while i > 0 && bytes[i - 1] == b' ' {
        i -= 1;
    }
    i > 0 && matches!(bytes[i - 1], b',' | b'.' | b';')
}

/// Strips leading numbering ("1. ", "2) ", "IV. ") and bullets from a line.
fn strip_numbering(line: &str) -> &str {
    let t = line.trim_start();
    let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X'));
    if rest.len() < t.len() && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return rest[1..].trim_start();
    }
    t.trim_start_matches(['-', '*', '•', '#', '[']).trim_start()
}

fn header_words(head: &str) -> bool {
    // Cheapest tests first: most lines are long or have a lower-case letter.
    head.len() <= 48
        && is_caps(head)
        && head
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '&' | '-' | '\''))
        && (1..=6).contains(&head.split_whitespace().count())
}

/// Where a dot leader (" ..." or, failing that, "....") starts in a line.
fn dot_leader(line: &str) -> Option<usize> {
    // Both need "...": most lines have none, found without a substring searcher.
    let b = line.as_bytes();
    let has_dots = memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(b"..."));
    if !has_dots {
        return None;
    }
    line.find(" ...").or_else(|| line.find("...."))
}

/// Unknown all-caps headers ("OPERATIVE TECHNIQUE:", or a capitals line alone)
/// at line starts: they end the previous section and open an `other` one.
fn generic_headers(text: &str, out: &mut Vec<(Span, usize, SectionName)>) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let head_text = strip_numbering(content);
        let head_start = line_start + (content.len() - head_text.len());
        let leader = dot_leader(head_text);
        if let Some(dots) = leader.filter(|d| head_text.find(':').is_none_or(|c| c > *d)) {
            let head = head_text[..dots].trim_end();
            if !head.is_empty()
                && head.split_whitespace().count() <= 4
                && head
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, ' ' | '/' | '&' | '-' | '\''))
            {
                if let Some(end) = header_end(bytes, head_start + head.len()) {
                    out.push((
                        Span::new(head_start, head_start + head.len()),
                        end,
                        SectionName::Other,
                    ));
                }
            }
        } else if let Some(colon) = head_text.find(':') {
            if header_words(&head_text[..colon]) {
                if let Some(end) = header_end(bytes, head_start + colon) {
                    out.push((
                        Span::new(head_start, head_start + colon),
                        end,
                        SectionName::Other,
                    ));
                }
            }
        } else if header_words(head_text.trim_end().trim_end_matches([']', '*']))
            && head_text.split_whitespace().count() <= 4
        {
            let end = head_start + head_text.trim_end().len();
            out.push((Span::new(head_start, end), end, SectionName::Other));
        }
        line_start += line.len();
    }
}

/// Splits `text` into sections from the header candidates the term pass found.
pub(crate) fn split(text: &str, hits: &[HeaderHit]) -> Vec<Section> {
    let bytes = text.as_bytes();
    // (header span, body start, name)
    // Room for the lexicon's headers and a few unknown all-caps ones.
    let mut heads: Vec<(Span, usize, SectionName)> = Vec::with_capacity(hits.len() + 8);
    for h in hits {
        let raw = &text[h.span];
        let Some(body) = header_end(bytes, h.span.end) else {
            continue;
        };
        let has_colon = body > h.span.end;
        let line_start = at_line_start(bytes, h.span.start);
        let caps = is_caps(raw);
        let ok = if line_start {
            // Alone on its line, or followed by a colon.
            has_colon || caps || raw.chars().next().is_some_and(char::is_uppercase)
        } else {
            caps && has_colon && after_inline_break(bytes, h.span.start) && colon_comma(bytes, body)
        };
        if ok {
            heads.push((h.span, body, h.section));
        }
    }
    generic_headers(text, &mut heads);
    heads.sort_by_key(|(s, _, _)| (s.start, std::cmp::Reverse(s.end)));
    // Keep the longest header at each place; drop headers inside another
    // one (`last` is the previous header kept).
    let mut kept = heads;
    kept.dedup_by(|h, last| h.0.start < last.1);
    let mut sections = Vec::with_capacity(kept.len() + 1);
    // Text before the first header (even blank) is an `other` section, so sections tile the note.
    let first = kept.first().map(|h| h.0.start).unwrap_or(text.len());
    if first > 0 || kept.is_empty() {
        let span = Span::new(0, first);
        sections.push(Section {
            name: SectionName::Other,
            span,
            header: None,
            body: span,
        });
    }
    for (i, (head, body, name)) in kept.iter().enumerate() {
        let end = kept.get(i + 1).map(|h| h.0.start).unwrap_or(text.len());
        // A list-like section (medications, imaging, allergies...) ends at its
        // first blank line: what follows, under no header, is `other`.
        let cut = if is_list_like(*name) {
            blank_line_after_content(text, *body, end)
        } else {
            None
        };
        let sec_end = cut.unwrap_or(end);
        sections.push(Section {
            name: *name,
            span: Span::new(head.start, sec_end),
            header: Some(Span::new(head.start, *body)),
            body: Span::new(*body, sec_end),
        });
        if let Some(c) = cut {
            let span = Span::new(c, end);
            sections.push(Section {
                name: SectionName::Other,
                span,
                header: None,
                body: span,
            });
        }
    }
    sections
}

fn is_list_like(name: SectionName) -> bool {
    matches!(
        name,
        SectionName::Imaging
            | SectionName::Medications
            | SectionName::Allergies
            | SectionName::ChiefComplaint
            | SectionName::PastHistory
            | SectionName::SocialHistory
            | SectionName::FamilyHistory
    )
}

/// The start of the first blank line in `start..end` that follows some content
/// and is followed by more content.
fn blank_line_after_content(text: &str, start: usize, end: usize) -> Option<usize> {
    let body = &text[start..end];
    // One pass: the last content byte bounds where a cut may fall.
    let last_content = body.trim_end().len();
    let mut seen_content = false;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank && seen_content && pos + line.len() < last_content {
            return Some(start + pos);
        }
        seen_content |= !blank;
        pos += line.len();
    }
    None
}

/// The index of the section holding byte `pos`.
pub(crate) fn index_at(sections: &[Section], pos: usize) -> usize {
    match sections.binary_search_by(|s| {
        if s.span.end <= pos && !(s.span.end == pos && pos == s.span.start) {
            std::cmp::Ordering::Less
        } else if s.span.start > pos {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => i,
        Err(i) => i.min(sections.len().saturating_sub(1)),
    }
}
