//! Deterministic synthetic corpus generator for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_notes -- -n 100000 --seed 42 -o notes.jsonl
//! ```
//!
//! Writes N notes as JSON Lines `{"id": "gen-000000042", "text": "..."}`:
//! lumbar TFESI procedure notes (the 64483 case), "wrong-code" procedure
//! notes (interlaminar, caudal, cervical/thoracic transforaminal, facet,
//! SI joint), and clinic notes (new consults, post-injection follow-ups,
//! plans to inject). Every note is composed from the phrase banks below
//! (no corpus note is copied) with a seeded splitmix64 PRNG: the same
//! `-n`/`--seed` always give byte-identical output, and note `i` depends
//! only on `(seed, i)`, so a prefix of a larger run equals a smaller run.
//! Lengths are 1–8 KB with a median near 3 KB (log-normal target, filled
//! with history, medication, ROS and discharge text).
//!
//! Options: `-n N` (default 1000), `--seed S` (default 42), `-o FILE`
//! (default stdout), `--stats` (print a length summary to stderr).
//!
//! The benches include this file with `#[path]` and call [`generate`].
#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::Write as _;

/// splitmix64: tiny, fast, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    pub fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.f64().max(1e-12);
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

// ---------------------------------------------------------------- phrase banks

const FIRST_LINES: &[&str] = &[
    "SPINE & PAIN CENTER - PROCEDURE NOTE",
    "INTERVENTIONAL PAIN MANAGEMENT",
    "Outpatient Procedure Report",
    "DEPARTMENT OF PHYSICAL MEDICINE AND REHABILITATION",
    "Ambulatory Surgery Center - Operative Note",
    "PAIN CLINIC",
    "Interventional Spine Service",
    "Procedure Documentation",
];
const PROVIDERS: &[&str] = &[
    "A. Nguyen, MD",
    "B. Castillo, DO",
    "C. Whitfield, MD",
    "D. Haddad, MD",
    "E. Sorensen, MD",
    "F. Adeyemi, DO",
    "G. Marchetti, MD",
    "H. Kowalczyk, MD",
];
const SEXES: &[&str] = &["female", "male", "woman", "man"];

const LEVELS: &[(&str, &str, &str)] = &[
    // (disc-level spelling variants joined by '|', exiting root, pedicle)
    ("L1-2|L1-L2|L1/2", "L1", "L1"),
    ("L2-3|L2-L3|L2/3", "L2", "L2"),
    ("L3-4|L3-L4|L3/4|L3–4", "L3", "L3"),
    ("L4-5|L4-L5|L4/5|L4–5|L4-5", "L4", "L4"),
    ("L5-S1|L5/S1|L5–S1|L5-S1", "L5", "L5"),
    ("S1", "S1", "S1"),
];
const SIDES: &[(&str, &str)] = &[
    ("right", "Right"),
    ("left", "Left"),
    ("right", "Right"),
    ("left", "Left"),
    ("bilateral", "Bilateral"),
];

