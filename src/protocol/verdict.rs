//! What a server's final reply means, in words: SMTP enhanced status codes
//! (RFC 3463, RFC 4954 section 6, RFC 5248), IMAP response codes (RFC
//! 5530) and POP3 response codes (RFC 2449, RFC 3206).

use crate::protocol::Protocol;

/// How the server judged the authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// Accepted.
    Accepted,
    /// The credentials refused for good (wrong credentials, a disabled
    /// account, a policy).
    Refused,
    /// Refused for now: try again later.
    Temporary,
    /// The mechanism cannot be used here as asked, whatever the
    /// credentials: the server does not know it, finds it too weak, or
    /// takes it only over TLS (SMTP `504`, `530`, `534`, `538`; IMAP `NO
    /// [PRIVACYREQUIRED]` or a `NO` that names an unsupported mechanism;
    /// POP3 the same words).
    Unusable,
    /// The command itself was refused, not the credentials: its syntax or
    /// its place in the session (SMTP `500`, `501`, `502`, `503`; IMAP
    /// `BAD`; POP3 `[SYS/PERM]`).
    CommandRefused,
}

/// Judges a final reply to AUTH / AUTHENTICATE that is not a success, by
/// the form `protocol` gives it: a reply of another protocol's form is
/// [`Judgement::Refused`].
///
/// ```
/// use saslenc::protocol::Protocol::{Imap, Pop3, Smtp};
/// use saslenc::protocol::verdict::{judge_failure, Judgement::*};
/// assert_eq!(judge_failure(Smtp, "535 5.7.8 Authentication credentials invalid"), Refused);
/// assert_eq!(judge_failure(Smtp, "454 4.7.0 Temporary authentication failure"), Temporary);
/// assert_eq!(judge_failure(Smtp, "504 5.5.4 Unrecognized authentication type"), Unusable);
/// assert_eq!(judge_failure(Smtp, "501 5.5.2 Cannot decode response"), CommandRefused);
/// assert_eq!(judge_failure(Imap, "A1 NO [AUTHENTICATIONFAILED] Authentication failed."), Refused);
/// assert_eq!(judge_failure(Imap, "A1 NO Unsupported authentication mechanism."), Unusable);
/// assert_eq!(judge_failure(Imap, "A1 BAD Invalid base64"), CommandRefused);
/// assert_eq!(judge_failure(Pop3, "-ERR [SYS/PERM] mailbox locked for good"), CommandRefused);
/// assert_eq!(judge_failure(Pop3, "-ERR [AUTH] Authentication failed."), Refused);
/// ```
pub fn judge_failure(protocol: Protocol, reply: &str) -> Judgement {
    let upper = reply.to_ascii_uppercase();
    let unsupported = upper.contains("UNSUPPORTED") && upper.contains("MECHANISM")
        || upper.contains("UNRECOGNIZED AUTHENTICATION TYPE");
    match protocol {
        Protocol::Smtp => match reply.get(..3).unwrap_or_default() {
            code if code.starts_with('4') => Judgement::Temporary,
            "504" | "530" | "534" | "538" => Judgement::Unusable,
            "500" | "501" | "502" | "503" => Judgement::CommandRefused,
            _ if unsupported => Judgement::Unusable,
            _ => Judgement::Refused,
        },
        Protocol::Imap => {
            let status = upper.split_whitespace().nth(1).unwrap_or_default();
            let code = code_in_brackets(reply).map(str::to_ascii_uppercase);
            match (status, code.as_deref()) {
                (_, Some("UNAVAILABLE")) => Judgement::Temporary,
                ("BAD", _) => Judgement::CommandRefused,
                (_, Some("PRIVACYREQUIRED")) => Judgement::Unusable,
                ("NO", None) if unsupported => Judgement::Unusable,
                _ => Judgement::Refused,
            }
        }
        Protocol::Pop3 => {
            if !upper.starts_with("-ERR") {
                return Judgement::Refused;
            }
            match code_in_brackets(reply)
                .map(str::to_ascii_uppercase)
                .as_deref()
            {
                Some("SYS/TEMP" | "IN-USE" | "LOGIN-DELAY") => Judgement::Temporary,
                Some("SYS/PERM") => Judgement::CommandRefused,
                None if unsupported => Judgement::Unusable,
                _ => Judgement::Refused,
            }
        }
    }
}

