//! Differential conformance with BuildKit's own Dockerfile parser.
//!
//! The oracle is the PyPI package `dockerfile`, which wraps BuildKit's Go
//! parser (see `tests/oracle/buildkit_oracle.py`). Every Dockerfile of the
//! hand-written corpus in `tests/corpus/dockerfile/` and of the generated
//! corpus (`gen-corpus.py` from the shared folder, 1000 repositories) is
//! read by both, and every instruction must agree on keyword, lines, flags,
//! form, values and heredocs. Files under `differences/` are where current
//! BuildKit and the oracle's older BuildKit disagree; the parser follows
//! current BuildKit there (see the parser's DIFFERENCES.md) and they are
//! checked by unit tests instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use distill_dockerfile::Dockerfile;
use serde_json::Value;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/dockerfile")
}

/// The shared folder: `DISTILL_SHARED`, or `../shared` beside the
/// repository.
fn shared_file(relative: &str) -> PathBuf {
    let base = std::env::var_os("DISTILL_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"));
    let path = base.join(relative);
    assert!(
        path.exists(),
        "missing {}: set DISTILL_SHARED to the folder that holds {relative}",
        path.display()
    );
    path
}

fn dockerfiles_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            dockerfiles_under(&path, out);
        } else {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name == "Dockerfile" || name.ends_with(".Dockerfile") {
                out.push(path);
            }
        }
    }
}

fn is_under(path: &Path, folder: &str) -> bool {
    path.strip_prefix(corpus_dir())
        .is_ok_and(|rest| rest.starts_with(folder))
}

fn run_json(mut command: Command, what: &str) -> Value {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("could not start {what}: {e}"));
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "{what} failed with {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{what} printed invalid JSON: {e}"))
}

/// The Python that has the oracles installed: `DISTILL_PYTHON` (set by
/// scripts/test.sh), else `python3`.
fn python() -> Command {
    Command::new(std::env::var_os("DISTILL_PYTHON").unwrap_or_else(|| "python3".into()))
}

fn oracle(files: &[PathBuf]) -> BTreeMap<String, Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/buildkit_oracle.py");
    let mut command = python();
    command.arg(&script).args(files);
    let output = command.output().expect("python runs");
    assert!(
        output.status.code() != Some(3),
        "the BuildKit oracle is not installed (run scripts/test.sh, or pip install dockerfile): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut command = python();
    command.arg(&script).args(files);
    by_path(run_json(command, "the BuildKit oracle"))
}

fn distill(files: &[PathBuf]) -> BTreeMap<String, Value> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_distill"));
    command.args(["parse", "--format", "json"]).args(files);
    by_path(run_json(command, "distill parse"))
}

fn by_path(value: Value) -> BTreeMap<String, Value> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|doc| {
            (
                doc["path"].as_str().expect("a path").to_string(),
                doc.clone(),
            )
        })
        .collect()
}

/// BuildKit v0.12.5, which the oracle wraps, keeps two values per ENV and
/// LABEL pair; current BuildKit keeps the separator as a third.
fn comparable_values(keyword: &str, values: &Value) -> Vec<Value> {
    let values = values.as_array().cloned().unwrap_or_default();
    if keyword == "ENV" || keyword == "LABEL" {
        values
            .chunks(3)
            .flat_map(|c| c.iter().take(2).cloned())
            .collect()
    } else {
        values
    }
}

