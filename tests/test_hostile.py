"""A hostile or careless editor: every input below ends in a clear `path:line: field: message`
(Vietnamese and English) and a failed build, never a traceback, a hang or a half-written site.

The cases run through `validate_project` (exactly the checks of the build and of `thidua
validate`); a few of them also through the real `mkdocs build --strict`. What a build must
publish safely is in tests/test_hostile_build.py.
"""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from thidua.validate import validate_project

RECORD = "campaigns/2023/173-pd-skhdt.md"


def _front_and_body(root: Path) -> tuple[str, str]:
    text = (root / RECORD).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return front, body


def with_front(root: Path, extra: str) -> None:
    """Append YAML lines to the front matter of a bundled record."""
    front, body = _front_and_body(root)
    (root / RECORD).write_text(f"---\n{front}{extra}---\n{body}", encoding="utf-8")


def with_body(root: Path, extra: str) -> None:
    front, body = _front_and_body(root)
    (root / RECORD).write_text(f"---\n{front}---\n{body}\n{extra}\n", encoding="utf-8")


def replace_in_record(root: Path, old: str, new: str) -> None:
    text = (root / RECORD).read_text(encoding="utf-8")
    assert old in text
    (root / RECORD).write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, needle: str, path: str = RECORD) -> int:
    for number, line in enumerate((root / path).read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


ALIAS_BOMB = textwrap.dedent("""\
    bomb_a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    bomb_b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    bomb_c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    bomb_d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    bomb_e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    bomb_f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    bomb_g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    bomb_h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
""")


def case_alias_bomb(root):
    with_front(root, ALIAS_BOMB)
    return RECORD, line_of(root, "bomb_a"), "-", "neo và bí danh"


def case_self_alias(root):
    with_front(root, "loop: &x [*x]\n")
    return RECORD, line_of(root, "loop:"), "-", "neo và bí danh"


def case_year_zero(root):
    replace_in_record(root, "issued: 2023-01-31", 'issued: "0000"')
    return RECORD, line_of(root, "issued:"), "issued", "năm 0"


def case_period_year_zero(root):
    with_front(root, 'period:\n  to: "0000"\n')
    return RECORD, line_of(root, 'to: "0000"'), "period.to", "năm 0"


def case_vertical_tab(root):
    # Word's Shift+Enter pasted into a title.
    replace_in_record(root, "title: Phong trào", "title: Phong\x0btrào")
    return RECORD, line_of(root, "title:"), "-", "U+000B"


def case_nul(root):
    replace_in_record(root, "place: Lạng Sơn", "place: Lạng\x00Sơn")
    return RECORD, line_of(root, "place:"), "-", "U+0000"


def case_deep_nesting(root):
    with_front(root, "deep: " + "[" * 5000 + "]" * 5000 + "\n")
    return RECORD, line_of(root, "deep:"), "-", "lồng quá"


def case_huge_integer(root):
    with_front(root, "huge: " + "9" * 5000 + "\n")
    return RECORD, line_of(root, "huge:"), "-", "số quá dài"


def case_timestamp_tag(root):
    replace_in_record(root, "issued: 2023-01-31", "issued: !!timestamp 2024-02-31")
    return RECORD, line_of(root, "issued:"), "-", "!!timestamp"


def case_python_tag(root):
    with_front(root, "evil: !!python/object/apply:os.system ['true']\n")
    return RECORD, line_of(root, "evil:"), "-", "!!python/object/apply:os.system"


def case_directory_named_md(root):
    (root / "campaigns/2023/x.md").mkdir()
    return "campaigns/2023/x.md", 1, "-", "thư mục"


def case_symlink_out_of_repo(root):
    outside = root.parent / "secret.md"
    outside.write_text((root / RECORD).read_text(encoding="utf-8").replace("173/PD", "174/PD"), encoding="utf-8")
    os.symlink(outside, root / "campaigns/2023/174-pd-skhdt.md")
    return "campaigns/2023/174-pd-skhdt.md", 1, "-", "symlink"


def case_dangling_symlink(root):
    os.symlink("/nonexistent/van-ban.md", root / "campaigns/2023/van-ban-moi.md")
    return "campaigns/2023/van-ban-moi.md", 1, "-", "symlink"


def case_symlinked_year_folder(root):
    outside = root.parent / "elsewhere"
    (outside / "2022").mkdir(parents=True)
    os.symlink(outside / "2022", root / "campaigns/2022")
    return "campaigns/2022", 1, "-", "symlink"


def case_symlinked_registry(root):
    outside = root.parent / "units.yml"
    outside.write_bytes((root / "campaigns/units.yml").read_bytes())
    (root / "campaigns/units.yml").unlink()
    os.symlink(outside, root / "campaigns/units.yml")
    return "campaigns/units.yml", 1, "-", "symlink"


def case_long_number(root):
    replace_in_record(root, "number: 173/PD-SKHĐT", "number: 173/PD-" + "A" * 300)
    return RECORD, line_of(root, "number:"), "number", "quá 60"


def case_markup_in_number(root):
    replace_in_record(root, "number: 173/PD-SKHĐT", 'number: "7/KH-<svg/onload=alert(1)>"')
    return RECORD, line_of(root, "number:"), "number", "sai dạng"


def case_quote_in_number(root):
    replace_in_record(root, "number: 173/PD-SKHĐT", "number: 7/KH-A\"onmouseover=alert(1)")
    return RECORD, line_of(root, "number:"), "number", "sai dạng"


def case_reserved_slug(root):
    with_front(root, "slug: index\n")
    return RECORD, line_of(root, "slug:"), "slug", "dành riêng"


def case_reserved_redirect(root):
    with_front(root, "redirect_from:\n  - index\n")
    return RECORD, line_of(root, "  - index"), "redirect_from[0]", "dành riêng"


def case_slug_with_newline(root):
    with_front(root, 'slug: "nl\\n"\n')
    return RECORD, line_of(root, "slug:"), "slug", "sai dạng"


def case_empty_slug(root):
    # No number and a title without a single Latin letter: no URL can be derived.
    replace_in_record(root, "number: 173/PD-SKHĐT", 'number: ""')
    text = (root / RECORD).read_text(encoding="utf-8").split("\n")
    text = [('title: "— ! —"' if line.startswith("title:") else line) for line in text]
    (root / RECORD).write_text("\n".join(text), encoding="utf-8")
    return RECORD, line_of(root, "title:"), "slug", "không tạo được đường dẫn"


def case_long_slug(root):
    with_front(root, "slug: " + "-".join(["dai"] * 40) + "\n")
    return RECORD, line_of(root, "slug:"), "slug", "quá 80"


def case_unsafe_file_name(root):
    (root / RECORD).rename(root / "campaigns/2023/Văn bản \"x\".md")
    return "campaigns/2023/Văn bản \"x\".md", 1, "-", "tên tệp"


def case_registry_backreference(root):
    path = root / "campaigns/themes.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n- id: lap-lai\n  name: Lặp lại\n  patterns:\n    - '(a)\\1'\n",
                    encoding="utf-8")
    return "campaigns/themes.yml", line_of(root, "(a)\\1", "campaigns/themes.yml"), "[", "không dùng được"


