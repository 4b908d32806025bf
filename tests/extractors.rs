//! Phrasing → value tables for each extractor, traps included. Each row is a
//! short note and what one fact must be.

use notescan::facts::{Approach, Facts, Imaging, Modality, Sedation, Side, Timing};
use notescan::Scanner;
use once_cell::sync::Lazy;

static SCANNER: Lazy<Scanner> = Lazy::new(Scanner::new);

fn facts(note: &str) -> Facts {
    SCANNER.scan("t", note).facts
}

/// A procedure note around `body`, so procedure facts are read.
fn proc_note(body: &str) -> Facts {
    facts(&format!(
        "PROCEDURE: Transforaminal epidural steroid injection.\nDESCRIPTION OF PROCEDURE: The patient was placed prone and prepped and draped in sterile fashion. {body}\n"
    ))
}

fn targets(f: &Facts) -> Vec<(String, Option<Side>)> {
    f.procedure
        .targets
        .iter()
        .map(|t| (t.level.map(|l| l.to_string()).unwrap_or_default(), t.side))
        .collect()
}

/// A phrase and the (level, side) targets it should give.
type TargetCase<'a> = (&'a str, &'a [(&'a str, Option<Side>)]);

#[test]
fn levels_and_sides() {
    use Side::*;
    let table: &[TargetCase] = &[
        (
            "A needle was advanced to the right L4-5 foramen.",
            &[("L4-L5", Some(Right))],
        ),
        (
            "Needle placed at the L4/L5 foramen on the left.",
            &[("L4-L5", Some(Left))],
        ),
        ("Injection at left L45.", &[("L4-L5", Some(Left))]),
        (
            "Target: right L4–L5 and L5–S1 foramina.",
            &[("L4-L5", Some(Right)), ("L5-S1", Some(Right))],
        ),
        (
            "The needle was directed to the right L5 nerve root.",
            &[("L5-S1", Some(Right))],
        ),
        (
            "The needle was advanced to the left S1 foramen.",
            &[("S1", Some(Left))],
        ),
        (
            "Bilateral L5-S1 injection was performed.",
            &[("L5-S1", Some(Left)), ("L5-S1", Some(Right))],
        ),
        (
            "Needles were placed at left L4-5 and right L5-S1.",
            &[("L4-L5", Some(Left)), ("L5-S1", Some(Right))],
        ),
        (
            "Injection at the L3-L5 levels on the right.",
            &[("L3-L4", Some(Right)), ("L4-L5", Some(Right))],
        ),
        (
            "Needles at the right L4 and L5 roots.",
            &[("L4-L5", Some(Right)), ("L5-S1", Some(Right))],
        ),
        (
            "The needle was advanced to the L5-S1 foramen.",
            &[("L5-S1", None)],
        ),
    ];
    for (body, want) in table {
        let got = targets(&proc_note(body));
        let want: Vec<(String, Option<Side>)> =
            want.iter().map(|(l, s)| (l.to_string(), *s)).collect();
        assert_eq!(got, want, "{body}");
    }
}

#[test]
fn level_traps() {
    // History and imaging levels are not targets; "left the room" is not a side.
    let f = proc_note("She has a history of L4-5 fusion. MRI shows an L3-4 disc bulge. A needle was advanced to the right L5-S1 foramen. The patient left the room in stable condition.");
    assert_eq!(targets(&f), vec![("L5-S1".to_string(), Some(Side::Right))]);
}

