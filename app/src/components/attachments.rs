//! The attachments panel of a form: a drop zone with a «Выбрать файлы» button, then one line per
//! file with its size, a progress bar while it uploads, its error, and «Удалить».
//!
//! Why it works this way: each file is sent on its own, as soon as it is chosen, with
//! `XMLHttpRequest` to `POST /api/attachments` — `fetch` reports no upload progress, and a
//! server function would send the whole form at once. The form therefore only carries the ids
//! of finished uploads (the `uploaded` signal it owns). The limits are checked here first, with
//! the server's wording, so an oversized file is refused before a byte is sent; the server
//! checks them again. The XHR code lives in a module compiled for the browser only.

use std::sync::atomic::{AtomicU64, Ordering};

use domain::attachment::AttachmentInfo;
use leptos::prelude::*;
use serde::Deserialize;

use crate::i18n::{Texts, use_texts};

/// The upload endpoint; `DELETE {UPLOAD_URL}/{id}` removes an unattached upload.
pub const UPLOAD_URL: &str = "/api/attachments";
/// The multipart field the server reads.
pub const FILE_FIELD: &str = "file";
/// The server's limits (`portal_service::attachments`), repeated for the browser bundle, which
/// cannot depend on the service crate; the server build checks that they agree.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
pub const MAX_FILES: usize = 20;
pub const MAX_TOTAL_BYTES: u64 = 200 * 1024 * 1024;
/// The extensions the server accepts (its allow-list; the content is checked there too).
pub const ALLOWED_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "jpe", "gif", "webp", "bmp", "tif", "tiff", "pdf", "txt", "log", "conf", "ini", "csv", "md", "json",
    "xml", "yaml", "yml", "doc", "xls", "ppt", "docx", "xlsx", "pptx", "odt", "ods", "zip", "7z", "rar", "gz", "tgz", "tar",
    "xz", "bz2",
];

#[cfg(feature = "ssr")]
const _: () = {
    assert!(MAX_FILE_BYTES == portal_service::attachments::MAX_FILE_BYTES);
    assert!(MAX_FILES == portal_service::attachments::MAX_FILES_PER_REQUEST);
    assert!(MAX_TOTAL_BYTES == portal_service::attachments::MAX_REQUEST_BYTES);
};

/// A file still being sent, or one that failed.
#[derive(Clone, Debug)]
struct PendingFile {
    /// Unique in this page, so an upload can be found again to cancel it.
    key: u64,
    file_name: String,
    size_bytes: u64,
    /// 0–100 while sending; `None` while the browser cannot tell.
    progress: RwSignal<Option<u8>>,
    error: RwSignal<Option<String>>,
}

static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

impl PendingFile {
    fn new(file_name: String, size_bytes: u64) -> Self {
        PendingFile {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            file_name,
            size_bytes,
            progress: RwSignal::new(Some(0)),
            error: RwSignal::new(None),
        }
    }
}

