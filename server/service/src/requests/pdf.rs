//! «Скачать в PDF»: a printable copy of one request — its facts, description, the whole chat and
//! the list of attached files with their SHA-256 sums.
//!
//! The data comes from the same services as the request page (`requests::view::request_details`,
//! `chat::messages_after`), so the access rule is exactly the page's: another organization's
//! request is `NotFound`. The document is in the reader's language (`users.locale`, as their
//! e-mails are; texts in `i18n/locales/*/pdf.ftl`) and is laid out here by hand on top of `printpdf`: that engine only places text, so word wrapping (measured
//! with the embedded font's glyph advances) and page breaks are ours. DejaVu Sans is embedded
//! because the PDF base fonts have no Cyrillic; `printpdf` writes a ToUnicode map for it, so the
//! text can be searched and copied. Only the regular face is embedded (the whole font file goes
//! into every PDF — a bold face would double the size); headings differ by size.

use crate::accounts::Account;
use crate::error::{ServiceError, ServiceResult};
use crate::local_time::ReaderClock;
use chrono::{DateTime, Utc};
use domain::Locale;
use domain::chat::{AuthorRole, ChatMessage, MessageKind, SystemEvent, limits::MESSAGE_BATCH};
use domain::request::{RequestKind, RequestStatus};
use domain::request_view::{ParticipantKind, RequestDetails};
use domain::role::Role;
use i18n::{Labels, Loader, Message, PerLocale};
use printpdf::{IndirectFontRef, Line, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference, Point};
use sea_orm::ConnectionTrait;

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE).
const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// A4 portrait and its margins, in millimetres.
const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const MARGIN_MM: f32 = 18.0;
/// Font sizes in points.
const TITLE_PT: f32 = 16.0;
const HEADING_PT: f32 = 12.5;
const BODY_PT: f32 = 10.0;
const SMALL_PT: f32 = 8.5;
/// Baseline-to-baseline distance as a multiple of the font size.
const LINE_SPACING: f32 = 1.35;
const MM_PER_PT: f32 = 25.4 / 72.0;

/// A generated PDF and the request it shows.
pub struct RequestPdf {
    pub number: i64,
    /// The download's name in the reader's language («Запрос-1001.pdf»).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The PDF of request `number` as `account` sees it; `NotFound` when they may not see it.
/// The layout runs on the blocking pool: a long chat takes tens of milliseconds to set.
pub async fn request_pdf(db: &impl ConnectionTrait, account: &Account, number: i64) -> ServiceResult<RequestPdf> {
    let details = crate::requests::view::request_details(db, account, number).await?;
    let mut messages: Vec<ChatMessage> = Vec::new();
    loop {
        let after = messages.last().map(|message| message.id).unwrap_or(0);
        let batch = crate::requests::chat::messages_after(db, account, number, after).await?;
        let complete = (batch.len() as u64) < MESSAGE_BATCH;
        messages.extend(batch);
        if complete {
            break;
        }
    }
    let clock = ReaderClock::of(&account.time_zone);
    let texts = PdfTexts::of(account.locale);
    let bytes = tokio::task::spawn_blocking(move || render(&details, &messages, clock, texts))
        .await
        .map_err(|error| ServiceError::Internal(format!("PDF layout task failed: {error}")))??;
    Ok(RequestPdf { number, file_name: file_name(number, account.locale), bytes })
}

/// The download's file name as a reader of `locale` sees it.
pub fn file_name(number: i64, locale: Locale) -> String {
    PdfTexts::of(locale).file_name.format(&[("number", i18n::plain_number(number))])
}

/// The PDF's texts in one language, read from the message files once (`pdf.ftl`, plus the
/// page's own names of statuses, types, chat roles and system lines).
pub struct PdfTexts {
    file_name: Message,
    title: Message,
    page: Message,
    kind: &'static str,
    status: &'static str,
    organization: &'static str,
    created: &'static str,
    updated: &'static str,
    product: &'static str,
    version: &'static str,
    update: &'static str,
    certificate: &'static str,
    classification: &'static str,
    author: &'static str,
    no_author: &'static str,
    contact: &'static str,
    participants: &'static str,
    no_participants: &'static str,
    description: &'static str,
    chat: &'static str,
    no_messages: &'static str,
    deleted_user: &'static str,
    attachment: Message,
    attachments: &'static str,
    no_files: &'static str,
    system_event: &'static str,
    decimal_separator: &'static str,
    file_size: Message,
    participant_initiator: &'static str,
    participant_shared: &'static str,
    participant_responsible: &'static str,
    author_client: &'static str,
    author_support: &'static str,
    author_manager: &'static str,
    status_changed: Message,
    assigned: Message,
    author_taken: Message,
    author_assigned: Message,
    author_deactivated: Message,
    /// Names of types, statuses and roles.
    kinds: Labels<RequestKind>,
    statuses: Labels<RequestStatus>,
    roles: Labels<Role>,
}

impl PdfTexts {
    pub fn of(locale: Locale) -> &'static PdfTexts {
        static BUILT: PerLocale<PdfTexts> = PerLocale::new();
        BUILT.get_or_init(locale, || PdfTexts::load(&mut Loader::new(locale)))
    }