fn compare_file(path: &str, expected: &Value, actual: &Value, problems: &mut Vec<String>) {
    if expected["ok"] != Value::Bool(true) {
        let has_error = actual["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["severity"] == "error"));
        if !has_error {
            problems.push(format!(
                "{path}: BuildKit rejects it ({}) but distill reports no error",
                expected["error"]
            ));
        }
        return;
    }
    let theirs = expected["instructions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let ours = actual["instructions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if theirs.len() != ours.len() {
        problems.push(format!(
            "{path}: BuildKit reads {} instructions, distill {}",
            theirs.len(),
            ours.len()
        ));
        return;
    }
    for (i, (b, d)) in theirs.iter().zip(&ours).enumerate() {
        let mut field = |name: &str, theirs: Value, ours: Value| {
            if theirs != ours {
                problems.push(format!(
                    "{path}: instruction {} ({}) {name}: BuildKit {theirs}, distill {ours}",
                    i + 1,
                    b["keyword"]
                ));
            }
        };
        field("keyword", b["keyword"].clone(), d["keyword"].clone());
        field(
            "start_line",
            b["start_line"].clone(),
            d["start_line"].clone(),
        );
        field("end_line", b["end_line"].clone(), d["end_line"].clone());
        field("flags", b["flags"].clone(), d["flag_values"].clone());
        field("json_form", b["json_form"].clone(), d["json_form"].clone());
        let sub = d["trigger"]["keyword"].clone();
        field("sub_keyword", b["sub_keyword"].clone(), sub.clone());
        let keyword = sub.as_str().or(b["keyword"].as_str()).unwrap_or("");
        field(
            "values",
            b["values"].clone(),
            Value::Array(comparable_values(keyword, &d["values"])),
        );
        let heredocs = |v: &Value| -> Value {
            Value::Array(
                v["heredocs"]
                    .as_array()
                    .map(|hs| {
                        hs.iter()
                            .map(|h| serde_json::json!([h["name"], h["content"]]))
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        };
        // The oracle's wrapper reads heredocs from the ONBUILD trigger node,
        // while BuildKit attaches them to the ONBUILD node itself, so the
        // wrapper never reports ONBUILD heredocs; distill follows BuildKit.
        if b["keyword"] != "ONBUILD" {
            field("heredocs", heredocs(b), heredocs(d));
        }
    }
}

fn generated_corpus() -> (tempfile::TempDir, Vec<PathBuf>) {
    let script = shared_file("bench/gen-corpus.py");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let status = python()
        .arg(&script)
        .arg(dir.path())
        .args(["--repos", "1000"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs gen-corpus.py");
    assert!(status.success(), "gen-corpus.py failed");
    let mut files = Vec::new();
    dockerfiles_under(dir.path(), &mut files);
    (dir, files)
}

#[test]
fn agrees_with_buildkit_on_the_whole_corpus() {
    let mut files = Vec::new();
    dockerfiles_under(&corpus_dir(), &mut files);
    files.retain(|p| !is_under(p, "differences"));
    let hand_written = files.len();
    assert!(
        hand_written >= 150,
        "only {hand_written} hand-written files"
    );

    let (_dir, generated) = generated_corpus();
    assert!(
        generated.len() >= 2000,
        "gen-corpus wrote {}",
        generated.len()
    );
    files.extend(generated);

    let theirs = oracle(&files);
    let ours = distill(&files);
    let mut problems = Vec::new();
    for path in &files {
        let key = path.to_string_lossy().to_string();
        let expected = theirs
            .get(&key)
            .unwrap_or_else(|| panic!("oracle skipped {key}"));
        let actual = ours
            .get(&key)
            .unwrap_or_else(|| panic!("distill skipped {key}"));
        compare_file(&key, expected, actual, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} disagreements over {} files:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
    assert!(files.len() >= 300);
}

#[test]
fn every_corpus_file_round_trips() {
    let mut files = Vec::new();
    dockerfiles_under(&corpus_dir(), &mut files);
    let (_dir, generated) = generated_corpus();
    files.extend(generated);
    for path in &files {
        let bytes = std::fs::read(path).expect("corpus file is readable");
        let file = Dockerfile::parse_bytes(&bytes);
        assert_eq!(
            file.print().as_bytes(),
            bytes.as_slice(),
            "{} does not print back byte for byte",
            path.display()
        );
    }
}

#[test]
fn error_files_are_errors_for_distill_too() {
    let mut files = Vec::new();
    dockerfiles_under(&corpus_dir().join("errors"), &mut files);
    assert!(!files.is_empty());
    for path in &files {
        let file = Dockerfile::parse_bytes(&std::fs::read(path).expect("readable"));
        assert!(
            file.errors().next().is_some(),
            "{} should give an error",
            path.display()
        );
    }
}

/// The files where current BuildKit and the oracle's v0.12.5 differ are
/// read as current BuildKit reads them.
#[test]
fn differences_follow_current_buildkit() {
    let read = |name: &str| {
        let path = corpus_dir().join("differences").join(name);
        Dockerfile::parse_bytes(&std::fs::read(&path).expect("readable"))
    };

    let file = read("check-skip-then-escape.Dockerfile");
    assert_eq!(file.escape, '`');
    assert_eq!(file.directives.len(), 2);
    assert_eq!(file.instructions.len(), 2);
    assert_eq!(file.instructions[1].logical.text, "RUN echo a     b");

    let file = read("json-trailing-text.Dockerfile");
    let cmd = &file.instructions[1].command;
    assert!(!cmd.args.is_exec_form());
    assert_eq!(cmd.args.buildkit_values(), ["[\"a\"] trailing"]);

    let file = read("heredoc-space-before-delimiter.Dockerfile");
    assert_eq!(file.instructions.len(), 2);
    assert_eq!(file.instructions[1].heredocs[0].name, "EOF");
    assert_eq!(file.instructions[1].heredocs[0].content, "hello\n");
    assert_eq!(file.instructions[1].end_line, 4);

    let file = read("flag-backslash-under-backtick-escape.Dockerfile");
    let copy = &file.instructions[1].command;
    assert_eq!(copy.flags[0].text, "--chown=BUILTIN\\Users");

    let file = read("flag-non-ascii.Dockerfile");
    assert_eq!(file.instructions[1].command.flags[0].text, "--chown=é");
}