/// Files and upload progress for one form.
///
/// `uploaded` is owned by the form: finished uploads are pushed to it, removed ones taken out,
/// and the form sends their ids (`uploaded.get_untracked().iter().map(|a| a.id)`). When given,
/// `uploading` is true while any file is still being sent.
#[component]
pub fn AttachmentsPanel(
    uploaded: RwSignal<Vec<AttachmentInfo>>,
    #[prop(optional)] uploading: Option<RwSignal<bool>>,
) -> impl IntoView {
    let texts = use_texts();
    let pending = RwSignal::new(Vec::<PendingFile>::new());
    let drag_depth = RwSignal::new(0u32);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let choose_ref = NodeRef::<leptos::html::Button>::new();

    if let Some(uploading) = uploading {
        Effect::new(move |_| {
            let busy = pending.with(|files| files.iter().any(|file| file.error.with(Option::is_none)));
            uploading.set(busy);
        });
    }
    // A file dropped just beside the zone must not make the browser open it instead of the form.
    Effect::new(move |_| {
        let over = window_event_listener(leptos::ev::dragover, |event| event.prevent_default());
        let drop = window_event_listener(leptos::ev::drop, |event| event.prevent_default());
        on_cleanup(move || {
            over.remove();
            drop.remove();
        });
    });
    on_cleanup(move || {
        if let Some(keys) = pending.try_with_untracked(|files| files.iter().map(|file| file.key).collect::<Vec<_>>()) {
            keys.into_iter().for_each(browser::abort_upload);
        }
    });

    let add_files = move |files: Vec<web_sys::File>| {
        let (mut count, mut total_bytes) = committed(uploaded, pending);
        for file in files {
            let file_name = file.name();
            let size_bytes = file.size().max(0.0) as u64;
            let entry = PendingFile::new(file_name.clone(), size_bytes);
            pending.update(|files| files.push(entry.clone()));
            if let Some(problem) = limit_problem(&file_name, size_bytes, count, total_bytes, texts) {
                entry.error.set(Some(problem.to_owned()));
                continue;
            }
            count += 1;
            total_bytes += size_bytes;
            let (key, progress, error) = (entry.key, entry.progress, entry.error);
            browser::start_upload(
                key,
                &file,
                move |percent| {
                    progress.try_set(Some(percent));
                },
                move |result| match result {
                    Ok(done) => {
                        pending.try_update(|files| files.retain(|file| file.key != key));
                        uploaded.try_update(|list| list.push(done));
                    }
                    Err(message) => {
                        error.try_set(Some(message));
                    }
                },
                texts,
            );
        }
    };
    let focus_choose = move || {
        if let Some(button) = choose_ref.get_untracked() {
            let _ = button.focus();
        }
    };
    let remove_pending = move |key: u64| {
        pending.update(|files| files.retain(|file| file.key != key));
        browser::abort_upload(key);
        focus_choose();
    };
    let remove_uploaded = move |id: i32| {
        uploaded.update(|list| list.retain(|attachment| attachment.id != id));
        browser::delete_upload(id);
        focus_choose();
    };

    let uploaded_item = move |attachment: AttachmentInfo| {
        let id = attachment.id;
        let remove_label = (texts.attachment_remove_label)(&attachment.file_name);
        view! {
            <li class="attachment">
                <FileLine name=attachment.file_name size_bytes=attachment.size_bytes remove_label on_remove=move || remove_uploaded(id) />
            </li>
        }
    };
    let pending_item = move |file: PendingFile| {
        let PendingFile { key, file_name, size_bytes, progress, error } = file;
        let remove_label = (texts.attachment_remove_label)(&file_name);
        let progress_label = (texts.attachment_progress_label)(&file_name);
        let status = move || match error.get() {
            Some(message) => view! { <p class="field__error" role="alert">{message}</p> }.into_any(),
            None => view! {
                <progress
                    class="attachment__progress"
                    max="100"
                    value=move || progress.get().map(|percent| percent.to_string())
                    aria-label=progress_label.clone()
                ></progress>
            }
            .into_any(),
        };
        view! {
            <li class=move || if error.with(Option::is_some) { "attachment attachment--failed" } else { "attachment" }>
                <FileLine name=file_name size_bytes=size_bytes as i64 remove_label on_remove=move || remove_pending(key) />
                {status}
            </li>
        }
    };

    let dropzone_class = move || if drag_depth.get() > 0 { "dropzone dropzone--active" } else { "dropzone" };

    view! {
        <div class="attachments">
            <div
                class=dropzone_class
                on:dragenter=move |event| {
                    event.prevent_default();
                    drag_depth.update(|depth| *depth += 1);
                }
                on:dragover=move |event| {
                    event.prevent_default();
                    if let Some(transfer) = event.data_transfer() {
                        transfer.set_drop_effect("copy");
                    }
                }
                on:dragleave=move |_| drag_depth.update(|depth| *depth = depth.saturating_sub(1))
                on:drop=move |event| {
                    event.prevent_default();
                    drag_depth.set(0);
                    add_files(files_of(event.data_transfer().and_then(|transfer| transfer.files())));
                }
            >
                <p class="dropzone__text">
                    {texts.attachments_drop_hint}
                    " "
                    <button
                        type="button"
                        class="btn btn--secondary btn--small"
                        node_ref=choose_ref
                        on:click=move |_| {
                            if let Some(input) = input_ref.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        {texts.attachments_choose}
                    </button>
                </p>
                <input
                    type="file"
                    multiple
                    class="visually-hidden"
                    tabindex="-1"
                    accept=accept_attribute()
                    aria-label=texts.attachments_label
                    node_ref=input_ref
                    on:change=move |event| {
                        let input = event_target::<web_sys::HtmlInputElement>(&event);
                        add_files(files_of(input.files()));
                        // Choosing the same file again must fire `change` again.
                        input.set_value("");
                    }
                />
                <p class="dropzone__limits field__hint">{texts.attachments_limits}</p>
            </div>
            <ul class="attachment-list" aria-label=texts.attachments_label aria-live="polite">
                <For each=move || uploaded.get() key=|attachment| attachment.id children=uploaded_item />
                <For each=move || pending.get() key=|file| file.key children=pending_item />
            </ul>
        </div>
    }
    // Erased, so the pages embedding the panel keep their view types within the compiler's limits.
    .into_any()
}

/// A file's name, size and «Удалить» button, uploaded or still being sent.
#[component]
fn FileLine(name: String, size_bytes: i64, remove_label: String, on_remove: impl Fn() + 'static) -> impl IntoView {
    let texts = use_texts();
    view! {
        <span class="attachment__name">{name}</span>
        <span class="attachment__size">{(texts.file_size)(size_bytes)}</span>
        <button type="button" class="btn btn--ghost btn--small attachment__remove" aria-label=remove_label on:click=move |_| on_remove()>
            {texts.attachment_remove}
        </button>
    }
}

/// How many files, and how many bytes, the form holds or is still sending (failed ones aside).
fn committed(uploaded: RwSignal<Vec<AttachmentInfo>>, pending: RwSignal<Vec<PendingFile>>) -> (usize, u64) {
    let (done_count, done_bytes) =
        uploaded.with_untracked(|list| (list.len(), list.iter().map(|a| a.size_bytes.max(0) as u64).sum::<u64>()));
    let (sending_count, sending_bytes) = pending.with_untracked(|files| {
        let sending = files.iter().filter(|file| file.error.with_untracked(Option::is_none));
        sending.fold((0usize, 0u64), |(count, bytes), file| (count + 1, bytes + file.size_bytes))
    });
    (done_count + sending_count, done_bytes + sending_bytes)
}

/// Why a file cannot join `files_so_far` files of `bytes_so_far` bytes, in the server's words.
pub fn limit_problem(
    file_name: &str,
    size_bytes: u64,
    files_so_far: usize,
    bytes_so_far: u64,
    texts: &'static Texts,
) -> Option<&'static str> {
    let extension = file_name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase());
    if !extension.is_some_and(|extension| ALLOWED_EXTENSIONS.contains(&extension.as_str())) {
        Some(texts.attachment_type_not_allowed)
    } else if size_bytes == 0 {
        Some(texts.attachment_empty)
    } else if size_bytes > MAX_FILE_BYTES {
        Some(texts.attachment_too_large)
    } else if files_so_far >= MAX_FILES {
        Some(texts.attachments_too_many)
    } else if bytes_so_far + size_bytes > MAX_TOTAL_BYTES {
        Some(texts.attachments_too_large_total)
    } else {
        None
    }
}

