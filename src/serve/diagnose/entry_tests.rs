//! One test per entry of the catalogue, through a session on the wire:
//! the bytes are made by hand as the mistaken command makes them, and
//! the diagnosis must name that entry and no other.

use crate::encoding;
use crate::protocol::Protocol;
use crate::serve::accounts::Accounts;
use crate::serve::{Config, Session};
use crate::Secret;

fn account(password: &str) -> Accounts {
    Accounts::single(
        "alice",
        Some(Secret::new(password.as_bytes().to_vec())),
        None,
    )
}

pub(super) fn b64(bytes: &[u8]) -> String {
    encoding::encode(bytes).to_string()
}

/// A client line made from the challenge before it.
type LineOf<'a> = dyn Fn(&[u8]) -> Vec<u8> + 'a;

/// The diagnosis of the last login after `lines` over `protocol`; each
/// line may use the challenge of the reply before it.
fn run(protocol: Protocol, accounts: &Accounts, lines: &[&LineOf<'_>]) -> Vec<String> {
    let mut config = Config::new(protocol, accounts);
    config.allow_cleartext = true;
    let mut session = Session::new(&config, accounts, true);
    let mut reply = session.greeting().reply;
    for line in lines {
        let challenge = challenge_of(&reply);
        let out = session.line(&line(&challenge), false);
        reply = out.reply;
    }
    session.hang_up();
    session.verdict().diagnosis
}

/// The decoded challenge of `334 X`, `+ X`, or the APOP timestamp of a
/// POP3 greeting.
pub(super) fn challenge_of(reply: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(reply);
    let text = text.trim_end();
    if let Some(at) = text.find('<').filter(|_| text.starts_with("+OK")) {
        return text.as_bytes()[at..].to_vec();
    }
    let last = text.rsplit(' ').next().unwrap_or_default();
    encoding::decode("c", last)
        .map(|b| b.to_vec())
        .unwrap_or_default()
}

pub(super) fn fixed(line: impl Into<Vec<u8>>) -> impl Fn(&[u8]) -> Vec<u8> {
    let line = line.into();
    move |_: &[u8]| line.clone()
}

fn smtp_plain(accounts: &Accounts, message: &[u8]) -> Vec<String> {
    let ehlo = fixed("EHLO x");
    let auth = fixed(format!("AUTH PLAIN {}", b64(message)));
    run(Protocol::Smtp, accounts, &[&ehlo, &auth])
}

fn smtp_login(accounts: &Accounts, user: &str, password: &str) -> Vec<String> {
    let ehlo = fixed("EHLO x");
    let auth = fixed("AUTH LOGIN");
    let (u, p) = (fixed(user), fixed(password));
    run(Protocol::Smtp, accounts, &[&ehlo, &auth, &u, &p])
}

/// Whether the diagnosis names `id`, alone.
fn names(diagnosis: &[String], id: &str) -> bool {
    let first = diagnosis.first().map(String::as_str).unwrap_or_default();
    let tags = first.matches(" [").count();
    first.starts_with("found the mistake") && first.ends_with(&format!("[{id}]")) && tags == 1
}

macro_rules! assert_names {
    ($d:expr, $id:expr) => {
        let d = $d;
        assert!(names(&d, $id), "expected [{}]: {:?}", $id, d);
    };
}

#[test]
fn echo_newline() {
    assert_names!(
        smtp_plain(&account("pencil"), b"\0alice\0pencil\n"),
        "echo-newline"
    );
    let d = smtp_login(&account("pencil"), &b64(b"alice"), &b64(b"pencil\n"));
    assert_names!(d, "echo-newline");
}

#[test]
fn crlf_and_trailing_space() {
    assert_names!(
        smtp_plain(&account("pencil"), b"\0alice\0pencil\r\n"),
        "crlf"
    );
    assert_names!(
        smtp_plain(&account("pencil"), b"\0alice\0pencil "),
        "trailing-space"
    );
}

#[test]
fn imap_literal_count_one_too_high() {
    let a = account("pencil");
    let mut config = Config::new(Protocol::Imap, &a);
    config.allow_cleartext = true;
    let mut session = Session::new(&config, &a, true);
    session.greeting();
    let out = session.line(b"a1 LOGIN alice {7}", false);
    assert_eq!(out.literal, Some(7));
    // The client sends "pencil\r\n": 7 bytes take the CR, the LF is left.
    session.literal(b"pencil\r");
    let out = session.line(b"", true);
    assert!(out.reply.starts_with(b"a1 NO"), "{:?}", out.reply);
    assert_names!(session.verdict().diagnosis, "imap-literal-count");
    let shown: Vec<String> = session
        .take_entries()
        .iter()
        .map(|e| e.text.clone())
        .collect();
    assert!(!shown.iter().any(|t| t.contains("bare LF")), "{shown:?}");
}

#[test]
fn latin1_over_each_protocol() {
    let a = account("pässword");
    assert_names!(smtp_plain(&a, b"\0alice\0p\xe4ssword"), "latin1");
    let login = fixed(&b"a1 LOGIN alice p\xe4ssword"[..]);
    let d = run(Protocol::Imap, &a, &[&login]);
    assert_names!(d, "latin1");
    let (user, pass) = (fixed("USER alice"), fixed(&b"PASS p\xe4ssword"[..]));
    assert_names!(run(Protocol::Pop3, &a, &[&user, &pass]), "latin1");
}

#[test]
fn mojibake() {
    let a = account("pässword");
    assert_names!(smtp_plain(&a, "\0alice\0pÃ¤ssword".as_bytes()), "mojibake");
}

#[test]
fn saslprep_either_way() {
    let a = account("a\u{a0}b");
    assert_names!(smtp_plain(&a, b"\0alice\0a b"), "client-saslprep");
    let a = account("a b");
    assert_names!(smtp_plain(&a, "\0alice\0a\u{a0}b".as_bytes()), "unprepared");
}

#[test]
fn printf_and_echo_with_login() {
    // printf 'p%dss' | base64: %d with no argument prints 0.
    let d = smtp_login(&account("p%dss"), &b64(b"alice"), &b64(b"p0ss"));
    assert_names!(d, "printf-password");
    // dash's echo 'x\0101': \0 and three octal digits, "A" (printf
    // would read \010 and leave "1").
    let d = smtp_login(&account("x\\0101"), &b64(b"alice"), &b64(b"xA"));
    assert_names!(d, "echo-escapes");
}

#[test]
fn shell_dollar() {
    let a = account("pa$$word$HOME");
    assert_names!(smtp_plain(&a, b"\0alice\0pa31337word"), "shell-dollar");
    assert!(!names(&smtp_plain(&a, b"\0alice\0paword"), "shell-dollar"));
}

#[test]
fn user_name_mistakes() {
    let a = account("pencil");
    assert_names!(smtp_plain(&a, b"\0alice \0pencil"), "user-trailing-space");
    assert_names!(smtp_plain(&a, b"\0alice\n\0pencil"), "user-newline");
    assert_names!(smtp_plain(&a, b"\0pencil\0alice"), "user-password-swapped");
    let d = smtp_login(&a, &b64(b"pencil"), &b64(b"alice"));
    assert_names!(d, "user-password-swapped");
}

#[test]
fn plain_message_mistakes() {
    let a = account("pencil");
    assert_names!(smtp_plain(&a, b"\\0alice\\0pencil"), "plain-backslash-zero");
    assert_names!(
        smtp_plain(&a, b"\\0alice\\0pencil\n"),
        "plain-backslash-zero-newline"
    );
    assert_names!(smtp_plain(&a, b"-ne \0alice\0pencil\n"), "dash-echo-ne");
    assert_names!(smtp_plain(&a, b"alice\0pencil"), "plain-no-leading-nul");
    assert_names!(smtp_plain(&a, b"alice\0pencil\0"), "plain-nul-at-end");
    // printf "\0pct\0100%safe": \010 is one octal escape, %s a directive.
    let a = Accounts::single("pct", Some(Secret::new(b"100%safe".to_vec())), None);
    assert_names!(smtp_plain(&a, b"\0pct\x080afe"), "printf-plain");
}

#[test]
fn login_answers() {
    let a = account("pencil");
    let d = smtp_login(&a, &b64(b"\0alice\0pencil"), &b64(b"pencil"));
    assert_names!(d, "plain-at-login-prompt");
    // "alice" and "pencil" typed as they are: "alice" is not base64.
    let d = smtp_login(&account("pencil"), "alice", "pencil");
    assert_names!(d, "login-plain-text");
    // A word that happens to be base64 decodes to other bytes.
    let a = Accounts::single("abcd", Some(Secret::new(b"wxyz".to_vec())), None);
    assert_names!(smtp_login(&a, "abcd", "wxyz"), "login-plain-text");
}

#[test]
fn base64_mistakes() {
    let long = "a-password-long-enough-that-its-plain-message-passes-76-columns";
    let a = account(long);
    let right = b64(format!("\0alice\0{long}").as_bytes());
    assert!(right.len() > 76);
    let ehlo = fixed("EHLO x");
    let auth = fixed(format!("AUTH PLAIN {}", &right[..76]));
    assert_names!(run(Protocol::Smtp, &a, &[&ehlo, &auth]), "base64-wrapped");
    let a = account("pencil");
    let twice = b64(b64(b"\0alice\0pencil").as_bytes());
    let auth = fixed(format!("AUTH PLAIN {twice}"));
    assert_names!(run(Protocol::Smtp, &a, &[&ehlo, &auth]), "double-base64");
    // "\0alice\0p>>?" encodes with + and /.
    let a = account("p>>?");
    let right = b64(b"\0alice\0p>>?");
    assert!(right.contains('+') || right.contains('/'), "{right}");
    let url = right.replace('+', "-").replace('/', "_");
    let auth = fixed(format!("AUTH PLAIN {url}"));
    assert_names!(run(Protocol::Smtp, &a, &[&ehlo, &auth]), "base64url");
}

fn cram(accounts: &Accounts, digest: impl Fn(&[u8]) -> String + 'static) -> Vec<String> {
    let ehlo = fixed("EHLO x");
    let auth = fixed("AUTH CRAM-MD5");
    let answer =
        move |challenge: &[u8]| b64(format!("alice {}", digest(challenge)).as_bytes()).into_bytes();
    run(Protocol::Smtp, accounts, &[&ehlo, &auth, &answer])
}

pub(super) fn hmac(key: &[u8], data: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<md5::Md5>::new_from_slice(key).unwrap();
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

pub(super) fn md5(data: &[u8]) -> String {
    use md5::Digest;
    hex::encode(md5::Md5::digest(data))
}

#[test]
fn cram_md5_mistakes() {
    let a = account("pencil");
    let d = cram(&a, |c| hmac(b"pencil", c).to_uppercase());
    assert_names!(d, "cram-upper-case");
    let d = cram(&a, |c| hmac(b"pencil", &[c, b"\n"].concat()));
    assert_names!(d, "cram-challenge-newline");
    let d = cram(&a, |c| hmac(b"pencil", b64(c).as_bytes()));
    assert_names!(d, "cram-base64-challenge");
    let d = cram(&a, |c| md5(&[b"pencil", c].concat()));
    assert_names!(d, "cram-md5-concat");
    let d = cram(&a, |c| hmac(c, b"pencil"));
    assert_names!(d, "cram-key-data-swapped");
    let d = cram(&a, |c| hmac(b"pencil\n", c));
    assert_names!(d, "cram-key-newline");
    let d = cram(&a, |c| hmac(b"pencil", c));
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn xoauth2_mistakes() {
    let a = Accounts::single("alice", None, Some(Secret::new(b"tok".to_vec())));
    for (sep, id) in [
        ("\\x01", "xoauth2-backslash-x01"),
        ("^A", "xoauth2-caret-a"),
        (" ", "xoauth2-spaces"),
    ] {
        let message = format!("user=alice{sep}auth=Bearer tok{sep}{sep}");
        let ehlo = fixed("EHLO x");
        let auth = fixed(format!("AUTH XOAUTH2 {}", b64(message.as_bytes())));
        assert_names!(run(Protocol::Smtp, &a, &[&ehlo, &auth]), id);
    }
}

#[test]
fn apop_mistakes() {
    let a = account("pencil");
    let newline =
        |ts: &[u8]| format!("APOP alice {}", md5(&[ts, b"pencil\n"].concat())).into_bytes();
    assert_names!(run(Protocol::Pop3, &a, &[&newline]), "apop-newline");
    let bare = fixed(format!("APOP alice {}", md5(b"pencil")));
    assert_names!(run(Protocol::Pop3, &a, &[&bare]), "apop-no-timestamp");
}

#[test]
fn an_unrelated_password_says_only_what_is_certain() {
    let a = account("pencil");
    let d = smtp_plain(&a, b"\0alice\0crayon");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("the password differs from the account's (it has the right length)"),
        "{d:?}"
    );
    let d = smtp_plain(&a, b"\0alice\0pen");
    assert!(d[0].contains("(its length differs too)"), "{d:?}");
    let d = smtp_plain(&a, b"\0bob\0pencil");
    assert!(d[0].starts_with("there is no user \"bob\""), "{d:?}");
    for d in [
        smtp_plain(&a, b"\0alice\0pencil\n"),
        smtp_plain(&a, b"\0pencil\0alice"),
    ] {
        assert!(d.iter().all(|l| !l.contains("pencil")), "{d:?}");
    }
}

#[test]
fn scram_against_a_cram_md5_secret_cannot_be_checked() {
    let cram = hex::encode(&crate::stored::cram_md5::states(b"pencil")[..]);
    let a = Accounts::passdb(&format!("alice:{{CRAM-MD5}}{cram}\nbob:{{PLAIN}}crayon\n")).unwrap();
    let ehlo = fixed("EHLO x");
    let auth = fixed(format!(
        "AUTH SCRAM-SHA-256 {}",
        b64(b"n,,n=alice,r=abcdef")
    ));
    let d = run(Protocol::Smtp, &a, &[&ehlo, &auth]);
    assert!(
        d[0].contains("cannot be checked with this mechanism"),
        "{d:?}"
    );
}

#[test]
fn every_entry_has_a_test_here() {
    let here = include_str!("entry_tests.rs");
    for mistake in super::CATALOGUE {
        let quoted = format!("\"{}\"", mistake.id);
        assert!(here.contains(&quoted), "no test names {}", mistake.id);
    }
}

/// docs/serve.md's catalogue table is the catalogue's; to rewrite it:
/// `SASLENC_WRITE_DOCS=1 cargo test --lib docs_serve_md_has_the_catalogue`.
#[test]
fn docs_serve_md_has_the_catalogue() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/serve.md");
    let text = std::fs::read_to_string(path).unwrap();
    let (start, end) = ("<!-- catalogue:start -->\n", "<!-- catalogue:end -->");
    let a = text.find(start).expect("the start marker") + start.len();
    let b = text.find(end).expect("the end marker");
    let table = super::markdown();
    if text[a..b] == table {
        return;
    }
    if std::env::var_os("SASLENC_WRITE_DOCS").is_some() {
        std::fs::write(path, format!("{}{table}{}", &text[..a], &text[b..])).unwrap();
        return;
    }
    panic!(
        "docs/serve.md's catalogue differs from the code's; run \
         SASLENC_WRITE_DOCS=1 cargo test --lib docs_serve_md_has_the_catalogue"
    );
}

/// Against Dovecot's `{CRAM-MD5}` (HMAC-MD5's states, not the password),
/// the entries that need only HMAC-MD5 are tried; the others are said
/// to be untried, and the password is not claimed to differ.
#[test]
fn cram_md5_against_a_stored_secret() {
    let states = hex::encode(&crate::stored::cram_md5::states(b"pencil")[..]);
    let a = Accounts::passdb(&format!("alice:{{CRAM-MD5}}{states}\n")).unwrap();
    let d = cram(&a, |c| hmac(b"pencil", c).to_uppercase());
    assert_names!(d, "cram-upper-case");
    let d = cram(&a, |c| hmac(b"pencil", &[c, b"\n"].concat()));
    assert_names!(d, "cram-challenge-newline");
    let d = cram(&a, |c| md5(&[b"pencil", c].concat()));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("or the digest was made another way"), "{d:?}");
    assert!(d[0].contains("could not be tried"), "{d:?}");
}

