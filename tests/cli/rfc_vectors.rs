//! Published examples, reproduced byte for byte.

use crate::common::saslenc;

/// RFC 7628 section 4.1: the IMAP OAUTHBEARER exchange's initial client
/// response, as printed in the RFC.
#[test]
fn rfc7628_section_4_1_oauthbearer() {
    saslenc()
        .args([
            "oauthbearer",
            "--user",
            "user@example.com",
            "--host",
            "server.example.com",
            "--port",
            "143",
            "--token",
            "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
            "--protocol",
            "imap",
        ])
        .assert()
        .success()
        .stdout(
            "A1 AUTHENTICATE OAUTHBEARER bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB\n",
        );
}
