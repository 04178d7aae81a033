//! `portal-bench --mode kb`: knowledge base search at scale.
//!
//! Generates a Russian corpus of `--articles` articles (combinations of realistic fragments:
//! product, component, symptom, circumstance, steps), stores it in the database, then measures
//! building the search index from the database, the process memory (VmRSS) before and after, and
//! the latency of suggestions (p50/p99) over `--queries` realistic queries: word forms, typos,
//! an unfinished last word, product scope. Last, `--edits` publish/unpublish changes, each made
//! searchable by one catch-up (what the sync runs once a save has woken it), on a one-worker
//! runtime with a 1 ms probe task beside them: how long a change takes to become searchable, and
//! how long the runtime was held up meanwhile (a held-up worker holds up every page it serves):
//! idle, with both cores busy, and with the disk busy with syncing writers as well.

use std::time::Instant;

use chrono::Utc;
use portal_service::entity::{counter, kb_article, product, product_version};
use portal_service::kb::search::{KbSearch, SuggestQuery};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set, TransactionTrait};

const COMPONENTS: [&str; 24] = [
    "принтер",
    "сетевой принтер",
    "сканер",
    "графическая оболочка Fly",
    "менеджер входа",
    "клиент домена",
    "контроллер домена",
    "служба времени",
    "сетевой адаптер",
    "VPN-подключение",
    "клиент RuBackup",
    "сервер резервного копирования",
    "виртуальный рабочий стол",
    "брокер Termidesk",
    "узел виртуализации",
    "виртуальная машина",
    "хранилище Ceph",
    "репозиторий обновлений",
    "менеджер пакетов",
    "звуковая карта",
    "смарт-карта Рутокен",
    "браузер",
    "файловый менеджер",
    "общая папка Samba",
];
const SYMPTOMS: [&str; 16] = [
    "не запускается",
    "не печатает",
    "зависает",
    "работает медленно",
    "не подключается к серверу",
    "выдаёт ошибку доступа",
    "не определяется",
    "теряет соединение",
    "не загружается",
    "не обновляется",
    "сбрасывает настройки",
    "не видит сеть",
    "требует повторной авторизации",
    "завершается с ошибкой",
    "не синхронизируется",
    "показывает чёрный экран",
];
const CIRCUMSTANCES: [&str; 12] = [
    "после обновления",
    "после перезагрузки",
    "при входе доменного пользователя",
    "после ввода в домен",
    "в режиме замкнутой программной среды",
    "на ноутбуках",
    "после смены пароля",
    "при подключении по VPN",
    "в терминальной сессии",
    "после миграции с Windows",
    "при большой нагрузке",
    "после установки драйвера",
];
const CAUSES: [&str; 10] = [
    "Причина — устаревший пакет, заменённый при обновлении.",
    "Причина в неверной настройке DNS: клиент не находит сервер.",
    "Причина — расхождение времени с контроллером домена больше пяти минут.",
    "Ошибка возникает из-за нехватки прав: не выставлены метки мандатного контроля целостности.",
    "Проблема связана с драйвером, который не входит в состав базового репозитория.",
    "Причина — закончилось место в разделе /var.",
    "Сбой вызывает конфликт версий библиотек после частичного обновления.",
    "Соединение блокирует межсетевой экран организации.",
    "Служба не запускается из-за ошибки в конфигурационном файле.",
    "Кэш настроек пользователя повреждён.",
];
const STEPS: [&str; 14] = [
    "Перезапустите службу командой `sudo systemctl restart` и проверьте её состояние.",
    "Проверьте журнал: `journalctl -b -p err`.",
    "Обновите пакеты: `sudo apt update && sudo astra-update -A -r -T`.",
    "Синхронизируйте время: `sudo timedatectl set-ntp true`.",
    "Укажите в настройках соединения DNS-сервер организации.",
    "Очистите кэш: удалите каталог `~/.cache` и войдите в систему заново.",
    "Переустановите драйвер из расширенного репозитория.",
    "Откройте порты на межсетевом экране и повторите подключение.",
    "Выставьте метки целостности: `sudo pdpl-file 0:0:0:0 /opt/app`.",
    "Освободите место: `sudo apt clean` и `sudo journalctl --vacuum-size=200M`.",
    "Проверьте права пользователя и членство в группах.",
    "Удалите устройство и добавьте его заново через «Панель управления».",
    "Соберите диагностику командой `sudo astra-report` и приложите её к запросу.",
    "Перезагрузите компьютер и проверьте результат.",
];
/// What customers type: stems of the fragments above in other forms, with typos and unfinished words.
const QUERY_SEEDS: [&str; 24] = [
    "принтер не печатает после обновления",
    "сканер не определяется",
    "не загружается оболочка fly",
    "ошибка входа доменного пользователя",
    "клиент rubackup не подключается",
    "виртуальный рабочий стол зависает",
    "чёрный экран после установки драйвера",
    "vpn теряет соединение",
    "не обновляется репозиторий",
    "рутокен не определяется",
    "браузер выдает ошибку доступа",
    "общая папка samba не подключается",
    "виртуальная машина не запускается",
    "контроллер домена не синхронизируется",
    "звуковая карта не работает",
    "менеджер пакетов завершается с ошибкой",
    "узел виртуализации медленно работает",
    "служба времени расхождение",
    "хранилище ceph не подключается",
    "сетевой адаптер не видит сеть",
    "брокер termidesk требует авторизации",
    "файловый менеджер зависает",
    "обновление 1.7.6 принтер",
    "ald pro ввод в домен",
];

