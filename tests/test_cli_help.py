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
