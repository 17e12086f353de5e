//! OAuth 2.0 access tokens read offline: why an XOAUTH2 or OAUTHBEARER
//! login will fail, before the server says so.
//!
//! Exchange Online answers most token mistakes with the same `535 5.7.3
//! Authentication unsuccessful`, yet the cause is nearly always written in
//! the token: Microsoft's access tokens are JWTs (RFC 7519), three
//! base64url parts (a JSON header, a JSON payload of claims, a signature)
//! joined by dots. [`Token::read`] takes the claims that decide a mail
//! login; [`Token::check`] runs the named checks and returns one
//! [`Finding`] each, with the rule and what to do. Nothing here touches
//! the network or the clock: the current time is a parameter. The
//! signature is never decoded, kept or shown, and no check verifies it
//! (that needs the issuer's keys; the server does it).
//!
//! ```
//! use saslenc::protocol::Protocol;
//! use saslenc::token::{Outcome, Token};
//!
//! // {"alg":"none"} . {"iss":"https://sts.windows.net/t/","aud":"https://graph.microsoft.com",
//! //                   "scp":"Mail.Send","exp":1700003600} . (no signature)
//! let jwt = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC90LyIsImF1ZCI6Imh0dHBzOi8vZ3JhcGgubWljcm9zb2Z0LmNvbSIsInNjcCI6Ik1haWwuU2VuZCIsImV4cCI6MTcwMDAwMzYwMH0.";
//! let token = Token::read(jwt.as_bytes());
//! let findings = token.check(Some(Protocol::Smtp), None, 1_700_000_000);
//! let failed: Vec<&str> = findings
//!     .iter()
//!     .filter(|f| f.outcome == Outcome::Fail)
//!     .map(|f| f.check.name())
//!     .collect();
//! // Unsigned (alg none), for Graph, without SMTP.Send.
//! assert_eq!(failed, ["algorithm", "audience", "scope"]);
//! ```

use std::fmt::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::field::escape;
use crate::protocol::Protocol;

mod checks;

/// How far apart the clocks of this machine, the issuer and the server
/// may be before a token counts as expired or not yet valid: 5 minutes,
/// the default of Microsoft's token validation (`TokenValidationParameters
/// .DefaultClockSkew`) and of most JWT libraries. Within it a verdict
/// would depend on whose clock is right, so saslenc notes it rather than
/// failing.
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// Exchange Online's audiences: the delegated resource, the app-only one,
/// and its application id, which v1 tokens may carry instead.
const EXCHANGE_AUDIENCES: &[&str] = &[
    "https://outlook.office.com",
    "https://outlook.office365.com",
    "00000002-0000-0ff1-ce00-000000000000",
];

/// Microsoft Graph's audience, as a URL and as its application id: the
/// token most often fetched by mistake, refused with `535 5.7.3`.
const GRAPH_AUDIENCES: &[&str] = &[
    "https://graph.microsoft.com",
    "00000003-0000-0000-c000-000000000000",
];

/// The hosts of Microsoft's token issuers (`iss`): v2.0 tokens name
/// `login.microsoftonline.com/{tid}/v2.0`, v1.0 tokens `sts.windows.net/{tid}/`.
const MICROSOFT_ISSUERS: &[&str] = &["login.microsoftonline.com", "sts.windows.net"];

/// The hosts of Microsoft's resources in an `aud` URL: a token for one of
/// them is Microsoft's, whoever the `iss` claims to be (or if there is
/// none).
const MICROSOFT_RESOURCE_HOSTS: &[&str] = &[
    "outlook.office.com",
    "outlook.office365.com",
    "graph.microsoft.com",
    "graph.windows.net",
    "management.azure.com",
    "vault.azure.net",
];

/// The prefixes of an opaque Microsoft account access token (personal
/// accounts: outlook.com, hotmail.com, live.com), a compact ticket in
/// base64 that only Microsoft can read.
const MICROSOFT_OPAQUE_PREFIXES: &[&str] = &["EwA", "EwB", "EwC"];

