"""Parse: Markdown into the model. The only package that imports markdown_it."""

from .module import parse_fragment, parse_module

__all__ = ["parse_module", "parse_fragment"]
