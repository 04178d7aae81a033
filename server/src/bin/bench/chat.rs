//! `portal-bench --mode chat`: live chat delivery through the real router over loopback.
//!
//! The portal runs in a child process (see `portal_process.rs`), so its resident
//! memory is measured without the load generator's. The parent signs in, opens `--subscribers`
//! Server-Sent-Events streams spread over `--rooms` requests, then posts through the no-JS form
//! route and measures, per delivered message, the time from starting the post to the event
//! arriving at each subscriber. Two phases: a steady 50 messages per second (latency), then
//! 8 posters as fast as they can (sustained throughput).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};

use portal_service::requests::{self, Author, NewRequest};

use crate::http_client::{BenchError, Sender, connect, encode, read_events, sign_in};
use crate::portal_process::{PortalProcess, rss_kib};

pub struct ChatOptions {
    pub subscribers: usize,
    pub rooms: usize,
    pub messages: usize,
}

/// Messages of the latency phase, posted one every 20 ms.
const STEADY_MESSAGES: usize = 300;
const STEADY_INTERVAL: Duration = Duration::from_millis(20);
const POSTERS: usize = 8;
const BODY_PREFIX: &str = "Нагрузочный тест, сообщение ";

/// Parent: prepares the rooms in `db`, starts the child on `database_url`, measures.
pub async fn run(db: &sea_orm::DatabaseConnection, database_url: &str, options: &ChatOptions) -> Result<(), BenchError> {
    let now = chrono::Utc::now();
    portal_service::seed::seed_demo_if_empty(db, now).await?;
    let ivan = portal_service::accounts::find_by_email(db, "client@romashka.test").await?.ok_or("demo data missing")?;
    let author = Author { user_id: ivan.id, organization_id: ivan.organization_id.ok_or("Иван has no organization")? };
    let mut rooms = Vec::new();
    for room in 0..options.rooms {
        let input = NewRequest {
            kind: Some(domain::RequestKind::PortalServices),
            subject: format!("Нагрузочный тест чата, комната {room}"),
            description: "Создано бенчмарком.".into(),
            idempotency_key: format!("bench-chat-room-{room:08}"),
            ..Default::default()
        };
        rooms.push(requests::create(db, author, input, now).await?.number);
    }

    let portal = PortalProcess::start(database_url, std::process::Stdio::inherit())?;
    measure(&portal, &rooms, options).await
}

