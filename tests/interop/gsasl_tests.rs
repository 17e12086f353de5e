//! GNU gsasl as the reference.
//!
//! * Byte for byte: for generated credentials, saslenc's PLAIN (with and
//!   without authzid), LOGIN, ANONYMOUS and EXTERNAL output equals what
//!   `gsasl --client -m MECH` prints for the same inputs, and so does its
//!   CRAM-MD5 response to a challenge from `gsasl --server`.
//! * gsasl on the other side: `gsasl --server` accepts saslenc's CRAM-MD5
//!   response and holds whole SCRAM-SHA-1 / SCRAM-SHA-256 exchanges with
//!   saslenc's conversation mode, which in turn verifies gsasl's server
//!   signature and reports the verdict; a wrong password is refused.
//!
//! The inputs come from a small seeded generator (the seed is printed in
//! the summary; `SASLENC_INTEROP_SEED` replays another): ASCII, `%`, `\`,
//! quotes, `=`, `,`, spaces, a leading `-`, non-ASCII letters, combining
//! marks, emoji and flag sequences, and long values far past 76 base64
//! columns. Each case's values depend only on the seed and its number.
//!
//! SASLprep: gsasl applies it to CRAM-MD5 user names and passwords, saslenc
//! does not (RFC 2195 predates it, and servers such as Dovecot use the
//! stored bytes as they are), so CRAM-MD5 inputs are drawn from text that
//! SASLprep leaves unchanged. Both apply it for SCRAM, whose inputs include
//! characters SASLprep maps (soft hyphen, no-break space, ligatures,
//! decomposed letters), plus pairs where only the client's side needs it.

use std::ffi::OsString;
use std::sync::Mutex;
use std::thread;
use std::time::Instant;

use crate::gsasl::{self, Server};
use crate::peers;
use crate::saslenc::{self, opt, Conversation};

/// Generated credentials per byte-for-byte mechanism.
const BYTE_FOR_BYTE_CASES: usize = 1000;
/// CRAM-MD5 exchanges with `gsasl --server` (each also compared byte for byte).
const CRAM_MD5_CASES: usize = 300;
/// SCRAM exchanges with `gsasl --server`, per hash.
const SCRAM_CASES: usize = 150;
/// Every this many cases in the exchanges, the client's password is wrong.
const WRONG_EVERY: usize = 10;
/// Worker threads: each case spawns two or three short processes.
const WORKERS: usize = 4;
/// The default seed.
const SEED: u64 = 0x5a51_e9c0_2026_1128;

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, seedable, good enough to pick characters.
struct Rng(u64);

impl Rng {
    fn for_case(seed: u64, stream: u64, case: usize) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ case as u64);
        rng.next(); // mix the seed in
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ASCII: &[&str] = &[
    "a", "b", "e", "k", "q", "r", "z", "A", "K", "Q", "R", "Z", "0", "7", "9", "user", "mail",
];
const SPECIAL: &[&str] = &[
    " ", "%", "%s", "%%", "\\", "\\n", "\\0", "\"", "'", "=", ",", "-", "$", "`", "#", "!", "*",
    "@", "+", "/", ":", ";", "<", ">", "?", "&", "|", "~", "^", "(", ")", "[", "]", "{", "}",
];
/// Precomposed letters and scripts SASLprep leaves as they are (NFC, NFKC
/// stable, assigned in Unicode 3.2, left-to-right).
const NON_ASCII: &[&str] = &[
    "é", "ü", "ß", "ñ", "ø", "å", "ç", "Ж", "я", "ё", "Ω", "λ", "π", "中", "文", "日本", "€", "£",
    "ł", "Ą", "ő",
];
/// Combining sequences (SASLprep's NFKC composes these).
const COMBINING: &[&str] = &[
    "e\u{301}",
    "u\u{308}",
    "a\u{30a}",
    "n\u{303}",
    "o\u{302}\u{323}",
];
/// Emoji and sequences outside Unicode 3.2 (SASLprep would call them
/// unassigned).
const EMOJI: &[&str] = &[
    "😀",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧",
    "🇩🇪",
    "🔑",
    "\u{2603}\u{fe0f}",
];
/// Characters SASLprep maps: soft hyphen (to nothing), no-break space (to
/// space), the fi ligature and roman numeral nine (NFKC).
const SASLPREP_MAPPED: &[&str] = &["\u{ad}", "\u{a0}", "\u{fb01}", "\u{2168}"];

/// Which characters a value may hold.
#[derive(Clone, Copy)]
enum Pool {
    /// Everything, tab included: PLAIN, LOGIN, EXTERNAL take any UTF-8 but NUL.
    Any,
    /// Printable only: the ANONYMOUS trace (RFC 4505 section 2).
    Printable,
    /// Text SASLprep leaves unchanged: for CRAM-MD5, which gsasl preps and
    /// saslenc does not.
    PrepStable,
    /// Text SASLprep accepts, mapped characters included: for SCRAM.
    Prep,
}

