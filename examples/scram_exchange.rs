//! A SCRAM-SHA-256 client exchange step by step, on the example of
//! RFC 7677 section 3 (user "user", password "pencil", its fixed client
//! nonce), checking the server's signature at the end.
//!
//! `cargo run --example scram_exchange`

use saslenc::mech::scram::Prep;
use saslenc::mech::{Mechanism, Scram, ScramHash};

fn main() -> Result<(), saslenc::Error> {
    let mut scram = Scram::new(
        ScramHash::Sha256,
        "",
        "user",
        "pencil",
        "rOprNGfwEbeRWgbNEkqO",
        Prep::SaslPrep,
    )?;
    let client_first = scram.initial()?.expect("SCRAM speaks first");
    assert_eq!(&client_first[..], b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    println!("C: {}", String::from_utf8_lossy(&client_first));

    let server_first = b"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    println!("S: {}", String::from_utf8_lossy(server_first));
    let client_final = scram.respond(server_first)?;
    assert_eq!(
        &client_final[..],
        &b"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="[..]
    );
    println!("C: {}", String::from_utf8_lossy(&client_final));

    // The server proves it knows the password too; a wrong signature
    // would be an error here.
    let server_final = b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    println!("S: {}", String::from_utf8_lossy(server_final));
    let last = scram.respond(server_final)?;
    assert!(last.is_empty() && scram.is_complete());
    println!("the server's signature verifies");
    Ok(())
}
