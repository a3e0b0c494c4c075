#!/usr/bin/env python3
"""Checks Web Annotation JSON-LD against the W3C Web Annotation Working Group's own assertions.

Usage: check_web_annotation.py KIND FILE...   (KIND: annotation, collection or page)

Each assertion listed in the suite's MUST test (annotations/annotationMusts.test,
collections/collectionMusts.test, collections/pages/pageMusts.test) is a JSON Schema
(draft 4) over the definitions in definitions/; every one must validate, as the W3C's own
harness requires. Prints each failure with the assertion's error message and exits 1 if any.
"""
import json
import sys
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).parent / "web-annotation-tests"
MUSTS = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}


def registry():
    resources = []
    for path in (SUITE / "definitions").glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def main():
    kind, files = sys.argv[1], sys.argv[2:]
    test = json.loads((SUITE / MUSTS[kind]).read_text())
    reg = registry()
    failures = 0
    checked = 0
    for file in files:
        document = json.loads(Path(file).read_text())
        for assertion_path in test["assertions"]:
            assertion = json.loads((SUITE / assertion_path).read_text())
            validator = jsonschema.Draft4Validator(
                assertion, registry=reg, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
            )
            checked += 1
            if not validator.is_valid(document):
                failures += 1
                print(f"{file}: {assertion_path}: {assertion.get('errorMessage', 'invalid')}")
    print(f"{kind}: {checked} MUST assertions checked over {len(files)} document(s), {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
