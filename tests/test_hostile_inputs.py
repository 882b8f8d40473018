"""Hostile and broken inputs: nothing crashes, nothing is lost, each problem is one line.

One project is built from a folder of bad inputs next to good ones, through
the real command line; each case then checks what was printed and built.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Sentence parts: each article draws its own, so two articles never share enough
# word sequences to be taken for one (only the "twice" cases are the same article).
ORGS = [
    "le ministère",
    "la région",
    "l'agence publique",
    "le conseil municipal",
    "la société nationale",
    "le groupe industriel",
    "la commission",
    "l'office régional",
    "la chambre de commerce",
    "le syndicat",
]
CITIES = ["Rabat", "Casablanca", "Tanger", "Fès", "Agadir", "Oujda", "Meknès", "Kénitra", "Safi", "Nador"]
VERBS = ["a présenté", "a détaillé", "a défendu", "a confirmé", "a critiqué", "a salué", "a révisé", "a validé"]
OBJECTS = [
    "un plan de rénovation",
    "un budget révisé",
    "un calendrier de travaux",
    "une feuille de route",
    "un appel d'offres",
    "un rapport d'étape",
    "un accord-cadre",
    "une étude d'impact",
]
WHEN = ["mardi", "la semaine dernière", "jeudi soir", "en début de mois", "lundi matin", "hier", "vendredi"]
WHY = [
    "pour rassurer les usagers",
    "malgré les réserves exprimées",
    "après de longs mois de débats",
    "sous la pression des élus",
    "avec le soutien des bailleurs",
    "sans donner de chiffre précis",
]


def paragraphs(seed: str) -> list[str]:
    """Four paragraphs of three plausible sentences, different for every seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(4):
        sentences = []
        for _ in range(3):
            org, city = rng.choice(ORGS), rng.choice(CITIES)
            sentences.append(
                f"{org.capitalize()} de {city} {rng.choice(VERBS)} {WHEN[rng.randrange(len(WHEN))]} "
                f"{rng.choice(OBJECTS)} de {rng.randint(2, 900)} millions de dirhams {rng.choice(WHY)}."
            )
        out.append(" ".join(sentences))
    return out


def article_text(title: str, lead: str) -> str:
    """A plain-text page dump: navigation, the article, a footer."""
    nav = "Accueil\nPolitique\nÉconomie\nSport\nCulture\nSe connecter\n"
    body = "\n\n".join([lead, *paragraphs(title)])
    return f"{nav}\n{title}\n\nPar Claire Martin\n\n{body}\n\nPartager sur Facebook\nTous droits réservés\n"


def article_html(title: str, lead: str, broken: bool = False) -> str:
    html = "".join(f"<p>{p}</p>" for p in [lead, *paragraphs(title)])
    if broken:
        html = html.replace("</p>", "", 3) + "<div><span><b>"
    return (
        f"<html><head><meta charset='utf-8'><title>{title} - Le Journal</title></head><body>"
        f"<nav><a href='/'>Accueil</a></nav><article><h1>{title}</h1><p class='byline'>Par Claire Martin</p>"
        f"{html}</article><footer>Tous droits réservés</footer>" + ("" if broken else "</body></html>")
    )


