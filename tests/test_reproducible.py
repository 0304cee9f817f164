"""The same records build the same listing bytes, wherever and whenever they are built: nothing
on the pages depends on the build's date or directory (running campaigns are marked in the
reader's browser)."""
from __future__ import annotations

from fixtures import fictional
from sitebuild import SECTION, build, copy_project


def test_two_builds_in_different_places_write_identical_listings(tmp_path):
    outputs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        root = copy_project(tmp_path / name)
        fictional.write(root)
        result = build(root)
        assert result.returncode == 0, result.output
        section = result.site / SECTION
        outputs.append({p.relative_to(section).as_posix(): p.read_bytes()
                        for p in sorted(section.rglob("*.html"))})
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
