"""Golden output: the fixture site built whole and compared file by file.

The site in tests/fixtures/golden_site/ goes through the real stages
(content files → group → render → input copies → search index) and every
output file is compared with tests/golden/expected/. The search library
copied under static/vendor/ is third-party code and is left out.

After an intended change, regenerate and review the diff in git:

    pytest tests/test_golden.py --regen-golden
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import shutil
from pathlib import Path

import pytest
from test_render_sites import FIXTURE_SITE

from site_builder import render
from site_builder.config import load_config
from site_builder.content import read_article
from site_builder.report import Reporter
from site_builder.sources import input_copies

EXPECTED_DIR = Path(__file__).resolve().parent / "golden" / "expected"
GENERATED = dt.datetime(2025, 9, 3, 8, 0, tzinfo=dt.timezone.utc)  # stands for SOURCE_DATE_EPOCH
LEFT_OUT = ("static/vendor/",)  # third-party files, never committed
MAX_DIFF_LINES = 60


def build_golden_site() -> dict[str, bytes]:
    group = pytest.importorskip("site_builder.group", reason="the group stage is not importable yet")
    config = load_config(FIXTURE_SITE / "site.yml")
    content = FIXTURE_SITE / "content"
    articles = [read_article(path, content)[0] for path in sorted((content / "articles").glob("*.md"))]
    site = group.group(articles, config)
    site.generated = GENERATED
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    files.update(input_copies(site, FIXTURE_SITE / "seeds", Reporter(stream=io.StringIO())))
    try:
        from site_builder.search_index import build_search_files
    except ImportError:
        pass  # the search stage is not there yet: the golden files hold no index
    else:
        files.update(build_search_files(site))
    return {path: data for path, data in sorted(files.items()) if not path.startswith(LEFT_OUT)}


def expected_files() -> dict[str, bytes]:
    if not EXPECTED_DIR.is_dir():
        return {}
    return {
        path.relative_to(EXPECTED_DIR).as_posix(): path.read_bytes()
        for path in sorted(EXPECTED_DIR.rglob("*"))
        if path.is_file()
    }


def write_expected(files: dict[str, bytes]) -> None:
    shutil.rmtree(EXPECTED_DIR, ignore_errors=True)
    for path, data in files.items():
        target = EXPECTED_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def describe_difference(path: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8").splitlines(), actual.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{path}: binary content differs ({len(expected)} → {len(actual)} bytes)"
    diff = list(difflib.unified_diff(old, new, f"expected/{path}", f"actual/{path}", lineterm="", n=2))
    if len(diff) > MAX_DIFF_LINES:
        diff = [*diff[:MAX_DIFF_LINES], f"... {len(diff) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(diff)


def test_golden_site(regen_golden: bool) -> None:
    actual = build_golden_site()
    if regen_golden:
        write_expected(actual)
        pytest.skip(f"golden files rewritten in {EXPECTED_DIR.name}/: review them with git diff")
    expected = expected_files()
    if not expected:
        pytest.fail("no golden files yet: run `pytest tests/test_golden.py --regen-golden` and review them")
    problems = [f"missing from the output: {p}" for p in sorted(set(expected) - set(actual))]
    problems += [f"not in the golden files: {p}" for p in sorted(set(actual) - set(expected))]
    problems += [
        describe_difference(path, expected[path], actual[path])
        for path in sorted(set(expected) & set(actual))
        if expected[path] != actual[path]
    ]
    assert not problems, f"{len(problems)} difference(s) with tests/golden/expected/:\n" + "\n\n".join(problems)


def test_golden_build_is_reproducible() -> None:
    assert build_golden_site() == build_golden_site()
