//! The `saslenc` binary, one module a subcommand or concern.

mod client_cert;
mod common;
mod completions;
mod connect;
mod conversation;
mod cram_md5;
mod decode;
mod decode_expected;
mod digest_md5;
#[path = "../shared/doc_examples.rs"]
mod doc_examples;
mod explain;
mod external_anonymous;
mod help;
mod login;
mod ntlm;
mod oauth;
#[path = "../shared/pki.rs"]
mod pki;
mod plain;
mod readme;
mod rfc_vectors;
mod scram;
mod secret;
#[path = "../shared/secret_forms.rs"]
mod secret_forms;
mod secrets;
mod serve;
mod serve_run;
mod streams;
mod token;
mod verdicts;
mod verify_bounds;
