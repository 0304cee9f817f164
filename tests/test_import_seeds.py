"""The five seed decrees, imported with `thidua import`, give the hand-checked records.

Every field the importer fills must equal the record in campaigns/; editorial fields that are not
in the decree text (topics, source, slug: an editor's choice of URL) are exempt. The body must
equal the record's body too, so the Markdown rules of the record format are met.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, copy_project, read_record, thidua

# Copies of shared/seeds/*.txt (the captures the hand-checked records were made from).
SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))
EDITORIAL = {"topics", "source", "slug"}


def hand_records() -> dict[str, tuple[Path, dict, str]]:
    out = {}
    for path in sorted((REPO / "campaigns").rglob("*.md")):
        front, body = read_record(path)
        out[front["title"]] = (path, front, body)
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    if len(SEEDS) != 5:
        pytest.fail(f"expected the five seed decrees in tests/fixtures/seeds, found {len(SEEDS)}")
    project = copy_project(tmp_path_factory.mktemp("seeds"))
    for record in (project / "campaigns").rglob("*.md"):
        record.unlink()
    results = {}
    for seed in SEEDS:
        before = set((project / "campaigns").rglob("*.md"))
        run = thidua(project, "import", seed)
        after = set((project / "campaigns").rglob("*.md"))
        assert run.returncode == 0, run.stderr
        (written,) = after - before
        results[seed.name] = (run, written)
    return project, results


@pytest.mark.parametrize("seed", [s.name for s in SEEDS])
def test_seed_round_trips(imported, seed):
    project, results = imported
    run, written = results[seed]
    front, body = read_record(written)
    hand = hand_records()
    assert front["title"] in hand, f"no hand-checked record titled {front['title']!r}"
    path, expected, expected_body = hand[front["title"]]
    assert written.parent.name == path.parent.name  # same year folder
    for key in sorted((set(front) | set(expected)) - EDITORIAL):
        assert front.get(key) == expected.get(key), f"{seed}: {key}"
    assert body.strip() == expected_body.strip()


def test_imported_seeds_validate(imported):
    project, _ = imported
    run = thidua(project, "validate")
    assert run.returncode == 0, run.stdout + run.stderr


def test_import_reports_what_it_could_not_find(imported):
    _, results = imported
    run, _ = results["000_c328dbb63f5e1cea.txt"]
    # 000 prints neither number, place nor date: the editor is told to check them.
    line = next(l for l in run.stdout.splitlines() if "Chưa tìm thấy" in l)
    for field in ("number", "place", "issued"):
        assert field in line


def test_never_overwrites_without_force(imported):
    project, results = imported
    _, written = results["004_74d0ac978702a36d.txt"]
    written.write_text(written.read_text(encoding="utf-8") + "\nGhi chú của biên tập viên.\n",
                       encoding="utf-8")
    seed = next(s for s in SEEDS if s.name.startswith("004"))
    run = thidua(project, "import", seed)
    assert run.returncode == 1
    assert "--force" in run.stderr and "đã có" in run.stderr
    assert "Ghi chú của biên tập viên." in written.read_text(encoding="utf-8")
    run = thidua(project, "import", seed, "--force")
    assert run.returncode == 0, run.stderr
    assert "Ghi chú của biên tập viên." not in written.read_text(encoding="utf-8")


def test_reimport_finds_the_hand_record_and_keeps_editorial_fields(tmp_path):
    """Importing a decree already published under an editor's file name refuses to duplicate it;
    with --force it updates that record in place, keeping topics, source and slug."""
    project = copy_project(tmp_path / "project")
    seed = next(s for s in SEEDS if s.name.startswith("001"))
    record = project / "campaigns" / "2024" / "so-gtvt-kon-tum-phat-dong-thi-dua-2024.md"
    original, _ = read_record(record)
    run = thidua(project, "import", seed)
    assert run.returncode == 1 and record.name in run.stderr
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name]
    run = thidua(project, "import", seed, "--force")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name]
    updated, _ = read_record(record)
    assert updated == original



def test_reimport_recognises_a_record_saved_with_bom_and_crlf(tmp_path):
    """An editor's tool saved the record with a BOM and CRLF line endings: the importer reads it
    the way the build does, so it is still the same decree (no duplicate under another slug)."""
    project = copy_project(tmp_path / "project")
    seed = next(s for s in SEEDS if s.name.startswith("001"))
    record = project / "campaigns" / "2024" / "so-gtvt-kon-tum-phat-dong-thi-dua-2024.md"
    original, _ = read_record(record)
    text = record.read_text(encoding="utf-8")
    record.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    run = thidua(project, "import", seed)
    assert run.returncode == 1 and record.name in run.stderr, run.stderr
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name]
    run = thidua(project, "import", seed, "--force")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in record.parent.iterdir()) == [record.name]
    updated, _ = read_record(record)
    assert updated == original  # editorial fields (topics, source, slug) kept

def test_same_number_from_another_issuer_gets_its_own_url(tmp_path):
    """Numbers restart per issuer: 293/KH-STTTT of another province is another decree."""
    project = copy_project(tmp_path / "project")
    seed = next(s for s in SEEDS if s.name.startswith("003"))
    other = tmp_path / "kh-293-kon-tum.txt"
    other.write_text(seed.read_text(encoding="utf-8").replace("Lạng Sơn", "Kon Tum"), encoding="utf-8")
    registry = project / "campaigns" / "units.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + """
- id: so-tttt-kon-tum
  name: Sở Thông tin và Truyền thông tỉnh Kon Tum
  aliases: [Sở Thông tin và Truyền thông]
  kind: so
  province: Kon Tum
  code: STTTT
""", encoding="utf-8")
    run = thidua(project, "import", other)
    assert run.returncode == 0, run.stderr
    written = project / "campaigns" / "2018" / "293-kh-stttt-so-tttt-kon-tum.md"
    front, _ = read_record(written)
    assert front["issuer"] == "so-tttt-kon-tum" and front["slug"] == "293-kh-stttt-so-tttt-kon-tum"
    assert thidua(project, "validate").returncode == 0
