"""Plan: what each output shows, for whom. The deck gets what the room sees (notes apart); the
handout what learners keep; the guide everything a facilitator needs to run the class.

Templates add the generated parts (title slide, agenda, module openings, covers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Literal

from . import dates
from .system import shown_path
from .errors import Location
from .model import (
    KB, Aside, Block, BulletList, Card, CardSheet, Columns, Contents, Course, Cover, Deck, DeckSlide,
    DocBlock, Document, Heading, ListItem, Module, PageBreak, Paragraph, Quiz, QuizSource, Quote,
    Recording, Roleplay, Section, Shortcuts, Slide, Span, WritingLines, module_blocks, text_of,
)
from .plan_simulation import with_simulations
from .plan_paper import on_paper
from .schedule import agenda, timeline
from .templates import Templates, builtin
from .text import chinese_script, is_cjk, is_cjk_language

Audience = Literal["room", "learner", "facilitator"]

# Which asides each audience sees, and whether they stay boxed (True) or join the content (False).
# The slide show's builds (pandoc's ::: incremental, and a pause's "step") stay wrapped for the
# deck, which shows them click by click; documents show their content as it is.
_BUILDS = {"incremental": False, "nonincremental": False, "step": False}
SEES: dict[Audience, dict[str, bool]] = {
    "room": {"slides": False, "incremental": True, "nonincremental": False, "step": True},
    "learner": {"handout": False, **_BUILDS},
    "facilitator": {"notes": True, "trainer": True, "handout": True, **_BUILDS},
}


def for_audience(blocks: Iterable[Block], audience: Audience) -> tuple[Block, ...]:
    """The blocks an audience sees: asides kept, unwrapped or dropped; quiz sources dropped (the
    quiz outputs show them)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Aside):
            if block.kind not in SEES[audience]:
                continue
            inner = for_audience(block.blocks, audience)
            if SEES[audience][block.kind]:
                out.append(Aside(block.kind, inner, block.loc))
            else:
                out.extend(inner)
        elif isinstance(block, QuizSource):
            continue
        elif isinstance(block, Columns):
            out.append(Columns(tuple(for_audience(c, audience) for c in block.columns), block.loc,
                               block.widths))
        elif isinstance(block, Quote):
            out.append(Quote(for_audience(block.blocks, audience), block.loc))
        else:
            out.append(block)
    return tuple(out)


