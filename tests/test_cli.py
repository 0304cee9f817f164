"""The `thidua` command: help in both languages, the blank-record scaffold, and validation that
says exactly what the build says."""
from __future__ import annotations

import tomllib

import pytest
import yaml

from conftest import REPO, copy_project, mkdocs_build, read_record, thidua


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("cli") / "project")


def test_console_script_is_declared():
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["thidua"] == "thidua.cli:main"
    from thidua import cli

    assert callable(cli.main)
    # `pip install -r requirements.txt` installs it: the file installs this package.
    assert "-e ." in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("args", [[], ["import"], ["new"], ["validate"]])
def test_help_is_vietnamese_and_english(project, args):
    run = thidua(project, *args, "--help")
    assert run.returncode == 0, run.stderr
    text = run.stdout
    assert any(word in text for word in ("văn bản", "bản ghi", "năm ban hành"))
    assert "[" in text and any(word in text for word in ("import", "record", "check", "year"))


def test_no_command_prints_help(project):
    run = thidua(project)
    assert run.returncode == 2 and "thidua import" in run.stdout


def test_outside_a_project(tmp_path):
    run = thidua(tmp_path, "validate")
    assert run.returncode == 2
    assert "không tìm thấy dự án" in run.stderr and "[no project found" in run.stderr


def test_new_creates_a_valid_commented_record(project):
    # An issuer still in existence in 2026 (Sở GTVT Kon Tum ceased in 2025: validation says so).
    run = thidua(project, "new", "--year", "2026", "--issuer", "so-xay-dung-quang-ngai")
    assert run.returncode == 0, run.stderr
    path = project / "campaigns" / "2026" / "van-ban-moi.md"
    assert path.exists()
    front, body = read_record(path)
    assert front["issuer"] == "so-xay-dung-quang-ngai" and front["issued"] == "2026"
    assert thidua(project, "validate", path).returncode == 0
    text = path.read_text(encoding="utf-8")
    # Every field of the record format is explained, in Vietnamese, in the template.
    schema = yaml.safe_load((REPO / "hooks" / "thidua" / "schema" / "record.schema.json").read_text())
    for key in schema["properties"]:
        assert f"\n# {key}:" in text or f"\n{key}:" in text, key
    assert "# yaml-language-server: $schema=../../hooks/thidua/schema/record.schema.json" in text
    # A second scaffold never overwrites the first.
    run = thidua(project, "new", "--year", "2026", "--issuer", "so-xay-dung-quang-ngai")
    assert run.returncode == 0 and (project / "campaigns" / "2026" / "van-ban-moi-2.md").exists()
    path.unlink()
    (project / "campaigns" / "2026" / "van-ban-moi-2.md").unlink()


def test_new_rejects_an_unknown_issuer(project):
    run = thidua(project, "new", "--issuer", "so-khong-co")
    assert run.returncode == 2 and "so-khong-co" in run.stderr


def test_validate_clean_project(project):
    run = thidua(project, "validate")
    assert run.returncode == 0, run.stdout
    assert "Không có lỗi" in run.stdout


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A project with three kinds of mistakes, validated by `thidua validate` and by the build."""
    project = copy_project(tmp_path_factory.mktemp("broken") / "project")
    edits = {
        "2018/293-kh-stttt.md": ("issued: 2018-03-27", "issued: 2018-02-31"),
        "2023/173-pd-skhdt.md": ("issuer: so-khdt-lang-son", "issuer: so-khdt-lang-sn"),
        "2024/so-gtvt-kon-tum-phat-dong-thi-dua-2024.md": ("doc_type: kế hoạch", "doc_type: phát động"),
    }
    for rel, (old, new) in edits.items():
        path = project / "campaigns" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return project, thidua(project, "validate"), mkdocs_build(project)


def test_validate_matches_the_build(broken):
    project, validate, build = broken
    assert validate.returncode == 1
    assert build.returncode != 0
    lines = validate.stdout.strip().splitlines()
    problems = [l for l in lines if l.startswith("campaigns/")]
    assert len(problems) == 3
    assert lines[-1].startswith("3 lỗi trong 3 tệp")
    build_output = build.stdout + build.stderr
    for line in lines:
        assert line in build_output, line
    # Each problem as path:line: field: Vietnamese [English].
    for line in problems:
        path, line_no, field, message = line.split(":", 3)
        assert (project / path).exists() and line_no.isdigit() and field.strip()
        assert message.strip().endswith("]") and " [" in message


def test_validate_only_the_given_files(broken):
    project, _, _ = broken
    run = thidua(project, "validate", "campaigns/2018/293-kh-stttt.md")
    assert run.returncode == 1
    assert "293-kh-stttt.md" in run.stdout and "173-pd-skhdt.md" not in run.stdout
    clean = thidua(project, "validate", "campaigns/2019/ubnd-lang-son-thi-dua-cao-diem-2019.md")
    assert clean.returncode == 0, clean.stdout
    # A registry change can break any record: naming units.yml checks everything.
    everything = thidua(project, "validate", "campaigns/units.yml")
    assert everything.returncode == 1 and "173-pd-skhdt.md" in everything.stdout
    missing = thidua(project, "validate", "campaigns/2018/khong-co.md")
    assert missing.returncode == 2
    folder = thidua(project, "validate", "campaigns/2023")
    assert folder.returncode == 1 and "173-pd-skhdt.md" in folder.stdout
    assert "293-kh-stttt.md" not in folder.stdout


def test_pre_commit_hook_runs_thidua_validate():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    hook = next(h for h in hooks if h["entry"].startswith("thidua validate"))
    assert hook["language"] == "system"
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("campaigns/2023/173-pd-skhdt.md") and pattern.search("campaigns/units.yml")
    assert not pattern.search("docs/index.md")


def test_vscode_maps_the_schemas():
    import json

    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    assert "campaigns/units.yml" in schemas["./hooks/thidua/schema/units.schema.json"]
    for path in schemas:
        assert (REPO / path).exists()


def test_editors_guide_covers_commands_fields_and_errors():
    guide = (REPO / "docs" / "huong-dan-bien-tap.md").read_text(encoding="utf-8")
    assert guide.startswith("# Hướng dẫn biên tập")
    for command in ("thidua import", "thidua validate", "thidua new", "mkdocs serve", "--force", "--year"):
        assert command in guide, command
    schema = yaml.safe_load((REPO / "hooks" / "thidua" / "schema" / "record.schema.json").read_text())
    for key in schema["properties"]:
        assert f"`{key}`" in guide, key
    assert "huong-dan-bien-tap.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_an_existing_record_is_its_own_failure(project):
    """The exit code for "record exists" comes from the exception's type, not from its wording."""
    from thidua.importer.pipeline import ImportFailure, RecordExists

    assert issubclass(RecordExists, ImportFailure)
    seed = next((REPO / "tests" / "fixtures" / "seeds").glob("001_*.txt"))
    run = thidua(project, "import", seed)
    assert run.returncode == 1 and "--force" in run.stderr
