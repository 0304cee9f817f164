"""The preview's memory of validation (thidua.validate.Seen): a record file unchanged since it was
read is not read again and gives the same Campaign; any change to it, to its kind, or to the unit
registry is seen on the next rebuild, as a fresh validation would see it."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from conftest import copy_project
from thidua import buildcache, validate
from thidua.validate import Seen, validate_project

DECREE = "campaigns/2023/173-pd-skhdt.md"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


@pytest.fixture
def reads(monkeypatch):
    """The record files validation reads, by path."""
    done: list[str] = []
    real = validate._read

    def counted(path):
        done.append(Path(path).relative_to(Path(path).parents[2]).as_posix())
        return real(path)

    monkeypatch.setattr(validate, "_read", counted)
    return done


def _settled_at_once(seen: Seen) -> Seen:
    # Files this test just wrote count as settled; the default window has its own test.
    seen.SETTLED_NS = -10**12
    return seen


def _run(project, store, seen):
    portal, problems = validate_project(project, cache=store, seen=seen)
    return portal, problems


def test_an_unchanged_file_is_not_read_again_and_gives_the_same_campaign(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    first, problems = _run(project, store, seen)
    assert problems == [] and len(reads) == len(first.campaigns)
    reads.clear()
    again, problems = _run(project, store, seen)
    assert problems == [] and reads == []
    assert all(a is b for a, b in zip(first.campaigns, again.campaigns))


def test_a_change_of_the_same_size_with_the_old_time_put_back_is_read(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    _run(project, store, seen)
    path = project / DECREE
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Sở Kế hoạch", "Sở Kế HOẠCH", 1)
    assert len(changed.encode()) == len(text.encode()) and changed != text
    time.sleep(0.05)  # past the file system's clock tick
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the change time still moves
    reads.clear()
    portal, problems = _run(project, store, seen)
    assert problems == [] and reads == [DECREE]
    mine = next(c for c in portal.campaigns if c.path == DECREE)
    fresh = next(c for c in validate_project(project)[0].campaigns if c.path == DECREE)
    assert "Sở Kế HOẠCH" in str(mine.data) and (mine.data, mine.body) == (fresh.data, fresh.body)


def _restored(seen: Seen) -> Seen:
    """A later process's Seen, from what this one's state() gives as JSON (the build cache's copy)."""
    later = _settled_at_once(Seen())
    later.restore(json.loads(json.dumps(seen.state())))
    return later


def test_a_later_process_reads_only_the_files_changed_since_the_state_was_taken(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    first, _ = _run(project, store, seen)
    later = _restored(seen)
    path = project / DECREE
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn lưu sau.\n", encoding="utf-8")
    reads.clear()
    portal, problems = _run(project, buildcache.Store(tmp_path / "cache", "code"), later)
    assert problems == [] and reads == [DECREE]
    assert len(portal.campaigns) == len(first.campaigns)
    assert "Đoạn lưu sau." in next(c for c in portal.campaigns if c.path == DECREE).body


def test_a_malformed_state_is_left_out_and_those_files_are_read(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    first, _ = _run(project, store, seen)
    state = seen.state()
    names = sorted(state)
    # [six status fields, digest, record entry's name, its value]
    assert all(len(value) == 9 for value in state.values())
    spoilt = {names[0]: "not a list", names[1]: state[names[1]][:6] + state[names[1]][7:],
              names[2]: [True, *state[names[2]][1:]], names[3]: state[names[3]][:6] + [7] + state[names[3]][7:],
              names[4]: [float(state[names[4]][0]), *state[names[4]][1:]]}
    for broken in ([], "x", None, {**state, **spoilt}):
        later = _settled_at_once(Seen())
        later.restore(json.loads(json.dumps(broken)))
        reads.clear()
        portal, problems = _run(project, store, later)
        assert problems == [] and len(portal.campaigns) == len(first.campaigns)
        expected = len(first.campaigns) if not isinstance(broken, dict) else len(spoilt)
        assert len(reads) == expected


def test_a_file_read_while_fresh_is_read_again(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), Seen()
    seen.SETTLED_NS = 300_000_000  # the project was copied longer ago than this, the record just now
    time.sleep(0.5)
    path = project / DECREE
    path.write_text(path.read_text(encoding="utf-8") + "\nMới lưu.\n", encoding="utf-8")
    _run(project, store, seen)
    reads.clear()
    _run(project, store, seen)
    assert reads == [DECREE]  # saved within the window: its status is not trusted


def test_a_file_turned_into_a_link_is_refused(project, tmp_path):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    _run(project, store, seen)
    path = project / DECREE
    outside = tmp_path / "outside.md"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    portal, problems = _run(project, store, seen)
    assert portal is None and [p.path for p in problems] == [DECREE]
    assert "symbolic link" in problems[0].en


def test_a_renamed_unit_gives_new_campaigns_with_the_new_name(project, tmp_path):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    first, _ = _run(project, store, seen)
    units = project / "campaigns" / "units.yml"
    issuer = next(c for c in first.campaigns if c.path == DECREE).issuer
    units.write_text(units.read_text(encoding="utf-8").replace(issuer.name, issuer.name + " (mới)", 1),
                     encoding="utf-8")
    again, problems = _run(project, store, seen)
    assert problems == []
    assert next(c for c in again.campaigns if c.path == DECREE).issuer.name == issuer.name + " (mới)"
    assert not any(a is b for a, b in zip(first.campaigns, again.campaigns))
    fresh, _ = validate_project(project)
    assert [(c.path, c.issuer, c.data, c.body) for c in again.campaigns] == \
        [(c.path, c.issuer, c.data, c.body) for c in fresh.campaigns]


def test_files_checked_by_worker_processes_give_what_one_process_finds(project, tmp_path):
    """Records the cache does not know are checked by worker processes (thidua.validate, workers):
    the same campaigns and the same problems, in the same order, as one process finds, and the
    same cache entries for the next build."""
    source = (project / DECREE).read_text(encoding="utf-8")
    folder = project / "campaigns" / "2023"
    for n in range(80):  # more than thidua.parallel.MIN_ITEMS: the workers really run
        text = re.sub(r"(?m)^number: .*$", f"number: {n + 500}/PD-SKHĐT", source, count=1)
        text = re.sub(r"(?m)^title: (.*)$", rf"title: \1 (bản {n})", text, count=1)
        if n % 17 == 3:
            text = text.replace("title:", "title: [unclosed", 1)  # a YAML error
        elif n % 17 == 5:
            text = text.replace("date:", "date: 31/02/2023\nwas_date:", 1)  # a schema error
        (folder / f"copy-{n:02d}.md").write_text(text, encoding="utf-8")
    serial = validate_project(project, cache=buildcache.Store(tmp_path / "one", "code"), workers=1)
    store = buildcache.Store(tmp_path / "two", "code")
    parallel_run = validate_project(project, cache=store, workers=2)
    assert serial[1] and [str(p) for p in parallel_run[1]] == [str(p) for p in serial[1]]
    assert store.misses > 80
    for p in ("one", "two"):  # the entries written either way read back to the same problems
        warm = validate_project(project, cache=buildcache.Store(tmp_path / p, "code"), workers=2)
        assert [str(x) for x in warm[1]] == [str(x) for x in serial[1]]
    # Without the broken copies, the same portal.
    for n in range(80):
        if n % 17 in (3, 5):
            (folder / f"copy-{n:02d}.md").unlink()
    one = validate_project(project, cache=buildcache.Store(tmp_path / "three", "code"), workers=1)
    two = validate_project(project, cache=buildcache.Store(tmp_path / "four", "code"), workers=2)
    assert one[1] == [] and two[1] == []
    assert [(c.path, c.data, c.body) for c in two[0].campaigns] == [(c.path, c.data, c.body) for c in one[0].campaigns]


@pytest.fixture
def entry_reads(monkeypatch):
    """The record entries of the build cache whose bodies are read, by cache name."""
    done: list[str] = []
    real = buildcache.Store.get_text

    def counted(self, kind, key, count=True):
        if kind == "record":
            done.append(key)
        return real(self, kind, key, count)

    monkeypatch.setattr(buildcache.Store, "get_text", counted)
    return done


def test_a_later_process_reads_no_file_and_no_body_of_the_records_unchanged(project, tmp_path, reads, entry_reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    first, _ = _run(project, store, seen)
    path = project / DECREE
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- ghi chú -->Đoạn lưu sau.\n", encoding="utf-8")
    reads.clear()
    entry_reads.clear()
    later = _restored(seen)
    portal, problems = _run(project, buildcache.Store(tmp_path / "cache", "code"), later)
    assert problems == [] and reads == [DECREE] and len(entry_reads) == 1  # the edited file's entry, not found
    unread = [c for c in portal.campaigns if not isinstance(c.source_body, str) and "body" not in vars(c)]
    assert sorted(c.path for c in unread) == sorted(c.path for c in first.campaigns if c.path != DECREE)
    fresh = {c.path: c for c in validate_project(project)[0].campaigns}
    for campaign in portal.campaigns:  # asked for, each body is what a fresh validation gives
        assert (campaign.data, campaign.body) == (fresh[campaign.path].data, fresh[campaign.path].body)
    assert len(entry_reads) == 1 + len(unread)
    assert "ghi chú" not in next(c for c in portal.campaigns if c.path == DECREE).body


def test_a_record_entry_gone_before_validation_is_made_again_from_the_file(project, tmp_path, reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    _run(project, store, seen)
    later = _restored(seen)
    gone = later.head(project / DECREE)[0]
    store.remove("record", gone)
    reads.clear()
    again = buildcache.Store(tmp_path / "cache", "code")
    portal, problems = _run(project, again, later)
    assert problems == [] and reads == [DECREE] and again.has("record", gone)
    fresh = next(c for c in validate_project(project)[0].campaigns if c.path == DECREE)
    assert next(c for c in portal.campaigns if c.path == DECREE).body == fresh.body


def test_a_body_whose_entry_went_after_validation_is_read_from_its_file_if_unchanged(project, tmp_path):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    _run(project, store, seen)
    later = _restored(seen)
    again = buildcache.Store(tmp_path / "cache", "code")
    portal, problems = _run(project, again, later)
    assert problems == []
    by_path = {c.path: c for c in portal.campaigns}
    other = next(path for path in by_path if path != DECREE)
    for path in (DECREE, other):
        again.remove("record", later.head(project / path)[0])
    fresh = {c.path: c for c in validate_project(project)[0].campaigns}
    assert by_path[DECREE].body == fresh[DECREE].body
    (project / other).write_text((project / other).read_text(encoding="utf-8") + "\nSửa giữa chừng.\n",
                                 encoding="utf-8")
    with pytest.raises(validate.RecordChanged, match=re.escape(other) + ".*build again"):
        by_path[other].body


def test_a_malformed_record_head_is_left_out_and_its_entry_is_read(project, tmp_path, reads, entry_reads):
    store, seen = buildcache.Store(tmp_path / "cache", "code"), _settled_at_once(Seen())
    _run(project, store, seen)
    state = json.loads(json.dumps(seen.state()))
    name = str(project / DECREE)
    state[name][8] = {"problems": [], "source": {"path": DECREE}}  # no front matter
    later = _settled_at_once(Seen())
    later.restore(state)
    reads.clear()
    entry_reads.clear()
    portal, problems = _run(project, buildcache.Store(tmp_path / "cache", "code"), later)
    assert problems == [] and reads == [] and entry_reads == [state[name][7]]
    fresh = next(c for c in validate_project(project)[0].campaigns if c.path == DECREE)
    mine = next(c for c in portal.campaigns if c.path == DECREE)
    assert (mine.data, mine.body) == (fresh.data, fresh.body)