/// A value of 1 to 16 pieces, or one in six times 40 to 120 pieces (long:
/// well past 76 base64 columns), at most `max_chars` characters.
fn value(rng: &mut Rng, pool: Pool, max_chars: usize) -> String {
    let pieces = if rng.below(6) == 0 {
        40 + rng.below(81)
    } else {
        1 + rng.below(16)
    };
    let mut text = String::new();
    for _ in 0..pieces {
        let class = rng.below(10);
        let piece = match (pool, class) {
            (_, 0..=3) => rng.pick(ASCII),
            (_, 4..=5) => rng.pick(SPECIAL),
            (_, 6..=7) => rng.pick(NON_ASCII),
            (Pool::Any | Pool::Printable | Pool::Prep, 8) => rng.pick(COMBINING),
            (Pool::Any | Pool::Printable, 9) => rng.pick(EMOJI),
            (Pool::Prep, 9) => rng.pick(SASLPREP_MAPPED),
            (Pool::Any, _) if rng.below(4) == 0 => "\t",
            _ => rng.pick(ASCII),
        };
        if text.chars().count() + piece.chars().count() > max_chars {
            break;
        }
        text.push_str(piece);
    }
    if text.is_empty() {
        text.push('x');
    }
    // SASLprep maps a lone soft hyphen to nothing, and an empty password is
    // an error on both sides: keep one character that stays.
    if matches!(pool, Pool::Prep) {
        text.push('.');
    }
    text
}

// ---------------------------------------------------------------------------
// Byte for byte
// ---------------------------------------------------------------------------

/// A mechanism compared byte for byte.
#[derive(Clone, Copy, Debug)]
enum Reference {
    Plain,
    PlainAuthzid,
    Login,
    Anonymous,
    External,
}

impl Reference {
    const ALL: [Reference; 5] = [
        Reference::Plain,
        Reference::PlainAuthzid,
        Reference::Login,
        Reference::Anonymous,
        Reference::External,
    ];

    fn label(self) -> &'static str {
        match self {
            Reference::Plain => "PLAIN",
            Reference::PlainAuthzid => "PLAIN+authzid",
            Reference::Login => "LOGIN",
            Reference::Anonymous => "ANONYMOUS",
            Reference::External => "EXTERNAL",
        }
    }

    /// Generates case `case` and compares both outputs.
    fn check(self, seed: u64, case: usize) -> Result<(), String> {
        let mut rng = Rng::for_case(seed, self as u64 + 1, case);
        let user = value(&mut rng, Pool::Any, 200);
        let password = value(&mut rng, Pool::Any, 200);
        let authzid = value(&mut rng, Pool::Any, 200);
        let trace = value(&mut rng, Pool::Printable, 255);
        // A few empty authzids and traces: saslenc prints `=`, gsasl an
        // empty line; both mean the empty message.
        let empty = case % 50 == 7;

        let (mechanism, saslenc_args, gsasl_options, input) = match self {
            Reference::Plain | Reference::PlainAuthzid => {
                let mut s = vec![
                    "plain".into(),
                    opt("user", &user),
                    opt("pass-env", saslenc::PASS_ENV),
                ];
                let mut g = vec![opt("authentication-id", &user), opt("password", &password)];
                if let Reference::PlainAuthzid = self {
                    s.push(opt("authzid", &authzid));
                    g.push(opt("authorization-id", &authzid));
                }
                ("PLAIN", s, g, "\n")
            }
            Reference::Login => (
                "LOGIN",
                vec![
                    "login".into(),
                    opt("user", &user),
                    opt("pass-env", saslenc::PASS_ENV),
                ],
                vec![opt("authentication-id", &user), opt("password", &password)],
                // The prompts, base64 of "Username:" and "Password:".
                "VXNlcm5hbWU6\nUGFzc3dvcmQ6\n",
            ),
            Reference::Anonymous => {
                let trace = if empty { "" } else { trace.as_str() };
                (
                    "ANONYMOUS",
                    vec!["anonymous".into(), opt("trace", trace)],
                    vec![opt("anonymous-token", trace)],
                    "\n",
                )
            }
            Reference::External => {
                let mut s: Vec<OsString> = vec!["external".into()];
                let mut g = Vec::new();
                if !empty {
                    s.push(opt("authzid", &authzid));
                    g.push(opt("authorization-id", &authzid));
                }
                ("EXTERNAL", s, g, "\n")
            }
        };
        let ours = saslenc::run(&saslenc_args, Some(&password))?.lines()?;
        let mut theirs = gsasl::client(mechanism, &gsasl_options, input)?;
        // gsasl echoes one line per input line; only the client's messages
        // count (PLAIN, ANONYMOUS, EXTERNAL: 1; LOGIN: 2).
        theirs.truncate(ours.len());
        let ours_normalised: Vec<&str> =
            ours.iter().map(|l| saslenc::initial_response(l)).collect();
        if ours_normalised == theirs {
            Ok(())
        } else {
            Err(format!(
                "{} case {case}: user {user:?}, password {password:?}, authzid {authzid:?}, \
                 trace {trace:?}, empty {empty}:\n  saslenc {ours:?}\n  gsasl   {theirs:?}",
                self.label()
            ))
        }
    }
}

