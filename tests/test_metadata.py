"""Page metadata: JSON-LD (@graph, references, broken blocks), Open Graph, dates, authors, publication names."""

from __future__ import annotations

from site_builder.ingest import metadata as md


def _meta(head: str, body: str = "") -> md.PageMeta:
    return md.read_metadata(md.parse_html(f"<html><head>{head}</head><body>{body}</body></html>"))


def test_graph_references_resolve_and_organisation_author_is_not_a_person() -> None:
    meta = _meta(
        '<script type="application/ld+json">{"@graph": [{"@type": "Organization", "@id": "#o", "name": "Daily Planet"},'
        '{"@type": "NewsArticle", "headline": "Storm hits", "author": {"@id": "#o"}, "publisher": {"@id": "#o"},'
        '"datePublished": "2021-03-04T08:00:00+01:00"}]}</script>'
    )
    assert meta.headlines == ["Storm hits"]
    assert meta.authors == []
    assert "Daily Planet" in meta.org_names
    assert md.pick_date(meta) == "2021-03-04"


def test_author_list_keeps_people_and_drops_the_publisher_named_as_author() -> None:
    meta = _meta(
        '<script type="application/ld+json">{"@type": "Article", "headline": "H", "publisher": {"name": "Le Soir"},'
        '"author": [{"@type": "Person", "name": "Le Soir"}, {"@type": "Person", "name": "Marie Dupont"},'
        '{"@type": "Organization", "name": "Agence X"}]}</script>'
    )
    assert md.pick_authors(meta.authors, meta.org_names + meta.site_names) == "Marie Dupont"


def test_broken_json_ld_is_skipped_and_trailing_commas_are_tolerated() -> None:
    meta = _meta(
        '<script type="application/ld+json">{"@type": "NewsArticle", oops</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kept", }</script>'
    )
    assert meta.headlines == ["Kept"]


def test_published_wins_over_modified_and_local_offset_over_utc() -> None:
    meta = _meta(
        '<meta property="article:modified_time" content="2022-05-09T10:00:00+02:00">'
        '<meta property="article:published_time" content="2022-05-07T22:30:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-05-08T00:30:00+02:00",'
        '"dateModified": "2022-05-09T10:00:00+02:00"}</script>'
    )
    assert md.pick_date(meta) == "2022-05-08"


def test_only_a_modified_date_gives_no_publication_date() -> None:
    meta = _meta('<meta property="article:modified_time" content="2022-05-09T10:00:00+02:00">')
    assert md.pick_date(meta) is None


def test_related_article_times_outside_the_article_are_ignored() -> None:
    meta = _meta(
        "",
        '<aside><time datetime="2001-01-01">old</time></aside>'
        '<article><h1>T</h1><time datetime="2020-06-15T09:00:00-04:00">June 15</time></article>',
    )
    assert md.pick_date(meta) == "2020-06-15"


def test_domain_site_name_is_replaced_by_the_same_name_written_for_readers() -> None:
    meta = _meta(
        '<meta property="og:site_name" content="www.lejournal-du-soir.fr">',
        "<footer>© Copyright 2023 Le Journal du Soir</footer>",
    )
    assert md.pick_source(meta, None, None) == "Le Journal du Soir"


def test_edition_suffix_and_title_suffix() -> None:
    assert md.normalise_source("Le Monde.fr") == "Le Monde"
    meta = _meta("<title>Rain returns to the plains | The Prairie Post</title>")
    assert md.pick_source(meta, None, None) == "The Prairie Post"
    assert md.pick_title(meta, "The Prairie Post") == "Rain returns to the plains"


def test_visible_h1_preferred_when_it_agrees_with_metadata() -> None:
    meta = _meta(
        '<meta property="og:title" content="A shorter social title">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The headline as shown"}</script>',
        "<h1>The headline as shown</h1>",
    )
    assert md.pick_title(meta, None) == "The headline as shown"


def test_uppercase_byline_with_role_is_cleaned() -> None:
    assert md.clean_person("By JANE ROE, AP Business Writer") == "Jane Roe"
    assert md.pick_authors(["Sam Lee; sam lee"], []) == "Sam Lee"


def test_html_lang_primary_subtag() -> None:
    meta = md.read_metadata(md.parse_html('<html lang="fr-FR"><body><p>x</p></body></html>'))
    assert md.html_language(meta) == "fr"


def test_canonical_url_and_domain_core() -> None:
    meta = _meta('<link rel="canonical" href="https://example.org/a/b"><meta property="og:url" content="/rel">')
    assert md.pick_url(meta) == "https://example.org/a/b"
    assert md.domain_core("www.20minutes.fr") == "20minutes"
    assert md.domain_core("Le Monde") is None


def test_single_capitalised_word_is_a_name_only_for_agencies() -> None:
    assert md.clean_person("La rédaction") is None
    assert md.clean_person("AFP") == "AFP"
    assert md.clean_person("Reuters") == "Reuters"


def test_a_far_local_date_does_not_override_the_trusted_one() -> None:
    meta = md.PageMeta(published=["2020-01-10T08:00:00Z", "2020-03-02T10:00:00+01:00"])
    assert md.pick_date(meta) == "2020-01-10"


def test_desk_named_after_the_publication_is_not_a_person() -> None:
    assert md.pick_authors(["Rédaction Le Courrier", "Paul Martin"], ["Le Courrier"]) == "Paul Martin"


def test_site_name_alone_is_not_a_headline() -> None:
    meta = _meta("<title>The Prairie Post</title>", "<h1>Farmers count the cost of the long drought</h1>")
    assert md.pick_title(meta, "The Prairie Post") == "Farmers count the cost of the long drought"
