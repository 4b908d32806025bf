//! Criterion benches: every pipeline stage, the audit, JSON serialization and
//! the end-to-end scan, on two note sets:
//! - `dev`: every `corpora/dev/*.txt` note;
//! - `gen`: 200 notes from `examples/gen_notes.rs` (seed 42).
//!
//! ```sh
//! cargo bench --bench stages                 # all
//! cargo bench --bench stages -- gen/         # one note set
//! cargo bench --bench stages -- 'dev/scan$'  # one bench
//! ```
//!
//! Each iteration processes the whole note set; throughput is in bytes of
//! note text. Every bench checks a count (sections, clauses, mentions,
//! facts, audit flags or output bytes) so a broken path cannot be timed
//! silently: the counts are checked once before timing and the timed
//! closure returns the value to `black_box`.
//!
//! `NOTESCAN_BENCH_CLOCK=cpu cargo bench --bench stages` measures this
//! thread's CPU time (CLOCK_THREAD_CPUTIME_ID) instead of wall time: on a
//! shared machine where other processes take most of the CPU, wall time
//! mostly measures the neighbours, CPU time measures the code.

#[path = "../examples/gen_notes.rs"]
mod gen_notes;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{black_box, BatchSize, Criterion, Throughput};
use notescan::audit::{self, Policy};
use notescan::output::ScanRecord;
use notescan::Scanner;
use std::time::Duration;

