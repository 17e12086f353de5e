//! Whether the real peers are here, what happens when they are not, and the
//! one summary line each peer's test prints.
//!
//! A missing peer (no `dovecot` or `gsasl`, no `openssl`, not root, no mail
//! system user) makes its test print `interop <peer>: skipped: <reason>` and
//! pass, so that `cargo test` works on any machine. Under CI (`CI` set to
//! anything but `false`/`0`) or with `SASLENC_REQUIRE_INTEROP=1` the same
//! situation is a test failure: CI must prove, never skip.
//!
//! `SASLENC_INTEROP_HIDE=dovecot,gsasl` makes the suite behave as if those
//! peers were not installed, to check the skip path on a machine that has
//! them.
//!
//! The skip and summary lines are written straight to the process's
//! standard error, not through `eprintln!`, which libtest captures for
//! passing tests: they show in a plain `cargo test` run, while the
//! details (transcripts of failures) stay in the test's captured output.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Mutex;

/// Peers whose skip line was printed (several tests need the same peer).
static SKIPPED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Makes a missing peer a failure, as `CI=true` does.
const REQUIRE_ENV: &str = "SASLENC_REQUIRE_INTEROP";
/// Comma-separated peers to treat as missing.
const HIDE_ENV: &str = "SASLENC_INTEROP_HIDE";

/// Whether a missing peer fails the test (CI) instead of skipping it.
pub fn required() -> bool {
    let set = |name: &str| {
        std::env::var(name).is_ok_and(|v| {
            let v = v.trim();
            !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")
        })
    };
    set("CI") || set(REQUIRE_ENV)
}

/// `Err` if `peer` is hidden by [`HIDE_ENV`].
pub fn not_hidden(peer: &str) -> Result<(), String> {
    let hidden = std::env::var(HIDE_ENV).unwrap_or_default();
    if hidden.split(',').any(|p| p.trim() == peer) {
        Err(format!("hidden by {HIDE_ENV}={hidden}"))
    } else {
        Ok(())
    }
}

/// Checks a peer: `true` if the test can run. Otherwise prints the skip
/// line and returns `false`, or panics under CI.
pub fn available(peer: &str, check: Result<(), String>) -> bool {
    match check.and_then(|()| not_hidden(peer)) {
        Ok(()) => true,
        Err(reason) if required() => panic!(
            "interop {peer}: required (CI or {REQUIRE_ENV} is set) but unavailable: {reason}"
        ),
        Err(reason) => {
            let first = SKIPPED
                .lock()
                .map(|mut seen| seen.insert(peer.to_string()))
                .unwrap_or(true);
            if first {
                say(&format!("interop {peer}: skipped: {reason}"));
            }
            false
        }
    }
}

/// Prints `interop <peer>: N passed, M failed (<details>)`.
pub fn summary(peer: &str, passed: usize, failed: usize, details: &str) {
    say(&format!(
        "interop {peer}: {passed} passed, {failed} failed ({details})"
    ));
}

/// One line on the real standard error, past libtest's capture.
pub fn say(line: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}