/// Against a hashed account (a SCRAM secret), the password mistakes that
/// can be undone are undone and checked.
#[test]
fn password_mistakes_against_a_hashed_account() {
    let salt = [7u8; 16];
    let keys = crate::mech::ScramHash::Sha256.keys(b"pencil", &salt, 4096);
    let line = format!(
        "alice:{{SCRAM-SHA-256}}4096,{},{},{}\n",
        &*encoding::encode(&salt),
        &*encoding::encode(&keys.stored_key),
        &*encoding::encode(&keys.server_key)
    );
    let a = Accounts::passdb(&line).unwrap();
    assert_names!(smtp_plain(&a, b"\0alice\0pencil\n"), "echo-newline");
    let d = smtp_plain(&a, b"\0alice\0crayon");
    assert!(d[0].contains("the account's secret is hashed"), "{d:?}");
}

/// The base64 mistakes on the other mechanisms' lines: an XOAUTH2
/// message of a long token wrapped at 76 columns, a CRAM-MD5 answer
/// encoded twice.
#[test]
fn base64_mistakes_on_xoauth2_and_cram_md5() {
    let token = "ya29.a0AfB_byC-a-long-access-token-as-google-issues-them-0123456789";
    let a = Accounts::single("alice", None, Some(Secret::new(token.as_bytes().to_vec())));
    let message = format!("user=alice\x01auth=Bearer {token}\x01\x01");
    let right = b64(message.as_bytes());
    assert!(right.len() > 76);
    let ehlo = fixed("EHLO x");
    let auth = fixed(format!("AUTH XOAUTH2 {}", &right[..76]));
    assert_names!(run(Protocol::Smtp, &a, &[&ehlo, &auth]), "base64-wrapped");
    let a = account("pencil");
    let auth = fixed("AUTH CRAM-MD5");
    let twice = |c: &[u8]| {
        let once = b64(format!("alice {}", hmac(b"pencil", c)).as_bytes());
        b64(once.as_bytes()).into_bytes()
    };
    assert_names!(
        run(Protocol::Smtp, &a, &[&ehlo, &auth, &twice]),
        "double-base64"
    );
}
