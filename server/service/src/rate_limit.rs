//! In-process rate limits: token buckets for sign-in attempts, «Забыли пароль?», knowledge-base
//! suggestions and uploads.
//!
//! Why in memory and not in the database: these limits only cap how fast one client can make the
//! server work (argon2 hashing, search, disk writes); a limit that lets a few more requests through
//! after a restart, or per instance when several run, is still a limit. What must hold across
//! restarts and instances — locking an account after failed sign-ins — is the database throttle in
//! [`crate::accounts::auth`]. Memory is bounded: buckets live in two generations of at most
//! [`MAX_KEYS_PER_GENERATION`] keys each; when the current one is full, the older one is dropped
//! (its clients start again with a full bucket, which is what an idle client has anyway).
//!
//! The clock is passed in (`now`), so the rules are tested without waiting.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Keys kept per generation of one limiter (two generations at most).
pub const MAX_KEYS_PER_GENERATION: usize = 10_000;

/// Sign-in attempts per client address: 30 at once, then one a second. Generous because a whole
/// office behind one address signs in at nine o'clock, and the browser test suite signs in about a
/// hundred times from 127.0.0.1; repeated wrong passwords are stopped by the database throttle.
pub const SIGN_IN: Rate = Rate { burst: 30, per_second: 1.0 };
/// «Забыли пароль?» per client address: 10 at once, then one every 30 seconds.
pub const PASSWORD_RESET_PER_ADDRESS: Rate = Rate { burst: 10, per_second: 1.0 / 30.0 };
/// «Забыли пароль?» per typed e-mail, known or not (so the limit tells nothing about accounts):
/// 3 at once, then one every 20 minutes — a mailbox is not flooded with reset e-mails.
pub const PASSWORD_RESET_PER_EMAIL: Rate = Rate { burst: 3, per_second: 1.0 / 1200.0 };
/// Suggestion queries per user: someone typing fast sends about eight a second.
pub const SUGGESTIONS: Rate = Rate { burst: 40, per_second: 20.0 };
/// File uploads per user: 30 at once (a folder dropped on the form), then one every two seconds.
pub const UPLOADS: Rate = Rate { burst: 30, per_second: 0.5 };

/// The rates of the three limits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rates {
    pub sign_in: Rate,
    pub password_reset_per_address: Rate,
    pub password_reset_per_email: Rate,
    pub suggestions: Rate,
    pub uploads: Rate,
}

impl Rates {
    /// What the portal runs with.
    pub const PORTAL: Rates = Rates {
        sign_in: SIGN_IN,
        password_reset_per_address: PASSWORD_RESET_PER_ADDRESS,
        password_reset_per_email: PASSWORD_RESET_PER_EMAIL,
        suggestions: SUGGESTIONS,
        uploads: UPLOADS,
    };
}

/// A token bucket: `burst` requests at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub burst: u32,
    pub per_second: f64,
}

/// A refused request: how long until the next one is allowed, in whole seconds (at least 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limited {
    pub retry_after_secs: u64,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Token buckets keyed by `K` (a client address, a user id).
#[derive(Debug)]
pub struct RateLimiter<K> {
    rate: Rate,
    max_keys_per_generation: usize,
    generations: Mutex<Generations<K>>,
}

#[derive(Debug)]
struct Generations<K> {
    current: HashMap<K, Bucket>,
    previous: HashMap<K, Bucket>,
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(rate: Rate) -> Self {
        Self::with_capacity(rate, MAX_KEYS_PER_GENERATION)
    }

    /// A limiter that keeps at most `2 × max_keys_per_generation` keys.
    pub fn with_capacity(rate: Rate, max_keys_per_generation: usize) -> Self {
        RateLimiter {
            rate,
            max_keys_per_generation: max_keys_per_generation.max(1),
            generations: Mutex::new(Generations { current: HashMap::new(), previous: HashMap::new() }),
        }
    }

    /// Takes one token from `key`'s bucket, or says how long to wait. A refused request takes
    /// nothing, so a client that keeps retrying too early is let in as soon as the wait is over.
    pub fn check(&self, key: K, now: Instant) -> Result<(), Limited> {
        let mut generations = self.generations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = match generations.current.get(&key) {
            Some(bucket) => *bucket,
            None => generations.previous.remove(&key).unwrap_or(Bucket { tokens: f64::from(self.rate.burst), updated: now }),
        };
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        let tokens = (bucket.tokens + elapsed * self.rate.per_second).min(f64::from(self.rate.burst));
        let (tokens, outcome) = if tokens >= 1.0 {
            (tokens - 1.0, Ok(()))
        } else {
            // `as` saturates: a zero rate (never configured) waits "forever" instead of panicking.
            let wait = ((1.0 - tokens) / self.rate.per_second).ceil().max(1.0);
            (tokens, Err(Limited { retry_after_secs: wait as u64 }))
        };
        // A clock that went backwards (or an older `now`) keeps the later time: never a refill.
        let updated = bucket.updated.max(now);
        if !generations.current.contains_key(&key) && generations.current.len() >= self.max_keys_per_generation {
            generations.previous = std::mem::take(&mut generations.current);
        }
        generations.current.insert(key, Bucket { tokens, updated });
        outcome
    }

    /// How many keys are remembered (both generations).
    pub fn remembered_keys(&self) -> usize {
        let generations = self.generations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        generations.current.len() + generations.previous.len()
    }
}

/// The portal's limits, one set per running server (cheap to clone, shared by every request).
#[derive(Clone, Debug)]
pub struct RateLimits {
    inner: Arc<Limiters>,
}

