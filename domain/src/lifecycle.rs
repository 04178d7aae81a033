//! The end of a request's life: «Решено» → reopen window → «Закрыт», closing by hand, and who
//! may rate. Pure rules with the clock passed in (`now`), so every edge is unit-tested; the
//! service layer applies them inside transactions.
//!
//! After support marks a request «Решено» the customer may still reopen it by commenting until
//! `resolved_at + window`; after that a background job closes it for good.

use chrono::{DateTime, Duration, Utc};

use crate::RequestStatus;

/// How long a resolved request may be reopened by a customer's comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReopenWindow(Duration);

impl ReopenWindow {
    pub const DEFAULT_HOURS: i64 = 72;

    pub fn hours(hours: i64) -> ReopenWindow {
        ReopenWindow(Duration::hours(hours.max(0)))
    }

    pub fn duration(self) -> Duration {
        self.0
    }

    /// The last moment a comment still reopens a request resolved at `resolved_at`.
    pub fn deadline(self, resolved_at: DateTime<Utc>) -> DateTime<Utc> {
        resolved_at + self.0
    }

    /// Whether `now` is still inside the window (the deadline itself is inside).
    pub fn is_open(self, resolved_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now <= self.deadline(resolved_at)
    }
}

impl Default for ReopenWindow {
    fn default() -> ReopenWindow {
        ReopenWindow::hours(ReopenWindow::DEFAULT_HOURS)
    }
}

/// What a customer's comment does to the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerComment {
    /// Accepted; the status stays.
    Accepted,
    /// Accepted and the request moves to this status (with a system line).
    Reopens(RequestStatus),
    /// Refused: the request is closed — or its reopen window has passed, which the customer
    /// experiences exactly like a closed request.
    Refused,
}

/// The rule for a customer's comment on a request in `status`, resolved at `resolved_at`.
pub fn customer_comment(
    status: RequestStatus,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> CustomerComment {
    match status {
        RequestStatus::Closed => CustomerComment::Refused,
        RequestStatus::AwaitingCustomer => CustomerComment::Reopens(RequestStatus::InProgress),
        RequestStatus::Resolved => match resolved_at {
            Some(resolved_at) if window.is_open(resolved_at, now) => CustomerComment::Reopens(RequestStatus::InProgress),
            Some(_) => CustomerComment::Refused,
            // A resolved request without a time (legacy data) is treated as just resolved.
            None => CustomerComment::Reopens(RequestStatus::InProgress),
        },
        RequestStatus::New | RequestStatus::InProgress => CustomerComment::Accepted,
    }
}

/// Whether the auto-close job closes this request at `now`: resolved and the window is over.
pub fn auto_close_due(
    status: RequestStatus,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> bool {
    status == RequestStatus::Resolved && resolved_at.is_some_and(|resolved_at| !window.is_open(resolved_at, now))
}

/// The cutoff for the job's conditional update: requests resolved strictly before it are due.
pub fn auto_close_cutoff(now: DateTime<Utc>, window: ReopenWindow) -> DateTime<Utc> {
    now - window.duration()
}

/// «Закрыть запрос» by hand: from every status but «Закрыт».
pub fn may_close(status: RequestStatus) -> bool {
    status != RequestStatus::Closed
}

/// The effective status the customer sees: a resolved request whose window has passed is closed
/// for them even before the job has run.
pub fn effective_status(
    status: RequestStatus,
    resolved_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    window: ReopenWindow,
) -> RequestStatus {
    if auto_close_due(status, resolved_at, now, window) { RequestStatus::Closed } else { status }
}

/// Why a request was closed (stored in `requests.close_reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloseReason {
    /// «Закрыть запрос» by the initiator, a participant or the organization's administrator.
    ByUser,
    /// The reopen window passed without a comment from the customer.
    NoCustomerActivity,
}

impl CloseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::ByUser => "closed_by_user",
            CloseReason::NoCustomerActivity => "no_customer_activity",
        }
    }

    pub fn parse(value: &str) -> Option<CloseReason> {
        [CloseReason::ByUser, CloseReason::NoCustomerActivity].into_iter().find(|reason| reason.as_str() == value)
    }
}

