//! US: the user the workload runs as.

mod non_numeric_user;
mod runs_as_root;

use distill_dockerfile::{Args, Keyword};
use distill_source::Span;

use super::{DockerfileCheck, DockerfileContext};

pub(super) const CHECKS: &[DockerfileCheck] = &[
    DockerfileCheck {
        rule: &runs_as_root::RULE,
        run: runs_as_root::check,
    },
    DockerfileCheck {
        rule: &non_numeric_user::RULE,
        run: non_numeric_user::check,
    },
];

/// The last `USER` of the runtime chain, expanded.
pub(crate) struct UserInstruction {
    /// The user part (before `:`), after variable expansion.
    pub user: String,
    /// The whole value after expansion.
    pub value: String,
    /// Whether the value is written literally (no variables), so that a
    /// fix may rewrite it.
    pub literal: bool,
    /// Where the value is written.
    pub span: Span,
}

impl UserInstruction {
    /// Whether the user is root by name or uid.
    pub fn is_root(&self) -> bool {
        self.user == "root" || self.user == "0"
    }

    /// Whether the value could not be expanded to a literal.
    pub fn is_unresolved(&self) -> bool {
        self.value.contains('$') || self.user.is_empty()
    }
}

pub(crate) fn runtime_user(ctx: &DockerfileContext<'_>) -> Option<UserInstruction> {
    let (index, instruction) = ctx.last_runtime(Keyword::User)?;
    let Args::Shell(word) = &instruction.command.args else {
        return None;
    };
    let value = ctx.model.expand_at(index, &word.text).value;
    let user = value.split(':').next().unwrap_or("").trim().to_string();
    Some(UserInstruction {
        user,
        literal: value == word.text.as_str(),
        value,
        span: word.span,
    })
}
