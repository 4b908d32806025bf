//! ConText-style assertions: negation, hypothetical, historical, family and
//! planned context from trigger terms, with trigger direction, per-rule word
//! scopes, terminators and pseudo-triggers. Scopes never leave their clause.
//!
//! Each clause is swept once forward and once backward, keeping at most one
//! live trigger per assertion, so the cost is linear in the mentions.

use crate::lexicon::{Category, Concept, ContextRule};
use crate::mention::{Assertions, Mention};
use crate::sections::Section;
use crate::vocab::{Assertion, Direction, SectionName};

fn flag(a: Assertion) -> Option<Assertions> {
    match a {
        Assertion::Negated => Some(Assertions::NEGATED),
        Assertion::Hypothetical => Some(Assertions::HYPOTHETICAL),
        Assertion::Historical => Some(Assertions::HISTORICAL),
        Assertion::Family => Some(Assertions::FAMILY),
        Assertion::Planned => Some(Assertions::PLANNED),
        Assertion::Terminate | Assertion::Pseudo => None,
    }
}

/// Byte offsets in `lo..hi` of `text` where words start, for word-count
/// scopes (into `out`, cleared first). A word starts at a word byte whose
/// previous byte, if any, is not one, so counts between offsets in the range
/// are those of the whole text.
fn word_starts(text: &str, lo: usize, hi: usize, out: &mut Vec<u32>) {
    let b = text.as_bytes();
    let hi = hi.min(b.len());
    out.clear();
    if lo >= hi {
        return;
    }
    // Words average five or more bytes with their space.
    out.reserve((hi - lo) / 4 + 16);
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    let mut prev_word = lo > 0 && is_word(b[lo - 1]);
    for (i, &c) in b[lo..hi].iter().enumerate() {
        let w = is_word(c);
        if w && !prev_word {
            out.push((lo + i) as u32);
        }
        prev_word = w;
    }
}

fn word_index(starts: &[u32], pos: usize) -> usize {
    starts.partition_point(|&s| (s as usize) < pos)
}

#[derive(Clone, Copy)]
struct Live {
    word: usize,
    rule: usize,
    /// Categories a partial terminator (", and") has closed this scope to.
    blocked: u32,
}

// A category's bit is its declaration index, which `Category::ALL` follows.
const _: () = assert!(Category::ALL.len() < 32);

fn category_bit(c: Category) -> u32 {
    1u32 << (c as u32)
}

fn in_scope(rule: &ContextRule, distance: usize, cat: Category) -> bool {
    rule.max_scope.is_none_or(|m| distance <= m)
        && rule.allowed.as_ref().is_none_or(|a| a.contains(&cat))
}

const SLOTS: usize = 5;

fn slot(a: Assertion) -> Option<usize> {
    match a {
        Assertion::Negated => Some(0),
        Assertion::Hypothetical => Some(1),
        Assertion::Historical => Some(2),
        Assertion::Family => Some(3),
        Assertion::Planned => Some(4),
        _ => None,
    }
}

/// Sets every mention's assertions. `mentions` must be sorted by start and
/// carry their clause index; `text` is the note they are in.
pub(crate) fn apply(
    mentions: &mut [Mention],
    rules: &[ContextRule],
    sections: &[Section],
    text: &str,
) {
    // Word starts only for clauses with a trigger, and only over the bytes
    // their mentions cover (every offset a scope distance is counted from).
    let mut words = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let seg = mentions[i].segment;
        let mut j = i;
        let mut hi = 0;
        let mut trigger = false;
        while j < mentions.len() && mentions[j].segment == seg {
            hi = hi.max(mentions[j].span.end);
            trigger |= matches!(mentions[j].concept(), Some(Concept::Trigger(_)));
            j += 1;
        }
        if trigger {
            word_starts(text, mentions[i].span.start, hi, &mut words);
            sweep(&mut mentions[i..j], rules, &words, true);
            sweep(&mut mentions[i..j], rules, &words, false);
        }
        i = j;
    }
    for m in mentions.iter_mut() {
        match sections.get(m.section).map(|s| s.name) {
            Some(SectionName::FamilyHistory) => m.assertions.set(Assertions::FAMILY),
            Some(SectionName::PastHistory) => m.assertions.set(Assertions::HISTORICAL),
            Some(SectionName::Plan) | Some(SectionName::AssessmentPlan) => {
                m.assertions.set(Assertions::PLANNED)
            }
            // Consent text lists what might happen.
            Some(SectionName::Consent) => m.assertions.set(Assertions::HYPOTHETICAL),
            _ => {}
        }
    }
}

fn sweep(clause: &mut [Mention], rules: &[ContextRule], words: &[u32], forward: bool) {
    let mut live: [Option<Live>; SLOTS] = [None; SLOTS];
    let n = clause.len();
    for k in 0..n {
        let idx = if forward { k } else { n - 1 - k };
        let m = &clause[idx];
        if let Some(Concept::Trigger(r)) = m.concept() {
            let Some(rule) = rules.get(r as usize) else {
                continue;
            };
            let runs = match rule.direction {
                // A terminator with allowed categories ends scopes for those only.
                Direction::Terminate => {
                    match &rule.allowed {
                        None => live = [None; SLOTS],
                        Some(cats) => {
                            let mask = cats.iter().fold(0, |m, c| m | category_bit(*c));
                            for l in live.iter_mut().flatten() {
                                l.blocked |= mask;
                            }
                        }
                    }
                    continue;
                }
                Direction::Pseudo => continue,
                Direction::Forward => forward,
                Direction::Backward => !forward,
                Direction::Bidirectional => true,
            };
            if runs {
                if let Some(s) = slot(rule.assertion) {
                    let word = if forward {
                        word_index(words, m.span.end)
                    } else {
                        word_index(words, m.span.start)
                    };
                    live[s] = Some(Live {
                        word,
                        rule: r as usize,
                        blocked: 0,
                    });
                }
            }
            continue;
        }
        if live.iter().all(Option::is_none) {
            continue;
        }
        let cat = m.kind.category();
        // The mention's word: its first going forward, its last going backward.
        let word = if forward {
            word_index(words, m.span.start)
        } else {
            word_index(words, m.span.end)
        };
        let mut add = Assertions::default();
        for l in live.iter().flatten() {
            let rule = &rules[l.rule];
            let distance = if forward {
                word.saturating_sub(l.word)
            } else {
                l.word.saturating_sub(word)
            };
            if l.blocked & category_bit(cat) == 0 && in_scope(rule, distance, cat) {
                if let Some(f) = flag(rule.assertion) {
                    add.set(f);
                }
            }
        }
        clause[idx].assertions.set(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_counts_in_a_range_are_the_whole_texts() {
        let text = "No  leg-pain; L5-S1 café 10mg\u{e9}x. denies\tweakness";
        let mut whole = Vec::new();
        word_starts(text, 0, text.len(), &mut whole);
        let mut part = Vec::new();
        for lo in 0..=text.len() {
            for hi in lo..=text.len() {
                word_starts(text, lo, hi, &mut part);
                for a in lo..=hi {
                    for b in a..=hi {
                        assert_eq!(
                            word_index(&part, b) - word_index(&part, a),
                            word_index(&whole, b) - word_index(&whole, a),
                            "{lo}..{hi}: {a}..{b}"
                        );
                    }
                }
            }
        }
    }
}