#[test]
fn approach_and_region() {
    let table: &[(&str, Option<Approach>)] = &[
        ("PROCEDURE: Right L5 TFESI under fluoroscopy. The needle was advanced and 10 mg dexamethasone was injected.", Some(Approach::Transforaminal)),
        ("PROCEDURE: Right L5 selective nerve root block. The needle was advanced and 1 mL bupivacaine was injected.", Some(Approach::Transforaminal)),
        ("PROCEDURE: L5-S1 interlaminar epidural steroid injection. Loss of resistance; 80 mg Depo-Medrol was injected.", Some(Approach::Interlaminar)),
        ("PROCEDURE: Caudal epidural steroid injection. The needle was advanced through the sacral hiatus and 80 mg triamcinolone was injected.", Some(Approach::Caudal)),
        ("PROCEDURE: Right L3, L4 medial branch radiofrequency ablation. The patient was prepped and draped. Needles were placed and lesions made.", Some(Approach::Radiofrequency)),
        ("PROCEDURE: Left sacroiliac joint injection. The needle was advanced and 40 mg Kenalog was injected.", Some(Approach::Sacroiliac)),
    ];
    for (note, want) in table {
        assert_eq!(facts(note).procedure.approach, *want, "{note}");
    }
    // A hypothetical procedure plans nothing.
    let f = facts(
        "ASSESSMENT: Lumbar radiculopathy.\nPLAN: If symptoms persist, will consider an ESI.",
    );
    assert!(!f.procedure.performed);
    assert_eq!(f.procedure.approach, None);
    assert!(f.procedure.targets.is_empty());
    // A planned one is described.
    let f = facts(
        "ASSESSMENT: Right L5 radiculopathy.\nPLAN: Schedule right L5-S1 TFESI under fluoroscopy.",
    );
    assert!(!f.procedure.performed);
    assert_eq!(f.procedure.approach, Some(Approach::Transforaminal));
    assert_eq!(targets(&f), vec![("L5-S1".to_string(), Some(Side::Right))]);
    assert_eq!(f.procedure.imaging, Some(Imaging::Fluoroscopy));
    // T12-L1 is thoracic.
    let f = proc_note("The needle was advanced to the right T12-L1 foramen.");
    assert_eq!(f.procedure.region, Some(notescan::facts::Region::Thoracic));
}

#[test]
fn contrast() {
    let f = proc_note("Omnipaque 180, 1 mL, outlined the exiting nerve root with epidural spread and no vascular uptake.");
    let c = &f.procedure.contrast;
    assert_eq!(
        (
            c.used,
            c.agent.as_deref(),
            c.epidural_spread,
            c.vascular_uptake
        ),
        (Some(true), Some("iohexol"), Some(true), Some(false))
    );
    // Negative aspiration says nothing about vascular uptake.
    let f = proc_note("Negative aspiration. Isovue-M 200 was injected.");
    assert_eq!(f.procedure.contrast.vascular_uptake, None);
    assert_eq!(f.procedure.contrast.agent.as_deref(), Some("iopamidol"));
    // "No contrast allergy" is no statement about contrast use.
    let f = proc_note("Allergies: no contrast allergy. 10 mg dexamethasone was injected.");
    assert_eq!(f.procedure.contrast.used, None);
    assert_eq!(f.checklist.contrast_or_reason, Some(false));
    // Withheld for a stated reason.
    let f = proc_note(
        "Due to a contrast allergy, no contrast was used. 10 mg dexamethasone was injected.",
    );
    assert_eq!(f.procedure.contrast.used, Some(false));
    assert_eq!(f.checklist.contrast_or_reason, Some(true));
    // Vascular uptake seen.
    let f = proc_note("Contrast injection showed vascular uptake; the needle was repositioned.");
    assert_eq!(f.procedure.contrast.vascular_uptake, Some(true));
    // MRI contrast is not injection contrast.
    let f = proc_note("MRI with and without contrast showed a herniation.");
    assert_eq!(f.procedure.contrast.used, None);
}