def _body_case(markdown: str, expected: str, on_line: str | None = None):
    def case(root):
        with_body(root, markdown)
        return RECORD, line_of(root, on_line or markdown.split("\n")[0]), "body", expected
    case.__name__ = "case_body_" + expected
    return case


BODY_CASES = [
    _body_case("Xem <script>alert(1)</script> này.", "<script>"),
    _body_case("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    _body_case("<iframe src=\"https://example.com\"></iframe>", "<iframe"),
    _body_case("<style>body{display:none}</style>", "<style>"),
    _body_case("<form action=https://example.com><input name=q></form>", "<form"),
    _body_case("<svg/onload=alert(1)>", "<svg/onload=alert(1)>"),
    _body_case("Một đoạn <b\nonclick=alert(1)>in đậm</b>.", "<b"),
    _body_case("[Bấm vào đây](javascript:alert(1))", "javascript:"),
    _body_case("[Bấm](JaVa&#115;cript:alert(1))", "javascript:"),
    _body_case("[Tải](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:"),
    _body_case("[x]: vbscript:msgbox(1)", "vbscript:"),
    _body_case("![ảnh](https://example.com/theo-doi.png)", "máy chủ khác"),
    _body_case("![ảnh](//example.com/theo-doi.png)", "máy chủ khác"),
    _body_case("Chú thích[^x].\n\n[^x]: Xem <a href=javascript:alert(1)>đây</a>", "<a href=javascript:alert(1)>",
               on_line="[^x]: Xem"),
    _body_case("<!-- ghi chú chưa đóng", "<!--"),
]

CASES = [
    case_alias_bomb, case_self_alias, case_year_zero, case_period_year_zero, case_vertical_tab, case_nul,
    case_deep_nesting, case_huge_integer, case_timestamp_tag, case_python_tag, case_directory_named_md,
    case_symlink_out_of_repo, case_dangling_symlink, case_symlinked_year_folder, case_symlinked_registry,
    case_long_number, case_markup_in_number, case_quote_in_number, case_reserved_slug, case_reserved_redirect,
    case_slug_with_newline, case_empty_slug, case_long_slug, case_unsafe_file_name, case_registry_backreference,
    *BODY_CASES,
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__[5:])
def test_hostile_input_is_a_located_bilingual_error(tmp_path, case):
    root = copy_project(tmp_path / "project")
    path, line, field, expected = case(root)
    portal, problems = validate_project(root)
    assert portal is None, f"{case.__name__} was accepted"
    matching = [p for p in problems if p.path == path and expected in p.format()]
    assert matching, "\n".join(p.format() for p in problems)
    problem = matching[0]
    assert problem.line == line, problem.format()
    assert problem.field.startswith(field), problem.format()
    assert problem.vi and problem.en and problem.vi != problem.en


