"""The model sheet and the license text must say the same thing.

Clauses name the sheet rows they establish (`establishes:` in their front matter).
For every variant, with row answer A and default D:

- a row that says yes (or a qualified answer) must be established by a clause
  the variant contains; a row that follows a fact must always be;
- a row an option changes (A differs from D) must be established by one of the
  variant's option clauses, the text that makes the change;
- an option clause must not establish a row the sheet leaves at its default, and
  a general clause must not establish a "no" that nothing changed: in both cases
  the clause claims something the sheet does not show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from clausekit.diagnostics import Diagnostic
from clausekit.document.assemble import condition_context
from clausekit.document.sheet import changed_by, contributions
from clausekit.document.templating import CompiledLibrary
from clausekit.document.types import Document
from clausekit.sources.types import Answer, Family

NO = Answer(False)


def check_sheet_spec(family: Family) -> list[Diagnostic]:
    spec = family.sheet
    problems: list[Diagnostic] = []
    if spec is None:
        return problems
    file = family.file
    facts = {f.name: f for f in family.facts}
    rows = {r.id for r in spec.rows}
    for row_id, count in Counter(r.id for r in spec.rows).items():
        if count > 1:
            line = next(r.line for r in spec.rows if r.id == row_id)
            problems.append(
                Diagnostic(file, line, f"sheet row {row_id!r} is declared {count} times", "give each row its own id")
            )
    for row in spec.rows:
        if row.fact is None:
            continue
        fact = facts.get(row.fact)
        if fact is None:
            problems.append(
                Diagnostic(
                    file,
                    row.line,
                    f"sheet row {row.id!r} follows the unknown fact {row.fact!r}",
                    f"use one of: {', '.join(facts)}",
                )
            )
            continue
        for value in fact.values:
            if value not in row.fact_answers and not isinstance(value, bool):
                problems.append(
                    Diagnostic(
                        file,
                        row.line,
                        f"sheet row {row.id!r} gives no answer for {row.fact} = {value!r}",
                        f"add `{value}: <answer>` under the row's `answers:`",
                    )
                )
        for value in row.fact_answers:
            if value not in fact.values:
                problems.append(
                    Diagnostic(
                        file,
                        row.line,
                        f"sheet row {row.id!r} answers for {value!r}, which fact {row.fact!r} never takes",
                        f"use the fact's values: {', '.join(map(repr, fact.values))}",
                    )
                )
    for option in family.options:
        for row_id in option.sheet:
            if row_id not in rows:
                problems.append(
                    Diagnostic(
                        file,
                        option.line,
                        f"option {option.code!r} sets the unknown sheet row {row_id!r}",
                        f"use a row id from `sheet:`: {', '.join(sorted(rows))}",
                    )
                )
    for variant in family.variants:
        for row in spec.rows:
            said = contributions(family, variant, row)
            if len(set(said.values())) > 1:
                answers = ", ".join(f"{code} says {answer.text!r}" for code, answer in said.items())
                problems.append(
                    Diagnostic(
                        file,
                        variant.line,
                        f"options disagree on sheet row {row.id!r}: {answers}",
                        "make one option imply the other (its answer then wins), or make them agree",
                        (variant.id,),
                    )
                )
    return problems


def check_evidence(library: CompiledLibrary, documents: Sequence[Document]) -> list[Diagnostic]:
    family = library.family
    spec = family.sheet
    problems: list[Diagnostic] = []
    if spec is None:
        return problems
    option_clauses = {clause for option in family.options for clause in option.clauses}
    compiled = {c.fragment.id: c for c in library.fragments}
    for document in documents:
        variant = family.variant(document.variant_id)
        if variant is None or document.sheet is None:
            continue
        context = condition_context(family, variant)
        established: dict[
            str, list[tuple[str, str, int, bool]]
        ] = {}  # row -> (clause id, file, line, is option clause)
        for _, clause in document.clauses():
            for evidence, condition in compiled[clause.id].evidence:
                if condition is None or condition(**context):
                    fragment = compiled[clause.id].fragment
                    established.setdefault(evidence.row, []).append(
                        (clause.id, fragment.file, evidence.line, clause.id in option_clauses)
                    )
        for row in spec.rows:
            answer = document.sheet.answer(row.id)
            if answer is None:
                continue
            sources = established.get(row.id, [])
            by_options = [s for s in sources if s[3]]
            general = [s for s in sources if not s[3]]
            claim = f"'{row.label}: {answer.text}'"
            where = f"the {row.group} row {row.id!r}"
            if not sources and (row.fact is not None or answer != NO):
                problems.append(
                    Diagnostic(
                        family.file,
                        row.line,
                        f"the sheet says {claim}, but no clause in this variant establishes it",
                        f"add {row.id!r} to `establishes:` of the clause that says so, or correct {where}",
                        (variant.id,),
                    )
                )
                continue
            if row.fact is not None:
                continue
            changers = changed_by(family, variant, row)
            if changers and not by_options:
                options = " and ".join(changers)
                problems.append(
                    Diagnostic(
                        family.file,
                        row.line,
                        f"option {options} changes the sheet to {claim}, but none of its clauses establishes it",
                        f"add {row.id!r} to `establishes:` of the clause of {options} that says so",
                        (variant.id,),
                    )
                )
            for clause_id, file, line, _ in by_options if not changers else ():
                problems.append(
                    Diagnostic(
                        file,
                        line,
                        f"clause {clause_id!r} establishes {where}, but the sheet shows its default ({answer.text})",
                        f"give the row an answer under the option's `sheet:`, or remove {row.id!r} from `establishes:`",
                        (variant.id,),
                    )
                )
            if answer == NO and not by_options:
                for clause_id, file, line, _ in general:
                    problems.append(
                        Diagnostic(
                            file,
                            line,
                            f"clause {clause_id!r} establishes {where}, but the sheet says no",
                            f"remove {row.id!r} from `establishes:`, or give the row a default or an option answer",
                            (variant.id,),
                        )
                    )
    return problems
