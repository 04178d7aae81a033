//! Password hashing with argon2id. Hashing is deliberately slow (tens of milliseconds), so it
//! runs on tokio's blocking pool and never stalls the async worker threads.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::Argon2;

use crate::error::{ServiceError, ServiceResult};

/// Hashes a password into a PHC string (`$argon2id$…`).
pub async fn hash(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || {
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
    tokio::task::spawn_blocking(move || {
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
}
