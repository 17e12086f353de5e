//! A PLAIN credential (RFC 4616), as `AUTH PLAIN` carries it.
//!
//! `cargo run --example plain`

use saslenc::mech::{Credentials, Kind, Messages};
use saslenc::protocol::{render, Protocol};

fn main() -> Result<(), saslenc::Error> {
    let credentials = Credentials::password("tim", "tanstaaftanstaaf");
    let mut plain = Kind::Plain.client(&credentials)?;
    let messages = Messages::run(&mut *plain, &[])?;
    let line = render(&messages, Some(Protocol::Smtp));
    assert_eq!(&*line, "AUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    println!("{}", &*line);
    Ok(())
}
