"""`site-builder serve`: builds, serves on localhost, rebuilds on change, tells the page to reload."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "golden_site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float = 90.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "site_builder", "serve", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: "<html" in fetch(f"{base}/index.html")), "the server never answered"
        yield project, base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_rebuilds_on_change_and_the_page_learns_it(served: tuple[Path, str]) -> None:
    project, base = served
    home = fetch(f"{base}/index.html")
    # The served page carries the reload script; the file on disk does not.
    assert '<script src="/__livereload.js"></script>' in home
    assert "__livereload" not in (project / "_site" / "index.html").read_text(encoding="utf-8")
    assert "location.reload" in fetch(f"{base}/__livereload.js")
    first_id = fetch(f"{base}/__build_id")

    record = next((project / "content" / "articles").glob("*.md"))
    text = record.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    record.write_text(text.replace(title_line, "title: Titre changé pendant serve", 1), encoding="utf-8")

    assert wait_for(lambda: fetch(f"{base}/__build_id") != first_id), "no rebuild after a change"
    assert wait_for(lambda: "Titre changé pendant serve" in fetch(f"{base}/index.html"))