#[test]
fn injectates_and_doses() {
    let f = proc_note("The skin was anesthetized with 1% lidocaine. Kenalog 40 mg/mL, 1 mL and 2 mL of 0.25% bupivacaine were injected at the right L5-S1 foramen.");
    // (drug, dose mg, volume mL, concentration)
    type Injectate = (String, Option<f64>, Option<f64>, Option<f64>);
    let got: Vec<Injectate> = f
        .procedure
        .injectates
        .iter()
        .map(|i| (i.drug.clone(), i.dose_mg, i.volume_ml, i.concentration_pct))
        .collect();
    assert_eq!(
        got,
        vec![
            ("bupivacaine".into(), None, Some(2.0), Some(0.25)),
            ("triamcinolone".into(), Some(40.0), Some(1.0), None)
        ]
    );
    let f = proc_note("Dexamethasone 80 mg/mL, 1 mL was injected at the foramen.");
    assert_eq!(
        (
            f.procedure.injectates[0].dose_mg,
            f.procedure.injectates[0].volume_ml
        ),
        (Some(80.0), Some(1.0))
    );
    // Saline for loss of resistance is not an injectate; a mixture's total is not split.
    let f = proc_note("Loss of resistance with saline. A total volume of 3 mL containing 10 mg dexamethasone was injected at the foramen.");
    let drugs: Vec<&str> = f
        .procedure
        .injectates
        .iter()
        .map(|i| i.drug.as_str())
        .collect();
    assert_eq!(drugs, ["dexamethasone"]);
    assert_eq!(f.procedure.injectates[0].volume_ml, None);
    assert_eq!(f.procedure.injectates[0].dose_mg, Some(10.0));
    // A new clause after ", and" is not under the negation before it ...
    let f = proc_note("Contrast outlined the root with no vascular uptake, and Depo-Medrol 40 mg was injected at the foramen.");
    assert_eq!(f.procedure.injectates.len(), 1);
    assert_eq!(f.procedure.injectates[0].dose_mg, Some(40.0));
    // ... while a negated list of symptoms stays negated.
    let f = facts("HPI: Denies fever, chills, and leg pain.");
    assert_eq!(f.clinical.radicular, Some(false));
}

#[test]
fn sedation() {
    let table: &[(&str, Option<Sedation>)] = &[
        ("No sedation was given.", Some(Sedation::None)),
        ("Local anesthesia only.", Some(Sedation::None)),
        (
            "Moderate sedation with 2 mg midazolam and 50 mcg fentanyl.",
            Some(Sedation::Moderate),
        ),
        (
            "Monitored anesthesia care with propofol.",
            Some(Sedation::Mac),
        ),
        ("General anesthesia was induced.", Some(Sedation::General)),
        ("The needle was advanced.", None),
    ];
    for (body, want) in table {
        assert_eq!(proc_note(body).procedure.sedation, *want, "{body}");
    }
}

#[test]
fn radicular_and_axial() {
    let table: &[(&str, Option<bool>, Option<bool>)] = &[
        (
            "HPI: Low back pain radiating down the left leg below the knee.",
            Some(true),
            Some(false),
        ),
        (
            "HPI: Sciatica on the right for 3 months.",
            Some(true),
            Some(false),
        ),
        (
            "HPI: Axial low back pain. Denies leg pain.",
            Some(false),
            Some(true),
        ),
        ("HPI: Non-radiating low back pain.", Some(false), Some(true)),
        ("HPI: Axial low back pain.", None, Some(true)),
        (
            "HPI: Low back pain radiating to the buttock.",
            None,
            Some(true),
        ),
        ("HPI: Low back pain. Her mother had sciatica.", None, None),
        (
            "EXAM: Straight leg raise negative bilaterally.",
            Some(false),
            Some(true),
        ),
        ("ASSESSMENT: Rule out radiculopathy.", None, None),
    ];
    for (note, rad, axial) in table {
        let f = facts(note);
        assert_eq!(
            (f.clinical.radicular, f.clinical.axial_only),
            (*rad, *axial),
            "{note}"
        );
    }
}

#[test]
fn objective_support() {
    assert!(
        facts("MRI: Right L5-S1 disc herniation compressing the S1 nerve root.")
            .clinical
            .objective_support
    );
    assert!(
        facts("EXAM: EHL strength 4/5 on the right.")
            .clinical
            .objective_support
    );
    assert!(
        facts("EXAM: Diminished Achilles reflex on the left.")
            .clinical
            .objective_support
    );
    assert!(
        !facts("EXAM: Strength 5/5 throughout. No weakness.")
            .clinical
            .objective_support
    );
    assert!(
        !facts("MRI: Mild degenerative changes and a disc bulge.")
            .clinical
            .objective_support
    );
}

