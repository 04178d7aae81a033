//! The real `portal` binary in a child process, and a minimal HTTP/1.1 client for it (one
//! request per connection), for tests that kill or multiply the server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `portal serve`; killed when dropped.
pub struct Portal {
    child: Child,
    pub addr: SocketAddr,
}

impl Portal {
    /// Starts the portal with `env` (at least `PORTAL_DATA_DIR`; `DATABASE_URL` for PostgreSQL)
    /// on a free loopback port and waits until it listens.
    pub fn start(env: &[(&str, String)]) -> Portal {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
        command
            .env("LEPTOS_OUTPUT_NAME", "portal")
            .env("PORTAL_ADDR", addr.to_string())
            .env("RUST_LOG", "warn")
            .env_remove("DATABASE_URL")
            .env_remove("PORTAL_SMTP_URL")
            .env_remove("PORTAL_SMTP_HOST")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start the portal binary");
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the portal exited before listening: {status}");
            }
            assert!(started.elapsed() < Duration::from_secs(60), "the portal did not start listening");
            std::thread::sleep(Duration::from_millis(20));
        }
        Portal { child, addr }
    }

    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A POST as the portal's own pages send it.
pub fn raw_request(path: &str, content_type: &str, body: &str, cookie: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: portal.test\r\nOrigin: http://portal.test\r\nAccept: application/json\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// One POST; answers with the status, the session cookie set (if any) and the body.
pub fn call(addr: SocketAddr, path: &str, content_type: &str, body: &str, cookie: &str) -> (u16, Option<String>, String) {
    exchange(addr, raw_request(path, content_type, body, cookie).as_bytes())
}

/// Sends raw request bytes and reads the answer to the end (the request says `Connection: close`).
pub fn exchange(addr: SocketAddr, request: &[u8]) -> (u16, Option<String>, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let session = head
        .lines()
        .filter_map(|line| line.strip_prefix("set-cookie: ").or_else(|| line.strip_prefix("Set-Cookie: ")))
        .find(|cookie| cookie.starts_with("portal_session="))
        .map(|cookie| cookie.split(';').next().unwrap_or_default().to_owned());
    (status, session, body.to_owned())
}

/// Signs in a demo account; answers with its session cookie.
pub fn sign_in(addr: SocketAddr, email: &str) -> String {
    let form = format!("email={}&password=demo-password", email.replace('@', "%40"));
    let (status, session, body) = call(addr, "/api/login", "application/x-www-form-urlencoded", &form, "");
    assert_eq!(status, 200, "sign-in of {email}: {body}");
    session.expect("a session cookie")
}
