"""The search index built from the seeds: what each query finds, on the Python side.

The fixture site is built from the seed dumps in `seeds/` with a deliberately
plain reader (sentence-like lines of the page), so these tests depend on the
search stage only, not on the ingest heuristics. Helpers here are shared with
tests/test_search_browser.py.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder import search_index
from site_builder.config import default_config
from site_builder.models import Article, Briefing, Entities, InputRecord, Site
from site_builder.search_index import (
    MANIFEST_SCRIPT,
    build_index,
    docs_script,
    index_script,
    script_assigning,
    site_documents,
)
from site_builder.textpipeline import default_pipeline
from site_builder.vendor import VendorError, ensure_vendor

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "seeds"

# Headlines as the pages show them, keyed by seed file prefix (fixture data: search never sees the file names).
HEADLINES = {
    "000": "Protection des infrastructures énergétiques : vers un partenariat élargi entre Rabat et Moscou",
    "001": "Le groupe russe Positive Technologies envisage de créer une joint-venture au Maroc",
    "002": "La Russie prévoit une présence importante au GITEX Africa 2025",
    "003": "Réunion de la commission intergouvernementale russo-marocaine sur l'industrie",
    "004": "Le Maroc attire l'attention de Washington sur sa stratégie numérique",
}
HOSTILE_TITLE = 'Titre piégé </script><!-- <img src=x onerror=alert(1)> "\u2028'


def vendor_dir() -> Path:
    try:
        return ensure_vendor()
    except VendorError as error:
        pytest.skip(f"search library unavailable: {error}")


def sentence_lines(text: str) -> list[str]:
    """Lines that read like prose (a dozen words or more, ending a sentence), once each."""
    kept: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if len(line.split()) >= 12 and re.search(r"[.!?»\"”]$", line) and line not in kept:
            kept.append(line)
    return kept


def seed_article(path: Path, slug: str) -> Article:
    paragraphs = sentence_lines(path.read_text(encoding="utf-8"))
    return Article(
        slug=slug,
        title=HEADLINES[path.name[:3]],
        body="\n\n".join(paragraphs),
        summary=paragraphs[0] if paragraphs else "",
        language="fr",
        input=InputRecord(path=path.name, sha256="0" * 64, format="text"),
    )


def fixture_site(root: Path) -> Site:
    """Five seed articles, an English article, a hostile title and two briefings."""
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) == 5, "the five seed dumps are expected in seeds/"
    articles = [seed_article(path, f"article-{n}") for n, path in enumerate(seeds)]
    english = Article(
        slug="grid-operators",
        title="Grid operators rehearse cyber incident drills",
        body="European grid operators ran joint drills on energy networks and their control systems this week.",
        summary="European grid operators ran joint drills.",
        language="en",
        source="Example Wire",
        entities=Entities(organizations=["ENTSO-E"]),
    )
    hostile = Article(
        slug="hostile",
        title=HOSTILE_TITLE,
        body="Un texte ordinaire sur la météo marine.",
        summary="Un texte ordinaire.",
    )
    articles += [english, hostile]
    by_input = {a.input.path[:3]: a for a in articles if a.input}
    for code in ("000", "001", "004"):
        by_input[code].themes = ["cyber"]
    by_input["000"].themes.append("energy")
    briefings = [
        Briefing(
            theme="cyber",
            title="Cybersécurité",
            description="Menaces et coopération numériques.",
            articles=[by_input[c] for c in ("000", "001", "004")],
        ),
        Briefing(theme="energy", title="Énergie", description="Coopération énergétique.", articles=[by_input["000"]]),
    ]
    other = [a for a in articles if not a.themes]
    return Site(config=default_config(root), articles=articles, briefings=briefings, other_news=other, actors=[])


def input_of(site: Site, url: str) -> str:
    """The seed code ("000"…) of the article at `url`, or the url itself for other pages."""
    for article in site.articles:
        if f"articles/{article.slug}.html" == url:
            return article.input.path[:3] if article.input else article.slug
    return url


# ---------------------------------------------------------------- Python-side queries with lunr.py


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, object, list]:
    from lunr.index import Index

    pipeline = default_pipeline(vendor_dir())
    pipeline.register()  # so that lunr.py's Index.load finds the functions
    site = fixture_site(tmp_path_factory.mktemp("site"))
    documents = site_documents(site)
    index = Index.load(build_index(documents, pipeline))
    return site, index, documents


def found(built: tuple, query: str) -> set[str]:
    site, index, documents = built
    return {input_of(site, documents[int(hit["ref"])].url) for hit in index.search(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cybersécurité", {"000", "001", "004"}),
        ("cybersecurite", {"000", "001", "004"}),
        ("énergie", {"000"}),
        ("energies", {"000"}),
        ("énergétiques", {"000"}),
        ("GITEX", {"002"}),
        ("Washington", {"004"}),
        ("Marshavin", {"000"}),
        ("Maroc", {"001"}),
        ("Telecom", {"001"}),
    ],
)
def test_python_side_finds_the_seed_articles(built: tuple, query: str, expected: set[str]) -> None:
    assert expected <= found(built, query)


def test_elided_words_are_found_without_their_article(built: tuple) -> None:
    # 000 writes "l’Énergie" with a typographic apostrophe; the index holds "energ", not "l’energ".
    _, index, _ = built
    terms = set(index.inverted_index)
    assert "energ" in terms
    assert not any(t.startswith(("l'", "l\u2019", "d\u2019")) for t in terms)


def test_hyphenated_words_are_indexed_as_their_parts(built: tuple) -> None:
    assert "001" in found(built, "+joint +venture")


def test_english_article_is_found_in_english(built: tuple) -> None:
    assert "grid-operators" in found(built, "drills")
    assert "grid-operators" in found(built, "operators")


def test_briefings_are_documents(built: tuple) -> None:
    assert "briefings/cyber.html" in found(built, "menaces")


def test_stop_words_are_not_indexed(built: tuple) -> None:
    _, index, _ = built
    assert not {"les", "des", "une", "dans"} & set(index.inverted_index)


# ---------------------------------------------------------------- the files


def test_index_script_is_safe_in_a_script_element(tmp_path: Path) -> None:
    site = fixture_site(tmp_path)
    files = search_index.search_files(site, default_pipeline(vendor_dir()), None)
    for name in (MANIFEST_SCRIPT, index_script(0), docs_script(0)):
        text = files[name].decode("utf-8")
        assert "</script" not in text.lower() and "<!--" not in text and "<" not in text
        assert "\u2028" not in text
    assert HOSTILE_TITLE in [d["t"] for d in payload_of(files[docs_script(0)])]


def test_script_assigning_round_trips_awkward_text() -> None:
    data = {"x": 'a</script><!--"\\\u2028\u2029&é'}
    script = script_assigning("X", data).decode("utf-8")
    assert script.startswith("window.X=JSON.parse(") and script.endswith(");\n")
    assert json.loads(json.loads(script[len("window.X=JSON.parse(") : -3])) == data


def test_build_search_files_ships_the_library_and_licences(tmp_path: Path) -> None:
    vendor_dir()
    files = search_index.build_search_files(fixture_site(tmp_path))
    for name in ("lunr.js", "lunr.stemmer.support.js", "lunr.fr.js", "LICENSE-lunr", "LICENSE-lunr-languages"):
        assert f"static/vendor/lunr/{name}" in files
    assert files[index_script(0)].startswith(b'(window.SITE_SEARCH_PARTS=window.SITE_SEARCH_PARTS||{})["index-0"]=')
    assert files[MANIFEST_SCRIPT].startswith(b"window.SITE_SEARCH_MANIFEST=JSON.parse(")


def test_documents_are_split_into_shards_in_site_order(tmp_path: Path) -> None:
    site = fixture_site(tmp_path)
    files = search_index.search_files(site, default_pipeline(vendor_dir()), None, shard_size=3)
    count = len(site.articles) + len(site.briefings)
    shards = -(-count // 3)
    assert sorted(n for n in files if n.startswith("search/index-")) == [index_script(n) for n in range(shards)]
    manifest = payload_of(files[MANIFEST_SCRIPT])
    assert (manifest["shards"], manifest["documents"]) == (shards, count)
    first = [d["t"] for d in payload_of(files[docs_script(0)])]
    assert first == [b.title for b in site.briefings] + [site.articles[0].title]  # briefings, then newest


def payload_of(script: bytes) -> object:
    text = script.decode("utf-8")
    return json.loads(json.loads(text[text.index("JSON.parse(") + len("JSON.parse(") : text.rindex(")")]))


def test_output_is_reproducible(tmp_path: Path) -> None:
    pipeline = default_pipeline(vendor_dir())
    first = search_index.search_files(fixture_site(tmp_path), pipeline, None)
    second = search_index.search_files(fixture_site(tmp_path), pipeline, None)
    assert first == second


def test_body_is_indexed_only_up_to_the_word_limit(tmp_path: Path) -> None:
    from lunr.index import Index

    pipeline = default_pipeline(vendor_dir())
    pipeline.register()  # so that lunr.py's Index.load finds the functions
    filler = " ".join(["filler"] * 50)
    article = Article(slug="long", title="Titre", body=f"{filler} mottardif")
    site = Site(config=default_config(tmp_path), articles=[article], briefings=[], other_news=[article], actors=[])
    short = Index.load(build_index(site_documents(site), pipeline, body_words=20))
    full = Index.load(build_index(site_documents(site), pipeline, body_words=100))
    assert not short.search("mottardif") and full.search("mottardif")


def test_names_past_the_lede_are_indexed_once(tmp_path: Path) -> None:
    from lunr.index import Index

    pipeline = default_pipeline(vendor_dir())
    pipeline.register()  # so that lunr.py's Index.load finds the functions
    filler = " ".join(["mot"] * 30)
    body = f"{filler}. Selon Kowalczyk Holdings, le projet avance. Puis grandiloquent. Enfin Kowalczyk Holdings répond."
    article = Article(slug="names", title="Titre", body=body)
    site = Site(config=default_config(tmp_path), articles=[article], briefings=[], other_news=[article], actors=[])
    index = Index.load(build_index(site_documents(site), pipeline, body_words=10))
    assert index.search("Kowalczyk") and index.search("Holdings")
    assert not index.search("grandiloquent")  # an ordinary word past the lede is not indexed
    assert not index.search("Puis")  # a capitalised word opening a sentence is not a name


def test_a_shard_is_made_again_only_when_one_of_its_documents_changes(tmp_path: Path) -> None:
    """Briefings are fingerprinted from their own document, not from the thousands of articles they group."""
    from site_builder.buildstate import site_fingerprints, source_prints

    pipeline = default_pipeline(vendor_dir())

    def shard_keys(site: Site, actor_slug_for: Callable[[str], str | None] = lambda name: None) -> dict[str, str]:
        prints = source_prints(site_fingerprints(site, "shell", actor_slug_for))
        planned = search_index.plan_search_outputs(site, pipeline, None, shard_size=3, source_prints=prints)
        return {o.path: o.fingerprint for o in planned if o.path.startswith("search/index-")}

    site = fixture_site(tmp_path)
    before = shard_keys(site)
    assert len(before) >= 3
    # A new article elsewhere can give names actor pages: article pages change (links), search documents do not.
    named = {n for a in site.articles for n in a.entities.people + a.entities.organizations}
    assert named and shard_keys(site, lambda name: f"page-of-{name}") == before
    shard_zero = [d.url for d in search_index.site_documents(site)][:3]
    edited = next(a for a in site.briefings[0].articles if search_index.urls.article_path(a.slug) not in shard_zero)
    edited.title += " (corrigé)"
    edited.fingerprint = "edited"  # as the content stage sets it for a changed record
    after = shard_keys(site)
    changed = {path for path in before if before[path] != after[path]}
    assert len(changed) == 1 and "search/index-0.js" not in changed  # the briefing holding it is untouched
    site.briefings[0].description += " Nouvelle description."
    assert shard_keys(site)["search/index-0.js"] != after["search/index-0.js"]


def test_plain_text_keeps_the_words_and_drops_the_markup() -> None:
    plain_text = search_index.plain_text
    assert plain_text("Voir [le rapport](http://x.test/r) et ![carte](c.png).") == "Voir le rapport et carte."
    assert plain_text("# Titre\n\n- un\n- deux\n\n> cité\n\n1. premier\n   ## Sous-titre") == (
        "Titre un deux cité premier Sous-titre"
    )
    assert plain_text("Du **gras**, de l'_italique_ et du `code`.") == "Du gras, de l'italique et du code."
    assert plain_text("Prose seule,\nsur deux lignes.") == "Prose seule, sur deux lignes."


def test_plain_text_equals_one_pass_over_all_patterns() -> None:
    """Patterns run one after the other, and only where their marks occur: the same text as all at once."""
    import random

    one_pass = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?|\d+\.\s+)|[*_`]+")
    link = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
    pieces = ["mot", " ", "\n", "\n\n", "  ", "#", "## ", "- ", "* ", "+ ", "> ", "1. ", "**", "_", "`", "*",
              "[lien](u)", "![i](p)", "](", "[", ")", "é", "3 * 4"]  # fmt: skip
    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30)))
        assert search_index.plain_text(text) == " ".join(one_pass.sub("", link.sub(r"\1", text)).split()), text


def test_a_summary_opening_the_body_is_told_whatever_the_spacing() -> None:
    starts_with = search_index._starts_with
    assert starts_with("Le  ministre a dit.\nPuis il est parti.", "Le ministre a dit.")
    assert starts_with("Le ministre a dit que", "Le ministre a dit…")
    assert not starts_with("Le ministre a dit.", "Le ministre a répondu.")
    assert not starts_with("Texte", "  ")
    # Only as many words of the body as the summary has are looked at; the answer is the whole text's.
    rnd = random.Random(3)
    pieces = ["a", "ab", "b", " ", "  ", "\n", ".", "…", "a.", "ab."]
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        prefix = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        head = " ".join(prefix.split()).rstrip(".…")
        assert starts_with(text, prefix) == (bool(head) and " ".join(text.split()).startswith(head))


def test_names_are_capitalised_words_that_do_not_open_a_sentence() -> None:
    text = ("Puis le ministre Aziz Akhannouch a reçu « Positive Technologies » et (ONEE) à Rabat. "
            "Ensuite l'ONU, l'Élysée et «Énergie» ; Rabat encore ; « x » Œuvre. Éric ' Zorro")
    assert search_index.names_in(text.split(), exclude={"Aziz"}) == [
        "Akhannouch", "Positive", "Technologies", "ONEE", "Rabat", "Énergie", "Zorro"
    ]  # fmt: skip
