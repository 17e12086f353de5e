//! Each stored format's own reading: Dovecot's `{SCHEME}`, PostgreSQL's
//! `SCRAM-SHA-256$` (and its SQL and pgbouncer forms), RFC 5803, Kafka and
//! passlib, each accepting exactly what its reader accepts and naming the
//! rule a refused text breaks.

use super::*;

/// `{SCHEME}data` (Dovecot's password schemes, `gsasl --mkpasswd`).
pub(super) fn dovecot(text: &str, shape: &'static str) -> Result<Stored, Error> {
    let Some((scheme, data)) = text.strip_prefix('{').and_then(|rest| rest.split_once('}')) else {
        return Err(bad("it opens a {SCHEME} with '{' but has no '}'"));
    };
    let secret = match scheme.to_ascii_uppercase().as_str() {
        "PLAIN" | "CLEARTEXT" => Secret::Plain(Zeroizing::new(data.as_bytes().to_vec())),
        "CRAM-MD5" | "HMAC-MD5" => {
            if data.len() != 64 {
                return Err(bad(format!(
                    "{{CRAM-MD5}} is followed by {} bytes, not 64: Dovecot writes the two MD5 \
                     states as 64 hex digits",
                    data.len()
                )));
            }
            if let Some(at) = data.bytes().position(|b| !b.is_ascii_hexdigit()) {
                return Err(bad(format!(
                    "{{CRAM-MD5}} is followed by 64 bytes, but byte {at} of them is not a hex \
                     digit (0-9, a-f)"
                )));
            }
            let states = hex::decode(data)
                .map_err(|_| bad("{CRAM-MD5} is not followed by 64 hex digits"))?;
            Secret::CramMd5(Zeroizing::new(states))
        }
        "NTLM" => {
            if data.len() != 32 || !data.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(
                    "{NTLM} is followed by 32 hex digits (MD4 of the UTF-16LE password)",
                ));
            }
            let hash =
                hex::decode(data).map_err(|_| bad("{NTLM} is not followed by 32 hex digits"))?;
            Secret::NtHash(Zeroizing::new(hash))
        }
        "DIGEST-MD5" => {
            if data.len() != 32 || !data.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(
                    "{DIGEST-MD5} is followed by 32 hex digits in Dovecot's scheme (MD5 of \
                     user:realm:password)",
                ));
            }
            let digest = hex::decode(data)
                .map_err(|_| bad("{DIGEST-MD5} is not followed by 32 hex digits"))?;
            Secret::DigestMd5 {
                digest: Zeroizing::new(digest),
                user: None,
            }
        }
        name => {
            verifier_length(text)?;
            let Some(hash) = hash_named(name) else {
                return Err(bad(format!(
                    "the scheme {{{}}} is not one saslenc checks (SCRAM-SHA-1, SCRAM-SHA-256, \
                     SCRAM-SHA-512, CRAM-MD5, DIGEST-MD5, NTLM, PLAIN)",
                    shown(scheme)
                )));
            };
            let fields: Vec<&str> = data.split(',').collect();
            let [iterations, salt, stored_key, server_key] = fields[..] else {
                return Err(bad(format!(
                    "{{{}}} has {} comma-separated fields; Dovecot writes 4: \
                     iterations,salt,StoredKey,ServerKey",
                    hash.mechanism(),
                    fields.len()
                )));
            };
            // Dovecot's base64_decode refuses a key without its padding
            // ("Invalid SCRAM-SHA-256 StoredKey in passdb"); the salt it
            // decodes leniently.
            padded("StoredKey", stored_key)?;
            padded("ServerKey", server_key)?;
            scram_keys(hash, iterations, salt, stored_key, server_key)?
        }
    };
    let allowed = matches!(secret, Secret::ScramKeys { .. }).then_some(DOVECOT_ITERATIONS);
    Ok(Stored {
        shape,
        secret,
        allowed,
    })
}

