//! Normalisation and validation of small values that come from outside, and the codes of the
//! rules they break.

use serde::{Deserialize, Serialize};

/// Declares [`Code`] from one list, so the variants, their wire strings and [`Code::ALL`]
/// cannot disagree.
macro_rules! codes {
    ($($variant:ident = $code:literal,)*) => {
        /// The rule an input broke. Validators (here, in the services and in server functions)
        /// return it; `AppError::Invalid` carries it over the wire as its string (e.g.
        /// `"subject.too_short"`, stable: HTTP tests and the no-JavaScript chat form's
        /// `?chat_error=` read it), and the UI has a message for every variant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Code {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The wire form, e.g. `"subject.too_short"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The code of a wire string; `None` for a string no rule has.
            pub fn parse(code: &str) -> Option<Code> {
                match code {
                    $($code => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    // --- sign-in and accounts ---
    Required = "required",
    Malformed = "malformed",
    EmailInvalid = "email.invalid",
    EmailTaken = "email.taken",
    PasswordTooShort = "password.too_short",
    PasswordTooLong = "password.too_long",
    PasswordTooCommon = "password.too_common",
    AdministratorExists = "administrator.exists",
    PasswordMismatch = "repeat.mismatch",
    LinkUnknown = "link.unknown",
    LinkUsed = "link.used",
    LinkExpired = "link.expired",
    DisplayNameLength = "display_name.length",
    LocaleUnknown = "locale.unknown",
    OrganizationNameLength = "name.length",
    InnInvalid = "inn.invalid",
    InnChecksum = "inn.checksum",
    InnTaken = "inn.taken",
    KppInvalid = "kpp.invalid",
    KppWithoutInn = "kpp.without_inn",
    OrganizationInactive = "organization.inactive",
    LastAdministrator = "member.last_administrator",
    RoleChangeSide = "role.change_side",
    NotInvited = "member.not_invited",
    MemberInactive = "member.inactive",
    CertificateKindInvalid = "kind.certificate_invalid",
    CertificateNumberLength = "number.length",
    CertificateNumberTaken = "number.taken",
    CertificateDateInvalid = "valid_from.invalid",
    CertificateDatesReversed = "valid_to.before_valid_from",
    CertificateProductsRequired = "products.required",
    OrganizationRoleMismatch = "organization.role_mismatch",
    // --- «Журнал изменений» ---
    FromDateInvalid = "from.invalid",
    ToDateInvalid = "to.invalid",
    PeriodReversed = "to.before_from",
    // --- profile ---
    DisplayNameInvalidCharacters = "display_name.invalid_characters",
    PhoneInvalid = "phone.invalid",
    PositionTooLong = "position.too_long",
    PositionInvalidCharacters = "position.invalid_characters",
    TimeZoneUnknown = "time_zone.unknown",
    CurrentPasswordRequired = "current_password.required",
    CurrentPasswordWrong = "current_password.wrong",
    SessionCurrent = "session.current",
    // --- request form ---
    SubjectRequired = "subject.required",
    SubjectTooShort = "subject.too_short",
    SubjectTooLong = "subject.too_long",
    SubjectInvalidCharacters = "subject.invalid_characters",
    DescriptionRequired = "description.required",
    DescriptionTooLong = "description.too_long",
    DescriptionInvalidCharacters = "description.invalid_characters",
    KindRequired = "kind.required",
    KindInvalid = "kind.invalid",
    KindServicesUnavailable = "kind.services_unavailable",
    ProductRequired = "product.required",
    ProductInvalid = "product.invalid",
    ProductNotApplicable = "product.not_applicable",
    VersionRequired = "version.required",
    VersionInvalid = "version.invalid",
    UpdateRequired = "update.required",
    UpdateInvalid = "update.invalid",
    CertificateRequired = "certificate.required",
    CertificateInvalid = "certificate.invalid",
    ClassificationRequired = "classification.required",
    ClassificationInvalid = "classification.invalid",
    ClassificationNotApplicable = "classification.not_applicable",
    IdempotencyKeyInvalid = "idempotency_key.invalid",
    AttachmentsTooMany = "attachments.too_many",
    AttachmentsTooLarge = "attachments.too_large",
    AttachmentsInvalid = "attachments.invalid",
    AttachmentTypeNotAllowed = "attachment.type_not_allowed",
    AttachmentTypeMismatch = "attachment.type_mismatch",
    AttachmentEmpty = "attachment.empty",
    AttachmentIncomplete = "attachment.incomplete",
    // --- lists ---
    SearchTooLong = "search.too_long",
    StatusInvalid = "status.invalid",
    SortInvalid = "sort.invalid",
    AfterInvalid = "after.invalid",
    AssignedInvalid = "assigned.invalid",
    OrganizationInvalid = "organization.invalid",
    OrganizationRequired = "organization.required",
    // --- drafts ---
    DraftTooLarge = "draft.too_large",
    DraftMalformed = "draft.malformed",
    DraftKindInvalid = "draft.kind_invalid",
    DraftKeyInvalid = "draft.key_invalid",
    DraftAlreadySent = "draft.already_sent",
    DraftNotFound = "draft.not_found",
    // --- requests without author, members ---
    RequestHasAuthor = "request.has_author",
    AuthorNotMember = "author.not_member",
    AuthorInactive = "author.inactive",
    ContactEmailInvalid = "contact_email.invalid",
    ContactNameTooLong = "contact_name.too_long",
    ContactNameInvalidCharacters = "contact_name.invalid_characters",
    MemberSelf = "member.self",
    // --- knowledge base ---
    KbTitleRequired = "kb.title.required",
    KbTitleTooLong = "kb.title.too_long",
    KbBodyRequired = "kb.body.required",
    KbBodyTooLong = "kb.body.too_long",
    KbTagsTooLong = "kb.tags.too_long",
    KbTagsTooMany = "kb.tags.too_many",
    KbVersionWithoutProduct = "kb.version.without_product",
    KbVersionNotOfProduct = "kb.version.not_of_product",
    KbProductUnknown = "kb.product.unknown",
    // --- chat and request work ---
    MessageRequired = "message.required",
    MessageTooLong = "message.too_long",
    MessageInvalidCharacters = "message.invalid_characters",
    MessageInvalid = "message.invalid",
    ClientMessageIdInvalid = "client_message_id.invalid",
    RequestClosed = "request.closed",
    StatusTransition = "status.transition",
    AssigneeInvalid = "assignee.invalid",
    // --- request lifecycle ---
    ShareOutsideOrganization = "share.outside_organization",
    ShareNobody = "share.nobody",
    ShareTooMany = "share.too_many",
    RatingStars = "rating.stars",
    RatingCommentTooLong = "rating.comment_too_long",
    RatingInvalidCharacters = "rating.invalid_characters",
    RatingNotFinished = "rating.not_finished",
    RatingFinal = "rating.final",
    LinkedInfoRequired = "linked.info_required",
    LinkedInfoTooLong = "linked.info_too_long",
    LinkedInvalidCharacters = "linked.invalid_characters",
    LinkedNotClosed = "linked.not_closed",
    // --- unsubscribe links ---
    UnsubscribeInvalidToken = "unsubscribe.invalid_token",
    UnsubscribeNotParticipant = "unsubscribe.not_participant",
    // --- catalog administration ---
    CatalogNameLength = "catalog.name_length",
    CatalogNameInvalidCharacters = "catalog.invalid_characters",
    CatalogNameTaken = "catalog.name_taken",
    CatalogItemInUse = "catalog.in_use",
    CatalogItemHasChildren = "catalog.has_children",
    CatalogItemUnknown = "catalog.unknown",
    CatalogOrderMismatch = "catalog.order_mismatch",
    CatalogItemRetired = "catalog.retired",
    // --- import from the vendor's own system ---
    ExternalIdTaken = "external_id.taken",
}

impl Code {
    /// The form field a code names: the part before the first dot (`subject.too_short` →
    /// `subject`).
    /// Knowledge-base codes are `kb.<field>.<rule>`: there the field is the second part.
    pub fn field(self) -> &'static str {
        let mut parts = self.as_str().split('.');
        match parts.next() {
            Some("kb") => parts.next().unwrap_or("title"),
            first => first.unwrap_or("request"),
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Canonical form of an e-mail address for lookups: trimmed and lower-cased.
/// Text fields refuse NUL: no keyboard types it, and PostgreSQL cannot store it in a text
/// column, so it is only ever a forged request. The error code is `<field>.invalid_characters`.
pub fn has_forbidden_characters(text: &str) -> bool {
    text.contains('\0')
}

pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// A deliberately simple plausibility check (one `@`, non-empty parts, a dot in the domain);
/// real verification is the ability to receive mail.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
}

/// Percent-encodes everything but RFC 3986 unreserved characters and the bytes in `keep`.
pub fn percent_encode(value: &str, keep: &[u8]) -> String {
    value
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) || keep.contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// Only same-site absolute paths are accepted as a post-sign-in destination, so the
/// `next` parameter cannot send a user to another site ("//evil.example", "https://…").
pub fn safe_return_path(next: Option<&str>) -> Option<&str> {
    let next = next?.trim();
    let is_local =
        next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") && !next.chars().any(|c| c.is_control());
    (is_local && !next.starts_with("/login") && !next.starts_with("/api/")).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_names_its_form_field() {
        assert_eq!(Code::SubjectTooShort.field(), "subject");
        assert_eq!(Code::KbTitleRequired.field(), "title", "kb.<field>.<rule>");
        assert_eq!(Code::SearchTooLong.field(), "search");
    }

    #[test]
    fn nul_is_refused_in_every_free_text_field() {
        assert_eq!(crate::request::validate_subject("Тема\0 запроса"), Err(Code::SubjectInvalidCharacters));
        assert_eq!(crate::request::validate_description("\0"), Err(Code::DescriptionInvalidCharacters));
        assert_eq!(crate::chat::validate_message_body("Добрый день\0"), Err(Code::MessageInvalidCharacters));
        assert_eq!(crate::lifecycle::rating::validate(5, Some("спасибо\0")), Err(Code::RatingInvalidCharacters));
        assert_eq!(crate::lifecycle::linked::validate_info("ещё\0"), Err(Code::LinkedInvalidCharacters));
        assert_eq!(crate::request::validate_subject("Тема без нуля"), Ok(()));
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(normalize_email("  Client@Romashka.TEST "), "client@romashka.test");
    }

    #[test]
    fn implausible_emails_are_rejected() {
        assert!(is_plausible_email("client@romashka.test"));
        for bad in ["", "client", "@romashka.test", "client@", "a@b", "a@@b.c", "a b@c.d", "a@.c"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn return_paths_stay_on_this_site() {
        assert_eq!(safe_return_path(Some("/requests/org?page=2")), Some("/requests/org?page=2"));
        for bad in ["https://evil.example/", "//evil.example", "/\\evil.example", "requests", "/login", "/api/logout"] {
            assert_eq!(safe_return_path(Some(bad)), None, "{bad}");
        }
        assert_eq!(safe_return_path(None), None);
    }
}

/// Property tests of the small outside values: e-mail addresses, return paths, URL encoding.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn tricky() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(
                &[
                    "@", ".", "/", "//", "\\", "\t", "\n", " ", "\u{0}", "%2F", "?", "#", "login", "api/", "İ", "ß", "Ё", "🙂",
                    "a",
                ][..]
            )
            .prop_map(str::to_owned),
            "[a-zA-Z0-9._%+-]{0,12}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn email_normalisation_is_idempotent_and_plausible_means_one_at(raw in tricky()) {
            let email = normalize_email(&raw);
            prop_assert_eq!(normalize_email(&email), email.clone());
            if is_plausible_email(&email) {
                prop_assert_eq!(email.matches('@').count(), 1);
                prop_assert!(email.len() <= 254 && !email.chars().any(char::is_whitespace));
            }
        }

        /// Browsers drop tabs and newlines from URLs and read `\` as `/`: whatever is accepted
        /// must still be a path on this site after that.
        #[test]
        fn return_paths_never_leave_the_site(raw in tricky()) {
            if let Some(path) = safe_return_path(Some(&raw)) {
                let as_browser_reads_it: String =
                    path.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).map(|c| if c == '\\' { '/' } else { c }).collect();
                prop_assert!(as_browser_reads_it.starts_with('/') && !as_browser_reads_it.starts_with("//"), "{path:?}");
            }
        }

        #[test]
        fn percent_encoding_is_ascii_and_reversible(raw in tricky()) {
            let encoded = percent_encode(&raw, b"/");
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~/%".contains(&b)));
            let mut decoded = Vec::new();
            let bytes = encoded.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    decoded.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 3;
                } else {
                    decoded.push(bytes[i]);
                    i += 1;
                }
            }
            prop_assert_eq!(String::from_utf8(decoded).unwrap(), raw);
        }
    }
}

#[cfg(test)]
mod code_tests {
    use super::Code;

    #[test]
    fn codes_round_trip_through_their_wire_strings() {
        for &code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
        }
        assert_eq!(Code::parse("subject.too_short"), Some(Code::SubjectTooShort));
        assert_eq!(Code::parse("no.such_rule"), None);
    }
}