/// The sentence to show for a failed upload: the server's own message when it sent one (it is
/// in the user's language), else one chosen by the status (0 = no answer at all).
pub fn failure_message(status: u16, body: &str, texts: &'static Texts) -> String {
    #[derive(Deserialize)]
    struct Failure {
        message: String,
    }
    if let Ok(failure) = serde_json::from_str::<Failure>(body)
        && !failure.message.trim().is_empty()
    {
        return failure.message;
    }
    match status {
        0 => texts.network_error,
        401 => texts.session_expired,
        403 => texts.forbidden_text,
        413 => texts.attachment_too_large,
        415 => texts.attachment_type_not_allowed,
        503 => texts.temporarily_unavailable,
        507 => texts.storage_full,
        _ => texts.attachment_upload_failed,
    }
    .to_owned()
}

fn accept_attribute() -> String {
    ALLOWED_EXTENSIONS.iter().map(|extension| format!(".{extension}")).collect::<Vec<_>>().join(",")
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|list| (0..list.length()).filter_map(|index| list.get(index)).collect()).unwrap_or_default()
}

/// Sending and cancelling uploads with `XMLHttpRequest`, for its upload progress events.
#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

    use super::{FILE_FIELD, UPLOAD_URL, failure_message};
    use crate::i18n::Texts;
    use domain::attachment::AttachmentInfo;

    thread_local! {
        /// Uploads in flight, by the key of their line, so «Удалить» can cancel them.
        static IN_FLIGHT: RefCell<HashMap<u64, XmlHttpRequest>> = RefCell::new(HashMap::new());
    }

    /// Sends one file; `on_progress` gets 0–100, `on_done` the outcome exactly once.
    pub fn start_upload(
        key: u64,
        file: &web_sys::File,
        on_progress: impl Fn(u8) + 'static,
        on_done: impl FnOnce(Result<AttachmentInfo, String>) + 'static,
        texts: &'static Texts,
    ) {
        let prepared = || -> Result<(XmlHttpRequest, FormData), JsValue> {
            let xhr = XmlHttpRequest::new()?;
            xhr.open_with_async("POST", UPLOAD_URL, true)?;
            xhr.set_request_header("Accept", "application/json")?;
            let form = FormData::new()?;
            form.append_with_blob_and_filename(FILE_FIELD, file, &file.name())?;
            Ok((xhr, form))
        };
        let Ok((xhr, form)) = prepared() else {
            on_done(Err(texts.attachment_upload_failed.to_owned()));
            return;
        };

        let progress_handler = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                on_progress((event.loaded() / event.total() * 100.0).clamp(0.0, 100.0) as u8);
            }
        });
        let upload_target = xhr.upload().ok();
        if let Some(target) = &upload_target {
            target.set_onprogress(Some(progress_handler.as_ref().unchecked_ref()));
        }
        let finished = xhr.clone();
        // `loadend` follows success, failure and abort alike; the closure frees itself after it.
        let on_loadend = Closure::once_into_js(move |_event: JsValue| {
            if let Some(target) = upload_target {
                target.set_onprogress(None);
            }
            drop(progress_handler);
            IN_FLIGHT.with(|in_flight| in_flight.borrow_mut().remove(&key));
            on_done(outcome(&finished, texts));
        });
        xhr.set_onloadend(Some(on_loadend.unchecked_ref()));
        IN_FLIGHT.with(|in_flight| in_flight.borrow_mut().insert(key, xhr.clone()));
        // A failure to send is reported by `loadend` as well.
        let _ = xhr.send_with_opt_form_data(Some(&form));
    }

    fn outcome(xhr: &XmlHttpRequest, texts: &'static Texts) -> Result<AttachmentInfo, String> {
        let status = xhr.status().unwrap_or(0);
        let body = xhr.response_text().ok().flatten().unwrap_or_default();
        if (200..300).contains(&status) {
            serde_json::from_str(&body).map_err(|_| texts.attachment_upload_failed.to_owned())
        } else {
            Err(failure_message(status, &body, texts))
        }
    }

    pub fn abort_upload(key: u64) {
        // Taken out first: `abort` runs the `loadend` handler synchronously.
        let xhr = IN_FLIGHT.with(|in_flight| in_flight.borrow_mut().remove(&key));
        if let Some(xhr) = xhr {
            let _ = xhr.abort();
        }
    }

    /// Removes an upload on the server; if that fails, the hourly cleanup removes it later.
    pub fn delete_upload(id: i32) {
        if let Ok(xhr) = XmlHttpRequest::new()
            && xhr.open_with_async("DELETE", &format!("{UPLOAD_URL}/{id}"), true).is_ok()
        {
            let _ = xhr.send();
        }
    }
}

