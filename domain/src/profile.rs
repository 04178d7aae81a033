//! «Профиль» (`/profile`): what every signed-in person may change about themselves — personal
//! data, which e-mails they get, their password and their sessions. The types here travel from
//! the service (`portal_service::profile`) to the page (`app::pages::profile`) unchanged.

use serde::{Deserialize, Serialize};

use crate::validation::{Code, has_forbidden_characters};
use crate::{Locale, Role};

/// The longest name, position and phone the form takes.
pub const NAME_MAX: usize = 200;
pub const POSITION_MAX: usize = 200;
pub const PHONE_MAX: usize = 30;

/// «Личные данные» as typed: the name, optional phone and position, the interface language
/// and the time zone (an IANA name; the service checks it against the zone database).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFields {
    pub display_name: String,
    pub phone: String,
    pub position: String,
    pub locale: String,
    pub time_zone: String,
}

/// [`ProfileFields`] after [`ProfileFields::validate`]: trimmed, empty optional fields absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedProfile {
    pub display_name: String,
    pub phone: Option<String>,
    pub position: Option<String>,
    pub locale: Locale,
    pub time_zone: String,
}

impl ProfileFields {
    /// The checked values, or the first rule broken (each code names its field).
    pub fn validate(&self) -> Result<CheckedProfile, Code> {
        let display_name = self.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > NAME_MAX {
            return Err(Code::DisplayNameLength);
        }
        if has_forbidden_characters(display_name) || display_name.chars().any(char::is_control) {
            return Err(Code::DisplayNameInvalidCharacters);
        }
        let phone = self.phone.trim();
        if !phone.is_empty() && !is_plausible_phone(phone) {
            return Err(Code::PhoneInvalid);
        }
        let position = self.position.trim();
        if position.chars().count() > POSITION_MAX {
            return Err(Code::PositionTooLong);
        }
        if has_forbidden_characters(position) || position.chars().any(char::is_control) {
            return Err(Code::PositionInvalidCharacters);
        }
        let locale = Locale::parse(&self.locale).ok_or(Code::LocaleUnknown)?;
        let time_zone = self.time_zone.trim();
        if time_zone.is_empty() {
            return Err(Code::TimeZoneUnknown);
        }
        Ok(CheckedProfile {
            display_name: display_name.to_owned(),
            phone: (!phone.is_empty()).then(|| phone.to_owned()),
            position: (!position.is_empty()).then(|| position.to_owned()),
            locale,
            time_zone: time_zone.to_owned(),
        })
    }
}

/// A phone number as people write it: digits with spaces, dashes, brackets, an optional leading
/// «+»; 5 to 20 digits (an extension included), at most [`PHONE_MAX`] characters.
pub fn is_plausible_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let body = phone.strip_prefix('+').unwrap_or(phone);
    phone.chars().count() <= PHONE_MAX
        && (5..=20).contains(&digits)
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
}

/// The kinds of request e-mail a person can switch off in «Какие письма получать». Account
/// e-mails (invitation, password reset) are not among them: they are never suppressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmailKind {
    /// A new message from support (or a colleague) in the chat.
    NewMessage,
    StatusChanged,
    Resolved,
    /// «Закрыт» for good — and a linked request created from a closed one: that only happens
    /// after closing, so it is part of the same news.
    Closed,
    /// «Поделиться»: someone added me to a request.
    AddedToRequest,
}

impl EmailKind {
    pub const ALL: [EmailKind; 5] =
        [EmailKind::NewMessage, EmailKind::StatusChanged, EmailKind::Resolved, EmailKind::Closed, EmailKind::AddedToRequest];

    /// The form field and text key of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::NewMessage => "new_message",
            EmailKind::StatusChanged => "status_changed",
            EmailKind::Resolved => "resolved",
            EmailKind::Closed => "closed",
            EmailKind::AddedToRequest => "added_to_request",
        }
    }
}

/// Which request e-mails a person gets; everything is on until they switch it off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPreferences {
    pub new_message: bool,
    pub status_changed: bool,
    pub resolved: bool,
    pub closed: bool,
    pub added_to_request: bool,
}

