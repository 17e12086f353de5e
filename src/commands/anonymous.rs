use saslenc::mech::{Anonymous, Exchange};
use saslenc::Error;

use super::{print, text};
use crate::cli::AnonymousArgs;

pub fn run(args: AnonymousArgs) -> Result<(), Error> {
    let trace = match &args.trace {
        Some(trace) => text("trace", trace)?,
        None => "",
    };
    let mut anonymous = Anonymous::new(trace)?;
    print(&Exchange::run(&mut anonymous, &[])?, &args.output)
}
