"""Assemble one `Document` per variant from compiled fragments.

Selection and numbering depend only on options and facts, never on rendered text,
so numbers are known before any fragment renders and `ref()` can resolve in a
single pass. Problems become Diagnostics (with the variant named) so that lint can
report every variant's problems at once; the document comes back with them, so that
later checks can still read what assembled.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt

from clausekit.diagnostics import Checked, Diagnostic
from clausekit.document.blocks import Unsupported, parse_blocks
from clausekit.document.sheet import compute_sheet
from clausekit.document.templating import CompiledFragment, CompiledLibrary, render_error
from clausekit.document.types import Block, Clause, Document, Section, number_anchor
from clausekit.sources.types import Family, OutlineSection, Variant


@dataclass(frozen=True)
class Placed:
    """A fragment selected for a variant, with its final number."""

    compiled: CompiledFragment
    number: str | None
    children: tuple[Placed, ...]


class UnresolvedReference(Exception):
    pass


def condition_context(family: Family, variant: Variant) -> dict[str, Any]:
    context: dict[str, Any] = family.condition_names(variant)
    context.update(variant.facts)
    return context


def assemble(
    library: CompiledLibrary, variant: Variant, parser: MarkdownIt, parsed: dict[str, tuple[Block, ...]]
) -> Checked[Document]:
    """Build one variant's document, even when it has problems. `parsed` memoises Markdown parses across variants of one build."""
    family = library.family
    problems: list[Diagnostic] = []
    context = condition_context(family, variant)
    sections = [s for s in family.outline if _section_present(library, s, context)]
    selected = [c for c in library.fragments if c.condition is None or _selected(c, context, variant, problems)]
    layout = _layout(family, sections, selected, variant, problems)
    labels = _labels(layout, family)

    def ref(target: str) -> str:
        if target not in labels:
            raise UnresolvedReference(target)
        return labels[target].reference

    render_context = {
        **context,
        "variant": {"id": variant.id, "name": variant.name, "title": variant.title, "options": list(variant.options)},
        "family": {"name": family.name, "version": family.version},
        "ref": ref,
    }

    def build(placed: Placed) -> Clause:
        fragment = placed.compiled.fragment
        blocks: tuple[Block, ...] = ()
        try:
            markdown = placed.compiled.template.render(render_context)
        except UnresolvedReference as err:
            problems.append(_unresolved(err, placed, variant))
        except Exception as err:  # any failure inside a contributed template is a source problem
            problems.append(render_error(err, fragment, variant.id))
        else:
            blocks = _blocks(markdown, placed, variant, parser, parsed, problems)
        return Clause(
            fragment.id,
            placed.number,
            fragment.title,
            fragment.term,
            blocks,
            tuple(build(c) for c in placed.children),
            fragment.file,
            labels[fragment.id].reference,
            labels[fragment.id].anchor,
            fragment.id in library.stale,
        )

    def section(outline: OutlineSection, placed: tuple[Placed, ...]) -> Section:
        label = labels[outline.id]
        return Section(
            outline.id,
            outline.number,
            outline.label,
            outline.title,
            outline.layout,
            tuple(build(p) for p in placed),
            label.source,
            label.reference,
            label.anchor,
            family.labels("{reference}.", reference=label.reference) if outline.number is not None else None,
            outline.heading,
        )

    sections_built = tuple(section(s, placed) for s, placed in layout)
    stale = any(clause.stale for s in sections_built for clause in _all_clauses(s.clauses))
    document = Document(
        variant_id=variant.id,
        variant_name=variant.name,
        title=variant.title,
        family=family.name,
        version=family.version,
        options=tuple((o.code, o.name) for o in family.options if variant.has(o.code)),
        meanings=tuple((o.code, o.meaning) for o in family.options if variant.has(o.code)),
        publish=family.publish,
        facts=dict(variant.facts),  # a plain dict: documents cross process boundaries (pickle)
        sections=sections_built,
        sheet=compute_sheet(family, variant),
        status=family.status,
        lifecycle=family.lifecycle_of(variant),
        language=family.language,
        labels=family.labels,
        notices=(*family.notices, *((family.stale_notice,) if stale else ())),
        stale_notice=family.stale_notice if stale else "",
        url=family.addresses.url_of(variant) if family.addresses else None,
        url_in_text=family.addresses is not None and family.addresses.in_text,
        badge_colour=_badge_colour(library, context),
        layout=family.layout,
    )
    return Checked(document, tuple(problems))


def _all_clauses(clauses: tuple[Clause, ...]) -> list[Clause]:
    return [c for clause in clauses for c in (clause, *_all_clauses(clause.children))]


def _badge_colour(library: CompiledLibrary, context: Mapping[str, Any]) -> str | None:
    """The colour of the first `badge_colours` entry that holds, else the default; None without addresses."""
    addresses = library.family.addresses
    if addresses is None:
        return None
    return next(
        (colour for condition, colour in library.badge_conditions if condition(**context)), addresses.badge_colour
    )


def _section_present(library: CompiledLibrary, section: OutlineSection, context: Mapping[str, Any]) -> bool:
    condition = library.section_conditions.get(section.id)
    return condition is None or bool(condition(**context))


def _selected(
    compiled: CompiledFragment, context: Mapping[str, Any], variant: Variant, problems: list[Diagnostic]
) -> bool:
    assert compiled.condition is not None
    fragment = compiled.fragment
    try:
        return bool(compiled.condition(**context))
    except Exception as err:  # e.g. comparing a boolean fact with a number
        problems.append(
            Diagnostic(
                fragment.file,
                fragment.line_of("when"),
                f"cannot evaluate the condition {fragment.when!r}: {err}",
                "write a condition over option codes and facts",
                (variant.id,),
            )
        )
        return False


