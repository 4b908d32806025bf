//! Throughput harness (not criterion): one run, one input, every headline figure.
//!
//! ```sh
//! cargo bench --bench throughput                              # generates 20,000 notes (seed 42)
//! NOTESCAN_BENCH_INPUT=notes.jsonl cargo bench --bench throughput
//! cargo bench --bench throughput -- notes.jsonl               # same, as an argument
//! ```
//!
//! Env: `NOTESCAN_BENCH_INPUT` (JSONL `{"id","text"}` path), `NOTESCAN_BENCH_N`
//! (notes to generate when no input, default 20000), `NOTESCAN_BENCH_REPS`
//! (repetitions per pass, best kept, default 1), `NOTESCAN_BENCH_LATENCY`
//! (single-note samples, default 3000).
//!
//! Reports, for the FULL pass (JSON-decode line + scan + audit + serialize the
//! output record to an in-memory sink, exactly what `notescan scan` does per
//! line) and the REFERENCE pass (JSON-decode line + one case-insensitive
//! leftmost-longest Aho-Corasick DFA pass of every lexicon term, counting
//! matches): MB/s and notes/s on 1 thread and on every thread count up to
//! all cores (rayon, output kept in input order and compared by hash), by
//! wall clock and by process CPU time (the machine may be shared: CPU time
//! is what "per core" means when other work competes); the full/reference
//! ratio; the 1→2 thread speed-up; peak RSS (VmHWM); `Scanner::new()` build
//! time; p50/p99 latency of single `scan` calls on 3.5–4.5 KB notes.

#[path = "../examples/gen_notes.rs"]
mod gen_notes;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use notescan::audit::Policy;
use notescan::io::{parse_jsonl_line, ReadOptions};
use notescan::output::ScanRecord;
use notescan::Scanner;
use once_cell::sync::Lazy;
use rayon::prelude::*;
use std::hash::Hasher;
use std::time::{Duration, Instant};

#[derive(serde::Deserialize)]
struct In {
    id: String,
    text: String,
}

