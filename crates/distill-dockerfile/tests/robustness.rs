//! Hostile and odd input: the parser reports problems with a place and
//! never panics, hangs or loses a byte.

use distill_dockerfile::{Dockerfile, Severity, TokenKind};
use proptest::prelude::*;

/// The tokens of every item tile the source in order, and printing gives
/// the source back.
fn assert_lossless(file: &Dockerfile) {
    let mut cursor = 0;
    for item in &file.items {
        assert_eq!(item.span.start, cursor, "item starts where the last ended");
        for token in &item.tokens {
            assert_eq!(token.span.start, cursor, "token {token:?} leaves a gap");
            assert!(token.span.end > token.span.start, "empty token {token:?}");
            cursor = token.span.end;
        }
        assert_eq!(
            item.span.end, cursor,
            "item {:?} ends at its last token",
            item.kind
        );
    }
    assert_eq!(cursor, file.source.len(), "tokens cover the whole source");
    assert_eq!(file.print(), file.source);
}

fn error_at(file: &Dockerfile, needle: &str) -> (usize, usize) {
    let diagnostic = file
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.message.contains(needle))
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {:?}", file.diagnostics));
    let at = file.line_col(diagnostic.span.start);
    (at.line, at.column)
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let bytes = b"FROM alpine\nRUN echo \xff\xfe done\nUSER 65532\n";
    let file = Dockerfile::parse_bytes(bytes);
    assert!(file.lossy);
    assert_eq!(error_at(&file, "not valid UTF-8"), (2, 10));
    assert_eq!(
        file.instructions.len(),
        3,
        "the rest of the file is still read"
    );
    assert_lossless(&file);
}

#[test]
fn binary_input_gives_diagnostics_not_panics() {
    let mut bytes = Vec::new();
    let mut state: u32 = 0x1234_5678;
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push((state & 0xff) as u8);
    }
    let file = Dockerfile::parse_bytes(&bytes);
    assert!(file.errors().next().is_some());
    assert_lossless(&file);
}

#[test]
fn unterminated_heredoc_points_at_its_instruction() {
    let text = "FROM alpine\nRUN echo hi\nRUN <<EOF\nset -e\necho never ends\n";
    let file = Dockerfile::parse(text);
    assert_eq!(error_at(&file, "unterminated heredoc"), (3, 1));
    let last = file.instructions.last().unwrap();
    assert_eq!((last.start_line, last.end_line), (3, 5));
    assert_lossless(&file);
}

#[test]
fn hundred_thousand_line_continuation() {
    let mut text = String::from("FROM alpine\nRUN true \\\n");
    for i in 0..100_000 {
        text.push_str(&format!("  && echo {i} \\\n"));
    }
    text.push_str("  && echo end\nUSER 65532\n");
    let file = Dockerfile::parse(&text);
    assert_eq!(file.instructions.len(), 3);
    let run = &file.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 100_003));
    assert!(file.errors().next().is_none());
    assert_lossless(&file);
}

#[test]
fn fifty_megabyte_file() {
    let line = "RUN echo 'a line that is long enough to matter' && true\n";
    let mut text = String::from("FROM alpine\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    let file = Dockerfile::parse(&text);
    assert!(file.instructions.len() > 900_000);
    assert!(file.errors().next().is_none());
    assert_eq!(file.print().len(), text.len());
}

#[test]
fn one_enormous_line() {
    let text = format!("FROM alpine\nRUN echo {}\n", "x".repeat(20 * 1024 * 1024));
    let file = Dockerfile::parse(&text);
    assert_eq!(file.instructions.len(), 2);
    assert_lossless(&file);
}

#[test]
fn deeply_nested_constructs() {
    let json = format!("FROM a\nCMD {}{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let onbuild = format!("FROM a\n{}RUN x\n", "ONBUILD ".repeat(50_000));
    let subst = format!("FROM a\nRUN {}<<EOF\nEOF\n", "${x:-".repeat(50_000));
    for text in [json, onbuild, subst] {
        let file = Dockerfile::parse(&text);
        assert_lossless(&file);
    }
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "\n\n", "# just a comment\n", "\u{feff}"] {
        let file = Dockerfile::parse(text);
        assert!(
            file.errors().any(|d| d.message.contains("no instructions")),
            "{text:?}: {:?}",
            file.diagnostics
        );
        assert_lossless(&file);
    }
    // A lone escape starts an instruction with no keyword, as in BuildKit.
    let file = Dockerfile::parse("\\");
    assert_eq!(file.instructions.len(), 1);
    assert!(
        file.errors()
            .any(|d| d.message.contains("unknown instruction"))
    );
}

#[test]
fn bom_and_crlf_are_kept() {
    let text = "\u{feff}# syntax=docker/dockerfile:1\r\nFROM alpine\r\nRUN a \\\r\n  b\r\n";
    let file = Dockerfile::parse(text);
    assert_eq!(file.directives.len(), 1);
    assert_eq!(file.items[0].tokens[0].kind, TokenKind::Bom);
    assert_eq!(file.instructions[1].logical.text, "RUN a   b");
    assert_lossless(&file);
}

/// Pieces real Dockerfiles are made of, and the characters that trip
/// parsers: escapes, quotes, heredoc markers, JSON brackets, line breaks.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("FROM ".to_string()),
        Just("RUN ".to_string()),
        Just("run ".to_string()),
        Just("COPY ".to_string()),
        Just("ENV ".to_string()),
        Just("ARG ".to_string()),
        Just("ONBUILD ".to_string()),
        Just("HEALTHCHECK ".to_string()),
        Just("CMD ".to_string()),
        Just("--mount=type=cache,target=/x ".to_string()),
        Just("--from=build ".to_string()),
        Just("\\".to_string()),
        Just("`".to_string()),
        Just("\\\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("# comment\n".to_string()),
        Just("# escape=`\n".to_string()),
        Just("<<EOF".to_string()),
        Just("<<-'EOT'".to_string()),
        Just("EOF\n".to_string()),
        Just("\tEOT\n".to_string()),
        Just("[\"a\", \"b\"]".to_string()),
        Just("[1, ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("${V:-w}".to_string()),
        Just("$".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("=".to_string()),
        Just("é".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{85}".to_string()),
        "[a-z0-9/:.@_-]{1,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_input_round_trips(parts in prop::collection::vec(fragment(), 0..60)) {
        let text: String = parts.concat();
        let file = Dockerfile::parse(&text);
        assert_lossless(&file);
        let mut previous_end = 0;
        for instruction in &file.instructions {
            prop_assert!(instruction.start_line <= instruction.end_line);
            prop_assert!(instruction.start_line > previous_end);
            previous_end = instruction.end_line;
            prop_assert!(file.source.get(instruction.span.range()).is_some());
        }
        for diagnostic in &file.diagnostics {
            prop_assert!(diagnostic.span.end <= text.len());
            prop_assert!(text.is_char_boundary(diagnostic.span.start));
        }
        let _ = file.model();
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let file = Dockerfile::parse_bytes(&bytes);
        assert_lossless(&file);
    }
}
