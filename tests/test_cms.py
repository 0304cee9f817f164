"""The web editor /quan-tri/: vendored bundle checksums, configuration generated from the schemas,
a writer that saves exactly what the importer writes, and public pages that never load the CMS."""
from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from thidua import cmsconfig
from thidua.importer.write import dump_front_matter, record_text
from thidua.schema_check import load_schema

VENDOR = ROOT / "docs" / "quan-tri" / "vendor"
ROUNDTRIP = ROOT / "tests" / "cms" / "roundtrip.js"
UNITS = yaml.safe_load((ROOT / "campaigns" / "units.yml").read_text(encoding="utf-8"))

# Pinned here as well as in SHA256SUMS: changing the bundle means changing this test on purpose.
DECAP_SHA256 = "7c1efd6b616b4786e279aeef194dd21649a72058d3bc8d1f78901b574610dfb8"
JSYAML_SHA256 = "45dc3dd03dc07a06705a2c2989b8c7f709013f04bd5386e3279d4e447f07ebd7"


# --- the vendored bundle -----------------------------------------------------------------------

def test_vendored_files_match_their_checksums():
    listed = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        listed[name.removeprefix("./")] = digest
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert present == set(listed), "files not in SHA256SUMS or missing: " + str(present ^ set(listed))
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert listed[f"decap-cms-{cmsconfig.DECAP_VERSION}/decap-cms.js"] == DECAP_SHA256
    assert listed[f"js-yaml-{cmsconfig.JSYAML_VERSION}/js-yaml.min.js"] == JSYAML_SHA256


def test_bundle_is_the_pinned_version():
    text = (VENDOR / f"decap-cms-{cmsconfig.DECAP_VERSION}" / "decap-cms.js").read_text(encoding="utf-8")
    assert f'"decap-cms-app {cmsconfig.DECAP_VERSION}"' in text or f"decap-cms-app {cmsconfig.DECAP_VERSION}" in text


# --- configuration from the schemas ------------------------------------------------------------

def _schema_paths(schema: dict, node: dict, prefix: tuple = ()) -> set[tuple]:
    node = cmsconfig._resolve(node, schema)
    out = set()
    if node.get("type") == "array":
        return _schema_paths(schema, node.get("items", {}), prefix)
    for key, prop in node.get("properties", {}).items():
        out.add(prefix + (key,))
        out |= _schema_paths(schema, prop, prefix + (key,))
    return out


def _config_paths(fields: list[dict], prefix: tuple = ()) -> set[tuple]:
    out = set()
    for f in fields:
        out.add(prefix + (f["name"],))
        out |= _config_paths(f.get("fields", []), prefix + (f["name"],))
    return out


def _collections(cfg: dict) -> dict[str, list[dict]]:
    coll = {c["name"]: c for c in cfg["collections"]}
    files = {f["name"]: f["fields"] for f in coll["danh-muc"]["files"]}
    strip = lambda fields: fields[0]["fields"]  # registries: the one list field of the file
    return {
        "record.schema.json": [f for f in coll["van-ban"]["fields"] if f["name"] not in ("body", cmsconfig.YEAR_FIELD)],
        "honours.schema.json": coll["khen-thuong"]["fields"],
        "units.schema.json": strip(files["don-vi"]),
        "vocabulary.schema.json": strip(files["chu-de"]),
    }


@pytest.mark.parametrize("schema_name", ["record.schema.json", "honours.schema.json",
                                         "units.schema.json", "vocabulary.schema.json"])
def test_config_covers_every_schema_field(schema_name):
    cfg = cmsconfig.config(UNITS, cmsconfig.Backend(repo="o/r"))
    schema = load_schema(schema_name)
    assert _config_paths(_collections(cfg)[schema_name]) == _schema_paths(schema, schema)


def test_labels_hints_and_widgets_come_from_the_schema():
    cfg = cmsconfig.config(UNITS, cmsconfig.Backend(repo="o/r"))
    fields = {f["name"]: f for f in _collections(cfg)["record.schema.json"]}
    record = load_schema("record.schema.json")
    for name, field in fields.items():
        assert field["label"] == record["properties"][name]["title"]
    assert fields["title"]["hint"] == record["properties"]["title"]["description"]
    assert fields["doc_type"]["widget"] == "select" and fields["doc_type"]["options"] == record["properties"]["doc_type"]["enum"]
    assert fields["issuer"]["widget"] == "select"
    assert {o["value"] for o in fields["issuer"]["options"]} == {u["id"] for u in UNITS}
    assert fields["issued_after"]["widget"] == "datetime" and fields["issued_after"]["format"] == "YYYY-MM-DD"
    assert fields["issued"]["pattern"][0] == record["$defs"]["date"]["pattern"]  # partial dates: text + pattern
    assert fields["movements"]["widget"] == "list" and fields["bases"]["widget"] == "list"
    assert [f["name"] for f in fields["bases"]["fields"]] == list(record["properties"]["bases"]["items"]["properties"])
    honours = {f["name"]: f for f in _collections(cfg)["honours.schema.json"]}
    forms = {f["name"]: f for f in honours["honours"]["fields"]}["form"]
    assert forms["widget"] == "select" and "Bằng khen" in forms["options"]
    # A decision's date may be partial when its source gives only month or year: text + pattern.
    decided = honours["decision"]["fields"][1]
    assert decided["widget"] == "string" and decided["pattern"][0] == load_schema("honours.schema.json")[
        "properties"]["decision"]["properties"]["date"]["pattern"]
    # The generator-private mark never reaches config.yml.
    assert cmsconfig.KEEP_EMPTY not in cmsconfig.config_yaml(cfg)


