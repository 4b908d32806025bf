//! Payer policies: the thresholds, checklist weights, verdict cut-offs and
//! rule switches an audit runs under, read from `policies/*.toml`.
//!
//! A policy file is a strict subset of TOML: `[table]` headers, `key = value`
//! lines (integers, decimals, booleans, `"strings"` and one-line arrays of
//! strings), and `#` comments. Every table and key is checked: an unknown
//! key, a wrong type, a value out of range, an unknown rule code or a
//! duplicate key is a [`PolicyError`] naming the file, the line and the key.
//!
//! A file starts from a base policy (the Medicare default, or the built-in
//! named by `[policy] extends`) and overrides only the keys it sets, so a
//! commercial profile lists just what differs.
//!
//! ```
//! use notescan::audit::Policy;
//! let medicare = Policy::default();
//! assert_eq!(medicare.name, "medicare-l39240");
//! assert_eq!(medicare.thresholds.conservative_care_weeks, 4);
//! let evicore = Policy::builtin("evicore-cmm200").unwrap();
//! assert_eq!(evicore.thresholds.conservative_care_weeks, 6);
//! ```

use super::registry;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The built-in policies: name and embedded file text. The first is the default.
const BUILTIN: &[(&str, &str)] = &[
    (
        "medicare-l39240",
        include_str!("../../policies/medicare-l39240.toml"),
    ),
    (
        "evicore-cmm200",
        include_str!("../../policies/evicore-cmm200.toml"),
    ),
    (
        "aetna-cpb0722",
        include_str!("../../policies/aetna-cpb0722.toml"),
    ),
];

/// The checklist items a weight can be given to, in contract order.
pub const CHECKLIST_ITEMS: [&str; 12] = [
    "radicular_pain",
    "objective_support",
    "conservative_care",
    "level_and_side",
    "imaging_guidance",
    "contrast_or_reason",
    "injectate_and_dose",
    "pain_scores",
    "repeat_benefit",
    "code_match",
    "level_limit",
    "not_axial_only",
];

/// Numeric thresholds of a policy.
#[derive(Clone, Debug, PartialEq)]
pub struct Thresholds {
    /// Weeks of failed conservative care required (LCD L39240: 4).
    pub conservative_care_weeks: u32,
    /// Percent relief a prior injection must have given before a repeat (LCD: 50).
    pub repeat_relief_percent: f64,
    /// Weeks that relief must have lasted (LCD: 3 months, 12 weeks).
    pub repeat_relief_weeks: u32,
    /// Most distinct transforaminal levels per session (A58993: 2).
    pub max_levels: usize,
}

/// Score cut-offs of the verdict bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bands {
    /// Lowest score that can be `supported`.
    pub supported: u8,
    /// Lowest score that is `at_risk` rather than `unsupported`.
    pub at_risk: u8,
}

/// A payer policy. Build one with [`Policy::default`], [`Policy::builtin`],
/// [`Policy::from_file`], [`Policy::parse`] or [`Policy::resolve`].
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Short name (`medicare-l39240`).
    pub name: String,
    /// One-line description.
    pub title: String,
    /// The payer documents the policy was built from.
    pub sources: Vec<String>,
    /// Numeric thresholds.
    pub thresholds: Thresholds,
    /// Per-session steroid ceilings in mg, by generic drug name (warnings only).
    pub steroid_ceiling_mg: BTreeMap<String, f64>,
    /// Checklist weights, by item name ([`CHECKLIST_ITEMS`]).
    pub weights: BTreeMap<String, u32>,
    /// Verdict band cut-offs.
    pub bands: Bands,
    /// Codes of the rules switched off.
    pub disabled: Vec<&'static str>,
    /// Points a firing rule deducts, by rule code, overriding the registry default.
    pub rule_weights: BTreeMap<&'static str, u32>,
}

impl Default for Policy {
    /// The Medicare policy, `medicare-l39240`.
    fn default() -> Policy {
        // The embedded files are checked by tests; the fallback keeps `default()` infallible.
        Policy::builtin(BUILTIN[0].0).unwrap_or_else(Policy::fallback)
    }
}

