//! The text of notification e-mails: subject, plain text and HTML (every value escaped), in the
//! recipient's language, with a link to the request and a one-request unsubscribe link.

use domain::{Locale, RequestStatus};

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

fn status_label(locale: Locale, status: RequestStatus) -> &'static str {
    match (locale, status) {
        (Locale::Ru, RequestStatus::New) => "Новый",
        (Locale::Ru, RequestStatus::InProgress) => "В работе",
        (Locale::Ru, RequestStatus::AwaitingCustomer) => "Ожидает ответа клиента",
        (Locale::Ru, RequestStatus::Resolved) => "Решено",
        (Locale::Ru, RequestStatus::Closed) => "Закрыт",
        (Locale::En, RequestStatus::New) => "New",
        (Locale::En, RequestStatus::InProgress) => "In progress",
        (Locale::En, RequestStatus::AwaitingCustomer) => "Awaiting customer",
        (Locale::En, RequestStatus::Resolved) => "Resolved",
        (Locale::En, RequestStatus::Closed) => "Closed",
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
fn headline(event: &NotificationEvent, ctx: &EmailContext) -> (String, Vec<String>) {
    let n = ctx.request_number;
    let ru = ctx.locale == Locale::Ru;
    match event {
        NotificationEvent::NewMessage { .. } => {
            let (author, body) = ctx.message.clone().unwrap_or_default();
            if ru {
                (format!("Новое сообщение в запросе № {n}"), vec![format!("{author} пишет:"), body])
            } else {
                (format!("New message in request No. {n}"), vec![format!("{author} wrote:"), body])
            }
        }
        NotificationEvent::StatusChanged { from, to } => {
            let (from, to) = (status_label(ctx.locale, *from), status_label(ctx.locale, *to));
            if ru {
                (format!("Статус запроса № {n}: {to}"), vec![format!("Статус изменён: «{from}» → «{to}».")])
            } else {
                (format!("Request No. {n} is now {to}"), vec![format!("Status changed: “{from}” → “{to}”.")])
            }
        }
        NotificationEvent::Resolved { reopen_deadline } => {
            let deadline = crate::local_time::ReaderClock::of(ctx.time_zone).date_time(*reopen_deadline);
            if ru {
                (
                    format!("Запрос № {n} решён"),
                    vec![format!(
                        "Запрос переведён в статус «Решено». Если проблема осталась, ответьте в запросе до {deadline} — он откроется снова."
                    )],
                )
            } else {
                (
                    format!("Request No. {n} is resolved"),
                    vec![format!("The request is resolved. If the problem remains, reply in it before {deadline} to reopen it.")],
                )
            }
        }
        NotificationEvent::ClosedForGood => {
            if ru {
                (format!("Запрос № {n} закрыт"), vec!["Запрос закрыт окончательно.".to_owned()])
            } else {
                (format!("Request No. {n} is closed"), vec!["The request is closed for good.".to_owned()])
            }
        }
        NotificationEvent::LinkedRequestCreated { new_number } => {
            if ru {
                (
                    format!("Связанный запрос № {new_number}"),
                    vec![format!("По запросу № {n} создан связанный запрос № {new_number}.")],
                )
            } else {
                (
                    format!("Linked request No. {new_number}"),
                    vec![format!("Linked request No. {new_number} was created from request No. {n}.")],
                )
            }
        }
        NotificationEvent::AddedToRequest { .. } => {
            if ru {
                (format!("Вас добавили в запрос № {n}"), vec![format!("Вас добавили в участники запроса № {n}.")])
            } else {
                (format!("You were added to request No. {n}"), vec![format!("You were added to request No. {n}.")])
            }
        }
    }
}

pub fn render(event: &NotificationEvent, ctx: &EmailContext) -> RenderedEmail {
    let ru = ctx.locale == Locale::Ru;
    let (subject, lines) = headline(event, ctx);
    let greeting =
        if ru { format!("Здравствуйте, {}!", ctx.recipient_name) } else { format!("Hello, {}!", ctx.recipient_name) };
    let request_line = if ru {
        format!("Запрос № {} «{}»", ctx.request_number, ctx.request_subject)
    } else {
        format!("Request No. {} “{}”", ctx.request_number, ctx.request_subject)
    };
    let (open, unsubscribe_hint) = if ru {
        ("Открыть запрос", "Не хотите получать письма об этом запросе? Отписаться")
    } else {
        ("Open the request", "No more e-mails about this request? Unsubscribe")
    };
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
