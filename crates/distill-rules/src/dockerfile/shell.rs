//! A small reading of `RUN` scripts: enough to see which programs run
//! with which arguments, not a shell. Scripts are split into simple
//! commands at `&&`, `||`, `;`, `|`, `&`, line breaks and parentheses;
//! quotes and escapes are honoured; leading `VAR=value` assignments and
//! wrappers such as `sudo` or `env` are set aside.

/// A word of a command, unquoted, with its byte range in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShellWord {
    /// The text with quotes removed.
    pub text: String,
    /// Start offset in the script.
    pub start: usize,
    /// End offset in the script.
    pub end: usize,
}

/// One simple command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShellCommand {
    /// The program and its arguments, wrappers and assignments removed.
    pub words: Vec<ShellWord>,
    /// `VAR=value` written before the program.
    pub assignments: Vec<(String, String)>,
    /// Whether this command reads the output of the previous one (`a | b`).
    pub piped_from_previous: bool,
}

impl ShellCommand {
    /// The program's name without its directory (`/usr/bin/apt-get` gives
    /// `apt-get`).
    pub fn program(&self) -> Option<&str> {
        let word = self.words.first()?;
        Some(word.text.rsplit('/').next().unwrap_or(&word.text))
    }

    /// The arguments after the program.
    pub fn args(&self) -> impl Iterator<Item = &str> {
        self.words.iter().skip(1).map(|w| w.text.as_str())
    }

    /// The first argument that is not an option.
    pub fn subcommand(&self) -> Option<&str> {
        self.args().find(|a| !a.starts_with('-'))
    }

    /// Whether any argument equals `arg`.
    pub fn has_arg(&self, arg: &str) -> bool {
        self.args().any(|a| a == arg)
    }

    /// Byte range of the whole command in the script.
    pub fn range(&self) -> Option<(usize, usize)> {
        Some((self.words.first()?.start, self.words.last()?.end))
    }

    /// A `VAR=value` assignment written before the program.
    pub fn assignment(&self, name: &str) -> Option<&str> {
        self.assignments
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

const WRAPPERS: [&str; 7] = ["sudo", "env", "exec", "time", "nohup", "nice", "command"];

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().enumerate().all(|(i, c)| {
                    c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
                })
        }
        None => false,
    }
}

/// Split a script into simple commands.
pub fn commands(script: &str) -> Vec<ShellCommand> {
    let mut out = Vec::new();
    let mut current: Vec<ShellWord> = Vec::new();
    let mut piped = false;
    let mut word = String::new();
    let mut word_start: Option<usize> = None;
    let mut skip_next_word = false;
    let mut chars = script.char_indices().peekable();

    let finish_word = |word: &mut String,
                       word_start: &mut Option<usize>,
                       end: usize,
                       current: &mut Vec<ShellWord>,
                       skip: &mut bool| {
        if let Some(start) = word_start.take() {
            if *skip {
                *skip = false;
            } else {
                current.push(ShellWord {
                    text: std::mem::take(word),
                    start,
                    end,
                });
            }
            word.clear();
        }
    };
    let finish_command =
        |current: &mut Vec<ShellWord>, out: &mut Vec<ShellCommand>, piped: bool| {
            if !current.is_empty() {
                out.push(make_command(std::mem::take(current), piped));
            }
        };

    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => {
                word_start.get_or_insert(i);
                for (_, q) in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                word_start.get_or_insert(i);
                while let Some((_, q)) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                if !matches!(e, '"' | '\\' | '$' | '`') {
                                    word.push('\\');
                                }
                                word.push(e);
                            }
                        }
                        _ => word.push(q),
                    }
                }
            }
            '\\' => match chars.next() {
                // A line continuation joins lines, not words.
                Some((_, '\n')) => {}
                Some((_, e)) => {
                    word_start.get_or_insert(i);
                    word.push(e);
                }
                None => {}
            },
            '#' if word_start.is_none() => {
                // A comment runs to the end of the line.
                while let Some(&(_, n)) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    chars.next();
                }
            }
            ' ' | '\t' | '\r' => {
                finish_word(
                    &mut word,
                    &mut word_start,
                    i,
                    &mut current,
                    &mut skip_next_word,
                );
            }
            '>' | '<' => {
                finish_word(
                    &mut word,
                    &mut word_start,
                    i,
                    &mut current,
                    &mut skip_next_word,
                );
                // `2>&1`, `>>`, `<<<`: the operator and its target are not
                // arguments.
                while let Some(&(_, n)) = chars.peek() {
                    if matches!(n, '>' | '<' | '&') {
                        chars.next();
                    } else {
                        break;
                    }
                }
                if let Some(&(_, n)) = chars.peek() {
                    if n.is_ascii_digit() {
                        chars.next();
                        continue;
                    }
                }
                skip_next_word = true;
            }
            '&' | '|' | ';' | '\n' | '(' | ')' | '{' | '}'
                if !(matches!(c, '{' | '}') && word_start.is_some()) =>
            {
                finish_word(
                    &mut word,
                    &mut word_start,
                    i,
                    &mut current,
                    &mut skip_next_word,
                );
                // A lone `|` pipes into the next command; `||` does not.
                let doubled = chars.peek().is_some_and(|&(_, n)| n == c);
                if doubled {
                    chars.next();
                }
                finish_command(&mut current, &mut out, piped);
                piped = c == '|' && !doubled;
                skip_next_word = false;
            }
            _ => {
                // A digit right before a redirection is a file descriptor.
                if c.is_ascii_digit()
                    && word_start.is_none()
                    && chars.peek().is_some_and(|&(_, n)| n == '>' || n == '<')
                {
                    continue;
                }
                word_start.get_or_insert(i);
                word.push(c);
            }
        }
    }
    finish_word(
        &mut word,
        &mut word_start,
        script.len(),
        &mut current,
        &mut skip_next_word,
    );
    finish_command(&mut current, &mut out, piped);
    out
}

