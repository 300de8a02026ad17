//! What Dockerfile rules see: the parsed file, its model, which stage
//! ships (the runtime) and which only build, and the catalog's facts about
//! each stage's base image.

use distill_catalog::{BaseFacts, Catalog};
use distill_dockerfile::model::{BaseImage, Model, Stage};
use distill_dockerfile::{Args, Dockerfile, ImageRef, Instruction, Keyword};
use distill_report::{Finding, Severity};
use distill_source::Span;

use super::shell::{self, ShellCommand};
use crate::rule::RuleMeta;

/// Options of one Dockerfile check.
#[derive(Clone, Debug, Default)]
pub struct DockerfileOptions {
    /// The stage `docker build --target` would build; the last stage when
    /// `None` or when the file has no stage of that name.
    pub target: Option<String>,
    /// `--build-arg` values.
    pub build_args: Vec<(String, String)>,
    /// Registries (or registry/repository prefixes) images may come from;
    /// empty means any.
    pub trusted_registries: Vec<String>,
}

/// A shell script a `RUN` instruction runs, with the way back to the
/// source.
#[derive(Clone, Debug)]
pub struct Script<'a> {
    /// The script text.
    pub text: String,
    /// The commands in it.
    pub commands: Vec<ShellCommand>,
    origin: ScriptOrigin<'a>,
}

#[derive(Clone, Debug)]
enum ScriptOrigin<'a> {
    /// The shell-form argument, starting at this offset of the logical line.
    Line(&'a Instruction, usize),
    /// A heredoc body starting at this source offset.
    Heredoc(usize),
}

impl Script<'_> {
    /// The source span of `start..end` in the script.
    pub fn span(&self, start: usize, end: usize) -> Span {
        match &self.origin {
            ScriptOrigin::Line(instruction, base) => {
                instruction.logical.span(base + start, base + end)
            }
            ScriptOrigin::Heredoc(body) => Span::new(body + start, body + end),
        }
    }

    /// The source span of a command's words.
    pub fn command_span(&self, command: &ShellCommand) -> Option<Span> {
        let (start, end) = command.range()?;
        Some(self.span(start, end))
    }
}

/// Everything a Dockerfile rule may ask about.
pub struct DockerfileContext<'a> {
    /// Path of the file, relative to the audited folder.
    pub path: &'a str,
    /// The parsed file.
    pub file: &'a Dockerfile,
    /// Stages and variables.
    pub model: Model<'a>,
    /// Base-image knowledge.
    pub catalog: &'a Catalog,
    /// The options of this run.
    pub options: &'a DockerfileOptions,
    /// The stage that ships, if the file has any stage.
    pub target: Option<usize>,
    runtime_chain: Vec<usize>,
    facts: Vec<Option<BaseFacts>>,
}

impl<'a> DockerfileContext<'a> {
    /// Build the context for one file.
    pub fn new(
        path: &'a str,
        file: &'a Dockerfile,
        catalog: &'a Catalog,
        options: &'a DockerfileOptions,
    ) -> Self {
        let model = Model::new(file, &options.build_args);
        let target = options
            .target
            .as_deref()
            .and_then(|name| model.target(Some(name)))
            .or_else(|| model.target(None));
        let runtime_chain = target.map(|t| model.base_chain(t)).unwrap_or_default();
        let facts = (0..model.stages.len())
            .map(|stage| match model.root_base(stage) {
                BaseImage::Image(image) => {
                    catalog.lookup(&image.registry, &image.repository, image.tag.as_deref())
                }
                BaseImage::Scratch => catalog.lookup("docker.io", "library/scratch", None),
                _ => None,
            })
            .collect();
        DockerfileContext {
            path,
            file,
            model,
            catalog,
            options,
            target,
            runtime_chain,
            facts,
        }
    }

    /// The runtime stage and the stages it is built `FROM`, runtime first.
    pub fn runtime_chain(&self) -> &[usize] {
        &self.runtime_chain
    }

    /// Whether a stage's instructions end up in the shipped image.
    pub fn is_runtime(&self, stage: usize) -> bool {
        self.runtime_chain.contains(&stage)
    }