@dataclass
class Built:
    root: Path
    out: Path
    returncode: int
    stderr: str
    stdout: str

    def lines_about(self, name: str) -> list[str]:
        return [line for line in self.stderr.splitlines() if name in line]

    def articles(self) -> dict[str, str]:
        folder = self.root / "content" / "articles"
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))}

    def article_with_input(self, input_name: str) -> str | None:
        for text in self.articles().values():
            if f"path: {input_name}\n" in text or f"path: '{input_name}'\n" in text:
                return text
        return None


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--config", str(root / "site.yml"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copy(REPO / "site.yml", root / "site.yml")
    seeds = root / "seeds"
    seeds.mkdir()
    outside = root / "outside-secret.txt"
    outside.write_text(article_text("Un secret hors du dossier", "Ce texte ne doit jamais être lu."), "utf-8")

    def put(name: str, data: bytes | str) -> None:
        (seeds / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    put("empty.txt", b"")
    put("blank.txt", b"  \n\n\t \n   \n")
    put("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    put("nul-bytes.txt", b"Un texte\x00avec des\x00octets nuls\x00" * 50)
    put(
        "cp1252.txt",
        article_text(
            "Électricité : un réseau rénové", "Le réseau électrique sera rénové d’ici à 2030, a annoncé l’État."
        ).encode("cp1252"),
    )
    put(
        "latin1.txt",
        article_text(
            "Énergie : la centrale de Noor", "La centrale solaire a été inaugurée à Ouarzazate, a déclaré le ministère."
        ).encode("latin-1"),
    )
    put(
        "utf16.txt",
        article_text(
            "Été chaud pour le réseau", "Les pics de consommation de l'été ont mis le réseau électrique à l'épreuve."
        ).encode("utf-16"),
    )
    put("nav-only.txt", "Accueil\nPolitique\nÉconomie\nSport\nCulture\nContact\nMentions légales\nSe connecter\n")
    twin = article_text("Un plan pour le réseau électrique", "Le plan de modernisation du réseau a été présenté mardi.")
    put("twice-a.txt", twin)
    put("twice-b.txt", twin)
    put(
        "same.txt",
        article_text("Le port de Tanger accélère", "Le port de Tanger a annoncé mardi une extension de ses terminaux."),
    )
    put(
        "same.html",
        article_html("Le port de Tanger accélère", "Le port de Tanger a annoncé mardi une extension de ses terminaux."),
    )
    put(
        "with space é.txt",
        article_text("Des noms de fichiers étranges", "Un fichier au nom accentué contient un article ordinaire."),
    )
    put(
        ".leading-dot.txt",
        article_text("Un fichier caché", "Un fichier dont le nom commence par un point reste une page."),
    )
    put(
        "..double-dot.txt",
        article_text("Deux points en tête", "Un nom qui commence par deux points ne remonte pas de dossier."),
    )
    put(
        "long-line.txt",
        "x" * 1_048_576
        + "\n"
        + article_text("Une ligne d'un mégaoctet", "Une ligne immense précède cet article sur le réseau."),
    )
    put(
        "broken.html",
        article_html("Un HTML cassé", "Le document HTML n'est pas fermé, mais l'article reste lisible.", broken=True),
    )
    with (seeds / "huge.txt").open("wb") as handle:  # 50 MB
        handle.write(article_text("Un fichier énorme", "Ce fichier dépasse largement la limite de lecture.").encode())
        block = ("Ligne de remplissage sans intérêt pour le lecteur. " * 20 + "\n").encode()
        handle.write(block * (50_000_000 // len(block)))
    os.symlink(outside, seeds / "escape.txt")

    content = root / "content" / "articles"
    content.mkdir(parents=True)
    (content / "malformed.md").write_text("---\ntitle: [oops\ndate: 2025-01-01\n---\nCorps.\n", "utf-8")
    (content / "wrong-types.md").write_text(
        "---\ntitle: Types faux\ndate: tomorrow\nthemes: 3\n---\nUn article écrit à la main sur l'énergie.\n", "utf-8"
    )
    malformed_before = (content / "malformed.md").read_bytes()

    proc = run_cli(root, "build", "--out", str(root / "_site"))
    result = Built(root, root / "_site", proc.returncode, proc.stderr, proc.stdout)
    assert (content / "malformed.md").read_bytes() == malformed_before, "a person's file was rewritten"
    return result


def test_the_build_succeeds_with_warnings_and_no_traceback(built: Built) -> None:
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    assert (built.out / "index.html").is_file()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.txt", ["empty"]),
        ("blank.txt", ["whitespace"]),
        ("image.png", ["binary"]),
        ("nul-bytes.txt", ["binary"]),
        ("nav-only.txt", ["no article"]),
        ("escape.txt", ["outside the input folder"]),
    ],
)
def test_unusable_inputs_are_skipped_in_one_line(built: Built, name: str, words: list[str]) -> None:
    lines = built.lines_about(name)
    assert len(lines) == 1, built.stderr
    assert all(w in lines[0].lower() for w in words), lines[0]
    assert lines[0].endswith("skipped")
    assert built.article_with_input(name) is None


def test_the_secret_behind_the_link_is_never_read(built: Built) -> None:
    assert not any("secret" in text.lower() for text in built.articles().values())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cp1252.txt", "Électricité : un réseau rénové"),
        ("latin1.txt", "Énergie : la centrale de Noor"),
        ("utf16.txt", "Été chaud pour le réseau"),
    ],
)
def test_legacy_encodings_are_read_correctly(built: Built, name: str, expected: str) -> None:
    text = built.article_with_input(name)
    assert text is not None, built.stderr
    assert expected in text
    assert "Ã" not in text and "\ufffd" not in text


