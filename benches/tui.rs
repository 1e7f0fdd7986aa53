//! Benchmarks of the performance budget (docs/PERFORMANCE.md)
//! on generated backlogs of 10,000 and 100,000 stories:
//!
//! - `open_first_frame`: open the file, read its outline, draw the
//!   Backlog tab (and, reported beside it, `open_ready_for_keys`: the full
//!   load and redraw that follow before the first key is read);
//! - `key/*`: one key and the redraw (median and p99 printed at the end);
//! - `rank/*`: rank every story by RICE and by WSJF.
//!
//! `cargo bench --bench tui` runs them all; `BENCH_SIZES=10000` picks
//! sizes. Fixtures are generated once into the temp directory.

#[path = "scenarios/mod.rs"]
mod scenarios;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use backlog::domain::Model;
use criterion::{Criterion, criterion_group, criterion_main};
use scenarios::{KEY_SCENARIOS, Session, TAB_SCENARIOS, fixture, fixture_copy, rank_all};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every single measured keypress per benchmark, for the percentiles.
static SAMPLES: Mutex<Vec<(String, Vec<Duration>)>> = Mutex::new(Vec::new());

fn sizes() -> Vec<usize> {
    std::env::var("BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn record(name: String, d: Duration) {
    let mut all = SAMPLES.lock().unwrap();
    match all.iter_mut().find(|(n, _)| *n == name) {
        Some((_, v)) => v.push(d),
        None => all.push((name, vec![d])),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn benches(c: &mut Criterion) {
    for n in sizes() {
        let path = fixture(n);
        {
            let mut g = c.benchmark_group("open_first_frame");
            g.sample_size(10);
            g.measurement_time(Duration::from_secs(if n > 50_000 { 20 } else { 8 }));
            g.bench_function(n.to_string(), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let t = Instant::now();
                        let mut s = Session::first_frame(&path);
                        let d = t.elapsed();
                        total += d;
                        record(format!("open_first_frame/{n}"), d);
                        // Until the first key can be read: the full load
                        // and the redraw after the first frame.
                        s.finish_load();
                        record(format!("open_ready_for_keys/{n}"), t.elapsed());
                        drop(s);
                    }
                    total
                })
            });
            g.finish();
        }
        {
            let s = Session::open(&path);
            let mut g = c.benchmark_group("rank");
            g.sample_size(30);
            for model in [Model::Rice, Model::Wsjf] {
                g.bench_function(format!("{}/{n}", model.as_str()), |b| {
                    b.iter_custom(|iters| {
                        let mut total = Duration::ZERO;
                        for _ in 0..iters {
                            let t = Instant::now();
                            std::hint::black_box(rank_all(&s.app, model));
                            let d = t.elapsed();
                            total += d;
                            record(format!("rank/{}/{n}", model.as_str()), d);
                        }
                        total
                    })
                });
            }
            g.finish();
        }
        let copy = fixture_copy(n);
        let mut g = c.benchmark_group("key");
        g.sample_size(30);
        g.measurement_time(Duration::from_secs(6));
        for sc in KEY_SCENARIOS.iter().chain(TAB_SCENARIOS) {
            let mut s = Session::open(&copy.path);
            (sc.setup)(&mut s);
            let name = format!("{}/{n}", sc.name);
            g.bench_function(&name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let t = Instant::now();
                        (sc.step)(&mut s);
                        let d = t.elapsed();
                        (sc.reset)(&mut s);
                        total += d;
                        record(format!("key/{name}"), d);
                    }
                    total
                })
            });
        }
        g.finish();
    }
    summary();
}

/// Median and p99 of every single run (warm-up included), as a table.
fn summary() {
    let all = SAMPLES.lock().unwrap();
    println!("\nbenchmark                                   runs     median        p99");
    for (name, v) in all.iter() {
        let mut v = v.clone();
        v.sort();
        println!(
            "{name:<40} {:>7} {:>10.3} ms {:>10.3} ms",
            v.len(),
            percentile(&v, 0.5).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3
        );
    }
}

criterion_group!(tui, benches);
criterion_main!(tui);
