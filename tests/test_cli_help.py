"""Every command of the CLI explains itself, as sqlite-utils checks: --help works, says in a line
what the command does, and every option says what it is for."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from trainerkit.cli import main


def commands(group: click.Group = main, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    """The group itself and every command and subcommand below it, with the words that call it."""
    found: list[tuple[tuple[str, ...], click.Command]] = [(path, group)]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"{name} is listed but cannot be found"
        if isinstance(command, click.Group):
            found.extend(commands(command, path + (name,)))
        else:
            found.append((path + (name,), command))
    return found


ALL = commands()


def test_the_walk_finds_the_commands():
    names = {" ".join(path) for path, _ in ALL}
    assert {"", "build", "watch", "check", "info", "new"} <= names


@pytest.mark.parametrize("path,command", ALL, ids=[" ".join(p) or "trainerkit" for p, _ in ALL])
def test_every_command_has_help(path, command):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    short = command.get_short_help_str(limit=200)
    assert short.strip(), f"trainerkit {' '.join(path)} has no one-line description (a docstring)"
    assert short.strip() in " ".join(result.output.split()), result.output
    for param in command.get_params(click.Context(command)):  # --help and --version too
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), (
                f"trainerkit {' '.join(path)}: option {'/'.join(param.opts)} has no help text")
            assert param.opts[-1] in result.output


def test_the_program_exits_with_the_commands_status_and_all_its_output(tmp_path):
    """The installed program ends the process at once when a command is done (cli.entry): the
    status is the command's (0 built, 1 problems, 2 usage) and nothing it printed is lost, into
    a pipe too."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent
    course = root / "fixtures" / "broken" / "many-errors"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "trainerkit.cli", *args], capture_output=True,
                              text=True, encoding="utf-8", cwd=tmp_path, timeout=120)

    version = run("--version")
    assert version.returncode == 0 and "trainerkit, version" in version.stdout
    broken = run("build", str(course), "-o", str(tmp_path / "out"))
    assert broken.returncode == 1
    errors = [line for line in broken.stderr.splitlines() if ": error: " in line]
    assert len(errors) >= 2 and "Build failed" in broken.stderr, broken.stderr
    usage = run("build", str(tmp_path / "no-such-course"))
    assert usage.returncode == 2 and "does not exist" in usage.stderr
    built = run("build", str(root.parent / "courses" / "hello"), "-o", str(tmp_path / "hello"))
    assert built.returncode == 0 and "Built deck.pptx" in built.stdout + built.stderr
    assert (tmp_path / "hello" / "deck.pptx").stat().st_size > 10_000
