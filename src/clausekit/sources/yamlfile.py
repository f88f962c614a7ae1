"""YAML that remembers where each value came from.

PyYAML's plain `safe_load` forgets line numbers and silently keeps the last of two
duplicate keys; a maintainer needs both reported. `parse_yaml` returns the plain
value plus a map from each key path to its line, and a `YamlReader` reads its
mappings against the tables of `clausekit.sources.schema`, collecting a
`Diagnostic` for every problem and handing them back in a `Checked`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any, TypeVar

import yaml

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.sources.files import read_source
from clausekit.sources.schema import Table

Path = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class YamlDocument:
    value: Any
    lines: Mapping[Path, int]
    file: str
    first_line: int = 1

    def line(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path] + self.first_line - 1
            path = path[:-1]
        return self.first_line


# libyaml's parser when PyYAML has it (about five times faster: a build reads a hundred files),
# the pure-Python one otherwise; both give the same events, nodes and line marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(root: FilePath, relative: str) -> Checked[YamlDocument]:
    """The YAML file `relative` under `root`, read within the source limits and parsed; problems name it."""
    source = read_source(root, relative)
    if source.value is None:
        return Checked(None, source.problems)
    return parse_yaml(source.value.text, source.value.file)


def parse_yaml(text: str, file: str, first_line: int = 1) -> Checked[YamlDocument]:
    """Parse one YAML document; a syntax error or duplicate key becomes the one problem."""
    found = _parse(text, file, first_line)
    return Checked.failed(found) if isinstance(found, Diagnostic) else Checked(found)


def _parse(text: str, file: str, first_line: int) -> YamlDocument | Diagnostic:
    """Parse one YAML document; a syntax error or duplicate key becomes a Diagnostic."""
    try:
        refused = _check_shape(text, file, first_line)
        if refused is not None:
            return refused
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + first_line) if mark else first_line
        problem = err.problem or err.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml's own limit, met before the depth check counts that far
            return Diagnostic(file, line, f"YAML nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        return Diagnostic(
            file, line, f"YAML syntax error: {problem}", "check indentation, colons and quoting on this line"
        )
    except yaml.YAMLError as err:
        return Diagnostic(file, first_line, f"YAML error: {err}", "fix the YAML syntax")
    if node is None:
        return YamlDocument({}, {}, file, first_line)
    lines: dict[Path, int] = {}
    duplicate = _record_lines(node, (), lines)
    if duplicate is not None:
        key, line = duplicate
        return Diagnostic(
            file, line + first_line - 1, f"duplicate key {key!r}", "remove or rename one of the two entries"
        )
    try:
        value = yaml.SafeLoader("").construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:  # a date such as 2024-13-45
        culprit = _unreadable_scalar(node)
        where = culprit + first_line - 1 if culprit else first_line
        return Diagnostic(file, where, f"YAML value cannot be read: {err}", "quote the value to keep it as text")
    return YamlDocument(value, lines, file, first_line)


MAX_DEPTH = 32  # the family file needs 5 levels; this bounds work and recursion for hostile files


def _check_shape(text: str, file: str, first_line: int) -> Diagnostic | None:
    """Refuse aliases and deep nesting before building anything, in one streaming pass.

    An alias lets a few lines expand into billions of entries ("billion laughs"), and deep
    nesting exhausts the recursion of the composer; the sources need neither.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + first_line if event.start_mark else first_line
        if isinstance(event, yaml.AliasEvent):
            return Diagnostic(
                file, line, f"YAML aliases (*{event.anchor}) are not supported", "write the value out in full"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Diagnostic(file, line, f"YAML nested more than {MAX_DEPTH} levels deep", "flatten the structure")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _unreadable_scalar(node: yaml.Node) -> int | None:
    """The line of the first scalar PyYAML cannot turn into a value, to point at it."""
    loader = yaml.SafeLoader("")
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                loader.construct_object(current)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                return int(current.start_mark.line) + 1
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            pending.extend(n for pair in reversed(current.value) for n in reversed(pair))
    return None


def _record_lines(node: yaml.Node, path: Path, lines: dict[Path, int]) -> tuple[str, int] | None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                return key, key_node.start_mark.line + 1
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            found = _record_lines(value_node, (*path, key), lines)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _record_lines(item, (*path, index), lines)
            if found:
                return found
    return None


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


class YamlReader:
    """Reads one parsed document; every `Fields` it makes records its problems here.

    The problems stay inside the reader until `checked` hands them back with the value.
    """

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self._problems: list[Diagnostic] = []

    def fields(self, path: Path, table: Table, what: str | None = None) -> Fields:
        return Fields(self, path, table, what)

    def error(self, path: Path, message: str, hint: str) -> None:
        self._problems.append(Diagnostic(self.doc.file, self.doc.line(path), message, hint))

    @property
    def count(self) -> int:
        """How many problems so far: a caller compares counts to tell which entry was broken."""
        return len(self._problems)

    def partial(self, value: T | None) -> Checked[T]:
        """The value read so far (the caller left out what was broken) with every problem found."""
        return Checked(value, tuple(self._problems))

    def checked(self, value: T | None) -> Checked[T]:
        """The value read, or None when something was wrong, with every problem found."""
        problems = tuple(self._problems)
        return Checked(None if problems else value, problems)


class Fields:
    """Reads the keys of one YAML mapping, as its schema table declares them.

    Each accessor returns the value, or None after recording a Diagnostic, so the
    caller can keep reading and report every problem of a file in one run. Unknown
    keys are reported as soon as the mapping is opened.
    """

    def __init__(self, reader: YamlReader, path: Path, table: Table, what: str | None = None) -> None:
        self.reader = reader
        self.doc = reader.doc
        self.path = path
        self.table = table
        self.what = what or table.what
        value = _get(self.doc.value, path)
        self.ok = isinstance(value, dict)
        self.data: dict[str, Any] = value if isinstance(value, dict) else {}
        if not self.ok:
            self.error(
                path,
                f"{self.what} must be a mapping of keys to values, found {describe(value)}",
                "write it as `key: value` lines",
            )
        elif table.keys:
            self._only(table.names())

    def line(self, key: str | None = None) -> int:
        return self.doc.line(self.path + ((key,) if key is not None else ()))

    def error(self, path: Path, message: str, hint: str) -> None:
        self.reader.error(path, message, hint)

    def _only(self, allowed: tuple[str, ...]) -> None:
        """Reject unknown keys: a misspelt key must not be silently ignored."""
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                guess = f"did you mean {close[0]!r}? " if close else ""
                self.error(
                    (*self.path, key),
                    f"unknown key {key!r} in {self.what}",
                    f"{guess}use one of: {', '.join(sorted(allowed))}",
                )

    def _required(self, key: str, required: bool | None) -> bool:
        if required is not None:
            return required
        spec = self.table.key(key)
        if spec.required_unless is not None:
            return spec.required_unless not in self.data
        if spec.required_with is not None:
            return spec.required_with in self.data
        return spec.required

    def get(
        self,
        key: str,
        check: Callable[[Any], T | None],
        expected: str,
        *,
        required: bool | None = None,
        default: T | None = None,
    ) -> T | None:
        """The value of `key`, required as the schema says unless `required` overrides it."""
        if key not in self.data:
            if self._required(key, required):
                self.error(self.path, f"{self.what} lacks the required key {key!r}", f"add `{key}: <{expected}>`")
            return default
        value = check(self.data[key])
        if value is None:
            self.error(
                (*self.path, key),
                f"{key!r} in {self.what} must be {expected}, found {describe(self.data[key])}",
                f"write {key!r} as {expected}",
            )
        return value

    def text(self, key: str, *, required: bool | None = None) -> str | None:
        default = self.table.key(key).default if self.table.keys else None
        return self.get(
            key,
            _as_text,
            "a non-empty string",
            required=required,
            default=default if isinstance(default, str) else None,
        )

    def verbatim(self, key: str) -> str | None:
        """A string kept exactly as written: a label's spaces (", ", " and ") are part of it."""
        return self.get(key, _as_verbatim, "a non-empty string")

    def texts(self, key: str, *, required: bool | None = None) -> tuple[str, ...] | None:
        return self.get(key, _as_texts, "a list of strings", required=required)

    def integer(self, key: str, *, required: bool | None = None) -> int | None:
        return self.get(key, _as_int, "a whole number", required=required)

    def flag(self, key: str) -> bool:
        default = self.table.key(key).default is True
        value = self.get(key, _as_bool, "true or false", required=False, default=default)
        return default if value is None else value

    def items(self, key: str) -> list[Path]:
        """Paths of the entries of a list-valued key (an error when it is not a list)."""
        value = self.data.get(key)
        if key not in self.data:
            if self._required(key, None):
                self.error(
                    self.path, f"{self.what} lacks the required key {key!r}", f"add `{key}:` with a list of entries"
                )
            return []
        if not isinstance(value, list):
            self.error(
                (*self.path, key), f"{key!r} must be a list, found {describe(value)}", "write one `- ` entry per line"
            )
            return []
        return [(*self.path, key, i) for i in range(len(value))]


def _get(value: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _as_text(value: Any) -> str | None:
    # Integers read as text (`version: 2`); floats do not, since 2.10 would read as 2.1.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _as_verbatim(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _as_texts(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    texts = [_as_text(v) for v in value]
    return tuple(t for t in texts if t is not None) if all(t is not None for t in texts) else None


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None
