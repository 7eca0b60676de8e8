"""Check: whole-course validation and lints after parsing, before anything is written.

Errors stop the build; warnings are advice a trainer may take or leave (`--strict` makes them
errors).
"""

from __future__ import annotations

import dataclasses
import difflib
import re

from . import limits
from .check_simulations import check_simulation_objectives, check_simulations
from .errors import Diagnostics, Location
from .layouts import LayoutsError, layout_lookup
from .messages import Msg, _
from .model import (
    BulletList, Code, Course, Image, Model, Module, Paragraph, Phrases, Script, Shortcuts, Slide,
    Span, Table, course_quizzes, module_blocks, plain, walk,
)
from .plan import for_audience, layouts_asked
from .schedule import Timeline, timeline
from .templates import builtin

MAX_BULLETS = 7
MAX_LINES = 12          # lines of body text at 24 pt on a 16:9 slide, roughly
LINE_EM = 34            # em per line of the body placeholder at 24 pt
BIG_IMAGE = 5 * 1024 * 1024


def check_module(module: Module, diags: Diagnostics, deck: bool = False) -> None:
    """The checks and lints that read one module alone (its slides' sizes and links, its front
    matter, its slides' length, its pictures' size). build.py keeps what they found with the
    parsed module, so an edit checks only the module edited. deck: a single Markdown file built
    as a course (a pandoc deck), which is not told it lacks objectives and a duration."""
    check_slide_sizes(module, diags)
    check_links(module, diags)
    if not deck:
        _lint_module(module, diags)
    for section in module.sections:
        for slide in section.slides:
            _lint_slide(slide, diags)
    for block in module_blocks(module):
        if isinstance(block, Image):
            size = block.path.stat().st_size if block.path.is_file() else 0
            if size > BIG_IMAGE:
                diags.warning(block.loc, _('image "{name}" is {size:.1f} MB; save it smaller (under '
                                           "5 MB) so the deck stays light", name=block.path.name,
                                           size=size / 1048576))
    check_recordings(module_blocks(module), diags)
    check_simulations(module, diags)


def check_course(course: Course, diags: Diagnostics, each_module: bool = True) -> None:
    """Problems no single file shows: duplicate module ids, the course's size, layouts the deck
    lacks, bad themes; with each_module, every module's own checks too (check_module)."""
    check_recordings((b for quiz in course_quizzes(course) for b in quiz_blocks(quiz)), diags)
    seen: dict[str, Location] = {}
    for module in course.modules:
        if module.id in seen:
            diags.error(module.loc, _('module id "{id}" is already used by {other}; give one of '
                                      'them another "id:" in its front matter',
                                      id=module.id, other=str(seen[module.id])))
        else:
            seen[module.id] = module.loc
        if each_module:
            check_module(module, diags)
    check_simulation_objectives(course, diags)
    check_course_size(course, diags)
    check_layouts(course, diags)
    check_breaks(course, diags)


def check_course_size(course: Course, diags: Diagnostics) -> None:
    """All the content of a course within limits.MAX_COURSE_ITEMS and MAX_COURSE_TABLE_CELLS:
    each module may be within its own limits and the course still take many minutes to draw."""
    items = cells = 0
    for module in course.modules:
        for block in module_blocks(module):
            if isinstance(block, Table):
                cells += (len(block.rows) + 1) * max(1, len(block.header))
            else:
                items += _items(block)
    for n, bound, what, name in ((items, limits.MAX_COURSE_ITEMS, _("list items, paragraphs and "
                                                                    "code lines"), "MAX_COURSE_ITEMS"),
                                 (cells, limits.MAX_COURSE_TABLE_CELLS, _("table cells"),
                                  "MAX_COURSE_TABLE_CELLS")):
        if n > bound:
            diags.error(course.loc, _("the modules of this course hold {n:,} {what}, more than "
                                      "{most:,} (the limit {limit}); make it two courses",
                                      n=n, what=what, most=bound, limit=name))