impl Default for EmailPreferences {
    fn default() -> Self {
        EmailPreferences { new_message: true, status_changed: true, resolved: true, closed: true, added_to_request: true }
    }
}

impl EmailPreferences {
    pub fn allows(&self, kind: EmailKind) -> bool {
        match kind {
            EmailKind::NewMessage => self.new_message,
            EmailKind::StatusChanged => self.status_changed,
            EmailKind::Resolved => self.resolved,
            EmailKind::Closed => self.closed,
            EmailKind::AddedToRequest => self.added_to_request,
        }
    }

    /// The preferences where exactly `on` are switched on.
    pub fn only(on: &[EmailKind]) -> EmailPreferences {
        EmailPreferences {
            new_message: on.contains(&EmailKind::NewMessage),
            status_changed: on.contains(&EmailKind::StatusChanged),
            resolved: on.contains(&EmailKind::Resolved),
            closed: on.contains(&EmailKind::Closed),
            added_to_request: on.contains(&EmailKind::AddedToRequest),
        }
    }
}

/// One of the person's signed-in sessions in «Активные сеансы». `handle` stands for the session
/// (a hash of its id: the id itself is the cookie and never leaves the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub handle: String,
    pub device: Device,
    pub address: Option<String>,
    /// «04.12.2026 21:05» on the reader's clock.
    pub signed_in_at: String,
    pub last_active_at: String,
    /// The session this page was opened in («Этот сеанс»).
    pub current: bool,
}

/// A time zone to choose: its IANA name and how the list shows it («Europe/Moscow, UTC+03:00»).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneChoice {
    pub id: String,
    pub label: String,
}

/// Everything the page shows, in one answer (one server function per page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub email: String,
    pub role: Role,
    pub organization_name: Option<String>,
    pub fields: ProfileFields,
    pub preferences: EmailPreferences,
    pub sessions: Vec<SessionRow>,
    pub time_zones: Vec<TimeZoneChoice>,
}

/// The browser and system a `User-Agent` names, in words («Firefox 133», «Windows»); `None`
/// when it names none the portal knows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub browser: Option<String>,
    pub system: Option<String>,
}

