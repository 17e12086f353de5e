//! SCRAM's `-PLUS` mechanisms (RFC 5802 section 6) have no published
//! vectors: the property that defines them is that a client and a server
//! built from the same channel binding data always agree, and that a
//! change of any one byte of the server's view makes it refuse the login
//! as data from another connection.

use proptest::prelude::*;
use saslenc::mech::scram::{Prep, Scram, ScramHash};
use saslenc::mech::server::{BindingRefusal, Refusal, Server, Step};
use saslenc::mech::{Binding, BindingType, ChannelBinding, Kind, Mechanism};
use saslenc::serve::accounts::Accounts;
use saslenc::Secret;

/// The refusal of a `-PLUS` login whose client binds to `client` and
/// whose server sees `server`; `None` when it is accepted and the client
/// verifies the server's signature.
fn login(hash: ScramHash, client: ChannelBinding, server: ChannelBinding) -> Option<Refusal> {
    let accounts = Accounts::single("user", Some(Secret::new(b"pencil".to_vec())), None);
    let mut scram = Scram::new(
        hash,
        "",
        "user",
        "pencil",
        "fyko+d2lbbFgONRv9qkxdawL",
        Prep::SaslPrep,
    )
    .unwrap()
    .with_binding(Binding::Bound(client));
    let mut side = Server::new(Kind::ScramPlus(hash), &accounts).with_channel(vec![server]);
    let first = scram.initial().unwrap().unwrap();
    let Step::Challenge(server_first) = side.start(Some(&first)) else {
        panic!("client-first refused");
    };
    let last = scram.respond(&server_first).unwrap();
    match side.respond(&last) {
        Step::Success {
            additional: Some(server_final),
            ..
        } => {
            scram.success(Some(&server_final)).unwrap();
            assert!(scram.is_complete());
            None
        }
        Step::Failure(failure) => Some(failure.refusal),
        _ => panic!("neither success with server-final nor failure"),
    }
}

fn binding_type() -> impl Strategy<Value = BindingType> {
    prop_oneof![
        Just(BindingType::TlsExporter),
        Just(BindingType::TlsServerEndPoint)
    ]
}

proptest! {
    // Each case runs two whole exchanges.
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_same_channel_agrees_and_any_changed_byte_does_not(
        binding_type in binding_type(),
        data in proptest::collection::vec(any::<u8>(), 32),
        at in 0usize..32,
        flip in 1u8..=255,
        sha1 in any::<bool>(),
    ) {
        let hash = if sha1 { ScramHash::Sha1 } else { ScramHash::Sha256 };
        let ours = ChannelBinding::new(binding_type, data.clone()).unwrap();
        prop_assert_eq!(login(hash, ours.clone(), ours.clone()), None);
        let mut other = data;
        other[at] ^= flip;
        let theirs = ChannelBinding::new(binding_type, other).unwrap();
        prop_assert_eq!(
            login(hash, ours, theirs),
            Some(Refusal::ChannelBinding(BindingRefusal::OtherConnection))
        );
    }
}
