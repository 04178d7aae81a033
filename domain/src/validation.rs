//! Normalisation and validation of small values that come from outside.

/// Canonical form of an e-mail address for lookups: trimmed and lower-cased.
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
    let is_local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    (is_local && !next.starts_with("/login") && !next.starts_with("/api/")).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

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
