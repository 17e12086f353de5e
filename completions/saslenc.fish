# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_saslenc_global_optspecs
    string join \n h/help V/version
end

function __fish_saslenc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_saslenc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_saslenc_using_subcommand
    set -l cmd (__fish_saslenc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c saslenc -n "__fish_saslenc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_needs_command" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "plain" -d 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "login" -d 'AUTH LOGIN: the user name, then the password, each on its own line'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "cram-md5" -d 'AUTH CRAM-MD5 (RFC 2195): answer the server\'s challenge'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "decode" -d 'Decode base64 from a server or client line and show every byte'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "completions" -d 'Print shell completions or the man page, or write them all'
complete -c saslenc -n "__fish_saslenc_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s u -l user -d 'The user to authenticate as (the authcid)' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s z -l authzid -d 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand plain" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s u -l user -d 'The user name' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand login" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s u -l user -d 'The user name' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s c -l challenge -d 'The server\'s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass -d 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-file -d 'Read the password from a file; one trailing line end is removed' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-env -d 'Read the password from this environment variable, as is' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-fd -d 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed' -r
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l charset -d 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it' -r -f -a "utf-8\t'UTF-8 (RFC 4616, RFC 4422)'
latin1\t'ISO-8859-1, one byte a character'"
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s P -l protocol -d 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order' -r -f -a "smtp\t'SMTP: AUTH <MECH> [<base64>]'
imap\t'IMAP with SASL-IR: A1 AUTHENTICATE <MECH> [<base64>]'
pop3\t'POP3: AUTH <MECH> [<base64>]'"
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l pass-stdin -d 'Read the password from standard input, to end of file; one trailing line end is removed'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s n -l no-newline -d 'Do not print a newline after the last line'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l explain -d 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -l show-secrets -d 'Show the password and other secrets in the --explain output'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand cram-md5" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l json -d 'Print one JSON object per input, one a line: form, sender, mechanism, fields (masked ones with a null value), the escaped text and the bytes as hex (each masked byte as `**`)'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -l show-secrets -d 'Show passwords, tokens, digests and proofs instead of masking them'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand decode" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s d -l dir -d 'Write the completions for every shell and the man page into this directory, under the names the source tree keeps them' -r -F
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c saslenc -n "__fish_saslenc_using_subcommand completions" -s V -l version -d 'Print version'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "plain" -d 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "login" -d 'AUTH LOGIN: the user name, then the password, each on its own line'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "cram-md5" -d 'AUTH CRAM-MD5 (RFC 2195): answer the server\'s challenge'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "decode" -d 'Decode base64 from a server or client line and show every byte'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "completions" -d 'Print shell completions or the man page, or write them all'
complete -c saslenc -n "__fish_saslenc_using_subcommand help; and not __fish_seen_subcommand_from plain login cram-md5 decode completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
