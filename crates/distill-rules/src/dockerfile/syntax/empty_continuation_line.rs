use distill_dockerfile::DiagnosticKind;
use distill_report::{Finding, Fix, Severity};
use distill_source::{Applicability, Edit, Span};

use crate::dockerfile::DockerfileContext;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "PE102",
    name: "empty-continuation-line",
    severity: Severity::Warning,
    summary: "A blank line inside a continued instruction, which BuildKit warns will become an error.",
    doc: r#"
## What it finds

A line with nothing but blanks in the middle of an instruction continued
with `\` (or the escape character chosen by `# escape=`).

## Why it matters

BuildKit skips such lines today but prints "Empty continuation lines will
become errors in a future release". They also make it easy to miss that the
next line still belongs to the instruction above.

## Example

```dockerfile
FROM debian:12-slim
RUN apt-get update && \

    apt-get install -y curl
```

## Fix

Delete the blank line; the instruction means the same. The fix is safe.
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::Always,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let source = &ctx.file.source;
    for diagnostic in &ctx.file.diagnostics {
        if diagnostic.kind != DiagnosticKind::EmptyContinuation {
            continue;
        }
        let start = diagnostic.span.start;
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i + 1);
        let fix = Fix::new(
            "delete the blank line",
            Applicability::Safe,
            Edit::delete(Span::new(start, line_end)),
        );
        out.push(
            ctx.finding(
                &RULE,
                Span::new(start, diagnostic.span.end),
                "blank line inside a continued instruction; BuildKit warns that these will become errors",
            )
            .with_fix(fix),
        );
    }
}
