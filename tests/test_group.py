"""The group stage on handwritten articles: membership, order, citations, actors, timeline, related themes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
from pathlib import Path

import pytest

from site_builder.config import SiteConfig, ThemeDef, ThemeTerm
from site_builder.group import actor_key, group
from site_builder.models import Article, Entities, EventDate


def theme(theme_id: str, *terms: str) -> ThemeDef:
    return ThemeDef(theme_id, {"fr": theme_id.title(), "en": theme_id}, {"fr": f"Brief {theme_id}"},
                    tuple(ThemeTerm(t, 2.0) for t in terms))


CONFIG = SiteConfig(
    root=Path("."),
    themes=(theme("energy", "énergie", "électricité"), theme("cyber", "cybersécurité"), theme("gitex", "GITEX")),
)

ENERGY_BODY_A = (
    "Le gouvernement a présenté mardi un plan national pour l'énergie solaire et éolienne.\n\n"
    "Selon le ministre, la production d'électricité renouvelable doublera d'ici la fin de la décennie.\n\n"
    "Le plan prévoit aussi des investissements dans le réseau de transport d'électricité du pays."
)
ENERGY_BODY_B = (
    "La compagnie nationale d'électricité a annoncé une hausse des tarifs de l'énergie pour les ménages.\n\n"
    "Cette décision suit la hausse des prix du gaz sur les marchés internationaux depuis le printemps.\n\n"
    "Les associations de consommateurs dénoncent une mesure injuste pour les foyers modestes."
)
CYBER_BODY = (
    "Une cyberattaque a visé le réseau de l'opérateur d'électricité, selon l'agence de cybersécurité.\n\n"
    "Les experts en cybersécurité estiment que les systèmes industriels restent très exposés aux attaques.\n\n"
    "Le ministre de l'énergie a promis un audit complet de la sécurité des installations."
)
OTHER_BODY = (
    "Le festival de cinéma de la ville a accueilli plus de vingt mille spectateurs cette année.\n\n"
    "Les organisateurs préparent déjà une édition plus longue pour la saison prochaine."
)


def article(slug: str, body: str, themes: list[str], date: dt.date | None = None, **fields: object) -> Article:
    return Article(slug=slug, title=slug.replace("-", " ").title(), body=body, date=date, themes=themes, **fields)


def corpus() -> list[Article]:
    return [
        article("plan-solaire", ENERGY_BODY_A, ["energy"], dt.date(2025, 3, 4), source="Le Quotidien",
                entities=Entities(people=["Karim Benali"], organizations=["Ministère de l'Énergie"]),
                roles={"Karim Benali": "ministre de l'Énergie"},
                event_dates=[EventDate("mardi 4 mars", "2025-03-04", None, "Le gouvernement a présenté mardi…"),
                             EventDate("en juin", None)]),
        article("hausse-tarifs", ENERGY_BODY_B, ["energy"], dt.date(2025, 5, 10), source="L'Hebdo",
                entities=Entities(organizations=["la compagnie nationale d'électricité", "Ministère de l’énergie"])),
        article("cyberattaque-reseau", CYBER_BODY, ["cyber", "energy"], None, source="Le Quotidien",
                entities=Entities(people=["Karim  Benali"], organizations=["Agence de cybersécurité"]),
                event_dates=[EventDate("15 avril 2025", "2025-04-15", None, "L'attaque du 15 avril 2025.")]),
        article("festival", OTHER_BODY, [], dt.date(2025, 6, 1)),
        article("unknown-theme", OTHER_BODY, ["sports"], dt.date(2025, 1, 1)),
    ]


def test_articles_newest_first_undated_last_then_by_slug() -> None:
    extra = [article("a-undated", OTHER_BODY, []), article("z-same-day", OTHER_BODY, [], dt.date(2025, 6, 1))]
    articles = [*corpus(), *extra]
    site = group(articles, CONFIG)
    assert [a.slug for a in site.articles] == [
        "festival", "z-same-day", "hausse-tarifs", "plan-solaire", "unknown-theme", "a-undated", "cyberattaque-reseau",
    ]
    assert site.generated is None


def test_membership_other_news_and_empty_briefings() -> None:
    site = group(corpus(), CONFIG)
    by_theme = {b.theme: b for b in site.briefings}
    assert [b.theme for b in site.briefings] == ["energy", "cyber", "gitex"]  # configuration order
    assert [a.slug for a in by_theme["energy"].articles] == ["hausse-tarifs", "plan-solaire", "cyberattaque-reseau"]
    assert [a.slug for a in by_theme["cyber"].articles] == ["cyberattaque-reseau"]
    gitex = by_theme["gitex"]
    assert gitex.articles == [] and gitex.lead == [] and gitex.key_points == [] and gitex.period is None
    assert gitex.title == "Gitex" and gitex.description == "Brief gitex"
    # No configured theme: other news, including a theme id the configuration does not define.
    assert [a.slug for a in site.other_news] == ["festival", "unknown-theme"]


def test_lead_and_key_points_are_verbatim_sentences_cited_by_their_article() -> None:
    site = group(corpus(), CONFIG)
    bodies = {a.slug: a.body for a in site.articles}
    for briefing in site.briefings:
        members = {a.slug for a in briefing.articles}
        for citation in [*briefing.lead, *briefing.key_points]:
            assert citation.slug in members
            assert briefing.cited_slugs[citation.number - 1] == citation.slug
            assert citation.text in bodies[citation.slug]
        assert len(set(briefing.cited_slugs)) == len(briefing.cited_slugs)
    energy = site.briefings[0]
    assert 2 <= len(energy.lead) <= 3
    assert 3 <= len(energy.key_points) <= 7
    texts = [c.text for c in [*energy.lead, *energy.key_points]]
    assert len(texts) == len(set(texts))  # no sentence twice
    per_article = [c.slug for c in energy.key_points]
    assert max(per_article.count(s) for s in per_article) <= 2
    # Citation numbers start at 1 and appear in order of first use.
    numbers = [c.number for c in [*energy.lead, *energy.key_points]]
    first_seen = list(dict.fromkeys(numbers))
    assert first_seen == list(range(1, len(first_seen) + 1))


def test_lead_prefers_on_theme_sentences() -> None:
    site = group(corpus(), CONFIG)
    cyber = site.briefings[1]
    assert cyber.lead and all("cybers" in c.text.lower() or "cyber" in c.text.lower() for c in cyber.lead)


def test_period_sources_and_timeline() -> None:
    energy = group(corpus(), CONFIG).briefings[0]
    assert energy.period == ("2025-03-04", "2025-05-10")  # article dates and resolved event dates
    assert energy.sources == ["L'Hebdo", "Le Quotidien"]
    dated = [e for e in energy.timeline if e.date]
    assert [e.date for e in dated] == sorted(e.date for e in dated)
    undated = [e for e in energy.timeline if e.date is None]
    assert [(e.slug, e.kind) for e in undated] == [("cyberattaque-reseau", "published")]
    assert energy.timeline[-1].date is None  # undated entries come last
    events = [e for e in energy.timeline if e.kind == "event"]
    assert {(e.date, e.slug) for e in events} == {("2025-03-04", "plan-solaire"), ("2025-04-15", "cyberattaque-reseau")}
    # An event whose year is unknown is not placed on the timeline.
    assert all("juin" not in e.label for e in energy.timeline)


def test_actors_merged_across_articles_with_stable_unique_slugs() -> None:
    site = group(corpus(), CONFIG)
    by_name = {actor_key(a.name): a for a in site.actors}
    ministry = by_name[actor_key("Ministère de l'Énergie")]
    assert sorted(ministry.article_slugs) == ["hausse-tarifs", "plan-solaire"]  # ' and ’, case, accents
    person = by_name[actor_key("Karim Benali")]
    assert person.kind == "people" and person.role == "ministre de l'Énergie"
    assert sorted(person.article_slugs) == ["cyberattaque-reseau", "plan-solaire"]
    assert actor_key("la compagnie nationale d'électricité") == actor_key("Compagnie nationale d’électricité")
    slugs = [a.slug for a in site.actors]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s) for s in slugs)
    energy = site.briefings[0]
    assert energy.actors[0].slug in {person.slug, ministry.slug}  # most articles first
    assert {a.slug for a in energy.actors} <= set(slugs)


def test_related_briefings_share_articles_or_actors() -> None:
    site = group(corpus(), CONFIG)
    by_theme = {b.theme: b for b in site.briefings}
    assert by_theme["energy"].related == ["cyber"]
    assert by_theme["cyber"].related == ["energy"]
    assert by_theme["gitex"].related == []


def test_same_result_whatever_the_input_order() -> None:
    expected = group(corpus(), CONFIG)
    shuffled = corpus()
    random.Random(7).shuffle(shuffled)
    again = group(shuffled, CONFIG)
    assert [a.slug for a in again.articles] == [a.slug for a in expected.articles]
    assert again.briefings == expected.briefings
    assert again.actors == expected.actors


def test_slug_collision_between_distinct_names_gets_a_suffix() -> None:
    # "Ωmega" and "Mega" are different names whose ASCII slugs would both be "mega".
    first = [article("one", OTHER_BODY, [], entities=Entities(organizations=["Ωmega"])),
             article("two", OTHER_BODY, [], entities=Entities(organizations=["Mega"]))]
    actors = group(first, CONFIG).actors
    assert sorted(a.slug for a in actors) == ["mega", "mega-2"]
    again = group(list(reversed(first)), CONFIG).actors
    assert {a.name: a.slug for a in again} == {a.name: a.slug for a in actors}  # not decided by article order


@pytest.mark.parametrize("count", [200])
def test_large_briefing_caps_candidates_and_stays_consistent(count: int) -> None:
    articles = [
        article(f"a{i:04d}", ENERGY_BODY_A if i % 2 else ENERGY_BODY_B, ["energy"], dt.date(2024, 1, 1)
                + dt.timedelta(days=i)) for i in range(count)
    ]
    energy = group(articles, CONFIG).briefings[0]
    assert len(energy.articles) == count
    newest = {a.slug for a in energy.articles[:40]}
    assert all(c.slug in newest for c in [*energy.lead, *energy.key_points])


def test_briefings_from_the_seeds(shared_dir: Path) -> None:
    """The five seeds, classified and grouped: each briefing quotes its own articles, cited correctly."""
    import json

    from site_builder.classify import classify, primary_theme
    from site_builder.config import load_config
    from site_builder.ingest.enrich import enrich
    from site_builder.models import Extraction

    config = load_config(Path(__file__).resolve().parents[1] / "site.yml")
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
    articles = []
    for name, meta in gold.items():
        text = (shared_dir / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
        start = text.find(meta["body_first_words"])
        end = text.find(meta["body_last_words"], start) + len(meta["body_last_words"])
        body = "\n\n".join(line.strip() for line in text[start:end].split("\n") if line.strip())
        extraction = enrich(Extraction(title=meta["title"], body=body, language=meta["language"], date=meta["date"]))
        matches = classify(meta["title"] or "", body, meta["language"], config.themes)
        articles.append(article(name, body, [m.theme for m in matches], dt.date.fromisoformat(meta["date"])
                                if meta["date"] else None, primary_theme=primary_theme(matches),
                                entities=extraction.entities, roles=extraction.roles,
                                event_dates=extraction.event_dates))
    site = group(articles, config)
    expected = {t.id: {n for n, m in gold.items() if t.id in m["themes"]} for t in config.themes}
    for briefing in site.briefings:
        slugs = {a.slug for a in briefing.articles}
        assert expected[briefing.theme] <= slugs
        assert briefing.lead and briefing.key_points
        for citation in [*briefing.lead, *briefing.key_points]:
            assert briefing.cited_slugs[citation.number - 1] == citation.slug
            assert citation.text in site.article(citation.slug).body
    cyber = next(b for b in site.briefings if b.theme == "cyber")
    assert len(cyber.lead) == 3 and len({c.slug for c in cyber.lead}) == 3  # three articles, one sentence each
    assert site.other_news == []


def test_transliteration_variants_of_a_name_are_one_actor() -> None:
    assert actor_key("Alexey Andreev") == actor_key("Alexeï Andreïev")
    assert actor_key("Mohamed Ben Youssef") == actor_key("Mohammed Ben Yusef")
    assert actor_key("Karim Benali") != actor_key("Karima Benali")  # a different person
    articles = [
        article("one", OTHER_BODY, [], dt.date(2025, 1, 2), entities=Entities(people=["Alexey Andreev"])),
        article("two", OTHER_BODY, [], dt.date(2025, 1, 1), entities=Entities(people=["Alexeï Andreïev"])),
        article("three", OTHER_BODY, [], dt.date(2025, 1, 3), entities=Entities(people=["Alexeï Andreïev"])),
    ]
    actors = group(articles, CONFIG).actors
    assert [(a.name, a.slug, sorted(a.article_slugs)) for a in actors] == [
        ("Alexeï Andreïev", "alexei-andreiev", ["one", "three", "two"])  # the form most articles use
    ]


# ---------------------------------------------------------------- selections kept between builds


def fingerprinted(articles: list[Article]) -> list[Article]:
    """As the content stage loads them: each with its record's fingerprint."""
    for article in articles:
        article.fingerprint = f"record-of-{article.slug}-{len(article.body)}"
    return articles


