"""Running a course's templates: a course folder may come from anyone, so its templates run in a
sandbox that calls only methods of plain values (text, numbers, lists, mappings) and Jinja's own
helpers, and that stops a template which runs too long, loops too often or makes too much text.

Every loop step, call, attribute, filter, test and operator counts toward a budget of steps and
seconds per rendering; text that could grow past the bounds (``"a" * n``, ``~``, ``center(n)``,
``replace``, ``join``, output) is measured before it is made, so a hostile template fails in
milliseconds and a few MB instead of hanging the machine. ``TemplateLimit`` says which bound, and
``line_of`` finds the template line it happened on.
"""

from __future__ import annotations

import functools
import re
import time
import types
from typing import Any, Callable, Iterable

import jinja2.sandbox
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace, _PassArg

from . import limits
from .messages import Msg, _

PLAIN = (str, int, float, bool, list, tuple, dict, type(None))
_JINJA_HELPERS = (Macro, LoopContext, BlockReference, Cycler, Joiner, Namespace)
# Filters that turn a value into a list of its items: the value must not hold too many.
_ITEMISING = {"list", "batch", "slice", "map", "select", "reject", "selectattr", "rejectattr",
              "unique", "sort", "reverse", "dictsort", "groupby", "items", "sum", "min", "max",
              "join", "random"}
# Numbers in a format spec ("%9999d", "{:>9999}") that would make that many characters.
_WIDTH = re.compile(r"(?:%[-+ #0*]*|\{[^{}]*:[^{}]*?)(\d{5,})")


class TemplateLimit(SecurityError):
    """A template went past one of the bounds; its message (a Msg: e.message) says which and how
    to fix it."""


class Budget:
    """Steps and time left for one rendering."""

    def __init__(self, steps: int, seconds: float):
        self.steps = steps
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def tick(self, n: int = 1) -> None:
        self.steps -= n
        if self.steps < 0:
            raise TemplateLimit(_(
                "this template takes more than {most:,} steps (loops, calls and filters); a template "
                "should only arrange the course's text: look for loops inside loops",
                most=limits.TEMPLATE_STEPS))
        if self.steps % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateLimit(too_long(self.seconds))


def too_long(seconds: float) -> Msg:
    """A template ran longer than seconds (here, or in the child process that runs it)."""
    return _("this template runs longer than {seconds:g} s; a template should only arrange the "
             "course's text: look for loops inside loops", seconds=seconds)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict, range)) else 0


def _too_big(what: Msg, size: int, bound: int) -> TemplateLimit:
    """what: _("text"), _("a value"), _("a formatted value"), _("a list")."""
    return TemplateLimit(_("this template makes {what} of {size:,} characters or items, more than "
                           "the {most:,} a template may make; make smaller text",
                           what=what, size=size, most=bound))


def check_value(value: Any) -> Any:
    """value, when it is within limits.TEMPLATE_VALUE characters or items."""
    if _size(value) > limits.TEMPLATE_VALUE:
        raise _too_big(_("a value"), _size(value), limits.TEMPLATE_VALUE)
    return value


def _check_widths(fmt: Any) -> None:
    if isinstance(fmt, str):
        for m in _WIDTH.finditer(fmt):
            if int(m.group(1)) > limits.TEMPLATE_VALUE:
                raise _too_big(_("a formatted value"), int(m.group(1)), limits.TEMPLATE_VALUE)


def _text_len(items: Iterable[Any]) -> int:
    return sum(len(x) if isinstance(x, str) else 24 for x in items)


