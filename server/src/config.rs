//! The portal's settings: every environment variable it reads, read once at start into one
//! typed [`Config`] and passed down from `main`. The defaults make `make run` work out of the
//! box: an embedded SQLite file under `./data/`, served on 127.0.0.1:3000.
//!
//! [`VARIABLES`] is the one list of them: `portal --help` prints it, a test holds README's table
//! and [`Config::from_vars`] to it, so a variable cannot be added without being documented.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use domain::lifecycle::ReopenWindow;
use portal_service::attachments::{AttachmentStore, S3Settings};
use portal_service::notifications::delivery::{Mailbox, SmtpSettings};

use crate::middleware::client_address::TrustedProxies;

/// One environment variable: its name, its default as an operator reads it, what it does.
pub struct Variable {
    pub name: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Every variable [`Config::from_vars`] reads, in the order `portal --help` lists them.
pub const VARIABLES: &[Variable] = &[
    Variable { name: "PORTAL_DATA_DIR", default: "data", meaning: "the embedded SQLite database and stored files" },
    Variable {
        name: "DATABASE_URL",
        default: "sqlite://$PORTAL_DATA_DIR/portal.db?mode=rwc",
        meaning: "or postgres://user@host:5432/db; several instances may share one PostgreSQL",
    },
    Variable { name: "PORTAL_ADDR", default: "127.0.0.1:3000", meaning: "address to listen on" },
    Variable { name: "PORTAL_DEMO", default: "unset", meaning: "1: seed demo data into an empty database, list demo accounts" },
    Variable {
        name: "PORTAL_SEARCH_INDEX_DIR",
        default: "$PORTAL_DATA_DIR/search-index/<port>",
        meaning: "the search index, rebuilt from the database at start; one per instance",
    },
    Variable { name: "PORTAL_PUBLIC_URL", default: "unset", meaning: "public URL; https:// makes cookies Secure; e-mail links" },
    Variable {
        name: "PORTAL_TRUSTED_PROXIES",
        default: "unset",
        meaning: "proxies (addresses, CIDR networks) whose X-Forwarded-For is believed",
    },
    Variable {
        name: "PORTAL_SMTP_URL",
        default: "unset",
        meaning: "smtp://user:password@host:port; unset: .eml files in outbox/",
    },
    Variable { name: "PORTAL_SMTP_HOST", default: "unset", meaning: "SMTP relay host (instead of PORTAL_SMTP_URL)" },
    Variable { name: "PORTAL_SMTP_PORT", default: "25", meaning: "SMTP relay port" },
    Variable { name: "PORTAL_SMTP_USER", default: "unset", meaning: "SMTP user" },
    Variable { name: "PORTAL_SMTP_PASSWORD", default: "unset", meaning: "SMTP password" },
    Variable { name: "PORTAL_MAIL_FROM", default: DEFAULT_MAIL_FROM, meaning: "sender of notification e-mails" },
    Variable {
        name: "PORTAL_SECRET",
        default: "generated once, kept in the database",
        meaning: "signs «Отписаться» links; the same on every instance",
    },
    Variable {
        name: "PORTAL_S3_BUCKET",
        default: "unset",
        meaning: "keep attachments in this S3 bucket, not in $PORTAL_DATA_DIR",
    },
    Variable { name: "PORTAL_S3_ENDPOINT", default: "AWS", meaning: "the S3 store's URL" },
    Variable { name: "PORTAL_S3_REGION", default: "us-east-1", meaning: "the bucket's region" },
    Variable { name: "PORTAL_S3_ACCESS_KEY_ID", default: "unset", meaning: "the store's key id (required with a bucket)" },
    Variable { name: "PORTAL_S3_SECRET_ACCESS_KEY", default: "unset", meaning: "the store's secret (required with a bucket)" },
    Variable { name: "PORTAL_S3_PREFIX", default: "unset", meaning: "keys are stored as <prefix>/<key>" },
    Variable {
        name: "PORTAL_REOPEN_WINDOW_HOURS",
        default: "72",
        meaning: "hours after «Решено» in which a customer's comment reopens a request",
    },
    Variable {
        name: "PORTAL_AUTO_CLOSE_INTERVAL_SECS",
        default: "60",
        meaning: "how often resolved requests past their window are closed",
    },
];

const DEFAULT_MAIL_FROM: &str = "Портал поддержки <noreply@localhost>";
const DEFAULT_AUTO_CLOSE_INTERVAL: Duration = Duration::from_secs(60);
/// A reopen window longer than a year is a typo, not a policy.
const MAX_REOPEN_WINDOW_HOURS: i64 = 24 * 366;

/// Everything the portal was started with. Built once by [`Config::from_env`]; nothing else
/// reads the environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`; defaults to `sqlite://<data dir>/portal.db`.
    pub database_url: String,
    /// `PORTAL_DATA_DIR`: the SQLite file and uploaded files live here.
    pub data_dir: PathBuf,
    /// `PORTAL_ADDR`, else the address from Cargo.toml (or `LEPTOS_SITE_ADDR`, read by Leptos).
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
    /// `PORTAL_SMTP_*`: the relay for notification e-mails; none set: `.eml` files.
    pub smtp: SmtpSettings,
    /// `PORTAL_MAIL_FROM`: the sender of notification e-mails.
    pub mail_from: Mailbox,
    /// `PORTAL_SECRET`: signs unsubscribe links; `None`: a key generated once and kept in the database.
    pub secret: Option<Secret>,
    /// `PORTAL_REOPEN_WINDOW_HOURS`: how long after «Решено» a customer's comment reopens a request.
    pub reopen_window: ReopenWindow,
    /// `PORTAL_AUTO_CLOSE_INTERVAL_SECS`: the period of the auto-close job.
    pub auto_close_interval: Duration,
}

