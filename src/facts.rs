//! The facts contract (`shared/spec/facts.md`, v1): the JSON shape a scan and a
//! gold file share. Types here only hold and validate values; they are filled
//! by [`crate::assemble`].
//!
//! Every vocabulary is a closed Rust enum, so reading a gold file that breaks
//! the contract fails with the offending key (see [`Facts::from_json`]).

use crate::level::Level;
use crate::output::json;
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

/// `json_name`, each unit enum's serde spelling, and a test holding them to serde.
macro_rules! json_names {
    ($($ty:ident { $($var:ident = $s:literal),+ $(,)? })+) => {
        $(impl $ty {
            /// The serde (JSON) spelling.
            pub(crate) fn json_name(self) -> &'static str {
                match self { $($ty::$var => $s),+ }
            }
        })+

        #[cfg(test)]
        #[test]
        fn json_names_are_serde_names() {
            $($(assert_eq!(serde_json::to_value($ty::$var).unwrap(), $s);)+)+
        }
    };
}

json_names! {
    Approach {
        Transforaminal = "transforaminal",
        Interlaminar = "interlaminar",
        Caudal = "caudal",
        Facet = "facet",
        MedialBranch = "medial_branch",
        Radiofrequency = "radiofrequency",
        Sacroiliac = "sacroiliac",
        Other = "other",
    }
    Region { Lumbar = "lumbar", Sacral = "sacral", Cervical = "cervical", Thoracic = "thoracic" }
    Side { Left = "left", Right = "right" }
    Imaging { Fluoroscopy = "fluoroscopy", Ct = "ct", Ultrasound = "ultrasound" }
    Role { Steroid = "steroid", Anesthetic = "anesthetic", Other = "other" }
    Sedation { None = "none", Moderate = "moderate", Mac = "mac", General = "general" }
    Timing {
        Pre = "pre",
        Post = "post",
        Baseline = "baseline",
        Followup = "followup",
        Unspecified = "unspecified",
    }
    Modality {
        Acetaminophen = "acetaminophen",
        ActivityModification = "activity_modification",
        Acupuncture = "acupuncture",
        Chiropractic = "chiropractic",
        Gabapentinoid = "gabapentinoid",
        HomeExercise = "home_exercise",
        Massage = "massage",
        MuscleRelaxant = "muscle_relaxant",
        Nsaid = "nsaid",
        Opioid = "opioid",
        OralSteroid = "oral_steroid",
        Other = "other",
        PhysicalTherapy = "physical_therapy",
        Tens = "tens",
    }
    Code { Tfesi64483 = "64483", Tfesi64484 = "64484" }
    Modifier { Rt = "RT", Lt = "LT", Bilateral = "50" }
}

/// The bytes [`number`] serializes.
fn write_number(out: &mut Vec<u8>, v: f64) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json::int(out, v as i64);
    } else {
        json::float(out, v);
    }
}

/// The bytes [`number_opt`] serializes.
fn write_number_opt(out: &mut Vec<u8>, v: Option<f64>) {
    match v {
        Some(v) => write_number(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON array of `items`, each written by `each`.
fn write_array<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut each: impl FnMut(&mut Vec<u8>, &T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, x)?;
    }
    out.push(b']');
    Ok(())
}

impl Facts {
    /// Writes the facts as compact JSON: the bytes `serde_json::to_writer`
    /// writes for them, without a serializer.
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"procedure\":");
        self.procedure.write_json(out)?;
        out.extend_from_slice(b",\"clinical\":");
        self.clinical.write_json(out)?;
        out.extend_from_slice(b",\"checklist\":");
        write_checklist(out, self.checklist.items());
        out.extend_from_slice(b",\"codes\":");
        write_codes(out, &self.codes);
        out.push(b'}');
        Ok(())
    }
}

