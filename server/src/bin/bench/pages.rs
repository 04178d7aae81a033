//! `portal-bench --mode pages`: the stalled-page harness. C concurrent browsers load a mix of
//! every page type (lists, a request page, the creation form, the queue, the knowledge base,
//! the organization's members, sign-in) from the portal in a child process while busy threads
//! keep every core saturated, for N page loads in all. A page counts as stalled when its whole
//! answer (headers and body) has not arrived within 10 s; the portal's log is searched for
//! panics. Prints the stall and panic counts, pages per second and latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::http_client::{BenchError, Client};
use crate::portal_process::PortalProcess;
use crate::results::record;

/// A page that has not fully arrived after this long is stalled.
const STALL: Duration = Duration::from_secs(10);

pub struct PagesOptions {
    /// Each figure is measured at every one of these client counts.
    pub concurrency: Vec<usize>,
    pub loads: u64,
    /// The loads of each render are split into this many runs, alternating with the other's.
    pub rounds: usize,
    /// Busy threads beside the benchmark (0: none); default one per core.
    pub busy_threads: usize,
}

/// Who loads which pages: one signed-in account per role, each with its pages.
const MIX: [(Option<&str>, &[&str]); 4] = [
    (
        Some("client@romashka.test"),
        &["/requests/my", "/requests/org", "/requests/new", "/requests/new?type=technical_support", "/requests/1001", "/drafts"],
    ),
    (Some("admin@romashka.test"), &["/org/members", "/requests/authorless", "/requests/org?status=resolved"]),
    (Some("agent@support.test"), &["/queue", "/kb", "/kb/articles/1", "/queue/new", "/requests/1002"]),
    (None, &["/login"]),
];

#[derive(Default)]
struct Tally {
    latencies_ms: Vec<f64>,
    bytes: u64,
    stalled: Vec<String>,
    failed: Vec<String>,
}

/// Measures the portal as it serves pages (each render bounded by the page guard) and, for
/// comparison, with the guard off (Leptos's own unbounded streaming), side by side in one run.
/// The load is split into `rounds` pairs run in the order guarded-unguarded,
/// unguarded-guarded, … so that a machine that gets slower or faster during the run does not
/// favour either.
pub async fn run(database_url: &str, database: &str, options: &PagesOptions) -> Result<(), BenchError> {
    let rounds = options.rounds.max(1);
    let loads = (options.loads / rounds as u64).max(1);
    for &concurrency in &options.concurrency {
        let (mut guarded, mut unguarded) = (Summary::default(), Summary::default());
        for round in 0..rounds {
            let order = if round % 2 == 0 { ["guarded", "unguarded"] } else { ["unguarded", "guarded"] };
            for render in order {
                let summary = run_one(database_url, database, render, concurrency, loads, options).await?;
                if render == "guarded" { guarded.add(summary) } else { unguarded.add(summary) }
            }
        }
        let c = concurrency;
        for (render, summary) in [("guarded", &guarded), ("unguarded", &unguarded)] {
            println!(
                "pages ({render} render) C={c}, {} loads in {rounds} runs: {:.1} pages/s, stalled {}, failed {}, panics {}",
                summary.loads,
                summary.pages_per_second(),
                summary.stalled,
                summary.failed,
                summary.panics
            );
            // The portal runs guarded; the unguarded figures are the comparison.
            let target = |target: &'static str| (render == "guarded").then_some(target);
            record(format!("pages {render} C={c}: stalled"), summary.stalled as f64, "pages", target("0"));
            record(format!("pages {render} C={c}: panics"), summary.panics as f64, "panics", target("0"));
            record(format!("pages {render} C={c}: failed"), summary.failed as f64, "pages", target("0"));
            record(format!("pages {render} C={c}: throughput"), summary.pages_per_second(), "pages/s", None);
        }
        let ratio = guarded.pages_per_second() / unguarded.pages_per_second();
        println!("  C={c}: guarded pages at {:.0} % of the unguarded pages/s", ratio * 100.0);
        record(format!("pages C={c}: guarded / unguarded throughput"), ratio, "", Some("≥ 0.9"));
    }
    Ok(())
}

/// What one or more runs of one render added up to.
#[derive(Default)]
struct Summary {
    loads: u64,
    pages: usize,
    seconds: f64,
    stalled: usize,
    failed: usize,
    panics: usize,
}

impl Summary {
    fn add(&mut self, other: Summary) {
        self.loads += other.loads;
        self.pages += other.pages;
        self.seconds += other.seconds;
        self.stalled += other.stalled;
        self.failed += other.failed;
        self.panics += other.panics;
    }

    fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.seconds.max(f64::MIN_POSITIVE)
    }
}

