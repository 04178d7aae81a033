//! Attachments: files users add to requests (and later to messages and drafts).
//!
//! Why it works this way:
//! - Every file is uploaded on its own, before the form that uses it is sent, so large files show
//!   progress and one failure affects only that file. Until a request claims it, an upload is
//!   *unattached*; it belongs to its uploader alone and is removed after [`UNUSED_UPLOAD_LIFETIME_HOURS`].
//! - The type is decided by the content (magic bytes, or text that decodes cleanly), and the
//!   name's extension must agree with it: a `.png` holding HTML is refused. The name is only ever
//!   shown; files live under random keys in `<data dir>/attachments/` or in an S3-compatible
//!   bucket ([`store`]).
//! - The body is streamed: counted, hashed and written chunk by chunk into the store (a
//!   temporary file renamed into place, or an S3 upload completed at the end), so memory stays
//!   bounded and a failure at any point leaves neither a file nor a row behind.

mod store;

use crate::entity::attachment;
use crate::error::{ServiceError, ServiceResult};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use domain::attachment::AttachmentInfo;
use domain::validation::Code;
use futures_util::{Stream, StreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};
use sha2::{Digest, Sha256};
use store::ObjectWriter;
#[cfg(feature = "testing")]
pub(crate) use store::files_under;
#[cfg(test)]
use store::new_storage_key;
pub use store::{AttachmentStore, S3_PART_BYTES, S3Settings};

/// The file as every reader sees it (upload answer, draft, request, chat message).
pub fn info(file: &attachment::Model) -> AttachmentInfo {
    AttachmentInfo {
        id: file.id,
        file_name: file.file_name.clone(),
        size_bytes: file.size_bytes,
        content_type: file.content_type.clone(),
        sha256: file.sha256.clone(),
    }
}

/// The largest file that may be attached: 50 MB.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// At most this many files per request.
pub const MAX_FILES_PER_REQUEST: usize = 20;
/// All files of one request together: 200 MB.
pub const MAX_REQUEST_BYTES: u64 = 200 * 1024 * 1024;
/// Uploads no request has claimed are removed after this many hours.
pub const UNUSED_UPLOAD_LIFETIME_HOURS: i64 = 24;
/// Longest stored file name, in characters, extension included.
pub const MAX_FILE_NAME_CHARS: usize = 150;
/// The name of a file whose name has nothing left after sanitising.
pub const FALLBACK_FILE_NAME: &str = "файл";

/// How much of the beginning is read before a file is accepted: enough for every signature
/// (tar's sits at offset 257, PDF's may follow a short preamble) and a fair sample of text.
const SNIFF_BYTES: usize = 8 * 1024;
// --------------------------------------------------------------------------------------------
// Names
// --------------------------------------------------------------------------------------------

/// A name safe to show and to offer for download: no directory part, no control or bidi
/// characters, none of `\ / : * ? " < > |`, no leading dots, trimmed, at most
/// [`MAX_FILE_NAME_CHARS`] characters with the extension kept; [`FALLBACK_FILE_NAME`] if empty.
pub fn sanitize_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|&c| !is_forbidden_in_name(c)).collect();
    // Dots and spaces may alternate at the start (". ."): strip both until a name begins.
    let cleaned = cleaned.trim_start_matches(|c: char| c == '.' || c.is_whitespace()).trim_end();
    if cleaned.is_empty() {
        return FALLBACK_FILE_NAME.to_owned();
    }
    if cleaned.chars().count() <= MAX_FILE_NAME_CHARS {
        return cleaned.to_owned();
    }
    match cleaned.rsplit_once('.') {
        // A plausible extension survives the cut; the stem is shortened instead.
        Some((stem, extension)) if !stem.is_empty() && (1..=16).contains(&extension.chars().count()) => {
            let keep = MAX_FILE_NAME_CHARS - extension.chars().count() - 1;
            let stem: String = stem.chars().take(keep).collect();
            format!("{}.{extension}", stem.trim_end())
        }
        _ => cleaned.chars().take(MAX_FILE_NAME_CHARS).collect::<String>().trim_end().to_owned(),
    }
}

fn is_forbidden_in_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        // Bidirectional overrides would let `exe.txt` pass for `txt.exe`; zero-width marks hide text.
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The lowercased extension of a name (`report.PDF` → `pdf`), if it has a stem and an extension.
fn extension_of(file_name: &str) -> Option<String> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    match base.rsplit_once('.') {
        Some((stem, extension)) if !stem.trim_start_matches('.').is_empty() && !extension.is_empty() => {
            Some(extension.to_ascii_lowercase())
        }
        _ => None,
    }
}

