//! The request chat as the browser receives it: messages, their authors' side, system lines and
//! the rules a message body must satisfy (checked in the form and again on the server).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentInfo;
use crate::validation::Code;
use crate::{RequestStatus, Role};

/// Limits of a chat message.
pub mod limits {
    /// Longest message body, in characters.
    pub const MESSAGE_MAX_CHARS: usize = 10_000;
    /// At most this many messages are returned by one read; readers loop for more.
    pub const MESSAGE_BATCH: u64 = 500;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageKind {
    /// Written by a person.
    User,
    /// Recorded by the portal (status change, assignment); rendered from [`SystemEvent`].
    System,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::User => "user",
            MessageKind::System => "system",
        }
    }

    pub fn parse(value: &str) -> Option<MessageKind> {
        [MessageKind::User, MessageKind::System].into_iter().find(|kind| kind.as_str() == value)
    }
}

/// Which side of the conversation an author is on (decides the bubble's look).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorRole {
    Client,
    Support,
    Manager,
}

impl AuthorRole {
    pub fn of(role: Role) -> AuthorRole {
        match role {
            Role::Customer | Role::OrgAdmin => AuthorRole::Client,
            Role::Manager => AuthorRole::Manager,
            Role::SupportAgent | Role::Administrator => AuthorRole::Support,
        }
    }
}

/// What a system line says. Stored as JSON in the message body and turned into a sentence in the
/// reader's language by the UI, so the history reads right in either language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SystemEvent {
    StatusChanged {
        from: RequestStatus,
        to: RequestStatus,
    },
    Assigned {
        assignee_name: String,
    },
    /// The organization admin made `author_name` the author of a request without author
    /// (`by_name` is the admin; equal names mean the admin took it themselves).
    AuthorAssigned {
        by_name: String,
        author_name: String,
    },
    /// The author's account was deactivated; the request has no author now.
    AuthorDeactivated {
        author_name: String,
    },
}

/// One line of the chat as its reader sees it: the service, the page and the live stream use
/// this one type (only `time` depends on the reader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Increases in commit order within a request; the live stream resumes after it.
    pub id: i64,
    pub kind: MessageKind,
    /// Who wrote it (for a system line: whose action it records); None when the author no
    /// longer exists.
    pub author_name: Option<String>,
    pub author_role: Option<AuthorRole>,
    /// The text of a user message; empty for system lines.
    pub body: String,
    /// Set for a system line («Статус изменён: …»); the page words it in the reader's language.
    pub system: Option<SystemEvent>,
    /// For the `<time datetime>` attribute.
    pub created_at: DateTime<Utc>,
    /// `created_at` in the reader's time zone, e.g. «29.11.2026 14:05».
    pub time: String,
    pub attachments: Vec<AttachmentInfo>,
}

/// What the composer sends. `client_message_id` is minted in the browser when a message is
/// started and kept across retries, so a message sent twice is stored once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    pub number: i64,
    pub body: String,
    pub client_message_id: String,
    pub attachment_ids: Vec<i32>,
}

impl NewMessage {
    pub fn new(number: i64, body: impl Into<String>, client_message_id: impl Into<String>, attachment_ids: &[i32]) -> NewMessage {
        NewMessage {
            number,
            body: body.into(),
            client_message_id: client_message_id.into(),
            attachment_ids: attachment_ids.to_vec(),
        }
    }
}

/// Checks a message body; the error is a rule code (`message.required`, `message.too_long`).
pub fn validate_message_body(body: &str) -> Result<(), Code> {
    let length = body.trim().chars().count();
    if crate::validation::has_forbidden_characters(body) {
        Err(Code::MessageInvalidCharacters)
    } else if length == 0 {
        Err(Code::MessageRequired)
    } else if body.trim_end().chars().count() > limits::MESSAGE_MAX_CHARS {
        Err(Code::MessageTooLong)
    } else {
        Ok(())
    }
}

/// A client message id: what `crypto.randomUUID()` gives, or any 16–64 letters, digits and dashes.
pub fn is_valid_client_message_id(id: &str) -> bool {
    (16..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_have_text_within_the_limit() {
        assert_eq!(validate_message_body("  \n "), Err(Code::MessageRequired));
        assert_eq!(validate_message_body("Спасибо, проверю"), Ok(()));
        assert_eq!(validate_message_body(&"я".repeat(limits::MESSAGE_MAX_CHARS)), Ok(()));
        assert_eq!(validate_message_body(&"я".repeat(limits::MESSAGE_MAX_CHARS + 1)), Err(Code::MessageTooLong));
    }

    #[test]
    fn client_ids_are_uuid_like() {
        assert!(is_valid_client_message_id("3f2b8c1e-0a4d-4c7e-9b1a-2d5e6f7a8b9c"));
        assert!(!is_valid_client_message_id("short"));
        assert!(!is_valid_client_message_id("3f2b8c1e 0a4d 4c7e 9b1a 2d5e6f7a8b9c"));
    }

    #[test]
    fn roles_map_to_sides() {
        assert_eq!(AuthorRole::of(Role::OrgAdmin), AuthorRole::Client);
        assert_eq!(AuthorRole::of(Role::Administrator), AuthorRole::Support);
        assert_eq!(AuthorRole::of(Role::Manager), AuthorRole::Manager);
    }
}

/// Property tests of chat input checks.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn accepted_bodies_have_text_within_the_limit(
            body in prop_oneof![any::<String>(), "[ \n\tя]{0,40}", "я{9990,10010}"],
        ) {
            if validate_message_body(&body).is_ok() {
                prop_assert!(!body.trim().is_empty());
                prop_assert!(body.trim().chars().count() <= limits::MESSAGE_MAX_CHARS);
            }
        }

        #[test]
        fn client_message_ids_are_short_and_plain(id in prop_oneof![any::<String>(), "[a-f0-9-]{10,70}"]) {
            if is_valid_client_message_id(&id) {
                prop_assert!((16..=64).contains(&id.len()));
                prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
            }
        }
    }
}