impl Procedure {
    /// See [`Facts::write_json`].
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(if self.performed {
            b"{\"performed\":true,\"approach\":"
        } else {
            b"{\"performed\":false,\"approach\":"
        });
        json::opt_name(out, self.approach.map(Approach::json_name));
        out.extend_from_slice(b",\"region\":");
        json::opt_name(out, self.region.map(Region::json_name));
        out.extend_from_slice(b",\"targets\":");
        write_array(out, &self.targets, |out, t| {
            out.extend_from_slice(b"{\"level\":");
            match t.level {
                Some(l) => json::level(out, l),
                None => out.extend_from_slice(b"null"),
            }
            out.extend_from_slice(b",\"side\":");
            json::opt_name(out, t.side.map(Side::json_name));
            out.push(b'}');
            Ok(())
        })?;
        out.extend_from_slice(b",\"imaging\":");
        json::opt_name(out, self.imaging.map(Imaging::json_name));
        let c = &self.contrast;
        out.extend_from_slice(b",\"contrast\":{\"used\":");
        json::opt_bool(out, c.used);
        out.extend_from_slice(b",\"agent\":");
        json::opt_str(out, c.agent.as_deref())?;
        out.extend_from_slice(b",\"epidural_spread\":");
        json::opt_bool(out, c.epidural_spread);
        out.extend_from_slice(b",\"vascular_uptake\":");
        json::opt_bool(out, c.vascular_uptake);
        out.extend_from_slice(b"},\"injectates\":");
        write_array(out, &self.injectates, |out, x| {
            out.extend_from_slice(b"{\"drug\":");
            json::str(out, &x.drug)?;
            out.extend_from_slice(b",\"role\":");
            json::name(out, x.role.json_name());
            out.extend_from_slice(b",\"dose_mg\":");
            write_number_opt(out, x.dose_mg);
            out.extend_from_slice(b",\"volume_ml\":");
            write_number_opt(out, x.volume_ml);
            out.extend_from_slice(b",\"concentration_pct\":");
            write_number_opt(out, x.concentration_pct);
            out.push(b'}');
            Ok(())
        })?;
        out.extend_from_slice(b",\"sedation\":");
        json::opt_name(out, self.sedation.map(Sedation::json_name));
        out.push(b'}');
        Ok(())
    }
}

impl Clinical {
    /// See [`Facts::write_json`].
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"radicular\":");
        json::opt_bool(out, self.radicular);
        out.extend_from_slice(b",\"axial_only\":");
        json::opt_bool(out, self.axial_only);
        out.extend_from_slice(if self.objective_support {
            b",\"objective_support\":true,\"pain_scores\":"
        } else {
            b",\"objective_support\":false,\"pain_scores\":"
        });
        write_array(out, &self.pain_scores, |out, p| {
            out.extend_from_slice(b"{\"value\":");
            write_number(out, p.value);
            out.extend_from_slice(b",\"scale_max\":");
            json::uint(out, p.scale_max.into());
            out.extend_from_slice(b",\"timing\":");
            json::name(out, p.timing.json_name());
            out.push(b'}');
            Ok(())
        })?;
        out.extend_from_slice(b",\"conservative_care\":");
        write_array(out, &self.conservative_care, |out, c| {
            out.extend_from_slice(b"{\"modality\":");
            json::name(out, c.modality.json_name());
            out.extend_from_slice(b",\"weeks\":");
            json::opt_uint(out, c.weeks.map(u64::from));
            out.push(b'}');
            Ok(())
        })?;
        out.extend_from_slice(b",\"prior_relief\":");
        match &self.prior_relief {
            Some(r) => {
                out.extend_from_slice(b"{\"percent\":");
                write_number_opt(out, r.percent);
                out.extend_from_slice(b",\"weeks\":");
                json::opt_uint(out, r.weeks.map(u64::from));
                out.push(b'}');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
        Ok(())
    }
}

/// A checklist object with `items` in the order given.
pub(crate) fn write_checklist(out: &mut Vec<u8>, items: [(&'static str, Option<bool>); 12]) {
    out.push(b'{');
    for (i, (k, v)) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json::name(out, k);
        out.push(b':');
        json::opt_bool(out, v);
    }
    out.push(b'}');
}

/// The `codes` array.
pub(crate) fn write_codes(out: &mut Vec<u8>, codes: &[CodeLine]) {
    out.push(b'[');
    for (i, c) in codes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"code\":");
        json::name(out, c.code.json_name());
        out.extend_from_slice(b",\"modifier\":");
        json::opt_name(out, c.modifier.map(Modifier::json_name));
        out.extend_from_slice(b",\"units\":");
        json::uint(out, c.units.into());
        out.push(b'}');
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_json_is_serde_json_on_edge_numbers() {
        let nums = [
            0.0,
            -0.0,
            40.0,
            -3.0,
            0.1,
            2.5,
            1e15,
            -1e15,
            1e21,
            1.5e-7,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
        ];
        for (i, &v) in nums.iter().enumerate() {
            let mut f = Facts::default();
            f.procedure.contrast.agent = Some("io\"hex\\ol\u{1}".into());
            f.procedure.injectates.push(Injectate {
                drug: "dex".into(),
                role: Role::Steroid,
                dose_mg: Some(v),
                volume_ml: None,
                concentration_pct: Some(nums[(i + 1) % nums.len()]),
            });
            f.clinical.pain_scores.push(PainScore {
                value: v,
                scale_max: 10,
                timing: Timing::Pre,
            });
            f.clinical.prior_relief = Some(PriorRelief {
                percent: Some(v),
                weeks: Some(u32::MAX),
            });
            let mut out = Vec::new();
            f.write_json(&mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&f).unwrap(),
                "{v}"
            );
        }
    }
}
