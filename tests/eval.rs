//! Tests of the evaluator itself (`notescan::eval`), not of the scanner: tiny
//! hand-made corpora under `tests/fixtures/eval/` and hand-made scanned facts,
//! with every expected figure worked out by hand.

use notescan::eval::{load_corpus, prf, Corpus, CorpusNote, Evaluation, EvidenceRef, Report};
use notescan::Facts;
use serde_json::{json, Value};
use std::path::PathBuf;

fn fixtures(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(name)
}

fn load(name: &str) -> Corpus {
    load_corpus(&[fixtures(name)])
}

fn note<'c>(corpus: &'c Corpus, id: &str) -> &'c CorpusNote {
    corpus
        .notes
        .iter()
        .find(|n| n.id == id)
        .expect("note in corpus")
}

/// Scanned facts: the note's gold as JSON, with `edit` applied, read back through the contract.
fn scanned(n: &CorpusNote, edit: impl FnOnce(&mut Value)) -> Facts {
    let mut v = serde_json::to_value(&n.gold).expect("gold serializes");
    edit(&mut v);
    Facts::from_json(v).expect("hand-made scan follows the contract")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[track_caller]
fn assert_close(actual: f64, expected: f64) {
    assert!(close(actual, expected), "{actual} != {expected}");
}

fn list<'r>(r: &'r Report, name: &str) -> &'r notescan::eval::ListFigure {
    r.lists
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no list measure {name}"))
}

fn scalar<'r>(r: &'r Report, name: &str) -> &'r notescan::eval::ScalarFigure {
    r.scalars
        .iter()
        .chain(&r.checklist)
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn last_line(s: &str) -> &str {
    s.trim_end().lines().last().unwrap_or("")
}

// --- e1 and e2 of errors/, scanned with known mistakes -----------------------------

/// e1 (procedure note). Differences from gold:
/// - targets: L5-S1 right scanned as L5-S1 left (1 of 2 wrong);
/// - contrast.agent: iopamidol for iohexol;
/// - lidocaine volume 1.0000001 for 1.0 (within tolerance: not an error);
/// - pain scores: 8/10 pre scanned twice (a duplicate: one false positive);
/// - physical therapy 4 weeks for 6;
/// - checklist.imaging_guidance false for true (11/12);
/// - codes: 64484 LT for 64484 RT.
fn scan_e1(n: &CorpusNote) -> Facts {
    scanned(n, |v| {
        v["procedure"]["targets"][1]["side"] = json!("left");
        v["procedure"]["contrast"]["agent"] = json!("iopamidol");
        v["procedure"]["injectates"][1]["volume_ml"] = json!(1.0000001);
        v["procedure"]["injectates"][0]["dose_mg"] = json!(10);
        v["clinical"]["pain_scores"] = json!([
            {"value": 8, "scale_max": 10, "timing": "pre"},
            {"value": 8.0, "scale_max": 10, "timing": "pre"},
            {"value": 2, "scale_max": 10, "timing": "post"}
        ]);
        v["clinical"]["conservative_care"][1]["weeks"] = json!(4);
        v["checklist"]["imaging_guidance"] = json!(false);
        v["codes"][1]["modifier"] = json!("LT");
    })
}

/// e2 (clinic note): prior relief weeks missed, so repeat_benefit false for true.
fn scan_e2(n: &CorpusNote) -> Facts {
    scanned(n, |v| {
        v["clinical"]["prior_relief"]["weeks"] = Value::Null;
        v["checklist"]["repeat_benefit"] = json!(false);
    })
}

fn span<'t>(text: &'t str, field: &'t str, needle: &str) -> EvidenceRef<'t> {
    let start = text.find(needle).expect("needle in note");
    EvidenceRef::in_text(field, start, start + needle.len(), text)
}

fn errors_report() -> (Corpus, Report) {
    let corpus = load("errors");
    let mut ev = Evaluation::new();
    for e in &corpus.errors {
        ev.add_error(e.clone());
    }
    let e1 = note(&corpus, "e1");
    let evidence = [
        span(&e1.text, "procedure.targets", "L5-S1"),
        span(&e1.text, "procedure.contrast", "Omnipaque"),
        span(&e1.text, "clinical.radicular", "PROCEDURE"),
        span(&e1.text, "clinical.pain_scores", "8/10"),
    ];
    ev.add("e1", &e1.gold, &scan_e1(e1), &evidence);
    let e2 = note(&corpus, "e2");
    ev.add("e2", &e2.gold, &scan_e2(e2), &[]);
    let report = ev.report();
    (corpus, report)
}

