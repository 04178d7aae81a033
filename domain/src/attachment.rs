//! A stored file as its readers see it: the answer of an upload, a file of a draft, of a request
//! or of a chat message. One type from the service to the page.

use serde::{Deserialize, Serialize};

/// A file: uploaded, linked to a draft, to a request or to one of its messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: i32,
    pub file_name: String,
    pub size_bytes: i64,
    pub content_type: String,
    pub sha256: String,
}

impl AttachmentInfo {
    /// Where the file is downloaded from.
    pub fn href(&self) -> String {
        format!("/attachments/{}", self.id)
    }
}