impl Policy {
    /// Hard-coded Medicare values, used only if the embedded file were broken.
    fn fallback() -> Policy {
        let weights = [15, 10, 10, 8, 10, 6, 6, 8, 7, 5, 5, 10];
        Policy {
            name: "medicare-l39240".into(),
            title: "Medicare LCD L39240 / billing article A58993".into(),
            sources: Vec::new(),
            thresholds: Thresholds {
                conservative_care_weeks: 4,
                repeat_relief_percent: 50.0,
                repeat_relief_weeks: 12,
                max_levels: 2,
            },
            steroid_ceiling_mg: BTreeMap::new(),
            weights: CHECKLIST_ITEMS
                .iter()
                .zip(weights)
                .map(|(k, w)| (k.to_string(), w))
                .collect(),
            bands: Bands {
                supported: 80,
                at_risk: 50,
            },
            disabled: Vec::new(),
            rule_weights: BTreeMap::new(),
        }
    }

    /// The names of the built-in policies; the first is the default.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// A built-in policy by name (`medicare-l39240`, `evicore-cmm200`, `aetna-cpb0722`).
    pub fn builtin(name: &str) -> Option<Policy> {
        let (n, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        Policy::parse_with_base(&format!("policies/{n}.toml"), text, 0).ok()
    }

    /// The embedded text of a built-in policy file.
    pub fn builtin_text(name: &str) -> Option<&'static str> {
        BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// Reads a policy file. Errors name the file, the line and the key.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Policy, PolicyError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PolicyError {
            file: file.clone(),
            line: 0,
            key: None,
            kind: PolicyErrorKind::Io(e.to_string()),
        })?;
        Policy::parse(&file, &text)
    }

    /// Parses policy text; `file` names it in errors.
    ///
    /// ```
    /// use notescan::audit::Policy;
    /// let err = Policy::parse("mine.toml", "[thresholds]\nmax_levels = \"two\"\n").unwrap_err();
    /// assert_eq!(err.line, 2);
    /// assert_eq!(err.key.as_deref(), Some("thresholds.max_levels"));
    /// assert!(err.to_string().starts_with("mine.toml:2: thresholds.max_levels:"));
    /// ```
    pub fn parse(file: &str, text: &str) -> Result<Policy, PolicyError> {
        Policy::parse_with_base(file, text, 0)
    }

    /// A built-in name, else a path to a policy file (`--policy NAME|FILE`).
    pub fn resolve(name_or_path: &str) -> Result<Policy, PolicyError> {
        if let Some(p) = Policy::builtin(name_or_path) {
            return Ok(p);
        }
        let path = Path::new(name_or_path);
        if path.exists() {
            return Policy::from_file(path);
        }
        Err(PolicyError {
            file: name_or_path.to_string(),
            line: 0,
            key: None,
            kind: PolicyErrorKind::UnknownPolicy(Policy::builtin_names().join(", ")),
        })
    }

    /// True when the rule with this code is switched off.
    pub fn is_disabled(&self, code: &str) -> bool {
        self.disabled.contains(&code)
    }

    /// Points the rule deducts from the score when it fires.
    pub fn rule_weight(&self, code: &str) -> u32 {
        self.rule_weights
            .get(code)
            .copied()
            .or_else(|| registry::find(code).map(|r| r.default_weight))
            .unwrap_or(0)
    }

    /// The weight of a checklist item (0 for an unknown name).
    pub fn weight(&self, item: &str) -> u32 {
        self.weights.get(item).copied().unwrap_or(0)
    }

    /// Parses `text` over its base; `depth` counts `extends` hops.
    fn parse_with_base(file: &str, text: &str, depth: u8) -> Result<Policy, PolicyError> {
        let lines = tokenize(file, text)?;
        // `extends` picks the base before anything else is applied.
        let mut policy = match lines
            .iter()
            .find(|l| l.table == "policy" && l.key == "extends")
        {
            Some(l) => {
                let name = l.value.as_str().ok_or_else(|| l.err(file, "a string"))?;
                if name == file_stem(file) || depth >= 4 {
                    return Err(l.err_kind(
                        file,
                        PolicyErrorKind::Invalid(format!("'{name}' extends itself")),
                    ));
                }
                let base_text = Policy::builtin_text(name).ok_or_else(|| {
                    l.err_kind(
                        file,
                        PolicyErrorKind::UnknownPolicy(Policy::builtin_names().join(", ")),
                    )
                })?;
                Policy::parse_with_base(&format!("policies/{name}.toml"), base_text, depth + 1)?
            }
            None if file_stem(file) == BUILTIN[0].0 => Policy::fallback(),
            None => Policy::default(),
        };
        policy.name = file_stem(file).to_string();
        for l in &lines {
            policy.apply(file, l)?;
        }
        if policy.bands.at_risk > policy.bands.supported {
            let line = lines
                .iter()
                .find(|l| l.table == "verdict")
                .map_or(0, |l| l.line);
            return Err(PolicyError {
                file: file.to_string(),
                line,
                key: Some("verdict".into()),
                kind: PolicyErrorKind::Invalid(format!(
                    "at_risk ({}) must not exceed supported ({})",
                    policy.bands.at_risk, policy.bands.supported
                )),
            });
        }
        if policy.weights.values().sum::<u32>() == 0 {
            return Err(PolicyError {
                file: file.to_string(),
                line: 0,
                key: Some("weights".into()),
                kind: PolicyErrorKind::Invalid("the checklist weights add up to 0".into()),
            });
        }
        Ok(policy)
    }

    fn apply(&mut self, file: &str, l: &Line) -> Result<(), PolicyError> {
        let int = |lo: i64, hi: i64| -> Result<i64, PolicyError> {
            match l.value {
                Value::Int(v) if (lo..=hi).contains(&v) => Ok(v),
                _ => Err(l.err(file, &format!("an integer {lo}-{hi}"))),
            }
        };
        let num = |lo: f64, hi: f64| -> Result<f64, PolicyError> {
            let v = match l.value {
                Value::Int(v) => v as f64,
                Value::Float(v) => v,
                _ => return Err(l.err(file, &format!("a number {lo}-{hi}"))),
            };
            if (lo..=hi).contains(&v) {
                Ok(v)
            } else {
                Err(l.err(file, &format!("a number {lo}-{hi}")))
            }
        };
        let string = || -> Result<String, PolicyError> {
            l.value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| l.err(file, "a string"))
        };
        let rule_code = |s: &str| -> Result<&'static str, PolicyError> {
            registry::find(s)
                .map(|r| r.code)
                .ok_or_else(|| l.err_kind(file, PolicyErrorKind::UnknownRule(s.to_string())))
        };
        match (l.table.as_str(), l.key.as_str()) {
            ("policy", "name") => {
                let n = string()?;
                if n.is_empty() {
                    return Err(l.err(file, "a non-empty string"));
                }
                self.name = n;
            }
            ("policy", "title") => self.title = string()?,
            ("policy", "extends") => {}
            ("policy", "sources") => {
                self.sources = l
                    .value
                    .as_strings()
                    .ok_or_else(|| l.err(file, "an array of strings"))?
            }
            ("thresholds", "conservative_care_weeks") => {
                self.thresholds.conservative_care_weeks = int(0, 104)? as u32
            }
            ("thresholds", "repeat_relief_percent") => {
                self.thresholds.repeat_relief_percent = num(0.0, 100.0)?
            }
            ("thresholds", "repeat_relief_weeks") => {
                self.thresholds.repeat_relief_weeks = int(0, 104)? as u32
            }
            ("thresholds", "max_levels") => self.thresholds.max_levels = int(1, 10)? as usize,
            ("steroid_ceiling_mg", drug) => {
                if drug.is_empty() || drug.chars().any(|c| c.is_ascii_uppercase()) {
                    return Err(l.err(file, "a lower-case generic drug name as the key"));
                }
                self.steroid_ceiling_mg
                    .insert(drug.to_string(), num(0.001, 10_000.0)?);
            }
            ("weights", item) => {
                if !CHECKLIST_ITEMS.contains(&item) {
                    return Err(l.err_kind(
                        file,
                        PolicyErrorKind::UnknownKey(CHECKLIST_ITEMS.join(", ")),
                    ));
                }
                self.weights.insert(item.to_string(), int(0, 100)? as u32);
            }
            ("verdict", "supported") => self.bands.supported = int(0, 100)? as u8,
            ("verdict", "at_risk") => self.bands.at_risk = int(0, 100)? as u8,
            ("rules", "disabled") => {
                let names = l
                    .value
                    .as_strings()
                    .ok_or_else(|| l.err(file, "an array of rule codes or names"))?;
                let mut codes = Vec::new();
                for n in &names {
                    codes.push(rule_code(n)?);
                }
                self.disabled = codes;
            }
            ("rules", "enabled") => {
                let names = l
                    .value
                    .as_strings()
                    .ok_or_else(|| l.err(file, "an array of rule codes or names"))?;
                for n in &names {
                    let code = rule_code(n)?;
                    self.disabled.retain(|c| *c != code);
                }
            }
            ("rule_weights", rule) => {
                let code = rule_code(rule)?;
                self.rule_weights.insert(code, int(0, 100)? as u32);
            }
            (table, _) => {
                let known = match table {
                    "policy" => "name, title, extends, sources",
                    "thresholds" => {
                        "conservative_care_weeks, repeat_relief_percent, repeat_relief_weeks, max_levels"
                    }
                    "verdict" => "supported, at_risk",
                    "rules" => "disabled, enabled",
                    _ => "",
                };
                return Err(l.err_kind(file, PolicyErrorKind::UnknownKey(known.to_string())));
            }
        }
        Ok(())
    }
}

