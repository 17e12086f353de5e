//! The entries of the catalogue ([`super::catalogue`]): each a real
//! mistake, as a transformation of the right credential.

use super::catalogue::{
    cram_line, fields, hmac_md5, hmac_md5_key, md5_hex, xoauth2_line, Make, Mech, Mistake, Right,
    Via, ALL_PASSWORDS, SASL_PASSWORDS,
};
use super::shell;
use crate::encoding;
use crate::field;
use crate::mech::server::Kind;

fn apop_line(right: &Right, via: Via, digest: String) -> Option<Vec<Vec<u8>>> {
    (via == Via::Apop).then(|| vec![right.user.as_bytes().to_vec(), digest.into_bytes()])
}

fn latin1(password: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(password).ok()?;
    (!text.is_ascii() && text.chars().all(|c| (c as u32) < 256))
        .then(|| text.chars().map(|c| c as u8).collect())
}

fn from_latin1(sent: &[u8]) -> Option<Vec<u8>> {
    (!sent.is_ascii()).then(|| {
        sent.iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into_bytes()
    })
}

fn mojibake(password: &[u8]) -> Option<Vec<u8>> {
    std::str::from_utf8(password)
        .ok()
        .filter(|t| !t.is_ascii())?;
    from_latin1(password)
}

fn un_mojibake(sent: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(sent).ok()?;
    latin1(text.as_bytes()).filter(|b| std::str::from_utf8(b).is_ok())
}

fn saslprep(password: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(password).ok()?;
    let prepared = field::saslprep("password", text).ok()?;
    (prepared.as_bytes() != password).then(|| prepared.as_bytes().to_vec())
}

/// A password that SASLprep maps to the right one: a no-break space
/// (U+00A0) where the right one has a space.
fn unprepared(password: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(password).ok()?;
    text.contains(' ')
        .then(|| text.replacen(' ', "\u{a0}", 1).into_bytes())
}

fn suffix(password: &[u8], end: &[u8]) -> Vec<u8> {
    [password, end].concat()
}