def without_brief(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Blocks with every role-play's agent brief emptied, however deeply nested: what the room
    (the deck, its notes included) may see of a scenario; the customer player is in the room.
    The same tuple when there is no brief in it."""
    out: list[Block] = []
    changed = False
    for block in blocks:
        new = block
        if isinstance(block, Roleplay) and block.agent:
            new = replace(block, agent="")
        elif isinstance(block, (Aside, Quote, KB)):
            inner = without_brief(block.blocks)
            new = block if inner is block.blocks else replace(block, blocks=inner)
        elif isinstance(block, Columns):
            columns = tuple(without_brief(c) for c in block.columns)
            if any(a is not b for a, b in zip(columns, block.columns)):
                new = replace(block, columns=columns)
        changed = changed or new is not block
        out.append(new)
    return tuple(out) if changed else blocks


def speaker_notes(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The `::: notes` of a slide, wherever they sit in it, and the transcript of each
    recording it plays (headed by the recording's caption)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Aside) and block.kind == "notes":
            out.extend(block.blocks)
        elif isinstance(block, Recording) and block.transcript is not None:
            out.append(replace(block.transcript, title=block.transcript.title or block.caption))
        elif isinstance(block, Aside) and block.kind in _BUILDS:  # notes after a pause
            out.extend(speaker_notes(block.blocks))
        elif isinstance(block, Columns):
            for column in block.columns:
                out.extend(speaker_notes(column))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# The deck


def default_layout(blocks: tuple[Block, ...]) -> str:
    if any(isinstance(b, Columns) for b in blocks):
        return "Two Content"
    return "Title and Content" if blocks else "Title Only"


def module_starts(course: Course) -> list[int]:
    """When each module begins: minutes after midnight in a timed course (schedule:), minutes
    from the start of its day in one without a schedule (schedule.timeline decides)."""
    return [slot.start for _, slot in timeline(course).module_slots()]


def _slides_of(sections: list[Section], intro: list[Block]) -> list[Slide]:
    """The slides a template fragment made; intro blocks join the first one."""
    slides = [s for sec in sections for s in sec.slides]
    if slides and intro:
        first = slides[0]
        slides[0] = Slide(first.title, tuple(intro) + first.blocks, first.layout, first.loc)
    return slides


def _deck_slide(slide: Slide, kind: str, default: str | None = None,
                quizzes: QuizIndex | None = None, labels: dict[str, str] | None = None) -> DeckSlide:
    blocks = with_quiz_questions(slide.blocks, quizzes, labels or {})
    shown = for_audience(blocks, "room")
    layout = slide.layout or default or default_layout(shown)
    return DeckSlide(slide.title, layout, kind, shown, speaker_notes(blocks), slide.loc)  # type: ignore[arg-type]


QuizIndex = dict[tuple[str, int], Quiz]


def quiz_index(course: Course) -> QuizIndex:
    """The parsed quiz of each ```quiz block, by where its questions start."""
    return {(q.loc.path, q.loc.line): q for m in course.modules for q in m.quizzes}


def with_quiz_questions(blocks: tuple[Block, ...], quizzes: QuizIndex | None,
                        labels: dict[str, str]) -> tuple[Block, ...]:
    """Blocks with each ```quiz block replaced by its questions (see quiz_questions)."""
    if not quizzes or not any(isinstance(b, QuizSource) for b in blocks):
        return blocks
    return tuple(x for b in blocks for x in (
        quiz_questions(b, quizzes, labels) if isinstance(b, QuizSource) else [b]))


def quiz_questions(source: QuizSource, quizzes: QuizIndex, labels: dict[str, str]) -> list[Block]:
    """A ```quiz block where it is written: the questions and their choices, to discuss in class
    or try in the handout; the answers in a notes block, so only the speaker notes and the
    facilitator guide show them."""
    from .quiz.numbers import numeric_text
    from .quiz.versions import LETTERS

    quiz = quizzes.get((source.loc.path, source.first_line))
    if quiz is None:
        return []
    shown: list[Block] = []
    answers: list[ListItem] = []
    for n, q in enumerate(quiz.questions, 1):
        stem = next((b.text for b in q.stem if isinstance(b, Paragraph)), ())
        shown.append(Paragraph((Span(f"{n}. ", bold=True),) + stem, q.loc))
        if q.choices:
            shown.append(BulletList(tuple(
                ListItem((Span(f"{LETTERS[k]}. "),) + c.text, 0, False, None, c.loc, False)
                for k, c in enumerate(q.choices)), q.loc))
        if q.choices:
            right = tuple(x for k, c in enumerate(q.choices) if c.correct
                          for x in (Span(f" {LETTERS[k]}. "),) + c.text)
        elif q.kind == "short":
            right = (Span(" " + " / ".join(q.answers)),)
        elif q.kind == "numerical":
            right = (Span(" " + numeric_text(q)),)
        else:
            right = (Span(" " + labels.get("marked_by_trainer", "")),)
        extra = (Span(" — "),) + q.feedback if q.feedback else ()
        answers.append(ListItem((Span(f"{n}.", bold=True),) + right + extra, 0, False, None, q.loc))
    notes = (Paragraph((Span(labels.get("key", "Answer key"), bold=True),)), BulletList(tuple(answers)))
    return shown + [Aside("notes", notes, source.loc)]


def module_opening(templates: Templates, module: Module, number: int,
                   labels: dict[str, str] | None = None) -> Slide | None:
    """A module's opening (its title, objectives and time), in its own language's words."""
    intro, sections = templates.fragment("module-opening.md.j2", module=module, number=number,
                                         labels=dict(labels if labels is not None else templates.labels))
    slides = _slides_of(sections, intro)
    if not slides:
        return None
    first = slides[0]
    return Slide(first.title, first.blocks + module.intro, first.layout, module.loc)


def as_written(course: Course) -> bool:
    """Whether the deck is only what its author wrote: a single Markdown file built as a course
    (a pandoc deck) whose module has neither objectives nor a duration gets no agenda and no
    module-opening slide, as pandoc would make none (its opening text stays a slide of its own)."""
    return course.deck and all(not m.objectives and not m.duration for m in course.modules)


def plan_deck(course: Course, templates: Templates) -> Deck:
    slides: list[DeckSlide] = []
    day = build_date(course)
    intro, sections = templates.fragment("deck-title.md.j2", build_date=day)
    for k, s in enumerate(_slides_of(sections, intro)):
        if k == 0 and course.date:  # a pandoc deck's date, under its author
            s = replace(s, blocks=s.blocks + (Paragraph((Span(course.date),)),))
        slides.append(_deck_slide(s, "title" if k == 0 else "content", "Title Slide" if k == 0 else None))
    plain = as_written(course)
    if course.modules and not plain:
        intro, sections = templates.fragment("deck-agenda.md.j2", starts=module_starts(course),
                                             schedule=agenda(course))
        slides += [_deck_slide(s, "agenda") for s in _slides_of(sections, intro)]
    quizzes = quiz_index(course)
    languages: dict[str, dict[str, str]] = {}
    for number, module in enumerate(course.modules, 1):
        language, labels = module_labels(module, course, templates)
        if language:
            languages[language] = dict(labels)
        own: list[DeckSlide] = []
        opening = None if plain else module_opening(templates, module, number, labels)
        if plain and module.intro:  # what comes before the first heading: a slide of its own
            own.append(_deck_slide(Slide("", module.intro, None, module.loc), "content",
                                   quizzes=quizzes, labels=labels))
        if opening is not None:
            own.append(_deck_slide(opening, "module", "Title and Content"))
        for section in module.sections:
            if section.title is not None:
                own.append(DeckSlide(
                    section.title, section.layout or "Section Header", "section",
                    for_audience(section.blocks, "room"), speaker_notes(section.blocks), section.loc))
            own += [_deck_slide(s, "content", quizzes=quizzes, labels=labels)
                    for s in section.slides]
        own = with_simulations(own, labels)  # a call simulation: a slide per step (issue 16)
        slides += [replace(s, group=module.id, language=language) for s in own]
    # The room sees every role-play's scenario, never the agent's brief (nor do the notes, which
    # travel with the deck file).
    slides = [_for_the_room(s) for s in slides]
    return Deck(title=course.title, language=course.language, slides=tuple(slides),
                reference=course.theme_pptx or builtin("reference.pptx"), author=course.author,
                labels=templates.labels, labels_in=languages, footer=course.footer_line,
                date=day if course.footer_line else "", fixed_time=dates.stamp())


def build_date(course: Course) -> str:
    """The build date in the course's form (dates.py), as the covers show it; "" for a single
    Markdown file built as a pandoc deck, whose title block's date, if any, is its own."""
    return "" if course.deck else dates.date_text(dates.build_day(), course.language)


# A few of the commonest characters written differently in Traditional and Simplified Chinese:
# enough to tell which script a module is in.
_TRADITIONAL = set("這們個來說會對時為從與裡麼後過還點樣開關電話務戶問題處理請嗎當")
_SIMPLIFIED = set("这们个来说会对时为从与里么后过还点样开关电话务户问题处理请吗当")
_TRADITIONAL, _SIMPLIFIED = _TRADITIONAL - _SIMPLIFIED, _SIMPLIFIED - _TRADITIONAL
_OF_SCRIPT = {"latin": "en", "Hans": "zh-CN", "Hant": "zh-TW"}


# A Latin word: a run of letters below U+0250; a CJK character: what text.is_cjk says, a letter.
_LATIN_WORD = re.compile("[" + "".join(re.escape(chr(c)) for c in range(0x250) if chr(c).isalpha()) + "]+")


def written_in(texts: Iterable[str]) -> str:
    """What text is written in: "latin" where Latin words outnumber CJK characters (a character
    carries about a word: a Chinese module with English terms stays Chinese), else "Hant" or
    "Hans" by which of the commonest characters it uses ("Hans" when it uses none)."""
    text = "\n".join(texts)
    words = len(_LATIN_WORD.findall(text))
    counts = Counter(text)  # each character once: a module holds a few thousand distinct ones
    chars = sum(n for ch, n in counts.items() if ch.isalpha() and is_cjk(ch))
    if words > chars:
        return "latin"
    trad = sum(counts[ch] for ch in _TRADITIONAL)
    simp = sum(counts[ch] for ch in _SIMPLIFIED)
    return "Hant" if trad > simp else "Hans"


_NOT_TEXT = frozenset({"loc", "path", "layout", "kind"})


def _texts(node: object) -> Iterable[str]:
    """Every piece of text a block shows: the text of its spans, at any depth."""
    if isinstance(node, Span):
        yield node.text
    elif isinstance(node, str):
        yield node
    elif isinstance(node, (tuple, list)):
        for child in node:
            yield from _texts(child)
    elif hasattr(node, "__dataclass_fields__") and not isinstance(node, type):
        for name in node.__dataclass_fields__:
            if name not in _NOT_TEXT:
                yield from _texts(getattr(node, name))


def module_language(module: Module, course: Course) -> str:
    """The language a module is written in where it is not the course's, "" where it is: its
    front matter's language:, else what its text is written in (an English module of a Chinese
    course, a Simplified or Traditional Chinese one of an English course or of a course in the
    other script). Its labels, run languages and fonts follow it; the agenda and covers stay
    in the course's language."""
    if module.language:
        return "" if same_language(module.language, course.language) else module.language
    course_script = chinese_script(course.language)
    if is_cjk_language(course.language) and course_script is None:  # Japanese, Korean: only Latin is told apart
        course_script = "cjk"
    found = _module_written_in(module)
    if found == "latin":
        return "en" if is_cjk_language(course.language) else ""
    if course_script in (found, "cjk"):
        return ""
    return _OF_SCRIPT[found]


_WRITTEN: dict[int, tuple[Module, str]] = {}  # id(module): (the module, what it is written in)


def _module_written_in(module: Module) -> str:
    """written_in of a module's text, found once per module object: every output asks, and
    in a training system every course sharing a library module asks of the same object."""
    hit = _WRITTEN.get(id(module))
    if hit is not None and hit[0] is module:
        return hit[1]
    found = written_in(_texts((module.title, module.objectives, module.intro, module.sections)))
    if len(_WRITTEN) > 4096:
        _WRITTEN.clear()
    _WRITTEN[id(module)] = (module, found)  # the module kept, so its id is not reused
    return found


def same_language(a: str, b: str) -> bool:
    """Whether two tags mean the same language and, for Chinese, the same script."""
    if chinese_script(a) or chinese_script(b):
        return chinese_script(a) == chinese_script(b)
    return a.replace("_", "-").split("-")[0].lower() == b.replace("_", "-").split("-")[0].lower()


def module_labels(module: Module, course: Course, templates: Templates) -> tuple[str, dict[str, str]]:
    """A module's language ("" for the course's) and the words trainerkit writes in it."""
    language = module_language(module, course)
    return language, (templates.labels_in(language) if language else templates.labels)


def _for_the_room(slide: DeckSlide) -> DeckSlide:
    """A slide without any agent's brief (see without_brief)."""
    blocks, notes = without_brief(slide.blocks), without_brief(slide.notes)
    if blocks is slide.blocks and notes is slide.notes:
        return slide
    return replace(slide, blocks=blocks, notes=notes)


# ---------------------------------------------------------------------------------------------
# The documents


def _cover(templates: Templates, name: str) -> Cover:
    intro, sections = templates.fragment(name, build_date=build_date(templates.course))
    title = next((s.title for s in sections if s.title), None) or templates.course.title
    lines = [b.text for b in intro if isinstance(b, Paragraph)]
    for sec in sections:
        lines += [b.text for b in sec.blocks if isinstance(b, Paragraph)]
    return Cover(title, tuple(lines))


def _fragment_blocks(templates: Templates, name: str, level: int, **context) -> list[DocBlock]:
    """A template's output as document blocks: # and ## become headings of the given level and
    the one below."""
    intro, sections = templates.fragment(name, **context)
    out: list[DocBlock] = list(intro)
    for sec in sections:
        if sec.title:
            out.append(Heading(level, text_of(sec.title), sec.loc))
        out += sec.blocks
        for s in sec.slides:
            if s.title:
                out.append(Heading(level + 1, text_of(s.title), s.loc))
            out += s.blocks
    return out


def _with_debriefs(blocks: tuple[Block, ...], templates: Templates, labels: dict[str, str]) -> list[DocBlock]:
    """The facilitator's view of a role-play: the scenario, then how to debrief it."""
    out: list[DocBlock] = []
    for block in blocks:
        out.append(block)
        if isinstance(block, Roleplay):
            intro, sections = templates.fragment("guide-debrief.md.j2", roleplay=block, labels=dict(labels))
            out += intro
    return out


def slide_numbers(deck: Deck, counts: Iterable[int]) -> dict[Location, str]:
    """The deck's slide number(s) of each slide a trainer wrote, by where it was written ("12",
    or "12–13" where its content continues on a second slide, or it holds a simulation, whose
    step slides carry its place: plan_simulation). counts: how many slides each
    planned slide becomes, which only the deck writer can say (outputs.py asks it)."""
    spans: dict[Location, tuple[int, int]] = {}
    n, before = 1, None
    for ds, count in zip(deck.slides, counts):
        if ds.group and ds.loc == before and ds.loc in spans:  # a simulation's steps: one range
            spans[ds.loc] = (spans[ds.loc][0], n + count - 1)
        elif ds.group:
            spans.setdefault(ds.loc, (n, n + count - 1))
        before = ds.loc
        n += count
    return {loc: f"{a}" if a == b else f"{a}–{b}" for loc, (a, b) in spans.items()}


class ModuleParts(list):
    """The modules as document blocks, where each module's parts start (its PageBreak, and
    after its opening), and the language each part is written in ("" for the course's)."""

    def __init__(self):
        super().__init__()
        self.starts: list[int] = []
        self.languages: list[str] = []
        self.numbers: list[tuple[int, int, int]] = []  # model.Document.numbers


def _module_blocks(course: Course, templates: Templates, audience: Audience,
                   numbers: dict[Location, str] | None = None) -> ModuleParts:
    """The modules as a document, each in its own language's words; with numbers, each
    slide's heading says which slide it is."""
    out = ModuleParts()
    quizzes = quiz_index(course)
    numbers = numbers or {}

    def slide_heading(slide: Slide, labels: dict[str, str]) -> Heading:
        """The slide's title, after its number in the deck when it has one ("幻灯片 12 · …"):
        the number is marked (ModuleParts.numbers) for the writer's cache."""
        number = numbers.get(slide.loc)
        if not number:
            return Heading(2, text_of(slide.title), slide.loc)
        lead = f"{labels['slide']} "
        out.numbers.append((len(out), len(lead), len(number)))  # the heading is out's next block
        return Heading(2, (Span(f"{lead}{number} · "), *text_of(slide.title)), slide.loc)

    def shown(blocks: tuple[Block, ...], labels: dict[str, str]) -> list[DocBlock]:
        seen = for_audience(with_quiz_questions(blocks, quizzes, labels), audience)
        seen = on_paper(seen, audience, templates, labels)  # call simulations (plan_paper.py)
        return _with_debriefs(seen, templates, labels) if audience == "facilitator" else list(seen)

    for number, module in enumerate(course.modules, 1):
        language, labels = module_labels(module, course, templates)
        out.starts.append(len(out))
        out.languages.append(language)
        out.append(PageBreak())
        out.append(Heading(0, text_of(module.title), module.loc))
        opening = module_opening(templates, module, number, labels)
        if opening is not None:
            out += shown(opening.blocks, labels)
        if audience == "facilitator" and course.results:  # how the last class did (issue 15)
            out += last_run(course, module, templates, labels)
        if opening is not None or len(out) > out.starts[-1] + 2:
            # The opening says the module's number in this course: the rest is a unit of its
            # own, the same in every course that lays the module out alike.
            out.starts.append(len(out))
            out.languages.append(language)
        for section in module.sections:
            if section.title is not None:
                out.append(Heading(1, text_of(section.title), section.loc))
            out += shown(section.blocks, labels)
            for slide in section.slides:
                if slide.title or slide.loc in numbers:
                    out.append(slide_heading(slide, labels))
                out += shown(slide.blocks, labels)
    return out


# ---------------------------------------------------------------------------------------------
# The last class (issue 15): what the guide says at a module's opening, from the results


def last_run(course: Course, module: Module, templates: Templates,
             labels: dict[str, str]) -> list[Block]:
    """A trainer box (empty when the results say nothing of the module): the last cohort's
    mastery of each of the module's objectives (and the cohort's before it), the questions on
    them flagged for review with why, and the module's role-play items most learners missed.
    Only the analysis (course.results) is read."""
    results = course.results or {}
    cohorts = [c for c in results.get("cohorts") or [] if isinstance(c, dict)]
    names = [c.get("name") for c in cohorts]
    at = names.index(results.get("cohort")) if results.get("cohort") in names else -1
    before = {o.get("id"): o.get("mastery") for o in cohorts[at - 1].get("objectives") or []} if at > 0 else {}
    ours = {o.get("id"): o for o in results.get("objectives") or []
            if o.get("module") == module.id and o.get("mastery") is not None}
    said: dict[str, list[str]] = {}  # an objective's flags, by its id
    for f in results.get("flags") or []:
        if f.get("kind") == "objective":
            said.setdefault(f.get("id"), []).append(f.get("message", ""))
    objectives = [{"number": k, "text": words, "percent": _whole(ours[ident]["mastery"]),
                   "masters": ours[ident].get("masters", 0), "learners": ours[ident].get("learners", 0),
                   "before": None if before.get(ident) is None else _whole(before[ident]),
                   "flags": said.get(ident, [])}
                  for k, words in enumerate(module.objectives, 1)
                  if (ident := f"{module.id}.{k}") in ours]
    questions = [{"text": q.get("text", ""), "where": _in_course(course, q.get("loc", "")),
                  "reasons": [f.get("message", "") for f in q["flags"]]}
                 for q in results.get("questions") or []
                 if q.get("flags") and str(q.get("objective", "")).rpartition(".")[0] == module.id]
    titles = {b.title for b in roleplays(module)}
    missed = [{"scenario": rp.get("scenario", ""), "text": item.get("text", ""), "share": _whole(item["share"])}
              for rp in results.get("roleplays") or [] if rp.get("scenario") in titles
              for item in rp.get("items") or [] if item.get("flags") and item.get("share") is not None]
    if not (objectives or questions or missed):
        return []
    intro, _sections = templates.fragment(
        "guide-last-run.md.j2", labels=dict(labels), cohort=results.get("cohort") or "",
        learners=(results.get("test") or {}).get("learners", 0), objectives=objectives,
        questions=questions, missed=missed)
    return [Aside("trainer", tuple(intro), module.loc)] if intro else []


def _whole(percent: float) -> int:
    """A percentage as the guide prints it: a whole number, halves rounded up."""
    return int(percent + 0.5)


def _in_course(course: Course, where: str) -> str:
    """A file:line of the analysis (as the terminal shows it) as a path in the course folder."""
    path, sep, line = where.rpartition(":")
    if not sep or not line.isdigit():
        path, sep, line = where, "", ""
    path = shown_path(course, path) or path
    return f"{path}{sep}{line}"


def plan_handout(course: Course, templates: Templates) -> Document:
    blocks: list[DocBlock] = [_cover(templates, "handout-cover.md.j2"),
                              Contents(templates.labels["contents"], depth=1)]
    modules = _module_blocks(course, templates, "learner")
    units = [len(blocks) + k for k in modules.starts]
    blocks += modules
    return _document("handout", course, templates, blocks, units, modules.languages)


def plan_guide(course: Course, templates: Templates,
               numbers: dict[Location, str] | None = None) -> Document:
    """The facilitator's guide; numbers: each trainer's slide's number in the deck, by where it
    was written (slide_numbers), shown in its heading."""
    blocks: list[DocBlock] = [_cover(templates, "guide-cover.md.j2"),
                              Contents(templates.labels["contents"], depth=1)]
    blocks += _fragment_blocks(templates, "guide-agenda.md.j2", 0, starts=module_starts(course),
                              schedule=agenda(course))
    modules = _module_blocks(course, templates, "facilitator", numbers)
    units = [len(blocks) + k for k in modules.starts]
    marked = tuple((len(blocks) + k, offset, length) for k, offset, length in modules.numbers)
    blocks += modules
    # The quizzes' answer keys, every version (issue 4): a part of its own, after its PageBreak.
    from .quiz.papers import guide_keys

    keys = guide_keys(course, templates)
    languages = list(modules.languages)
    if keys:
        units.append(len(blocks))
        languages.append("")
    blocks += keys
    return replace(_document("guide", course, templates, blocks, units, languages), numbers=marked)


# ---------------------------------------------------------------------------------------------
# Cards: the quick-reference card and the role-play cards


def quickref_blocks(module: Module) -> list[Shortcuts | KB]:
    return [b for b in module_blocks(module) if isinstance(b, (Shortcuts, KB))]


def roleplays(module: Module) -> list[Roleplay]:
    return [b for b in module_blocks(module) if isinstance(b, Roleplay)]


def plan_quickref(course: Course, templates: Templates) -> Document:
    """Every shortcuts and kb block of the course, grouped by module, as cards to cut out."""
    labels = templates.labels
    blocks: list[DocBlock] = [Heading(0, text_of(f"{course.title} · {labels['quickref']}"))]
    for module in course.modules:
        found = quickref_blocks(module)
        if not found:
            continue
        blocks.append(Heading(1, text_of(module.title), module.loc))
        cards = []
        own = module_labels(module, course, templates)[1]
        for block in found:
            default = labels["shortcuts"] if isinstance(block, Shortcuts) else labels["quickref"]
            # a call simulation on a kb card: its paper version, as in the handout
            content = (block,) if isinstance(block, Shortcuts) \
                else on_paper(block.blocks, "learner", templates, own)
            cards.append(Card(block.title or default, content, f"{course.title} · {module.title}",
                              "shortcuts" if isinstance(block, Shortcuts) else "kb"))
        blocks.append(CardSheet(tuple(cards), across=2))
    return _document("quickref", course, templates, blocks)


ROLES = ("agent", "customer", "observer")


def roleplay_cards(roleplay: Roleplay, module: Module, templates: Templates) -> list[Card]:
    """One card per role, in the module's own language; each role's template says what that
    role may know."""
    _, labels = module_labels(module, templates.course, templates)
    cards = []
    for role in ROLES:
        intro, sections = templates.fragment(f"roleplay-{role}.md.j2", roleplay=roleplay, module=module,
                                             labels=dict(labels))
        slides = _slides_of(sections, intro)
        title = slides[0].title if slides else f"{labels[role]} · {roleplay.title}"
        content: list = list(slides[0].blocks) if slides else list(intro)
        if role == "observer":
            content.append(WritingLines(6))
        cards.append(Card(title, tuple(content), f"{templates.course.title} · {module.title}", role))
    return cards


def plan_roleplay(course: Course, templates: Templates) -> Document:
    """Per scenario, a card for the agent, the customer and the observer, to hand out."""
    labels = templates.labels
    blocks: list[DocBlock] = [Heading(0, text_of(f"{course.title} · {labels['roleplay']}"))]
    first = True
    for module in course.modules:
        for roleplay in roleplays(module):
            if not first:
                blocks.append(PageBreak())
            first = False
            blocks.append(Heading(1, text_of(roleplay.title or module.title), roleplay.loc))
            blocks.append(CardSheet(tuple(roleplay_cards(roleplay, module, templates)), across=1))
    return _document("roleplay", course, templates, blocks)


def _document(kind: str, course: Course, templates: Templates, blocks: list[DocBlock],
              units: Iterable[int] = (), languages: Iterable[str] = ()) -> Document:
    """A Word document of the course; units: where each module's part starts (its PageBreak);
    languages: each unit's own language ("" for the course's)."""
    title = f"{course.title} · {templates.labels.get(kind, kind)}"
    languages = tuple(languages)
    return Document(kind=kind, title=title, language=course.language, blocks=tuple(blocks),  # type: ignore[arg-type]
                    reference=course.theme_docx, labels=templates.labels, author=course.author,
                    units=tuple(units), unit_languages=languages,
                    labels_in={lang: dict(templates.labels_in(lang)) for lang in set(languages) if lang},
                    footer=course.footer_line, fixed_time=dates.stamp())


def layouts_asked(course: Course) -> list[tuple[str, Location]]:
    """Every layout a trainer named, with where: for checking against the reference deck."""
    asked = []
    for module in course.modules:
        for section in module.sections:
            if section.layout:
                asked.append((section.layout, section.loc))
            for slide in section.slides:
                if slide.layout:
                    asked.append((slide.layout, slide.loc))
    return asked
