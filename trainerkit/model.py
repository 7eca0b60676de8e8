"""The model: what a trainer wrote, as plain frozen dataclasses that know where they came from.

Parse produces it; plan and the writers consume it. Writers never see Markdown tokens: if a writer
needs something, it is added here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Union

from .charts import Chart
from .simulation import Simulation
from .settings import Break, LintSettings, QASettings, QuizSettings, Schedule  # noqa: F401
from .errors import Location

NOWHERE = Location("<generated>", 0)

# ---------------------------------------------------------------------------------------------
# Inline text


@dataclass(frozen=True)
class Span:
    """A run of text with one formatting. A hard line break is a span whose text is "\\n"."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    link: str | None = None


Text = tuple[Span, ...]


def plain(text: Text) -> str:
    """The characters of a text, without formatting."""
    return "".join(s.text for s in text)


def text_of(s: str) -> Text:
    """A plain string as a text."""
    return (Span(s),) if s else ()


# ---------------------------------------------------------------------------------------------
# Ordinary blocks


@dataclass(frozen=True)
class Paragraph:
    text: Text
    loc: Location = NOWHERE
    opens_question: bool = False  # a quiz paper's or key's paragraph that opens a question ("7. ...")


@dataclass(frozen=True)
class Heading:
    """A heading inside a slide (### and deeper), or a generated one in documents.

    Level 0 is a document title, 1 a section (#), 2 a slide (##), 3+ headings within a slide.
    """

    level: int
    text: Text
    loc: Location = NOWHERE


@dataclass(frozen=True)
class ListItem:
    """One item of a list, flattened: nesting is its level (0 = top). Extra paragraphs of the
    item are joined to its text with line breaks."""

    text: Text
    level: int = 0
    ordered: bool = False
    number: int | None = None
    loc: Location = NOWHERE
    check: bool | None = None  # a task item "- [ ] x": False unticked, True ticked; else None


@dataclass(frozen=True)
class BulletList:
    """A bulleted or numbered list, nested lists included (see ListItem.level)."""

    items: tuple[ListItem, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Table:
    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]
    align: tuple[str | None, ...] = ()  # "left", "center", "right" or None per column
    loc: Location = NOWHERE
    # For forms to fill in by hand (the sign-in sheet, the evaluation form), which the deck
    # ignores: the least height of each body row in a document (EMU; 0: as tall as its text),
    # and each column's share of the width in percent (as Columns.widths; empty: by its text).
    row_height_emu: int = 0
    widths: tuple[float | None, ...] = ()
    # A document's shading of each body cell, row by row (RRGGBB; None: none): a heat map
    # (the report's learner x objective grid). The deck ignores it.
    fills: tuple[tuple[str | None, ...], ...] = ()


@dataclass(frozen=True)
class Image:
    """A picture; path is absolute and inside the course; width is a fraction of the
    available width (0 < width <= 1) or None for natural size. height likewise of the available
    height; width_emu and height_emu a size asked in px, in, cm or em, in EMU (pandoc's
    {width=10em height=3cm}). A size not asked follows from the other, aspect kept."""

    path: Path
    alt: str = ""
    width: float | None = None
    loc: Location = NOWHERE
    height: float | None = None
    width_emu: int | None = None
    height_emu: int | None = None


