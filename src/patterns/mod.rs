//! Regex patterns from `lexicons/patterns.tsv`: levels, quantities, pain
//! scores, durations, percents and motor grades.
//!
//! How the rows are compiled, and why most of them search only near the
//! note's digits, is in [`compile`].

use crate::level::{Segment, Vertebra};
use crate::lexicon::Lexicons;
use crate::mention::{LevelRef, MentionKind, Unit};
use crate::span::Span;
mod compile;

use compile::Compiled;
use regex::CaptureLocations;

/// The compiled patterns, by purpose.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    level: Vec<Compiled>,
    quantity: Vec<Compiled>,
    pain_score: Vec<Compiled>,
    duration: Vec<Compiled>,
    percent: Vec<Compiled>,
    strength_grade: Vec<Compiled>,
}

fn compile(lex: &Lexicons, name: &str) -> Vec<Compiled> {
    lex.patterns
        .get(name)
        .map(|v| v.iter().filter_map(|p| compile::compile(p)).collect())
        .unwrap_or_default()
}

/// The runs of ASCII digits in `bytes`, as `(start, end)`.
fn digit_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(u8::is_ascii_digit) {
        let s = i + off;
        let e = bytes[s..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| s + n);
        runs.push((s, e));
        i = e;
    }
    runs
}

/// The groups of one match, read from reused capture slots.
struct Groups<'a, 't> {
    text: &'t str,
    locs: &'a CaptureLocations,
    names: &'a [Option<String>],
}

impl<'t> Groups<'_, 't> {
    /// The whole match.
    fn whole(&self) -> Span {
        self.locs
            .get(0)
            .map_or(Span::new(0, 0), |(s, e)| Span::new(s, e))
    }

    /// The text of the group called `name`, if it took part in the match.
    fn name(&self, name: &str) -> Option<&'t str> {
        let i = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        self.locs.get(i).map(|(s, e)| &self.text[s..e])
    }
}

impl Compiled {
    /// Calls `f` with every non-empty match of the pattern in `text`, in
    /// order: the matches `captures_iter` gives. A pattern with a bounded
    /// reach from its digits is searched only in the windows around the digit
    /// `runs` its matches can reach; any other pattern in the whole note.
    fn each<'t>(&self, text: &'t str, runs: &[(usize, usize)], mut f: impl FnMut(&Groups<'_, 't>)) {
        let mut locs = self.re.capture_locations();
        let mut search = |from: usize, to: usize, hay: &'t str| {
            let mut pos = from;
            while pos <= to {
                let Some(m) = self.re.captures_read_at(&mut locs, hay, pos) else {
                    break;
                };
                if m.start() >= to {
                    break;
                }
                if m.is_empty() {
                    pos = m.end() + hay[m.end()..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                pos = m.end();
                f(&Groups {
                    text,
                    locs: &locs,
                    names: &self.names,
                });
            }
        };
        let Some(reach) = self.reach else {
            search(0, text.len(), text);
            return;
        };
        let mut i = 0;
        while i < runs.len() {
            let mut start = runs[i].0.saturating_sub(reach.before);
            let mut last = runs[i].1;
            let mut j = i + 1;
            // Runs one match could join, and windows that would overlap, are one window.
            while j < runs.len()
                && (runs[j].0 - last <= reach.between
                    || runs[j].0.saturating_sub(reach.before) <= last + reach.after)
            {
                last = runs[j].1;
                j += 1;
            }
            i = j;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = (last + reach.after).min(text.len());
            // One character past the window, so look-ahead at its end sees the note.
            let mut hay_end = end;
            while !text.is_char_boundary(hay_end) {
                hay_end += 1;
            }
            hay_end += text[hay_end..].chars().next().map_or(0, char::len_utf8);
            let holds_required = self
                .required
                .is_none_or(|set| text.as_bytes()[start..end].iter().any(|&b| set[b as usize]));
            if holds_required {
                search(start, end, &text[..hay_end]);
            }
        }
    }
}

fn num(s: &str) -> Option<f64> {
    let v: f64 = match s.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        other => other.parse().ok()?,
    };
    v.is_finite().then_some(v)
}

fn seg(s: &str) -> Option<Segment> {
    match s.as_bytes().first()?.to_ascii_uppercase() {
        b'C' => Some(Segment::C),
        b'T' => Some(Segment::T),
        b'L' => Some(Segment::L),
        b'S' => Some(Segment::S),
        _ => None,
    }
}

