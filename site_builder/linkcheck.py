"""Check every internal link of a built site: it must be relative and name a file.

The site has to work from file://, under any sub-path and on any static
host, so an internal link may neither start with "/" (it would leave the
sub-path, or the bundle folder) nor name a folder (no server turns
"actors/" into "actors/index.html" from file://). Pure functions over a
mapping {relative path: bytes}; `check_folder` reads a folder into one.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that make the browser fetch or navigate to a URL.
LINK_ATTRIBUTES = frozenset({"href", "src", "poster", "data", "action", "formaction"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
CHECKED_SUFFIXES = (".html", ".htm", ".css")

# A scheme ("https:", "mailto:", "data:") marks a link we do not resolve in the folder.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)

BROKEN = "broken"  # names no file of the site
FOLDER = "folder"  # names a folder, which file:// cannot open
ROOTED = "root-relative"  # starts with "/": leaves a sub-path or the bundle folder
ESCAPES = "escapes"  # climbs above the site folder with "../"
NETWORK = "network-path"  # starts with "//": another host
ANCHOR = "missing-anchor"  # "page.html#part" where page.html has no element with id "part"

# Fragments a browser honours without a matching element (HTML: "#top" scrolls to the top).
IMPLICIT_FRAGMENTS = frozenset({"", "top"})


@dataclass(frozen=True, order=True)
class LinkProblem:
    page: str  # the file holding the link, relative to the site folder
    link: str  # the link as written
    kind: str  # one of BROKEN, FOLDER, ROOTED, ESCAPES, NETWORK, ANCHOR

    def __str__(self) -> str:
        return f"{self.page}: {self.kind} link '{self.link}'"


def check_folder(folder: Path, *, base_url: str = "") -> list[LinkProblem]:
    """Every link problem in the site written to `folder` (only pages and stylesheets are read)."""
    names = [path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*")) if path.is_file()]
    pages = {name: (folder / name).read_bytes() for name in names if name.lower().endswith(CHECKED_SUFFIXES)}
    return check_pages(pages, frozenset(names), base_url=base_url)


def read_folder(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its relative POSIX path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}  # fmt: skip


def check_files(files: Mapping[str, bytes], *, base_url: str = "") -> list[LinkProblem]:
    """Every link problem in the HTML and CSS files of a page mapping, sorted.

    With `base_url`, absolute links under it (canonical, Open Graph, feeds)
    are checked too: they must name a file of the site (a trailing "/" is
    the host's index.html there, which a web server resolves).
    """
    return check_pages(files, frozenset(files), base_url=base_url)


def check_pages(pages: Mapping[str, bytes], names: frozenset[str], *, base_url: str = "") -> list[LinkProblem]:
    """Link problems of the HTML and CSS among `pages`, against every file name of the site."""
    folders = folder_names(names)
    parsed = {page: _parse(page, pages[page]) for page in sorted(pages) if page.lower().endswith(CHECKED_SUFFIXES)}
    anchors = {page: ids for page, (_, ids) in parsed.items()}
    problems: set[LinkProblem] = set()
    for page, (links, _) in parsed.items():
        for link in links:
            kind = link_problem(page, link, names, folders, base_url=base_url) or anchor_problem(page, link, anchors)
            if kind:
                problems.add(LinkProblem(page, link, kind))
    return sorted(problems)


def anchor_problem(page: str, link: str, anchors: Mapping[str, frozenset[str]]) -> str | None:
    """ANCHOR when `link` names a part of one of our pages that the page does not have."""
    if "#" not in link or _SCHEME.match(link) or link.startswith("/"):
        return None
    path, fragment = urlsplit(link).path, unquote(urlsplit(link).fragment)
    target = page if not path else posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
    ids = anchors.get(target)
    if ids is None or not target.lower().endswith((".html", ".htm")) or fragment in IMPLICIT_FRAGMENTS:
        return None
    return None if fragment in ids else ANCHOR


def _parse(page: str, data: bytes) -> tuple[list[str], frozenset[str]]:
    text = data.decode("utf-8", errors="replace")
    if page.lower().endswith(".css"):
        return css_links(text), frozenset()
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    return collector.links, frozenset(collector.ids)


def folder_names(files: Iterable[str]) -> frozenset[str]:
    """Every folder that holds a file of the mapping ("actors", "static/css", ...)."""
    names: set[str] = set()
    for name in files:
        parent = posixpath.dirname(name)
        while parent and parent not in names:
            names.add(parent)
            parent = posixpath.dirname(parent)
    return frozenset(names)


def link_problem(page: str, link: str, names: frozenset[str], folders: frozenset[str], *,
                 base_url: str = "") -> str | None:
    """What is wrong with `link` written in `page`, or None when it is fine or not ours."""
    link = link.strip()
    base = base_url.rstrip("/")
    if base and (link == base or link.startswith(base + "/")):
        path = urlsplit(link[len(base):]).path.lstrip("/")
        target = unquote(path) + ("index.html" if path.endswith("/") or not path else "")
        return _target_problem(posixpath.normpath(target) if target else "index.html", names, folders)
    if link.startswith("//"):
        return NETWORK
    if not link or link.startswith("#") or _SCHEME.match(link):
        return None  # the page itself, or an outside address (source articles, mailto:, data:)
    path = unquote(urlsplit(link).path)
    if not path:
        return None  # "?q=..." on the same page
    if path.startswith("/"):
        return ROOTED
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target == ".." or target.startswith("../"):
        return ESCAPES
    if path.endswith("/") or target == "." or target in folders:
        return FOLDER
    return _target_problem(target, names, folders)


def _target_problem(target: str, names: frozenset[str], folders: frozenset[str]) -> str | None:
    if target in names:
        return None
    return FOLDER if target in folders or target == "." else BROKEN


def html_links(text: str) -> list[str]:
    """Every URL an HTML page fetches or links to, in document order."""
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    return collector.links


def css_links(text: str) -> list[str]:
    """Every url(...) and @import of a stylesheet."""
    text = _CSS_COMMENT.sub("", text)
    found = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]
    found += [m.group(1) or m.group(2) for m in _CSS_IMPORT.finditer(text)]
    return [link for link in found if link]


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)  # what "page.html#value" scrolls to
            if name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name in SRCSET_ATTRIBUTES:
                # "a.png 1x, b.png 2x": the URL is the first word of each candidate
                self.links.extend(part.split()[0] for part in value.split(",") if part.split())
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.links.extend(css_links(data))
