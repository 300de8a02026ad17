//! The exec-form test: is an instruction's argument a JSON array of
//! strings, judged the way BuildKit judges it with Go's `encoding/json`?
//!
//! Go's decoder differs from stricter JSON parsers in ways that decide
//! between exec and shell form: invalid UTF-8 and lone surrogate escapes
//! become U+FFFD instead of errors, nesting deeper than 10000 is an error,
//! and a number too large for a float64 fails decoding (which BuildKit then
//! treats as shell form, not as a non-string array).

use std::borrow::Cow;
use std::ops::Range;

/// One decoded string of an exec-form array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// The decoded value.
    pub value: String,
    /// Byte range of the string token, quotes included, in the input.
    pub range: Range<usize>,
}

/// What BuildKit makes of an argument that may be a JSON array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonArray {
    /// The argument does not start with `[`: shell form.
    NotArray,
    /// It starts with `[` but is not valid JSON (or does not decode):
    /// BuildKit silently falls back to shell form.
    Invalid {
        /// Byte offset of the first offending character.
        offset: usize,
        /// What is wrong.
        reason: String,
    },
    /// A valid JSON array with an item that is not a string: BuildKit
    /// rejects the instruction.
    NonString {
        /// Byte range of the first such item.
        range: Range<usize>,
    },
    /// A valid JSON array of strings: exec form.
    Strings(Vec<JsonString>),
}

const MAX_DEPTH: usize = 10_000;

/// Classify `text` (already trimmed of leading whitespace).
pub fn parse_json_array(text: &str) -> JsonArray {
    match read_json_array(text) {
        Ok(strings) => JsonArray::Strings(
            strings
                .into_iter()
                .map(|(value, range)| JsonString {
                    value: value.into_owned(),
                    range,
                })
                .collect(),
        ),
        Err(verdict) => verdict,
    }
}

/// [`parse_json_array`] for the parser's own use: the strings of an
/// exec-form array, each borrowed from `text` unless it had escapes to
/// decode, with its byte range; any other verdict as the error.
pub(crate) fn read_json_array(text: &str) -> Result<Strings<'_>, JsonArray> {
    if !text.starts_with('[') {
        return Err(JsonArray::NotArray);
    }
    let mut parser = Parser {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
        overflow: false,
    };
    let (strings, first_other) = match parser.top_level() {
        Ok(items) => items,
        Err((offset, reason)) => return Err(JsonArray::Invalid { offset, reason }),
    };
    if parser.overflow {
        return Err(JsonArray::Invalid {
            offset: 0,
            reason: "a number does not fit a 64-bit float".to_string(),
        });
    }
    match first_other {
        Some(range) => Err(JsonArray::NonString { range }),
        None => Ok(strings),
    }
}

/// Decoded strings with the byte ranges of their tokens.
pub(crate) type Strings<'a> = Vec<(Cow<'a, str>, Range<usize>)>;

/// The string items of an array, and the range of the first item that is
/// not a string.
type Items<'a> = (Strings<'a>, Option<Range<usize>>);

type Fail = (usize, String);

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
    overflow: bool,
}

