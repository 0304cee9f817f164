"""The previous site, removed while `mkdocs build` goes on rather than before it starts.

MkDocs empties the site folder before it writes anything (mkdocs.utils.clean_directory, one file
at a time): at 10,000 decrees that is some 50,000 files, about 6 s of a rebuild that changes one
decree. Before it does, the previous site is moved into a hidden folder of the site folder, which
clean_directory skips as it skips every name that starts with "." (a `.git` of a deployment
branch, say), and an `rm -r` process removes it on another core while the build renders: not a
thread, which would take turns with the build for Python's lock and share its process when the
build forks page renderers (hooks/thidua_forkpages.py). The build waits for it before it ends, so
a completed build never leaves it behind; one a kill interrupted leaves it for the next build to
remove. Without an `rm` command the folder is removed at once, as MkDocs would have. Only `mkdocs
build` (and gh-deploy), and not with `--dirty` (MkDocs then cleans nothing either). With a build
cache, `mkdocs build` keeps what it may trust of the previous site (hooks/thidua_kept.py) and sweeps
only the search index, or all when there is nothing to trust; the preview keeps its folder its own
way (hooks/thidua_preview.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

OLD_SITE = ".thidua-old-site"


def may_clear(site_dir: str, project: Path) -> bool:
    """Whether a build may empty `site_dir`: never the project, nor a folder that holds it."""
    site = Path(site_dir).resolve()
    project = Path(project).resolve()
    return site != project and site not in project.parents


class Sweeper:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def move_aside(self, site_dir: str, project: Path, names: list[str] | None = None) -> None:
        """Move every entry of `site_dir` not starting with "." (or those of `names` there) into
        OLD_SITE, and start removing that folder (with whatever an interrupted build left in it)."""
        if not may_clear(site_dir, project):
            return
        site = Path(site_dir).resolve()
        if not site.is_dir():
            return
        old = site / OLD_SITE
        found = [name for name in os.listdir(site) if not name.startswith(".")]
        names = found if names is None else [name for name in names if name in found]
        if names:
            batch = old / uuid.uuid4().hex  # a folder of its own: names never meet a left-over
            batch.mkdir(parents=True)
            for name in names:
                os.rename(site / name, batch / name)
        if not old.is_dir():
            return
        rm = shutil.which("rm")
        if rm is None:
            shutil.rmtree(old, ignore_errors=True)
            return
        self.process = subprocess.Popen([rm, "-rf", "--", str(old)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def finish(self) -> None:
        """Wait until the previous site is gone."""
        process, self.process = self.process, None
        if process is not None:
            process.wait()
            old = Path(process.args[-1])
            if old.exists():  # rm could not remove all of it: try once more, in this process
                shutil.rmtree(old, ignore_errors=True)
