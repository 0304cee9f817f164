"""`thidua`: the editors' command line — import a decree, start a blank record, validate records.

Each sub-command is a thin shell over the package: import → thidua.importer, validate →
thidua.validate.validate_project (exactly what `mkdocs build` runs), new → the record template.
Exit codes: 0 ok, 1 records have problems or a record already exists, 2 a file cannot be read
or the command line is wrong.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
from pathlib import Path

from . import hints, problems as problems_mod, sources
from .importer import issuer as issuer_mod
from .importer.pipeline import LABELS, ImportFailure, RecordExists, import_file
from .validate import validate_project

TEMPLATE = Path(__file__).parent / "templates" / "record.md"

DESCRIPTION = """\
Công cụ biên tập văn bản thi đua [editors' tool for emulation decrees].

  thidua import TỆP      nhập văn bản (.txt, .md, .docx, .pdf) thành bản ghi trong campaigns/<năm>/
                         [import a decree file into a record]
  thidua new             tạo bản ghi trống theo mẫu, có chú thích từng trường
                         [create a blank record from the commented template]
  thidua validate [TỆP]  kiểm tra bản ghi đúng như khi dựng trang
                         [check records exactly as the site build does]

Hướng dẫn: docs/huong-dan-bien-tap.md [guide for editors]."""


def find_root(start: Path) -> Path | None:
    """The project root: the nearest folder up from `start` with mkdocs.yml and campaigns/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "campaigns").is_dir():
            return folder
    return None


class _UsageVi:
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" is argparse building a sub-command's name: keep it empty.
        return super().add_usage(usage, actions, groups,
                                 "cách dùng [usage]: " if prefix is None else prefix)


class _Formatter(_UsageVi, argparse.RawDescriptionHelpFormatter):
    pass


class _SubFormatter(_UsageVi, argparse.HelpFormatter):
    pass


