//! A customer organization as the administrator edits it: its requisites (ИНН, КПП), their
//! checks, and the rows and card the «Организации» pages show.

use serde::{Deserialize, Serialize};

use crate::validation::{Code, has_forbidden_characters, is_plausible_email, normalize_email};

/// What the organization form sends (create and edit alike), as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationFields {
    pub name: String,
    pub inn: String,
    pub kpp: String,
    pub contact_email: String,
}

/// [`OrganizationFields`] that passed [`OrganizationFields::validate`]: trimmed, empty optional
/// fields as `None`, the e-mail in its canonical form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOrganization {
    pub name: String,
    pub inn: Option<String>,
    pub kpp: Option<String>,
    pub contact_email: Option<String>,
}

impl OrganizationFields {
    /// Every broken rule, by field (the form shows them all at once; the server takes the first).
    pub fn problems(&self) -> Vec<Code> {
        let mut problems = Vec::new();
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 200 || has_forbidden_characters(name) {
            problems.push(Code::OrganizationNameLength);
        }
        let inn = self.inn.trim();
        if !inn.is_empty()
            && let Err(code) = check_inn(inn)
        {
            problems.push(code);
        }
        let kpp = self.kpp.trim();
        if !kpp.is_empty() {
            if !is_kpp(kpp) {
                problems.push(Code::KppInvalid);
            } else if inn.len() != 10 {
                problems.push(Code::KppWithoutInn);
            }
        }
        let email = self.contact_email.trim();
        if !email.is_empty() && !is_plausible_email(&normalize_email(email)) {
            problems.push(Code::ContactEmailInvalid);
        }
        problems
    }

    pub fn validate(&self) -> Result<ValidOrganization, Code> {
        if let Some(code) = self.problems().into_iter().next() {
            return Err(code);
        }
        let optional = |value: &str| Some(value.trim().to_owned()).filter(|value| !value.is_empty());
        Ok(ValidOrganization {
            name: self.name.trim().to_owned(),
            inn: optional(&self.inn),
            kpp: optional(&self.kpp),
            contact_email: optional(&self.contact_email).map(|email| normalize_email(&email)),
        })
    }
}

/// An ИНН: 10 digits (a legal entity) or 12 (an individual entrepreneur), with the check digits
/// of the Federal Tax Service's algorithm, so a typo is caught before it reaches documents.
pub fn check_inn(inn: &str) -> Result<(), Code> {
    let digits: Vec<u32> = inn.chars().map_while(|c| c.to_digit(10)).collect();
    if digits.len() != inn.chars().count() || !(digits.len() == 10 || digits.len() == 12) {
        return Err(Code::InnInvalid);
    }
    let check = |weights: &[u32]| weights.iter().zip(&digits).map(|(w, d)| w * d).sum::<u32>() % 11 % 10;
    let valid = if digits.len() == 10 {
        check(&[2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[9]
    } else {
        check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[10] && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) == digits[11]
    };
    if valid { Ok(()) } else { Err(Code::InnChecksum) }
}

/// A КПП: four digits (the tax office), two digits or capital Latin letters (the reason), three
/// digits (the number).
pub fn is_kpp(kpp: &str) -> bool {
    let bytes = kpp.as_bytes();
    bytes.len() == 9
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4..6].iter().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        && bytes[6..].iter().all(u8::is_ascii_digit)
}

/// One line of «Организации».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: i32,
    pub name: String,
    pub inn: Option<String>,
    pub is_active: bool,
    pub people: u64,
    pub open_requests: u64,
}

/// A page of «Организации»: the rows, the total that matches, and the page asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationPage {
    pub rows: Vec<OrganizationRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

impl OrganizationPage {
    pub fn page_count(&self) -> u32 {
        crate::page_count(self.total, self.per_page)
    }
}

/// Which organizations the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganizationFilter {
    #[default]
    Active,
    Inactive,
    All,
}

impl OrganizationFilter {
    pub const ALL: [OrganizationFilter; 3] = [OrganizationFilter::Active, OrganizationFilter::Inactive, OrganizationFilter::All];

    /// The `?state=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationFilter::Active => "active",
            OrganizationFilter::Inactive => "inactive",
            OrganizationFilter::All => "all",
        }
    }

    pub fn parse(value: &str) -> Option<OrganizationFilter> {
        OrganizationFilter::ALL.into_iter().find(|filter| filter.as_str() == value)
    }
}

/// A person of the organization on its card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationPerson {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub role: crate::Role,
    pub is_active: bool,
    /// «02.12.2026 14:05» in the reader's time zone; `None`: never signed in.
    pub last_sign_in: Option<String>,
}

/// The organization's own page: requisites (as the edit form shows them), state, people,
/// certificates and request counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationCard {
    pub id: i32,
    pub fields: OrganizationFields,
    pub is_active: bool,
    pub people: Vec<OrganizationPerson>,
    pub certificates: Vec<crate::certificate::CertificateRow>,
    pub open_requests: u64,
    pub all_requests: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_check_digits_catch_typos() {
        assert_eq!(check_inn("7707083893"), Ok(()), "a legal entity");
        assert_eq!(check_inn("500100732259"), Ok(()), "an individual entrepreneur");
        assert_eq!(check_inn("7707083894"), Err(Code::InnChecksum));
        assert_eq!(check_inn("500100732258"), Err(Code::InnChecksum));
        assert_eq!(check_inn("77070838"), Err(Code::InnInvalid));
        assert_eq!(check_inn("77070838９3"), Err(Code::InnInvalid), "only ASCII digits");
        assert_eq!(check_inn("7707-83893"), Err(Code::InnInvalid));
    }

    #[test]
    fn kpp_has_its_shape_and_needs_a_legal_entitys_inn() {
        assert!(is_kpp("773601001"));
        assert!(is_kpp("7736AB001"));
        assert!(!is_kpp("77360100"));
        assert!(!is_kpp("7736ab001"));
        let fields = |inn: &str, kpp: &str| OrganizationFields {
            name: "ООО «Ромашка»".into(),
            inn: inn.into(),
            kpp: kpp.into(),
            contact_email: String::new(),
        };
        assert_eq!(fields("7707083893", "773601001").problems(), vec![]);
        assert_eq!(fields("500100732259", "773601001").problems(), vec![Code::KppWithoutInn]);
        assert_eq!(fields("", "773601001").problems(), vec![Code::KppWithoutInn]);
    }

    #[test]
    fn a_valid_form_is_trimmed_and_blank_fields_are_absent() {
        let fields = OrganizationFields {
            name: "  ООО «Ромашка» ".into(),
            inn: " 7707083893 ".into(),
            kpp: String::new(),
            contact_email: " Office@Romashka.Test ".into(),
        };
        assert_eq!(
            fields.validate(),
            Ok(ValidOrganization {
                name: "ООО «Ромашка»".into(),
                inn: Some("7707083893".into()),
                kpp: None,
                contact_email: Some("office@romashka.test".into()),
            })
        );
        let empty = OrganizationFields::default();
        assert_eq!(empty.problems(), vec![Code::OrganizationNameLength]);
        let bad = OrganizationFields { name: "А".into(), contact_email: "нет".into(), ..Default::default() };
        assert_eq!(bad.problems(), vec![Code::ContactEmailInvalid]);
    }
}
