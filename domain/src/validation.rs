//! Normalisation and validation of small values that come from outside.

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
    fn nul_is_refused_in_every_free_text_field() {
        assert_eq!(crate::request::validate_subject("Тема\0 запроса"), Err("subject.invalid_characters"));
        assert_eq!(crate::request::validate_description("\0"), Err("description.invalid_characters"));
        assert_eq!(crate::chat::validate_message_body("Добрый день\0"), Err("message.invalid_characters"));
        assert_eq!(crate::lifecycle::rating::validate(5, Some("спасибо\0")), Err("rating.invalid_characters"));
        assert_eq!(crate::lifecycle::linked::validate_info("ещё\0"), Err("linked.invalid_characters"));
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
