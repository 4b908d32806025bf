//! How a pattern is compiled, and how far its matches reach from their digits.
//!
//! Two rewrites of the parsed pattern make the patterns stage fast without
//! changing what it reads: word boundaries become ASCII word boundaries, and
//! `\d` (and every class) loses the non-ASCII decimal digits, whose numbers
//! no extractor could read anyway. Then, for a pattern whose every match holds
//! an ASCII digit within bounded distances ([`DigitReach`]), the scanner runs
//! the regex only in windows around the note's digits.

use once_cell::sync::Lazy;
use regex::Regex;
use regex_syntax::hir::{Capture, Class, ClassUnicode, Hir, HirKind, Look, Repetition};

/// A compiled pattern row.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub re: Regex,
    /// Its capture group names, by group index.
    pub names: Vec<Option<String>>,
    /// Where its matches can lie relative to ASCII digits, if bounded.
    pub reach: Option<DigitReach>,
    /// Bytes of which every match holds at least one, if the pattern has a
    /// selective set of them (a window without any cannot hold a match).
    pub required: Option<ByteSet>,
}

/// A set of bytes.
pub(crate) type ByteSet = [bool; 256];

/// Bounds, in bytes, on every match of a pattern that always holds an ASCII digit.
///
/// A match starts at most `before` bytes before its first digit, ends at most
/// `after` bytes after its last one, and no stretch of non-digits between two
/// of its digits is longer than `between`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DigitReach {
    pub before: usize,
    pub between: usize,
    pub after: usize,
}

/// Compiles one pattern row; `None` if it does not parse (the lexicon loader
/// has already reported such rows with file and line).
pub(crate) fn compile(pattern: &str) -> Option<Compiled> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let hir = rewrite(&hir, &NON_ASCII_DIGITS);
    let re = Regex::new(&hir.to_string()).ok()?;
    Some(Compiled {
        names: re.capture_names().map(|n| n.map(String::from)).collect(),
        reach: digit_reach(&hir),
        required: required(&hir),
        re,
    })
}

/// The decimal digits outside ASCII, built once for every row.
static NON_ASCII_DIGITS: Lazy<ClassUnicode> = Lazy::new(|| {
    let digits = match regex_syntax::Parser::new()
        .parse(r"\d")
        .map(|h| h.into_kind())
    {
        Ok(HirKind::Class(Class::Unicode(c))) => c,
        _ => ClassUnicode::empty(),
    };
    let mut non_ascii = digits;
    non_ascii.difference(&ClassUnicode::new([
        regex_syntax::hir::ClassUnicodeRange::new('0', '9'),
    ]));
    non_ascii
});

/// `hir` with ASCII word boundaries and no non-ASCII digits in its classes.
fn rewrite(hir: &Hir, drop: &ClassUnicode) -> Hir {
    match hir.kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.difference(drop);
            Hir::class(Class::Unicode(class))
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(rewrite(&rep.sub, drop)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(rewrite(&cap.sub, drop)),
            ..cap.clone()
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| rewrite(h, drop)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| rewrite(h, drop)).collect())
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) => hir.clone(),
    }
}

/// A length bound in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Len {
    At(usize),
    Unbounded,
}

impl Len {
    fn add(self, other: Len) -> Len {
        match (self, other) {
            (Len::At(a), Len::At(b)) => a.checked_add(b).map_or(Len::Unbounded, Len::At),
            _ => Len::Unbounded,
        }
    }
}

/// Bounds on the matches of a sub-pattern that hold an ASCII digit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct WithDigit {
    /// Bytes before the first digit.
    pre: Len,
    /// Longest run of non-digits between two digits.
    gap: Len,
    /// Bytes after the last digit.
    suf: Len,
}

impl WithDigit {
    fn max(self, o: WithDigit) -> WithDigit {
        WithDigit {
            pre: self.pre.max(o.pre),
            gap: self.gap.max(o.gap),
            suf: self.suf.max(o.suf),
        }
    }
}

/// What the matches of a sub-pattern look like, as far as digits go.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shape {
    /// The longest match without an ASCII digit, if there can be one.
    plain: Option<Len>,
    /// Bounds on the matches with one, if there can be any.
    digit: Option<WithDigit>,
}

const EMPTY: Shape = Shape {
    plain: Some(Len::At(0)),
    digit: None,
};

fn max_opt<T: Copy>(a: Option<T>, b: Option<T>, f: impl Fn(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(x), Some(y)) => Some(f(x, y)),
        (x, None) => x,
        (None, y) => y,
    }
}

fn alternate(a: Shape, b: Shape) -> Shape {
    Shape {
        plain: max_opt(a.plain, b.plain, Len::max),
        digit: max_opt(a.digit, b.digit, WithDigit::max),
    }
}

