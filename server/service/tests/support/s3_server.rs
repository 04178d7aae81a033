//! A real S3-compatible server for tests: `s3s-fs` serving a temporary directory on
//! 127.0.0.1, in the test's own runtime, with signed requests checked. Works offline.
//! Shared by the service tests and the server's HTTP tests (`#[path]`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use portal_service::attachments::{AttachmentStore, S3Settings};
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

pub const BUCKET: &str = "portal-attachments";
const ACCESS_KEY: &str = "portal-test";
const SECRET_KEY: &str = "portal-test-secret";

pub struct S3Server {
    pub endpoint: String,
    /// The served directory: one subdirectory per bucket, unfinished multipart parts at the top.
    pub dir: PathBuf,
    accept_loop: tokio::task::JoinHandle<()>,
}

impl S3Server {
    pub async fn start() -> S3Server {
        static SEQUENCE: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "portal_s3_test_{}_{}",
            std::process::id(),
            SEQUENCE.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(dir.join(BUCKET)).unwrap();
        let mut builder = S3ServiceBuilder::new(s3s_fs::FileSystem::new(&dir).unwrap());
        builder.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        let service = builder.build();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let accept_loop = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let service = service.clone();
                tokio::spawn(async move {
                    let io = hyper_util::rt::TokioIo::new(socket);
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
                });
            }
        });
        S3Server { endpoint, dir, accept_loop }
    }

    pub fn settings(&self, prefix: Option<&str>) -> S3Settings {
        S3Settings {
            bucket: BUCKET.to_owned(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".to_owned(),
            access_key_id: ACCESS_KEY.to_owned(),
            secret_access_key: SECRET_KEY.to_owned(),
            prefix: prefix.map(str::to_owned),
        }
    }

    /// A store in this server's bucket, its keys under `prefix`.
    #[allow(dead_code)] // the scale-out test hands the settings to child processes instead
    pub fn store(&self, prefix: Option<&str>) -> AttachmentStore {
        AttachmentStore::s3(&self.settings(prefix)).unwrap()
    }

    /// Parts of multipart uploads neither completed nor aborted.
    #[allow(dead_code)]
    pub fn unfinished_parts(&self) -> Vec<String> {
        std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".upload"))
            .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        self.accept_loop.abort();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