/// The shortest such token: real ones run to a kilobyte or more; a short
/// text that merely starts with `EwB` is not called one.
const MICROSOFT_OPAQUE_MIN_LEN: usize = 100;

/// The claims that name the user, in the order they are compared with the
/// login's user. `sub` is shown but not compared: Microsoft's is an opaque
/// pairwise id, never the mailbox.
const USER_CLAIMS: &[&str] = &["upn", "unique_name", "preferred_username", "email", "sub"];

/// A token as saslenc can read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A JWT: its claims (the signature is not kept). Boxed: the claims
    /// are many times the size of the other variants.
    Jwt(Box<Claims>),
    /// A Google access token (`ya29.`): opaque, only Google can read it.
    GoogleOpaque,
    /// A Microsoft account access token (`EwB...`, personal accounts such
    /// as outlook.com): opaque, only Microsoft can read it.
    MicrosoftOpaque,
    /// Anything else: why it cannot be read (never its text).
    Unreadable(String),
}

/// The claims of a JWT that decide a mail login. A claim that is absent,
/// or not of the type the JWT rules give it, is `None` (the latter with a
/// note in `problems`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// The header's `alg`.
    pub algorithm: Option<String>,
    /// `iss`: who issued the token.
    pub issuer: Option<String>,
    /// `aud`: who the token is for (a string or an array, RFC 7519
    /// section 4.1.3).
    pub audience: Vec<String>,
    /// `scp`: the delegated scopes, space-separated in the token.
    pub scopes: Option<Vec<String>>,
    /// `roles`: the application permissions of an app-only token.
    pub roles: Option<Vec<String>>,
    /// `iat`, seconds since the Unix epoch.
    pub issued_at: Option<i64>,
    /// `nbf`, seconds since the Unix epoch.
    pub not_before: Option<i64>,
    /// `exp`, seconds since the Unix epoch.
    pub expires: Option<i64>,
    /// `exp` is present but not a NumericDate (a string, say).
    pub expires_malformed: bool,
    /// The user claims present, in the order of `upn`, `unique_name`,
    /// `preferred_username`, `email`, `sub`: (claim, value).
    pub users: Vec<(&'static str, String)>,
    /// `tid`: the Microsoft tenant.
    pub tenant: Option<String>,
    /// `appid` or `azp`: the client the token was issued to.
    pub app: Option<(&'static str, String)>,
    /// Claims of the wrong type, named with the rule they break.
    pub problems: Vec<String>,
}

/// The named checks, one [`Finding`] each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Microsoft: the audience is Exchange Online's.
    Audience,
    /// Microsoft, delegated: `scp` holds the protocol's scope.
    Scope,
    /// Microsoft, app-only: `roles` holds the protocol's role.
    AppRole,
    /// Microsoft, app-only: the mailbox permission no token shows.
    MailboxPermission,
    /// Any issuer: `exp` has not passed.
    Expiry,
    /// Any issuer: `nbf` (or `iat`) is not in the future.
    NotBefore,
    /// Any issuer: the login's user is the token's.
    User,
    /// Google, Microsoft accounts: the token is opaque.
    Opaque,
    /// Any JWT: the header's `alg` signs it (not `none`).
    Algorithm,
    /// No claim names a platform whose rules saslenc knows.
    Platform,
}

impl Check {
    /// The check's name, as reports print it.
    pub fn name(self) -> &'static str {
        match self {
            Check::Audience => "audience",
            Check::Scope => "scope",
            Check::AppRole => "app-role",
            Check::MailboxPermission => "mailbox-permission",
            Check::Expiry => "expiry",
            Check::NotBefore => "not-before",
            Check::User => "user",
            Check::Opaque => "opaque",
            Check::Algorithm => "algorithm",
            Check::Platform => "platform",
        }
    }
}

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The rule holds.
    Pass,
    /// The rule is broken: the login will fail.
    Fail,
    /// Something the token cannot tell, or that is worth knowing.
    Note,
}

