//! The one place the binary decides its exit status, from the library's
//! typed outcome ([`ErrorClass`]). `--help`, the README's table and
//! docs/connect.md say the same, and the tests walk the README's table
//! against what runs return.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | the server refused the credentials; a stored secret does not match; a token check failed; a decoded credential does not carry the expected one |
//! | 2 | usage error |
//! | 3 | data error |
//! | 4 | I/O error |
//! | 5 | cannot connect, or timed out |
//! | 6 | TLS handshake or certificate failure |
//! | 7 | no usable mechanism, or the server cannot use it here |
//! | 8 | temporary failure |
//! | 9 | protocol error, or the command itself refused |

use saslenc::ErrorClass;

/// The process exit status for a failure of `class`.
pub(crate) fn code(class: ErrorClass) -> u8 {
    match class {
        ErrorClass::Verdict => 1,
        ErrorClass::Usage => 2,
        ErrorClass::Data => 3,
        ErrorClass::Io => 4,
        ErrorClass::Connect => 5,
        ErrorClass::Tls => 6,
        ErrorClass::Unsupported => 7,
        ErrorClass::TempFail => 8,
        ErrorClass::Protocol => 9,
    }
}
