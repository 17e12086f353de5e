use saslenc::mech::{Exchange, External};
use saslenc::Error;

use super::{finish, text};
use crate::cli::ExternalArgs;

pub fn run(args: ExternalArgs) -> Result<(), Error> {
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let mut external = External::new(authzid)?;
    let exchange = Exchange::run(&mut external, &[])?;
    finish(&external, &exchange, &[], &args.output)
}
