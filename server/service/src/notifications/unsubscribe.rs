//! «Отписаться» from one request without signing in: the e-mail carries a token naming the user
//! and the request, signed with HMAC-SHA256. Changing either part breaks the signature, so a
//! token can neither be forged nor reused for another request or another user.
//!
//! The secret is `PORTAL_SECRET` when set; otherwise one is generated on first use and stored in
//! the `settings` table, so every instance on the same database signs and checks alike.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::validation::Code;
use hmac::{Hmac, Mac};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::Sha256;

use crate::entity::{request, request_participant, setting};
use crate::error::{ServiceError, ServiceResult};

const SECRET_SETTING: &str = "unsubscribe_secret";

/// The key that signs unsubscribe tokens.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(…)")
    }
}

impl SigningKey {
    pub fn from_secret(secret: &str) -> SigningKey {
        SigningKey(secret.as_bytes().to_vec())
    }

    /// `PORTAL_SECRET` if given, else the secret stored in the database (created once).
    pub async fn load_or_create(db: &impl ConnectionTrait, configured: Option<&str>) -> ServiceResult<SigningKey> {
        if let Some(secret) = configured.filter(|secret| !secret.trim().is_empty()) {
            return Ok(SigningKey::from_secret(secret));
        }
        let mut random = [0u8; 32];
        getrandom::fill(&mut random).map_err(|error| ServiceError::Internal(error.to_string()))?;
        // Two instances starting at once: the first insert wins, both read the winner.
        setting::Entity::insert(setting::ActiveModel {
            name: Set(SECRET_SETTING.to_owned()),
            value: Set(URL_SAFE_NO_PAD.encode(random)),
        })
        .on_conflict_do_nothing_on([setting::Column::Name])
        .exec(db)
        .await?;
        let stored = setting::Entity::find_by_id(SECRET_SETTING.to_owned())
            .one(db)
            .await?
            .ok_or_else(|| ServiceError::Internal("the unsubscribe secret was not stored".into()))?;
        Ok(SigningKey::from_secret(&stored.value))
    }

    fn mac(&self, user_id: i32, request_id: i32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(format!("unsubscribe:{user_id}:{request_id}").as_bytes());
        mac
    }

    /// `<user>.<request>.<signature>`, safe in a URL.
    pub fn token(&self, user_id: i32, request_id: i32) -> String {
        let signature = self.mac(user_id, request_id).finalize().into_bytes();
        format!("{user_id}.{request_id}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// The user and request a genuine token names; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<Target> {
        let mut parts = token.trim().splitn(3, '.');
        let user_id: i32 = parts.next()?.parse().ok()?;
        let request_id: i32 = parts.next()?.parse().ok()?;
        let signature = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        self.mac(user_id, request_id).verify_slice(&signature).ok()?;
        Some(Target { user_id, request_id })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub user_id: i32,
    pub request_id: i32,
}

/// What the confirmation page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub target: Target,
    pub request_number: i64,
    pub request_subject: String,
    pub subscribed: bool,
}

/// Checks the token and tells which subscription it is about.
pub async fn inspect(db: &impl ConnectionTrait, key: &SigningKey, token: &str) -> ServiceResult<Subscription> {
    let target = key.verify(token).ok_or(ServiceError::Invalid(Code::UnsubscribeInvalidToken))?;
    let participant = request_participant::Entity::find_by_id((target.request_id, target.user_id))
        .one(db)
        .await?
        .ok_or(ServiceError::Invalid(Code::UnsubscribeNotParticipant))?;
    let request = request::Entity::find_by_id(target.request_id).one(db).await?.ok_or(ServiceError::NotFound)?;
    Ok(Subscription {
        target,
        request_number: request.number,
        request_subject: request.subject,
        subscribed: participant.subscribed,
    })
}

/// «Отписаться»: no more e-mails about this one request. Repeating it is harmless.
pub async fn unsubscribe(db: &impl ConnectionTrait, key: &SigningKey, token: &str) -> ServiceResult<Subscription> {
    let subscription = inspect(db, key, token).await?;
    request_participant::Entity::update_many()
        .col_expr(request_participant::Column::Subscribed, false.into())
        .filter(request_participant::Column::RequestId.eq(subscription.target.request_id))
        .filter(request_participant::Column::UserId.eq(subscription.target.user_id))
        .exec(db)
        .await?;
    Ok(Subscription { subscribed: false, ..subscription })
}

/// Property tests: the link in an e-mail is outside input; only what the key signed gets through.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_tokens_are_refused(token in prop_oneof![
            any::<String>(),
            r"-?[0-9]{1,12}\.-?[0-9]{1,12}\.[A-Za-z0-9_-]{0,50}",
        ]) {
            prop_assert_eq!(SigningKey::from_secret("property-test").verify(&token), None);
        }

        /// Any one-character change either breaks the token or names the same user and request
        /// (`+7` and `07` read as 7): never another target.
        #[test]
        fn a_changed_token_never_names_another_target(
            user_id in any::<i32>(),
            request_id in any::<i32>(),
            at in any::<prop::sample::Index>(),
            replacement in proptest::char::any(),
        ) {
            let key = SigningKey::from_secret("property-test");
            let token = key.token(user_id, request_id);
            let target = Target { user_id, request_id };
            prop_assert_eq!(key.verify(&token), Some(target));
            let mut chars: Vec<char> = token.chars().collect();
            let position = at.index(chars.len());
            chars[position] = replacement;
            let changed: String = chars.into_iter().collect();
            let verdict = key.verify(&changed);
            prop_assert!(verdict.is_none() || verdict == Some(target), "{changed:?} → {verdict:?}");
            prop_assert_eq!(SigningKey::from_secret("another-secret").verify(&token), None);
        }
    }
}