/// A small deterministic generator (xorshift64*): the same corpus and queries on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub async fn run(
    db: &DatabaseConnection,
    url: &str,
    articles: u64,
    queries: usize,
    edits: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let products = product::Entity::find().all(db).await?;
    let versions = product_version::Entity::find().all(db).await?;
    let started = Instant::now();
    generate(db, articles, &products, &versions).await?;
    super::results::record("kb articles", articles as f64, "", None);
    println!("generated {articles} articles in {:.1} s", started.elapsed().as_secs_f64());

    let index_dir = std::env::temp_dir().join(format!("portal-bench-kb-index-{}", std::process::id()));
    let rss_before = rss_kib();
    let started = Instant::now();
    let search = KbSearch::open(&index_dir, db).await?;
    let build = started.elapsed();
    let rss_after = rss_kib();
    super::results::record("kb index build", build.as_secs_f64(), "s", None);
    super::results::record("kb index on disk", dir_size(&index_dir) as f64 / 1024.0 / 1024.0, "MiB", None);
    println!(
        "index build from the database: {:.1} s for {} documents; index on disk {:.0} MiB",
        build.as_secs_f64(),
        search.indexed_documents(),
        dir_size(&index_dir) as f64 / 1024.0 / 1024.0
    );
    println!(
        "memory (VmRSS): {:.0} MiB before the build, {:.0} MiB after (+{:.0} MiB)",
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0,
        rss_after.saturating_sub(rss_before) as f64 / 1024.0
    );

    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut samples = Vec::with_capacity(queries);
    let mut empty = 0usize;
    for _ in 0..queries {
        let query = realistic_query(&mut random, &products, &versions);
        let started = Instant::now();
        let hits = search.suggest(&query)?;
        samples.push(started.elapsed());
        empty += usize::from(hits.is_empty());
    }
    super::results::record("kb memory growth by the index", rss_after.saturating_sub(rss_before) as f64 / 1024.0, "MiB", None);
    super::results::record("suggest p50", super::percentile(&mut samples, 50), "ms", None);
    super::results::record("suggest p99", super::percentile(&mut samples, 99), "ms", Some("≤ 10"));
    println!(
        "suggest over {queries} queries: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({empty} without results)",
        super::percentile(&mut samples, 50),
        super::percentile(&mut samples, 99),
        super::percentile(&mut samples, 100)
    );
    println!("memory (VmRSS) after the queries: {:.0} MiB", rss_kib() as f64 / 1024.0);
    for (busy_threads, disk_writers) in [(0, 0), (2, 0), (2, 2)] {
        let (url, search, dir) = (url.to_owned(), search.clone(), index_dir.clone());
        let figures = std::thread::spawn(move || edit_stage(&url, &search, edits, busy_threads, disk_writers, &dir))
            .join()
            .map_err(|_| "the edit stage panicked")?
            .map_err(|error| error.to_string())?;
        let load = match (busy_threads, disk_writers) {
            (0, 0) => "idle".to_owned(),
            (cpu, 0) => format!("{cpu} busy threads"),
            (cpu, disk) => format!("{cpu} busy threads, {disk} syncing disk writers"),
        };
        super::results::record(format!("kb change searchable p50 ({load})"), figures.searchable_p50, "ms", None);
        super::results::record(format!("kb change searchable p99 ({load})"), figures.searchable_p99, "ms", None);
        super::results::record(format!("kb runtime held up, max ({load})"), figures.held_up_max, "ms", None);
        println!(
            "{edits} changes made searchable ({load}): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
             1 ms probe on the same one-worker runtime late by p99 {:.1} ms, max {:.1} ms",
            figures.searchable_p50, figures.searchable_p99, figures.searchable_max, figures.held_up_p99, figures.held_up_max
        );
    }
    drop(search);
    std::fs::remove_dir_all(&index_dir).ok();
    Ok(())
}

