//! The facts contract (`shared/spec/facts.md`, v1): the JSON shape a scan and a
//! gold file share. Types here only hold and validate values; they are filled
//! by [`crate::assemble`].
//!
//! Every vocabulary is a closed Rust enum, so reading a gold file that breaks
//! the contract fails with the offending key (see [`Facts::from_json`]).

use crate::level::Level;
use serde::{Deserialize, Serialize, Serializer};

/// A note's facts: what was done, the clinical picture, the payer checklist and codes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The injection done (or planned, in a clinic note).
    pub procedure: Procedure,
    /// Symptoms, findings, scores and treatment history.
    pub clinical: Clinical,
    /// The payer reviewer's checklist.
    pub checklist: Checklist,
    /// CPT lines the documented procedure supports.
    pub codes: Vec<CodeLine>,
}

/// The `procedure` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// An injection was done in this encounter.
    pub performed: bool,
    /// Technique.
    pub approach: Option<Approach>,
    /// Spinal region.
    pub region: Option<Region>,
    /// One entry per side per level.
    pub targets: Vec<Target>,
    /// Guidance modality.
    pub imaging: Option<Imaging>,
    /// Contrast use.
    pub contrast: Contrast,
    /// Drugs injected at the target.
    pub injectates: Vec<Injectate>,
    /// Sedation level.
    pub sedation: Option<Sedation>,
}

/// Injection technique.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Approach {
    Transforaminal,
    Interlaminar,
    Caudal,
    Facet,
    MedialBranch,
    Radiofrequency,
    Sacroiliac,
    Other,
}

/// Spinal region of the targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Region {
    Lumbar,
    Sacral,
    Cervical,
    Thoracic,
}

/// Body side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Side {
    Left,
    Right,
}

/// One treated (or planned) site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Foramen or interspace; `None` for a site with no spinal level (SI joint).
    pub level: Option<Level>,
    /// Side; `None` when not documented.
    pub side: Option<Side>,
}

impl Target {
    /// Contract order: level cranial first, then left before right; nulls last.
    pub fn sort_key(&self) -> (bool, Option<Level>, bool, Option<Side>) {
        (
            self.level.is_none(),
            self.level,
            self.side.is_none(),
            self.side,
        )
    }
}

/// Guidance modality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Imaging {
    Fluoroscopy,
    Ct,
    Ultrasound,
}

/// The `procedure.contrast` object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Contrast {
    /// Injected (`true`), said not to be (`false`), silent (`None`).
    pub used: Option<bool>,
    /// Generic name of the agent (`iohexol`, `iopamidol`, `gadolinium`...).
    pub agent: Option<String>,
    /// Spread along the root / into the epidural space documented.
    pub epidural_spread: Option<bool>,
    /// Vascular uptake seen (`true`) or documented absent (`false`).
    pub vascular_uptake: Option<bool>,
}

/// Role of an injected drug.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Role {
    Steroid,
    Anesthetic,
    Other,
}

/// One drug injected at the target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Injectate {
    /// Generic name, lower case.
    pub drug: String,
    /// Steroid, anesthetic or other.
    pub role: Role,
    /// Mass in mg, when written.
    #[serde(serialize_with = "number_opt")]
    pub dose_mg: Option<f64>,
    /// Volume in mL (cc = mL), when written.
    #[serde(serialize_with = "number_opt")]
    pub volume_ml: Option<f64>,
    /// Concentration in percent, when written.
    #[serde(serialize_with = "number_opt")]
    pub concentration_pct: Option<f64>,
}

/// Sedation level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Sedation {
    None,
    Moderate,
    Mac,
    General,
}

/// The `clinical` object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Clinical {
    /// Radicular features affirmed / documented absent / silent.
    pub radicular: Option<bool>,
    /// Pain confined to the back with no affirmed radicular feature.
    pub axial_only: Option<bool>,
    /// Imaging or neurological exam findings documented.
    pub objective_support: bool,
    /// Every numeric pain rating, in note order.
    pub pain_scores: Vec<PainScore>,
    /// One entry per conservative modality tried, sorted by modality.
    pub conservative_care: Vec<ConservativeCare>,
    /// Relief from a previous injection in the same region.
    pub prior_relief: Option<PriorRelief>,
}

