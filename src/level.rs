//! Spinal levels: vertebrae, foramina and interspaces in canonical form.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A spinal region letter, cranial to caudal.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Segment {
    /// Cervical, C1-C7 (C8 is a root only).
    C,
    /// Thoracic, T1-T12.
    T,
    /// Lumbar, L1-L5.
    L,
    /// Sacral, S1-S5.
    S,
}

impl Segment {
    fn letter(self) -> char {
        match self {
            Segment::C => 'C',
            Segment::T => 'T',
            Segment::L => 'L',
            Segment::S => 'S',
        }
    }

    fn from_letter(c: char) -> Option<Segment> {
        match c.to_ascii_uppercase() {
            'C' => Some(Segment::C),
            'T' => Some(Segment::T),
            'L' => Some(Segment::L),
            'S' => Some(Segment::S),
            _ => None,
        }
    }

    /// Number of vertebrae (or sacral foramina) in the region.
    fn count(self) -> u8 {
        match self {
            Segment::C => 7,
            Segment::T => 12,
            Segment::L => 5,
            Segment::S => 5,
        }
    }
}

/// One vertebra (or sacral segment), e.g. `L5`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Vertebra {
    /// Its region.
    pub segment: Segment,
    /// Its number within the region (1-based).
    pub number: u8,
}

impl Vertebra {
    /// A vertebra, if `number` exists in `segment`.
    pub fn new(segment: Segment, number: u8) -> Option<Vertebra> {
        (number >= 1 && number <= segment.count()).then_some(Vertebra { segment, number })
    }

    /// Parses `L5`, `s1`, `C7`.
    pub fn parse(s: &str) -> Option<Vertebra> {
        let mut chars = s.chars();
        let seg = Segment::from_letter(chars.next()?)?;
        let n: u8 = chars.as_str().parse().ok()?;
        Vertebra::new(seg, n)
    }

    /// The vertebra just below this one (`L5` → `S1`, `C7` → `T1`).
    pub fn next(self) -> Option<Vertebra> {
        if self.number < self.segment.count() {
            return Some(Vertebra {
                number: self.number + 1,
                ..self
            });
        }
        let seg = match self.segment {
            Segment::C => Segment::T,
            Segment::T => Segment::L,
            Segment::L => Segment::S,
            Segment::S => return None,
        };
        Some(Vertebra {
            segment: seg,
            number: 1,
        })
    }

    /// The vertebra just above this one (`S1` → `L5`).
    pub fn prev(self) -> Option<Vertebra> {
        if self.number > 1 {
            return Some(Vertebra {
                number: self.number - 1,
                ..self
            });
        }
        let seg = match self.segment {
            Segment::C => return None,
            Segment::T => Segment::C,
            Segment::L => Segment::T,
            Segment::S => Segment::L,
        };
        Some(Vertebra {
            segment: seg,
            number: seg.count(),
        })
    }
}

impl fmt::Display for Vertebra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.segment.letter(), self.number)
    }
}

/// A treated level in canonical form: an interspace/foramen between two
/// adjacent vertebrae (`L4-L5`, `L5-S1`, `C6-C7`) or a sacral foramen (`S1`).
///
/// ```
/// use notescan::Level;
/// let lvl: Level = "L5-S1".parse().unwrap();
/// assert_eq!(lvl.to_string(), "L5-S1");
/// assert!("L4-L6".parse::<Level>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Level {
    /// The upper vertebra (or the sacral foramen's segment).
    pub upper: Vertebra,
    /// The lower vertebra; `None` for a sacral foramen.
    pub lower: Option<Vertebra>,
}

impl Level {
    /// The interspace below `v` (`L4` → `L4-L5`); for a sacral segment, its foramen.
    pub fn below(v: Vertebra) -> Option<Level> {
        if v.segment == Segment::S {
            return Some(Level {
                upper: v,
                lower: None,
            });
        }
        Some(Level {
            upper: v,
            lower: Some(v.next()?),
        })
    }

