//! The `notescan` command line: scan notes, evaluate against gold corpora.

use clap::{Parser, Subcommand, ValueEnum};
use notescan::io::{self, fhir, InputKind, ReadOptions, Record, RecordError};
use notescan::{audit, output, report, Scanner};
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Exit status when every record was scanned.
const EXIT_OK: u8 = 0;
/// Exit status when the run finished but some records were errors.
const EXIT_RECORD_ERRORS: u8 = 3;
/// Exit status for a fatal problem (lexicons, unwritable output, bad arguments).
const EXIT_FATAL: u8 = 2;

#[derive(Parser)]
#[command(
    name = "notescan",
    version,
    about = "Audit spine procedure and clinic notes for CPT 64483 (lumbar/sacral TFESI) support",
    max_term_width = 98
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan notes and write one JSON line per note, in input order.
    Scan(ScanArgs),
    /// Write one self-contained HTML audit report (summary table, highlighted notes, flags).
    Report(ReportArgs),
    /// Scan annotated corpora (<id>.txt + <id>.gold.json) and report accuracy against the gold.
    Eval(EvalArgs),
    /// List the audit rules: code, name, severity, default weight and summary.
    Rules,
    /// Explain one audit rule: what it checks, why payers deny on it, failing and passing wording.
    Explain {
        /// Rule code (NS101) or name (axial-only-pain).
        rule: String,
    },
}

#[derive(Parser)]
struct EvalArgs {
    /// Corpus folders holding <id>.txt and <id>.gold.json pairs.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Write every figure as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Print, per note, every field where the scan differs from gold, with the evidence spans.
    #[arg(long)]
    diff: bool,
    /// Print the confusion table of a field (and limit --diff to it).
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// Directory of lexicon files overriding the embedded ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Exit 1 when the headline is below X (for CI).
    #[arg(long, value_name = "X")]
    min_headline: Option<f64>,
}

fn run_eval(args: EvalArgs) -> Result<u8, String> {
    use notescan::eval::{load_corpus, Evaluation, EvidenceRef};
    let scanner = build_scanner(&args.lexicons)?;
    let corpus = load_corpus(&args.dirs);
    let mut ev = Evaluation::new();
    for e in &corpus.errors {
        ev.add_error(e.clone());
    }
    let scans: Vec<_> = corpus
        .notes
        .par_iter()
        .map(|n| scanner.scan(&n.id, &n.text))
        .collect();
    for (n, scan) in corpus.notes.iter().zip(&scans) {
        let refs: Vec<EvidenceRef> = scan
            .evidence
            .iter()
            .map(|e| EvidenceRef::in_text(e.field, e.span.start, e.span.end, &n.text))
            .collect();
        ev.add(&n.id, &n.gold, &scan.facts, &refs);
    }
    let report = ev.report();
    if let Some(field) = &args.field {
        if report.confusion_text(field).is_none()
            && !report
                .field_names()
                .iter()
                .any(|f| notescan::eval::field_matches(f, field))
        {
            return Err(format!(
                "no field matches `{field}`; fields: {}",
                report.field_names().join(", ")
            ));
        }
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    print!("{}", report.render(args.diff, args.field.as_deref()));
    Ok(match args.min_headline {
        Some(x) if report.headline < x => 1,
        _ => EXIT_OK,
    })
}

/// Output format of `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One JSON object per line (scan, facts, mentions, audit).
    Jsonl,
    /// One CSV row per note: id, patient, date, verdict, score, codes, flags, key facts.
    Csv,
}

#[derive(Parser)]
struct ReportArgs {
    /// Inputs, as for `scan` (.txt, folders, .jsonl, .csv, FHIR .json/.ndjson).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The HTML file to write (written beside as `.FILE.partial`, then renamed).
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    output: PathBuf,
    /// Audit policy: a built-in name or a policy file (see `scan --policy`).
    #[arg(long, value_name = "NAME|FILE", default_value = "medicare-l39240")]
    policy: String,
    /// Page title (default: "notescan audit report", or the note id for one note).
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    read: ReadArgs,
}

/// How inputs are read and scanned (shared by `scan` and `report`).
#[derive(clap::Args)]
struct ReadArgs {
    /// Directory of lexicon files overriding the embedded ones (same file names).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// CSV column holding the id.
    #[arg(long, default_value = "id")]
    id_column: String,
    /// CSV column (or JSONL field) holding the note text.
    #[arg(long, default_value = "text")]
    text_column: String,
    /// Notes larger than this many bytes are reported as errors.
    #[arg(long, default_value_t = 1 << 20)]
    max_note_bytes: usize,
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            id_column: self.id_column.clone(),
            text_column: self.text_column.clone(),
            max_note_bytes: self.max_note_bytes,
        }
    }
}