fn clock(id: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: ts is a valid out-pointer.
    unsafe { libc::clock_gettime(id, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Process CPU time (user + system, all threads), seconds.
fn cpu_seconds() -> f64 {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// This thread's CPU time, seconds (latency figures free of preemption by other processes).
fn thread_cpu() -> f64 {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Full pipeline for one JSONL line, appending the output line to `out`: the
/// CLI's reader (`io::parse_jsonl_line`), scan, audit and compact writer.
fn full_line(scanner: &Scanner, policy: &Policy, line: &str, out: &mut Vec<u8>) -> usize {
    static OPTS: Lazy<ReadOptions> = Lazy::new(ReadOptions::default);
    let rec = parse_jsonl_line("bench", 0, line.as_bytes(), &OPTS).expect("an {id,text} line");
    let scan = scanner.scan(&rec.id, &rec.text);
    ScanRecord::new(&scan, &rec.text, scanner.lexicons())
        .with_warnings(&rec.warnings)
        .with_audit(Some(policy))
        .write_json(out)
        .expect("serialize");
    out.push(b'\n');
    scan.mentions.len()
}

fn reference_line(ac: &AhoCorasick, line: &str) -> usize {
    let rec: In = serde_json::from_str(line).expect("input line is {id,text} JSON");
    ac.find_iter(&rec.text).count()
}

struct Pass {
    wall: Duration,
    cpu: f64,
    count: usize,
    out_bytes: usize,
    hash: u64,
}

const CHUNK: usize = 256;

fn run_full(
    pool: &rayon::ThreadPool,
    scanner: &Scanner,
    policy: &Policy,
    lines: &[String],
) -> Pass {
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut count = 0;
    let mut out_bytes = 0;
    let mut sink: Vec<u8> = Vec::with_capacity(1 << 20);
    pool.install(|| {
        for chunk in lines.chunks(CHUNK) {
            // ordered: par_iter().collect() keeps input order, then one writer
            let outs: Vec<(Vec<u8>, usize)> = chunk
                .par_iter()
                .map(|l| {
                    let mut buf = Vec::with_capacity(8192);
                    let m = full_line(scanner, policy, l, &mut buf);
                    (buf, m)
                })
                .collect();
            for (buf, m) in outs {
                count += m;
                out_bytes += buf.len();
                hasher.write(&buf);
                sink.extend_from_slice(&buf);
            }
            sink.clear();
        }
    });
    Pass {
        wall: t0.elapsed(),
        cpu: cpu_seconds() - c0,
        count,
        out_bytes,
        hash: hasher.finish(),
    }
}

fn run_reference(pool: &rayon::ThreadPool, ac: &AhoCorasick, lines: &[String]) -> Pass {
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let count = pool.install(|| {
        lines
            .par_chunks(CHUNK)
            .map(|c| c.iter().map(|l| reference_line(ac, l)).sum::<usize>())
            .sum()
    });
    Pass {
        wall: t0.elapsed(),
        cpu: cpu_seconds() - c0,
        count,
        out_bytes: 0,
        hash: 0,
    }
}

fn best(reps: usize, mut f: impl FnMut() -> Pass) -> Pass {
    let mut b = f();
    for _ in 1..reps {
        let p = f();
        assert_eq!(p.count, b.count, "a repetition counted differently");
        assert_eq!(p.hash, b.hash, "a repetition produced different output");
        if p.wall < b.wall {
            b = Pass {
                cpu: p.cpu.min(b.cpu),
                ..p
            };
        } else {
            b.cpu = b.cpu.min(p.cpu);
        }
    }
    b
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

fn main() {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let arg_path = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let input = env("NOTESCAN_BENCH_INPUT").or(arg_path);
    let reps: usize = env("NOTESCAN_BENCH_REPS")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let lat_n: usize = env("NOTESCAN_BENCH_LATENCY")
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);

    let lines: Vec<String> = match &input {
        Some(p) => std::fs::read_to_string(p)
            .unwrap_or_else(|e| panic!("{p}: {e}"))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        None => {
            let n: usize = env("NOTESCAN_BENCH_N")
                .and_then(|v| v.parse().ok())
                .unwrap_or(20_000);
            let mut buf = Vec::new();
            gen_notes::generate(n, 42)
                .map(|(id, text)| {
                    buf.clear();
                    gen_notes::json_line(&mut buf, &id, &text);
                    String::from_utf8(buf[..buf.len() - 1].to_vec()).unwrap()
                })
                .collect()
        }
    };
    let in_bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let n = lines.len();
    let ncpu = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    println!(
        "input: {} ({n} notes, {:.1} MB JSONL), {ncpu} CPUs, reps {reps}",
        input
            .as_deref()
            .unwrap_or("generated by gen_notes, seed 42"),
        in_bytes as f64 / 1e6
    );
    println!("note: the machine may be shared; MB/s(cpu) divides by this process's CPU time, MB/s(wall) by elapsed time.");

    // Scanner build time (median of 21; first build warms the lexicon parse caches too)
    let mut build_cpu: Vec<f64> = Vec::with_capacity(21);
    let mut builds: Vec<Duration> = (0..21)
        .map(|_| {
            let c = thread_cpu();
            let t = Instant::now();
            let s = Scanner::new();
            let d = t.elapsed();
            build_cpu.push(thread_cpu() - c);
            assert!(
                !s.term_literals().is_empty(),
                "Scanner::new() built no terms"
            );
            d
        })
        .collect();
    builds.sort();
    build_cpu.sort_by(|a, b| a.total_cmp(b));
    let scanner = Scanner::new();
    let policy = Policy::default();
    let literals = scanner.term_literals();
    let t = Instant::now();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&literals)
        .expect("reference automaton");
    let ac_build = t.elapsed();

    let mut threads: Vec<usize> = vec![1];
    if ncpu >= 2 {
        threads.push(2);
    }
    if ncpu > 2 {
        threads.push(ncpu);
    }
    let mut rows = Vec::new();
    let mut base_hash = None;
    for &k in &threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(k)
            .build()
            .unwrap();
        let full = best(reps, || run_full(&pool, &scanner, &policy, &lines));
        let refp = best(reps, || run_reference(&pool, &ac, &lines));
        assert!(full.count > 0, "full pass found no mentions");
        assert!(refp.count > 0, "reference pass found no matches");
        match base_hash {
            None => base_hash = Some(full.hash),
            Some(h) => assert_eq!(h, full.hash, "output differs between 1 and {k} threads"),
        }
        rows.push((k, full, refp));
    }

    let mbs = |d: f64| in_bytes as f64 / d / 1e6;
    println!();
    println!("| pass | threads | wall s | cpu s | MB/s (wall) | MB/s per core (cpu) | notes/s (wall) | notes/s per core (cpu) | CPU share (cpu/wall) | count |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (k, full, refp) in &rows {
        for (name, p) in [
            ("full (scan+audit+JSON)", full),
            ("reference (decode+AC DFA)", refp),
        ] {
            println!(
                "| {name} | {k} | {:.2} | {:.2} | {:.1} | {:.1} | {:.0} | {:.0} | {:.2} | {} |",
                p.wall.as_secs_f64(),
                p.cpu,
                mbs(p.wall.as_secs_f64()),
                mbs(p.cpu.max(1e-9)),
                n as f64 / p.wall.as_secs_f64(),
                n as f64 / p.cpu.max(1e-9),
                p.cpu / p.wall.as_secs_f64(),
                p.count
            );
        }
    }
    let (_, f1, r1) = &rows[0];
    println!();
    println!("output bytes (full pass): {:.1} MB, order hash {:016x} (identical for every thread count: checked)", f1.out_bytes as f64 / 1e6, f1.hash);
    println!(
        "full / reference, 1 thread: {:.1}% (wall) {:.1}% (cpu)",
        100.0 * r1.wall.as_secs_f64() / f1.wall.as_secs_f64(),
        100.0 * r1.cpu / f1.cpu.max(1e-9)
    );
    if let Some((_, f2, r2)) = rows.get(1) {
        println!(
            "speed-up 1 -> 2 threads (wall): full {:.2}x, reference {:.2}x; cpu-time ratio full {:.2} (1.0 = no parallel overhead)",
            f1.wall.as_secs_f64() / f2.wall.as_secs_f64(),
            r1.wall.as_secs_f64() / r2.wall.as_secs_f64(),
            f2.cpu / f1.cpu.max(1e-9)
        );
    }
    println!(
        "Scanner::new(): thread CPU median {:.2} ms, min {:.2} ms; wall median {:.2} ms, min {:.2} ms, max {:.2} ms (21 builds); reference AC DFA build {:.2} ms (wall) over {} literals",
        build_cpu[10] * 1e3,
        build_cpu[0] * 1e3,
        builds[10].as_secs_f64() * 1e3,
        builds[0].as_secs_f64() * 1e3,
        builds[20].as_secs_f64() * 1e3,
        ac_build.as_secs_f64() * 1e3,
        literals.len()
    );

    // single-note latency on ~4 KB notes
    let four_kb: Vec<In> = lines
        .iter()
        .map(|l| serde_json::from_str::<In>(l).unwrap())
        .filter(|r| (3584..=4608).contains(&r.text.len()))
        .take(500)
        .collect();
    if four_kb.is_empty() {
        println!("latency: no 3.5-4.5 KB notes in the input");
    } else {
        let mut lat_cpu: Vec<Duration> = Vec::with_capacity(lat_n);
        let mut lat_scan = Vec::with_capacity(lat_n);
        let mut lat_full = Vec::with_capacity(lat_n);
        let mut m = 0;
        let mut buf = Vec::with_capacity(16384);
        for i in 0..lat_n {
            let r = &four_kb[i % four_kb.len()];
            let c = thread_cpu();
            let t = Instant::now();
            let scan = scanner.scan(&r.id, &r.text);
            lat_scan.push(t.elapsed());
            lat_cpu.push(Duration::from_secs_f64(thread_cpu() - c));
            m += scan.mentions.len();
            buf.clear();
            let t = Instant::now();
            let scan = scanner.scan(&r.id, &r.text);
            ScanRecord::new(&scan, &r.text, scanner.lexicons())
                .with_audit(Some(&policy))
                .write_json(&mut buf)
                .unwrap();
            lat_full.push(t.elapsed());
        }
        assert!(m > 0, "latency notes produced no mentions");
        lat_scan.sort();
        lat_cpu.sort();
        lat_full.sort();
        let mean_len = four_kb.iter().map(|r| r.text.len()).sum::<usize>() / four_kb.len();
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "latency, Scanner::scan on {} distinct notes of 3.5-4.5 KB (mean {mean_len} B), {lat_n} calls: p50 {:.0} us, p99 {:.0} us, max {:.0} us",
            four_kb.len(),
            us(pct(&lat_scan, 0.5)),
            us(pct(&lat_scan, 0.99)),
            us(*lat_scan.last().unwrap())
        );
        println!(
            "latency, Scanner::scan, thread CPU time (not counting time preempted by other processes): p50 {:.0} us, p99 {:.0} us, max {:.0} us",
            us(pct(&lat_cpu, 0.5)),
            us(pct(&lat_cpu, 0.99)),
            us(*lat_cpu.last().unwrap())
        );
        println!(
            "latency, scan+audit+serialize, same notes: p50 {:.0} us, p99 {:.0} us",
            us(pct(&lat_full, 0.5)),
            us(pct(&lat_full, 0.99))
        );
    }
    println!(
        "peak RSS (VmHWM): {:.1} MB (includes the input held in memory: {:.1} MB)",
        vm_hwm_kb() as f64 / 1024.0,
        in_bytes as f64 / 1e6
    );
}