/// The error for a refused authentication, from the judgement of its
/// reply (`shown`: the reply as it is to be shown, with its explanation):
/// one mapping for the live login and the pasted conversation.
pub fn failure_error(judgement: Judgement, shown: String) -> crate::Error {
    use crate::Error;
    match judgement {
        Judgement::Temporary => Error::TempFail { reply: shown },
        Judgement::Unusable => Error::Unsupported(format!(
            "the server cannot use this mechanism here, whatever the credentials: {shown}"
        )),
        Judgement::CommandRefused => Error::Protocol(format!(
            "the server refused the command itself, not the credentials: {shown}"
        )),
        Judgement::Refused | Judgement::Accepted => Error::Refused { reply: shown },
    }
}

/// An IMAP reply with the arguments of a long response code left out
/// (`A3 OK [CAPABILITY ...] Success`), so that the server's own words
/// after it are not cut away with it when the line is shortened for the
/// screen. The code keeps its name.
///
/// ```
/// use saslenc::protocol::verdict::without_code_arguments;
/// let long = format!("A3 OK [CAPABILITY IMAP4rev1 {}] Success (tls protection)", "X ".repeat(100));
/// assert_eq!(without_code_arguments(&long), "A3 OK [CAPABILITY ...] Success (tls protection)");
/// assert_eq!(without_code_arguments("A1 NO [AUTHENTICATIONFAILED] no"), "A1 NO [AUTHENTICATIONFAILED] no");
/// ```
pub fn without_code_arguments(reply: &str) -> String {
    /// Codes with arguments up to this long are shown whole.
    const SHOWN: usize = 40;
    let Some(open) = reply.find('[') else {
        return reply.to_owned();
    };
    let Some(close) = reply[open..].find(']').map(|c| open + c) else {
        return reply.to_owned();
    };
    let inner = &reply[open + 1..close];
    match inner.split_once(' ') {
        Some((name, _)) if inner.len() > SHOWN => {
            format!("{}[{name} ...]{}", &reply[..open], &reply[close + 1..])
        }
        _ => reply.to_owned(),
    }
}

/// The first `[CODE]` (IMAP) or `[CODE/SUB]` (POP3) after the status word,
/// without its arguments.
fn code_in_brackets(reply: &str) -> Option<&str> {
    let open = reply.find('[')?;
    let inner = &reply[open + 1..];
    let close = inner.find(']')?;
    inner[..close].split_whitespace().next()
}

/// The explanation of a reply's status code, if saslenc knows it.
///
/// ```
/// use saslenc::protocol::Protocol;
/// use saslenc::protocol::verdict::explain;
/// let text = explain(Protocol::Smtp, "535 5.7.8 Authentication credentials invalid").unwrap();
/// assert!(text.contains("credentials"));
/// let text = explain(Protocol::Imap, "A1 NO [AUTHENTICATIONFAILED] Authentication failed.").unwrap();
/// assert!(text.contains("RFC 5530"));
/// ```
pub fn explain(protocol: Protocol, reply: &str) -> Option<String> {
    match protocol {
        Protocol::Smtp => smtp(reply),
        Protocol::Imap => code_in_brackets(reply).and_then(imap).map(str::to_owned),
        Protocol::Pop3 => code_in_brackets(reply).and_then(pop3).map(str::to_owned),
    }
}

