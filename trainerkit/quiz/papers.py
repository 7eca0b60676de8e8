"""The printable quiz papers and their answer keys, as model Documents for the docx writer, and
the keys the facilitator guide carries."""

from __future__ import annotations

from .. import dates
from ..model import (
    Block, BulletList, Course, DocBlock, Document, Heading, ListItem, PageBreak, Paragraph, Question,
    QuizText, Recording, Span, Table, Text, WritingLines, text_of,
)
from ..templates import Templates
from .numbers import number_text, numeric_text
from .versions import LETTERS, Posed, Version, make_versions


def answer_text(posed: Posed, labels: dict[str, str]) -> str:
    """The correct answer in one line, for the key's table."""
    q = posed.question
    if q.kind in ("single", "true_false", "multiple"):
        return letters(posed, labels)
    if q.kind == "short":
        return " / ".join(q.answers)
    if q.kind == "numerical":
        return numeric_text(q)
    return labels["marked_by_trainer"]


def letters(posed: Posed, labels: dict[str, str]) -> str:
    """The right choices' letters as the course's language lists them ("B, C" / "B，C")."""
    return labels.get("list_sep", ", ").join(
        LETTERS[k] for k, c in enumerate(posed.choices) if c.correct)


def note(text: str, labels: dict[str, str]) -> Span:
    """A question's points (and hint) after it, in the language's brackets: "  (2 points)" / "（2 分）"."""
    return Span(f"{labels.get('note_open', '  (')}{text}{labels.get('note_close', ')')}", italic=True)


def points_text(points: float, labels: dict[str, str]) -> str:
    word = labels["point"] if points == 1 else labels["points"]
    return f"{number_text(points)} {word}"


def objective_text(question: Question, labels: dict[str, str]) -> str:
    o = question.objective
    if o is None:
        return ""
    return f"{o.module}.{o.number} {o.text}"


def _join(*parts: Text) -> Text:
    out: list[Span] = []
    for part in parts:
        out.extend(part)
    return tuple(out)


def on_paper(blocks, labels: dict[str, str]) -> list[Block]:
    """Blocks as a paper shows them: a recording (which paper cannot play) as a line that points
    to it by its caption, "▶ 听录音：第三次来电": the trainer plays it in the room."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Recording):
            verb = labels.get("watch" if block.kind == "video" else "listen", "Listen to the recording")
            caption = block.caption or block.path.name
            block = Paragraph((Span(f"\u25b6 {verb}{labels.get('colon', ': ')}{caption}"),), block.loc)
        out.append(block)
    return out


def _lead(posed: Posed, extra: Text = (), labels: dict[str, str] | None = None) -> list[DocBlock]:
    """The question's stem, its number in bold before the first paragraph."""
    number = (Span(f"{posed.number}. ", bold=True),)
    stem = on_paper(posed.question.stem, labels or {})
    if stem and isinstance(stem[0], Paragraph):
        first = stem.pop(0)
        return [Paragraph(_join(number, first.text, extra), first.loc, opens_question=True)] + stem
    return [Paragraph(_join(number, extra), opens_question=True)] + stem


# ---------------------------------------------------------------------------------------------
# The printable paper and its key


def _choices_list(posed: Posed, ticked: bool) -> BulletList:
    items = []
    for k, choice in enumerate(posed.choices):
        items.append(ListItem(_join((Span(f"{LETTERS[k]}. "),), choice.text), 0, False, None,
                              choice.loc, choice.correct if ticked else False))
    return BulletList(tuple(items))


