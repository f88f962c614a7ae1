"""Check the fragments against the family and compile them, once per build.

These checks need no variant: ids are unique, every section, parent and ref()
exists, templates and conditions parse and only use known names.

A fragment that fails its own checks is replaced by a stand-in with the same place
(id, section, parent, order, and its condition when that compiled), so assembly can
go on and the other fragments are still checked without noise about the missing one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.document.templating import (
    CompiledFragment,
    CompiledLibrary,
    Names,
    compile_condition,
    compile_fragment,
    make_environment,
)
from clausekit.sources.types import Library

STAND_IN_TEXT = "(this clause has problems reported above)"


def compile_library(library: Library, *, complete: bool = True) -> Checked[CompiledLibrary]:
    """Compile every fragment; the library is returned even with problems, with stand-ins for broken fragments.

    `complete` is False when some fragment files could not be loaded: a reference to
    a clause that does not exist may then name one of them, so it is not reported.
    """
    family = library.family
    problems: list[Diagnostic] = []
    fragments = library.fragments
    by_id = {f.id: f for f in fragments}
    section_ids = {s.id for s in family.outline}

    for fragment_id, count in Counter(f.id for f in fragments).items():
        if count > 1:
            files = sorted(f.file for f in fragments if f.id == fragment_id)
            for f in fragments:
                if f.id == fragment_id:
                    problems.append(
                        Diagnostic(
                            f.file,
                            f.line_of("id"),
                            f"clause id {fragment_id!r} is used {count} times ({', '.join(files)})",
                            "give each fragment its own id",
                        )
                    )
    for f in fragments:
        if f.id in section_ids:
            problems.append(
                Diagnostic(
                    f.file,
                    f.line_of("id"),
                    f"clause id {f.id!r} is also the id of an outline section",
                    "rename the clause: ref() must know which one is meant",
                )
            )
        if f.section is not None and f.section not in section_ids:
            problems.append(
                Diagnostic(
                    f.file,
                    f.line_of("section"),
                    f"unknown section {f.section!r}",
                    f"use one of the outline ids in {family.file}: {', '.join(sorted(section_ids))}",
                )
            )
        if f.parent is not None:
            parent = by_id.get(f.parent)
            if parent is None and complete:
                problems.append(
                    Diagnostic(
                        f.file,
                        f.line_of("parent"),
                        f"unknown parent clause {f.parent!r}",
                        "name the id of an existing clause",
                    )
                )
            elif parent is not None and (parent.parent is not None or parent.id == f.id):
                problems.append(
                    Diagnostic(
                        f.file,
                        f.line_of("parent"),
                        f"parent {f.parent!r} is itself a sub-item; clauses nest one level deep",
                        "attach this clause to a top-level clause",
                    )
                )
    terms = Counter(term for f in fragments for term in ((f.term, *f.aliases) if f.term else ()))
    for f in fragments:
        for term in ((f.term, *f.aliases)) if f.term else ():
            if terms[term] > 1:
                problems.append(
                    Diagnostic(
                        f.file,
                        f.line_of("term"),
                        f"the term {term!r} is defined more than once",
                        "keep one definition per term (use `when:` to choose between wordings)",
                    )
                )
    for option in family.options:
        for fragment_id in option.clauses:
            if fragment_id not in by_id and complete:
                problems.append(
                    Diagnostic(
                        family.file,
                        option.line,
                        f"option {option.code!r} requires clause {fragment_id!r}, which does not exist",
                        "fix the id in the option's `clauses:` list or add the fragment",
                    )
                )

    rows = {r.id for r in family.sheet.rows} if family.sheet else set()
    for f in fragments:
        for item in f.establishes:
            if item.row not in rows:
                known = ", ".join(sorted(rows)) or "(the family declares no sheet)"
                problems.append(
                    Diagnostic(
                        f.file,
                        item.line,
                        f"unknown sheet row {item.row!r} in `establishes:`",
                        f"use a row id from the family's `sheet:`: {known}",
                    )
                )

    env = make_environment()
    names = Names.of(family)
    section_conditions: dict[str, Callable[..., Any]] = {}
    for section in family.outline:
        if section.when is not None:
            condition = compile_condition(env, section.when, family.file, section.line, names)
            problems.extend(condition.problems)
            if condition.value is not None:
                section_conditions[section.id] = condition.value
    badge_conditions: list[tuple[Callable[..., Any], str]] = []
    for entry in family.addresses.badge_colours if family.addresses else ():
        condition = compile_condition(env, entry.when, family.file, entry.line, names)
        problems.extend(condition.problems)
        if condition.value is not None:
            badge_conditions.append((condition.value, entry.colour))
    compiled: list[CompiledFragment] = []
    stand_in = env.from_string(STAND_IN_TEXT)
    for fragment in fragments:
        result = compile_fragment(env, fragment, names)
        problems.extend(result.problems)
        if result.value is None:
            when = compile_condition(env, fragment.when, fragment.file, 0, names) if fragment.when else None
            compiled.append(CompiledFragment(fragment, stand_in, when.value if when else None, ()))
            continue
        compiled.append(result.value)
        for use in result.value.refs:
            if use.target not in by_id and use.target not in section_ids and complete:
                problems.append(
                    Diagnostic(
                        fragment.file,
                        use.line,
                        f"ref({use.target!r}) names no clause or section",
                        "use the `id:` of an existing clause or an outline section id",
                    )
                )
    return Checked(
        CompiledLibrary(family, tuple(compiled), section_conditions, library.stale, tuple(badge_conditions)),
        tuple(problems),
    )
