"""The imported family, planned in memory: outline, fragments with their conditions, variants.yaml.

Nothing here reads or writes files. The plan is built in passes:

1. each variant's text is parsed into sections and clauses (`structure`), and every
   section and clause gets a key that is the same in every variant that has it;
2. references ("Section 2.4"), the variant's title and its identifier become placeholder
   tokens, so a paragraph is shared however a variant numbers the clause it cites;
3. each clause's variants are grouped by how close their texts are: a group is one fragment;
4. each fragment's paragraphs are aligned, and the phrases that differ become in-line
   conditionals over options (`conditions`);
5. a clause that opens with a quoted term and a defining verb gets `term:`, when the
   term check will accept it (`terms`).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import yaml

from clausekit.checks.terms import TOKEN
from clausekit.ingest.align import (
    SIMILAR,
    Alternatives,
    Piece,
    Tokens,
    group_bodies,
    merge_order,
    merge_words,
    similarity,
    slots,
)
from clausekit.ingest.conditions import minimal_condition
from clausekit.ingest.paragraphs import UNDERLINE, blocks
from clausekit.ingest.structure import RawClause, RawSection, RawText, parse
from clausekit.ingest.terms import Candidate, Definition, definition, usable
from clausekit.sources.types import NO_HEADING

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter when PyYAML has it: the same YAML, faster
REF_OPEN, REF_CLOSE, TITLE, IDENT = "\ue000", "\ue001", "\ue002", "\ue003"
PLACEHOLDER = re.compile(f"{REF_OPEN}([^{REF_CLOSE}]*){REF_CLOSE}|{TITLE}|{IDENT}")
FORBIDDEN_IN_NAMES = set('<>&"`{}[]\\|')
DEFAULT_FORMS = ("{label} {number}. {title}", "{number} {title}", "{number} {title}")
INLINE_ESCAPES = re.compile(r"([\\`*_\[\]<>&])")
TEMPLATE_OPENER = re.compile(r"\{(?=[{%#]|\Z)")  # a brace a template would read as (part of) a tag
BLOCK_START = re.compile(r"(#{1,6}|>|[-+*=~]+|[0-9]{1,9}[.)]|\|)(\S*)\Z")


@dataclass(frozen=True)
class VariantText:
    """One input: its file, the variant's name and id, its options and its normalised text."""

    file: str
    name: str
    id: str
    options: frozenset[str]
    text: str
    markdown: bool = False  # a Markdown file: `#` lines are headings


@dataclass(frozen=True)
class Plan:
    """The files of the imported root, and what the report says about them."""

    files: dict[str, str]
    fragments: int
    shared_words: int
    variant_words: int
    fragment_words: int
    input_words: int
    conditions: dict[str, int]
    kept_as_text: tuple[str, ...]  # sections whose numbering a build could not reproduce
    terms: tuple[str, ...] = ()  # the defined terms, one per fragment with `term:`, in file order
    untermed: dict[str, str] = field(default_factory=dict)  # those fragments as they read without `term:`

    @property
    def ratio(self) -> float:
        return round(self.fragment_words / self.input_words, 3) if self.input_words else 1.0

    def without_terms(self) -> Plan:
        """The same root with no `term:`: its text is the same, so is its round trip; only the term check differs."""
        return replace(self, files=dict(sorted({**self.files, **self.untermed}.items())), terms=(), untermed={})


@dataclass
class _Clause:
    """One clause key across variants, before grouping."""

    key: str
    instances: dict[str, RawClause]
    title: str


@dataclass
class _Section:
    key: str
    instances: dict[str, RawSection]
    id: str = ""
    structured: bool = False
    inline: bool = True
    clauses: list[_Clause] = field(default_factory=list)


def slug(text: str, used: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"[\ue000-\ue003]", "", text.lower())).strip("-")[:40].strip("-") or "part"
    if base[0].isdigit() or base.startswith("section-"):
        base = "part-" + base
    found, n = base, 2
    while found in used:
        found, n = f"{base}-{n}", n + 1
    used.add(found)
    return found