/// A value kept out of logs: its `Debug` shows only that it is set.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Secret(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable whose value cannot be used; the portal refuses to start rather than guess.
    #[error("{name}: {message}")]
    Invalid { name: &'static str, message: String },
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
    #[error("attachment store (PORTAL_S3_*): {0}")]
    S3(String),
}

impl ConfigError {
    fn invalid(name: &'static str, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid { name, message: message.into() }
    }
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
fn s3_settings(var: &impl Fn(&str) -> Option<String>) -> Result<Option<S3Settings>, ConfigError> {
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

/// `None` when unset; the parsed value, or an error naming the variable and the expected form.
fn parsed<T: std::str::FromStr>(
    var: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    expected: &str,
) -> Result<Option<T>, ConfigError> {
    match var(name) {
        None => Ok(None),
        Some(value) => {
            value.trim().parse().map(Some).map_err(|_| ConfigError::invalid(name, format!("{expected}, not «{value}»")))
        }
    }
}

impl Config {
    /// Reads the process environment (empty values count as unset) and creates the data directory.
    pub fn from_env(default_addr: SocketAddr) -> Result<Config, ConfigError> {
        let config = Config::from_vars(default_addr, |name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))?;
        std::fs::create_dir_all(&config.data_dir).map_err(|error| ConfigError::DataDir(config.data_dir.clone(), error))?;
        Ok(config)
    }

    /// The configuration from `var` (a variable's value, `None` when unset), checked: a value the
    /// portal cannot use is an error, never a silent default.
    pub fn from_vars(default_addr: SocketAddr, var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let data_dir = PathBuf::from(var("PORTAL_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url =
            var("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display()));
        let addr = parsed(&var, "PORTAL_ADDR", "an address like 127.0.0.1:3000")?.unwrap_or(default_addr);
        let search_index_dir = var("PORTAL_SEARCH_INDEX_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("search-index").join(addr.port().to_string()));
        let trusted_proxies = TrustedProxies::parse(&var("PORTAL_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|message| ConfigError::invalid("PORTAL_TRUSTED_PROXIES", message))?;
        let s3 = s3_settings(&var)?;
        let smtp = SmtpSettings {
            url: var("PORTAL_SMTP_URL"),
            host: var("PORTAL_SMTP_HOST"),
            port: parsed(&var, "PORTAL_SMTP_PORT", "a port number")?,
            user: var("PORTAL_SMTP_USER"),
            password: var("PORTAL_SMTP_PASSWORD"),
        };
        let mail_from = var("PORTAL_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned());
        let mail_from = mail_from
            .parse()
            .map_err(|error| ConfigError::invalid("PORTAL_MAIL_FROM", format!("«{mail_from}» is not a mailbox: {error}")))?;
        let reopen_hours: Option<i64> = parsed(&var, "PORTAL_REOPEN_WINDOW_HOURS", "a whole number of hours")?;
        let reopen_window = match reopen_hours {
            None => ReopenWindow::default(),
            Some(hours) if (0..=MAX_REOPEN_WINDOW_HOURS).contains(&hours) => ReopenWindow::hours(hours),
            Some(hours) => {
                return Err(ConfigError::invalid(
                    "PORTAL_REOPEN_WINDOW_HOURS",
                    format!("from 0 to {MAX_REOPEN_WINDOW_HOURS} hours, not {hours}"),
                ));
            }
        };
        let auto_close_secs: Option<u64> = parsed(&var, "PORTAL_AUTO_CLOSE_INTERVAL_SECS", "a whole number of seconds")?;
        let auto_close_interval = match auto_close_secs {
            None => DEFAULT_AUTO_CLOSE_INTERVAL,
            Some(0) => return Err(ConfigError::invalid("PORTAL_AUTO_CLOSE_INTERVAL_SECS", "at least 1 second, not 0")),
            Some(secs) => Duration::from_secs(secs),
        };
        Ok(Config {
            s3,
            trusted_proxies,
            search_index_dir,
            database_url,
            data_dir,
            addr,
            demo: var("PORTAL_DEMO").is_some_and(|value| value == "1" || value == "true"),
            public_url: var("PORTAL_PUBLIC_URL"),
            smtp,
            mail_from,
            secret: var("PORTAL_SECRET").map(Secret),
            reopen_window,
            auto_close_interval,
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

/// The variables as `portal --help` prints them: name, default, meaning, one per line.
pub fn variables_help() -> String {
    let width = VARIABLES.iter().map(|variable| variable.name.len()).max().unwrap_or(0);
    VARIABLES
        .iter()
        .map(|variable| format!("  {:<width$}  {} (default: {})\n", variable.name, variable.meaning, variable.default))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use super::*;

    const ADDR: &str = "127.0.0.1:3000";

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        Config::from_vars(ADDR.parse().unwrap(), |name| pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()))
    }

    fn settings(pairs: &[(&str, &str)]) -> Result<Option<S3Settings>, ConfigError> {
        config(pairs).map(|config| config.s3)
    }

    const KEYS: [(&str, &str); 2] = [("PORTAL_S3_ACCESS_KEY_ID", "portal"), ("PORTAL_S3_SECRET_ACCESS_KEY", "secret")];

    #[test]
    fn the_listed_variables_are_exactly_the_ones_read() {
        let asked = RefCell::new(BTreeSet::new());
        Config::from_vars(ADDR.parse().unwrap(), |name| {
            asked.borrow_mut().insert(name.to_owned());
            None
        })
        .unwrap();
        let listed: BTreeSet<String> = VARIABLES.iter().map(|variable| variable.name.to_owned()).collect();
        assert_eq!(asked.into_inner(), listed);
    }

    #[test]
    fn readme_documents_every_variable() {
        let readme = include_str!("../../README.md");
        for variable in VARIABLES {
            assert!(readme.contains(&format!("`{}`", variable.name)), "README's table lacks {}", variable.name);
        }
    }

    #[test]
    fn defaults_make_an_embedded_portal() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url, "sqlite://data/portal.db?mode=rwc");
        assert_eq!(config.search_index_dir, PathBuf::from("data/search-index/3000"));
        assert_eq!(config.reopen_window, ReopenWindow::hours(72));
        assert_eq!(config.auto_close_interval, Duration::from_secs(60));
        assert_eq!(config.mail_from.to_string(), DEFAULT_MAIL_FROM);
        assert!(config.s3.is_none() && config.secret.is_none() && !config.demo);
    }

    #[test]
    fn numbers_are_read_and_unusable_values_refuse_to_start() {
        let read = config(&[("PORTAL_REOPEN_WINDOW_HOURS", " 24 "), ("PORTAL_AUTO_CLOSE_INTERVAL_SECS", "5")]).unwrap();
        assert_eq!((read.reopen_window, read.auto_close_interval), (ReopenWindow::hours(24), Duration::from_secs(5)));
        assert_eq!(config(&[("PORTAL_REOPEN_WINDOW_HOURS", "0")]).unwrap().reopen_window, ReopenWindow::hours(0));
        let cases = [
            ("PORTAL_REOPEN_WINDOW_HOURS", "много", "a whole number of hours"),
            ("PORTAL_REOPEN_WINDOW_HOURS", "-5", "from 0 to 8784"),
            ("PORTAL_REOPEN_WINDOW_HOURS", "9000", "from 0 to 8784"),
            ("PORTAL_AUTO_CLOSE_INTERVAL_SECS", "0", "at least 1 second"),
            ("PORTAL_AUTO_CLOSE_INTERVAL_SECS", "1m", "a whole number of seconds"),
            ("PORTAL_SMTP_PORT", "smtp", "a port number"),
            ("PORTAL_ADDR", "localhost", "an address like"),
            ("PORTAL_MAIL_FROM", "поддержка", "is not a mailbox"),
            ("PORTAL_TRUSTED_PROXIES", "10.0.0.0/99", "PORTAL_TRUSTED_PROXIES"),
        ];
        for (name, value, expected) in cases {
            let error = config(&[(name, value)]).expect_err(name).to_string();
            assert!(error.starts_with(name) && error.contains(expected), "{name}={value}: {error}");
        }
    }

    #[test]
    fn secrets_stay_out_of_logs() {
        let config = config(&[("PORTAL_SECRET", "very-secret-value")]).unwrap();
        assert!(!format!("{config:?}").contains("very-secret-value"));
    }

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