def _estimate(name: str, value: Any, args: tuple, kwargs: dict) -> int:
    """How big a filter's or a text method's result can get, before it is made."""
    def arg(i: int, key: str, default: Any = None) -> Any:
        return args[i] if len(args) > i else kwargs.get(key, default)

    n = _size(value)
    number = lambda v: v if isinstance(v, int) and not isinstance(v, bool) else 0  # noqa: E731
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(n, number(arg(0, "width", 0)))
    if name == "indent":
        width = arg(0, "width", 4)
        step = len(width) if isinstance(width, str) else number(width)
        return n + step * ((value.count("\n") if isinstance(value, str) else 0) + 1)
    if name == "expandtabs":
        return n * max(1, number(arg(0, "tabsize", 8)))
    if name in ("batch", "slice"):
        return max(n, number(arg(0, "linecount" if name == "batch" else "slices", 0)))
    if name == "wordwrap":
        wrap = arg(2, "wrapstring", "\n")
        return n * (1 + (len(wrap) if isinstance(wrap, str) else 1))
    if name == "replace" and isinstance(value, str):
        old, new = arg(0, "old", ""), arg(1, "new", "")
        if isinstance(old, str) and isinstance(new, str):
            count = value.count(old) if old else n + 1
            return n + count * len(new)
    if name == "join" and isinstance(value, (list, tuple, range)):
        sep = arg(0, "d", "")
        return _text_len(value) + len(value) * (len(sep) if isinstance(sep, str) else 0)
    if name == "format":
        _check_widths(value)
        extra = _text_len(a for a in args if isinstance(a, str)) + _text_len(
            v for v in kwargs.values() if isinstance(v, str))
        return n + extra * max(1, value.count("%") + value.count("{") if isinstance(value, str) else 1)
    return n


