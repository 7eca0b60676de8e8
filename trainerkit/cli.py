"""The command line: options in, one call into the library, problems out.

Exit status: 0 built, 1 problems in the course, 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__



def _outputs(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    from .outputs import OUTPUTS

    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in OUTPUTS]
    if unknown:
        raise click.BadParameter(
            f"unknown output {', '.join(unknown)}; choose from {', '.join(OUTPUTS)}")
    return names


def _report(diagnostics, what: str, fmt: str = "text", files: list[str] | None = None) -> int:
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
        click.echo(str(d), err=True)
    if errors:
        summary = f"{what} failed: {len(errors)} error{'s' if len(errors) != 1 else ''}"
        if warnings:
            summary += f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        click.echo(summary + ".", err=True)
    return len(errors)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trainerkit")
def main() -> None:
    """Turn a trainer's Markdown modules into a slide deck, a learner handout, a facilitator
    guide and more.

    Start with `trainerkit build COURSE_DIR`.
    """


@main.command()
@click.argument("course_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into (default: build/<course folder name>).")
@click.option("--only", callback=_outputs, metavar="LIST",
              help="Comma-separated outputs to build, e.g. deck,handout (default: all that have content).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Outputs rendered at once (default: the number of cores).")
@click.option("--no-cache", is_flag=True,
              help="Build everything from scratch, ignoring what earlier builds kept.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="How to report problems: text lines, or JSON for editors and CI.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures.")
def build(course_dir: Path, out_dir: Path | None, only: list[str] | None, strict: bool,
          jobs: int | None, no_cache: bool, fmt: str, debug: bool) -> None:
    """Build a course: deck.pptx, handout.docx, guide.docx ... into the output folder.

    Nothing is written unless the whole build works; earlier outputs stay as they were.
    """
    from .build import build as run_build
    from .errors import TrainerkitError

    try:
        result = run_build(course_dir, out_dir, only, strict=strict, jobs=jobs,
                           use_cache=not no_cache)
    except TrainerkitError as e:
        _report(e.diagnostics, "Build", fmt)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted; earlier outputs are untouched.", err=True)
        sys.exit(130)
    except Exception as e:  # a bug of ours: say so plainly, traceback only on request
        if debug:
            raise
        click.echo(f"error: trainerkit failed unexpectedly ({type(e).__name__}: {e}). "
                   "This is a bug; run again with --debug and report what it shows.", err=True)
        sys.exit(1)
    if fmt == "json":
        _report(result.warnings, "Build", fmt, [str(result.out_dir / f) for f in result.files])
        return
    _report(result.warnings, "Build")
    if result.up_to_date:
        click.echo(f"Up to date: {', '.join(result.files)} in {result.out_dir}/ (nothing changed).")
        return
    click.echo(f"Built {', '.join(result.files) or 'nothing'} in {result.out_dir}/ "
               f"({result.seconds:.1f} s).")


@main.command()
@click.argument("course_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="How to report problems: text lines, or JSON for editors and CI.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected failures.")
def check(course_dir: Path, strict: bool, fmt: str, debug: bool) -> None:
    """Check a course for problems without writing anything.

    Besides errors, it warns about: objectives no quiz question assesses, phrases from an
    avoid: line used in a script or say: line, slides with more than 7 bullets or more text
    than fits, modules without objectives or duration, images over 5 MB.
    """
    from .build import check as run_check

    try:
        diagnostics = run_check(course_dir, strict=strict)
    except Exception as e:
        if debug:
            raise
        click.echo(f"error: trainerkit failed unexpectedly ({type(e).__name__}: {e}). "
                   "This is a bug; run again with --debug and report what it shows.", err=True)
        sys.exit(1)
    if _report(diagnostics, "Check", fmt):
        sys.exit(1)
    if fmt == "json":
        return
    warnings = len(diagnostics)
    click.echo(f"{course_dir}: no errors" + (f", {warnings} warning{'s' if warnings != 1 else ''}."
                                             if warnings else "."))


if __name__ == "__main__":
    main()
