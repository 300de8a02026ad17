//! What shell steps of a CI job do: the commands of a `run:` or `script:`
//! block, read word by word, and the signals they give (an image build and
//! its platforms, SBOM and provenance flags, signing, scanning and size
//! records).

use crate::scorecard::SignalKind;

/// One simple command of a script: its words (quotes removed) and the
/// byte offset of its first word in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ScriptCommand {
    pub words: Vec<String>,
    pub offset: usize,
    /// Whether its exit status is lost: it is followed by `||` (`scan ||
    /// true`) or piped into another command (`scan | tee report`).
    pub guarded: bool,
}

impl ScriptCommand {
    /// The words from the program on: leading `VAR=value` assignments and
    /// wrappers such as `sudo` are skipped.
    fn program_words(&self) -> &[String] {
        let mut at = 0;
        while let Some(word) = self.words.get(at) {
            let assignment = word
                .split_once('=')
                .is_some_and(|(name, _)| !name.is_empty() && is_name(name));
            // Wrappers, and the shell keywords that start the body of a
            // loop or a branch (`do docker build ...`).
            let wrapper = matches!(
                word.as_str(),
                "sudo" | "time" | "exec" | "env" | "do" | "then" | "else" | "elif" | "!" | "{"
            );
            if assignment || wrapper {
                at += 1;
            } else {
                break;
            }
        }
        &self.words[at..]
    }

    /// The value of the first `--name value` or `--name=value`, for any of
    /// `names`.
    fn flag(&self, names: &[&str]) -> Option<&str> {
        self.flag_values(names).into_iter().next()
    }

    /// The values of every `--name value` or `--name=value`, for any of
    /// `names`, in order.
    fn flag_values(&self, names: &[&str]) -> Vec<&str> {
        let words = self.program_words();
        let mut values = Vec::new();
        for (i, word) in words.iter().enumerate() {
            for name in names {
                if word == name {
                    values.extend(words.get(i + 1).map(String::as_str));
                } else if let Some(value) =
                    word.strip_prefix(name).and_then(|r| r.strip_prefix('='))
                {
                    values.push(value);
                }
            }
        }
        values
    }

    fn has(&self, word: &str) -> bool {
        self.program_words().iter().any(|w| w == word)
    }
}

fn is_name(text: &str) -> bool {
    text.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// Split a script into simple commands. Quotes group words and are
/// removed, `\` before a line break continues the line, and `;`, `&&`,
/// `||`, `|` and line breaks end a command. `#` at the start of a word
/// opens a comment, and the bodies of here-documents (`<<EOF` ... `EOF`)
/// are skipped.
pub(crate) fn commands(script: &str) -> Vec<ScriptCommand> {
    let mut out: Vec<ScriptCommand> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut offset = 0;
    let mut quote: Option<char> = None;
    let mut heredocs: Vec<(String, bool)> = Vec::new();
    let mut chars = script.char_indices().peekable();

    let end_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };

    while let Some((at, c)) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if c == '\\' && q == '"' {
                if let Some((_, next)) = chars.next() {
                    word.push(next);
                }
            } else {
                word.push(c);
            }
            continue;
        }
        match c {
            '\\' => match chars.next() {
                Some((_, '\n')) => end_word(&mut word, &mut in_word, &mut words),
                Some((_, next)) => {
                    begin(&mut in_word, &mut offset, at, &words);
                    word.push(next);
                }
                None => {}
            },
            '\'' | '"' => {
                begin(&mut in_word, &mut offset, at, &words);
                quote = Some(c);
            }
            '#' if !in_word => {
                while chars.peek().is_some_and(|&(_, n)| n != '\n') {
                    chars.next();
                }
            }
            ' ' | '\t' | '\r' => end_word(&mut word, &mut in_word, &mut words),
            '\n' | ';' | '&' | '|' | '(' | ')' => {
                end_word(&mut word, &mut in_word, &mut words);
                let guarded = c == '|';
                if c == '|' && chars.peek().is_some_and(|&(_, n)| n == '|') {
                    chars.next();
                }
                if !words.is_empty() {
                    heredocs.extend(heredoc_delimiters(&words));
                    out.push(ScriptCommand {
                        words: std::mem::take(&mut words),
                        offset,
                        guarded,
                    });
                } else if guarded && let Some(last) = out.last_mut() {
                    last.guarded = true;
                }
                if c == '\n' {
                    for (delimiter, strip_tabs) in std::mem::take(&mut heredocs) {
                        skip_heredoc(&mut chars, script, &delimiter, strip_tabs);
                    }
                }
            }
            _ => {
                begin(&mut in_word, &mut offset, at, &words);
                word.push(c);
            }
        }
    }
    end_word(&mut word, &mut in_word, &mut words);
    if !words.is_empty() {
        out.push(ScriptCommand {
            words,
            offset,
            guarded: false,
        });
    }
    out
}

