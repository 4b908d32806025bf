//! Lexicons: every term list, header variant, context trigger and regex
//! pattern the scanner uses, read from tab-separated files in `lexicons/`.
//!
//! The files are embedded as defaults ([`Lexicons::default`]) and any of them
//! can be replaced from a directory ([`Lexicons::from_dir`]). Loading is
//! strict: a wrong column count, an unknown vocabulary value, a duplicate term
//! or a pattern that does not compile is a [`LexiconError`] naming the file
//! and line.
//!
//! ```
//! let lex = notescan::Lexicons::default();
//! assert!(lex.term_count() > 100);
//! ```

use crate::facts::{Approach, Imaging, Modality, Region, Role};
use crate::vocab::{
    Assertion, ContrastKind, Cue, Direction, ObjectiveKind, RadicularKind, SectionName,
    SedationKind, SideKind,
};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

crate::vocab::vocab! {
    /// Mention categories, as named in JSON output and in `context.tsv`'s
    /// allowed-categories column.
    Category {
        Header = "header",
        Trigger = "trigger",
        Approach = "approach",
        Region = "region",
        Imaging = "imaging",
        Contrast = "contrast",
        Drug = "drug",
        Sedation = "sedation",
        Care = "conservative_care",
        Radicular = "radicular",
        Objective = "objective",
        Side = "side",
        Cue = "cue",
        Level = "level",
        Quantity = "quantity",
        PainScore = "pain_score",
        Duration = "duration",
        Percent = "percent",
        StrengthGrade = "strength_grade",
    }
}

/// What a lexicon term means. Small and `Copy`: tables hold the strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concept {
    /// A section header variant.
    Header(SectionName),
    /// A context trigger: index into [`Lexicons::context_rules`].
    Trigger(u16),
    /// An approach term, its rank, and whether its site has spinal levels (see `approach.tsv`).
    Approach(Approach, u8, bool),
    /// A region word.
    Region(Region),
    /// A guidance modality.
    Imaging(Imaging),
    /// A contrast term; the `u16` indexes [`Lexicons::agents`] for agents.
    Contrast(ContrastKind, u16),
    /// A drug: index into [`Lexicons::drugs`].
    Drug(u16),
    /// A sedation term.
    Sedation(SedationKind),
    /// A conservative-care term: index into [`Lexicons::care`].
    Care(u16),
    /// Radicular or axial wording.
    Radicular(RadicularKind),
    /// An objective finding.
    Objective(ObjectiveKind),
    /// A side word.
    Side(SideKind),
    /// An assembly cue.
    Cue(Cue),
}

impl Concept {
    /// The mention category of the concept.
    pub fn category(self) -> Category {
        match self {
            Concept::Header(_) => Category::Header,
            Concept::Trigger(_) => Category::Trigger,
            Concept::Approach(..) => Category::Approach,
            Concept::Region(_) => Category::Region,
            Concept::Imaging(_) => Category::Imaging,
            Concept::Contrast(..) => Category::Contrast,
            Concept::Drug(_) => Category::Drug,
            Concept::Sedation(_) => Category::Sedation,
            Concept::Care(_) => Category::Care,
            Concept::Radicular(_) => Category::Radicular,
            Concept::Objective(_) => Category::Objective,
            Concept::Side(_) => Category::Side,
            Concept::Cue(_) => Category::Cue,
        }
    }
}

/// A ConText rule: what a trigger asserts, which way, how far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextRule {
    /// The trigger text, as written in `context.tsv`.
    pub literal: String,
    /// What it asserts (or `terminate` / `pseudo`).
    pub assertion: Assertion,
    /// Scope direction.
    pub direction: Direction,
    /// Scope limit in words; `None` runs to the clause end.
    pub max_scope: Option<usize>,
    /// Categories the rule may modify; `None` for all.
    pub allowed: Option<Vec<Category>>,
}

/// A drug row: generic name and role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drug {
    /// Generic name, lower case.
    pub generic: String,
    /// Role when injected.
    pub role: Role,
}

/// A conservative-care row: the modalities a term names, or a whole course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareTerm {
    /// Modalities (a combination product names several); empty for `course`.
    pub modalities: Vec<Modality>,
}