struct EditFigures {
    searchable_p50: f64,
    searchable_p99: f64,
    searchable_max: f64,
    held_up_p99: f64,
    held_up_max: f64,
}

/// `edits` alternating unpublish/publish changes, each followed by `catch_up` (what the sync runs
/// once «Опубликовать» has woken it), on a runtime with a single worker, so that anything the
/// catch-up does synchronously on the worker shows up as lateness of the probe task.
fn edit_stage(
    url: &str,
    search: &KbSearch,
    edits: usize,
    busy_threads: usize,
    disk_writers: usize,
    index_dir: &std::path::Path,
) -> Result<EditFigures, Box<dyn std::error::Error + Send + Sync>> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    let busy = crate::busy::BusyThreads::start(busy_threads);
    // Next to the index: the disk its commits sync to.
    let disk = crate::busy::BusyThreads::start_disk_writers(disk_writers, index_dir.parent().unwrap_or(index_dir))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    let result = runtime.block_on(async {
        let db = portal_service::db::connect(url).await?;
        let ids: Vec<i32> = kb_article::Entity::find()
            .filter(kb_article::Column::IsPublished.eq(true))
            .select_only()
            .column(kb_article::Column::Id)
            .limit(edits.div_ceil(2) as u64)
            .into_tuple()
            .all(&db)
            .await?;
        let probing = Arc::new(AtomicBool::new(true));
        let probe = tokio::spawn({
            let probing = probing.clone();
            async move {
                let mut late = Vec::new();
                while probing.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    late.push(started.elapsed().saturating_sub(Duration::from_millis(1)));
                }
                late
            }
        });
        let mut searchable = Vec::with_capacity(edits);
        for step in 0..edits {
            let id = ids[(step / 2) % ids.len()];
            let published = step % 2 == 1;
            let started = Instant::now();
            portal_service::kb::set_published(&db, id, published, Utc::now()).await?;
            search.catch_up(&db).await?;
            searchable.push(started.elapsed());
        }
        probing.store(false, Ordering::Relaxed);
        let mut late = probe.await?;
        db.close().await.ok();
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(EditFigures {
            searchable_p50: super::percentile(&mut searchable, 50),
            searchable_p99: super::percentile(&mut searchable, 99),
            searchable_max: super::percentile(&mut searchable, 100),
            held_up_p99: super::percentile(&mut late, 99),
            held_up_max: super::percentile(&mut late, 100),
        })
    });
    drop((busy, disk));
    result
}