// --------------------------------------------------------------------------------------------
// Types
// --------------------------------------------------------------------------------------------

/// How a kind of file is recognised by its content.
#[derive(Debug)]
enum Signature {
    /// The content starts with one of these.
    Prefix(&'static [&'static [u8]]),
    /// These bytes at this offset.
    At(usize, &'static [u8]),
    /// A RIFF container of type WEBP.
    Webp,
    /// `%PDF-` within the first KiB: readers accept a short preamble before it.
    Pdf,
    /// UTF-8, or UTF-16 with a byte-order mark, without NUL characters.
    Text,
}

#[derive(Debug)]
struct FileKind {
    extensions: &'static [&'static str],
    mime: &'static str,
    signature: Signature,
}

const OLE2: &[&[u8]] = &[b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"];
const ZIP_LOCAL_FILE: &[&[u8]] = &[b"PK\x03\x04"];

/// The allow-list. An extension missing here is refused whatever the content.
const KINDS: &[FileKind] = &[
    FileKind { extensions: &["png"], mime: "image/png", signature: Signature::Prefix(&[b"\x89PNG\r\n\x1A\n"]) },
    FileKind { extensions: &["jpg", "jpeg", "jpe"], mime: "image/jpeg", signature: Signature::Prefix(&[b"\xFF\xD8\xFF"]) },
    FileKind { extensions: &["gif"], mime: "image/gif", signature: Signature::Prefix(&[b"GIF87a", b"GIF89a"]) },
    FileKind { extensions: &["webp"], mime: "image/webp", signature: Signature::Webp },
    FileKind { extensions: &["bmp"], mime: "image/bmp", signature: Signature::Prefix(&[b"BM"]) },
    FileKind { extensions: &["tif", "tiff"], mime: "image/tiff", signature: Signature::Prefix(&[b"II*\0", b"MM\0*"]) },
    FileKind { extensions: &["pdf"], mime: "application/pdf", signature: Signature::Pdf },
    FileKind { extensions: &["txt", "log", "conf", "ini"], mime: "text/plain", signature: Signature::Text },
    FileKind { extensions: &["csv"], mime: "text/csv", signature: Signature::Text },
    FileKind { extensions: &["md"], mime: "text/markdown", signature: Signature::Text },
    FileKind { extensions: &["json"], mime: "application/json", signature: Signature::Text },
    FileKind { extensions: &["xml"], mime: "application/xml", signature: Signature::Text },
    FileKind { extensions: &["yaml", "yml"], mime: "application/yaml", signature: Signature::Text },
    FileKind { extensions: &["doc"], mime: "application/msword", signature: Signature::Prefix(OLE2) },
    FileKind { extensions: &["xls"], mime: "application/vnd.ms-excel", signature: Signature::Prefix(OLE2) },
    FileKind { extensions: &["ppt"], mime: "application/vnd.ms-powerpoint", signature: Signature::Prefix(OLE2) },
    FileKind {
        extensions: &["docx"],
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        signature: Signature::Prefix(ZIP_LOCAL_FILE),
    },
    FileKind {
        extensions: &["xlsx"],
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        signature: Signature::Prefix(ZIP_LOCAL_FILE),
    },
    FileKind {
        extensions: &["pptx"],
        mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        signature: Signature::Prefix(ZIP_LOCAL_FILE),
    },
    FileKind {
        extensions: &["odt"],
        mime: "application/vnd.oasis.opendocument.text",
        signature: Signature::Prefix(ZIP_LOCAL_FILE),
    },
    FileKind {
        extensions: &["ods"],
        mime: "application/vnd.oasis.opendocument.spreadsheet",
        signature: Signature::Prefix(ZIP_LOCAL_FILE),
    },
    // An empty archive has only the end-of-directory record; a spanned one starts with a marker.
    FileKind {
        extensions: &["zip"],
        mime: "application/zip",
        signature: Signature::Prefix(&[b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]),
    },
    FileKind { extensions: &["7z"], mime: "application/x-7z-compressed", signature: Signature::Prefix(&[b"7z\xBC\xAF\x27\x1C"]) },
    FileKind {
        extensions: &["rar"],
        mime: "application/vnd.rar",
        signature: Signature::Prefix(&[b"Rar!\x1A\x07\x00", b"Rar!\x1A\x07\x01\x00"]),
    },
    FileKind { extensions: &["gz", "tgz"], mime: "application/gzip", signature: Signature::Prefix(&[b"\x1F\x8B"]) },
    FileKind { extensions: &["tar"], mime: "application/x-tar", signature: Signature::At(257, b"ustar") },
    FileKind { extensions: &["xz"], mime: "application/x-xz", signature: Signature::Prefix(&[b"\xFD7zXZ\0"]) },
    FileKind { extensions: &["bz2"], mime: "application/x-bzip2", signature: Signature::Prefix(&[b"BZh"]) },
];

impl Signature {
    fn matches(&self, head: &[u8]) -> bool {
        match self {
            Signature::Prefix(prefixes) => prefixes.iter().any(|prefix| head.starts_with(prefix)),
            Signature::At(offset, bytes) => head.get(*offset..).is_some_and(|rest| rest.starts_with(bytes)),
            Signature::Webp => head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP",
            Signature::Pdf => head[..head.len().min(1024)].windows(5).any(|window| window == b"%PDF-"),
            Signature::Text => {
                let mut check = TextCheck::for_start(head);
                check.feed(head);
                check.is_ok()
            }
        }
    }
}

/// Every extension the allow-list accepts, lowercase, without the dot.
pub fn allowed_extensions() -> impl Iterator<Item = &'static str> {
    KINDS.iter().flat_map(|kind| kind.extensions.iter().copied())
}

