"""Which rules run and which findings are kept: --select/--ignore/--extend-select and
per-path ignores. Entries are codes, code prefixes (B, B1, B102), rule names, or ALL.

Engine findings (E9xx: unreadable input, failed rules) are always kept unless an ignore
entry names them. Precedence, as in ruff: the most specific entry wins (a full code or a rule name beats
a prefix, a longer prefix beats a shorter one); on a tie, ignore wins.
"""
from __future__ import annotations

import fnmatch
import os
from typing import Dict, Iterable, List, Optional, Sequence

from .registry import Registry
from .rule import Rule

ALL = "ALL"


class SelectionError(ValueError):
    pass


class Selector:
    def __init__(self, registry: Registry, select: Optional[Sequence[str]] = None,
                 ignore: Sequence[str] = (), extend_select: Sequence[str] = (),
                 per_path_ignores: Optional[Dict[str, Sequence[str]]] = None, base: Optional[str] = None):
        self.registry = registry
        self.base = base  # the config file's folder: per-path globs are relative to it
        self.select = [self._entry(e, "select") for e in (list(select) if select else [ALL])] + \
            [self._entry(e, "extend-select") for e in extend_select]
        self.ignore = [self._entry(e, "ignore") for e in ignore]
        self.per_path = {glob: [self._entry(e, f"per-path-ignores {glob!r}") for e in entries]
                         for glob, entries in (per_path_ignores or {}).items()}

    def _entry(self, entry: str, setting: str) -> str:
        """An entry as a code prefix; a rule name becomes its code."""
        entry = entry.strip()
        if entry.upper() == ALL:
            return ""
        rule = self.registry.get(entry)
        if rule is not None:
            return rule.code
        prefix = entry.upper()
        if prefix[:1] in "BHTEDS" and prefix[1:].isdigit() and len(prefix) <= 4 and \
                any(code.startswith(prefix) for code in self.registry.rules):
            return prefix
        if len(prefix) == 1 and prefix in "BHTEDS":
            return prefix
        raise SelectionError(f"{setting}: unknown rule code, prefix or name {entry!r} (see `newslint rules`)")

    @staticmethod
    def _best(code: str, entries: Iterable[str]) -> int:
        return max((len(e) for e in entries if code.startswith(e)), default=-1)

    def selects(self, code: str) -> bool:
        chosen, dropped = self._best(code, self.select), self._best(code, self.ignore)
        if dropped < 0 and self.registry.rules[code].kind == "engine":
            return True  # unreadable input and failed rules are reported unless ignored by name
        return chosen >= 0 and chosen > dropped

    def rules(self) -> List[Rule]:
        return [rule for rule in self.registry if self.selects(rule.code)]

    def keeps(self, code: str, path: str) -> bool:
        """Whether a finding is reported: its code is selected (engine findings are made whatever
        runs) and no per-path ignore matches. A per-path glob is matched against the path as
        given, the path relative to the config file's folder, and the file name."""
        if not self.selects(code):
            return False
        if not self.per_path:
            return True
        names = {path.removeprefix("./"), os.path.basename(path)}
        if self.base and not path.startswith("<") and path != "-":
            names.add(os.path.relpath(os.path.abspath(path), self.base).replace(os.sep, "/"))
        return not any(self._best(code, entries) >= 0 and any(fnmatch.fnmatch(n, glob) for n in names)
                       for glob, entries in self.per_path.items())
