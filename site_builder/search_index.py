"""The index stage: a prebuilt Lunr index and the files the browser loads.

Output (all relative to the site root):
- `search/manifest.js`  `window.SITE_SEARCH_MANIFEST = JSON.parse("…")`: shard count, themes, language;
- `search/index-<n>.js` one Lunr index per shard of about `SHARD_SIZE` documents (the index
  lunr.py would build, made by lunr_index.py),
  stored as `window.SITE_SEARCH_PARTS["index-<n>"]`;
- `search/docs-<n>.js`  what a result of that shard shows (`SITE_SEARCH_PARTS["docs-<n>"]`);
- `static/vendor/lunr/…` lunr.js, lunr-languages' French support and licences.

Shard 0 holds the briefings and the newest articles; the other articles are
spread over the remaining shards by a stable hash of their URL, so that one
changed or added article changes two shards at most and an incremental build
re-indexes only those. The page shows results from shard 0 as soon as it has
loaded, then loads the others in the background and merges their results by
score (scores of different shards use their own term statistics; close enough
for ranking news).

Classic scripts that assign globals, because a page opened from file:// can
neither fetch() nor import() a local file. The search page loads them only
when the search box is first used or opens with a query.

Size strategy: title, summary, entities, themes and source are indexed in
full; the body by its first `body_words` words (the lede, where news pages
say what they are about) plus the names (capitalised words not opening a
sentence) of the rest, once each; a summary that merely repeats the lede is
indexed once. Three fields rather than six. Full bodies at 10,000 articles make
an index of ~56 MB (14 MB gzipped) that takes seconds to load; the first 60
words keep it near 3 MB gzipped. Measured in benchmarks/search_bench.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from . import __version__, lunr_index, urls
from .config import SiteConfig
from .models import Article, Briefing, Site
from .textpipeline import SEARCH_PIPELINE, TOKEN_SEPARATORS, TextPipeline, default_pipeline
from .vendor import PACKAGES, SCRIPT_ORDER, ensure_vendor, stamp_text

MANIFEST_SCRIPT = "search/manifest.js"
VENDOR_OUT = "static/vendor/lunr"
MANIFEST_GLOBAL = "SITE_SEARCH_MANIFEST"
PARTS_GLOBAL = "SITE_SEARCH_PARTS"
T = TypeVar("T")
SHARD_SIZE = 500  # documents per index file: what is downloaded before the first result

BODY_WORDS = 60  # body words indexed per document (see the size strategy above)
SNIPPET_WORDS = 30  # words of text shown (and highlighted) under a result

# Field name in the index -> boost. Three fields, short names: every term of the serialised
# index lists every field, and every document stores one vector per field.
FIELDS: dict[str, int] = {
    "t": 10,  # title
    "m": 4,  # metadata: entities (people, organisations, places, events), theme titles, source
    "b": 1,  # text: the summary (unless the body starts with it) and the first BODY_WORDS body words
}


@dataclass(frozen=True)
class SearchDocument:
    """One searchable page: what is indexed and what a result shows."""

    url: str  # relative to the site root
    kind: str  # "article" | "briefing"
    title: str
    summary: str
    entities: str
    themes: list[str]  # theme ids
    theme_titles: str
    source: str
    body: str  # plain text; words separated by any white space
    date: str | None

    def fields(self, body_words: int) -> dict[str, str]:
        words = self.body.split()
        lede = " ".join(words[:body_words])
        # Past the lede only names are kept (once each): they are what people look for in a long story.
        names = " ".join(names_in(words[body_words:], exclude=set(words[:body_words])))
        # A summary is usually the body's first sentences: index those words once, not twice.
        summary = "" if _starts_with(self.body, self.summary) else self.summary
        return {
            "t": self.title,
            "m": " · ".join(part for part in (self.entities, self.theme_titles, self.source) if part),
            "b": " ".join(part for part in (summary, lede, names) if part),
        }

    def display(self, snippet_words: int) -> dict[str, Any]:
        shown = {
            "u": self.url,
            "k": self.kind,
            "t": self.title,
            "x": first_words(self.summary or self.body, snippet_words),
            "h": self.themes,
        }
        if self.date:
            shown["d"] = self.date
        if self.source:
            shown["o"] = self.source
        return shown


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINE_MARKS = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?|\d+\.\s+)")  # headings, lists, quotes
_MARKDOWN_INLINE_MARKS = re.compile(r"[*_`]+")  # emphasis, code


def plain_text(markdown: str) -> str:
    """Markdown as words: link texts kept, markup and line structure dropped."""
    return " ".join(_markup_removed(markdown).split())


def _markup_removed(markdown: str) -> str:
    """Markdown with link texts kept and markup dropped, white space left as it is (what `split` undoes).

    Each pattern runs only over text that holds what it looks for: most of a
    news body is plain prose, and scanning it costs more than the rest.
    """
    text = _MARKDOWN_LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    text = _MARKDOWN_LINE_MARKS.sub("", text)
    if "*" in text or "_" in text or "`" in text:
        text = _MARKDOWN_INLINE_MARKS.sub("", text)
    return text


def _starts_with(text: str, prefix: str) -> bool:
    """Whether `text` begins with `prefix`, ignoring spacing and a final full stop."""
    words = prefix.split()
    head = " ".join(words).rstrip(".…")
    # As many words of the text as the prefix has: the rest cannot change the answer.
    return bool(head) and " ".join(text.split(maxsplit=len(words))[: len(words)]).startswith(head)


_SENTENCE_END_CHARS = frozenset(".!?…:»\"”")  # a word ending in one ends a sentence
# A name starts with a capital (A-Z, À-Ö, Ø-Þ), after an opening quote or bracket at most. Sets, not a
# regular expression: this looks at every word of every body.
_CAPITALS = frozenset(chr(code) for low, high in ((0x41, 0x5A), (0xC0, 0xD6), (0xD8, 0xDE))
                      for code in range(low, high + 1))  # fmt: skip
_OPENERS = frozenset("«“(\"'")


def names_in(words: list[str], exclude: set[str]) -> list[str]:
    """Capitalised words not opening a sentence (names, acronyms), in order, once each.

    `words` as str.split() gives them (none empty).
    """
    found: list[str] = []
    seen = {_bare(w) for w in exclude}
    previous = "."  # the first word opens a sentence
    for word in words:
        first = word[0]
        if (first in _CAPITALS or (first in _OPENERS and word[1:2] in _CAPITALS)) and (
            previous[-1] not in _SENTENCE_END_CHARS
        ):
            bare = _bare(word)
            if bare not in seen:
                seen.add(bare)
                found.append(bare)
        previous = word
    return found


def _bare(word: str) -> str:
    return word.strip(".,;:!?…»«“”\"'()[]")


def first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def article_document(article: Article, theme_titles: dict[str, str]) -> SearchDocument:
    return SearchDocument(
        url=urls.article_path(article.slug),
        kind="article",
        title=article.title,
        summary=article.summary,
        entities=" · ".join(article.entities.all_names()),
        themes=list(article.themes),
        theme_titles=" · ".join(theme_titles.get(t, t) for t in article.themes),
        source=article.source or "",
        body=_markup_removed(article.body),  # words are split where they are used
        date=article.display_date,
    )


def briefing_document(briefing: Briefing) -> SearchDocument:
    cited = " ".join(c.text for c in [*briefing.lead, *briefing.key_points])
    dates = briefing.period[1] if briefing.period else None
    return SearchDocument(
        url=urls.briefing_path(briefing.theme),
        kind="briefing",
        title=briefing.title,
        summary=briefing.description,
        entities=" · ".join(a.name for a in briefing.actors),
        themes=[briefing.theme],
        theme_titles=briefing.title,
        source=" · ".join(briefing.sources),
        body=plain_text(cited),
        date=dates,
    )


def _theme_titles(config: SiteConfig, briefings: Sequence[Briefing] = ()) -> dict[str, str]:
    # The group stage titles each briefing with its theme's title in the site's language, so the
    # configuration alone gives the same titles (what plan_article_shards relies on) unless a site was
    # put together by hand.
    titles = {t.id: t.title(config.language) for t in config.themes}
    titles.update({b.theme: b.title for b in briefings})
    return titles


def site_documents(site: Site) -> list[SearchDocument]:
    """Briefings first (in configuration order), then articles (in site order)."""
    titles = _theme_titles(site.config, site.briefings)
    return [*(briefing_document(b) for b in site.briefings), *(article_document(a, titles) for a in site.articles)]


def build_index(documents: list[SearchDocument], pipeline: TextPipeline, body_words: int = BODY_WORDS) -> dict:
    """The serialised lunr index; each document's ref is its position in `documents`."""
    return index_fields([d.fields(body_words) for d in documents], pipeline)


