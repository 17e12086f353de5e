//! The `saslenc` binary, one module a subcommand or concern.

mod common;
mod conversation;
mod external_anonymous;
mod oauth;
mod rfc_vectors;
mod scram;