def _layout(
    family: Family,
    sections: list[OutlineSection],
    selected: list[CompiledFragment],
    variant: Variant,
    problems: list[Diagnostic],
) -> list[tuple[OutlineSection, tuple[Placed, ...]]]:
    present = {s.id for s in sections}
    by_id = {c.fragment.id: c for c in selected}
    children: dict[str, list[CompiledFragment]] = {}
    tops: dict[str, list[CompiledFragment]] = {s.id: [] for s in sections}
    for compiled in selected:
        fragment = compiled.fragment
        if fragment.parent is not None:
            if fragment.parent in by_id:
                children.setdefault(fragment.parent, []).append(compiled)
            else:
                problems.append(
                    Diagnostic(
                        fragment.file,
                        fragment.line_of("parent"),
                        f"clause {fragment.id!r} is selected but its parent {fragment.parent!r} is not",
                        f"make the `when:` of {fragment.id!r} imply the parent's condition",
                        (variant.id,),
                    )
                )
        elif fragment.section in present:
            tops[fragment.section].append(compiled)
    layout = []
    for section in sections:
        placed = _number(section.number, _ordered(tops[section.id], variant, problems), children, variant, problems)
        if not placed:
            problems.append(
                Diagnostic(
                    family.file,
                    section.line,
                    f"section {section.id!r} has no clauses in this variant",
                    "select at least one clause for it or give the section a `when:` condition",
                    (variant.id,),
                )
            )
        layout.append((section, placed))
    return layout


def _ordered(items: list[CompiledFragment], variant: Variant, problems: list[Diagnostic]) -> list[CompiledFragment]:
    items = sorted(items, key=lambda c: (c.fragment.order, c.fragment.id))
    for first, second in itertools.pairwise(items):
        if first.fragment.order == second.fragment.order:
            f, s = first.fragment, second.fragment
            problems.append(
                Diagnostic(
                    s.file,
                    s.line_of("order"),
                    f"clauses {f.id!r} and {s.id!r} both have order {s.order} in the same place",
                    "give one of them another `order:` so their sequence is not left to chance",
                    (variant.id,),
                )
            )
    return items


def _number(
    prefix: str | None,
    items: list[CompiledFragment],
    children: Mapping[str, list[CompiledFragment]],
    variant: Variant,
    problems: list[Diagnostic],
) -> tuple[Placed, ...]:
    placed = []
    for index, compiled in enumerate(items, start=1):
        number = f"{prefix}.{index}" if prefix is not None else None
        kids = _ordered(children.get(compiled.fragment.id, []), variant, problems)
        placed.append(Placed(compiled, number, _number(number, kids, {}, variant, problems)))
    return tuple(placed)


@dataclass(frozen=True)
class Label:
    """How one section or clause is named and found: the only place these are worked out."""

    reference: str  # what ref() renders
    anchor: str  # the HTML anchor
    source: str  # the file that declares it


def _labels(layout: list[tuple[OutlineSection, tuple[Placed, ...]]], family: Family) -> dict[str, Label]:
    """How ref() names each section and clause present in this variant, and its anchor.

    A number is named by the family's pattern for the section's label ("Section 2.4",
    "第2.4条"); an unnumbered part by its title, in the family's words.
    """
    labels: dict[str, Label] = {}
    words = family.labels

    def add(placed: Placed, section: OutlineSection) -> None:
        fragment = placed.compiled.fragment
        if placed.number:
            named = family.reference(section.label, placed.number)
            labels[fragment.id] = Label(named, number_anchor(placed.number), fragment.file)
        else:
            named = words('"{title}"', title=fragment.title)
            labels[fragment.id] = Label(named, f"{fragment.id}-heading", fragment.file)
        for child in placed.children:
            add(child, section)

    for section, placed in layout:
        if section.number:
            named = family.reference(section.label, section.number)
            labels[section.id] = Label(named, number_anchor(section.number), family.file)
        else:
            labels[section.id] = Label(words("the {title}", title=section.title), section.id, family.file)
        for p in placed:
            add(p, section)
    return labels


def _unresolved(err: UnresolvedReference, placed: Placed, variant: Variant) -> Diagnostic:
    compiled = placed.compiled
    target = str(err.args[0])
    line = next((r.line for r in compiled.refs if r.target == target), compiled.fragment.body_line)
    return Diagnostic(
        compiled.fragment.file,
        line,
        f"ref({target!r}) points to a clause that this variant does not contain",
        "guard the reference with the same condition as its target, e.g. {% if RAI %}...{% endif %}",
        (variant.id,),
    )


def _blocks(
    markdown: str,
    placed: Placed,
    variant: Variant,
    parser: MarkdownIt,
    parsed: dict[str, tuple[Block, ...]],
    problems: list[Diagnostic],
) -> tuple[Block, ...]:
    fragment = placed.compiled.fragment
    if not markdown.strip():
        problems.append(
            Diagnostic(
                fragment.file,
                fragment.line_of("id"),
                f"clause {fragment.id!r} renders to nothing",
                "narrow its `when:` so it is not selected where its body is empty",
                (variant.id,),
            )
        )
        return ()
    if markdown not in parsed:
        try:
            parsed[markdown] = parse_blocks(parser, markdown)
        except Unsupported as err:
            problems.append(
                Diagnostic(
                    fragment.file,
                    fragment.body_line + err.line - 1,
                    f"{err.construct} is not supported in clause text",
                    "use paragraphs, lists, *emphasis* and **strong** only",
                    (variant.id,),
                )
            )
            return ()
    return parsed[markdown]