fn run_report(args: ReportArgs) -> Result<u8, String> {
    let started = Instant::now();
    let scanner = build_scanner(&args.read.lexicons)?;
    let policy = audit::Policy::resolve(&args.policy).map_err(|e| format!("policy: {e}"))?;
    let opts = args.read.options();
    let mut inputs: Vec<Input> = Vec::new();
    read_inputs(&args.inputs, &opts, &mut |i| inputs.push(i));
    let mut errors = Vec::new();
    let mut records = Vec::new();
    for i in inputs {
        match i.rec {
            Ok(r) => records.push((r, i.meta)),
            Err(e) => errors.push(report::ReportError {
                id: e.id,
                kind: e.kind.to_string(),
                message: e.message,
            }),
        }
    }
    let items: Vec<report::ReportItem> = records
        .into_par_iter()
        .map(|(r, meta)| {
            let scan = scanner.scan(&r.id, &r.text);
            let a = audit::audit(&scan, &r.text, &policy);
            let mut item = report::ReportItem::new(r.text, scan, a);
            item.warnings = r.warnings;
            if let Some(p) = meta.patient {
                item.meta.push(("patient".into(), p));
            }
            if let Some(d) = meta.date {
                item.meta.push(("date".into(), d));
            }
            item
        })
        .collect();
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| match items.as_slice() {
            [one] => format!("notescan audit report: {}", one.scan.id),
            _ => "notescan audit report".to_string(),
        });
    let html = report::html_report_with(&items, &errors, &title);
    let partial = partial_path(&args.output);
    std::fs::write(&partial, html.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", partial.display()))?;
    std::fs::rename(&partial, &args.output)
        .map_err(|e| format!("{}: cannot rename into place: {e}", args.output.display()))?;
    eprintln!(
        "notescan: report of {} notes ({} unreadable) written to {} in {:.2} s",
        items.len(),
        errors.len(),
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_RECORD_ERRORS
    })
}

#[derive(Parser)]
struct ScanArgs {
    /// Inputs: .txt files, folders of .txt files (id = file stem), .jsonl files
    /// ({"id", "text"} per line), .csv files with id and text columns, or FHIR R4
    /// .json (DocumentReference or Bundle) and Bulk .ndjson files (detected by
    /// their "resourceType").
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write to FILE instead of stdout: the run writes `.FILE.partial` beside it
    /// and renames it into place at the end, so FILE is never half-written.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Pretty-print each record (for reading one note).
    #[arg(long)]
    pretty: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Include context-trigger mentions in the output.
    #[arg(long)]
    triggers: bool,
    /// Continue an interrupted run into -o FILE: records whose id is already
    /// written are skipped, a line cut off by the interruption is redone.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Audit policy: a built-in name (medicare-l39240, evicore-cmm200, aetna-cpb0722) or a
    /// policy file (see policies/).
    #[arg(long, value_name = "NAME|FILE", default_value = "medicare-l39240")]
    policy: String,
    /// Leave the `audit` object out of each record.
    #[arg(long, conflicts_with = "format")]
    no_audit: bool,
    /// Output format: jsonl (default) or csv (one row per note, for spreadsheets).
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    #[command(flatten)]
    read: ReadArgs,
}

fn build_scanner(lexicons: &Option<PathBuf>) -> Result<Scanner, String> {
    match lexicons {
        Some(dir) => Scanner::from_lexicon_dir(dir).map_err(|e| format!("lexicons: {e}")),
        None => Ok(Scanner::new()),
    }
}

/// FHIR metadata of a record (empty for other inputs).
#[derive(Clone, Debug, Default)]
struct Meta {
    patient: Option<String>,
    date: Option<String>,
}

/// One input record with its metadata.
struct Input {
    rec: Result<Record, RecordError>,
    meta: Meta,
}

impl Input {
    /// The record id (or, for a record that could not be read, its `file:line`).
    fn id(&self) -> &str {
        match &self.rec {
            Ok(rec) => &rec.id,
            Err(e) => &e.id,
        }
    }
}

/// The message of an `internal` error record: a library bug on that record.
const INTERNAL_ERROR: &str = "notescan failed on this record (a bug; please report the record id)";