    pub fn load(l: &mut Loader) -> PdfTexts {
        PdfTexts {
            file_name: l.message("pdf-file-name"),
            title: l.message("request-title"),
            page: l.message("pdf-page"),
            kind: l.text("pdf-kind"),
            status: l.text("pdf-status"),
            organization: l.text("pdf-organization"),
            created: l.text("pdf-created"),
            updated: l.text("pdf-updated"),
            product: l.text("pdf-product"),
            version: l.text("pdf-version"),
            update: l.text("pdf-update"),
            certificate: l.text("pdf-certificate"),
            classification: l.text("pdf-classification"),
            author: l.text("pdf-author"),
            no_author: l.text("no-author"),
            contact: l.text("pdf-contact"),
            participants: l.text("pdf-participants"),
            no_participants: l.text("pdf-no-participants"),
            description: l.text("pdf-description"),
            chat: l.text("pdf-chat"),
            no_messages: l.text("pdf-no-messages"),
            deleted_user: l.text("pdf-deleted-user"),
            attachment: l.message("pdf-attachment"),
            attachments: l.text("pdf-attachments"),
            no_files: l.text("pdf-no-files"),
            system_event: l.text("pdf-system-event"),
            decimal_separator: l.text("decimal-separator"),
            file_size: l.message("file-size"),
            participant_initiator: l.text("pdf-participant-initiator"),
            participant_shared: l.text("pdf-participant-shared"),
            participant_responsible: l.text("pdf-participant-responsible"),
            author_client: l.text("chat-role-customer"),
            author_support: l.text("chat-role-support"),
            author_manager: l.text("chat-role-manager"),
            status_changed: l.message("chat-status-changed"),
            assigned: l.message("chat-assigned"),
            author_taken: l.message("chat-author-taken"),
            author_assigned: l.message("chat-author-assigned"),
            author_deactivated: l.message("chat-author-deactivated"),
            kinds: l.labels("kind", &RequestKind::ALL, RequestKind::as_str),
            statuses: l.labels("status", &RequestStatus::ALL, RequestStatus::as_str),
            roles: l.labels("pdf-role", &Role::ALL, Role::as_str),
        }
    }

