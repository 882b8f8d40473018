"""Shared pytest options and fixtures. Keep this file small."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.textpipeline import TextPipeline, default_pipeline
from site_builder.vendor import VendorError, ensure_vendor

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"  # reference material; absent for users, tests skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/expected/ from the current output instead of comparing with it.",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("reference material ../shared is absent (it is not shipped to users)")
    return SHARED_DIR


@pytest.fixture(scope="module")
def pipeline() -> TextPipeline:
    """The site's search text pipeline, over the pinned lunr-languages files."""
    try:
        return default_pipeline(ensure_vendor())
    except VendorError as error:
        pytest.skip(f"search library unavailable: {error}")
