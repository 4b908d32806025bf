//! The audit layer: every rule has a failing and a passing note snippet and an
//! explanation; policies change the audit's checklist and score; the verdict
//! never calls another code family `supported`.

use notescan::audit::{self, Policy, Severity, Verdict};
use notescan::Scanner;
use std::sync::OnceLock;

fn scanner() -> &'static Scanner {
    static S: OnceLock<Scanner> = OnceLock::new();
    S.get_or_init(Scanner::new)
}

fn run(note: &str, policy: &Policy) -> audit::Audit {
    let scan = scanner().scan("t", note);
    audit::audit(&scan, note, policy)
}

fn medicare(note: &str) -> audit::Audit {
    run(note, &Policy::default())
}

/// A right L5-S1 TFESI note that documents every checklist item.
const FULL: &str = "\
PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.
HISTORY OF PRESENT ILLNESS: Right leg pain radiating below the knee to the foot for 3 months. Completed physical therapy for 6 weeks and NSAIDs without relief. Pain 8/10.
PHYSICAL EXAM: Positive straight leg raise on the right. EHL weakness 4/5.
IMAGING: MRI shows right L5-S1 foraminal disc protrusion compressing the right L5 nerve root.
PROCEDURE DETAILS: The patient was placed prone. The skin was anesthetized with 1% lidocaine. A 22-gauge spinal needle was advanced under fluoroscopy into the right L5-S1 foramen. Omnipaque 1 mL outlined the exiting nerve root with no vascular uptake. 10 mg dexamethasone was injected. Pre-procedure pain 8/10, post-procedure 2/10. No sedation.
COMPLICATIONS: None.
";

/// FULL with `from` replaced by `to` (which must occur).
fn with(from: &str, to: &str) -> String {
    assert!(FULL.contains(from), "FULL lacks {from:?}");
    FULL.replacen(from, to, 1)
}