def test_a_field_added_to_the_schema_appears_in_the_form():
    schema = copy.deepcopy(load_schema("record.schema.json"))
    schema["properties"]["decree_url"] = {"type": "string", "title": "Địa chỉ văn bản gốc",
                                          "description": "URL của bản gốc."}
    fields = {f["name"]: f for f in cmsconfig.fields_of(schema, "record", UNITS)}
    assert fields["decree_url"] == {"name": "decree_url", "label": "Địa chỉ văn bản gốc",
                                    "hint": "URL của bản gốc.", "required": False, "widget": "string"}


def test_backend_settings_and_hosts():
    gh = cmsconfig.Backend.from_extra({"name": "github", "repo": "so-x/thidua", "base_url": "https://auth.example.vn"})
    assert gh.workflow == "editorial_workflow"
    assert gh.hosts() == ["http://127.0.0.1:8081", "https://api.github.com", "https://auth.example.vn"]
    gitea = cmsconfig.Backend.from_extra({"name": "gitea", "repo": "so/thidua", "branch": "ban-nhap",
                                          "base_url": "https://git.so.gov.vn", "api_root": "https://git.so.gov.vn/api/v1",
                                          "app_id": "abc"})
    # Decap's Gitea backend has no editorial workflow: review happens on the branch's pull request.
    assert gitea.workflow == "simple"
    assert gitea.config()["branch"] == "ban-nhap" and gitea.config()["app_id"] == "abc"
    assert "https://api.github.com" not in gitea.hosts()


# --- the writer: what the CMS saves is what the importer writes ------------------------------