    /// The interspace above `v` (`C6` → `C5-C6`).
    pub fn above(v: Vertebra) -> Option<Level> {
        let up = v.prev()?;
        Level::below(up).filter(|l| l.lower == Some(v))
    }

    /// The foramen a named nerve root exits: lumbar, thoracic and sacral roots
    /// exit below their pedicle (`L5` → `L5-S1`, `S1` → `S1`); cervical roots
    /// above (`C6` → `C5-C6`, `C8` → `C7-T1`).
    pub fn for_root(segment: Segment, number: u8) -> Option<Level> {
        match segment {
            Segment::C if number == 8 => Level::below(Vertebra::new(Segment::C, 7)?),
            Segment::C => Level::above(Vertebra::new(Segment::C, number)?),
            _ => Level::below(Vertebra::new(segment, number)?),
        }
    }

    /// True for a sacral foramen (`S1`, `S2`...).
    pub fn is_sacral_foramen(self) -> bool {
        self.lower.is_none()
    }

    /// The billing region of the level: `T12-L1` is thoracic, `L5-S1` lumbar.
    pub fn region(self) -> Segment {
        self.upper.segment
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lower {
            Some(low) => write!(f, "{}-{}", self.upper, low),
            None => write!(f, "{}", self.upper),
        }
    }
}

/// Error for a string that is not a canonical level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelParseError(String);

impl fmt::Display for LevelParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a canonical level (expected e.g. L4-L5, L5-S1, S1)",
            self.0
        )
    }
}

impl std::error::Error for LevelParseError {}

impl std::str::FromStr for Level {
    type Err = LevelParseError;
    fn from_str(s: &str) -> Result<Level, LevelParseError> {
        let err = || LevelParseError(s.to_string());
        match s.split_once('-') {
            None => {
                let v = Vertebra::parse(s).ok_or_else(err)?;
                if v.segment != Segment::S || s.chars().any(|c| c.is_ascii_lowercase()) {
                    return Err(err());
                }
                Ok(Level {
                    upper: v,
                    lower: None,
                })
            }
            Some((a, b)) => {
                if s.chars().any(|c| c.is_ascii_lowercase()) {
                    return Err(err());
                }
                let up = Vertebra::parse(a).ok_or_else(err)?;
                let low = Vertebra::parse(b).ok_or_else(err)?;
                if up.segment == Segment::S || up.next() != Some(low) {
                    return Err(err());
                }
                Ok(Level {
                    upper: up,
                    lower: Some(low),
                })
            }
        }
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Level, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trip() {
        for s in [
            "L4-L5", "L5-S1", "S1", "S2", "C6-C7", "C7-T1", "T12-L1", "T11-T12",
        ] {
            assert_eq!(s.parse::<Level>().unwrap().to_string(), s);
        }
        for s in ["L4-5", "L4-L6", "l4-l5", "L5", "S1-S2", "L6-S1", "", "-"] {
            assert!(s.parse::<Level>().is_err(), "{s}");
        }
    }

    #[test]
    fn roots_map_to_their_foramen() {
        let f = |seg, n| Level::for_root(seg, n).unwrap().to_string();
        assert_eq!(f(Segment::L, 5), "L5-S1");
        assert_eq!(f(Segment::L, 4), "L4-L5");
        assert_eq!(f(Segment::S, 1), "S1");
        assert_eq!(f(Segment::C, 6), "C5-C6");
        assert_eq!(f(Segment::C, 8), "C7-T1");
        assert_eq!(f(Segment::T, 12), "T12-L1");
        assert!(Level::for_root(Segment::C, 1).is_none());
    }

    #[test]
    fn sorts_cranial_first() {
        let mut v: Vec<Level> = ["S1", "L5-S1", "L4-L5", "C6-C7"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|l| l.to_string()).collect();
        assert_eq!(s, ["C6-C7", "L4-L5", "L5-S1", "S1"]);
    }
}
