"""Contributed sources are hostile until proven otherwise.

Each case plants one hostile input in a copy of the corpus whose build folder
already holds a good build. `mgl build` must answer with exit 2, the file (and
line where it can know it), no traceback, within a bounded time, and without
touching the previous output or anything outside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import COMMITTED, REPO, snapshot, write

FAMILY = "variants.yaml"
# Anchors taken from the corpus's own family file, so the cases hold for any edition.
_DATA = yaml.safe_load((REPO / FAMILY).read_text(encoding="utf-8"))
VERSION_LINE = f'  version: "{_DATA["family"]["version"]}"\n'
FIRST_NAME_LINE = f"  - name: {_DATA['variants'][0]['name']}\n"
EXTRA = "clauses/06-scope/extra.md"


def fragment(body: str, *, front: str = "") -> str:
    return f"---\nid: extra\ntitle: Extra\nsection: scope\norder: 990\n{front}---\n{body}\n"


def family_text(root: Path) -> str:
    return (root / FAMILY).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Hostile:
    name: str
    plant: Callable[[Path], str]  # returns the expected location, "file" or "file:line"
    message: str


def in_body(body: str) -> Callable[[Path], str]:
    """A fragment whose body's first line holds `body`; the location is that line (front matter is 6 lines)."""

    def plant(root: Path) -> str:
        write(root, EXTRA, fragment(body))
        return f"{EXTRA}:7"

    return plant


def in_family(old: str, new: str, *, at: str | None = None) -> Callable[[Path], str]:
    """Replace `old` in variants.yaml; the location is the line of `at` (default: where `old` was)."""

    def plant(root: Path) -> str:
        text = family_text(root)
        assert old in text, f"the corpus changed: {old!r} is not in {FAMILY}"
        text = text.replace(old, new, 1)
        (root / FAMILY).write_text(text, encoding="utf-8")
        needle = at if at is not None else new.split("\n")[0]
        return f"{FAMILY}:{text[: text.index(needle)].count(chr(10)) + 1}"

    return plant