fn file_stem(file: &str) -> &str {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// What is wrong in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyErrorKind {
    /// The file could not be read.
    Io(String),
    /// A line is not `[table]`, `key = value`, a comment or blank.
    Syntax(String),
    /// A `[table]` that policies do not have; lists the known ones.
    UnknownTable(String),
    /// A key that the table does not have; lists the known ones.
    UnknownKey(String),
    /// A value of the wrong type or out of range; says what was expected.
    Value {
        /// What the key takes.
        expected: String,
        /// What the file holds.
        found: String,
    },
    /// A rule code or name that no rule has.
    UnknownRule(String),
    /// A policy name that is neither built in nor a file; lists the built-ins.
    UnknownPolicy(String),
    /// The same key twice; the line it was first set on.
    Duplicate(usize),
    /// Values that contradict each other.
    Invalid(String),
}

/// A policy could not be loaded: names the file, the line and the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The file name or path.
    pub file: String,
    /// 1-based line; 0 when the error concerns the whole file.
    pub line: usize,
    /// Dotted key (`thresholds.max_levels`), when one is at fault.
    pub key: Option<String>,
    /// What is wrong.
    pub kind: PolicyErrorKind,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": ")?;
        if let Some(k) = &self.key {
            write!(f, "{k}: ")?;
        }
        match &self.kind {
            PolicyErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            PolicyErrorKind::Syntax(e) => write!(f, "{e}"),
            PolicyErrorKind::UnknownTable(known) => {
                write!(f, "unknown table (known: {known})")
            }
            PolicyErrorKind::UnknownKey(known) if known.is_empty() => write!(f, "unknown key"),
            PolicyErrorKind::UnknownKey(known) => write!(f, "unknown key (known: {known})"),
            PolicyErrorKind::Value { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            PolicyErrorKind::UnknownRule(r) => {
                write!(f, "unknown rule '{r}' (see `notescan rules`)")
            }
            PolicyErrorKind::UnknownPolicy(known) => {
                write!(f, "not a built-in policy or a file (built-in: {known})")
            }
            PolicyErrorKind::Duplicate(first) => write!(f, "set twice (first on line {first})"),
            PolicyErrorKind::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PolicyError {}

const TABLES: &[&str] = &[
    "policy",
    "thresholds",
    "steroid_ceiling_mg",
    "weights",
    "verdict",
    "rules",
    "rule_weights",
];

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(String),
    Array(Vec<Value>),
}

impl Value {
    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_strings(&self) -> Option<Vec<String>> {
        match self {
            Value::Array(v) => v.iter().map(|x| x.as_str().map(str::to_string)).collect(),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Value::Int(v) => format!("{v}"),
            Value::Float(v) => format!("{v}"),
            Value::Bool(v) => format!("{v}"),
            Value::Str(s) => format!("\"{s}\""),
            Value::Array(v) => format!("an array of {}", v.len()),
        }
    }
}

/// One `key = value` line with its table.
struct Line {
    line: usize,
    table: String,
    key: String,
    value: Value,
}

impl Line {
    fn dotted(&self) -> String {
        format!("{}.{}", self.table, self.key)
    }

    fn err(&self, file: &str, expected: &str) -> PolicyError {
        self.err_kind(
            file,
            PolicyErrorKind::Value {
                expected: expected.to_string(),
                found: self.value.describe(),
            },
        )
    }

    fn err_kind(&self, file: &str, kind: PolicyErrorKind) -> PolicyError {
        PolicyError {
            file: file.to_string(),
            line: self.line,
            key: Some(self.dotted()),
            kind,
        }
    }
}

/// Splits the file into `key = value` lines, checking tables, keys and duplicates.
fn tokenize(file: &str, text: &str) -> Result<Vec<Line>, PolicyError> {
    let mut out: Vec<Line> = Vec::new();
    let mut table: Option<String> = None;
    let mut seen_tables: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let syntax = |msg: String, key: Option<String>| PolicyError {
            file: file.to_string(),
            line: line_no,
            key,
            kind: PolicyErrorKind::Syntax(msg),
        };
        let line = strip_comment(raw.trim_end_matches('\r')).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| syntax("a table header needs a closing ']'".into(), None))?
                .trim();
            if !TABLES.contains(&name) {
                return Err(PolicyError {
                    file: file.to_string(),
                    line: line_no,
                    key: Some(name.to_string()),
                    kind: PolicyErrorKind::UnknownTable(TABLES.join(", ")),
                });
            }
            if let Some(first) = seen_tables.get(name) {
                return Err(PolicyError {
                    file: file.to_string(),
                    line: line_no,
                    key: Some(name.to_string()),
                    kind: PolicyErrorKind::Duplicate(*first),
                });
            }
            seen_tables.insert(name.to_string(), line_no);
            table = Some(name.to_string());
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            return Err(syntax(
                format!("expected `key = value` or `[table]`, found '{line}'"),
                None,
            ));
        };
        let key = unquote_key(k.trim()).ok_or_else(|| {
            syntax(
                format!("'{}' is not a key (letters, digits, '_' and '-')", k.trim()),
                None,
            )
        })?;
        let Some(tbl) = table.clone() else {
            return Err(syntax(
                "a key before any [table]".into(),
                Some(key.to_string()),
            ));
        };
        let dotted = format!("{tbl}.{key}");
        let value = parse_value(v.trim()).map_err(|m| syntax(m, Some(dotted.clone())))?;
        if let Some(first) = out.iter().find(|l| l.table == tbl && l.key == key) {
            return Err(PolicyError {
                file: file.to_string(),
                line: line_no,
                key: Some(dotted),
                kind: PolicyErrorKind::Duplicate(first.line),
            });
        }
        out.push(Line {
            line: line_no,
            table: tbl,
            key,
            value,
        });
    }
    Ok(out)
}