def test_known_selections_are_taken_where_their_key_matches() -> None:
    first = group(fingerprinted(corpus()), CONFIG)
    assert len(first.selections) == 2  # energy and cyber; the GITEX briefing has no article
    again = group(fingerprinted(corpus()), CONFIG, known=first.selections)
    assert [(b.lead, b.key_points) for b in again.briefings] == [(b.lead, b.key_points) for b in first.briefings]
    assert again.selections.keys() == first.selections.keys()
    # A known selection marked as reused: the mark reaches the briefing whose key it is under.
    marked = {key: ([dataclasses.replace(c, text=f"[kept] {c.text}") for c in lead], points)
              for key, (lead, points) in first.selections.items()}  # fmt: skip
    reused = group(fingerprinted(corpus()), CONFIG, known=marked)
    leads = [citation.text for b in reused.briefings for citation in b.lead]
    assert leads and all(text.startswith("[kept] ") for text in leads)


def test_a_changed_article_selects_its_briefing_again_and_leaves_the_others() -> None:
    first = group(fingerprinted(corpus()), CONFIG)
    changed = fingerprinted(corpus())
    for article in changed:
        if article.slug == "hausse-tarifs":
            article.fingerprint = "record-edited"
    marked = {key: ([dataclasses.replace(c, text=f"[kept] {c.text}") for c in lead], points)
              for key, (lead, points) in first.selections.items()}  # fmt: skip
    site = group(changed, CONFIG, known=marked)
    leads = {b.theme: [citation.text for citation in b.lead] for b in site.briefings}
    assert leads["cyber"] and all(text.startswith("[kept] ") for text in leads["cyber"])
    assert leads["energy"] and not any(text.startswith("[kept] ") for text in leads["energy"])
    assert len(set(site.selections) & set(first.selections)) == 1


def test_articles_without_a_record_fingerprint_are_always_selected_afresh() -> None:
    assert group(corpus(), CONFIG).selections == {}


def test_selections_made_side_by_side_are_the_ones_made_one_after_the_other() -> None:
    """Two briefings to select for: with two workers, one is selected in a forked process and sent back."""
    alone = group(fingerprinted(corpus()), CONFIG, workers=1)
    side_by_side = group(fingerprinted(corpus()), CONFIG, workers=2)
    assert len(alone.selections) == 2
    assert side_by_side.selections == alone.selections
    assert [(b.lead, b.key_points, b.cited_slugs) for b in side_by_side.briefings] == [
        (b.lead, b.key_points, b.cited_slugs) for b in alone.briefings
    ]
