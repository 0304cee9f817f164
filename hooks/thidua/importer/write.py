"""Record fields + body → the text of a record file, front matter keys in the format's order.

The YAML looks like the hand-written records: block style, lists indented under their key, plain
scalars where YAML allows them, double quotes otherwise. Dates stay plain (the build reads YAML
without timestamp resolution); a bare year is quoted because YAML would read it as a number.
"""
from __future__ import annotations

import yaml

# The order of the record format's keys (hooks/thidua/schema/record.schema.json).
KEY_ORDER = [
    "title", "number", "symbol", "doc_type", "heading", "issuer", "issued", "issued_after", "effective", "place",
    "theme", "period", "bases", "movements", "targets", "signer", "recipients", "topics", "printed",
    "source", "slug", "redirect_from",
]
BASIS_ORDER = ["relation", "type", "number", "date", "issuer", "subject", "text"]
SIGNER_ORDER = ["name", "position", "on_behalf_of", "note"]


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key, as the hand-written records do.
        return super().increase_indent(flow, False)

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


# Without timestamp resolution "2018-03-27" is a plain string, like the build reads it.
_Dumper.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def ordered(front: dict) -> dict:
    out = {key: front[key] for key in KEY_ORDER if key in front}
    out.update({k: v for k, v in front.items() if k not in out})
    if "bases" in out:
        out["bases"] = [{k: b[k] for k in BASIS_ORDER if k in b} for b in out["bases"]]
    if "signer" in out:
        out["signer"] = {k: out["signer"][k] for k in SIGNER_ORDER if k in out["signer"]}
    return out


def dump_front_matter(front: dict) -> str:
    return yaml.dump(ordered(front), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100000, default_flow_style=False)


def record_text(front: dict, body: str) -> str:
    return f"---\n{dump_front_matter(front)}---\n\n{body.strip()}\n"