// --- perfect/ --------------------------------------------------------------------

#[test]
fn perfect_prediction_scores_one_everywhere() {
    let corpus = load("perfect");
    assert!(corpus.errors.is_empty(), "{:?}", corpus.errors);
    let ids: Vec<&str> = corpus.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["p1", "p2"]);
    assert!(corpus.notes[0].text.starts_with("PROCEDURE: Right L4-L5"));

    let mut ev = Evaluation::new();
    for n in &corpus.notes {
        // Read back through JSON: 10.0 in the gold file, 10 in the scan.
        ev.add(&n.id, &n.gold, &scanned(n, |_| {}), &[]);
    }
    let r = ev.report();
    assert_eq!(r.notes, 2);
    for f in r.scalars.iter().chain(&r.checklist) {
        assert_eq!((f.correct, f.total), (2, 2), "{}", f.name);
        assert_close(f.accuracy, 1.0);
    }
    for f in r.lists.iter().chain(std::iter::once(&r.code_lines)) {
        assert_eq!((f.fp, f.fn_), (0, 0), "{}", f.name);
        assert_eq!((f.precision, f.recall, f.f1), (1.0, 1.0, 1.0), "{}", f.name);
    }
    // p1: 2 targets, p2: L5-S1 both sides; p2's gold holds 6/10 twice and both count.
    assert_eq!(list(&r, "procedure.targets[level,side]").tp, 4);
    assert_eq!(list(&r, "procedure.targets[level]").tp, 4);
    assert_eq!(
        list(&r, "clinical.pain_scores[value,scale_max,timing]").tp,
        4
    );
    assert_eq!(list(&r, "procedure.injectates[drug]").tp, 2);
    assert_eq!((r.checklist_correct, r.checklist_total), (24, 24));
    assert_eq!(r.code_exact_matches, 2);
    assert_eq!(r.code_lines.tp, 2);
    assert_eq!(r.headline, 1.0);
    assert_eq!(r.diff_text(None), "diff: 0 differences in 0 notes\n");
    let text = r.to_text();
    assert_eq!(last_line(&text), "headline: 1.0000");
    assert!(text.contains("errors: 0\n"));
}

// --- errors/ ---------------------------------------------------------------------