def plan(
    texts: Sequence[VariantText], family_name: str, version: str, codes: Sequence[str], names: Sequence[str] = ()
) -> Plan:
    """`names`: the options that stand for single variants (the name-list fallback of `inputs`)."""
    planner = _Planner(texts, codes)
    planner.names = frozenset(names)
    return planner.run(family_name, version)


class _Planner:
    def __init__(self, texts: Sequence[VariantText], codes: Sequence[str]) -> None:
        self.texts = {t.id: t for t in texts}
        self.codes = tuple(codes)
        self.raw: dict[str, RawText] = {t.id: parse(t.text, t.markdown) for t in texts}
        self.used: set[str] = set()
        self.targets: dict[str, dict[tuple[str, str], str]] = {v: {} for v in self.texts}  # (label, number) -> key
        self.fragment_of: dict[tuple[str, str], str] = {}  # (key, variant) -> fragment or outline id
        self.conditions: Counter[str] = Counter()
        self.shared = 0
        self.own = 0
        self.fragment_words = 0
        self.files: dict[str, str] = {}
        self.count = 0
        self.pending: list[_Fragment] = []
        self.key_index: dict[str, int] = {}  # reference placeholders carry an index: keys hold spaces
        self.level1 = DEFAULT_FORMS[0]
        self.names: frozenset[str] = frozenset()
        self.memo: dict[tuple[str, str], Tokens] = {}
        self.keymap: dict[tuple[str, str], str] = {}  # (variant, clause number) -> the clause's key there
        self.definitions: dict[str, Definition] = {}  # fragment id -> the term it defines
        self.untermed: dict[str, str] = {}

    # --- conditions ------------------------------------------------------------------------
    def condition(self, on: Iterable[Hashable], universe: Iterable[Hashable]) -> str | None:
        chosen, among = set(on), set(universe)
        options = {v: self.texts[str(v)].options for v in among}
        found = minimal_condition(
            self.codes,
            frozenset(options[v] for v in chosen),
            frozenset(options[v] for v in among - chosen),
        )
        if found is not None:
            named = set(re.findall(r"\w+", found)) & self.names
            self.conditions["name list" if named else "option expression"] += 1
        return found

    # --- passes ----------------------------------------------------------------------------
    def run(self, family_name: str, version: str) -> Plan:
        sections = self._sections()
        for section in sections:
            self._clauses(section)
        self._references(sections)
        outline = self._outline(sections)
        for index, section in enumerate(sections):
            self._fragments(section, f"clauses/{index + 1:02d}-{section.id}")
        family = self._family(family_name, version, outline)
        self.files["variants.yaml"] = family
        input_words = _input_words(self.texts.values())
        kept = tuple(
            s.instances[next(iter(s.instances))].heading.title  # type: ignore[union-attr]
            for s in sections
            if not s.structured and s.key != "front" and s.instances[next(iter(s.instances))].heading.number  # type: ignore[union-attr]
        )
        return Plan(
            dict(sorted(self.files.items())),
            self.count,
            self.shared,
            self.own,
            self.fragment_words,
            input_words,
            dict(self.conditions),
            kept,
            tuple(
                self.definitions[f.id].term for f in sorted(self.pending, key=self._path) if f.id in self.definitions
            ),
            dict(sorted(self.untermed.items())),
        )

    def _sections(self) -> list[_Section]:
        keyed: dict[str, list[str]] = {}
        found: dict[str, _Section] = {}
        for vid, raw in self.raw.items():
            seen: Counter[str] = Counter()
            for s in raw.sections:
                base = "front" if s.heading is None else f"{s.heading.number or ''}|{s.heading.title}"
                seen[base] += 1
                key = base if seen[base] == 1 else f"{base}#{seen[base]}"
                keyed.setdefault(vid, []).append(key)
                found.setdefault(key, _Section(key, {})).instances[vid] = s
        order = merge_order(list(keyed.values()))
        sections = [found[k] for k in order]
        for section in sections:
            first = next(iter(section.instances.values()))
            heading = first.heading
            section.id = slug("front" if heading is None else heading.title, self.used)
            section.structured = (
                heading is not None
                and heading.number is not None
                and all(
                    s.clauses is not None and s.heading is not None and s.heading.form == heading.form
                    for s in section.instances.values()
                )
            )
        return sections

    def _clauses(self, section: _Section) -> None:
        if not section.structured:
            section.clauses = [
                _Clause(
                    "body",
                    {
                        v: RawClause("", None, None, [t for t, _ in s.paragraphs], s.line)
                        for v, s in section.instances.items()
                    },
                    heading.title if (heading := next(iter(section.instances.values())).heading) else "Front matter",
                )
            ]
            return
        keyed: list[list[str]] = []
        found: dict[str, _Clause] = {}
        inline = False
        finder = _KeyFinder()
        children: dict[str, _KeyFinder] = {}
        for vid, s in section.instances.items():
            assert s.clauses is not None
            keys = finder.keys(s.clauses)
            for clause, key in zip(s.clauses, keys, strict=True):
                self.keymap[(vid, clause.number)] = key
                child_keys = children.setdefault(key, _KeyFinder()).keys(clause.children)
                for child, child_key in zip(clause.children, child_keys, strict=True):
                    self.keymap[(vid, child.number)] = child_key
                found.setdefault(key, _Clause(key, {}, clause.title or _title_of(clause))).instances[vid] = clause
                inline = inline or _needs_inline(clause)
            keyed.append(keys)
        section.inline = inline
        section.clauses = [found[k] for k in merge_order(keyed)]

    def _references(self, sections: list[_Section]) -> None:
        """Each variant's numbers: which section or clause key "Section 2.4" names there."""
        for section in sections:
            if not section.structured:
                continue
            for vid, s in section.instances.items():
                heading = s.heading
                assert heading is not None and heading.number is not None and s.clauses is not None
                label = heading.label or "Section"
                self.targets[vid][(label, heading.number)] = section.key
                self.fragment_of[(section.key, vid)] = section.id
                for clause in s.clauses:
                    key = self.keymap[(vid, clause.number)]
                    self.targets[vid][(label, clause.number)] = f"{section.key}/{key}"
                    for child in clause.children:
                        child_key = self.keymap[(vid, child.number)]
                        self.targets[vid][(label, child.number)] = f"{section.key}/{key}/{child_key}"

    def tokens(self, vid: str, text: str) -> Tokens:
        """A paragraph's words, with its references, title and identifier as placeholders (memoised)."""
        found = self.memo.get((vid, text))
        if found is None:
            found = self.memo[(vid, text)] = self._tokens(vid, text)
        return found

    def _tokens(self, vid: str, text: str) -> Tokens:
        variant = self.texts[vid]
        title = self.raw[vid].title
        text = re.sub(rf"(?<![\w.-]){re.escape(variant.id)}(?![\w-]|\.\w)", IDENT, text)
        if title and _usable_title(title) and len(title.split()) >= 2:
            text = re.sub(rf"(?<![\w-]){re.escape(title)}(?![\w-])", TITLE, text)
        targets = self.targets[vid]
        labels = sorted({label for label, _ in targets}, key=len, reverse=True)
        if labels:
            pattern = re.compile(
                r"(?<![\w.])(" + "|".join(re.escape(lab) for lab in labels) + r") ([0-9A-Z]+(?:\.[0-9]+)*)(?![\w]|\.\w)"
            )

            def swap(m: re.Match[str]) -> str:
                key = targets.get((m[1], m[2]))
                if key is None:
                    return m[0]
                index = self.key_index.setdefault(key, len(self.key_index))
                return f"{REF_OPEN}{index}{REF_CLOSE}"

            text = pattern.sub(swap, text)
        return tuple(text.split())

    @property
    def keys(self) -> list[str]:
        return list(self.key_index)

    def resolve(self, vid: str, tokens: Tokens) -> Tokens:
        """Reference keys to the fragment (or outline) ids that hold them in this variant."""

        def swap(m: re.Match[str]) -> str:
            if m[1] is None:
                return m[0]
            return f"{REF_OPEN}{self.fragment_of[(self.keys[int(m[1])], vid)]}{REF_CLOSE}"

        return tuple(PLACEHOLDER.sub(swap, t) if REF_OPEN in t else t for t in tokens)

    def _outline(self, sections: list[_Section]) -> list[dict[str, object]]:
        forms = Counter(
            s.heading.form
            for section in sections
            if section.structured
            for s in section.instances.values()
            if s.heading is not None
        )
        self.level1 = forms.most_common(1)[0][0] if forms else DEFAULT_FORMS[0]
        outline = []
        everyone = set(self.texts)
        for section in sections:
            first = next(iter(section.instances.values()))
            heading = first.heading
            entry: dict[str, object] = {"id": section.id, "title": heading.title if heading else "Front matter"}
            if heading is None:
                entry["heading"] = NO_HEADING
            elif section.structured:
                assert heading.number is not None
                entry["number"] = heading.number
                if heading.form != self.level1:
                    entry["heading"] = heading.form
            elif heading.number is not None:
                entry["heading"] = heading.form.replace("{number}", heading.number)
            if heading is not None and heading.label and heading.label != "Section":
                entry["label"] = heading.label
            entry["layout"] = "inline" if section.inline else "headings"
            when = self.condition(section.instances, everyone)
            if when is not None:
                entry["when"] = when
            outline.append(entry)
            for vid in section.instances:
                self.fragment_of.setdefault((section.key, vid), section.id)
        return outline

    # --- fragments -------------------------------------------------------------------------
    def _fragments(self, section: _Section, folder: str) -> None:
        """Pass 1 for one section: every fragment's id, so references can be resolved in pass 2."""
        universe = list(section.instances)
        for order, clause in enumerate(section.clauses, start=1):
            self._assign(section, clause, f"{section.key}/{clause.key}", universe, order, folder, None)

    def _assign(
        self,
        section: _Section,
        clause: _Clause,
        key: str,
        universe: list[str],
        order: int,
        folder: str,
        parent: str | None,
    ) -> None:
        bodies = {v: tuple(t for p in self._body_tokens(section, c, v) for t in p) for v, c in clause.instances.items()}
        for group in group_bodies(bodies):
            defines = _definition(section, clause, group)
            fid = slug(defines.term if defines else clause.title, self.used)
            for vid in group:
                self.fragment_of[(key, vid)] = fid
            self.pending.append(
                _Fragment(fid, section, clause, key, tuple(universe), tuple(group), order, folder, parent, defines)
            )
            keyed: list[list[str]] = []
            found: dict[str, _Clause] = {}
            for vid in group:
                keys: list[str] = []
                for child in clause.instances[vid].children:
                    child_key = self.keymap[(vid, child.number)]
                    keys.append(child_key)
                    found.setdefault(child_key, _Clause(child_key, {}, child.title or _title_of(child))).instances[
                        vid
                    ] = child
                keyed.append(keys)
            for child_order, child_key in enumerate(merge_order(keyed), start=1):
                # a child's condition must be false wherever its parent's is (a variant without the parent's
                # section included, where the parent's don't-cares may have come out false): the whole family
                self._assign(
                    section, found[child_key], f"{key}/{child_key}", list(self.texts), child_order, folder, fid
                )

    def _emit(self, fragment: _Fragment) -> None:
        """Pass 2: one fragment file, its paragraphs aligned and its differences as conditionals."""
        paragraphs = {
            v: [self.resolve(v, p) for p in self._body_tokens(fragment.section, fragment.clause.instances[v], v)]
            for v in fragment.variants
        }
        lines = []
        for slot in slots(paragraphs):
            lines.append(self._slot(slot, fragment.variants))
        title = _plain(fragment.clause.title) or fragment.id
        place: dict[str, object] = {"section": fragment.section.id} if fragment.parent is None else {}
        if fragment.parent is not None:
            place["parent"] = fragment.parent
        place["order"] = fragment.order * 10
        when = self.condition(fragment.variants, fragment.universe)
        if when is not None:
            place["when"] = when
        headed = any(c.title is not None for c in fragment.clause.instances.values())
        if headed and not fragment.section.inline:  # a heading's title is a word of the input, held once here
            self.fragment_words += len(fragment.clause.title.split())
        body = "\n\n".join(lines) + "\n"
        path = self._path(fragment)
        self.files[path] = _front({"id": fragment.id, "title": title, **place}) + body
        defines = self.definitions.get(fragment.id)
        if defines is not None:  # a run-in definition's title is its term; a heading stays its title
            termed: dict[str, object] = {"id": fragment.id, **({"title": title} if headed else {})}
            termed["term"] = defines.term
            if defines.aliases:
                termed["aliases"] = list(defines.aliases)
            self.untermed[path] = self.files[path]
            self.files[path] = _front({**termed, **place}) + body
        self.count += 1

    @staticmethod
    def _path(fragment: _Fragment) -> str:
        return f"{fragment.folder}/{fragment.id}.md"

    def _terms(self, family_name: str) -> None:
        """Which fragments define a term: those whose definition the term check will accept in every variant."""
        candidates = [Candidate(f.id, f.defines, frozenset(f.variants)) for f in self.pending if f.defines is not None]
        if not candidates:
            return
        paragraphs: dict[str, list[tuple[str, str]]] = {v: [] for v in self.texts}
        for f in self.pending:
            for vid in f.variants:
                raw = f.clause.instances[vid]
                paras = list(raw.paragraphs)
                if f.section.inline and raw.title is not None and f.section.structured:
                    paras.insert(0, raw.title)  # a run-in heading is a paragraph of the body (`_body_tokens`)
                paragraphs[vid].extend((f.id, p) for p in paras)
        names = [family_name, *(self._title(t) for t in self.texts.values())]
        self.definitions = {c.fragment: c.definition for c in usable(candidates, paragraphs, names)}

    def _title(self, text: VariantText) -> str:
        title = self.raw[text.id].title
        return title if title and _usable_title(title) else text.name

    def _slot(self, slot: dict[str, Tokens], universe: Sequence[str]) -> str:
        texts: dict[Tokens, set[str]] = {}
        for vid, tokens in slot.items():
            texts.setdefault(tokens, set()).add(vid)
        present = list(slot)
        if len(texts) == 1:
            tokens = next(iter(texts))
            body = self._words(tokens, len(present), start=True)
        else:
            pieces = merge_words({t: frozenset(v) for t, v in texts.items()})
            if pieces is None:
                body = self._choice([(frozenset(v), t) for t, v in texts.items()], present, start=True)
            else:
                body = self._pieces(pieces, present)
        if len(present) < len(universe):
            when = self.condition(present, universe)
            if when is not None:
                return f"{{% if {when} %}}{body}{{% endif %}}"
        return body

    def _pieces(self, pieces: list[Piece], present: Sequence[str]) -> str:
        out: list[str] = []
        for index, piece in enumerate(pieces):
            if isinstance(piece, Alternatives):
                out.append(self._choice(list(piece.choices), present, start=index == 0, spaced=True))
            else:
                out.append(self._words((piece,), len(present), start=index == 0))
                out.append(" ")
        return "".join(out).rstrip(" ")

    def _choice(
        self,
        choices: list[tuple[frozenset[Hashable], Tokens]],
        present: Sequence[str],
        *,
        start: bool,
        spaced: bool = False,
    ) -> str:
        filled = [(v, t) for v, t in choices if t]
        filled.sort(key=lambda c: -len(c[0]))
        has_empty = len(filled) < len(choices)
        out = []
        for index, (variants, tokens) in enumerate(filled):
            text = self._words(tokens, len(variants), start=start) + (" " if spaced else "")
            if index == len(filled) - 1 and not has_empty and index > 0:
                out.append(f"{{% else %}}{text}")
            else:
                when = self.condition(variants, present)
                out.append(f"{{% {'if' if index == 0 else 'elif'} {when} %}}{text}")
        return "".join(out) + "{% endif %}"

    def _words(self, tokens: Tokens, variants: int, *, start: bool) -> str:
        """Tokens as clause text: Markdown and template characters escaped, placeholders as template calls."""
        count = sum(2 if REF_OPEN in t else 1 for t in tokens)
        self.fragment_words += count
        if variants > 1:
            self.shared += count
        else:
            self.own += count
        return " ".join(_markdown(t, start and i == 0) for i, t in enumerate(tokens))

    def _family(self, name: str, version: str, outline: list[dict[str, object]]) -> str:
        self._terms(name)
        for fragment in self.pending:
            self._emit(fragment)
        order = [c for c in self.codes]
        wrapped = [
            len(line)
            for t in self.texts.values()
            for b in blocks(t.text, t.markdown)
            if len(b.lines) > 1 and not UNDERLINE.match(b.lines[-1])
            for line in b.lines
        ]
        underline = any(
            len(b.lines) == 2 and UNDERLINE.match(b.lines[1])
            for t in self.texts.values()
            for b in blocks(t.text, t.markdown)
        )
        forms2 = Counter(
            c.form for r in self.raw.values() for s in r.sections for c in (s.clauses or []) if c.form is not None
        )
        forms3 = Counter(
            k.form
            for r in self.raw.values()
            for s in r.sections
            for c in (s.clauses or [])
            for k in c.children
            if k.form is not None
        )
        headings = [
            self.level1,
            forms2.most_common(1)[0][0] if forms2 else DEFAULT_FORMS[1],
            forms3.most_common(1)[0][0] if forms3 else DEFAULT_FORMS[2],
        ]
        words = sorted(
            {w for t in self.texts.values() for w in TOKEN.findall(t.text) if w[0].isupper() and not w.isupper()}
        )
        data: dict[str, object] = {
            "family": {"name": name, "version": version},
            "layout": {
                "title_block": False,
                "underline": underline,
                "wrap": max(wrapped) if wrapped else 0,
                "headings": headings,
            },
            "outline": outline,
            "options": [
                {
                    "code": code,
                    "name": code,
                    "meaning": (
                        f"Stands for one variant, whose options alone could not tell it from another: "
                        f"give the variants different options and remove {code}."
                        if code in self.names
                        else f"Imported from the variant names: say in one sentence what {code} asks of a licensee."
                    ),
                }
                for code in order
            ],
            "words": words,
            "variants": [
                {
                    "name": t.name,
                    "title": self._title(t),
                    "options": [c for c in order if c in t.options],
                }
                for t in self.texts.values()
            ],
        }
        return "# Imported by `mgl import`: check the option names and meanings, then run `mgl lint`.\n" + yaml.dump(
            data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000
        )

    def _body_tokens(self, section: _Section, clause: RawClause, vid: str) -> list[Tokens]:
        paras = list(clause.paragraphs)
        if section.inline and clause.title is not None and section.structured:
            paras.insert(0, clause.title)
        return [self.tokens(vid, p) for p in paras]


