use distill_dockerfile::{DiagnosticKind, Severity as ParseSeverity};
use distill_report::{Finding, Severity};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "PE101",
    name: "syntax-error",
    severity: Severity::Error,
    summary: "The file, or a part of it, would be rejected by BuildKit, the YAML parser or the Kubernetes API.",
    doc: r#"
## What it finds

Anything BuildKit refuses when it reads a Dockerfile: unknown instructions,
flags an instruction does not take, `FROM` with the wrong number of words,
unterminated heredocs, invalid parser directives, instructions before the
first `FROM`, a file that is not valid UTF-8. In YAML files: documents the
YAML parser cannot read, and objects the Kubernetes API would refuse.

## Why it matters

BuildKit stops at the first of these errors, so the image is not built at
all. distill reports every one and goes on checking the rest of the file,
so the other findings are still shown.

## Example

```dockerfile
FROM alpine:3.20
RUNN apk add --no-cache curl
COPY --form=build /out /app
```

Line 2 is an unknown instruction and line 3 an unknown flag (`--form`
instead of `--from`).

## Fix

Correct the instruction as the message says. `distill parse FILE` shows
how each instruction was read.
"#,
    targets: &[Target::Dockerfile, Target::Kubernetes, Target::Compose],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    for diagnostic in &ctx.file.diagnostics {
        // Non-string exec-form arrays are DF103; empty continuation lines
        // are PE102.
        if diagnostic.severity != ParseSeverity::Error || diagnostic.kind != DiagnosticKind::Syntax
        {
            continue;
        }
        out.push(ctx.finding(&RULE, diagnostic.span, diagnostic.message.clone()));
    }
}
