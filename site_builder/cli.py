"""The `site-builder` command.

Errors are one line, never a traceback (unless --verbose). Exit status:
0 the site was built (perhaps with warnings); 1 nothing could be built;
2 the command line was wrong; 3 --strict and there were warnings.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import CONFIG_NAME, ConfigError, SiteConfig, default_config, load_config
from .report import NORMAL, QUIET, VERBOSE, Reporter

EXIT_ERROR, EXIT_STRICT = 1, 3


class Context:
    def __init__(self, config_path: Path | None, level: int, strict: bool) -> None:
        self.config_path = config_path
        self.reporter = Reporter(level=level)
        self.strict = strict
        self.verbose = level >= VERBOSE

    def config(self) -> SiteConfig:
        path = self.config_path or Path.cwd() / CONFIG_NAME
        if self.config_path is None and not path.exists():
            self.reporter.info(f"no {CONFIG_NAME} here: default settings, no themes")
            return default_config(Path.cwd())
        return load_config(path)

    def finish(self) -> None:
        if self.strict and self.reporter.warnings:
            click.echo(f"error: {len(self.reporter.warnings)} warning(s) and --strict is set", err=True)
            sys.exit(EXIT_STRICT)


def handle_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every failure into one clear line and an exit status."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx: Context = click.get_current_context().obj
        try:
            result = command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; the previous site is left as it was", err=True)
            sys.exit(130)
        except Exception as exc:  # the one place that catches everything, to keep output to one line
            if ctx.verbose:
                import traceback  # only here: its imports cost every run a few milliseconds

                traceback.print_exc()
            click.echo(f"error: {_one_line(exc)}", err=True)
            sys.exit(EXIT_ERROR)
        ctx.finish()
        return result

    return wrapper


# Our own error types, whose message is already the one line to print.
_ONE_LINE_ERRORS = {"BuildError", "ContentError", "BundleError", "VendorError", "OutputError"}


def _one_line(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ConfigError) or type(exc).__name__ in _ONE_LINE_ERRORS:
        return message
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or message}"
    return f"{type(exc).__name__}: {message} (run with --verbose for details)"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-builder")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Site configuration file (default: ./{CONFIG_NAME}).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print every step, and a traceback on errors.")
@click.option("--strict", is_flag=True, help="Exit with status 3 when there was any warning.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool, verbose: bool, strict: bool) -> None:
    """Turn saved news pages into a searchable static briefing site.

    \b
    Typical use, from the folder holding site.yml:
      site-builder build          ingest seeds/ and build the site into _site/
      site-builder serve          build, serve on localhost and rebuild on change
      site-builder bundle         write the offline zip (works from file://)
    """
    level = VERBOSE if verbose else QUIET if quiet else NORMAL
    ctx.obj = Context(config_path, level, strict)


@cli.command()
@click.argument("input_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Content folder to write articles/<slug>.md into (default: content/).")
@click.option("--force", is_flag=True, help="Read every input again, even unchanged ones.")
@click.option("--workers", type=click.IntRange(1, 64), help="Processes used for extraction (default: all cores).")
@click.pass_obj
@handle_errors
def ingest(ctx: Context, input_dir: Path | None, content_dir: Path | None, force: bool, workers: int | None) -> None:
    """Turn every input page into content/articles/<slug>.md.

    INPUT_DIR holds the saved pages: plain-text dumps (.txt), saved HTML
    (.html) and hand-written Markdown (.md); default: seeds/. Your edits to
    a content file are kept when it is ingested again (see README).
    """
    from .ingest.run import ingest as run_ingest

    config = _with_dirs(ctx.config(), input_dir, content_dir)
    run_ingest(config, ctx.reporter, workers=workers, force=force)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: _site/, or 'output' in site.yml).")
@click.option("--base-url", help="Absolute URL the site is served from, e.g. https://example.org/digest/.")
@click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of input pages (default: seeds/).")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Content folder (default: content/).")
@click.option("--no-ingest", is_flag=True, help="Build from content/ only, without reading inputs.")
@click.option("--force", is_flag=True, help="Ingest and render everything again.")
@click.option("--workers", type=click.IntRange(1, 64),
              help="Processes used for extraction and rendering (default: all cores).")
@click.pass_obj
@handle_errors
def build(
    ctx: Context,
    out_dir: Path | None,
    base_url: str | None,
    input_dir: Path | None,
    content_dir: Path | None,
    no_ingest: bool,
    force: bool,
    workers: int | None,
) -> None:
    """Ingest what is new or changed, then render the site.

    Running it again with nothing changed does nothing. The site is written
    to a fresh folder and swapped in at the end: a failed build leaves the
    previous site whole.
    """
    from .build import build as run_build

    config = _with_dirs(ctx.config(), input_dir, content_dir)
    if base_url is not None:
        _check_base_url(base_url)
    run_build(config, ctx.reporter, out_dir=out_dir, base_url=base_url, ingest_inputs=not no_ingest,
              force=force, workers=workers)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Site folder to zip.")
@click.option("--zip", "zip_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the zip (default: dist/<bundle_name from site.yml>).")
@click.pass_obj
@handle_errors
def bundle(ctx: Context, out_dir: Path | None, zip_path: Path | None) -> None:
    """Build, then write the offline zip.

    Unpack it anywhere and open index.html: pages, styles and search work
    from file:// with no network.
    """
    from .build import build as run_build
    from .build import source_date
    from .bundle import make_bundle

    config = ctx.config()
    result = run_build(config, ctx.reporter, out_dir=out_dir)
    target = zip_path or config.root / "dist" / config.bundle_name
    stamp = source_date()
    stats = make_bundle(result.out_dir, target, source_date_epoch=int(stamp.timestamp()) if stamp else None)
    for problem in stats.link_problems:
        ctx.reporter.warn(problem.page, f"{problem.kind} link '{problem.link}'", "it will not work offline")
    ctx.reporter.stage("bundle", f"{target}: {stats.files} files, {stats.size / 1024:.0f} KiB")


@cli.command()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--no-reload", is_flag=True, help="Do not watch files and reload the page.")
@click.pass_obj
@handle_errors
def serve(ctx: Context, port: int, out_dir: Path | None, no_reload: bool) -> None:
    """Build, serve on localhost, rebuild on change and reload the open page."""
    from .serve import serve as run_serve

    run_serve(ctx.config(), ctx.reporter, port=port, out_dir=out_dir, watch=not no_reload)


@cli.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "formats", type=click.Choice(["txt", "html"]), multiple=True,
              help="Score only these input formats (default: every format present).")
@click.pass_obj
@handle_errors
def evaluate(ctx: Context, gold: Path, input_dir: Path, formats: tuple[str, ...]) -> None:
    """Score extraction against a gold file, field by field.

    GOLD is a JSON file mapping page names to the expected title, date,
    author, source, language, body start and end, and themes; INPUT_DIR
    holds the pages (NAME.txt and/or NAME.html). Nothing is written.
    """
    from .evaluate import format_report, score

    config = ctx.config()
    report = score(gold, input_dir, formats=formats or ("txt", "html"), themes=config.themes)
    click.echo(format_report(report))


def _with_dirs(config: SiteConfig, input_dir: Path | None, content_dir: Path | None) -> SiteConfig:
    import dataclasses

    changes: dict[str, str] = {}
    if input_dir is not None:
        changes["input_dir"] = str(input_dir.resolve())
    if content_dir is not None:
        changes["content_dir"] = str(content_dir.resolve())
    return dataclasses.replace(config, **changes) if changes else config


def _check_base_url(url: str) -> None:
    if url and not url.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="--base-url")


def main() -> None:
    """The command's entry point: the command, then the process ends at once with its status.

    A build leaves hundreds of thousands of objects behind; freeing them one
    by one as the interpreter shuts down took a few hundredths of a second of
    every build. Every file is closed by then, and output is flushed here.
    """
    try:
        cli(prog_name="site-builder")
        status: object = 0
    except SystemExit as end:
        status = end.code
    if status is not None and not isinstance(status, int):
        click.echo(str(status), err=True)  # what sys.exit("message") would print
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can be said
            stream.flush()
    os._exit(status or 0)