def index_fields(records: list[dict[str, str]], pipeline: TextPipeline, boosts: dict[str, int] = FIELDS) -> dict:
    """The serialised lunr index of field texts; record n gets the ref "n".

    The same index as lunr.py's Builder with `pipeline.builder()` makes (tests
    compare them), built by our own faster code in lunr_index.py. To load it
    into lunr.py, register the pipeline first (`pipeline.register()`).
    """
    documents = ((str(number), record) for number, record in enumerate(records))
    return lunr_index.build_serialized(documents, boosts, term_cache(pipeline), SEARCH_PIPELINE, _tokenize)


# Apostrophes and JavaScript's extra spaces split words as plain spaces do, as in the browser's tokenizer.
_tokenize = lunr_index.make_tokenizer(TOKEN_SEPARATORS)


@functools.lru_cache(maxsize=4)
def term_cache(pipeline: TextPipeline) -> lunr_index.TermCache:
    """One cache per pipeline, shared by the shards of a build: most words recur from shard to shard."""
    return lunr_index.TermCache(pipeline.index_term)


def index_script(shard: int) -> str:
    return f"search/index-{shard}.js"


def is_index_shard(path: str) -> bool:
    """An index shard's file: the costliest output to make (a good part of a second for 500 documents)."""
    return path.startswith("search/index-") and path.endswith(".js")