const STEROIDS: &[(&str, &[u32], &str)] = &[
    ("dexamethasone", &[4, 6, 8, 10, 10, 15], "mg"),
    ("Decadron", &[4, 10], "mg"),
    ("dexamethasone sodium phosphate", &[10], "mg"),
    ("triamcinolone", &[40, 80], "mg"),
    ("Kenalog-40", &[40, 80], "mg"),
    ("methylprednisolone", &[40, 80], "mg"),
    ("Depo-Medrol", &[40, 80, 120], "mg"),
    ("betamethasone", &[6, 12], "mg"),
    ("Celestone Soluspan", &[6, 12], "mg"),
];
const ANESTHETICS: &[(&str, &[&str])] = &[
    ("bupivacaine", &["0.25%", "0.5%"]),
    ("Marcaine", &["0.25%", "0.5%"]),
    ("ropivacaine", &["0.2%", "0.5%"]),
    ("lidocaine", &["1%", "2%"]),
    ("preservative-free normal saline", &[""]),
];
const CONTRASTS: &[&str] = &[
    "Omnipaque 180",
    "Omnipaque 240",
    "Omnipaque 300",
    "Isovue-M 200",
    "Isovue-M 300",
    "iohexol",
    "iopamidol",
    "nonionic contrast",
    "Omnipaque",
];
const IMAGING: &[&str] = &[
    "under fluoroscopic guidance",
    "under fluoroscopy",
    "with C-arm fluoroscopic guidance",
    "using intermittent fluoroscopy",
    "under CT guidance",
    "under live fluoroscopy with digital subtraction",
    "with image guidance (fluoroscopy)",
];
const SEDATION_NONE: &[&str] = &[
    "None - local anesthetic only.",
    "No sedation was given; local only.",
    "Local anesthesia only, no IV sedation.",
    "Patient declined sedation.",
];
const SEDATION_YES: &[&str] = &[
    "Conscious sedation with midazolam {m} mg IV, monitored by RN.",
    "Moderate sedation: Versed {m} mg and fentanyl {f} mcg IV.",
    "Monitored anesthesia care with propofol by anesthesia.",
    "Minimal sedation with midazolam {m} mg IV; patient conversant throughout.",
    "IV sedation: fentanyl {f} mcg.",
];
const CONSERVATIVE: &[&str] = &[
    "completed {w} weeks of formal physical therapy without durable benefit",
    "has done a home exercise program for {w} weeks",
    "tried chiropractic care for {w} weeks with minimal relief",
    "has taken ibuprofen 800 mg three times daily for {w} weeks",
    "takes naproxen 500 mg twice daily",
    "has been on gabapentin 300 mg three times daily for {w} weeks",
    "was given a Medrol dosepak with temporary relief",
    "completed {w} weeks of PT and a course of meloxicam 15 mg daily",
    "has tried acupuncture and massage",
    "uses cyclobenzaprine 10 mg at night",
    "has not had physical therapy",
    "was treated with activity modification and NSAIDs for {w} weeks",
];
const RADICULAR: &[&str] = &[
    "pain radiating down the posterolateral {side} thigh and calf to the dorsum of the foot",
    "{side} buttock and leg pain radiating to the lateral calf",
    "shooting pain down the {side} leg below the knee",
    "{side} L5 radicular pain with numbness over the great toe",
    "burning pain in the {side} anterior thigh",
    "paresthesias in the {side} foot and sole",
    "sciatica on the {side} side",
];
const AXIAL: &[&str] = &[
    "axial low back pain without radiation",
    "mechanical low back pain worse with extension",
    "pain confined to the low back and buttocks, not below the knee",
    "midline lumbar pain",
];
const EXAM: &[&str] = &[
    "Straight leg raise positive on the {side} at {d} degrees.",
    "Diminished {side} Achilles reflex.",
    "Decreased sensation in the {side} L5 dermatome.",
    "Strength 4+/5 in {side} ankle dorsiflexion; otherwise 5/5.",
    "Gait is antalgic.",
    "Tenderness over the lumbar paraspinals.",
    "Negative crossed straight leg raise.",
    "Reflexes 2+ and symmetric.",
    "Facet loading reproduces axial pain.",
    "Negative FABER bilaterally.",
];
const MRI: &[&str] = &[
    "MRI lumbar spine shows a {side} paracentral disc protrusion at {lvl} contacting the traversing nerve root.",
    "MRI demonstrates moderate {side} foraminal stenosis at {lvl}.",
    "MRI: broad-based disc bulge at {lvl} with {side} foraminal narrowing and facet arthropathy.",
    "Lumbar MRI reveals a {side} foraminal disc extrusion at {lvl} abutting the exiting root.",
    "CT myelogram shows lateral recess stenosis at {lvl}.",
    "MRI from outside facility was reviewed: degenerative disc disease at {lvl}.",
];
const PMH: &[&str] = &[
    "Hypertension",
    "Type 2 diabetes mellitus",
    "Hypothyroidism",
    "GERD",
    "Migraine",
    "Hyperlipidemia",
    "Obstructive sleep apnea",
    "Anxiety",
    "Depression",
    "Osteoarthritis of the knees",
    "Asthma",
    "Atrial fibrillation",
    "Chronic kidney disease stage 2",
    "Obesity",
];
const MEDS: &[&str] = &[
    "lisinopril 10 mg daily",
    "metformin 500 mg twice daily",
    "levothyroxine 75 mcg daily",
    "omeprazole 20 mg daily",
    "atorvastatin 40 mg nightly",
    "sertraline 50 mg daily",
    "amlodipine 5 mg daily",
    "acetaminophen 500 mg as needed",
    "tramadol 50 mg as needed",
    "duloxetine 60 mg daily",
    "apixaban 5 mg twice daily (held 3 days prior)",
    "aspirin 81 mg daily",
    "hydrochlorothiazide 25 mg daily",
];
const FILLER: &[&str] = &[
    "Risks including infection, bleeding, nerve injury, dural puncture, headache, elevated blood glucose and failure to relieve pain were discussed, and written consent was obtained.",
    "A time-out was performed confirming the patient, procedure, level and side.",
    "The patient was placed prone on the fluoroscopy table and the lumbar region was prepped with chlorhexidine and draped in the usual sterile fashion.",
    "Vital signs were stable throughout and the patient tolerated the procedure well.",
    "The patient was observed in recovery for 20 minutes and discharged home in stable condition with a driver.",
    "Discharge instructions were reviewed, including ice to the site as needed and no heat for 24 hours.",
    "Possible steroid side effects were reviewed: facial flushing, insomnia, transient elevation of blood glucose and mood changes.",
    "Return precautions: fever, wound redness or drainage, severe positional headache, new weakness, saddle numbness or bowel or bladder changes.",
    "Diabetic patients were instructed to monitor glucose closely for 72 hours.",
    "Images were saved to PACS in AP and lateral projections.",
    "Social history: nonsmoker, drinks alcohol socially, works in logistics.",
    "Review of systems is otherwise negative for fever, chills, weight loss or night sweats.",
    "She denies saddle anesthesia or bowel or bladder incontinence.",
    "He denies fevers, unintended weight loss or history of cancer.",
    "Family history of rheumatoid arthritis in her mother.",
    "No known drug allergies. No latex allergy.",
    "Allergy to iodinated contrast (hives) was noted; premedication was given per protocol.",
    "Anticoagulation: none. Last NSAID dose more than 24 hours ago.",
    "Pregnancy screen not applicable.",
    "The risks and benefits of the procedure, as well as alternatives including continued conservative care and surgical consultation, were explained in detail and all questions were answered.",
    "Estimated blood loss: minimal. Specimens: none.",
    "The needle was removed intact and a sterile bandage was applied.",
    "Oswestry Disability Index today is {d}%.",
    "The patient works as a warehouse supervisor and has missed several days of work due to pain.",
    "Sleep is disturbed by pain most nights.",
    "Sitting for more than 20 minutes aggravates the symptoms; walking short distances is tolerated.",
    "The patient would like to avoid surgery if possible.",
    "Opioid risk was reviewed and the state prescription monitoring database was checked.",
    "We discussed weight loss and core strengthening as long-term measures.",
    "Blood pressure 132/84, heart rate 76, SpO2 98% on room air.",
];
const WRONG: &[(&str, &str)] = &[
    ("interlaminar epidural steroid injection", "L4-5|L5-S1|L3-4"),
    ("caudal epidural steroid injection", "sacral hiatus"),
    (
        "cervical transforaminal epidural steroid injection",
        "C5-6|C6-7|C4-5",
    ),
    (
        "thoracic transforaminal epidural steroid injection",
        "T10-11|T11-12",
    ),
    (
        "lumbar facet joint injection (intra-articular)",
        "L4-5|L5-S1",
    ),
    ("medial branch block", "L3-4|L4-5|L5-S1"),
    ("sacroiliac joint injection", "SI joint"),
    (
        "radiofrequency ablation of the medial branch nerves",
        "L4-5|L5-S1",
    ),
];
const TF_NAMES: &[&str] = &[
    "transforaminal epidural steroid injection",
    "Transforaminal epidural steroid injection, lumbar",
    "lumbar transforaminal epidural steroid injection",
    "TFESI",
    "transforaminal ESI",
    "selective nerve root block (transforaminal epidural)",
    "lumbar transforaminal epidural injection of steroid",
];

