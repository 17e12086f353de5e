//! What the command line needs from the operating system and the library
//! leaves to it: the standard descriptors as they were at start-up, an
//! inherited descriptor taken by its number (`--pass-fd N`), the no-echo
//! prompt on the terminal, and `serve`'s wait on its listening sockets.
//!
//! This is the binary's Unix-specific code, in one place, with two
//! others: `commands/output_file.rs`, which replaces an output file keeping
//! its owner and mode (and removes its temporary file on SIGINT, SIGTERM
//! and SIGHUP), and `serve`'s SIGINT, SIGTERM and SIGHUP handlers. `lock` is the
//! advisory lock on an output file written in place. The
//! library reads secrets from files, variables and commands only, and
//! never touches a descriptor number, `/proc` or the terminal.

pub mod fd;
#[cfg(feature = "net")]
pub mod listen;
pub mod lock;
pub mod streams;
pub mod tty;
