//! The accuracy evaluator behind `notescan eval`: scanned [`Facts`] against
//! gold annotations.
//!
//! # Flow
//! 1. [`load_corpus`] reads every `<id>.txt` / `<id>.gold.json` pair of one or
//!    more corpus folders. A gold file that breaks the contract (bad JSON,
//!    unknown vocabulary, a non-canonical level, a missing or unknown key, an
//!    `id` that is not the file's) becomes a [`CorpusError`] naming the file
//!    and the key path; so does a note without gold, a gold file without a
//!    note, and an unreadable file. Such a note is left out of every figure.
//! 2. [`Evaluation::add`] compares one note's scan with its gold (and keeps
//!    the differences, with the evidence spans behind the scanned values);
//!    [`Evaluation::add_error`] records a corpus error.
//! 3. [`Evaluation::report`] gives a [`Report`] with every figure, printable
//!    as text ([`Report::to_text`], [`Report::render`]), confusion tables
//!    ([`Report::confusion_text`]), per-note differences
//!    ([`Report::diff_text`]) and JSON ([`Report::to_json`]).
//!
//! # Measures
//! - **Scalar fields** ([`SCALAR_FIELDS`]): accuracy over notes, plus a
//!   confusion map gold value → scanned value → count. `clinical.prior_relief`
//!   is a scalar: equal when both are `null`, or both are objects with equal
//!   `percent` and `weeks`.
//! - **List fields** ([`LIST_MEASURES`]): micro precision, recall and F1 over
//!   the corpus. Each measure projects every list entry onto some keys (for
//!   example `procedure.injectates[drug,dose_mg]`) and matches gold and
//!   scanned entries of the same note as **multisets**: a duplicate counts
//!   (two scanned `8/10 pre` against one gold is one true positive and one
//!   false positive). `procedure.targets[level]` is the multiset of the
//!   targets' levels (a bilateral level counts twice; a `null` level is a
//!   value like any other). Order inside a list is ignored.
//! - **Checklist**: accuracy per item and overall (every item of every note).
//! - **Codes**: the exact-match rate per note (the code lists equal as
//!   multisets of lines, order ignored), and micro P/R/F1 over
//!   `(code, modifier, units)` lines.
//! - **Headline**: the mean of (mean scalar accuracy, mean list F1 over
//!   [`LIST_MEASURES`], overall checklist accuracy, code exact-match rate).
//!
//! Numbers compare numerically with a tolerance of [`TOLERANCE`] (`10` equals
//! `10.0`); strings and vocabulary values compare exactly.
//!
//! # Conventions for empty measures
//! - Precision is `tp / (tp + fp)` and recall `tp / (tp + fn)`. When a
//!   denominator is 0 the ratio is **1.0 if the measure saw no error at all**
//!   (gold and scan both empty across the corpus: no opportunity, no error)
//!   and 0.0 otherwise. F1 is `2PR / (P + R)`, 0.0 when `P + R = 0`. See [`prf`].
//! - An accuracy over no item (only possible with no note) is 1.0 by the same
//!   rule, but the **headline is 0.0 when no note was evaluated**, so an empty
//!   or entirely broken corpus never passes a `--min-headline` gate.
//!
//! # Field names
//! Figures and differences are named by dotted contract paths
//! (`procedure.contrast.used`, `clinical.prior_relief`, `checklist.pain_scores`,
//! `codes`); list measures add the projected keys in brackets
//! (`procedure.targets[level,side]`). A field filter `NAME` (as in
//! `--field NAME`) selects every field whose dotted segments contain NAME's
//! segments as a contiguous run: `approach` selects `procedure.approach`,
//! `contrast` every `procedure.contrast.*`, `targets` both targets measures,
//! `targets[level]` just that one, `objective_support` both
//! `clinical.objective_support` and `checklist.objective_support`.
//!
//! ```
//! use notescan::eval::{Evaluation, EvidenceRef};
//! use notescan::Facts;
//! let gold = Facts::default();
//! let mut scanned = Facts::default();
//! scanned.procedure.performed = true;
//! let mut ev = Evaluation::new();
//! let note = "Procedure performed.";
//! let evidence = [EvidenceRef::in_text("procedure.performed", 0, 9, note)];
//! ev.add("n1", &gold, &scanned, &evidence);
//! let report = ev.report();
//! assert_eq!(report.scalars[0].name, "procedure.performed");
//! assert_eq!(report.scalars[0].correct, 0);
//! assert!(report.diff_text(None).contains("0..9 \"Procedure\""));
//! assert!(report.to_text().trim_end().ends_with(&format!("headline: {:.4}", report.headline)));
//! ```

use crate::facts::{Facts, FactsError};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Two numbers closer than this are equal.
pub const TOLERANCE: f64 = 1e-6;

/// The scalar fields scored by accuracy, in contract order.
pub const SCALAR_FIELDS: [&str; 13] = [
    "procedure.performed",
    "procedure.approach",
    "procedure.region",
    "procedure.imaging",
    "procedure.contrast.used",
    "procedure.contrast.agent",
    "procedure.contrast.epidural_spread",
    "procedure.contrast.vascular_uptake",
    "procedure.sedation",
    "clinical.radicular",
    "clinical.axial_only",
    "clinical.objective_support",
    "clinical.prior_relief",
];

/// The checklist items as contract paths, in [`crate::facts::Checklist::items`] order.
pub const CHECKLIST_FIELDS: [&str; 12] = [
    "checklist.radicular_pain",
    "checklist.objective_support",
    "checklist.conservative_care",
    "checklist.level_and_side",
    "checklist.imaging_guidance",
    "checklist.contrast_or_reason",
    "checklist.injectate_and_dose",
    "checklist.pain_scores",
    "checklist.repeat_benefit",
    "checklist.code_match",
    "checklist.level_limit",
    "checklist.not_axial_only",
];

/// A list measure: the list's contract path and the keys each entry is projected on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListMeasure {
    /// Contract path of the list (`procedure.targets`).
    pub list: &'static str,
    /// Keys of an entry that make up the compared item.
    pub keys: &'static [&'static str],
}

impl ListMeasure {
    /// The measure's name: `list[key,key]`.
    pub fn name(&self) -> String {
        format!("{}[{}]", self.list, self.keys.join(","))
    }
}

/// The list measures whose F1 enters the headline, in report order.
pub const LIST_MEASURES: [ListMeasure; 9] = [
    ListMeasure {
        list: "procedure.targets",
        keys: &["level", "side"],
    },
    ListMeasure {
        list: "procedure.targets",
        keys: &["level"],
    },
    ListMeasure {
        list: "procedure.injectates",
        keys: &["drug"],
    },
    ListMeasure {
        list: "procedure.injectates",
        keys: &["drug", "dose_mg"],
    },
    ListMeasure {
        list: "procedure.injectates",
        keys: &["drug", "volume_ml"],
    },
    ListMeasure {
        list: "clinical.pain_scores",
        keys: &["value", "scale_max", "timing"],
    },
    ListMeasure {
        list: "clinical.pain_scores",
        keys: &["value"],
    },
    ListMeasure {
        list: "clinical.conservative_care",
        keys: &["modality"],
    },
    ListMeasure {
        list: "clinical.conservative_care",
        keys: &["modality", "weeks"],
    },
];