impl CareTerm {
    /// True for a generic course term ("conservative care").
    pub fn is_course(&self) -> bool {
        self.modalities.is_empty()
    }
}

/// One literal term and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The literal: lower case, or as written when `case_sensitive`.
    pub literal: String,
    /// Match only the exact case (a row written `=PT`).
    pub case_sensitive: bool,
    /// Its meaning.
    pub concept: Concept,
}

/// What went wrong loading a lexicon file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum LexiconErrorKind {
    /// The file could not be read.
    Io(String),
    /// A row has the wrong number of columns.
    Columns {
        expected: &'static str,
        found: usize,
    },
    /// A value is not in the file's vocabulary.
    Vocabulary {
        column: &'static str,
        value: String,
        expected: String,
    },
    /// The same term appears twice in one file.
    Duplicate { literal: String, first_line: usize },
    /// A term is empty.
    Empty,
    /// A pattern does not compile or lacks a required group.
    Pattern(String),
    /// A required pattern is missing.
    MissingPattern(&'static str),
    /// A file in the override directory is not a known lexicon file.
    UnknownFile,
}

/// A lexicon file could not be loaded: names the file and the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    /// The file name (e.g. `drugs.tsv`) or path.
    pub file: String,
    /// 1-based line number; 0 when the error concerns the whole file.
    pub line: usize,
    /// What is wrong.
    pub kind: LexiconErrorKind,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.file, self.line)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        match &self.kind {
            LexiconErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            LexiconErrorKind::Columns { expected, found } => {
                write!(f, "expected {expected}, found {found} column(s)")
            }
            LexiconErrorKind::Vocabulary {
                column,
                value,
                expected,
            } => {
                write!(
                    f,
                    "unknown {column} '{value}' (expected one of: {expected})"
                )
            }
            LexiconErrorKind::Duplicate {
                literal,
                first_line,
            } => {
                write!(f, "duplicate term '{literal}' (first on line {first_line})")
            }
            LexiconErrorKind::Empty => write!(f, "empty term"),
            LexiconErrorKind::Pattern(e) => write!(f, "bad pattern: {e}"),
            LexiconErrorKind::MissingPattern(name) => {
                write!(f, "missing required pattern '{name}'")
            }
            LexiconErrorKind::UnknownFile => {
                write!(f, "not a lexicon file (known: {})", FILE_NAMES.join(", "))
            }
        }
    }
}

impl std::error::Error for LexiconError {}

/// The lexicon files, in load order, with their embedded defaults.
const FILES: &[(&str, &str)] = &[
    ("sections.tsv", include_str!("../lexicons/sections.tsv")),
    ("context.tsv", include_str!("../lexicons/context.tsv")),
    ("approach.tsv", include_str!("../lexicons/approach.tsv")),
    ("region.tsv", include_str!("../lexicons/region.tsv")),
    ("imaging.tsv", include_str!("../lexicons/imaging.tsv")),
    ("contrast.tsv", include_str!("../lexicons/contrast.tsv")),
    ("drugs.tsv", include_str!("../lexicons/drugs.tsv")),
    ("sedation.tsv", include_str!("../lexicons/sedation.tsv")),
    (
        "conservative.tsv",
        include_str!("../lexicons/conservative.tsv"),
    ),
    ("radicular.tsv", include_str!("../lexicons/radicular.tsv")),
    ("objective.tsv", include_str!("../lexicons/objective.tsv")),
    ("sides.tsv", include_str!("../lexicons/sides.tsv")),
    ("cues.tsv", include_str!("../lexicons/cues.tsv")),
    ("patterns.tsv", include_str!("../lexicons/patterns.tsv")),
];

const FILE_NAMES: &[&str] = &[
    "sections.tsv",
    "context.tsv",
    "approach.tsv",
    "region.tsv",
    "imaging.tsv",
    "contrast.tsv",
    "drugs.tsv",
    "sedation.tsv",
    "conservative.tsv",
    "radicular.tsv",
    "objective.tsv",
    "sides.tsv",
    "cues.tsv",
    "patterns.tsv",
];