    /// Stages that only build: everything outside the runtime chain.
    pub fn build_stages(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.model.stages.len()).filter(|s| !self.is_runtime(*s))
    }

    /// A stage.
    pub fn stage(&self, index: usize) -> &Stage {
        &self.model.stages[index]
    }

    /// The catalog's facts about the image at the bottom of a stage's
    /// base chain, if the catalog knows it.
    pub fn facts(&self, stage: usize) -> Option<&BaseFacts> {
        self.facts.get(stage).and_then(Option::as_ref)
    }

    /// The facts of the runtime's base image.
    pub fn runtime_facts(&self) -> Option<&BaseFacts> {
        self.target.and_then(|t| self.facts(t))
    }

    /// The stage at the bottom of a stage's chain: the one whose `FROM`
    /// names the image.
    pub fn root_stage(&self, stage: usize) -> usize {
        *self.model.base_chain(stage).last().unwrap_or(&stage)
    }

    /// The image a stage is ultimately built on.
    pub fn root_image(&self, stage: usize) -> Option<&ImageRef> {
        match self.model.root_base(stage) {
            BaseImage::Image(image) => Some(image),
            _ => None,
        }
    }

    /// The span of a stage's base as written in its `FROM`.
    pub fn base_span(&self, stage: usize) -> Span {
        self.model.stages[stage].base_text.span
    }

    /// An instruction by index.
    pub fn instruction(&self, index: usize) -> &'a Instruction {
        &self.file.instructions[index]
    }

    /// The instructions of a stage after its `FROM`, with their indices.
    pub fn stage_instructions(
        &self,
        stage: usize,
    ) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        self.model.stages[stage]
            .instructions
            .iter()
            .map(|&i| (i, &self.file.instructions[i]))
    }

    /// The instructions of the runtime chain, oldest stage first: the order
    /// in which they shape the shipped image.
    pub fn runtime_instructions(&self) -> Vec<(usize, &'a Instruction)> {
        let mut out = Vec::new();
        for &stage in self.runtime_chain.iter().rev() {
            out.extend(self.stage_instructions(stage));
        }
        out
    }

    /// The last instruction with `keyword` in the runtime chain.
    pub fn last_runtime(&self, keyword: Keyword) -> Option<(usize, &'a Instruction)> {
        self.runtime_instructions()
            .into_iter()
            .rev()
            .find(|(_, i)| i.keyword() == keyword)
    }

    /// The scripts a `RUN` runs: its shell-form command line, and heredoc
    /// bodies fed to a shell.
    pub fn scripts(&self, instruction: &'a Instruction) -> Vec<Script<'a>> {
        let command = instruction.effective_command();
        if command.keyword != Keyword::Run {
            return Vec::new();
        }
        let mut scripts = Vec::new();
        match &command.args {
            Args::Shell(word) => {
                let logical = &instruction.logical.text;
                let end = logical.trim_end().len();
                let base = end.saturating_sub(word.text.len());
                let text = word.text.to_string();
                scripts.push(Script {
                    commands: shell::commands(&text),
                    text,
                    origin: ScriptOrigin::Line(instruction, base),
                });
            }
            Args::Exec(words) => {
                // RUN ["sh", "-c", "script"]
                if let [sh, flag, script, ..] = words.as_slice() {
                    if sh.text.ends_with("sh") && flag.text == "-c" {
                        let text = script.text.to_string();
                        scripts.push(Script {
                            commands: shell::commands(&text),
                            text,
                            origin: ScriptOrigin::Heredoc(script.span.start + 1),
                        });
                    }
                }
            }
            _ => {}
        }
        for heredoc in &instruction.heredocs {
            scripts.push(Script {
                commands: shell::commands(&heredoc.content),
                text: heredoc.content.clone(),
                origin: ScriptOrigin::Heredoc(heredoc.body_span.start),
            });
        }
        scripts
    }

    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn finding(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        self.finding_with(rule, rule.severity, span, message)
    }

    /// A finding with a severity other than the rule's default.
    pub fn finding_with(
        &self,
        rule: &'static RuleMeta,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(
            rule.code,
            rule.name,
            severity,
            &self.file.source,
            self.file.line_index(),
            span,
            message,
        )
    }

    /// The span of an instruction's keyword through the end of its text.
    pub fn instruction_span(&self, instruction: &Instruction) -> Span {
        instruction.text_span(&self.file.source)
    }

    /// A description of a stage for messages: `stage "build"` or `stage 2`.
    pub fn stage_label(&self, stage: usize) -> String {
        match &self.model.stages[stage].name {
            Some(name) => format!("stage \"{name}\""),
            None => format!("stage {stage}"),
        }
    }
}