/// The code-line measure (reported with the codes, not in the list mean).
pub const CODE_LINES: ListMeasure = ListMeasure {
    list: "codes",
    keys: &["code", "modifier", "units"],
};

/// Every contract field the diff compares, in contract order, and whether it is a list.
const DIFF_FIELDS: [(&str, bool); 30] = [
    ("procedure.performed", false),
    ("procedure.approach", false),
    ("procedure.region", false),
    ("procedure.targets", true),
    ("procedure.imaging", false),
    ("procedure.contrast.used", false),
    ("procedure.contrast.agent", false),
    ("procedure.contrast.epidural_spread", false),
    ("procedure.contrast.vascular_uptake", false),
    ("procedure.injectates", true),
    ("procedure.sedation", false),
    ("clinical.radicular", false),
    ("clinical.axial_only", false),
    ("clinical.objective_support", false),
    ("clinical.pain_scores", true),
    ("clinical.conservative_care", true),
    ("clinical.prior_relief", false),
    ("checklist.radicular_pain", false),
    ("checklist.objective_support", false),
    ("checklist.conservative_care", false),
    ("checklist.level_and_side", false),
    ("checklist.imaging_guidance", false),
    ("checklist.contrast_or_reason", false),
    ("checklist.injectate_and_dose", false),
    ("checklist.pain_scores", false),
    ("checklist.repeat_benefit", false),
    ("checklist.code_match", false),
    ("checklist.level_limit", false),
    ("checklist.not_axial_only", false),
    ("codes", true),
];

// ---------------------------------------------------------------------------
// Corpus loading
// ---------------------------------------------------------------------------

/// One note with valid gold.
#[derive(Clone, Debug, PartialEq)]
pub struct CorpusNote {
    /// The record id (the file name without `.txt`).
    pub id: String,
    /// The corpus folder it was read from.
    pub dir: PathBuf,
    /// The note text, as written.
    pub text: String,
    /// The gold facts.
    pub gold: Facts,
}

/// A problem with a corpus file; the note concerned is left out of the figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorpusError {
    /// The file (or folder) concerned.
    #[serde(serialize_with = "path_lossy")]
    pub file: PathBuf,
    /// Key path inside a gold file, as in the file (`facts.procedure.approach`,
    /// `facts.procedure.targets[0].level`, `id`); `None` when the problem is the
    /// whole file (missing, unreadable, not JSON).
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{}: {}: {}", self.file.display(), k, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

fn path_lossy<S: Serializer>(p: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string_lossy())
}

/// The notes of one or more corpus folders, and the files that could not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corpus {
    /// Notes with a text and a valid gold file, sorted by id.
    pub notes: Vec<CorpusNote>,
    /// Every problem found, sorted by file then key.
    pub errors: Vec<CorpusError>,
}

/// Reads every `<id>.txt` and `<id>.gold.json` directly inside each folder of
/// `dirs` (not recursively; other files are ignored).
///
/// A note enters [`Corpus::notes`] only when its text is valid UTF-8 and its
/// gold file is valid JSON of the form `{"id": "<id>", "facts": {...}}` whose
/// `id` is the file's, whose keys are exactly the contract's
/// ([`check_gold_keys`]) and whose values pass [`Facts::from_json`].
/// Everything else is a [`CorpusError`]: an unreadable folder or file, a note
/// without gold, a gold file without note, a broken gold file (with its key
/// path), an id already read from an earlier folder. Never panics.
pub fn load_corpus(dirs: &[PathBuf]) -> Corpus {
    let mut corpus = Corpus::default();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                corpus.errors.push(file_error(
                    dir,
                    format!("cannot read the corpus folder: {e}"),
                ));
                continue;
            }
        };
        // id -> (text file, gold file)
        let mut pairs: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    corpus.errors.push(file_error(
                        dir,
                        format!("cannot list the corpus folder: {e}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let (id, is_gold) = if let Some(id) = name.strip_suffix(".gold.json") {
                (id.to_string(), true)
            } else if let Some(id) = name.strip_suffix(".txt") {
                (id.to_string(), false)
            } else {
                continue;
            };
            if !path.is_file() {
                continue;
            }
            if entry.file_name().to_str().is_none() {
                corpus.errors.push(file_error(
                    &path,
                    "the file name is not valid UTF-8".to_string(),
                ));
                continue;
            }
            let slot = pairs.entry(id).or_default();
            if is_gold {
                slot.1 = Some(path);
            } else {
                slot.0 = Some(path);
            }
        }
        for (id, (txt, gold)) in pairs {
            match (txt, gold) {
                (Some(txt), None) => corpus.errors.push(file_error(
                    &txt,
                    format!("no gold file (expected {id}.gold.json beside it)"),
                )),
                (None, Some(gold)) => corpus.errors.push(file_error(
                    &gold,
                    format!("no note text (expected {id}.txt beside it)"),
                )),
                (None, None) => {}
                (Some(txt), Some(gold)) => {
                    if let Some(first) = seen.get(&id) {
                        let message =
                            format!("duplicate id `{id}`: already read from {}", first.display());
                        corpus.errors.push(file_error(&txt, message));
                        continue;
                    }
                    seen.insert(id.clone(), dir.clone());
                    let text = read_text(&txt).map_err(|e| corpus.errors.push(e)).ok();
                    let facts = read_gold(&gold, &id)
                        .map_err(|e| corpus.errors.push(e))
                        .ok();
                    if let (Some(text), Some(gold)) = (text, facts) {
                        corpus.notes.push(CorpusNote {
                            id,
                            dir: dir.clone(),
                            text,
                            gold,
                        });
                    }
                }
            }
        }
    }
    corpus
        .notes
        .sort_by(|a, b| (&a.id, &a.dir).cmp(&(&b.id, &b.dir)));
    corpus
        .errors
        .sort_by(|a, b| (&a.file, &a.key, &a.message).cmp(&(&b.file, &b.key, &b.message)));
    corpus
}

fn file_error(file: &Path, message: String) -> CorpusError {
    CorpusError {
        file: file.to_path_buf(),
        key: None,
        message,
    }
}

fn read_text(path: &Path) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| file_error(path, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| file_error(path, format!("not valid UTF-8: {e}")))
}