impl<'a> Parser<'a> {
    fn fail<T>(&self, what: &str) -> Result<T, Fail> {
        let found = match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => format!("invalid character {c:?} {what}"),
            None => format!("unexpected end of JSON input {what}"),
        };
        Err((self.pos, found))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn top_level(&mut self) -> Result<Items<'a>, Fail> {
        self.pos += 1; // '['
        self.depth = 1;
        let mut strings = Vec::with_capacity(4);
        let mut first_other = None;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let start = self.pos;
                if self.bytes.get(self.pos) == Some(&b'"') {
                    let value = self.string()?;
                    strings.push((value, start..self.pos));
                } else {
                    self.value()?;
                    first_other.get_or_insert(start..self.pos);
                }
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.fail("after array element"),
                }
            }
        }
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return self.fail("after top-level value");
        }
        Ok((strings, first_other))
    }

    /// Skip one value of any kind. Containers are walked with an explicit
    /// stack so that deep nesting cannot exhaust the call stack.
    fn value(&mut self) -> Result<(), Fail> {
        // Each open container: its closing byte and whether it is an object.
        let mut open: Vec<(u8, bool)> = Vec::new();
        loop {
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b'"') => drop(self.string()?),
                Some(&b @ (b'[' | b'{')) => {
                    if self.depth + open.len() + 1 > MAX_DEPTH {
                        return Err((self.pos, "exceeded max depth".to_string()));
                    }
                    self.pos += 1;
                    let object = b == b'{';
                    open.push((if object { b'}' } else { b']' }, object));
                    self.skip_ws();
                    if self.bytes.get(self.pos) == Some(&if object { b'}' } else { b']' }) {
                        self.pos += 1;
                        open.pop();
                    } else {
                        if object {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return self.fail("looking for beginning of value"),
            }
            // A value is complete: close containers or move to the next item.
            loop {
                let Some(&(close, object)) = open.last() else {
                    return Ok(());
                };
                self.skip_ws();
                match self.bytes.get(self.pos) {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.skip_ws();
                            self.object_key()?;
                        }
                        break;
                    }
                    Some(&b) if b == close => {
                        self.pos += 1;
                        open.pop();
                    }
                    _ => return self.fail("after element"),
                }
            }
        }
    }

    fn object_key(&mut self) -> Result<(), Fail> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return self.fail("looking for beginning of object key string");
        }
        self.string()?;
        self.skip_ws();
        if self.bytes.get(self.pos) != Some(&b':') {
            return self.fail("after object key");
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Result<(), Fail> {
        for expected in word.bytes() {
            if self.bytes.get(self.pos) != Some(&expected) {
                return self.fail("in literal");
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Result<(), Fail> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.fail("in numeric literal"),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return self.fail("after decimal point in numeric literal");
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                return self.fail("in exponent of numeric literal");
            }
            self.digits();
        }
        // Go decodes numbers into float64 and reports out-of-range values.
        let parsed: f64 = self.text[start..self.pos].parse().unwrap_or(0.0);
        if parsed.is_infinite() {
            self.overflow = true;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Read a string literal; its text is borrowed from the input unless
    /// an escape had to be decoded.
    fn string(&mut self) -> Result<Cow<'a, str>, Fail> {
        self.pos += 1; // opening quote
        let text = self.text;
        let start = self.pos;
        let mut decoded: Option<String> = None;
        loop {
            let Some(&byte) = self.bytes.get(self.pos) else {
                return self.fail("in string literal");
            };
            match byte {
                b'"' => {
                    let raw = &text[start..self.pos];
                    self.pos += 1;
                    return Ok(decoded.map_or(Cow::Borrowed(raw), Cow::Owned));
                }
                b'\\' => {
                    let out = decoded.get_or_insert_with(|| text[start..self.pos].to_string());
                    self.pos += 1;
                    self.escape(out)?;
                }
                0..=0x1f => return self.fail("in string literal"),
                _ => {
                    let rest = &self.bytes[self.pos..];
                    let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
                    if let Some(control) = rest[..end].iter().position(|&b| b < 0x20) {
                        self.pos += control;
                        return self.fail("in string literal");
                    }
                    if let Some(out) = decoded.as_mut() {
                        out.push_str(&text[self.pos..self.pos + end]);
                    }
                    self.pos += end;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Fail> {
        let Some(&byte) = self.bytes.get(self.pos) else {
            return self.fail("in string escape code");
        };
        self.pos += 1;
        let ch = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                self.surrogate_pair(first)
            }
            _ => {
                self.pos -= 1;
                return self.fail("in string escape code");
            }
        };
        out.push(ch);
        Ok(())
    }

    /// Go pairs a high surrogate with a following `\uDC00`-`\uDFFF` escape
    /// and turns anything unpaired into U+FFFD.
    fn surrogate_pair(&mut self, first: u32) -> char {
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first).unwrap_or('\u{fffd}');
        }
        let lookahead = self.text.get(self.pos..self.pos + 6).unwrap_or("");
        if let Some(hex) = lookahead.strip_prefix("\\u") {
            if let Ok(second) = u32::from_str_radix(hex, 16) {
                if (0xDC00..0xE000).contains(&second) {
                    self.pos += 6;
                    let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(combined).unwrap_or('\u{fffd}');
                }
            }
        }
        '\u{fffd}'
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = match self.bytes.get(self.pos) {
                Some(b) if b.is_ascii_hexdigit() => char::from(*b).to_digit(16).unwrap_or(0),
                _ => return self.fail("in \\u hexadecimal character escape"),
            };
            value = value * 16 + digit;
            self.pos += 1;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        match parse_json_array(text) {
            JsonArray::Strings(items) => items.into_iter().map(|s| s.value).collect(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn arrays_of_strings_are_exec_form() {
        assert_eq!(strings(r#"["a", "b c"]"#), ["a", "b c"]);
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings("[ \"x\" ]\t"), ["x"]);
        assert_eq!(strings(r#"["\u00e9\n\/"]"#), ["é\n/"]);
        assert_eq!(strings(r#"["\ud83d\ude00"]"#), ["😀"]);
        assert_eq!(strings(r#"["\ud83d"]"#), ["\u{fffd}"]);
    }

    #[test]
    fn invalid_json_is_shell_form() {
        for text in [
            "['a']",
            r#"["a""#,
            r#"["a",]"#,
            r#"["a"] b"#,
            r#"["a\x"]"#,
            "[\"a\tb\"]",
            "[1e999]",
            r#"[{"k": -1e400}]"#,
        ] {
            assert!(
                matches!(parse_json_array(text), JsonArray::Invalid { .. }),
                "{text}"
            );
        }
        assert_eq!(parse_json_array("echo [x]"), JsonArray::NotArray);
    }

    #[test]
    fn non_string_items_are_errors() {
        for text in [
            "[1]",
            r#"["a", null]"#,
            r#"["a", ["b"]]"#,
            r#"[{"a": 1}]"#,
            "[true]",
        ] {
            assert!(
                matches!(parse_json_array(text), JsonArray::NonString { .. }),
                "{text}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_invalid_not_a_crash() {
        let deep = format!("[{}{}]", "[".repeat(20_000), "]".repeat(20_000));
        assert!(matches!(parse_json_array(&deep), JsonArray::Invalid { .. }));
    }
}
