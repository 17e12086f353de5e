//! The `saslenc` binary, one module a subcommand or concern.

mod common;
mod external_anonymous;
mod oauth;
mod rfc_vectors;