def check_slide_sizes(module: Module, diags: Diagnostics) -> None:
    """A slide that shows more than limits.MAX_SLIDE_ITEMS lines of content is an error before
    the deck writer paginates it into hundreds of slides (a hostile module could take minutes).
    The documents paginate long content cheaply: what only the handout shows is not counted."""
    places = [(module.loc, module.intro)] + [(sec.loc, sec.blocks) for sec in module.sections]
    places += [(slide.loc, slide.blocks) for sec in module.sections for slide in sec.slides]
    for loc, blocks in places:
        n = sum(_items(b) for b in walk(for_audience(blocks, "room")))
        if n > limits.MAX_SLIDE_ITEMS:
            diags.error(loc, _("this slide holds {n:,} list items, table rows, paragraphs and code "
                               "lines, more than {most:,} (the limit MAX_SLIDE_ITEMS); split it into "
                               "slides with ## headings", n=n, most=limits.MAX_SLIDE_ITEMS))


def check_links(module: Module, diags: Diagnostics) -> None:
    """At most limits.MAX_LINKS_PER_MODULE links in a module, counted in every block (handout,
    notes and trainer blocks too): each becomes a relationship of the part that shows it. A
    located error at the block holding the first link over the limit."""
    n = 0
    tops = [module.intro] + [sec.blocks for sec in module.sections]
    tops += [slide.blocks for sec in module.sections for slide in sec.slides]
    stack: list[tuple[object, Location]] = [(blocks, module.loc) for blocks in reversed(tops)]
    while stack:  # depth first, in reading order; never recursion (blocks nest)
        obj, loc = stack.pop()
        if isinstance(obj, (tuple, list)):
            if obj and isinstance(obj[0], Span):
                n += _link_runs(obj)
                if n > limits.MAX_LINKS_PER_MODULE:
                    diags.error(loc, _("the links of this module pass {most:,} here (the limit "
                                       "MAX_LINKS_PER_MODULE); move some to another module, or "
                                       "write the addresses as text",
                                       most=limits.MAX_LINKS_PER_MODULE))
                    return
            else:
                stack.extend((item, loc) for item in reversed(obj))
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, (type, Span, Location)):
            here = getattr(obj, "loc", None)
            here = here if isinstance(here, Location) and here.line else loc
            stack.extend((getattr(obj, f.name), here) for f in reversed(dataclasses.fields(obj)))


def _link_runs(text) -> int:
    """Links of a text: spans in a row sharing an address are one link."""
    n, last = 0, None
    for span in text:
        link = span.link if isinstance(span, Span) else None
        if link and link != last:
            n += 1
        last = link
    return n


# ---------------------------------------------------------------------------------------------
# Call recordings and videos: the file as parse/recording.py found it (its header read there)

BIG_RECORDING = 25 * limits.MB  # a deck carries its media whole: more is a heavy file to mail
# The extension a file of each container should have (an MP4 file holding only sound: .m4a).
_RIGHT_SUFFIX = {("mp3", "audio"): ".mp3", ("wav", "audio"): ".wav", ("mp4", "audio"): ".m4a",
                 ("mp4", "video"): ".mp4", ("mp3", "video"): ".mp3", ("wav", "video"): ".wav"}
_SUFFIXES = {".mp3": "mp3", ".m4a": "mp4", ".mp4": "mp4", ".wav": "wav"}