/// Reads a level match: `L4-5`, `L4/L5`, `L45`, `L5S1`, `L5-1`, `T12-L1`, `L3-L5`, `S1`.
fn level(c: &Groups) -> Option<LevelRef> {
    let a_seg = seg(c.name("a")?)?;
    let an: u8 = c.name("an")?.parse().ok()?;
    // Compact two-digit forms: L45 -> L4-L5, C56 -> C5-C6 (T12, T11 stay vertebrae).
    if c.name("bn").is_none() && c.name("cn").is_none() && an >= 10 {
        if let Some(v) = Vertebra::new(a_seg, an) {
            return Some(LevelRef::Root(v));
        }
        if !matches!(a_seg, Segment::L | Segment::C) {
            return None;
        }
        let (x, y) = (an / 10, an % 10);
        let a = Vertebra::new(a_seg, x)?;
        let b = Vertebra::new(a_seg, y).or_else(|| (y == 1).then(|| a.next()).flatten())?;
        return (a.next() == Some(b)).then_some(LevelRef::Span(a, b));
    }
    let a = Vertebra::new(a_seg, an)?;
    let (b_seg, bn) = match (c.name("bn"), c.name("cn")) {
        (Some(bn), _) => (c.name("b").and_then(seg), bn),
        (None, Some(cn)) => (c.name("c").and_then(seg), cn),
        (None, None) => return Some(LevelRef::Root(a)),
    };
    let bn: u8 = bn.parse().ok()?;
    let b = match b_seg {
        Some(s) => Vertebra::new(s, bn)?,
        // "L5-1" and "C7-1": the number restarts in the next region.
        None if bn <= an => {
            let next = a.next()?;
            if next.segment != a.segment && next.number == bn {
                next
            } else {
                return None;
            }
        }
        None => Vertebra::new(a_seg, bn)?,
    };
    if b <= a {
        return None;
    }
    Some(LevelRef::Span(a, b))
}

impl Patterns {
    pub(crate) fn new(lex: &Lexicons) -> Patterns {
        Patterns {
            level: compile(lex, "level"),
            quantity: compile(lex, "quantity"),
            pain_score: compile(lex, "pain_score"),
            duration: compile(lex, "duration"),
            percent: compile(lex, "percent"),
            strength_grade: compile(lex, "strength_grade"),
        }
    }

