"""The command line: options in, one call into the library, problems out.

Exit status: 0 built, 1 problems in the course, 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from . import OUTPUT_NAMES, __version__
from .messages import _, _n, ask, choose, text
from .text import columns
from .usage import speak_click

speak_click()  # click's own words (usage errors, help headings) in the trainer's language too

COURSE = click.Path(exists=True, file_okay=False, path_type=Path)
COURSE_OR_DECK = click.Path(exists=True, path_type=Path)  # a course folder, or one Markdown file


def _outputs(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in OUTPUT_NAMES]
    if unknown:
        raise click.BadParameter(text(_("unknown output {names}; choose from {known}",
                                        names=", ".join(unknown), known=", ".join(OUTPUT_NAMES))))
    return names


def _say(message: str, err: bool = False, nl: bool = True) -> None:
    """A message printed in the chosen language."""
    click.echo(text(message), err=err, nl=nl)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ask(value)
    return value


LANG_OPTION = click.option(
    "--lang", "message_lang", metavar="LANG", callback=_choose_language, expose_value=False, is_eager=True,
    help="Language of messages: zh-CN, zh-TW or en (default: the course's; TRAINERKIT_LANG also sets it).")


def _report(diagnostics, what: str, fmt: str = "text", files: list[str] | None = None,
            quiet: bool = False) -> int:
    """Print problems one a line, then a summary (or all of it as JSON on standard output, for
    editors and CI); return the number of errors."""
    errors = [d for d in diagnostics if d.severity == "error"]
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if fmt == "json":
        click.echo(json.dumps({
            "ok": not errors, "errors": len(errors), "warnings": len(warnings),
            "diagnostics": [d.as_dict() for d in diagnostics],
            **({"files": files} if files is not None else {}),
        }, ensure_ascii=False, indent=2))
        return len(errors)
    for d in diagnostics:
        if not (quiet and d.severity == "warning"):
            click.echo(d.text(), err=True)
    if errors:
        counts = _n("{n} error", "{n} errors", len(errors))
        if warnings:
            counts = _("{errors}, {warnings}", errors=counts, warnings=_n("{n} warning", "{n} warnings", len(warnings)))
        _say(_("{what} failed: {counts}.", what=what, counts=counts), err=True)
    return len(errors)


def _unexpected(e: Exception, debug: bool) -> None:
    """Anything the library raises besides TrainerkitError (a course's problems) is a bug of ours:
    say so plainly in one line, with how to report it; a traceback only with --debug."""
    if debug:
        raise e
    problem = f"{type(e).__name__}: {e}"
    _say(_("error: trainerkit failed unexpectedly ({problem}). This is a bug; run again with --debug "
           "and report what it shows.", problem=problem), err=True)
    sys.exit(1)


class Status:
    """A one-line progress display on a terminal, shown only for builds longer than a second."""

    def __init__(self, enabled: bool, delay: float = 1.0):
        self.enabled = enabled
        self.started = time.monotonic()
        self.delay = delay
        self.shown = False

    def __call__(self, message: str) -> None:
        if self.enabled and time.monotonic() - self.started >= self.delay:
            click.echo(f"\r\033[K{text(message)} …", nl=False, err=True)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)
            self.shown = False


def _verbose_printer(start: float):
    def say(message: str) -> None:
        click.echo(f"  {time.monotonic() - start:6.2f} s  {text(message)}", err=True)
    return say


def _fewer_collections() -> None:
    """A build makes some hundred thousand small objects that live until it ends (the parsed
    course, the plans); Python's collector, at its defaults, walks them again every 700 new
    ones: a tenth of a one-module rebuild. Walk young objects every 50,000 instead, and never
    what start-up made. Garbage in cycles (a template's frames) is still collected. Once per
    process: `watch` builds again and again, and what an earlier build left must stay
    collectable."""
    import gc

    if gc.get_threshold()[0] != 50_000:
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)


def run_build(course_dir: Path, out_dir: Path | None, only: list[str] | None, *, strict: bool = False,
              jobs: int | None = None, no_cache: bool = False, pdf: bool = False, fmt: str = "text",
              quiet: bool = False, verbose: bool = False, debug: bool = False,
              prefix: str = "") -> bool:
    """One build as the CLI shows it; True when it worked."""
    from .build import build
    from .errors import TrainerkitError

    _fewer_collections()
    started = time.monotonic()
    interactive = fmt == "text" and not quiet and not verbose and sys.stderr.isatty()
    status = Status(interactive)
    progress = _verbose_printer(started) if verbose and fmt == "text" else status
    try:
        result = build(course_dir, out_dir, only, strict=strict, jobs=jobs, use_cache=not no_cache,
                       progress=progress, pdf=pdf)
    except TrainerkitError as e:
        status.clear()
        _report(e.diagnostics, _("Build"), fmt)
        return False
    except KeyboardInterrupt as e:
        status.clear()
        _say(_("Interrupted; earlier outputs are untouched."), err=True)
        sys.exit(143 if type(e).__name__ == "Terminated" else 130)  # 128 + SIGTERM, + SIGINT
    except Exception as e:  # not a course problem (those are TrainerkitError): a bug of ours
        status.clear()
        _unexpected(e, debug)
    status.clear()
    pdfs, pdf_problem = result.pdfs, result.pdf_problem  # made in the build, which records them
    if fmt == "json":
        _report(result.warnings, _("Build"), fmt,
                [str(result.out_dir / f) for f in result.files + pdfs])
        return True
    _report(result.warnings, _("Build"), quiet=quiet)
    if pdf_problem:
        _say(_("warning: {problem}", problem=pdf_problem), err=True)
    if not quiet:
        made = ", ".join(result.files + pdfs) or text(_("nothing"))
        if result.up_to_date and not pdfs:
            _say(_("{prefix}Up to date: {made} in {folder}/ (nothing changed).", prefix=prefix, made=made,
                   folder=str(result.out_dir)))
        else:
            seconds = f"{time.monotonic() - started:.1f}"
            _say(_("{prefix}Built {made} in {folder}/ ({seconds} s).", prefix=prefix, made=made,
                   folder=str(result.out_dir), seconds=seconds))
    if verbose:
        for name in result.files + pdfs:
            size = (result.out_dir / name).stat().st_size
            click.echo(f"  {name}: {size / 1024:.0f} KB", err=True)
    return True


def _is_system(folder: Path, names: tuple[str, ...] = ()) -> bool:
    """Whether a command's folder is a training system; --course on anything else is wrong usage."""
    from .system import is_system

    if folder.is_dir() and is_system(folder):
        return True
    if names:
        raise click.UsageError(text(_("--course names a course of a training system (a folder "
                                      "with trainerkit.yml); {folder} is not one", folder=str(folder))))
    return False


def run_system_build(system_dir: Path, out_dir: Path | None, names: tuple[str, ...] = (), *,
                     strict: bool = False, jobs: int | None = None, no_cache: bool = False,
                     pdf: bool = False, fmt: str = "text", quiet: bool = False, verbose: bool = False,
                     debug: bool = False, prefix: str = "", catalogue: bool | None = None,
                     catalogue_only: bool = False) -> tuple[bool, set[str]]:
    """A training system's build as the CLI shows it: a line per course, then the system's; True
    when everything worked, and the courses that failed."""
    from .build_system import SystemBuildError, build_system
    from .errors import TrainerkitError

    _fewer_collections()
    started = time.monotonic()
    status = Status(fmt == "text" and not quiet and not verbose and sys.stderr.isatty())
    progress = _verbose_printer(started) if verbose and fmt == "text" else status
    result, problems = None, None
    try:
        result = build_system(system_dir, out_dir, names, strict=strict, jobs=jobs,
                              use_cache=not no_cache, progress=progress, pdf=pdf,
                              catalogue=catalogue, catalogue_only=catalogue_only)
    except SystemBuildError as e:
        result, problems = e.result, e.diagnostics
    except TrainerkitError as e:  # no such course, an output folder that cannot be
        status.clear()
        _report(e.diagnostics, _("Build"), fmt)
        return False, set(names)
    except KeyboardInterrupt as e:
        status.clear()
        _say(_("Interrupted; earlier outputs are untouched."), err=True)
        sys.exit(143 if type(e).__name__ == "Terminated" else 130)
    except Exception as e:  # a bug of ours
        status.clear()
        _unexpected(e, debug)
    status.clear()
    files = [str(result.out_dir / n / f) for n, r in result.courses.items() for f in r.files + r.pdfs]
    files += [str(result.out_dir / f) for f in result.files]
    if fmt == "json":
        _report(problems if problems is not None else result.warnings, _("Build"), fmt, files)
        return problems is None, set(result.failed)
    if problems is not None:
        _report(problems, _("Build"), quiet=quiet)
    else:
        _report(result.warnings, _("Build"), quiet=quiet)
    if quiet:
        return problems is None, set(result.failed)
    for name, r in result.courses.items():
        made = ", ".join(r.files + r.pdfs) or text(_("nothing"))
        if r.up_to_date and not r.pdfs:
            _say(_("{prefix}Up to date: {made} in {folder}/ (nothing changed).", prefix=prefix,
                   made=made, folder=str(result.out_dir / name)))
        else:
            _say(_("{prefix}Built {made} in {folder}/ ({seconds} s).", prefix=prefix, made=made,
                   folder=str(result.out_dir / name), seconds=f"{r.seconds:.1f}"))
        if r.pdf_problem:
            _say(_("warning: {problem}", problem=r.pdf_problem), err=True)
    if result.failed:
        _say(_n("{n} course failed and kept its earlier outputs: {courses}",
                "{n} courses failed and kept their earlier outputs: {courses}", len(result.failed),
                courses=", ".join(sorted(result.failed))), err=True)
    if result.files and result.system_up_to_date:
        _say(_("{prefix}Up to date: {made} in {folder}/ (nothing changed).", prefix=prefix,
               made=", ".join(result.files), folder=str(result.out_dir)))
    elif result.files:
        _say(_("{prefix}Built {made} in {folder}/ ({seconds} s).", prefix=prefix,
               made=", ".join(result.files), folder=str(result.out_dir),
               seconds=f"{time.monotonic() - started:.1f}"))
    built = len(result.built)
    if result.courses:
        _say(_n("{system}: {n} course built, {unchanged} up to date ({seconds} s).",
                "{system}: {n} courses built, {unchanged} up to date ({seconds} s).", built,
                system=str(system_dir), unchanged=len(result.courses) - built,
                seconds=f"{time.monotonic() - started:.1f}"))
    return problems is None, set(result.failed)


def _fix_date(ctx: click.Context, param: click.Parameter, value) -> None:
    """--date fixes the build date (trainerkit.dates), for this build and its workers; without it
    SOURCE_DATE_EPOCH may, and one that is not a number of seconds is wrong usage."""
    from . import dates

    dates.fix(value.date() if value is not None else None)
    problem = dates.source_date_problem() if value is None else None
    if problem is not None:
        raise click.UsageError(text(problem))


COURSES_OPTION = click.option(
    "--course", "course_names", multiple=True, metavar="NAME",
    help="On a training system: only this course of its courses/ (repeatable; default: all).")


def build_options(f):
    """Options build and watch share."""
    for option in reversed([
        click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                     help="Folder to write into (default: build/<course folder name>)."),
        click.option("--only", callback=_outputs, metavar="LIST",
                     help="Comma-separated outputs to build, e.g. deck,handout "
                          "(default: all that have content)."),
        click.option("--pdf", is_flag=True,
                     help="Also write a PDF beside each deck and document (needs LibreOffice)."),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
                     callback=_fix_date, expose_value=False,
                     help="The build date the covers and slides show, fixed so that a rebuild "
                          "gives the same bytes (default: today; SOURCE_DATE_EPOCH also fixes it)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                     help="Outputs rendered at once (default: the number of cores)."),
        click.option("-q", "--quiet", is_flag=True, help="Say nothing but errors."),
        click.option("-v", "--verbose", is_flag=True, help="Show each step with its time, and file sizes."),
        click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures."),
        LANG_OPTION,
    ]):
        f = option(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainerkit")
def main() -> None:
    """Turn a trainer's Markdown modules into a slide deck, a learner handout, a facilitator
    guide, quizzes, quick-reference and role-play cards.

    Start a course with `trainerkit new my-course`, then `trainerkit watch my-course`.
    """


@main.command()
@click.argument("course_dir", type=COURSE_OR_DECK)
@build_options
@COURSES_OPTION
@click.option("--catalogue-only", is_flag=True,
              help="On a training system: build only the catalogue and the checks across its "
                   "courses, not the courses (the last job of a CI matrix that built them).")
@click.option("--no-cache", is_flag=True,
              help="Build everything from scratch, ignoring what earlier builds kept.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="How to report problems: text lines, or JSON for editors and CI.")
def build(course_dir: Path, out_dir: Path | None, only: list[str] | None, pdf: bool, strict: bool,
          jobs: int | None, quiet: bool, verbose: bool, debug: bool, course_names: tuple[str, ...],
          catalogue_only: bool, no_cache: bool, fmt: str) -> None:
    """Build a course: deck.pptx, handout.docx, guide.docx, quizzes and cards.

    Nothing is written unless the whole build works; earlier outputs stay as they were.
    An unchanged course is not built again. On a training system (a folder with
    trainerkit.yml) it builds each of its courses into OUT/<course>/ (default OUT: build/),
    then the catalogue into OUT/.
    """
    if _is_system(course_dir, course_names):
        if only:
            raise click.UsageError(text(_("--only is for a course; a training system builds all "
                                          "of each course's outputs")))
        ok, _failed = run_system_build(course_dir, out_dir, course_names, strict=strict, jobs=jobs,
                                       no_cache=no_cache, pdf=pdf, fmt=fmt, quiet=quiet,
                                       verbose=verbose, debug=debug, catalogue_only=catalogue_only)
        sys.exit(0 if ok else 1)
    if catalogue_only:
        raise click.UsageError(text(_("--catalogue-only is for a training system (a folder with "
                                      "trainerkit.yml); {folder} is not one", folder=str(course_dir))))
    ok = run_build(course_dir, out_dir, only, strict=strict, jobs=jobs, no_cache=no_cache, pdf=pdf,
                   fmt=fmt, quiet=quiet, verbose=verbose, debug=debug)
    if not ok:
        sys.exit(1)


@main.command()
@click.argument("course_dir", type=COURSE_OR_DECK)
@build_options
@COURSES_OPTION
def watch(course_dir: Path, out_dir: Path | None, only: list[str] | None, pdf: bool, strict: bool,
          jobs: int | None, quiet: bool, verbose: bool, debug: bool, course_names: tuple[str, ...]) -> None:
    """Build a course (or one Markdown deck), then build it again whenever one of its files
    changes.

    Errors are shown and watching goes on; stop with Ctrl-C. On a training system it builds
    again the courses a saved file is part of (a library module: every course that uses it).
    """
    if _is_system(course_dir, course_names):
        options = dict(strict=strict, jobs=jobs, pdf=pdf, quiet=quiet, verbose=verbose, debug=debug)
        return _watch_system(course_dir, out_dir, course_names, options)
    try:  # Ctrl-C at any moment, even while the first imports run, ends it with one line
        from .build import course_root, default_out_dir
        from .watch import course_changes

        out = out_dir or default_out_dir(course_dir)
        options = dict(strict=strict, jobs=jobs, pdf=pdf, quiet=quiet, verbose=verbose, debug=debug)
        run_build(course_dir, out, only, **options)
        _say(_("Watching {course} for changes; Ctrl-C to stop.", course=str(course_dir)))
        for changed in course_changes(course_root(course_dir), out):
            names = ", ".join(p.name for p in changed[:3]) + (" …" if len(changed) > 3 else "")
            stamp = time.strftime("%H:%M:%S")
            prefix = text(_("[{time}] {names} changed: ", time=stamp, names=names))
            run_build(course_dir, out, only, prefix=prefix, **options)
    except KeyboardInterrupt:
        pass
    _say(_("Stopped watching."))


def _watch_system(root: Path, out_dir: Path | None, names: tuple[str, ...], options: dict) -> None:
    """watch on a training system: all of it (or the named courses) built, then, at each
    save, the courses the saved files are part of, and the catalogue again."""
    try:
        from .build_system import OUT
        from .errors import Diagnostics
        from .system import course_dirs
        from .watch import course_changes, courses_changed

        out = out_dir or OUT
        ok, failed = run_system_build(root, out, names, **options)
        _say(_("Watching {course} for changes; Ctrl-C to stop.", course=str(root)))
        for changed in course_changes(root, out):
            every = [d.name for d in course_dirs(root, Diagnostics(), names)]
            hit = courses_changed(changed, root, out, every, failed)
            if not hit:
                continue
            shown = ", ".join(p.name for p in changed[:3]) + (" …" if len(changed) > 3 else "")
            prefix = text(_("[{time}] {names} changed: ", time=time.strftime("%H:%M:%S"), names=shown))
            ok, again = run_system_build(root, out, tuple(hit), prefix=prefix,
                                         catalogue=None if names else True, **options)
            failed = (failed - set(hit)) | again
    except KeyboardInterrupt:
        pass
    _say(_("Stopped watching."))


@main.command()
@click.argument("course_dir", type=COURSE_OR_DECK)
@COURSES_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="How to report problems: text lines, or JSON for editors and CI.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures.")
@LANG_OPTION
def check(course_dir: Path, course_names: tuple[str, ...], strict: bool, fmt: str, debug: bool) -> None:
    """Check a course for problems without writing anything.

    Besides errors, it warns about: objectives no quiz question assesses, phrases from an
    avoid: line used in a script or say: line, slides with more than 7 bullets or more text
    than fits, modules without objectives or duration, images over 5 MB.
    """
    from .build import check as run_check
    from .check_simulations import simulation_lines

    if _is_system(course_dir, course_names):
        return _check_system(course_dir, course_names, strict, fmt, debug)
    loaded: list = []
    try:
        diagnostics = run_check(course_dir, strict=strict, loaded=loaded)
    except Exception as e:  # a course's problems come back as diagnostics: this is a bug of ours
        _unexpected(e, debug)
    if _report(diagnostics, _("Check"), fmt):
        sys.exit(1)
    if fmt == "text":
        for line in (simulation_lines(loaded[0]) if loaded else ()):  # best and worst paths
            _say(line)
        if diagnostics:
            _say(_("{course}: no errors, {warnings}.", course=str(course_dir),
                   warnings=_n("{n} warning", "{n} warnings", len(diagnostics))))
        else:
            _say(_("{course}: no errors.", course=str(course_dir)))


def _check_system(root: Path, names: tuple[str, ...], strict: bool, fmt: str, debug: bool) -> None:
    """check on a training system: every course's problems, the lints across courses, a summary."""
    from .build_system import check_system

    try:
        diagnostics, errors = check_system(root, names, strict=strict)
    except Exception as e:  # a course's problems come back as diagnostics: this is a bug of ours
        _unexpected(e, debug)
    if _report(diagnostics, _("Check"), fmt):
        if fmt == "text" and any(errors.values()):
            _say(_("courses with errors: {courses}", courses=", ".join(
                f"{n} ({k})" for n, k in errors.items() if k)), err=True)
        sys.exit(1)
    if fmt == "text":
        warnings = _n("{n} warning", "{n} warnings", len(diagnostics))
        _say(_n("{system}: {n} course, no errors, {warnings}.", "{system}: {n} courses, no errors, "
                "{warnings}.", len(errors), system=str(root), warnings=warnings) if diagnostics else
             _n("{system}: {n} course, no errors.", "{system}: {n} courses, no errors.", len(errors),
                system=str(root)))


def _info_system(root: Path, names: tuple[str, ...], fmt: str, debug: bool) -> None:
    """info on a training system: a line per course (modules, time, objectives)."""
    from .build import shared_parses
    from .build_system import load_courses
    from .errors import Diagnostics
    from .info import system_info, system_lines
    from .system import course_dirs, read_system

    diags = Diagnostics()
    try:
        system = read_system(root.absolute(), diags)
        dirs = course_dirs(root.absolute(), diags, names)
        with shared_parses():
            courses = load_courses(dirs, None, False, False, diags) if not diags.errors else []
    except Exception as e:  # a course's problems go to diags: this is a bug of ours
        _unexpected(e, debug)
    if _report(diags.sorted() if diags.errors else [], _("Info")):
        sys.exit(1)
    rows = system_info(courses)
    if fmt == "json":
        click.echo(json.dumps({"title": system.title, "courses": [vars(r) for r in rows]},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{system.title}\n")
    for line in system_lines(rows):
        click.echo(line)


@main.command()
@click.argument("course_dir", type=COURSE_OR_DECK)
@COURSES_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Text for people, JSON for tools.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures.")
@LANG_OPTION
def info(course_dir: Path, course_names: tuple[str, ...], fmt: str, debug: bool) -> None:
    """Show a course at a glance: the agenda with timings, slide and question counts, and
    which objectives the quizzes cover. On a training system: a line per course."""
    from .build import load
    from .errors import Diagnostics
    from .info import course_info
    from .templates import labels_for

    if _is_system(course_dir, course_names):
        return _info_system(course_dir, course_names, fmt, debug)
    diags = Diagnostics()
    try:
        course = load(course_dir, diags)
    except Exception as e:  # a course's problems go to diags: this is a bug of ours
        _unexpected(e, debug)
    if _report(diags.sorted() if diags.errors else [], _("Info")):
        sys.exit(1)
    summary = course_info(course)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
        return
    words = labels_for(course.language, course.root)
    click.echo(f"{summary.title}  ({summary.language})\n")
    day = summary.schedule
    timed, several = day["timed"], len(day["days"]) > 1
    minutes = lambda n: text(_("{n} min", n=n)) if n else "-"  # noqa: E731
    rows: list = [("#", words["time"] if timed else words["start"], words["duration"], text(_("slides")),
                   text(_("questions")), words["module"])]
    for d in day["days"]:
        if several:
            rows.append(words["day"].replace("{n}", str(d["number"])))  # a line of its own
        for e in d["entries"]:
            times = f"{e['start']}–{e['end']}" if timed else e["start"]
            if e["kind"] == "module":
                m = summary.modules[e["number"] - 1]
                rows.append((str(e["number"]), times, minutes(m.duration), str(m.slides), str(m.questions),
                             f"{m.title} [{m.id}]"))
            else:
                rows.append(("", times, minutes(e["minutes"]), "", "", e["title"] or words["break"]))
        if timed:
            rows.append(("", d["end"], "", "", "", words["ends"]))
    rows.append(("", "", text(_("{n} min", n=summary.duration)), str(summary.slides), str(summary.questions),
                 words["total"]))
    widths = [max(columns(r[i]) for r in rows if not isinstance(r, str)) for i in range(5)]
    for r in rows:
        if isinstance(r, str):
            click.echo(r)
            continue
        cells = (" " * (widths[i] - columns(c)) + c for i, c in enumerate(r[:5]))
        click.echo("  ".join(cells) + "  " + r[5])
    for name, count in summary.quiz_files:
        click.echo(f"\nquizzes/{name}: " + text(_n("{n} question", "{n} questions", count)))
    click.echo(f"\n{words['objectives']}:")
    for m in summary.modules:
        for n, objective, questions in m.objectives:
            mark = "✓" if questions else "✗"
            click.echo(f"  {mark} {m.id}.{n} {objective}  (" + text(_n("{n} question", "{n} questions", questions)) + ")")
    uncovered = summary.uncovered
    if uncovered:
        _say(_n("\n{n} objective not assessed by any quiz question.",
                "\n{n} objectives not assessed by any quiz question.", len(uncovered)))


def _rounded(value, places: int = 2):
    """JSON data with its floats rounded (a facility of 66.67, not 66.66666666666667)."""
    if isinstance(value, float):
        return round(value, places)
    if isinstance(value, dict):
        return {k: _rounded(v, places) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v, places) for v in value]
    return value


@main.command()
@click.argument("course_dir", type=COURSE)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="Text for people, JSON for tools (figures rounded to 2 decimals).")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures.")
@LANG_OPTION
def results(course_dir: Path, fmt: str, debug: bool) -> None:
    """Show what the class's results say: scores, mastery per objective, questions to review.

    It reads the answers in the course's results/ folder (or the files course.yml lists under
    "results:"): the filled-in scoresheet.xlsx that `trainerkit build` makes, the same columns
    as CSV, role-play checklists, or a Moodle or Canvas export. Each file is one cohort; the
    figures are the latest cohort's, with every cohort's and all of them pooled in the JSON.
    """
    from .build import load
    from .errors import Diagnostics

    diags = Diagnostics()
    try:
        course = load(course_dir, diags)
    except Exception as e:  # a course's problems go to diags: this is a bug of ours
        _unexpected(e, debug)
    if _report(diags.sorted() if diags.errors else [], _("Results"), fmt if diags.errors else "text"):
        sys.exit(1)  # as JSON for a tool that asked for JSON
    if course.results is None:
        _say(_("{course} has no results yet. Put the class's answers in {folder}/: the score sheet "
               "`trainerkit build` makes (scoresheet.xlsx) once filled in, the same columns as CSV, "
               "role-play checklists, or a Moodle or Canvas export; one file per cohort.",
               course=str(course_dir), folder=str(course_dir / "results")))
        return
    if fmt == "json":
        click.echo(json.dumps(_rounded(course.results), ensure_ascii=False, indent=2))
        return
    from .results.text import render

    click.echo(render(course.results), nl=False)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--lang", "language", type=click.Choice(["zh-CN", "zh-TW", "en"]), default="zh-CN",
              show_default=True, help="Language of the starter course.")
@click.option("--system", is_flag=True,
              help="Start a training system instead: trainerkit.yml, a library/ module shared "
                   "by two courses in courses/.")
def new(directory: Path, language: str, system: bool) -> None:
    """Start a new course in DIRECTORY from a starter that shows every block and a quiz."""
    from .scaffold import ScaffoldError, new_course, new_system

    choose(course=language)  # messages in the starter's language (--lang of other commands wins)
    try:
        files = (new_system if system else new_course)(directory, language)
    except ScaffoldError as e:
        _say(_("error: {problem}", problem=e.args[0] if e.args else str(e)), err=True)
        sys.exit(1)
    if system:
        _say(_("Created the training system {folder}/ ({n} files: two courses sharing a library "
               "module). Next:\n"
               "  trainerkit build {folder}              (builds every course)\n"
               "  edit {folder}/library/opening.md       (shared by both courses)\n"
               "  edit {folder}/courses/*/modules/*.md   (each course's own modules)",
               n=len(files), folder=str(directory)))
        return
    _say(_n("Created {folder}/ with {n} file. Next:\n"
            "  trainerkit watch {folder}      (builds now and after every save)\n"
            "  edit {folder}/modules/*.md     (one file per module)",
            "Created {folder}/ with {n} files. Next:\n"
            "  trainerkit watch {folder}      (builds now and after every save)\n"
            "  edit {folder}/modules/*.md     (one file per module)", len(files), folder=str(directory)))


def entry() -> None:
    """The `trainerkit` program: the commands above, then a quick exit. Python's own exit frees
    every object a build made one by one, about a tenth of a one-module rebuild; once the
    command has finished (files written and closed, workers joined, the lock released), the
    process ends at once instead, with the same status, its output flushed."""
    import os

    try:
        main()
    except SystemExit as e:
        if e.code is not None and not isinstance(e.code, int):
            raise  # a message to print: Python's own exit says it
        status = e.code or 0
    else:
        status = 0
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    entry()
