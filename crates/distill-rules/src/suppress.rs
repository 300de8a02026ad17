//! Inline suppression comments.
//!
//! - `# distill-ignore: CODE[,CODE] -- reason` in the comment block right
//!   above an instruction (or a YAML field) silences those codes there.
//! - `# distill-ignore-file: CODE[,CODE]` anywhere silences them in the
//!   whole file.
//! - hadolint's `# hadolint ignore=DL3006,...` and `# hadolint global
//!   ignore=...` are honoured where a distill rule covers the same ground
//!   (see [`hadolint_equivalent`]), so teams can switch without rewriting
//!   their files.
//!
//! A code may also be a family (`IR`) or `ALL`.

/// The distill rule that covers a hadolint rule, where one does.
pub fn hadolint_equivalent(code: &str) -> Option<&'static str> {
    Some(match code {
        // Always tag the image version / do not use latest.
        "DL3006" | "DL3007" => "IR101",
        // Last USER should not be root.
        "DL3002" => "US101",
        // Use JSON notation for CMD and ENTRYPOINT.
        "DL3025" => "SL101",
        // COPY --from should reference a previously defined FROM alias.
        "DL3022" => "DF104",
        // FROM aliases must be unique.
        "DL3024" => "DF105",
        // Multiple CMD / ENTRYPOINT instructions.
        "DL4003" | "DL4004" => "DF106",
        // Use only an allowed registry in the FROM image.
        "DL3026" => "IR103",
        // Pipe curl into a shell without pipefail is hadolint's DL4006; the
        // distill rule against piping downloads into a shell is BS106.
        "DL4006" => "BS106",
        // Invalid Dockerfile syntax.
        "DL1000" => "PE101",
        _ => return None,
    })
}

/// What a comment asks to silence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Directive {
    /// Codes silenced for the next instruction or field.
    Next(Vec<String>),
    /// Codes silenced for the whole file.
    File(Vec<String>),
}

fn split_codes(text: &str) -> Vec<String> {
    text.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Read a comment's text (the `#` included or not).
pub fn parse_comment(comment: &str) -> Option<Directive> {
    let body = comment.trim_start().trim_start_matches('#').trim();
    if let Some(rest) = body.strip_prefix("distill-ignore-file:") {
        let codes = rest.split("--").next().unwrap_or("");
        return Some(Directive::File(split_codes(codes)));
    }
    if let Some(rest) = body.strip_prefix("distill-ignore:") {
        let codes = rest.split("--").next().unwrap_or("");
        return Some(Directive::Next(split_codes(codes)));
    }
    let hadolint = body.strip_prefix("hadolint")?.trim_start();
    let (global, rest) = match hadolint.strip_prefix("global") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, hadolint),
    };
    let list = rest.strip_prefix("ignore=")?;
    let codes: Vec<String> = split_codes(list)
        .iter()
        .filter_map(|c| hadolint_equivalent(c))
        .map(str::to_string)
        .collect();
    Some(if global {
        Directive::File(codes)
    } else {
        Directive::Next(codes)
    })
}

/// Whether `pattern` (a code, a family or `ALL`) covers `code`.
pub fn code_matches(pattern: &str, code: &str) -> bool {
    pattern == "ALL"
        || pattern == code
        || (code.starts_with(pattern) && pattern.chars().all(|c| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_distill_and_hadolint_comments() {
        assert_eq!(
            parse_comment("# distill-ignore: US101, IR102 -- base image runs as nonroot"),
            Some(Directive::Next(vec!["US101".into(), "IR102".into()]))
        );
        assert_eq!(
            parse_comment("#distill-ignore-file: BS"),
            Some(Directive::File(vec!["BS".into()]))
        );
        assert_eq!(
            parse_comment("# hadolint ignore=DL3007,DL3008"),
            Some(Directive::Next(vec!["IR101".into()]))
        );
        assert_eq!(
            parse_comment("# hadolint global ignore=DL3002"),
            Some(Directive::File(vec!["US101".into()]))
        );
        assert_eq!(parse_comment("# just a comment"), None);
    }

    #[test]
    fn families_and_all() {
        assert!(code_matches("US", "US101"));
        assert!(code_matches("ALL", "PE101"));
        assert!(code_matches("US101", "US101"));
        assert!(!code_matches("US10", "US101"));
        assert!(!code_matches("IR", "US101"));
    }
}
