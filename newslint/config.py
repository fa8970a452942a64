"""Settings from config files and the command line.

The nearest config wins, looking from the first input path up to the file-system root:
in each folder `newslint.toml`, then `pyproject.toml` with a [tool.newslint] table, then
`setup.cfg` with a [newslint] section. `--config FILE` names one; `--isolated` uses none.
Rule options live in [rules.CODE-or-name] (newslint.toml), [tool.newslint.rules.X]
(pyproject.toml) or [newslint.rules.X] sections (setup.cfg). In setup.cfg the [newslint]
lists are comma- or line-separated and a rule option's value is written as in TOML
(`min_words = 10`, `words = ["a", "b"]`; a bare word is a string).
"""
from __future__ import annotations

import configparser
import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .sources import DEFAULT_INCLUDE, Fields

LIST_KEYS = ("select", "ignore", "extend-select", "include", "exclude", "pattern-files")
STRING_KEYS = ("text-field", "title-field", "id-field", "url-field")
TABLE_KEYS = ("per-path-ignores", "rules")


class ConfigError(ValueError):
    pass


@dataclass
class Settings:
    select: Optional[List[str]] = None
    ignore: List[str] = field(default_factory=list)
    extend_select: List[str] = field(default_factory=list)
    include: List[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: List[str] = field(default_factory=list)
    pattern_files: List[str] = field(default_factory=list)
    per_path_ignores: Dict[str, List[str]] = field(default_factory=dict)
    rules: Dict[str, dict] = field(default_factory=dict)
    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "id"
    url_field: str = "url"
    source: Optional[str] = None  # the config file these came from

    @property
    def fields(self) -> Fields:
        return Fields(self.text_field, self.title_field, self.id_field, self.url_field)

    def override(self, **values) -> "Settings":
        """These settings with the command line's non-empty values on top."""
        given = {k: v for k, v in values.items() if v}  # unset and empty values keep the config's
        return replace(self, **given)


def find_config(start: str) -> Optional[Tuple[str, dict]]:
    """(path, table) of the nearest config above `start`, or None."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        for name in ("newslint.toml", "pyproject.toml", "setup.cfg"):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                table = read_config(path)
                if table is not None:
                    return path, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def read_config(path: str) -> Optional[dict]:
    """The newslint table of a config file; None when the file has no newslint section."""
    name = os.path.basename(path)
    try:
        if name.endswith(".cfg") or name.endswith(".ini"):
            return _read_cfg(path)
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError, configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    if name == "pyproject.toml":
        return data.get("tool", {}).get("newslint")
    return data


def _read_cfg(path: str) -> Optional[dict]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    if not parser.has_section("newslint"):
        return None
    table: dict = {}
    for key, value in parser.items("newslint"):
        if key in LIST_KEYS:
            table[key] = [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]
        elif key == "per-path-ignores":  # lines of "glob: CODE, CODE"
            table[key] = {}
            for line in filter(None, (l.strip() for l in value.splitlines())):
                glob, _, codes = line.rpartition(":")
                table[key][glob.strip()] = [c.strip() for c in codes.split(",") if c.strip()]
        else:
            table[key] = value.strip()
    for section in parser.sections():
        if section.startswith("newslint.rules."):
            table.setdefault("rules", {})[section[len("newslint.rules."):]] = {
                k: _toml_value(v) for k, v in parser.items(section)}
    return table


def _toml_value(text: str):
    """A setup.cfg rule option written as a TOML value; anything else is a plain string."""
    try:
        return tomllib.loads(f"value = {text.strip()}")["value"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def settings_from(table: dict, path: str) -> Settings:
    """Settings from a config table; relative pattern-file paths are relative to the file."""
    values = {}
    for key, value in table.items():
        if key not in LIST_KEYS + STRING_KEYS + TABLE_KEYS:
            near = difflib.get_close_matches(key.replace("_", "-"), LIST_KEYS + STRING_KEYS + TABLE_KEYS, 1)
            raise ConfigError(f"{path}: unknown setting {key!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
        if key in LIST_KEYS:
            value = _strings(value, path, key)
        elif key in STRING_KEYS and not isinstance(value, str):
            raise ConfigError(f"{path}: {key} must be a string")
        elif key in TABLE_KEYS:
            if not isinstance(value, dict) or not all(isinstance(v, (dict if key == "rules" else (list, str)))
                                                      for v in value.values()):
                what = "a table of rule tables" if key == "rules" else 'a table of glob = ["CODE", ...]'
                raise ConfigError(f"{path}: {key} must be {what}")
            if key == "per-path-ignores":
                value = {glob: _strings(codes, path, f"{key} {glob!r}") for glob, codes in value.items()}
        values[key.replace("-", "_")] = value
    base = os.path.dirname(os.path.abspath(path))
    values["pattern_files"] = [os.path.join(base, p) for p in values.get("pattern_files", [])]
    values["rules"] = {k: {o.replace("-", "_"): v for o, v in opts.items()}
                       for k, opts in values.get("rules", {}).items()}
    return Settings(source=path, **values)


def _strings(value, path: str, key: str) -> List[str]:
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings")
    return value


def load_settings(paths: Sequence[str], config_file: Optional[str] = None, isolated: bool = False) -> Settings:
    if isolated:
        return Settings()
    if config_file:
        if not os.path.isfile(config_file):
            raise ConfigError(f"{config_file}: no such config file")
        table = read_config(config_file)
        if table is None:
            raise ConfigError(f"{config_file}: no newslint settings in it "
                              "([tool.newslint] in pyproject.toml, [newslint] in setup.cfg)")
        return settings_from(table, config_file)
    start = next((p for p in paths if p != "-"), ".")
    found = find_config(start)
    return settings_from(found[1], found[0]) if found else Settings()