def test_catastrophic_pattern_is_matched_in_linear_time(tmp_path):
    """`^(a+)+$` takes exponential time in Python's engine on "aaaa…!"; registries run on RE2."""
    root = copy_project(tmp_path / "project")
    path = root / "campaigns/themes.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n- id: lap\n  name: Lặp\n  patterns:\n    - '^(a+)+$'\n",
                    encoding="utf-8")
    replace_in_record(root, "theme: ", "theme: " + "a" * 40 + "! ")
    done = mkdocs_build(root)  # conftest's timeout (600 s) would catch a hang; this takes seconds
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("case", [case_alias_bomb, case_symlink_out_of_repo, BODY_CASES[0], case_long_number],
                         ids=["alias-bomb", "symlink", "script", "long-number"])
def test_the_strict_build_fails_before_writing_anything(tmp_path, case):
    root = copy_project(tmp_path / "project")
    path, line, field, _ = case(root)
    done = mkdocs_build(root)
    assert done.returncode == 1
    assert f"{path}:{line}: {field}" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (root / "site").exists(), "a failed build must not leave a half-written site"


# --- the editors' command line under the same attacks -------------------------------------------

def test_new_never_writes_through_a_committed_link(tmp_path):
    from conftest import thidua

    root = copy_project(tmp_path / "project")
    outside = tmp_path / "outside" / "stolen.md"
    outside.parent.mkdir()
    (root / "campaigns/2025").mkdir(exist_ok=True)
    os.symlink(outside, root / "campaigns/2025/van-ban-moi.md")  # dangling: its target does not exist yet
    run = thidua(root, "new", "--year", "2025", "--issuer", "so-xay-dung-lang-son")
    assert not outside.exists(), "thidua new wrote through a symbolic link"
    assert run.returncode == 0, run.stderr  # it picks the next free name instead
    assert (root / "campaigns/2025/van-ban-moi-2.md").is_file()
    # The year folder itself a link: refused, nothing written anywhere.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "campaigns/2027")
    run = thidua(root, "new", "--year", "2027", "--issuer", "so-xay-dung-lang-son")
    assert run.returncode == 1 and "symlink" in run.stderr
    assert list(elsewhere.iterdir()) == []


def test_import_escapes_html_it_finds_in_a_decree(tmp_path):
    from conftest import FIXTURES, thidua

    root = copy_project(tmp_path / "project")
    text = (FIXTURES / "kh-so-khdt-lang-son-51.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    lines.insert(at, "Không chép <script>alert(1)</script> và <img src=x onerror=alert(2)> thành mã.\n")
    source = tmp_path / "kh-html.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    run = thidua(root, "import", source)
    assert run.returncode == 0, run.stdout + run.stderr
    written = [p for p in (root / "campaigns").rglob("*.md") if "script" in p.read_text(encoding="utf-8")]
    assert len(written) == 1
    body = written[0].read_text(encoding="utf-8")
    assert "&lt;script>alert(1)&lt;/script>" in body and "&lt;img src=x" in body
    problems = validate_project(root)[1]
    assert [p for p in problems if p.field == "body"] == [], problems  # escaped text is no HTML


def test_a_docx_that_expands_beyond_reason_is_refused(tmp_path):
    import zipfile

    from conftest import thidua

    root = copy_project(tmp_path / "project")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (101 << 20))
    assert bomb.stat().st_size < 1 << 20
    run = thidua(root, "import", bomb)
    assert run.returncode != 0
    assert "bomb.docx" in run.stderr and "MB" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("footnotes", [
    b"<not xml",
    b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:footnote w:id="abc"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:footnote></w:footnotes>',
], ids=["malformed", "non-numeric-id"])
def test_damaged_docx_footnotes_give_one_clear_error(tmp_path, footnotes):
    import zipfile

    import docgen
    from conftest import FIXTURES, thidua

    root = copy_project(tmp_path / "project")
    good = docgen.write_docx((FIXTURES.parent / "seeds/004_74d0ac978702a36d.txt").read_text(encoding="utf-8"), tmp_path / "good.docx")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as out:
        names = src.namelist()
        assert "word/footnotes.xml" in names
        for name in names:
            out.writestr(name, footnotes if name == "word/footnotes.xml" else src.read(name))
    run = thidua(root, "import", damaged, "--force")
    assert "Traceback" not in run.stderr, run.stderr
    if footnotes.startswith(b"<not"):
        assert run.returncode != 0 and "footnotes" in run.stderr
    else:  # a note Word would never write is ignored; the decree itself imports
        assert run.returncode == 0, run.stderr