/// One run of `loads` page loads.
async fn run_one(
    database_url: &str,
    database: &str,
    render: &str,
    concurrency: usize,
    loads: u64,
    options: &PagesOptions,
) -> Result<Summary, BenchError> {
    let log_path = std::env::temp_dir().join(format!("portal-bench-pages-{}-{database}-{render}.log", std::process::id()));
    let portal = PortalProcess::start_with(
        database_url,
        std::fs::File::create(&log_path)?.into(),
        &["--guard", if render == "guarded" { "on" } else { "off" }],
    )?;
    let addr = portal.addr;

    // One cookie per role, shared by the clients that play it (as tabs of one browser would).
    let mut cookies = Vec::new();
    for (email, _) in MIX {
        cookies.push(match email {
            Some(email) => Some(crate::http_client::sign_in(addr, email).await?),
            None => None,
        });
    }
    let cookies = Arc::new(cookies);

    let busy = crate::busy::BusyThreads::start(options.busy_threads);

    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for index in 0..concurrency {
        let (next, cookies) = (next.clone(), cookies.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            let new_client = || Client::new(addr).forwarded_for(format!("10.1.{}.{}", index / 250, index % 250 + 1));
            let mut client = new_client();
            loop {
                let load = next.fetch_add(1, Ordering::Relaxed);
                if load >= loads {
                    break;
                }
                // The load's number picks the role and its page, so every run loads the same mix.
                let role = load as usize % MIX.len();
                let pages = MIX[role].1;
                let path = pages[(load as usize / MIX.len()) % pages.len()];
                client.cookie = cookies[role].clone();
                let begun = Instant::now();
                match tokio::time::timeout(STALL, client.get(path)).await {
                    // Every page of the mix is one its role may see: anything but 200 with the
                    // whole document is a failure.
                    Ok(Ok(answer)) if answer.status == http::StatusCode::OK && answer.text().contains("</html>") => {
                        tally.latencies_ms.push(begun.elapsed().as_secs_f64() * 1e3);
                        tally.bytes += answer.body.len() as u64;
                    }
                    Ok(Ok(answer)) => tally.failed.push(format!("{path}: {}", answer.status)),
                    Ok(Err(error)) => {
                        tally.failed.push(format!("{path}: {error}"));
                        client = new_client();
                    }
                    Err(_) => {
                        tally.stalled.push(path.to_owned());
                        // The stalled connection is abandoned, as a browser tab would be.
                        client = new_client();
                    }
                }
            }
            tally
        }));
    }
    let mut tally = Tally::default();
    for task in tasks {
        let part = task.await?;
        tally.latencies_ms.extend(part.latencies_ms);
        tally.bytes += part.bytes;
        tally.stalled.extend(part.stalled);
        tally.failed.extend(part.failed);
    }
    let elapsed = started.elapsed().as_secs_f64();
    drop(busy);
    drop(portal);

    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let panics = log.matches("panicked at").count();
    let disposed = log.matches("already been disposed").count();
    let stall_logged = log.matches("page made no progress").count();
    tally.latencies_ms.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        let values = &tally.latencies_ms;
        if values.is_empty() { 0.0 } else { values[((values.len() - 1) as f64 * q).round() as usize] }
    };
    let per_10k = |count: usize| count as f64 * 10_000.0 / loads as f64;
    println!(
        "pages ({render} render) C={} loads={} busy threads={}: stalled {} ({:.1} per 10 000), failed {}, panics {} (\"already been disposed\" {}), \
         guard-ended pages logged {}",
        concurrency,
        loads,
        options.busy_threads,
        tally.stalled.len(),
        per_10k(tally.stalled.len()),
        tally.failed.len(),
        panics,
        disposed,
        stall_logged
    );
    println!(
        "  {:.1} pages/s ({:.1} KiB a page), latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server log {}",
        tally.latencies_ms.len() as f64 / elapsed,
        tally.bytes as f64 / 1024.0 / tally.latencies_ms.len().max(1) as f64,
        quantile(0.5),
        quantile(0.99),
        quantile(1.0),
        log_path.display()
    );
    let mut stalled_paths = tally.stalled.clone();
    stalled_paths.sort();
    stalled_paths.dedup();
    if !stalled_paths.is_empty() {
        println!("  stalled pages: {}", stalled_paths.join(", "));
    }
    for failure in tally.failed.iter().take(5) {
        println!("  failed: {failure}");
    }
    Ok(Summary {
        loads,
        pages: tally.latencies_ms.len(),
        seconds: elapsed,
        stalled: tally.stalled.len(),
        failed: tally.failed.len(),
        panics,
    })
}