/// When a pain score was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Timing {
    Pre,
    Post,
    Baseline,
    Followup,
    Unspecified,
}

/// One numeric pain rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PainScore {
    /// The value as written (a range's upper bound).
    #[serde(serialize_with = "number")]
    pub value: f64,
    /// 10 or 100.
    pub scale_max: u32,
    /// When it was taken.
    pub timing: Timing,
}

/// Conservative-care modality. Declared in alphabetical order, so the derived
/// `Ord` is the contract's sort order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Modality {
    Acetaminophen,
    ActivityModification,
    Acupuncture,
    Chiropractic,
    Gabapentinoid,
    HomeExercise,
    Massage,
    MuscleRelaxant,
    Nsaid,
    Opioid,
    OralSteroid,
    Other,
    PhysicalTherapy,
    Tens,
}

/// One conservative-care modality documented as tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConservativeCare {
    /// The modality.
    pub modality: Modality,
    /// Stated duration in weeks (months × 4), when stated.
    pub weeks: Option<u32>,
}

/// Relief from a previous injection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorRelief {
    /// Percent relief (a range's upper bound), when stated.
    #[serde(serialize_with = "number_opt")]
    pub percent: Option<f64>,
    /// Duration of the relief in weeks, when stated.
    pub weeks: Option<u32>,
}

/// The payer reviewer's checklist: `Some(true)` documented, `Some(false)`
/// missing or contradicted, `None` does not apply (only `repeat_benefit`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Checklist {
    pub radicular_pain: Option<bool>,
    pub objective_support: Option<bool>,
    pub conservative_care: Option<bool>,
    pub level_and_side: Option<bool>,
    pub imaging_guidance: Option<bool>,
    pub contrast_or_reason: Option<bool>,
    pub injectate_and_dose: Option<bool>,
    pub pain_scores: Option<bool>,
    pub repeat_benefit: Option<bool>,
    pub code_match: Option<bool>,
    pub level_limit: Option<bool>,
    pub not_axial_only: Option<bool>,
}

impl Checklist {
    /// The items by contract name, in contract order.
    pub fn items(&self) -> [(&'static str, Option<bool>); 12] {
        [
            ("radicular_pain", self.radicular_pain),
            ("objective_support", self.objective_support),
            ("conservative_care", self.conservative_care),
            ("level_and_side", self.level_and_side),
            ("imaging_guidance", self.imaging_guidance),
            ("contrast_or_reason", self.contrast_or_reason),
            ("injectate_and_dose", self.injectate_and_dose),
            ("pain_scores", self.pain_scores),
            ("repeat_benefit", self.repeat_benefit),
            ("code_match", self.code_match),
            ("level_limit", self.level_limit),
            ("not_axial_only", self.not_axial_only),
        ]
    }
}

/// A CPT code the note supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Code {
    #[serde(rename = "64483")]
    Tfesi64483,
    #[serde(rename = "64484")]
    Tfesi64484,
}

/// A CPT modifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Modifier {
    #[serde(rename = "RT")]
    Rt,
    #[serde(rename = "LT")]
    Lt,
    #[serde(rename = "50")]
    Bilateral,
}

/// One billed line: code, modifier and units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeLine {
    /// The CPT code.
    pub code: Code,
    /// RT, LT, 50, or `None` when the side is not documented.
    pub modifier: Option<Modifier>,
    /// Number of units.
    pub units: u32,
}

/// Error reading a facts document: names the key path that broke the contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsError {
    /// Dotted path of the offending key (`procedure.targets[0].level`).
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

impl std::fmt::Display for FactsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for FactsError {}

impl Facts {
    /// Reads a facts object from a JSON value, checking every key and vocabulary.
    ///
    /// ```
    /// let bad = serde_json::json!({"procedure": {"performed": "yes"}});
    /// let err = notescan::Facts::from_json(bad).unwrap_err();
    /// assert!(err.path.starts_with("procedure.performed"));
    /// ```
    pub fn from_json(value: serde_json::Value) -> Result<Facts, FactsError> {
        serde_path_to_error::deserialize(value).map_err(|e| FactsError {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
    }
}

/// Writes whole numbers without a fraction (`10`, not `10.0`).
fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn number_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => number(v, s),
        None => s.serialize_none(),
    }
}
