//! Unicode whitespace trimming, as `str::trim_start` and `str::trim_end`
//! do it, with the common case answered from one byte: text that begins
//! (or ends) with a visible ASCII character has nothing to trim, and
//! telling that needs no character decoding.

/// Whether `b` is an ASCII byte that is not whitespace. Such a byte is a
/// whole character, and not one that Unicode counts as white space.
fn is_visible_ascii(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ')
}

/// `text.trim_start()`.
pub(crate) fn trim_start(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(&b) if is_visible_ascii(b) => text,
        _ => text.trim_start(),
    }
}

/// `text.trim_end()`.
pub(crate) fn trim_end(text: &str) -> &str {
    match text.as_bytes().last() {
        Some(&b) if is_visible_ascii(b) => text,
        _ => text.trim_end(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_like_the_standard_library() {
        for text in [
            "",
            " ",
            "a",
            " a ",
            "\ta\r",
            "\x0ba\x0c",
            "\u{a0}a\u{85}",
            "\u{2003}",
            "é",
            "a\u{3000}",
            "\x1f",
            "\x1fa\x1f",
        ] {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(trim_end(text), text.trim_end(), "{text:?}");
        }
        for b in 0..=0x7fu8 {
            let text = (b as char).to_string();
            assert_eq!(trim_start(&text), text.trim_start(), "{b:#x}");
        }
    }
}
