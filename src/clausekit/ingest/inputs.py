"""The inputs of an import: files to variants (name, version, options), refused with a reason when unusable.

By default a variant's options are its name's dash-separated parts after the first
(`MG-BY-NC` has BY and NC, `MG0` none); `--options FILE` (YAML: identifier to a list of
option codes) says otherwise. Every refusal names the file it is about.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.ingest.paragraphs import paragraph_words
from clausekit.ingest.plan import FORBIDDEN_IN_NAMES, VariantText
from clausekit.ingest.read import Source, read_source
from clausekit.sources.yamlfile import parse_yaml

CODE = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
VERSION = re.compile(r"[0-9][A-Za-z0-9.]*\Z")


@dataclass(frozen=True)
class Inputs:
    family: str
    version: str
    codes: tuple[str, ...]  # in order of first use
    texts: tuple[VariantText, ...]
    names: tuple[str, ...] = ()  # options that stand for one variant each: its options could not tell it apart


def gather(paths: Sequence[Path], options_file: Path | None, name: str | None, version: str | None) -> Checked[Inputs]:
    problems: list[Diagnostic] = []
    sources: list[Source] = []
    for path in paths:
        read = read_source(path)
        problems += read.problems
        if read.value is not None:
            sources.append(read.value)
    seen: dict[str, Source] = {}
    for source in sources:
        twin = seen.setdefault(source.identifier, source)
        if twin is not source:
            problems.append(
                Diagnostic(
                    source.file,
                    None,
                    f"names the same variant {source.identifier} as {twin.file}",
                    "give one file per variant",
                )
            )
    if problems:
        return Checked(None, tuple(problems))
    split = [_split(s, version) for s in sources]
    problems += [p for s in split for p in s.problems]
    if problems:
        return Checked(None, tuple(problems))
    named = [s.value for s in split if s.value is not None]
    versions = {v for _, v in named}
    if len(versions) > 1:
        return _fail(
            sources[0].file,
            f"the files name several versions: {', '.join(sorted(versions))}",
            "import one edition at a time, or give --version",
        )
    family = name or _family_name([n for n, _ in named])
    if not family or set(family) & FORBIDDEN_IN_NAMES:
        return _fail(sources[0].file, f"cannot use {family!r} as the family's name", "give --name NAME")
    chosen = _options(options_file, sources, [n for n, _ in named], family)
    if chosen.value is None:
        return Checked(None, chosen.problems)
    options = chosen.value
    codes: list[str] = []
    for source in sources:
        codes += [c for c in options[source.identifier] if c not in codes]
    texts = tuple(
        VariantText(
            source.file,
            variant_name,
            source.identifier,
            frozenset(options[source.identifier]),
            source.text,
            source.markdown,
        )
        for source, (variant_name, _) in zip(sources, named, strict=True)
    )
    problems += _unshared(texts)
    if problems:
        return Checked(None, tuple(problems))
    texts, names = _separate(texts, codes)
    return Checked(Inputs(family, versions.pop(), tuple(codes) + names, texts, names))


def _fail(file: str, message: str, hint: str) -> Checked[Inputs]:
    return Checked(None, (Diagnostic(file, None, message, hint),))


def _split(source: Source, version: str | None) -> Checked[tuple[str, str]]:
    """`MG-BY-NC-2.0` -> (`MG-BY-NC`, `2.0`)."""
    identifier = source.identifier
    if version is not None:
        if not identifier.endswith(f"-{version}") or len(identifier) <= len(version) + 1:
            return Checked(
                None,
                (
                    Diagnostic(
                        source.file, None, f"the file name does not end with -{version}", "name it <NAME>-<VERSION>.txt"
                    ),
                ),
            )
        return Checked((identifier[: -len(version) - 1], version))
    name, _, found = identifier.rpartition("-")
    if not name or not VERSION.match(found):
        return Checked(
            None,
            (
                Diagnostic(
                    source.file,
                    None,
                    f"the file name {identifier!r} does not end with a version",
                    "name it <NAME>-<VERSION>.txt, e.g. MG-BY-NC-2.0.txt, or give --version",
                ),
            ),
        )
    return Checked((name, found))


def _family_name(names: list[str]) -> str:
    """The common beginning of the names' first parts: MG from MG0, MG-BY, MG-BY-NC."""
    firsts = [n.split("-")[0] for n in names]
    prefix = firsts[0]
    for first in firsts[1:]:
        while not first.startswith(prefix):
            prefix = prefix[:-1]
    return prefix.rstrip("0123456789._") or firsts[0]


