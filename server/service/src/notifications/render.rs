//! The text of notification e-mails: subject, plain text and HTML (every value escaped), in the
//! recipient's language, with a link to the request and a one-request unsubscribe link; and the
//! account e-mails that carry a «Задать пароль» link.

use domain::account_link::LinkPurpose;
use domain::{Locale, RequestStatus};
use i18n::{Labels, Loader, Message, PerLocale, plain_number};

use crate::notifications::NotificationEvent;

/// Everything an e-mail says, already looked up.
#[derive(Clone, Debug)]
pub struct EmailContext<'a> {
    pub locale: Locale,
    pub time_zone: &'a str,
    pub recipient_name: &'a str,
    pub request_number: i64,
    pub request_subject: &'a str,
    pub request_url: String,
    pub unsubscribe_url: String,
    /// For a new message: who wrote it and what.
    pub message: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedEmail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The e-mails' texts in one language, read from the message files once (`i18n/locales/*/emails.ftl`;
/// status names are the pages' own `status-…`).
pub struct MailTexts {
    greeting: Message,
    request: Message,
    open: &'static str,
    unsubscribe: &'static str,
    new_message_subject: Message,
    new_message: Message,
    status_changed_subject: Message,
    status_changed: Message,
    resolved_subject: Message,
    resolved: Message,
    closed_subject: Message,
    closed: &'static str,
    linked_subject: Message,
    linked: Message,
    added_subject: Message,
    added: Message,
    /// The pages' names of statuses.
    statuses: Labels<RequestStatus>,
    invitation_subject: &'static str,
    invitation: &'static str,
    invitation_organization: Message,
    invitation_open: &'static str,
    reset_subject: &'static str,
    reset: &'static str,
    reset_open: &'static str,
    link_sign_in: &'static str,
    link_footer: &'static str,
}

impl MailTexts {
    pub fn of(locale: Locale) -> &'static MailTexts {
        static BUILT: PerLocale<MailTexts> = PerLocale::new();
        BUILT.get_or_init(locale, || MailTexts::load(&mut Loader::new(locale)))
    }

    pub fn load(l: &mut Loader) -> MailTexts {
        MailTexts {
            greeting: l.message("email-greeting"),
            request: l.message("email-request"),
            open: l.text("email-open"),
            unsubscribe: l.text("email-unsubscribe"),
            new_message_subject: l.message("email-new-message-subject"),
            new_message: l.message("email-new-message"),
            status_changed_subject: l.message("email-status-changed-subject"),
            status_changed: l.message("email-status-changed"),
            resolved_subject: l.message("email-resolved-subject"),
            resolved: l.message("email-resolved"),
            closed_subject: l.message("email-closed-subject"),
            closed: l.text("email-closed"),
            linked_subject: l.message("email-linked-subject"),
            linked: l.message("email-linked"),
            added_subject: l.message("email-added-subject"),
            added: l.message("email-added"),
            statuses: l.labels("status", &RequestStatus::ALL, RequestStatus::as_str),
            invitation_subject: l.text("email-invitation-subject"),
            invitation: l.text("email-invitation"),
            invitation_organization: l.message("email-invitation-organization"),
            invitation_open: l.text("email-invitation-open"),
            reset_subject: l.text("email-reset-subject"),
            reset: l.text("email-reset"),
            reset_open: l.text("email-reset-open"),
            link_sign_in: l.text("email-link-sign-in"),
            link_footer: l.text("email-link-footer"),
        }
    }

    fn status(&self, status: RequestStatus) -> &'static str {
        self.statuses.of(status)
    }
}

pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Subject line and the event sentence(s), in the recipient's language.
fn headline(event: &NotificationEvent, ctx: &EmailContext, texts: &MailTexts) -> (String, Vec<String>) {
    let n = plain_number(ctx.request_number);
    match event {
        NotificationEvent::NewMessage { .. } => {
            let (author, body) = ctx.message.clone().unwrap_or_default();
            (
                texts.new_message_subject.format(&[("number", n)]),
                vec![texts.new_message.format(&[("author", author.into())]), body],
            )
        }
        NotificationEvent::StatusChanged { from, to } => {
            let (from, to) = (texts.status(*from), texts.status(*to));
            (
                texts.status_changed_subject.format(&[("number", n), ("to", to.into())]),
                vec![texts.status_changed.format(&[("from", from.into()), ("to", to.into())])],
            )
        }
        NotificationEvent::Resolved { reopen_deadline } => {
            let deadline = crate::local_time::ReaderClock::of(ctx.time_zone).date_time(*reopen_deadline);
            (texts.resolved_subject.format(&[("number", n)]), vec![texts.resolved.format(&[("deadline", deadline.into())])])
        }
        NotificationEvent::ClosedForGood => (texts.closed_subject.format(&[("number", n)]), vec![texts.closed.to_owned()]),
        NotificationEvent::LinkedRequestCreated { new_number } => (
            texts.linked_subject.format(&[("new-number", plain_number(*new_number))]),
            vec![texts.linked.format(&[("number", n), ("new-number", plain_number(*new_number))])],
        ),
        NotificationEvent::AddedToRequest { .. } => {
            (texts.added_subject.format(&[("number", n.clone())]), vec![texts.added.format(&[("number", n)])])
        }
    }
}

pub fn render(event: &NotificationEvent, ctx: &EmailContext) -> RenderedEmail {
    let texts = MailTexts::of(ctx.locale);
    let (subject, lines) = headline(event, ctx, texts);
    let greeting = texts.greeting.format(&[("name", ctx.recipient_name.into())]);
    let request_line =
        texts.request.format(&[("number", plain_number(ctx.request_number)), ("subject", ctx.request_subject.into())]);
    let (open, unsubscribe_hint) = (texts.open, texts.unsubscribe);
    let mut text = format!("{greeting}\n\n{request_line}\n\n");
    for line in &lines {
        text.push_str(line);
        text.push_str("\n\n");
    }
    text.push_str(&format!("{open}: {}\n\n-- \n{unsubscribe_hint}: {}\n", ctx.request_url, ctx.unsubscribe_url));

    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p><p><strong>{}</strong></p>",
        ctx.locale.as_str(),
        escape_html(&greeting),
        escape_html(&request_line)
    );
    for line in &lines {
        html.push_str(&format!("<p style=\"white-space:pre-wrap\">{}</p>", escape_html(line)));
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p><hr><p style=\"color:#666;font-size:12px\"><a href=\"{}\">{}</a></p></body></html>",
        escape_html(&ctx.request_url),
        escape_html(open),
        escape_html(&ctx.unsubscribe_url),
        escape_html(unsubscribe_hint)
    ));
    RenderedEmail { subject, text, html }
}

/// What an account e-mail says, already looked up.
#[derive(Clone, Debug)]
pub struct LinkEmailContext<'a> {
    pub locale: Locale,
    pub recipient_name: &'a str,
    /// The invited customer's organization; `None` for staff.
    pub organization_name: Option<&'a str>,
    /// The single-use `/password/set?token=…` address.
    pub link_url: String,
    pub sign_in_url: String,
}