impl Outcome {
    /// `"ok"`, `"FAIL"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "ok",
            Outcome::Fail => "FAIL",
            Outcome::Note => "note",
        }
    }
}

/// One check's result: what was found against which rule, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which check.
    pub check: Check,
    /// Its outcome.
    pub outcome: Outcome,
    /// What the token holds, and the rule.
    pub rule: String,
    /// What to do; `None` when nothing needs doing.
    pub fix: Option<String>,
}

impl Finding {
    fn new(check: Check, outcome: Outcome, rule: impl Into<String>) -> Self {
        Finding {
            check,
            outcome,
            rule: rule.into(),
            fix: None,
        }
    }

    fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// The sentence a refused login's report gives a failed finding:
    /// `the token fails the expiry check: expired ...; get a fresh ...`.
    pub fn sentence(&self) -> String {
        let mut out = format!(
            "the token fails the {} check: {}",
            self.check.name(),
            self.rule
        );
        if let Some(fix) = &self.fix {
            out.push_str("; ");
            out.push_str(fix);
        }
        out
    }

    /// The one-line form: `FAIL audience: ...; to fix: ...`.
    pub fn line(&self) -> String {
        match &self.fix {
            Some(fix) => format!(
                "{} {}: {}; {fix}",
                self.outcome.as_str(),
                self.check.name(),
                self.rule
            ),
            None => format!(
                "{} {}: {}",
                self.outcome.as_str(),
                self.check.name(),
                self.rule
            ),
        }
    }
}

impl Token {
    /// Reads a token: a JWT's claims, a Google opaque token, or why it is
    /// neither. Never fails and never panics, whatever the bytes.
    pub fn read(token: &[u8]) -> Token {
        if let Some(rest) = token.strip_prefix(b"ya29.") {
            // Google's tokens are base64url-like text with dots.
            return if rest.is_empty() {
                Token::Unreadable(
                    "ya29. with nothing after it: the prefix of a Google access token, without \
                     the token"
                        .into(),
                )
            } else if let Some(offset) = rest.iter().position(|&b| !(is_base64url(b) || b == b'.'))
            {
                Token::Unreadable(format!(
                    "it starts as a Google access token (ya29.) but byte {} is outside A-Z a-z \
                     0-9 - _ . , which such a token never holds",
                    offset + 5
                ))
            } else {
                Token::GoogleOpaque
            };
        }
        if MICROSOFT_OPAQUE_PREFIXES
            .iter()
            .any(|p| token.starts_with(p.as_bytes()))
            && token.len() >= MICROSOFT_OPAQUE_MIN_LEN
            && token.iter().all(|&b| {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'!' | b'*')
            })
        {
            return Token::MicrosoftOpaque;
        }
        match read_jwt(token) {
            Ok(claims) => Token::Jwt(Box::new(claims)),
            Err(reason) => Token::Unreadable(reason),
        }
    }

    /// Runs every check that applies to this token, for a login over
    /// `protocol` (`None`: any of the three) as `user` (`None`: not
    /// compared), at `now` (seconds since the Unix epoch).
    pub fn check(&self, protocol: Option<Protocol>, user: Option<&str>, now: i64) -> Vec<Finding> {
        match self {
            Token::Jwt(claims) => claims.check(protocol, user, now),
            Token::GoogleOpaque => vec![Finding::new(
                Check::Opaque,
                Outcome::Note,
                "a Google access token (ya29.) is opaque: its account, scopes and expiry \
                 cannot be read offline",
            )
            .fix(
                "ask Google, which sees the token: printf 'access_token=%s' \"$TOKEN\" | curl -s \
                 -d @- https://oauth2.googleapis.com/tokeninfo (a mail login needs the scope \
                 https://mail.google.com/)",
            )],
            Token::MicrosoftOpaque => vec![Finding::new(
                Check::Opaque,
                Outcome::Note,
                "an opaque Microsoft account access token (EwB..., as personal accounts such as \
                 outlook.com get): its account, scopes and expiry cannot be read offline",
            )
            .fix(
                "only a login tells whether it works: request it with the scopes \
                 https://outlook.office.com/IMAP.AccessAsUser.All, .../POP.AccessAsUser.All or \
                 .../SMTP.Send (and offline_access) from the consumers or common endpoint",
            )],
            Token::Unreadable(_) => Vec::new(),
        }
    }

    /// The claims, one line each (no indentation, no trailing newline),
    /// with times in UTC and in words relative to `now`. Never the token.
    pub fn describe(&self, now: i64) -> Vec<String> {
        match self {
            Token::Jwt(claims) => claims.describe(now),
            Token::GoogleOpaque => {
                vec![
                    "access token: a Google access token (ya29.), opaque: no claims to read".into(),
                ]
            }
            Token::MicrosoftOpaque => vec![
                "access token: an opaque Microsoft account token (EwB...), readable by Microsoft \
                 only: no claims to read"
                    .into(),
            ],
            Token::Unreadable(reason) => {
                vec![format!("access token: {reason}; its claims cannot be read")]
            }
        }
    }
}

