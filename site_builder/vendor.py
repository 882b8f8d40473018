"""The browser search library (lunr.js and lunr-languages), fetched on demand.

Third-party code is never committed: `python -m site_builder.vendor` fetches
the pinned npm tarballs with `npm pack`, checks each against the sha512
integrity pinned below, and extracts the few files the site needs into
`site_builder/_vendor/` (git-ignored, shipped inside wheels).
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent / "_vendor"
STAMP = "VERSIONS"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # "sha512-<base64>", as the registry metadata gives it
    files: dict[str, str]  # path inside the tarball -> file name under _vendor/

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


PACKAGES: tuple[Package, ...] = (
    Package(
        "lunr",
        "2.3.9",
        "sha512-zTU3DaZaF3Rt9rhN3uBMGQD3dD2/vFQqnvZCDv4dl5iOzq2IZQqTxu90r4E5J+nP70J3ilqVCrbho2eWaeW8Ow==",
        {"package/lunr.js": "lunr.js", "package/LICENSE": "LICENSE-lunr"},
    ),
    Package(
        "lunr-languages",
        "1.22.0",
        "sha512-zNog8491aJ5Fl4WGe+aiMcc851d7d5s31nuDjfR0qv5zoVFSBB8/nq/WLMP9Xrtx+UeLX7jDvKFEmus4V5aKZA==",
        {
            "package/lunr.stemmer.support.js": "lunr.stemmer.support.js",
            "package/lunr.fr.js": "lunr.fr.js",
            "package/LICENSE": "LICENSE-lunr-languages",
        },
    ),
)

# The order the browser must load them in (each one needs the previous).
SCRIPT_ORDER: tuple[str, ...] = ("lunr.js", "lunr.stemmer.support.js", "lunr.fr.js")


class VendorError(Exception):
    """The search library is missing or could not be fetched; the message is one line."""


def stamp_text() -> str:
    return "".join(f"{p.spec} {p.integrity}\n" for p in PACKAGES)


def vendor_files(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    return sorted(name for p in PACKAGES for name in p.files.values())


def is_complete(vendor_dir: Path = VENDOR_DIR) -> bool:
    """True when every file is there and was fetched for the pinned versions."""
    stamp = vendor_dir / STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != stamp_text():
        return False
    return all((vendor_dir / name).is_file() for name in vendor_files(vendor_dir))


def verify_integrity(data: bytes, integrity: str) -> None:
    """Raise unless `data` hashes to the pinned Subresource-Integrity style value."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"unsupported integrity algorithm '{algorithm}'")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise VendorError(f"integrity mismatch: expected sha512-{expected}, got sha512-{actual}")


def extract_files(tarball: bytes, wanted: dict[str, str]) -> dict[str, bytes]:
    """The wanted members of an npm tarball, by their target name; nothing else is read."""
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive.getmembers():
            target = wanted.get(member.name)
            if target is None or not member.isfile():
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                found[target] = handle.read()
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise VendorError(f"tarball lacks {', '.join(missing)}")
    return found


def npm_pack(spec: str, workdir: Path) -> bytes:
    """Fetch one package tarball with the npm client (its own registry settings apply)."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("npm is not installed")
    proc = subprocess.run(
        [npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],
        cwd=workdir, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise VendorError(f"npm pack {spec} failed: {last}")
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise VendorError(f"npm pack {spec} produced {len(tarballs)} tarballs")
    data = tarballs[0].read_bytes()
    tarballs[0].unlink()
    return data


def fetch(vendor_dir: Path = VENDOR_DIR) -> Path:
    """Fetch, verify and extract every pinned package into `vendor_dir`."""
    collected: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="site-builder-vendor-") as tmp:
        for package in PACKAGES:
            data = npm_pack(package.spec, Path(tmp))
            verify_integrity(data, package.integrity)
            collected.update(extract_files(data, package.files))
    vendor_dir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(collected.items()):
        (vendor_dir / name).write_bytes(data)
    (vendor_dir / STAMP).write_text(stamp_text(), encoding="utf-8")
    return vendor_dir


def ensure_vendor(vendor_dir: Path = VENDOR_DIR) -> Path:
    """The folder holding the search library, fetching it when missing and npm exists."""
    if is_complete(vendor_dir):
        return vendor_dir
    if shutil.which("npm") is None:
        raise VendorError("search library missing: install npm, then run `python -m site_builder.vendor`")
    try:
        return fetch(vendor_dir)
    except (VendorError, OSError, subprocess.SubprocessError) as error:
        raise VendorError(
            f"search library could not be fetched ({error}); run `python -m site_builder.vendor`"
        ) from None


def main() -> int:
    try:
        where = fetch()
    except (VendorError, OSError, subprocess.SubprocessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"search library ready in {where}: {', '.join(p.spec for p in PACKAGES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
