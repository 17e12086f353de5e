
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
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Decode base64 from a server or client line and show every byte')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page, or write them all')
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
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets')
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
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets')
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
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal')
            [CompletionResult]::new('--challenge', '--challenge', [CompletionResultType]::ParameterName, 'The server''s challenge: its base64 as sent, or the whole `334 <base64>` / `+ <base64>` line as copied from the terminal')
            [CompletionResult]::new('--pass', '--pass', [CompletionResultType]::ParameterName, 'The password itself. Other users can see it in `ps`, and your shell history keeps it: use it for scripts and teaching, not real accounts')
            [CompletionResult]::new('--pass-file', '--pass-file', [CompletionResultType]::ParameterName, 'Read the password from a file; one trailing line end is removed')
            [CompletionResult]::new('--pass-env', '--pass-env', [CompletionResultType]::ParameterName, 'Read the password from this environment variable, as is')
            [CompletionResult]::new('--pass-fd', '--pass-fd', [CompletionResultType]::ParameterName, 'Read the password from an inherited file descriptor (e.g. a pipe opened with `3<<<"$PASS"`), to end of file; one trailing line end is removed')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'The character set the fields are sent in. RFCs require UTF-8; latin1 (ISO-8859-1) is for legacy servers that store passwords in it')
            [CompletionResult]::new('-P', '-P ', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Print the lines to paste into a session of this protocol: the AUTH (or IMAP AUTHENTICATE) command, then the answers in order')
            [CompletionResult]::new('--pass-stdin', '--pass-stdin', [CompletionResultType]::ParameterName, 'Read the password from standard input, to end of file; one trailing line end is removed')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after the last line')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Also explain each message on stderr: its exact bytes (escaped and as a hex dump), its length, its base64, a portable `printf` pipeline that prints the same base64, and what the classic `echo "..." | base64` really gives instead. Stdout stays as without it. Secrets are masked unless --show-secrets')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show the password and other secrets in the --explain output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;decode' {
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per input, one a line: form, sender, mechanism, fields (masked ones with a null value), the escaped text and the bytes as hex (each masked byte as `**`)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Show passwords, tokens, digests and proofs instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'saslenc;completions' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Write the completions for every shell and the man page into this directory, under the names the source tree keeps them')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write the completions for every shell and the man page into this directory, under the names the source tree keeps them')
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
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Decode base64 from a server or client line and show every byte')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page, or write them all')
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
        'saslenc;help;decode' {
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