/// One query as a customer types it: a seed phrase, sometimes with a typo, often cut in the middle
/// of the last word, half of the time with a product chosen.
fn realistic_query(random: &mut Random, products: &[product::Model], versions: &[product_version::Model]) -> SuggestQuery {
    let mut text = random.pick(&QUERY_SEEDS).to_owned();
    if random.below(3) == 0 {
        text = with_typo(random, &text);
    }
    if random.below(2) == 0 {
        // Typing still in progress: cut the last word after 3 or more letters.
        let chars: Vec<char> = text.chars().collect();
        let last_space = chars.iter().rposition(|c| *c == ' ').unwrap_or(0);
        let last_len = chars.len() - last_space - 1;
        if last_len > 4 {
            let keep = last_space + 1 + 3 + random.below(last_len - 3);
            text = chars[..keep].iter().collect();
        }
    }
    let product = (random.below(2) == 0).then(|| &products[random.below(products.len())]);
    let version = product.and_then(|p| versions.iter().find(|v| v.product_id == p.id));
    SuggestQuery { text, product_id: product.map(|p| p.id), version_id: version.map(|v| v.id), limit: 5 }
}

/// Replaces one letter of a word longer than five letters.
fn with_typo(random: &mut Random, text: &str) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_owned).collect();
    let long: Vec<usize> = (0..words.len()).filter(|&i| words[i].chars().count() > 5).collect();
    if long.is_empty() {
        return text.to_owned();
    }
    let index = long[random.below(long.len())];
    let mut chars: Vec<char> = words[index].chars().collect();
    let at = 1 + random.below(chars.len() - 2);
    chars[at] = ['а', 'е', 'и', 'о'][random.below(4)];
    words[index] = chars.into_iter().collect();
    words.join(" ")
}

async fn generate(
    db: &DatabaseConnection,
    count: u64,
    products: &[product::Model],
    versions: &[product_version::Model],
) -> Result<(), sea_orm::DbErr> {
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let now = Utc::now();
    let batch_size = 500u64;
    let first_revision = 1_000_000i64;
    let mut inserted = 0u64;
    while inserted < count {
        let batch = batch_size.min(count - inserted);
        let rows: Vec<kb_article::ActiveModel> = (0..batch)
            .map(|i| {
                let n = inserted + i;
                let component = random.pick(&COMPONENTS);
                let symptom = random.pick(&SYMPTOMS);
                let circumstance = random.pick(&CIRCUMSTANCES);
                let product = (random.below(5) > 0).then(|| &products[random.below(products.len())]);
                let version = product.and_then(|p| {
                    let own: Vec<&product_version::Model> = versions.iter().filter(|v| v.product_id == p.id).collect();
                    (!own.is_empty() && random.below(2) == 0).then(|| own[random.below(own.len())])
                });
                let title = format!("{} {symptom} {circumstance}", capitalized(component));
                let product_text = product.map_or("системе".to_owned(), |p| p.name.clone());
                let mut body =
                    format!("В {product_text} {component} {symptom} {circumstance}. {}\n\n## Решение\n", random.pick(&CAUSES));
                for step in 1..=3 + random.below(3) {
                    body.push_str(&format!("{step}. {}\n", random.pick(&STEPS)));
                }
                body.push_str(&format!("\nСтатья № {n}. Если проблема сохраняется, создайте запрос в техническую поддержку.\n"));
                kb_article::ActiveModel {
                    external_id: Set(Some(format!("bench-{n}"))),
                    search_text: Set(portal_service::kb::fold(&format!("{title}\n{body}"))),
                    title: Set(title),
                    body: Set(body),
                    product_id: Set(product.map(|p| p.id)),
                    version_id: Set(version.map(|v| v.id)),
                    tags: Set(component.to_owned()),
                    is_published: Set(random.below(20) > 0),
                    deflections: Set(0),
                    created_at: Set(now),
                    updated_at: Set(now),
                    revision: Set(first_revision + n as i64),
                    ..Default::default()
                }
            })
            .collect();
        let txn = db.begin().await?;
        kb_article::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        txn.commit().await?;
        inserted += batch;
    }
    counter::Entity::update_many()
        .col_expr(counter::Column::Value, Expr::value(first_revision + count as i64))
        .filter(counter::Column::Name.eq("kb_revision"))
        .exec(db)
        .await?;
    Ok(())
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Resident memory of this process in KiB (Linux `/proc/self/status`), 0 elsewhere.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1).and_then(|kib| kib.parse().ok()))
        })
        .unwrap_or(0)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}