def test_huge_input_is_capped(built: Built) -> None:
    lines = built.lines_about("huge.txt")
    assert any("over the cap" in line for line in lines), built.stderr
    text = built.article_with_input("huge.txt")
    assert text is not None and "Un fichier énorme" in text
    assert len(text) < 2_500_000


def test_megabyte_line_does_not_hide_the_article(built: Built) -> None:
    text = built.article_with_input("long-line.txt")
    assert text is not None
    assert "title: Une ligne d'un mégaoctet" in text
    body = text.split("\n---\n", 1)[1]
    assert len(body.split()) > 100
    assert "x" * 1000 not in text


def test_same_article_twice_is_one_record_listing_both(built: Built) -> None:
    texts = [t for t in built.articles().values() if "twice-a.txt" in t or "twice-b.txt" in t]
    assert len(texts) == 1
    assert "twice-a.txt" in texts[0] and "twice-b.txt" in texts[0]
    assert any("merged" in line for line in built.lines_about("twice-b.txt"))


def test_same_article_as_text_and_html_is_one_record(built: Built) -> None:
    texts = [t for t in built.articles().values() if "same.txt" in t or "same.html" in t]
    assert len(texts) == 1
    assert "same.txt" in texts[0] and "same.html" in texts[0]


@pytest.mark.parametrize("name", ["with space é.txt", ".leading-dot.txt", "..double-dot.txt", "broken.html"])
def test_odd_names_and_broken_html_still_give_articles(built: Built, name: str) -> None:
    assert built.article_with_input(name) is not None, built.stderr
    for path in built.root.joinpath("content", "articles").glob("*.md"):
        assert path.resolve().parent == built.root.joinpath("content", "articles").resolve()


def test_malformed_front_matter_is_reported_and_left_alone(built: Built) -> None:
    lines = built.lines_about("malformed.md")
    assert len(lines) == 1 and "malformed YAML" in lines[0] and "left out" in lines[0]


def test_wrong_types_are_reported_and_the_article_still_built(built: Built) -> None:
    lines = built.lines_about("wrong-types.md")
    assert any("date:" in line and "tomorrow" in line for line in lines)
    assert any("themes:" in line for line in lines)
    pages = list((built.out / "articles").glob("*.html"))
    assert any("Types faux" in p.read_text(encoding="utf-8") for p in pages)


def test_inputs_are_never_modified(built: Built) -> None:
    assert (built.root / "seeds" / "empty.txt").read_bytes() == b""
    assert (built.root / "seeds" / "twice-a.txt").is_file() and (built.root / "seeds" / "twice-b.txt").is_file()


def test_strict_turns_warnings_into_failure(built: Built) -> None:
    proc = run_cli(built.root, "--strict", "build", "--out", str(built.root / "_site2"), "--no-ingest")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr


def test_nothing_to_build_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text("title: Vide\n", "utf-8")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "empty.txt").write_bytes(b"")
    proc = run_cli(tmp_path, "build")
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("title: X\ncolour: red\n", "unknown key 'colour'"),
        ("themes:\n  - id: empty\n    title: Vide\n    terms: []\n", "a theme needs at least one term"),
    ],
)
def test_bad_configuration_is_one_line(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "site.yml").write_text(config, "utf-8")
    proc = run_cli(tmp_path, "build")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and "site.yml" in lines[0]
