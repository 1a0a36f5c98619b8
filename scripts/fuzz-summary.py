"""Summarises the schemathesis runs of scripts/fuzz: per operation, the test cases answered with
a server error (5xx) and the checks that found an answer breaking the document.

Usage: python3 scripts/fuzz-summary.py DIR ROLE...   (reads DIR/ROLE.ndjson)
Exits with 1 when there is any finding or a role has no report.
"""

import json
import sys
from collections import Counter, defaultdict


def recorders(path):
    """Every scenario recorder in an ndjson event stream."""
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            event = json.loads(line)
            for value in event.values():
                if isinstance(value, dict) and isinstance(value.get("recorder"), dict):
                    yield value["recorder"]


def operation(case, fallback):
    """`METHOD /path/{template}` of a recorded case."""
    value = case.get("value", {})
    method, path = value.get("method"), value.get("path")
    return f"{method.upper()} {path}" if method and path else fallback


def main(directory, roles):
    server_errors = defaultdict(Counter)  # operation -> role -> cases answered 5xx
    broken = defaultdict(Counter)  # operation -> check -> failures
    totals = Counter()
    missing = []
    for role in roles:
        try:
            scenarios = list(recorders(f"{directory}/{role}.ndjson"))
        except FileNotFoundError:
            print(f"no report for {role}")
            missing.append(role)
            continue
        for recorder in scenarios:
            cases = recorder.get("cases", {})
            for case_id, interaction in recorder.get("interactions", {}).items():
                response = (interaction or {}).get("response") or {}
                totals[role] += 1
                if response.get("status_code", 0) >= 500:
                    server_errors[operation(cases.get(case_id, {}), recorder.get("label", "?"))][role] += 1
            for case_id, checks in recorder.get("checks", {}).items():
                label = operation(cases.get(case_id, {}), recorder.get("label", "?"))
                for check in checks:
                    if check.get("status") == "failure" and check.get("name") != "not_a_server_error":
                        broken[label][check.get("name", "?")] += 1

    print("requests sent per role: " + ", ".join(f"{r} {n}" for r, n in totals.items()))
    print()
    print("5xx answers per operation (test cases, by role):")
    if not server_errors:
        print("  none")
    for label in sorted(server_errors, key=lambda k: -sum(server_errors[k].values())):
        by_role = ", ".join(f"{r} {n}" for r, n in sorted(server_errors[label].items()))
        print(f"  {sum(server_errors[label].values()):5}  {label}  ({by_role})")
    print()
    print("answers that break the document, per operation (failed checks, all roles):")
    if not broken:
        print("  none")
    for label in sorted(broken, key=lambda k: -sum(broken[k].values())):
        by_check = ", ".join(f"{c} {n}" for c, n in broken[label].most_common())
        print(f"  {sum(broken[label].values()):5}  {label}  ({by_check})")
    print()
    print(f"5xx test cases: {sum(sum(c.values()) for c in server_errors.values())} "
          f"in {len(server_errors)} operations; failed conformance checks: "
          f"{sum(sum(c.values()) for c in broken.values())} in {len(broken)} operations")
    return 1 if server_errors or broken or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