def docs_script(shard: int) -> str:
    return f"search/docs-{shard}.js"


def is_shard(path: str) -> bool:
    """An index or display shard's file: made from the shard's documents, nothing else."""
    return path.startswith(("search/index-", "search/docs-")) and path.endswith(".js")


def script_assigning(global_name: str, data: Any, key: str | None = None) -> bytes:
    """A classic script `window.X = JSON.parse("…")` (or `window.X["key"] = …`), safe whatever the data holds.

    `<`, `>` and `&` are escaped so no `</script>` or `<!--` can appear even if
    the file is ever inlined; U+2028/U+2029 are escaped for older parsers.
    JSON.parse of a string is faster to load than an object literal.
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    literal = json.dumps(payload, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        literal = literal.replace(char, escape)
    if key is None:
        return f"window.{global_name}=JSON.parse({literal});\n".encode()
    target = f"(window.{global_name}=window.{global_name}||{{}})[{json.dumps(key)}]"
    return f"{target}=JSON.parse({literal});\n".encode()


def manifest(site: Site, document_themes: list[list[str]], shards: int) -> dict[str, Any]:
    """What the page needs before any shard: language, shard and document counts, themes to filter by."""
    themes = _theme_titles(site.config, site.briefings)
    used = sorted({t for themes_of in document_themes for t in themes_of})
    return {
        "lang": site.config.language,
        "shards": shards,
        "documents": len(document_themes),
        "themes": [[t, themes.get(t, t)] for t in used],
    }


def vendor_outputs(vendor_dir: Path) -> dict[str, bytes]:
    names = [*SCRIPT_ORDER, *sorted(n for p in PACKAGES for n in p.files.values() if n.startswith("LICENSE"))]
    return {f"{VENDOR_OUT}/{name}": (vendor_dir / name).read_bytes() for name in names}


@dataclass(frozen=True)
class SearchOutput:
    """One search file, the fingerprint of what it is made from, and how to make it."""

    path: str
    fingerprint: str
    make: Callable[[], bytes]


def shard_documents(documents: list[T], shard_size: int, url: Callable[[T], str]) -> list[list[T]]:
    """Shard 0: briefings and the newest articles; the others by a stable hash of each URL.

    The first shard answers first, so it holds what readers look for most.
    The rest are assigned by hash, not by position, so that adding or changing
    one article changes one shard (and shard 0) rather than shifting all of
    them: an incremental build re-indexes only those.
    """
    return [documents[:shard_size], *_hashed_shards(documents[shard_size:], shard_size, url)]


def _hashed_shards(documents: list[T], shard_size: int, url: Callable[[T], str]) -> list[list[T]]:
    """Shards 1, 2…: what comes after shard 0, spread by a stable hash of each URL."""
    count = -(-len(documents) // shard_size)
    shards: list[list[T]] = [[] for _ in range(count)]
    for document in documents:
        bucket = int.from_bytes(hashlib.blake2b(url(document).encode(), digest_size=4).digest(), "big") % count
        shards[bucket].append(document)
    return shards


def _source_url(source: Briefing | Article) -> str:
    return urls.briefing_path(source.theme) if isinstance(source, Briefing) else urls.article_path(source.slug)


def plan_search_outputs(
    site: Site,
    pipeline: TextPipeline,
    vendor_dir: Path | None,
    body_words: int = BODY_WORDS,
    shard_size: int = SHARD_SIZE,
    source_prints: Mapping[str, str] | None = None,
) -> list[SearchOutput]:
    """Every search file with its fingerprint; nothing is built until `make` is called.

    With `source_prints` (page URL -> fingerprint of the briefing or article,
    as the build state computes them, site shell included), a shard's
    fingerprint comes from those and its documents are prepared only when the
    shard is rebuilt; without, from the documents themselves.
    """
    sources: list[Briefing | Article] = [*site.briefings, *site.articles]
    shards = shard_documents(sources, shard_size, _source_url)
    titles = _theme_titles(site.config, site.briefings)
    recipe = _recipe(body_words)
    used = [[s.theme] if isinstance(s, Briefing) else s.themes for s in sources]
    manifest_bytes = script_assigning(MANIFEST_GLOBAL, manifest(site, used, len(shards)))
    outputs = [SearchOutput(MANIFEST_SCRIPT, _digest(recipe, manifest_bytes), lambda: manifest_bytes)]
    for number, shard in enumerate(shards):
        outputs += _shard_outputs(number, shard, titles, pipeline, body_words, source_prints)
    if vendor_dir is not None:
        for name, data in vendor_outputs(vendor_dir).items():
            outputs.append(SearchOutput(name, _digest(recipe, data), functools.partial(bytes, data)))
    return outputs


def plan_article_shards(
    config: SiteConfig,
    articles: list[Article],
    pipeline: TextPipeline,
    source_prints: Mapping[str, str],
    body_words: int = BODY_WORDS,
    shard_size: int = SHARD_SIZE,
) -> list[SearchOutput]:
    """The index and display files of the shards that hold articles only (all but shard 0), before grouping.

    The same files, with the same fingerprints, as `plan_search_outputs`
    plans for the grouped site: which articles go past shard 0 depends only
    on their order (`articles`, in site order) and on the number of
    briefings, one per configured theme. So they can be made while the site
    is being grouped.
    """
    if len(config.themes) > shard_size:
        return []  # briefings spill past shard 0: no shard holds articles alone
    rest = articles[shard_size - len(config.themes):]
    titles = _theme_titles(config)
    outputs: list[SearchOutput] = []
    for number, shard in enumerate(_hashed_shards(rest, shard_size, _source_url), start=1):
        outputs += _shard_outputs(number, list(shard), titles, pipeline, body_words, source_prints)
    return outputs


def _recipe(body_words: int) -> str:
    """How search files are made, besides the documents: code, library, sizes, fields."""
    return f"{__version__}|{stamp_text()}|{body_words}|{SNIPPET_WORDS}|{sorted(FIELDS.items())}"


def _shard_outputs(
    number: int,
    shard: list[Briefing | Article],
    titles: dict[str, str],
    pipeline: TextPipeline,
    body_words: int,
    source_prints: Mapping[str, str] | None,
) -> list[SearchOutput]:
    """A shard's index file and display file."""
    recipe = _recipe(body_words)
    prepared: Callable[[], list[SearchDocument]] = functools.partial(_documents, shard, titles)
    if source_prints is not None:
        sources_print = (_source_print(s, source_prints, body_words) for s in shard)
        index_key = docs_key = _digest(recipe, "shard", *sources_print)
    else:
        documents = prepared()
        prepared = functools.partial(list, documents)  # prepared once, used by both files
        index_key = _digest(recipe, json.dumps([d.fields(body_words) for d in documents], ensure_ascii=False))
        docs_key = _digest(recipe, json.dumps([d.display(SNIPPET_WORDS) for d in documents], sort_keys=True))
    return [
        SearchOutput(index_script(number), index_key,
                     functools.partial(_index_bytes, prepared, pipeline, number, body_words)),
        SearchOutput(docs_script(number), docs_key, functools.partial(_docs_bytes, prepared, number)),
    ]  # fmt: skip