fn make_command(mut words: Vec<ShellWord>, piped: bool) -> ShellCommand {
    let mut assignments = Vec::new();
    while let Some(first) = words.first() {
        if is_assignment(&first.text) {
            let (k, v) = first.text.split_once('=').unwrap_or_default();
            assignments.push((k.to_string(), v.to_string()));
            words.remove(0);
            continue;
        }
        let program = first.text.rsplit('/').next().unwrap_or(&first.text);
        if WRAPPERS.contains(&program) {
            words.remove(0);
            // Options of the wrapper (`sudo -E`, `env -i`).
            while words.first().is_some_and(|w| w.text.starts_with('-')) {
                words.remove(0);
            }
            continue;
        }
        break;
    }
    ShellCommand {
        words,
        assignments,
        piped_from_previous: piped,
    }
}

/// A package manager or dependency tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Installer {
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Bundler,
    Go,
    Cargo,
    Maven,
    Gradle,
    Composer,
    /// `dotnet restore`: NuGet packages.
    Dotnet,
}

impl Installer {
    /// The name users know it by.
    pub fn as_str(self) -> &'static str {
        match self {
            Installer::Apt => "apt-get",
            Installer::Apk => "apk",
            Installer::Yum => "yum",
            Installer::Dnf => "dnf",
            Installer::Microdnf => "microdnf",
            Installer::Zypper => "zypper",
            Installer::Pip => "pip",
            Installer::Npm => "npm",
            Installer::Yarn => "yarn",
            Installer::Pnpm => "pnpm",
            Installer::Gem => "gem",
            Installer::Bundler => "bundle",
            Installer::Go => "go",
            Installer::Cargo => "cargo",
            Installer::Maven => "mvn",
            Installer::Gradle => "gradle",
            Installer::Composer => "composer",
            Installer::Dotnet => "dotnet",
        }
    }

    /// Whether it installs operating-system packages.
    pub fn is_system(self) -> bool {
        matches!(
            self,
            Installer::Apt
                | Installer::Apk
                | Installer::Yum
                | Installer::Dnf
                | Installer::Microdnf
                | Installer::Zypper
        )
    }
}

/// A command that installs packages or downloads dependencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Install {
    /// Which tool.
    pub installer: Installer,
    /// The packages named (empty for `npm ci`, `go mod download`, ...).
    pub packages: Vec<String>,
}

fn positional(command: &ShellCommand, skip: usize) -> Vec<String> {
    command
        .args()
        .skip(skip)
        .filter(|a| !a.starts_with('-'))
        .map(str::to_string)
        .collect()
}

