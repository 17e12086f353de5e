
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'saslenc' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'saslenc'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'saslenc' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('plain', 'plain', [CompletionResultType]::ParameterValue, 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'AUTH LOGIN: the user name, then the password, each on its own line')
            [CompletionResult]::new('cram-md5', 'cram-md5', [CompletionResultType]::ParameterValue, 'AUTH CRAM-MD5 (RFC 2195): answer the server''s challenge')
            [CompletionResult]::new('digest-md5', 'digest-md5', [CompletionResultType]::ParameterValue, 'AUTH DIGEST-MD5 (RFC 2831, historic): answer the challenge, check rspauth')
            [CompletionResult]::new('ntlm', 'ntlm', [CompletionResultType]::ParameterValue, 'AUTH NTLM (MS-NLMP, being retired): NEGOTIATE, then the NTLMv2 answer')
            [CompletionResult]::new('xoauth2', 'xoauth2', [CompletionResultType]::ParameterValue, 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token')
            [CompletionResult]::new('oauthbearer', 'oauthbearer', [CompletionResultType]::ParameterValue, 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism')
            [CompletionResult]::new('scram-sha-1', 'scram-sha-1', [CompletionResultType]::ParameterValue, 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself')
            [CompletionResult]::new('scram-sha-256', 'scram-sha-256', [CompletionResultType]::ParameterValue, 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself')
            [CompletionResult]::new('external', 'external', [CompletionResultType]::ParameterValue, 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket')
            [CompletionResult]::new('anonymous', 'anonymous', [CompletionResultType]::ParameterValue, 'AUTH ANONYMOUS (RFC 4505): optional trace information only')
            [CompletionResult]::new('mechanisms', 'mechanisms', [CompletionResultType]::ParameterValue, 'List every mechanism with its RFC and when to use it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every mechanism with its RFC and when to use it')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Decode base64 from a server or client line and show every byte')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Read an OAuth access token offline: its claims, and why a mail login with it would fail')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;plain' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user to authenticate as (the authcid)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to authenticate as (the authcid)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the authzid); empty when not given. Some older servers want it equal to the user')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;login' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;cram-md5' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;digest-md5' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the authzid); empty when not given')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the authzid); empty when not given')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The server''s host name, the second half of the digest-uri (`smtp/HOST`, `imap/HOST`, `pop/HOST`; the service is --protocol''s, smtp when not given)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The server''s host name, the second half of the digest-uri (`smtp/HOST`, `imap/HOST`, `pop/HOST`; the service is --protocol''s, smtp when not given)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--cnonce', '--cnonce', [CompletionResultType]::ParameterName, 'The client nonce, to reproduce an exchange (random when not given)')
            [CompletionResult]::new('--digest-encoding', '--digest-encoding', [CompletionResultType]::ParameterName, 'How DIGEST-MD5 hashes a non-ASCII user name, realm or password: utf-8 as typed (what Dovecot checks, and Cyrus SASL too; curl''s way), iso-8859-1 (RFC 2831 section 2.1.2.1: each value ISO 8859-1 can hold converted to it; Cyrus SASL''s client) or iso-8859-1-password (the password alone; GNU SASL''s client and server)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;ntlm' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name; `DOMAIN\\user` (as Windows writes it) also gives the domain')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name; `DOMAIN\\user` (as Windows writes it) also gives the domain')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'The user''s domain (empty when not given, nor in --user)')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'The user''s domain (empty when not given, nor in --user)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'The client''s workstation name (empty when not given)')
            [CompletionResult]::new('--workstation', '--workstation', [CompletionResultType]::ParameterName, 'The client''s workstation name (empty when not given)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The server''s CHALLENGE: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'The server''s CHALLENGE: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal. Without it, saslenc holds the conversation (see --interactive)')
            [CompletionResult]::new('--client-challenge', '--client-challenge', [CompletionResultType]::ParameterName, 'The 8-byte client challenge as 16 hex digits, to reproduce an exchange (random when not given)')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'The timestamp put in the NTLMv2 blob when the server''s target info has none, as a FILETIME (100-nanosecond ticks since 1601-01-01 UTC), to reproduce an exchange (now when not given). A server''s timestamp is always used as sent')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;xoauth2' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The mailbox owner the token was issued for')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The mailbox owner the token was issued for')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;oauthbearer' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user to act as (the GS2 authzid); `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to act as (the GS2 authzid); `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'The server''s host name, sent as host= (left out when not given)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The server''s host name, sent as host= (left out when not given)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The server''s port, sent as port= (left out when not given)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The server''s port, sent as port= (left out when not given)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;scram-sha-1' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name; `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name; `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the GS2 authzid); none when not given')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the GS2 authzid); none when not given')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation')
            [CompletionResult]::new('--server-first', '--server-first', [CompletionResultType]::ParameterName, 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation')
            [CompletionResult]::new('--binding-data', '--binding-data', [CompletionResultType]::ParameterName, 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final''s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)')
            [CompletionResult]::new('--channel-binding', '--channel-binding', [CompletionResultType]::ParameterName, 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server''s certificate)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The server''s final message, to check against the expected server signature (with --server-first)')
            [CompletionResult]::new('--server-final', '--server-final', [CompletionResultType]::ParameterName, 'The server''s final message, to check against the expected server signature (with --server-first)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;scram-sha-256' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name; `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name; `,` and `=` are escaped as `=2C` and `=3D`')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the GS2 authzid); none when not given')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (the GS2 authzid); none when not given')
            [CompletionResult]::new('-N', '-N ', [CompletionResultType]::ParameterName, 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'The client nonce: printable ASCII without `,`. Random (from the operating system) when not given; fix it only for tests and teaching')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation')
            [CompletionResult]::new('--server-first', '--server-first', [CompletionResultType]::ParameterName, 'The server''s first message (base64, or a pasted `334 ...` / `+ ...` line): print client-final without holding a conversation')
            [CompletionResult]::new('--binding-data', '--binding-data', [CompletionResultType]::ParameterName, 'Channel binding data of the TLS connection the messages travel in, hex or base64: makes the mechanism SCRAM-SHA-*-PLUS (GS2 flag `p=TYPE`, the data in client-final''s `c=`). For tls-exporter, print it with `openssl s_client -keymatexport EXPORTER-Channel-Binding -keymatexportlen 32` (TLS 1.3)')
            [CompletionResult]::new('--channel-binding', '--channel-binding', [CompletionResultType]::ParameterName, 'The channel binding type of --binding-data: tls-exporter (RFC 9266, 32 bytes) or tls-server-end-point (RFC 5929, the hash of the server''s certificate)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The server''s final message, to check against the expected server signature (with --server-first)')
            [CompletionResult]::new('--server-final', '--server-final', [CompletionResultType]::ParameterName, 'The server''s final message, to check against the expected server signature (with --server-first)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Send the password and user name as given, without SASLprep (RFC 4013), for servers that skip it')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Hold the conversation: print the first line, then read each server line from standard input (bare base64, or `334 ...` / `+ ...` as pasted) and print the next response, until the server''s verdict')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;external' {
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act as this identity; empty (the identity of the external credentials) when not given')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act as this identity; empty (the identity of the external credentials) when not given')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;anonymous' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Trace information for the server''s log: an email address or up to 255 characters; empty when not given')
            [CompletionResult]::new('--trace', '--trace', [CompletionResultType]::ParameterName, 'Trace information for the server''s log: an email address or up to 255 characters; empty when not given')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. In a conversation (--interactive, or no --challenge or --server-first), each message is explained as it is printed. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;mechanisms' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;list' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;connect' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user to log in as (for ANONYMOUS, the trace information)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to log in as (for ANONYMOUS, the trace information)')
            [CompletionResult]::new('-z', '-z', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)')
            [CompletionResult]::new('--authzid', '--authzid', [CompletionResultType]::ParameterName, 'Act on behalf of this identity (PLAIN, SCRAM, EXTERNAL)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The mechanism, as servers name it (any case): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, ANONYMOUS. Without it, the strongest that both sides have')
            [CompletionResult]::new('--mech', '--mech', [CompletionResultType]::ParameterName, 'The mechanism, as servers name it (any case): SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, EXTERNAL, ANONYMOUS. Without it, the strongest that both sides have')
            [CompletionResult]::new('--channel-binding', '--channel-binding', [CompletionResultType]::ParameterName, 'The channel binding of SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS, which a server offering them is logged in with over TLS: tls-exporter (RFC 9266, TLS 1.3; the default there), tls-server-end-point (RFC 5929, the hash of the server''s certificate; the default on TLS 1.2) or none')
            [CompletionResult]::new('--digest-encoding', '--digest-encoding', [CompletionResultType]::ParameterName, 'How DIGEST-MD5 hashes a non-ASCII user name, realm or password: utf-8 as typed (what Dovecot checks, and Cyrus SASL too; curl''s way), iso-8859-1 (RFC 2831 section 2.1.2.1: each value ISO 8859-1 can hold converted to it; Cyrus SASL''s client) or iso-8859-1-password (the password alone; GNU SASL''s client and server)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--ehlo', '--ehlo', [CompletionResultType]::ParameterName, 'The name sent with EHLO (SMTP)')
            [CompletionResult]::new('--cafile', '--cafile', [CompletionResultType]::ParameterName, 'Trust the certificates in this PEM file instead of the platform''s store: a private CA, or the server''s own (self-signed) certificate')
            [CompletionResult]::new('--pin-sha256', '--pin-sha256', [CompletionResultType]::ParameterName, 'Accept exactly the certificate whose DER encoding has this SHA-256 (64 hex digits, colons allowed, or base64); may be repeated')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Present this client certificate (PEM, leaf first) when the server asks: EXTERNAL then logs in with it, and is chosen where the server offers it. --user becomes EXTERNAL''s authorization identity')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key of --cert, PEM, unencrypted (PKCS #8, RSA or EC)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection and for each line of the server')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the connection and for each line of the server')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'Connect to HOST:PORT (an IPv6 address in brackets) instead of the URL''s host and port, which still name the server for SNI and the certificate check, as curl''s --connect-to: one node behind a load balancer')
            [CompletionResult]::new('--force-mech', '--force-mech', [CompletionResultType]::ParameterName, 'Use --mech even if the server does not advertise it')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the certificate at all (warns on every run)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the certificate at all (warns on every run)')
            [CompletionResult]::new('--no-tls', '--no-tls', [CompletionResultType]::ParameterName, 'Do not start TLS on a STARTTLS scheme (smtp, submission, imap, pop3)')
            [CompletionResult]::new('--allow-cleartext', '--allow-cleartext', [CompletionResultType]::ParameterName, 'With --no-tls, allow PLAIN, LOGIN, XOAUTH2 and OAUTHBEARER, which send the password or token itself')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the verdict line')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the verdict line')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document instead of the transcript')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens, proofs and digests in the transcript')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'No login: report TLS version, cipher, certificate and the mechanisms offered before and after TLS, with warnings')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Try every mechanism the server offers and saslenc has, one connection each, and print a table')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;serve' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The one account''s user name (with a password source, or a token source for XOAUTH2 and OAUTHBEARER)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The one account''s user name (with a password source, or a token source for XOAUTH2 and OAUTHBEARER)')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--passdb', '--passdb', [CompletionResultType]::ParameterName, 'The accounts of a Dovecot passwd-file (user:{SCHEME}data lines, as `saslenc secret --format dovecot --user` writes them); the mechanisms offered follow from what is stored')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The mechanisms to offer, in order, comma-separated (default: every one the accounts can run, strongest first)')
            [CompletionResult]::new('--mech', '--mech', [CompletionResultType]::ParameterName, 'The mechanisms to offer, in order, comma-separated (default: every one the accounts can run, strongest first)')
            [CompletionResult]::new('--ntlm-domain', '--ntlm-domain', [CompletionResultType]::ParameterName, 'NTLM (with --mech NTLM): the domain this server is in, named in its CHALLENGE; a login naming another domain is refused as a wrong domain (an empty one is taken as this one). Without it the CHALLENGE names the host name and any domain is taken')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The certificate chain to serve, PEM (with --key); without it a fresh self-signed certificate for localhost, 127.0.0.1, ::1 and the listen names')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key of --cert, PEM')
            [CompletionResult]::new('--client-ca', '--client-ca', [CompletionResultType]::ParameterName, 'Ask TLS clients for a certificate from the CAs in this PEM file, and offer EXTERNAL on TLS connections: it logs in as the certificate''s CN, email or DNS name that is an account (--user, --passdb, or any with --accept-any)')
            [CompletionResult]::new('--write-cert', '--write-cert', [CompletionResultType]::ParameterName, 'Write the served certificate (PEM) to this file, for a client''s --cafile / --cacert')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With --once: the whole run''s deadline, in seconds, from start to the end of the first connection')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'The most connections served at once; more are told the server is busy (421, * BYE, -ERR)')
            [CompletionResult]::new('--ready-file', '--ready-file', [CompletionResultType]::ParameterName, 'Once every listener is bound, write their URLs to this file, one a line, with the ports actually bound (atomically: a script that sees the file sees it whole). A file left by an earlier run is removed at start, and this one when serve ends')
            [CompletionResult]::new('--failure-delay', '--failure-delay', [CompletionResultType]::ParameterName, 'Wait this long before answering a refused or malformed login, as Dovecot''s auth_failure_delay does, to slow down password guessing; other connections are served meanwhile. Decimals allowed, at most 60 (default: 2 on a listener whose address is not loopback, 0 on loopback)')
            [CompletionResult]::new('--client-diagnosis', '--client-diagnosis', [CompletionResultType]::ParameterName, 'Put a refused login''s diagnosis in the reply the client sees (SMTP 535- lines, IMAP NO text, POP3 -ERR text), masked: `auto` on loopback listeners (a practice server), `never` to answer as a real server does')
            [CompletionResult]::new('--chaos', '--chaos', [CompletionResultType]::ParameterName, 'Fail on purpose at STEP of every session, to try a client''s error handling: STEP is greeting, auth, mail, rcpt or data (the last three SMTP only); FAILURE is temporary (421/454/451, IMAP [UNAVAILABLE], POP3 [SYS/TEMP]), permanent (554/535/550, IMAP NO or BYE, POP3 -ERR) or drop (the connection closed, no reply). Repeat for several steps')
            [CompletionResult]::new('--maildir', '--maildir', [CompletionResultType]::ParameterName, 'Keep each message accepted (SMTP DATA, IMAP APPEND) in this Maildir (tmp/ then new/, made if missing), and serve it back over POP3 (LIST, RETR, TOP, UIDL, DELE) and IMAP (the INBOX: FETCH, SEARCH, STORE, EXPUNGE) to every account; without it, messages are counted and discarded')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--accept-any', '--accept-any', [CompletionResultType]::ParameterName, 'Accept every well-formed login, whatever the credentials (capture mode); still decoded, masked and diagnosed for form. SCRAM is not offered: its server must prove it knows the password')
            [CompletionResult]::new('--allow-anonymous', '--allow-anonymous', [CompletionResultType]::ParameterName, 'Offer ANONYMOUS (RFC 4505)')
            [CompletionResult]::new('--allow-ntlmv1', '--allow-ntlmv1', [CompletionResultType]::ParameterName, 'NTLM (with --mech NTLM): also accept NTLMv1 responses, plain or with extended session security, checked from the NT hash; each accepted one is diagnosed as weak. LM-only responses stay refused')
            [CompletionResult]::new('--allow-cleartext', '--allow-cleartext', [CompletionResultType]::ParameterName, 'Take AUTH, IMAP LOGIN and POP3 USER/PASS without TLS (loopback listeners only)')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Stop after the first connection, with its verdict as the exit status')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens and proofs in the transcript')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per event per line (NDJSON) on standard output')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only the listening lines, verdicts and diagnoses, not the transcripts')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only the listening lines, verdicts and diagnoses, not the transcripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scram-sha-256', 'scram-sha-256', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey')
            [CompletionResult]::new('scram-sha-1', 'scram-sha-1', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey')
            [CompletionResult]::new('scram-sha-512', 'scram-sha-512', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)')
            [CompletionResult]::new('cram-md5', 'cram-md5', [CompletionResultType]::ParameterValue, 'Dovecot''s {CRAM-MD5}: the HMAC-MD5 key states, no salt')
            [CompletionResult]::new('digest-md5', 'digest-md5', [CompletionResultType]::ParameterValue, 'Dovecot''s {DIGEST-MD5}: MD5 of user:realm:password; --user is required, user@realm names the realm (historic mechanism)')
            [CompletionResult]::new('nt-hash', 'nt-hash', [CompletionResultType]::ParameterValue, 'The NT hash, {NTLM}: MD4 of the UTF-16LE password, as Samba, FreeRADIUS and passlib store it; password-equivalent')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a password against a stored secret of any known format')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;secret;scram-sha-256' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;scram-sha-1' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;scram-sha-512' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;cram-md5' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;digest-md5' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;nt-hash' {
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The text to print: dovecot ({SCHEME}..., also gsasl''s), postgres (pg_authid verifier), postgres-sql (ALTER ROLE statement), pgbouncer (userlist.txt line), rfc5803 (LDAP authPassword), kafka (kafka-storage --add-scram)')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--iterations', '--iterations', [CompletionResultType]::ParameterName, 'PBKDF2 iterations: 4096 by default; at least 4096 (RFC 7677), at most 16384 for Kafka')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'The salt, base64, 8 to 1024 bytes; 16 random bytes from the operating system when not given. Fix it only for tests and examples')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the secret is for: needed by postgres-sql, pgbouncer and kafka; with the other formats it makes a `user:secret` line (a Dovecot passwd-file entry)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Make one secret for each line of FILE (`-`: standard input): `user:password` (split at the first `:`, the rest kept as is) or `user<TAB>base64-password` (for passwords with newlines or leading blanks). Empty lines and lines starting with `#` are skipped. Prints one line per user, in input order, as they are made; a bad line is reported with its number and the others are still written (exit status 3); a user named twice is warned of')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output (''-'' is standard output). A regular file (or a symbolic link to one) is replaced atomically at its target, keeping its mode, owner and group (a new file is 0600); a file with several links is written in place; a device, FIFO or terminal is written through, never replaced')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Hash the password as given, without SASLprep (RFC 4013), as `doveadm pw` and Kafka do')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;verify' {
            [CompletionResult]::new('--max-iterations', '--max-iterations', [CompletionResultType]::ParameterName, 'Refuse SCRAM secrets of more than N PBKDF2 iterations, at once (exit status 3); 10000000 by default, the most `secret` makes. Each check derives once (twice when SASLprep changes the password), about 0.5 s per million iterations with SHA-512')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--no-saslprep', '--no-saslprep', [CompletionResultType]::ParameterName, 'Check the password only as given, without SASLprep (by default a SCRAM secret is checked with the SASLprep''d password, then as given)')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;secret;help' {
            [CompletionResult]::new('scram-sha-256', 'scram-sha-256', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-256 (RFC 7677): StoredKey and ServerKey')
            [CompletionResult]::new('scram-sha-1', 'scram-sha-1', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-1 (RFC 5802): StoredKey and ServerKey')
            [CompletionResult]::new('scram-sha-512', 'scram-sha-512', [CompletionResultType]::ParameterValue, 'SCRAM-SHA-512: for Kafka and RFC 5803 (LDAP)')
            [CompletionResult]::new('cram-md5', 'cram-md5', [CompletionResultType]::ParameterValue, 'Dovecot''s {CRAM-MD5}: the HMAC-MD5 key states, no salt')
            [CompletionResult]::new('digest-md5', 'digest-md5', [CompletionResultType]::ParameterValue, 'Dovecot''s {DIGEST-MD5}: MD5 of user:realm:password; --user is required, user@realm names the realm (historic mechanism)')
            [CompletionResult]::new('nt-hash', 'nt-hash', [CompletionResultType]::ParameterValue, 'The NT hash, {NTLM}: MD4 of the UTF-16LE password, as Samba, FreeRADIUS and passlib store it; password-equivalent')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a password against a stored secret of any known format')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;secret;help;scram-sha-256' {
            break
        }
        'saslenc;secret;help;scram-sha-1' {
            break
        }
        'saslenc;secret;help;scram-sha-512' {
            break
        }
        'saslenc;secret;help;cram-md5' {
            break
        }
        'saslenc;secret;help;digest-md5' {
            break
        }
        'saslenc;secret;help;nt-hash' {
            break
        }
        'saslenc;secret;help;verify' {
            break
        }
        'saslenc;secret;help;help' {
            break
        }
        'saslenc;decode' {
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user name the credential should carry. With it, or with a password or token source, each client message (PLAIN, LOGIN''s two answers, CRAM-MD5 after its challenge, XOAUTH2, OAUTHBEARER) is checked: does it carry the expected password (or token), and if not, which mistake of serve''s catalogue gives the bytes sent, or where they first differ in shape; a user name that differs only in case or a diacritic is named. Exit status 1 when one does not carry it. With --user alone the password is asked for on the terminal')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user name the credential should carry. With it, or with a password or token source, each client message (PLAIN, LOGIN''s two answers, CRAM-MD5 after its challenge, XOAUTH2, OAUTHBEARER) is checked: does it carry the expected password (or token), and if not, which mistake of serve''s catalogue gives the bytes sent, or where they first differ in shape; a user name that differs only in case or a diacritic is named. Exit status 1 when one does not carry it. With --user alone the password is asked for on the terminal')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--pass-cmd', '--pass-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the password, one trailing line end removed (`pass show mail`, `secret-tool lookup ...`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per input, one a line: form, sender, mechanism, fields (masked ones with a null value), the escaped text and the bytes as hex (each masked byte as `**`)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens, digests and proofs instead of masking them (the expected password or token stays masked)')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;token' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a token''s claims and check them against the rules of a mail login; exit status 1 when a check fails')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;token;inspect' {
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Check the scope or role this protocol needs (Exchange Online: SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their app-only roles); without it, any of the three will do')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Check the scope or role this protocol needs (Exchange Online: SMTP.Send, IMAP.AccessAsUser.All, POP.AccessAsUser.All, or their app-only roles); without it, any of the three will do')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'The user the login will give (XOAUTH2 user=, OAUTHBEARER a=): checked against the token''s upn, unique_name, preferred_username or email, ignoring case')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user the login will give (XOAUTH2 user=, OAUTHBEARER a=): checked against the token''s upn, unique_name, preferred_username or email, ignoring case')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the token from a file; one trailing line end is removed')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the token from this environment variable, as is')
            [CompletionResult]::new('--token-fd', '--token-fd', [CompletionResultType]::ParameterName, 'Read the token from an inherited file descriptor, to end of file; one trailing line end is removed')
            [CompletionResult]::new('--token-cmd', '--token-cmd', [CompletionResultType]::ParameterName, 'Run CMD with `sh -c`, standard input from /dev/null, and take its standard output as the token, one trailing line end removed (a token helper: `oama access me@example.com`, `pizauth show outlook`). It must finish within 30 seconds; a failure reports its exit status and standard error, never its output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document: the claims, and each finding with its check, outcome, rule and fix')
            [CompletionResult]::new('--token-stdin', '--token-stdin', [CompletionResultType]::ParameterName, 'Read the token from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;token;help' {
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a token''s claims and check them against the rules of a mail login; exit status 1 when a check fails')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;token;help;inspect' {
            break
        }
        'saslenc;token;help;help' {
            break
        }
        'saslenc;completions' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Write the files into this directory, creating it: SHELL''s completions, every man page (`man`), or without SHELL the completions for every shell and every man page, under the names the source tree keeps them')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write the files into this directory, creating it: SHELL''s completions, every man page (`man`), or without SHELL the completions for every shell and every man page, under the names the source tree keeps them')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Install the completions for bash, zsh and fish and every man page (or SHELL''s alone) into your own directories, creating them, and print where each went')
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Install the completions for bash, zsh and fish and every man page (or SHELL''s alone) into your own directories, creating them, and print where each went')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;help' {
            [CompletionResult]::new('plain', 'plain', [CompletionResultType]::ParameterValue, 'AUTH PLAIN (RFC 4616): one line, authzid NUL user NUL password')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'AUTH LOGIN: the user name, then the password, each on its own line')
            [CompletionResult]::new('cram-md5', 'cram-md5', [CompletionResultType]::ParameterValue, 'AUTH CRAM-MD5 (RFC 2195): answer the server''s challenge')
            [CompletionResult]::new('digest-md5', 'digest-md5', [CompletionResultType]::ParameterValue, 'AUTH DIGEST-MD5 (RFC 2831, historic): answer the challenge, check rspauth')
            [CompletionResult]::new('ntlm', 'ntlm', [CompletionResultType]::ParameterValue, 'AUTH NTLM (MS-NLMP, being retired): NEGOTIATE, then the NTLMv2 answer')
            [CompletionResult]::new('xoauth2', 'xoauth2', [CompletionResultType]::ParameterValue, 'AUTH XOAUTH2 (Gmail, Microsoft 365): user and OAuth 2.0 access token')
            [CompletionResult]::new('oauthbearer', 'oauthbearer', [CompletionResultType]::ParameterValue, 'AUTH OAUTHBEARER (RFC 7628): the standard OAuth 2.0 bearer mechanism')
            [CompletionResult]::new('scram-sha-1', 'scram-sha-1', [CompletionResultType]::ParameterValue, 'AUTH SCRAM-SHA-1 (RFC 5802): salted challenge-response, server proves itself')
            [CompletionResult]::new('scram-sha-256', 'scram-sha-256', [CompletionResultType]::ParameterValue, 'AUTH SCRAM-SHA-256 (RFC 7677): salted challenge-response, server proves itself')
            [CompletionResult]::new('external', 'external', [CompletionResultType]::ParameterValue, 'AUTH EXTERNAL (RFC 4422 appendix A): credentials from TLS or the socket')
            [CompletionResult]::new('anonymous', 'anonymous', [CompletionResultType]::ParameterValue, 'AUTH ANONYMOUS (RFC 4505): optional trace information only')
            [CompletionResult]::new('mechanisms', 'mechanisms', [CompletionResultType]::ParameterValue, 'List every mechanism with its RFC and when to use it')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'Log in to an SMTP, IMAP or POP3 server over TLS and report the verdict')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a practice SMTP, IMAP or POP3 server that shows what a client sends, checks its login, and says why a refused login was wrong')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Make the secrets a server stores for SCRAM and CRAM-MD5, or check a password against one')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Decode base64 from a server or client line and show every byte')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Read an OAuth access token offline: its claims, and why a mail login with it would fail')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man pages, write them into a directory, or install them where your shell and man look')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'saslenc;help;plain' {
            break
        }
        'saslenc;help;login' {
            break
        }
        'saslenc;help;cram-md5' {
            break
        }
        'saslenc;help;digest-md5' {
            break
        }
        'saslenc;help;ntlm' {
            break
        }
        'saslenc;help;xoauth2' {
            break
        }
        'saslenc;help;oauthbearer' {
            break
        }
        'saslenc;help;scram-sha-1' {
            break
        }
        'saslenc;help;scram-sha-256' {
            break
        }
        'saslenc;help;external' {
            break
        }
        'saslenc;help;anonymous' {
            break
        }
        'saslenc;help;mechanisms' {
            break
        }
        'saslenc;help;connect' {
            break
        }
        'saslenc;help;serve' {
            break
        }
        'saslenc;help;secret' {
            break
        }
        'saslenc;help;decode' {
            break
        }
        'saslenc;help;token' {
            break
        }
        'saslenc;help;completions' {
            break
        }
        'saslenc;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
