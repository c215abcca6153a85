//! An optional allow list of the addresses webhooks may come from.

use crate::error::{Error, Result};
use std::net::IpAddr;

/// Networks (`203.0.113.0/24`, `2001:db8::/32`) or single addresses a webhook may come from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceAllowList {
    networks: Vec<(IpAddr, u8)>,
}

impl SourceAllowList {
    /// Parses each entry; a bad one is a `validation` error naming `allow_list`.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<SourceAllowList> {
        let networks = entries.iter().map(|e| network(e.as_ref().trim())).collect::<Result<Vec<_>>>()?;
        Ok(SourceAllowList { networks })
    }

    /// Whether `source` (an address as text; an IPv4-mapped IPv6 address counts as IPv4) is in
    /// one of the networks. Text that is not an address is never allowed.
    pub fn allows(&self, source: &str) -> bool {
        let Ok(ip) = source.trim().parse::<IpAddr>() else { return false };
        let ip = canonical(ip);
        self.networks.iter().any(|(net, bits)| contains(*net, *bits, ip))
    }

    /// `Ok` when [`SourceAllowList::allows`] the source, else code `webhook`.
    pub fn check(&self, source: &str) -> Result<()> {
        if self.allows(source) {
            Ok(())
        } else {
            Err(super::notification::refused("the notification comes from an address not on the allow list".to_string()))
        }
    }
}

fn network(entry: &str) -> Result<(IpAddr, u8)> {
    let bad = || Error::validation("allow_list", format!("`{entry}` is not an address or a network like 203.0.113.0/24"));
    let (addr, bits) = match entry.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| bad())?)),
        None => (entry, None),
    };
    let ip = canonical(addr.parse::<IpAddr>().map_err(|_| bad())?);
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    if bits > max {
        return Err(bad());
    }
    Ok((ip, bits))
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn contains(net: IpAddr, bits: u8, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) => prefix_equal(&n.octets(), &i.octets(), bits),
        (IpAddr::V6(n), IpAddr::V6(i)) => prefix_equal(&n.octets(), &i.octets(), bits),
        _ => false,
    }
}

fn prefix_equal(a: &[u8], b: &[u8], bits: u8) -> bool {
    let full = usize::from(bits / 8);
    if a[..full] != b[..full] {
        return false;
    }
    let rest = bits % 8;
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[full] & mask == b[full] & mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_and_addresses() {
        let list = SourceAllowList::parse(&["203.0.113.0/24", "198.51.100.7", "2001:db8::/32"]).unwrap();
        assert!(list.allows("203.0.113.200"));
        assert!(!list.allows("203.0.114.1"));
        assert!(list.allows("198.51.100.7"));
        assert!(!list.allows("198.51.100.8"));
        assert!(list.allows("::ffff:203.0.113.5"));
        assert!(list.allows("2001:db8:1::1"));
        assert!(!list.allows("not an ip"));
        assert_eq!(list.check("10.0.0.1").unwrap_err().code().as_str(), "webhook");
        let odd = SourceAllowList::parse(&["10.0.0.0/9"]).unwrap();
        assert!(odd.allows("10.127.255.255") && !odd.allows("10.128.0.0"));
        assert!(SourceAllowList::parse(&["10.0.0.0/33"]).is_err());
        assert!(SourceAllowList::parse(&["example.com"]).is_err());
        assert!(SourceAllowList::default().check("127.0.0.1").is_err(), "an empty list allows nothing");
    }
}
