"""The command line: `newslint [check] PATH...`, `newslint rule CODE`, `newslint rules`."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import List, Optional

import click

from . import __version__
from .api import Linter
from .config import ConfigError, load_settings
from .formats import FORMATS, write_statistics
from .index import Index, IndexFileError, fingerprint
from .registry import RegistryError, load_registry
from .sarif import rule_help
from .selection import SelectionError
from .sources import RECORD_SUFFIXES, UsageError, find_inputs, read_path

# A process pays off from about a megabyte of input: below, starting it and pickling documents
# cost more than it saves. Gzipped news JSON Lines hold about 4 times their size (Reuters: 4.8).
SMALL_RUN_BYTES = 1 << 20
GZIP_RATIO = 4
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultCheckGroup(click.Group):
    """`newslint PATH...` means `newslint check PATH...`."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check"] + list(args)
        return super().parse_args(ctx, args)


def _codes(values) -> List[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


@click.group(cls=DefaultCheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def main():
    """A text-quality and provenance linter for scraped news.

    `newslint PATH...` checks files and folders (the same as `newslint check PATH...`).
    """


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--output-format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write findings here instead of stdout.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per code.")
@click.option("--select", multiple=True, help="Codes, prefixes or rule names to run (comma-separated).")
@click.option("--ignore", multiple=True, help="Codes, prefixes or rule names not to run.")
@click.option("--extend-select", multiple=True, help="Add to the selection instead of replacing it.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file only.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--include", multiple=True, help="File-name globs to read in folders (default *.txt).")
@click.option("--exclude", multiple=True, help="Globs of files and folders to skip.")
@click.option("--pattern-file", multiple=True, help="A TOML pattern pack to load (adds to the config's).")
@click.option("--text-field", help="JSON field holding the article text [text].")
@click.option("--title-field", help="JSON field holding the headline [title].")
@click.option("--id-field", help="JSON field holding the record id [id].")
@click.option("--url-field", help="JSON field holding the URL [url].")
@click.option("--stdin-filename", help="Name for standard input ('-'); its suffix sets the format.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to use [all cores].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--no-progress", is_flag=True, help="Never show the progress line.")
@click.option("--index", "index_path", type=click.Path(dir_okay=False),
              help="Keep corpus rules' signatures in this SQLite file: documents are compared with those "
                   "of earlier runs too, and only this run's are reported.")
def check(paths, output_format, output_file, statistics, select, ignore, extend_select, config_file,
          isolated, include, exclude, pattern_file, text_field, title_field, id_field, url_field,
          stdin_filename, jobs, exit_zero, no_progress, index_path):
    """Check files, folders (recursively), JSONL/JSON record files, or - for stdin."""
    paths = list(paths) or ["."]
    try:
        settings = load_settings(paths, config_file, isolated).override(
            select=_codes(select), ignore=_codes(ignore), extend_select=_codes(extend_select),
            include=list(include), exclude=list(exclude), text_field=text_field, title_field=title_field,
            id_field=id_field, url_field=url_field)
        settings.pattern_files = settings.pattern_files + [os.path.abspath(p) for p in pattern_file]
        linter = Linter(settings=settings)
        files = find_inputs(paths, settings.include, settings.exclude)
    except (UsageError, ConfigError, RegistryError, SelectionError) as exc:
        _fail(str(exc))
    index = None
    if index_path:
        index = _open_index(index_path, linter)
        changed = index.changed(files)  # indexed files changed since: read again, not reported on
        index.add_context(changed)
        files = files + changed
    if jobs is None:
        jobs = max(1, min(os.cpu_count() or 1, _input_size(files, stdin_filename) // SMALL_RUN_BYTES))
    items = (item for path in files for item in read_path(path, settings.fields, stdin_filename))
    progress = _Progress() if sys.stderr.isatty() and not no_progress else None
    try:
        findings = linter.check_documents(items, jobs=jobs, progress=progress, index=index)
    finally:
        if index is not None:
            index.close()
    if progress:
        progress.close()
    colour = output_file is None and use_colour(sys.stdout)

    def write(out):
        FORMATS[output_format](findings, out, linter.registry, colour)
        if statistics:  # a machine-readable output stays parseable: its counts go to stderr
            write_statistics(findings, out if output_format == "text" else sys.stderr, linter.registry)

    if output_file:
        try:
            _write_atomically(output_file, write)
        except OSError as exc:
            _fail(f"{output_file}: cannot write: {exc.strerror or exc}")
    else:
        write(sys.stdout)
    if any(f.code == "E903" for f in findings):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


@main.command()
@click.argument("code")
def rule(code):
    """Explain a rule: what it flags, why it matters, examples."""
    registry = _registry()
    found = registry.get(code)
    if found is None:
        _fail(f"no rule {code!r}; `newslint rules` lists them")
    click.echo(rule_help(found), nl=False)
    click.echo(f"\nSeverity: {found.severity}. Fix: {'offered (each fix says whether it is safe)' if found.fixable else 'none'}. "
               f"Kind: {found.kind} rule, from {found.origin}.")
    if found.config:
        click.echo("Options: " + ", ".join(f"{k} = {v!r}" for k, v in sorted(found.config.items())))


@main.command()
@click.option("--output-format", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
def rules(output_format):
    """List every rule."""
    registry = _registry()
    if output_format == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity,
                                "fixable": r.fixable, "message": r.message, "what": r.what,
                                "options": r.config, "origin": r.origin} for r in registry],
                              ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(rule_table_markdown(registry), nl=False)
    else:
        for r in registry:
            click.echo(f"{r.code}  {r.name:<32} {r.severity:<8} {r.what.split('. ')[0][:80]}")


def rule_table_markdown(registry) -> str:
    lines = ["| code | name | what it flags |", "|---|---|---|"]
    for r in registry:
        lines.append(f"| {r.code} | `{r.name}` | {' '.join(r.what.split()).replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def _registry():
    try:
        settings = load_settings(["."])
        return load_registry(settings.pattern_files, settings.rules)
    except (ConfigError, RegistryError) as exc:
        _fail(str(exc))


def use_colour(stream) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _fail(message: str):
    click.echo(f"newslint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _open_index(path: str, linter: Linter) -> Index:
    try:
        index = Index(path, fingerprint(linter.engine.document_rules + linter.engine.corpus_rules))
    except IndexFileError as exc:
        _fail(str(exc))
    if index.emptied:
        click.echo(f"newslint: {path} was made with other rules or settings; it is filled again", err=True)
    return index


def _input_size(files: List[str], stdin_filename: Optional[str]) -> int:
    """Bytes of text to check, roughly. Standard input is one article, or, named as a record
    file, of unknown size: as large as it may be."""
    total = 0
    for path in files:
        if path == "-":
            if (stdin_filename or "").lower().endswith(RECORD_SUFFIXES):
                return 1 << 60
            continue
        try:
            total += os.path.getsize(path) * (GZIP_RATIO if path.lower().endswith(".gz") else 1)
        except OSError:
            pass
    return total


def _write_atomically(path: str, write) -> None:
    """Write through a temporary file beside the target, so a crash never leaves half a file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".newslint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # the mode open() would give, not mkstemp's 0600
            write(out)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


class _Progress:
    def __init__(self):
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last > 0.2:
            self.last = now
            sys.stderr.write(f"\rnewslint: {done} documents checked")
            sys.stderr.flush()

    def close(self) -> None:
        if self.last:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
