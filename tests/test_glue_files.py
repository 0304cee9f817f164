"""The glue's files at the addresses it generates: the same File as MkDocs would make."""
import importlib.util
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

GLUE = Path(__file__).resolve().parents[1] / "hooks" / "thidua_mkdocs.py"


@pytest.fixture(scope="module")
def glue():
    spec = importlib.util.spec_from_file_location("thidua_mkdocs_files_under_test", GLUE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("uri", [
    "trang-thong-tin-dien-tu/van-ban/2025/293-kh-stttt.md",  # what thidua.urls makes
    "trang-thong-tin-dien-tu/du-lieu/van-ban.json",
    "./trang-thong-tin-dien-tu//don-vi/index.md",  # not normal: MkDocs' own way
    "a/../trang-thong-tin-dien-tu/index.md",
    "thu-muc\\trang.md",
    "trang-thong-tin-dien-tu/",
])
def test_a_generated_file_is_the_file_mkdocs_would_make(glue, uri, tmp_path):
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "x", "site_dir": str(tmp_path / "site"), "docs_dir": str(tmp_path / "docs")})
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = None  # as outside a plugin's event
    ours = glue._GeneratedFile.generated(config, uri, content="x", inclusion=InclusionLevel.NOT_IN_NAV)
    theirs = File.generated(config, uri, content="x", inclusion=InclusionLevel.NOT_IN_NAV)
    assert (ours.src_uri, ours.src_path, ours.dest_uri, ours.url, ours.abs_dest_path) == \
        (theirs.src_uri, theirs.src_path, theirs.dest_uri, theirs.url, theirs.abs_dest_path)