@dataclass(frozen=True)
class Code:
    text: str
    language: str = ""
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Quote:
    blocks: tuple["Block", ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Columns:
    """Side-by-side content: one tuple of blocks per column."""

    columns: tuple[tuple["Block", ...], ...]
    loc: Location = NOWHERE
    # Each column's share of the width in percent, from pandoc's ::: {.column width="40%"}; None
    # where a column names none (it shares what is left). Empty: equal columns.
    widths: tuple[float | None, ...] = ()


# incremental / nonincremental: pandoc's ::: incremental (its lists appear item by item in the
# slide show) and ::: nonincremental; step: what follows a pause (. . .), shown on the next click.
AsideKind = Literal["notes", "trainer", "handout", "slides", "incremental", "nonincremental", "step"]


@dataclass(frozen=True)
class Aside:
    """Content for some audiences only: `::: notes`, `::: trainer`, `::: handout`, `::: slides`."""

    kind: AsideKind
    blocks: tuple["Block", ...]
    loc: Location = NOWHERE


# ---------------------------------------------------------------------------------------------
# Call-centre blocks


@dataclass(frozen=True)
class Turn:
    """One turn of a call script. verbatim: a compliance line, to be said word for word."""

    speaker: str
    text: Text
    verbatim: bool = False
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Script:
    title: str
    turns: tuple[Turn, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class PhrasePair:
    avoid: Text
    say: Text
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Phrases:
    title: str
    pairs: tuple[PhrasePair, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Step:
    """A step of a model; label is its bold lead (e.g. "Hear"), text the rest."""

    label: str
    text: Text
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Model:
    """A de-escalation or call-flow model: ordered steps."""

    title: str
    steps: tuple[Step, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Shortcut:
    keys: str
    action: Text
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Shortcuts:
    title: str
    items: tuple[Shortcut, ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class KB:
    """A knowledge-base card: free Markdown."""

    title: str
    blocks: tuple["Block", ...]
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Roleplay:
    title: str
    customer: str = ""
    agent: str = ""
    situation: str = ""
    goal: str = ""
    time: int | None = None
    observe: tuple[str, ...] = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class QuizSource:
    """A ```quiz block as written: questions in text2qti syntax, for the quiz parser.
    first_line is the 1-based line of its first question line."""

    text: str
    first_line: int
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Recording:
    """A call recording or a video: the image syntax with an audio file (mp3, m4a, wav) or a
    video (mp4), ![来电录音:第三次来电](calls/third-call.mp3){start=0:12 end=0:45}. path is
    absolute and inside the course; start and end (seconds) play only part of it; transcript:
    the ::: transcript right after it (what is said, in script syntax). The deck plays it, with
    the transcript in the speaker notes; the documents show its caption and transcript.
    container and length: what the file's header says it is ("mp3", "mp4", "wav"; "" when it
    is no audio or video, or missing) and how long it plays in seconds (None when unknown),
    read once when it is parsed (parse/recording.py)."""

    path: Path
    caption: str
    kind: Literal["audio", "video"]
    start: float | None = None
    end: float | None = None
    transcript: "Script | None" = None
    loc: Location = NOWHERE
    container: str = ""
    length: float | None = None


Block = Union[
    Paragraph, Heading, BulletList, Table, Image, Code, Quote, Columns, Aside,
    Script, Phrases, Model, Shortcuts, KB, Roleplay, QuizSource, Recording, Simulation,
]


# ---------------------------------------------------------------------------------------------
# Structure


@dataclass(frozen=True)
class Slide:
    """A level-2 heading and what follows it. layout: a layout name asked for with {layout=...}."""

    title: str
    blocks: tuple[Block, ...]
    layout: str | None = None
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Section:
    """A level-1 heading: its own slide (with any content before the first ##), then its slides.
    A module's slides before its first # sit in a section without a title."""

    title: str | None
    blocks: tuple[Block, ...]
    slides: tuple[Slide, ...]
    layout: str | None = None
    loc: Location = NOWHERE


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    path: Path
    duration: int | None = None  # minutes
    objectives: tuple[str, ...] = ()
    intro: tuple[Block, ...] = ()  # content before the first heading: goes on the opening slide
    sections: tuple[Section, ...] = ()
    loc: Location = NOWHERE
    # The front-matter keys the trainer wrote; None when the front matter could not be read (its
    # own error says so, and nothing that depends on it is reported again).
    given: frozenset[str] | None = frozenset()
    quizzes: tuple["Quiz", ...] = ()  # its ```quiz blocks, parsed (see the Quizzes section below)
    language: str = ""  # its own language (front matter "language:"), "" for the course's
    day: int | None = None  # front matter "day: 2": the module starts that day, at the day's start

    @property
    def slides(self) -> tuple[Slide, ...]:
        return tuple(s for sec in self.sections for s in sec.slides)


@dataclass(frozen=True)
class Course:
    root: Path
    title: str
    language: str = "en"
    subtitle: str = ""
    author: str = ""
    organization: str = ""
    modules: tuple[Module, ...] = ()
    quiz_files: tuple[Path, ...] = ()
    quiz: QuizSettings = field(default_factory=QuizSettings)
    outputs: tuple[str, ...] | None = None  # None: every output that has content
    theme_pptx: Path | None = None
    theme_docx: Path | None = None
    loc: Location = NOWHERE
    quizzes: tuple["Quiz", ...] = ()  # the quiz files (question banks), parsed
    date: str = ""  # a pandoc deck's title block date, shown on its title slide
    deck: bool = False  # a single Markdown file built as a course (a pandoc slide deck)
    schedule: Schedule | None = None  # a timed day (course.yml "schedule:")
    footer: str = ""  # on every slide and page ("内部培训资料 · 请勿外传")
    version: str = ""  # the course's version, on the covers and footers ("2.1")
    results_files: tuple[Path, ...] = ()  # the class's answers (course.yml "results:", results/)
    qa_files: tuple[Path, ...] = ()  # filled-in QA scorecards of live calls (results/qa/)
    audience: str = ""  # who the course is for ("新入职坐席"), in the catalogue
    system: Path | None = None  # the training system the course is in (trainerkit.yml), if any
    lint: LintSettings = field(default_factory=LintSettings)  # "lint:": kb and script lints
    qa: QASettings = field(default_factory=QASettings)  # "qa:": the QA scorecard's weights
    # What the results say (trainerkit.results: the analysis as plain, JSON-shaped data), None
    # when there are none; set by the build once the course is parsed.
    results: "dict | None" = field(default=None, compare=False, repr=False)
    qa_results: "dict | None" = field(default=None, compare=False, repr=False)  # results/qa/ (results/qa.py)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """templates/ of the course, then of its training system: the course's own file wins."""
        return (self.templates_dir,) + ((self.system / "templates",) if self.system else ())

    @property
    def home(self) -> Path:
        """What the course's paths are confined to: its system's folder, else its own."""
        return self.system or self.root

    @property
    def duration(self) -> int:
        return sum(m.duration or 0 for m in self.modules)

    @property
    def footer_line(self) -> str:
        """What the footer of every slide and page says: footer: and the version, joined by
        " · " ("内部培训资料 · 请勿外传 · v1.0"); a version number (2.1, 3, 1.0-beta) gets a "v",
        other versions ("v2.1", "2026 春季版") stay as they are written."""
        version = self.version
        if re.fullmatch(r"[0-9]+(\.[0-9]+)*([-+.]?[A-Za-z0-9]+)*", version):
            version = "v" + version
        return " · ".join(part for part in (self.footer, version) if part)


def walk(blocks: "tuple[Block, ...] | list[Block]"):
    """Every block, depth first, including those inside asides, columns, quotes and kb cards."""
    for block in blocks:
        yield block
        if isinstance(block, (Aside, Quote, KB)):
            yield from walk(block.blocks)
        elif isinstance(block, Columns):
            for column in block.columns:
                yield from walk(column)


def module_blocks(module: Module):
    """Every block of a module, in reading order."""
    yield from walk(module.intro)
    for section in module.sections:
        yield from walk(section.blocks)
        for slide in section.slides:
            yield from walk(slide.blocks)


# ---------------------------------------------------------------------------------------------
# What the writers receive (made by plan.py): one view per output and audience


SlideKind = Literal["title", "agenda", "module", "section", "content"]


@dataclass(frozen=True)
class DeckSlide:
    """One slide as the deck writer draws it: blocks already chosen for the room, notes apart.

    layout is always a layout name of the reference deck. The writer puts the title in the title
    placeholder, and the blocks in the body (or subtitle) placeholder; Columns fill the layout's
    body placeholders left to right."""

    title: str
    layout: str
    kind: SlideKind
    blocks: tuple[Block, ...]
    notes: tuple[Block, ...] = ()
    loc: Location = NOWHERE
    group: str = ""  # the module the slide belongs to ("" for the title and agenda): a cache unit
    language: str = ""  # its module's own language, where not the deck's (labels, run tags, fonts)
    anchor: str = ""  # what Jumps to this slide name it by (simulation.anchor)


@dataclass(frozen=True)
class Deck:
    title: str
    language: str
    slides: tuple[DeckSlide, ...]
    reference: Path  # the reference .pptx whose layouts are used
    author: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # generated words, in the course language
    # The words in each other language a module is written in (DeckSlide.language -> labels).
    labels_in: dict[str, dict[str, str]] = field(default_factory=dict)
    # What the layouts' footer and date placeholders say ("" leaves them off; the slide number
    # is always there), and the build's moment when the date is fixed (dates.stamp; "" for now).
    footer: str = ""
    date: str = ""
    fixed_time: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    """A table of contents over the headings of levels 0..depth that follow."""

    title: str
    depth: int = 2


@dataclass(frozen=True)
class Cover:
    """A document cover: a title and lines under it (subtitle, organisation, author, ...)."""

    title: str
    lines: tuple[Text, ...] = ()


@dataclass(frozen=True)
class WritingLines:
    """Ruled lines to write on by hand (observer notes, essay answers)."""

    count: int = 4


@dataclass(frozen=True)
class Card:
    """A card to print and cut out: a small header line (course, module), a title, its content.
    role names whose card it is (agent, customer, observer) so writers can tell them apart."""

    title: str
    blocks: tuple[Union[Block, WritingLines], ...]
    header: str = ""
    role: str = ""


@dataclass(frozen=True)
class CardSheet:
    """Cards laid out to cut apart: `across` cards side by side, rows flowing over the pages,
    a card never split over two pages."""

    cards: tuple[Card, ...]
    across: int = 2


DocBlock = Union[Block, PageBreak, Contents, Cover, WritingLines, CardSheet, Chart]


@dataclass(frozen=True)
class Document:
    """A Word document as the docx writer draws it. Asides left in blocks are shown as labelled,
    highlighted boxes (the guide's notes and trainer blocks); labels holds their captions."""

    kind: Literal["handout", "guide", "quickref", "roleplay", "quiz", "key", "report", "signin",
                  "evaluation"]
    title: str
    language: str
    blocks: tuple[DocBlock, ...]
    reference: Path | None  # the reference .docx whose styles are used (None: built-in)
    labels: dict[str, str] = field(default_factory=dict)
    author: str = ""
    # Where each module's parts of blocks start (the index of its PageBreak, and of what follows
    # its opening, which says its number in the course): the units the writer draws and caches
    # one by one. Blocks before the first belong to none (cover, contents).
    units: tuple[int, ...] = ()
    # Each unit's own language where it is not the document's ("" where it is), and the words
    # in each such language.
    unit_languages: tuple[str, ...] = ()
    labels_in: dict[str, dict[str, str]] = field(default_factory=dict)
    # The numbers headings say that depend on the module's place in the course (the guide's
    # slide numbers in the deck): (block index, offset, length) in the Heading's first Span. The
    # writer keys a unit without them and writes them in again, so a module's pages are the
    # same unit wherever the module is.
    numbers: tuple[tuple[int, int, int], ...] = ()
    # The page footer: its line ("" for none) and "Page 3 of 15" (labels' page_of); the build's
    # moment when the date is fixed (dates.stamp; "" for the time of writing).
    footer: str = ""
    page_numbers: bool = True
    fixed_time: str = ""


# ---------------------------------------------------------------------------------------------
# Quizzes: questions in text2qti syntax, parsed (parse/quiz.py); versions and outputs in quiz.py


QuestionKind = Literal["single", "true_false", "multiple", "short", "numerical", "essay", "upload"]


@dataclass(frozen=True)
class Choice:
    """A choice of a single- or multiple-answer question; feedback is shown when it is chosen."""

    text: Text
    correct: bool = False
    feedback: Text = ()
    loc: Location = NOWHERE


@dataclass(frozen=True)
class NumericAnswer:
    """The accepted range of a numerical question; exact is the written number when there is one
    (`= 30`, `= 45 +- 15`), None for `= [180, 220]`. raw is the line as written."""

    low: float
    high: float
    exact: float | None = None
    raw: str = ""


@dataclass(frozen=True)
class Objective:
    """The learning objective a question assesses: objective `number` of module `module`."""

    module: str
    number: int
    text: str = ""


@dataclass(frozen=True)
class Question:
    """One question. stem: its text as blocks (usually one paragraph). choices: the choices of a
    single/true-false/multiple question; answers: the accepted answers of a short-answer question;
    numeric: the range of a numerical one. points: what it is worth (a group's points per question
    for a question in a group). feedback is shown whatever the answer, correct_feedback and
    incorrect_feedback after a right or wrong answer, solution only in the key."""

    kind: QuestionKind
    stem: tuple[Block, ...]
    choices: tuple[Choice, ...] = ()
    answers: tuple[str, ...] = ()
    numeric: NumericAnswer | None = None
    points: float = 1
    title: str = ""
    feedback: Text = ()
    correct_feedback: Text = ()
    incorrect_feedback: Text = ()
    solution: Text = ()
    objective: Objective | None = None
    number: int = 0  # as the trainer numbered it
    loc: Location = NOWHERE

    @property
    def correct(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)


@dataclass(frozen=True)
class QuestionGroup:
    """GROUP ... END_GROUP: each sitting draws `pick` of its questions, each worth
    points_per_question."""

    questions: tuple[Question, ...]
    pick: int = 1
    points_per_question: float = 1
    loc: Location = NOWHERE


@dataclass(frozen=True)
class QuizText:
    """A text between questions (text2qti `Text:`, with an optional `Text title:`)."""

    title: str
    text: tuple[Block, ...]
    loc: Location = NOWHERE


QuizItem = Union[Question, QuestionGroup, QuizText]


@dataclass(frozen=True)
class Quiz:
    """A ```quiz block of a module, or a quiz file. module: the id of the module it belongs to
    (None for a quiz file). shuffle_answers and the like are text2qti's quiz options, kept for the
    learning-platform exports."""

    title: str
    items: tuple[QuizItem, ...]
    path: Path
    module: str | None = None
    description: tuple[Block, ...] = ()
    shuffle_answers: bool | None = None
    show_correct_answers: bool | None = None
    one_question_at_a_time: bool | None = None
    cant_go_back: bool | None = None
    loc: Location = NOWHERE

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, those of groups included, in the order written."""
        out: list[Question] = []
        for item in self.items:
            if isinstance(item, Question):
                out.append(item)
            elif isinstance(item, QuestionGroup):
                out.extend(item.questions)
        return tuple(out)

    @property
    def points(self) -> float:
        """What one sitting is worth: every question outside groups, `pick` from each group."""
        total = 0.0
        for item in self.items:
            if isinstance(item, Question):
                total += item.points
            elif isinstance(item, QuestionGroup):
                total += item.pick * item.points_per_question
        return total


def course_quizzes(course: Course) -> tuple[Quiz, ...]:
    """Every quiz of a course: the modules' ```quiz blocks in module order, then the quiz files."""
    return tuple(q for m in course.modules for q in m.quizzes) + course.quizzes


def media_blocks(value: object):
    """Every picture and recording in a module, a quiz or some blocks, however deeply nested
    (cards, columns, boxes, questions, slides): the files a build reads besides the text."""
    if isinstance(value, (Image, Recording)):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from media_blocks(item)
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, (Span, Location)):
        for name in value.__dataclass_fields__:
            yield from media_blocks(getattr(value, name))