class _Output(list):
    """The output a macro, a block or a {% set %} collects: measured as it grows."""

    size = 0

    def append(self, part: str) -> None:
        self._grow(len(part))
        super().append(part)

    def extend(self, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        self._grow(sum(map(len, parts)))
        super().extend(parts)

    def _grow(self, n: int) -> None:
        self.size += n
        if self.size > limits.TEMPLATE_OUTPUT:
            raise _too_much_output()


_BIG_NUMBER = _("this template makes a number too big to write; use smaller numbers")


def _too_much_output() -> TemplateLimit:
    return TemplateLimit(_("this template writes more than {most:,} characters; a template should "
                           "only arrange the course's text", most=limits.TEMPLATE_OUTPUT))


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every for loop's items counted, ``~`` measured and every
    collected output measured as it grows."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        node.iter = nodes.Call(nodes.EnvironmentAttribute("loop_items"), [node.iter], [],
                               None, None, lineno=node.iter.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.join_values((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """A sandbox for untrusted templates: plain values' methods and Jinja's helpers only, and
    every rendering within limits.TEMPLATE_STEPS, TEMPLATE_SECONDS and TEMPLATE_OUTPUT."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any):
        # No folding of constants at compile time: it would run filters and ~ unmeasured.
        super().__init__(optimized=False, **options)
        self.budget = Budget(limits.TEMPLATE_STEPS, limits.TEMPLATE_SECONDS)
        self.globals.pop("lipsum", None)  # makes any amount of text
        self._own_globals = {id(v) for v in self.globals.values()}

    # -- the budget ----------------------------------------------------------------------------

    output_buffer = _Output

    def render(self, template: Any, context: dict) -> str:
        """A template's output, within the bounds; raises TemplateLimit past one (its .line is
        the template line that wrote past the bound of output)."""
        self.budget = Budget(limits.TEMPLATE_STEPS, limits.TEMPLATE_SECONDS)
        out = _Output()
        stream = template.generate(**context)
        try:
            for part in stream:
                out.append(part)
        except TemplateLimit as e:
            if not out.size > limits.TEMPLATE_OUTPUT:
                raise
            inner = getattr(stream, "gi_yieldfrom", None)  # the template's own code
            frame = getattr(inner, "gi_frame", None)
            e.line = template.get_corresponding_lineno(frame.f_lineno) if frame else 0
            raise
        finally:
            stream.close()
        return "".join(out)

    def join_values(self, values: tuple) -> str:
        """``a ~ b``: measured before it is joined."""
        self.budget.tick()
        texts = [v if isinstance(v, str) else str(v) for v in values]
        size = sum(map(len, texts))
        if size > limits.TEMPLATE_VALUE:
            raise _too_big(_("text"), size, limits.TEMPLATE_VALUE)
        return "".join(texts)

    def loop_items(self, iterable: Any) -> Iterable[Any]:
        """A for loop's items, each one a step."""
        tick = self.budget.tick
        for item in iterable:
            tick()
            yield item

    # -- what may be called --------------------------------------------------------------------

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, _JINJA_HELPERS) or id(obj) in self._own_globals or \
                getattr(obj, "__func__", None) is BoundedEnvironment.loop_items:
            return True
        owner = getattr(obj, "__self__", None)
        if isinstance(obj, (types.BuiltinMethodType, types.MethodWrapperType)):
            return type(owner) in PLAIN
        if isinstance(obj, types.MethodType):
            return isinstance(owner, _JINJA_HELPERS)
        return _str_format(obj) is not None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.tick()
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if _str_format(__obj) is not None:
            owner = _str_format(__obj)
        if isinstance(owner, str) or name == "format":
            if name == "format":
                _check_widths(owner)
            size = _estimate(name, owner, args, kwargs)
            if name == "join" and args and isinstance(args[0], (list, tuple)):
                size = _text_len(args[0]) + len(args[0]) * len(owner or "")
            if size > limits.TEMPLATE_VALUE:
                raise _too_big(_("text"), size, limits.TEMPLATE_VALUE)
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (__self.loop_items(args[0]),) + args[1:]
        result = super().call(__context, __obj, *args, **kwargs)
        return check_value(result) if not isinstance(__obj, (Macro, BlockReference)) else result

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "%":
            _check_widths(left)
            if isinstance(left, str):
                pieces = right if isinstance(right, tuple) else (right,)
                size = len(left) + left.count("%") * max((len(str(p)) for p in pieces), default=0)
                if size > limits.TEMPLATE_VALUE:
                    raise _too_big(_("text"), size, limits.TEMPLATE_VALUE)
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if _size(seq) and isinstance(times, int) and _size(seq) * times > limits.TEMPLATE_VALUE:
                    raise _too_big(_("a value"), _size(seq) * times, limits.TEMPLATE_VALUE)
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > limits.TEMPLATE_NUMBER_BITS:
                raise TemplateLimit(_BIG_NUMBER)
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and \
                    right * left.bit_length() > limits.TEMPLATE_NUMBER_BITS:
                raise TemplateLimit(_BIG_NUMBER)
        elif operator == "+" and _size(left) + _size(right) > limits.TEMPLATE_VALUE:
            raise _too_big(_("a value"), _size(left) + _size(right), limits.TEMPLATE_VALUE)
        return super().call_binop(context, operator, left, right)


def _str_format(obj: Any) -> str | None:
    """The text whose .format the sandbox wrapped (it wraps str.format to check its fields)."""
    wrapped = getattr(obj, "__wrapped__", None)
    if isinstance(obj, types.FunctionType) and obj.__code__.co_filename == jinja2.sandbox.__file__ \
            and isinstance(wrapped, types.BuiltinMethodType) and isinstance(wrapped.__self__, str):
        return wrapped.__self__
    return None


def bound_filters(env: BoundedEnvironment, table: dict[str, Callable]) -> dict[str, Callable]:
    """Filters (or tests) that count as steps, are measured before they make big text, and whose
    results are measured after."""
    return {name: _bounded(env, name, f) for name, f in table.items()}


def _bounded(env: BoundedEnvironment, name: str, f: Callable) -> Callable:
    lead = 1 if _PassArg.from_obj(f) is not None else 0  # a context or environment comes first

    @functools.wraps(f)
    def run(*args: Any, **kwargs: Any) -> Any:
        env.budget.tick()
        value, extra = (args[lead], args[lead + 1:]) if len(args) > lead else (None, ())
        if name in _ITEMISING and _size(value) > limits.TEMPLATE_ITEMS:
            raise _too_big(_("a list"), _size(value), limits.TEMPLATE_ITEMS)
        size = _estimate(name, value, extra, kwargs)
        if size > limits.TEMPLATE_VALUE:
            raise _too_big(_("text"), size, limits.TEMPLATE_VALUE)
        result = f(*args, **kwargs)
        if isinstance(result, types.GeneratorType):
            result = list(result)
        return check_value(result)

    return run


def line_of(error: BaseException, filename: str) -> int:
    """The line of the template file an error happened on, from its traceback (0 when unknown).
    Jinja rewrites a failed rendering's traceback so that template frames carry the template's
    file name and line."""
    tb = error.__traceback__
    line = getattr(error, "line", 0)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