    fn kind_label(&self, kind: RequestKind) -> &'static str {
        self.kinds.of(kind)
    }

    fn status_label(&self, status: RequestStatus) -> &'static str {
        self.statuses.of(status)
    }

    fn role_label(&self, role: Role) -> &'static str {
        self.roles.of(role)
    }

    fn author_role_label(&self, role: AuthorRole) -> &'static str {
        match role {
            AuthorRole::Client => self.author_client,
            AuthorRole::Support => self.author_support,
            AuthorRole::Manager => self.author_manager,
        }
    }

    fn participant_kind_label(&self, kind: ParticipantKind) -> &'static str {
        match kind {
            ParticipantKind::Initiator => self.participant_initiator,
            ParticipantKind::Shared => self.participant_shared,
            ParticipantKind::Responsible => self.participant_responsible,
        }
    }

    fn system_text(&self, event: Option<&SystemEvent>) -> String {
        match event {
            Some(SystemEvent::StatusChanged { from, to }) => {
                self.status_changed.format(&[("from", self.status_label(*from).into()), ("to", self.status_label(*to).into())])
            }
            Some(SystemEvent::Assigned { assignee_name }) => self.assigned.format(&[("name", assignee_name.as_str().into())]),
            Some(SystemEvent::AuthorAssigned { by_name, author_name }) if by_name == author_name => {
                self.author_taken.format(&[("by", by_name.as_str().into())])
            }
            Some(SystemEvent::AuthorAssigned { by_name, author_name }) => {
                self.author_assigned.format(&[("by", by_name.as_str().into()), ("author", author_name.as_str().into())])
            }
            Some(SystemEvent::AuthorDeactivated { author_name }) => {
                self.author_deactivated.format(&[("author", author_name.as_str().into())])
            }
            None => self.system_event.to_owned(),
        }
    }

    /// «1,5 МБ»-style sizes: always one decimal above a kilobyte.
    fn size_label(&self, bytes: i64) -> String {
        const KIB: f64 = 1024.0;
        let value = bytes as f64;
        let (number, unit) = if value < KIB {
            (bytes.to_string(), "b")
        } else if value < KIB * KIB {
            (format!("{:.1}", value / KIB).replace('.', self.decimal_separator), "kb")
        } else {
            (format!("{:.1}", value / KIB / KIB).replace('.', self.decimal_separator), "mb")
        };
        self.file_size.format(&[("value", number.into()), ("unit", unit.into())])
    }
}

/// Lays the request out into PDF bytes, in the language of `texts`.
pub fn render(
    details: &RequestDetails,
    messages: &[ChatMessage],
    clock: ReaderClock,
    texts: &'static PdfTexts,
) -> ServiceResult<Vec<u8>> {
    let title = texts.title.format(&[("number", i18n::plain_number(details.number))]);
    let mut writer = Writer::new(&title, texts.page)?;
    let when = |at: DateTime<Utc>| clock.date_time(at);

    writer.paragraph(&title, TITLE_PT, 0.0);
    writer.paragraph(&details.subject, HEADING_PT, 0.0);
    writer.gap(2.0);

    let mut facts: Vec<(&str, String)> = vec![
        (texts.kind, texts.kind_label(details.kind).to_owned()),
        (texts.status, texts.status_label(details.status).to_owned()),
        (texts.organization, details.organization_name.clone()),
        (texts.created, when(details.created_at)),
        (texts.updated, when(details.updated_at)),
    ];
    let optional = [
        (texts.product, details.product_name.clone()),
        (texts.version, details.version_name.clone()),
        (texts.update, details.update_name.clone()),
        (texts.certificate, details.certificate_number.clone()),
    ];
    facts.extend(optional.into_iter().filter_map(|(label, value)| value.map(|value| (label, value))));
    if !details.classification_path.is_empty() {
        facts.push((texts.classification, details.classification_path.join(" / ")));
    }
    facts.push((texts.author, details.author_name.clone().unwrap_or_else(|| texts.no_author.to_owned())));
    if let Some(contact) = &details.contact_name {
        let email = details.contact_email.as_deref().map(|email| format!(", {email}")).unwrap_or_default();
        facts.push((texts.contact, format!("{contact}{email}")));
    }
    for (label, value) in &facts {
        writer.paragraph(&format!("{label}: {value}"), BODY_PT, 0.0);
    }

    writer.heading(texts.participants);
    if details.participants.is_empty() {
        writer.paragraph(texts.no_participants, BODY_PT, 0.0);
    }
    for participant in &details.participants {
        writer.paragraph(
            &format!(
                "{} — {}, {}",
                participant.display_name,
                texts.participant_kind_label(participant.kind),
                texts.role_label(participant.role)
            ),
            BODY_PT,
            0.0,
        );
    }

    writer.heading(texts.description);
    writer.paragraph(if details.description.trim().is_empty() { "—" } else { &details.description }, BODY_PT, 0.0);

    writer.heading(texts.chat);
    if messages.is_empty() {
        writer.paragraph(texts.no_messages, BODY_PT, 0.0);
    }
    for message in messages {
        let author = message.author_name.as_deref().unwrap_or(texts.deleted_user);
        let role = message.author_role.map(|role| format!(" ({})", texts.author_role_label(role))).unwrap_or_default();
        writer.gap(1.5);
        writer.keep_lines(2, BODY_PT);
        match message.kind {
            MessageKind::User => {
                writer.paragraph(&format!("{author}{role} · {}", when(message.created_at)), SMALL_PT, 0.0);
                writer.paragraph(&message.body, BODY_PT, 4.0);
                for file in &message.attachments {
                    let size = texts.size_label(file.size_bytes);
                    writer.paragraph(
                        &texts.attachment.format(&[("name", file.file_name.as_str().into()), ("size", size.into())]),
                        SMALL_PT,
                        4.0,
                    );
                }
            }
            MessageKind::System => {
                let text = texts.system_text(message.system.as_ref());
                writer.paragraph(&format!("{} · {text} ({author})", when(message.created_at)), SMALL_PT, 0.0);
            }
        }
    }

    writer.heading(texts.attachments);
    let files: Vec<_> = details.attachments.iter().chain(messages.iter().flat_map(|m| m.attachments.iter())).collect();
    if files.is_empty() {
        writer.paragraph(texts.no_files, BODY_PT, 0.0);
    }
    for file in files {
        writer.gap(1.0);
        writer.keep_lines(2, BODY_PT);
        writer.paragraph(&format!("{} — {}", file.file_name, texts.size_label(file.size_bytes)), BODY_PT, 0.0);
        writer.paragraph(&format!("SHA-256: {}", file.sha256), SMALL_PT, 4.0);
    }

    writer.finish()
}