#[test]
fn unpaired_files_are_errors() {
    let corpus = load("errors");
    let ids: Vec<&str> = corpus.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2"]);
    let errs: Vec<(String, Option<String>, String)> = corpus
        .errors
        .iter()
        .map(|e| {
            (
                e.file.file_name().unwrap().to_string_lossy().into_owned(),
                e.key.clone(),
                e.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        errs,
        [
            (
                "e3.txt".to_string(),
                None,
                "no gold file (expected e3.gold.json beside it)".to_string()
            ),
            (
                "e4.gold.json".to_string(),
                None,
                "no note text (expected e4.txt beside it)".to_string()
            ),
        ]
    );
    assert!(corpus.errors[0].file.starts_with(fixtures("errors")));
}

#[test]
fn one_note_with_known_errors() {
    let corpus = load("errors");
    let e1 = note(&corpus, "e1");
    let mut ev = Evaluation::new();
    ev.add("e1", &e1.gold, &scan_e1(e1), &[]);
    let r = ev.report();

    // 1 of 2 targets wrong: tp 1, fp 1, fn 1.
    let t = list(&r, "procedure.targets[level,side]");
    assert_eq!((t.tp, t.fp, t.fn_), (1, 1, 1));
    assert_eq!((t.precision, t.recall, t.f1), (0.5, 0.5, 0.5));
    // Levels alone are right.
    assert_eq!(list(&r, "procedure.targets[level]").f1, 1.0);
    // Duplicate 8/10 pre: counted as a multiset, P = 2/3, R = 1.
    let p = list(&r, "clinical.pain_scores[value,scale_max,timing]");
    assert_eq!((p.tp, p.fp, p.fn_), (2, 1, 0));
    assert_close(p.precision, 2.0 / 3.0);
    assert_close(p.recall, 1.0);
    assert_close(p.f1, 0.8);
    assert_eq!(p.by_value["(8, 10, pre)"].tp, 1);
    assert_eq!(p.by_value["(8, 10, pre)"].fp, 1);
    // 10 vs 10.0 and 1.0 vs 1.0000001 are equal.
    for m in [
        "procedure.injectates[drug,dose_mg]",
        "procedure.injectates[drug,volume_ml]",
    ] {
        assert_eq!(list(&r, m).f1, 1.0, "{m}");
    }
    let c = list(&r, "clinical.conservative_care[modality,weeks]");
    assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
    assert_eq!(list(&r, "clinical.conservative_care[modality]").f1, 1.0);
    // One checklist item wrong: 11/12.
    assert_eq!((r.checklist_correct, r.checklist_total), (11, 12));
    assert_close(r.checklist_accuracy, 11.0 / 12.0);
    assert_eq!(scalar(&r, "checklist.imaging_guidance").correct, 0);
    // Codes: not an exact match; lines tp 1, fp 1, fn 1.
    assert_eq!((r.code_exact_matches, r.code_exact_match), (0, 0.0));
    assert_eq!(
        (r.code_lines.tp, r.code_lines.fp, r.code_lines.fn_),
        (1, 1, 1)
    );
    // Scalars: 12 of 13 right.
    assert_close(r.scalar_mean_accuracy, 12.0 / 13.0);
    assert_eq!(scalar(&r, "procedure.contrast.agent").correct, 0);
}

#[test]
fn corpus_with_known_errors_exact_figures() {
    let (_, r) = errors_report();
    assert_eq!(r.notes, 2);
    // Scalars: contrast.agent wrong in e1, prior_relief in e2; 11 fields at 1.0, 2 at 0.5.
    for f in &r.scalars {
        let expected = match f.name.as_str() {
            "procedure.contrast.agent" | "clinical.prior_relief" => 1,
            _ => 2,
        };
        assert_eq!((f.correct, f.total), (expected, 2), "{}", f.name);
    }
    assert_close(r.scalar_mean_accuracy, 12.0 / 13.0);
    let agent = &scalar(&r, "procedure.contrast.agent").confusion;
    assert_eq!(agent["iohexol"]["iopamidol"], 1);
    assert_eq!(agent["null"]["null"], 1);
    let relief = &scalar(&r, "clinical.prior_relief").confusion;
    assert_eq!(
        relief[r#"{"percent":70,"weeks":12}"#][r#"{"percent":70,"weeks":null}"#],
        1
    );

    // Lists, micro over e1 + e2.
    let expect = [
        ("procedure.targets[level,side]", (2, 1, 1)),
        ("procedure.targets[level]", (3, 0, 0)),
        ("procedure.injectates[drug]", (2, 0, 0)),
        ("procedure.injectates[drug,dose_mg]", (2, 0, 0)),
        ("procedure.injectates[drug,volume_ml]", (2, 0, 0)),
        ("clinical.pain_scores[value,scale_max,timing]", (3, 1, 0)),
        ("clinical.pain_scores[value]", (3, 1, 0)),
        ("clinical.conservative_care[modality]", (3, 0, 0)),
        ("clinical.conservative_care[modality,weeks]", (2, 1, 1)),
    ];
    let names: Vec<&str> = r.lists.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, expect.map(|(n, _)| n));
    for (name, counts) in expect {
        let f = list(&r, name);
        assert_eq!((f.tp, f.fp, f.fn_), counts, "{name}");
    }
    let t = list(&r, "procedure.targets[level,side]");
    assert_close(t.precision, 2.0 / 3.0);
    assert_close(t.recall, 2.0 / 3.0);
    assert_close(t.f1, 2.0 / 3.0);
    let p = list(&r, "clinical.pain_scores[value]");
    assert_close(p.precision, 0.75);
    assert_close(p.recall, 1.0);
    assert_close(p.f1, 6.0 / 7.0);
    // mean F1 = (5 * 1 + 2 * 2/3 + 2 * 6/7) / 9 = 169/189
    assert_close(r.list_mean_f1, 169.0 / 189.0);

    // Checklist: imaging_guidance wrong in e1, repeat_benefit in e2.
    assert_eq!((r.checklist_correct, r.checklist_total), (22, 24));
    assert_eq!(scalar(&r, "checklist.repeat_benefit").correct, 1);
    assert_eq!(
        scalar(&r, "checklist.repeat_benefit").confusion["true"]["false"],
        1
    );
    assert_eq!(
        scalar(&r, "checklist.repeat_benefit").confusion["null"]["null"],
        1
    );

    // Codes: e2 has no code and none scanned (exact); e1 differs.
    assert_eq!(r.code_exact_matches, 1);
    assert_close(r.code_exact_match, 0.5);
    assert_eq!(
        (r.code_lines.precision, r.code_lines.recall, r.code_lines.f1),
        (0.5, 0.5, 0.5)
    );

    let headline = (12.0 / 13.0 + 169.0 / 189.0 + 22.0 / 24.0 + 0.5) / 4.0;
    assert_close(r.headline, headline);
    let text = r.to_text();
    assert_eq!(last_line(&text), format!("headline: {headline:.4}"));
    assert_eq!(last_line(&text), "headline: 0.8085");

    // The unpaired files are listed and counted.
    assert_eq!(r.errors.len(), 2);
    assert!(text.contains("errors: 2\n"));
    assert!(text.contains("e3.txt: no gold file"));
    assert!(text.contains("e4.gold.json: no note text"));
}

#[test]
fn diff_traces_each_difference_to_its_evidence() {
    let (corpus, r) = errors_report();
    let text = &note(&corpus, "e1").text;
    let at = |needle: &str| text.find(needle).unwrap();
    let diff = r.diff_text(None);
    let fields: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .map(|l| l.trim_start().split(':').next().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "procedure.targets",
            "procedure.contrast.agent",
            "clinical.pain_scores",
            "clinical.conservative_care",
            "checklist.imaging_guidance",
            "codes",
            "clinical.prior_relief",
            "checklist.repeat_benefit",
        ]
    );
    assert!(diff.contains("== e1 (6 differing)\n"));
    assert!(diff.contains("== e2 (2 differing)\n"));
    assert_eq!(last_line(&diff), "diff: 8 differences in 2 notes");

    let l5 = at("L5-S1");
    let omni = at("Omnipaque");
    let expected_targets = format!(
        "  procedure.targets: gold [{{\"level\":\"L4-L5\",\"side\":\"right\"}},{{\"level\":\"L5-S1\",\"side\":\"right\"}}] \
         | scanned [{{\"level\":\"L4-L5\",\"side\":\"right\"}},{{\"level\":\"L5-S1\",\"side\":\"left\"}}]\n\
         \x20   missing {{\"level\":\"L5-S1\",\"side\":\"right\"}}\n\
         \x20   extra   {{\"level\":\"L5-S1\",\"side\":\"left\"}}\n\
         \x20   evidence procedure.targets {l5}..{} \"L5-S1\"\n",
        l5 + 5
    );
    assert!(diff.contains(&expected_targets), "{diff}");
    // A parent field's evidence (procedure.contrast) is shown for procedure.contrast.agent.
    let expected_agent = format!(
        "  procedure.contrast.agent: gold \"iohexol\" | scanned \"iopamidol\"\n\
         \x20   evidence procedure.contrast {omni}..{} \"Omnipaque\"\n",
        omni + 9
    );
    assert!(diff.contains(&expected_agent), "{diff}");
    assert!(diff.contains("    extra   {\"value\":8,\"scale_max\":10,\"timing\":\"pre\"}\n"));
    assert!(diff.contains("  codes: gold"));
    assert!(diff.contains("    missing {\"code\":\"64484\",\"modifier\":\"RT\",\"units\":1}\n"));
    // Unrelated evidence (clinical.radicular) is not shown; a difference without evidence says so.
    assert!(!diff.contains("clinical.radicular"));
    assert!(diff
        .contains("  checklist.imaging_guidance: gold true | scanned false\n    evidence: none\n"));
    // The lidocaine volume within tolerance is not a difference.
    assert!(!diff.contains("procedure.injectates"));

    let only = r.diff_text(Some("targets"));
    assert!(only.contains("procedure.targets") && !only.contains("contrast"));
    assert_eq!(last_line(&only), "diff: 1 differences in 1 notes");
    let contrast = r.diff_text(Some("contrast"));
    assert_eq!(last_line(&contrast), "diff: 1 differences in 1 notes");
    assert!(contrast.contains("procedure.contrast.agent"));
}

#[test]
fn confusion_tables_on_request() {
    let (_, r) = errors_report();
    let agent = r.confusion_text("contrast.agent").expect("a table");
    assert_eq!(
        agent,
        "confusion procedure.contrast.agent (rows gold, columns scanned): 1/2 correct, accuracy 0.5000\n\
         \x20 gold \\ scanned  iohexol  iopamidol  null\n\
         \x20 iohexol               0          1     0\n\
         \x20 null                  0          0     1\n"
    );
    // A list measure gets a per-value table.
    let targets = r.confusion_text("targets[level,side]").expect("a table");
    assert!(
        targets.contains("  (L4-L5, right)   1   0   0\n"),
        "{targets}"
    );
    assert!(
        targets.contains("  (L5-S1, left)    1   1   0\n"),
        "{targets}"
    );
    assert!(
        targets.contains("  (L5-S1, right)   0   0   1\n"),
        "{targets}"
    );
    // `objective_support` selects the clinical field and the checklist item.
    let both = r.confusion_text("objective_support").unwrap();
    assert!(
        both.contains("confusion clinical.objective_support")
            && both.contains("confusion checklist.objective_support")
    );
    assert_eq!(r.confusion_text("no_such_field"), None);

    // render(): diff, then the table, then the report with the headline last.
    let out = r.render(true, Some("agent"));
    let diff_at = out.find("== e1").unwrap();
    let table_at = out.find("confusion procedure.contrast.agent").unwrap();
    let report_at = out.find("SCALAR FIELDS").unwrap();
    assert!(diff_at < table_at && table_at < report_at);
    assert!(last_line(&out).starts_with("headline: "));
    let out = r.render(false, Some("nope"));
    assert!(out.starts_with("no field matches `nope`; fields: procedure.performed, "));
}

#[test]
fn json_has_every_figure() {
    let (_, r) = errors_report();
    let j = r.to_json();
    assert_eq!(j["notes"], 2);
    assert_close(j["headline"].as_f64().unwrap(), r.headline);
    assert_eq!(j["scalars"]["procedure.contrast.agent"]["correct"], 1);
    assert_eq!(
        j["scalars"]["procedure.contrast.agent"]["confusion"]["iohexol"]["iopamidol"],
        1
    );
    assert_close(j["scalar_mean_accuracy"].as_f64().unwrap(), 12.0 / 13.0);
    assert_close(
        j["lists"]["procedure.targets[level,side]"]["precision"]
            .as_f64()
            .unwrap(),
        2.0 / 3.0,
    );
    assert_eq!(j["lists"]["clinical.pain_scores[value]"]["fp"], 1);
    assert_eq!(j["lists"]["clinical.pain_scores[value]"]["fn"], 0);
    assert_close(j["list_mean_f1"].as_f64().unwrap(), 169.0 / 189.0);
    assert_eq!(j["checklist"]["correct"], 22);
    assert_eq!(j["checklist"]["total"], 24);
    assert_eq!(
        j["checklist"]["items"]["checklist.imaging_guidance"]["correct"],
        1
    );
    assert_eq!(j["codes"]["exact_matches"], 1);
    assert_eq!(j["codes"]["lines"]["fn"], 1);
    assert_eq!(j["error_count"], 2);
    assert_eq!(j["errors"][0]["key"], Value::Null);
    assert!(j["errors"][0]["file"].as_str().unwrap().ends_with("e3.txt"));
    assert_eq!(j["diffs"][0]["id"], "e1");
    assert_eq!(
        j["diffs"][0]["differences"][0]["field"],
        "procedure.targets"
    );
    assert_eq!(
        j["diffs"][0]["differences"][0]["evidence"][0]["text"],
        "L5-S1"
    );
}

// --- broken/ ---------------------------------------------------------------------

#[test]
fn broken_gold_files_are_reported_with_key_paths() {
    let corpus = load("broken");
    let ids: Vec<&str> = corpus.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["ok"]);
    let got: Vec<(String, Option<&str>, &str)> = corpus
        .errors
        .iter()
        .map(|e| {
            (
                e.file.file_name().unwrap().to_string_lossy().into_owned(),
                e.key.as_deref(),
                e.message.as_str(),
            )
        })
        .collect();
    let expect: [(&str, Option<&str>, &str); 8] = [
        (
            "b1.gold.json",
            Some("facts.procedure.approach"),
            "transforaminall",
        ),
        (
            "b2.gold.json",
            Some("facts.procedure.targets[0].level"),
            "L4-5",
        ),
        (
            "b3.gold.json",
            Some("facts.procedure.sedation"),
            "missing key",
        ),
        (
            "b4.gold.json",
            Some("facts.procedure.injectates[1].concentration_pct"),
            "missing key",
        ),
        ("b5.gold.json", Some("facts.clinical.pain"), "unknown key"),
        ("b6.gold.json", None, "not valid JSON"),
        (
            "b7.gold.json",
            Some("id"),
            "`b7-copy` does not match the file name (`b7`)",
        ),
        (
            "b8.gold.json",
            Some("facts.clinical.prior_relief.weeks"),
            "missing key",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((file, key, message), (efile, ekey, emessage)) in got.iter().zip(expect) {
        assert_eq!((file.as_str(), *key), (efile, ekey));
        assert!(message.contains(emessage), "{file}: {message}");
    }

    // Broken notes are excluded from the figures, but listed and counted.
    let mut ev = Evaluation::new();
    for e in &corpus.errors {
        ev.add_error(e.clone());
    }
    let ok = note(&corpus, "ok");
    ev.add("ok", &ok.gold, &ok.gold, &[]);
    let r = ev.report();
    assert_eq!((r.notes, r.errors.len()), (1, 8));
    assert_eq!(r.headline, 1.0);
    let text = r.to_text();
    assert!(text.contains("errors: 8\n"));
    let b1 = corpus.errors[0].file.display().to_string();
    assert!(
        text.contains(&format!("  {b1}: facts.procedure.approach: ")),
        "{text}"
    );
    assert_eq!(last_line(&text), "headline: 1.0000");
}

#[test]
fn duplicate_ids_and_missing_folders_are_errors() {
    let corpus = load_corpus(&[
        fixtures("perfect"),
        fixtures("perfect"),
        fixtures("no-such-folder"),
    ]);
    assert_eq!(corpus.notes.len(), 2);
    let messages: Vec<String> = corpus.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("duplicate id `p"))
            .count(),
        2
    );
    assert!(messages
        .iter()
        .any(|m| m.contains("no-such-folder: cannot read the corpus folder")));
}

