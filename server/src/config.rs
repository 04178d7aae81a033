//! Settings from the environment, with defaults that make `make run` work out of the box:
//! an embedded SQLite file under `./data/`, served on 127.0.0.1:3000.

use std::net::SocketAddr;
use std::path::PathBuf;

use portal_service::attachments::{AttachmentStore, S3Settings};

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
    /// `PORTAL_S3_*`: attachments in an S3-compatible bucket; `None`: in `<data dir>/attachments`.
    pub s3: Option<S3Settings>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("PORTAL_ADDR is not an address like 127.0.0.1:3000: {0}")]
    Addr(String),
    #[error("PORTAL_TRUSTED_PROXIES: {0}")]
    TrustedProxies(String),
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
    #[error("attachment store (PORTAL_S3_*): {0}")]
    S3(String),
}

/// The variables of the S3 attachment store; setting any of them asks for the bucket.
const S3_VARIABLES: [&str; 6] = [
    "PORTAL_S3_BUCKET",
    "PORTAL_S3_ENDPOINT",
    "PORTAL_S3_REGION",
    "PORTAL_S3_ACCESS_KEY_ID",
    "PORTAL_S3_SECRET_ACCESS_KEY",
    "PORTAL_S3_PREFIX",
];

/// `None` when no `PORTAL_S3_*` is set (the local directory); an error when some are set but
/// they cannot make a working store, so a typo never silently falls back to local files.
pub fn s3_settings(var: impl Fn(&str) -> Option<String>) -> Result<Option<S3Settings>, ConfigError> {
    if S3_VARIABLES.iter().all(|name| var(name).is_none()) {
        return Ok(None);
    }
    let required = |name: &str| var(name).ok_or_else(|| ConfigError::S3(format!("{name} is not set")));
    let settings = S3Settings {
        bucket: required("PORTAL_S3_BUCKET")?,
        endpoint: var("PORTAL_S3_ENDPOINT"),
        region: var("PORTAL_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned()),
        access_key_id: required("PORTAL_S3_ACCESS_KEY_ID")?,
        secret_access_key: required("PORTAL_S3_SECRET_ACCESS_KEY")?,
        prefix: var("PORTAL_S3_PREFIX"),
    };
    AttachmentStore::s3(&settings).map_err(ConfigError::S3)?;
    Ok(Some(settings))
}

impl Config {
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, ConfigError> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        std::fs::create_dir_all(&data_dir).map_err(|error| ConfigError::DataDir(data_dir.clone(), error))?;
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display()));
        let addr = match var("PORTAL_ADDR") {
            Some(addr) => addr.parse().map_err(|_| ConfigError::Addr(addr))?,
            None => default_addr,
        };
        let search_index_dir = var("PORTAL_SEARCH_INDEX_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("search-index").join(addr.port().to_string()));
        let trusted_proxies =
            TrustedProxies::parse(&var("PORTAL_TRUSTED_PROXIES").unwrap_or_default()).map_err(ConfigError::TrustedProxies)?;
        let s3 = s3_settings(var)?;
        Ok(Config {
            s3,
            trusted_proxies,
            search_index_dir,
            database_url,
            data_dir,
            addr,
            demo: var("PORTAL_DEMO").is_some_and(|value| value == "1" || value == "true"),
            public_url: var("PORTAL_PUBLIC_URL"),
        })
    }

    /// Where attachments are kept: the bucket of `PORTAL_S3_*`, else `<data dir>/attachments`.
    pub fn attachment_store(&self) -> Result<AttachmentStore, ConfigError> {
        match &self.s3 {
            Some(settings) => AttachmentStore::s3(settings).map_err(ConfigError::S3),
            None => Ok(AttachmentStore::new(&self.data_dir)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Result<Option<S3Settings>, ConfigError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        s3_settings(|name| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()))
    }

    const KEYS: [(&str, &str); 2] = [("PORTAL_S3_ACCESS_KEY_ID", "portal"), ("PORTAL_S3_SECRET_ACCESS_KEY", "secret")];

    #[test]
    fn no_s3_variable_means_the_local_directory() {
        assert_eq!(settings(&[]).unwrap(), None);
    }

    #[test]
    fn a_complete_s3_configuration_is_accepted_with_the_default_region() {
        let mut pairs = vec![("PORTAL_S3_BUCKET", "files"), ("PORTAL_S3_ENDPOINT", "http://127.0.0.1:9000")];
        pairs.extend(KEYS);
        let settings = settings(&pairs).unwrap().expect("an S3 store");
        assert_eq!((settings.bucket.as_str(), settings.region.as_str()), ("files", "us-east-1"));
        assert!(!format!("{settings:?}").contains("secret"), "the secret stays out of logs");
    }

    #[test]
    fn incomplete_or_invalid_s3_configurations_are_startup_errors() {
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (vec![("PORTAL_S3_ENDPOINT", "http://127.0.0.1:9000")], "PORTAL_S3_BUCKET"),
            (vec![("PORTAL_S3_BUCKET", "files")], "PORTAL_S3_ACCESS_KEY_ID"),
            (vec![("PORTAL_S3_BUCKET", "files"), ("PORTAL_S3_ACCESS_KEY_ID", "portal")], "PORTAL_S3_SECRET_ACCESS_KEY"),
            ([("PORTAL_S3_BUCKET", "files"), ("PORTAL_S3_ENDPOINT", "minio:9000")].into_iter().chain(KEYS).collect(), "https://"),
        ];
        for (pairs, expected) in cases {
            let error = settings(&pairs).expect_err(expected).to_string();
            assert!(error.contains(expected), "{error}");
        }
    }
}
