"""The link checker on hand-made sites: what it reports, and what it leaves alone."""

from __future__ import annotations

from pathlib import Path

from site_builder.linkcheck import (
    ANCHOR,
    BROKEN,
    ESCAPES,
    FOLDER,
    NETWORK,
    ROOTED,
    check_files,
    check_folder,
    html_links,
)


def page(body: str) -> bytes:
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>".encode()


def kinds(files: dict[str, bytes], base_url: str = "") -> dict[str, str]:
    return {problem.link: problem.kind for problem in check_files(files, base_url=base_url)}


def test_relative_links_to_files_are_fine_at_any_depth() -> None:
    files = {
        "index.html": page('<a href="articles/a.html#top">a</a><link rel="stylesheet" href="static/site.css">'),
        "articles/a.html": page('<a href="../index.html">home</a><img src="../static/logo.png" alt="">'
                                '<a href="../actors/index.html?x=1">actors</a>'),
        "actors/index.html": page('<a href="../articles/a.html">a</a><a href="#main">skip</a><a href="">self</a>'
                                  '<main id="main">'),
        "static/site.css": b"body{background:url('logo.png')} @import \"print.css\";",
        "static/print.css": b"/* url(missing.png) in a comment is no link */",
        "static/logo.png": b"\x89PNG",
    }
    assert check_files(files) == []


def test_outside_addresses_are_not_ours_to_check() -> None:
    files = {"index.html": page('<a href="https://example.org/x/">src</a><a href="mailto:a@b.c">m</a>'
                                '<img src="data:image/png;base64,AAAA" alt="">')}
    assert check_files(files) == []


def test_each_kind_of_bad_link_is_named() -> None:
    files = {
        "index.html": page('<a href="missing.html">1</a><a href="actors/">2</a><a href="actors">3</a>'
                           '<a href="/articles/a.html">4</a><a href="../up.html">5</a>'
                           '<script src="//cdn.example.org/lib.js"></script>'),
        "actors/index.html": page(""),
        "articles/a.html": page('<a href="./">6</a>'),
    }
    assert kinds(files) == {
        "missing.html": BROKEN, "actors/": FOLDER, "actors": FOLDER, "/articles/a.html": ROOTED,
        "../up.html": ESCAPES, "//cdn.example.org/lib.js": NETWORK, "./": FOLDER,
    }  # fmt: skip
    problem = check_files(files)[0]
    assert problem.page in files and problem.link in str(problem)


def test_srcset_style_blocks_and_forms_are_followed() -> None:
    files = {
        "index.html": page('<img srcset="a.png 1x, b.png 2x" alt=""><form action="search.html"></form>'
                           "<style>.x{background:url(c.png)}</style>"),
        "a.png": b"",
    }
    assert kinds(files) == {"b.png": BROKEN, "search.html": BROKEN, "c.png": BROKEN}


def test_percent_encoded_names_resolve_to_the_file() -> None:
    files = {"index.html": page('<a href="articles/caf%C3%A9.html">c</a>'), "articles/café.html": page("")}
    assert check_files(files) == []


def test_absolute_links_under_the_base_url_must_name_a_file_of_the_site() -> None:
    base = "https://example.org/digest"
    files = {
        "index.html": page(f'<link rel="canonical" href="{base}/"><a href="{base}/feeds/atom.xml">f</a>'
                           f'<a href="{base}/gone.html">g</a><a href="https://example.org/other/x.html">o</a>'),
        "feeds/atom.xml": b"<feed/>",
    }
    assert kinds(files, base_url=base) == {f"{base}/gone.html": BROKEN}
    assert check_files(files) == []  # without a base URL those are outside addresses


def test_html_links_reads_attributes_in_document_order() -> None:
    html = '<link href="a.css"><script src="b.js"></script><a href="c.html">c</a><video poster="d.png"></video>'
    assert html_links(html) == ["a.css", "b.js", "c.html", "d.png"]


def test_check_folder_reads_what_is_on_disk(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_bytes(page('<a href="sub/p.html">p</a><a href="sub/q.html">q</a>'))
    (tmp_path / "sub" / "p.html").write_bytes(page('<a href="../index.html">home</a>'))
    assert [(p.page, p.link, p.kind) for p in check_folder(tmp_path)] == [("index.html", "sub/q.html", BROKEN)]


def test_a_fragment_must_name_an_element_of_the_page_it_points_to() -> None:
    files = {
        "index.html": page('<a href="#main">skip</a><main id="main"></main><a href="a.html#part-2">p2</a>'
                           '<a href="a.html#nowhere">x</a><a href="#top">top</a><a href="#gone">y</a>'),
        "a.html": page('<h2 id="part-2">2</h2><a name="old-style"></a><a href="index.html#main">back</a>'
                       '<a href="#old-style">o</a><a href="static/x.css#frag">css</a>'),
        "static/x.css": b"",
    }
    problems = [(p.page, p.link, p.kind) for p in check_files(files)]
    # A fragment on a file that is not a page (a stylesheet) is not checked.
    assert problems == [("index.html", "#gone", ANCHOR), ("index.html", "a.html#nowhere", ANCHOR)]