fn kind_of(head: &[u8], file_name: &str) -> ServiceResult<&'static FileKind> {
    let extension = extension_of(file_name).ok_or(ServiceError::Invalid(Code::AttachmentTypeNotAllowed))?;
    let kind = KINDS
        .iter()
        .find(|kind| kind.extensions.contains(&extension.as_str()))
        .ok_or(ServiceError::Invalid(Code::AttachmentTypeNotAllowed))?;
    if head.is_empty() {
        return Err(ServiceError::Invalid(Code::AttachmentEmpty));
    }
    if kind.signature.matches(head) { Ok(kind) } else { Err(ServiceError::Invalid(Code::AttachmentTypeMismatch)) }
}

/// The MIME type of a file from its first bytes (up to 8 KiB suffice) and its name.
///
/// Errors: `Invalid(Code::AttachmentTypeNotAllowed)` for an extension outside the allow-list,
/// `Invalid(Code::AttachmentTypeMismatch)` when the content is not what the extension says, `Invalid(Code::AttachmentEmpty)`.
/// For text only the given bytes are checked; [`store_upload`] checks the whole file.
pub fn detect_type(first_bytes: &[u8], file_name: &str) -> ServiceResult<&'static str> {
    kind_of(first_bytes, file_name).map(|kind| kind.mime)
}

/// Checks, chunk by chunk, that bytes are text: UTF-8 (a BOM allowed), or UTF-16 announced by
/// its BOM, with well-formed characters and no NUL. Binary files fail within a few bytes.
#[derive(Debug)]
enum TextCheck {
    Utf8 {
        /// The start of a character split across chunks (at most 3 bytes).
        pending: Vec<u8>,
    },
    Utf16 {
        big_endian: bool,
        odd_byte: Option<u8>,
        awaiting_low_surrogate: bool,
    },
    Failed,
}

