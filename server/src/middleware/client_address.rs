//! The client's IP address, resolved once per request and stored in the request's extensions as
//! [`ClientAddress`] for the sign-in throttle and the rate limits.
//!
//! `X-Forwarded-For` is a header anyone can send, so it is believed only from a peer listed in
//! `PORTAL_TRUSTED_PROXIES`. Then the list is read from the right (each proxy appends the address
//! it saw), skipping trusted proxies, and the first address that is not one is the client; what a
//! client wrote to the left of that is never looked at. Without trusted proxies the connection's
//! peer is the client, whatever the headers say.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

pub use app::server::ClientAddress;

/// The header proxies append the address they saw to.
pub const FORWARDED_FOR: &str = "x-forwarded-for";

/// Addresses and networks of reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<Network>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

impl TrustedProxies {
    /// No proxy is trusted: the peer is always the client.
    pub fn none() -> Self {
        TrustedProxies::default()
    }

    /// A comma-separated list of addresses and CIDR networks, e.g. `10.0.0.5, 192.168.0.0/16, ::1`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                Network::parse(item).ok_or_else(|| format!("'{item}' is neither an IP address nor a network like 10.0.0.0/8"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies { networks })
    }

    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.networks.iter().any(|network| network.contains(address))
    }
}

impl Network {
    fn parse(text: &str) -> Option<Network> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address.parse::<IpAddr>().ok()?, Some(prefix.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let address = address.to_canonical();
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { base: address, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        match (self.base, address) {
            (IpAddr::V4(base), IpAddr::V4(address)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(base) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(base), IpAddr::V6(address)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(base) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy; then the right-most
/// `X-Forwarded-For` entry that is not a trusted proxy. An unreadable entry stops the walk at the
/// last address vouched for, so garbage never yields a fresh address.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let mut client = peer.to_canonical();
    if !trusted.contains(client) {
        return client;
    }
    let entries: Vec<&str> = headers
        .get_all(FORWARDED_FOR)
        .iter()
        .map(|value| value.to_str().unwrap_or("?"))
        .flat_map(|value| value.split(','))
        .collect();
    for entry in entries.into_iter().rev() {
        let Some(address) = parse_entry(entry) else { return client };
        client = address;
        if !trusted.contains(address) {
            return address;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, optionally with a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    let address = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
        .or_else(|| entry.strip_prefix('[')?.strip_suffix(']')?.parse::<IpAddr>().ok())?;
    Some(address.to_canonical())
}

/// Stores the [`ClientAddress`] of requests that came through a socket.
pub async fn resolve_client_address(State(trusted): State<Arc<TrustedProxies>>, mut request: Request, next: Next) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let address = resolve(peer.ip(), request.headers(), &trusted);
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(FORWARDED_FOR, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let headers = forwarded(&["203.0.113.7"]);
        assert_eq!(resolve(ip("198.51.100.1"), &headers, &TrustedProxies::none()), ip("198.51.100.1"));
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_is_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.1").unwrap();
        assert_eq!(resolve(ip("198.51.100.1"), &forwarded(&["203.0.113.7"]), &trusted), ip("198.51.100.1"));
    }

    #[test]
    fn the_right_most_untrusted_entry_is_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client forged "1.1.1.1"; the first proxy appended what it saw, the second proxy too.
        let headers = forwarded(&["1.1.1.1, 203.0.113.7", "10.0.0.2"]);
        assert_eq!(resolve(ip("10.0.0.1"), &headers, &trusted), ip("203.0.113.7"));
        assert_eq!(resolve(ip("10.0.0.1"), &forwarded(&["203.0.113.9:5123"]), &trusted), ip("203.0.113.9"));
        assert_eq!(resolve(ip("10.0.0.1"), &forwarded(&["[2001:db8::5]:443"]), &trusted), ip("2001:db8::5"));
    }

    #[test]
    fn a_proxy_without_the_header_or_with_garbage_is_the_client() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(resolve(ip("10.0.0.1"), &HeaderMap::new(), &trusted), ip("10.0.0.1"));
        assert_eq!(resolve(ip("10.0.0.1"), &forwarded(&["203.0.113.7, unknown"]), &trusted), ip("10.0.0.1"));
        // Only trusted hops: the left-most one is as far as anyone can tell.
        assert_eq!(resolve(ip("10.0.0.1"), &forwarded(&["10.0.0.3, 10.0.0.2"]), &trusted), ip("10.0.0.3"));
    }

    #[test]
    fn mapped_ipv4_addresses_are_the_same_address() {
        let trusted = TrustedProxies::parse("127.0.0.1").unwrap();
        assert!(trusted.contains(ip("::ffff:127.0.0.1")));
        assert_eq!(resolve(ip("::ffff:127.0.0.1"), &forwarded(&["::ffff:203.0.113.7"]), &trusted), ip("203.0.113.7"));
    }

    #[test]
    fn networks_are_parsed_and_matched() {
        let trusted = TrustedProxies::parse(" 192.168.0.0/16 , fd00::/8, 203.0.113.5 ,").unwrap();
        assert!(trusted.contains(ip("192.168.200.1")));
        assert!(!trusted.contains(ip("192.169.0.1")));
        assert!(trusted.contains(ip("fd12::1")));
        assert!(!trusted.contains(ip("fe80::1")));
        assert!(trusted.contains(ip("203.0.113.5")));
        assert!(!trusted.contains(ip("203.0.113.6")));
        assert!(TrustedProxies::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        for bad in ["10.0.0.0/33", "::/129", "proxy.local", "10.0.0.0/", "10.0.0.0/x"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }
}