/// The here-documents a command opens: `<<EOF`, `<<-EOF`, `<< 'EOF'`,
/// with whether tabs before the closing line are allowed (`<<-`).
fn heredoc_delimiters(words: &[String]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut iter = words.iter().peekable();
    while let Some(word) = iter.next() {
        let Some(rest) = word.strip_prefix("<<").filter(|r| !r.starts_with('<')) else {
            continue;
        };
        let (strip_tabs, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let delimiter = if rest.is_empty() {
            iter.next().cloned()
        } else {
            Some(rest.to_string())
        };
        if let Some(delimiter) = delimiter.filter(|d| !d.is_empty()) {
            out.push((delimiter, strip_tabs));
        }
    }
    out
}

/// Skip the lines of a here-document body through its closing line.
fn skip_heredoc(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    script: &str,
    delimiter: &str,
    strip_tabs: bool,
) {
    while let Some(&(start, _)) = chars.peek() {
        let end = script[start..]
            .find('\n')
            .map_or(script.len(), |i| start + i);
        let line = script[start..end].trim_end_matches('\r');
        let line = if strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        while chars.peek().is_some_and(|&(at, _)| at <= end) {
            chars.next();
        }
        if line == delimiter {
            return;
        }
    }
}

fn begin(in_word: &mut bool, offset: &mut usize, at: usize, words: &[String]) {
    if !*in_word {
        if words.is_empty() {
            *offset = at;
        }
        *in_word = true;
    }
}

/// A signal a command gives, with a note for the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CommandSignal {
    pub kind: SignalKind,
    pub note: String,
    /// Offset of the command in its script.
    pub offset: usize,
}