fn fhir_input(r: Result<fhir::FhirNote, RecordError>) -> Input {
    match r {
        Ok(n) => Input {
            rec: Ok(n.record),
            meta: Meta {
                patient: n.patient,
                date: n.date,
            },
        },
        Err(e) => Input {
            rec: Err(e),
            meta: Meta::default(),
        },
    }
}

/// Feeds every input record, in order, to `each`.
fn read_inputs(inputs: &[PathBuf], opts: &ReadOptions, each_input: &mut dyn FnMut(Input)) {
    for path in inputs {
        let source = path.display().to_string();
        let kind = io::kind_of(path);
        if kind == InputKind::Jsonl && fhir::file_looks_like_fhir(path) {
            if let Err(e) = fhir::read_file(path, opts, |r| each_input(fhir_input(r))) {
                each_input(fhir_input(Err(e)));
            }
            continue;
        }
        let mut each = |rec: Result<Record, RecordError>| {
            each_input(Input {
                rec,
                meta: Meta::default(),
            })
        };
        match kind {
            InputKind::Text => each(io::read_text_file(path, opts)),
            InputKind::Dir => match io::text_files(path) {
                Ok(files) => files.iter().for_each(|f| each(io::read_text_file(f, opts))),
                Err(e) => each(Err(RecordError {
                    id: source,
                    kind: "unreadable",
                    message: e.to_string(),
                })),
            },
            InputKind::Csv => {
                if let Err(e) = io::read_csv(path, opts, &mut each) {
                    each(Err(e));
                }
            }
            InputKind::Jsonl => {
                let file = match File::open(path) {
                    Ok(f) => f,
                    Err(e) => {
                        each(Err(RecordError {
                            id: source,
                            kind: "unreadable",
                            message: e.to_string(),
                        }));
                        continue;
                    }
                };
                let mut rdr = BufReader::with_capacity(1 << 16, file);
                let mut buf = Vec::new();
                let mut line = 0;
                // A line far over the note limit is not buffered: it is skipped
                // to its end and answered with a `too_large` record.
                let limit = opts.max_note_bytes.saturating_mul(6).saturating_add(4096);
                loop {
                    buf.clear();
                    match read_line_bounded(&mut rdr, &mut buf, limit) {
                        Ok((0, _)) => break,
                        Ok((n, true)) => {
                            line += 1;
                            each(Err(RecordError {
                                id: format!("{source}:{line}"),
                                kind: "too_large",
                                message: format!("line {line} is {n} bytes, over the limit for a note of --max-note-bytes {}", opts.max_note_bytes),
                            }));
                            continue;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            each(Err(RecordError {
                                id: format!("{source}:{}", line + 1),
                                kind: "unreadable",
                                message: e.to_string(),
                            }));
                            break;
                        }
                    }
                    line += 1;
                    if buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    // A UTF-8 byte-order mark before the first record is not part of it.
                    let raw = if line == 1 {
                        buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
                    } else {
                        &buf[..]
                    };
                    each(io::parse_jsonl_line(&source, line, raw, opts));
                }
            }
        }
    }
}

/// Reads one line into `buf` (newline included) unless it is longer than
/// `limit`; returns the bytes consumed and whether the line was too long.
fn read_line_bounded(
    r: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<(usize, bool)> {
    let (mut total, mut over) = (0, false);
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok((total, over));
        }
        let (n, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !over {
            if buf.len() + n > limit {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&avail[..n]);
            }
        }
        r.consume(n);
        total += n;
        if done {
            return Ok((total, over));
        }
    }
}

struct Totals {
    read: usize,
    scanned: usize,
    errored: usize,
    warned: usize,
    skipped: usize,
    bytes: usize,
}

/// Where a run writing `path` keeps its output until it is complete.
fn partial_path(path: &Path) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    path.with_file_name(format!(".{name}.partial"))
}

