"""Our extraction against plain trafilatura on the devset, scored by the same rules.

Three columns per field: ours from the `.txt` dumps, ours from the saved
`.html`, and trafilatura 2 alone on the same `.html` (`bare_extraction` with
its own metadata, no help from us). Every column is scored by
`site_builder.evaluate` (same normalisation and matching rules; themes by our
classifier on each column's title and body). Trafilatura joins several
authors with "; ": they are read as a comma-separated list, which only helps it.

Usage:  .venv/bin/python benchmarks/compare_trafilatura.py [--devset ../shared/devset]
Prints a Markdown table; writes JSON to benchmarks/out/compare_trafilatura.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from site_builder import evaluate  # noqa: E402
from site_builder.ingest.decode import decode_bytes  # noqa: E402
from site_builder.models import Extraction  # noqa: E402

DEFAULT_DEVSET = REPO.parent / "shared" / "devset"
FIELDS = evaluate.FIELDS
COLUMNS = ("ours .txt", "ours .html", "trafilatura .html")


def trafilatura_extraction(html: str) -> Extraction:
    """What trafilatura alone finds in a page, as an Extraction (no fetching: it only sees the string)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    data: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc or {})
    author = data.get("author")
    return Extraction(
        title=data.get("title"),
        body=data.get("text") or "",
        date=data.get("date"),
        author=author.replace("; ", ", ") if author else None,
        source=data.get("sitename"),
        language=data.get("language"),
        url=data.get("url"),
    )


def score_trafilatura(gold_path: Path, devset: Path) -> evaluate.FormatScore:
    """Trafilatura on every `.html` of the gold file, scored like our own output."""
    gold: dict[str, dict[str, Any]] = json.loads(gold_path.read_text(encoding="utf-8"))
    themer, _note = evaluate._themer(evaluate._config_for(devset).themes)
    result = evaluate.FormatScore(format="trafilatura")
    for name, expected in gold.items():
        path = devset / f"{name}.html"
        result.pages += 1
        if not path.is_file():
            result.failures.append((name, "no .html"))
            continue
        text, _ = decode_bytes(path.read_bytes())
        started = time.perf_counter()
        extraction = trafilatura_extraction(text)
        result.seconds.append(time.perf_counter() - started)
        themes = themer(extraction) if themer else None
        evaluate._score_page(result, name, expected, extraction, themes)
    return result


def extraction_seconds(devset: Path, suffix: str) -> list[float]:
    """Time of our reader alone (no enrichment) per page, after one warm-up page."""
    from site_builder.ingest.html import extract_html
    from site_builder.ingest.textdump import extract_text_dump

    reader = extract_html if suffix == ".html" else extract_text_dump
    texts = [decode_bytes(p.read_bytes())[0] for p in sorted(devset.glob(f"*{suffix}"))]
    if texts:
        reader(texts[0])
    seconds: list[float] = []
    for text in texts:
        started = time.perf_counter()
        reader(text)
        seconds.append(time.perf_counter() - started)
    return seconds


def markdown_table(columns: dict[str, evaluate.FormatScore], times: dict[str, list[float]]) -> str:
    lines = ["| field | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for name in FIELDS:
        cells = []
        for result in columns.values():
            if name in result.skipped_fields or (name == "themes" and name not in result.right):
                cells.append("-")
            else:
                unit = "" if name == "themes" else f" ({result.right.get(name, 0):g}/{result.pages})"
                cells.append(f"{100 * result.share(name):.0f}%{unit}")
        label = "themes (mean F1)" if name == "themes" else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    timing = [f"{1000 * statistics.mean(times[c]):.0f} ms" if times.get(c) else "-" for c in columns]
    lines.append("| mean time per page (extraction only) | " + " | ".join(timing) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    args = parser.parse_args(argv)
    devset: Path = args.devset
    gold = devset / "gold.json"
    if not gold.is_file():
        print(f"no gold.json in {devset}: the devset is reference material, not shipped", file=sys.stderr)
        return 2
    ours = evaluate.score(gold, devset, formats=("txt", "html"))
    columns: dict[str, evaluate.FormatScore] = {}
    for fmt, column in (("txt", COLUMNS[0]), ("html", COLUMNS[1])):
        result = ours.by_format(fmt)
        if result is not None:
            columns[column] = result
    columns[COLUMNS[2]] = score_trafilatura(gold, devset)
    times = {
        COLUMNS[0]: extraction_seconds(devset, ".txt"),
        COLUMNS[1]: extraction_seconds(devset, ".html"),
        COLUMNS[2]: columns[COLUMNS[2]].seconds,
    }
    table = markdown_table(columns, times)
    print(table)
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    record = {
        column: {
            "pages": result.pages,
            "shares": {name: result.share(name) for name in FIELDS if name in result.right},
            "misses": [vars(m) for m in result.misses],
            "failures": result.failures,
            "mean_ms": 1000 * statistics.mean(times[column]) if times.get(column) else None,
        }
        for column, result in columns.items()
    }
    (out / "compare_trafilatura.json").write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