fn dev_notes() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/dev");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpora/dev")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn bench_set<M: Measurement>(c: &mut Criterion<M>, name: &str, notes: &[(String, String)]) {
    assert!(!notes.is_empty(), "{name}: no notes");
    let scanner = Scanner::new();
    let policy = Policy::default();
    let bytes: usize = notes.iter().map(|(_, t)| t.len()).sum();

    // Stage outputs precomputed once, and the expected counts they must give.
    let sections: Vec<_> = notes
        .iter()
        .map(|(_, t)| scanner.stage_sections(t, &scanner.stage_terms(t)))
        .collect();
    let clauses: Vec<_> = notes
        .iter()
        .zip(&sections)
        .map(|((_, t), s)| scanner.stage_clauses(t, s))
        .collect();
    let mentions: Vec<_> = notes
        .iter()
        .zip(sections.iter().zip(&clauses))
        .map(|((_, t), (s, c))| {
            scanner.stage_mentions(t, scanner.stage_terms(t), scanner.stage_patterns(t), s, c)
        })
        .collect();
    let scans: Vec<_> = notes.iter().map(|(id, t)| scanner.scan(id, t)).collect();
    let n_sections: usize = sections.iter().map(Vec::len).sum();
    let n_clauses: usize = clauses.iter().map(Vec::len).sum();
    let n_mentions: usize = mentions.iter().map(Vec::len).sum();
    assert!(
        n_sections > notes.len(),
        "{name}: sections found {n_sections}"
    );
    assert!(n_clauses > notes.len(), "{name}: clauses found {n_clauses}");
    assert!(
        n_mentions > 10 * notes.len(),
        "{name}: mentions found {n_mentions}"
    );
    // the staged path is the scan path
    assert_eq!(
        n_mentions,
        scans.iter().map(|s| s.mentions.len()).sum::<usize>(),
        "{name}: staged mentions != scan mentions"
    );
    let n_targets: usize = scans.iter().map(|s| s.facts.procedure.targets.len()).sum();
    let n_evidence: usize = scans.iter().map(|s| s.evidence.len()).sum();
    assert!(
        n_targets > 0 && n_evidence > 0,
        "{name}: facts empty ({n_targets} targets, {n_evidence} evidence)"
    );
    let n_flags: usize = scans
        .iter()
        .zip(notes)
        .map(|(s, (_, t))| audit::audit(s, t, &policy).flags.len())
        .sum();
    assert!(n_flags > 0, "{name}: audit raised no flag on any note");
    println!(
        "{name}: {} notes, {bytes} bytes; {n_sections} sections, {n_clauses} clauses, {n_mentions} mentions, {n_targets} targets, {n_evidence} evidence, {n_flags} audit flags",
        notes.len()
    );

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(300));
    g.measurement_time(Duration::from_millis(1500));

    g.bench_function("terms", |b| {
        b.iter(|| {
            for (_, t) in notes {
                black_box(scanner.stage_terms(black_box(t)));
            }
        })
    });
    g.bench_function("sections", |b| {
        b.iter_batched(
            || {
                notes
                    .iter()
                    .map(|(_, t)| scanner.stage_terms(t))
                    .collect::<Vec<_>>()
            },
            |hits| {
                let mut n = 0;
                for ((_, t), h) in notes.iter().zip(&hits) {
                    n += scanner.stage_sections(t, h).len();
                }
                assert_eq!(n, n_sections);
                n
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("clauses", |b| {
        b.iter(|| {
            let mut n = 0;
            for ((_, t), s) in notes.iter().zip(&sections) {
                n += scanner.stage_clauses(t, s).len();
            }
            assert_eq!(n, n_clauses);
            n
        })
    });
    g.bench_function("patterns", |b| {
        b.iter(|| {
            for (_, t) in notes {
                black_box(scanner.stage_patterns(black_box(t)));
            }
        })
    });
    g.bench_function("mentions", |b| {
        b.iter_batched(
            || {
                notes
                    .iter()
                    .map(|(_, t)| (scanner.stage_terms(t), scanner.stage_patterns(t)))
                    .collect::<Vec<_>>()
            },
            |inputs| {
                let mut n = 0;
                for (((_, t), (h, p)), (s, c)) in
                    notes.iter().zip(inputs).zip(sections.iter().zip(&clauses))
                {
                    n += scanner.stage_mentions(t, h, p, s, c).len();
                }
                assert_eq!(n, n_mentions);
                n
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("facts", |b| {
        b.iter(|| {
            let mut n = 0;
            for (((_, t), s), (c, m)) in notes
                .iter()
                .zip(&sections)
                .zip(clauses.iter().zip(&mentions))
            {
                let (facts, ev, _) = scanner.stage_facts(t, s, c, m);
                n += facts.procedure.targets.len() + ev.len();
            }
            assert_eq!(n, n_targets + n_evidence);
            n
        })
    });
    g.bench_function("scan", |b| {
        b.iter(|| {
            let mut n = 0;
            for (id, t) in notes {
                n += scanner.scan(id, t).mentions.len();
            }
            assert_eq!(n, n_mentions);
            n
        })
    });
    g.bench_function("audit", |b| {
        b.iter(|| {
            let mut n = 0;
            for (s, (_, t)) in scans.iter().zip(notes) {
                n += audit::audit(s, t, &policy).flags.len();
            }
            assert_eq!(n, n_flags);
            n
        })
    });
    let mut buf = Vec::with_capacity(1 << 20);
    g.bench_function("serialize", |b| {
        b.iter(|| {
            buf.clear();
            for (s, (_, t)) in scans.iter().zip(notes) {
                ScanRecord::new(s, t, scanner.lexicons())
                    .write_json(&mut buf)
                    .unwrap();
                buf.push(b'\n');
            }
            assert!(buf.len() > bytes / 2);
            buf.len()
        })
    });
    g.bench_function("end_to_end", |b| {
        // what `notescan scan` does per record: scan + audit + serialize with the audit
        b.iter(|| {
            buf.clear();
            let mut n = 0;
            for (id, t) in notes {
                let scan = scanner.scan(id, t);
                n += scan.mentions.len();
                ScanRecord::new(&scan, t, scanner.lexicons())
                    .with_audit(Some(&policy))
                    .write_json(&mut buf)
                    .unwrap();
                buf.push(b'\n');
            }
            assert_eq!(n, n_mentions);
            buf.len()
        })
    });
    g.finish();
}

fn benches<M: Measurement>(c: &mut Criterion<M>) {
    let dev = dev_notes();
    bench_set(c, "dev", &dev);
    let gen: Vec<_> = gen_notes::generate(200, 42).collect();
    bench_set(c, "gen", &gen);
    let mut g = c.benchmark_group("build");
    g.sample_size(20);
    g.bench_function("scanner_new", |b| {
        b.iter(|| black_box(Scanner::new()).term_literals().len())
    });
    g.finish();
}

/// Thread CPU time in nanoseconds, as a criterion measurement.
struct ThreadCpu;

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, i: u64) -> u64 {
        thread_cpu_ns() - i
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns cpu")
        } else if typical < 1e6 {
            (1e3, "us cpu")
        } else if typical < 1e9 {
            (1e6, "ms cpu")
        } else {
            (1e9, "s cpu")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let (per, unit) = match t {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => (*b as f64, "MB/s (cpu)"),
            Throughput::Elements(e) => (*e as f64, "elem/s (cpu)"),
        };
        let scale = if matches!(t, Throughput::Elements(_)) {
            1.0
        } else {
            1e-6
        };
        let _ = typical;
        values.iter_mut().for_each(|v| *v = per * 1e9 / *v * scale);
        unit
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn main() {
    if std::env::var("NOTESCAN_BENCH_CLOCK").as_deref() == Ok("cpu") {
        let mut c = Criterion::default()
            .with_measurement(ThreadCpu)
            .configure_from_args();
        benches(&mut c);
        c.final_summary();
    } else {
        let mut c = Criterion::default().configure_from_args();
        benches(&mut c);
        c.final_summary();
    }
}