@dataclass(frozen=True)
class _Fragment:
    id: str
    section: _Section
    clause: _Clause
    key: str
    universe: tuple[str, ...]
    variants: tuple[str, ...]
    order: int
    folder: str
    parent: str | None
    defines: Definition | None = None  # the term its opening paragraph defines in every variant of the group


def _front(head: dict[str, object]) -> str:
    return "---\n" + yaml.dump(head, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000) + "---\n"


def _definition(section: _Section, clause: _Clause, group: Sequence[str]) -> Definition | None:
    """The term a clause defines: its first paragraph opens with the same definition in every variant of the group."""
    if not section.structured:
        return None  # a section kept as text is one fragment of many paragraphs, not a clause
    found = {definition(raw.paragraphs[0]) if (raw := clause.instances[v]).paragraphs else None for v in group}
    return found.pop() if len(found) == 1 else None


def _markdown(token: str, start: bool) -> str:
    """One token as Markdown that renders back to itself; a placeholder becomes its template call."""
    out = []
    position = 0
    for m in PLACEHOLDER.finditer(token):
        out.append(_escape(token[position : m.start()], start and position == 0))
        if m[1] is not None:
            out.append(f"{{{{ ref('{m[1]}') }}}}")
        else:
            out.append("{{ variant.title }}" if m[0] == TITLE else "{{ variant.id }}")
        position = m.end()
    out.append(_escape(token[position:], start and position == 0))
    return "".join(out)