// ---------------------------------------------------------------------------
// gsasl --server on the other side
// ---------------------------------------------------------------------------

/// CRAM-MD5: gsasl's server sends a challenge; saslenc's one-shot answer to
/// it must equal gsasl's client's byte for byte, and gsasl's server must
/// accept it (or refuse it, for a wrong password).
fn cram_md5(seed: u64, case: usize) -> Result<(), String> {
    let mut rng = Rng::for_case(seed, 100, case);
    let user = value(&mut rng, Pool::PrepStable, 200);
    let password = value(&mut rng, Pool::PrepStable, 200);
    let wrong = case % WRONG_EVERY == WRONG_EVERY - 1;
    let client_password = if wrong {
        format!("{password}x")
    } else {
        password.clone()
    };

    let mut server = Server::spawn("CRAM-MD5", &password, &[])?;
    let challenge = server.read_line()?;
    let ours = saslenc::run(
        &[
            "cram-md5".into(),
            opt("user", &user),
            opt("pass-env", saslenc::PASS_ENV),
            opt("challenge", &challenge),
        ],
        Some(&client_password),
    )?
    .lines()?;
    let theirs = gsasl::client(
        "CRAM-MD5",
        &[
            opt("authentication-id", &user),
            opt("password", &client_password),
        ],
        &format!("{challenge}\n\n"),
    )?;
    let context =
        || format!("CRAM-MD5 case {case}: user {user:?}, password {password:?}, wrong {wrong}");
    // gsasl: an empty first output (server-first), then the response.
    if theirs.get(1) != ours.first() || ours.len() != 1 {
        return Err(format!(
            "{}:\n  saslenc {ours:?}\n  gsasl   {theirs:?}",
            context()
        ));
    }
    server.write_line(&ours[0])?;
    // The client's final, empty line; a server that refused has exited and
    // may no longer read it.
    let _ = server.write_line("");
    let exit = server.finish()?;
    match (wrong, exit) {
        (false, Some(0)) | (true, Some(1)) => Ok(()),
        _ => Err(format!(
            "{}: gsasl --server exited {exit:?}; {}",
            context(),
            server.describe()
        )),
    }
}

/// SCRAM: a whole exchange between saslenc's conversation mode and
/// `gsasl --server`. `server_password` is the password gsasl knows.
fn scram(
    mechanism: &str,
    user: &str,
    client_password: &str,
    server_password: &str,
    expect_success: bool,
) -> Result<(), String> {
    let subcommand = mechanism.to_ascii_lowercase();
    let mut server = Server::spawn(mechanism, server_password, &[])?;
    let mut client = Conversation::spawn(
        &[
            subcommand.into(),
            opt("user", user),
            opt("pass-env", saslenc::PASS_ENV),
        ],
        Some(client_password),
        "",
    )?;
    let report = |what: String, server: &Server, client: &Conversation| {
        format!(
            "{mechanism}: user {user:?}, client password {client_password:?}, server password \
             {server_password:?}: {what}\n  {}\n  {}",
            client.describe(),
            server.describe()
        )
    };

    // gsasl's server prints an empty line first: it waits for client-first.
    let first = server.read_line()?;
    if !first.is_empty() {
        return Err(report(
            format!("gsasl's first output {first:?}"),
            &server,
            &client,
        ));
    }
    let client_first = client.read_line()?;
    server.write_line(&client_first)?;
    let server_first = server.read_line()?;
    client.write_line(&server_first)?;
    let client_final = client.read_line()?;
    server.write_line(&client_final)?;
    // On success gsasl prints server-final (v=...); on failure nothing, and
    // it exits 1.
    let server_final = server.read_line().ok();
    if let Some(server_final) = &server_final {
        client.write_line(server_final)?;
        let last = client.read_line()?; // empty: nothing more to say
        let _ = server.write_line(&last);
    }
    let server_exit = server.finish()?;
    // The verdict, as a POP3 server would put it: gsasl's exit status.
    let verdict = if server_exit == Some(0) {
        "+OK accepted by gsasl --server"
    } else {
        "-ERR refused by gsasl --server"
    };
    let client_exit = client.finish(verdict)?;
    let want = if expect_success { Some(0) } else { Some(1) };
    if server_exit == want && client_exit == want {
        Ok(())
    } else {
        Err(report(
            format!(
                "gsasl --server exited {server_exit:?}, saslenc {client_exit:?}, expected {want:?}"
            ),
            &server,
            &client,
        ))
    }
}

