//! What the scorecard needs to know about a Dockerfile beyond its findings:
//! which stage ships and on what, where packages are installed and whether
//! those steps keep a cache, and whether a debug stage exists.

use distill_catalog::Family;
use distill_dockerfile::model::BaseImage;

use super::DockerfileContext;
use super::build_structure::package_steps;
use super::runtime_base::distro_label;

/// The runtime stage of a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeFacts {
    /// 1-based line of the runtime stage's `FROM`.
    pub line: usize,
    /// The image the runtime is built on, as resolved (`scratch` for the
    /// empty image), or the base as written when it could not be resolved.
    pub base: String,
    /// The catalog family of that image; `None` when the catalog does not
    /// know it.
    pub family: Option<Family>,
    /// The distribution it is built on, as messages name it ("Debian",
    /// "Alpine"), when the catalog knows the image.
    pub distro: Option<String>,
    /// Whether the catalog marks it as a debug variant (`:debug`, `-dev`).
    pub debug_variant: bool,
    /// Whether the runtime copies anything from another stage.
    pub copies_from_stage: bool,
}

/// A step that installs packages or downloads dependencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageStep {
    /// 1-based line of the `RUN`.
    pub line: usize,
    /// What it runs, as findings name it (`` `apt-get install` ``).
    pub label: String,
    /// Whether the `RUN` mounts a BuildKit cache.
    pub cached: bool,
    /// Whether it runs in the runtime stage, where BS104 offers no fix.
    pub in_runtime: bool,
}

/// Scorecard facts about one Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerfileFacts {
    /// Path relative to the audited folder.
    pub path: String,
    /// Number of stages.
    pub stages: usize,
    /// The stage that ships, if the file has a stage.
    pub runtime: Option<RuntimeFacts>,
    /// Package and dependency steps, in every stage.
    pub package_steps: Vec<PackageStep>,
    /// 1-based `FROM` line of a stage meant for debugging that does not
    /// ship: a stage named `debug`, or one built on a debug variant.
    pub debug_stage: Option<usize>,
    /// Lines of the `FROM`s that use `--platform=$BUILDPLATFORM` (or
    /// `$TARGETPLATFORM`), a sign that the file is written for cross builds.
    pub cross_platform_from: Vec<usize>,
}

/// Gather the facts from a file's context.
pub fn dockerfile_facts(ctx: &DockerfileContext<'_>) -> DockerfileFacts {
    let line_of = |instruction: usize| {
        let start = ctx.instruction(instruction).span.start;
        ctx.file.line_col(start).line
    };
    let runtime = ctx.target.map(|target| {
        let stage = ctx.stage(target);
        let facts = ctx.runtime_facts();
        let base = match ctx.model.root_base(target) {
            BaseImage::Image(image) => short_digest(&image.original),
            BaseImage::Scratch => "scratch".to_string(),
            _ => stage.base_expanded.clone(),
        };
        let copies_from_stage = ctx.runtime_chain().iter().any(|&s| {
            ctx.model
                .references(s)
                .iter()
                .any(|(_, _, r)| matches!(r, distill_dockerfile::StageRef::Stage(_)))
        });
        RuntimeFacts {
            line: line_of(stage.from_instruction),
            base,
            family: facts.map(|f| f.family),
            distro: facts.map(distro_label),
            debug_variant: facts.is_some_and(|f| f.debug_variant),
            copies_from_stage,
        }
    });

    let debug_stage = ctx
        .build_stages()
        .find(|&s| {
            ctx.stage(s).name.as_deref() == Some("debug")
                || ctx.facts(s).is_some_and(|f| f.debug_variant)
        })
        .map(|s| line_of(ctx.stage(s).from_instruction));

    let cross_platform_from = ctx
        .model
        .stages
        .iter()
        .filter(|s| {
            ctx.instruction(s.from_instruction)
                .command
                .flags_named("platform")
                .any(|f| {
                    f.value.as_deref().is_some_and(|v| {
                        v.contains("BUILDPLATFORM") || v.contains("TARGETPLATFORM")
                    })
                })
        })
        .map(|s| line_of(s.from_instruction))
        .collect();

    DockerfileFacts {
        path: ctx.path.to_string(),
        stages: ctx.model.stages.len(),
        runtime,
        package_steps: package_steps(ctx)
            .into_iter()
            .map(|step| PackageStep {
                line: line_of(step.index),
                label: step.label,
                cached: step.cached,
                in_runtime: step.in_runtime,
            })
            .collect(),
        debug_stage,
        cross_platform_from,
    }
}

/// `name:tag@sha256:443b2a3cad53…`: a reference with its digest cut to
/// twelve hex digits, enough to tell digests apart in a report.
pub fn short_digest(reference: &str) -> String {
    match reference.split_once("@sha256:") {
        Some((name, digest)) if digest.len() > 12 => {
            format!("{name}@sha256:{}…", &digest[..12])
        }
        _ => reference.to_string(),
    }
}