def _bilingual(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse's own words in both languages, like the rest of the help."""
    parser._positionals.title = "tham số [arguments]"
    parser._optionals.title = "tuỳ chọn [options]"
    parser.add_argument("-h", "--help", action="help",
                        help="hiện trợ giúp này rồi thoát [show this help and exit]")
    return parser


def _sub(sub, name: str, **kwargs) -> argparse.ArgumentParser:
    return _bilingual(sub.add_parser(name, add_help=False, formatter_class=_SubFormatter, **kwargs))


def _parser() -> argparse.ArgumentParser:
    parser = _bilingual(argparse.ArgumentParser(
        prog="thidua", description=DESCRIPTION, formatter_class=_Formatter, add_help=False))
    parser.add_argument("--root", type=Path, default=None,
                        help="thư mục dự án (mặc định: tìm từ thư mục hiện tại) [project folder]")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH [COMMAND]")

    p = _sub(sub, "import", help="nhập văn bản thành bản ghi [import a decree file]",
                       description="Nhập văn bản (.txt, .md, .docx, .pdf có lớp chữ) thành bản ghi "
                       "campaigns/<năm>/<slug>.md, điền sẵn thông tin đọc được; liệt kê các trường "
                       "chưa tìm thấy để kiểm tra [Import a decree into a record; lists what it "
                       "could not find].")
    p.add_argument("file", type=Path, metavar="TỆP", help="tệp văn bản [decree file]")
    p.add_argument("--force", action="store_true",
                   help="ghi đè bản ghi đã có [overwrite an existing record]")
    p.add_argument("--year", type=int, metavar="NĂM",
                   help="năm ban hành khi văn bản không in ngày tháng [year of issue when the "
                   "decree prints no date]")

    p = _sub(sub, "new", help="tạo bản ghi trống theo mẫu [create a blank record]",
                       description="Tạo bản ghi trống, hợp lệ, mỗi trường có chú thích tiếng Việt "
                       "[Create a blank, valid record with every field explained].")
    p.add_argument("--year", type=int, metavar="NĂM", help="năm ban hành (mặc định: năm nay) "
                   "[year of issue, default this year]")
    p.add_argument("--issuer", metavar="MÃ", help="mã cơ quan ban hành trong campaigns/units.yml "
                   "[issuer's unit id]")
    p.add_argument("--slug", default="van-ban-moi", help="tên tệp/đường dẫn (mặc định van-ban-moi) "
                   "[file name and URL slug]")

    p = _sub(sub, "validate", help="kiểm tra bản ghi [check records]",
                       description="Kiểm tra tất cả bản ghi (hoặc các tệp đã nêu) đúng như khi dựng "
                       "trang; in đường_dẫn:dòng: trường: lỗi [Check all records, or the given "
                       "files, exactly as the build does].")
    p.add_argument("files", nargs="*", type=Path, metavar="TỆP",
                   help="chỉ báo lỗi của các tệp này [report only these files]")
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # Windows consoles and some CI runners default to a non-UTF-8 encoding.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    root = args.root.resolve() if args.root else find_root(Path.cwd())
    if root is None or not (root / "campaigns").is_dir():
        print("Lỗi [error]: không tìm thấy dự án (thư mục có mkdocs.yml và campaigns/); chạy lệnh "
              "trong thư mục dự án hoặc dùng --root [no project found: run inside the project or "
              "pass --root]", file=sys.stderr)
        return 2
    return {"import": _import, "new": _new, "validate": _validate}[args.command](args, root)


def _import(args, root: Path) -> int:
    try:
        result = import_file(args.file, root, force=args.force, year=args.year)
    except ImportFailure as err:
        print(f"Lỗi [error]: {err}", file=sys.stderr)
        return 1 if isinstance(err, RecordExists) else 2
    print(f"Đã tạo [written]: {result.path.as_posix()}")
    for note in result.notes:
        print(f"  Lưu ý [note]: {note}")
    if result.missing:
        labels = ", ".join(f"{name} ({LABELS[name]})" for name in result.missing)
        print(f"  Chưa tìm thấy, cần kiểm tra [not found, please check]: {labels}")
    if result.proposal:
        print("  Thêm đơn vị này vào campaigns/units.yml sau khi kiểm tra tên, mã, tỉnh "
              "[add this unit to campaigns/units.yml after checking it]:")
        for line in issuer_mod.proposal_yaml(result.proposal).splitlines():
            print(f"    {line}")
    # The build's own checks on the new record, so the editor sees at once what still blocks it.
    _, problems = validate_project(root, [root / result.path])
    if problems:
        print("  Bản ghi chưa hợp lệ, cần sửa [the record does not validate yet]:")
        for problem in problems:
            print(f"    {problem.format()}")
    print("  Tiếp theo [next]: đọc lại bản ghi so với văn bản gốc, rồi chạy “thidua validate” và "
          "“mkdocs serve”.")
    return 0


def _new(args, root: Path) -> int:
    from .units import load_units
    from .vntext import slugify

    year = args.year or _dt.date.today().year
    units, problems = load_units(root)
    if problems:
        print(problems_mod.report(problems), file=sys.stderr)
        return 1
    issuer = args.issuer or next(iter(units), "")
    if issuer not in units:
        print(f"Lỗi [error]: không có đơn vị “{issuer}” trong campaigns/units.yml "
              f"[no such unit]", file=sys.stderr)
        return 2
    slug = slugify(args.slug) or "van-ban-moi"
    folder = root / "campaigns" / str(year)
    target = folder / f"{slug}.md"
    n = 2
    while os.path.lexists(target):  # a dangling link "exists" too: never write through it
        target = folder / f"{slug}-{n}.md"
        n += 1
    refused = sources.write_refusal(target, root)
    if refused:
        print(f"Lỗi [error]: {refused}", file=sys.stderr)
        return 1
    text = TEMPLATE.read_text(encoding="utf-8")
    text = (text.replace("{year}", str(year)).replace("{issuer}", issuer)
            .replace("{slug}", target.stem))
    folder.mkdir(parents=True, exist_ok=True)
    sources.write_text(target, text, root, replace=False)
    print(f"Đã tạo [written]: {target.relative_to(root).as_posix()}")
    print("  Điền các trường theo chú thích, rồi chạy “thidua validate” [fill in the fields, "
          "then run “thidua validate”].")
    return 0


def _validate(args, root: Path) -> int:
    only = None
    if args.files:
        only = [f if f.is_absolute() else Path.cwd() / f for f in args.files]
        if any(f.name == "units.yml" for f in only):
            # A registry change can break any record that names a unit: check them all.
            only = None
    if only:
        outside = [f for f in only if root.resolve() not in f.resolve().parents]
        if outside:
            print(f"Lỗi [error]: {outside[0]} nằm ngoài dự án {root} [outside the project]",
                  file=sys.stderr)
            return 2
        missing = [f for f in only if not f.exists()]
        if missing:
            print(f"Lỗi [error]: không có tệp {missing[0]} [no such file]", file=sys.stderr)
            return 2
        # A folder ("campaigns/2023") means the records in it.
        only = [p for f in only for p in (sorted(f.rglob("*.md")) if f.is_dir() else [f])]
    portal, problems = validate_project(root, only)
    if problems:
        print(problems_mod.report(problems))
        return 1
    print("Không có lỗi [no problems].")
    found = hints.movement_hints(root, portal)
    if only is not None:
        wanted = {p.resolve().relative_to(root.resolve()).as_posix() for p in only}
        found = [h for h in found if h.path in wanted]
    if found:
        print(hints.report(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
