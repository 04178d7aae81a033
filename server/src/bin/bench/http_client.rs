//! A small HTTP/1.1 client on hyper for driving the portal over loopback: one keep-alive
//! connection and one session cookie per simulated browser, as a real browser tab would have.
//! (hyper is in the tree through axum already; no client crate is added for benchmarks.)

use std::net::SocketAddr;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

pub type Sender = SendRequest<Full<Bytes>>;
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

/// The portal's session cookie name (`server::router::SESSION_COOKIE`).
const SESSION_COOKIE: &str = server::router::SESSION_COOKIE;
pub const DEMO_PASSWORD: &str = "demo-password";

/// Opens a loopback connection; the connection task runs until either side closes it.
pub async fn connect(addr: SocketAddr) -> Result<Sender, BenchError> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Signs in on a connection of its own and returns the `portal_session=…` cookie pair.
pub async fn sign_in(addr: SocketAddr, email: &str) -> Result<String, BenchError> {
    let mut client = Client::new(addr);
    let answer = client.sign_in(email).await?;
    if answer.status != StatusCode::OK {
        return Err(format!("sign-in of {email} answered {}", answer.status).into());
    }
    client.cookie.ok_or_else(|| "no session cookie".into())
}

/// A whole answer: status, headers and the collected body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// 2xx and 3xx are what a browser gets from a working portal.
    pub fn is_success(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One simulated browser: a keep-alive connection (reopened after a failure) and its cookie.
pub struct Client {
    addr: SocketAddr,
    sender: Option<Sender>,
    pub cookie: Option<String>,
    /// Sent as `X-Forwarded-For`: the address of the user this client stands for.
    pub forwarded_for: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Self { addr, sender: None, cookie: None, forwarded_for: None }
    }

    pub fn forwarded_for(self, address: String) -> Self {
        Self { forwarded_for: Some(address), ..self }
    }

    /// The sign-in server function, as the «Вход» page calls it.
    pub async fn sign_in(&mut self, email: &str) -> Result<Answer, BenchError> {
        let body = format!("email={}&password={DEMO_PASSWORD}", encode(email));
        self.post_form("/api/login", body).await
    }

    pub async fn get(&mut self, path: &str) -> Result<Answer, BenchError> {
        self.send(Method::GET, path, None, Bytes::new()).await
    }

    /// A server function with the default (URL-encoded form) input.
    pub async fn post_form(&mut self, path: &str, body: String) -> Result<Answer, BenchError> {
        self.send(Method::POST, path, Some("application/x-www-form-urlencoded"), Bytes::from(body)).await
    }

    /// A server function declared with `input = Json`.
    pub async fn post_json(&mut self, path: &str, body: &serde_json::Value) -> Result<Answer, BenchError> {
        self.send(Method::POST, path, Some("application/json"), Bytes::from(serde_json::to_vec(body)?)).await
    }

    async fn send(&mut self, method: Method, path: &str, content_type: Option<&str>, body: Bytes) -> Result<Answer, BenchError> {
        let host = self.addr.to_string();
        let mut request = Request::builder().method(method).uri(path).header(header::HOST, &host);
        // Same-origin, as the portal's own pages send it (the CSRF guard compares it with Host).
        request = request.header(header::ORIGIN, format!("http://{host}"));
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        let request = request.body(Full::new(body))?;
        let result = self.exchange(request).await;
        if result.is_err() {
            // A broken connection is not reused; the next request opens a new one.
            self.sender = None;
        }
        let answer = result?;
        if let Some(cookie) = session_cookie(&answer.headers) {
            self.cookie = Some(cookie);
        }
        Ok(answer)
    }

    async fn exchange(&mut self, request: Request<Full<Bytes>>) -> Result<Answer, BenchError> {
        let sender = match self.sender.take() {
            Some(sender) if !sender.is_closed() => sender,
            _ => connect(self.addr).await?,
        };
        let sender = self.sender.insert(sender);
        sender.ready().await?;
        let response = sender.send_request(request).await?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        Ok(Answer { status: parts.status, headers: parts.headers, body })
    }
}

/// Reads a Server-Sent-Events body until it ends, calling `on_event(id, data)` per event that
/// carries data (keep-alive comments are skipped).
pub async fn read_events(
    mut body: hyper::body::Incoming,
    mut on_event: impl FnMut(Option<&str>, &str) -> Result<(), BenchError>,
) -> Result<(), BenchError> {
    let mut buffer = String::new();
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else { continue };
        buffer.push_str(std::str::from_utf8(&data)?);
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            let id = event.lines().find_map(|line| line.strip_prefix("id:")).map(str::trim);
            let data: Vec<&str> = event.lines().filter_map(|line| line.strip_prefix("data:")).map(str::trim).collect();
            if !data.is_empty() {
                on_event(id, &data.join("\n"))?;
            }
        }
    }
    Ok(())
}

/// The `portal_session=…` pair of a `Set-Cookie` header, if the answer sets it.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.starts_with(&format!("{SESSION_COOKIE}=")))
        .and_then(|cookie| cookie.split(';').next())
        .map(str::to_owned)
}

/// Percent-encodes a form value.
pub fn encode(text: &str) -> String {
    domain::validation::percent_encode(text, b"")
}