/// The enhanced status code of an SMTP reply (`535 5.7.8 ...`).
fn smtp(reply: &str) -> Option<String> {
    let mut words = reply.get(4..)?.split_whitespace();
    let code = words.next()?;
    let parts: Vec<&str> = code.split('.').collect();
    let well_formed = parts.len() == 3
        && matches!(parts[0], "2" | "4" | "5")
        && parts[1..]
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        let basic = reply.get(..3)?;
        return smtp_basic(basic).map(|t| format!("{basic}: {t}"));
    }
    let detail = format!("{}.{}", parts[1], parts[2]);
    let text = match (parts[0], detail.as_str()) {
        ("2", "7.0") => "authentication succeeded (RFC 4954)",
        ("2", _) => "success",
        ("4", "7.0") => "temporary authentication failure, e.g. the server could not reach its password database (RFC 4954): try again later",
        ("4", "7.12") => "a password transition is needed (RFC 4954)",
        ("4", "4.0") | ("4", "4.1") | ("4", "4.2") => "a temporary network or routing failure on the server's side",
        ("4", "3.0") | ("4", "3.2") => "the server is busy or shutting down: try again later",
        ("5", "7.8") => "authentication credentials invalid: wrong user name or password, or the account is disabled (RFC 4954)",
        ("5", "7.9") => "authentication mechanism too weak for this account, or an application-specific password is required (RFC 4954)",
        ("5", "7.11") => "encryption required for this mechanism: start TLS first (RFC 4954)",
        ("5", "7.0") => "authentication refused; the server gives no finer reason (RFC 4954)",
        ("5", "7.139") => "Microsoft 365: authentication unsuccessful, SMTP AUTH is disabled for the tenant or mailbox, or the user needs an app password",
        ("5", "7.57") => "Microsoft 365: the client was not authenticated to send mail",
        ("5", "7.3") => "the account is disabled or the security policy refuses it",
        ("5", "7.13") => "the user account is disabled (RFC 5248)",
        ("5", "7.14") => "trust relationship required (RFC 5248)",
        ("5", "7.1") => "delivery not authorized, or authentication refused by policy",
        ("5", "5.2") => "syntax error: the server did not understand the command or its base64",
        ("5", "5.4") => "invalid command arguments (an unknown mechanism?)",
        ("5", "5.1") => "the server does not know the command (no AUTH?)",
        ("5", "5.6") => "authentication exchange line too long (RFC 4954)",
        ("5", "7.7") | ("4", "7.7") => "message integrity failure",
        ("5", _) => "permanent failure",
        ("4", _) => "temporary failure: try again later",
        _ => return None,
    };
    Some(format!("{code}: {text}"))
}

/// Basic SMTP reply codes used with AUTH (RFC 4954 section 6).
fn smtp_basic(code: &str) -> Option<&'static str> {
    Some(match code {
        "235" => "authentication succeeded",
        "334" => "a challenge",
        "421" => "the server is closing the connection",
        "432" => "a password transition is needed",
        "454" => "temporary authentication failure",
        "500" => "line too long or command not recognised",
        "501" => "syntax error in the arguments, or the client cancelled",
        "502" => "AUTH is not implemented or not allowed here",
        "503" => "bad sequence of commands (already authenticated?)",
        "504" => "the mechanism is not supported",
        "530" => "authentication required",
        "534" => "the mechanism is too weak",
        "535" => "authentication credentials invalid",
        "538" => "encryption required for this mechanism",
        "554" => "transaction failed",
        _ => return None,
    })
}

/// IMAP response codes (RFC 5530, and RFC 9051 section 7.1).
fn imap(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "AUTHENTICATIONFAILED" => "[AUTHENTICATIONFAILED] wrong user name or password, or the account may not log in (RFC 5530)",
        "AUTHORIZATIONFAILED" => "[AUTHORIZATIONFAILED] the credentials are right, but may not act as the authorization identity (RFC 5530)",
        "UNAVAILABLE" => "[UNAVAILABLE] temporary failure on the server's side (RFC 5530): try again later",
        "EXPIRED" => "[EXPIRED] the credentials have expired (RFC 5530)",
        "PRIVACYREQUIRED" => "[PRIVACYREQUIRED] this operation needs TLS (RFC 5530)",
        "CONTACTADMIN" => "[CONTACTADMIN] the user should contact the administrator (RFC 5530)",
        "NOPERM" => "[NOPERM] access denied (RFC 5530)",
        "INUSE" => "[INUSE] the mailbox is in use by another session (RFC 5530)",
        "LIMIT" => "[LIMIT] a server limit was reached (RFC 5530)",
        "SERVERBUG" => "[SERVERBUG] the server reports a bug of its own (RFC 5530)",
        "CLIENTBUG" => "[CLIENTBUG] the server thinks the client is wrong (RFC 5530)",
        "CANNOT" => "[CANNOT] the operation cannot be done (RFC 5530)",
        "ALERT" => "[ALERT] a message the server wants the user to read (RFC 9051)",
        "CAPABILITY" => "[CAPABILITY] accepted; the server lists its capabilities after login",
        _ => return None,
    })
}

