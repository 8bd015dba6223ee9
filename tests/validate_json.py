#!/usr/bin/python3
"""Validates the JSON document on standard input against a JSON Schema
(draft 2020-12) file: prints each error as "path: message", exits 1 when
there is any. Uses Debian's python3-jsonschema."""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator, RefResolver


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    document = json.load(sys.stdin)
    # References to the other schema files resolve beside this one.
    base = pathlib.Path(sys.argv[1]).resolve().as_uri()
    validator = Draft202012Validator(
        schema, resolver=RefResolver(base_uri=base, referrer=schema))
    errors = sorted(validator.iter_errors(document),
                    key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors:
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{path}: {e.message}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
