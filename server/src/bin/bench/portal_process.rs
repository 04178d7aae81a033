//! The portal under measurement, in a child process (this binary with `--mode serve`), so that
//! its resident memory and CPU are its own and not the load generator's. Shared by the chat and
//! load modes; the loopback HTTP client they drive it with is in `http_client.rs`.

use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use server::middleware::page_render::PageGuard;

/// Child process: serves the portal on an ephemeral loopback port, prints `LISTENING <addr>`,
/// serves until killed. Runs the same background work as `portal serve` (search index sync,
/// e-mail delivery — to `.eml` files in its temporary data directory —, upload cleanup,
/// auto-close), so a benchmark sees a production-like process. Warnings and errors go to
/// stderr (`RUST_LOG` overrides the filter).
/// `unguarded`: pages are served without the bound on their render (`--guard off`, for the
/// pages benchmark's comparison).
pub async fn serve(database_url: &str, unguarded: bool) -> Result<(), String> {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_writer(std::io::stderr)
        .init();
    let db = portal_service::db::connect_and_migrate(database_url).await.map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let data_dir = data_dir_of(std::process::id());
    // The portal's own defaults for everything but where it keeps its files: never an SMTP
    // server or a bucket from the environment (the recipients are made up), e-mails to files.
    let config = server::Config::from_vars(addr, |name| match name {
        "PORTAL_DATA_DIR" => Some(data_dir.display().to_string()),
        "DATABASE_URL" => Some(database_url.to_owned()),
        _ => None,
    })
    .map_err(|e| e.to_string())?;
    let state = server::serve::start(&config, db).await?;
    let options = leptos::config::LeptosOptions::builder().output_name("portal").site_root("target/site").build();
    // The load generator stands for a reverse proxy in front of many users: it names each
    // virtual user's address in X-Forwarded-For, so per-address limits apply per user.
    let settings = server::RouterSettings {
        trusted_proxies: server::middleware::client_address::TrustedProxies::parse("127.0.0.1")?,
        page_guard: if unguarded { PageGuard::off() } else { PageGuard::default() },
        ..Default::default()
    };
    let app = server::build_router_with(state, options, settings);
    println!("LISTENING {addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.map_err(|e| e.to_string())
}

/// The child's files (search index, attachments, outbox); removed when the child is stopped.
fn data_dir_of(pid: u32) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("portal-bench-serve-{pid}"))
}

/// A running portal child; killed when dropped.
pub struct PortalProcess {
    child: Child,
    pub addr: SocketAddr,
}

impl PortalProcess {
    /// Starts the portal on `database_url` (already migrated and filled by the parent) and waits
    /// until it listens. `stderr`: where its log goes.
    pub fn start(database_url: &str, stderr: Stdio) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Self::start_with(database_url, stderr, &[])
    }

    /// The same, with more options for the child (e.g. `--guard off`).
    pub fn start_with(
        database_url: &str,
        stderr: Stdio,
        extra: &[&str],
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let mut child = Command::new(std::env::current_exe()?)
            .args(["--mode", "serve", "--database-url", database_url])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()?;
        let mut line = String::new();
        let read = child.stdout.take().ok_or("no child stdout").map(|out| std::io::BufReader::new(out).read_line(&mut line));
        let addr = match read {
            Ok(Ok(_)) => line.trim().strip_prefix("LISTENING ").and_then(|addr| addr.parse().ok()),
            _ => None,
        };
        match addr {
            Some(addr) => Ok(Self { child, addr }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("the portal did not start: {line:?}").into())
            }
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for PortalProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(data_dir_of(self.child.id()));
    }
}

/// (VmRSS, VmHWM) of a process in KiB, from /proc (Linux); zeros elsewhere.
pub fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|value| value.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