/// For `--resume`: the complete lines of an interrupted run (its partial file,
/// else a finished output), rewritten into `partial`, and the ids they hold.
fn resume_from(path: &Path, partial: &Path) -> Result<std::collections::HashSet<String>, String> {
    let source = if partial.exists() {
        partial.to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut ids = std::collections::HashSet::new();
    if !source.exists() {
        return Ok(ids);
    }
    let data = std::fs::read(&source)
        .map_err(|e| format!("{}: cannot read for --resume: {e}", source.display()))?;
    let mut keep = Vec::with_capacity(data.len());
    for line in data.split_inclusive(|b| *b == b'\n') {
        // A line cut off by the interruption has no newline: it is redone.
        if !line.ends_with(b"\n") {
            break;
        }
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(line) else {
            break;
        };
        let Some(id) = v.get("id").and_then(|i| i.as_str()) else {
            break;
        };
        ids.insert(id.to_string());
        keep.extend_from_slice(line);
    }
    std::fs::write(partial, &keep)
        .map_err(|e| format!("{}: cannot write: {e}", partial.display()))?;
    Ok(ids)
}

/// One CSV row (header columns: `report::csv_header`), terminated.
fn csv_line(scanner: &Scanner, policy: &audit::Policy, input: &Input) -> Vec<u8> {
    let row = match &input.rec {
        Ok(rec) => {
            let row = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let scan = scanner.scan(&rec.id, &rec.text);
                let a = audit::audit(&scan, &rec.text, policy);
                report::csv_row_with_meta(
                    &scan,
                    &a,
                    input.meta.patient.as_deref(),
                    input.meta.date.as_deref(),
                )
            }));
            row.unwrap_or_else(|_| report::csv_error_row(&rec.id, "internal", INTERNAL_ERROR))
        }
        Err(e) => report::csv_error_row(&e.id, e.kind, &e.message),
    };
    let mut w = csv::Writer::from_writer(Vec::with_capacity(1024));
    if w.write_record(&row).is_err() {
        return Vec::new();
    }
    w.into_inner().unwrap_or_default()
}

/// One output line; a panic inside the library (a bug) becomes an `internal`
/// error record for that note instead of ending the batch.
fn record_line(
    scanner: &Scanner,
    policy: Option<&audit::Policy>,
    input: &Input,
    pretty: bool,
    triggers: bool,
) -> Vec<u8> {
    let run = std::panic::AssertUnwindSafe(|| {
        record_line_inner(scanner, policy, input, pretty, triggers)
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        let v = serde_json::json!({"id": input.id(), "error": {"kind": "internal", "message": INTERNAL_ERROR}});
        let mut line = serde_json::to_vec(&v).unwrap_or_default();
        line.push(b'\n');
        line
    })
}

fn record_line_inner(
    scanner: &Scanner,
    policy: Option<&audit::Policy>,
    input: &Input,
    pretty: bool,
    triggers: bool,
) -> Vec<u8> {
    let r = &input.rec;
    // Records run 7-16 KiB: one allocation for most, no regrowth copy.
    let mut line = Vec::with_capacity(16 << 10);
    let written = match r {
        Ok(rec) => {
            let scan = scanner.scan(&rec.id, &rec.text);
            let mut record = output::ScanRecord::new(&scan, &rec.text, scanner.lexicons())
                .with_triggers(triggers)
                .with_warnings(&rec.warnings);
            if let Some(p) = &input.meta.patient {
                record = record.with_field("patient", serde_json::Value::String(p.clone()));
            }
            if let Some(d) = &input.meta.date {
                record = record.with_field("date", serde_json::Value::String(d.clone()));
            }
            record = record.with_audit(policy);
            if pretty {
                serde_json::to_writer_pretty(&mut line, &record)
            } else {
                record.write_json(&mut line)
            }
        }
        Err(e) => {
            let v =
                serde_json::json!({"id": e.id, "error": {"kind": e.kind, "message": e.message}});
            if pretty {
                serde_json::to_writer_pretty(&mut line, &v)
            } else {
                serde_json::to_writer(&mut line, &v)
            }
        }
    };
    if written.is_err() {
        line.clear();
        let v = serde_json::json!({"id": input.id(), "error": {"kind": "internal", "message": "the record could not be serialized"}});
        line = serde_json::to_vec(&v).unwrap_or_default();
    }
    line.push(b'\n');
    line
}

