use crate::commands::Error;
use saslenc::mech::{Anonymous, Messages};

use super::{finish, text};
use crate::cli::AnonymousArgs;

pub fn run(args: AnonymousArgs) -> Result<(), Error> {
    let trace = match &args.trace {
        Some(trace) => text("trace", trace)?,
        None => "",
    };
    let mut anonymous = Anonymous::new(trace)?;
    let exchange = Messages::run(&mut anonymous, &[])?;
    finish(&anonymous, &exchange, &[], &args.output)
}
