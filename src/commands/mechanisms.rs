use crate::commands::Error;

/// Each mechanism saslenc builds: subcommand, specification, when to
/// use it.
const MECHANISMS: &[(&str, &str, &str)] = &[
    (
        "plain",
        "RFC 4616",
        "user and password in one line; the common choice over TLS",
    ),
    (
        "login",
        "draft-murchison-sasl-login",
        "user, then password, for servers and clients that offer nothing else",
    ),
    (
        "cram-md5",
        "RFC 2195",
        "legacy challenge-response; the server must store the plain password",
    ),
    (
        "scram-sha-1",
        "RFC 5802",
        "salted challenge-response, the server proves itself; Dovecot, Cyrus, MongoDB",
    ),
    (
        "scram-sha-256",
        "RFC 7677",
        "as scram-sha-1 with SHA-256; prefer it where offered (PostgreSQL, Kafka)",
    ),
    (
        "xoauth2",
        "Google/Microsoft XOAUTH2",
        "OAuth 2.0 access token for Gmail and Microsoft 365",
    ),
    (
        "oauthbearer",
        "RFC 7628",
        "the standard OAuth 2.0 bearer mechanism; Gmail, Yahoo, newer servers",
    ),
    (
        "external",
        "RFC 4422 appendix A",
        "identity from a TLS client certificate or the socket",
    ),
    (
        "anonymous",
        "RFC 4505",
        "guest access with optional trace information, no credentials",
    ),
    (
        "digest-md5",
        "RFC 2831 (historic, RFC 6331)",
        "legacy digest; a captured exchange tests password guesses offline: move to SCRAM",
    ),
    (
        "ntlm",
        "MS-NLMP (deprecated)",
        "NTLMv2 only; a captured exchange tests password guesses offline, and Microsoft is \
         retiring it: move to Kerberos or OAuth",
    ),
];

pub fn run() -> Result<(), Error> {
    let mut out = String::new();
    for (name, spec, when) in MECHANISMS {
        out.push_str(&format!("{name:<14} {spec:<29} {when}\n"));
    }
    super::Stdout::default().write(out.as_bytes())
}