impl TextCheck {
    /// Picks the encoding from the first bytes of the content.
    fn for_start(first_bytes: &[u8]) -> Self {
        match first_bytes {
            [0xFF, 0xFE, ..] => TextCheck::Utf16 { big_endian: false, odd_byte: None, awaiting_low_surrogate: false },
            [0xFE, 0xFF, ..] => TextCheck::Utf16 { big_endian: true, odd_byte: None, awaiting_low_surrogate: false },
            _ => TextCheck::Utf8 { pending: Vec::new() },
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let still_text = match self {
            TextCheck::Failed => false,
            TextCheck::Utf8 { pending } => {
                if bytes.contains(&0) {
                    false
                } else {
                    let joined;
                    let data = if pending.is_empty() {
                        bytes
                    } else {
                        joined = [pending.as_slice(), bytes].concat();
                        joined.as_slice()
                    };
                    match std::str::from_utf8(data) {
                        Ok(_) => {
                            pending.clear();
                            true
                        }
                        // Only an incomplete character at the very end may wait for the next chunk.
                        Err(error) if error.error_len().is_none() => {
                            *pending = data[error.valid_up_to()..].to_vec();
                            true
                        }
                        Err(_) => false,
                    }
                }
            }
            TextCheck::Utf16 { big_endian, odd_byte, awaiting_low_surrogate } => {
                let mut ok = true;
                for &byte in bytes {
                    let Some(first) = odd_byte.take() else {
                        *odd_byte = Some(byte);
                        continue;
                    };
                    let unit = if *big_endian { u16::from_be_bytes([first, byte]) } else { u16::from_le_bytes([first, byte]) };
                    ok = match unit {
                        0 => false,
                        0xD800..=0xDBFF => !std::mem::replace(awaiting_low_surrogate, true),
                        0xDC00..=0xDFFF => std::mem::replace(awaiting_low_surrogate, false),
                        _ => !*awaiting_low_surrogate,
                    };
                    if !ok {
                        break;
                    }
                }
                ok
            }
        };
        if !still_text {
            *self = TextCheck::Failed;
        }
    }

    fn is_ok(&self) -> bool {
        !matches!(self, TextCheck::Failed)
    }

    /// True if everything fed was text and nothing was cut off at the end.
    fn finish(&self) -> bool {
        match self {
            TextCheck::Utf8 { pending } => pending.is_empty(),
            TextCheck::Utf16 { odd_byte, awaiting_low_surrogate, .. } => odd_byte.is_none() && !awaiting_low_surrogate,
            TextCheck::Failed => false,
        }
    }
}

// --------------------------------------------------------------------------------------------
// Storing
// --------------------------------------------------------------------------------------------

/// Counts, hashes, text-checks and writes the chunks of one upload.
struct UploadSink {
    writer: ObjectWriter,
    hasher: Sha256,
    size_bytes: u64,
    text_check: Option<TextCheck>,
}

impl UploadSink {
    async fn push(&mut self, chunk: Bytes) -> ServiceResult<()> {
        self.size_bytes += chunk.len() as u64;
        if self.size_bytes > MAX_FILE_BYTES {
            return Err(ServiceError::TooLarge);
        }
        if let Some(check) = &mut self.text_check {
            check.feed(&chunk);
            if !check.is_ok() {
                return Err(ServiceError::Invalid(Code::AttachmentTypeMismatch));
            }
        }
        self.hasher.update(&chunk);
        self.writer.write(chunk).await
    }
}

/// Streams one uploaded file into the store and records it as an unattached upload of
/// `uploader_id`.
///
/// Nothing is written before the first bytes identify an allowed type ([`detect_type`]); text
/// must stay text to the end. Errors: [`ServiceError::TooLarge`] past [`MAX_FILE_BYTES`], the
/// `Invalid` codes of [`detect_type`], and whatever the stream yields. On every error the
/// partial file or object is removed and no row is written.
pub async fn store_upload<S, E>(
    db: &impl ConnectionTrait,
    store: &AttachmentStore,
    uploader_id: i32,
    raw_file_name: &str,
    stream: S,
    now: DateTime<Utc>,
) -> ServiceResult<attachment::Model>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<ServiceError>,
{
    let file_name = sanitize_file_name(raw_file_name);
    let mut stream = std::pin::pin!(stream);

    // Hold the first chunks (a few KiB) until the type is known.
    let mut head_chunks: Vec<Bytes> = Vec::new();
    let mut head_len = 0usize;
    while head_len < SNIFF_BYTES {
        let Some(chunk) = stream.next().await else { break };
        let chunk = chunk.map_err(Into::into)?;
        head_len += chunk.len();
        if head_len as u64 > MAX_FILE_BYTES {
            return Err(ServiceError::TooLarge);
        }
        head_chunks.push(chunk);
    }
    let mut head = Vec::with_capacity(head_len.min(SNIFF_BYTES));
    for chunk in &head_chunks {
        let room = SNIFF_BYTES - head.len();
        head.extend_from_slice(&chunk[..chunk.len().min(room)]);
    }
    let kind = kind_of(&head, &file_name)?;
    let text_check = matches!(kind.signature, Signature::Text).then(|| TextCheck::for_start(&head));

    let writer = store.create().await?;
    let mut sink = UploadSink { writer, hasher: Sha256::new(), size_bytes: 0, text_check };

    for chunk in head_chunks {
        sink.push(chunk).await?;
    }
    while let Some(chunk) = stream.next().await {
        sink.push(chunk.map_err(Into::into)?).await?;
    }
    if sink.text_check.as_ref().is_some_and(|check| !check.finish()) {
        return Err(ServiceError::Invalid(Code::AttachmentTypeMismatch));
    }
    let UploadSink { writer, hasher, size_bytes, .. } = sink;
    let storage_key = writer.key().to_owned();
    writer.finish().await?;

    let sha256: String = hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
    let inserted = attachment::ActiveModel {
        request_id: Set(None),
        message_id: Set(None),
        draft_id: Set(None),
        uploader_id: Set(uploader_id),
        file_name: Set(file_name),
        content_type: Set(kind.mime.to_owned()),
        size_bytes: Set(size_bytes as i64),
        sha256: Set(sha256),
        storage_key: Set(storage_key.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(model) => Ok(model),
        Err(error) => {
            store.remove(&storage_key).await;
            Err(error.into())
        }
    }
}

/// Rows not (yet) claimed by a request, a message or a draft.
fn unattached() -> Condition {
    Condition::all()
        .add(attachment::Column::RequestId.is_null())
        .add(attachment::Column::MessageId.is_null())
        .add(attachment::Column::DraftId.is_null())
}

// --------------------------------------------------------------------------------------------
// Claiming and removing
// --------------------------------------------------------------------------------------------

/// Uploads still only in a form: unattached, or linked to their uploader's draft.
fn not_in_request_or_message() -> Condition {
    Condition::all().add(attachment::Column::RequestId.is_null()).add(attachment::Column::MessageId.is_null())
}

/// Removes an upload its uploader no longer wants (also one linked to their draft: «Удалить» in
/// a restored form). `NotFound` for somebody else's upload and for one already attached to a
/// request or message (those go with it).
pub async fn delete_own_unattached(
    db: &impl ConnectionTrait,
    store: &AttachmentStore,
    attachment_id: i32,
    uploader_id: i32,
) -> ServiceResult<()> {
    let upload = attachment::Entity::find_by_id(attachment_id)
        .filter(attachment::Column::UploaderId.eq(uploader_id))
        .filter(not_in_request_or_message())
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let deleted = attachment::Entity::delete_many()
        .filter(attachment::Column::Id.eq(upload.id))
        .filter(not_in_request_or_message())
        .exec(db)
        .await?;
    if deleted.rows_affected == 0 {
        // Attached in the meantime.
        return Err(ServiceError::NotFound);
    }
    store.remove(&upload.storage_key).await;
    Ok(())
}

/// Attaches uploads to a request. Call it inside the transaction that creates the request: all
/// are attached or none.
///
/// Every id must be an unattached upload of `uploader_id` (else `NotFound`); together with what
/// the request already has, at most [`MAX_FILES_PER_REQUEST`] files (`Invalid(Code::AttachmentsTooMany)`)
/// and [`MAX_REQUEST_BYTES`] (`Invalid(Code::AttachmentsTooLarge)`). Repeated ids count once.
pub async fn attach_to_request<C>(db: &C, attachment_ids: &[i32], uploader_id: i32, request_id: i32) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    attach(db, attachment_ids, uploader_id, request_id, None).await
}

/// Attaches uploads to a chat message of a request, inside the transaction that inserts the
/// message. The same rules as [`attach_to_request`], with the limits counted per message.
pub async fn attach_to_message<C>(
    db: &C,
    attachment_ids: &[i32],
    uploader_id: i32,
    request_id: i32,
    message_id: i64,
) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    attach(db, attachment_ids, uploader_id, request_id, Some(message_id)).await
}

