"""Incremental builds: after any change, the site equals a build from scratch, and only what changed is rewritten."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from test_render_sites import FIXTURE_SITE, fixture_articles

from site_builder.build import build
from site_builder.config import load_config
from site_builder.content import ARTICLES_DIR, record_from_article, render_content_file
from site_builder.linkcheck import read_folder
from site_builder.models import Article
from site_builder.report import QUIET, Reporter


def write_article(project: Path, article: Article) -> None:
    path = project / "content" / ARTICLES_DIR / f"{article.slug}.md"
    path.write_text(render_content_file(record_from_article(article), article.body), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site's records, plus enough dated copies for month archives."""
    root = tmp_path / "project"
    (root / "content" / ARTICLES_DIR).mkdir(parents=True)
    shutil.copy(FIXTURE_SITE / "site.yml", root / "site.yml")
    articles = fixture_articles()
    for article in articles:
        write_article(root, dataclasses.replace(article, input=None, other_inputs=[]))
    model = next(a for a in articles if a.slug == "rabat-moscou-energie")
    for n in range(40):
        write_article(root, dataclasses.replace(
            model, slug=f"energie-{n:02d}", title=f"Énergie, épisode {n}",
            date=dt.date(2025, 1, 1) + dt.timedelta(days=11 * n), input=None, other_inputs=[],
        ))  # fmt: skip
    return root


def build_into(project: Path, out: Path, force: bool = False) -> dict[str, int]:
    """Build; the modification time of every output file afterwards."""
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=out, ingest_inputs=False, force=force)
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def assert_same_as_fresh(project: Path, out: Path, tmp_path: Path, name: str) -> None:
    fresh = tmp_path / f"fresh-{name}"
    build_into(project, fresh, force=True)
    incremental, scratch = read_folder(out), read_folder(fresh)
    assert sorted(n for n in set(incremental) | set(scratch) if incremental.get(n) != scratch.get(n)) == []


def test_edits_additions_and_removals_give_the_site_a_fresh_build_gives(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "_site"
    first = build_into(project, out)
    assert "briefings/energy/2025-01.html" in first

    # 1. One article's title edited: its page and the pages listing it change; most of the site does not.
    record = project / "content" / ARTICLES_DIR / "energie-05.md"
    record.write_text(record.read_text(encoding="utf-8").replace("épisode 5", "épisode cinq"), encoding="utf-8")
    after_edit = build_into(project, out)
    assert_same_as_fresh(project, out, tmp_path, "edit")
    rewritten = {name for name, mtime in after_edit.items() if first.get(name) != mtime}
    assert "articles/energie-05.html" in rewritten
    assert "briefings/energy/2025-02.html" in rewritten  # its month (5 × 11 days after 1 January)
    assert "articles/energie-06.html" not in rewritten
    assert "briefings/energy/2025-06.html" not in rewritten  # another month
    assert len(rewritten) < len(first) / 3

    # 2. One article added, naming an actor so far named once: that actor gets a page, the first article a link.
    model = next(a for a in fixture_articles() if a.slug == "gitex-delegation")
    added = dataclasses.replace(model, slug="gitex-suite", title="GITEX Africa : le bilan", date=dt.date(2025, 4, 20),
                                input=None, other_inputs=[])
    write_article(project, added)
    after_add = build_into(project, out)
    assert_same_as_fresh(project, out, tmp_path, "add")
    assert "actors/nadia-tazi.html" in after_add and "actors/nadia-tazi.html" not in after_edit
    assert after_add["articles/gitex-delegation.html"] != after_edit["articles/gitex-delegation.html"]

    # 3. That article removed again: its page and the actor page go; the site is as before it came.
    (project / "content" / ARTICLES_DIR / "gitex-suite.md").unlink()
    after_remove = build_into(project, out)
    assert_same_as_fresh(project, out, tmp_path, "remove")
    assert set(after_remove) == set(after_edit)

    # 4. A template changed: every page is made again, no search file (no search document shows a template).
    theme = project / "my-theme" / "templates"
    theme.mkdir(parents=True)
    base = (Path(__file__).resolve().parents[1] / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    (theme / "base.html").write_text(base.replace("</body>", "<!-- edited -->\n</body>"), encoding="utf-8")
    site_yml = project / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "\ntheme: my-theme\n", encoding="utf-8")
    progress = io.StringIO()
    build(load_config(site_yml), Reporter(stream=progress), out_dir=out, ingest_inputs=False)
    assert_same_as_fresh(project, out, tmp_path, "template")
    assert "<!-- edited -->" in (out / "articles/energie-05.html").read_text(encoding="utf-8")
    assert re.search(r"^render +\d+ outputs to render, 0 unchanged", progress.getvalue(), re.M)
    assert re.search(r"^index .*, 0 search files to make", progress.getvalue(), re.M)
