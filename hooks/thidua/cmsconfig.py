"""The web editor at /quan-tri/ (Decap CMS): its configuration, written from the JSON Schemas.

One source of truth for fields: every property of hooks/thidua/schema/*.json becomes a form field
(label = schema title, hint = description, required = schema `required`), so a field added to a
schema appears in the form without editing the CMS configuration. The admin page and the key order
its writer (docs/quan-tri/thidua-cms.js) follows are generated here too.

Plain functions of data: no MkDocs import (the glue is hooks/thidua_mkdocs.py).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .schema_check import load_schema

ADMIN_DIR = "quan-tri/"
DECAP_VERSION = "3.16.3"
JSYAML_VERSION = "4.1.0"
DECAP_JS = f"vendor/decap-cms-{DECAP_VERSION}/decap-cms.js"
JSYAML_JS = f"vendor/js-yaml-{JSYAML_VERSION}/js-yaml.min.js"

# Fields whose value is a unit id of campaigns/units.yml, offered as a choice of the registry's
# units. bases[].issuer is not one: it is the issuing body as printed.
UNIT_CHOICE = {
    "record": {("issuer",)},
    "honours": {("conferred_by",), ("proposed_by",), ("honours", "unit"), ("honours", "person", "unit")},
    "units": {("items", "parent"), ("items", "successor")},
}

LIST_KEY = "items"  # registries are YAML lists at the root; the form edits them as this one list field
YEAR_FIELD = "nam_thu_muc"
KEEP_EMPTY = "x_thidua_keep_empty"  # generator-private mark, removed from config.yml


@dataclass(frozen=True)
class Backend:
    """Where the CMS reads and writes: mkdocs.yml `extra.cms` (see README, "Biên tập trên web")."""

    name: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""        # OAuth gateway (GitHub) or the Gitea/Forgejo server
    api_root: str = ""        # Gitea/Forgejo: https://git.example.gov.vn/api/v1
    app_id: str = ""          # Gitea/Forgejo OAuth application id (PKCE)
    local_backend: str = "http://127.0.0.1:8081/api/v1"  # decap-server on the editor's own machine
    extra_hosts: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_extra(cls, extra: dict | None) -> "Backend":
        extra = dict(extra or {})
        hosts = tuple(extra.pop("extra_hosts", ()) or ())
        known = {k: str(v) for k, v in extra.items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known, extra_hosts=hosts)

    @property
    def workflow(self) -> str:
        # Decap's Gitea backend has no editorial workflow: it commits to `branch`, which must then be
        # a review branch that reaches main only through an approved pull request.
        return "simple" if self.name == "gitea" else "editorial_workflow"

    def config(self) -> dict:
        out: dict[str, Any] = {"name": self.name, "repo": self.repo, "branch": self.branch}
        for key in ("base_url", "api_root", "app_id"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["squash_merges"] = True
        out["commit_messages"] = {
            "create": "Thêm {{collection}} “{{slug}}” (qua trang quản trị)",
            "update": "Sửa {{collection}} “{{slug}}” (qua trang quản trị)",
            "delete": "Xoá {{collection}} “{{slug}}” (qua trang quản trị)",
        }
        return out

    def hosts(self) -> list[str]:
        """Origins the admin page may talk to (its Content-Security-Policy connect-src)."""
        origins = {_origin(self.local_backend)}
        if self.name == "github":
            origins |= {"https://api.github.com"}
        for url in (self.base_url, self.api_root, *self.extra_hosts):
            if url:
                origins.add(_origin(url))
        return sorted(o for o in origins if o)

    def image_hosts(self) -> list[str]:
        """Origins of the signed-in user's avatar (the only images from another host)."""
        hosts = {_origin(u) for u in (self.base_url, self.api_root) if u}
        if self.name == "github":
            hosts.add("https://avatars.githubusercontent.com")
        return sorted(h for h in hosts if h)


def _origin(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3]) if len(parts) >= 3 and parts[0].endswith(":") else ""


# --- schema → fields -------------------------------------------------------------------------

def _resolve(prop: dict, schema: dict) -> dict:
    """A property with its local $ref merged in; the property's own title/description win."""
    ref = prop.get("$ref")
    if not ref:
        return prop
    target = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = {**_resolve(target, schema), **{k: v for k, v in prop.items() if k != "$ref"}}
    return merged


def _unit_options(units: list[dict]) -> list[dict]:
    return [{"label": f"{u['name']} ({u['id']})", "value": u["id"]} for u in units]