/// Reads and validates one gold file whose name gives `id`.
fn read_gold(path: &Path, id: &str) -> Result<Facts, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| file_error(path, format!("cannot read: {e}")))?;
    let mut doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| file_error(path, format!("not valid JSON: {e}")))?;
    let keyed = |key: String, message: String| CorpusError {
        file: path.to_path_buf(),
        key: (!key.is_empty()).then_some(key),
        message,
    };
    check_gold_keys(&doc).map_err(|e| keyed(e.path, e.message))?;
    match doc.get("id") {
        Some(Value::String(s)) if s == id => {}
        Some(Value::String(s)) => {
            return Err(keyed(
                "id".into(),
                format!("`{s}` does not match the file name (`{id}`)"),
            ));
        }
        Some(other) => {
            return Err(keyed(
                "id".into(),
                format!("expected a string, found {}", kind(other)),
            ))
        }
        None => return Err(keyed("id".into(), "missing key".into())),
    }
    let facts = doc
        .as_object_mut()
        .and_then(|m| m.remove("facts"))
        .unwrap_or(Value::Null);
    Facts::from_json(facts).map_err(|e| {
        let inner = e.path.trim_start_matches('.');
        let key = if inner.is_empty() {
            "facts".to_string()
        } else {
            format!("facts.{inner}")
        };
        keyed(key, e.message)
    })
}

/// The expected shape of a JSON value, for the key walk.
enum Shape {
    /// Any value (its type and vocabulary are checked by [`Facts::from_json`]).
    Leaf,
    /// An object with exactly these keys.
    Obj(&'static [(&'static str, Shape)]),
    /// `null` or an object with exactly these keys.
    NullOr(&'static [(&'static str, Shape)]),
    /// A list of values of this shape.
    List(&'static Shape),
}

const TARGET_KEYS: &[(&str, Shape)] = &[("level", Shape::Leaf), ("side", Shape::Leaf)];
const CONTRAST_KEYS: &[(&str, Shape)] = &[
    ("used", Shape::Leaf),
    ("agent", Shape::Leaf),
    ("epidural_spread", Shape::Leaf),
    ("vascular_uptake", Shape::Leaf),
];
const INJECTATE_KEYS: &[(&str, Shape)] = &[
    ("drug", Shape::Leaf),
    ("role", Shape::Leaf),
    ("dose_mg", Shape::Leaf),
    ("volume_ml", Shape::Leaf),
    ("concentration_pct", Shape::Leaf),
];
const PROCEDURE_KEYS: &[(&str, Shape)] = &[
    ("performed", Shape::Leaf),
    ("approach", Shape::Leaf),
    ("region", Shape::Leaf),
    ("targets", Shape::List(&Shape::Obj(TARGET_KEYS))),
    ("imaging", Shape::Leaf),
    ("contrast", Shape::Obj(CONTRAST_KEYS)),
    ("injectates", Shape::List(&Shape::Obj(INJECTATE_KEYS))),
    ("sedation", Shape::Leaf),
];
const PAIN_KEYS: &[(&str, Shape)] = &[
    ("value", Shape::Leaf),
    ("scale_max", Shape::Leaf),
    ("timing", Shape::Leaf),
];
const CARE_KEYS: &[(&str, Shape)] = &[("modality", Shape::Leaf), ("weeks", Shape::Leaf)];
const RELIEF_KEYS: &[(&str, Shape)] = &[("percent", Shape::Leaf), ("weeks", Shape::Leaf)];
const CLINICAL_KEYS: &[(&str, Shape)] = &[
    ("radicular", Shape::Leaf),
    ("axial_only", Shape::Leaf),
    ("objective_support", Shape::Leaf),
    ("pain_scores", Shape::List(&Shape::Obj(PAIN_KEYS))),
    ("conservative_care", Shape::List(&Shape::Obj(CARE_KEYS))),
    ("prior_relief", Shape::NullOr(RELIEF_KEYS)),
];
const CHECKLIST_KEYS: &[(&str, Shape)] = &[
    ("radicular_pain", Shape::Leaf),
    ("objective_support", Shape::Leaf),
    ("conservative_care", Shape::Leaf),
    ("level_and_side", Shape::Leaf),
    ("imaging_guidance", Shape::Leaf),
    ("contrast_or_reason", Shape::Leaf),
    ("injectate_and_dose", Shape::Leaf),
    ("pain_scores", Shape::Leaf),
    ("repeat_benefit", Shape::Leaf),
    ("code_match", Shape::Leaf),
    ("level_limit", Shape::Leaf),
    ("not_axial_only", Shape::Leaf),
];
const CODE_KEYS: &[(&str, Shape)] = &[
    ("code", Shape::Leaf),
    ("modifier", Shape::Leaf),
    ("units", Shape::Leaf),
];
const FACTS_KEYS: &[(&str, Shape)] = &[
    ("procedure", Shape::Obj(PROCEDURE_KEYS)),
    ("clinical", Shape::Obj(CLINICAL_KEYS)),
    ("checklist", Shape::Obj(CHECKLIST_KEYS)),
    ("codes", Shape::List(&Shape::Obj(CODE_KEYS))),
];
const GOLD_KEYS: &[(&str, Shape)] = &[("id", Shape::Leaf), ("facts", Shape::Obj(FACTS_KEYS))];

/// Walks a whole gold document (`{"id": ..., "facts": {...}}`) against the
/// contract's key set: every key of the contract example must be present at
/// every level (`procedure.*`, `procedure.contrast.*`, each target's 2 keys,
/// each injectate's 5, `clinical.*`, each pain score's 3, each care entry's 2,
/// `prior_relief`'s 2 when it is not `null`, the checklist's 12, each code
/// line's 3), and no other key may appear. Containers must be objects or lists
/// as in the contract; leaf values are not checked here (that is
/// [`Facts::from_json`]'s job, which on its own reads a missing optional key
/// as `null`).
///
/// The first violation is returned, in contract order, with the path of the
/// key in the document (`facts.procedure.sedation`,
/// `facts.procedure.injectates[1].concentration_pct`); the path is empty when
/// the document itself is not an object.
///
/// ```
/// use serde_json::json;
/// let doc = json!({"id": "x", "facts": {"procedure": {}, "clinical": {}, "checklist": {}, "codes": []}});
/// let err = notescan::eval::check_gold_keys(&doc).unwrap_err();
/// assert_eq!(err.path, "facts.procedure.performed");
/// assert_eq!(err.message, "missing key");
/// ```
pub fn check_gold_keys(value: &Value) -> Result<(), FactsError> {
    walk(value, &Shape::Obj(GOLD_KEYS), String::new())
}

