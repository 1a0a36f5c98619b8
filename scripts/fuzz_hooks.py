"""schemathesis extension for scripts/fuzz (loaded through `hooks` in scripts/fuzz.toml).

`positive_data_acceptance` fails whenever a request that the document says is well formed is
refused. Some rules cannot be written in JSON Schema: a field that depends on another one
(`due_on` not before `sent_on`), a date relative to today (not in the future), a record that
must exist (an `applicant_id` the caller may see). The document lists those rules in its
`x-rules` extension: the error `code` of each, the fields it applies to (none: any) and the rule
in words (`crates/api/src/openapi/rules.rs`).

`rules_beyond_schema` replaces the built-in check: it runs it, and forgives a 400 only when every
error the problem names is one of the documented rules, on a field that rule names.
Any other refusal of schema-valid data still fails: a 400 for a reason the document could have
stated, or for a rule it does not list.
"""

import schemathesis
from schemathesis.specs.openapi import checks as openapi_checks


def documented(operation):
    """{code: fields} of the rules the document states beyond its schemas (no fields: any)."""
    raw = getattr(operation.schema, "raw_schema", None) or {}
    return {rule.get("code"): set(rule.get("fields") or []) for rule in raw.get("x-rules", [])}


def forgiven(rules, error):
    """Whether one error of a problem is a documented rule on a field the rule applies to."""
    code = error.get("code")
    if code not in rules:
        return False
    fields = rules[code]
    return not fields or base_field(error.get("field")) in fields


def base_field(field):
    """`appeal_ids[2]` is the field `appeal_ids`; `applicant.email` stays as it is."""
    return field.split("[", 1)[0] if field else field


@schemathesis.check
def rules_beyond_schema(ctx, response, case):
    try:
        return openapi_checks.positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code != 400:
            raise
        errors = response.json().get("errors") or []
        rules = documented(case.operation)
        if errors and all(forgiven(rules, error) for error in errors):
            return None
        raise
