"""Finding rules: the built-in ones in `newslint.rules` (Python modules and TOML pattern
files), third-party modules from the `newslint.rules` entry-point group, and pattern files
named in config. The registry knows no rule by name."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from importlib import metadata, resources
from types import ModuleType
from typing import Dict, Iterable, List, Mapping, Optional, Sequence

from .patterns import PatternError, PatternRule, load_pattern_file
from .problems import ENGINE_RULES
from .rule import CODE_RE, CorpusRule, DocumentRule, Rule

ENTRY_POINT_GROUP = "newslint.rules"
BUILTIN_PACKAGE = "newslint.rules"


class RegistryError(ValueError):
    pass


class RuleOptionError(RegistryError):
    """Rule options (from config) that a rule does not take or of the wrong type."""


def rule_classes(module: ModuleType) -> List[type]:
    """The rule classes a module defines: what makes a module of `rules/` or a plugin."""
    return [obj for _, obj in inspect.getmembers(module, inspect.isclass)
            if issubclass(obj, (DocumentRule, CorpusRule)) and obj.__module__ == module.__name__
            and getattr(obj, "code", "")]


class Registry:
    def __init__(self, rules: Iterable[Rule] = ()):
        self.rules: Dict[str, Rule] = {}
        self.names: Dict[str, str] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        if not CODE_RE.match(rule.code) or not rule.name:
            raise RegistryError(f"{rule.origin or rule}: a rule needs a code like B101 and a name")
        for key, table in ((rule.code, self.rules), (rule.name, self.names)):
            if key in table:
                other = self.rules[table[key]] if table is self.names else table[key]
                raise RegistryError(f"{key} is defined twice: in {other.origin} and in {rule.origin}")
        self.rules[rule.code] = rule
        self.names[rule.name] = rule.code

    def replace(self, rule: Rule) -> None:
        self.rules[rule.code] = rule

    def get(self, code_or_name: str) -> Optional[Rule]:
        key = code_or_name.strip()
        return self.rules.get(key.upper()) or self.rules.get(self.names.get(key.lower(), ""))

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: r.code))

    def __len__(self):
        return len(self.rules)


def load_registry(pattern_files: Sequence[str] = (), rule_options: Mapping[str, dict] = None,
                  plugins: bool = True) -> Registry:
    """All rules: engine, built-in, plugins, then the user's pattern files; `rule_options`
    maps a rule code or name to the options it is built with."""
    options = _options_by_code(rule_options or {})
    registry = Registry(ENGINE_RULES)
    modules: List[ModuleType] = []
    package = importlib.import_module(BUILTIN_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        modules.append(importlib.import_module(f"{BUILTIN_PACKAGE}.{info.name}"))
    pattern_sources = [(f"{BUILTIN_PACKAGE}/{entry.name}", entry.read_bytes())
                       for entry in sorted(resources.files(BUILTIN_PACKAGE).iterdir(), key=lambda e: e.name)
                       if entry.name.endswith(".toml")]
    if plugins:
        for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            try:
                modules.append(ep.load())
            except Exception as exc:
                raise RegistryError(f"plugin {ep.name} ({ep.value}) failed to load: {exc}") from exc
    extensions = []
    for path, data in pattern_sources + [(p, None) for p in pattern_files]:
        try:
            rules, extend = load_pattern_file(path, data)
        except PatternError as exc:
            raise RegistryError(str(exc)) from None
        for rule in rules:
            registry.add(rule)
        extensions.extend((path, *e) for e in extend)
    for module in modules:
        classes = rule_classes(module) if isinstance(module, ModuleType) else [module]
        for cls in classes:
            opts = options.pop(cls.code, {}) or options.pop(cls.name, {})
            try:
                rule = cls(**opts)
            except (TypeError, ValueError) as exc:
                raise (RuleOptionError if opts else RegistryError)(f"{cls.code}: {exc}") from None
            rule.origin = getattr(module, "__name__", str(module))
            registry.add(rule)
    for path, target, phrases, patterns in extensions:
        rule = registry.get(target)
        if not isinstance(rule, PatternRule):
            raise RegistryError(f"{path}: 'extend' names {target!r}, which is not a pattern rule")
        registry.replace(rule.extended(phrases, patterns, path))
    leftover = sorted(options)
    if leftover:
        raise RuleOptionError(f"options given for rule(s) that take none or do not exist: {', '.join(leftover)}")
    return registry


def _options_by_code(rule_options: Mapping[str, dict]) -> Dict[str, dict]:
    return {key.upper() if CODE_RE.match(key.upper()) else key: dict(value) for key, value in rule_options.items()}
