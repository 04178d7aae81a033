//! `portal-bench --mode load` (`make bench-load`): many customers using the portal at once, over
//! loopback, against the real server in a child process (`portal_process.rs`) on a fresh database.
//!
//! Each virtual user is a task with its own connection and session cookie. It signs in once
//! (users start spread over a short ramp-up, as people arrive, not all in one millisecond), then
//! until the end of the run repeats: think 100–500 ms, then one step of this mix —
//!
//! | weight | step | what is timed |
//! |---|---|---|
//! | 30 % | browse a list: «Мои запросы» or «Запросы организации» (every 4th with a status filter or a search), sometimes on to the next page | `list`: each `POST /api/requests/list` |
//! | 10 % | open a list page afresh (server-rendered) | `list_page`: `GET /requests/my` or `/requests/org` |
//! | 20 % | open a request of the organization (server-rendered) | `request_page`: `GET /requests/{n}` |
//! | 25 % | post a message to one of the organization's shared requests | `chat_post`: `POST /api/request-page/post` |
//! | 15 % | type a subject under «Тема запроса» (a suggestion call every 2–4 characters, 200–400 ms apart), then half the time create the request, otherwise give up as if an article answered it | `suggest`: each `POST /api/kb/suggest`; `create`: `POST /api/requests/create` |
//!
//! Lost messages: each organization has shared requests, and one live stream (SSE, as the
//! request page opens it; reconnecting with `Last-Event-ID` like a browser) listens on each. Every
//! acknowledged post must arrive exactly once on its request's stream; after the run and a grace
//! period the missing and duplicated ones are counted.
//!
//! An error is any answer other than 2xx/3xx, a transport failure, or a 2xx whose body is not
//! what the page needs (no session cookie after sign-in, no number after creation).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, StatusCode, header};
use http_body_util::Full;
use serde_json::json;

use domain::{RequestKind, Role};
use portal_service::accounts::{self, NewUser};
use portal_service::requests::{self, Author, NewRequest};

use super::{SUBJECTS, percentile};
use crate::http_client::{BenchError, Client, connect, read_events, sign_in};
use crate::portal_process::{PortalProcess, rss_kib};

pub struct LoadOptions {
    pub users: usize,
    pub seconds: u64,
}

const USERS_PER_ORGANIZATION: usize = 20;
/// Shared requests per organization that everybody chats in, each with a live-stream listener.
const ROOMS_PER_ORGANIZATION: usize = 2;
/// Requests each organization has before the run, so lists and pages have rows.
const REQUESTS_PER_ORGANIZATION: usize = 10;
const THINK_MS: (u64, u64) = (100, 500);
const TYPING_PAUSE_MS: (u64, u64) = (200, 400);
/// Users start over this long (or a sixth of the run, if shorter).
const RAMP_UP: Duration = Duration::from_secs(5);
/// How long deliveries may lag behind the last post before they count as lost.
const GRACE: Duration = Duration::from_secs(15);
const BODY_PREFIX: &str = "Нагрузка, сообщение ";
/// Error answers printed in full (the rest are counted by kind).
const SHOWN_ERRORS: usize = 8;

const ACTIONS: [&str; 7] = ["sign_in", "list", "list_page", "request_page", "chat_post", "suggest", "create"];

/// An organization of the run: its shared chat requests and every request number its users know.
struct Organization {
    rooms: Vec<i64>,
    requests: Mutex<Vec<i64>>,
}

/// Posted and delivered chat messages, by tag (`u<user>-<seq>`, carried in the body).
#[derive(Default)]
struct Deliveries {
    /// When each post was started; true once the portal acknowledged it.
    posted: Mutex<HashMap<String, (Instant, bool)>>,
    delivered: Mutex<HashMap<String, u32>>,
    latencies: Mutex<Vec<Duration>>,
    reconnects: AtomicU64,
    stream_errors: Mutex<Vec<String>>,
}

impl Deliveries {
    fn acknowledged(&self) -> usize {
        self.posted.lock().map(|posted| posted.values().filter(|(_, ack)| *ack).count()).unwrap_or(0)
    }

