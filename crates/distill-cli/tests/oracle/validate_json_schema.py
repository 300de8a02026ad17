#!/usr/bin/env python3
"""Validate JSON documents against a JSON Schema with the reference
implementation (PyPI jsonschema), formats asserted.

    validate_json_schema.py SCHEMA DOCUMENT...

Prints one line per invalid document with the first errors and exits 1 if
any document is invalid; exits 3 if jsonschema is missing.
"""

import json
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate_json_schema.py: install jsonschema (pip install jsonschema)\n")
    sys.exit(3)


def main():
    schema_path, documents = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    bad = 0
    for path in documents:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        if errors:
            bad += 1
            details = "; ".join(
                f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors[:5]
            )
            print(f"{path}: {len(errors)} errors: {details}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