def _escape(text: str, start: bool) -> str:
    text = TEMPLATE_OPENER.sub("{{ '{' }}", INLINE_ESCAPES.sub(r"\\\1", text))
    if start and (m := BLOCK_START.match(text)):
        marker = m[1]
        if marker[0].isdigit():  # `1.` starts a list: escape its punctuation, since a digit cannot be escaped
            return marker[:-1] + "\\" + marker[-1] + m[2]
        return "\\" + text
    return text


def _plain(title: str) -> str:
    return PLACEHOLDER.sub("", title).strip()


def _input_words(texts: Iterable[VariantText]) -> int:
    """Words in the distinct paragraphs of the inputs: each distinct paragraph counted as often as
    one input repeats it at most, since a text that says the same thing in two clauses needs it twice."""
    most: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for paragraph, count in Counter(tuple(b.text.split()) for b in blocks(text.text, text.markdown)).items():
            most[paragraph] = max(most[paragraph], count)
    return sum(len(p) * n for p, n in most.items())


class _KeyFinder:
    """Keys for the clauses of one section (or of one parent) across variants, in one consistent order.

    A headed clause is named by its title, one whose number runs into its text by its
    opening words. Each variant's sequence of names is aligned with the order merged from
    the variants before it (difflib), so clauses of the same name ("The Licensor may …"
    twice) pair in their order and every variant's order holds in the merged one. Only
    then, in a stretch where the two sequences differ, does an opening that differs a little
    from one there (a word added) pair with it, so the two become one fragment with an
    in-line difference: an exact match elsewhere always wins over a close one. (Counting
    occurrences instead paired one variant's second with another's second even when the
    first variant lacked the other's first, and the orders contradicted each other.)
    """

    def __init__(self) -> None:
        self.order: list[str] = []  # every key so far, in an order every variant's keeps
        self.named: list[str] = []  # the name of each key in `order`
        self.openings: dict[str, Tokens] = {}  # key -> its first paragraph, for an unheaded clause
        self.made: set[str] = set()

    def keys(self, clauses: Sequence[RawClause]) -> list[str]:
        names = [f"t:{c.title}" if c.title is not None else "x:" + " ".join(_opening(c)[:6]) for c in clauses]
        keys = list(names)
        placed: list[tuple[int, int, str, str]] = []  # (place in `order`, position here, key, name)
        matcher = difflib.SequenceMatcher(None, self.named, names, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                keys[j1:j2] = self.order[i1:i2]
                continue
            at = i1  # the stretch i1:i2 of the order, which this variant's j1:j2 stand against
            for j in range(j1, j2):
                close = self._close(clauses[j], at, i2)
                if close is not None:
                    keys[j], at = self.order[close], close + 1
                else:
                    keys[j] = self._new(names[j], clauses[j])
                    placed.append((at, j, keys[j], names[j]))
        for at, _, key, name in sorted(placed, reverse=True):  # from the end, so earlier places hold
            self.order.insert(at, key)
            self.named.insert(at, name)
        return keys

    def _close(self, clause: RawClause, start: int, end: int) -> int | None:
        """The first unheaded clause of order[start:end] whose opening is close to this one's."""
        opening = _opening(clause)
        if clause.title is not None or not opening:
            return None
        for index in range(start, end):
            theirs = self.openings.get(self.order[index])
            if theirs is not None and similarity(theirs, opening) >= SIMILAR:
                return index
        return None

    def _new(self, name: str, clause: RawClause) -> str:
        key, n = name, 2
        while key in self.made:
            key, n = f"{name}#{n}", n + 1
        self.made.add(key)
        if clause.title is None:
            self.openings[key] = _opening(clause)
        return key


def _opening(clause: RawClause) -> Tokens:
    return tuple(clause.paragraphs[0].split()) if clause.paragraphs else ()


def _title_of(clause: RawClause) -> str:
    words = [w for w in re.sub(r"[\"'\u201c\u201d\u2018\u2019]", "", clause.paragraphs[0]).split()[:5]]
    return " ".join(words) or clause.number


def _needs_inline(clause: RawClause) -> bool:
    return (
        clause.inline
        or (not clause.paragraphs and not clause.children)
        or any(_needs_inline(c) for c in clause.children)
    )


def _usable_title(title: str) -> bool:
    return not (set(title) & FORBIDDEN_IN_NAMES) and len(title) <= 200
