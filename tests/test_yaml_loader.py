"""The build's YAML loader gives what PyYAML's safe loader gives, for every document."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from site_builder.config import YAML_LOADER
from site_builder.yaml_loader import SafeLoader

REPO = Path(__file__).resolve().parent.parent
REFERENCE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---\r?\n(.*?\r?\n)?---\r?\n", re.S)

TRICKY = {
    "empty": "",
    "comment only": "# nothing\n",
    "scalar document": "just text\n",
    "list document": "- 1\n- two\n- 3.5\n",
    "implicit types": "a: 1\nb: 0x1f\nc: 1_000\nd: 1.5e3\ne: .inf\nf: .nan\ng: yes\nh: off\ni: ~\nj: null\nk: ''\n",
    "dates": "d: 2024-01-31\nt: 2024-01-31T10:20:30Z\nu: 2024-01-31 10:20:30.5 +02:00\nq: '2024-01-31'\n",
    "keys of every scalar kind": "1: int\n2.5: float\ntrue: bool\n~: null\n2024-01-01: date\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "explicit tags": "a: !!str 12\nb: !!int '7'\nc: !!float '1'\nd: !!null ''\n",
    "non-specific tag": "a: ! 12\n",
    "quoted and block text": "a: \"line\\nnext\"\nb: |\n  keep\n  lines\nc: >\n  folded\n  text\n",
    "nested": "a:\n  b:\n    - c: [1, 2, {d: e}]\n    - []\n  f: {}\n",
    "duplicate key (the last wins)": "a: 1\na: 2\n",
    "shared alias": "base: &b [1, 2]\nother: *b\n",
    "alias of a scalar": "a: &x hello\nb: *x\n",
    "merge key": "base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n",
    "merge of a list": "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n",
    "value key": "=: 1\n",
    "set": "s: !!set {a, b}\n",
    "ordered map": "o: !!omap [a: 1, b: 2]\n",
    "pairs": "p: !!pairs [a: 1, a: 2]\n",
    "unicode": "titre: « Énergie » — l’État\n",
}

INVALID = {
    "unknown tag": "a: !custom 1\n",
    "python tag": "a: !!python/object:os.system {}\n",
    "list as a key": "? [1, 2]\n: v\n",
    "mapping as a key": "? {a: 1}\n: v\n",
    "bad indentation": "a:\n  - 1\n - 2\n",
    "unclosed quote": "a: 'open\n",
    "undefined alias": "a: *nowhere\n",
}


def _same_shape(a: object, b: object) -> bool:
    """Equal, with NaN equal to NaN and types the same all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and a != a:
        return b != b
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_shape(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same_shape(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b


def test_the_build_reads_yaml_with_this_loader() -> None:
    assert YAML_LOADER is SafeLoader


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_same_value_as_the_safe_loader(text: str) -> None:
    assert _same_shape(yaml.load(text, Loader=SafeLoader), yaml.load(text, Loader=REFERENCE))


def test_recursive_data_is_built_as_the_safe_loader_builds_it() -> None:
    # Not comparable with ==: each holds itself, as the safe constructor makes it.
    listed = yaml.load("a: &r [1, *r]\n", Loader=SafeLoader)["a"]
    mapped = yaml.load("a: &r {self: *r}\n", Loader=SafeLoader)["a"]
    assert listed[0] == 1 and listed[1] is listed
    assert mapped["self"] is mapped


def test_plain_values_come_out_as_the_safe_loader_makes_them() -> None:
    dates = yaml.load(TRICKY["dates"], Loader=SafeLoader)
    loaded = yaml.load(TRICKY["implicit types"], Loader=SafeLoader)
    assert dates["d"] == dt.date(2024, 1, 31) and dates["q"] == "2024-01-31"
    assert dates["t"] == dt.datetime(2024, 1, 31, 10, 20, 30, tzinfo=dt.timezone.utc)
    assert loaded["b"] == 31 and loaded["c"] == 1000 and loaded["g"] is True and loaded["h"] is False
    assert loaded["i"] is None and loaded["k"] == ""


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_same_error_as_the_safe_loader(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.load(text, Loader=REFERENCE)
    with pytest.raises(yaml.YAMLError) as ours:
        yaml.load(text, Loader=SafeLoader)
    assert type(ours.value) is type(theirs.value) and str(ours.value) == str(theirs.value)


def _yaml_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted(REPO.rglob("*")):
        relative = path.relative_to(REPO)
        if relative.parts[0] in {".git", ".venv", "node_modules", "benchmarks"} or not path.is_file():
            continue
        if path.suffix in {".yml", ".yaml"}:
            texts.append((relative.as_posix(), path.read_text(encoding="utf-8")))
        elif path.suffix == ".md" and (match := FRONT_MATTER.match(path.read_text(encoding="utf-8"))):
            texts.append((relative.as_posix(), match.group(1) or ""))
    return texts


def test_every_yaml_file_of_the_project_loads_the_same() -> None:
    texts = _yaml_texts()
    names = {name for name, _ in texts}
    assert {"site.yml", "theme/i18n/fr.yml", "theme/i18n/en.yml"} <= names
    assert any(name.startswith("content/articles/") for name in names)
    for name, text in texts:
        assert _same_shape(yaml.load(text, Loader=SafeLoader), yaml.load(text, Loader=REFERENCE)), name