/// The signals of every command of a script.
pub(crate) fn script_signals(script: &str) -> Vec<CommandSignal> {
    let mut out = Vec::new();
    for command in commands(script) {
        let mut push = |kind: SignalKind, note: String| {
            out.push(CommandSignal {
                kind,
                note,
                offset: command.offset,
            })
        };
        let words = command.program_words();
        let Some(program) = words.first().map(|w| program_name(w)) else {
            continue;
        };
        let sub = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
        match program {
            // Per-platform images joined into one multi-platform list.
            "docker" | "podman"
                if matches!((sub(1), sub(2)), ("manifest", "create"))
                    || matches!((sub(1), sub(2), sub(3)), ("buildx", "imagetools", "create")) =>
            {
                let sources = words
                    .iter()
                    .skip(if sub(1) == "buildx" { 4 } else { 3 })
                    .filter(|w| !w.starts_with('-'))
                    .count();
                if sources >= 2 {
                    push(
                        SignalKind::MultiPlatform,
                        format!(
                            "`{}` joins {sources} per-platform images into one list",
                            words[..3.min(words.len())].join(" ")
                        ),
                    );
                }
            }
            "docker" | "podman" | "buildah" | "nerdctl" => {
                let build = matches!(
                    (sub(1), sub(2)),
                    ("buildx", "build" | "bake") | ("image", "build") | ("build" | "bud", _)
                );
                if build {
                    image_build_signals(&command, &mut push);
                }
                if program == "docker" && matches!((sub(1), sub(2)), ("scout", "cves")) {
                    scout_signal(&command, &mut push);
                }
                if is_size_command(words) {
                    push(
                        SignalKind::SizeRecorded,
                        format!(
                            "`{}` reads the image size",
                            words[..3.min(words.len())].join(" ")
                        ),
                    );
                }
            }
            "executor" | "kaniko" if command.flag(&["--destination", "-d"]).is_some() => {
                push(
                    SignalKind::ImageBuild,
                    "kaniko builds and pushes an image".to_string(),
                );
            }
            "skaffold" if matches!(sub(1), "build" | "run") => {
                push(
                    SignalKind::ImageBuild,
                    format!("`skaffold {}` builds the images of skaffold.yaml", sub(1)),
                );
                match command.flag(&["--platform"]) {
                    Some(p) if platform_count(p) >= 2 => push(
                        SignalKind::MultiPlatform,
                        format!("`skaffold {}` builds for `{p}`", sub(1)),
                    ),
                    Some(p) if !p.contains('$') => push(
                        SignalKind::SinglePlatform,
                        format!("`skaffold {}` builds for `{p}` only", sub(1)),
                    ),
                    _ => {}
                }
            }
            "ko" if matches!(sub(1), "build" | "publish" | "resolve" | "apply") => {
                push(
                    SignalKind::ImageBuild,
                    format!("`ko {}` builds an image", sub(1)),
                );
                match command.flag(&["--platform"]) {
                    Some(p) if p == "all" || platform_count(p) >= 2 => {
                        push(SignalKind::MultiPlatform, format!("ko builds for `{p}`"))
                    }
                    Some(p) => push(
                        SignalKind::SinglePlatform,
                        format!("ko builds for `{p}` only"),
                    ),
                    None => {}
                }
                if command.flag(&["--sbom"]) != Some("none") {
                    push(
                        SignalKind::Sbom,
                        "ko attaches an SPDX SBOM to the image it pushes".to_string(),
                    );
                }
            }
            "cosign" => match sub(1) {
                "sign" => push(
                    SignalKind::Sign,
                    "`cosign sign` signs the image".to_string(),
                ),
                "attest" => {
                    push(
                        SignalKind::Attest,
                        "`cosign attest` attaches a signed attestation".to_string(),
                    );
                    if let Some(kind) = command.flag(&["--type"])
                        && matches!(kind, "spdx" | "spdxjson" | "cyclonedx")
                    {
                        push(
                            SignalKind::Sbom,
                            format!("`cosign attest --type {kind}` attaches an SBOM"),
                        );
                    }
                }
                "attach" if sub(2) == "sbom" => push(
                    SignalKind::Sbom,
                    "`cosign attach sbom` attaches an SBOM".to_string(),
                ),
                _ => {}
            },
            "syft" if sub(1) == "attest" => {
                push(
                    SignalKind::Sbom,
                    "`syft attest` attaches a signed SBOM attestation".to_string(),
                );
                push(
                    SignalKind::Attest,
                    "`syft attest` signs the SBOM attestation".to_string(),
                );
            }
            "trivy" => trivy_signal(&command, &mut push),
            "grype" => grype_signal(&command, &mut push),
            "snyk" if sub(1) == "container" && sub(2) == "test" => snyk_signal(&command, &mut push),
            "distill" if sub(1) == "image" && sub(2) == "scan" => {
                let fails = command.flag(&["--fail-on"]).is_some_and(covers_high);
                let fixable = command.has("--fixable") || command.has("--only-fixed");
                scan_verdict(
                    "`distill image scan`",
                    fails && !command.guarded,
                    fixable,
                    &mut push,
                );
            }
            "distill" if sub(1) == "image" && sub(2) == "inspect" => push(
                SignalKind::SizeRecorded,
                "`distill image inspect` reports the image size".to_string(),
            ),
            "dive" => push(
                SignalKind::SizeRecorded,
                "`dive` measures the image size and waste".to_string(),
            ),
            "crane" | "skopeo" | "regctl" if script_mentions_size(script) => push(
                SignalKind::SizeRecorded,
                format!("`{program}` reads the image manifest for its size"),
            ),
            _ => {}
        }
    }
    out
}