/// `SCRAM-SHA-256$i:salt$StoredKey:ServerKey` or Kafka's
/// `SCRAM-SHA-256=[...]`.
pub(super) fn scram_dollar_or_kafka(text: &str, shape: &'static str) -> Result<Stored, Error> {
    verifier_length(text)?;
    let kafka = text.find("=[");
    if kafka.is_some_and(|k| text.find('$').is_none_or(|d| k < d)) {
        return self::kafka(text);
    }
    let parts: Vec<&str> = text.split('$').collect();
    let [name, iterations_salt, keys] = parts[..] else {
        return Err(bad(format!(
            "it has {} '$'-separated parts; a verifier has 3: \
             SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey",
            parts.len()
        )));
    };
    let hash = hash_named(name).ok_or_else(|| {
        bad(format!(
            "{} is not a SCRAM mechanism saslenc knows",
            shown(name)
        ))
    })?;
    let (Some((iterations, salt)), Some((stored_key, server_key))) =
        (iterations_salt.split_once(':'), keys.split_once(':'))
    else {
        return Err(bad(
            "a verifier is SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey, with ':' \
             inside the second and third parts",
        ));
    };
    // PostgreSQL's parse_scram_secret decodes with pg_b64_decode, which
    // wants the '=' padding; a text it cannot parse it stores as a plain
    // password. RFC 5803 writes RFC 4648 base64, padded, too. (The scheme
    // is already known to start "SCRAM-SHA-" in capitals, as PostgreSQL's
    // strcmp wants.)
    for (what, text) in [
        ("salt", salt),
        ("StoredKey", stored_key),
        ("ServerKey", server_key),
    ] {
        padded(what, text)?;
    }
    let secret = scram_keys(hash, iterations, salt, stored_key, server_key)?;
    Ok(Stored {
        shape,
        secret,
        allowed: None,
    })
}

pub(super) fn scram_keys(
    hash: ScramHash,
    iterations: &str,
    salt: &str,
    stored_key: &str,
    server_key: &str,
) -> Result<Secret, Error> {
    Ok(Secret::ScramKeys {
        hash,
        iterations: iteration_count(iterations)?,
        salt: salt_bytes(salt, encoding::decode("salt", salt))?,
        stored_key: decoded_key(hash, "StoredKey", stored_key, encoding::decode)?,
        server_key: decoded_key(hash, "ServerKey", server_key, encoding::decode)?,
    })
}

/// Base64 with its `=` padding: a length that is a multiple of 4.
pub(super) fn padded(what: &str, text: &str) -> Result<(), Error> {
    if !text.len().is_multiple_of(4) {
        return Err(bad(format!(
            "its {what} is base64 without its '=' padding ({} characters, not a multiple of \
             4); its reader refuses it (PostgreSQL then takes the whole text as a plain \
             password, Dovecot calls the key invalid)",
            text.len()
        )));
    }
    Ok(())
}

pub(super) fn iteration_count(text: &str) -> Result<u32, Error> {
    // The count's bound is checked once the shape is known (see
    // `parse_bounded`).
    match text.parse::<u32>() {
        Ok(n) if n > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(bad(
            "its iteration count is not a positive decimal number below 2^32",
        )),
    }
}

pub(super) fn salt_bytes(
    text: &str,
    decoded: Result<Zeroizing<Vec<u8>>, Error>,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let salt = decoded.map_err(|e| bad(e.to_string()))?;
    if salt.is_empty() || text.is_empty() {
        return Err(bad("its salt is empty"));
    }
    Ok(salt)
}

