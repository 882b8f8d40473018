"""Fetching the browser search library: pinned, verified, only the files we need."""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pytest

from site_builder import vendor
from site_builder.vendor import PACKAGES, VendorError, ensure_vendor, extract_files, is_complete, verify_integrity


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def tarball(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_integrity_accepts_the_pinned_bytes_and_rejects_any_change() -> None:
    data = b"window.lunr = {}\n"
    verify_integrity(data, sri(data))
    with pytest.raises(VendorError, match="integrity mismatch"):
        verify_integrity(data + b" ", sri(data))
    with pytest.raises(VendorError, match="unsupported"):
        verify_integrity(data, "sha1-" + base64.b64encode(hashlib.sha1(data).digest()).decode())


def test_pins_are_exact_versions_with_sha512() -> None:
    assert {p.name: p.version for p in PACKAGES} == {"lunr": "2.3.9", "lunr-languages": "1.22.0"}
    for package in PACKAGES:
        assert package.integrity.startswith("sha512-")
        assert len(base64.b64decode(package.integrity.removeprefix("sha512-"))) == 64


def test_extract_takes_only_the_wanted_members() -> None:
    data = tarball({"package/lunr.js": b"js", "package/../../evil.js": b"x", "package/test/a.js": b"t"})
    assert extract_files(data, {"package/lunr.js": "lunr.js"}) == {"lunr.js": b"js"}
    with pytest.raises(VendorError, match="lacks LICENSE"):
        extract_files(data, {"package/LICENSE": "LICENSE"})


def fill(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in vendor.vendor_files(folder):
        (folder / name).write_text("// placeholder\n")
    (folder / vendor.STAMP).write_text(vendor.stamp_text())


def test_complete_folder_is_used_as_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path)
    monkeypatch.setenv("PATH", "")  # no npm: nothing may be fetched
    assert ensure_vendor(tmp_path) == tmp_path


def test_stale_pins_or_missing_files_make_the_folder_incomplete(tmp_path: Path) -> None:
    fill(tmp_path)
    assert is_complete(tmp_path)
    (tmp_path / vendor.STAMP).write_text("lunr@2.3.8 sha512-old\n")
    assert not is_complete(tmp_path)
    fill(tmp_path)
    (tmp_path / "lunr.fr.js").unlink()
    assert not is_complete(tmp_path)


def test_missing_library_without_npm_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(VendorError) as raised:
        ensure_vendor(tmp_path / "empty")
    message = str(raised.value)
    assert "\n" not in message and "python -m site_builder.vendor" in message and "npm" in message


def test_fetch_with_npm_verifies_and_extracts(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed")
    try:
        where = vendor.fetch(tmp_path / "vendor")
    except VendorError as error:
        if "npm pack" in str(error):
            pytest.skip(f"npm could not fetch packages here: {error}")
        raise
    assert is_complete(where)
    assert b"lunr.Index" in (where / "lunr.js").read_bytes()
    assert b"accentFold-fr" in (where / "lunr.fr.js").read_bytes()
    assert sorted(p.name for p in where.iterdir()) == sorted([*vendor.vendor_files(where), vendor.STAMP])