/// The regex patterns the scanner requires, each with its required named groups.
pub(crate) const REQUIRED_PATTERNS: &[(&str, &[&str])] = &[
    ("level", &["a", "an"]),
    ("quantity", &["num", "unit"]),
    ("pain_score", &["v"]),
    ("duration", &["num", "unit"]),
    ("percent", &["lo"]),
    ("strength_grade", &["g"]),
];

/// All lexicon data, validated. Build a [`crate::Scanner`] from it.
#[derive(Clone, Debug)]
pub struct Lexicons {
    /// Every literal term with its meaning.
    pub terms: Vec<Term>,
    /// Context rules, indexed by [`Concept::Trigger`].
    pub context_rules: Vec<ContextRule>,
    /// Drugs, indexed by [`Concept::Drug`].
    pub drugs: Vec<Drug>,
    /// Contrast agents' generic names, indexed by [`Concept::Contrast`].
    pub agents: Vec<String>,
    /// Conservative-care rows, indexed by [`Concept::Care`].
    pub care: Vec<CareTerm>,
    /// Named regex patterns; a name may have several.
    pub patterns: HashMap<String, Vec<String>>,
}

impl Default for Lexicons {
    /// The embedded lexicons (validated by the test suite).
    fn default() -> Lexicons {
        // The embedded files are checked by tests; an empty set keeps
        // `default()` infallible should that ever be broken.
        Lexicons::embedded().unwrap_or_else(|_| Lexicons::none())
    }
}