// --- conventions -----------------------------------------------------------------

#[test]
fn empty_measures_follow_the_stated_conventions() {
    assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
    assert_eq!(prf(0, 1, 0), (0.0, 0.0, 0.0));
    assert_eq!(prf(0, 0, 1), (0.0, 0.0, 0.0));
    assert_eq!(prf(3, 1, 0), (0.75, 1.0, 6.0 / 7.0));

    // No note at all: the headline is 0, never a pass.
    let r = Evaluation::new().report();
    assert_eq!((r.notes, r.headline), (0, 0.0));
    assert_eq!(last_line(&r.to_text()), "headline: 0.0000");

    // All lists empty in gold and scan: no opportunity, no error -> 1.0.
    let empty = Facts::default();
    let mut ev = Evaluation::new();
    ev.add("n", &empty, &empty, &[]);
    let r = ev.report();
    for f in r.lists.iter().chain(std::iter::once(&r.code_lines)) {
        assert_eq!(
            (f.tp, f.fp, f.fn_, f.precision, f.recall, f.f1),
            (0, 0, 0, 1.0, 1.0, 1.0),
            "{}",
            f.name
        );
    }
    assert_eq!(r.headline, 1.0);

    // Gold empty, one target scanned: precision, recall and F1 all 0 for targets.
    let mut one = empty.clone();
    one.procedure.targets = serde_json::from_value(json!([{"level": "S1", "side": null}]))
        .expect("a hand-made target list");
    let mut ev = Evaluation::new();
    ev.add("n", &empty, &one, &[]);
    let r = ev.report();
    let t = list(&r, "procedure.targets[level,side]");
    assert_eq!(
        (t.tp, t.fp, t.fn_, t.precision, t.recall, t.f1),
        (0, 1, 0, 0.0, 0.0, 0.0)
    );
    // prior_relief: null vs {null, null} differ.
    let mut relief = Facts::default();
    relief.clinical.prior_relief = Some(notescan::facts::PriorRelief {
        percent: None,
        weeks: None,
    });
    let mut ev = Evaluation::new();
    ev.add("n", &empty, &relief, &[]);
    assert_eq!(scalar(&ev.report(), "clinical.prior_relief").correct, 0);
}
