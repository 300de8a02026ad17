#!/usr/bin/env python3
"""Reference reading of Dockerfiles by BuildKit's own parser.

distill's Dockerfile parser must agree with BuildKit's. This script is the
oracle its tests compare against: it reads every Dockerfile named on the
command line with the PyPI package `dockerfile` (which wraps BuildKit's Go
parser, vendored at v0.12.5) and prints ONE JSON array on stdout, one object
per file, in argument order:

    {"path": <as given>, "ok": bool, "error": str | null,
     "instructions": [{"keyword": "RUN", "sub_keyword": null | "RUN",
                       "json_form": bool, "start_line": int, "end_line": int,
                       "flags": [...], "values": [...],
                       "heredocs": [{"name": ..., "content": ...}]}]}

Notes on what the package reports: keywords are upper-cased here (BuildKit
keeps the case they were written in); for ONBUILD, `sub_keyword` is the
trigger's keyword, `flags` are the ONBUILD node's own (the trigger's flags
are not reported) and the trigger's heredocs are not reported; ENV and LABEL
values are flat key, value pairs.

Usage: buildkit_oracle.py FILE... > oracle.json
Exits 3 if the `dockerfile` package is missing (pip install dockerfile).
"""

import json
import sys

try:
    import dockerfile
except ImportError:
    sys.stderr.write(
        "buildkit_oracle.py: the Python package 'dockerfile' is missing; "
        "install it with: pip install dockerfile\n"
    )
    sys.exit(3)


def instruction(command):
    return {
        "keyword": command.cmd.upper(),
        "sub_keyword": command.sub_cmd.upper() if command.sub_cmd else None,
        "json_form": bool(command.json),
        "start_line": command.start_line,
        "end_line": command.end_line,
        "flags": list(command.flags),
        "values": list(command.value),
        "heredocs": [{"name": h.name, "content": h.content} for h in command.heredocs],
    }


def read(path):
    try:
        commands = dockerfile.parse_file(path)
    except (dockerfile.GoParseError, dockerfile.GoIOError) as err:
        return {"path": path, "ok": False, "error": str(err), "instructions": []}
    return {
        "path": path,
        "ok": True,
        "error": None,
        "instructions": [instruction(c) for c in commands],
    }


def main(paths):
    json.dump([read(p) for p in paths], sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