fn embedded(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

impl Lexicons {
    /// The embedded lexicons, with errors reported rather than hidden.
    pub fn embedded() -> Result<Lexicons, LexiconError> {
        Lexicons::load(|name| Ok(Some(embedded(name).to_string())))
    }

    /// No terms, no rules, no patterns.
    pub fn none() -> Lexicons {
        Lexicons {
            terms: Vec::new(),
            context_rules: Vec::new(),
            drugs: Vec::new(),
            agents: Vec::new(),
            care: Vec::new(),
            patterns: HashMap::new(),
        }
    }

    /// Loads the embedded defaults, replacing each file that `dir` holds
    /// under the same name. Any other `.tsv` file in `dir` is an error.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Lexicons, LexiconError> {
        let dir = dir.as_ref();
        let entries = std::fs::read_dir(dir).map_err(|e| LexiconError {
            file: dir.display().to_string(),
            line: 0,
            kind: LexiconErrorKind::Io(e.to_string()),
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".tsv") && !FILE_NAMES.contains(&name) {
                return Err(LexiconError {
                    file: path.display().to_string(),
                    line: 0,
                    kind: LexiconErrorKind::UnknownFile,
                });
            }
        }
        Lexicons::load(|name| {
            let path: PathBuf = dir.join(name);
            if path.exists() {
                std::fs::read_to_string(&path)
                    .map(Some)
                    .map_err(|e| LexiconError {
                        file: path.display().to_string(),
                        line: 0,
                        kind: LexiconErrorKind::Io(e.to_string()),
                    })
            } else {
                Ok(Some(embedded(name).to_string()))
            }
        })
    }

    fn load(
        mut read: impl FnMut(&str) -> Result<Option<String>, LexiconError>,
    ) -> Result<Lexicons, LexiconError> {
        let mut lex = Lexicons::none();
        for name in FILE_NAMES {
            let text = read(name)?.unwrap_or_default();
            lex.parse_file(name, &text)?;
        }
        for (name, _) in REQUIRED_PATTERNS {
            if !lex.patterns.contains_key(*name) {
                return Err(LexiconError {
                    file: "patterns.tsv".into(),
                    line: 0,
                    kind: LexiconErrorKind::MissingPattern(name),
                });
            }
        }
        Ok(lex)
    }

    /// Number of literal terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    fn parse_file(&mut self, file: &'static str, text: &str) -> Result<(), LexiconError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let err = |kind| LexiconError {
                file: file.to_string(),
                line: line_no,
                kind,
            };
            let (literal, case_sensitive) = match cols[0].strip_prefix('=') {
                Some(exact) => (exact.to_string(), true),
                None => (cols[0].to_lowercase(), false),
            };
            if literal.is_empty() {
                return Err(err(LexiconErrorKind::Empty));
            }
            if file != "patterns.tsv" {
                if let Some(first) = seen.get(&literal.to_lowercase()) {
                    return Err(err(LexiconErrorKind::Duplicate {
                        literal,
                        first_line: *first,
                    }));
                }
                seen.insert(literal.to_lowercase(), line_no);
            }
            let need = |n: usize, m: usize, expected: &'static str| -> Result<(), LexiconError> {
                if cols.len() < n || cols.len() > m {
                    Err(err(LexiconErrorKind::Columns {
                        expected,
                        found: cols.len(),
                    }))
                } else {
                    Ok(())
                }
            };
            let vocab = |column: &'static str, value: &str, expected: String| {
                err(LexiconErrorKind::Vocabulary {
                    column,
                    value: value.to_string(),
                    expected,
                })
            };
            let concept = match file {
                "sections.tsv" => {
                    need(2, 2, "2 columns: header variant, section")?;
                    let s = SectionName::parse(cols[1])
                        .ok_or_else(|| vocab("section", cols[1], SectionName::expected()))?;
                    Concept::Header(s)
                }
                "context.tsv" => {
                    need(3, 5, "3-5 columns: trigger, assertion, direction[, max_scope[, allowed categories]]")?;
                    let assertion = Assertion::parse(cols[1])
                        .ok_or_else(|| vocab("assertion", cols[1], Assertion::expected()))?;
                    let direction = Direction::parse(cols[2])
                        .ok_or_else(|| vocab("direction", cols[2], Direction::expected()))?;
                    let max_scope = match cols.get(3) {
                        None | Some(&"-") | Some(&"") => None,
                        Some(v) => Some(
                            v.parse::<usize>()
                                .map_err(|_| vocab("max_scope", v, "a number or -".into()))?,
                        ),
                    };
                    let allowed = match cols.get(4) {
                        None | Some(&"-") | Some(&"") => None,
                        Some(v) => Some(
                            v.split(',')
                                .map(|c| {
                                    Category::parse(c.trim()).ok_or_else(|| {
                                        vocab("category", c.trim(), Category::expected())
                                    })
                                })
                                .collect::<Result<Vec<_>, _>>()?,
                        ),
                    };
                    self.context_rules.push(ContextRule {
                        literal: literal.clone(),
                        assertion,
                        direction,
                        max_scope,
                        allowed,
                    });
                    Concept::Trigger((self.context_rules.len() - 1) as u16)
                }
                "approach.tsv" => {
                    need(
                        2,
                        4,
                        "2-4 columns: term, approach[, rank 0-9[, site spinal|none]]",
                    )?;
                    let approach = parse_serde(cols[1]).ok_or_else(|| {
                        vocab("approach", cols[1], "transforaminal, interlaminar, caudal, facet, medial_branch, radiofrequency, sacroiliac, other".into())
                    })?;
                    let rank = match cols.get(2) {
                        None => 1,
                        Some(r) => r
                            .parse::<u8>()
                            .ok()
                            .filter(|r| *r <= 9)
                            .ok_or_else(|| vocab("rank", r, "a number 0-9".into()))?,
                    };
                    let spinal = match cols.get(3).copied() {
                        None | Some("spinal") => true,
                        Some("none") => false,
                        Some(other) => return Err(vocab("site", other, "spinal, none".into())),
                    };
                    Concept::Approach(approach, rank, spinal)
                }
                "region.tsv" => {
                    need(2, 2, "2 columns: term, region")?;
                    Concept::Region(parse_serde(cols[1]).ok_or_else(|| {
                        vocab(
                            "region",
                            cols[1],
                            "lumbar, sacral, cervical, thoracic".into(),
                        )
                    })?)
                }
                "imaging.tsv" => {
                    need(2, 2, "2 columns: term, imaging")?;
                    Concept::Imaging(parse_serde(cols[1]).ok_or_else(|| {
                        vocab("imaging", cols[1], "fluoroscopy, ct, ultrasound".into())
                    })?)
                }
                "contrast.tsv" => {
                    need(2, 3, "2-3 columns: term, kind[, agent generic name]")?;
                    let kind = ContrastKind::parse(cols[1])
                        .ok_or_else(|| vocab("kind", cols[1], ContrastKind::expected()))?;
                    let mut idx = 0u16;
                    if kind == ContrastKind::Agent {
                        let agent = cols.get(2).copied().unwrap_or("");
                        if agent.is_empty() || agent.chars().any(|c| c.is_ascii_uppercase()) {
                            return Err(vocab("agent", agent, "a lower-case generic name".into()));
                        }
                        idx = intern(&mut self.agents, agent);
                    } else if cols.len() == 3 {
                        return Err(err(LexiconErrorKind::Columns {
                            expected: "2 columns for a kind other than agent",
                            found: 3,
                        }));
                    }
                    Concept::Contrast(kind, idx)
                }
                "drugs.tsv" => {
                    need(3, 3, "3 columns: term, generic name, role")?;
                    let role: Role = parse_serde(cols[2]).ok_or_else(|| {
                        vocab("role", cols[2], "steroid, anesthetic, other".into())
                    })?;
                    if cols[1].is_empty() || cols[1].chars().any(|c| c.is_ascii_uppercase()) {
                        return Err(vocab(
                            "generic name",
                            cols[1],
                            "a lower-case generic name".into(),
                        ));
                    }
                    let idx = match self.drugs.iter().position(|d| d.generic == cols[1]) {
                        Some(i) => {
                            if self.drugs[i].role != role {
                                return Err(vocab(
                                    "role",
                                    cols[2],
                                    format!("{:?} as on the drug's first row", self.drugs[i].role)
                                        .to_lowercase(),
                                ));
                            }
                            i
                        }
                        None => {
                            self.drugs.push(Drug {
                                generic: cols[1].to_string(),
                                role,
                            });
                            self.drugs.len() - 1
                        }
                    };
                    Concept::Drug(idx as u16)
                }
                "sedation.tsv" => {
                    need(2, 2, "2 columns: term, level")?;
                    Concept::Sedation(
                        SedationKind::parse(cols[1])
                            .ok_or_else(|| vocab("level", cols[1], SedationKind::expected()))?,
                    )
                }
                "conservative.tsv" => {
                    need(2, 2, "2 columns: term, modality[,modality] or course")?;
                    let modalities = if cols[1] == "course" {
                        Vec::new()
                    } else {
                        cols[1]
                            .split(',')
                            .map(|m| {
                                parse_serde::<Modality>(m.trim())
                                    .ok_or_else(|| vocab("modality", m.trim(), "a contract modality (physical_therapy, nsaid, ...) or course".into()))
                            })
                            .collect::<Result<Vec<_>, _>>()?
                    };
                    self.care.push(CareTerm { modalities });
                    Concept::Care((self.care.len() - 1) as u16)
                }
                "radicular.tsv" => {
                    need(2, 2, "2 columns: term, kind")?;
                    Concept::Radicular(
                        RadicularKind::parse(cols[1])
                            .ok_or_else(|| vocab("kind", cols[1], RadicularKind::expected()))?,
                    )
                }
                "objective.tsv" => {
                    need(2, 2, "2 columns: term, kind")?;
                    Concept::Objective(
                        ObjectiveKind::parse(cols[1])
                            .ok_or_else(|| vocab("kind", cols[1], ObjectiveKind::expected()))?,
                    )
                }
                "sides.tsv" => {
                    need(2, 2, "2 columns: term, side")?;
                    Concept::Side(
                        SideKind::parse(cols[1])
                            .ok_or_else(|| vocab("side", cols[1], SideKind::expected()))?,
                    )
                }
                "cues.tsv" => {
                    need(2, 2, "2 columns: term, cue[,cue]")?;
                    let mut cues = Vec::new();
                    for c in cols[1].split(',').map(str::trim) {
                        cues.push(Cue::parse(c).ok_or_else(|| vocab("cue", c, Cue::expected()))?);
                    }
                    let last = cues
                        .pop()
                        .ok_or_else(|| vocab("cue", cols[1], Cue::expected()))?;
                    for c in cues {
                        self.terms.push(Term {
                            literal: literal.clone(),
                            case_sensitive,
                            concept: Concept::Cue(c),
                        });
                    }
                    Concept::Cue(last)
                }
                "patterns.tsv" => {
                    // name <TAB> regex (the regex may itself hold no tab)
                    need(2, 2, "2 columns: pattern name, regex")?;
                    let name = cols[0];
                    if !REQUIRED_PATTERNS.iter().any(|(n, _)| *n == name) {
                        let known: Vec<&str> = REQUIRED_PATTERNS.iter().map(|(n, _)| *n).collect();
                        return Err(vocab("pattern name", name, known.join(", ")));
                    }
                    let re = regex::Regex::new(cols[1])
                        .map_err(|e| err(LexiconErrorKind::Pattern(e.to_string())))?;
                    let groups = REQUIRED_PATTERNS
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, g)| *g)
                        .unwrap_or(&[]);
                    for g in groups {
                        if !re.capture_names().flatten().any(|n| n == *g) {
                            return Err(err(LexiconErrorKind::Pattern(format!(
                                "{name} lacks the named group (?P<{g}>...)"
                            ))));
                        }
                    }
                    self.patterns
                        .entry(name.to_string())
                        .or_default()
                        .push(cols[1].to_string());
                    continue;
                }
                _ => continue,
            };
            self.terms.push(Term {
                literal,
                case_sensitive,
                concept,
            });
        }
        Ok(())
    }
}

