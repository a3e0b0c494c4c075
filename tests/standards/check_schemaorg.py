#!/usr/bin/env python3
"""Checks schema.org JSON-LD term by term against the schema.org vocabulary.

Usage: check_schemaorg.py FILE...   (each a JSON-LD object or an array of them)

Every `@type` must be a schema.org type; every property must be a schema.org property whose
`domainIncludes` holds the object's type or one of its supertypes; a nested object's type
must fit the property's `rangeIncludes` (or a subtype of one). Prints each problem and exits
1 if any.
"""
import json
import sys
from pathlib import Path

VOCABULARY = Path(__file__).parent / "schemaorg" / "schemaorg-current-https.jsonld"


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def load():
    graph = json.loads(VOCABULARY.read_text())["@graph"]
    types, supers, domains, ranges = set(), {}, {}, {}
    for node in graph:
        node_id = node["@id"].removeprefix("schema:")
        kinds = as_list(node.get("@type"))
        if "rdfs:Class" in kinds:
            types.add(node_id)
            supers[node_id] = [s["@id"].removeprefix("schema:") for s in as_list(node.get("rdfs:subClassOf"))]
        if "rdf:Property" in kinds:
            domains[node_id] = {d["@id"].removeprefix("schema:") for d in as_list(node.get("schema:domainIncludes"))}
            ranges[node_id] = {r["@id"].removeprefix("schema:") for r in as_list(node.get("schema:rangeIncludes"))}
    return types, supers, domains, ranges


TYPES, SUPERS, DOMAINS, RANGES = load()


def ancestry(kind):
    seen, todo = set(), [kind]
    while todo:
        k = todo.pop()
        if k not in seen:
            seen.add(k)
            todo.extend(SUPERS.get(k, []))
    return seen


def check(node, path, problems):
    kind = node.get("@type")
    if kind not in TYPES:
        problems.append(f"{path}: @type {kind!r} is not a schema.org type")
        return
    lineage = ancestry(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in DOMAINS:
            problems.append(f"{path}.{key}: not a schema.org property")
            continue
        if not DOMAINS[key] & lineage:
            problems.append(f"{path}.{key}: not a property of {kind} (domain: {sorted(DOMAINS[key])})")
        for i, item in enumerate(as_list(value)):
            if isinstance(item, dict):
                inner = item.get("@type")
                if inner and not ancestry(inner) & RANGES[key]:
                    problems.append(f"{path}.{key}: a {inner} is outside its range {sorted(RANGES[key])}")
                check(item, f"{path}.{key}[{i}]", problems)


def main():
    problems, checked = [], 0
    for file in sys.argv[1:]:
        for i, node in enumerate(as_list(json.loads(Path(file).read_text()))):
            checked += 1
            check(node, f"{file}[{i}]", problems)
    for problem in problems:
        print(problem)
    print(f"schema.org: {checked} document(s) checked, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