def _field(name: str, prop: dict, schema: dict, required: bool, path: tuple[str, ...],
           unit_paths: set, units: list[dict]) -> dict:
    prop = _resolve(prop, schema)
    out: dict[str, Any] = {"name": name, "label": prop.get("title", name)}
    if prop.get("description"):
        out["hint"] = prop["description"]
    if prop.get("type") == "string" and prop.get("pattern") and re.search(prop["pattern"], ""):
        # "" is a value here (a document printed without number): the form accepts it empty and
        # the writer keeps `number: ""` as the importer does.
        required = False
        out[KEEP_EMPTY] = True
    if not required:
        out["required"] = False
    if path in unit_paths:
        out.update(widget="select", options=_unit_options(units))
    elif "enum" in prop:
        out.update(widget="select", options=list(prop["enum"]))
    elif "oneOf" in prop:
        # Only the recipients list has alternatives (a name, or a name with a note): the form offers
        # the plain text one; a note stays editable in the record file.
        plain = next(_resolve(alt, schema) for alt in prop["oneOf"] if _resolve(alt, schema).get("type") == "string")
        out.update(_scalar(plain))
    elif prop.get("type") == "object":
        req = set(prop.get("required", []))
        # Decap checks the required fields of an optional object even when it is left empty: there
        # they are optional in the form, and `thidua validate`/the build still require them.
        out.update(widget="object", collapsed=not required, fields=[
            _field(k, v, schema, k in req and required, path + (k,), unit_paths, units)
            for k, v in prop.get("properties", {}).items()])
    elif prop.get("type") == "array":
        items = _resolve(prop.get("items", {}), schema)
        out["widget"] = "list"
        if prop.get("minItems"):
            out["min"] = prop["minItems"]
        if items.get("type") == "object":
            req = set(items.get("required", []))
            out["fields"] = [_field(k, v, schema, k in req, path + (k,), unit_paths, units)
                             for k, v in items.get("properties", {}).items()]
        else:
            inner = _field("muc", items, schema, True, path + ("muc",), unit_paths, units)
            inner["label"] = items.get("title", out["label"])
            out["field"] = inner
    else:
        out.update(_scalar(prop))
    return out


def _scalar(prop: dict) -> dict:
    out: dict[str, Any] = {}
    if prop.get("format") == "date":
        # Stored as the record writes it, "YYYY-MM-DD"; shown in the Vietnamese order.
        out.update(widget="datetime", format="YYYY-MM-DD", date_format="DD/MM/YYYY",
                   time_format=False, picker_utc=True)
    else:
        out["widget"] = "string"
    if prop.get("pattern"):
        out["pattern"] = [prop["pattern"], prop.get("patternErrorMessage", "Sai định dạng [Wrong format]")]
    return out


def fields_of(schema: dict, kind: str, units: list[dict]) -> list[dict]:
    """The form fields of one schema (an object schema, or a list of objects as one list field)."""
    unit_paths = UNIT_CHOICE.get(kind, set())
    if schema.get("type") == "array":
        return [_field(LIST_KEY, {**schema, "title": schema.get("title", LIST_KEY)}, schema, True,
                       (LIST_KEY,), unit_paths, units)]
    req = set(schema.get("required", []))
    return [_field(k, v, schema, k in req, (k,), unit_paths, units)
            for k, v in schema.get("properties", {}).items()]


def key_order(fields: list[dict]) -> dict:
    """Field name → {"r": required, "k": nested order}: the writer puts keys in the schema's order
    and drops empty optional values (a required "" such as a record without number is kept)."""
    return {f["name"]: {"r": f.get("required", True) or f.get(KEEP_EMPTY, False),
                        "k": key_order(f.get("fields", []))}
            for f in fields}


def _public(value):
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items() if k != KEEP_EMPTY}
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


# --- the whole configuration -----------------------------------------------------------------

def config(units: list[dict], backend: Backend, site_url: str = "") -> dict:
    record = fields_of(load_schema("record.schema.json"), "record", units)
    body = {"name": "body", "label": "Toàn văn", "widget": "markdown", "modes": ["raw"],
            "hint": "Toàn văn bằng Markdown, giữ nguyên chính tả của bản gốc. Full text."}
    # The folder campaigns/<year>/ is the year of `issued`; Decap's path templates cannot cut a
    # value, so thidua-cms.js fills this hidden field before a save and never writes it.
    year = {"name": YEAR_FIELD, "label": "Năm", "widget": "hidden", "required": False}
    honours = fields_of(load_schema("honours.schema.json"), "honours", units)
    unit_fields = fields_of(load_schema("units.schema.json"), "units", units)
    vocab = load_schema("vocabulary.schema.json")
    cfg: dict[str, Any] = {
        "locale": "vi",
        "backend": backend.config(),
        "publish_mode": backend.workflow,
        "local_backend": {"url": backend.local_backend},
        "media_folder": "docs/assets/tep",
        "public_folder": "/assets/tep",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [
            {
                "name": "van-ban", "label": "Văn bản phát động", "label_singular": "văn bản",
                "description": load_schema("record.schema.json")["description"],
                "folder": "campaigns", "path": "{{" + YEAR_FIELD + "}}/{{slug}}", "extension": "md",
                "format": "thidua-record", "create": True,
                "slug": "{{fields.number | lower}}", "identifier_field": "title",
                "summary": "{{number}} — {{title}}",
                "fields": record + [body, year],
            },
            {
                "name": "khen-thuong", "label": "Quyết định khen thưởng", "label_singular": "quyết định",
                "description": load_schema("honours.schema.json")["description"],
                "folder": "campaigns/honours", "extension": "yml", "format": "thidua-yaml",
                "create": True, "identifier_field": "source", "slug": "{{fields.decision.number}}",
                "fields": honours,
            },
            {
                "name": "danh-muc", "label": "Danh mục", "description": "Đơn vị, chủ đề, phong trào.",
                "files": [
                    {"name": "don-vi", "label": "Danh mục đơn vị", "file": "campaigns/units.yml",
                     "format": "thidua-list", "fields": unit_fields},
                    {"name": "chu-de", "label": "Danh mục chủ đề thi đua", "file": "campaigns/themes.yml",
                     "format": "thidua-list", "fields": fields_of(vocab, "vocabulary", units)},
                    {"name": "phong-trao", "label": "Danh mục phong trào thi đua", "file": "campaigns/movements.yml",
                     "format": "thidua-list", "fields": fields_of(vocab, "vocabulary", units)},
                ],
            },
        ],
    }
    if site_url:
        cfg["site_url"] = site_url
    return cfg


