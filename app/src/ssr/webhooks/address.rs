//! Where a webhook may be delivered: never to this machine, its private
//! networks or the cloud's metadata service (server-side request forgery),
//! unless the operator lists the network (`webhook-allow-nets`). Checked on
//! every address a name resolves to, at every delivery: the client resolves
//! through [`Guarded`], so a name that later points inside is refused then.
use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Whether `ip` is loopback, private, link-local, shared (CGNAT),
/// unspecified, broadcast, multicast, documentation or otherwise not a
/// public unicast address (an IPv4 inside IPv6 is judged as IPv4).
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments and benchmarking, 192.0.0.0/24, 198.18.0.0/15.
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, site-local fec0::/10.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        // Documentation 2001:db8::/32; NAT64 64:ff9b::/96 could reach IPv4 inside.
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        || (first == 0x0064 && ip.segments()[1] == 0xff9b)
        // IPv4-compatible ::a.b.c.d.
        || ip.segments()[..6].iter().all(|s| *s == 0)
}

/// Whether a webhook may point at `url`: http or https, a host, and not
/// an internal address nor this machine's name (another name is checked
/// when it is resolved, at every delivery). The problem's code otherwise.
pub fn check_url(url: &url::Url, allow: &AllowNets) -> Result<(), &'static str> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err("scheme");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("credentials");
    }
    let internal = match url.host() {
        None => return Err("host"),
        Some(url::Host::Ipv4(ip)) => !allow.permits(ip.into()),
        Some(url::Host::Ipv6(ip)) => !allow.permits(ip.into()),
        Some(url::Host::Domain(name)) => {
            is_local_name(name) && !allow.permits(Ipv4Addr::LOCALHOST.into())
        }
    };
    if internal { Err("internal") } else { Ok(()) }
}

/// Names that are this machine whatever DNS says.
fn is_local_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost")
}

/// The networks the operator opened to webhooks.
#[derive(Clone, Debug, Default)]
pub struct AllowNets(pub Arc<Vec<IpNet>>);

impl AllowNets {
    pub fn new(nets: Vec<IpNet>) -> AllowNets {
        AllowNets(Arc::new(nets))
    }

    /// Whether a webhook may be sent to `ip`.
    pub fn permits(&self, ip: IpAddr) -> bool {
        !is_internal(ip) || self.0.iter().any(|net| net.contains(&ip))
    }
}

/// The resolver of the webhook client: the system's, keeping only the
/// addresses [`AllowNets::permits`] (none left: the name is refused).
#[derive(Clone, Debug)]
pub struct Guarded(pub AllowNets);

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.0.clone();
        Box::pin(async move {
            let host = format!("{}:0", name.as_str());
            let found: Vec<SocketAddr> = tokio::net::lookup_host(host).await?.collect();
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allow.permits(a.ip()))
                .collect();
            if kept.is_empty() {
                return Err(Box::new(Refused(name.as_str().to_string())) as _);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

/// A host that resolves only to addresses webhooks may not reach.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is an internal address", self.0)
    }
}

impl std::error::Error for Refused {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(is_internal(ip(internal)), "{internal}");
        }
        for public in ["8.8.8.8", "200.57.0.1", "2606:4700::1111"] {
            assert!(!is_internal(ip(public)), "{public}");
        }
        let none = AllowNets::default();
        assert!(!none.permits(ip("127.0.0.1")));
        assert!(none.permits(ip("8.8.8.8")));
        let local = AllowNets::new(vec!["127.0.0.0/8".parse().unwrap()]);
        assert!(local.permits(ip("127.0.0.1")));
        assert!(!local.permits(ip("169.254.169.254")));
        let url = |u: &str| url::Url::parse(u).unwrap();
        assert_eq!(
            check_url(&url("http://127.0.0.1:9/x"), &none),
            Err("internal")
        );
        assert_eq!(check_url(&url("http://[::1]/x"), &none), Err("internal"));
        assert_eq!(
            check_url(&url("http://169.254.169.254/latest"), &local),
            Err("internal")
        );
        assert_eq!(
            check_url(&url("http://LOCALHOST./x"), &none),
            Err("internal")
        );
        assert_eq!(check_url(&url("ftp://example.com/x"), &none), Err("scheme"));
        assert_eq!(
            check_url(&url("https://u:p@example.com/x"), &none),
            Err("credentials")
        );
        assert_eq!(
            check_url(&url("https://hooks.example.com/x"), &none),
            Ok(())
        );
        assert_eq!(check_url(&url("http://127.0.0.1:9/x"), &local), Ok(()));
        assert_eq!(check_url(&url("http://localhost:9/x"), &local), Ok(()));
    }
}
