//! `smtp://host:port` and friends: which protocol, which port, and when TLS
//! starts.

use std::fmt;

use crate::protocol::Protocol;
use crate::Error;

/// When TLS starts on a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// After STARTTLS (SMTP, IMAP) or STLS (POP3) on the cleartext port.
    StartTls,
    /// From the first byte (SMTPS / submissions, IMAPS, POP3S).
    Implicit,
    /// Never (`--no-tls`).
    None,
}

/// A server to log in to, from its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL's scheme as written, lower-cased (`submission`, ...).
    pub scheme: String,
    /// The protocol spoken.
    pub protocol: Protocol,
    /// When TLS starts.
    pub security: Security,
    /// The host: a name, an IPv4 address or an IPv6 address (without its
    /// brackets).
    pub host: String,
    /// The port.
    pub port: u16,
}

/// The schemes, with their protocol, TLS mode and default port.
const SCHEMES: &[(&str, Protocol, Security, u16)] = &[
    ("smtp", Protocol::Smtp, Security::StartTls, 25),
    ("submission", Protocol::Smtp, Security::StartTls, 587),
    ("smtps", Protocol::Smtp, Security::Implicit, 465),
    ("submissions", Protocol::Smtp, Security::Implicit, 465),
    ("imap", Protocol::Imap, Security::StartTls, 143),
    ("imaps", Protocol::Imap, Security::Implicit, 993),
    ("pop3", Protocol::Pop3, Security::StartTls, 110),
    ("pop3s", Protocol::Pop3, Security::Implicit, 995),
];

/// The schemes `parse` knows, for messages and help.
pub const SCHEME_NAMES: &str = "smtp, submission, smtps, submissions, imap, imaps, pop3, pop3s";

/// The schemes of the other TLS mode for `protocol`, with their port, for
/// a message to a user who picked the wrong one for the port.
pub fn other_tls_mode(protocol: Protocol, security: Security) -> &'static str {
    match (protocol, security) {
        (Protocol::Smtp, Security::Implicit) => "submission:// (STARTTLS, port 587)",
        (Protocol::Imap, Security::Implicit) => "imap:// (STARTTLS, port 143)",
        (Protocol::Pop3, Security::Implicit) => "pop3:// (STARTTLS, port 110)",
        (Protocol::Smtp, _) => "submissions:// or smtps:// (TLS from the first byte, port 465)",
        (Protocol::Imap, _) => "imaps:// (TLS from the first byte, port 993)",
        (Protocol::Pop3, _) => "pop3s:// (TLS from the first byte, port 995)",
    }
}

impl Target {
    /// Parses `scheme://host[:port][/]`. IPv6 addresses go in brackets
    /// (`imaps://[::1]:993`). User names and paths are refused: the user
    /// is `--user`, and a password never goes in a URL.
    ///
    /// ```
    /// use saslenc::login::url::{Security, Target};
    /// let t = Target::parse("submission://mail.example.com")?;
    /// assert_eq!((t.host.as_str(), t.port, t.security), ("mail.example.com", 587, Security::StartTls));
    /// let t = Target::parse("IMAPS://[::1]:10993/")?;
    /// assert_eq!((t.host.as_str(), t.port, t.security), ("::1", 10993, Security::Implicit));
    /// # Ok::<(), saslenc::Error>(())
    /// ```
    pub fn parse(url: &str) -> Result<Self, Error> {
        // The URL itself is not repeated: it might hold a password.
        let bad = |rule: &str| Error::Url {
            rule: rule.to_owned(),
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            bad(&format!(
                "expected SCHEME://HOST[:PORT] with a scheme of {SCHEME_NAMES}"
            ))
        })?;
        let scheme = scheme.to_ascii_lowercase();
        let &(_, protocol, security, default_port) = SCHEMES
            .iter()
            .find(|(name, ..)| *name == scheme)
            .ok_or_else(|| bad(&format!("unknown scheme; use one of {SCHEME_NAMES}")))?;
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(bad("a path, query or fragment has no meaning here"));
        }
        if authority.contains('@') {
            return Err(Error::CredentialsInUrl);
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let (host, after) = inner
                .split_once(']')
                .ok_or_else(|| bad("an IPv6 address opened with [ has no ]"))?;
            if host.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("the address in brackets is not an IPv6 address"));
            }
            let port = match after {
                "" => None,
                p => Some(
                    p.strip_prefix(':')
                        .ok_or_else(|| bad("expected :PORT after ]"))?,
                ),
            };
            (host, port)
        } else {
            match authority.rsplit_once(':') {
                Some((host, _)) if host.contains(':') => {
                    return Err(bad("an IPv6 address must be written in brackets, [::1]"))
                }
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(bad("the host is empty"));
        }
        if !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
        {
            return Err(bad(
                "the host may hold only letters, digits, '.', '-' and '_' (write an \
                 internationalised name in its xn-- form)",
            ));
        }
        let port = match port {
            None => default_port,
            // Digits only: u16's parser takes a leading '+' (`:+12199`).
            Some(p) => match p.parse::<u16>() {
                Ok(port) if port > 0 && p.bytes().all(|b| b.is_ascii_digit()) => port,
                _ => return Err(bad("the port is not a number from 1 to 65535")),
            },
        };
        Ok(Target {
            scheme,
            protocol,
            security,
            host: host.to_owned(),
            port,
        })
    }

    /// `host:port`, with brackets around an IPv6 address: for messages and
    /// for connecting.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.authority())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_has_its_port() {
        for (url, port, protocol, security) in [
            ("smtp://h", 25, Protocol::Smtp, Security::StartTls),
            ("submission://h", 587, Protocol::Smtp, Security::StartTls),
            ("smtps://h", 465, Protocol::Smtp, Security::Implicit),
            ("submissions://h", 465, Protocol::Smtp, Security::Implicit),
            ("imap://h", 143, Protocol::Imap, Security::StartTls),
            ("imaps://h", 993, Protocol::Imap, Security::Implicit),
            ("pop3://h", 110, Protocol::Pop3, Security::StartTls),
            ("pop3s://h", 995, Protocol::Pop3, Security::Implicit),
        ] {
            let t = Target::parse(url).unwrap();
            assert_eq!(
                (t.port, t.protocol, t.security),
                (port, protocol, security),
                "{url}"
            );
        }
    }

    #[test]
    fn hosts_and_ports() {
        let t = Target::parse("imap://127.0.0.1:10143").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 10143));
        assert_eq!(t.authority(), "127.0.0.1:10143");
        let t = Target::parse("imap://[2001:db8::1]").unwrap();
        assert_eq!(t.authority(), "[2001:db8::1]:143");
        assert_eq!(t.to_string(), "imap://[2001:db8::1]:143");
    }

    #[test]
    fn bad_urls_are_usage_errors() {
        for url in [
            "mail.example.com",
            "http://h",
            "imap://",
            "imap://h:0",
            "imap://h:70000",
            "imap://h:x",
            "imap://::1",
            "imap://[::1",
            "imap://[nothost]:1",
            "imap://user:pass@h",
            "imap://h/INBOX",
            "imap://h\u{1b}[2J",
        ] {
            let err = Target::parse(url).unwrap_err();
            assert_eq!(err.class(), crate::ErrorClass::Usage, "{url}: {err}");
            assert!(!err.to_string().contains('\u{1b}'), "{err}");
            assert!(!err.to_string().contains("pass@"), "{err}");
        }
    }
}