fn walk(value: &Value, shape: &Shape, path: String) -> Result<(), FactsError> {
    let fail = |path: String, message: String| Err(FactsError { path, message });
    let keys = match (shape, value) {
        (Shape::Leaf, _) => return Ok(()),
        (Shape::NullOr(_), Value::Null) => return Ok(()),
        (Shape::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, item, format!("{path}[{i}]"))?;
            }
            return Ok(());
        }
        (Shape::List(_), other) => {
            return fail(path, format!("expected a list, found {}", kind(other)))
        }
        (Shape::Obj(keys) | Shape::NullOr(keys), Value::Object(map)) => (keys, map),
        (Shape::NullOr(_), other) => {
            return fail(
                path,
                format!("expected an object or null, found {}", kind(other)),
            );
        }
        (Shape::Obj(_), other) => {
            return fail(path, format!("expected an object, found {}", kind(other)))
        }
    };
    let (keys, map) = keys;
    let child = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    for (k, _) in keys.iter() {
        if !map.contains_key(*k) {
            return fail(child(k), "missing key".into());
        }
    }
    let mut unknown: Vec<&String> = map
        .keys()
        .filter(|k| !keys.iter().any(|(c, _)| c == k))
        .collect();
    unknown.sort();
    if let Some(k) = unknown.first() {
        let expected: Vec<&str> = keys.iter().map(|(c, _)| *c).collect();
        return fail(
            child(k),
            format!("unknown key (expected one of: {})", expected.join(", ")),
        );
    }
    for (k, sub) in keys.iter() {
        if let Some(v) = map.get(*k) {
            walk(v, sub, child(k))?;
        }
    }
    Ok(())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

// ---------------------------------------------------------------------------
// Comparison helpers
// ---------------------------------------------------------------------------

/// Precision, recall and F1 from true positives, false positives and false
/// negatives. A ratio whose denominator is 0 is 1.0 when there is no error at
/// all (`tp = fp = fn = 0`: nothing to find and nothing found) and 0.0
/// otherwise; F1 is 0.0 when precision and recall are both 0.
///
/// ```
/// use notescan::eval::prf;
/// assert_eq!(prf(1, 1, 1), (0.5, 0.5, 0.5));
/// assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
/// assert_eq!(prf(0, 2, 0), (0.0, 0.0, 0.0));
/// ```
pub fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let clean = fp == 0 && fn_ == 0;
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            if clean {
                1.0
            } else {
                0.0
            }
        } else {
            num as f64 / den as f64
        }
    };
    let p = ratio(tp, tp + fp);
    let r = ratio(tp, tp + fn_);
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// `num / den`, or 1.0 when `den` is 0 (nothing to get wrong).
fn accuracy(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// Structural JSON equality, numbers within [`TOLERANCE`], object key order ignored.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() <= TOLERANCE,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The value at a dotted path (`Null` when absent).
fn at<'v>(v: &'v Value, path: &str) -> &'v Value {
    static NULL: Value = Value::Null;
    path.split('.')
        .try_fold(v, |v, k| v.get(k))
        .unwrap_or(&NULL)
}

/// A human label: strings bare, numbers without a needless fraction, the rest as JSON.
fn label(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        other => compact(other),
    }
}

/// Contract order of the keys of list entries and `prior_relief`, for display.
const KEY_ORDER: [&str; 16] = [
    "level",
    "side",
    "drug",
    "role",
    "dose_mg",
    "volume_ml",
    "concentration_pct",
    "value",
    "scale_max",
    "timing",
    "modality",
    "percent",
    "weeks",
    "code",
    "modifier",
    "units",
];

/// Compact JSON with object keys in contract order (whatever the `Map` order).
fn compact(v: &Value) -> String {
    let mut out = String::new();
    write_compact(&mut out, v);
    out
}

fn write_compact(out: &mut String, v: &Value) {
    match v {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_compact(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            let rank = |k: &str| {
                KEY_ORDER
                    .iter()
                    .position(|o| *o == k)
                    .unwrap_or(KEY_ORDER.len())
            };
            keys.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                if let Some(x) = map.get(*k) {
                    write_compact(out, x);
                }
            }
            out.push('}');
        }
        leaf => out.push_str(&serde_json::to_string(leaf).unwrap_or_default()),
    }
}

fn facts_value(f: &Facts) -> Value {
    serde_json::to_value(f).unwrap_or(Value::Null)
}

/// The entries of the list at `path` (empty when absent).
fn entries<'v>(v: &'v Value, path: &str) -> &'v [Value] {
    at(v, path).as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// Each entry of a list projected on `keys`.
fn project(list: &[Value], keys: &[&str]) -> Vec<Value> {
    list.iter()
        .map(|e| {
            if keys.len() == 1 {
                at(e, keys[0]).clone()
            } else {
                Value::Array(keys.iter().map(|k| at(e, k).clone()).collect())
            }
        })
        .collect()
}

/// A projected item's label: a single value bare, several as `(a, b)`.
fn item_label(v: &Value) -> String {
    match v {
        Value::Array(parts) => format!(
            "({})",
            parts.iter().map(label).collect::<Vec<_>>().join(", ")
        ),
        other => label(other),
    }
}

/// Multiset matching: each gold item takes the first unused equal scanned item.
/// Returns (matched gold indices, unmatched gold indices, unmatched scanned indices).
fn match_items(gold: &[Value], scanned: &[Value]) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let mut used = vec![false; scanned.len()];
    let (mut hit, mut missed) = (Vec::new(), Vec::new());
    for (gi, g) in gold.iter().enumerate() {
        match scanned
            .iter()
            .enumerate()
            .position(|(si, s)| !used[si] && json_eq(g, s))
        {
            Some(si) => {
                used[si] = true;
                hit.push(gi);
            }
            None => missed.push(gi),
        }
    }
    let extra = used
        .iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(i, _)| i)
        .collect();
    (hit, missed, extra)
}

/// True when `name` selects `field` (see the module docs on field names).
pub fn field_matches(field: &str, name: &str) -> bool {
    let base = |s: &str| s.split('[').next().unwrap_or("").to_string();
    let seg_eq = |f: &str, n: &str| {
        if n.contains('[') {
            f == n || (!f.contains('[') && base(f) == base(n))
        } else {
            base(f) == n
        }
    };
    let fs: Vec<&str> = field.split('.').collect();
    let ns: Vec<&str> = name.split('.').collect();
    if name.is_empty() || ns.len() > fs.len() {
        return false;
    }
    fs.windows(ns.len())
        .any(|w| w.iter().zip(&ns).all(|(f, n)| seg_eq(f, n)))
}

/// `a` is `b`, or one is a dotted parent of the other.
fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}.")) || b.starts_with(&format!("{a}."))
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

/// One piece of evidence behind a scanned value, borrowed from the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvidenceRef<'a> {
    /// Dotted contract path of the field it supports (`procedure.targets`).
    pub field: &'a str,
    /// First byte in the note.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The quoted text (`&note[start..end]`).
    pub text: &'a str,
}