def paper_blocks(version: Version, course: Course, templates: Templates) -> list[DocBlock]:
    labels = templates.labels
    colon = labels["colon"]
    blocks: list[DocBlock] = [
        Heading(0, text_of(f"{course.title} · {labels['quiz']} {version.letter}")),
        Paragraph(text_of(f"{labels['name']}{colon}{'_' * 16}    {labels['date']}{colon}"
                          f"{'_' * 12}    {labels['score']}{colon}{'_' * 6} / "
                          f"{number_text(version.points)}")),
    ]
    intro, sections = templates.fragment("quiz-paper.md.j2", version=version.letter,
                                         points=number_text(version.points),
                                         count=len(version.posed))
    blocks += intro
    for sec in sections:
        blocks += sec.blocks
    several = len(version.parts) > 1
    for part in version.parts:
        if several:
            blocks.append(Heading(1, text_of(part.quiz.title)))
        if part.quiz.description:
            blocks += on_paper(part.quiz.description, labels)
        for item in part.items:
            if isinstance(item, QuizText):
                if item.title:
                    blocks.append(Heading(2, text_of(item.title)))
                blocks += on_paper(item.text, labels)
                continue
            q = item.question
            hint = ""
            if q.kind == "multiple":
                hint = labels["select_all"] + labels.get("list_sep", ", ")
            extra = (note(hint + points_text(q.points, labels), labels),)
            blocks += _lead(item, extra, labels)
            if q.kind in ("single", "true_false", "multiple"):
                blocks.append(_choices_list(item, ticked=False))
            elif q.kind in ("short", "numerical"):
                blocks.append(WritingLines(1))
            elif q.kind == "essay":
                blocks.append(WritingLines(int(min(12, max(4, 2 * q.points)))))
            else:
                blocks.append(Paragraph(text_of(labels["upload_note"])))
    return blocks


def key_blocks(version: Version, course: Course, templates: Templates, level: int = 0) -> list[DocBlock]:
    """The answer key of a version: a table to mark with, then each question with its answer,
    points, feedback and the objective it assesses. level: the heading level of its title."""
    labels = templates.labels
    colon = labels["colon"]
    blocks: list[DocBlock] = [
        Heading(level, text_of(f"{course.title} · {labels['key']} {version.letter}")),
        Paragraph(text_of(f"{labels['total']}{colon}{points_text(version.points, labels)}")),
    ]
    rows = []
    for posed in version.posed:
        q = posed.question
        rows.append((text_of(str(posed.number)), text_of(answer_text(posed, labels)),
                     text_of(number_text(q.points)),
                     text_of(f"{q.objective.module}.{q.objective.number}" if q.objective else "")))
    blocks.append(Table((text_of("#"), text_of(labels["answer"]), text_of(labels["points"]),
                         text_of(labels["objective"])), tuple(rows), (None, None, "right", None)))
    for part in version.parts:
        blocks.append(Heading(level + 1, text_of(part.quiz.title)))
        for posed in part.posed:
            q = posed.question
            blocks += _lead(posed, (note(points_text(q.points, labels), labels),), labels)
            if q.kind in ("single", "true_false", "multiple"):
                blocks.append(_choices_list(posed, ticked=True))
            for label, value in _key_lines(posed, labels):
                if value:
                    blocks.append(Paragraph(_join((Span(f"{label}{colon}", bold=True),), value)))
    return blocks


def _key_lines(posed: Posed, labels: dict[str, str]) -> list[tuple[str, Text]]:
    q = posed.question
    lines: list[tuple[str, Text]] = [(labels["answer"], text_of(answer_text(posed, labels)))]
    for k, choice in enumerate(posed.choices):
        if choice.feedback:
            lines.append((f"{labels['feedback']} {LETTERS[k]}", choice.feedback))
    lines += [(labels["feedback"], q.feedback), (labels["if_right"], q.correct_feedback),
              (labels["if_wrong"], q.incorrect_feedback), (labels["solution"], q.solution),
              (labels["objective"], text_of(objective_text(q, labels)))]
    return lines


def quiz_document(kind: str, title: str, course: Course, templates: Templates,
              blocks: list[DocBlock]) -> Document:
    return Document(kind=kind, title=title, language=course.language, blocks=tuple(blocks),  # type: ignore[arg-type]
                    reference=course.theme_docx, labels=templates.labels, author=course.author,
                    footer=course.footer_line, fixed_time=dates.stamp())


def guide_keys(course: Course, templates: Templates) -> list[DocBlock]:
    """The answer keys of every version, for the end of the facilitator guide."""
    versions = make_versions(course)
    if not any(v.posed for v in versions):
        return []
    blocks: list[DocBlock] = [PageBreak(), Heading(0, text_of(templates.labels["answer_keys"]))]
    for version in versions:
        blocks += key_blocks(version, course, templates, level=1)
    return blocks
