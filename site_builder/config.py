"""Site configuration: one YAML file at the project root, validated on load.

Every validation message names the key and the problem, e.g.
``site.yml: themes[2].terms: a theme needs at least one term``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .yaml_loader import SafeLoader

CONFIG_NAME = "site.yml"
# The safe loader on libyaml (ten times faster than PyYAML's own parser), plain documents built directly, for
# every YAML file the build reads.
YAML_LOADER: type = SafeLoader
UI_LANGUAGES = ("fr", "en")


class ConfigError(Exception):
    """A configuration problem; the message is one line naming file and key."""


@dataclass(frozen=True)
class ThemeTerm:
    """A lexicon entry. `term` may hold several words; matching ignores case,
    accents, elisions and plural endings."""

    term: str
    weight: float = 1.0


@dataclass(frozen=True)
class ThemeRule:
    """A sentence-level rule for what a word list cannot catch.

    The rule fires on a sentence that contains a term of every group in
    `all_of` and no term of `none_of`.
    """

    name: str
    all_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...] = ()
    weight: float = 3.0


@dataclass(frozen=True)
class ThemeDef:
    id: str
    titles: dict[str, str]  # UI language -> title
    descriptions: dict[str, str]  # UI language -> one-line description
    terms: tuple[ThemeTerm, ...]
    rules: tuple[ThemeRule, ...] = ()
    min_score: float = 3.0

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()))

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or next(iter(self.descriptions.values()), "")


@dataclass(frozen=True)
class SiteConfig:
    root: Path  # folder holding the configuration; relative paths start here
    title: str = "Digest"
    description: str = ""
    language: str = "fr"  # UI language
    base_url: str = ""  # absolute URL where the site is hosted, "" when unknown
    input_dir: str = "seeds"
    content_dir: str = "content"
    output_dir: str = "_site"
    bundle_name: str = "site-offline.zip"
    theme_dir: str | None = None  # user overrides, searched before the default theme
    max_input_bytes: int = 2_000_000
    # An actor named in fewer articles has no page: it would repeat the one article that names them.
    actor_min_articles: int = 2
    themes: tuple[ThemeDef, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def input_path(self) -> Path:
        return self.root / self.input_dir

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    def theme(self, theme_id: str) -> ThemeDef | None:
        return next((t for t in self.themes if t.id == theme_id), None)


_TOP_KEYS = {
    "title": str,
    "description": str,
    "language": str,
    "base_url": str,
    "input": str,
    "content": str,
    "output": str,
    "bundle_name": str,
    "theme": str,
    "max_input_bytes": int,
    "actor_min_articles": int,
    "themes": list,
}


def load_config(path: Path) -> SiteConfig:
    """Read and validate the configuration file at `path`."""
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"{name}: file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{name}: invalid YAML{where}") from None
    return parse_config(raw if raw is not None else {}, root=path.parent, name=name)


def default_config(root: Path) -> SiteConfig:
    """The configuration used when a folder has no site.yml."""
    return SiteConfig(root=root)


def parse_config(raw: Any, root: Path, name: str = CONFIG_NAME) -> SiteConfig:
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: the top level must be a mapping of keys to values")
    for key, value in raw.items():
        if key not in _TOP_KEYS:
            known = ", ".join(sorted(_TOP_KEYS))
            raise ConfigError(f"{name}: unknown key '{key}' (known keys: {known})")
        expected = _TOP_KEYS[key]
        if value is not None and not _is_type(value, expected):
            raise ConfigError(f"{name}: {key}: expected {_type_name(expected)}, got {_type_name(type(value))}")

    language = raw.get("language") or "fr"
    if language not in UI_LANGUAGES:
        raise ConfigError(f"{name}: language: '{language}' is not one of {', '.join(UI_LANGUAGES)}")
    max_bytes = raw.get("max_input_bytes", 2_000_000)
    if max_bytes is not None and max_bytes < 1024:
        raise ConfigError(f"{name}: max_input_bytes: must be at least 1024")
    actor_min_articles = raw.get("actor_min_articles", 2)
    if actor_min_articles is not None and actor_min_articles < 1:
        raise ConfigError(f"{name}: actor_min_articles: must be at least 1")
    base_url = (raw.get("base_url") or "").strip()
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{name}: base_url: must start with http:// or https://")

    themes = tuple(_parse_theme(t, i, name) for i, t in enumerate(raw.get("themes") or []))
    ids = [t.id for t in themes]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup:
        raise ConfigError(f"{name}: themes: the id '{dup}' is used twice")

    return SiteConfig(
        root=root,
        title=raw.get("title") or "Digest",
        description=raw.get("description") or "",
        language=language,
        base_url=base_url.rstrip("/"),
        input_dir=raw.get("input") or "seeds",
        content_dir=raw.get("content") or "content",
        output_dir=raw.get("output") or "_site",
        bundle_name=raw.get("bundle_name") or "site-offline.zip",
        theme_dir=raw.get("theme"),
        max_input_bytes=max_bytes or 2_000_000,
        actor_min_articles=2 if actor_min_articles is None else actor_min_articles,
        themes=themes,
    )


_THEME_KEYS = {"id", "title", "description", "terms", "rules", "min_score"}


def _parse_theme(raw: Any, index: int, name: str) -> ThemeDef:
    where = f"{name}: themes[{index}]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping with id, title, terms")
    for key in raw:
        if key not in _THEME_KEYS:
            raise ConfigError(f"{where}: unknown key '{key}' (known keys: {', '.join(sorted(_THEME_KEYS))})")
    theme_id = raw.get("id")
    if not isinstance(theme_id, str) or not theme_id.strip():
        raise ConfigError(f"{where}.id: a theme needs a text id")
    if not all(c.isalnum() or c in "-_" for c in theme_id):
        raise ConfigError(f"{where}.id: '{theme_id}' may hold only letters, digits, '-' and '_'")
    where = f"{name}: themes[{index}] ({theme_id})"
    titles = _per_language(raw.get("title"), f"{where}.title", required=True)
    descriptions = _per_language(raw.get("description"), f"{where}.description", required=False)

    terms_raw = raw.get("terms")
    if not isinstance(terms_raw, list) or not terms_raw:
        raise ConfigError(f"{where}.terms: a theme needs at least one term")
    terms = tuple(_parse_term(t, f"{where}.terms[{i}]") for i, t in enumerate(terms_raw))

    rules_raw = raw.get("rules") or []
    if not isinstance(rules_raw, list):
        raise ConfigError(f"{where}.rules: expected a list")
    rules = tuple(_parse_rule(r, f"{where}.rules[{i}]") for i, r in enumerate(rules_raw))

    min_score = raw.get("min_score", 3.0)
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool) or min_score <= 0:
        raise ConfigError(f"{where}.min_score: expected a positive number")
    return ThemeDef(theme_id, titles, descriptions, terms, rules, float(min_score))


def _per_language(value: Any, where: str, required: bool) -> dict[str, str]:
    if value is None:
        if required:
            raise ConfigError(f"{where}: missing")
        return {}
    if isinstance(value, str):
        return {lang: value for lang in UI_LANGUAGES}
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        unknown = [k for k in value if k not in UI_LANGUAGES]
        if unknown:
            raise ConfigError(f"{where}: unknown language '{unknown[0]}'")
        return dict(value)
    raise ConfigError(f"{where}: expected text or a mapping of language to text")


def _parse_term(raw: Any, where: str) -> ThemeTerm:
    if isinstance(raw, str) and raw.strip():
        return ThemeTerm(raw.strip())
    if isinstance(raw, dict) and isinstance(raw.get("term"), str) and raw["term"].strip():
        weight = raw.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or isinstance(weight, bool):
            raise ConfigError(f"{where}.weight: expected a number")
        extra = set(raw) - {"term", "weight"}
        if extra:
            raise ConfigError(f"{where}: unknown key '{sorted(extra)[0]}'")
        return ThemeTerm(raw["term"].strip(), float(weight))
    raise ConfigError(f"{where}: expected a term, or a mapping with 'term' and 'weight'")


def _parse_rule(raw: Any, where: str) -> ThemeRule:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping with name and all_of")
    extra = set(raw) - {"name", "all_of", "none_of", "weight"}
    if extra:
        raise ConfigError(f"{where}: unknown key '{sorted(extra)[0]}'")
    rule_name = raw.get("name")
    if not isinstance(rule_name, str) or not rule_name:
        raise ConfigError(f"{where}.name: a rule needs a name")
    groups = raw.get("all_of")
    if not isinstance(groups, list) or not groups or not all(_str_list(g) for g in groups):
        raise ConfigError(f"{where}.all_of: expected a list of term lists")
    none_of = raw.get("none_of") or []
    if not _str_list(none_of) and none_of != []:
        raise ConfigError(f"{where}.none_of: expected a list of terms")
    weight = raw.get("weight", 3.0)
    if not isinstance(weight, (int, float)) or isinstance(weight, bool):
        raise ConfigError(f"{where}.weight: expected a number")
    return ThemeRule(rule_name, tuple(tuple(g) for g in groups), tuple(none_of), float(weight))


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v for v in value)


def _is_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _type_name(t: type) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true/false"}.get(
        t, t.__name__
    )