impl<'a> EvidenceRef<'a> {
    /// Evidence for `field` at `start..end` of `note`; the quote is empty when
    /// the range is not a valid slice of `note` (never panics).
    pub fn in_text(field: &'a str, start: usize, end: usize, note: &'a str) -> EvidenceRef<'a> {
        EvidenceRef {
            field,
            start,
            end,
            text: note.get(start..end).unwrap_or(""),
        }
    }
}

/// Evidence kept with a difference: an owned [`EvidenceRef`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotedSpan {
    /// Field the scanner attached it to.
    pub field: String,
    /// First byte in the note.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The quoted text.
    pub text: String,
}

/// One field where a scan differs from gold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Dotted contract path (`procedure.approach`, `procedure.targets`, `codes`).
    pub field: String,
    /// The gold value.
    pub gold: Value,
    /// The scanned value.
    pub scanned: Value,
    /// For a list: gold entries with no equal scanned entry.
    pub missing: Vec<Value>,
    /// For a list: scanned entries with no equal gold entry.
    pub extra: Vec<Value>,
    /// The scan's evidence whose field is this field, a parent or a child of it.
    pub evidence: Vec<QuotedSpan>,
}

/// All differences of one note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteDiff {
    /// The record id.
    pub id: String,
    /// Differences in contract order (lists compared as multisets of whole
    /// entries, so an order-only difference is not one).
    pub differences: Vec<Difference>,
}