/// Places wrapped lines top to bottom, starting a new page when one is full.
struct Writer {
    document: PdfDocumentReference,
    font: IndirectFontRef,
    face: ttf_parser::Face<'static>,
    layer: PdfLayerReference,
    /// «Стр. N» in the document's language.
    page_label: Message,
    /// The next baseline's distance from the bottom edge, in millimetres.
    cursor_mm: f32,
    pages: usize,
}

impl Writer {
    fn new(title: &str, page_label: Message) -> ServiceResult<Writer> {
        let (document, page, layer) = PdfDocument::new(title, Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), "text");
        let font = document
            .add_external_font(FONT_REGULAR)
            .map_err(|error| ServiceError::Internal(format!("embedding the PDF font failed: {error}")))?;
        let face = ttf_parser::Face::parse(FONT_REGULAR, 0)
            .map_err(|error| ServiceError::Internal(format!("reading the PDF font failed: {error}")))?;
        let layer = document.get_page(page).get_layer(layer);
        let writer = Writer { document, font, face, layer, page_label, cursor_mm: PAGE_HEIGHT_MM - MARGIN_MM, pages: 1 };
        writer.footer();
        Ok(writer)
    }

    fn finish(self) -> ServiceResult<Vec<u8>> {
        self.document.save_to_bytes().map_err(|error| ServiceError::Internal(format!("writing the PDF failed: {error}")))
    }

    fn new_page(&mut self) {
        let (page, layer) = self.document.add_page(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), "text");
        self.layer = self.document.get_page(page).get_layer(layer);
        self.cursor_mm = PAGE_HEIGHT_MM - MARGIN_MM;
        self.pages += 1;
        self.footer();
    }

    fn footer(&self) {
        self.layer.use_text(
            self.page_label.format(&[("page", i18n::plain_number(self.pages))]),
            SMALL_PT,
            Mm(MARGIN_MM),
            Mm(MARGIN_MM / 2.0),
            &self.font,
        );
    }

    /// Starts a new page unless `lines` lines of `size_pt` still fit on this one.
    fn keep_lines(&mut self, lines: usize, size_pt: f32) {
        if self.cursor_mm - lines as f32 * line_height_mm(size_pt) < MARGIN_MM {
            self.new_page();
        }
    }

    fn gap(&mut self, mm: f32) {
        self.cursor_mm -= mm;
    }

    /// A section title with a rule under it, kept together with the first lines of its section.
    fn heading(&mut self, text: &str) {
        self.gap(4.0);
        self.keep_lines(3, HEADING_PT);
        self.paragraph(text, HEADING_PT, 0.0);
        // Just under the descenders of the title line.
        let y = Mm(self.cursor_mm + 0.3);
        self.layer.set_outline_thickness(0.5);
        self.layer.add_line(Line {
            points: vec![(Point::new(Mm(MARGIN_MM), y), false), (Point::new(Mm(PAGE_WIDTH_MM - MARGIN_MM), y), false)],
            is_closed: false,
        });
        self.gap(2.5);
    }

    /// Text wrapped to the page width (less `indent_mm`); line breaks in the text are kept.
    fn paragraph(&mut self, text: &str, size_pt: f32, indent_mm: f32) {
        let width_mm = PAGE_WIDTH_MM - 2.0 * MARGIN_MM - indent_mm;
        for source_line in text.lines() {
            let wrapped = self.wrap(source_line, size_pt, width_mm);
            for line in wrapped {
                // The baseline sits one font size below the cursor's top.
                if self.cursor_mm - size_pt * MM_PER_PT < MARGIN_MM {
                    self.new_page();
                }
                self.cursor_mm -= size_pt * MM_PER_PT;
                if !line.is_empty() {
                    self.layer.use_text(line, size_pt, Mm(MARGIN_MM + indent_mm), Mm(self.cursor_mm), &self.font);
                }
                self.cursor_mm -= line_height_mm(size_pt) - size_pt * MM_PER_PT;
            }
        }
        if text.is_empty() {
            self.cursor_mm -= line_height_mm(size_pt);
        }
    }

    /// Greedy word wrap; a word wider than the line is broken between characters.
    fn wrap(&self, text: &str, size_pt: f32, width_mm: f32) -> Vec<String> {
        let space = self.width_mm(" ", size_pt);
        let mut lines = Vec::new();
        let mut current = String::new();
        let mut current_width = 0.0;
        for word in text.split_whitespace() {
            let word_width = self.width_mm(word, size_pt);
            if word_width > width_mm {
                // Too long for any line: fill character by character.
                for character in word.chars() {
                    let character_width = self.char_width_mm(character, size_pt);
                    let extra = if current.is_empty() { 0.0 } else { character_width };
                    if !current.is_empty() && current_width + extra > width_mm {
                        lines.push(std::mem::take(&mut current));
                        current_width = 0.0;
                    }
                    current.push(character);
                    current_width += character_width;
                }
                continue;
            }
            let needed = if current.is_empty() { word_width } else { current_width + space + word_width };
            if needed > width_mm && !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                current.push_str(word);
                current_width = word_width;
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
                current_width = needed;
            }
        }
        lines.push(current);
        lines
    }

    fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|character| self.char_width_mm(character, size_pt)).sum()
    }

    fn char_width_mm(&self, character: char, size_pt: f32) -> f32 {
        let units_per_em = f32::from(self.face.units_per_em());
        let advance = self
            .face
            .glyph_index(character)
            .and_then(|glyph| self.face.glyph_hor_advance(glyph))
            // A character the font lacks is drawn as the missing-glyph box, about an em wide.
            .unwrap_or(self.face.units_per_em());
        f32::from(advance) / units_per_em * size_pt * MM_PER_PT
    }
}

