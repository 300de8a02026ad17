//! DF: Dockerfile semantics that silently differ from what is written.

mod copy_from_unknown_stage;
mod duplicate_stage_name;
mod exec_form_not_json;
mod global_arg_not_redeclared;
mod overridden_cmd_or_entrypoint;
mod runtime_on_build_platform;
mod undefined_arg_in_from;

use distill_dockerfile::Instruction;
use distill_source::Span;

use super::DockerfileCheck;

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &undefined_arg_in_from::RULE,
        run: undefined_arg_in_from::check,
    },
    DockerfileCheck {
        rule: &global_arg_not_redeclared::RULE,
        run: global_arg_not_redeclared::check,
    },
    DockerfileCheck {
        rule: &exec_form_not_json::RULE,
        run: exec_form_not_json::check,
    },
    DockerfileCheck {
        rule: &copy_from_unknown_stage::RULE,
        run: copy_from_unknown_stage::check,
    },
    DockerfileCheck {
        rule: &duplicate_stage_name::RULE,
        run: duplicate_stage_name::check,
    },
    DockerfileCheck {
        rule: &overridden_cmd_or_entrypoint::RULE,
        run: overridden_cmd_or_entrypoint::check,
    },
    DockerfileCheck {
        rule: &runtime_on_build_platform::RULE,
        run: runtime_on_build_platform::check,
    },
];

/// How a text quotes and escapes the `$` of a variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quoting {
    /// BuildKit's word expansion (the `shell` lexer of its Dockerfile
    /// frontend), with the file's escape character.
    Dockerfile(char),
    /// A POSIX shell script: `\` escapes, and `#` at the start of a word
    /// opens a comment.
    Shell,
}

/// A `$NAME` or `${NAME...}` written in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct VarRef {
    /// The variable's name.
    pub name: String,
    /// Byte offset of the `$`.
    pub start: usize,
    /// Byte offset just after the name, or after the closing `}`.
    pub end: usize,
}

/// The variables a text refers to, in order. Text in single quotes and
/// escaped dollars are not references, as neither BuildKit nor a shell
/// expands them; references nested in a `${A:-$B}` default are found too.
/// Special parameters (`$1`, `$@`, `$(...)`) are not variables here.
pub(crate) fn variable_refs(text: &str, quoting: Quoting) -> Vec<VarRef> {
    let (escape, shell) = match quoting {
        Quoting::Dockerfile(escape) => (escape, false),
        Quoting::Shell => ('\\', true),
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut refs = Vec::new();
    let mut in_double = false;
    let mut word_start = true;
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        if c == escape {
            i += 2;
            word_start = false;
            continue;
        }
        match c {
            '\'' if !in_double => {
                // Single quotes have no escapes inside: skip to the next one.
                i += 1;
                while chars.get(i).is_some_and(|&(_, q)| q != '\'') {
                    i += 1;
                }
                i += 1;
                word_start = false;
                continue;
            }
            '"' => in_double = !in_double,
            '#' if shell && word_start && !in_double => {
                while chars.get(i).is_some_and(|&(_, n)| n != '\n') {
                    i += 1;
                }
                continue;
            }
            '$' => {
                if let Some((reference, next)) = reference_at(text, &chars, i, at) {
                    refs.push(reference);
                    i = next;
                    word_start = false;
                    continue;
                }
            }
            _ => {}
        }
        word_start = !in_double && (c.is_whitespace() || matches!(c, ';' | '&' | '|' | '('));
        i += 1;
    }
    refs
}

/// The reference whose `$` is `chars[i]`, and the index to go on from:
/// right after the name, so that a `${A:-$B}` default is read as well.
fn reference_at(
    text: &str,
    chars: &[(usize, char)],
    i: usize,
    at: usize,
) -> Option<(VarRef, usize)> {
    let braced = chars.get(i + 1).is_some_and(|&(_, c)| c == '{');
    let name_start = if braced { i + 2 } else { i + 1 };
    let mut j = name_start;
    while let Some(&(_, c)) = chars.get(j) {
        let ok = c == '_' || c.is_ascii_alphabetic() || (j > name_start && c.is_ascii_digit());
        if !ok {
            break;
        }
        j += 1;
    }
    if j == name_start {
        return None;
    }
    let offset = |k: usize| chars.get(k).map_or(text.len(), |&(o, _)| o);
    let name = text[offset(name_start)..offset(j)].to_string();
    let end = if braced {
        closing_brace(chars, i + 1).map_or(text.len(), |k| offset(k + 1))
    } else {
        offset(j)
    };
    Some((
        VarRef {
            name,
            start: at,
            end,
        },
        j,
    ))
}

/// The index of the `}` that closes the `{` at `open`.
fn closing_brace(chars: &[(usize, char)], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &(_, c)) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// The references in an instruction's text as BuildKit reads it (its
/// joined logical line, heredoc bodies aside), with their source spans.
pub(crate) fn instruction_refs(instruction: &Instruction, escape: char) -> Vec<(VarRef, Span)> {
    let logical = &instruction.logical;
    variable_refs(&logical.text, Quoting::Dockerfile(escape))
        .into_iter()
        .map(|r| {
            let span = logical.span(r.start, r.end);
            (r, span)
        })
        .collect()
}

/// Whether `inner` starts inside `outer`.
pub(crate) fn starts_in(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.start < outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, quoting: Quoting) -> Vec<(String, usize, usize)> {
        variable_refs(text, quoting)
            .into_iter()
            .map(|r| (r.name, r.start, r.end))
            .collect()
    }

    #[test]
    fn plain_braced_and_nested_references() {
        assert_eq!(
            names("a$X ${Y:-$Z}b", Quoting::Dockerfile('\\')),
            [
                ("X".to_string(), 1, 3),
                ("Y".to_string(), 4, 12),
                ("Z".to_string(), 9, 11)
            ]
        );
    }

    #[test]
    fn quotes_escapes_and_specials_are_not_references() {
        assert!(names("'$X' \\$Y $1 $@ $(id) ${#}", Quoting::Shell).is_empty());
        assert_eq!(names("\"it's $X\"", Quoting::Shell)[0].0, "X");
        assert!(names("`$X", Quoting::Dockerfile('`')).is_empty());
    }

    #[test]
    fn shell_comments_are_skipped() {
        assert!(names("# uses $X\necho a#$Y", Quoting::Shell)[0].0 == "Y");
        assert_eq!(names("# uses $X\necho a#$Y", Quoting::Shell).len(), 1);
    }
}
