//! Wildcard patterns for tags and repositories.
//!
//! The catalog only needs `*` (any run of characters, possibly empty); there
//! is no `?`, no character class and no escaping, so a pattern without `*`
//! is an exact match.

/// Whether `text` matches `pattern` as a whole, `*` standing for any run of
/// characters (including `/`).
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let pattern = pattern.as_bytes();
    let text = text.as_bytes();
    let (mut p, mut t) = (0, 0);
    // Where the last `*` was seen, and the text position it currently covers up to;
    // on a mismatch the star swallows one more byte and matching resumes.
    let mut backtrack: Option<(usize, usize)> = None;

    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            backtrack = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((star, covered)) = backtrack {
            p = star + 1;
            t = covered + 1;
            backtrack = Some((star, covered + 1));
        } else {
            return false;
        }
    }

    pattern[p..].iter().all(|&b| b == b'*')
}

/// Whether the pattern contains a wildcard.
pub(crate) fn is_glob(pattern: &str) -> bool {
    pattern.contains('*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn matches_like_a_shell_glob_without_classes() {
        let cases = [
            ("latest", "latest", true),
            ("latest", "latest-amd64", false),
            ("latest-*", "latest-amd64", true),
            ("latest-*", "latest-", true),
            ("*-slim", "3.12-slim", true),
            ("*-slim", "3.12-slim-bookworm", false),
            ("*-slim-*", "3.12-slim-bookworm", true),
            ("*alpine*", "22-alpine3.20", true),
            ("*alpine*", "alpine", true),
            ("alpine*", "22-alpine", false),
            ("*", "", true),
            ("", "", true),
            ("", "x", false),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("*-dev", "latest-dev", true),
            ("*-dev", "latest-devel", false),
            ("cgr.dev/*/python", "cgr.dev/acme/python", true),
            ("cgr.dev/*/python", "cgr.dev/acme/python-fips", false),
            ("**", "anything", true),
            ("*ab", "aab", true),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(
                glob_match(pattern, text),
                expected,
                "{pattern:?} vs {text:?}"
            );
        }
    }
}
