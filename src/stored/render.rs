//! The text of each format, byte for byte.

use zeroize::Zeroizing;

use super::Format;
use crate::encoding;
use crate::field;
use crate::mech::scram::{ScramHash, ScramKeys};
use crate::Error;

/// PostgreSQL's `NAMEDATALEN - 1`: a longer role name is cut to 63 bytes
/// (with only a NOTICE), so the statement would name another role.
const POSTGRES_MAX_NAME: usize = 63;

/// Checks that `user` fits in `format`'s text (and, for every format, on
/// one line, since a batch writes one line a user).
pub(super) fn check_user(format: Format, user: &str) -> Result<(), Error> {
    field::non_empty("user", user.as_bytes(), "a stored secret names its user")?;
    field::forbid(
        "user",
        user.as_bytes(),
        |b| b.is_ascii_control(),
        "a user name in a stored-secret line holds no control characters (NUL, CR, LF, tab...)",
    )?;
    match format {
        Format::Dovecot | Format::Postgres | Format::Rfc5803 => field::forbid(
            "user",
            user.as_bytes(),
            |b| b == b':',
            "the user name comes before the first ':' of a passwd-file line",
        ),
        Format::PostgresSql if user.len() > POSTGRES_MAX_NAME => Err(Error::ByteLength {
            field: "user",
            len: user.len(),
            rule: "PostgreSQL cuts role names to 63 bytes (NAMEDATALEN), so the statement \
                   would name another role",
        }),
        Format::Kafka => field::forbid(
            "user",
            user.as_bytes(),
            |b| b == b'"',
            "Kafka's --add-scram quotes values with '\"' and has no escape for it",
        ),
        Format::PostgresSql | Format::Pgbouncer => Ok(()),
    }
}

/// `{CRAM-MD5}` and the states as 64 lower-case hex digits.
pub(super) fn cram_md5(states: &[u8; 32]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(10 + 64));
    out.push_str("{CRAM-MD5}");
    let hex = Zeroizing::new(hex::encode(states));
    out.push_str(&hex);
    out
}

/// The SCRAM secret in `format`. `user` is present when the format needs
/// it (checked by the caller).
pub(super) fn scram(
    format: Format,
    hash: ScramHash,
    user: Option<&str>,
    iterations: u32,
    salt: &[u8],
    keys: &ScramKeys,
) -> Zeroizing<String> {
    let name = hash.mechanism();
    let salt = encoding::encode(salt);
    let user = user.unwrap_or_default();
    if format == Format::Kafka {
        let salted = encoding::encode(&keys.salted_password);
        return Zeroizing::new(format!(
            "{name}=[name={},salt=\"{}\",saltedpassword=\"{}\",iterations={iterations}]",
            kafka_value(user),
            salt.as_str(),
            salted.as_str()
        ));
    }
    let stored_key = encoding::encode(&keys.stored_key);
    let server_key = encoding::encode(&keys.server_key);
    if format == Format::Dovecot {
        // Dovecot's scram_scheme_generate: i,salt,StoredKey,ServerKey.
        return Zeroizing::new(format!(
            "{{{name}}}{iterations},{},{},{}",
            salt.as_str(),
            stored_key.as_str(),
            server_key.as_str()
        ));
    }
    // RFC 5803 section 3 and PostgreSQL's scram_build_secret write the
    // same text: scheme $ i:salt $ StoredKey:ServerKey.
    let verifier = Zeroizing::new(format!(
        "{name}${iterations}:{}${}:{}",
        salt.as_str(),
        stored_key.as_str(),
        server_key.as_str()
    ));
    match format {
        // The verifier holds only base64, digits, '$' and ':', never a
        // quote, so it needs no escaping inside '...'.
        Format::PostgresSql => Zeroizing::new(format!(
            "ALTER ROLE {} PASSWORD '{}';",
            sql_identifier(user),
            verifier.as_str()
        )),
        // pgbouncer's userlist.txt: both fields in double quotes, a quote
        // inside doubled.
        Format::Pgbouncer => Zeroizing::new(format!(
            "\"{}\" \"{}\"",
            user.replace('"', "\"\""),
            verifier.as_str()
        )),
        _ => verifier,
    }
}

/// A quoted SQL identifier (`"` doubled), which keeps case and any
/// character, keywords included.
pub(crate) fn sql_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A Kafka `--add-scram` value: bare when it is a plain word, quoted
/// otherwise (the caller has refused `"`).
fn kafka_value(value: &str) -> String {
    let bare = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-@".contains(&b));
    if bare {
        value.to_owned()
    } else {
        format!("\"{value}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(sql_identifier(r#"a"b"#), r#""a""b""#);
        assert_eq!(sql_identifier("Robert'); DROP"), r#""Robert'); DROP""#);
        assert_eq!(kafka_value("alice"), "alice");
        assert_eq!(kafka_value("a,b"), "\"a,b\"");
    }

    #[test]
    fn user_rules() {
        assert!(check_user(Format::Dovecot, "a:b").is_err());
        assert!(check_user(Format::Pgbouncer, "a:b").is_ok());
        assert!(check_user(Format::Pgbouncer, "a\nb").is_err());
        assert!(check_user(Format::Kafka, "a\"b").is_err());
        assert!(check_user(Format::PostgresSql, &"x".repeat(63)).is_ok());
        assert!(check_user(Format::PostgresSql, &"x".repeat(64)).is_err());
        // 32 characters, 64 bytes: the rule counts bytes, and so does the
        // message.
        let err = check_user(Format::PostgresSql, &"é".repeat(32)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "user is 64 bytes long; PostgreSQL cuts role names to 63 bytes (NAMEDATALEN), so \
             the statement would name another role"
        );
        assert!(check_user(Format::Dovecot, "").is_err());
    }
}
