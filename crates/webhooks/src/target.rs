//! Where a webhook may be sent. An integrator's URL is resolved here and the delivery goes to
//! the address checked, not to a second resolution (a name that answers a public address to the
//! check and 127.0.0.1 to the request — DNS rebinding — reaches nothing inside). Loopback,
//! private, link-local (cloud metadata at 169.254.169.254), shared (CGNAT), unspecified,
//! multicast, reserved and documentation ranges are refused unless the operator allows private
//! targets (`webhooks.allow_private_targets`).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use reqwest::Url;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("use an http or https URL with a host name")]
    Invalid,
    #[error("the host name does not resolve")]
    Unresolvable,
    #[error("the host resolves to a private, loopback or link-local address ({0}), which webhooks may not reach")]
    Private(IpAddr),
}

/// Whether `ip` lies outside the public internet.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return private_v4(v4);
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 old site-local
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                // 2001:db8::/32 documentation
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                // 64:ff9b::/96 NAT64 and ::a.b.c.d (deprecated compatible): judge the IPv4 inside
                || ((s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4]) || s[..6] == [0; 6])
                    && private_v4(Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8))
        }
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // 100.64.0.0/10 shared address space (carrier-grade NAT)
        || (a == 100 && (64..128).contains(&b))
        // 192.0.0.0/24 protocol assignments, 198.18.0.0/15 benchmarking, 240.0.0.0/4 reserved
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

/// The URL checked and resolved: the address the delivery must connect to.
#[derive(Debug, Clone)]
pub struct Target {
    pub url: Url,
    pub host: String,
    pub addr: SocketAddr,
}

/// Parses `url` (http or https only, no credentials) without resolving it: the check made when
/// an endpoint is saved.
pub fn parse(url: &str) -> Result<Url, TargetError> {
    let u = Url::parse(url.trim()).map_err(|_| TargetError::Invalid)?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none_or(str::is_empty) {
        return Err(TargetError::Invalid);
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(TargetError::Invalid);
    }
    Ok(u)
}

/// Whether a parsed URL names an address inside without resolving anything: a private literal
/// address or `localhost` (refused when the endpoint is saved; other names are judged by what
/// they resolve to when a delivery goes).
pub fn names_inside(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => is_private(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => is_private(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// Resolves `url` and picks the address to send to: the first the name resolves to, refused
/// when any of them is private (a name with one private address among public ones is a way in),
/// unless `allow_private`.
pub async fn resolve(url: &str, allow_private: bool) -> Result<Target, TargetError> {
    let url = parse(url)?;
    let host = url.host_str().ok_or(TargetError::Invalid)?.trim_start_matches('[').trim_end_matches(']').to_string();
    let port = url.port_or_known_default().ok_or(TargetError::Invalid)?;
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => {
            tokio::net::lookup_host((host.as_str(), port)).await.map_err(|_| TargetError::Unresolvable)?.collect()
        }
    };
    let first = *addrs.first().ok_or(TargetError::Unresolvable)?;
    if !allow_private && let Some(bad) = addrs.iter().find(|a| is_private(a.ip())) {
        return Err(TargetError::Private(bad.ip()));
    }
    Ok(Target { url, host, addr: first })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_addresses_are_told_from_public_ones() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.0.10",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "198.18.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.0.8",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2001:db8::1",
        ] {
            assert!(is_private(inside.parse().expect("ip")), "{inside} is inside");
        }
        for public in ["8.8.8.8", "200.147.67.142", "2800:3f0:4001:80f::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"] {
            assert!(!is_private(public.parse().expect("ip")), "{public} is public");
        }
    }

    #[tokio::test]
    async fn names_and_literals_that_reach_inside_are_refused_unless_allowed() {
        assert!(matches!(resolve("http://localhost:8080/hook", false).await, Err(TargetError::Private(_))));
        assert!(matches!(resolve("http://127.0.0.1/hook", false).await, Err(TargetError::Private(_))));
        assert!(matches!(resolve("http://[::1]:9000/", false).await, Err(TargetError::Private(_))));
        assert!(matches!(
            resolve("http://169.254.169.254/latest/meta-data", false).await,
            Err(TargetError::Private(_))
        ));
        let allowed = resolve("http://localhost:8080/hook", true).await.expect("allowed by the operator");
        assert!(allowed.addr.ip().is_loopback() && allowed.addr.port() == 8080);
        for bad in ["ftp://example.com/", "http://user:pw@example.com/", "not a url", "http://", "file:///etc/passwd"] {
            assert_eq!(resolve(bad, true).await.err(), Some(TargetError::Invalid), "{bad}");
        }
        assert_eq!(resolve("https://does-not-exist.invalid/hook", false).await.err(), Some(TargetError::Unresolvable));
    }
}