def check_recordings(blocks, diags: Diagnostics) -> None:
    """Each recording's file: missing, or no audio or video, or named for another type (errors);
    over BIG_RECORDING (a warning); a part to play (start, end) outside its length, or ending
    before it starts (errors). Located at the recording."""
    from .model import Recording
    from .parse.recording import clock

    for block in blocks:
        if not isinstance(block, Recording):
            continue
        name, loc = block.path.name, block.loc
        if not block.path.is_file():
            diags.error(loc, _missing_recording(block.path))
            continue
        if not block.container:
            diags.error(loc, _('recording "{name}" is not a sound or video file trainerkit can read '
                               "(its first bytes are not those of an MP3, MP4 or WAV file); save it "
                               "again as MP3 or M4A, or a video as MP4", name=name))
            continue
        suffix = block.path.suffix.lower()
        if _SUFFIXES.get(suffix) != block.container:
            diags.error(loc, _('recording "{name}" is a file of type {found}, but its name ends in '
                               "{suffix}; rename it to end in {right}", name=name, found=block.container.upper(),
                               suffix=suffix, right=_RIGHT_SUFFIX[(block.container, block.kind)]))
            continue
        size = block.path.stat().st_size
        if size > BIG_RECORDING:
            diags.warning(loc, _('recording "{name}" is {size:.1f} MB, more than {most} MB; the deck '
                                 "carries it whole: cut it to the part you play, or save it at a "
                                 "lower bit rate", name=name, size=size / limits.MB,
                                 most=BIG_RECORDING // limits.MB))
        start, end, length = block.start, block.end, block.length
        if start is not None and end is not None and end <= start:
            diags.error(loc, _("this recording's end={end} does not come after its start={start}; "
                               "give the time it should stop playing", end=clock(end),
                               start=clock(start)))
        elif length is not None:
            for key, value in (("start", start), ("end", end)):
                if value is not None and (value > length + 0.05 or key == "start" and value >= length):
                    diags.error(loc, _('recording "{name}" plays for {length}; its {key}={value} is '
                                       "past its end", name=name, length=clock(length), key=key,
                                       value=clock(value)))


def _missing_recording(path) -> str:
    """The error for a recording whose file is not there: where it was looked for, and a name
    in that folder that differs only in case, or a little (a typo), if any."""
    from .errors import display_path

    place = display_path(path)
    folder = path.parent
    names = [f.name for f in folder.iterdir() if f.is_file()] if folder.is_dir() else []
    close = [n for n in names if n.lower() == path.name.lower()] or \
        difflib.get_close_matches(path.name, names, n=1, cutoff=0.7)
    if close:
        return _('recording "{name}" does not exist (looked for {place}); did you mean "{close}"?',
                 name=path.name, place=place, close=close[0])
    return _('recording "{name}" does not exist (looked for {place})', name=path.name, place=place)


def quiz_blocks(quiz):
    """Every block of a quiz: its description, its texts and its questions' stems."""
    from .model import QuestionGroup, QuizText

    yield from walk(quiz.description)
    for item in quiz.items:
        if isinstance(item, QuizText):
            yield from walk(item.text)
        else:
            for question in (item.questions if isinstance(item, QuestionGroup) else (item,)):
                yield from walk(question.stem)


def _items(block: object) -> int:
    if isinstance(block, BulletList):
        return len(block.items)
    if isinstance(block, Table):
        return len(block.rows) + 1
    if isinstance(block, Code):
        return block.text.count("\n") + 1
    if isinstance(block, Script):
        return len(block.turns)
    if isinstance(block, Phrases):
        return len(block.pairs)
    if isinstance(block, Model):
        return len(block.steps)
    if isinstance(block, Shortcuts):
        return len(block.items)
    return 1


# The layouts trainerkit itself asks for (plan.py and the built-in templates).
NEEDED_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only")


def check_layouts(course: Course, diags: Diagnostics) -> None:
    """Every layout a slide names, and those trainerkit needs, must be in the reference deck
    (by its own name, or by the English or Chinese name of a standard layout)."""
    reference = course.theme_pptx or builtin("reference.pptx")
    try:
        lookup = layout_lookup(reference)
    except (OSError, LayoutsError) as e:  # a broken corporate deck is the trainer's to fix, not a crash
        problem = e.args[0] if isinstance(e, LayoutsError) and e.args else str(e)
        diags.error(Location.of(reference), _("cannot open this deck as a PowerPoint template "
                                              "({problem}); save it again from PowerPoint as .pptx",
                                              problem=problem))
        return
    names = list(dict.fromkeys(lookup.values()))
    for layout, loc in layouts_asked(course):
        if layout not in lookup:
            close = difflib.get_close_matches(layout, list(lookup), n=1, cutoff=0.5)
            if close:
                message = _('unknown layout "{layout}"; did you mean "{close}"? the reference deck '
                            "has: {names}", layout=layout, close=close[0], names=", ".join(names))
            else:
                message = _('unknown layout "{layout}"; the reference deck has: {names}',
                            layout=layout, names=", ".join(names))
            diags.error(loc, message)
    missing = [n for n in NEEDED_LAYOUTS if n not in lookup]
    if missing:
        diags.error(Location.of(reference),
                    _("this deck lacks layouts trainerkit needs: {missing}; add them in "
                      "PowerPoint's Slide Master view (or give yours these names); it has: {names}",
                      missing=", ".join(missing), names=", ".join(names)))


# ---------------------------------------------------------------------------------------------
# Lints: warnings


def lint_course(course: Course, diags: Diagnostics) -> None:
    """Advice on the course as a whole: objectives no question assesses, phrases a module's
    avoid list names said in a script or a phrase anywhere (each module's own lints are in
    check_module)."""
    from .check_kb import lint_kb

    avoid = _avoid_phrases(course)
    _lint_objectives(course, diags)
    _lint_schedule(course, diags)
    lint_kb(course, diags)  # kb cards' and scripts' lengths, compliance lines written alike
    if not avoid:
        return
    for module in course.modules:
        for block in module_blocks(module):
            if isinstance(block, Script):
                for turn in block.turns:
                    _lint_words(plain(turn.text), turn.loc, avoid, diags)
            elif isinstance(block, Phrases):
                for pair in block.pairs:
                    _lint_words(plain(pair.say), pair.loc, avoid, diags)


def _lint_objectives(course: Course, diags: Diagnostics) -> None:
    """Once a course has quiz questions, every objective should be assessed by one."""
    questions = [q for quiz in course_quizzes(course) for q in quiz.questions]
    if not questions:
        return
    assessed = {(q.objective.module, q.objective.number) for q in questions if q.objective}
    for module in course.modules:
        if module.given is None:
            continue
        for n, objective in enumerate(module.objectives, 1):
            if (module.id, n) not in assessed:
                diags.warning(module.loc, _('objective {n} ("{objective}") is assessed by no quiz '
                                            'question; add one with "Objective: {n}" in this '
                                            "module's quiz, or \"Objective: {id}.{n}\" in a quiz file",
                                            n=n, objective=objective, id=module.id))


def _lint_module(module: Module, diags: Diagnostics) -> None:
    given = module.given
    if given is None:  # the front matter could not be read: its error is enough
        return
    if not module.objectives and "objectives" not in given:
        diags.warning(module.loc, _('this module has no objectives; add "objectives:" to its front '
                                    'matter, one line starting with "- " each'))
    if module.duration is None and "duration" not in given:
        diags.warning(module.loc, _no_duration())


def _no_duration() -> Msg:
    """The warning of a module without a duration (a timed course says more: _lint_schedule)."""
    return _('this module has no duration; add "duration: 30" (minutes) to its front matter so '
             "the agenda can time it")


def _lint_slide(slide: Slide, diags: Diagnostics) -> None:
    shown = for_audience(slide.blocks, "room")
    bullets = sum(len(b.items) for b in walk(shown) if isinstance(b, BulletList))
    if bullets > MAX_BULLETS:
        diags.warning(slide.loc, _("this slide has {n} bullets; more than {most} is hard to follow: "
                                   "split it into two slides", n=bullets, most=MAX_BULLETS))
        return
    lines = 0
    for block in walk(shown):
        if isinstance(block, Paragraph):
            lines += _lines(plain(block.text))
        elif isinstance(block, BulletList):
            lines += sum(_lines(plain(i.text), LINE_EM - 2 * (i.level + 1)) for i in block.items)
    if lines > MAX_LINES:
        diags.warning(slide.loc, _("this slide has about {n} lines of text and will not fit; it "
                                   "continues on a second slide. Shorten it or split it", n=lines))


def _lines(text: str, line_em: float = LINE_EM) -> int:
    from .fonts import measure

    return measure("Calibri").lines(text, line_em)


_END_PUNCTUATION = re.compile(r"[\s。．.!！?？,，;；…]+$")


def _avoid_phrases(course: Course) -> list[tuple[str, Location]]:
    phrases = []
    for module in course.modules:
        for block in module_blocks(module):
            if isinstance(block, Phrases):
                for pair in block.pairs:
                    phrase = _END_PUNCTUATION.sub("", plain(pair.avoid)).strip()
                    if len(phrase) >= 2:
                        phrases.append((phrase, pair.loc))
    return phrases


def _lint_words(text: str, loc: Location, avoid: list[tuple[str, Location]], diags: Diagnostics) -> None:
    folded = text.casefold()
    for phrase, where in avoid:
        if phrase.casefold() in folded:
            diags.warning(loc, _('"{phrase}" is on the avoid list ({where}); say it another way, or '
                                 "mark the line as a bad example outside the script",
                                 phrase=phrase, where=str(where)))


# ---------------------------------------------------------------------------------------------
# The timed day (course.yml's schedule:, a module's day:): schedule.timeline decides the times;
# these say where the day does not work out.


def check_breaks(course: Course, diags: Diagnostics) -> None:
    """A break after a module no module is: an error at the break, with the ids there are."""
    if course.schedule is None:
        return
    ids = [m.id for m in course.modules]
    for b in course.schedule.breaks:
        if b.after and b.after not in ids:
            close = difflib.get_close_matches(b.after, ids, n=1, cutoff=0.5)
            if close:
                message = _('this break comes after "{id}", but no module has that id; did you mean '
                            '"{close}"? the modules\' ids are: {ids}', id=b.after, close=close[0],
                            ids=", ".join(ids))
            else:
                message = _('this break comes after "{id}", but no module has that id; the modules\' '
                            "ids are: {ids}", id=b.after, ids=", ".join(ids))
            diags.error(b.loc, message)


def _lint_schedule(course: Course, diags: Diagnostics) -> None:
    """Where a timed day does not work out: a module without a duration, a module's day: that
    goes back, a day past its planned end, two breaks back to back, a break that never comes."""
    line = timeline(course)
    for day, slot in line.module_slots():
        module = slot.module
        if module is not None and module.day is not None and module.day < day.number:
            diags.warning(module.loc, _('this module says "day: {day}", but the module before it is '
                                        "already on day {current}: modules run in the course's "
                                        "order, so it stays on day {current}; give it day: {current} "
                                        "or later, or move it", day=module.day, current=day.number))
    if not line.timed:
        return
    generic = _no_duration()
    for module in course.modules:
        if module.duration is None:
            # Said here instead, with what it does to the day.
            diags.items[:] = [d for d in diags.items if not (d.location == module.loc and d.message == generic)]
            diags.warning(module.loc, _("the day is timed (schedule: in course.yml), but this module "
                                        "has no duration: the agenda gives it no time and every time "
                                        'after it comes too early; add "duration: 30" (minutes) to '
                                        "its front matter"))
    _lint_day_ends(course, line, diags)
    _lint_breaks(course, line, diags)


def _lint_day_ends(course: Course, line: Timeline, diags: Diagnostics) -> None:
    """A day past the schedule's end: a warning at the module or break during which it passes
    the end, saying by how much the day runs over."""
    end = line.planned_end
    if end is None:
        return
    for day in line.days:
        if day.end <= end:
            continue
        slot = next(s for s in day.slots if s.end > end)
        day_name = _("the day") if len(line.days) == 1 else _("day {n}", n=day.number)
        over = _("{n} min", n=day.end - end)
        if slot.module is not None:
            what, loc = _("this module"), slot.module.loc
        else:
            what, loc = _("this break"), slot.pause.loc if slot.pause is not None else course.loc
        diags.warning(loc, _('{day} ends at {ends}, {over} after its planned end ({end}); it passes '
                             "{end} in {what} ({start}–{stop}): shorten the day, or move modules to "
                             'another day with "day: 2" in their front matter', day=day_name,
                             ends=line.clock(day.end), over=over, end=line.clock(end), what=what,
                             start=line.clock(slot.start), stop=line.clock(slot.end)))


def _lint_breaks(course: Course, line: Timeline, diags: Diagnostics) -> None:
    """Two breaks back to back (at the same point of the day), and a break at a time that no
    day reaches with a module still to come."""
    schedule = course.schedule
    if schedule is None:
        return
    placed: set[int] = set()
    told: set[tuple[int, int]] = set()
    for day in line.days:
        for before, slot in zip(day.slots, day.slots[1:]):
            if slot.pause is not None:
                placed.add(id(slot.pause))
            if before.pause is None or slot.pause is None or (id(before.pause), id(slot.pause)) in told:
                continue
            told.add((id(before.pause), id(slot.pause)))
            first = before.pause
            other = f'"{first.title}", {first.loc}' if first.title else str(first.loc)
            diags.warning(slot.pause.loc, _("this break comes right after another one ({other}): the "
                                            "two run back to back, {start}–{end}; make them one "
                                            "break, or move one", other=other,
                                            start=line.clock(before.start), end=line.clock(slot.end)))
    for b in schedule.breaks:
        if b.at is None or id(b) in placed:
            continue
        if b.at <= schedule.start:
            diags.warning(b.loc, _("this break is at {at}, but the day starts at {start}; give it a "
                                   "time later in the day", at=line.clock(b.at),
                                   start=line.clock(schedule.start)))
        else:
            diags.warning(b.loc, _("this break at {at} never comes: no day is still running then "
                                   "with a module after it (a break never cuts a module, nor comes "
                                   "after the last one); give it an earlier time, or remove it",
                                   at=line.clock(b.at)))


# ---------------------------------------------------------------------------------------------
# The last class's results (issue 15): questions that misbehaved, said at their own file:line


def check_results(course: Course, diags: Diagnostics) -> None:
    """A warning, at the question itself, for each question whose discrimination was negative
    or whose key looks wrong in the last class (the analysis' flags "negative" and "key",
    course.results), with the cohort and the numbers and what to do."""
    results = course.results or {}
    from .results.items import course_items

    items = course_items(course)
    for q in results.get("questions") or []:
        codes = {f.get("code") for f in q.get("flags") or []}
        reasons = []
        if "negative" in codes and q.get("discrimination") is not None:
            reasons.append(_("its discrimination was {value}: the learners who did best on the rest of "
                             "the test did worse on it", value=_figure(q["discrimination"])))
        if "key" in codes:
            detail = q.get("choice_detail") or []
            right = max((c for c in detail if c.get("correct")), key=lambda c: c.get("top", 0), default=None)
            wrong = max((c for c in detail if not c.get("correct")), key=lambda c: c.get("top", 0), default=None)
            if right is not None and wrong is not None:
                reasons.append(_('more of the top half picked "{choice}" ({wrong}) than the right answer '
                                 '"{right}" ({count}): the key may be wrong', choice=wrong.get("text", ""),
                                 wrong=wrong.get("top", 0), right=right.get("text", ""),
                                 count=right.get("top", 0)))
        if not reasons:
            continue
        item = items.get(q.get("id", ""))
        loc = item.question.loc if item is not None else _location(q.get("loc", ""))
        diags.warning(loc, _('question "{text}" misbehaved in the last class ({cohort}, {learners} learners): '
                             "{reasons}. Check the key in {file}, or reword the question",
                             text=q.get("text", ""), cohort=results.get("cohort") or "",
                             learners=q.get("learners", 0),
                             reasons=reasons[0] if len(reasons) == 1 else _("{first}; {second}",
                                                                             first=reasons[0], second=reasons[1]),
                             file=_course_file(course, loc)))


def _figure(value: float) -> str:
    """A figure as the warning says it: one decimal at most (-23.2, 40)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _location(where: str) -> Location:
    path, sep, line = where.rpartition(":")
    return Location(path, int(line)) if sep and line.isdigit() else Location(where)


def _course_file(course: Course, loc: Location) -> str:
    """The question's file as a path in the course folder (quizzes/final.txt; a library one
    in its system's: library/opening.md)."""
    from .system import shown_path

    return shown_path(course, loc.path) or loc.path
