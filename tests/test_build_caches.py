"""The caches kept between builds: loaded records (in buckets), the search index's stemmed terms, search shards,
compiled templates and the language model."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest
from test_render_sites import FIXTURE_SITE

from site_builder import content_cache, search_index, term_store
from site_builder.build import CONTENT_CACHE, TEMPLATE_CACHE, build, start_article_shards
from site_builder.buildstate import BuildState, article_source_prints, site_fingerprints, source_prints
from site_builder.config import load_config
from site_builder.content import ARTICLES_DIR, load_articles
from site_builder.group import group, sort_articles
from site_builder.linkcheck import read_folder
from site_builder.lunr_index import TermCache
from site_builder.report import QUIET, Reporter
from site_builder.search_cache import SEARCH_CACHE, SearchCache
from site_builder.search_index import term_cache
from site_builder.selection_store import SELECTIONS_CACHE, load_selections
from site_builder.textpipeline import TextPipeline, default_pipeline
from site_builder.vendor import ensure_vendor

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    shutil.copy(FIXTURE_SITE / "site.yml", root / "site.yml")
    return root


def records(project: Path) -> Path:
    return project / "content" / ARTICLES_DIR


def load(project: Path, cached: bool = True) -> list:
    cache = project / CONTENT_CACHE if cached else None
    return load_articles(project / "content", Reporter(level=QUIET), cache_path=cache, workers=1)


def bucket_times(project: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (project / CONTENT_CACHE).iterdir()}


def test_cached_records_equal_records_read_afresh(project: Path) -> None:
    first = load(project)
    assert load(project) == first == load(project, cached=False)
    # One bucket per record at most, none for a bucket without records.
    names = {p.name for p in records(project).glob("*.md")}
    assert len(bucket_times(project)) == len({content_cache.bucket_of(n) for n in names})


def test_an_edit_rewrites_the_bucket_of_that_record_alone(project: Path) -> None:
    load(project)
    before = bucket_times(project)
    edited = records(project) / "grid-ransomware.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle: ", "\ntitle: Corrigé, ", 1), encoding="utf-8")
    articles = load(project)
    assert next(a for a in articles if a.slug == "grid-ransomware").title.startswith("Corrigé, ")
    after = bucket_times(project)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {f"{content_cache.bucket_of(edited.name):02d}.pickle"}
    assert load(project) == load(project, cached=False)


def test_a_removed_record_leaves_the_cache(project: Path) -> None:
    load(project)
    removed = records(project) / "local-club-cup.md"
    removed.unlink()
    assert "local-club-cup" not in {a.slug for a in load(project)}
    saved = content_cache.load(project / CONTENT_CACHE)
    assert set(saved) == {p.name for p in records(project).glob("*.md")}


def test_a_bucket_written_for_other_code_is_ignored(project: Path) -> None:
    load(project)
    bucket = next((project / CONTENT_CACHE).iterdir())
    _, entries = pickle.loads(bucket.read_bytes())
    bucket.write_bytes(pickle.dumps((("another", "version"), entries)))
    assert not set(entries) & set(content_cache.load(project / CONTENT_CACHE))
    assert load(project) == load(project, cached=False)  # read again, and the bucket rewritten
    assert set(entries) <= set(content_cache.load(project / CONTENT_CACHE))


# ---------------------------------------------------------------- stemmed search terms


def test_saved_terms_are_what_the_next_index_uses(tmp_path: Path, pipeline: TextPipeline) -> None:
    path = tmp_path / "terms.pickle"
    # A planted term shows the cache is consulted, not recomputed.
    assert term_store.save_terms(path, TermCache(pipeline.index_term) | {"zyxwv": "planted"}, pipeline, loaded=0)
    cache = TermCache(pipeline.index_term)
    assert term_store.load_terms(path, cache, pipeline) == 1
    assert cache["zyxwv"] == "planted"


def test_terms_saved_for_another_pipeline_are_ignored(tmp_path: Path, pipeline: TextPipeline) -> None:
    path = tmp_path / "terms.pickle"
    path.write_bytes(pickle.dumps(("stamp of other code", {"zyxwv": "planted"})))
    cache = TermCache(pipeline.index_term)
    assert term_store.load_terms(path, cache, pipeline) == 0
    assert cache["zyxwv"] == "zyxwv"
    path.write_bytes(b"not a pickle")
    assert term_store.load_terms(path, TermCache(pipeline.index_term), pipeline) == 0


def test_nothing_new_is_not_saved_again(tmp_path: Path, pipeline: TextPipeline) -> None:
    path = tmp_path / "terms.pickle"
    cache = TermCache(pipeline.index_term)
    assert cache["centrales"] == "central"
    assert term_store.save_terms(path, cache, pipeline, loaded=0)
    reloaded = TermCache(pipeline.index_term)
    loaded = term_store.load_terms(path, reloaded, pipeline)
    assert not term_store.save_terms(path, reloaded, pipeline, loaded)


def test_a_site_built_with_saved_terms_equals_one_built_without(project: Path, tmp_path: Path) -> None:
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "first", ingest_inputs=False)
    assert (project / term_store.TERMS_CACHE).is_file()
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "second", ingest_inputs=False, force=True)
    other = tmp_path / "other"
    shutil.copytree(project / "content", other / "content")
    shutil.copy(project / "site.yml", other / "site.yml")
    build(load_config(other / "site.yml"), Reporter(level=QUIET), out_dir=tmp_path / "third", ingest_inputs=False)
    first, second, third = (read_folder(tmp_path / n) for n in ("first", "second", "third"))
    assert first == second == third


def test_terms_stemmed_by_worker_processes_are_saved_as_in_one_process(tmp_path: Path) -> None:
    """Enough records for the search shards to be made by forked workers: their terms come back and are saved."""
    saved = {}
    for workers in (2, 1):
        term_cache.cache_clear()  # nothing known in this process from earlier builds
        project = tmp_path / f"project-{workers}"
        shutil.copytree(REPO / "content", project / "content")
        shutil.copy(REPO / "site.yml", project / "site.yml")
        for record in sorted(records(project).glob("*.md")):
            for n in range(70):
                shutil.copy(record, records(project) / f"{record.stem}-{n}.md")
        build(load_config(project / "site.yml"), Reporter(level=QUIET), out_dir=project / "_site",
              ingest_inputs=False, workers=workers)  # fmt: skip
        _stamp, terms = pickle.loads((project / term_store.TERMS_CACHE).read_bytes())
        saved[workers] = terms
    assert len(saved[1]) > 200 and saved[1]["énergie"] == "energ"
    assert saved[2] == saved[1]


# ---------------------------------------------------------------- search shards


def kept_shards(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (project / SEARCH_CACHE).iterdir()}


def test_a_site_built_into_a_new_folder_takes_its_shards_from_the_search_cache(project: Path, tmp_path: Path) -> None:
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "first", ingest_inputs=False)
    shards = sorted(p.relative_to(tmp_path / "first").as_posix()
                    for p in (tmp_path / "first" / "search").glob("*-*.js"))  # fmt: skip
    assert shards == ["search/docs-0.js", "search/index-0.js"]
    kept = kept_shards(project)
    assert sorted(kept.values()) == sorted((tmp_path / "first" / s).read_bytes() for s in shards)
    # Marked in the cache: the marks show in the next site, made without indexing anything.
    for name, data in kept.items():
        (project / SEARCH_CACHE / name).write_bytes(data + b"\n// kept\n")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "second", ingest_inputs=False)
    # Search files hold relative URLs: a site for another base URL (the hosted one after the bundle) shares them.
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "third", ingest_inputs=False,
          base_url="https://example.org/digest/")  # fmt: skip
    for shard in shards:
        marked = (tmp_path / "first" / shard).read_bytes() + b"\n// kept\n"
        assert (tmp_path / "second" / shard).read_bytes() == marked == (tmp_path / "third" / shard).read_bytes()


def test_an_edited_article_s_shards_are_made_again_and_the_old_ones_leave_the_cache(
    project: Path, tmp_path: Path
) -> None:
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "first", ingest_inputs=False)
    before = kept_shards(project)
    edited = records(project) / "grid-ransomware.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle: ", "\ntitle: Corrigé, ", 1), encoding="utf-8")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "second", ingest_inputs=False)
    after = kept_shards(project)
    assert len(after) == len(before) == 2 and not set(after) & set(before)
    docs = (tmp_path / "second" / "search" / "docs-0.js").read_bytes()
    assert "Corrigé".encode() in docs and docs in after.values()


# ---------------------------------------------------------------- briefing selections


def test_the_next_build_takes_the_briefing_selections_the_last_one_saved(project: Path, tmp_path: Path) -> None:
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "first", ingest_inputs=False)
    path = project / SELECTIONS_CACHE
    stamp, saved = pickle.loads(path.read_bytes())
    assert saved and all(lead for lead, _points in saved.values())
    marked = {key: ([dataclasses.replace(c, text=f"{c.text} [kept]") for c in lead], points)
              for key, (lead, points) in saved.items()}  # fmt: skip
    path.write_bytes(pickle.dumps((stamp, marked)))
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "second", ingest_inputs=False)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "second" / "briefings").glob("*.html")]
    assert sum("[kept]" in page for page in pages) == len(saved)
    # Saved by other code (another stamp): selected afresh.
    path.write_bytes(pickle.dumps(("other code", marked)))
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "third", ingest_inputs=False)
    assert read_folder(tmp_path / "third") == read_folder(tmp_path / "first")


def test_damaged_selections_are_selected_afresh(project: Path, tmp_path: Path) -> None:
    config = load_config(project / "site.yml")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "first", ingest_inputs=False)
    (project / SELECTIONS_CACHE).write_bytes(b"\x80\x05 not a pickle")
    build(config, Reporter(level=QUIET), out_dir=tmp_path / "second", ingest_inputs=False)
    assert read_folder(tmp_path / "second") == read_folder(tmp_path / "first")
    assert load_selections(project)  # saved again, whole


# ---------------------------------------------------------------- compiled templates


def test_an_edited_template_is_compiled_again_not_taken_from_the_cache(project: Path, tmp_path: Path) -> None:
    user_theme = project / "my-theme" / "templates"
    user_theme.mkdir(parents=True)
    base = (REPO / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    (user_theme / "base.html").write_text(base.replace("</body>", "<p>première version</p></body>"), encoding="utf-8")
    site_yml = project / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + "\ntheme: my-theme\n", encoding="utf-8")
    out = tmp_path / "_site"
    build(load_config(site_yml), Reporter(level=QUIET), out_dir=out, ingest_inputs=False)
    assert "première version" in (out / "index.html").read_text(encoding="utf-8")
    assert list((project / TEMPLATE_CACHE).glob("*/*"))  # compiled templates kept
    (user_theme / "base.html").write_text(base.replace("</body>", "<p>seconde version</p></body>"), encoding="utf-8")
    build(load_config(site_yml), Reporter(level=QUIET), out_dir=out, ingest_inputs=False)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "seconde version" in page and "première version" not in page


LANGUAGE_SAMPLES = [
    "Le ministre a annoncé mardi un nouveau plan pour les énergies renouvelables au Maroc.",
    "The delegation met officials on Tuesday to discuss cybersecurity and training.",
    "Der Minister kündigte am Dienstag einen neuen Plan für erneuerbare Energien an.",
    "El ministro anunció el martes un nuevo plan para las energías renovables.",
    "Il ministro ha annunciato martedì un nuovo piano per le energie rinnovabili.",
    "Министр объявил во вторник о новом плане развития возобновляемой энергетики.",
    "أعلن الوزير يوم الثلاثاء عن خطة جديدة للطاقات المتجددة في المغرب",
]


def test_the_language_model_read_from_the_cache_classifies_as_the_package_s(tmp_path: Path) -> None:
    from site_builder.ingest import language

    fresh = language._from_package()
    language._save(tmp_path, fresh)
    cached = language._from_cache(tmp_path)
    assert cached is not None
    texts = LANGUAGE_SAMPLES + [path.read_text(encoding="utf-8", errors="replace")[:5000]
                                for path in sorted((REPO / "seeds").glob("*.txt"))]  # fmt: skip
    assert [cached.rank(t) for t in texts] == [fresh.rank(t) for t in texts]
    assert [cached.classify(t)[0] for t in LANGUAGE_SAMPLES] == ["fr", "en", "de", "es", "it", "ru", "ar"]


def test_a_damaged_or_stale_language_model_cache_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.ingest import language

    path = tmp_path / language.MODEL_CACHE
    path.write_bytes(b"not a model")
    assert language._from_cache(tmp_path) is None
    language._save(tmp_path, language._from_package())
    assert language._from_cache(tmp_path) is not None
    monkeypatch.setattr(language, "PLAUSIBLE", ("fr", "en"))  # another choice of languages: another model
    assert language._from_cache(tmp_path) is None
    # load_identifier falls back to the package and leaves a usable cache behind.
    monkeypatch.setattr(language, "_loaded", None)
    path.write_bytes(b"not a model")
    assert language.load_identifier(tmp_path).classify(LANGUAGE_SAMPLES[1])[0] == "en"
    assert language._from_cache(tmp_path) is not None


def test_article_shards_planned_before_grouping_are_the_ones_planned_after(project: Path) -> None:
    """Same files, same fingerprints, same bytes: what the background process makes is what the index stage wants."""
    config = load_config(project / "site.yml")
    articles = load(project)
    for n in range(6):  # more articles than the first shard holds (3 here: the briefings fill it)
        articles += [dataclasses.replace(a, slug=f"{a.slug}-{n}", fingerprint=f"{a.fingerprint}-{n}")
                     for a in load(project)]  # fmt: skip
    site = group(articles, config)
    pipeline = default_pipeline(ensure_vendor())
    after = search_index.plan_search_outputs(site, pipeline, None, shard_size=len(config.themes),
                                             source_prints=source_prints(site_fingerprints(site, "shell", str)))
    before = search_index.plan_article_shards(config, sort_articles(articles), pipeline,
                                              article_source_prints(config, articles), shard_size=len(config.themes))
    planned_after = {o.path: o for o in after if search_index.is_shard(o.path) and o.path[-5:] != "-0.js"}
    assert len(before) == len(planned_after) >= 4
    for output in before:
        assert output.fingerprint == planned_after[output.path].fingerprint
        assert output.make() == planned_after[output.path].make()


def test_article_shards_made_in_the_background_are_taken_from_the_search_cache(project: Path, tmp_path: Path) -> None:
    config = load_config(project / "site.yml")
    articles = records(project)
    for record in sorted(articles.glob("*.md")):
        for n in range(205):  # 1,030 documents: two shards past the first
            shutil.copy(record, articles / f"{record.stem}-{n}.md")
    loaded = load(project)
    cache = SearchCache(project / SEARCH_CACHE)
    background = start_article_shards(config, loaded, BuildState(), tmp_path / "none", cache, workers=2)
    background.wait()
    made = kept_shards(project)
    assert len(made) == 2  # the two shards past the first, their index files
    next((project / SEARCH_CACHE).iterdir()).unlink()
    one_left = start_article_shards(config, loaded, BuildState(), tmp_path / "none", cache, workers=2)
    assert one_left.pid is None  # one shard to make: not worth a process
    stages: list[str] = []

    class Stages(Reporter):
        def stage(self, name: str, detail: str = "") -> None:
            stages.append(f"{name}: {detail}")

    build(config, Stages(level=QUIET), out_dir=tmp_path / "site", ingest_inputs=False, workers=2)
    assert any(s.startswith("index: ") and "1 from the search cache" in s for s in stages), stages
    built = {(tmp_path / "site" / "search" / f"index-{n}.js").read_bytes() for n in (1, 2)}
    assert built == set(made.values())
    alone = tmp_path / "alone"
    shutil.rmtree(project / ".site_builder")
    build(config, Reporter(level=QUIET), out_dir=alone, ingest_inputs=False, workers=1)
    assert read_folder(alone) == read_folder(tmp_path / "site")