type Decoder = fn(&'static str, &str) -> Result<Zeroizing<Vec<u8>>, Error>;

pub(super) fn decoded_key(
    hash: ScramHash,
    what: &'static str,
    text: &str,
    decode: Decoder,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let bytes = decode(what, text).map_err(|e| bad(e.to_string()))?;
    if bytes.len() != hash.output_len() {
        return Err(bad(format!(
            "its {what} is {} bytes long; {} gives {}",
            bytes.len(),
            hash.mechanism(),
            hash.output_len()
        )));
    }
    Ok(bytes)
}

/// pgbouncer's `"user" "verifier"`, each quote inside a field doubled.
pub(super) fn pgbouncer(text: &str) -> Result<Stored, Error> {
    let (_user, rest) = quoted(text).ok_or_else(|| bad("the user name's quote is not closed"))?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let (verifier, rest) = quoted(rest).ok_or_else(|| {
        bad("a pgbouncer line is \"user\" \"SCRAM-SHA-256$...\"; the second quoted field is missing")
    })?;
    if !rest.trim().is_empty() {
        return Err(bad("text follows the pgbouncer line's second field"));
    }
    if !verifier.starts_with("SCRAM-SHA-") {
        return Err(bad(
            "the pgbouncer line holds no SCRAM verifier (plain-text and md5 entries are not checked)",
        ));
    }
    scram_dollar_or_kafka(&verifier, "pgbouncer userlist.txt")
}

/// A `"..."` field at the start of `text` (`""` inside for a quote), and
/// the rest after it.
pub(super) fn quoted(text: &str) -> Option<(Zeroizing<String>, &str)> {
    let mut out = Zeroizing::new(String::new());
    let mut chars = text.strip_prefix('"')?.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().is_some_and(|&(_, n)| n == '"') {
                chars.next();
                out.push('"');
            } else {
                return Some((out, &text[i + 2..]));
            }
        } else {
            out.push(c);
        }
    }
    None
}

/// `ALTER ROLE name PASSWORD 'verifier'` (or CREATE, or USER).
pub(super) fn sql(text: &str) -> Result<Stored, Error> {
    let upper = text.to_ascii_uppercase();
    let at = upper
        .find("PASSWORD '")
        .ok_or_else(|| bad("the SQL statement has no PASSWORD '...'"))?;
    let rest = &text[at + "PASSWORD '".len()..];
    let verifier = rest
        .split('\'')
        .next()
        .filter(|_| rest.contains('\''))
        .ok_or_else(|| bad("the SQL statement's PASSWORD '...' is not closed"))?;
    if !verifier.starts_with("SCRAM-SHA-") {
        return Err(bad(
            "the SQL statement's PASSWORD is no SCRAM verifier; PostgreSQL would hash such a \
             text as a plain password",
        ));
    }
    scram_dollar_or_kafka(verifier, "SQL statement")
}