async fn attach<C>(
    db: &C,
    attachment_ids: &[i32],
    uploader_id: i32,
    request_id: i32,
    message_id: Option<i64>,
) -> ServiceResult<()>
where
    C: ConnectionTrait + TransactionTrait,
{
    let mut ids = attachment_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    if ids.len() > MAX_FILES_PER_REQUEST {
        return Err(ServiceError::Invalid(Code::AttachmentsTooMany));
    }
    let txn = db.begin().await?;
    let uploads = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.clone()))
        .filter(attachment::Column::UploaderId.eq(uploader_id))
        .filter(unattached())
        .all(&txn)
        .await?;
    if uploads.len() != ids.len() {
        return Err(ServiceError::NotFound);
    }
    let same_owner = match message_id {
        None => Condition::all().add(attachment::Column::RequestId.eq(request_id)).add(attachment::Column::MessageId.is_null()),
        Some(message_id) => Condition::all().add(attachment::Column::MessageId.eq(message_id)),
    };
    let already_attached = attachment::Entity::find().filter(same_owner).all(&txn).await?;
    if already_attached.len() + uploads.len() > MAX_FILES_PER_REQUEST {
        return Err(ServiceError::Invalid(Code::AttachmentsTooMany));
    }
    let total_bytes: i64 = already_attached.iter().chain(&uploads).map(|upload| upload.size_bytes.max(0)).sum();
    if total_bytes as u64 > MAX_REQUEST_BYTES {
        return Err(ServiceError::Invalid(Code::AttachmentsTooLarge));
    }
    let updated = attachment::Entity::update_many()
        .col_expr(attachment::Column::RequestId, Expr::value(request_id))
        .col_expr(attachment::Column::MessageId, Expr::value(message_id))
        .filter(attachment::Column::Id.is_in(ids.clone()))
        .filter(attachment::Column::UploaderId.eq(uploader_id))
        .filter(unattached())
        .exec(&txn)
        .await?;
    if updated.rows_affected != ids.len() as u64 {
        // Removed or claimed concurrently; dropping `txn` rolls the update back.
        return Err(ServiceError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}

/// Removes unattached uploads created before `older_than`, and unfinished files left by a crash;
/// returns how many uploads were removed. The server runs it every hour with
/// `now − UNUSED_UPLOAD_LIFETIME_HOURS`.
pub async fn delete_stale_unattached(
    db: &impl ConnectionTrait,
    store: &AttachmentStore,
    older_than: DateTime<Utc>,
) -> ServiceResult<u64> {
    let stale =
        attachment::Entity::find().filter(unattached()).filter(attachment::Column::CreatedAt.lt(older_than)).all(db).await?;
    let mut removed = 0;
    for upload in stale {
        // Re-checked in the delete itself: a request may claim the upload right now.
        let deleted =
            attachment::Entity::delete_many().filter(attachment::Column::Id.eq(upload.id)).filter(unattached()).exec(db).await?;
        if deleted.rows_affected == 1 {
            store.remove(&upload.storage_key).await;
            removed += 1;
        }
    }
    store.remove_unfinished(older_than).await;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn names_lose_directories_and_dangerous_characters() {
        assert_eq!(sanitize_file_name("../../etc/passwd.txt"), "passwd.txt");
        assert_eq!(sanitize_file_name("C:\\Users\\ivan\\отчёт.pdf"), "отчёт.pdf");
        assert_eq!(sanitize_file_name("a:b*c?d\"e<f>g|h.log"), "abcdefgh.log");
        assert_eq!(sanitize_file_name("  ..hidden.conf  "), "hidden.conf");
        // Found by the property test: dots and spaces alternating left a lone ".".
        assert_eq!(sanitize_file_name(". ."), FALLBACK_FILE_NAME);
        assert_eq!(sanitize_file_name(" . . .env"), "env");
        assert_eq!(sanitize_file_name("line\nbreak\u{0}.txt"), "linebreak.txt");
        assert_eq!(sanitize_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(sanitize_file_name("Скриншот 2026-01-15.png"), "Скриншот 2026-01-15.png");
    }

    #[test]
    fn empty_names_get_a_fallback() {
        for raw in ["", "   ", "...", "dir/", "///", "\u{7}"] {
            assert_eq!(sanitize_file_name(raw), FALLBACK_FILE_NAME, "{raw:?}");
        }
    }

    #[test]
    fn long_names_are_cut_keeping_the_extension() {
        let long = format!("{}.xlsx", "я".repeat(300));
        let cut = sanitize_file_name(&long);
        assert_eq!(cut.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(cut.ends_with(".xlsx"));
        let no_extension = "x".repeat(200);
        assert_eq!(sanitize_file_name(&no_extension).chars().count(), MAX_FILE_NAME_CHARS);
    }

    fn tar_header() -> Vec<u8> {
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(b"file.txt");
        header[257..263].copy_from_slice(b"ustar\0");
        header
    }

    #[test]
    fn allowed_types_are_recognised_by_content() {
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("shot.PNG", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR".to_vec(), "image/png"),
            ("photo.jpeg", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(), "image/jpeg"),
            ("anim.gif", b"GIF89a\x01\0\x01\0".to_vec(), "image/gif"),
            ("pic.webp", b"RIFF\x24\0\0\0WEBPVP8 ".to_vec(), "image/webp"),
            ("scan.bmp", b"BM\x36\0\0\0".to_vec(), "image/bmp"),
            ("scan.tif", b"II*\0\x08\0\0\0".to_vec(), "image/tiff"),
            ("doc.pdf", b"%PDF-1.7\n".to_vec(), "application/pdf"),
            ("notes.txt", "Ошибка при запуске\r\n".as_bytes().to_vec(), "text/plain"),
            ("syslog.log", b"Jan 1 kernel: ok\n".to_vec(), "text/plain"),
            ("data.csv", b"a;b\n1;2\n".to_vec(), "text/csv"),
            ("conf.json", b"{\"a\": 1}".to_vec(), "application/json"),
            ("site.yml", b"key: value\n".to_vec(), "application/yaml"),
            ("utf16.ini", b"\xFF\xFE[\0a\0]\0".to_vec(), "text/plain"),
            ("old.doc", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0".to_vec(), "application/msword"),
            ("new.docx", b"PK\x03\x04\x14\0".to_vec(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("table.ods", b"PK\x03\x04\x14\0".to_vec(), "application/vnd.oasis.opendocument.spreadsheet"),
            ("logs.zip", b"PK\x03\x04\x14\0".to_vec(), "application/zip"),
            ("logs.7z", b"7z\xBC\xAF\x27\x1C\0\x04".to_vec(), "application/x-7z-compressed"),
            ("logs.rar", b"Rar!\x1A\x07\x01\0".to_vec(), "application/vnd.rar"),
            ("logs.tar.gz", b"\x1F\x8B\x08\0".to_vec(), "application/gzip"),
            ("logs.tgz", b"\x1F\x8B\x08\0".to_vec(), "application/gzip"),
            ("logs.tar", tar_header(), "application/x-tar"),
            ("logs.xz", b"\xFD7zXZ\0\0\x04".to_vec(), "application/x-xz"),
            ("logs.bz2", b"BZh91AY&SY".to_vec(), "application/x-bzip2"),
        ];
        for (name, content, mime) in cases {
            assert_eq!(detect_type(&content, name).ok(), Some(mime), "{name}");
        }
    }

    #[test]
    fn content_must_agree_with_the_extension() {
        let html = b"<!DOCTYPE html><script>alert(1)</script>";
        assert!(matches!(detect_type(html, "cat.png"), Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))));
        assert!(matches!(detect_type(b"\x89PNG\r\n\x1A\n", "cat.pdf"), Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))));
        assert!(matches!(
            detect_type(b"PK\x03\x04\x14\0\x08\0", "report.txt"),
            Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))
        ));
        assert!(matches!(detect_type(b"MZ\x90\0", "setup.zip"), Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))));
        assert!(matches!(detect_type(&[0u8; 600], "logs.tar"), Err(ServiceError::Invalid(Code::AttachmentTypeMismatch))));
    }

    #[test]
    fn other_types_are_refused_whatever_the_content() {
        for name in ["page.html", "image.svg", "setup.exe", "script.sh", "README", ".txt", "archive."] {
            assert!(
                matches!(detect_type(b"plain text", name), Err(ServiceError::Invalid(Code::AttachmentTypeNotAllowed))),
                "{name}"
            );
        }
        assert!(matches!(detect_type(b"", "empty.txt"), Err(ServiceError::Invalid(Code::AttachmentEmpty))));
    }

    #[test]
    fn text_means_clean_utf8_or_utf16_without_nul() {
        assert!(detect_type(b"abc\0def", "nul.txt").is_err());
        assert!(detect_type(b"\xC3\x28", "broken.txt").is_err(), "an invalid UTF-8 sequence");
        assert!(detect_type(b"\xEF\xBB\xBFwith bom", "bom.txt").is_ok());
        assert!(detect_type(b"\xFE\xFF\0h\0i", "be.txt").is_ok());
        assert!(detect_type(b"\xFF\xFEh\0\0\0", "nul16.txt").is_err(), "a UTF-16 NUL");
        assert!(detect_type(b"\xFF\xFE\x00\xDCx\0", "lone.txt").is_err(), "a lone low surrogate");
        // A character cut at the end of the sniffed bytes is fine: the rest follows.
        assert!(detect_type("тест".as_bytes().split_last().unwrap().1, "cut.txt").is_ok());
    }

    #[test]
    fn the_text_check_follows_characters_across_chunks() {
        let text = "Журнал: всё в порядке 🙂\n".as_bytes();
        for split in 0..text.len() {
            let mut check = TextCheck::for_start(text);
            check.feed(&text[..split]);
            check.feed(&text[split..]);
            assert!(check.finish(), "split at {split}");
        }
        let mut truncated = TextCheck::for_start(text);
        truncated.feed(&text[..text.len() - 3]);
        assert!(truncated.is_ok());
        assert!(!truncated.finish(), "a file ending inside a character is not text");

        let utf16: Vec<u8> = [0xFEFFu16].into_iter().chain("лог 🙂".encode_utf16()).flat_map(u16::to_le_bytes).collect();
        for split in 0..utf16.len() {
            let mut check = TextCheck::for_start(&utf16);
            check.feed(&utf16[..split]);
            check.feed(&utf16[split..]);
            assert!(check.finish(), "UTF-16 split at {split}");
        }
    }

    #[test]
    fn only_generated_keys_map_to_paths() {
        let store = AttachmentStore::new("/srv/portal");
        let key = new_storage_key().unwrap();
        assert_eq!(store.path_of(&key), Some(PathBuf::from("/srv/portal/attachments").join(&key)));
        for bad in ["../portal.db", "incoming", "ABCDEF0123456789ABCDEF0123456789", ""] {
            assert_eq!(store.path_of(bad), None, "{bad}");
        }
        assert_ne!(new_storage_key().unwrap(), key);
    }
}