/// Drops a `#` comment that is not inside a string.
fn strip_comment(line: &str) -> &str {
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if in_str => escaped = !escaped,
            '"' if !escaped => in_str = !in_str,
            '#' if !in_str => return &line[..i],
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    line
}

fn unquote_key(k: &str) -> Option<String> {
    if let Some(inner) = k.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return (!inner.is_empty() && !inner.contains('"')).then(|| inner.to_string());
    }
    (!k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| k.to_string())
}

fn parse_value(v: &str) -> Result<Value, String> {
    if v.is_empty() {
        return Err("missing value after '='".into());
    }
    if let Some(inner) = v.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or("an array must close with ']' on the same line")?;
        let mut items = Vec::new();
        for part in split_array(inner)? {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            items.push(parse_value(p)?);
        }
        return Ok(Value::Array(items));
    }
    if let Some(inner) = v.strip_prefix('"') {
        let inner = inner
            .strip_suffix('"')
            .ok_or("a string must close with '\"'")?;
        let mut s = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('"') => s.push('"'),
                    Some('\\') => s.push('\\'),
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    other => return Err(format!("unknown escape '\\{}'", other.unwrap_or(' '))),
                },
                '"' => return Err("unescaped '\"' inside a string".into()),
                c => s.push(c),
            }
        }
        return Ok(Value::Str(s));
    }
    match v {
        "true" => return Ok(Value::Bool(true)),
        "false" => return Ok(Value::Bool(false)),
        _ => {}
    }
    let digits = v.replace('_', "");
    if let Ok(i) = digits.parse::<i64>() {
        return Ok(Value::Int(i));
    }
    if digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
    {
        if let Ok(f) = digits.parse::<f64>() {
            if f.is_finite() {
                return Ok(Value::Float(f));
            }
        }
    }
    Err(format!(
        "'{v}' is not a value (a number, true/false, a \"string\" or a [list])"
    ))
}

