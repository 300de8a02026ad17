//! The semantic model of a Dockerfile: stages, build arguments with
//! BuildKit's scope rules, `ENV`, the resolved base of each stage, stage
//! references told apart from images, and which stages a target needs.
//!
//! Scope rules follow BuildKit's `dockerfile2llb`:
//! - `ARG`s before the first `FROM` are global. Their defaults are expanded
//!   in order with the global arguments before them, and a `--build-arg`
//!   replaces the value of a declared global. BuildKit's automatic platform
//!   arguments (`BUILDPLATFORM`, `TARGETARCH`, ...) are global too.
//! - `FROM` and `FROM --platform` expand with the globals only.
//! - Inside a stage, `ARG NAME` without a default takes the global value;
//!   `ARG NAME=default` expands the default with the stage's variables; a
//!   `--build-arg` wins over both. Declared arguments become variables of
//!   the stage, as `ENV` values do.
//! - A stage built `FROM` another stage inherits its variables.

use std::collections::{BTreeMap, BTreeSet};

use distill_source::Span;

use crate::expand::{Expansion, Lexer};
use crate::image_ref::ImageRef;
use crate::mount::parse_mount;
use crate::syntax::{Args, Keyword, Word};
use crate::{Dockerfile, Instruction};

/// The values BuildKit gives its automatic platform arguments on a
/// linux/amd64 builder targeting linux/amd64.
pub const AUTOMATIC_ARGS: [(&str, &str); 11] = [
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDOSVERSION", ""),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETOSVERSION", ""),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("TARGETSTAGE", "default"),
];

/// One name declared by an `ARG` instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDecl {
    /// The argument's name.
    pub name: String,
    /// The default as written (quotes and variables kept), if any.
    pub default: Option<String>,
    /// The value in effect after expansion and build-arg overrides; `None`
    /// when the argument has no value at all.
    pub value: Option<String>,
    /// Index of the `ARG` instruction.
    pub instruction: usize,
    /// Where the `NAME[=default]` word is.
    pub span: Span,
}

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BaseImage {
    /// An earlier stage, by index.
    Stage(usize),
    /// The empty image.
    Scratch,
    /// An image from a registry.
    Image(ImageRef),
    /// The base could not be determined.
    Invalid {
        /// The base after expansion.
        text: String,
        /// Why it is not a usable reference.
        reason: String,
    },
}

/// What a `COPY --from` or `RUN --mount=from=` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageRef {
    /// A stage, by index.
    Stage(usize),
    /// An image pulled for the copy.
    Image(ImageRef),
    /// Neither a stage nor a valid image reference (for example a named
    /// build context given on the command line).
    Unresolved(String),
}

/// One build stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// 0-based position.
    pub index: usize,
    /// The name after `AS`, lower-cased as BuildKit matches it.
    pub name: Option<String>,
    /// Where the name is written.
    pub name_span: Option<Span>,
    /// Index of the `FROM` instruction.
    pub from_instruction: usize,
    /// Indices of the instructions after `FROM` up to the next stage.
    pub instructions: Vec<usize>,
    /// The base as written.
    pub base_text: Word,
    /// The base after expansion with the global arguments.
    pub base_expanded: String,
    /// The resolved base.
    pub base: BaseImage,
    /// Variables used in `FROM` that no global `ARG` declares.
    pub undeclared_in_from: BTreeSet<String>,
    /// The `--platform` value after expansion.
    pub platform: Option<String>,
}

impl Stage {
    /// The stage's name, or its index when it has none.
    pub fn label(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.index.to_string())
    }
}

