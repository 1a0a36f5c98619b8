//! Who is asking: the client's address, seen through the proxies the office trusts.
//!
//! Behind a reverse proxy every request comes from the proxy's address, so a limit keyed by the
//! peer address would be shared by every citizen. When the peer is one of the configured
//! trusted proxies, the client is the right-most address of `X-Forwarded-For` that is not itself
//! a trusted proxy (the left-most entries are whatever the client wrote and cannot be believed).
//! Without trusted proxies, `X-Forwarded-For` is ignored.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks (`10.0.0.0/8, 192.168.1.5`).
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("'{item}' is not an IP address or network"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client's address, given the peer's and the `X-Forwarded-For` values in order.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl IntoIterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.into_iter().flat_map(|v| v.split(',')).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(address) => {
                    client = canonical(address);
                    if !self.trusts(client) {
                        return client;
                    }
                }
                // A hop that is not an address ends what can be believed.
                Err(_) => return client,
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(address),
        v4 => v4,
    }
}

/// The client's address of a request (unspecified when the peer is unknown, as in tests).
pub fn address(req: &HttpRequest, trusted: &TrustedProxies) -> IpAddr {
    let peer = req.peer_addr().map(|a| a.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let values = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok());
    trusted.client(peer, values)
}

/// The citizen behind a request without a login: their address and the request's ids.
pub fn public_client(req: &HttpRequest, trusted: &TrustedProxies) -> ombudsman_app::intake::PublicClient {
    use actix_web::HttpMessage;
    let extensions = req.extensions();
    ombudsman_app::intake::PublicClient {
        address: address(req, trusted).to_string(),
        request_id: extensions.get::<crate::middleware::RequestId>().map(|r| r.0.clone()),
        client_request_id: extensions
            .get::<crate::middleware::ClientRequestId>()
            .map(|r| r.0.clone()),
    }
}

/// Counts one request against `key` (a client address, a hashed e-mail) in PostgreSQL, so that
/// every instance shares the limit: 429 with `Retry-After` past `limit` in the window.
pub async fn limit(state: &crate::AppState, key: String, limit: i32, window_secs: i32) -> Result<(), crate::ApiError> {
    match state
        .db(move |conn| Ok(ombudsman_db::request_limits::hit(conn, &key, limit, window_secs)?))
        .await?
    {
        Some(wait) => Err(crate::ApiError::TooManyRequests(wait.max(1) as u64)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.9"), ["198.51.100.1"]), ip("203.0.113.9"));

        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5").unwrap();
        // A direct client cannot pick its own address.
        assert_eq!(proxies.client(ip("203.0.113.9"), ["198.51.100.1"]), ip("203.0.113.9"));
        // Behind the proxy, the client is the right-most untrusted hop; what the client wrote
        // to the left of it is ignored.
        assert_eq!(
            proxies.client(ip("10.1.2.3"), ["6.6.6.6, 198.51.100.7, 192.168.1.5"]),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies.client(ip("10.1.2.3"), ["6.6.6.6", "198.51.100.7"]),
            ip("198.51.100.7")
        );
        // No header, or garbage: the proxy itself.
        assert_eq!(proxies.client(ip("10.1.2.3"), []), ip("10.1.2.3"));
        assert_eq!(proxies.client(ip("10.1.2.3"), ["unknown"]), ip("10.1.2.3"));
        assert_eq!(
            proxies.client(ip("::ffff:10.1.2.3"), ["198.51.100.7"]),
            ip("198.51.100.7")
        );
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }
}
