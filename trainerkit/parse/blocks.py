"""The call-centre blocks, by name: each has its own small parser module."""

from __future__ import annotations

from .phrases import parse_phrases
from .process import parse_model
from .recording import parse_transcript
from .roleplay import parse_roleplay
from .script import parse_script
from .shortcuts import parse_shortcuts
from .simulation import parse_simulation

# Blocks written one `label: text` a line; they are read from their source lines.
LINE_BLOCKS = {
    "script": parse_script,
    "phrases": parse_phrases,
    "shortcuts": parse_shortcuts,
    "roleplay": parse_roleplay,
    "simulation": parse_simulation,
    "transcript": parse_transcript,  # joined to the recording before it by the module parser
}

__all__ = ["LINE_BLOCKS", "parse_model"]
