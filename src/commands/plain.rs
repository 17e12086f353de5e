use crate::commands::Error;
use saslenc::mech::{Messages, Plain};

use super::{finish, read_password, text};
use crate::cli::PlainArgs;

pub fn run(args: PlainArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let password = read_password(args.password, user, false)?;
    let mut plain = Plain::new(
        authzid,
        user,
        password.as_text("password")?,
        args.encoding.charset.into(),
    )?;
    let exchange = Messages::run(&mut plain, &[])?;
    finish(&plain, &exchange, &[], &args.output)
}
