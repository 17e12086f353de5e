//! A stored SCRAM-SHA-256 secret for Dovecot's passdb, made from a
//! password and then checked against it (and against a wrong one).
//!
//! `cargo run --example stored_secret`

use saslenc::stored::{verify, Format, Prep, Scheme, ScramHash, Spec};

fn main() -> Result<(), saslenc::Error> {
    let spec = Spec::new(Scheme::Scram(ScramHash::Sha256), Format::Dovecot)?;
    let made = spec.make(None, b"tanstaaftanstaaf")?;
    println!("{}", &*made.text);
    assert!(
        made.text.starts_with("{SCRAM-SHA-256}4096,"),
        "{}",
        &*made.text
    );

    let verified = verify(&made.text, b"tanstaaftanstaaf", Prep::SaslPrep)?;
    println!("the password matches the {} secret", verified.scheme);
    assert!(verify(&made.text, b"wrong", Prep::SaslPrep).is_err());
    println!("a wrong password does not");
    Ok(())
}
