//! The `saslenc` binary, one module a subcommand or concern.

mod common;
mod connect;
mod conversation;
mod cram_md5;
mod decode;
mod explain;
mod external_anonymous;
mod help;
mod login;
mod oauth;
mod plain;
mod rfc_vectors;
mod scram;
mod secret;
mod secrets;
mod streams;
mod token;
mod verdicts;
mod verify_bounds;
