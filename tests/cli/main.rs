//! The `saslenc` binary, one module a subcommand or concern.

mod common;
mod decode;
mod explain;
mod help;