def node_roundtrip(files: list, data: list = ()) -> dict:
    if not shutil.which("node"):
        pytest.fail("node is needed for the CMS writer tests (Node 20, as in CI)", pytrace=False)
    cfg = cmsconfig.config(UNITS, cmsconfig.Backend())
    payload = {"orders": cmsconfig.writer_orders(cfg), "year_field": cmsconfig.YEAR_FIELD,
               "files": files, "data": list(data)}
    result = subprocess.run(["node", str(ROUNDTRIP)], input=json.dumps(payload), capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_saving_an_unchanged_record_or_unit_registry_changes_nothing():
    files = [(str(p), "thidua-record", p.read_text(encoding="utf-8")) for p in sorted(ROOT.glob("campaigns/*/*.md"))]
    files.append((str(ROOT / "campaigns/units.yml"), "thidua-list", (ROOT / "campaigns/units.yml").read_text(encoding="utf-8")))
    assert len(files) >= 6
    out = node_roundtrip(files)
    for path, _, text in files:
        assert out[path] == text, path


def test_saving_a_vocabulary_keeps_its_layout_and_header():
    # Comments inside an entry are the one thing a save from the form loses (README, "Web editor").
    for name in ("themes.yml", "movements.yml"):
        text = (ROOT / "campaigns" / name).read_text(encoding="utf-8")
        out = node_roundtrip([(name, "thidua-list", text)])[name]
        without_inner_comments = "".join(l for l in text.splitlines(True) if not l.startswith("    #"))
        assert out == without_inner_comments, name


TRICKY = ["", "2025", "2025-03", "yes", "No", "null", "~", "1.5", "0x1F", "1:30", "<<", "=",
          "- gạch đầu dòng", "a: b", "a:b", "#đầu", "cuối #thẻ", "câu # giữa", "KT. GIÁM ĐỐC",
          "“ngoặc kép cong”", '"ngoặc"', "'nháy'", "dấu \\ ngược", " khoảng trắng đầu", "cuối ",
          "[mở", "{mở", "&neo", "*bí danh", "!thẻ", "|khối", ">gấp", "%chỉ thị", "@a", "`a`",
          "?hỏi", "? hỏi", ":hai chấm", "---", "...", "dòng\nhai", "tab\tở giữa", "a, b", "Đ/c Nguyễn Văn A",
          "Thi đua “Dân vận khéo”: năm 2025", "173/PD-SKHĐT", "so-gtvt-lang-son", "ký tự\u00a0cách", "😀",
          "Hoà/Hòa"]


def test_writer_quotes_like_pyyaml_for_hostile_and_tricky_text():
    data = []
    for i, text in enumerate(TRICKY):
        front = {"title": text, "number": "", "doc_type": "kế hoạch", "heading": "KẾ HOẠCH",
                 "issuer": "so-gtvt-lang-son", "issued": "2025", "place": text or "x",
                 "bases": [{"relation": "căn cứ", "type": "Luật", "number": "", "date": "2022-06-15",
                            "text": text or "x"}],
                 "movements": [text or "x", "<script>alert(1)</script>"],
                 "signer": {"note": "Đã ký", "name": text or "x", "position": "GIÁM ĐỐC"},
                 "body": "Toàn văn."}
        data.append((f"r{i}", "thidua-record", front))
    out = node_roundtrip([], data)
    for i, (_, _, front) in enumerate(data):
        front = dict(front)
        body = front.pop("body")
        assert out[f"r{i}"] == record_text(front, body), repr(TRICKY[i])


def test_writer_orders_keys_and_drops_empty_optional_values():
    front = {"place": "Lạng Sơn", "issued": "2025-01-02", "issuer": "so-gtvt-lang-son",
             "heading": "KẾ HOẠCH", "doc_type": "kế hoạch", "number": "", "title": "Kế hoạch",
             "theme": "", "targets": [], "period": {"from": "", "to": ""}, "symbol": None,
             "signer": {"position": "GIÁM ĐỐC", "name": "Nguyễn Văn A"},
             cmsconfig.YEAR_FIELD: "2025", "body": "\n\nNội dung.\n\n"}
    out = node_roundtrip([], [("r", "thidua-record", front)])["r"]
    expected = {k: v for k, v in front.items() if k in ("place", "issued", "issuer", "heading", "doc_type", "number", "title", "signer")}
    assert out == record_text(expected, "Nội dung.")
    assert out.startswith("---\ntitle: Kế hoạch\nnumber: \"\"\n") and "  name: Nguyễn Văn A\n  position:" in out


def test_honours_decision_is_written_in_schema_order():
    decision = {"source": "Cổng TTĐT tỉnh", "campaign": "2023/173-pd-skhdt", "conferred_by": "ubnd-tinh-lang-son",
                "decision": {"date": "2024-01-10", "number": "45/QĐ-UBND"},
                "honours": [{"reason": "Có thành tích", "form": "Bằng khen", "unit": "so-gtvt-lang-son"}]}
    out = node_roundtrip([], [("h", "thidua-yaml", decision)])["h"]
    assert out == ("decision:\n  number: 45/QĐ-UBND\n  date: 2024-01-10\nconferred_by: ubnd-tinh-lang-son\n"
                   "campaign: 2023/173-pd-skhdt\nsource: Cổng TTĐT tỉnh\nhonours:\n"
                   "  - unit: so-gtvt-lang-son\n    form: Bằng khen\n    reason: Có thành tích\n")
    assert yaml.load(out, Loader=yaml.BaseLoader) == decision  # all strings, as the build reads dates


# --- the built site ------------------------------------------------------------------------------

def test_public_pages_never_load_the_cms_and_the_admin_page_says_where_it_connects(built_site):
    admin = built_site / "quan-tri" / "index.html"
    pages = [p for p in built_site.rglob("*.html") if p != admin]
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        loads = re.findall(r'<(?:script|link|iframe|img)\b[^>]*(?:src|href)="([^"]*)"', text)
        assert not [u for u in loads if "quan-tri" in u or "decap" in u.lower()], page
    html = admin.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    connect = re.search(r"connect-src ([^;]+)", csp).group(1).split()
    assert set(connect) == {"'self'", "http://127.0.0.1:8081", "https://api.github.com", "blob:", "data:"}
    assert "script-src 'self' " in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert re.search(r"img-src ([^;]+)", csp).group(1).split() == ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com"]
    assert "kết nối tới máy chủ khác" in html
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "thidua-cms-before.js", cmsconfig.DECAP_JS, cmsconfig.JSYAML_JS, "thidua-cms.js"]
    for src in re.findall(r'<script src="([^"]+)"', html):
        assert (built_site / "quan-tri" / src).is_file(), src
    assert "<script>" not in html  # no inline script: the CSP forbids it
    cfg = yaml.safe_load((built_site / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert cfg["locale"] == "vi" and cfg["publish_mode"] == "editorial_workflow"
    styles = json.loads((built_site / "quan-tri" / "thidua-cms.json").read_text(encoding="utf-8"))["preview_styles"]
    assert "../assets/thidua.css" in styles and any("stylesheets/main." in s for s in styles)
    for href in styles:
        assert (built_site / "quan-tri" / href).resolve().is_file(), href


def test_unit_names_with_markup_stay_data_in_the_config():
    units = UNITS + [{"id": "don-vi-x", "name": "<img src=x onerror=alert(1)> \"Đơn vị\"", "kind": "so"}]
    text = cmsconfig.config_yaml(cmsconfig.config(units, cmsconfig.Backend()))
    options = {f["name"]: f for f in yaml.safe_load(text)["collections"][0]["fields"]}["issuer"]["options"]
    assert {"label": "<img src=x onerror=alert(1)> \"Đơn vị\" (don-vi-x)", "value": "don-vi-x"} in options