#[test]
fn pain_scores() {
    let f = facts("HPI: Pain 7/10 today, worst 9/10, average 6-7/10. NRS 6. VAS 65/100. Seen on 1/10/2024. ODI 40/100.");
    let got: Vec<(f64, u32, Timing)> = f
        .clinical
        .pain_scores
        .iter()
        .map(|p| (p.value, p.scale_max, p.timing))
        .collect();
    use Timing::Baseline as B;
    assert_eq!(
        got,
        vec![
            (7.0, 10, B),
            (9.0, 10, B),
            (7.0, 10, B),
            (6.0, 10, B),
            (65.0, 100, B)
        ]
    );
    let f = proc_note("Pre-procedure pain 8/10. 10 mg dexamethasone was injected at the right L5-S1 foramen. Post-procedure pain 2/10.");
    let got: Vec<(f64, Timing)> = f
        .clinical
        .pain_scores
        .iter()
        .map(|p| (p.value, p.timing))
        .collect();
    assert_eq!(got, vec![(8.0, Timing::Pre), (2.0, Timing::Post)]);
}

#[test]
fn conservative_care() {
    let m = |note: &str| -> Vec<(Modality, Option<u32>)> {
        facts(note)
            .clinical
            .conservative_care
            .iter()
            .map(|c| (c.modality, c.weeks))
            .collect()
    };
    use Modality::*;
    assert_eq!(
        m("HPI: Failed PT x 6 weeks and NSAIDs."),
        vec![(Nsaid, None), (PhysicalTherapy, Some(6))]
    );
    assert_eq!(
        m("HPI: She completed 3 months of PT and chiropractic."),
        vec![(Chiropractic, Some(12)), (PhysicalTherapy, Some(12))]
    );
    assert_eq!(
        m("HPI: Back pain for 6 months. Tried gabapentin."),
        vec![(Gabapentinoid, None)]
    );
    assert_eq!(
        m("HPI: about 2 months of home exercise."),
        vec![(HomeExercise, Some(8))]
    );
    assert_eq!(m("HPI: She declined PT."), vec![]);
    assert_eq!(
        m("PLAN: PT recommended. Will start gabapentin. Consider chiropractic."),
        vec![]
    );
    assert_eq!(
        m("MEDICATIONS: Norco 5/325 mg, Flexeril."),
        vec![
            (Acetaminophen, None),
            (MuscleRelaxant, None),
            (Opioid, None)
        ]
    );
    assert_eq!(m("HPI: 12 sessions of PT."), vec![(PhysicalTherapy, None)]);
}

#[test]
fn prior_relief() {
    let f = facts("HPI: Follow-up after right L5 TFESI on 3/2, which gave 70% relief for 4 months. Pain now 6/10.");
    let r = f.clinical.prior_relief.clone().expect("a repeat");
    assert_eq!((r.percent, r.weeks), (Some(70.0), Some(16)));
    assert_eq!(f.checklist.repeat_benefit, Some(true));
    assert_eq!(f.clinical.pain_scores[0].timing, Timing::Followup);
    let f = facts("HPI: Prior lumbar ESI gave no relief at all.");
    assert_eq!(f.clinical.prior_relief.map(|r| r.percent), Some(Some(0.0)));
    let f = facts("HPI: Low back pain. No prior injections.");
    assert_eq!(f.clinical.prior_relief, None);
    assert_eq!(f.checklist.repeat_benefit, None);
    // An earlier cervical injection does not make a lumbar note a repeat.
    let f = facts(
        "HPI: Had a cervical ESI in 2019. Now right leg pain.\nPLAN: Schedule right L5-S1 TFESI.",
    );
    assert_eq!(f.clinical.prior_relief, None);
}