/// A JWT's claims, or why the bytes are not a JWT (RFC 7519 section 7.2:
/// three base64url parts; the header and the payload JSON objects).
fn read_jwt(token: &[u8]) -> Result<Claims, String> {
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(if parts.len() == 5 {
            "five dot-separated parts: an encrypted JWT (JWE), which only its audience can read"
                .into()
        } else {
            format!(
                "not a JWT (three base64url parts joined by dots; this has {}) nor a Google \
                 access token (ya29.)",
                parts.len()
            )
        });
    };
    let header = json_object("header", header)?;
    let payload = json_object("payload", payload)?;
    // The signature is not decoded: it is checked only to be base64url, so
    // that text with two dots in it is not taken for a JWT.
    let signature_end = signature
        .iter()
        .rposition(|&b| b != b'=')
        .map_or(0, |i| i + 1);
    if let Some(offset) = signature[..signature_end]
        .iter()
        .position(|&b| !is_base64url(b))
    {
        return Err(format!(
            "the JWT signature is not base64url (a byte outside A-Z a-z 0-9 - _ at offset {offset} of that part)"
        ));
    }
    let mut claims = Claims {
        algorithm: header.get("alg").and_then(Value::as_str).map(str::to_owned),
        ..Claims::default()
    };
    let mut problem = |text: String| claims.problems.push(text);
    let text = |name: &str, problem: &mut dyn FnMut(String)| match payload.get(name) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problem(format!(
                "{name} is not a string, as RFC 7519 has it; not used"
            ));
            None
        }
    };
    let list = |name: &str, problem: &mut dyn FnMut(String)| match payload.get(name) {
        None => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect::<Vec<_>>(),
        ),
        Some(Value::String(s)) => Some(vec![s.clone()]),
        Some(_) => {
            problem(format!(
                "{name} is neither a string nor an array of strings; not used"
            ));
            None
        }
    };
    let time = |name: &str, problem: &mut dyn FnMut(String)| match payload.get(name) {
        None => None,
        Some(Value::Number(n)) => n.as_i64().or_else(|| {
            // A float (allowed: RFC 7519 section 2, NumericDate), cut to
            // whole seconds; `as` saturates, so no value can overflow.
            n.as_f64()
                .filter(|f| f.is_finite())
                .map(|f| f.floor() as i64)
        }),
        Some(_) => {
            problem(format!(
                "{name} is not a number (a NumericDate, RFC 7519 section 2); not used"
            ));
            None
        }
    };
    let issuer = text("iss", &mut problem);
    let audience = list("aud", &mut problem).unwrap_or_default();
    let scopes = text("scp", &mut problem).map(|scp| {
        scp.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    let roles = list("roles", &mut problem);
    let issued_at = time("iat", &mut problem);
    let not_before = time("nbf", &mut problem);
    let expires = time("exp", &mut problem);
    let expires_malformed = expires.is_none() && payload.contains_key("exp");
    let mut users = Vec::new();
    for name in USER_CLAIMS {
        if let Some(value) = text(name, &mut problem) {
            users.push((*name, value));
        }
    }
    let tenant = text("tid", &mut problem);
    let app = ["appid", "azp"]
        .into_iter()
        .find_map(|name| text(name, &mut problem).map(|value| (name, value)));
    Ok(Claims {
        issuer,
        audience,
        scopes,
        roles,
        issued_at,
        not_before,
        expires,
        expires_malformed,
        users,
        tenant,
        app,
        ..claims
    })
}

/// One base64url part decoded and parsed as a JSON object. Errors name the
/// part and the rule, never its content.
fn json_object(part: &'static str, text: &[u8]) -> Result<Map<String, Value>, String> {
    // Padding is not part of base64url in a JWT (RFC 7515 section 2), but
    // some encoders add it; it changes nothing.
    let end = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let bytes = URL_SAFE_NO_PAD
        .decode(&text[..end])
        .map_err(|_| format!("the JWT {part} is not base64url"))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(format!("the JWT {part} is JSON but not an object")),
        Err(e) => Err(format!(
            "the JWT {part} is not JSON (error at line {}, column {})",
            e.line(),
            e.column()
        )),
    }
}