/// Splits array items at commas outside strings.
fn split_array(inner: &str) -> Result<Vec<&str>, String> {
    let mut parts = Vec::new();
    let mut in_str = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '\\' if in_str && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => in_str = !in_str,
            '[' if !in_str => return Err("nested arrays are not supported".into()),
            ',' if !in_str => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        escaped = false;
    }
    if in_str {
        return Err("a string in the array is not closed".into());
    }
    parts.push(&inner[start..]);
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_load_without_error() {
        for (name, text) in BUILTIN {
            let p = Policy::parse_with_base(&format!("policies/{name}.toml"), text, 0)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(p.name, *name);
            for item in CHECKLIST_ITEMS {
                assert!(p.weights.contains_key(item), "{name}: no weight for {item}");
            }
        }
    }

    #[test]
    fn medicare_file_matches_the_fallback() {
        let p = Policy::default();
        let f = Policy::fallback();
        assert_eq!(p.thresholds, f.thresholds);
        assert_eq!(p.weights, f.weights);
        assert_eq!(p.bands, f.bands);
    }

    #[test]
    fn medicare_weights_add_up_to_100() {
        assert_eq!(Policy::default().weights.values().sum::<u32>(), 100);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let cases: &[(&str, usize, Option<&str>, &str)] = &[
            (
                "[thresholds]\nmax_levels = 0\n",
                2,
                Some("thresholds.max_levels"),
                "expected an integer 1-10, found 0",
            ),
            (
                "# c\n[thresholds]\nconservative_weeks = 4\n",
                3,
                Some("thresholds.conservative_weeks"),
                "unknown key (known: conservative_care_weeks",
            ),
            ("[threshold]\n", 1, Some("threshold"), "unknown table"),
            (
                "[weights]\nradicular = 5\n",
                2,
                Some("weights.radicular"),
                "unknown key (known: radicular_pain",
            ),
            (
                "[rules]\ndisabled = [\"NS999\"]\n",
                2,
                Some("rules.disabled"),
                "unknown rule 'NS999'",
            ),
            (
                "[rule_weights]\nno-such-rule = 3\n",
                2,
                Some("rule_weights.no-such-rule"),
                "unknown rule",
            ),
            (
                "[verdict]\nsupported = 80\nsupported = 70\n",
                3,
                Some("verdict.supported"),
                "set twice (first on line 2)",
            ),
            (
                "[verdict]\nsupported = 40\nat_risk = 60\n",
                2,
                Some("verdict"),
                "must not exceed",
            ),
            (
                "max_levels = 2\n",
                1,
                Some("max_levels"),
                "before any [table]",
            ),
            (
                "[thresholds]\nmax_levels 2\n",
                2,
                None,
                "expected `key = value`",
            ),
            (
                "[policy]\nextends = \"nope\"\n",
                2,
                Some("policy.extends"),
                "not a built-in policy",
            ),
            (
                "[thresholds]\nrepeat_relief_percent = 150\n",
                2,
                Some("thresholds.repeat_relief_percent"),
                "expected a number 0-100",
            ),
            (
                "[policy]\ntitle = \"open\n",
                2,
                Some("policy.title"),
                "must close",
            ),
        ];
        for (text, line, key, msg) in cases {
            let e = Policy::parse("p.toml", text).expect_err(text);
            assert_eq!(e.line, *line, "{text}: {e}");
            assert_eq!(e.key.as_deref(), *key, "{text}: {e}");
            assert_eq!(e.file, "p.toml");
            assert!(e.to_string().contains(msg), "{text}: {e}");
            assert!(e.to_string().starts_with("p.toml:"), "{e}");
        }
    }

    #[test]
    fn a_file_overrides_its_base_only_where_it_says() {
        let p = Policy::parse(
            "mine.toml",
            "[policy]\nextends = \"evicore-cmm200\" # six weeks\n[thresholds]\nmax_levels = 3\n[rules]\ndisabled = [\"sedation-without-justification\"]\n[rule_weights]\nNS906 = 20\n",
        )
        .unwrap();
        assert_eq!(p.name, "mine");
        assert_eq!(p.thresholds.conservative_care_weeks, 6);
        assert_eq!(p.thresholds.max_levels, 3);
        assert!(p.is_disabled("NS403"));
        assert_eq!(p.rule_weight("NS906"), 20);
    }

    #[test]
    fn resolve_takes_names_and_paths() {
        assert_eq!(
            Policy::resolve("aetna-cpb0722").unwrap().name,
            "aetna-cpb0722"
        );
        let dir = std::env::temp_dir().join(format!("notescan-policy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("strict.toml");
        std::fs::write(&path, "[thresholds]\nconservative_care_weeks = 8\n").unwrap();
        let p = Policy::resolve(path.to_str().unwrap()).unwrap();
        assert_eq!(p.name, "strict");
        assert_eq!(p.thresholds.conservative_care_weeks, 8);
        std::fs::write(&path, "[thresholds]\nconservative_care_weeks = -1\n").unwrap();
        let e = Policy::resolve(path.to_str().unwrap()).unwrap_err();
        assert!(e.file.ends_with("strict.toml") && e.line == 2, "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
        let e = Policy::resolve("no-such-policy").unwrap_err();
        assert!(matches!(e.kind, PolicyErrorKind::UnknownPolicy(_)));
    }
}