/// FULL with several replacements.
fn with_all(pairs: &[(&str, &str)]) -> String {
    let mut s = FULL.to_string();
    for (from, to) in pairs {
        assert!(s.contains(from), "note lacks {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

const HPI: &str = "Right leg pain radiating below the knee to the foot for 3 months.";
const TITLE: &str =
    "Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.";
const NEEDLE: &str =
    "A 22-gauge spinal needle was advanced under fluoroscopy into the right L5-S1 foramen.";
const CONTRAST: &str = "Omnipaque 1 mL outlined the exiting nerve root with no vascular uptake.";
const DRUG: &str = "10 mg dexamethasone was injected.";
const SCORES: &str = "Pre-procedure pain 8/10, post-procedure 2/10.";
const SEDATION: &str = "No sedation.";
const EXAM: &str = "Positive straight leg raise on the right. EHL weakness 4/5.";
const IMAGING: &str =
    "MRI shows right L5-S1 foraminal disc protrusion compressing the right L5 nerve root.";

/// One rule's pair of snippets: `fail` raises the flag, every `pass` does not.
struct Case {
    code: &'static str,
    fail: String,
    pass: Vec<String>,
}

fn case(code: &'static str, fail: String, pass: Vec<String>) -> Case {
    Case { code, fail, pass }
}

fn cases() -> Vec<Case> {
    let full = || FULL.to_string();
    vec![
        case("NS101", axial_note(), vec![full()]),
        case(
            "NS102",
            with_all(&[(HPI, "Low back pain for 3 months."), (EXAM, "EHL weakness 4/5.")]),
            vec![full()],
        ),
        case(
            "NS103",
            with_all(&[
                (EXAM, "Tender lumbar paraspinals."),
                (IMAGING, "MRI shows mild degenerative changes."),
            ]),
            vec![full()],
        ),
        case(
            "NS104",
            with("physical therapy for 6 weeks", "physical therapy for 2 weeks"),
            vec![full()],
        ),
        case(
            "NS105",
            with(
                IMAGING,
                "MRI shows right L3-L4 foraminal disc protrusion compressing the right L3 nerve root.",
            ),
            vec![
                full(),
                // An L4-L5 disc compresses the traversing L5 root, reached at L5-S1.
                with(
                    IMAGING,
                    "MRI shows a right L4-L5 disc extrusion compressing the traversing right L5 nerve root.",
                ),
            ],
        ),
        case(
            "NS201",
            with_all(&[
                (TITLE, "L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance."),
                (NEEDLE, "A 22-gauge spinal needle was advanced under fluoroscopy into the L5-S1 foramen."),
            ]),
            vec![full()],
        ),
        case(
            "NS202",
            with(
                NEEDLE,
                "A 22-gauge spinal needle was advanced under fluoroscopy into the left L5-S1 foramen.",
            ),
            vec![
                full(),
                with_all(&[
                    (TITLE, "Bilateral L5-S1 transforaminal epidural steroid injections under fluoroscopic guidance."),
                    (NEEDLE, "Under fluoroscopy a 22-gauge spinal needle was advanced into the left L5-S1 foramen and a second into the right L5-S1 foramen."),
                ]),
            ],
        ),
        case(
            "NS203",
            with(
                TITLE,
                "Right L4-L5 transforaminal epidural steroid injection under fluoroscopic guidance.",
            ),
            vec![full()],
        ),
        case(
            "NS301",
            with_all(&[
                (TITLE, "Right L5-S1 transforaminal epidural steroid injection."),
                (NEEDLE, "A 22-gauge spinal needle was advanced into the right L5-S1 foramen."),
            ]),
            vec![full()],
        ),
        case(
            "NS302",
            with_all(&[
                (TITLE, "Right L5-S1 transforaminal epidural steroid injection under ultrasound guidance."),
                (NEEDLE, "A 22-gauge spinal needle was advanced under ultrasound into the right L5-S1 foramen."),
            ]),
            vec![full()],
        ),
        case(
            "NS303",
            with(CONTRAST, "Omnipaque 1 mL was injected."),
            vec![
                full(),
                with_all(&[
                    (CONTRAST, "Contrast was not used because of a documented contrast allergy."),
                ]),
            ],
        ),
        case(
            "NS401",
            with(DRUG, "Dexamethasone was injected."),
            vec![full()],
        ),
        case(
            "NS402",
            with(DRUG, "Triamcinolone 120 mg was injected."),
            vec![full(), with(DRUG, "Triamcinolone 40 mg was injected.")],
        ),
        case(
            "NS403",
            with(SEDATION, "Moderate sedation with midazolam 2 mg IV."),
            vec![
                full(),
                with(
                    SEDATION,
                    "Moderate sedation with midazolam 2 mg IV was given for severe claustrophobia.",
                ),
            ],
        ),
        case(
            "NS404",
            with(DRUG, "1 mL of 0.5% bupivacaine was injected."),
            vec![
                full(),
                with(DRUG, "10 mg dexamethasone and 1 mL of 0.5% bupivacaine were injected."),
            ],
        ),
        case(
            "NS501",
            with_all(&[(" Pain 8/10.", ""), (SCORES, "")]),
            vec![full()],
        ),
        case(
            "NS502",
            with(SCORES, "Pre-procedure pain 8/10."),
            vec![full()],
        ),
        case(
            "NS503",
            with(
                HPI,
                "Right leg pain radiating below the knee to the foot for 3 months. A prior right L5-S1 TFESI gave 60% relief for 3 weeks.",
            ),
            vec![
                full(),
                with(
                    HPI,
                    "Right leg pain radiating below the knee to the foot for 3 months. A prior right L5-S1 TFESI gave 70% relief for 4 months.",
                ),
            ],
        ),
        case(
            "NS901",
            "HISTORY OF PRESENT ILLNESS: Right leg pain radiating below the knee to the foot for 3 months. Completed physical therapy for 6 weeks. Pain 8/10.\n\
             PHYSICAL EXAM: Positive straight leg raise on the right.\n\
             PLAN: Schedule a right L5-S1 transforaminal epidural steroid injection.\n"
                .to_string(),
            vec![full()],
        ),
        case(
            "NS902",
            with_all(&[
                (TITLE, "L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance."),
                (NEEDLE, "A 20-gauge Tuohy needle was advanced under fluoroscopy into the L5-S1 interlaminar epidural space using loss of resistance."),
            ]),
            vec![full()],
        ),
        case(
            "NS903",
            with_all(&[
                (TITLE, "Right T12-L1 transforaminal epidural steroid injection under fluoroscopic guidance."),
                (NEEDLE, "A 22-gauge spinal needle was advanced under fluoroscopy into the right T12-L1 foramen."),
            ]),
            vec![full()],
        ),
        case(
            "NS904",
            with(
                TITLE,
                "Right L5-S1 lumbar epidural steroid injection under fluoroscopic guidance.",
            ),
            vec![full()],
        ),
        case(
            "NS905",
            with_all(&[
                (TITLE, "Right L3-L4, L4-L5 and L5-S1 transforaminal epidural steroid injections under fluoroscopic guidance."),
                (NEEDLE, "22-gauge spinal needles were advanced under fluoroscopy into the right L3-L4, L4-L5 and L5-S1 foramina."),
            ]),
            vec![
                full(),
                with_all(&[
                    (TITLE, "Right L4-L5 and L5-S1 transforaminal epidural steroid injections under fluoroscopic guidance."),
                    (NEEDLE, "22-gauge spinal needles were advanced under fluoroscopy into the right L4-L5 and L5-S1 foramina."),
                ]),
            ],
        ),
        case(
            "NS906",
            format!("{FULL}BILLING: CPT 64483-RT, 77003.\n"),
            vec![full(), format!("{FULL}BILLING: CPT 64483-RT.\n")],
        ),
        case(
            "NS907",
            format!("{FULL}BILLING: CPT 64483-50.\n"),
            vec![full(), format!("{FULL}BILLING: CPT 64483-RT.\n")],
        ),
        case(
            "NS908",
            with(
                TITLE,
                "Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance and right L5-S1 facet joint injection.",
            ),
            vec![full()],
        ),
    ]
}

/// Axial pain only, with a negated radicular phrase.
fn axial_note() -> String {
    with_all(&[
        (
            HPI,
            "Chronic axial low back pain, non-radiating, for 3 months. Denies leg pain.",
        ),
        (EXAM, "EHL weakness 4/5."),
    ])
}

fn describe(a: &audit::Audit) -> String {
    a.flags
        .iter()
        .map(|f| format!("{} {}: {}", f.code, f.name, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_has_a_failing_and_a_passing_snippet() {
    let cases = cases();
    for rule in audit::rules() {
        let c = cases
            .iter()
            .find(|c| c.code == rule.code)
            .unwrap_or_else(|| panic!("{} ({}) has no test case", rule.code, rule.name));
        let a = medicare(&c.fail);
        assert!(
            a.has(rule.code),
            "{} did not fire on its failing snippet; flags:\n{}\nnote:\n{}",
            rule.code,
            describe(&a),
            c.fail
        );
        let flag = a.flags.iter().find(|f| f.code == rule.code).unwrap();
        assert_eq!(flag.name, rule.name);
        assert_eq!(flag.severity, rule.severity);
        assert!(!flag.message.is_empty());
        assert!(
            !flag.spans.is_empty() || flag.section.is_some(),
            "{}: a flag needs evidence spans or the section where the element was expected",
            rule.code
        );
        for s in &flag.spans {
            assert!(c.fail.get(s.range()).is_some(), "{}: span {s:?}", rule.code);
        }
        for (i, pass) in c.pass.iter().enumerate() {
            let a = medicare(pass);
            assert!(
                !a.has(rule.code),
                "{} fired on passing snippet {i}; flags:\n{}\nnote:\n{}",
                rule.code,
                describe(&a),
                pass
            );
        }
    }
    for c in &cases {
        assert!(
            audit::find_rule(c.code).is_some(),
            "case for unknown rule {}",
            c.code
        );
    }
}

#[test]
fn the_full_note_is_supported_with_no_flags() {
    let a = medicare(FULL);
    assert!(a.flags.is_empty(), "{}", describe(&a));
    assert_eq!(a.score, 100);
    assert_eq!(a.verdict, Verdict::Supported);
    assert!(a.score >= Policy::default().bands.supported);
    assert_eq!(a.looks_like, None);
    assert_eq!(a.codes.len(), 1);
}

#[test]
fn axial_only_flag_highlights_axial_and_negated_radicular_phrases() {
    let note = axial_note();
    let a = medicare(&note);
    let f = a.flags.iter().find(|f| f.code == "NS101").unwrap();
    let texts: Vec<&str> = f.spans.iter().map(|s| &note[s.range()]).collect();
    assert!(
        texts.iter().any(|t| t.contains("non-radiating")),
        "{texts:?}"
    );
    assert!(texts.contains(&"leg pain"), "{texts:?}");
    assert!(f.message.contains("non-radiating"), "{}", f.message);
    assert_eq!(a.verdict, Verdict::AtRisk.max(a.verdict));
    assert_ne!(a.verdict, Verdict::Supported);
}

#[test]
fn missing_elements_point_to_the_section_where_they_were_expected() {
    let note = with_all(&[
        (HPI, "Low back pain for 3 months."),
        (EXAM, "EHL weakness 4/5."),
    ]);
    let a = medicare(&note);
    let f = a.flags.iter().find(|f| f.code == "NS102").unwrap();
    assert_eq!(
        f.section.map(|s| s.as_str()),
        Some("history_of_present_illness")
    );
    assert_eq!(&note[f.spans[0].range()], "HISTORY OF PRESENT ILLNESS:");

    let note = with(DRUG, "Dexamethasone was injected.");
    let a = medicare(&note);
    let f = a.flags.iter().find(|f| f.code == "NS401").unwrap();
    assert!(f.message.contains("dexamethasone"), "{}", f.message);
    assert_eq!(f.section.map(|s| s.as_str()), Some("procedure_details"));
}

#[test]
fn every_rule_explains_itself() {
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for r in audit::rules() {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.code.len() == 5
                && r.code.starts_with("NS")
                && r.code[2..].chars().all(|c| c.is_ascii_digit()),
            "{}",
            r.code
        );
        let area_digit = match r.area {
            audit::Area::Necessity => '1',
            audit::Area::LevelSide => '2',
            audit::Area::ImagingContrast => '3',
            audit::Area::InjectateSedation => '4',
            audit::Area::Outcome => '5',
            audit::Area::Coding => '9',
        };
        assert_eq!(r.code.as_bytes()[2] as char, area_digit, "{} area", r.code);
        assert!(
            !r.name.is_empty()
                && r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !r.name.starts_with('-')
                && !r.name.ends_with('-')
                && !r.name.contains("--"),
            "{} is not kebab-case",
            r.name
        );
        for bad in ["use-", "prefer-", "do-not-", "should-", "avoid-"] {
            assert!(
                !r.name.starts_with(bad),
                "{}: names describe the gap",
                r.name
            );
        }
        assert!(!r.summary.is_empty(), "{} has no summary", r.code);
        for heading in [
            "## What it checks",
            "## Why it matters",
            "## Example",
            "## Passing wording",
        ] {
            let at = r.explanation.find(heading);
            assert!(at.is_some(), "{} lacks {heading}", r.code);
            let rest = &r.explanation[at.unwrap() + heading.len()..];
            let body = rest.split("\n## ").next().unwrap_or("");
            assert!(
                body.trim().len() > 20,
                "{} has an empty {heading} section",
                r.code
            );
        }
        assert!(
            ["L39240", "A58993", "CPB 0722", "CMM-200", "NCCI"]
                .iter()
                .any(|cite| r.explanation.contains(cite)),
            "{} cites no payer document",
            r.code
        );
        let by_code = audit::explain(r.code).expect("explain by code");
        let by_name = audit::explain(r.name).expect("explain by name");
        assert_eq!(by_code, by_name);
        assert!(by_code.starts_with(&format!("# {} ({})", r.name, r.code)));
        assert!(by_code.contains(r.explanation.trim()));
        assert_eq!(
            audit::explain(&r.code.to_ascii_lowercase()).as_deref(),
            Some(by_code.as_str())
        );
    }
    assert!(audit::explain("NS000").is_none());
    assert!(audit::explain("no-such-rule").is_none());
    let table = audit::rules_table();
    for r in audit::rules() {
        assert!(
            table.contains(r.code) && table.contains(r.name),
            "{}",
            r.code
        );
    }
    assert_eq!(table.lines().count(), audit::rules().len() + 1);
}

#[test]
fn a_commercial_policy_flags_five_weeks_of_care_that_medicare_accepts() {
    let note = with(
        "physical therapy for 6 weeks",
        "physical therapy for 5 weeks",
    );
    let scan = scanner().scan("t", &note);
    assert_eq!(scan.facts.checklist.conservative_care, Some(true));

    let m = audit::audit(&scan, &note, &Policy::default());
    assert!(!m.has("NS104"), "{}", describe(&m));
    assert_eq!(m.checklist.conservative_care, Some(true));
    assert_eq!(m.verdict, Verdict::Supported);

    let evicore = Policy::builtin("evicore-cmm200").unwrap();
    let e = audit::audit(&scan, &note, &evicore);
    let f = e
        .flags
        .iter()
        .find(|f| f.code == "NS104")
        .expect("eviCore needs 6 weeks");
    assert!(f.message.contains("5 weeks"), "{}", f.message);
    assert!(f.message.contains(">= 6 weeks"), "{}", f.message);
    assert_eq!(e.checklist.conservative_care, Some(false));
    // The contract checklist is untouched.
    assert_eq!(scan.facts.checklist.conservative_care, Some(true));
    assert!(e.score < m.score);
    assert_ne!(e.verdict, Verdict::Supported);
    assert_eq!(e.policy, "evicore-cmm200");

    // A course-level statement counts for the whole course.
    let note = with(
        "Completed physical therapy for 6 weeks and NSAIDs without relief.",
        "Failed 8 weeks of conservative care including physical therapy and NSAIDs.",
    );
    let e = run(&note, &evicore);
    assert!(!e.has("NS104"), "{}", describe(&e));
}

#[test]
fn aetna_and_evicore_accept_two_weeks_of_repeat_relief() {
    let note = with(
        HPI,
        "Right leg pain radiating below the knee to the foot for 3 months. A prior right L5-S1 TFESI gave 60% relief for 3 weeks.",
    );
    let scan = scanner().scan("t", &note);
    assert_eq!(scan.facts.checklist.repeat_benefit, Some(false));
    let m = audit::audit(&scan, &note, &Policy::default());
    assert!(m.has("repeat-benefit-insufficient"));
    for name in ["aetna-cpb0722", "evicore-cmm200"] {
        let p = Policy::builtin(name).unwrap();
        let a = audit::audit(&scan, &note, &p);
        assert!(!a.has("NS503"), "{name}: {}", describe(&a));
        assert_eq!(a.checklist.repeat_benefit, Some(true));
        assert!(a.score > m.score);
    }
    // Not a repeat: the item does not apply and is left out of the score.
    assert_eq!(medicare(FULL).checklist.repeat_benefit, None);
}

#[test]
fn policy_files_disable_and_reweight_rules_and_set_thresholds() {
    let note = format!("{FULL}BILLING: CPT 64483-RT, 77003.\n");
    let base = medicare(&note);
    assert!(base.has("NS906"));
    let w = Policy::default().rule_weight("NS906");
    assert_eq!(base.score, 100 - w as u8);

    let off = Policy::parse(
        "off.toml",
        "[rules]\ndisabled = [\"separate-imaging-code\"]\n",
    )
    .unwrap();
    let a = run(&note, &off);
    assert!(!a.has("NS906"));
    assert_eq!(a.score, 100);

    let heavy = Policy::parse("heavy.toml", "[rule_weights]\nNS906 = 30\n").unwrap();
    let a = run(&note, &heavy);
    assert_eq!(a.score, 70);
    assert_eq!(a.verdict, Verdict::AtRisk);

    let three = with_all(&[
        (TITLE, "Right L3-L4, L4-L5 and L5-S1 transforaminal epidural steroid injections under fluoroscopic guidance."),
        (NEEDLE, "22-gauge spinal needles were advanced under fluoroscopy into the right L3-L4, L4-L5 and L5-S1 foramina."),
    ]);
    assert!(medicare(&three).has("NS905"));
    assert_eq!(medicare(&three).checklist.level_limit, Some(false));
    let lax = Policy::parse("lax.toml", "[thresholds]\nmax_levels = 3\n").unwrap();
    let a = run(&three, &lax);
    assert!(!a.has("NS905"), "{}", describe(&a));
    assert_eq!(a.checklist.level_limit, Some(true));
}

#[test]
fn policy_file_errors_name_the_file_line_and_key() {
    let dir = std::env::temp_dir().join(format!("notescan-audit-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.toml");
    std::fs::write(
        &path,
        "# a payer\n[thresholds]\nconservative_care_weeks = 6\nrepeat_relief_weeks = \"two\"\n",
    )
    .unwrap();
    let e = Policy::from_file(&path).unwrap_err();
    assert!(e.file.ends_with("broken.toml"));
    assert_eq!(e.line, 4);
    assert_eq!(e.key.as_deref(), Some("thresholds.repeat_relief_weeks"));
    let msg = e.to_string();
    assert!(
        msg.contains("broken.toml:4: thresholds.repeat_relief_weeks: expected an integer"),
        "{msg}"
    );

    std::fs::write(&path, "[weights]\nradicular_pain = 15\nsciatica = 3\n").unwrap();
    let e = Policy::resolve(path.to_str().unwrap()).unwrap_err();
    assert_eq!((e.line, e.key.as_deref()), (3, Some("weights.sciatica")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn builtin_policies_differ_where_the_research_says() {
    let m = Policy::default();
    assert_eq!(m.name, "medicare-l39240");
    assert_eq!(
        (
            m.thresholds.conservative_care_weeks,
            m.thresholds.repeat_relief_percent,
            m.thresholds.repeat_relief_weeks,
            m.thresholds.max_levels
        ),
        (4, 50.0, 12, 2)
    );
    let e = Policy::builtin("evicore-cmm200").unwrap();
    assert_eq!(e.thresholds.conservative_care_weeks, 6);
    assert_eq!(e.thresholds.repeat_relief_weeks, 2);
    let a = Policy::builtin("aetna-cpb0722").unwrap();
    assert_eq!(a.thresholds.repeat_relief_weeks, 2);
    assert_eq!(a.thresholds.conservative_care_weeks, 4);
    assert_eq!(m.weights.values().sum::<u32>(), 100);
    assert_eq!(Policy::builtin_names()[0], "medicare-l39240");
    assert!(Policy::builtin("nope").is_none());
}

#[test]
fn another_code_family_is_never_supported_and_is_named() {
    let cases = [
        (
            "PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.",
            "62321/62323",
        ),
        (
            "PROCEDURE: Caudal epidural steroid injection under fluoroscopic guidance.",
            "62321/62323",
        ),
        (
            "PROCEDURE: Right C6-C7 transforaminal epidural steroid injection under fluoroscopic guidance.",
            "64479/64480",
        ),
        (
            "PROCEDURE: Left T12-L1 transforaminal epidural steroid injection under fluoroscopic guidance.",
            "64479/64480",
        ),
        (
            "PROCEDURE: Bilateral L4-L5 and L5-S1 facet joint injections under fluoroscopic guidance.",
            "64490-64495",
        ),
        (
            "PROCEDURE: Right L3, L4 and L5 medial branch blocks under fluoroscopic guidance.",
            "64490-64495",
        ),
        (
            "PROCEDURE: Right L4-L5 and L5-S1 radiofrequency ablation of the medial branches under fluoroscopic guidance.",
            "64633-64636",
        ),
        (
            "PROCEDURE: Right sacroiliac joint injection under fluoroscopic guidance.",
            "27096/G0260",
        ),
    ];
    for (title, family) in cases {
        let note = with(
            "PROCEDURE: Right L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance.",
            title,
        )
        .replace(NEEDLE, "A 22-gauge spinal needle was advanced under fluoroscopy to the target.");
        let a = medicare(&note);
        assert_eq!(a.verdict, Verdict::Unsupported, "{title}\n{}", describe(&a));
        assert!(
            a.score < Policy::default().bands.at_risk,
            "{title}: {}",
            a.score
        );
        assert_eq!(
            a.looks_like.as_deref(),
            Some(family),
            "{title}\n{}",
            describe(&a)
        );
        assert!(a.codes.is_empty(), "{title}");
        assert!(
            a.flags
                .iter()
                .any(|f| matches!(f.code, "NS902" | "NS903") && f.message.contains("not 64483")),
            "{title}\n{}",
            describe(&a)
        );
    }
}

#[test]
fn a_note_with_no_procedure_is_never_supported() {
    let note = "HISTORY OF PRESENT ILLNESS: Right leg pain radiating below the knee to the foot for 3 months. \
                Completed physical therapy for 6 weeks. Pain 8/10.\n\
                PHYSICAL EXAM: Positive straight leg raise on the right. EHL weakness 4/5.\n\
                PLAN: Schedule a right L5-S1 transforaminal epidural steroid injection.\n";
    let a = medicare(note);
    assert!(a.has("NS901"), "{}", describe(&a));
    assert_eq!(a.verdict, Verdict::Unsupported);
    assert!(a.codes.is_empty());
    let f = a.flags.iter().find(|f| f.code == "NS901").unwrap();
    assert!(f.message.contains("L5-S1"), "{}", f.message);
    // Technique rules do not fire on a clinic note.
    for code in ["NS301", "NS303", "NS401", "NS502"] {
        assert!(!a.has(code), "{code} on a clinic note");
    }
}

#[test]
fn scores_and_verdicts_follow_the_bands() {
    // An error-severity gap keeps a high score out of `supported`.
    let note = with(SCORES, "");
    let note = note.replace(" Pain 8/10.", "");
    let a = medicare(&note);
    assert!(a.has("NS501"));
    assert!(a.score >= Policy::default().bands.at_risk, "{}", a.score);
    assert_eq!(a.verdict, Verdict::AtRisk);
    // A warning alone does not.
    let a = medicare(&with(SEDATION, "Moderate sedation with midazolam 2 mg IV."));
    assert!(
        a.flags.iter().all(|f| f.severity != Severity::Error),
        "{}",
        describe(&a)
    );
    assert_eq!(a.verdict, Verdict::Supported);
    assert_eq!(a.score, 100 - Policy::default().rule_weight("NS403") as u8);
    // Many gaps: unsupported.
    let a = medicare("PROCEDURE: L5-S1 transforaminal epidural steroid injection.\nPROCEDURE DETAILS: The needle was placed. Dexamethasone was injected.\n");
    assert_eq!(
        a.verdict,
        Verdict::Unsupported,
        "{} {}",
        a.score,
        describe(&a)
    );
}

#[test]
fn medicare_audit_checklist_equals_the_contract_checklist_on_the_dev_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let scan = scanner().scan("dev", &text);
        for policy in Policy::builtin_names() {
            let p = Policy::builtin(policy).unwrap();
            let a = audit::audit(&scan, &text, &p);
            if policy == "medicare-l39240" {
                assert_eq!(a.checklist, scan.facts.checklist, "{}", path.display());
            }
            assert_eq!(a.codes, scan.facts.codes);
            assert!(a.score <= 100);
            if a.verdict == Verdict::Supported {
                assert_eq!(a.checklist.code_match, Some(true));
                assert!(scan.facts.procedure.performed);
            }
            for f in &a.flags {
                for s in &f.spans {
                    assert!(
                        text.get(s.range()).is_some(),
                        "{}: {} {s:?}",
                        path.display(),
                        f.code
                    );
                }
            }
            let v = audit::audit_json(&a, &text);
            assert!(v["flags"].is_array() && v["checklist"].is_object());
        }
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn odd_input_never_panics() {
    for note in [
        "",
        " ",
        "PROCEDURE:",
        "L4–L5 right TFESI 64483-50 77003 ✓ 😀\r\n\r\nPROCEDURE DETAILS:\tDexamethasone 10 mg",
        "Right L5-S1 TFESI. Left L5-S1 TFESI. Bilateral. 64484-RT 64483 LT modifier 50",
    ] {
        for p in Policy::builtin_names() {
            let a = run(note, &Policy::builtin(p).unwrap());
            for f in &a.flags {
                for s in &f.spans {
                    assert!(note.get(s.range()).is_some());
                }
            }
        }
    }
}

#[test]
fn audit_json_has_the_documented_shape() {
    let note = with(SEDATION, "Moderate sedation with midazolam 2 mg IV.");
    let a = medicare(&note);
    let v = audit::audit_json(&a, &note);
    for key in [
        "policy",
        "checklist",
        "score",
        "verdict",
        "codes",
        "looks_like",
        "flags",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["verdict"], "supported");
    assert_eq!(v["codes"][0]["code"], "64483");
    let f = &v["flags"][0];
    assert_eq!(f["code"], "NS403");
    assert_eq!(f["name"], "sedation-without-justification");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["section"], "procedure_details");
    let span = &f["spans"][0];
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(span["text"], &note[s..e]);
}

#[test]
fn both_sides_at_one_level_need_a_bilateral_procedure() {
    let note = with_all(&[
        (TITLE, "L5-S1 transforaminal epidural steroid injection under fluoroscopic guidance."),
        (NEEDLE, "A 22-gauge spinal needle was advanced under fluoroscopy into the right L5-S1 foramen. A second needle was advanced into the left L5-S1 foramen."),
    ]);
    let a = medicare(&note);
    let f = a
        .flags
        .iter()
        .find(|f| f.code == "NS202")
        .unwrap_or_else(|| panic!("{}", describe(&a)));
    assert!(
        f.message.contains("not described as bilateral"),
        "{}",
        f.message
    );

    // Title bilateral, body one side only.
    let note = with_all(&[
        (TITLE, "Bilateral L5-S1 transforaminal epidural steroid injections under fluoroscopic guidance."),
        (NEEDLE, "A 22-gauge spinal needle was advanced under fluoroscopy into the left L5-S1 foramen."),
    ]);
    let a = medicare(&note);
    let f = a.flags.iter().find(|f| f.code == "NS202").unwrap();
    assert!(f.message.contains("title says bilateral"), "{}", f.message);
    assert!(f.message.contains("says left"), "{}", f.message);
}
