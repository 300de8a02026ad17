//! Variable expansion and word splitting as BuildKit's Dockerfile frontend
//! does them (the `shell` lexer of moby/buildkit): quotes, escapes, `$V`,
//! `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V?w}`,
//! `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}` and `${V//p/r}`.
//!
//! This is not a shell: there is no command substitution, arithmetic or
//! field splitting on `IFS`; those are left to the shell that runs a `RUN`
//! line. It is what BuildKit applies to the arguments of `FROM`, `ARG`,
//! `ENV`, `COPY`, `USER`, `WORKDIR` and the other expanding instructions.

use std::collections::BTreeSet;
use std::fmt;

use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// How deeply `${...}` may nest before the expander gives up.
const MAX_NESTING: usize = 256;

/// Where the expander looks variables up.
pub trait Env {
    /// The value of `name`, or `None` when it is not set.
    fn get(&self, name: &str) -> Option<&str>;
}

/// An environment where nothing is set.
#[derive(Clone, Copy, Debug, Default)]
pub struct EmptyEnv;

impl Env for EmptyEnv {
    fn get(&self, _name: &str) -> Option<&str> {
        None
    }
}

impl<S: AsRef<str>> Env for [(S, S)] {
    fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(k, _)| k.as_ref() == name)
            .map(|(_, v)| v.as_ref())
    }
}

impl<S: AsRef<str>> Env for Vec<(S, S)> {
    fn get(&self, name: &str) -> Option<&str> {
        Env::get(self.as_slice(), name)
    }
}

impl Env for std::collections::HashMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        std::collections::HashMap::get(self, name).map(String::as_str)
    }
}

impl Env for std::collections::BTreeMap<String, String> {
    fn get(&self, name: &str) -> Option<&str> {
        std::collections::BTreeMap::get(self, name).map(String::as_str)
    }
}

/// A word that could not be expanded; BuildKit rejects the instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandError {
    /// What is wrong, in BuildKit's terms.
    pub message: String,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExpandError {}

fn error<T>(message: impl Into<String>) -> Result<T, ExpandError> {
    Err(ExpandError {
        message: message.into(),
    })
}

/// The result of expanding one word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// The expanded text with quotes removed (unless kept raw).
    pub value: String,
    /// The text split into words after expansion, the way `ProcessWords`
    /// splits it: unquoted whitespace separates words, including
    /// whitespace that came out of a variable.
    pub words: Vec<String>,
    /// Variables that were referenced and set.
    pub matched: BTreeSet<String>,
    /// Variables that were referenced and not set.
    pub unmatched: BTreeSet<String>,
}

/// The expander's options, named as in BuildKit's lexer.
#[derive(Clone, Copy, Debug)]
pub struct Lexer {
    /// The escape character: `\` or the backtick chosen by `# escape=`.
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters.
    pub skip_process_quotes: bool,
    /// Leave references to unset variables as written.
    pub skip_unset_env: bool,
}

impl Lexer {
    /// A lexer with the given escape character and every option off.
    pub fn new(escape: char) -> Self {
        Lexer {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_process_quotes: false,
            skip_unset_env: false,
        }
    }

    /// Expand `word` against `env`.
    pub fn expand<E: Env + ?Sized>(&self, word: &str, env: &E) -> Result<Expansion, ExpandError> {
        let mut state = State {
            lexer: *self,
            chars: word.chars().collect(),
            pos: 0,
            env,
            raw_escapes: self.raw_escapes,
            depth: 0,
            matched: BTreeSet::new(),
            unmatched: BTreeSet::new(),
        };
        // Go's text/scanner drops a byte-order mark at the very start.
        if state.peek() == Some('\u{feff}') {
            state.pos += 1;
        }
        let raw_escapes = state.raw_escapes;
        let (value, words) = state.process_until(None, raw_escapes)?;
        Ok(Expansion {
            value,
            words,
            matched: state.matched,
            unmatched: state.unmatched,
        })
    }
}

/// Expand `word` the way BuildKit expands instruction arguments, with `\`
/// or the file's escape character.
pub fn expand<E: Env + ?Sized>(
    word: &str,
    escape: char,
    env: &E,
) -> Result<Expansion, ExpandError> {
    Lexer::new(escape).expand(word, env)
}

