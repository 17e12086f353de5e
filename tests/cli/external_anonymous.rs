//! `saslenc external` and `saslenc anonymous`.

use predicates::prelude::*;

use crate::common::saslenc;

#[test]
fn external_without_authzid_is_an_explained_equals_sign() {
    saslenc()
        .arg("external")
        .assert()
        .success()
        .stdout("=\n")
        .stderr(predicate::str::contains("empty initial response"));
    saslenc()
        .args(["external", "--protocol", "imap"])
        .assert()
        .success()
        .stdout("A1 AUTHENTICATE EXTERNAL =\n");
}

#[test]
fn external_with_authzid() {
    saslenc()
        .args(["external", "--authzid", "shared@example.com", "-P", "smtp"])
        .assert()
        .success()
        .stdout("AUTH EXTERNAL c2hhcmVkQGV4YW1wbGUuY29t\n")
        .stderr("");
}

#[test]
fn anonymous_rfc4505_section4_trace() {
    // RFC 4505 section 4: the client sends the trace "sirhc".
    saslenc()
        .args(["anonymous", "--trace", "sirhc"])
        .assert()
        .success()
        .stdout("c2lyaGM=\n");
    saslenc()
        .args(["anonymous", "-P", "pop3"])
        .assert()
        .success()
        .stdout("AUTH ANONYMOUS =\n");
}

#[test]
fn anonymous_refuses_a_long_trace() {
    saslenc()
        .args(["anonymous", "--trace"])
        .arg("x".repeat(256))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("255"));
}

/// `decode` and `--explain` say where EXTERNAL's identity comes from:
/// the message is no credential.
#[test]
fn external_says_the_identity_is_the_client_certificates() {
    let said = "the identity is the TLS client certificate's";
    for line in ["AUTH EXTERNAL YWxpY2U=", "A1 AUTHENTICATE EXTERNAL ="] {
        saslenc()
            .args(["decode", line])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "  note: EXTERNAL carries no credential: {said}"
            )));
    }
    // Another mechanism's message has no such note.
    saslenc()
        .args(["decode", "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm"])
        .assert()
        .success()
        .stdout(predicate::str::contains(said).not());
    saslenc()
        .args(["external", "--authzid", "alice", "--explain"])
        .assert()
        .success()
        .stdout("YWxpY2U=\n")
        .stderr(predicate::str::contains(said));
}
