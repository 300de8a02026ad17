use distill_report::{Finding, Severity};

use super::{install_label, run_commands, stage_runs};
use crate::dockerfile::DockerfileContext;
use crate::dockerfile::shell;
use crate::rule::{FixKind, RuleMeta, Target};

pub const RULE: RuleMeta = RuleMeta {
    code: "BS102",
    name: "package-install-in-runtime",
    severity: Severity::Warning,
    summary: "apt/apt-get/apk/yum/dnf/microdnf/zypper/pip/npm/gem installs in the runtime stage.",
    doc: r#"
## What it finds

Package installs in the image that ships: `apt-get install`, `apk add`,
`yum`/`dnf`/`microdnf`/`zypper install`, `pip install` (also `python -m
pip`, `uv`, `poetry`), `npm install`/`ci`, `yarn`, `pnpm`, `gem`/`bundle
install`, `composer install`, and dependency downloads such as `go mod
download`, run by the runtime stage (the target stage, last by default) or
a stage it is built `FROM`. Every install command is reported.

Commands that build (`go install`, `cargo install`) are BS101's, so they
are not reported twice.

## Why it matters

Installing in the runtime stage ships the package manager, its metadata
and caches, and every package pulled in along the way, each with its own
CVEs. It also needs a shell and a package manager at build time, which
minimal runtimes (distroless, Chainguard) do not have.

## Example

```dockerfile
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ /app/
CMD ["python", "/app/main.py"]
```

## Fix

Install in a builder stage and copy the result into the runtime: a
virtualenv or `site-packages` for Python, `node_modules` for Node, the
shared libraries the application links for system packages. Minimal
runtimes already carry the common runtime libraries (distroless `base`
and `cc`, Chainguard `glibc-dynamic`).
"#,
    targets: &[Target::Dockerfile],
    fix: FixKind::None,
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Finding>) {
    let Some(target) = ctx.target else {
        return;
    };

    for &stage in ctx.runtime_chain().iter().rev() {
        for (_, instruction) in stage_runs(ctx, stage) {
            for command in run_commands(ctx, instruction) {
                if shell::build_tool(&command.command).is_some() {
                    continue;
                }
                let Some(install) = shell::install(&command.command) else {
                    continue;
                };
                let label = install_label(&install, &command.command);
                let place = if stage == target {
                    "the runtime stage".to_string()
                } else {
                    format!(
                        "{}, which the runtime stage is built FROM",
                        ctx.stage_label(stage)
                    )
                };
                let what = if install.installer.is_system() {
                    "the package manager and every installed package, with their CVEs, ship in the final image"
                } else {
                    "the package manager, its caches and any build-only dependencies ship in the final image"
                };
                out.push(
                    ctx.finding(
                        &RULE,
                        command.span(),
                        format!("{label} runs in {place}, so {what}"),
                    )
                    .with_help(
                        "install in a builder stage and COPY only what the application needs into the runtime stage",
                    ),
                );
            }
        }
    }
}