fn scram_case(mechanism: &'static str, stream: u64, seed: u64, case: usize) -> Result<(), String> {
    let mut rng = Rng::for_case(seed, stream, case);
    let user = value(&mut rng, Pool::Prep, 200);
    let password = value(&mut rng, Pool::Prep, 200);
    if case % WRONG_EVERY == WRONG_EVERY - 1 {
        scram(mechanism, &user, &format!("{password}x"), &password, false)
    } else {
        scram(mechanism, &user, &password, &password, true)
    }
    .map_err(|e| format!("case {case}: {e}"))
}

/// Passwords that only SASLprep makes equal: saslenc sends the left one,
/// gsasl's server knows the right one (RFC 4013 section 2: soft hyphen maps
/// to nothing, no-break space to space, NFKC for the rest).
const SASLPREP_PAIRS: &[(&str, &str)] = &[
    ("I\u{ad}X", "IX"),
    ("\u{fb01}ve", "five"),
    ("\u{2168}", "IX"),
    ("a\u{a0}b", "a b"),
    ("gru\u{308}n", "gr\u{fc}n"),
];

// ---------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------

/// Runs `check(0..cases)` on [`WORKERS`] threads; returns the failures.
fn run_parallel(cases: usize, check: impl Fn(usize) -> Result<(), String> + Sync) -> Vec<String> {
    let next = Mutex::new(0..cases);
    let failures = Mutex::new(Vec::new());
    thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let case = next.lock().expect("case counter").next();
                let Some(case) = case else { break };
                if let Err(e) = check(case) {
                    failures.lock().expect("failures lock").push(e);
                }
            });
        }
    });
    failures.into_inner().expect("failures lock")
}

#[test]
fn gsasl() {
    if !peers::available("gsasl", gsasl::availability()) {
        return;
    }
    let seed = match std::env::var("SASLENC_INTEROP_SEED") {
        Ok(s) => u64::from_str_radix(s.trim_start_matches("0x"), 16)
            .expect("SASLENC_INTEROP_SEED is a hexadecimal number"),
        Err(_) => SEED,
    };
    let started = Instant::now();
    let mut passed = 0;
    let mut failures = Vec::new();
    // "byte for byte" and "verified by gsasl --server" counts, for the summary.
    let (mut compared, mut verified) = (Vec::new(), Vec::new());
    let mut tally = |cases: usize, found: Vec<String>| {
        passed += cases - found.len();
        failures.extend(found);
    };

    for reference in Reference::ALL {
        let found = run_parallel(BYTE_FOR_BYTE_CASES, |case| reference.check(seed, case));
        tally(BYTE_FOR_BYTE_CASES, found);
        compared.push(format!("{} {BYTE_FOR_BYTE_CASES}", reference.label()));
    }
    tally(
        CRAM_MD5_CASES,
        run_parallel(CRAM_MD5_CASES, |case| cram_md5(seed, case)),
    );
    compared.push(format!("CRAM-MD5 {CRAM_MD5_CASES}"));
    verified.push(format!("CRAM-MD5 {CRAM_MD5_CASES}"));
    for (stream, mechanism) in [(200, "SCRAM-SHA-1"), (300, "SCRAM-SHA-256")] {
        let found = run_parallel(SCRAM_CASES, |case| {
            scram_case(mechanism, stream, seed, case)
        });
        tally(SCRAM_CASES, found);
        let found = run_parallel(SASLPREP_PAIRS.len(), |case| {
            let (client, server) = SASLPREP_PAIRS[case];
            scram(mechanism, "user", client, server, true)
        });
        tally(SASLPREP_PAIRS.len(), found);
        verified.push(format!(
            "{mechanism} {SCRAM_CASES} + {} SASLprep pairs",
            SASLPREP_PAIRS.len()
        ));
    }

    let version = gsasl::version().unwrap_or_else(|e| e);
    peers::summary(
        "gsasl",
        passed,
        failures.len(),
        &format!(
            "{version}; byte for byte: {}; verified by gsasl --server: {}; seed {seed:#x}; {:.1?}",
            compared.join(", "),
            verified.join(", "),
            started.elapsed(),
        ),
    );
    if !failures.is_empty() {
        let shown = failures.len().min(20);
        panic!(
            "{} gsasl cases failed; the first {shown}:\n\n{}",
            failures.len(),
            failures[..shown].join("\n\n")
        );
    }
}
