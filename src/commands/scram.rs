use crate::commands::Error;
use saslenc::mech::scram::{random_nonce, Prep, Scram, ScramHash};
use saslenc::mech::{Binding, BindingType, ChannelBinding, Mechanism, Messages};

use super::{converse, finish, note, pasted_challenge, read_password, text};
use crate::cli::ScramArgs;

pub fn run(hash: ScramHash, args: ScramArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let nonce = match &args.nonce {
        Some(nonce) => text("nonce", nonce)?.to_owned(),
        None => random_nonce()?,
    };
    let server_first = pasted_challenge("server-first", args.server_first.as_deref())?;
    let server_final = pasted_challenge("server-final", args.server_final.as_deref())?;
    let password = read_password(args.password, user, server_first.is_none())?;
    let prep = if args.no_saslprep {
        Prep::None
    } else {
        Prep::SaslPrep
    };
    let binding = match &args.binding_data {
        Some(data) => Binding::Bound(ChannelBinding::parse(
            args.channel_binding.parse::<BindingType>()?,
            data,
        )?),
        None => Binding::Declined,
    };
    let mut scram = Scram::new(
        hash,
        authzid,
        user,
        password.as_text("password")?,
        &nonce,
        prep,
    )?
    .with_binding(binding);

    let Some(server_first) = server_first else {
        return converse(&mut scram, &args.output);
    };
    // The stateless form: client-first and client-final on stdout, the
    // expected server-final on stderr, and a check of the server's if given.
    let exchange = Messages::run(&mut scram, &[&server_first])?;
    if let Some(expected) = scram.expected_server_final() {
        note(&format!(
            "the server must answer with server-final {} (base64 of {})",
            saslenc::encoding::encode(expected.as_bytes()).as_str(),
            expected.as_str()
        ))?;
    }
    if let Some(server_final) = server_final {
        scram.respond(&server_final)?;
        scram.success(None)?;
        note("server-final verified: the server knows the password")?;
    }
    finish(&scram, &exchange, &[&server_first], &args.output)
}