/// Rating rules: «Оцените работу поддержки».
pub mod rating {
    use crate::RequestStatus;
    use crate::validation::Code;

    pub const COMMENT_MAX_CHARS: usize = 2_000;

    /// The rating form is offered on resolved and closed requests.
    pub fn may_rate(status: RequestStatus) -> bool {
        matches!(status, RequestStatus::Resolved | RequestStatus::Closed)
    }

    /// A rating may be changed until the request is closed for good; on a closed request the
    /// first rating may still be given, but it is final.
    pub fn may_save(status: RequestStatus, already_rated: bool) -> bool {
        match status {
            RequestStatus::Resolved => true,
            RequestStatus::Closed => !already_rated,
            _ => false,
        }
    }

    /// Stars 1–5 and an optional comment of bounded length; error codes for the UI.
    pub fn validate(stars: i16, comment: Option<&str>) -> Result<(), Code> {
        if !(1..=5).contains(&stars) {
            return Err(Code::RatingStars);
        }
        if comment.is_some_and(crate::validation::has_forbidden_characters) {
            return Err(Code::RatingInvalidCharacters);
        }
        if comment.is_some_and(|text| text.chars().count() > COMMENT_MAX_CHARS) {
            return Err(Code::RatingCommentTooLong);
        }
        Ok(())
    }
}

/// Validation of the linked request's «additional information».
pub mod linked {
    use crate::validation::Code;
    pub const INFO_MAX_CHARS: usize = 10_000;

    pub fn validate_info(text: &str) -> Result<(), Code> {
        let trimmed = text.trim();
        if crate::validation::has_forbidden_characters(text) {
            return Err(Code::LinkedInvalidCharacters);
        }
        if trimmed.is_empty() {
            return Err(Code::LinkedInfoRequired);
        }
        if trimmed.chars().count() > INFO_MAX_CHARS {
            return Err(Code::LinkedInfoTooLong);
        }
        Ok(())
    }

    /// The subject of the new request: «Связан с № N».
    pub fn subject(number: i64) -> String {
        format!("Связан с № {number}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Code;
    use RequestStatus::*;
    use chrono::TimeZone;

    /// The injected clock: a fixed resolution time and offsets from it.
    fn resolved_at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 9, 11, 5, 0).unwrap()
    }

    fn after(hours: i64, minutes: i64, seconds: i64) -> DateTime<Utc> {
        resolved_at() + Duration::hours(hours) + Duration::minutes(minutes) + Duration::seconds(seconds)
    }

    #[test]
    fn a_comment_just_inside_the_window_reopens() {
        let window = ReopenWindow::default();
        assert_eq!(
            customer_comment(Resolved, Some(resolved_at()), after(71, 59, 59), window),
            CustomerComment::Reopens(InProgress)
        );
        assert_eq!(
            customer_comment(Resolved, Some(resolved_at()), after(72, 0, 0), window),
            CustomerComment::Reopens(InProgress)
        );
        assert_eq!(customer_comment(Resolved, Some(resolved_at()), after(0, 0, 1), window), CustomerComment::Reopens(InProgress));
    }

    #[test]
    fn a_comment_one_second_late_does_not_reopen() {
        let window = ReopenWindow::default();
        assert_eq!(customer_comment(Resolved, Some(resolved_at()), after(72, 0, 1), window), CustomerComment::Refused);
        assert_eq!(customer_comment(Resolved, Some(resolved_at()), after(400, 0, 0), window), CustomerComment::Refused);
    }

    #[test]
    fn the_deadline_is_resolution_plus_the_window() {
        assert_eq!(ReopenWindow::default().deadline(resolved_at()), Utc.with_ymd_and_hms(2026, 3, 12, 11, 5, 0).unwrap());
        assert_eq!(ReopenWindow::hours(1).deadline(resolved_at()), after(1, 0, 0));
    }

