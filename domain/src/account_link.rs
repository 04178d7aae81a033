//! Single-use account links («Задать пароль»): what a link is for and what its page shows.

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkPurpose {
    /// An invited person (or the first administrator) chooses a first password.
    Invitation,
    /// «Забыли пароль?».
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }

    pub fn parse(code: &str) -> Option<LinkPurpose> {
        [LinkPurpose::Invitation, LinkPurpose::PasswordReset].into_iter().find(|purpose| purpose.as_str() == code)
    }

    /// How long a link of this purpose may be used.
    pub fn lifetime(self) -> Duration {
        match self {
            LinkPurpose::Invitation => Duration::days(7),
            LinkPurpose::PasswordReset => Duration::hours(1),
        }
    }
}

/// A usable link, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedLink {
    pub purpose: LinkPurpose,
    /// The account whose password the link sets.
    pub email: String,
}

/// Where the link of `token` opens.
pub fn link_path(token: &str) -> String {
    format!("/password/set?token={token}")
}