#[derive(Debug)]
struct Limiters {
    /// `None`: the client address is unknown (only in tests that build requests by hand).
    sign_in: RateLimiter<Option<IpAddr>>,
    password_reset_per_address: RateLimiter<Option<IpAddr>>,
    /// Normalised e-mail addresses.
    password_reset_per_email: RateLimiter<String>,
    suggestions: RateLimiter<i32>,
    uploads: RateLimiter<i32>,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits::new(Rates::PORTAL)
    }
}

impl RateLimits {
    pub fn new(rates: Rates) -> Self {
        RateLimits {
            inner: Arc::new(Limiters {
                sign_in: RateLimiter::new(rates.sign_in),
                password_reset_per_address: RateLimiter::new(rates.password_reset_per_address),
                password_reset_per_email: RateLimiter::new(rates.password_reset_per_email),
                suggestions: RateLimiter::new(rates.suggestions),
                uploads: RateLimiter::new(rates.uploads),
            }),
        }
    }

    /// One sign-in attempt from `address`.
    pub fn sign_in(&self, address: Option<IpAddr>, now: Instant) -> Result<(), Limited> {
        self.inner.sign_in.check(address, now)
    }

    /// One «Забыли пароль?» from `address` for the (normalised) `email`: both limits must pass.
    /// The address is checked first, so one client cycling through e-mails spends its own bucket.
    pub fn password_reset(&self, address: Option<IpAddr>, email: &str, now: Instant) -> Result<(), Limited> {
        self.inner.password_reset_per_address.check(address, now)?;
        self.inner.password_reset_per_email.check(email.to_owned(), now)
    }

    /// One suggestion query of user `user_id`.
    pub fn suggestions(&self, user_id: i32, now: Instant) -> Result<(), Limited> {
        self.inner.suggestions.check(user_id, now)
    }

    /// One upload of user `user_id`.
    pub fn upload(&self, user_id: i32, now: Instant) -> Result<(), Limited> {
        self.inner.uploads.check(user_id, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const RATE: Rate = Rate { burst: 3, per_second: 0.5 };

    #[test]
    fn a_burst_passes_then_the_next_request_waits_for_a_token() {
        let limiter = RateLimiter::new(RATE);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check("a", start), Ok(()));
        }
        // One token every two seconds.
        assert_eq!(limiter.check("a", start), Err(Limited { retry_after_secs: 2 }));
        assert_eq!(limiter.check("a", start + Duration::from_millis(1500)), Err(Limited { retry_after_secs: 1 }));
        assert_eq!(limiter.check("a", start + Duration::from_secs(2)), Ok(()));
        assert_eq!(limiter.check("a", start + Duration::from_secs(2)), Err(Limited { retry_after_secs: 2 }));
    }

    #[test]
    fn keys_have_separate_buckets() {
        let limiter = RateLimiter::new(RATE);
        let now = Instant::now();
        for _ in 0..3 {
            limiter.check(1, now).unwrap();
        }
        assert!(limiter.check(1, now).is_err());
        assert_eq!(limiter.check(2, now), Ok(()));
    }

    #[test]
    fn an_idle_bucket_refills_only_up_to_the_burst() {
        let limiter = RateLimiter::new(RATE);
        let start = Instant::now();
        limiter.check("a", start).unwrap();
        let later = start + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(limiter.check("a", later), Ok(()));
        }
        assert!(limiter.check("a", later).is_err());
    }

    #[test]
    fn an_earlier_now_never_refills() {
        let limiter = RateLimiter::new(RATE);
        let start = Instant::now() + Duration::from_secs(10);
        for _ in 0..3 {
            limiter.check("a", start).unwrap();
        }
        assert!(limiter.check("a", start - Duration::from_secs(10)).is_err());
        assert!(limiter.check("a", start).is_err());
    }

    #[test]
    fn memory_is_bounded_and_recent_keys_are_kept() {
        let limiter = RateLimiter::with_capacity(RATE, 4);
        let now = Instant::now();
        for _ in 0..3 {
            limiter.check(0, now).unwrap();
        }
        for key in 1..=100 {
            limiter.check(key, now).unwrap();
            // Key 0 stays busy, so it is carried into the newest generation each time.
            if key % 2 == 0 {
                assert!(limiter.check(0, now).is_err(), "key 0 got a fresh bucket after key {key}");
            }
            assert!(limiter.remembered_keys() <= 8);
        }
    }

    #[test]
    fn the_portal_limits_are_per_kind() {
        let limits = RateLimits::default();
        let now = Instant::now();
        for _ in 0..UPLOADS.burst {
            limits.upload(7, now).unwrap();
        }
        assert!(limits.upload(7, now).is_err());
        assert_eq!(limits.suggestions(7, now), Ok(()));
        assert_eq!(limits.sign_in(None, now), Ok(()));
    }

    #[test]
    fn password_resets_are_limited_per_e_mail_across_addresses_and_per_address_across_e_mails() {
        let limits = RateLimits::default();
        let now = Instant::now();
        let address = |n: u8| Some(IpAddr::from([10, 0, 0, n]));
        for n in 0..PASSWORD_RESET_PER_EMAIL.burst as u8 {
            limits.password_reset(address(n), "anna@romashka.test", now).unwrap();
        }
        assert!(limits.password_reset(address(99), "anna@romashka.test", now).is_err(), "a fourth address does not help");
        assert_eq!(limits.password_reset(address(99), "oleg@romashka.test", now), Ok(()));
        for n in 0..PASSWORD_RESET_PER_ADDRESS.burst {
            let _ = limits.password_reset(address(200), &format!("user{n}@example.test"), now);
        }
        assert!(limits.password_reset(address(200), "fresh@example.test", now).is_err(), "one address cycling e-mails");
    }
}