/// The invitation or password-reset e-mail. No unsubscribe link: it is sent because the person
/// (or an administrator for them) asked for it.
pub fn render_link(purpose: LinkPurpose, ctx: &LinkEmailContext) -> RenderedEmail {
    let texts = MailTexts::of(ctx.locale);
    let greeting = texts.greeting.format(&[("name", ctx.recipient_name.into())]);
    let (subject, mut lines, open) = match purpose {
        LinkPurpose::Invitation => (texts.invitation_subject, vec![texts.invitation.to_owned()], texts.invitation_open),
        LinkPurpose::PasswordReset => (texts.reset_subject, vec![texts.reset.to_owned()], texts.reset_open),
    };
    if let (LinkPurpose::Invitation, Some(organization)) = (purpose, ctx.organization_name) {
        lines.push(texts.invitation_organization.format(&[("organization", organization.into())]));
    }
    let mut text = format!("{greeting}\n\n");
    for line in &lines {
        text.push_str(line);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{open}: {}\n\n{}: {}\n\n-- \n{}\n",
        ctx.link_url, texts.link_sign_in, ctx.sign_in_url, texts.link_footer
    ));
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><body style=\"font-family:sans-serif\"><p>{}</p>",
        ctx.locale.as_str(),
        escape_html(&greeting)
    );
    for line in &lines {
        html.push_str(&format!("<p>{}</p>", escape_html(line)));
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p><p>{}: <a href=\"{}\">{}</a></p><hr><p style=\"color:#666;font-size:12px\">{}</p></body></html>",
        escape_html(&ctx.link_url),
        escape_html(open),
        escape_html(texts.link_sign_in),
        escape_html(&ctx.sign_in_url),
        escape_html(&ctx.sign_in_url),
        escape_html(texts.link_footer)
    ));
    RenderedEmail { subject: subject.to_owned(), text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(locale: Locale) -> EmailContext<'static> {
        EmailContext {
            locale,
            time_zone: "Europe/Moscow",
            recipient_name: "Иван Петров",
            request_number: 1001,
            request_subject: "Сбой <печати>",
            request_url: "https://portal.example/requests/1001".into(),
            unsubscribe_url: "https://portal.example/unsubscribe?token=t".into(),
            message: None,
        }
    }

    #[test]
    fn status_e_mails_name_statuses_as_the_pages_do() {
        let event = NotificationEvent::StatusChanged { from: RequestStatus::New, to: RequestStatus::AwaitingCustomer };
        let ru = render(&event, &context(Locale::Ru));
        assert_eq!(ru.subject, "Статус запроса № 1001: Ожидает ответа клиента");
        assert!(ru.text.starts_with("Здравствуйте, Иван Петров!\n\nЗапрос № 1001 «Сбой <печати>»\n\n"), "{}", ru.text);
        assert!(ru.text.contains("Статус изменён: «Новый» → «Ожидает ответа клиента»."), "{}", ru.text);
        assert!(ru.html.contains("Сбой &lt;печати&gt;"), "{}", ru.html);
        let en = render(&event, &context(Locale::En));
        assert_eq!(en.subject, "Request No. 1001 is now Awaiting customer reply");
        assert!(en.text.contains("Status changed: “New” → “Awaiting customer reply”."), "{}", en.text);
        assert!(en.text.contains("No more e-mails about this request? Unsubscribe: https://portal.example/unsubscribe?token=t"));
    }

    #[test]
    fn an_invitation_names_the_organization_and_carries_the_link() {
        let ctx = LinkEmailContext {
            locale: Locale::Ru,
            recipient_name: "Анна <Смирнова>",
            organization_name: Some("ООО «Ромашка»"),
            link_url: "https://portal.example/password/set?token=abc".into(),
            sign_in_url: "https://portal.example/login".into(),
        };
        let invitation = render_link(LinkPurpose::Invitation, &ctx);
        assert_eq!(invitation.subject, "Приглашение в портал поддержки");
        assert!(invitation.text.contains("Организация: ООО «Ромашка»"), "{}", invitation.text);
        assert!(invitation.text.contains("Задать пароль: https://portal.example/password/set?token=abc"), "{}", invitation.text);
        assert!(invitation.html.contains("Анна &lt;Смирнова&gt;"), "{}", invitation.html);
        let reset = render_link(LinkPurpose::PasswordReset, &LinkEmailContext { locale: Locale::En, ..ctx });
        assert_eq!(reset.subject, "Password reset");
        assert!(!reset.text.contains("Organization"), "a reset names no organization: {}", reset.text);
        assert!(reset.text.contains("1 hour"), "{}", reset.text);
    }
}