/// A script of the repository that a CI step runs. Folders are relative
/// to the repository root, `""` for the root itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScriptTarget {
    /// A script file (`scripts/push.sh`).
    File(String),
    /// A script of the `package.json` in `dir` (`npm run build-docker`).
    Npm {
        /// The folder of the `package.json`.
        dir: String,
        /// The script's name.
        name: String,
    },
    /// A target of the `Makefile` in `dir` (`make image`).
    Make {
        /// The folder of the `Makefile`.
        dir: String,
        /// The target.
        target: String,
    },
}

impl ScriptTarget {
    /// The same target as run from the folder `dir` (a step's
    /// `working-directory`).
    pub(crate) fn under(self, dir: &str) -> ScriptTarget {
        let join = |path: String| {
            let dir = dir.trim_start_matches("./").trim_end_matches('/');
            match (dir, path.as_str()) {
                ("" | ".", _) => path,
                (_, "") => dir.to_string(),
                _ => format!("{dir}/{path}"),
            }
        };
        match self {
            ScriptTarget::File(path) => ScriptTarget::File(join(path)),
            ScriptTarget::Npm { dir, name } => ScriptTarget::Npm {
                dir: join(dir),
                name,
            },
            ScriptTarget::Make { dir, target } => ScriptTarget::Make {
                dir: join(dir),
                target,
            },
        }
    }

    /// The folder its own commands run in: the `package.json`'s or the
    /// `Makefile`'s; a script file runs where its caller runs.
    pub(crate) fn workdir(&self) -> Option<&str> {
        match self {
            ScriptTarget::File(_) => None,
            ScriptTarget::Npm { dir, .. } | ScriptTarget::Make { dir, .. } => Some(dir),
        }
    }
}

/// The repository scripts a CI script runs, with the offset of the
/// command that runs each: `./scripts/x.sh`, `bash hack/build.sh`, `npm
/// run NAME`, `yarn NAME`, `make TARGET`.
pub(crate) fn script_targets(script: &str) -> Vec<(usize, ScriptTarget)> {
    let local = |word: &str| {
        let plain = !word.contains('$') && !word.starts_with('/') && !word.starts_with('-');
        let path = word.ends_with(".sh") || word.starts_with("./") || word.contains('/');
        (plain && path).then(|| word.trim_start_matches("./").to_string())
    };
    let npm = |name: &str| ScriptTarget::Npm {
        dir: String::new(),
        name: name.to_string(),
    };
    // `make -C dir target`, `make target VAR=value`.
    let make = |args: &[String]| {
        let mut dir = String::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "-C" {
                dir = iter.next()?.clone();
            } else if !arg.starts_with('-') && !arg.contains('=') {
                return Some(ScriptTarget::Make {
                    dir,
                    target: arg.clone(),
                });
            }
        }
        None
    };
    let mut out = Vec::new();
    for command in commands(script) {
        let words = command.program_words();
        let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
        let target = match word(0) {
            "bash" | "sh" | "zsh" => local(word(1)).map(ScriptTarget::File),
            "npm" | "pnpm" if matches!(word(1), "run" | "run-script") && !word(2).is_empty() => {
                Some(npm(word(2)))
            }
            "node" if word(1) == "--run" && !word(2).is_empty() => Some(npm(word(2))),
            // `yarn NAME` runs a script unless NAME is one of yarn's own
            // commands.
            "yarn" if word(1) == "run" && !word(2).is_empty() => Some(npm(word(2))),
            "yarn"
                if !word(1).is_empty()
                    && !word(1).starts_with('-')
                    && !matches!(
                        word(1),
                        "install"
                            | "add"
                            | "remove"
                            | "upgrade"
                            | "workspace"
                            | "workspaces"
                            | "dlx"
                            | "exec"
                            | "set"
                            | "config"
                            | "cache"
                            | "init"
                            | "why"
                    ) =>
            {
                Some(npm(word(1)))
            }
            "make" => make(&words[1..]),
            first => local(first).map(ScriptTarget::File),
        };
        out.extend(target.map(|t| (command.offset, t)));
    }
    out
}