/// The model of one Dockerfile under a set of build arguments.
#[derive(Clone, Debug)]
pub struct Model<'a> {
    /// The parsed file.
    pub file: &'a Dockerfile,
    /// `ARG`s before the first `FROM`.
    pub global_args: Vec<ArgDecl>,
    /// The stages in order.
    pub stages: Vec<Stage>,
    /// `ARG`s inside stages.
    pub stage_args: Vec<ArgDecl>,
    stage_of: Vec<Option<usize>>,
    global_env: Vec<(String, String)>,
    /// Variables in scope before each instruction.
    scopes: Vec<Vec<(String, String)>>,
    /// Variables in scope at the end of each stage.
    final_env: Vec<Vec<(String, String)>>,
    build_args: BTreeMap<String, String>,
}

impl<'a> Model<'a> {
    /// Build the model; `build_args` are `--build-arg` values.
    pub fn new(file: &'a Dockerfile, build_args: &[(String, String)]) -> Model<'a> {
        let build_args: BTreeMap<String, String> = build_args.iter().cloned().collect();
        let mut model = Model {
            file,
            global_args: Vec::new(),
            stages: Vec::new(),
            stage_args: Vec::new(),
            stage_of: vec![None; file.instructions.len()],
            global_env: AUTOMATIC_ARGS
                .iter()
                .map(|(k, v)| {
                    let value = build_args.get(*k).cloned().unwrap_or_else(|| v.to_string());
                    (k.to_string(), value)
                })
                .collect(),
            scopes: vec![Vec::new(); file.instructions.len()],
            final_env: Vec::new(),
            build_args,
        };
        model.walk();
        model
    }

    fn lexer(&self) -> Lexer {
        Lexer::new(self.file.escape)
    }

    fn walk(&mut self) {
        let mut stage_env: Vec<(String, String)> = Vec::new();
        for (index, instruction) in self.file.instructions.iter().enumerate() {
            match instruction.keyword() {
                Keyword::From => {
                    if !self.stages.is_empty() {
                        self.final_env.push(std::mem::take(&mut stage_env));
                    }
                    let stage = self.new_stage(index, instruction);
                    stage_env = match stage.base {
                        BaseImage::Stage(parent) => self.final_env[parent].clone(),
                        _ => Vec::new(),
                    };
                    self.stage_of[index] = Some(stage.index);
                    self.scopes[index] = self.global_env.clone();
                    self.stages.push(stage);
                }
                _ if self.stages.is_empty() => {
                    self.scopes[index] = self.global_env.clone();
                    if instruction.keyword() == Keyword::Arg {
                        self.global_arg(index, instruction);
                    }
                }
                keyword => {
                    let stage = self.stages.len() - 1;
                    self.stage_of[index] = Some(stage);
                    self.stages[stage].instructions.push(index);
                    self.scopes[index] = stage_env.clone();
                    match keyword {
                        Keyword::Arg => self.stage_arg(index, instruction, &mut stage_env),
                        Keyword::Env => apply_env(self.lexer(), instruction, &mut stage_env),
                        _ => {}
                    }
                }
            }
        }
        if !self.stages.is_empty() {
            self.final_env.push(stage_env);
        }
    }

    fn global_arg(&mut self, index: usize, instruction: &Instruction) {
        for (name, default, span) in arg_words(instruction) {
            let value = match self.build_args.get(&name) {
                Some(v) => Some(v.clone()),
                None => default.as_ref().map(|d| {
                    self.lexer()
                        .expand(d, &self.global_env)
                        .map(|e| e.value)
                        .unwrap_or_else(|_| d.clone())
                }),
            };
            if let Some(value) = &value {
                set(&mut self.global_env, &name, value);
            }
            self.global_args.push(ArgDecl {
                name,
                default,
                value,
                instruction: index,
                span,
            });
        }
    }

    fn stage_arg(
        &mut self,
        index: usize,
        instruction: &Instruction,
        env: &mut Vec<(String, String)>,
    ) {
        for (name, default, span) in arg_words(instruction) {
            let value = if let Some(v) = self.build_args.get(&name) {
                Some(v.clone())
            } else if let Some(d) = &default {
                Some(
                    self.lexer()
                        .expand(d, env.as_slice())
                        .map(|e| e.value)
                        .unwrap_or_else(|_| d.clone()),
                )
            } else {
                self.global_value(&name).map(str::to_string)
            };
            if let Some(value) = &value {
                set(env, &name, value);
            }
            self.stage_args.push(ArgDecl {
                name,
                default,
                value,
                instruction: index,
                span,
            });
        }
    }

    fn new_stage(&self, index: usize, instruction: &Instruction) -> Stage {
        let command = &instruction.command;
        let words = match &command.args {
            Args::List(words) => words.clone(),
            _ => Vec::new(),
        };
        let base_text = words.first().cloned().unwrap_or(Word {
            text: Default::default(),
            span: command.keyword_span,
        });
        let (name, name_span) = match words.as_slice() {
            [_, kw, name] if kw.text.eq_ignore_ascii_case("as") => {
                (Some(name.text.to_lowercase()), Some(name.span))
            }
            _ => (None, None),
        };

        let expansion = self
            .lexer()
            .expand(&base_text.text, &self.global_env)
            .unwrap_or_else(|_| Expansion {
                value: base_text.text.to_string(),
                ..Expansion::default()
            });
        let base_expanded = expansion.value.clone();
        let declared: BTreeSet<&str> = self.global_args.iter().map(|a| a.name.as_str()).collect();
        let undeclared_in_from = expansion
            .unmatched
            .iter()
            .chain(expansion.matched.iter())
            .filter(|v| !declared.contains(v.as_str()) && !is_automatic(v))
            .cloned()
            .collect();

        let platform = command
            .flag("platform")
            .and_then(|f| f.value.as_deref())
            .map(|p| {
                self.lexer()
                    .expand(p, &self.global_env)
                    .map(|e| e.value)
                    .unwrap_or_else(|_| p.to_string())
            });

        Stage {
            index: self.stages.len(),
            name,
            name_span,
            from_instruction: index,
            instructions: Vec::new(),
            base: self.resolve_base(&base_expanded),
            base_text,
            base_expanded,
            undeclared_in_from,
            platform,
        }
    }

    fn resolve_base(&self, text: &str) -> BaseImage {
        let lower = text.to_lowercase();
        if let Some(stage) = self
            .stages
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
        {
            return BaseImage::Stage(stage.index);
        }
        if text.is_empty() {
            return BaseImage::Invalid {
                text: String::new(),
                reason: "the base expands to nothing".to_string(),
            };
        }
        match ImageRef::parse(text) {
            Ok(image) if image.is_scratch() => BaseImage::Scratch,
            Ok(image) => BaseImage::Image(image),
            Err(err) => BaseImage::Invalid {
                text: text.to_string(),
                reason: err.reason,
            },
        }
    }

    /// The value of a global argument after overrides.
    pub fn global_value(&self, name: &str) -> Option<&str> {
        self.global_env
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The stage an instruction belongs to (`None` before the first
    /// `FROM`).
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        self.stage_of.get(instruction).copied().flatten()
    }

    /// Variables in scope just before an instruction runs.
    pub fn scope(&self, instruction: usize) -> &[(String, String)] {
        self.scopes.get(instruction).map_or(&[], Vec::as_slice)
    }

    /// Expand `word` with the variables in scope at `instruction`.
    pub fn expand_at(&self, instruction: usize, word: &str) -> Expansion {
        self.lexer()
            .expand(word, self.scope(instruction))
            .unwrap_or_else(|_| Expansion {
                value: word.to_string(),
                ..Expansion::default()
            })
    }

    /// The stage `docker build --target NAME` builds; the last stage when
    /// `name` is `None`.
    pub fn target(&self, name: Option<&str>) -> Option<usize> {
        match name {
            None => self.stages.len().checked_sub(1),
            Some(name) => {
                let lower = name.to_lowercase();
                self.stages
                    .iter()
                    .find(|s| s.name.as_deref() == Some(lower.as_str()))
                    .map(|s| s.index)
            }
        }
    }

    /// A stage by name (case-insensitive) or index, as `COPY --from`
    /// accepts it, else an image.
    pub fn resolve_ref(&self, text: &str) -> StageRef {
        let lower = text.to_lowercase();
        if let Some(stage) = self
            .stages
            .iter()
            .find(|s| s.name.as_deref() == Some(lower.as_str()))
        {
            return StageRef::Stage(stage.index);
        }
        if let Ok(index) = text.parse::<usize>() {
            if index < self.stages.len() {
                return StageRef::Stage(index);
            }
        }
        match ImageRef::parse(text) {
            Ok(image) => StageRef::Image(image),
            Err(_) => StageRef::Unresolved(text.to_string()),
        }
    }

    /// What each instruction of a stage takes from elsewhere: `COPY
    /// --from` and `RUN --mount=from=`, expanded and resolved, with the
    /// instruction index and the flag's span.
    pub fn references(&self, stage: usize) -> Vec<(usize, Span, StageRef)> {
        let mut refs = Vec::new();
        for &index in &self.stages[stage].instructions {
            let command = &self.file.instructions[index].command;
            match command.keyword {
                Keyword::Copy => {
                    if let Some(flag) = command.flag("from") {
                        let value = flag.value.as_deref().unwrap_or_default();
                        let expanded = self.expand_at(index, value).value;
                        refs.push((index, flag.span, self.resolve_ref(&expanded)));
                    }
                }
                Keyword::Run => {
                    for flag in command.flags_named("mount") {
                        let Some(value) = flag.value.as_deref() else {
                            continue;
                        };
                        if let Some(from) = parse_mount(value).ok().and_then(|m| m.from) {
                            refs.push((index, flag.span, self.resolve_ref(&from)));
                        }
                    }
                }
                _ => {}
            }
        }
        refs
    }

    /// The stages `stage` needs, itself included: its base stages and
    /// every stage it copies or mounts from, transitively.
    pub fn dependencies(&self, stage: usize) -> BTreeSet<usize> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![stage];
        while let Some(current) = todo.pop() {
            if current >= self.stages.len() || !seen.insert(current) {
                continue;
            }
            if let BaseImage::Stage(parent) = self.stages[current].base {
                todo.push(parent);
            }
            for (_, _, reference) in self.references(current) {
                if let StageRef::Stage(other) = reference {
                    todo.push(other);
                }
            }
        }
        seen
    }

    /// The chain of stages a stage is built `FROM`, starting with itself
    /// and ending with the stage whose base is an image.
    pub fn base_chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        let mut current = stage;
        while let Some(BaseImage::Stage(parent)) = self.stages.get(current).map(|s| &s.base) {
            if chain.contains(parent) {
                break;
            }
            chain.push(*parent);
            current = *parent;
        }
        chain
    }