/// Kafka's `SCRAM-SHA-256=[name=alice,salt="..",saltedpassword="..",iterations=4096]`.
pub(super) fn kafka(text: &str) -> Result<Stored, Error> {
    let Some((name, rest)) = text.split_once("=[") else {
        return Err(bad("a Kafka credential is SCRAM-SHA-256=[...]"));
    };
    let hash = hash_named(name).ok_or_else(|| {
        bad(format!(
            "{} is not a SCRAM mechanism saslenc knows",
            shown(name)
        ))
    })?;
    let Some(body) = rest.strip_suffix(']') else {
        return Err(bad("a Kafka credential ends with ']'"));
    };
    let (mut salt, mut salted, mut iterations) = (None, None, None);
    let mut named = false;
    let mut seen: Vec<&str> = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (key, after) = rest
            .split_once('=')
            .ok_or_else(|| bad("a Kafka credential is a list of key=value"))?;
        // Kafka's ScramParser keeps the last of two values silently: which
        // salt or digest it stores is not what the text seems to say.
        if seen.contains(&key) {
            return Err(bad(format!(
                "the Kafka credential gives {}= twice; Kafka keeps only the last, so it is \
                 refused rather than checked against either",
                shown(key)
            )));
        }
        seen.push(key);
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| bad(format!("the quoted value of {} is not closed", shown(key))))?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            after.split_at(after.find(',').unwrap_or(after.len()))
        };
        if !after.is_empty() && !after.starts_with(',') {
            return Err(bad("a Kafka credential's values are separated by ','"));
        }
        rest = after.strip_prefix(',').unwrap_or(after);
        match key {
            "name" => named = true,
            "salt" => salt = Some(salt_bytes(value, encoding::decode("salt", value))?),
            "saltedpassword" => {
                salted = Some(decoded_key(
                    hash,
                    "saltedpassword",
                    value,
                    encoding::decode,
                )?)
            }
            "iterations" => iterations = Some(iteration_count(value)?),
            "password" => {
                return Err(bad(
                    "the Kafka credential holds password=, not a salted password; saslenc \
                     checks the salt/saltedpassword form",
                ))
            }
            other => {
                return Err(bad(format!(
                    "the Kafka credential has a key {} that Kafka does not define",
                    shown(other)
                )))
            }
        }
    }
    if !named {
        return Err(bad(
            "the Kafka credential has no name=; kafka-storage refuses it (\"You must supply \
             'name' to add-scram\")",
        ));
    }
    let (Some(salt), Some(digest)) = (salt, salted) else {
        return Err(bad(
            "the Kafka credential needs both salt= and saltedpassword=",
        ));
    };
    Ok(Stored {
        shape: "Kafka",
        secret: Secret::Salted {
            // Kafka's own default when iterations= is left out.
            iterations: iterations.unwrap_or(4096),
            salt,
            digests: vec![(hash, digest)],
        },
        allowed: Some(KAFKA_ITERATIONS),
    })
}

/// passlib's `$scram$rounds$salt$sha-1=digest,sha-256=digest,...`: each
/// digest is SaltedPassword, in passlib's "adapted base64" (`.` for `+`,
/// no padding).
pub(super) fn passlib(rest: &str) -> Result<Stored, Error> {
    verifier_length(rest)?;
    let parts: Vec<&str> = rest.split('$').collect();
    let [rounds, salt, digests] = parts[..] else {
        return Err(bad(
            "a passlib hash is $scram$rounds$salt$sha-1=digest,...: three parts after $scram$",
        ));
    };
    let iterations = iteration_count(rounds)?;
    let salt = salt_bytes(salt, ab64("salt", salt))?;
    let mut list = Vec::new();
    for entry in digests.split(',') {
        let Some((alg, digest)) = entry.split_once('=') else {
            return Err(bad(
                "each passlib digest is alg=digest (a hash without digests is not checkable)",
            ));
        };
        let hash = match alg {
            "sha-1" => ScramHash::Sha1,
            "sha-256" => ScramHash::Sha256,
            "sha-512" => ScramHash::Sha512,
            other => {
                return Err(bad(format!(
                    "the passlib digest {} is not one saslenc checks (sha-1, sha-256, sha-512)",
                    shown(other)
                )))
            }
        };
        // passlib writes each algorithm once; more would only multiply
        // the work of a check.
        if list.iter().any(|(seen, _)| *seen == hash) {
            return Err(bad(format!(
                "the passlib digest {alg} appears twice; passlib writes each of sha-1, \
                 sha-256 and sha-512 at most once"
            )));
        }
        list.push((hash, decoded_key(hash, "digest", digest, ab64)?));
    }
    Ok(Stored {
        shape: "passlib",
        secret: Secret::Salted {
            iterations,
            salt,
            digests: list,
        },
        allowed: None,
    })
}

/// passlib's adapted base64.
pub(super) fn ab64(field: &'static str, text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    if text.contains('+') {
        return Err(Error::Base64 {
            field,
            reason: "passlib's adapted base64 writes '.' where base64 has '+'".to_owned(),
        });
    }
    encoding::decode(field, &text.replace('.', "+"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields() {
        let (field, rest) = quoted(r#""a""b" "c""#).unwrap();
        assert_eq!(&*field, r#"a"b"#);
        assert_eq!(rest, r#" "c""#);
        assert!(quoted(r#""open"#).is_none());
    }
}