/// An Entra application id: a GUID, 8-4-4-4-12 hex digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// A duration in the largest unit that keeps it readable: "45 seconds",
/// "52 minutes", "3 hours", "12 days". Negative durations count as their
/// size.
pub fn in_words(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let (n, unit) = match s {
        0..120 => (s, "second"),
        120..7_200 => (s / 60, "minute"),
        7_200..172_800 => (s / 3_600, "hour"),
        _ => (s / 86_400, "day"),
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// `time` against `now`: "in 52 minutes" or "3 hours ago".
pub fn relative(time: i64, now: i64) -> String {
    if time >= now {
        format!("in {}", in_words(time.saturating_sub(now)))
    } else {
        format!("{} ago", in_words(now.saturating_sub(time)))
    }
}

/// Seconds since the Unix epoch as `2026-11-30 18:50:48 UTC` (the
/// proleptic Gregorian calendar, by Howard Hinnant's `civil_from_days`).
/// Every `i64` gives a date; none overflows.
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::with_capacity(24);
    let _ = write!(
        out,
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: i64 = 1_800_000_000;

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    fn outcomes(token: &str, protocol: Option<Protocol>, user: Option<&str>) -> Vec<String> {
        Token::read(token.as_bytes())
            .check(protocol, user, NOW)
            .iter()
            .map(|f| format!("{} {}", f.outcome.as_str(), f.check.name()))
            .collect()
    }

    #[test]
    fn times_in_utc_and_words() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_800_000_000), "2027-01-15 08:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(in_words(119), "119 seconds");
        assert_eq!(in_words(60 * 52), "52 minutes");
        assert_eq!(in_words(3 * 3_600 + 59), "3 hours");
        assert_eq!(in_words(86_400 * 2), "2 days");
        assert_eq!(in_words(1), "1 second");
        assert_eq!(relative(NOW - 3 * 3_600, NOW), "3 hours ago");
        assert_eq!(relative(NOW + 52 * 60, NOW), "in 52 minutes");
        // The extremes give some text, not a panic.
        for t in [i64::MIN, i64::MAX] {
            assert!(utc(t).ends_with("UTC"));
            assert!(relative(t, NOW).contains("day"));
        }
    }

    #[test]
    fn claims_are_read_from_either_shape() {
        let token = jwt(
            r#"{"iss":"https://sts.windows.net/t/","aud":["a","b"],"scp":"SMTP.Send  IMAP.AccessAsUser.All",
                "exp":1800000600.9,"upn":"Alice@Contoso.com","sub":"x","tid":"t","azp":"app"}"#,
        );
        let Token::Jwt(claims) = Token::read(token.as_bytes()) else {
            panic!("not read")
        };
        assert_eq!(claims.algorithm.as_deref(), Some("HS256"));
        assert_eq!(claims.audience, ["a", "b"]);
        assert_eq!(
            claims.scopes.as_deref(),
            Some(&["SMTP.Send".to_owned(), "IMAP.AccessAsUser.All".to_owned()][..])
        );
        assert_eq!(claims.expires, Some(1_800_000_600));
        assert_eq!(
            claims.users,
            [
                ("upn", "Alice@Contoso.com".to_owned()),
                ("sub", "x".to_owned())
            ]
        );
        assert_eq!(claims.app, Some(("azp", "app".to_owned())));
        assert!(claims.is_microsoft());
        assert!(!claims.is_app_only());
    }

    #[test]
    fn each_microsoft_check_fires_on_its_cause() {
        let delegated = jwt(
            r#"{"iss":"https://login.microsoftonline.com/t/v2.0","aud":"https://outlook.office.com",
                "scp":"SMTP.Send","exp":1800003600,"nbf":1799996400,"upn":"alice@contoso.com"}"#,
        );
        assert_eq!(
            outcomes(&delegated, Some(Protocol::Smtp), Some("ALICE@contoso.com")),
            [
                "ok audience",
                "ok scope",
                "ok expiry",
                "ok not-before",
                "ok user"
            ]
        );
        assert_eq!(
            outcomes(&delegated, Some(Protocol::Imap), Some("bob@contoso.com")),
            [
                "ok audience",
                "FAIL scope",
                "ok expiry",
                "ok not-before",
                "FAIL user"
            ]
        );
        let graph = jwt(
            r#"{"iss":"https://sts.windows.net/t/","aud":"00000003-0000-0000-c000-000000000000",
                "scp":"Mail.Send"}"#,
        );
        assert_eq!(
            outcomes(&graph, None, None),
            ["FAIL audience", "FAIL scope", "note expiry"]
        );
        let app = jwt(
            r#"{"iss":"https://sts.windows.net/t/","aud":"https://outlook.office365.com/",
                "roles":["IMAP.AccessAsApp"],"exp":1799999000}"#,
        );
        assert_eq!(
            outcomes(&app, Some(Protocol::Imap), Some("shared@contoso.com")),
            [
                "ok audience",
                "ok app-role",
                "note mailbox-permission",
                "FAIL expiry",
                "note user"
            ]
        );
        assert_eq!(
            outcomes(&app, Some(Protocol::Smtp), None)[1],
            "FAIL app-role"
        );
    }

    #[test]
    fn times_allow_the_clock_skew_and_no_more() {
        let at = |exp: i64, nbf: i64| {
            outcomes(&jwt(&format!(r#"{{"exp":{exp},"nbf":{nbf}}}"#)), None, None)
        };
        // No claim names a platform: a note first, then the times.
        assert_eq!(
            at(NOW + 1, NOW),
            ["note platform", "ok expiry", "ok not-before"]
        );
        assert_eq!(at(NOW - CLOCK_SKEW_SECONDS, NOW)[1], "note expiry");
        assert_eq!(at(NOW - CLOCK_SKEW_SECONDS - 1, NOW)[1], "FAIL expiry");
        assert_eq!(
            at(NOW + 9_000, NOW + CLOCK_SKEW_SECONDS)[2],
            "ok not-before"
        );
        assert_eq!(
            at(NOW + 9_000, NOW + CLOCK_SKEW_SECONDS + 1)[2],
            "FAIL not-before"
        );
        let finding = &Token::read(jwt(&format!(r#"{{"exp":{}}}"#, NOW - 3 * 3_600)).as_bytes())
            .check(None, None, NOW)[1];
        assert!(
            finding.rule.starts_with("expired 3 hours ago"),
            "{finding:?}"
        );
        let finding = &Token::read(jwt(&format!(r#"{{"exp":{}}}"#, NOW + 52 * 60 + 30)).as_bytes())
            .check(None, None, NOW)[1];
        assert_eq!(finding.rule, "valid for 52 more minutes");
    }

    #[test]
    fn other_issuers_get_only_the_general_checks() {
        let google_id = jwt(r#"{"iss":"https://accounts.google.com","aud":"x","email":"a@b.c"}"#);
        assert_eq!(
            outcomes(&google_id, Some(Protocol::Imap), Some("a@b.c")),
            ["note platform", "note expiry", "ok user"]
        );
        // An issuer that only contains Microsoft's host name is not Microsoft.
        let lookalike = jwt(r#"{"iss":"https://sts.windows.net.example/t/"}"#);
        assert_eq!(
            outcomes(&lookalike, None, None),
            ["note platform", "note expiry"]
        );
    }

    #[test]
    fn what_is_not_a_jwt_says_why() {
        assert_eq!(Token::read(b"ya29.a0AfH6SM"), Token::GoogleOpaque);
        let why = |t: &str| match Token::read(t.as_bytes()) {
            Token::Unreadable(reason) => reason,
            other => panic!("{t}: {other:?}"),
        };
        assert!(why("opaque-token").contains("not a JWT"));
        assert!(why("a.b.c.d.e").contains("JWE"));
        assert!(why("!!.e30.").contains("header is not base64url"));
        assert!(why("e30.WzFd.").contains("payload is JSON but not an object"));
        assert!(why("e30.e30.a b").contains("signature"));
        assert!(matches!(Token::read(b"e30=.e30.c2ln=="), Token::Jwt(_)));
        assert!(why("e30.eyJ.").contains("payload is not"));
        // Wrong types are noted, not fatal.
        let Token::Jwt(claims) = Token::read(jwt(r#"{"exp":"soon","aud":5}"#).as_bytes()) else {
            panic!()
        };
        assert_eq!(claims.expires, None);
        assert_eq!(claims.problems.len(), 2);
    }

    #[test]
    fn the_signature_is_never_described() {
        let token = jwt(r#"{"iss":"i"}"#).replace("c2ln", "SECRETSIGNATURE");
        let token = Token::read(token.as_bytes());
        let text = token.describe(NOW).join("\n");
        assert!(!text.contains("SECRETSIGNATURE"), "{text}");
        assert!(!format!("{token:?}").contains("SECRETSIGNATURE"));
    }

    proptest! {
        #[test]
        fn no_input_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let token = Token::read(&bytes);
            let _ = token.describe(NOW);
            let _ = token.check(Some(Protocol::Smtp), Some("u"), NOW);
        }

        #[test]
        fn no_payload_panics(
            payload in "\\PC{0,120}",
            now in any::<i64>(),
        ) {
            let token = Token::read(jwt(&payload).as_bytes());
            let _ = token.describe(now);
            let _ = token.check(None, Some("u"), now);
        }

        #[test]
        fn no_claim_value_panics(
            exp in any::<i64>(),
            nbf in any::<f64>(),
            now in any::<i64>(),
            aud in "\\PC{0,20}",
        ) {
            let payload = serde_json::json!({
                "iss": "https://sts.windows.net/x/", "exp": exp, "nbf": nbf,
                "aud": [aud], "roles": [],
            });
            let token = Token::read(jwt(&payload.to_string()).as_bytes());
            let _ = token.describe(now);
            let _ = token.check(None, Some("u"), now);
        }
    }
}