// ---------------------------------------------------------------- composition

fn variant<'a>(rng: &mut Rng, alts: &'a str) -> &'a str {
    let v: Vec<&str> = alts.split('|').collect();
    v[rng.below(v.len())]
}

/// Replace `{side}`, `{lvl}`, `{w}`, `{d}`, `{m}`, `{f}` placeholders.
fn fill(rng: &mut Rng, out: &mut String, tpl: &str, side: &str, lvl: &str) {
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').map(|j| i + j).unwrap_or(rest.len() - 1);
        match &rest[i + 1..j] {
            "side" => out.push_str(side),
            "lvl" => out.push_str(lvl),
            "w" => {
                let _ = write!(out, "{}", rng.range(2, 16));
            }
            "d" => {
                let _ = write!(out, "{}", rng.range(20, 70));
            }
            "m" => {
                let _ = write!(out, "{}", rng.range(1, 3));
            }
            "f" => {
                let _ = write!(out, "{}", [25, 50, 75, 100][rng.below(4)]);
            }
            other => out.push_str(other),
        }
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
}

struct Style {
    upper: bool,
    numbered: bool,
    crlf: bool,
    n: u32,
}

impl Style {
    fn header(&mut self, out: &mut String, names: &[&str], rng: &mut Rng) {
        let name = names[rng.below(names.len())];
        if !out.is_empty() {
            out.push('\n');
        }
        if self.numbered {
            self.n += 1;
            let _ = write!(out, "{}. ", self.n);
        }
        if self.upper {
            out.push_str(&name.to_uppercase());
        } else {
            out.push_str(name);
        }
        out.push(':');
        out.push(if rng.chance(0.6) { ' ' } else { '\n' });
    }
}

