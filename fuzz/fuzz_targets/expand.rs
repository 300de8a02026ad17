//! Any word and escape character: the expander must not panic, whatever
//! the options.
#![no_main]

use distill_dockerfile::expand::Lexer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(word) = std::str::from_utf8(rest) else {
        return;
    };
    let mut lexer = Lexer::new(if flags & 1 == 0 { '\\' } else { '`' });
    lexer.raw_quotes = flags & 2 != 0;
    lexer.raw_escapes = flags & 4 != 0;
    lexer.skip_unset_env = flags & 8 != 0;
    lexer.skip_process_quotes = flags & 16 != 0;
    let env = [("A", "a b"), ("EMPTY", ""), ("P", "/usr/local/bin")];
    let _ = lexer.expand(word, env.as_slice());
});