def writer_orders(cfg: dict) -> dict:
    """Per format, the key order the writer follows (read by docs/quan-tri/thidua-cms.js)."""
    coll = {c["name"]: c for c in cfg["collections"]}
    files = {f["name"]: f for f in coll["danh-muc"]["files"]}
    return {
        "thidua-record": key_order([f for f in coll["van-ban"]["fields"] if f["name"] not in ("body", YEAR_FIELD)]),
        "thidua-yaml": key_order(coll["khen-thuong"]["fields"]),
        "units": key_order(files["don-vi"]["fields"])[LIST_KEY]["k"],
        "vocabulary": key_order(files["chu-de"]["fields"])[LIST_KEY]["k"],
    }


def config_yaml(cfg: dict) -> str:
    head = "# Sinh tự động từ hooks/thidua/schema/*.json khi dựng trang (hooks/thidua/cmsconfig.py): không sửa tay.\n"
    return head + yaml.safe_dump(_public(cfg), allow_unicode=True, sort_keys=False, width=100000)


def admin_html(backend: Backend) -> str:
    """The standalone admin page: its own CSP, the only page that loads the CMS or talks to a git host."""
    connect = " ".join(["'self'", *backend.hosts()])
    # Decap needs: inline styles (emotion), eval for its config validator (ajv) and WebAssembly
    # for its bundled parsers; images from the git host's avatars; nothing else.
    images = " ".join(["'self'", "data:", "blob:", *backend.image_hosts()])
    csp = ("default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
           f"style-src 'self' 'unsafe-inline'; img-src {images}; font-src 'self' data:; "
           f"connect-src {connect} blob: data:; frame-src 'self' blob:; worker-src 'self' blob:; "
           "base-uri 'self'; form-action 'none'")
    hosts = ", ".join(h for h in backend.hosts()) or "—"
    e = html.escape
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{e(csp, quote=False).replace('"', "&quot;")}">
<meta name="robots" content="noindex">
<title>Quản trị nội dung – Thi đua</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<p id="thidua-cms-note" style="margin:0;padding:.4rem .8rem;background:#fff4d6;color:#3b2a00;font:14px/1.4 sans-serif">
Trang quản trị: đây là trang duy nhất của cổng kết nối tới máy chủ khác — kho dữ liệu git
({e(hosts)}). Mọi thay đổi được lưu thành một nhánh và yêu cầu hợp nhất (pull request), chỉ được
công bố sau khi người thứ hai duyệt.
<a href="../huong-dan-bien-tap/">Hướng dẫn biên tập</a>.
</p>
<script src="thidua-cms-before.js"></script>
<script src="{e(DECAP_JS)}"></script>
<script src="{e(JSYAML_JS)}"></script>
<script src="thidua-cms.js"></script>
</body>
</html>
"""


def registry_units(root) -> list[dict]:
    """The unit entries of campaigns/units.yml as written (an unreadable file gives no choices;
    validation reports it)."""
    try:
        data = yaml.safe_load((root / "campaigns" / "units.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    return [u for u in data or [] if isinstance(u, dict) and "id" in u and "name" in u]


def files(units: list[dict], backend: Backend, site_url: str = "",
          preview_styles: list[str] = ()) -> dict[str, str]:
    """Site path → content of the generated admin files. preview_styles: the portal's stylesheets
    (site paths), so the CMS preview shows a decree as readers see it."""
    cfg = config(units, backend, site_url)
    page_data = {"orders": writer_orders(cfg), "year_field": YEAR_FIELD, "preview_styles": ["../" + p for p in preview_styles]}
    return {
        ADMIN_DIR + "index.html": admin_html(backend),
        ADMIN_DIR + "config.yml": config_yaml(cfg),
        ADMIN_DIR + "thidua-cms.json": json.dumps(page_data, ensure_ascii=False, indent=1) + "\n",
    }