/// The catalogue, in the order findings are named.
pub static CATALOGUE: &[Mistake] = &[
    Mistake {
        id: "echo-newline",
        field: "password",
        what: "the password ends with a line feed (0x0a) the right one lacks",
        how: "echo adds one (echo PASS | base64, base64 <<< PASS, a file's last line); use \
              printf %s PASS | base64, or echo -n",
        make: Make::Password {
            apply: |p| Some(suffix(p, b"\n")),
            undo: Some(|s| s.strip_suffix(b"\n").map(<[u8]>::to_vec)),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "crlf",
        field: "password",
        what: "the password ends with CR LF (0x0d 0x0a) the right one lacks",
        how: "a line end from a file written on Windows, or a terminal paste; strip it \
              (tr -d '\\r\\n')",
        make: Make::Password {
            apply: |p| Some(suffix(p, b"\r\n")),
            undo: Some(|s| s.strip_suffix(b"\r\n").map(<[u8]>::to_vec)),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "trailing-space",
        field: "password",
        what: "the password ends with a space (0x20) the right one lacks",
        how: "a copy-paste that took the blank after it, or a config value with a trailing \
              blank",
        make: Make::Password {
            apply: |p| Some(suffix(p, b" ")),
            undo: Some(|s| s.strip_suffix(b" ").map(<[u8]>::to_vec)),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "imap-literal-count",
        field: "password",
        what: "the password ends with a CR (0x0d) the right one lacks",
        how: "the IMAP literal's count {n} is one too high, so it took the CR of the line end; \
              count the bytes of the password alone",
        make: Make::Whole(|r, via| {
            let Via::ImapLogin { literal: true } = via else {
                return None;
            };
            fields(r, via, r.user.as_bytes(), &suffix(r.password?, b"\r"))
        }),
    },
    Mistake {
        id: "latin1",
        field: "password",
        what: "the password is in Latin-1 (ISO-8859-1); the account's is UTF-8",
        how: "the client's terminal, locale or configuration file is Latin-1; set a UTF-8 \
              locale (LANG=C.UTF-8) or convert with iconv -f latin1 -t utf-8",
        make: Make::Password {
            apply: latin1,
            undo: Some(from_latin1),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "mojibake",
        field: "password",
        what: "the password's UTF-8 was read as Latin-1 and encoded again (ä became Ã¤)",
        how: "a file in UTF-8 opened as Latin-1 and saved, or a double conversion; send the \
              UTF-8 bytes once",
        make: Make::Password {
            apply: mojibake,
            undo: Some(un_mojibake),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "client-saslprep",
        field: "password",
        what: "the password was prepared with SASLprep (RFC 4013); the account holds it as typed",
        how: "the client prepares passwords (as SCRAM asks) where this server compares bytes \
              as Dovecot does; change the password to its prepared form",
        make: Make::Password {
            apply: saslprep,
            undo: None,
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "unprepared",
        field: "password",
        what: "the password matches only after SASLprep (a no-break space where the account \
               has a space)",
        how: "the account's password was stored prepared (RFC 4013), the client sent it as \
              typed",
        make: Make::Password {
            apply: unprepared,
            undo: Some(saslprep),
            vias: ALL_PASSWORDS,
        },
    },
    Mistake {
        id: "printf-password",
        field: "password",
        what: "printf read the password as its format: % directives and \\ escapes in it were \
               replaced",
        how: "printf PASS | base64 interprets % and \\; use printf %s PASS | base64",
        make: Make::Password {
            apply: |p| shell::printf(p).filter(|s| s != p),
            undo: None,
            vias: &[Mech::Login],
        },
    },
    Mistake {
        id: "echo-escapes",
        field: "password",
        what: "echo read backslash escapes in the password (\\t, \\0NNN, ...)",
        how: "dash's echo (sh on Debian) and echo -e interpret \\; use printf %s PASS | base64",
        make: Make::Password {
            apply: |p| Some(shell::echo_escapes(p)).filter(|s| s != p),
            undo: None,
            vias: &[Mech::Login],
        },
    },
    Mistake {
        id: "shell-dollar",
        field: "password",
        what: "the shell expanded $ in the password: $$ became a process id, $NAME nothing",
        how: "the password was inside double quotes (\"...$...\"); quote it with single quotes \
              or read it from a file",
        make: Make::Password {
            apply: |p| shell::expand(p, 4242),
            undo: None,
            vias: SASL_PASSWORDS,
        },
    },
    Mistake {
        id: "user-trailing-space",
        field: "user name",
        what: "the user name ends with a space (0x20) the account's lacks",
        how: "a copy-paste, or a configuration value with a trailing blank",
        make: Make::User(|u| Some(format!("{u} ").into_bytes())),
    },
    Mistake {
        id: "user-newline",
        field: "user name",
        what: "the user name ends with a line feed (0x0a) the account's lacks",
        how: "echo adds one (echo USER | base64); use printf %s USER | base64",
        make: Make::User(|u| Some(format!("{u}\n").into_bytes())),
    },
    Mistake {
        id: "user-password-swapped",
        field: "user name and password",
        what: "the user name and the password are swapped",
        how: "the password went where the user name belongs and the other way round (LOGIN's \
              Username: and Password: prompts, PLAIN's fields, LOGIN's arguments)",
        make: Make::Whole(|r, via| {
            let password = r.password?;
            fields(r, via, password, r.user.as_bytes())
        }),
    },
    Mistake {
        id: "plain-backslash-zero",
        field: "PLAIN message",
        what: "\\0 is two characters (a backslash and a 0) where PLAIN needs NUL bytes",
        how: "bash's echo without -e (echo -n \"\\0USER\\0PASS\" | base64); use printf \
              '\\0%s\\0%s' USER PASS | base64, or saslenc plain",
        make: Make::Plain(|a, u, p| Some([a, b"\\0", u, b"\\0", p].concat())),
    },
    Mistake {
        id: "plain-backslash-zero-newline",
        field: "PLAIN message",
        what: "\\0 is two characters (a backslash and a 0) and the message ends with a line feed",
        how: "bash's echo without -e and without -n (echo \"\\0USER\\0PASS\" | base64); use \
              printf '\\0%s\\0%s' USER PASS | base64",
        make: Make::Plain(|a, u, p| Some([a, b"\\0", u, b"\\0", p, b"\n"].concat())),
    },
    Mistake {
        id: "dash-echo-ne",
        field: "PLAIN message",
        what: "the message starts with \"-ne \" and ends with a line feed",
        how: "dash's echo (sh on Debian and Ubuntu) takes no options and prints -ne; use printf \
              '\\0%s\\0%s' USER PASS | base64",
        make: Make::Plain(|a, u, p| Some([b"-ne ", a, b"\0", u, b"\0", p, b"\n"].concat())),
    },
    Mistake {
        id: "printf-plain",
        field: "PLAIN message",
        what: "printf read the user name and password as its format: % directives and \\ \
               escapes in them were replaced (\\0 and the digits after it make one octal escape)",
        how: "printf \"\\0USER\\0PASS\" | base64 puts the credential in printf's format; use \
              printf '\\0%s\\0%s' USER PASS | base64",
        make: Make::Plain(|a, u, p| {
            let format = [a, b"\\0", u, b"\\0", p].concat();
            let right = [a, b"\0", u, b"\0", p].concat();
            shell::printf(&format).filter(|s| *s != right)
        }),
    },
    Mistake {
        id: "plain-no-leading-nul",
        field: "PLAIN message",
        what: "PLAIN's leading NUL is missing (USER NUL PASS: two fields, not three)",
        how: "RFC 4616 is authzid NUL authcid NUL passwd, and an empty authzid still leaves the \
              first NUL; use printf '\\0%s\\0%s' USER PASS | base64",
        make: Make::Plain(|a, u, p| a.is_empty().then(|| [u, b"\0", p].concat())),
    },
    Mistake {
        id: "plain-nul-at-end",
        field: "PLAIN message",
        what: "the NULs follow the fields instead of leading them (USER NUL PASS NUL)",
        how: "printf 'USER\\0PASS\\0'; PLAIN is NUL USER NUL PASS",
        make: Make::Plain(|a, u, p| a.is_empty().then(|| [u, b"\0", p, b"\0"].concat())),
    },
    Mistake {
        id: "plain-at-login-prompt",
        field: "LOGIN user name",
        what: "LOGIN's Username: prompt was answered with a whole PLAIN message",
        how: "PLAIN's base64 pasted into AUTH LOGIN; answer Username: with base64 of the user \
              name alone, or use AUTH PLAIN",
        make: Make::Whole(|r, via| {
            if via != Via::Sasl(Kind::Login) {
                return None;
            }
            let (u, p) = (r.user.as_bytes(), r.password?);
            let authzid: &[u8] = if r.authzid_is_user { u } else { b"" };
            let plain = [authzid, b"\0", u, b"\0", p].concat();
            let b64 = |b: &[u8]| encoding::encode(b).as_bytes().to_vec();
            Some(vec![b64(&plain), b64(p)])
        }),
    },
    Mistake {
        id: "login-plain-text",
        field: "LOGIN answers",
        what: "LOGIN's prompts were answered in plain text, not base64",
        how: "each answer to 334 is base64 (printf %s USER | base64); the server decoded the \
              typed text as if it were base64",
        make: Make::Whole(|r, via| {
            (via == Via::Sasl(Kind::Login))
                .then(|| {
                    vec![
                        r.user.as_bytes().to_vec(),
                        r.password.unwrap_or_default().to_vec(),
                    ]
                })
                .filter(|_| r.password.is_some())
        }),
    },
    Mistake {
        id: "base64-wrapped",
        field: "base64 line",
        what: "the base64 was cut after 76 columns: the rest came as another line",
        how: "GNU base64 wraps at 76; use base64 -w0 (macOS: base64 -b0 is the default)",
        make: Make::Line(|line| Some(line.get(..76).unwrap_or(line).to_owned())),
    },
    Mistake {
        id: "double-base64",
        field: "base64 line",
        what: "the base64 was encoded twice",
        how: "the output of base64 went through base64 again (or a library encoded what was \
              already encoded); encode once",
        make: Make::Line(|line| Some(encoding::encode(line.as_bytes()).to_string())),
    },
    Mistake {
        id: "base64url",
        field: "base64 line",
        what: "the base64 is URL-safe (- and _, RFC 4648 section 5)",
        how: "SASL uses the standard alphabet (+ and /): encode with base64, not basenc \
              --base64url or a URL-safe library call",
        make: Make::Line(|line| Some(line.replace('+', "-").replace('/', "_"))),
    },
    Mistake {
        id: "cram-upper-case",
        field: "CRAM-MD5 digest",
        what: "the digest is in upper-case hex; RFC 2195 asks for lower case",
        how: "openssl dgst prints lower case, but some tools or a tr a-z A-Z do not; send 32 \
              lower-case hex digits",
        make: Make::Whole(|r, via| {
            let digest = hmac_md5(r.cram_states?, r.challenge)?.to_ascii_uppercase();
            cram_line(r, via, Some(digest))
        }),
    },
    Mistake {
        id: "cram-challenge-newline",
        field: "CRAM-MD5 digest",
        what: "the digest is over the challenge and a line feed",
        how: "echo CHALLENGE | openssl dgst -md5 -hmac PASS adds a line feed; use printf %s",
        make: Make::Whole(|r, via| {
            let digest = hmac_md5(r.cram_states?, &suffix(r.challenge, b"\n"));
            cram_line(r, via, digest)
        }),
    },
    Mistake {
        id: "cram-base64-challenge",
        field: "CRAM-MD5 digest",
        what: "the digest is over the challenge's base64 text, not the decoded challenge",
        how: "the 334 line was used as it is; decode it first (base64 -d), then HMAC-MD5 it",
        make: Make::Whole(|r, via| {
            let text = encoding::encode(r.challenge);
            cram_line(r, via, hmac_md5(r.cram_states?, text.as_bytes()))
        }),
    },
    Mistake {
        id: "cram-md5-concat",
        field: "CRAM-MD5 digest",
        what: "the digest is MD5(password + challenge), not HMAC-MD5",
        how: "a hand-made hash instead of HMAC (RFC 2104); use openssl dgst -md5 -hmac PASS",
        make: Make::Whole(|r, via| cram_line(r, via, Some(md5_hex(&[r.password?, r.challenge])))),
    },
    Mistake {
        id: "cram-key-data-swapped",
        field: "CRAM-MD5 digest",
        what: "the HMAC's key and data are swapped (key = challenge, data = password)",
        how: "the password is the HMAC key: printf %s CHALLENGE | openssl dgst -md5 -hmac PASS",
        make: Make::Whole(|r, via| cram_line(r, via, hmac_md5_key(r.challenge, r.password?))),
    },
    Mistake {
        id: "cram-key-newline",
        field: "CRAM-MD5 digest",
        what: "the HMAC key is the password with a line feed",
        how: "the key came from echo or a file's line ($(cat file) strips it, read -r keeps it \
              out); use the password's bytes alone",
        make: Make::Whole(|r, via| {
            cram_line(
                r,
                via,
                hmac_md5_key(&suffix(r.password?, b"\n"), r.challenge),
            )
        }),
    },
    Mistake {
        id: "xoauth2-backslash-x01",
        field: "XOAUTH2 message",
        what: "^A is the four characters \\x01, not the byte 0x01",
        how: "echo without -e; use printf 'user=%s\\001auth=Bearer %s\\001\\001' USER TOKEN | \
              base64 -w0",
        make: Make::Whole(|r, via| xoauth2_line(r, via, "\\x01")),
    },
    Mistake {
        id: "xoauth2-caret-a",
        field: "XOAUTH2 message",
        what: "^A is the two characters ^ and A, not the byte 0x01",
        how: "the documentation's ^A was typed as it reads; it is the byte 0x01 (printf \\001)",
        make: Make::Whole(|r, via| xoauth2_line(r, via, "^A")),
    },
    Mistake {
        id: "xoauth2-spaces",
        field: "XOAUTH2 message",
        what: "the XOAUTH2 fields are separated by spaces, not ^A (0x01)",
        how: "use printf 'user=%s\\001auth=Bearer %s\\001\\001' USER TOKEN | base64 -w0",
        make: Make::Whole(|r, via| xoauth2_line(r, via, " ")),
    },
    Mistake {
        id: "apop-newline",
        field: "APOP digest",
        what: "the digest is MD5 of the timestamp, the password and a line feed",
        how: "echo -n TIMESTAMP; echo PASS | md5sum, or a file's last line; hash \
              TIMESTAMPPASS with printf %s",
        make: Make::Whole(|r, via| apop_line(r, via, md5_hex(&[r.challenge, r.password?, b"\n"]))),
    },
    Mistake {
        id: "apop-no-timestamp",
        field: "APOP digest",
        what: "the digest is MD5 of the password alone, without the greeting's timestamp",
        how: "APOP is MD5(<timestamp> + password), the timestamp from the +OK greeting, \
              brackets included",
        make: Make::Whole(|r, via| apop_line(r, via, md5_hex(&[r.password?]))),
    },
];