def alias_bomb(root: Path) -> str:
    lines = ["laughs:", "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(9)]
    text = family_text(root) + "\n".join(lines) + "\n"
    (root / FAMILY).write_text(text, encoding="utf-8")
    return f"{FAMILY}:{text.count(chr(10)) - 9 + 1}"


def front_matter_alias(root: Path) -> str:
    write(root, EXTRA, fragment("Text for the Licensor.", front="aliases: &x [A]\nwords: *x\n"))
    return f"{EXTRA}:7"


def deep_brackets(root: Path) -> str:
    (root / FAMILY).write_text(family_text(root) + "deep: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    return FAMILY


def nested_ifs(root: Path) -> str:
    write(root, EXTRA, fragment("{% if NC %}" * 3000 + "Text for the Licensor." + "{% endif %}" * 3000))
    return f"{EXTRA}:7"


def nested_parentheses(root: Path) -> str:
    write(root, EXTRA, fragment("Text for the Licensor.", front='when: "' + "(" * 3000 + "NC" + ")" * 3000 + '"\n'))
    return f"{EXTRA}:6"


def fifo(root: Path) -> str:
    os.mkfifo(root / EXTRA)
    return EXTRA


def nul_byte(root: Path) -> str:
    write(root, EXTRA, fragment("Text for the\0 Licensor."))
    return f"{EXTRA}:7"


def huge_fragment(root: Path) -> str:
    write(root, EXTRA, fragment("The Licensor says so. " * 60000))
    return EXTRA


def clause_folder_elsewhere(root: Path) -> str:
    outside = root.parent / "elsewhere-clauses"
    (root / "clauses").rename(outside)
    os.symlink(outside, root / "clauses", target_is_directory=True)
    return "clauses"


def colliding_id(root: Path) -> str:
    write(root, EXTRA, fragment("Text for the Licensor.").replace("id: extra", "id: section-6-1"))
    return f"{EXTRA}:2"


HOSTILE = [
    Hostile(
        "for loops",
        in_body("{% for a in 'xxxxxxxxxx' %}{% for b in 'yyyyyyyyyy' %}{% endfor %}{% endfor %}"),
        "`{% for %}` loops are not allowed",
    ),
    Hostile("chained repetition", in_body("{{ 'x' * 10000 * 10000 }}"), "arithmetic is not allowed"),
    Hostile("power tower", in_body("{{ 9 ** 9 ** 9 }}"), "arithmetic is not allowed"),
    Hostile(
        "method inflating a string", in_body("{{ 'x'.center(100000000) }}"), "calling anything but ref() is not allowed"
    ),
    Hostile(
        "replace inflating a string",
        in_body("{{ 'xx'.replace('x', 'yyyyyyyy') }}"),
        "calling anything but ref() is not allowed",
    ),
    Hostile("doubling with ~", in_body("{% set a = 'xxxx' %}{{ a ~ a ~ a }}"), "concatenation (`~`) is not allowed"),
    Hostile("assignment", in_body("{% set a = 1 %}The Licensor."), "`{% set %}` is not allowed"),
    Hostile(
        "macro recursion", in_body("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"), "`{% macro %}` is not allowed"
    ),
    Hostile("unknown filter", in_body("{{ NC|no_such_filter }}"), "filters (`|name`) are not allowed"),
    Hostile("random filter", in_body("{{ [1, 2]|random }}"), "filters (`|name`) are not allowed"),
    Hostile("bare ref", in_body("{{ ref }} for the Licensor."), "`ref` without a call is not allowed"),
    Hostile("a mapping printed", in_body("The Licensor {{ variant }}."), "cannot print a dict"),
    Hostile("3,000 nested ifs", nested_ifs, "nested too deeply"),
    Hostile("3,000 nested parentheses", nested_parentheses, "nested too deeply"),
    Hostile("YAML alias bomb in the family file", alias_bomb, "YAML aliases (*a) are not supported"),
    Hostile("YAML alias in front matter", front_matter_alias, "YAML aliases (*x) are not supported"),
    Hostile("20,000 nested brackets", deep_brackets, "YAML nested more than 32 levels deep"),
    Hostile(
        "impossible date",
        in_family(VERSION_LINE, VERSION_LINE + "  released: 2024-13-45\n", at="released"),
        "YAML value cannot be read",
    ),
    Hostile("a FIFO as a clause", fifo, "not a regular file"),
    Hostile("a NUL byte", nul_byte, "contains a NUL byte"),
    Hostile("a 1.3 MB fragment", huge_fragment, "larger than 1024 KiB"),
    Hostile("clauses/ linked out of the tree", clause_folder_elsewhere, "refusing a clause folder that is a link"),
    Hostile(
        "variant name with ../",
        in_family(FIRST_NAME_LINE, "  - name: ../../escaped\n", at="../../escaped"),
        "cannot be part of an identifier",
    ),
    Hostile(
        "variant name with /",
        in_family(FIRST_NAME_LINE, "  - name: /tmp/escaped\n", at="/tmp/escaped"),
        "cannot be part of an identifier",
    ),
    Hostile(
        "version with ../",
        in_family(VERSION_LINE, VERSION_LINE.replace('"', '"../', 1)),
        "cannot be part of an identifier",
    ),
    Hostile("clause id that is a generated anchor", colliding_id, "is also a generated anchor"),
]


@pytest.mark.parametrize("command", ["build", "lint"])
@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_hostile_sources_are_refused_cleanly(case: Hostile, command: str, built: Path) -> None:
    root = built
    outside_before = snapshot(root.parent)
    location = case.plant(root)
    # In a subprocess with a time limit: a hang is a failure, not a stuck suite.
    result = subprocess.run(
        [sys.executable, "-m", "clausekit", command, "--root", str(root), *(COMMITTED if command == "build" else ())],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert case.message in result.stderr, result.stderr
    assert f"{location}:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    after = snapshot(root.parent)
    changed = {p for p in set(after) | set(outside_before) if after.get(p) != outside_before.get(p)}
    sources = {
        p
        for p in changed
        if p.startswith(f"{root.name}/clauses/") or p == f"{root.name}/{FAMILY}" or p.startswith("elsewhere-clauses/")
    }
    assert changed == sources, f"the failed build changed {sorted(changed - sources)}"