def _options(
    options_file: Path | None, sources: list[Source], names: list[str], family: str
) -> Checked[dict[str, list[str]]]:
    from_names = {s.identifier: n.split("-")[1:] for s, n in zip(sources, names, strict=True)}
    if options_file is None:
        bad = [(s, c) for s in sources for c in from_names[s.identifier] if not CODE.match(c)]
        if bad:
            source, code = bad[0]
            return Checked(
                None,
                (
                    Diagnostic(
                        source.file, None, f"{code!r} in the file name is not an option code", "give --options FILE"
                    ),
                ),
            )
        return Checked(from_names)
    file = str(options_file)
    try:
        text = options_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return Checked(None, (Diagnostic(file, None, f"cannot be read: {err}", "give a UTF-8 YAML file"),))
    parsed = parse_yaml(text, file)
    if parsed.value is None:
        return Checked(None, parsed.problems)
    data = parsed.value.value
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(c, str) and CODE.match(c) for c in v) for v in data.values()
    ):
        return Checked(
            None,
            (
                Diagnostic(
                    file,
                    None,
                    "is not a mapping of variant identifiers to lists of option codes",
                    "write e.g. `MG-BY-NC-2.0: [BY, NC]`",
                ),
            ),
        )
    mapping = {str(k): list(v) for k, v in data.items()}
    known = {c for codes in mapping.values() for c in codes}
    problems = []
    identifiers = {s.identifier for s in sources}
    for source in sources:
        if source.identifier not in mapping:
            problems.append(
                Diagnostic(
                    source.file,
                    None,
                    f"{source.identifier} is not in {file}",
                    f"add `{source.identifier}: [...]` to {file}",
                )
            )
        unknown = [c for c in from_names[source.identifier] if c not in known]
        if unknown and source.identifier in mapping:
            problems.append(
                Diagnostic(
                    source.file,
                    None,
                    f"the file name names option {unknown[0]!r}, which {file} gives no variant",
                    f"give the variant its options in {file}, or rename the file",
                )
            )
    for identifier in mapping:
        if identifier not in identifiers:
            problems.append(Diagnostic(file, None, f"{identifier} names no input file", "remove it, or give its text"))
    return Checked(None, tuple(problems)) if problems else Checked(mapping)


def _separate(texts: tuple[VariantText, ...], codes: list[str]) -> tuple[tuple[VariantText, ...], tuple[str, ...]]:
    """Variants whose options are the same get one more option each, named after the variant.

    A family cannot hold two variants with the same options (lint refuses it), and no
    condition over options could tell them apart. The added options are the fallback
    the report calls name lists: a condition that uses one selects variants by name.
    """
    groups: dict[frozenset[str], list[VariantText]] = {}
    for text in texts:
        groups.setdefault(text.options, []).append(text)
    names: dict[str, str] = {}
    taken = set(codes)
    for group in groups.values():
        if len(group) < 2:
            continue
        for text in group:
            base = "V" + re.sub(r"[^A-Za-z0-9]", "", text.name).upper()
            code, n = base, 2
            while code in taken:
                code, n = f"{base}{n}", n + 1
            taken.add(code)
            names[text.id] = code
    separated = tuple(dataclasses.replace(t, options=t.options | {names[t.id]}) if t.id in names else t for t in texts)
    return separated, tuple(names[t.id] for t in texts if t.id in names)


def _unshared(texts: tuple[VariantText, ...]) -> list[Diagnostic]:
    """A text that shares no paragraph with any other is not a variant of the same family."""
    if len(texts) < 2:
        return []
    paragraphs = [set(paragraph_words(t.text, t.markdown)) for t in texts]
    problems = []
    for index, text in enumerate(texts):
        others = set().union(*(p for k, p in enumerate(paragraphs) if k != index))
        if not paragraphs[index] & others:
            problems.append(
                Diagnostic(
                    text.file,
                    None,
                    "shares no paragraph with the other texts",
                    "import only variants of one family: their texts share most of their paragraphs",
                )
            )
    return problems