/// Property tests of what uploads bring in from outside: the name and the bytes.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Names built from the characters that matter: separators, dots, forbidden and invisible
    /// characters, spaces, Cyrillic, emoji, and long runs.
    fn file_names() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::sample::select(
                &[
                    "/",
                    "\\",
                    "..",
                    ".",
                    " ",
                    "\t",
                    "\u{0}",
                    "\u{7f}",
                    "\u{202E}",
                    "\u{200B}",
                    "\u{FEFF}",
                    ":",
                    "*",
                    "?",
                    "\"",
                    "<",
                    ">",
                    "|",
                    "отчёт",
                    "C:",
                    "~",
                    "🙂",
                    ".pdf",
                    ".PNG",
                    ".tar.gz",
                    "\u{3000}",
                    "\u{85}",
                ][..]
            )
            .prop_map(str::to_owned),
            "[a-zA-Zа-яё0-9 ._-]{0,40}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn sanitised_names_are_safe_bounded_and_stable(raw in file_names()) {
            let name = sanitize_file_name(&raw);
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().count() <= MAX_FILE_NAME_CHARS, "{} chars", name.chars().count());
            prop_assert!(!name.chars().any(is_forbidden_in_name), "{name:?}");
            prop_assert!(!name.starts_with('.') && name.trim() == name, "{name:?}");
            prop_assert_eq!(sanitize_file_name(&name), name.clone(), "sanitising twice changes {:?}", raw);
        }

        #[test]
        fn type_detection_never_panics_and_accepts_only_listed_extensions(
            name in file_names(),
            extension in proptest::sample::select(&["png", "pdf", "txt", "zip", "tar", "webp", "exe", "html", ""][..]),
            content in proptest::collection::vec(any::<u8>(), 0..700),
        ) {
            let name = format!("{name}.{extension}");
            if let Ok(mime) = detect_type(&content, &name) {
                let extension = extension_of(&name).unwrap_or_default();
                prop_assert!(allowed_extensions().any(|allowed| allowed == extension), "{name:?} accepted as {mime}");
                prop_assert!(!content.is_empty());
            }
        }

        /// Uploads arrive in chunks of any size; the verdict on text must not depend on where
        /// the cuts fall.
        #[test]
        fn the_text_check_does_not_depend_on_chunking(
            content in prop_oneof![
                any::<String>().prop_map(String::into_bytes),
                proptest::collection::vec(any::<u8>(), 0..64),
                any::<String>().prop_map(|s| [0xFEFFu16].into_iter().chain(s.encode_utf16()).flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
            ],
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let whole = {
                let mut check = TextCheck::for_start(&content);
                check.feed(&content);
                check.finish()
            };
            let mut positions: Vec<usize> = cuts.iter().map(|cut| cut.index(content.len() + 1)).collect();
            positions.sort_unstable();
            let mut check = TextCheck::for_start(&content);
            let mut start = 0;
            for position in positions.into_iter().chain([content.len()]) {
                check.feed(&content[start..position]);
                start = position;
            }
            prop_assert_eq!(check.finish(), whole);
        }
    }
}