    /// Every pattern mention in `text`, unordered.
    pub(crate) fn find(&self, text: &str, out: &mut Vec<(Span, MentionKind)>) {
        let bytes = text.as_bytes();
        let runs = digit_runs(bytes);
        for re in &self.level {
            re.each(text, &runs, |c| {
                if let Some(lv) = level(c) {
                    out.push((c.whole(), MentionKind::Level(lv)));
                }
            });
        }
        for re in &self.quantity {
            re.each(text, &runs, |c| {
                let m = c.whole();
                let Some(value) = c.name("num").and_then(num) else {
                    return;
                };
                // "0.25%" is one quantity: skip a match that starts inside a number.
                if m.start > 0 && matches!(bytes[m.start - 1], b'.' | b'0'..=b'9') {
                    return;
                }
                let unit = if c.name("pct").is_some() {
                    Unit::Percent
                } else {
                    match c.name("unit").map(|u| u.to_ascii_lowercase()) {
                        Some(u) if u == "mg/ml" || u == "mg/cc" => Unit::MgPerMl,
                        Some(u) if u.starts_with("mg") || u.starts_with("milligram") => Unit::Mg,
                        Some(u) if u == "mcg" || u == "ug" || u == "µg" => Unit::Mcg,
                        Some(_) => Unit::Ml,
                        None => return,
                    }
                };
                out.push((m, MentionKind::Quantity { value, unit }));
            });
        }
        // Pain-score spans already taken by an earlier (preferred) pattern, by start.
        let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        let overlaps_taken = |taken: &std::collections::BTreeMap<usize, usize>, span: Span| {
            taken
                .range(..span.end)
                .next_back()
                .is_some_and(|(_, &end)| end > span.start)
        };
        for re in &self.pain_score {
            re.each(text, &runs, |c| {
                let m = c.whole();
                let span = m;
                if overlaps_taken(&taken, span) {
                    return;
                }
                // Dates (1/10/2024) and fractions inside longer numbers are not scores.
                let before = if span.start > 0 {
                    bytes[span.start - 1]
                } else {
                    b' '
                };
                let after = bytes.get(span.end).copied().unwrap_or(b' ');
                let after2 = bytes.get(span.end + 1).copied().unwrap_or(b' ');
                if matches!(before, b'/' | b'.' | b'0'..=b'9')
                    || after == b'/'
                    || (after.is_ascii_digit())
                    || (after == b'.' && after2.is_ascii_digit())
                {
                    return;
                }
                let Some(value) = c.name("v").and_then(num) else {
                    return;
                };
                let max = match c.name("max") {
                    Some("100") => 100,
                    Some(_) => 10,
                    None if value > 10.0 => 100,
                    None => 10,
                };
                if value > max as f64 {
                    return;
                }
                taken.insert(span.start, span.end);
                out.push((span, MentionKind::PainScore { value, max }));
            });
        }
        for re in &self.duration {
            re.each(text, &runs, |c| {
                let m = c.whole();
                let Some(n) = c.name("num").and_then(num) else {
                    return;
                };
                // "three times a day", "once a week": a frequency, not a duration.
                let lead = text
                    .get(m.start.saturating_sub(8)..m.start)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let word = c.name("num").unwrap_or("").to_ascii_lowercase();
                if (word == "a" || word == "an" || word == "one")
                    && (lead.ends_with("times ")
                        || lead.ends_with("once ")
                        || lead.ends_with("twice ")
                        || lead.ends_with("per "))
                {
                    return;
                }
                // "58-year-old" is an age, not a duration.
                let tail = text.get(m.end..).unwrap_or("").as_bytes();
                let tail = &tail[..tail.len().min(4)];
                if tail.eq_ignore_ascii_case(b"-old")
                    || tail.eq_ignore_ascii_case(b" old")
                    || tail.starts_with(b"-o")
                {
                    return;
                }
                let unit = c.name("unit").unwrap_or("").to_ascii_lowercase();
                let weeks = if unit.starts_with('d') {
                    n / 7.0
                } else if unit.starts_with('w') {
                    n
                } else if unit.starts_with('m') {
                    n * 4.0
                } else {
                    n * 52.0
                };
                if !(0.0..1e6).contains(&weeks) {
                    return;
                }
                out.push((
                    m,
                    MentionKind::Duration {
                        weeks: weeks.floor() as u32,
                    },
                ));
            });
        }
        for re in &self.percent {
            re.each(text, &runs, |c| {
                let m = c.whole();
                if m.start > 0 && bytes[m.start - 1] == b'.' {
                    return;
                }
                let lo = c.name("lo").and_then(num);
                let hi = c.name("hi").and_then(num);
                let Some(value) = hi.or(lo) else { return };
                if value > 100.0 {
                    return;
                }
                out.push((m, MentionKind::Percent { value }));
            });
        }
        for re in &self.strength_grade {
            re.each(text, &runs, |c| {
                let m = c.whole();
                let before = if m.start > 0 {
                    bytes[m.start - 1]
                } else {
                    b' '
                };
                if before.is_ascii_digit() || before == b'/' || before == b'.' {
                    return;
                }
                out.push((m, MentionKind::StrengthGrade));
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, MentionKind)> {
        let p = Patterns::new(&Lexicons::default());
        let mut out = Vec::new();
        p.find(text, &mut out);
        out.sort_by_key(|(s, _)| s.start);
        out.into_iter()
            .map(|(s, k)| (text[s].to_string(), k))
            .collect()
    }

    fn levels(text: &str) -> Vec<String> {
        kinds(text)
            .into_iter()
            .filter_map(|(_, k)| match k {
                MentionKind::Level(l) => Some(
                    l.foramina()
                        .iter()
                        .map(|f| f.to_string())
                        .collect::<Vec<_>>()
                        .join("+"),
                ),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn level_forms() {
        let table = [
            ("at L4-5 today", vec!["L4-L5"]),
            ("L4/L5 and L5/S1", vec!["L4-L5", "L5-S1"]),
            ("the L45 level", vec!["L4-L5"]),
            ("L4–L5", vec!["L4-L5"]),
            ("L4 — L5", vec!["L4-L5"]),
            ("L5-S1", vec!["L5-S1"]),
            ("L5S1", vec!["L5-S1"]),
            ("L5-1", vec!["L5-S1"]),
            ("S1 foramen", vec!["S1"]),
            ("right L5 nerve root", vec!["L5-S1"]),
            ("L4 root", vec!["L4-L5"]),
            ("L3-L5", vec!["L3-L4+L4-L5"]),
            ("L4-S1", vec!["L4-L5+L5-S1"]),
            ("L4 and L5", vec!["L4-L5", "L5-S1"]),
            ("C6 root", vec!["C5-C6"]),
            ("C5-6", vec!["C5-C6"]),
            ("T12-L1", vec!["T12-L1"]),
            ("T12 and T11-12", vec!["T12-L1", "T11-T12"]),
            ("L4 to L5", vec!["L4-L5"]),
            ("l4-5", vec!["L4-L5"]),
        ];
        for (text, want) in table {
            assert_eq!(levels(text), want, "{text}");
        }
        for text in ["L6-S1", "L9", "C-arm", "S12", "HL7", "CL4-5x"] {
            assert!(levels(text).is_empty(), "{text} -> {:?}", levels(text));
        }
    }

    fn scores(text: &str) -> Vec<(f64, u32)> {
        kinds(text)
            .into_iter()
            .filter_map(|(_, k)| match k {
                MentionKind::PainScore { value, max } => Some((value, max)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pain_score_forms() {
        let table: &[(&str, &[(f64, u32)])] = &[
            ("pain 7/10", &[(7.0, 10)]),
            ("7 out of 10", &[(7.0, 10)]),
            ("NRS 6", &[(6.0, 10)]),
            ("VAS 65/100", &[(65.0, 100)]),
            ("8-9/10", &[(9.0, 10)]),
            ("6 - 7/10", &[(7.0, 10)]),
            ("pain: 7", &[(7.0, 10)]),
            ("rates her pain as 5", &[(5.0, 10)]),
            ("worst 9/10, average 6/10", &[(9.0, 10), (6.0, 10)]),
            ("seen 1/10/2024", &[]),
            ("BP 120/100", &[]),
            ("dated 10/10/2023", &[]),
            ("strength 5/5", &[]),
        ];
        for (text, want) in table {
            assert_eq!(scores(text), *want, "{text}");
        }
    }

    #[test]
    fn word_boundaries_are_ascii() {
        // Mojibake after a word: "â" is a Unicode letter but not an ASCII word character.
        let durations: Vec<_> = kinds("for 6 weeksâ€ and L4-5é")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(durations, ["6 weeks", "L4-5"]);
    }

    /// Every row, searched in digit windows, finds what a whole-note search finds.
    fn windows_agree(text: &str) {
        let lex = Lexicons::default();
        let runs = digit_runs(text.as_bytes());
        for rows in lex.patterns.values() {
            for row in rows {
                let c = compile::compile(row).expect("default rows compile");
                let whole: Vec<Vec<_>> =
                    c.re.captures_iter(text)
                        .map(|c| c.iter().map(|m| m.map(|m| m.range())).collect())
                        .collect();
                let mut windowed: Vec<Vec<_>> = Vec::new();
                c.each(text, &runs, |g| {
                    let slots = (0..g.locs.len()).map(|i| g.locs.get(i).map(|(s, e)| s..e));
                    windowed.push(slots.collect())
                });
                assert_eq!(windowed, whole, "{row} on {text:?}");
            }
        }
    }

    #[test]
    fn windowed_search_equals_whole_note_search() {
        for text in [
            "",
            "7",
            "L4-5 and L5-S1, 40 mg in 2 mL, pain 8/10 -> 2/10, 50% relief, 4+/5",
            "L4 to L5;L5/S1 1.5mg.5 mL 12345678901234567890 mg 100% 7-8/10x",
            "é7/10é L4–5 ３ 5 mg µg 80 mg/mL 0.25% 10 percent",
        ] {
            windows_agree(text);
        }
        let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/dev");
        let notes = std::fs::read_dir(dev).expect("corpora/dev is in the repository");
        for entry in notes.flatten() {
            if entry.path().extension().is_some_and(|e| e == "txt") {
                windows_agree(&std::fs::read_to_string(entry.path()).expect("a note"));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn windowed_search_equals_whole_note_search_on_soups(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "L4", "-", "5", "S1", " ", "  ", "\n", "/", "10", "mg", "mL", "%", "percent",
                ".", "0", "x", "to", "é", "–", "pain", "of", "out", "NRS", "12", "3", "C", "T",
                "a", ":", "4+", "/5", "weeks",
            ]), 0..40)
        ) {
            windows_agree(&parts.concat());
        }
    }

    #[test]
    fn quantities_durations_percents() {
        let k = kinds("10 mg dexamethasone, 80 mg/mL, 1 cc of 0.25% bupivacaine x 6 weeks, for 3 months, 70-80% relief, 4+/5");
        let q: Vec<_> = k
            .iter()
            .filter(|(_, k)| matches!(k, MentionKind::Quantity { .. }))
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(q, ["10 mg", "80 mg/mL", "1 cc", "0.25%", "80%"]);
        let d: Vec<_> = k
            .iter()
            .filter_map(|(_, k)| match k {
                MentionKind::Duration { weeks } => Some(*weeks),
                _ => None,
            })
            .collect();
        assert_eq!(d, [6, 12]);
        let p: Vec<_> = k
            .iter()
            .filter_map(|(_, k)| match k {
                MentionKind::Percent { value } => Some(*value),
                _ => None,
            })
            .collect();
        assert_eq!(p, [80.0]);
        assert!(k
            .iter()
            .any(|(t, k)| *k == MentionKind::StrengthGrade && t == "4+/5"));
    }
}
