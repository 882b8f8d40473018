"""Our index builder against lunr.py's: the serialised index must be the same JSON text.

`lunr_py_index` is what `search_index.index_fields` did before it had its own
builder: lunr.py's Builder with the site's pipeline. Every test compares its
output, dumped as the site dumps it, with ours for the same records.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from lunr.builder import Builder
from lunr.index import Index

from site_builder import lunr_index, search_index
from site_builder.config import default_config, load_config
from site_builder.content import read_article
from site_builder.models import Site
from site_builder.search_index import FIELDS, index_fields, site_documents
from site_builder.textpipeline import TOKEN_SEPARATORS, TextPipeline, for_tokenizer

REPO_ROOT = Path(__file__).resolve().parents[1]
GOLDEN_SITE = REPO_ROOT / "tests" / "fixtures" / "golden_site"


def lunr_py_index(records: list[dict[str, str]], pipeline: TextPipeline, boosts: dict[str, Any] = FIELDS) -> dict:
    """The reference: lunr.py's Builder, fed as index_fields fed it."""
    builder = pipeline.builder()
    builder.ref("id")
    for name, boost in boosts.items():
        builder.field(name, boost=boost)
    for number, record in enumerate(records):
        builder.add({"id": str(number), **{name: for_tokenizer(record.get(name, "")) for name in boosts}})
    return builder.build().serialize()


