//! The `saslenc` binary, one module a subcommand or concern.

mod common;
mod cram_md5;
mod login;
mod plain;
mod secrets;