/// On the server nothing is ever uploaded: the event handlers that call these never run there.
#[cfg(not(feature = "hydrate"))]
mod browser {
    use crate::i18n::Texts;
    use domain::attachment::AttachmentInfo;

    pub fn start_upload(
        _key: u64,
        _file: &web_sys::File,
        _on_progress: impl Fn(u8) + 'static,
        _on_done: impl FnOnce(Result<AttachmentInfo, String>) + 'static,
        _texts: &'static Texts,
    ) {
    }

    pub fn abort_upload(_key: u64) {}

    pub fn delete_upload(_id: i32) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Texts;

    fn ru() -> &'static Texts {
        Texts::for_locale(domain::Locale::Ru)
    }

    fn en() -> &'static Texts {
        Texts::for_locale(domain::Locale::En)
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!((ru().file_size)(512), "512 Б");
        assert_eq!((ru().file_size)(350 * 1024), "350 КБ");
        assert_eq!((ru().file_size)(1_258_291), "1,2 МБ");
        assert_eq!((ru().file_size)(50 * 1024 * 1024), "50 МБ");
        assert_eq!((ru().file_size)(1024 * 1024 - 100), "1 МБ");
        assert_eq!((en().file_size)(1_258_291), "1.2 MB");
    }

    #[test]
    fn limits_are_checked_before_sending() {
        let ok = |name, size, files, bytes| limit_problem(name, size, files, bytes, ru());
        assert_eq!(ok("screen.PNG", 1000, 0, 0), None);
        assert_eq!(ok("setup.exe", 1000, 0, 0), Some(ru().attachment_type_not_allowed));
        assert_eq!(ok("README", 1000, 0, 0), Some(ru().attachment_type_not_allowed));
        assert_eq!(ok("empty.log", 0, 0, 0), Some(ru().attachment_empty));
        assert_eq!(ok("big.zip", MAX_FILE_BYTES + 1, 0, 0), Some("Файл больше 50 МБ. Уменьшите его или разделите на части."));
        assert_eq!(ok("big.zip", MAX_FILE_BYTES, 0, 0), None);
        assert_eq!(ok("one-more.txt", 10, MAX_FILES, 100), Some(ru().attachments_too_many));
        assert_eq!(ok("last.zip", MAX_FILE_BYTES, 4, 3 * MAX_FILE_BYTES + 1), Some(ru().attachments_too_large_total));
        assert_eq!(ok("last.zip", MAX_FILE_BYTES, 4, 3 * MAX_FILE_BYTES), None);
    }

    #[test]
    fn the_servers_message_is_shown_when_there_is_one() {
        let body = r#"{"code":"attachment.too_large","message":"Файл больше 50 МБ. Уменьшите его или разделите на части."}"#;
        assert_eq!(failure_message(413, body, ru()), ru().attachment_too_large);
        assert_eq!(failure_message(413, "<html>nginx</html>", ru()), ru().attachment_too_large);
        assert_eq!(failure_message(403, "Запрос отклонён", ru()), ru().forbidden_text);
        assert_eq!(failure_message(0, "", en()), en().network_error);
        assert_eq!(failure_message(500, "{}", ru()), ru().attachment_upload_failed);
        assert_eq!(failure_message(507, "<html>proxy</html>", ru()), ru().storage_full);
        assert_eq!(failure_message(503, "", en()), en().temporarily_unavailable);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_browser_allows_the_same_extensions_as_the_server() {
        let mut server: Vec<_> = portal_service::attachments::allowed_extensions().collect();
        let mut browser = ALLOWED_EXTENSIONS.to_vec();
        server.sort_unstable();
        browser.sort_unstable();
        assert_eq!(browser, server);
    }
}
