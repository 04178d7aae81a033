//! Drafts of the request form: what is kept while the user works, and the rules the server
//! applies before it stores one. The browser writes the same shape into its local copy.

use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentInfo;
use crate::request::{RequestKind, limits};
use crate::validation::Code;

/// The largest draft payload the server stores (the JSON text, in bytes).
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;
/// At most this many uploads can be linked to one draft (the request limit).
pub const MAX_ATTACHMENTS: usize = 20;

/// The whole request form as it stands: type, every field, the chosen product parameters,
/// the uploads and the open tab.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftForm {
    /// The request kind code (`technical_support`, …).
    pub kind: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub product_id: Option<i32>,
    #[serde(default)]
    pub version_id: Option<i32>,
    #[serde(default)]
    pub update_id: Option<i32>,
    #[serde(default)]
    pub certificate_id: Option<i32>,
    #[serde(default)]
    pub classification_id: Option<i32>,
    /// The form's idempotency key; it also names the draft, so repeated saves of one form
    /// (autosave, the page-hide beacon, a local copy sent later) update one draft.
    pub idempotency_key: String,
    #[serde(default)]
    pub attachment_ids: Vec<i32>,
    /// `parameters`, `description` or `attachments`.
    #[serde(default)]
    pub tab: String,
    /// When the browser took this state (ms since the epoch): an older copy arriving late never
    /// overwrites a newer one.
    #[serde(default)]
    pub revision: u64,
}

/// A draft to restore the form from, as its owner sees it: the form, the uploads still linked to
/// it (in the form's order) and the time of the last save on the owner's clock («14:05»).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedDraft {
    pub id: i32,
    pub form: DraftForm,
    pub attachments: Vec<AttachmentInfo>,
    pub saved_time: String,
}

pub const TABS: [&str; 3] = ["parameters", "description", "attachments"];

impl DraftForm {
    pub fn kind(&self) -> Option<RequestKind> {
        RequestKind::parse(&self.kind)
    }

    /// Parses and checks a payload as the server receives it; the error is a rule code.
    pub fn parse(payload: &str) -> Result<DraftForm, Code> {
        if payload.len() > MAX_PAYLOAD_BYTES {
            return Err(Code::DraftTooLarge);
        }
        let form: DraftForm = serde_json::from_str(payload).map_err(|_| Code::DraftMalformed)?;
        form.validate()?;
        Ok(form)
    }

    /// Drafts may be incomplete, but never beyond the form's limits.
    pub fn validate(&self) -> Result<(), Code> {
        if self.kind().is_none() {
            return Err(Code::DraftKindInvalid);
        }
        if self.subject.chars().count() > limits::SUBJECT_MAX_CHARS {
            return Err(Code::SubjectTooLong);
        }
        if self.description.chars().count() > limits::DESCRIPTION_MAX_CHARS {
            return Err(Code::DescriptionTooLong);
        }
        if !is_form_key(&self.idempotency_key) {
            return Err(Code::DraftKeyInvalid);
        }
        if !self.tab.is_empty() && !TABS.contains(&self.tab.as_str()) {
            return Err(Code::DraftMalformed);
        }
        if self.attachment_ids.len() > MAX_ATTACHMENTS {
            return Err(Code::AttachmentsTooMany);
        }
        Ok(())
    }
}

/// The idempotency key format the server accepts for requests (and so for drafts).
pub fn is_form_key(key: &str) -> bool {
    (16..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> DraftForm {
        DraftForm { kind: "commercial".into(), idempotency_key: "a".repeat(20), ..Default::default() }
    }

    #[test]
    fn payloads_are_checked() {
        let json = serde_json::to_string(&valid()).unwrap();
        assert_eq!(DraftForm::parse(&json), Ok(valid()));
        assert_eq!(DraftForm::parse("{"), Err(Code::DraftMalformed));
        assert_eq!(
            DraftForm::parse(r#"{"kind":"commercial","idempotency_key":"aaaaaaaaaaaaaaaaaaaa","x":1}"#),
            Err(Code::DraftMalformed)
        );
        assert_eq!(DraftForm::parse(&" ".repeat(MAX_PAYLOAD_BYTES + 1)), Err(Code::DraftTooLarge));
        let bad_kind = DraftForm { kind: "spam".into(), ..valid() };
        assert_eq!(bad_kind.validate(), Err(Code::DraftKindInvalid));
        let long = DraftForm { subject: "я".repeat(201), ..valid() };
        assert_eq!(long.validate(), Err(Code::SubjectTooLong));
        let key = DraftForm { idempotency_key: "short".into(), ..valid() };
        assert_eq!(key.validate(), Err(Code::DraftKeyInvalid));
        let tab = DraftForm { tab: "secret".into(), ..valid() };
        assert_eq!(tab.validate(), Err(Code::DraftMalformed));
    }
}

/// Property tests: any payload is answered with a form or a rule code, and a stored form reads
/// back exactly as it was written.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn forms() -> impl Strategy<Value = DraftForm> {
        (
            proptest::sample::select(&["technical_support", "commercial", "services", "spam", ""][..]),
            prop_oneof!["[а-яa-z ]{0,30}", "я{195,205}", any::<String>()],
            any::<String>(),
            proptest::option::of(any::<i32>()),
            prop_oneof!["[a-zA-Z0-9-]{10,70}", any::<String>()],
            proptest::collection::vec(any::<i32>(), 0..23),
            proptest::sample::select(&["", "parameters", "description", "attachments", "secret"][..]),
            any::<u64>(),
        )
            .prop_map(|(kind, subject, description, product_id, key, attachment_ids, tab, revision)| DraftForm {
                kind: kind.to_owned(),
                subject,
                description,
                product_id,
                version_id: product_id.map(|id| id.wrapping_add(1)),
                idempotency_key: key,
                attachment_ids,
                tab: tab.to_owned(),
                revision,
                ..Default::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_payloads_never_panic(payload in prop_oneof![
            any::<String>(),
            r#"\{"kind":"[a-z_]{0,20}","idempotency_key":"[a-z0-9-]{0,70}"(,"[a-z_]{1,15}":(null|1|-1|"x"|\[\]|\{\}|18446744073709551616))*\}"#,
        ]) {
            if let Ok(form) = DraftForm::parse(&payload) {
                prop_assert_eq!(form.validate(), Ok(()));
            }
        }

        #[test]
        fn valid_forms_survive_the_round_trip(form in forms()) {
            let payload = serde_json::to_string(&form).unwrap();
            match form.validate() {
                Ok(()) => prop_assert_eq!(DraftForm::parse(&payload), Ok(form)),
                Err(code) => prop_assert_eq!(DraftForm::parse(&payload), Err(code)),
            }
        }
    }
}