async fn measure(portal: &PortalProcess, rooms: &[i64], options: &ChatOptions) -> Result<(), BenchError> {
    let (addr, pid) = (portal.addr, portal.pid());
    let rss_idle = rss_kib(pid);

    let agent_cookie = sign_in(addr, "agent@support.test").await?;
    let ivan_cookie = sign_in(addr, "client@romashka.test").await?;

    let epoch = Instant::now();
    let total_messages = STEADY_MESSAGES + options.messages;
    let sent_at: Arc<Vec<AtomicU64>> = Arc::new((0..total_messages).map(|_| AtomicU64::new(0)).collect());
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::new(Mutex::new(Vec::new()));
    let delivered = Arc::new(AtomicU64::new(0));
    let connected = Arc::new(AtomicUsize::new(0));
    // Streams break when the server is stopped at the end; only earlier failures are news.
    let finished = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut per_room: HashMap<i64, u64> = HashMap::new();

    let connect_started = Instant::now();
    for index in 0..options.subscribers {
        let room = rooms[index % rooms.len()];
        *per_room.entry(room).or_default() += 1;
        let subscriber = Subscriber {
            addr,
            cookie: agent_cookie.clone(),
            room,
            epoch,
            sent_at: sent_at.clone(),
            latencies: latencies.clone(),
            delivered: delivered.clone(),
            connected: connected.clone(),
        };
        let finished = finished.clone();
        tokio::spawn(async move {
            if let Err(error) = subscriber.run().await
                && !finished.load(Ordering::Relaxed)
            {
                eprintln!("subscriber: {error}");
            }
        });
    }
    while connected.load(Ordering::Relaxed) < options.subscribers {
        if connect_started.elapsed() > Duration::from_secs(60) {
            return Err(
                format!("only {} of {} subscribers connected", connected.load(Ordering::Relaxed), options.subscribers).into()
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "{} SSE subscribers on {} requests connected in {:.2} s",
        options.subscribers,
        rooms.len(),
        connect_started.elapsed().as_secs_f64()
    );
    let rss_connected = rss_kib(pid);
    let expected_for = |range: std::ops::Range<usize>| -> u64 { range.map(|seq| per_room[&rooms[seq % rooms.len()]]).sum() };

    // Phase 1: a steady rate, for latency.
    let mut poster = connect(addr).await?;
    let mut ticker = tokio::time::interval(STEADY_INTERVAL);
    for seq in 0..STEADY_MESSAGES {
        ticker.tick().await;
        post(&mut poster, &ivan_cookie, rooms[seq % rooms.len()], seq, epoch, &sent_at).await?;
    }
    wait_for(&delivered, expected_for(0..STEADY_MESSAGES), Duration::from_secs(30)).await;
    let steady: Vec<Duration> = std::mem::take(&mut *latencies.lock().map_err(|_| "poisoned")?);
    report(&format!("steady {} msg/s, {STEADY_MESSAGES} messages", 1000 / STEADY_INTERVAL.as_millis()), steady, Some("≤ 50"));

    // Phase 2: as fast as 8 posters go, for sustained throughput.
    let delivered_before = delivered.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for poster_index in 0..POSTERS {
        let (sent_at, cookie, rooms) = (sent_at.clone(), ivan_cookie.clone(), rooms.to_vec());
        let count = options.messages;
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(addr).await.map_err(|e| e.to_string())?;
            let mut seq = STEADY_MESSAGES + poster_index;
            while seq < STEADY_MESSAGES + count {
                post(&mut sender, &cookie, rooms[seq % rooms.len()], seq, epoch, &sent_at).await.map_err(|e| e.to_string())?;
                seq += POSTERS;
            }
            Ok::<(), String>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let posted_in = started.elapsed();
    let expected = expected_for(STEADY_MESSAGES..total_messages);
    let complete = wait_for(&delivered, delivered_before + expected, Duration::from_secs(120)).await;
    let all_delivered_in = started.elapsed();
    let burst: Vec<Duration> = std::mem::take(&mut *latencies.lock().map_err(|_| "poisoned")?);
    println!(
        "sustained: {} messages posted by {POSTERS} clients in {:.2} s = {:.0} messages/s; {} deliveries in {:.2} s = {:.0} events/s{}",
        options.messages,
        posted_in.as_secs_f64(),
        options.messages as f64 / posted_in.as_secs_f64(),
        expected,
        all_delivered_in.as_secs_f64(),
        expected as f64 / all_delivered_in.as_secs_f64(),
        if complete { "" } else { " (INCOMPLETE: timed out)" }
    );
    report("sustained (queueing included)", burst, None);
    super::results::record(
        "chat messages posted per second (8 clients)",
        options.messages as f64 / posted_in.as_secs_f64(),
        "msg/s",
        None,
    );
    super::results::record("chat deliveries per second", expected as f64 / all_delivered_in.as_secs_f64(), "events/s", None);
    super::results::record(
        "chat deliveries missing",
        (delivered_before + expected).saturating_sub(delivered.load(Ordering::Relaxed)) as f64,
        "",
        Some("0"),
    );
    let rss_end = rss_kib(pid);
    finished.store(true, Ordering::Relaxed);
    super::results::record(
        format!("chat server RSS with {} subscribers", options.subscribers),
        (rss_connected.0 / 1024) as f64,
        "MiB",
        None,
    );
    super::results::record("chat server RSS peak", (rss_end.1 / 1024) as f64, "MiB", None);
    println!(
        "server RSS: idle {} MiB, with {} subscribers {} MiB, after the run {} MiB (peak {} MiB)",
        rss_idle.0 / 1024,
        options.subscribers,
        rss_connected.0 / 1024,
        rss_end.0 / 1024,
        rss_end.1 / 1024
    );
    Ok(())
}

struct Subscriber {
    addr: SocketAddr,
    cookie: String,
    room: i64,
    epoch: Instant,
    sent_at: Arc<Vec<AtomicU64>>,
    latencies: Arc<Mutex<Vec<Duration>>>,
    delivered: Arc<AtomicU64>,
    connected: Arc<AtomicUsize>,
}

impl Subscriber {
    async fn run(self) -> Result<(), BenchError> {
        let mut sender = connect(self.addr).await?;
        let request = Request::get(format!("/api/requests/{}/events", self.room))
            .header(header::HOST, self.addr.to_string())
            .header(header::COOKIE, &self.cookie)
            .header(header::ACCEPT, "text/event-stream")
            .body(Full::new(Bytes::new()))?;
        let response = sender.send_request(request).await?;
        if response.status() != StatusCode::OK {
            return Err(format!("stream answered {}", response.status()).into());
        }
        self.connected.fetch_add(1, Ordering::Relaxed);
        read_events(response.into_body(), |_, json| self.received(json)).await
    }

    fn received(&self, json: &str) -> Result<(), BenchError> {
        let arrived = self.epoch.elapsed();
        let message: domain::chat::ChatMessage = serde_json::from_str(json)?;
        let Some(seq) = message.body.strip_prefix(BODY_PREFIX).and_then(|n| n.parse::<usize>().ok()) else { return Ok(()) };
        let sent = self.sent_at.get(seq).map(|at| at.load(Ordering::Relaxed)).unwrap_or(0);
        if sent > 0 {
            let latency = arrived.saturating_sub(Duration::from_micros(sent - 1));
            self.latencies.lock().map_err(|_| "poisoned")?.push(latency);
        }
        self.delivered.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

async fn post(
    sender: &mut Sender,
    cookie: &str,
    room: i64,
    seq: usize,
    epoch: Instant,
    sent_at: &[AtomicU64],
) -> Result<(), BenchError> {
    let body = format!("body={}&client_message_id=bench-message-{seq:020}", encode(&format!("{BODY_PREFIX}{seq}")));
    let request = Request::post(format!("/requests/{room}/messages"))
        .header(header::HOST, "127.0.0.1")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))?;
    sent_at[seq].store(epoch.elapsed().as_micros() as u64 + 1, Ordering::Relaxed);
    sender.ready().await?;
    let response = sender.send_request(request).await?;
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    response.into_body().collect().await?;
    if !location.ends_with("#chat") || location.contains("chat_error") {
        return Err(format!("post {seq} was refused: {location}").into());
    }
    Ok(())
}

/// Waits until `counter` reaches `target`; false on timeout.
async fn wait_for(counter: &AtomicU64, target: u64, limit: Duration) -> bool {
    let started = Instant::now();
    while counter.load(Ordering::Relaxed) < target {
        if started.elapsed() > limit {
            eprintln!("timed out: {} of {target} deliveries", counter.load(Ordering::Relaxed));
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    true
}

/// Prints (and records) the latency of one phase; `p99_target` is the target if it applies.
fn report(label: &str, mut samples: Vec<Duration>, p99_target: Option<&'static str>) {
    if samples.is_empty() {
        println!("{label}: no deliveries");
        return;
    }
    samples.sort();
    let at = |pct: usize| {
        samples[((samples.len() * pct).div_ceil(100)).saturating_sub(1).min(samples.len() - 1)].as_secs_f64() * 1000.0
    };
    super::results::record(format!("chat delivery {label}, p50"), at(50), "ms", None);
    super::results::record(format!("chat delivery {label}, p99"), at(99), "ms", p99_target);
    println!(
        "delivery latency, {label}: {} deliveries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        samples.len(),
        at(50),
        at(99),
        samples[samples.len() - 1].as_secs_f64() * 1000.0
    );
}
