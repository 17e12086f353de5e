//! The `connect` examples of README.md and docs/ (`console` blocks) run
//! as shown against the test Dovecot: `localhost:20993` in an example is
//! its implicit-TLS IMAP port, `cert.pem` its certificate, and `PASS` is
//! `pencil`, the password of `user`. The other examples run in the
//! command-line tests (`tests/cli/readme.rs`).

use crate::doc_examples;
use crate::dovecot::{Dovecot, Listener, Service};

/// The address the examples show.
const SHOWN: &str = "localhost:20993";

#[test]
fn documented_connect_examples_print_what_the_documentation_says() {
    if !crate::dovecot_tests::available() {
        return;
    }
    let dovecot = Dovecot::start().unwrap_or_else(|e| panic!("cannot start Dovecot: {e}"));
    let real = format!(
        "localhost:{}",
        dovecot.port(Service::Imap, Listener::ImplicitTls)
    );
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::copy(dovecot.ca_cert(), dir.path().join("cert.pem")).unwrap();
    let bin = crate::saslenc::binary().parent().unwrap();

    let mut failures = Vec::new();
    let mut ran = 0;
    for mut example in doc_examples::all() {
        if !example.command.contains("saslenc connect") {
            continue;
        }
        ran += 1;
        // The port is Dovecot's: run with it, and compare with it shown
        // as the documentation shows it.
        example.command = example.command.replace(SHOWN, &real);
        for line in &mut example.expected {
            *line = line.replace(SHOWN, &real);
        }
        if let Err(e) = doc_examples::run(&example, dir.path(), bin, &[("PASS", "pencil")]) {
            failures.push(e.replace(&real, SHOWN));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 2, "only {ran} connect examples found");
}