fn pain(rng: &mut Rng, out: &mut String, when: &str) {
    let s = rng.range(3, 10);
    match rng.below(5) {
        0 => {
            let _ = write!(out, "Pain score {when}: {s}/10. ");
        }
        1 => {
            let _ = write!(out, "NRS {when} {s}/10. ");
        }
        2 => {
            let _ = write!(out, "VAS {when}: {s} out of 10. ");
        }
        3 => {
            let _ = write!(out, "{} pain {s}/10. ", capitalize(when));
        }
        _ => {
            let _ = write!(out, "Pain rated {s}/10 {when}. ");
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn filler(rng: &mut Rng, out: &mut String, target: usize) {
    let side = rng.pick(&["right", "left"]);
    let mut guard = 0;
    while out.len() < target && guard < 200 {
        {
            let t = FILLER[rng.below(FILLER.len())];
            fill(rng, out, t, side, "");
        }
        out.push(if rng.chance(0.2) { '\n' } else { ' ' });
        guard += 1;
    }
}

fn history(
    rng: &mut Rng,
    st: &mut Style,
    out: &mut String,
    side: &str,
    lvl: &str,
    radicular: bool,
) {
    st.header(
        out,
        &[
            "History of present illness",
            "HPI",
            "Indications",
            "Indication",
            "History",
        ],
        rng,
    );
    let age = rng.range(24, 88);
    let sex = rng.pick(SEXES);
    let months = rng.range(1, 24);
    let _ = write!(out, "{age}-year-old {sex} with {months} months of ");
    if radicular {
        let side_word = if side == "bilateral" {
            "bilateral"
        } else {
            side
        };
        {
            let t = rng_pick_str(rng, RADICULAR);
            fill(rng, out, t, side_word, lvl);
        }
    } else {
        out.push_str(rng.pick(AXIAL));
    }
    out.push_str(". ");
    let k = rng.range(1, 3);
    for i in 0..k {
        out.push_str(if i == 0 {
            "The patient "
        } else {
            "The patient also "
        });
        {
            let t = rng_pick_str(rng, CONSERVATIVE);
            fill(rng, out, t, side, lvl);
        }
        out.push_str(". ");
    }
    if rng.chance(0.3) {
        let pct = rng.range(40, 90);
        let wk = rng.range(6, 30);
        let _ = write!(
            out,
            "A prior {side} {lvl} injection {wk} weeks ago gave {pct}% relief. "
        );
    }
    if rng.chance(0.25) {
        out.push_str("History of L4-5 microdiscectomy in 2015. ");
    }
    if rng.chance(0.2) {
        out.push_str("Mother had lumbar spinal stenosis requiring surgery. ");
    }
    pain(rng, out, "today");
    out.push('\n');
    st.header(out, &["Imaging", "MRI", "Radiology"], rng);
    {
        let t = rng_pick_str(rng, MRI);
        fill(rng, out, t, side, lvl);
    }
    out.push('\n');
    st.header(
        out,
        &["Physical exam", "Exam", "Physical examination", "Objective"],
        rng,
    );
    for _ in 0..rng.range(1, 4) {
        {
            let t = rng_pick_str(rng, EXAM);
            fill(rng, out, t, side, lvl);
        }
        out.push(' ');
    }
    out.push('\n');
}

fn rng_pick_str(rng: &mut Rng, xs: &[&'static str]) -> &'static str {
    xs[rng.below(xs.len())]
}

fn pmh(rng: &mut Rng, st: &mut Style, out: &mut String) {
    st.header(out, &["Past medical history", "PMH"], rng);
    let k = rng.range(1, 5);
    for i in 0..k {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(rng.pick(PMH));
    }
    out.push_str(".\n");
    st.header(out, &["Medications", "Current medications"], rng);
    let k = rng.range(1, 5);
    for i in 0..k {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(rng.pick(MEDS));
    }
    out.push_str(".\n");
}

fn levels(rng: &mut Rng) -> Vec<usize> {
    // indexes into LEVELS, mostly L4-5 / L5-S1, 1-3 adjacent levels
    let start = [3usize, 4, 4, 3, 2, 5, 1, 4][rng.below(8)];
    let n = [1usize, 1, 1, 1, 2, 2, 3][rng.below(7)];
    (start..(start + n).min(LEVELS.len())).collect()
}

fn procedure_note(rng: &mut Rng, out: &mut String, target: usize) {
    let mut st = Style {
        upper: rng.chance(0.6),
        numbered: rng.chance(0.2),
        crlf: false,
        n: 0,
    };
    let (side, side_cap) = SIDES[rng.below(SIDES.len())];
    let lv = levels(rng);
    let lvl_txt: Vec<&str> = lv.iter().map(|&i| variant(rng, LEVELS[i].0)).collect();
    let lvl_join = lvl_txt.join(" and ");
    out.push_str(rng.pick(FIRST_LINES));
    let _ = write!(out, "\nAttending: {}\n", rng.pick(PROVIDERS));
    let name = rng.pick(TF_NAMES);
    st.header(
        out,
        &[
            "Procedure",
            "Procedure performed",
            "Operation",
            "Procedure(s)",
        ],
        rng,
    );
    match rng.below(3) {
        0 => {
            let _ = writeln!(out, "{side_cap} {lvl_join} {name} {}.", rng.pick(IMAGING));
        }
        1 => {
            let _ = write!(out, "{name}\nLevel(s): {lvl_join}\nSide: {side_cap}\n");
        }
        _ => {
            let _ = writeln!(out, "{name}, {side}, at {lvl_join}, {}.", rng.pick(IMAGING));
        }
    }
    st.header(
        out,
        &[
            "Pre-procedure diagnosis",
            "Diagnosis",
            "Preoperative diagnosis",
        ],
        rng,
    );
    let _ = writeln!(
        out,
        "Lumbar radiculopathy, {side} {} (M54.16).",
        LEVELS[lv[0]].1
    );
    let radicular = rng.chance(0.85);
    history(rng, &mut st, out, side, lvl_txt[0], radicular);
    if rng.chance(0.5) {
        pmh(rng, &mut st, out);
    }
    st.header(out, &["Consent", "Informed consent"], rng);
    out.push_str(FILLER[0]);
    out.push('\n');
    st.header(out, &["Sedation", "Anesthesia"], rng);
    if rng.chance(0.6) {
        out.push_str(rng.pick(SEDATION_NONE));
    } else {
        {
            let t = rng_pick_str(rng, SEDATION_YES);
            fill(rng, out, t, side, "");
        }
    }
    out.push('\n');
    // technique
    st.header(
        out,
        &["Technique", "Description of procedure", "Procedure details"],
        rng,
    );
    out.push_str(FILLER[2]);
    out.push(' ');
    let no_imaging = rng.chance(0.04);
    let gauge = [22, 22, 25, 20][rng.below(4)];
    for (k, &i) in lv.iter().enumerate() {
        let sides: &[&str] = if side == "bilateral" {
            &["right", "left"]
        } else {
            std::slice::from_ref(&side)
        };
        for s in sides {
            if no_imaging {
                let _ = write!(out, "Using a landmark-based technique, a {gauge}-gauge spinal needle was advanced toward the {s} {} foramen. ", lvl_txt[k]);
            } else {
                let _ = write!(
                    out,
                    "The {s} {} neural foramen was identified {}. A {gauge}-gauge {} inch spinal needle was advanced to the subpedicular position beneath the {s} {} pedicle. ",
                    lvl_txt[k],
                    rng.pick(IMAGING),
                    rng.pick(&["3.5", "5", "6"]),
                    LEVELS[i].2
                );
            }
            if rng.chance(0.85) {
                let ml = rng.pick(&["0.5", "1", "1.5", "2"]);
                let _ = write!(out, "{ml} mL of {} was injected, demonstrating {}. ", rng.pick(CONTRASTS), rng.pick(&[
                    "epidural spread along the nerve root",
                    "flow into the epidural space without vascular uptake",
                    "a neurogram with medial epidural spread",
                    "no intravascular or intrathecal spread",
                    "vascular uptake; the needle was repositioned and repeat contrast showed epidural flow",
                ]));
            } else if rng.chance(0.5) {
                out.push_str("No contrast was used due to a contrast allergy. ");
            }
            out.push_str(rng.pick(&[
                "Negative aspiration. ",
                "Aspiration negative for blood and CSF. ",
                "",
            ]));
        }
    }
    out.push('\n');
    st.header(
        out,
        &["Medications injected", "Injectate", "Medications"],
        rng,
    );
    let (drug, doses, unit) = STEROIDS[rng.below(STEROIDS.len())];
    let dose = doses[rng.below(doses.len())];
    let (an, concs) = ANESTHETICS[rng.below(ANESTHETICS.len())];
    let conc = concs[rng.below(concs.len())];
    let vol = rng.pick(&["1", "1.5", "2", "3"]);
    match rng.below(3) {
        0 => {
            let _ = writeln!(
                out,
                "{drug} {dose} {unit} and {conc} {an} {vol} mL{}.",
                if lv.len() > 1 { " at each level" } else { "" }
            );
        }
        1 => {
            let _ = writeln!(out, "A mixture of {drug} {dose} {unit} with {vol} mL of {conc} {an} was injected slowly.");
        }
        _ => {
            let _ = writeln!(
                out,
                "{capital} {dose} {unit} ({vol} mL total volume with {an} {conc}).",
                capital = capitalize(drug)
            );
        }
    }
    st.header(
        out,
        &["Pain scores", "Pain assessment", "Post-procedure"],
        rng,
    );
    pain(rng, out, "pre-procedure");
    pain(rng, out, "post-procedure");
    out.push('\n');
    st.header(out, &["Complications", "Complications"], rng);
    out.push_str(rng.pick(&[
        "None.",
        "None apparent.",
        "Transient vasovagal episode, resolved.",
        "No complications.",
    ]));
    out.push('\n');
    if rng.chance(0.7) {
        pmh_or_filler(rng, &mut st, out, target);
    }
    st.header(out, &["Plan", "Disposition", "Follow-up"], rng);
    let _ = write!(out, "Follow up in clinic in {} weeks. ", rng.range(2, 6));
    if rng.chance(0.3) {
        out.push_str(
            "If relief is less than 50%, will consider a repeat injection or surgical referral. ",
        );
    }
    filler(rng, out, target);
    out.push('\n');
}

fn pmh_or_filler(rng: &mut Rng, st: &mut Style, out: &mut String, target: usize) {
    st.header(
        out,
        &[
            "Discharge instructions",
            "Post-procedure instructions",
            "Additional notes",
        ],
        rng,
    );
    let t = out.len() + (target.saturating_sub(out.len())) * 2 / 3;
    filler(rng, out, t);
    out.push('\n');
}

fn wrong_code_note(rng: &mut Rng, out: &mut String, target: usize) {
    let mut st = Style {
        upper: rng.chance(0.6),
        numbered: rng.chance(0.2),
        crlf: false,
        n: 0,
    };
    let (side, side_cap) = SIDES[rng.below(SIDES.len())];
    let (name, sites) = WRONG[rng.below(WRONG.len())];
    let site = variant(rng, sites);
    out.push_str(rng.pick(FIRST_LINES));
    out.push('\n');
    st.header(out, &["Procedure", "Procedure performed"], rng);
    let _ = writeln!(out, "{side_cap} {site} {name} {}.", rng.pick(IMAGING));
    let rad = rng.chance(0.6);
    history(rng, &mut st, out, side, site, rad);
    st.header(out, &["Sedation"], rng);
    out.push_str(rng.pick(SEDATION_NONE));
    out.push('\n');
    st.header(out, &["Technique", "Description of procedure"], rng);
    out.push_str(FILLER[2]);
    let _ = write!(
        out,
        " The {site} was targeted {} and {} of {} confirmed needle placement. ",
        rng.pick(IMAGING),
        rng.pick(&["1 mL", "2 mL"]),
        rng.pick(CONTRASTS)
    );
    let (drug, doses, unit) = STEROIDS[rng.below(STEROIDS.len())];
    let _ = writeln!(
        out,
        "{drug} {} {unit} was injected.",
        doses[rng.below(doses.len())]
    );
    st.header(out, &["Pain scores"], rng);
    pain(rng, out, "pre-procedure");
    pain(rng, out, "post-procedure");
    out.push('\n');
    pmh_or_filler(rng, &mut st, out, target);
    st.header(out, &["Plan"], rng);
    filler(rng, out, target);
    out.push('\n');
}

fn clinic_note(rng: &mut Rng, out: &mut String, target: usize) {
    let mut st = Style {
        upper: rng.chance(0.7),
        numbered: false,
        crlf: false,
        n: 0,
    };
    let (side, _) = SIDES[rng.below(SIDES.len())];
    let lv = levels(rng);
    let lvl = variant(rng, LEVELS[lv[0]].0).to_string();
    let kind = rng.below(3);
    st.header(out, &["Chief complaint", "Reason for visit", "CC"], rng);
    out.push_str(match kind {
        0 => "New patient consultation for low back and leg pain.",
        1 => "Follow-up after lumbar epidural steroid injection.",
        _ => "Follow-up of lumbar radiculopathy.",
    });
    out.push('\n');
    let radicular = rng.chance(0.8);
    history(rng, &mut st, out, side, &lvl, radicular);
    if kind == 1 {
        let pct = rng.range(0, 90);
        let wk = rng.range(2, 16);
        let _ = write!(
            out,
            "Since the {side} {lvl} TFESI {wk} weeks ago the patient reports {pct}% relief. "
        );
        pain(rng, out, "currently");
        out.push('\n');
    }
    pmh(rng, &mut st, out);
    st.header(out, &["Review of systems", "ROS"], rng);
    out.push_str(FILLER[11]);
    out.push(' ');
    out.push_str(FILLER[12]);
    out.push('\n');
    st.header(
        out,
        &[
            "Assessment and plan",
            "Assessment/Plan",
            "Plan",
            "Impression and plan",
        ],
        rng,
    );
    let _ = write!(out, "{} lumbar radiculopathy at {lvl}. ", capitalize(side));
    match rng.below(4) {
        0 => {
            let _ = write!(out, "Will schedule a {side} {lvl} transforaminal epidural steroid injection under fluoroscopy. ");
        }
        1 => {
            let _ = write!(
                out,
                "If symptoms persist despite therapy we could consider a {side} {lvl} TFESI. "
            );
        }
        2 => out.push_str(
            "Continue physical therapy and NSAIDs; no injection is planned at this time. ",
        ),
        _ => out.push_str("Refer to spine surgery for evaluation of decompression. "),
    }
    filler(rng, out, target);
    out.push('\n');
}

/// Note `i` of the corpus generated from `seed`.
pub fn note(seed: u64, i: u64) -> (String, String) {
    let mut rng = Rng::new(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
    rng.next_u64();
    // log-normal target length, median ~3 KB, clamped to 1–8 KB
    let target = (2900.0 * (0.45 * rng.normal()).exp()).clamp(1000.0, 7600.0) as usize;
    let mut out = String::with_capacity(target + 2048);
    match rng.below(20) {
        0..=10 => procedure_note(&mut rng, &mut out, target),
        11..=13 => wrong_code_note(&mut rng, &mut out, target),
        _ => clinic_note(&mut rng, &mut out, target),
    }
    // keep every note within 8 KB: cut at the last sentence end before it
    if out.len() > 8000 {
        let mut cut = 8000;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        let end = out[..cut].rfind(". ").map(|p| p + 1).unwrap_or(cut);
        out.truncate(end);
        out.push('\n');
    }
    if rng.chance(0.05) {
        out = out.replace('\n', "\r\n");
    }
    (format!("gen-{i:09}"), out)
}

/// The first `n` notes generated from `seed`.
pub fn generate(n: usize, seed: u64) -> impl Iterator<Item = (String, String)> {
    (0..n as u64).map(move |i| note(seed, i))
}

/// One JSONL line (with trailing newline) for a note.
pub fn json_line(buf: &mut Vec<u8>, id: &str, text: &str) {
    buf.extend_from_slice(b"{\"id\":");
    serde_json::to_writer(&mut *buf, id).unwrap();
    buf.extend_from_slice(b",\"text\":");
    serde_json::to_writer(&mut *buf, text).unwrap();
    buf.extend_from_slice(b"}\n");
}

fn main() {
    let mut n = 1000usize;
    let mut seed = 42u64;
    let mut out: Option<String> = None;
    let mut stats = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-n" => n = args.next().and_then(|v| v.parse().ok()).expect("-n N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed S"),
            "-o" => out = args.next(),
            "--stats" => stats = true,
            "-h" | "--help" => {
                eprintln!("gen_notes [-n N] [--seed S] [-o FILE] [--stats]");
                return;
            }
            other => {
                eprintln!("gen_notes: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    let sink: Box<dyn std::io::Write> = match &out {
        Some(p) if p != "-" => Box::new(std::fs::File::create(p).expect("create output")),
        _ => Box::new(std::io::stdout().lock()),
    };
    let mut w = std::io::BufWriter::with_capacity(1 << 20, sink);
    let mut buf = Vec::with_capacity(16 << 10);
    let mut lens = Vec::new();
    let t = std::time::Instant::now();
    let mut bytes = 0usize;
    for (id, text) in generate(n, seed) {
        buf.clear();
        json_line(&mut buf, &id, &text);
        w.write_all(&buf).expect("write");
        bytes += buf.len();
        if stats {
            lens.push(text.len());
        }
    }
    w.flush().expect("flush");
    if stats && !lens.is_empty() {
        lens.sort_unstable();
        let q = |p: f64| lens[((lens.len() - 1) as f64 * p) as usize];
        eprintln!(
            "gen_notes: {n} notes, {bytes} bytes JSONL in {:.2}s; note bytes min {} p10 {} median {} p90 {} max {}",
            t.elapsed().as_secs_f64(),
            q(0.0),
            q(0.1),
            q(0.5),
            q(0.9),
            q(1.0)
        );
    }
}
