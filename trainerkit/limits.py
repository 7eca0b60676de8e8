"""Every bound trainerkit puts on what a course folder can make it do, in one place.

A course folder may come from anyone. Each limit is far above what a trainer's real course needs
and low enough that a hostile course fails in seconds, within a few hundred MB. Every error that a
limit raises names the limit; docs/security.md lists them and says how to raise one.
"""

# ---------------------------------------------------------------------------------------------
# Templates (a course's templates/ folder): per rendering of one template

TEMPLATE_STEPS = 1_000_000
"""Loop steps, calls, attribute look-ups, filters and operators: the agenda of a 500-module
course takes about 10,000."""

TEMPLATE_SECONDS = 5.0
"""Wall-clock seconds: a built-in template renders in well under a millisecond."""

TEMPLATE_OUTPUT = 20_000_000
"""Characters a template writes (the self-check page of a 1,000-question bank is about 2 MB)."""

TEMPLATE_VALUE = 2_000_000
"""Characters or items of one value a template makes (text joined with ~, repeated with *,
padded, replaced)."""

TEMPLATE_ITEMS = 200_000
"""Items of a list that a filter turns into another list (sort, map, batch ...)."""

TEMPLATE_NUMBER_BITS = 4_096
"""Bits of a number a template computes with * or ** (a 1,233-digit number)."""