fn line_height_mm(size_pt: f32) -> f32 {
    size_pt * LINE_SPACING * MM_PER_PT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_page() {
        let ru = PdfTexts::of(Locale::Ru);
        assert_eq!(ru.size_label(512), "512 Б");
        assert_eq!(ru.size_label(1536), "1,5 КБ");
        assert_eq!(ru.size_label(3 * 1024 * 1024), "3,0 МБ");
        assert_eq!(PdfTexts::of(Locale::En).size_label(1536), "1.5 KB");
    }

    #[test]
    fn long_text_wraps_within_the_line_and_keeps_every_word() {
        let writer = Writer::new("test", PdfTexts::of(Locale::Ru).page).expect("font loads");
        let text = "Ошибка при обновлении конфигурации на сервере приложений ".repeat(12);
        let width = 100.0;
        let lines = writer.wrap(&text, BODY_PT, width);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(writer.width_mm(line, BODY_PT) <= width + 0.01, "{line}");
        }
        assert_eq!(lines.join(" ").split_whitespace().collect::<Vec<_>>(), text.split_whitespace().collect::<Vec<_>>());
        let long_word = "x".repeat(400);
        let broken = writer.wrap(&long_word, BODY_PT, width);
        assert!(broken.len() > 1);
        assert_eq!(broken.concat(), long_word);
    }
}