/// `/kaniko/executor` is `executor`, `./docker` is `docker`.
fn program_name(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

fn image_build_signals(command: &ScriptCommand, push: &mut impl FnMut(SignalKind, String)) {
    // `docker buildx build`, `podman build`: the program and its
    // subcommands, without flags or arguments.
    let words = command.program_words();
    let depth = match words.get(1).map(String::as_str) {
        Some("buildx" | "image") => 3,
        _ => 2,
    };
    let what = words
        .iter()
        .take(depth)
        .map(|w| program_name(w))
        .collect::<Vec<_>>()
        .join(" ");
    push(SignalKind::ImageBuild, format!("`{what}` builds an image"));
    match command.flag(&["--platform"]) {
        Some(p) if platform_count(p) >= 2 => push(
            SignalKind::MultiPlatform,
            format!("`{what}` builds for `{p}`"),
        ),
        Some(p) if !p.contains('$') => push(
            SignalKind::SinglePlatform,
            format!("`{what}` builds for `{p}` only"),
        ),
        _ => {}
    }
    let sbom = command
        .flag(&["--sbom"])
        .is_some_and(|v| !matches!(v, "false" | "0"))
        || command
            .flag_values(&["--attest"])
            .iter()
            .any(|v| v.contains("type=sbom"));
    if sbom {
        push(
            SignalKind::Sbom,
            format!("`{what}` attaches an SBOM attestation (`--sbom`)"),
        );
    }
    let provenance = command
        .flag(&["--provenance"])
        .is_some_and(|v| !matches!(v, "false" | "0"))
        || command
            .flag_values(&["--attest"])
            .iter()
            .any(|v| v.contains("type=provenance"));
    if provenance {
        push(
            SignalKind::Provenance,
            format!("`{what}` attaches provenance"),
        );
    }
}

/// How many platforms a `linux/amd64,linux/arm64` list names.
pub(crate) fn platform_count(list: &str) -> usize {
    list.split([',', '\n', ' '])
        .map(str::trim)
        .filter(|p| p.contains('/'))
        .count()
}

/// Whether a severity list or threshold takes in both CRITICAL and HIGH.
pub(crate) fn covers_high(severity: &str) -> bool {
    let lower = severity.to_ascii_lowercase();
    let listed: Vec<&str> = lower.split([',', ' ']).map(str::trim).collect();
    // A threshold (`--fail-on high`) takes in everything above it.
    if listed.len() == 1 {
        return matches!(
            listed[0],
            "high" | "medium" | "low" | "negligible" | "unknown"
        );
    }
    listed.contains(&"critical") && listed.contains(&"high")
}

/// A gate fails the job on CRITICAL and HIGH issues that have a fix; a
/// scan that does less is a scan.
pub(crate) fn scan_verdict(
    what: &str,
    fails_on_high: bool,
    fixable_only: bool,
    push: &mut impl FnMut(SignalKind, String),
) {
    match (fails_on_high, fixable_only) {
        (true, true) => push(
            SignalKind::VulnGate,
            format!("{what} fails the job on CRITICAL and HIGH vulnerabilities that have a fix"),
        ),
        (true, false) => push(
            SignalKind::VulnScan,
            format!(
                "{what} fails the job on CRITICAL and HIGH vulnerabilities, unfixable ones included"
            ),
        ),
        (false, _) => push(
            SignalKind::VulnScan,
            format!(
                "{what} scans for vulnerabilities but does not fail the job on CRITICAL and HIGH"
            ),
        ),
    }
}

fn trivy_signal(command: &ScriptCommand, push: &mut impl FnMut(SignalKind, String)) {
    let words = command.program_words();
    let image_scan = words
        .iter()
        .skip(1)
        .find(|w| !w.starts_with('-'))
        .is_some_and(|sub| matches!(sub.as_str(), "image" | "i"));
    if !image_scan {
        return;
    }
    let fails = command
        .flag(&["--exit-code"])
        .is_some_and(|code| code != "0");
    let severity = command.flag(&["--severity", "-s"]);
    let fails_on_high = fails && severity.is_none_or(covers_high);
    let fixable = command.has("--ignore-unfixed");
    scan_verdict(
        "`trivy image`",
        fails_on_high && !command.guarded,
        fixable,
        push,
    );
}

fn grype_signal(command: &ScriptCommand, push: &mut impl FnMut(SignalKind, String)) {
    if command.has("db") {
        return;
    }
    let fails = command.flag(&["--fail-on", "-f"]).is_some_and(covers_high);
    let fixable = command.has("--only-fixed");
    scan_verdict("`grype`", fails && !command.guarded, fixable, push);
}

/// `snyk container test` exits non-zero on any vulnerability at or above
/// `--severity-threshold` (default low); `--fail-on=upgradable` or
/// `patchable` limits that to vulnerabilities with a fix.
fn snyk_signal(command: &ScriptCommand, push: &mut impl FnMut(SignalKind, String)) {
    let fails = command
        .flag(&["--severity-threshold"])
        .is_none_or(covers_high);
    let fixable = command
        .flag(&["--fail-on"])
        .is_some_and(|v| matches!(v, "upgradable" | "patchable"));
    scan_verdict(
        "`snyk container test`",
        fails && !command.guarded,
        fixable,
        push,
    );
}

fn scout_signal(command: &ScriptCommand, push: &mut impl FnMut(SignalKind, String)) {
    let fails =
        command.has("--exit-code") && command.flag(&["--only-severity"]).is_none_or(covers_high);
    let fixable = command.has("--only-fixed");
    scan_verdict(
        "`docker scout cves`",
        fails && !command.guarded,
        fixable,
        push,
    );
}

/// `docker image inspect --format '{{.Size}}'`, `docker images`.
fn is_size_command(words: &[String]) -> bool {
    let joined = words.join(" ");
    let inspect = matches!(
        (
            words.get(1).map(String::as_str),
            words.get(2).map(String::as_str)
        ),
        (Some("inspect"), _) | (Some("image"), Some("inspect"))
    );
    let listing = matches!(
        (
            words.get(1).map(String::as_str),
            words.get(2).map(String::as_str)
        ),
        (Some("images"), _) | (Some("image"), Some("ls"))
    );
    (inspect && joined.contains("Size")) || listing
}

fn script_mentions_size(script: &str) -> bool {
    script.to_ascii_lowercase().contains("size")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(script: &str) -> Vec<SignalKind> {
        script_signals(script).into_iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_swallowed_exit_status_is_no_gate() {
        use SignalKind::*;
        let gate = "trivy image --exit-code 1 --ignore-unfixed --severity CRITICAL,HIGH app:1";
        assert_eq!(kinds(gate), [VulnGate]);
        assert_eq!(kinds(&format!("{gate} || true")), [VulnScan]);
        assert_eq!(kinds(&format!("{gate} | tee report.txt")), [VulnScan]);
        assert_eq!(kinds(&format!("{gate} && echo ok")), [VulnGate]);
        assert_eq!(
            kinds("snyk container test app:1 || [ $? == 1 ]"),
            [VulnScan]
        );
    }

    #[test]
    fn manifest_lists_join_platforms() {
        use SignalKind::*;
        let script = "for arch in amd64 arm64; do docker build --platform \"linux/$arch\" -t \"app:1-$arch\" .; done\ndocker manifest create app:1 app:1-amd64 app:1-arm64\n";
        assert_eq!(kinds(script), [ImageBuild, MultiPlatform]);
        assert_eq!(
            kinds("docker buildx imagetools create -t app:1 app:1-amd64 app:1-arm64"),
            [MultiPlatform]
        );
    }

    #[test]
    fn here_documents_are_not_commands() {
        use SignalKind::*;
        let script = "cat > notes.md <<-EOM\n\tIt's generated every week.\n\tEOM\ncosign sign --yes app@sha256:abc\n";
        assert_eq!(kinds(script), [Sign]);
        let quoted = "cat <<'EOF' | kubectl apply -f -\nkind: Pod\nEOF\ncosign sign x\n";
        assert_eq!(kinds(quoted), [Sign]);
    }

    #[test]
    fn snyk_gates_only_with_a_fix_filter() {
        use SignalKind::*;
        assert_eq!(
            kinds("snyk container test app:1 --severity-threshold=high --fail-on=upgradable"),
            [VulnGate]
        );
        assert_eq!(kinds("snyk container test app:1 --json"), [VulnScan]);
    }

    #[test]
    fn scripts_that_steps_run() {
        let script = "./scripts/push.sh v1\nbash hack/build-image.sh\nnpm run build-docker -- --push\nyarn lint\nyarn install\nmake -j4 image VERSION=1\n/usr/bin/env\ndocker build .\n";
        let targets: Vec<ScriptTarget> =
            script_targets(script).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            targets,
            [
                ScriptTarget::File("scripts/push.sh".into()),
                ScriptTarget::File("hack/build-image.sh".into()),
                ScriptTarget::Npm {
                    dir: String::new(),
                    name: "build-docker".into()
                },
                ScriptTarget::Npm {
                    dir: String::new(),
                    name: "lint".into()
                },
                ScriptTarget::Make {
                    dir: String::new(),
                    target: "image".into()
                },
            ]
        );
    }

    #[test]
    fn commands_split_on_operators_and_keep_quoted_words() {
        let found = commands("A=1 docker build -t 'x y' . && echo \"a;b\" # c\nls\\\n -l");
        let words: Vec<Vec<String>> = found.iter().map(|c| c.words.clone()).collect();
        assert_eq!(
            words,
            vec![
                vec!["A=1", "docker", "build", "-t", "x y", "."],
                vec!["echo", "a;b"],
                vec!["ls", "-l"],
            ]
            .into_iter()
            .map(|v| v.into_iter().map(String::from).collect::<Vec<_>>())
            .collect::<Vec<_>>()
        );
        assert_eq!(found[1].offset, 31);
    }

    #[test]
    fn buildx_flags_give_platforms_sbom_and_provenance() {
        use SignalKind::*;
        assert_eq!(
            kinds(
                "docker buildx build --platform linux/amd64,linux/arm64 --sbom=true --provenance=mode=max --push ."
            ),
            [ImageBuild, MultiPlatform, Sbom, Provenance]
        );
        assert_eq!(
            kinds("docker build --platform linux/amd64 -t app ."),
            [ImageBuild, SinglePlatform]
        );
        assert_eq!(
            kinds("docker buildx build --attest type=sbom --attest type=provenance,mode=max ."),
            [ImageBuild, Sbom, Provenance]
        );
        assert_eq!(kinds("docker build --sbom=false ."), [ImageBuild]);
    }

    #[test]
    fn scanners_gate_only_on_fixable_critical_and_high() {
        use SignalKind::*;
        assert_eq!(
            kinds("trivy image --severity CRITICAL,HIGH --ignore-unfixed --exit-code 1 app"),
            [VulnGate]
        );
        assert_eq!(kinds("trivy image --exit-code 1 app"), [VulnScan]);
        assert_eq!(
            kinds("trivy image --severity CRITICAL --ignore-unfixed --exit-code 1 app"),
            [VulnScan]
        );
        assert_eq!(kinds("trivy fs ."), Vec::<SignalKind>::new());
        assert_eq!(kinds("grype app:1 --fail-on high --only-fixed"), [VulnGate]);
        assert_eq!(kinds("grype app:1"), [VulnScan]);
        assert_eq!(
            kinds("docker scout cves app --exit-code --only-severity critical,high --only-fixed"),
            [VulnGate]
        );
    }

    #[test]
    fn signing_attesting_and_size() {
        use SignalKind::*;
        assert_eq!(kinds("cosign sign --yes app@sha256:abc"), [Sign]);
        assert_eq!(
            kinds("cosign attest --type cyclonedx --predicate sbom.json app"),
            [Attest, Sbom]
        );
        assert_eq!(
            kinds("docker image inspect --format '{{.Size}}' app"),
            [SizeRecorded]
        );
        assert_eq!(kinds("docker inspect app"), Vec::<SignalKind>::new());
        assert_eq!(
            kinds("ko build --platform=linux/amd64,linux/arm64 ./cmd/app"),
            [ImageBuild, MultiPlatform, Sbom]
        );
    }
}
