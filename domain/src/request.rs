//! Request types and statuses, with their database codes.

use serde::{Deserialize, Serialize};

use crate::validation::Code;

/// The four kinds of request a customer can open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestKind {
    /// «Консультация по вопросам технической поддержки и обновлений»
    TechnicalSupport,
    /// «Запрос на услуги» — needs an active services certificate.
    Services,
    /// «Коммерческий запрос» — answered by a commercial manager.
    Commercial,
    /// «Консультация по сервисам» — questions about the portal itself.
    PortalServices,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] =
        [RequestKind::TechnicalSupport, RequestKind::Services, RequestKind::Commercial, RequestKind::PortalServices];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::TechnicalSupport => "technical_support",
            RequestKind::Services => "services",
            RequestKind::Commercial => "commercial",
            RequestKind::PortalServices => "portal_services",
        }
    }

    pub fn parse(value: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// Commercial requests are answered by managers, everything else by support engineers.
    pub fn answered_by_managers(self) -> bool {
        self == RequestKind::Commercial
    }
}

/// Where a request is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    /// «Новый»
    New,
    /// «В работе»
    InProgress,
    /// «Ожидает ответа клиента»
    AwaitingCustomer,
    /// «Решено» — may still be reopened by a comment within the reopen window.
    Resolved,
    /// «Закрыт» — final.
    Closed,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::New,
        RequestStatus::InProgress,
        RequestStatus::AwaitingCustomer,
        RequestStatus::Resolved,
        RequestStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::New => "new",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::AwaitingCustomer => "awaiting_customer",
            RequestStatus::Resolved => "resolved",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|status| status.as_str() == value)
    }

    /// Open requests still expect work from support or the customer.
    pub fn is_open(self) -> bool {
        !matches!(self, RequestStatus::Resolved | RequestStatus::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::parse(kind.as_str()), Some(kind));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RequestStatus::parse("deleted"), None);
    }

    #[test]
    fn only_commercial_requests_go_to_managers() {
        let to_managers: Vec<_> = RequestKind::ALL.into_iter().filter(|kind| kind.answered_by_managers()).collect();
        assert_eq!(to_managers, vec![RequestKind::Commercial]);
    }

    #[test]
    fn resolved_and_closed_are_not_open() {
        assert!(RequestStatus::New.is_open());
        assert!(RequestStatus::AwaitingCustomer.is_open());
        assert!(!RequestStatus::Resolved.is_open());
        assert!(!RequestStatus::Closed.is_open());
    }
}

/// What the creation form submits, as the server receives it. Missing fields read as empty, so
/// the server's own validation answers them field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewRequest {
    pub kind: Option<RequestKind>,
    pub subject: String,
    pub description: String,
    pub product_id: Option<i32>,
    pub version_id: Option<i32>,
    pub update_id: Option<i32>,
    pub certificate_id: Option<i32>,
    pub classification_id: Option<i32>,
    /// Minted when the form opens; a retry with the same key returns the same request.
    pub idempotency_key: String,
    /// Uploads (by their id) to attach to the new request.
    pub attachment_ids: Vec<i32>,
    /// The draft this request is created from (removed in the same transaction).
    pub draft_id: Option<i32>,
}

/// Limits of the request form, checked in the browser and again on the server.
pub mod limits {
    pub const SUBJECT_MIN_CHARS: usize = 5;
    pub const SUBJECT_MAX_CHARS: usize = 200;
    pub const DESCRIPTION_MAX_CHARS: usize = 20_000;
}

/// Checks «Тема запроса»; the error is a rule code the UI turns into a sentence.
pub fn validate_subject(subject: &str) -> Result<(), Code> {
    let length = subject.trim().chars().count();
    if crate::validation::has_forbidden_characters(subject) {
        Err(Code::SubjectInvalidCharacters)
    } else if length == 0 {
        Err(Code::Required)
    } else if length < limits::SUBJECT_MIN_CHARS {
        Err(Code::SubjectTooShort)
    } else if length > limits::SUBJECT_MAX_CHARS {
        Err(Code::SubjectTooLong)
    } else {
        Ok(())
    }
}

/// Checks «Описание».
pub fn validate_description(description: &str) -> Result<(), Code> {
    let length = description.trim().chars().count();
    if crate::validation::has_forbidden_characters(description) {
        Err(Code::DescriptionInvalidCharacters)
    } else if length == 0 {
        Err(Code::Required)
    } else if length > limits::DESCRIPTION_MAX_CHARS {
        Err(Code::DescriptionTooLong)
    } else {
        Ok(())
    }
}

/// The text requests are searched by: lower case, «ё» read as «е» (SQLite's LOWER() knows
/// only ASCII, so this form is stored next to the subject).
pub fn search_text(number: i64, subject: &str) -> String {
    format!("{number} {}", normalize_for_search(subject))
}

/// Also drops NUL characters: PostgreSQL refuses them in text, so a search typed with one
/// (`?q=%00`) would otherwise fail instead of answering.
pub fn normalize_for_search(text: &str) -> String {
    text.to_lowercase().replace('ё', "е").replace('\0', "")
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn subject_length_is_checked_in_characters() {
        assert_eq!(validate_subject("   "), Err(Code::Required));
        assert_eq!(validate_subject("Сбой"), Err(Code::SubjectTooShort));
        assert_eq!(validate_subject("Сбой!"), Ok(()));
        assert_eq!(validate_subject(&"я".repeat(200)), Ok(()));
        assert_eq!(validate_subject(&"я".repeat(201)), Err(Code::SubjectTooLong));
    }

    #[test]
    fn description_is_required_and_bounded() {
        assert_eq!(validate_description("\n\n"), Err(Code::Required));
        assert_eq!(validate_description(&"ж".repeat(20_000)), Ok(()));
        assert_eq!(validate_description(&"ж".repeat(20_001)), Err(Code::DescriptionTooLong));
    }

    #[test]
    fn search_text_ignores_case_and_yo() {
        assert_eq!(search_text(17, "Ошибка ЁЛКИ в ALD Pro"), "17 ошибка елки в ald pro");
    }
}

/// Property tests of the search normalisation the list filter and the stored column share.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Stored `search_text` and the typed search go through the same function; if applying
        /// it twice changed anything, a stored subject could stop matching its own words.
        #[test]
        fn search_normalisation_is_idempotent(text in prop_oneof![any::<String>(), "[ЁёЕеİIΣσς ßA-Za-z]{0,20}"]) {
            let once = normalize_for_search(&text);
            prop_assert_eq!(normalize_for_search(&once), once.clone());
            prop_assert!(!once.contains(['ё', 'Ё', '\0']));
            prop_assert!(search_text(1042, &text).contains(&once));
        }

        #[test]
        fn form_checks_count_characters_after_trimming(text in any::<String>()) {
            let length = text.trim().chars().count();
            prop_assert_eq!(validate_subject(&text).is_ok(), (limits::SUBJECT_MIN_CHARS..=limits::SUBJECT_MAX_CHARS).contains(&length));
            prop_assert_eq!(validate_description(&text).is_ok(), (1..=limits::DESCRIPTION_MAX_CHARS).contains(&length));
        }
    }
}