/// What `command` installs, if it installs anything.
pub fn install(command: &ShellCommand) -> Option<Install> {
    let program = command.program()?;
    let sub = command.subcommand().unwrap_or("");
    let args_after_sub = || {
        let skip = command.args().position(|a| a == sub).map_or(0, |p| p + 1);
        positional(command, skip)
    };
    let installer = match program {
        "apt-get" | "apt" | "aptitude" if matches!(sub, "install") => Installer::Apt,
        "apk" if sub == "add" => Installer::Apk,
        "yum" if matches!(sub, "install" | "groupinstall") => Installer::Yum,
        "dnf" if matches!(sub, "install" | "groupinstall") => Installer::Dnf,
        "microdnf" if sub == "install" => Installer::Microdnf,
        "zypper" if matches!(sub, "install" | "in") => Installer::Zypper,
        "pip" | "pip3" if sub == "install" => Installer::Pip,
        "python" | "python3" => {
            let words: Vec<&str> = command.args().collect();
            let module = words
                .windows(3)
                .any(|w| w[0] == "-m" && w[1].starts_with("pip") && w[2] == "install");
            if !module {
                return None;
            }
            let skip = words
                .iter()
                .position(|w| *w == "install")
                .map_or(0, |p| p + 1);
            return Some(Install {
                installer: Installer::Pip,
                packages: positional(command, skip),
            });
        }
        "uv" if sub == "pip" && command.has_arg("install") => Installer::Pip,
        "uv" if sub == "sync" => Installer::Pip,
        "poetry" if sub == "install" => Installer::Pip,
        "npm" if matches!(sub, "install" | "i" | "ci" | "add") => Installer::Npm,
        "yarn" if sub.is_empty() || matches!(sub, "install" | "add") => Installer::Yarn,
        "pnpm" if matches!(sub, "install" | "i" | "add") => Installer::Pnpm,
        "gem" if sub == "install" => Installer::Gem,
        "bundle" | "bundler" if sub == "install" => Installer::Bundler,
        "go" if sub == "mod" && command.has_arg("download") => Installer::Go,
        "go" if sub == "install" || sub == "get" => Installer::Go,
        "cargo" if matches!(sub, "fetch" | "install") => Installer::Cargo,
        "mvn" | "mvnw" if command.args().any(|a| a.starts_with("dependency:")) => Installer::Maven,
        "gradle" | "gradlew" if command.has_arg("dependencies") => Installer::Gradle,
        "composer" if sub == "install" => Installer::Composer,
        "dotnet" if sub == "restore" => Installer::Dotnet,
        _ => return None,
    };
    let packages = match installer {
        Installer::Npm
        | Installer::Yarn
        | Installer::Pnpm
        | Installer::Go
        | Installer::Maven
        | Installer::Gradle
        | Installer::Composer
        | Installer::Bundler => args_after_sub(),
        _ => args_after_sub(),
    };
    Some(Install {
        installer,
        packages,
    })
}

/// A compiler or build tool invocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BuildTool {
    Go,
    Cargo,
    Maven,
    Gradle,
    Npm,
    Make,
    CCompiler,
    Cmake,
    Dotnet,
    Typescript,
    PipWheel,
}

impl BuildTool {
    /// A short name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            BuildTool::Go => "go build",
            BuildTool::Cargo => "cargo build",
            BuildTool::Maven => "mvn package",
            BuildTool::Gradle => "gradle build",
            BuildTool::Npm => "npm run build",
            BuildTool::Make => "make",
            BuildTool::CCompiler => "a C compiler",
            BuildTool::Cmake => "cmake",
            BuildTool::Dotnet => "dotnet publish",
            BuildTool::Typescript => "tsc",
            BuildTool::PipWheel => "pip wheel",
        }
    }
}