#[derive(Clone, Debug, Default)]
struct Tally {
    correct: usize,
    total: usize,
    confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Tally {
    fn record(&mut self, gold: &Value, scanned: &Value) -> bool {
        let ok = json_eq(gold, scanned);
        self.total += 1;
        self.correct += usize::from(ok);
        // An equal pair lands on the diagonal even if the labels differ within tolerance.
        let g = label(gold);
        let s = if ok { g.clone() } else { label(scanned) };
        *self.confusion.entry(g).or_default().entry(s).or_default() += 1;
        ok
    }

    fn figure(&self, name: &str) -> ScalarFigure {
        ScalarFigure {
            name: name.to_string(),
            correct: self.correct,
            total: self.total,
            accuracy: accuracy(self.correct, self.total),
            confusion: self.confusion.clone(),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct ListTally {
    tp: usize,
    fp: usize,
    fn_: usize,
    by_value: BTreeMap<String, ValueCounts>,
}

impl ListTally {
    /// Adds one note; true when its items match exactly.
    fn record(&mut self, gold: &[Value], scanned: &[Value]) -> bool {
        let (hit, missed, extra) = match_items(gold, scanned);
        self.tp += hit.len();
        self.fn_ += missed.len();
        self.fp += extra.len();
        for &i in &hit {
            self.by_value.entry(item_label(&gold[i])).or_default().tp += 1;
        }
        for &i in &missed {
            self.by_value.entry(item_label(&gold[i])).or_default().fn_ += 1;
        }
        for &i in &extra {
            self.by_value.entry(item_label(&scanned[i])).or_default().fp += 1;
        }
        missed.is_empty() && extra.is_empty()
    }

    fn figure(&self, name: String) -> ListFigure {
        let (precision, recall, f1) = prf(self.tp, self.fp, self.fn_);
        ListFigure {
            name,
            tp: self.tp,
            fp: self.fp,
            fn_: self.fn_,
            precision,
            recall,
            f1,
            by_value: self.by_value.clone(),
        }
    }
}

/// Accumulates note comparisons and corpus errors; [`Evaluation::report`]
/// turns them into figures.
#[derive(Clone, Debug)]
pub struct Evaluation {
    notes: usize,
    scalars: Vec<Tally>,
    lists: Vec<ListTally>,
    checklist: Vec<Tally>,
    code_exact: usize,
    code_lines: ListTally,
    errors: Vec<CorpusError>,
    diffs: Vec<NoteDiff>,
}

impl Default for Evaluation {
    fn default() -> Evaluation {
        Evaluation::new()
    }
}

impl Evaluation {
    /// An empty evaluation.
    pub fn new() -> Evaluation {
        Evaluation {
            notes: 0,
            scalars: vec![Tally::default(); SCALAR_FIELDS.len()],
            lists: vec![ListTally::default(); LIST_MEASURES.len()],
            checklist: vec![Tally::default(); CHECKLIST_FIELDS.len()],
            code_exact: 0,
            code_lines: ListTally::default(),
            errors: Vec::new(),
            diffs: Vec::new(),
        }
    }

    /// Scores one note: `scanned` against `gold`. `evidence` is the scan's
    /// evidence (field paths as in the contract); the pieces related to a
    /// differing field (same field, a parent or a child) are kept with the
    /// difference for [`Report::diff_text`].
    pub fn add(&mut self, id: &str, gold: &Facts, scanned: &Facts, evidence: &[EvidenceRef]) {
        let g = facts_value(gold);
        let s = facts_value(scanned);
        self.notes += 1;
        for (tally, path) in self.scalars.iter_mut().zip(SCALAR_FIELDS) {
            tally.record(at(&g, path), at(&s, path));
        }
        for (tally, path) in self.checklist.iter_mut().zip(CHECKLIST_FIELDS) {
            tally.record(at(&g, path), at(&s, path));
        }
        for (tally, m) in self.lists.iter_mut().zip(LIST_MEASURES.iter()) {
            tally.record(
                &project(entries(&g, m.list), m.keys),
                &project(entries(&s, m.list), m.keys),
            );
        }
        let lines = |v| project(entries(v, CODE_LINES.list), CODE_LINES.keys);
        if self.code_lines.record(&lines(&g), &lines(&s)) {
            self.code_exact += 1;
        }

        let mut differences = Vec::new();
        for (field, is_list) in DIFF_FIELDS {
            let (gv, sv) = (at(&g, field), at(&s, field));
            let (missing, extra) = if is_list {
                let (gl, sl) = (entries(&g, field), entries(&s, field));
                let (_, missed, extra) = match_items(gl, sl);
                if missed.is_empty() && extra.is_empty() {
                    continue;
                }
                (
                    missed.iter().map(|&i| gl[i].clone()).collect(),
                    extra.iter().map(|&i| sl[i].clone()).collect(),
                )
            } else {
                if json_eq(gv, sv) {
                    continue;
                }
                (Vec::new(), Vec::new())
            };
            let evidence = evidence
                .iter()
                .filter(|e| related(e.field, field))
                .map(|e| QuotedSpan {
                    field: e.field.to_string(),
                    start: e.start,
                    end: e.end,
                    text: e.text.to_string(),
                })
                .collect();
            differences.push(Difference {
                field: field.to_string(),
                gold: gv.clone(),
                scanned: sv.clone(),
                missing,
                extra,
                evidence,
            });
        }
        self.diffs.push(NoteDiff {
            id: id.to_string(),
            differences,
        });
    }

    /// Records a corpus problem: listed and counted in the report, never in a figure.
    pub fn add_error(&mut self, error: CorpusError) {
        self.errors.push(error);
    }

    /// Every figure so far.
    pub fn report(&self) -> Report {
        let scalars: Vec<ScalarFigure> = self
            .scalars
            .iter()
            .zip(SCALAR_FIELDS)
            .map(|(t, n)| t.figure(n))
            .collect();
        let lists: Vec<ListFigure> = self
            .lists
            .iter()
            .zip(LIST_MEASURES.iter())
            .map(|(t, m)| t.figure(m.name()))
            .collect();
        let checklist: Vec<ScalarFigure> = self
            .checklist
            .iter()
            .zip(CHECKLIST_FIELDS)
            .map(|(t, n)| t.figure(n))
            .collect();
        let mean = |xs: &mut dyn Iterator<Item = f64>| {
            let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
            if n == 0 {
                1.0
            } else {
                sum / n as f64
            }
        };
        let scalar_mean_accuracy = mean(&mut scalars.iter().map(|f| f.accuracy));
        let list_mean_f1 = mean(&mut lists.iter().map(|f| f.f1));
        let checklist_correct = checklist.iter().map(|f| f.correct).sum();
        let checklist_total = checklist.iter().map(|f| f.total).sum();
        let checklist_accuracy = accuracy(checklist_correct, checklist_total);
        let code_exact_match = accuracy(self.code_exact, self.notes);
        let headline = if self.notes == 0 {
            0.0
        } else {
            (scalar_mean_accuracy + list_mean_f1 + checklist_accuracy + code_exact_match) / 4.0
        };
        let mut diffs = self.diffs.clone();
        diffs.sort_by(|a, b| a.id.cmp(&b.id));
        let mut errors = self.errors.clone();
        errors.sort_by(|a, b| (&a.file, &a.key, &a.message).cmp(&(&b.file, &b.key, &b.message)));
        Report {
            notes: self.notes,
            scalars,
            scalar_mean_accuracy,
            lists,
            list_mean_f1,
            checklist,
            checklist_correct,
            checklist_total,
            checklist_accuracy,
            code_exact_matches: self.code_exact,
            code_exact_match,
            code_lines: self.code_lines.figure(CODE_LINES.name()),
            headline,
            errors,
            diffs,
        }
    }
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

/// Accuracy of one scalar field or checklist item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalarFigure {
    /// Contract path (`procedure.approach`, `checklist.pain_scores`).
    pub name: String,
    /// Notes where scan equals gold.
    pub correct: usize,
    /// Notes scored.
    pub total: usize,
    /// `correct / total` (1.0 when `total` is 0).
    pub accuracy: f64,
    /// Gold value → scanned value → number of notes (values as labels:
    /// `transforaminal`, `true`, `null`, `{"percent":70,"weeks":12}`).
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Counts for one value of a list measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ValueCounts {
    /// Matched entries (labelled by the gold entry).
    pub tp: usize,
    /// Scanned entries with no gold match.
    pub fp: usize,
    /// Gold entries with no scanned match.
    #[serde(rename = "fn")]
    pub fn_: usize,
}

/// Micro precision, recall and F1 of one list measure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListFigure {
    /// Measure name (`procedure.targets[level,side]`).
    pub name: String,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// See [`prf`] for the empty conventions.
    pub precision: f64,
    /// See [`prf`].
    pub recall: f64,
    /// See [`prf`].
    pub f1: f64,
    /// Counts per item label (`(L4-L5, right)`, `dexamethasone`).
    pub by_value: BTreeMap<String, ValueCounts>,
}

/// Every figure of an evaluation, the corpus errors and the per-note differences.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Notes scored.
    pub notes: usize,
    /// One figure per [`SCALAR_FIELDS`] entry.
    pub scalars: Vec<ScalarFigure>,
    /// Mean of the scalar accuracies.
    pub scalar_mean_accuracy: f64,
    /// One figure per [`LIST_MEASURES`] entry.
    pub lists: Vec<ListFigure>,
    /// Mean of the list F1s.
    pub list_mean_f1: f64,
    /// One figure per checklist item ([`CHECKLIST_FIELDS`]).
    pub checklist: Vec<ScalarFigure>,
    /// Checklist items right, over all notes.
    pub checklist_correct: usize,
    /// Checklist items scored (12 per note).
    pub checklist_total: usize,
    /// `checklist_correct / checklist_total`.
    pub checklist_accuracy: f64,
    /// Notes whose code list equals gold.
    pub code_exact_matches: usize,
    /// `code_exact_matches / notes`.
    pub code_exact_match: f64,
    /// Micro P/R/F1 over `(code, modifier, units)` lines.
    pub code_lines: ListFigure,
    /// Mean of (scalar mean accuracy, list mean F1, checklist accuracy, code
    /// exact match); 0.0 when no note was scored.
    pub headline: f64,
    /// Corpus problems (sorted by file).
    pub errors: Vec<CorpusError>,
    /// Per-note differences, sorted by id (notes without a difference included).
    pub diffs: Vec<NoteDiff>,
}

/// A text table: the first column left-aligned, the others right-aligned.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>], first_width: usize) {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    if let Some(w) = width.first_mut() {
        *w = (*w).max(first_width);
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            width[i] = width[i].max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate().take(cols) {
            if i == 0 {
                let _ = write!(s, "  {cell:<w$}", w = width[0]);
            } else {
                let _ = write!(s, "  {cell:>w$}", w = width[i]);
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(out, &mut header.iter().copied());
    for row in rows {
        line(out, &mut row.iter().map(String::as_str));
    }
}

fn f4(x: f64) -> String {
    format!("{x:.4}")
}

fn scalar_row(f: &ScalarFigure, name: &str) -> Vec<String> {
    vec![
        name.to_string(),
        f.correct.to_string(),
        f.total.to_string(),
        f4(f.accuracy),
    ]
}

fn list_row(f: &ListFigure) -> Vec<String> {
    vec![
        f.name.clone(),
        f.tp.to_string(),
        f.fp.to_string(),
        f.fn_.to_string(),
        f4(f.precision),
        f4(f.recall),
        f4(f.f1),
    ]
}

/// Labels in table order: sorted, `null` last.
fn ordered(labels: BTreeSet<String>) -> Vec<String> {
    let mut v: Vec<String> = labels.into_iter().collect();
    v.sort_by(|a, b| (a == "null", a).cmp(&(b == "null", b)));
    v
}

fn confusion_table(f: &ScalarFigure) -> String {
    let mut labels = BTreeSet::new();
    for (g, row) in &f.confusion {
        labels.insert(g.clone());
        labels.extend(row.keys().cloned());
    }
    let labels = ordered(labels);
    let mut out = format!(
        "confusion {} (rows gold, columns scanned): {}/{} correct, accuracy {}\n",
        f.name,
        f.correct,
        f.total,
        f4(f.accuracy)
    );
    let mut header = vec!["gold \\ scanned"];
    header.extend(labels.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = labels
        .iter()
        .filter(|g| f.confusion.contains_key(*g))
        .map(|g| {
            let mut row = vec![g.clone()];
            row.extend(labels.iter().map(|s| {
                f.confusion
                    .get(g)
                    .and_then(|r| r.get(s))
                    .copied()
                    .unwrap_or(0)
                    .to_string()
            }));
            row
        })
        .collect();
    table(&mut out, &header, &rows, 0);
    out
}

fn value_table(f: &ListFigure) -> String {
    let mut out = format!(
        "by value {}: tp {} fp {} fn {}, precision {} recall {} f1 {}\n",
        f.name,
        f.tp,
        f.fp,
        f.fn_,
        f4(f.precision),
        f4(f.recall),
        f4(f.f1)
    );
    let rows: Vec<Vec<String>> = f
        .by_value
        .iter()
        .map(|(v, c)| {
            vec![
                v.clone(),
                c.tp.to_string(),
                c.fp.to_string(),
                c.fn_.to_string(),
            ]
        })
        .collect();
    table(&mut out, &["value", "tp", "fp", "fn"], &rows, 0);
    out
}

/// A quote for the diff: escaped, at most 100 characters.
fn quote(text: &str) -> String {
    const MAX: usize = 100;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut:?}...")
    } else {
        format!("{text:?}")
    }
}

impl Report {
    /// The figures as an aligned text report: scalar fields, list fields,
    /// checklist, codes, the errors (count and list), and `headline: 0.xxxx`
    /// as the very last line.
    pub fn to_text(&self) -> String {
        const EXACT: &str = "exact match per note";
        let names = self
            .scalars
            .iter()
            .map(|f| f.name.len())
            .chain(self.lists.iter().map(|f| f.name.len()));
        let w = names
            .chain([self.code_lines.name.len(), EXACT.len()])
            .max()
            .unwrap_or(0);
        let mut out = format!(
            "notescan eval: {} notes scored, {} errors\n\n",
            self.notes,
            self.errors.len()
        );

        out.push_str("SCALAR FIELDS (accuracy)\n");
        let mut rows: Vec<Vec<String>> = self
            .scalars
            .iter()
            .map(|f| scalar_row(f, &f.name))
            .collect();
        rows.push(vec![
            "mean".into(),
            String::new(),
            String::new(),
            f4(self.scalar_mean_accuracy),
        ]);
        table(
            &mut out,
            &["field", "correct", "total", "accuracy"],
            &rows,
            w,
        );

        out.push_str("\nLIST FIELDS (micro P/R/F1 over multisets)\n");
        let mut rows: Vec<Vec<String>> = self.lists.iter().map(list_row).collect();
        let mut mean = vec![String::new(); 6];
        mean[0] = "mean F1".into();
        mean.push(f4(self.list_mean_f1));
        rows.push(mean);
        table(
            &mut out,
            &["measure", "tp", "fp", "fn", "precision", "recall", "f1"],
            &rows,
            w,
        );

        out.push_str("\nCHECKLIST (accuracy)\n");
        let mut rows: Vec<Vec<String>> = self
            .checklist
            .iter()
            .map(|f| scalar_row(f, f.name.strip_prefix("checklist.").unwrap_or(&f.name)))
            .collect();
        rows.push(vec![
            "overall".into(),
            self.checklist_correct.to_string(),
            self.checklist_total.to_string(),
            f4(self.checklist_accuracy),
        ]);
        table(
            &mut out,
            &["item", "correct", "total", "accuracy"],
            &rows,
            w,
        );

        out.push_str("\nCODES\n");
        let rows = vec![vec![
            EXACT.to_string(),
            self.code_exact_matches.to_string(),
            self.notes.to_string(),
            f4(self.code_exact_match),
        ]];
        table(&mut out, &["measure", "correct", "total", "rate"], &rows, w);
        table(
            &mut out,
            &["measure", "tp", "fp", "fn", "precision", "recall", "f1"],
            &[list_row(&self.code_lines)],
            w,
        );

        let _ = writeln!(out, "\nerrors: {}", self.errors.len());
        for e in &self.errors {
            let _ = writeln!(out, "  {e}");
        }
        let _ = writeln!(out, "\nheadline: {}", f4(self.headline));
        out
    }

    /// The names of every field with a table in [`Report::confusion_text`].
    pub fn field_names(&self) -> Vec<String> {
        let scalars = self
            .scalars
            .iter()
            .chain(&self.checklist)
            .map(|f| f.name.clone());
        let lists = self
            .lists
            .iter()
            .chain(std::iter::once(&self.code_lines))
            .map(|f| f.name.clone());
        scalars.chain(lists).collect()
    }

    /// The tables of every field `name` selects (see the module docs): a
    /// confusion table (rows gold, columns scanned) for a scalar field or
    /// checklist item, a per-value tp/fp/fn table for a list measure.
    /// `None` when `name` selects nothing.
    pub fn confusion_text(&self, name: &str) -> Option<String> {
        let mut parts = Vec::new();
        for f in self.scalars.iter().chain(&self.checklist) {
            if field_matches(&f.name, name) {
                parts.push(confusion_table(f));
            }
        }
        for f in self.lists.iter().chain(std::iter::once(&self.code_lines)) {
            if field_matches(&f.name, name) {
                parts.push(value_table(f));
            }
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    /// Every note's differences (only the fields `field_filter` selects, when
    /// given): gold and scanned values as JSON, for a list the missing and
    /// extra entries, then each related evidence span as `field start..end
    /// "quoted text"`. Notes without a (selected) difference are skipped; the
    /// last line counts the notes and differences shown.
    pub fn diff_text(&self, field_filter: Option<&str>) -> String {
        let mut out = String::new();
        let (mut notes, mut total) = (0, 0);
        for note in &self.diffs {
            let shown: Vec<&Difference> = note
                .differences
                .iter()
                .filter(|d| field_filter.is_none_or(|n| field_matches(&d.field, n)))
                .collect();
            if shown.is_empty() {
                continue;
            }
            notes += 1;
            total += shown.len();
            let _ = writeln!(out, "== {} ({} differing)", note.id, shown.len());
            for d in shown {
                let _ = writeln!(
                    out,
                    "  {}: gold {} | scanned {}",
                    d.field,
                    compact(&d.gold),
                    compact(&d.scanned)
                );
                for m in &d.missing {
                    let _ = writeln!(out, "    missing {}", compact(m));
                }
                for x in &d.extra {
                    let _ = writeln!(out, "    extra   {}", compact(x));
                }
                if d.evidence.is_empty() {
                    out.push_str("    evidence: none\n");
                }
                for e in &d.evidence {
                    let _ = writeln!(
                        out,
                        "    evidence {} {}..{} {}",
                        e.field,
                        e.start,
                        e.end,
                        quote(&e.text)
                    );
                }
            }
        }
        let _ = writeln!(out, "diff: {total} differences in {notes} notes");
        out
    }

    /// The output of `notescan eval`: the differences when `diff` (filtered by
    /// `field` if given), the tables of `field` if given (or a line saying it
    /// selects nothing, with the valid names), then [`Report::to_text`], so
    /// that `headline: X` is the last line.
    pub fn render(&self, diff: bool, field: Option<&str>) -> String {
        let mut out = String::new();
        if diff {
            out.push_str(&self.diff_text(field));
            out.push('\n');
        }
        if let Some(name) = field {
            match self.confusion_text(name) {
                Some(t) => out.push_str(&t),
                None => {
                    let _ = writeln!(
                        out,
                        "no field matches `{name}`; fields: {}",
                        self.field_names().join(", ")
                    );
                }
            }
            out.push('\n');
        }
        out.push_str(&self.to_text());
        out
    }

    /// Every figure as JSON, for dashboards: `notes`, `headline`, `scalars`
    /// (name → correct/total/accuracy/confusion), `scalar_mean_accuracy`,
    /// `lists` (name → tp/fp/fn/precision/recall/f1/by_value), `list_mean_f1`,
    /// `checklist` (`items` by name, `correct`, `total`, `accuracy`), `codes`
    /// (`exact_matches`, `total`, `exact_match`, `lines`), `error_count`,
    /// `errors` (file/key/message) and `diffs` (per note).
    pub fn to_json(&self) -> Value {
        let by_name = |figs: &mut dyn Iterator<Item = (String, Value)>| {
            Value::Object(figs.collect::<Map<_, _>>())
        };
        json!({
            "notes": self.notes,
            "headline": self.headline,
            "scalars": by_name(&mut self.scalars.iter().map(|f| (f.name.clone(), to(f)))),
            "scalar_mean_accuracy": self.scalar_mean_accuracy,
            "lists": by_name(&mut self.lists.iter().map(|f| (f.name.clone(), to(f)))),
            "list_mean_f1": self.list_mean_f1,
            "checklist": {
                "items": by_name(&mut self.checklist.iter().map(|f| (f.name.clone(), to(f)))),
                "correct": self.checklist_correct,
                "total": self.checklist_total,
                "accuracy": self.checklist_accuracy,
            },
            "codes": {
                "exact_matches": self.code_exact_matches,
                "total": self.notes,
                "exact_match": self.code_exact_match,
                "lines": to(&self.code_lines),
            },
            "error_count": self.errors.len(),
            "errors": self.errors.iter().map(to).collect::<Vec<_>>(),
            "diffs": self.diffs.iter().map(to).collect::<Vec<_>>(),
        })
    }
}

/// Any serializable figure as a `Value` (`Null` if it cannot be, which the
/// report's types never cause).
fn to<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Checklist;

    #[test]
    fn checklist_fields_follow_the_contract() {
        let names: Vec<String> = Checklist::default()
            .items()
            .iter()
            .map(|(n, _)| format!("checklist.{n}"))
            .collect();
        assert_eq!(names, CHECKLIST_FIELDS);
        let diff_checklist: Vec<&str> = DIFF_FIELDS
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| f.starts_with("checklist."))
            .collect();
        assert_eq!(diff_checklist, CHECKLIST_FIELDS);
        for s in SCALAR_FIELDS {
            assert!(DIFF_FIELDS.contains(&(s, false)), "{s}");
        }
    }

    #[test]
    fn numbers_compare_within_tolerance() {
        assert!(json_eq(&json!(10), &json!(10.0)));
        assert!(json_eq(&json!(1.0), &json!(1.0000005)));
        assert!(!json_eq(&json!(1.0), &json!(1.00001)));
        assert!(json_eq(
            &json!({"a": 1, "b": null}),
            &json!({"b": null, "a": 1.0})
        ));
        assert!(!json_eq(
            &json!(null),
            &json!({"percent": null, "weeks": null})
        ));
        assert!(!json_eq(&json!(0), &json!(null)));
    }

    #[test]
    fn field_filter_segments() {
        assert!(field_matches("procedure.approach", "approach"));
        assert!(field_matches("procedure.contrast.used", "contrast"));
        assert!(field_matches("procedure.contrast.used", "contrast.used"));
        assert!(field_matches(
            "procedure.contrast.used",
            "procedure.contrast.used"
        ));
        assert!(!field_matches("procedure.contrast.used", "used.contrast"));
        assert!(field_matches("procedure.targets[level,side]", "targets"));
        assert!(field_matches("procedure.targets[level]", "targets[level]"));
        assert!(!field_matches(
            "procedure.targets[level,side]",
            "targets[level]"
        ));
        assert!(field_matches("procedure.targets", "targets[level]"));
        assert!(field_matches("checklist.pain_scores", "pain_scores"));
        assert!(!field_matches("clinical.pain_scores", "pain"));
        assert!(!field_matches("clinical.pain_scores", ""));
    }

    #[test]
    fn evidence_relation_is_by_dotted_segment() {
        assert!(related("procedure.contrast", "procedure.contrast.used"));
        assert!(related(
            "procedure.contrast.used",
            "procedure.contrast.used"
        ));
        assert!(related("procedure.targets.level", "procedure.targets"));
        assert!(!related("clinical.pain", "clinical.pain_scores"));
    }

    #[test]
    fn evidence_ref_never_panics() {
        let note = "L4–L5";
        assert_eq!(EvidenceRef::in_text("f", 0, 2, note).text, "L4");
        assert_eq!(EvidenceRef::in_text("f", 0, 3, note).text, "");
        assert_eq!(EvidenceRef::in_text("f", 9, 99, note).text, "");
        assert_eq!(EvidenceRef::in_text("f", 5, 2, note).text, "");
    }

    #[test]
    fn key_walk_reports_paths() {
        let err = |v: Value| check_gold_keys(&v).unwrap_err();
        assert_eq!(err(json!([])).path, "");
        assert_eq!(err(json!({"id": "x"})).path, "facts");
        let e = err(
            json!({"id": "x", "facts": {"procedure": 3, "clinical": {}, "checklist": {}, "codes": []}}),
        );
        assert_eq!(e.path, "facts.procedure");
        assert_eq!(e.message, "expected an object, found a number");
        assert_eq!(
            err(json!({"id": "x", "facts": {}, "extra": 1})).path,
            "extra"
        );
        assert_eq!(err(json!({"id": "x", "facts": {}})).path, "facts.procedure");
        let e = err(
            json!({"id": "x", "facts": {"procedure": {}, "clinical": {}, "checklist": {}, "codes": []}, "z": 1}),
        );
        assert_eq!(
            (e.path.as_str(), e.message.starts_with("unknown key")),
            ("z", true)
        );
    }
}