struct State<'a, E: Env + ?Sized> {
    lexer: Lexer,
    chars: Vec<char>,
    pos: usize,
    env: &'a E,
    raw_escapes: bool,
    depth: usize,
    matched: BTreeSet<String>,
    unmatched: BTreeSet<String>,
}

/// Collects words: unquoted whitespace ends a word, quoted text and escaped
/// characters never do.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }

    fn add_raw_char(&mut self, ch: char) {
        self.buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, text: &str) {
        for ch in text.chars() {
            self.add_char(ch);
        }
    }

    fn add_raw_string(&mut self, text: &str) {
        self.buf.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(self.buf);
        }
        self.words
    }
}

impl<E: Env + ?Sized> State<'_, E> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek();
        if ch.is_some() {
            self.pos += 1;
        }
        ch
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        match self.env.get(name) {
            Some(value) => {
                self.matched.insert(name.to_string());
                Some(value.to_string())
            }
            None => {
                self.unmatched.insert(name.to_string());
                None
            }
        }
    }

    /// Process characters until `stop` (consumed) or the end of input.
    fn process_until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), ExpandError> {
        // Limitation: Go grows its stack for `${a:-${b:-...}}` nested
        // without end; distill stops at a depth no real file reaches.
        if self.depth >= MAX_NESTING {
            return error(format!("substitutions nested more than {MAX_NESTING} deep"));
        }
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        self.depth += 1;
        let result = self.process_until_inner(stop);
        self.depth -= 1;
        self.raw_escapes = saved;
        result
    }

    fn process_until_inner(
        &mut self,
        stop: Option<char>,
    ) -> Result<(String, Vec<String>), ExpandError> {
        let mut result = String::new();
        let mut words = Words::default();
        let quotes = !self.lexer.skip_process_quotes;

        while let Some(ch) = self.peek() {
            if stop == Some(ch) {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            match ch {
                '$' => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    words.add_string(&value);
                }
                '<' => {
                    let value = self.process_possible_heredoc();
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '\'' if quotes => {
                    let value = self.process_single_quote()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '"' if quotes => {
                    let value = self.process_double_quote()?;
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                _ => {
                    self.pos += 1;
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        // An escape at the very end of the word is dropped.
                        let Some(escaped) = self.next() else { break };
                        words.add_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        if let Some(stop) = stop {
            return error(format!(
                "unexpected end of statement while looking for matching {stop}"
            ));
        }
        Ok((result, words.finish()))
    }

    /// `'...'`: everything literal, no escapes.
    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let quote = self.next();
        if self.lexer.raw_quotes {
            result.extend(quote);
        }
        loop {
            match self.next() {
                None => {
                    return error(
                        "unexpected end of statement while looking for matching single-quote",
                    );
                }
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    /// `"..."`: `$` expands; the escape character escapes only `"`, `$` and
    /// itself and is otherwise kept.
    fn process_double_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let quote = self.next();
        if self.lexer.raw_quotes {
            result.extend(quote);
        }
        loop {
            match self.peek() {
                None => {
                    return error(
                        "unexpected end of statement while looking for matching double-quote",
                    );
                }
                Some('"') => {
                    self.pos += 1;
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.pos += 1;
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(next)
                                if next == '"' || next == '$' || next == self.lexer.escape =>
                            {
                                ch = next;
                                self.pos += 1;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// `<<` with the blanks that follow it stays one piece of a word, so that
    /// `<< EOF` reads as one heredoc word.
    fn process_possible_heredoc(&mut self) -> String {
        self.pos += 1;
        if self.peek() != Some('<') {
            return "<".to_string();
        }
        self.pos += 1;
        let mut result = "<<".to_string();
        while let Some(ch @ ('\t' | '\r' | ' ')) = self.peek() {
            result.push(ch);
            self.pos += 1;
        }
        result
    }

    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }

        self.pos += 1;
        match self.peek() {
            None => return error("syntax error: missing '}'"),
            Some('{' | '}' | ':') => return error("syntax error: bad substitution"),
            Some(_) => {}
        }
        let name = self.process_name();
        let modifier = self.next();
        let mut spelled = modifier
            .map(String::from)
            .unwrap_or_else(|| "\u{fffd}".into());

        match modifier {
            Some('}') => Ok(match self.lookup(&name) {
                Some(value) => value,
                None if self.lexer.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':') => {
                let op = self.next();
                spelled.push(op.unwrap_or('\u{fffd}'));
                self.process_modifier(&name, op, true, &spelled)
            }
            Some(op @ ('+' | '-' | '?' | '#' | '%')) => {
                self.process_modifier(&name, Some(op), false, &spelled)
            }
            Some('/') => self.process_replace(&name),
            _ => error(format!("unsupported modifier ({spelled}) in substitution")),
        }
    }

    fn process_modifier(
        &mut self,
        name: &str,
        op: Option<char>,
        null_is_unset: bool,
        spelled: &str,
    ) -> Result<String, ExpandError> {
        let pattern_op = matches!(op, Some('#' | '%'));
        if null_is_unset && pattern_op {
            return error(format!("unsupported modifier ({spelled}) in substitution"));
        }
        let word = match self.process_until(Some('}'), pattern_op) {
            Ok((word, _)) => word,
            Err(_) if self.peek().is_none() => return error("syntax error: missing '}'"),
            Err(err) => return Err(err),
        };

        let looked_up = self.lookup(name);
        let set = looked_up.is_some();
        if !set && self.lexer.skip_unset_env {
            return Ok(format!("${{{name}{spelled}{word}}}"));
        }
        let value = looked_up.unwrap_or_default();
        let unset_or_null = !set || (null_is_unset && value.is_empty());
        match op {
            Some('-') if unset_or_null => Ok(word),
            Some('-') => Ok(value),
            Some('+') if unset_or_null => Ok(String::new()),
            Some('+') => Ok(word),
            Some('?') if unset_or_null => {
                let message = match (word.is_empty(), set) {
                    (false, _) => word,
                    (true, false) => "is not allowed to be unset".to_string(),
                    (true, true) => "is not allowed to be empty".to_string(),
                };
                error(format!("{name}: {message}"))
            }
            Some('?') => Ok(value),
            Some(op @ ('#' | '%')) => {
                let (greedy, pattern) = match word.strip_prefix(op) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                if op == '%' {
                    trim_suffix(pattern, &value, greedy)
                } else {
                    trim_prefix(pattern, &value, greedy)
                }
            }
            _ => error(format!("unsupported modifier ({spelled}) in substitution")),
        }
    }

    /// `${V/pattern/replacement}` and `${V//pattern/replacement}`.
    fn process_replace(&mut self, name: &str) -> Result<String, ExpandError> {
        let replace_all = self.peek() == Some('/');
        if replace_all {
            self.pos += 1;
        }
        let pattern = match self.process_until(Some('/'), true) {
            Ok((pattern, _)) => pattern,
            Err(_) if self.peek().is_none() => return error("syntax error: missing '/' in ${}"),
            Err(err) => return Err(err),
        };
        let replacement = match self.process_until(Some('}'), true) {
            Ok((replacement, _)) => replacement,
            Err(_) if self.peek().is_none() => return error("syntax error: missing '}'"),
            Err(err) => return Err(err),
        };

        let value = match self.lookup(name) {
            Some(value) => value,
            None if self.lexer.skip_unset_env => {
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            None => String::new(),
        };
        let regex = shell_pattern_regex(&pattern, true, false)?;
        if replace_all {
            Ok(replace_all_with_template(&regex, &value, &replacement))
        } else {
            Ok(match regex.find(&value) {
                Some(m) => format!(
                    "{}{}{}",
                    &value[..m.start()],
                    replacement,
                    &value[m.end()..]
                ),
                None => value,
            })
        }
    }

    /// A variable name: letters, digits and `_`; or a run of digits; or one
    /// special parameter character.
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && is_go_digit(ch) {
                while let Some(digit) = self.peek().filter(|c| is_go_digit(*c)) {
                    name.push(digit);
                    self.pos += 1;
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.pos += 1;
                return ch.to_string();
            }
            if !is_go_letter(ch) && !is_go_digit(ch) && ch != '_' {
                break;
            }
            self.pos += 1;
            name.push(ch);
        }
        name
    }
}

/// Go's `unicode.IsLetter`: general category L.
fn is_go_letter(ch: char) -> bool {
    ch.is_ascii_alphabetic()
        || (!ch.is_ascii() && ch.general_category_group() == GeneralCategoryGroup::Letter)
}

/// Go's `unicode.IsDigit`: general category Nd.
fn is_go_digit(ch: char) -> bool {
    ch.is_ascii_digit()
        || (!ch.is_ascii() && ch.general_category() == GeneralCategory::DecimalNumber)
}

/// Turn a shell pattern (`*`, `?`, `\` escapes; no bracket expressions) into
/// a regular expression, as POSIX "Pattern Matching Notation" describes and
/// BuildKit implements it.
fn shell_pattern_regex(
    pattern: &str,
    greedy: bool,
    anchored: bool,
) -> Result<regex::Regex, ExpandError> {
    let invalid = |why: String| ExpandError {
        message: format!("invalid pattern ({pattern}) in substitution: {why}"),
    };
    let mut out = String::with_capacity(pattern.len() + 4);
    if anchored {
        out.push('^');
    }
    let star = if greedy { ".*" } else { ".*?" };
    let mut chars = pattern.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '*' => out.push_str(star),
            '?' => out.push('.'),
            '\\' => {
                // `\}` and `\/` only protect the closing characters of `${}`.
                if matches!(chars.peek(), Some('}' | '/')) {
                    continue;
                }
                match chars.next() {
                    Some(escaped @ ('*' | '?' | '\\')) => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    Some(other) => return Err(invalid(format!("invalid escape '\\{other}'"))),
                    None => return Err(invalid("invalid escape at end".to_string())),
                }
            }
            _ => {
                let mut buf = [0u8; 4];
                out.push_str(&regex::escape(ch.encode_utf8(&mut buf)));
            }
        }
    }
    regex::Regex::new(&out).map_err(|err| invalid(err.to_string()))
}

fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    let regex = shell_pattern_regex(pattern, greedy, true)?;
    Ok(match regex.find(value) {
        Some(m) => value[m.end()..].to_string(),
        None => value.to_string(),
    })
}

/// Regular expressions find the leftmost match, so the shortest or longest
/// suffix is found by matching the reversed pattern against the reversed
/// value.
fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    let reversed_pattern = reverse_pattern(pattern);
    let reversed_value: String = value.chars().rev().collect();
    let trimmed = trim_prefix(&reversed_pattern, &reversed_value, greedy)?;
    Ok(trimmed.chars().rev().collect())
}

/// Reverse a pattern, keeping each `\x` escape pair in order.
fn reverse_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pieces: Vec<String> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' && i + 1 < chars.len() {
            pieces.push([chars[i], chars[i + 1]].iter().collect());
            i += 2;
        } else {
            pieces.push(chars[i].to_string());
            i += 1;
        }
    }
    pieces.iter().rev().map(String::as_str).collect()
}

/// Go's `Regexp.ReplaceAllString`: the replacement is a template where `$0`
/// is the match, `$$` a dollar, and any other `$name` empty (the pattern has
/// no groups).
fn replace_all_with_template(regex: &regex::Regex, value: &str, template: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for m in regex.find_iter(value) {
        out.push_str(&value[last..m.start()]);
        expand_template(template, m.as_str(), &mut out);
        last = m.end();
    }
    out.push_str(&value[last..]);
    out
}

fn expand_template(template: &str, matched: &str, out: &mut String) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (name, after) = if let Some(braced) = rest.strip_prefix('{') {
            match braced.find('}') {
                Some(close) if is_template_name(&braced[..close]) => {
                    (&braced[..close], &braced[close + 1..])
                }
                _ => {
                    out.push('$');
                    continue;
                }
            }
        } else {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if len == 0 {
                out.push('$');
                continue;
            }
            (&rest[..len], &rest[len..])
        };
        if name.parse::<usize>() == Ok(0) {
            out.push_str(matched);
        }
        rest = after;
    }
    out.push_str(rest);
}

fn is_template_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Vec<(&'static str, &'static str)> {
        vec![
            ("hi", "hi"),
            ("space", "abc  def"),
            ("empty", ""),
            ("path", "/usr/local/bin/python3.12"),
            ("ver", "1.2.3"),
        ]
    }

    fn value(word: &str) -> String {
        expand(word, '\\', env().as_slice()).unwrap().value
    }

    fn words(word: &str) -> Vec<String> {
        expand(word, '\\', env().as_slice()).unwrap().words
    }

    #[test]
    fn plain_and_braced_variables() {
        assert_eq!(value("hello${hi}bye"), "hellohibye");
        assert_eq!(value("hello$hi"), "hellohi");
        assert_eq!(value("hello${nope}bye"), "hellobye");
        assert_eq!(value("a$"), "a$");
        assert_eq!(value("$1x"), "x");
    }

    #[test]
    fn default_and_alternative_values() {
        assert_eq!(value("${nope:-w}"), "w");
        assert_eq!(value("${empty:-w}"), "w");
        assert_eq!(value("${empty-w}"), "");
        assert_eq!(value("${nope-w}"), "w");
        assert_eq!(value("${hi:+w}"), "w");
        assert_eq!(value("${empty:+w}"), "");
        assert_eq!(value("${empty+w}"), "w");
        assert_eq!(value("${nope+w}"), "");
        assert_eq!(value("${hi:-${nope:-x}}"), "hi");
        assert_eq!(value("${nope:-${hi}x}"), "hix");
    }

    #[test]
    fn required_values_fail_with_the_message() {
        let err = expand("${nope:?need it}", '\\', env().as_slice()).unwrap_err();
        assert_eq!(err.message, "nope: need it");
        let err = expand("${empty:?}", '\\', env().as_slice()).unwrap_err();
        assert_eq!(err.message, "empty: is not allowed to be empty");
        assert_eq!(value("${empty?}"), "");
    }

    #[test]
    fn prefix_and_suffix_patterns() {
        assert_eq!(value("${path#*/}"), "usr/local/bin/python3.12");
        assert_eq!(value("${path##*/}"), "python3.12");
        assert_eq!(value("${ver%.*}"), "1.2");
        assert_eq!(value("${ver%%.*}"), "1");
        assert_eq!(value("${ver#?.}"), "2.3");
        assert_eq!(value("${nope%%.*}"), "");
        assert!(expand("${ver:%.*}", '\\', env().as_slice()).is_err());
    }

    #[test]
    fn replacement_patterns() {
        assert_eq!(value("${ver/./-}"), "1-2.3");
        assert_eq!(value("${ver//./-}"), "1-2-3");
        assert_eq!(value("${path//\\//:}"), ":usr:local:bin:python3.12");
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(value("hello\" there  \""), "hello there  ");
        assert_eq!(value("hello\\ there"), "hello there");
        assert_eq!(value("hello'\\there'"), "hello\\there");
        assert_eq!(value("hello\"\\there\""), "hello\\there");
        assert_eq!(value("hello\"\\\\there\""), "hello\\there");
        assert_eq!(value("'$hi'"), "$hi");
        assert_eq!(value("\"$hi\""), "hi");
        assert_eq!(value("\\$hi"), "$hi");
        assert!(expand("hello\" there", '\\', env().as_slice()).is_err());
    }

    #[test]
    fn words_split_after_expansion() {
        assert_eq!(words("hello${space}bye"), ["helloabc", "defbye"]);
        assert_eq!(words("hello\"${space}\"bye"), ["helloabc  defbye"]);
        assert_eq!(words("hello there     "), ["hello", "there"]);
        assert_eq!(words("\"\""), Vec::<String>::new());
    }

    #[test]
    fn backtick_escape() {
        let e = expand("a`$hi b", '`', env().as_slice()).unwrap();
        assert_eq!(e.value, "a$hi b");
        let e = expand("C:\\path", '`', env().as_slice()).unwrap();
        assert_eq!(e.value, "C:\\path");
    }

    #[test]
    fn bad_substitutions() {
        for bad in ["${}", "${:x}", "${x", "${x:x}", "${x!}"] {
            assert!(expand(bad, '\\', env().as_slice()).is_err(), "{bad}");
        }
    }

    #[test]
    fn unset_kept_when_asked() {
        let mut lexer = Lexer::new('\\');
        lexer.skip_unset_env = true;
        let e = lexer
            .expand("$a ${b} ${c:-d} $hi", env().as_slice())
            .unwrap();
        assert_eq!(e.value, "$a ${b} ${c:-d} hi");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}x{}", "${a:-".repeat(100_000), "}".repeat(100_000));
        assert!(expand(&deep, '\\', env().as_slice()).is_err());
        let fine = format!("{}x{}", "${a:-".repeat(100), "}".repeat(100));
        assert_eq!(value(&fine), "x");
    }

    #[test]
    fn records_matched_and_unmatched() {
        let e = expand("$hi $nope", '\\', env().as_slice()).unwrap();
        assert!(e.matched.contains("hi"));
        assert!(e.unmatched.contains("nope"));
    }
}
