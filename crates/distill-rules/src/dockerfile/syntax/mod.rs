//! PE: input that cannot be read as its tool would read it.

mod empty_continuation_line;
mod syntax_error;

use super::DockerfileCheck;

pub(crate) use syntax_error::RULE as SYNTAX_ERROR;

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &syntax_error::RULE,
        run: syntax_error::check,
    },
    DockerfileCheck {
        rule: &empty_continuation_line::RULE,
        run: empty_continuation_line::check,
    },
];
