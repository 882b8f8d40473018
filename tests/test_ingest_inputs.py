"""Finding and reading inputs: untrusted names, links, sizes; duplicate detection."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from site_builder.ingest.dedupe import DuplicateIndex, body_signature, similarity
from site_builder.ingest.inputs import discover_inputs, read_input
from site_builder.ingest.slugs import slugify, unique_slug
from site_builder.report import Reporter

ARTICLE = (
    "Le ministère de l'Énergie a accueilli la troisième réunion du groupe de travail consacré au "
    "développement de la coopération énergétique entre les deux pays. Les responsables ont exprimé "
    "leur volonté commune de mettre en œuvre des initiatives conjointes couvrant un large éventail de "
    "secteurs, allant de l'industrie gazière au développement des infrastructures électriques."
)


def quiet() -> Reporter:
    return Reporter(level=0)


def test_odd_file_names_are_found(tmp_path: Path) -> None:
    names = ["with space.txt", "accentué é.txt", ".leading-dot.txt", "..double.txt", "plain.html"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [f.name for f in discover_inputs(tmp_path, quiet())]
    assert sorted(found) == sorted(names)


def test_link_outside_the_input_folder_is_refused(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    (inputs / "ok.txt").write_text("x", encoding="utf-8")
    os.symlink(secret, inputs / "escape.txt")
    os.symlink(inputs / "ok.txt", inputs / "inside.txt")
    reporter = quiet()
    found = [f.name for f in discover_inputs(inputs, reporter)]
    assert found == ["inside.txt", "ok.txt"]
    assert reporter.warnings == ["escape.txt: symbolic link pointing outside the input folder; skipped"]


def test_editor_leftovers_are_ignored(tmp_path: Path) -> None:
    for name in [".DS_Store", "page.txt~", "page.txt.swp", "page.txt"]:
        (tmp_path / name).write_bytes(b"x")
    assert [f.name for f in discover_inputs(tmp_path, quiet())] == ["page.txt"]


def test_reading_stops_at_the_cap_but_hashes_everything(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 3_000_000)
    small = tmp_path / "small.txt"
    small.write_bytes(b"a" * 2048)
    files = {f.name: f for f in discover_inputs(tmp_path, quiet())}
    capped = read_input(files["big.txt"], max_bytes=4096)
    assert len(capped.data) == 4096 and capped.truncated
    whole = read_input(files["small.txt"], max_bytes=4096)
    assert len(whole.data) == 2048 and not whole.truncated
    assert capped.sha256 == hashlib.sha256(b"a" * 3_000_000).hexdigest()


def test_same_article_is_recognised_despite_extraction_noise() -> None:
    index = DuplicateIndex()
    index.add("protection", "Protection des infrastructures", body_signature(ARTICLE), "a.txt")
    # The HTML version keeps the text but adds a line and changes whitespace.
    variant = ARTICLE.replace(". ", ".\n\n") + "\n\nPhoto : archives."
    assert index.find("Protection des infrastructures", body_signature(variant), exclude_input="a.html") == "protection"
    other = "Une délégation américaine de haut niveau a effectué une visite au Maroc pour parler de numérique."
    assert index.find("Autre titre", body_signature(other), exclude_input="b.txt") is None


def test_signature_similarity_is_symmetric_and_bounded() -> None:
    a, b = body_signature(ARTICLE), body_signature(ARTICLE[: len(ARTICLE) // 2])
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 < similarity(a, b) < 1.0
    assert similarity(a, a) == 1.0


def test_duplicate_index_survives_a_round_trip_through_its_state() -> None:
    index = DuplicateIndex()
    index.add("s", "Titre", body_signature(ARTICLE), "a.txt")
    again = DuplicateIndex.from_state(index.to_state())
    assert again.find("Titre", body_signature(ARTICLE), exclude_input="b.txt") == "s"


def test_lookups_by_scan_and_by_inverted_index_agree() -> None:
    """The first lookups scan the signatures, later ones use the index built then: same answers either way."""
    import random

    from site_builder.ingest.dedupe import SCANS

    rng = random.Random(7)
    words = ARTICLE.split()
    formula = "Cette initiative s'inscrit dans une stratégie nationale qui mise sur l'emploi des jeunes. "
    bodies = {}
    for n in range(150):
        start = rng.randrange(len(words) - 40)
        shared = formula * 2 if n % 3 == 0 else ""  # boilerplate past the COMMON threshold
        bodies[f"s{n}"] = shared + " ".join(words[start : start + 40]) + f" Dépêche {n} du {rng.randrange(1, 28)}."
    scanned, indexed = DuplicateIndex(), DuplicateIndex()
    for slug, body in bodies.items():
        for index in (scanned, indexed):
            index.add(slug, f"Titre {slug}", body_signature(body), f"{slug}.txt")
    for _ in range(SCANS + 1):
        indexed.find("", [])  # enough lookups to build the index
    assert indexed._by_hash is not None and scanned._by_hash is None
    queries = [(slug, body + " Photo : archives.") for slug, body in bodies.items()]
    queries += [(f"q{n}", " ".join(rng.sample(words, 40))) for n in range(20)]
    answers = []
    for slug, text in queries[: SCANS]:
        signature = body_signature(text)
        assert scanned._holders_scanned(signature) == indexed._holders_indexed(signature)
        answers.append(scanned.find(f"Titre {slug}", signature, exclude_input="new.txt"))
        assert answers[-1] == indexed.find(f"Titre {slug}", signature, exclude_input="new.txt")
    assert scanned._by_hash is None  # still scanning
    for slug, text in queries[SCANS:]:
        signature = body_signature(text)
        assert scanned._holders_scanned(signature) == indexed._holders_indexed(signature)
        assert scanned.find(f"Titre {slug}", signature, exclude_input="new.txt") == indexed.find(
            f"Titre {slug}", signature, exclude_input="new.txt"
        )
    assert scanned._by_hash is not None  # built once lookups were many
    assert sum(a is not None for a in answers) >= 4  # the near copies were found


def test_slugs_are_ascii_short_and_unique() -> None:
    slug = slugify("Protection des infrastructures énergétiques : vers un partenariat élargi entre Rabat et Moscou")
    assert slug.isascii() and len(slug) <= 60 and not slug.endswith("-")
    assert slug.startswith("protection-des-infrastructures-energetiques")
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("«»!!") == "article"
    assert unique_slug("a", {"a", "a-2"}) == "a-3"


def test_same_headline_with_another_story_is_not_merged() -> None:
    index = DuplicateIndex()
    index.add("a", "Le temps qu'il fera demain", body_signature(ARTICLE), "a.txt")
    other = (
        "Une délégation américaine de haut niveau a effectué une visite au Maroc pour parler de numérique, "
        "de cybersécurité et de la formation des ingénieurs, selon un communiqué publié jeudi par l'ambassade."
    )
    assert index.find("Le temps qu'il fera demain", body_signature(other), exclude_input="b.txt") is None


def test_boilerplate_shared_by_many_articles_is_no_evidence() -> None:
    formula = "Cette initiative s'inscrit dans une stratégie nationale qui mise sur l'emploi des jeunes. "
    index = DuplicateIndex()
    for n in range(200):
        body = formula * 3 + f"Article numéro {n} sur le port de Tanger."
        index.add(f"s{n}", f"Titre {n}", body_signature(body), "x")
    fresh = formula * 3 + "Un tout autre sujet : la saison agricole s'annonce difficile dans le Souss."
    assert index.find("Autre", body_signature(fresh), exclude_input="y.txt") is None


def test_written_records_are_readable_by_others(tmp_path: Path) -> None:
    from site_builder.atomic import write_text_atomic

    target = tmp_path / "record.md"
    write_text_atomic(target, "x")
    plain = tmp_path / "plain.md"
    plain.write_text("x", encoding="utf-8")  # what any new file gets under this umask
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