def _source_print(source: Briefing | Article, source_prints: Mapping[str, str], body_words: int) -> str:
    """What a source's search document depends on: as the build state says, and a briefing's own fields."""
    known = source_prints[_source_url(source)]
    if isinstance(source, Briefing):
        document = briefing_document(source)
        return known + json.dumps([document.fields(body_words), document.display(SNIPPET_WORDS)],
                                  ensure_ascii=False, sort_keys=True)
    return known


def _documents(sources: list[Briefing | Article], titles: dict[str, str]) -> list[SearchDocument]:
    return [briefing_document(s) if isinstance(s, Briefing) else article_document(s, titles) for s in sources]


def _docs_bytes(prepared: Callable[[], list[SearchDocument]], number: int) -> bytes:
    return script_assigning(PARTS_GLOBAL, [d.display(SNIPPET_WORDS) for d in prepared()], f"docs-{number}")


def _index_bytes(
    prepared: Callable[[], list[SearchDocument]], pipeline: TextPipeline, number: int, body_words: int
) -> bytes:
    fields = [d.fields(body_words) for d in prepared()]
    return script_assigning(PARTS_GLOBAL, index_fields(fields, pipeline), f"index-{number}")


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\x00")
    return "search:" + digest.hexdigest()


def search_files(
    site: Site,
    pipeline: TextPipeline,
    vendor_dir: Path | None,
    body_words: int = BODY_WORDS,
    shard_size: int = SHARD_SIZE,
) -> dict[str, bytes]:
    """Manifest, index and display shards, and (when given a vendor folder) the search library."""
    return {o.path: o.make() for o in plan_search_outputs(site, pipeline, vendor_dir, body_words, shard_size)}


def build_search_files(site: Site) -> dict[str, bytes]:
    """Every search file of the site, library included."""
    return {o.path: o.make() for o in site_search_outputs(site)}


def site_search_outputs(site: Site, source_prints: Mapping[str, str] | None = None) -> list[SearchOutput]:
    """What the pipeline calls: the plan of every search file, library included."""
    vendor_dir = ensure_vendor()
    return plan_search_outputs(site, default_pipeline(vendor_dir), vendor_dir, source_prints=source_prints)


def site_article_shards(config: SiteConfig, articles: list[Article], source_prints: Mapping[str, str]
                        ) -> list[SearchOutput]:  # fmt: skip
    """What the pipeline calls before grouping: the plan of the shards holding articles only."""
    return plan_article_shards(config, articles, default_pipeline(ensure_vendor()), source_prints)
