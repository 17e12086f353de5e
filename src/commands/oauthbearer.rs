use saslenc::mech::{Exchange, OAuthBearer};
use saslenc::Error;

use super::{converse, finish, read_token, text};
use crate::cli::OauthbearerArgs;

pub fn run(args: OauthbearerArgs) -> Result<(), Error> {
    let user = text("user", &args.user)?;
    let host = args.host.as_deref().map(|h| text("host", h)).transpose()?;
    let token = read_token(args.token, user, args.conversation.interactive)?;
    let mut bearer = OAuthBearer::new(user, host, args.port, token.as_text("token")?)?;
    if args.conversation.interactive {
        converse(&mut bearer, &args.output)
    } else {
        let exchange = Exchange::run(&mut bearer, &[])?;
        finish(&bearer, &exchange, &[], &args.output)
    }
}
