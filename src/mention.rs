//! Mentions: every span of a note that a lexicon term or a pattern matched,
//! with its meaning, its place and the context asserted about it.

use crate::level::{Level, Segment, Vertebra};
use crate::lexicon::{Category, Concept};
use crate::span::Span;

/// Context flags a ConText trigger can set on a mention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Assertions(u8);

impl Assertions {
    /// Negated ("no", "denies").
    pub const NEGATED: Assertions = Assertions(1);
    /// Possible or hypothetical ("if", "consider").
    pub const HYPOTHETICAL: Assertions = Assertions(2);
    /// Historical ("history of", "s/p", "prior").
    pub const HISTORICAL: Assertions = Assertions(4);
    /// About a family member ("mother had").
    pub const FAMILY: Assertions = Assertions(8);
    /// Planned, ordered or recommended, not done.
    pub const PLANNED: Assertions = Assertions(16);

    /// True when every flag of `other` is set.
    pub fn has(self, other: Assertions) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// Sets the flags of `other`.
    pub fn set(&mut self, other: Assertions) {
        self.0 |= other.0;
    }

    /// True when no flag is set (an affirmed, current mention).
    pub fn is_plain(self) -> bool {
        self.0 == 0
    }

    /// Negated, hypothetical or family: the mention does not affirm its concept.
    pub fn denies(self) -> bool {
        self.0 & (1 | 2 | 8) != 0
    }
}

/// Unit of a [`MentionKind::Quantity`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Milligrams.
    Mg,
    /// Micrograms.
    Mcg,
    /// Millilitres (cc).
    Ml,
    /// Milligrams per millilitre.
    MgPerMl,
    /// Percent.
    Percent,
}

/// A level as written: an interspace, a range of vertebrae, or one vertebra (a root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LevelRef {
    /// One vertebra or root: `L5`, `S1`, `C6`.
    Root(Vertebra),
    /// Two vertebrae: `L4-L5` (adjacent) or a range `L3-L5`.
    Span(Vertebra, Vertebra),
}

impl LevelRef {
    /// The foramina this reference names: a root maps to the foramen it exits,
    /// a range to every interspace inside it.
    pub fn foramina(self) -> Vec<Level> {
        match self {
            LevelRef::Root(v) => Level::for_root(v.segment, v.number).into_iter().collect(),
            LevelRef::Span(a, b) => {
                let (a, b) = if b < a { (b, a) } else { (a, b) };
                if a.segment == Segment::S && b.segment == Segment::S {
                    let mut out = Vec::new();
                    let mut v = a;
                    loop {
                        out.extend(Level::below(v));
                        if v == b {
                            break;
                        }
                        match v.next() {
                            Some(n) => v = n,
                            None => break,
                        }
                    }
                    return out;
                }
                let mut out = Vec::new();
                let mut v = a;
                while v < b && out.len() < 24 {
                    match Level::below(v) {
                        Some(l) => out.push(l),
                        None => break,
                    }
                    match v.next() {
                        Some(n) => v = n,
                        None => break,
                    }
                }
                out
            }
        }
    }

    /// The region of the first vertebra.
    pub fn segment(self) -> Segment {
        match self {
            LevelRef::Root(v) | LevelRef::Span(v, _) => v.segment,
        }
    }
}

/// What a mention is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MentionKind {
    /// A lexicon term.
    Term(Concept),
    /// A spinal level.
    Level(LevelRef),
    /// An amount: dose, volume or concentration.
    Quantity {
        /// The number.
        value: f64,
        /// Its unit.
        unit: Unit,
    },
    /// A numeric pain rating.
    PainScore {
        /// The value (a range's upper bound).
        value: f64,
        /// 10 or 100.
        max: u32,
    },
    /// A duration, in weeks (months × 4, days / 7).
    Duration {
        /// Whole weeks.
        weeks: u32,
    },
    /// A percentage (relief).
    Percent {
        /// The value (a range's upper bound).
        value: f64,
    },
    /// A motor grade below 5/5.
    StrengthGrade,
}

impl MentionKind {
    /// The category name used in output.
    pub fn category(&self) -> Category {
        match self {
            MentionKind::Term(c) => c.category(),
            MentionKind::Level(_) => Category::Level,
            MentionKind::Quantity { .. } => Category::Quantity,
            MentionKind::PainScore { .. } => Category::PainScore,
            MentionKind::Duration { .. } => Category::Duration,
            MentionKind::Percent { .. } => Category::Percent,
            MentionKind::StrengthGrade => Category::StrengthGrade,
        }
    }
}

/// One matched span of the note.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: MentionKind,
    /// Index of its section in [`crate::Scan::sections`].
    pub section: usize,
    /// Index of its clause in the scan's segment list.
    pub segment: usize,
    /// Context asserted about it.
    pub assertions: Assertions,
}

impl Mention {
    /// The mention's text in `note`.
    pub fn text<'n>(&self, note: &'n str) -> &'n str {
        note.get(self.span.range()).unwrap_or("")
    }

    /// The concept, for a lexicon term.
    pub fn concept(&self) -> Option<Concept> {
        match self.kind {
            MentionKind::Term(c) => Some(c),
            _ => None,
        }
    }
}