    /// The image at the bottom of a stage's base chain.
    pub fn root_base(&self, stage: usize) -> &BaseImage {
        let root = *self.base_chain(stage).last().unwrap_or(&stage);
        &self.stages[root].base
    }
}

fn is_automatic(name: &str) -> bool {
    AUTOMATIC_ARGS.iter().any(|(k, _)| *k == name)
}

fn set(env: &mut Vec<(String, String)>, name: &str, value: &str) {
    env.retain(|(k, _)| k != name);
    env.push((name.to_string(), value.to_string()));
}

/// `ARG` words as (name, default as written, span).
fn arg_words(instruction: &Instruction) -> Vec<(String, Option<String>, Span)> {
    let Args::Names(words) = &instruction.command.args else {
        return Vec::new();
    };
    words
        .iter()
        .map(|word| match word.text.split_once('=') {
            Some((name, default)) => (name.to_string(), Some(default.to_string()), word.span),
            None => (word.text.to_string(), None, word.span),
        })
        .collect()
}

/// Apply an `ENV` instruction: keys and values are expanded with the
/// variables in scope before the instruction, as BuildKit does.
fn apply_env(lexer: Lexer, instruction: &Instruction, env: &mut Vec<(String, String)>) {
    let Args::KeyValues(pairs) = &instruction.command.args else {
        return;
    };
    let before = env.clone();
    for pair in pairs {
        let key = lexer
            .expand(&pair.key.text, before.as_slice())
            .map(|e| e.value)
            .unwrap_or_else(|_| pair.key.text.to_string());
        let value = lexer
            .expand(&pair.value.text, before.as_slice())
            .map(|e| e.value)
            .unwrap_or_else(|_| pair.value.text.to_string());
        set(env, &key, &value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_of(text: &str) -> (Dockerfile, Vec<(String, String)>) {
        (Dockerfile::parse(text), Vec::new())
    }

    #[test]
    fn stages_and_bases() {
        let (file, args) = model_of(
            "ARG GO=1.23\nFROM golang:${GO} AS build\nRUN go build\n\
             FROM build AS test\nFROM gcr.io/distroless/static-debian12:nonroot\n\
             COPY --from=build /out /app\n",
        );
        let model = Model::new(&file, &args);
        assert_eq!(model.stages.len(), 3);
        assert_eq!(model.stages[0].base_expanded, "golang:1.23");
        assert_eq!(model.stages[1].base, BaseImage::Stage(0));
        assert!(
            matches!(&model.stages[2].base, BaseImage::Image(i) if i.tag.as_deref() == Some("nonroot"))
        );
        assert_eq!(model.target(None), Some(2));
        assert_eq!(model.target(Some("TEST")), Some(1));
        assert_eq!(model.dependencies(2), BTreeSet::from([0, 2]));
    }

    #[test]
    fn build_args_override_declared_globals_only() {
        let file = Dockerfile::parse("ARG TAG=3.19\nFROM alpine:$TAG\nFROM debian:$UNDECLARED\n");
        let args = vec![
            ("TAG".to_string(), "3.20".to_string()),
            ("UNDECLARED".to_string(), "12".to_string()),
        ];
        let model = Model::new(&file, &args);
        assert_eq!(model.stages[0].base_expanded, "alpine:3.20");
        assert_eq!(model.stages[1].base_expanded, "debian:");
        assert_eq!(
            model.stages[1].undeclared_in_from,
            BTreeSet::from(["UNDECLARED".to_string()])
        );
    }

    #[test]
    fn stage_args_inherit_global_values_only_when_redeclared() {
        let file = Dockerfile::parse(
            "ARG V=1\nFROM a\nRUN echo $V\nARG V\nRUN echo $V\nARG W=${V}2\nENV X=$W\nRUN true\n",
        );
        let model = Model::new(&file, &[]);
        assert_eq!(model.expand_at(2, "$V").value, "");
        assert_eq!(model.expand_at(4, "$V").value, "1");
        assert_eq!(model.expand_at(7, "$X").value, "12");
    }

    #[test]
    fn child_stages_inherit_variables() {
        let file = Dockerfile::parse("FROM a AS base\nENV P=/opt\nFROM base\nRUN x\n");
        let model = Model::new(&file, &[]);
        assert_eq!(model.expand_at(3, "$P/bin").value, "/opt/bin");
    }

    #[test]
    fn copy_from_index_name_and_image() {
        let file = Dockerfile::parse(
            "FROM a AS one\nFROM b\nCOPY --from=0 x y\nCOPY --from=One x y\nCOPY --from=nginx:1 x y\n\
             RUN --mount=type=bind,from=one,target=/m true\n",
        );
        let model = Model::new(&file, &[]);
        let refs: Vec<StageRef> = model.references(1).into_iter().map(|r| r.2).collect();
        assert_eq!(refs[0], StageRef::Stage(0));
        assert_eq!(refs[1], StageRef::Stage(0));
        assert!(matches!(&refs[2], StageRef::Image(i) if i.repository == "library/nginx"));
        assert_eq!(refs[3], StageRef::Stage(0));
    }
}
