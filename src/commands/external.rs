use saslenc::mech::{Exchange, External};
use saslenc::Error;

use super::{print, text};
use crate::cli::ExternalArgs;

pub fn run(args: ExternalArgs) -> Result<(), Error> {
    let authzid = match &args.authzid {
        Some(authzid) => text("authzid", authzid)?,
        None => "",
    };
    let mut external = External::new(authzid)?;
    print(&Exchange::run(&mut external, &[])?, &args.output)
}