    fn delivered_acknowledged(&self) -> usize {
        let (Ok(posted), Ok(delivered)) = (self.posted.lock(), self.delivered.lock()) else { return 0 };
        posted.iter().filter(|(tag, (_, ack))| *ack && delivered.contains_key(*tag)).count()
    }

    fn received(&self, json: &str) -> Result<(), BenchError> {
        let message: domain::chat::ChatMessage = serde_json::from_str(json)?;
        let Some(tag) = message.body.strip_prefix(BODY_PREFIX) else { return Ok(()) };
        let started = self.posted.lock().map_err(|_| "poisoned")?.get(tag).map(|(at, _)| *at);
        if let Some(started) = started {
            self.latencies.lock().map_err(|_| "poisoned")?.push(started.elapsed());
        }
        *self.delivered.lock().map_err(|_| "poisoned")?.entry(tag.to_owned()).or_default() += 1;
        Ok(())
    }
}

/// Parent: fills `db`, starts the portal on `database_url`, runs the users, reports.
pub async fn run(
    db: &sea_orm::DatabaseConnection,
    database_url: &str,
    database: &str,
    options: &LoadOptions,
) -> Result<(), BenchError> {
    let started = Instant::now();
    let (emails, organizations) = prepare(db, options.users).await?;
    println!(
        "prepared {} customers in {} organizations ({} shared requests with a live listener) in {:.1} s",
        emails.len(),
        organizations.len(),
        organizations.len() * ROOMS_PER_ORGANIZATION,
        started.elapsed().as_secs_f64()
    );

    let log_path = std::env::temp_dir().join(format!("portal-bench-load-{}-{database}.log", std::process::id()));
    let portal = PortalProcess::start(database_url, std::fs::File::create(&log_path)?.into())?;
    let pid = portal.pid();
    let addr = portal.addr;

    // One live stream per shared request, as the request page opens it.
    let deliveries = Arc::new(Deliveries::default());
    let finished = Arc::new(AtomicBool::new(false));
    let connected = Arc::new(AtomicUsize::new(0));
    let mut listeners = 0;
    for (index, organization) in organizations.iter().enumerate() {
        let cookie = sign_in(addr, &emails[index * USERS_PER_ORGANIZATION]).await?;
        for &room in &organization.rooms {
            let listener =
                Listener { addr, cookie: cookie.clone(), room, deliveries: deliveries.clone(), finished: finished.clone() };
            tokio::spawn(listener.run(connected.clone()));
            listeners += 1;
        }
    }
    let waiting = Instant::now();
    while connected.load(Ordering::Relaxed) < listeners {
        if waiting.elapsed() > Duration::from_secs(30) {
            return Err(format!("only {} of {listeners} live streams connected", connected.load(Ordering::Relaxed)).into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let load_average = Arc::new(Mutex::new(Vec::new()));
    let sampler = tokio::spawn(sample_load_average(load_average.clone()));
    let duration = Duration::from_secs(options.seconds);
    let ramp_up = RAMP_UP.min(duration / 6);
    let epoch = Instant::now();
    let deadline = epoch + duration;
    let mut tasks = Vec::new();
    for (index, email) in emails.iter().enumerate() {
        let user = VirtualUser {
            index,
            email: email.clone(),
            client: Client::new(addr).forwarded_for(format!("10.0.{}.{}", index / 250, index % 250 + 1)),
            organization: organizations[index / USERS_PER_ORGANIZATION].clone(),
            deliveries: deliveries.clone(),
            random: Random::new(index as u64),
            stats: Stats::default(),
            sequence: 0,
        };
        let start_at = epoch + ramp_up.mul_f64(index as f64 / emails.len() as f64);
        tasks.push(tokio::spawn(user.run(start_at, deadline)));
    }
    let mut stats = Stats::default();
    for task in tasks {
        stats.merge(task.await?);
    }
    let elapsed = epoch.elapsed();
    sampler.abort();

    // Grace period: the last posts' deliveries may still be on their way.
    let acknowledged = deliveries.acknowledged();
    let grace_started = Instant::now();
    while deliveries.delivered_acknowledged() < acknowledged && grace_started.elapsed() < GRACE {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    finished.store(true, Ordering::Relaxed);
    let (_, rss_peak_kib) = rss_kib(pid);
    drop(portal);

    let report =
        Report::new(database, options, elapsed, stats, &deliveries, rss_peak_kib, &load_average.lock().map_err(|_| "poisoned")?);
    report.print();
    print_server_log(&log_path);
    for metric in &report.metrics {
        super::results::record(metric.name.clone(), metric.value, metric.unit, metric.target);
    }
    Ok(())
}

/// Organizations of `USERS_PER_ORGANIZATION` customers each (all with the demo password), their
/// shared requests and a few requests each, on top of the demo data (catalogue, knowledge base).
async fn prepare(db: &sea_orm::DatabaseConnection, users: usize) -> Result<(Vec<String>, Vec<Arc<Organization>>), BenchError> {
    let now = chrono::Utc::now();
    portal_service::seed::seed_demo_if_empty(db, now).await?;
    let mut emails = Vec::new();
    let mut organizations = Vec::new();
    for org_index in 0..users.div_ceil(USERS_PER_ORGANIZATION) {
        let organization = portal_service::organizations::create(
            db,
            &portal_service::administrator::Administrator::portal(),
            &domain::organization::OrganizationFields {
                name: format!("ООО «Нагрузка {:02}»", org_index + 1),
                ..Default::default()
            },
            now,
        )
        .await?;
        let mut authors = Vec::new();
        for member in 0..USERS_PER_ORGANIZATION.min(users - org_index * USERS_PER_ORGANIZATION) {
            let index = org_index * USERS_PER_ORGANIZATION + member;
            let new = NewUser {
                email: format!("load-{index:04}@org{:02}.load.test", org_index + 1),
                display_name: format!("Пользователь {}", index + 1),
                password: crate::http_client::DEMO_PASSWORD.to_owned(),
                role: Role::Customer,
                organization_id: Some(organization.id),
                locale: domain::Locale::default(),
            };
            let account = accounts::create(db, new, now).await?;
            emails.push(account.email);
            authors.push(Author { user_id: account.id, organization_id: organization.id });
        }
        let create = |n: usize, subject: String| {
            let author = authors[n % authors.len()];
            let input = NewRequest {
                kind: Some(RequestKind::PortalServices),
                subject,
                description: "Создано нагрузочным тестом.".into(),
                idempotency_key: format!("load-prepare-{org_index:04}-{n:06}"),
                ..Default::default()
            };
            requests::create(db, author, input, now)
        };
        let mut rooms = Vec::new();
        for room in 0..ROOMS_PER_ORGANIZATION {
            rooms.push(create(room, format!("Нагрузка: общий чат {}", room + 1)).await?.number);
        }
        let mut known = rooms.clone();
        for n in 0..REQUESTS_PER_ORGANIZATION {
            known.push(create(ROOMS_PER_ORGANIZATION + n, SUBJECTS[n % SUBJECTS.len()].to_owned()).await?.number);
        }
        organizations.push(Arc::new(Organization { rooms, requests: Mutex::new(known) }));
    }
    Ok((emails, organizations))
}

/// The live stream of one shared request, reconnecting with `Last-Event-ID` like EventSource.
struct Listener {
    addr: SocketAddr,
    cookie: String,
    room: i64,
    deliveries: Arc<Deliveries>,
    finished: Arc<AtomicBool>,
}

impl Listener {
    async fn run(self, connected: Arc<AtomicUsize>) {
        let last_id = Mutex::new(None::<String>);
        let mut first = true;
        while !self.finished.load(Ordering::Relaxed) {
            let result = self.listen(&last_id, first.then_some(&*connected)).await;
            if self.finished.load(Ordering::Relaxed) {
                break;
            }
            first = false;
            self.deliveries.reconnects.fetch_add(1, Ordering::Relaxed);
            let error = result.err().map_or_else(|| "the stream ended".to_owned(), |error| error.to_string());
            if let Ok(mut errors) = self.deliveries.stream_errors.lock() {
                errors.push(format!("request {}: {error}", self.room));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn listen(&self, last_id: &Mutex<Option<String>>, connected: Option<&AtomicUsize>) -> Result<(), BenchError> {
        let mut sender = connect(self.addr).await?;
        let mut request = Request::get(format!("/api/requests/{}/events", self.room))
            .header(header::HOST, self.addr.to_string())
            .header(header::COOKIE, &self.cookie)
            .header(header::ACCEPT, "text/event-stream");
        if let Some(id) = last_id.lock().map_err(|_| "poisoned")?.clone() {
            request = request.header("last-event-id", id);
        }
        let response = sender.send_request(request.body(Full::new(Bytes::new()))?).await?;
        if response.status() != StatusCode::OK {
            return Err(format!("the stream answered {}", response.status()).into());
        }
        if let Some(connected) = connected {
            connected.fetch_add(1, Ordering::Relaxed);
        }
        read_events(response.into_body(), |id, json| {
            if let Some(id) = id {
                *last_id.lock().map_err(|_| "poisoned")? = Some(id.to_owned());
            }
            self.deliveries.received(json)
        })
        .await
    }
}

/// Latencies and errors of one user (merged at the end).
#[derive(Default)]
struct Stats {
    samples: HashMap<&'static str, Vec<Duration>>,
    errors: HashMap<&'static str, u64>,
    /// "action: status" → how often.
    error_kinds: HashMap<String, u64>,
    shown: Vec<String>,
}

impl Stats {
    fn error(&mut self, action: &'static str, kind: String, detail: String) {
        *self.errors.entry(action).or_default() += 1;
        *self.error_kinds.entry(format!("{action}: {kind}")).or_default() += 1;
        if self.shown.len() < SHOWN_ERRORS {
            self.shown.push(format!("{action}: {kind}: {detail}"));
        }
    }

    fn merge(&mut self, other: Stats) {
        for (action, samples) in other.samples {
            self.samples.entry(action).or_default().extend(samples);
        }
        for (action, count) in other.errors {
            *self.errors.entry(action).or_default() += count;
        }
        for (kind, count) in other.error_kinds {
            *self.error_kinds.entry(kind).or_default() += count;
        }
        let room = SHOWN_ERRORS.saturating_sub(self.shown.len());
        self.shown.extend(other.shown.into_iter().take(room));
    }
}

struct VirtualUser {
    index: usize,
    email: String,
    client: Client,
    organization: Arc<Organization>,
    deliveries: Arc<Deliveries>,
    random: Random,
    stats: Stats,
    sequence: u64,
}

impl VirtualUser {
    async fn run(mut self, start_at: Instant, deadline: Instant) -> Stats {
        tokio::time::sleep_until(start_at.into()).await;
        // Until signed in, nothing else can be done; a refused sign-in is retried after a pause.
        while Instant::now() < deadline {
            let started = Instant::now();
            let result = self.client.sign_in(&self.email).await;
            if let Some(answer) = self.record("sign_in", started, result) {
                if self.client.cookie.is_some() {
                    break;
                }
                self.stats.error("sign_in", "no session cookie".into(), answer.text());
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        while Instant::now() < deadline {
            tokio::time::sleep(self.random.millis(THINK_MS)).await;
            if Instant::now() >= deadline {
                break;
            }
            match self.random.below(100) {
                0..30 => self.browse_list().await,
                30..40 => self.open_list_page().await,
                40..60 => self.open_request().await,
                60..85 => self.post_message().await,
                _ => self.new_request(deadline).await,
            }
        }
        self.stats
    }

    /// Times one call and keeps its error, if any; the answer when it succeeded.
    fn record(
        &mut self,
        action: &'static str,
        started: Instant,
        result: Result<crate::http_client::Answer, BenchError>,
    ) -> Option<crate::http_client::Answer> {
        self.stats.samples.entry(action).or_default().push(started.elapsed());
        match result {
            Ok(answer) if answer.is_success() => Some(answer),
            Ok(answer) => {
                let body: String = answer.text().chars().take(300).collect();
                self.stats.error(action, answer.status.to_string(), body);
                None
            }
            Err(error) => {
                self.stats.error(action, "transport".into(), error.to_string());
                None
            }
        }
    }

    async fn browse_list(&mut self) {
        let scope = if self.random.below(2) == 0 { "Mine" } else { "Organization" };
        let mut form = format!("scope={scope}");
        match self.random.below(8) {
            0 => form.push_str("&status=new"),
            1 => form.push_str(&format!("&search={}", crate::http_client::encode("принтер"))),
            _ => {}
        }
        let started = Instant::now();
        let result = self.client.post_form("/api/requests/list", form.clone()).await;
        let Some(answer) = self.record("list", started, result) else { return };
        let next = serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|page| page.get("next").and_then(|next| next.as_str()).map(str::to_owned));
        if let Some(next) = next
            && self.random.below(3) == 0
        {
            tokio::time::sleep(self.random.millis(THINK_MS)).await;
            let started = Instant::now();
            let result =
                self.client.post_form("/api/requests/list", format!("{form}&after={}", crate::http_client::encode(&next))).await;
            self.record("list", started, result);
        }
    }

    async fn open_list_page(&mut self) {
        let path = if self.random.below(2) == 0 { "/requests/my" } else { "/requests/org" };
        let started = Instant::now();
        let result = self.client.get(path).await;
        self.record("list_page", started, result);
    }

    async fn open_request(&mut self) {
        let number = {
            let Ok(known) = self.organization.requests.lock() else { return };
            known[self.random.below(known.len() as u64) as usize]
        };
        let started = Instant::now();
        let result = self.client.get(&format!("/requests/{number}")).await;
        self.record("request_page", started, result);
    }

    async fn post_message(&mut self) {
        let room = self.organization.rooms[self.random.below(self.organization.rooms.len() as u64) as usize];
        self.sequence += 1;
        let tag = format!("u{}-{}", self.index, self.sequence);
        let body = json!({ "message": {
            "number": room,
            "body": format!("{BODY_PREFIX}{tag}"),
            "client_message_id": format!("load-message-{:04}-{:010}", self.index, self.sequence),
            "attachment_ids": [],
        }});
        let started = Instant::now();
        if let Ok(mut posted) = self.deliveries.posted.lock() {
            posted.insert(tag.clone(), (started, false));
        }
        let result = self.client.post_json("/api/request-page/post", &body).await;
        if self.record("chat_post", started, result).is_some()
            && let Ok(mut posted) = self.deliveries.posted.lock()
            && let Some(entry) = posted.get_mut(&tag)
        {
            entry.1 = true;
        }
    }

    /// Types a subject with suggestions, then creates the request or gives up.
    async fn new_request(&mut self, deadline: Instant) {
        let subject = SUBJECTS[self.random.below(SUBJECTS.len() as u64) as usize];
        let characters: Vec<char> = subject.chars().collect();
        let mut typed = 2;
        while typed < characters.len() && Instant::now() < deadline {
            typed = (typed + 2 + self.random.below(3) as usize).min(characters.len());
            tokio::time::sleep(self.random.millis(TYPING_PAUSE_MS)).await;
            let prefix: String = characters[..typed].iter().collect();
            let started = Instant::now();
            let result = self.client.post_form("/api/kb/suggest", format!("text={}", crate::http_client::encode(&prefix))).await;
            self.record("suggest", started, result);
        }
        if self.random.below(2) == 0 || Instant::now() >= deadline {
            return;
        }
        self.sequence += 1;
        let kind = if self.random.below(2) == 0 { RequestKind::PortalServices } else { RequestKind::Commercial };
        let input = NewRequest {
            kind: Some(kind),
            subject: subject.to_owned(),
            description: "Создано нагрузочным тестом.".into(),
            idempotency_key: format!("load-create-{:04}-{:010}", self.index, self.sequence),
            ..Default::default()
        };
        let started = Instant::now();
        let result = self.client.post_json("/api/requests/create", &json!({ "input": input })).await;
        let Some(answer) = self.record("create", started, result) else { return };
        let number =
            serde_json::from_slice::<serde_json::Value>(&answer.body).ok().and_then(|created| created.get("number")?.as_i64());
        match number {
            Some(number) => {
                if let Ok(mut known) = self.organization.requests.lock() {
                    known.push(number);
                }
            }
            None => self.stats.error("create", "no number in the answer".into(), answer.text()),
        }
    }
}

/// SplitMix64: reproducible think times and choices per user, no extra crate.
struct Random(u64);

impl Random {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn millis(&mut self, (low, high): (u64, u64)) -> Duration {
        Duration::from_millis(low + self.below(high - low + 1))
    }
}

/// The 1-minute load average, once a second (Linux /proc/loadavg).
async fn sample_load_average(samples: Arc<Mutex<Vec<f64>>>) {
    loop {
        let average = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|text| text.split_whitespace().next().and_then(|value| value.parse().ok()));
        if let (Some(average), Ok(mut samples)) = (average, samples.lock()) {
            samples.push(average);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// One metric of the run, printed and written to the JSON results.
struct Metric {
    name: String,
    value: f64,
    unit: &'static str,
    /// The target, where it sets one.
    target: Option<&'static str>,
}

struct Report {
    database: String,
    users: usize,
    seconds: f64,
    rows: Vec<(&'static str, Vec<Duration>, u64)>,
    metrics: Vec<Metric>,
    error_kinds: Vec<(String, u64)>,
    shown: Vec<String>,
    stream_errors: Vec<String>,
}

impl Report {
    fn new(
        database: &str,
        options: &LoadOptions,
        elapsed: Duration,
        mut stats: Stats,
        deliveries: &Deliveries,
        rss_peak_kib: u64,
        load_average: &[f64],
    ) -> Self {
        let seconds = elapsed.as_secs_f64();
        let mut metrics = Vec::new();
        let mut metric = |name: String, value: f64, unit: &'static str, target: Option<&'static str>| {
            metrics.push(Metric { name, value, unit, target });
        };
        metric("users".into(), options.users as f64, "count", None);
        metric("duration".into(), seconds, "s", None);
        let mut rows = Vec::new();
        let mut total = 0usize;
        let mut total_errors = 0u64;
        for action in ACTIONS {
            let mut samples = stats.samples.remove(&action).unwrap_or_default();
            let errors = stats.errors.get(&action).copied().unwrap_or(0);
            total += samples.len();
            total_errors += errors;
            metric(format!("{action}.count"), samples.len() as f64, "count", None);
            metric(format!("{action}.throughput"), samples.len() as f64 / seconds, "1/s", None);
            if !samples.is_empty() {
                metric(format!("{action}.p50"), percentile(&mut samples, 50), "ms", None);
                metric(format!("{action}.p99"), percentile(&mut samples, 99), "ms", None);
                metric(format!("{action}.max"), percentile(&mut samples, 100), "ms", None);
            }
            metric(format!("{action}.errors"), errors as f64, "count", Some("0"));
            rows.push((action, samples, errors));
        }
        metric("requests.throughput".into(), total as f64 / seconds, "1/s", None);
        metric("errors".into(), total_errors as f64, "count", Some("0"));

        let (posted, delivered) = (deliveries.posted.lock(), deliveries.delivered.lock());
        let (mut acknowledged, mut lost, mut duplicated, mut unacknowledged_delivered) = (0u64, 0u64, 0u64, 0u64);
        let mut deliveries_total = 0u64;
        if let (Ok(posted), Ok(delivered)) = (&posted, &delivered) {
            for (tag, (_, ack)) in posted.iter() {
                let times = delivered.get(tag).copied().unwrap_or(0) as u64;
                if *ack {
                    acknowledged += 1;
                    lost += u64::from(times == 0);
                } else if times > 0 {
                    unacknowledged_delivered += 1;
                }
                duplicated += times.saturating_sub(1);
            }
            deliveries_total = delivered.values().map(|&n| n as u64).sum();
        }
        metric("messages.posted".into(), acknowledged as f64, "count", None);
        metric("messages.delivered".into(), deliveries_total as f64, "count", None);
        metric("messages.lost".into(), lost as f64, "count", Some("0"));
        metric("messages.duplicated".into(), duplicated as f64, "count", Some("0"));
        metric("messages.delivered_unacknowledged".into(), unacknowledged_delivered as f64, "count", None);
        let mut latencies = deliveries.latencies.lock().map(|latencies| latencies.clone()).unwrap_or_default();
        if !latencies.is_empty() {
            metric("delivery.p50".into(), percentile(&mut latencies, 50), "ms", None);
            metric("delivery.p99".into(), percentile(&mut latencies, 99), "ms", None);
        }
        metric("stream.reconnects".into(), deliveries.reconnects.load(Ordering::Relaxed) as f64, "count", Some("0"));
        metric("server.rss_peak".into(), rss_peak_kib as f64 / 1024.0, "MiB", None);
        if !load_average.is_empty() {
            let max = load_average.iter().copied().fold(0.0, f64::max);
            metric("machine.load_average_max".into(), max, "load", None);
            metric(
                "machine.load_average_mean".into(),
                load_average.iter().sum::<f64>() / load_average.len() as f64,
                "load",
                None,
            );
        }
        metric("machine.cpus".into(), std::thread::available_parallelism().map_or(0, |n| n.get()) as f64, "count", None);

        let mut error_kinds: Vec<(String, u64)> = stats.error_kinds.into_iter().collect();
        error_kinds.sort_by_key(|kind| std::cmp::Reverse(kind.1));
        let stream_errors = deliveries.stream_errors.lock().map(|errors| errors.clone()).unwrap_or_default();
        Self {
            database: database.to_owned(),
            users: options.users,
            seconds,
            rows,
            metrics,
            error_kinds,
            shown: stats.shown,
            stream_errors,
        }
    }

    fn value(&self, name: &str) -> f64 {
        self.metrics.iter().find(|metric| metric.name == name).map_or(0.0, |metric| metric.value)
    }

    fn print(&self) {
        println!("{} users, {:.1} s on {}:", self.users, self.seconds, self.database);
        println!(
            "{:<14} {:>8} {:>8} {:>9} {:>9} {:>9} {:>7}",
            "action", "count", "per s", "p50 ms", "p99 ms", "max ms", "errors"
        );
        for (action, samples, errors) in &self.rows {
            let at = |pct: usize| {
                let mut samples = samples.clone();
                if samples.is_empty() { 0.0 } else { percentile(&mut samples, pct) }
            };
            println!(
                "{action:<14} {:>8} {:>8.1} {:>9.1} {:>9.1} {:>9.1} {:>7}",
                samples.len(),
                samples.len() as f64 / self.seconds,
                at(50),
                at(99),
                at(100),
                errors
            );
        }
        println!("all requests: {:.0} per s, {} errors", self.value("requests.throughput"), self.value("errors"));
        println!(
            "chat: {} posted, {} delivered, {} lost, {} duplicated, {} delivered without acknowledgement; delivery p50 {:.1} ms, p99 {:.1} ms; {} stream reconnects",
            self.value("messages.posted"),
            self.value("messages.delivered"),
            self.value("messages.lost"),
            self.value("messages.duplicated"),
            self.value("messages.delivered_unacknowledged"),
            self.value("delivery.p50"),
            self.value("delivery.p99"),
            self.value("stream.reconnects")
        );
        println!(
            "server peak RSS {:.0} MiB; load average during the run: max {:.2}, mean {:.2} on {} CPUs",
            self.value("server.rss_peak"),
            self.value("machine.load_average_max"),
            self.value("machine.load_average_mean"),
            self.value("machine.cpus")
        );
        if !self.error_kinds.is_empty() {
            println!("errors by kind:");
            for (kind, count) in &self.error_kinds {
                println!("  {count:>6}  {kind}");
            }
            println!("first errors:");
            for shown in &self.shown {
                println!("  {shown}");
            }
        }
        for error in self.stream_errors.iter().take(SHOWN_ERRORS) {
            println!("live stream interrupted: {error}");
        }
    }
}

/// The portal's own warnings and errors during the run (its log file is kept when not empty).
fn print_server_log(path: &std::path::Path) {
    let log = std::fs::read_to_string(path).unwrap_or_default();
    if log.trim().is_empty() {
        let _ = std::fs::remove_file(path);
        println!("server log: no warnings or errors");
        return;
    }
    let count = |needle: &str| log.lines().filter(|line| line.contains(needle)).count();
    println!(
        "server log {}: {} errors, {} warnings, {} «database is locked»",
        path.display(),
        count(" ERROR "),
        count(" WARN "),
        count("database is locked")
    );
    for line in log.lines().filter(|line| line.contains(" ERROR ") || line.contains(" WARN ")).take(SHOWN_ERRORS) {
        println!("  {line}");
    }
}