/// The build tool `command` runs, if it compiles or packages software.
pub fn build_tool(command: &ShellCommand) -> Option<BuildTool> {
    let program = command.program()?;
    let sub = command.subcommand().unwrap_or("");
    Some(match program {
        "go" if matches!(sub, "build" | "install") => BuildTool::Go,
        "cargo" if matches!(sub, "build" | "install") => BuildTool::Cargo,
        "mvn" | "mvnw"
            if command
                .args()
                .any(|a| matches!(a, "package" | "install" | "verify" | "compile")) =>
        {
            BuildTool::Maven
        }
        "gradle" | "gradlew"
            if command.args().any(|a| {
                matches!(
                    a,
                    "build" | "assemble" | "jar" | "bootJar" | "shadowJar" | "installDist"
                )
            }) =>
        {
            BuildTool::Gradle
        }
        "npm" | "yarn" | "pnpm" if command.args().any(|a| a == "build") => BuildTool::Npm,
        "make" | "ninja" => BuildTool::Make,
        "gcc" | "g++" | "cc" | "c++" | "clang" | "clang++" => BuildTool::CCompiler,
        "cmake" => BuildTool::Cmake,
        "dotnet" if matches!(sub, "publish" | "build") => BuildTool::Dotnet,
        "tsc" => BuildTool::Typescript,
        "pip" | "pip3" if sub == "wheel" => BuildTool::PipWheel,
        _ => return None,
    })
}

/// Whether `command` downloads something (`curl`, `wget`).
pub fn is_download(command: &ShellCommand) -> bool {
    matches!(command.program(), Some("curl" | "wget" | "fetch"))
}

/// Whether `command` is a shell or interpreter that would run what it
/// reads on standard input.
pub fn is_shell_interpreter(command: &ShellCommand) -> bool {
    matches!(
        command.program(),
        Some(
            "sh" | "bash"
                | "zsh"
                | "dash"
                | "ash"
                | "ksh"
                | "python"
                | "python3"
                | "perl"
                | "ruby"
                | "node"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programs(script: &str) -> Vec<String> {
        commands(script)
            .iter()
            .filter_map(|c| c.program().map(str::to_string))
            .collect()
    }

    #[test]
    fn splits_on_operators_and_newlines() {
        assert_eq!(
            programs("apt-get update && apt-get install -y curl; rm -rf /x || true\nmake"),
            ["apt-get", "apt-get", "rm", "true", "make"]
        );
    }

    #[test]
    fn quotes_escapes_and_continuations() {
        let cmds = commands("echo \"a b\" 'c d' e\\ f \\\n  g");
        let words: Vec<&str> = cmds[0].args().collect();
        assert_eq!(words, ["a b", "c d", "e f", "g"]);
    }

    #[test]
    fn assignments_and_wrappers_are_set_aside() {
        let cmds = commands(
            "CGO_ENABLED=0 GOOS=linux go build -o /out ./cmd && sudo -E apt-get install x",
        );
        assert_eq!(cmds[0].program(), Some("go"));
        assert_eq!(cmds[0].assignment("CGO_ENABLED"), Some("0"));
        assert_eq!(cmds[1].program(), Some("apt-get"));
    }

    #[test]
    fn pipes_and_redirections() {
        let cmds = commands("curl -fsSL https://x.sh 2>/dev/null | sh -s -- -y > /log");
        assert_eq!(cmds.len(), 2);
        assert!(cmds[1].piped_from_previous);
        assert_eq!(cmds[1].args().collect::<Vec<_>>(), ["-s", "--", "-y"]);
        assert!(!commands("a || b")[1].piped_from_previous);
    }

    #[test]
    fn installs_and_builds() {
        let install_of = |s: &str| install(&commands(s)[0]).map(|i| (i.installer, i.packages));
        assert_eq!(
            install_of("apt-get install -y --no-install-recommends curl ca-certificates"),
            Some((
                Installer::Apt,
                vec!["curl".into(), "ca-certificates".into()]
            ))
        );
        assert_eq!(
            install_of("apk add --no-cache gcompat").unwrap().0,
            Installer::Apk
        );
        assert_eq!(
            install_of("python -m pip install -r req.txt").unwrap().0,
            Installer::Pip
        );
        assert_eq!(install_of("npm ci --omit=dev").unwrap().0, Installer::Npm);
        assert_eq!(install_of("apt-get update"), None);
        assert_eq!(
            build_tool(&commands("go build -o app .")[0]),
            Some(BuildTool::Go)
        );
        assert_eq!(
            build_tool(&commands("./mvnw -B package")[0]),
            Some(BuildTool::Maven)
        );
        assert_eq!(build_tool(&commands("go test ./...")[0]), None);
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            programs("# install\napt-get install x # trailing"),
            ["apt-get"]
        );
    }
}