/// Reads a `User-Agent` header. Order matters: Edge, Opera and Yandex Browser also say
/// «Chrome», and Chrome also says «Safari».
pub fn describe_user_agent(user_agent: &str) -> Device {
    fn version_after(user_agent: &str, marker: &str) -> Option<String> {
        let start = user_agent.find(marker)? + marker.len();
        let major: String = user_agent[start..].chars().take_while(char::is_ascii_digit).collect();
        (!major.is_empty()).then_some(major)
    }
    let named = |name: &str, marker: &str| match version_after(user_agent, marker) {
        Some(major) => format!("{name} {major}"),
        None => name.to_owned(),
    };
    let browser = if user_agent.contains("YaBrowser/") {
        Some(named("Яндекс Браузер", "YaBrowser/"))
    } else if user_agent.contains("Edg/") || user_agent.contains("EdgA/") || user_agent.contains("EdgiOS/") {
        Some(named(
            "Edge",
            if user_agent.contains("Edg/") {
                "Edg/"
            } else if user_agent.contains("EdgA/") {
                "EdgA/"
            } else {
                "EdgiOS/"
            },
        ))
    } else if user_agent.contains("OPR/") {
        Some(named("Opera", "OPR/"))
    } else if user_agent.contains("Firefox/") || user_agent.contains("FxiOS/") {
        Some(named("Firefox", if user_agent.contains("Firefox/") { "Firefox/" } else { "FxiOS/" }))
    } else if user_agent.contains("Chrome/") || user_agent.contains("CriOS/") {
        Some(named("Chrome", if user_agent.contains("Chrome/") { "Chrome/" } else { "CriOS/" }))
    } else if user_agent.contains("Safari/") && user_agent.contains("Version/") {
        Some(named("Safari", "Version/"))
    } else if user_agent.starts_with("curl/") {
        Some(named("curl", "curl/"))
    } else {
        None
    };
    let system = if user_agent.contains("Android") {
        Some("Android")
    } else if user_agent.contains("iPhone") {
        Some("iPhone")
    } else if user_agent.contains("iPad") {
        Some("iPad")
    } else if user_agent.contains("Windows") {
        Some("Windows")
    } else if user_agent.contains("Mac OS X") || user_agent.contains("Macintosh") {
        Some("macOS")
    } else if user_agent.contains("CrOS") {
        Some("ChromeOS")
    } else if user_agent.contains("Linux") || user_agent.contains("X11") {
        Some("Linux")
    } else {
        None
    };
    Device { browser, system: system.map(str::to_owned) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ProfileFields {
        ProfileFields {
            display_name: "  Иван Петров ".into(),
            phone: "+7 (495) 123-45-67".into(),
            position: "".into(),
            locale: "ru".into(),
            time_zone: "Europe/Moscow".into(),
        }
    }

    #[test]
    fn fields_are_trimmed_and_checked_one_rule_each() {
        let checked = fields().validate().unwrap();
        assert_eq!(checked.display_name, "Иван Петров");
        assert_eq!((checked.phone.as_deref(), checked.position), (Some("+7 (495) 123-45-67"), None));
        let with = |change: fn(&mut ProfileFields)| {
            let mut fields = fields();
            change(&mut fields);
            fields.validate().err()
        };
        assert_eq!(with(|f| f.display_name = " ".into()), Some(Code::DisplayNameLength));
        assert_eq!(with(|f| f.display_name = "И".repeat(201)), Some(Code::DisplayNameLength));
        assert_eq!(with(|f| f.display_name = "Иван\0".into()), Some(Code::DisplayNameInvalidCharacters));
        assert_eq!(with(|f| f.phone = "позвоните".into()), Some(Code::PhoneInvalid));
        assert_eq!(with(|f| f.phone = "12".into()), Some(Code::PhoneInvalid));
        assert_eq!(with(|f| f.phone = "+7+495".into()), Some(Code::PhoneInvalid));
        assert_eq!(with(|f| f.position = "x".repeat(201)), Some(Code::PositionTooLong));
        assert_eq!(with(|f| f.locale = "de".into()), Some(Code::LocaleUnknown));
        assert_eq!(with(|f| f.time_zone = "".into()), Some(Code::TimeZoneUnknown));
        for code in [Code::PhoneInvalid, Code::PositionTooLong, Code::TimeZoneUnknown, Code::CurrentPasswordWrong] {
            assert_ne!(code.field(), "request");
        }
        assert_eq!(Code::PhoneInvalid.field(), "phone");
        assert_eq!(Code::CurrentPasswordWrong.field(), "current_password");
    }

    #[test]
    fn preferences_say_what_is_on() {
        assert!(EmailKind::ALL.into_iter().all(|kind| EmailPreferences::default().allows(kind)));
        let only = EmailPreferences::only(&[EmailKind::Resolved]);
        assert!(only.allows(EmailKind::Resolved) && !only.allows(EmailKind::NewMessage) && !only.allows(EmailKind::Closed));
    }

    #[test]
    fn user_agents_are_put_in_words() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe_user_agent(firefox), Device { browser: Some("Firefox 133".into()), system: Some("Windows".into()) });
        let chrome_android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(describe_user_agent(chrome_android).browser.as_deref(), Some("Chrome 131"));
        assert_eq!(describe_user_agent(chrome_android).system.as_deref(), Some("Android"));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70";
        assert_eq!(describe_user_agent(edge).browser.as_deref(), Some("Edge 131"));
        let yandex = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 YaBrowser/24.10.0.0 Safari/537.36";
        assert_eq!(
            describe_user_agent(yandex),
            Device { browser: Some("Яндекс Браузер 24".into()), system: Some("Linux".into()) }
        );
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(safari), Device { browser: Some("Safari 17".into()), system: Some("iPhone".into()) });
        assert_eq!(describe_user_agent("something else"), Device::default());
    }
}
