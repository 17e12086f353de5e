//! `secret verify` works for a bounded time: counts above what `secret`
//! makes need `--max-iterations`, refused before any derivation, and
//! stored secrets are bounded in length by shape.

use crate::common::saslenc;
use predicates::prelude::*;

/// passlib's documented example (passlib.hash.scram, "Usage") for the
/// password "password", 6400 iterations.
const PASSLIB: &str = "$scram$6400$.Z/znnNOKWUsBaCU$sha-1=cRseQyJpnuPGn3e6d6u6JdJWk.0,\
                       sha-256=5GcjEbRaUIIci1r6NAMdI9OPZbxl9S5CFR6la9CHXYc";

/// A well-formed SCRAM-SHA-512 secret (its keys are no password's) of
/// `iterations`.
fn sha512_of(iterations: u64) -> String {
    let key = format!("{}==", "A".repeat(86));
    format!("{{SCRAM-SHA-512}}{iterations},AAECAwQFBgcICQoLDA0ODw==,{key},{key}")
}

/// 4,294,967,295 iterations of SHA-512 would take over half an hour: the
/// test finishes only because the secret is refused before PBKDF2 starts,
/// with one line naming the count and the flag, exit status 3.
#[test]
fn verify_refuses_huge_iteration_counts_at_once() {
    for stored in [
        sha512_of(4_294_967_295),
        format!(
            "$scram$4294967295$.Z/znnNOKWUsBaCU$sha-256={}",
            "A".repeat(43)
        ),
    ] {
        let out = saslenc()
            .args(["secret", "verify", &stored, "--pass", "pencil"])
            .assert()
            .code(3)
            .stdout("")
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("4294967295 PBKDF2 iterations"), "{err}");
        assert!(err.contains("above the 10000000 allowed"), "{err}");
        assert!(err.contains("--max-iterations 4294967295"), "{err}");
        assert!(!err.contains("pencil"), "{err}");
    }
}

/// The same from standard input, and with a SASLprep-changed password
/// (which would be derived twice).
#[test]
fn verify_refuses_huge_iteration_counts_from_stdin() {
    saslenc()
        .args(["secret", "verify", "-", "--pass", "pen\u{ad}cil"])
        .write_stdin(format!("alice:{}::::\n", sha512_of(4_294_967_295)))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--max-iterations 4294967295"));
}

/// `--max-iterations` bounds in both directions: a lower bound refuses
/// passlib's example of 6400 iterations, a bound at its count checks it.
#[test]
fn max_iterations_sets_the_bound() {
    saslenc()
        .args([
            "secret",
            "verify",
            PASSLIB,
            "--pass",
            "password",
            "--max-iterations",
            "6399",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "asks for 6400 PBKDF2 iterations, above the 6399 allowed; give --max-iterations 6400",
        ));
    saslenc()
        .args([
            "secret",
            "verify",
            PASSLIB,
            "--pass",
            "password",
            "--max-iterations",
            "6400",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("match: "));
    saslenc()
        .args([
            "secret",
            "verify",
            PASSLIB,
            "--pass",
            "password!",
            "--max-iterations",
            "6400",
        ])
        .assert()
        .code(1);
    // 0 is no bound: a usage error.
    saslenc()
        .args([
            "secret",
            "verify",
            PASSLIB,
            "--pass",
            "password",
            "--max-iterations",
            "0",
        ])
        .assert()
        .code(2);
}

/// Just above the default bound is refused too (the flag lifts it; that
/// check is not run here for its cost).
#[test]
fn default_bound_is_what_secret_makes() {
    saslenc()
        .args(["secret", "verify", &sha512_of(10_000_001), "--pass", "p"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("--max-iterations 10000001"));
}

/// A SCRAM verifier longer than 8 KiB is refused, saying how long it is.
#[test]
fn verify_refuses_overlong_verifiers() {
    let key = format!("{}=", "A".repeat(43));
    let stored = format!("SCRAM-SHA-256$4096:{}${key}:{key}", "A".repeat(12_000));
    saslenc()
        .args(["secret", "verify", &stored, "--pass", "p"])
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("SCRAM verifier is").and(predicate::str::contains("8192")),
        );
}