fn intern(table: &mut Vec<String>, value: &str) -> u16 {
    match table.iter().position(|v| v == value) {
        Some(i) => i as u16,
        None => {
            table.push(value.to_string());
            (table.len() - 1) as u16
        }
    }
}

/// Parses a contract vocabulary value through its serde spelling.
fn parse_serde<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load() {
        let lex = Lexicons::embedded().unwrap();
        assert!(lex.term_count() > 300, "{}", lex.term_count());
        assert!(lex.context_rules.len() > 40);
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut lex = Lexicons::none();
        let e = lex
            .parse_file("drugs.tsv", "# c\nkenalog\ttriamcinolone\tsteriod\n")
            .unwrap_err();
        assert_eq!(e.file, "drugs.tsv");
        assert_eq!(e.line, 2);
        assert!(
            e.to_string()
                .starts_with("drugs.tsv:2: unknown role 'steriod'"),
            "{e}"
        );
        let e = lex
            .parse_file("sides.tsv", "left\tleft\nLeft\tleft\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(matches!(
            e.kind,
            LexiconErrorKind::Duplicate { first_line: 1, .. }
        ));
        let e = lex.parse_file("cues.tsv", "skin\n").unwrap_err();
        assert!(matches!(e.kind, LexiconErrorKind::Columns { found: 1, .. }));
        let e = lex.parse_file("patterns.tsv", "level\t([\n").unwrap_err();
        assert!(matches!(e.kind, LexiconErrorKind::Pattern(_)));
        let e = lex
            .parse_file("patterns.tsv", "# x\nlevel\t(?P<a>L)\\d\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string().contains("lacks the named group (?P<an>"),
            "{e}"
        );
    }

    #[test]
    fn override_dir_replaces_a_file_and_rejects_unknown_files() {
        let dir = std::env::temp_dir().join(format!("notescan-lex-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("sides.tsv"), "left\tleft\nright\tright\n").unwrap();
        let lex = Lexicons::from_dir(&dir).unwrap();
        let sides = lex
            .terms
            .iter()
            .filter(|t| matches!(t.concept, Concept::Side(_)))
            .count();
        assert_eq!(sides, 2);
        std::fs::write(dir.join("sidez.tsv"), "x\tleft\n").unwrap();
        let e = Lexicons::from_dir(&dir).unwrap_err();
        assert!(matches!(e.kind, LexiconErrorKind::UnknownFile));
        std::fs::write(dir.join("sidez.tsv"), "").unwrap();
        std::fs::remove_file(dir.join("sidez.tsv")).unwrap();
        std::fs::write(dir.join("sides.tsv"), "left\tleft\nright\twrong\n").unwrap();
        let e = Lexicons::from_dir(&dir).unwrap_err();
        assert!(e.file.ends_with("sides.tsv") && e.line == 2, "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
