"""The Python API pipelines call in-process (a Scrapy item pipeline, a datatrove block):

    from newslint import Linter
    linter = Linter(select=["B", "T"])          # build once: loads and compiles the rules
    for finding in linter.check_text(text, title=title, url=url):
        print(finding.code, finding.line, finding.message)

`check_text` is the same with a linter built from defaults and kept for the next call.
"""
from __future__ import annotations

import functools
import os
from typing import Iterable, List, Mapping, Optional, Sequence, Union

from .config import Settings, load_settings
from .document import Document
from .finding import Finding
from .registry import RuleOptionError, load_registry
from .runner import Engine
from .selection import Selector
from .sources import Item, find_inputs, read_path, record_document


class Linter:
    def __init__(self, select: Optional[Sequence[str]] = None, ignore: Sequence[str] = (),
                 extend_select: Sequence[str] = (), rules: Optional[Mapping[str, dict]] = None,
                 pattern_files: Sequence[str] = (), settings: Optional[Settings] = None):
        settings = settings or Settings()
        self.settings = settings.override(select=select, ignore=list(ignore), extend_select=list(extend_select),
                                          rules=dict(rules or {}), pattern_files=list(pattern_files))
        s = self.settings
        try:
            self.registry = load_registry(s.pattern_files, s.rules)
        except RuleOptionError as exc:
            raise RuleOptionError(f"{s.source}: {exc}" if s.source else str(exc)) from None
        self.selector = Selector(self.registry, s.select, s.ignore, s.extend_select, s.per_path_ignores,
                                 os.path.dirname(os.path.abspath(s.source)) if s.source else None)
        self.engine = Engine(self.selector.rules())

    @classmethod
    def from_config(cls, path: str = ".", config_file: Optional[str] = None) -> "Linter":
        """A linter with the settings of the config nearest to `path` (or of `config_file`)."""
        return cls(settings=load_settings([path], config_file))

    def check_documents(self, items: Iterable[Item], jobs: int = 1, progress=None, index=None) -> List[Finding]:
        """Findings of the documents; with an `index` (newslint.index.Index), corpus rules also
        compare them with the documents it kept from earlier runs."""
        findings = self.engine.run(items, jobs, progress, index)
        return [f for f in findings if self.selector.keeps(f.code, f.path)]

    def check_text(self, text: str, title: Optional[str] = None, url: Optional[str] = None,
                   path: str = "<text>", language: Optional[str] = None) -> List[Finding]:
        """Findings of one article. Without `title` the text's first line is its headline."""
        meta = {"language": language} if language else None
        return self.check_documents([Document(text, path=path, title=title, url=url, meta=meta)])

    def check_records(self, records: Iterable[Union[dict, str]], path: str = "<records>", jobs: int = 1) -> List[Finding]:
        """Findings of JSON records (dicts, or JSON text) with the configured field names;
        a finding's record_number is the record's 1-based position."""
        fields = self.settings.fields
        return self.check_documents((record_document(r, path, n, fields) for n, r in enumerate(records, 1)), jobs)

    def iter_paths(self, paths: Sequence[str]) -> Iterable[Item]:
        for path in find_inputs(paths, self.settings.include, self.settings.exclude):
            yield from read_path(path, self.settings.fields)

    def check_paths(self, paths: Sequence[Union[str, os.PathLike]], jobs: int = 1) -> List[Finding]:
        """Findings of files and folders (text, JSONL, JSON arrays), as the command line reads them."""
        return self.check_documents(self.iter_paths([os.fspath(p) for p in paths]), jobs)


@functools.lru_cache(maxsize=1)
def _default_linter() -> Linter:
    return Linter()


def check_text(text: str, title: Optional[str] = None, url: Optional[str] = None, **kwargs) -> List[Finding]:
    """Findings of one article with every built-in rule (no config is read)."""
    return _default_linter().check_text(text, title=title, url=url, **kwargs)


def check_paths(paths: Sequence[str], jobs: int = 1) -> List[Finding]:
    return _default_linter().check_paths(paths, jobs)