fn concat(a: Shape, b: Shape) -> Shape {
    let mut digit = None;
    if let (Some(x), Some(p)) = (a.digit, b.plain) {
        let d = WithDigit {
            suf: x.suf.add(p),
            ..x
        };
        digit = max_opt(digit, Some(d), WithDigit::max);
    }
    if let (Some(p), Some(y)) = (a.plain, b.digit) {
        let d = WithDigit {
            pre: p.add(y.pre),
            ..y
        };
        digit = max_opt(digit, Some(d), WithDigit::max);
    }
    if let (Some(x), Some(y)) = (a.digit, b.digit) {
        let d = WithDigit {
            pre: x.pre,
            gap: x.gap.max(y.gap).max(x.suf.add(y.pre)),
            suf: y.suf,
        };
        digit = max_opt(digit, Some(d), WithDigit::max);
    }
    Shape {
        plain: match (a.plain, b.plain) {
            (Some(x), Some(y)) => Some(x.add(y)),
            _ => None,
        },
        digit,
    }
}

/// Repeating more than this many times is treated as unbounded.
const MAX_UNROLL: u32 = 64;

fn repeat(sub: Shape, min: u32, max: Option<u32>) -> Shape {
    let unbounded = max.is_none_or(|m| m > MAX_UNROLL);
    // With k >= 2 copies every shape that copies can make is already there,
    // unless a copy can be a non-empty digit-free stretch (handled below).
    let top = if unbounded {
        min.max(2) + 1
    } else {
        max.unwrap_or(0)
    };
    let mut power = EMPTY;
    for _ in 0..min {
        power = concat(power, sub);
    }
    let mut shape = power;
    for _ in min..top.min(MAX_UNROLL) {
        power = concat(power, sub);
        shape = alternate(shape, power);
    }
    if unbounded && sub.plain.is_some_and(|p| p != Len::At(0)) {
        shape.plain = shape.plain.map(|_| Len::Unbounded);
        shape.digit = shape.digit.map(|_| WithDigit {
            pre: Len::Unbounded,
            gap: Len::Unbounded,
            suf: Len::Unbounded,
        });
    }
    shape
}

fn char_len(c: char) -> usize {
    c.len_utf8()
}

fn shape(hir: &Hir) -> Shape {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => EMPTY,
        HirKind::Literal(lit) => {
            let bytes = &lit.0;
            match (
                bytes.iter().position(u8::is_ascii_digit),
                bytes.iter().rposition(u8::is_ascii_digit),
            ) {
                (Some(first), Some(last)) => {
                    let mut gap = 0;
                    let mut run = 0;
                    for b in &bytes[first..=last] {
                        run = if b.is_ascii_digit() { 0 } else { run + 1 };
                        gap = gap.max(run);
                    }
                    Shape {
                        plain: None,
                        digit: Some(WithDigit {
                            pre: Len::At(first),
                            gap: Len::At(gap),
                            suf: Len::At(bytes.len() - last - 1),
                        }),
                    }
                }
                _ => Shape {
                    plain: Some(Len::At(bytes.len())),
                    digit: None,
                },
            }
        }
        HirKind::Class(class) => {
            let (has_digit, has_other, widest) = match class {
                Class::Unicode(c) => c.ranges().iter().fold((false, false, 0), |acc, r| {
                    let digit = r.start() <= '9' && r.end() >= '0';
                    let other = r.start() < '0' || r.end() > '9';
                    (acc.0 || digit, acc.1 || other, acc.2.max(char_len(r.end())))
                }),
                Class::Bytes(c) => c.ranges().iter().fold((false, false, 0), |acc, r| {
                    let digit = r.start() <= b'9' && r.end() >= b'0';
                    let other = r.start() < b'0' || r.end() > b'9';
                    (acc.0 || digit, acc.1 || other, 1)
                }),
            };
            Shape {
                plain: has_other.then_some(Len::At(widest)),
                digit: has_digit.then_some(WithDigit {
                    pre: Len::At(0),
                    gap: Len::At(0),
                    suf: Len::At(0),
                }),
            }
        }
        HirKind::Repetition(rep) => repeat(shape(&rep.sub), rep.min, rep.max),
        HirKind::Capture(cap) => shape(&cap.sub),
        HirKind::Concat(subs) => subs.iter().map(shape).fold(EMPTY, concat),
        HirKind::Alternation(subs) => subs.iter().map(shape).reduce(alternate).unwrap_or(EMPTY),
    }
}

/// The digit reach of `hir`: `Some` when every match holds an ASCII digit and
/// all three distances are bounded.
fn digit_reach(hir: &Hir) -> Option<DigitReach> {
    let s = shape(hir);
    if s.plain.is_some() {
        return None;
    }
    match s.digit? {
        WithDigit {
            pre: Len::At(before),
            gap: Len::At(between),
            suf: Len::At(after),
        } => Some(DigitReach {
            before,
            between,
            after,
        }),
        _ => None,
    }
}

/// Classes with more characters than this are not selective enough to require.
const MAX_REQUIRED_CHARS: u32 = 16;