    #[test]
    fn every_status_answers_a_customer_comment() {
        let window = ReopenWindow::default();
        let now = after(1, 0, 0);
        assert_eq!(customer_comment(New, None, now, window), CustomerComment::Accepted);
        assert_eq!(customer_comment(InProgress, None, now, window), CustomerComment::Accepted);
        assert_eq!(customer_comment(AwaitingCustomer, None, now, window), CustomerComment::Reopens(InProgress));
        assert_eq!(customer_comment(Resolved, Some(resolved_at()), now, window), CustomerComment::Reopens(InProgress));
        assert_eq!(customer_comment(Resolved, None, now, window), CustomerComment::Reopens(InProgress));
        assert_eq!(customer_comment(Closed, Some(resolved_at()), now, window), CustomerComment::Refused);
    }

    #[test]
    fn auto_close_takes_only_resolved_requests_past_the_deadline() {
        let window = ReopenWindow::default();
        assert!(!auto_close_due(Resolved, Some(resolved_at()), after(71, 59, 59), window));
        assert!(!auto_close_due(Resolved, Some(resolved_at()), after(72, 0, 0), window));
        assert!(auto_close_due(Resolved, Some(resolved_at()), after(72, 0, 1), window));
        for status in [New, InProgress, AwaitingCustomer, Closed] {
            assert!(!auto_close_due(status, Some(resolved_at()), after(500, 0, 0), window), "{status:?}");
        }
        assert!(!auto_close_due(Resolved, None, after(500, 0, 0), window));
        // The job's SQL cutoff agrees with the rule: resolved strictly before it is due.
        let now = after(72, 0, 1);
        assert!(resolved_at() < auto_close_cutoff(now, window));
        assert!(resolved_at() >= auto_close_cutoff(after(72, 0, 0), window));
    }

    #[test]
    fn the_customer_sees_a_late_resolved_request_as_closed() {
        let window = ReopenWindow::default();
        assert_eq!(effective_status(Resolved, Some(resolved_at()), after(71, 0, 0), window), Resolved);
        assert_eq!(effective_status(Resolved, Some(resolved_at()), after(72, 0, 1), window), Closed);
        assert_eq!(effective_status(InProgress, None, after(900, 0, 0), window), InProgress);
    }

    #[test]
    fn closing_by_hand_is_allowed_from_every_open_status() {
        for status in [New, InProgress, AwaitingCustomer, Resolved] {
            assert!(may_close(status), "{status:?}");
        }
        assert!(!may_close(Closed));
    }

    #[test]
    fn close_reasons_round_trip() {
        for reason in [CloseReason::ByUser, CloseReason::NoCustomerActivity] {
            assert_eq!(CloseReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(CloseReason::parse("other"), None);
    }

    #[test]
    fn ratings_are_given_on_finished_requests_and_frozen_when_closed() {
        for status in [New, InProgress, AwaitingCustomer] {
            assert!(!rating::may_rate(status));
            assert!(!rating::may_save(status, false));
        }
        assert!(rating::may_save(Resolved, false));
        assert!(rating::may_save(Resolved, true), "changeable while resolved");
        assert!(rating::may_save(Closed, false), "a first rating after closing is welcome");
        assert!(!rating::may_save(Closed, true), "final once closed");
        assert_eq!(rating::validate(0, None), Err(Code::RatingStars));
        assert_eq!(rating::validate(6, None), Err(Code::RatingStars));
        assert_eq!(rating::validate(5, Some("Спасибо!")), Ok(()));
        assert_eq!(rating::validate(1, Some(&"я".repeat(rating::COMMENT_MAX_CHARS + 1))), Err(Code::RatingCommentTooLong));
    }

    #[test]
    fn linked_request_info_is_required() {
        assert_eq!(linked::validate_info("  \n"), Err(Code::LinkedInfoRequired));
        assert_eq!(linked::validate_info("Ошибка повторилась после обновления"), Ok(()));
        assert_eq!(linked::subject(1005), "Связан с № 1005");
    }
}
