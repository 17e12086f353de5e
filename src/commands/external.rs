use crate::commands::Error;
use saslenc::mech::{External, Messages};

use super::{finish, text};
use crate::cli::ExternalArgs;

pub fn run(args: ExternalArgs) -> Result<(), Error> {
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let mut external = External::new(authzid)?;
    let exchange = Messages::run(&mut external, &[])?;
    finish(&external, &exchange, &[], &args.output)
}
