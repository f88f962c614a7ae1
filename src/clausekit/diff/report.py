"""What a diff finds, as plain frozen data that every renderer reads.

Comparison (compare.py, segment.py) produces these values and never formats;
renderers (render/) format them and never compare. Variant ids in a report are
the NEW side's ids for variants present on both sides, the OLD side's for removed
ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausekit.diff.words import WordDiff


@dataclass(frozen=True)
class FieldChange:
    """One named value that differs: a family's version, an option's meaning, a fact."""

    name: str
    old: str | None  # None: absent on that side
    new: str | None


@dataclass(frozen=True)
class Renumbered:
    """A heading's number changed; the text that refers to it is compared through this."""

    old: str  # the label a reference shows, e.g. "Section 2.4"
    new: str
    title: str


@dataclass(frozen=True)
class RenumberGroup:
    """Variants that share one renumbering mapping, shown once."""

    variants: tuple[str, ...]
    mapping: tuple[Renumbered, ...]


@dataclass(frozen=True)
class TextChange:
    """The same edit of one clause, and the variants whose text it changes."""

    variants: tuple[str, ...]
    diff: WordDiff


@dataclass(frozen=True)
class ClauseChange:
    """One clause that was added, removed, renamed, moved or changed (several may hold)."""

    old_id: str | None
    new_id: str | None
    kinds: tuple[str, ...]  # from KINDS, in that order
    title: FieldChange  # name "title"; old == new when the title is unchanged
    number: str | None  # its number in the variants listed (new side), "1.8/1.9" when they differ
    place: FieldChange  # name "place": the section heading or parent clause, old and new
    source: FieldChange  # name "source": fragment files, old and new
    variants: tuple[str, ...]  # variants whose text differs because of it
    included: tuple[str, ...]  # variants that now contain it and did not
    excluded: tuple[str, ...]  # variants that contained it and no longer do
    text: tuple[TextChange, ...]  # whole text as an insertion (deletion) for an added (removed) clause
    similarity: float | None  # the score that matched a changed id, None when the id matched
    numbers: tuple[tuple[str, str | None], ...] = ()  # (variant, its number there) for each variant listed


KINDS = ("added", "removed", "renamed", "moved", "changed")


@dataclass(frozen=True)
class SheetChange:
    row: str
    label: str
    old: str | None  # the answer ("yes", "no, not even through a hosted service"); None: no such row
    new: str | None


@dataclass(frozen=True)
class VariantChange:
    """One variant's side of the story, with its one-line summary."""

    old_id: str | None
    new_id: str | None
    status: str  # "unchanged", "changed", "added", "removed", "renamed"
    fields: tuple[FieldChange, ...]  # title, options
    facts: tuple[FieldChange, ...]
    sheet: tuple[SheetChange, ...]
    clauses_changed: int
    clauses_added: int
    clauses_removed: int
    renumbered: int
    summary: str

    @property
    def id(self) -> str:
        found = self.new_id or self.old_id
        assert found is not None
        return found


@dataclass(frozen=True)
class OptionChange:
    code: str  # the new code, or the old one for a removed option
    status: str  # "added", "removed", "changed", "renamed"
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class SectionChange:
    """A top-level part of the outline that was added, removed or retitled."""

    id: str
    status: str  # "added", "removed", "changed"
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class VerdictChange:
    """A remix verdict for a pair of variants present on both sides that changed."""

    first: str
    second: str
    old: str  # e.g. "compatible: MG-BY-NC-2.0"
    new: str
    explanation: str  # the new verdict explained


@dataclass(frozen=True)
class DeclarationChange:
    """A family-wide declaration added, removed or changed: a rule, a fact spec, words, a sheet row, ..."""

    kind: str  # "rule", "fact", "words", "vocabulary", "publish", "addresses", "sheet", "sheet group", "sheet row"
    name: str  # how a reader knows it, e.g. "never ND with OS", "Rights in Output / Share"
    status: str  # "added", "removed", "changed"
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class TranslationFileChange:
    """A translation file added, removed or changed (compared by its bytes, never redlined)."""

    file: str  # relative to the root: clauses/**/<stem>.<lang>.md or translations/<lang>.yaml
    status: str  # "added", "removed", "changed"
    clause: str | None  # the id of the clause it translates (NEW's, else OLD's); None: unknown or a strings file


@dataclass(frozen=True)
class LanguageChange:
    """One language whose translation files differ."""

    language: str
    status: str  # "added", "removed" (from `languages:`), or "changed": declared on both sides
    files: tuple[TranslationFileChange, ...]  # clause translations, by file
    strings: str  # translations/<lang>.yaml: "unchanged", "added", "removed", "changed"


@dataclass(frozen=True)
class TranslationChange:
    """The translations part of a diff: `languages:` and the translation files, compared cheaply."""

    default: tuple[FieldChange, ...]  # "default language", when the governing language changed
    added: tuple[str, ...]  # languages now listed in `languages:`
    removed: tuple[str, ...]  # languages no longer listed
    languages: tuple[LanguageChange, ...]  # languages whose files differ, in `languages:` order

    @property
    def empty(self) -> bool:
        return not (self.default or self.added or self.removed or self.languages)


NO_TRANSLATION_CHANGE = TranslationChange((), (), (), ())


@dataclass(frozen=True)
class DiffReport:
    """Two clause libraries compared."""

    old_label: str
    new_label: str
    name: str  # the family's name (the new one)
    sheet_title: str  # what the (new) family calls its summary sheet
    family: tuple[FieldChange, ...]
    variants: tuple[VariantChange, ...]
    options: tuple[OptionChange, ...]
    sections: tuple[SectionChange, ...]
    clauses: tuple[ClauseChange, ...]
    renumbering: tuple[RenumberGroup, ...]
    compat: tuple[VerdictChange, ...]
    declarations: tuple[DeclarationChange, ...] = ()
    translations: TranslationChange = NO_TRANSLATION_CHANGE

    @property
    def empty(self) -> bool:
        """Nothing differs, translations included: a translation-only change is a change (`--exit-code`)."""
        return self.translations.empty and not (
            self.family
            or self.declarations
            or self.options
            or self.sections
            or self.clauses
            or self.renumbering
            or self.compat
            or any(v.status != "unchanged" for v in self.variants)
        )


@dataclass(frozen=True)
class SectionDiff:
    """One section of a plain license text, aligned with its counterpart by title and text."""

    kinds: tuple[str, ...]  # from KINDS: "added", "removed", "moved", "changed"
    old_number: str | None
    new_number: str | None
    title: FieldChange
    diff: WordDiff | None  # for sections on both sides whose words differ
    similarity: float | None


@dataclass(frozen=True)
class FileDiffReport:
    """Two license texts without a clause library, segmented by their numbered headings."""

    old_label: str
    new_label: str
    old_sections: int
    new_sections: int
    sections: tuple[SectionDiff, ...]
    renumbering: tuple[Renumbered, ...]

    @property
    def empty(self) -> bool:
        return not self.sections and not self.renumbering
