//! Password hashing with argon2id. Hashing is deliberately slow (tens of milliseconds), so it
//! runs on tokio's blocking pool and never stalls the async worker threads.
//!
//! Each hash also takes 19 MiB of memory (argon2's `m` parameter), and the blocking pool grows to
//! hundreds of threads: 200 sign-ins at once took the server to 3.2 GB of RSS in the load test
//! (`make bench-load`), and unknown e-mails (verified against a decoy) let anyone do that. At
//! most one hash per CPU runs at a time — more would not finish sooner — and the rest queue.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

use domain::validation::Code;

use crate::error::{ServiceError, ServiceResult};

/// Admits one hash per CPU; see the module comment. The permit moves into the blocking task, so
/// a cancelled sign-in does not free its slot before its hash has finished.
fn hashing_slots() -> Arc<Semaphore> {
    static SLOTS: OnceLock<Arc<Semaphore>> = OnceLock::new();
    SLOTS.get_or_init(|| Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))).clone()
}

/// The shortest password a person may choose.
pub const MIN_CHARS: usize = 10;
/// Longer ones are refused: nobody types more, and hashing a huge one costs the server.
pub const MAX_CHARS: usize = 256;
/// Widely used passwords (one a line, lower case); `#` lines are comments.
const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a password someone chooses for the account `email`: [`MIN_CHARS`] to [`MAX_CHARS`]
/// characters, none of the widely used ones, and not the address or its part before the `@`.
pub fn check_new(password: &str, email: &str) -> Result<(), Code> {
    let length = password.chars().count();
    if length < MIN_CHARS {
        return Err(Code::PasswordTooShort);
    }
    if length > MAX_CHARS {
        return Err(Code::PasswordTooLong);
    }
    let lower = password.to_lowercase();
    let email = email.trim().to_lowercase();
    let own_name = email.split('@').next().unwrap_or_default();
    let common = COMMON.lines().filter(|line| !line.starts_with('#')).any(|line| line == lower);
    if common || lower == email || lower == own_name {
        return Err(Code::PasswordTooCommon);
    }
    Ok(())
}

/// Hashes a password into a PHC string (`$argon2id$…`).
pub async fn hash(password: String) -> ServiceResult<String> {
    let slot = hashing_slots()
        .acquire_owned()
        .await
        .map_err(|error| ServiceError::Internal(format!("hashing slots closed: {error}")))?;
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| ServiceError::Internal(format!("password hashing failed: {error}")))
    })
    .await
    .map_err(|error| ServiceError::Internal(format!("hashing task failed: {error}")))?
}

/// Checks a password against a stored PHC string; a malformed hash never matches.
pub async fn verify(password: String, stored_hash: String) -> bool {
    let Ok(slot) = hashing_slots().acquire_owned().await else { return false };
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        PasswordHash::new(&stored_hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A valid hash of a random password, verified against when the e-mail is unknown so that
/// a failed sign-in takes the same time whether or not the account exists.
pub const TIMING_DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Qf3w4Wk0bfQeQk0o6mrz5bW2m8V8Kq5xgVqfQm7b2Y";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hashed = hash("demo-password".into()).await.unwrap();
        assert!(hashed.starts_with("$argon2id$"));
        assert!(verify("demo-password".into(), hashed.clone()).await);
        assert!(!verify("Demo-password".into(), hashed).await);
        assert!(!verify("demo-password".into(), "not a hash".into()).await);
    }

    #[test]
    fn a_new_password_is_long_enough_and_not_a_common_one() {
        assert_eq!(check_new("коротко", "ivan@romashka.test"), Err(Code::PasswordTooShort));
        assert_eq!(check_new(&"а".repeat(MAX_CHARS + 1), "ivan@romashka.test"), Err(Code::PasswordTooLong));
        assert_eq!(check_new("Qwertyuiop", "ivan@romashka.test"), Err(Code::PasswordTooCommon));
        assert_eq!(check_new("ЙЦУКЕН123456", "ivan@romashka.test"), Err(Code::PasswordTooCommon));
        assert_eq!(check_new("ivan.petrov", "Ivan.Petrov@romashka.test"), Err(Code::PasswordTooCommon));
        assert_eq!(check_new("ivan.petrov@romashka.test", "ivan.petrov@romashka.test"), Err(Code::PasswordTooCommon));
        assert_eq!(check_new("клубника-на-снегу", "ivan@romashka.test"), Ok(()));
        assert_eq!(check_new(&"а".repeat(MAX_CHARS), "ivan@romashka.test"), Ok(()));
    }

    #[test]
    fn the_list_is_lower_case_and_every_entry_would_pass_the_length_rule() {
        for line in COMMON.lines().filter(|line| !line.starts_with('#')) {
            assert_eq!(line, line.to_lowercase());
            assert!(line.chars().count() >= MIN_CHARS, "{line} is refused by length already");
        }
    }
}
