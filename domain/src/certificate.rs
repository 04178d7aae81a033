//! Certificates entitle an organization to support or to services for a period of time.
//!
//! "Active" is the one rule everything else builds on: today lies within the validity period,
//! both ends inclusive. The caller passes today's date so the rule can be tested for any day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CertificateKind {
    /// Technical support for the covered products.
    Support,
    /// Professional services (implementation, training, audit).
    Services,
}

impl CertificateKind {
    pub const ALL: [CertificateKind; 2] = [CertificateKind::Support, CertificateKind::Services];

    pub fn as_str(self) -> &'static str {
        match self {
            CertificateKind::Support => "support",
            CertificateKind::Services => "services",
        }
    }

    pub fn parse(value: &str) -> Option<CertificateKind> {
        CertificateKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// Whether a certificate valid from `valid_from` to `valid_to` (inclusive) is active on `today`.
pub fn is_active(valid_from: NaiveDate, valid_to: NaiveDate, today: NaiveDate) -> bool {
    valid_from <= today && today <= valid_to
}

/// How «Запрос на услуги» is offered to an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServicesAvailability {
    /// At least one services certificate is active.
    Available,
    /// Services certificates exist but none is active; the latest one ended on this date.
    Expired { last_valid_to: NaiveDate },
    /// Services certificates exist but all of them start in the future.
    NotYetActive { starts_on: NaiveDate },
    /// The organization never had a services certificate: the type is not offered at all.
    Absent,
}

/// Decides the availability of services requests from the validity periods of an
/// organization's services certificates.
pub fn services_availability(
    periods: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
    today: NaiveDate,
) -> ServicesAvailability {
    let mut last_valid_to: Option<NaiveDate> = None;
    let mut first_start: Option<NaiveDate> = None;
    for (valid_from, valid_to) in periods {
        if is_active(valid_from, valid_to, today) {
            return ServicesAvailability::Available;
        }
        if valid_to < today {
            last_valid_to = Some(last_valid_to.map_or(valid_to, |seen| seen.max(valid_to)));
        } else {
            first_start = Some(first_start.map_or(valid_from, |seen| seen.min(valid_from)));
        }
    }
    match (last_valid_to, first_start) {
        (Some(last_valid_to), _) => ServicesAvailability::Expired { last_valid_to },
        (None, Some(starts_on)) => ServicesAvailability::NotYetActive { starts_on },
        (None, None) => ServicesAvailability::Absent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn active_includes_both_ends_of_the_period() {
        let (from, to) = (date(2026, 1, 1), date(2026, 12, 31));
        assert!(is_active(from, to, date(2026, 1, 1)));
        assert!(is_active(from, to, date(2026, 12, 31)));
        assert!(!is_active(from, to, date(2025, 12, 31)));
        assert!(!is_active(from, to, date(2027, 1, 1)));
    }

    #[test]
    fn services_availability_for_each_case() {
        let today = date(2026, 11, 29);
        assert_eq!(services_availability([(date(2026, 1, 1), date(2027, 1, 1))], today), ServicesAvailability::Available);
        assert_eq!(
            services_availability([(date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2026, 10, 30))], today),
            ServicesAvailability::Expired { last_valid_to: date(2026, 10, 30) }
        );
        assert_eq!(services_availability([], today), ServicesAvailability::Absent);
        assert_eq!(
            services_availability([(date(2027, 1, 1), date(2027, 12, 31))], today),
            ServicesAvailability::NotYetActive { starts_on: date(2027, 1, 1) }
        );
    }

    #[test]
    fn an_active_certificate_wins_over_expired_ones() {
        let today = date(2026, 11, 29);
        assert_eq!(
            services_availability([(date(2020, 1, 1), date(2021, 1, 1)), (date(2026, 11, 29), date(2026, 11, 29))], today),
            ServicesAvailability::Available
        );
    }
}
