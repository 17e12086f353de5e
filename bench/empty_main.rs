// The least a Rust program can do: print the PLAIN credential for u/p and
// exit. bench/compare.sh builds it with the same settings as saslenc's
// release profile and times it next to saslenc, so the table shows how much
// of saslenc's start-up is Rust's own runtime and how much is saslenc.

use std::io::Write;

fn main() {
    let _ = std::io::stdout().write_all(b"AHUAcA==\n");
}
