//! Settings from the environment, with defaults that make `make run` work out of the box:
//! an embedded SQLite file under `./data/`, served on 127.0.0.1:3000.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::middleware::client_address::TrustedProxies;

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`; defaults to `sqlite://<data dir>/portal.db`.
    pub database_url: String,
    /// `PORTAL_DATA_DIR`: the SQLite file and uploaded files live here.
    pub data_dir: PathBuf,
    /// `PORTAL_ADDR`, else `LEPTOS_SITE_ADDR`, else the address from Cargo.toml.
    pub addr: SocketAddr,
    /// `PORTAL_DEMO=1`: seed demo data into an empty database and list demo accounts.
    pub demo: bool,
    /// `PORTAL_PUBLIC_URL` (e.g. `https://support.example.ru`): when it is https, cookies are
    /// marked `Secure`.
    pub public_url: Option<String>,
    /// `PORTAL_SEARCH_INDEX_DIR`; defaults to `<data dir>/search-index/<port>`. Rebuilt from the
    /// database at every start, so each instance needs its own (instances on one host differ by
    /// port; instances on several hosts sharing a data directory must set it).
    pub search_index_dir: PathBuf,
    /// `PORTAL_TRUSTED_PROXIES`: reverse proxies (addresses or CIDR networks, comma-separated)
    /// whose `X-Forwarded-For` is believed; empty: the connection's peer is the client.
    pub trusted_proxies: TrustedProxies,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PORTAL_ADDR is not an address like 127.0.0.1:3000: {0}")]
    Addr(String),
    #[error("PORTAL_TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
}

impl Config {
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        std::fs::create_dir_all(&data_dir).map_err(|error| ConfigError::DataDir(data_dir.clone(), error))?;
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display()));
        let addr = match var("PORTAL_ADDR") {
            Some(addr) => addr.parse().map_err(|_| ConfigError::Addr(addr))?,
            None => default_addr,
        };
        let search_index_dir = var("PORTAL_SEARCH_INDEX_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("search-index").join(addr.port().to_string()));
        let trusted_proxies =
            TrustedProxies::parse(&var("PORTAL_TRUSTED_PROXIES").unwrap_or_default()).map_err(ConfigError::TrustedProxies)?;
        Ok(Config {
            trusted_proxies,
            search_index_dir,
            database_url,
            data_dir,
            addr,
            demo: var("PORTAL_DEMO").is_some_and(|value| value == "1" || value == "true"),
            public_url: var("PORTAL_PUBLIC_URL"),
        })
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The database URL with any password hidden, for logs.
    pub fn database_label(&self) -> String {
        match self.database_url.split_once('@') {
            Some((scheme_and_user, host)) if scheme_and_user.contains("://") => {
                let scheme = scheme_and_user.split("://").next().unwrap_or("db");
                format!("{scheme}://…@{host}")
            }
            _ => self.database_url.clone(),
        }
    }
}