fn run_scan(args: ScanArgs) -> Result<u8, String> {
    let started = Instant::now();
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    let scanner = build_scanner(&args.read.lexicons)?;
    let policy = audit::Policy::resolve(&args.policy).map_err(|e| format!("policy: {e}"))?;
    let csv_policy = policy.clone();
    let policy = (!args.no_audit).then_some(&policy);
    if args.format == Format::Csv && args.resume {
        return Err("--resume works with --format jsonl only".into());
    }
    let opts = args.read.options();
    let mut done: std::collections::HashSet<String> = std::collections::HashSet::new();
    let (partial, mut out): (Option<PathBuf>, Box<dyn Write>) = match &args.output {
        // A device or pipe (-o /dev/null) is written directly: never renamed over.
        Some(path) if path.exists() && !path.is_file() => {
            if args.resume {
                return Err(format!(
                    "{}: --resume needs a regular output file",
                    path.display()
                ));
            }
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            (None, Box::new(BufWriter::with_capacity(1 << 16, file)))
        }
        Some(path) => {
            let partial = partial_path(path);
            let file = if args.resume {
                done = resume_from(path, &partial)?;
                std::fs::OpenOptions::new().append(true).open(&partial)
            } else {
                File::create(&partial)
            }
            .map_err(|e| format!("{}: cannot write: {e}", partial.display()))?;
            (
                Some(partial),
                Box::new(BufWriter::with_capacity(1 << 16, file)),
            )
        }
        None if args.resume => return Err("--resume needs -o FILE".into()),
        None => (
            None,
            Box::new(BufWriter::with_capacity(1 << 16, std::io::stdout().lock())),
        ),
    };
    let mut totals = Totals {
        read: 0,
        scanned: 0,
        errored: 0,
        warned: 0,
        skipped: 0,
        bytes: 0,
    };
    let mut batch: Vec<Input> = Vec::with_capacity(BATCH);
    let mut write_err: Option<String> = None;
    if args.format == Format::Csv {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = w
            .write_record(report::csv_header())
            .ok()
            .and_then(|_| w.into_inner().ok())
            .unwrap_or_default();
        if let Err(e) = out.write_all(&header) {
            write_err = Some(e.to_string());
        }
    }
    let mut flush = |batch: &mut Vec<Input>, out: &mut Box<dyn Write>, totals: &mut Totals| {
        let lines: Vec<Vec<u8>> = batch
            .par_iter()
            .map(|r| match args.format {
                Format::Csv => csv_line(&scanner, &csv_policy, r),
                Format::Jsonl => record_line(&scanner, policy, r, args.pretty, args.triggers),
            })
            .collect();
        for (r, line) in batch.iter().zip(&lines) {
            match &r.rec {
                Ok(rec) => {
                    totals.scanned += 1;
                    totals.bytes += rec.text.len();
                    totals.warned += !rec.warnings.is_empty() as usize;
                }
                Err(_) => totals.errored += 1,
            }
            if write_err.is_none() {
                if let Err(e) = out.write_all(line) {
                    write_err = Some(e.to_string());
                }
            }
        }
        batch.clear();
    };
    read_inputs(&args.inputs, &opts, &mut |r| {
        totals.read += 1;
        if done.contains(r.id()) {
            totals.skipped += 1;
            return;
        }
        batch.push(r);
        if batch.len() >= BATCH {
            flush(&mut batch, &mut out, &mut totals);
        }
    });
    flush(&mut batch, &mut out, &mut totals);
    if let Err(e) = out.flush() {
        write_err.get_or_insert(e.to_string());
    }
    drop(out);
    if let Some(e) = write_err {
        if e.contains("Broken pipe") {
            return Ok(EXIT_OK);
        }
        return Err(format!("cannot write output: {e}"));
    }
    if let (Some(partial), Some(path)) = (partial, &args.output) {
        std::fs::rename(&partial, path)
            .map_err(|e| format!("{}: cannot rename into place: {e}", path.display()))?;
    }
    eprintln!(
        "notescan: {} notes read, {} scanned, {} errored, {} with warnings, {} skipped (--resume), {:.1} MB in {:.2} s",
        totals.read,
        totals.scanned,
        totals.errored,
        totals.warned,
        totals.skipped,
        totals.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(if totals.errored > 0 {
        EXIT_RECORD_ERRORS
    } else {
        EXIT_OK
    })
}

/// Records scanned together; bounds memory whatever the input size.
const BATCH: usize = 512;

fn main() -> ExitCode {
    // A panic message could quote note text (PHI): report only where it happened.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("notescan: internal error at {at}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => run_scan(args),
        Command::Report(args) => run_report(args),
        Command::Eval(args) => run_eval(args),
        Command::Rules => {
            print!("{}", audit::rules_table());
            Ok(EXIT_OK)
        }
        Command::Explain { rule } => match audit::explain(&rule) {
            Some(text) => {
                print!("{text}");
                Ok(EXIT_OK)
            }
            None => Err(format!("unknown rule '{rule}' (see `notescan rules`)")),
        },
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("notescan: {msg}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}