/// POP3 response codes (RFC 2449 section 8, RFC 3206).
fn pop3(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "AUTH" => "[AUTH] the server blames the credentials or the account (RFC 3206: a wrong password or user name, an expired or locked account, or a policy); what it said tells which",
        "SYS/TEMP" => "[SYS/TEMP] a temporary system failure (RFC 3206): try again later",
        "SYS/PERM" => "[SYS/PERM] a permanent system failure (RFC 3206)",
        "IN-USE" => "[IN-USE] the credentials are right but the mailbox is locked by another session (RFC 2449)",
        "LOGIN-DELAY" => "[LOGIN-DELAY] logged in too recently; wait before the next login (RFC 2449)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enhanced_codes() {
        for (reply, needle) in [
            (
                "535 5.7.8 Error: authentication failed",
                "credentials invalid",
            ),
            (
                "534 5.7.9 Please log in with your web browser",
                "application-specific",
            ),
            ("535 5.7.139 Authentication unsuccessful", "Microsoft 365"),
            ("454 4.7.0 Temporary authentication failure", "temporary"),
            ("535 5.7.0 no", "no finer reason"),
            (
                "535 Authentication failed",
                "535: authentication credentials invalid",
            ),
        ] {
            let text = explain(Protocol::Smtp, reply).unwrap();
            assert!(text.contains(needle), "{reply}: {text}");
        }
        assert_eq!(explain(Protocol::Smtp, "599 x"), None);
        assert_eq!(explain(Protocol::Smtp, "5"), None);
    }

    #[test]
    fn temporary_failures() {
        assert_eq!(
            judge_failure(Protocol::Smtp, "454 4.7.0 later"),
            Judgement::Temporary
        );
        assert_eq!(
            judge_failure(Protocol::Smtp, "535 5.7.8 no"),
            Judgement::Refused
        );
        assert_eq!(
            judge_failure(Protocol::Imap, "A1 NO [UNAVAILABLE] later"),
            Judgement::Temporary
        );
        assert_eq!(
            judge_failure(Protocol::Imap, "A1 NO [AUTHENTICATIONFAILED] no"),
            Judgement::Refused
        );
        assert_eq!(
            judge_failure(Protocol::Pop3, "-ERR [SYS/TEMP] later"),
            Judgement::Temporary
        );
        assert_eq!(
            judge_failure(Protocol::Pop3, "-ERR [AUTH] no"),
            Judgement::Refused
        );
        // RFC 3206's [AUTH] blames the credentials or the account, and
        // Cyrus sends it for its own failures too: no claim of a wrong
        // password.
        let auth = explain(Protocol::Pop3, "-ERR [AUTH] generic failure").unwrap();
        assert!(
            !auth.contains("wrong (") && !auth.contains("are wrong"),
            "{auth}"
        );
        assert!(auth.contains("RFC 3206"), "{auth}");
        assert_eq!(explain(Protocol::Imap, "A1 NO generic failure"), None);
        assert!(explain(Protocol::Pop3, "-ERR [IN-USE] locked")
            .unwrap()
            .contains("locked"));
        assert!(explain(Protocol::Imap, "A1 NO [PRIVACYREQUIRED] tls")
            .unwrap()
            .contains("TLS"));
    }
}