/// A set of bytes of which every match of `hir` holds one, other than digits
/// (every window holds those): the most selective one found, or `None`.
fn required(hir: &Hir) -> Option<ByteSet> {
    let size = |set: &ByteSet| set.iter().filter(|&&b| b).count();
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            // The rarest-looking byte: punctuation before letters.
            let byte = lit
                .0
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_digit())
                .min_by_key(|b| (b.is_ascii_alphanumeric() || b.is_ascii_whitespace(), *b))?;
            let mut set = [false; 256];
            set[byte as usize] = true;
            Some(set)
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut set = [false; 256];
            let mut chars = 0;
            for r in class.ranges() {
                chars += r.end() as u32 - r.start() as u32 + 1;
                if chars > MAX_REQUIRED_CHARS || (r.start() <= '9' && r.end() >= '0') {
                    return None;
                }
                for c in r.start()..=r.end() {
                    let mut buf = [0; 4];
                    set[c.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
                }
            }
            (chars > 0).then_some(set)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(subs) => subs.iter().filter_map(required).min_by_key(size),
        HirKind::Alternation(subs) => subs.iter().try_fold([false; 256], |mut all, sub| {
            let set = required(sub)?;
            for (a, b) in all.iter_mut().zip(set) {
                *a |= b;
            }
            Some(all)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(pattern: &str) -> Option<(usize, usize, usize)> {
        compile(pattern)
            .and_then(|c| c.reach)
            .map(|r| (r.before, r.between, r.after))
    }

    #[test]
    fn reach_of_hand_made_patterns() {
        assert_eq!(reach(r"\d"), Some((0, 0, 0)));
        assert_eq!(reach(r"\d+"), Some((0, 0, 0)));
        assert_eq!(reach(r"L\d{1,2}-\d"), Some((1, 1, 0)));
        assert_eq!(reach(r"ab?\d+ ?mg"), Some((2, 0, 3)));
        assert_eq!(reach(r"\d(?:x|yy)?\d"), Some((0, 2, 0)));
        assert_eq!(reach(r"(?:ab\d)+"), Some((2, 2, 0)));
        assert_eq!(reach(r"x12y"), Some((1, 0, 1)));
        assert_eq!(reach(r"é\d"), Some((2, 0, 0)));
        // Unbounded stretches or a digit-free match: searched everywhere.
        assert_eq!(reach(r"a*\d"), None);
        assert_eq!(reach(r"\d\s+\d"), None);
        assert_eq!(reach(r"\d|x"), None);
        assert_eq!(reach(r"(?:a\d?)+"), None);
        assert_eq!(reach(r"six|\d"), None);
    }

    fn required_bytes(pattern: &str) -> Option<String> {
        let hir = regex_syntax::Parser::new().parse(pattern).unwrap();
        let set = required(&rewrite(&hir, &NON_ASCII_DIGITS))?;
        Some(
            (0..=255u8)
                .filter(|&b| set[b as usize])
                .map(char::from)
                .collect(),
        )
    }

    #[test]
    fn required_bytes_of_hand_made_patterns() {
        assert_eq!(required_bytes(r"\d+\s?/\s?10").as_deref(), Some("/"));
        assert_eq!(required_bytes(r"(?i)\d+ ?(?:mg|%)").as_deref(), Some("%Mm"));
        assert_eq!(required_bytes(r"(?i)\d\s?of").as_deref(), Some("Oo"));
        assert_eq!(required_bytes(r"\d(?:x)?"), None);
        assert_eq!(required_bytes(r"\d|\d/"), None);
        assert_eq!(required_bytes(r"\w\d"), None);
    }

    #[test]
    fn reach_of_the_default_rows() {
        let lex = crate::lexicon::Lexicons::default();
        let bounded = |name: &str| -> Vec<bool> {
            lex.patterns[name]
                .iter()
                .map(|p| compile(p).expect("default rows compile").reach.is_some())
                .collect()
        };
        assert_eq!(bounded("level"), [true]);
        assert_eq!(bounded("quantity"), [true]);
        assert_eq!(bounded("pain_score"), [true, true, false, false, false]);
        assert_eq!(bounded("duration"), [false]);
        assert_eq!(bounded("percent"), [true]);
        assert_eq!(bounded("strength_grade"), [true]);
    }

    #[test]
    fn rewrites_are_ascii() {
        let hir = regex_syntax::Parser::new()
            .parse(r"\b(?P<x>a)\B\b{start}")
            .unwrap();
        assert_eq!(
            rewrite(&hir, &NON_ASCII_DIGITS).to_string(),
            r"(?:(?-u:\b)(?P<x>a)(?-u:\B)(?-u:\b{start}))"
        );
        let re = compile(r"\d+").unwrap().re;
        assert_eq!(re.find("x٣4").map(|m| m.as_str()), Some("4"));
    }
}
