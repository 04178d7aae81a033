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

/// What the administrator's certificate form sends, as typed (dates as `YYYY-MM-DD`, the form of
/// `<input type="date">`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFields {
    pub kind: String,
    pub number: String,
    pub valid_from: String,
    pub valid_to: String,
    /// A support certificate covers every product, or the ones in `products`.
    pub all_products: bool,
    pub products: Vec<i32>,
}

/// [`CertificateFields`] that passed [`CertificateFields::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCertificate {
    pub kind: CertificateKind,
    pub number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub all_products: bool,
    pub products: Vec<i32>,
}

impl CertificateFields {
    /// The first broken rule. A services certificate covers no products (they are ignored).
    pub fn validate(&self) -> Result<ValidCertificate, crate::validation::Code> {
        use crate::validation::Code;
        let kind = CertificateKind::parse(self.kind.trim()).ok_or(Code::CertificateKindInvalid)?;
        let number = self.number.trim();
        if number.is_empty() || number.chars().count() > 50 || number.chars().any(char::is_control) {
            return Err(Code::CertificateNumberLength);
        }
        let date = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let valid_from = date(&self.valid_from).ok_or(Code::CertificateDateInvalid)?;
        let valid_to = date(&self.valid_to).ok_or(Code::CertificateDateInvalid)?;
        if valid_to < valid_from {
            return Err(Code::CertificateDatesReversed);
        }
        let (all_products, mut products) = match kind {
            CertificateKind::Support if self.all_products => (true, Vec::new()),
            CertificateKind::Support if self.products.is_empty() => return Err(Code::CertificateProductsRequired),
            CertificateKind::Support => (false, self.products.clone()),
            CertificateKind::Services => (false, Vec::new()),
        };
        products.sort_unstable();
        products.dedup();
        Ok(ValidCertificate { kind, number: number.to_owned(), valid_from, valid_to, all_products, products })
    }
}

/// One certificate in the administrator's lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub id: i32,
    pub organization_id: i32,
    pub organization_name: String,
    pub kind: CertificateKind,
    pub number: String,
    /// «01.01.2026 — 31.12.2026».
    pub validity: String,
    /// Days from today to the last valid day (negative once it ended).
    pub days_left: i64,
    pub active: bool,
    /// The products it covers by name; empty with `all_products`.
    pub products: Vec<String>,
    pub all_products: bool,
}

#[cfg(test)]
mod form_tests {
    use super::*;
    use crate::validation::Code;

    fn fields(kind: &str, from: &str, to: &str) -> CertificateFields {
        CertificateFields {
            kind: kind.into(),
            number: " ТП-2027-00001 ".into(),
            valid_from: from.into(),
            valid_to: to.into(),
            all_products: false,
            products: vec![3, 1, 3],
        }
    }

    #[test]
    fn a_certificate_needs_a_kind_a_number_ordered_dates_and_for_support_products() {
        let valid = fields("support", "2027-01-01", "2027-12-31").validate().unwrap();
        assert_eq!((valid.number.as_str(), valid.products.clone()), ("ТП-2027-00001", vec![1, 3]));
        assert_eq!(fields("support", "2027-01-01", "2027-01-01").validate().map(|v| v.valid_to), Ok(valid.valid_from));
        assert_eq!(fields("gold", "2027-01-01", "2027-12-31").validate(), Err(Code::CertificateKindInvalid));
        assert_eq!(fields("support", "2027-12-31", "2027-01-01").validate(), Err(Code::CertificateDatesReversed));
        assert_eq!(fields("support", "31.12.2027", "2027-12-31").validate(), Err(Code::CertificateDateInvalid));
        let none = CertificateFields { products: vec![], ..fields("support", "2027-01-01", "2027-12-31") };
        assert_eq!(none.validate(), Err(Code::CertificateProductsRequired));
        let all = CertificateFields { all_products: true, ..none.clone() };
        assert!(all.validate().unwrap().all_products);
        let services = fields("services", "2027-01-01", "2027-12-31").validate().unwrap();
        assert!(services.products.is_empty() && !services.all_products, "services cover no products");
        let blank = CertificateFields { number: "  ".into(), ..fields("support", "2027-01-01", "2027-12-31") };
        assert_eq!(blank.validate(), Err(Code::CertificateNumberLength));
    }
}