def dumped(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def assert_same_index(records: list[dict[str, str]], pipeline: TextPipeline, boosts: dict[str, Any] = FIELDS) -> None:
    expected = lunr_py_index(records, pipeline, boosts)
    actual = index_fields(records, pipeline, boosts)
    if dumped(actual) != dumped(expected):
        # Name the first difference rather than print two long JSON texts.
        for key in expected:
            assert actual[key] == expected[key], f"{key} differs"
        assert list(actual) == list(expected), "key order differs"
        raise AssertionError("same values, different JSON text")


def fields_of(site: Site, body_words: int = search_index.BODY_WORDS) -> list[dict[str, str]]:
    return [d.fields(body_words) for d in site_documents(site)]


# ---------------------------------------------------------------- real and generated documents


def test_golden_fixture_site(pipeline: TextPipeline) -> None:
    group = pytest.importorskip("site_builder.group")
    config = load_config(GOLDEN_SITE / "site.yml")
    content = GOLDEN_SITE / "content"
    articles = [read_article(path, content)[0] for path in sorted((content / "articles").glob("*.md"))]
    site = group.group(articles, config)
    assert site.briefings, "the fixture site has briefings, which are indexed too"
    assert_same_index(fields_of(site), pipeline)


def test_seed_articles(pipeline: TextPipeline) -> None:
    group = pytest.importorskip("site_builder.group")
    content = REPO_ROOT / "content"
    paths = sorted((content / "articles").glob("*.md"))
    assert len(paths) == 5
    site = group.group([read_article(path, content)[0] for path in paths], load_config(REPO_ROOT / "site.yml"))
    assert_same_index(fields_of(site), pipeline)
    assert_same_index(fields_of(site, body_words=100_000), pipeline)  # whole bodies: long fields


@pytest.fixture(scope="module")
def generated_site() -> Site:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    try:
        from corpus import make_articles
    finally:
        sys.path.remove(str(REPO_ROOT / "benchmarks"))
    articles = make_articles(300, seed=7)
    return Site(config=default_config(REPO_ROOT), articles=articles, briefings=[], other_news=articles, actors=[])


def test_generated_articles(pipeline: TextPipeline, generated_site: Site) -> None:
    assert_same_index(fields_of(generated_site), pipeline)


def test_shards_in_turn_share_the_term_cache(pipeline: TextPipeline, generated_site: Site) -> None:
    records = fields_of(generated_site, body_words=200)
    for shard in search_index.shard_documents(records, 100, lambda r: r["t"]):
        assert_same_index(shard, pipeline)


def test_other_fields_and_boosts(pipeline: TextPipeline, generated_site: Site) -> None:
    records = [{"title": r["t"], "text": r["b"]} for r in fields_of(generated_site)[:50]]
    assert_same_index(records, pipeline, {"title": 2.5, "text": 1, "absent": 3})


def test_the_index_loads_in_lunr_py(pipeline: TextPipeline, generated_site: Site) -> None:
    pipeline.register()  # Index.load looks the pipeline's functions up by label
    index = Index.load(index_fields(fields_of(generated_site), pipeline))
    assert index.search("energie")


# ---------------------------------------------------------------- edge cases

EDGE_RECORDS: list[dict[str, str]] = [
    {"t": "", "m": "", "b": ""},  # empty fields
    {"t": "le la les", "m": "de du des", "b": "et ou mais donc or ni car"},  # stop words only
    {"t": "L’énergie d'Oran quʼil a", "m": "Aujourd’hui · Rabat · l'ONU", "b": "c'est-à-dire jusqu'à présque"},
    {"t": "joint-venture -- - -x- a--b", "m": "Saint-Étienne‐sur‐Loire", "b": "e-mail re-lecture"},
    {"t": "2025 1er 12,5 % 3.14 10 000 €", "m": "COP28 · G20", "b": "les 1 500 000 habitants en 2024-2025"},
    {"t": "ÉNERGIE ÉLECTRIQUE", "m": "ÇA ŒUVRE ÆTHER", "b": "MAJUSCULES ET minuscules MÊLÉES"},
    {"t": "anticonstitutionnellement " * 3, "m": "x" * 300, "b": "intergouvernementalisation" + "s" * 50},
    {"t": "énergie énergie énergies énergétique", "m": "Maroc Maroc Maroc", "b": "le le le réseau réseaux"},
    {"t": "«Citation» (parenthèse) [crochet] …points", "m": "“guillemets” ‹simples›", "b": "a.b.c ... !!! ???"},
    {"t": "ΟΔΟΣ'Α ΟΔΟΣ ΣΑΣ Σ'Σ", "m": "straße İstanbul ǅemal ß", "b": "ﬁn ﬂeur Ǆ ǈ ǋ ϴ ẞ"},
    {"t": "tab\there\nnew\rline\fform\vvert", "m": "nbsp\u00a0narrow\u202fthin\u2009ideo\u3000x", "b": "a\u2028b"},
    {"t": "fs\x1cgs\x1drs\x1eus\x1f", "m": "nel\x85here", "b": "zero\u200bwidth\ufeffbom soft\u00adhyphen"},
    {"t": "e\u0301te\u0301 cafe\u0301", "m": "emoji 🎉 😀👍🏽 ♥", "b": "中文 日本語 한국어 العربية עברית русский"},
    {"t": "   ", "m": " · · ", "b": "- — – ’ ' ʼ"},
    {"t": "the of and energy grid", "m": "Washington · Example Wire", "b": "running runs ran drills drilling"},
    {"t": "x", "m": "y", "b": "z"},
]


def test_edge_cases_together(pipeline: TextPipeline) -> None:
    assert_same_index(EDGE_RECORDS, pipeline)


@pytest.mark.parametrize("record", EDGE_RECORDS, ids=lambda r: r["t"][:20] or "empty")
def test_edge_cases_alone(pipeline: TextPipeline, record: dict[str, str]) -> None:
    assert_same_index([record], pipeline)
    assert_same_index([record, record, {"t": "autre", "m": "", "b": record["b"]}], pipeline)


def test_missing_fields_count_as_empty(pipeline: TextPipeline) -> None:
    assert_same_index([{"t": "seul titre"}, {"b": "seul texte"}, {}], pipeline)


TRICKY = (
    "aeiouyéèêëàâäîïôöùûüÿçœæÉÈÀÇŒÆ"  # French letters, both cases
    "bcdfghjklmnpqrstvwxz0123456789"
    "'’ʼ-‐–—·.,;:!?«»“”()…%€"  # apostrophes, hyphens and punctuation
    " \t\n\u00a0\u202f\u2009\u3000\u2028\u2029\x85\x1c"  # separators of one side or the other
    "ΣσςΟΔİıßẞǅﬁ\u0301🎉中"  # case mappings of more than one character or by context
)


def random_text(rng: random.Random, words: int) -> str:
    common = ["le", "la", "énergie", "Maroc", "réseau", "l'", "d’", "qu", "joint-venture", "2025", "Σ"]
    parts = []
    for _ in range(words):
        if rng.random() < 0.3:
            parts.append(rng.choice(common))
        else:
            parts.append("".join(rng.choice(TRICKY) for _ in range(rng.randint(1, 12))))
    return rng.choice([" ", "", "'", "-"]).join(parts) if rng.random() < 0.1 else " ".join(parts)


def test_random_text(pipeline: TextPipeline) -> None:
    rng = random.Random(20250903)
    records = [{name: random_text(rng, rng.randint(0, 40)) for name in FIELDS} for _ in range(200)]
    assert_same_index(records, pipeline)


# ---------------------------------------------------------------- the builder on its own


def test_tokenizer_is_lunr_py_tokenizer() -> None:
    from lunr.tokenizer import Tokenizer

    rng = random.Random(5)
    for _ in range(500):
        text = random_text(rng, rng.randint(0, 20))
        assert list(lunr_index.tokens(text)) == [str(token) for token in Tokenizer(text)]
    assert list(lunr_index.tokens(None)) == []


def test_replaced_separators_split_like_spaces() -> None:
    """Splitting on a character after lower() is the same as making it a space before, for any text."""
    split = lunr_index.make_tokenizer(TOKEN_SEPARATORS)
    rng = random.Random(6)
    for _ in range(500):
        text = random_text(rng, rng.randint(0, 20))
        assert list(split(text)) == list(lunr_index.tokens(for_tokenizer(text)))
    assert list(split("ΟΔΟΣ'Α")) == list(lunr_index.tokens(for_tokenizer("ΟΔΟΣ'Α"))) == ["οδος", "α"]


def test_lower_case_keeps_separators_apart() -> None:
    """What make_tokenizer relies on: lower() leaves the separators alone and makes none of other characters."""
    separators = set(lunr_index.LUNR_SEPARATORS + TOKEN_SEPARATORS)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lowered = char.lower()
        if char in separators:
            assert lowered == char
        else:
            assert not separators.intersection(lowered), hex(code)


def test_builder_without_replaced_separators(pipeline: TextPipeline) -> None:
    """Raw text with apostrophes, through lunr.py's own tokenizer rules on both sides."""
    texts = ["l'énergie d’Oran", "joint-venture\u00a0à Rabat", "ΟΔΟΣ'Α", ""]
    builder = pipeline.builder()
    builder.field("x", boost=3)
    for number, text in enumerate(texts):
        builder.add({"id": str(number), "x": text})
    documents = [(str(number), {"x": text}) for number, text in enumerate(texts)]
    cache = lunr_index.TermCache(pipeline.index_term)
    ours = lunr_index.build_serialized(documents, {"x": 3}, cache, ["trimmer-fr", "accentFold-fr", "stemmer-fr"])
    assert dumped(ours) == dumped(builder.build().serialize())


def test_no_document_fails_as_lunr_py_does(pipeline: TextPipeline) -> None:
    with pytest.raises(ZeroDivisionError):
        lunr_py_index([], pipeline)
    with pytest.raises(ZeroDivisionError):
        index_fields([], pipeline)


def test_refs_and_field_names_are_checked() -> None:
    cache = lunr_index.TermCache(str)
    with pytest.raises(ValueError, match="duplicate"):
        lunr_index.build_serialized([("1", {"x": "a"}), ("1", {"x": "b"})], {"x": 1}, cache, [])
    with pytest.raises(ValueError, match="'/'"):
        lunr_index.build_serialized([("1", {"x/y": "a"})], {"x/y": 1}, cache, [])
    with pytest.raises(ValueError):
        Builder().field("x/y")  # lunr.py refuses it too


def test_term_cache_runs_the_pipeline_once_per_token_and_stays_bounded() -> None:
    calls: list[str] = []

    def term_of(token: str) -> str | None:
        calls.append(token)
        return None if token == "le" else token.upper()

    cache = lunr_index.TermCache(term_of, limit=3)
    assert [cache[t] for t in ["a", "le", "a", "b", "le"]] == ["A", None, "A", "B", None]
    assert calls == ["a", "le", "b"]
    cache["c"], cache["d"]
    cache.trim_to_limit()
    assert len(cache) == 0
    assert cache["a"] == "A"


def test_collector_state_is_restored(pipeline: TextPipeline) -> None:
    import gc

    assert gc.isenabled()
    index_fields(EDGE_RECORDS, pipeline)
    assert gc.isenabled()
    gc.disable()
    try:
        index_fields(EDGE_RECORDS, pipeline)
        assert not gc.isenabled()
    finally:
        gc.enable()
