"""Renders message templates with Jinja2's sandbox; a missing variable is the caller's error, not ours.

A template is untrusted input, so rendering has a budget: every loop iteration, call and filter costs a
step, a render may take only so long (and all renders of one request together only ``MAX_REQUEST_SECONDS``),
one operation may not build a huge string or number, and the output stops at ``MAX_OUTPUT`` characters.
Renders run off the event loop (``render_off_loop``) on a small pool, so a costly template never stalls
other requests; loops nested too deeply are refused before anything runs.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any

from jinja2 import DictLoader, StrictUndefined, TemplateError, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from interlink.core.errors import invalid

MAX_STEPS = 100_000
MAX_SECONDS = 0.5
MAX_REQUEST_SECONDS = 2.0  # all templates of one request (a batch) together
MAX_LOOP_DEPTH = 3
MAX_NODES = 5_000
RENDER_THREADS = 2
MAX_SIZE = 500_000  # the largest string, list or number argument one operation may make or take
MAX_OUTPUT = 500_000
_BUDGET_NAME = "__interlink_budget"
MAX_WORK = 5_000_000  # the most characters or items one filter or method call may be asked to produce
_WIDE_FORMAT = re.compile(r"\d{6,}")  # a width or precision this long would build a huge string
# Filters and str methods whose output can be far larger than their input: they get a size estimate first.
_AMPLIFIERS = frozenset({"indent", "center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "wordwrap"})


_request_deadline: ContextVar[float | None] = ContextVar("interlink_template_request_deadline", default=None)


class Budget:
    """Steps and time left for one render, never past its request's deadline."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.deadline = time.monotonic() + MAX_SECONDS
        shared = _request_deadline.get()
        self.shared = shared is not None and shared < self.deadline
        if shared is not None:
            self.deadline = min(self.deadline, shared)

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0 or time.monotonic() > self.deadline:
            if self.shared:
                raise SecurityError(f"the request's templates together take more than {MAX_REQUEST_SECONDS:g} s")
            raise SecurityError("the template does too much work")

    def iterate(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.spend()
            yield item


_budget: ContextVar[Budget | None] = ContextVar("interlink_template_budget", default=None)


def _spend() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.spend()


def _check_arguments(values: Iterable[Any]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise SecurityError("a number in the template is too large for this operation")
        if isinstance(value, str) and ("%" in value or "{" in value) and _WIDE_FORMAT.search(value):
            raise SecurityError("a format width in the template is too large")


def _check_amplifier(name: str, values: list[Any]) -> None:
    """Refuse a call like ``text|indent(1000)`` or ``text.replace("", filler)`` that would build a huge value."""
    if name not in _AMPLIFIERS:
        return
    sizes = sorted((len(v) for v in values if isinstance(v, str | list | tuple | dict)), reverse=True)
    counts = [abs(v) for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if sizes and sum(sizes) * max([1, *counts, *sizes[1:]]) > MAX_WORK:
        raise SecurityError(f"{name} would build too large a value")


def _check_result(value: Any) -> Any:
    if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SIZE:
        raise SecurityError("the template builds too large a value")
    return value


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter or test that costs a step and refuses oversized arguments and results."""
    name = getattr(function, "__name__", "").removeprefix("do_")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _spend()
        values = [*args, *kwargs.values()]
        _check_arguments(values)
        _check_amplifier(name, values)
        return _check_result(function(*args, **kwargs))

    return wrapper


class _Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox plus the budget checks."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=autoescape, optimized=False, loader=DictLoader({}))
        self.globals.pop("lipsum", None)
        self.filters = {name: _guarded(f) for name, f in self.filters.items()}
        self.tests = {name: _guarded(t) for name, t in self.tests.items()}  # type: ignore[arg-type]

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _spend()
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_SIZE:
                    raise SecurityError("the template repeats a value too many times")
        elif operator == "**":
            if isinstance(right, int | float) and abs(right) > 1000 and isinstance(left, int | float) and abs(left) > 1:
                raise SecurityError("the template raises a number to too high a power")
        elif operator == "%" and isinstance(left, str):
            _check_arguments([left])
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        bound = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)  # the sandbox wraps str.format
        values = [*args, *kwargs.values()]
        _check_arguments(values)
        if isinstance(bound, str):
            _check_arguments([bound])
            _check_amplifier(getattr(__obj, "__name__", ""), [bound, *values])
        return _check_result(super().call(__context, __obj, *args, **kwargs))


_plain = _Sandbox(autoescape=False)
_html = _Sandbox(autoescape=True)


def _loop_depth(node: nodes.Node, depth: int = 0) -> int:
    deepest = depth
    for child in node.iter_child_nodes():
        deepest = max(deepest, _loop_depth(child, depth + isinstance(child, nodes.For)))
    return deepest


def _check_complexity(tree: nodes.Template) -> None:
    """Refuse, before anything runs, templates whose shape alone promises too much work."""
    if sum(1 for _ in tree.find_all(nodes.Node)) > MAX_NODES:
        raise SecurityError(f"the template has more than {MAX_NODES} parts")
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        raise SecurityError(f"the template nests loops more than {MAX_LOOP_DEPTH} deep")


def _compile(env: _Sandbox, source: str) -> Any:
    """Parse, check the shape, make every loop's iterable pay per item, then compile."""
    tree = env.parse(source)
    if any(name.name == _BUDGET_NAME for name in tree.find_all(nodes.Name)):
        raise SecurityError(f"the name {_BUDGET_NAME} is reserved")
    _check_complexity(tree)
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Call(nodes.Name(_BUDGET_NAME, "load"), [loop.iter], [], None, None)
    return env.from_string(tree)


def render(source: str, data: dict[str, Any], *, html: bool, path: str) -> str:
    """Render one template; errors name the template field (``template.subject``)."""
    env = _html if html else _plain
    budget = Budget()
    token = _budget.set(budget)
    try:
        template = _compile(env, source)
        pieces, size = [], 0
        for piece in template.generate(**{**data, _BUDGET_NAME: budget.iterate}):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise invalid(path, f"renders to more than {MAX_OUTPUT} characters")
            pieces.append(piece)
        return "".join(pieces)
    except TemplateNotFound as exc:
        raise invalid(path, "could not be rendered: a template cannot include, import or extend another") from exc
    except TemplateError as exc:
        raise invalid(path, f"could not be rendered: {exc.message or type(exc).__name__}") from exc
    except RecursionError as exc:
        raise invalid(path, "could not be rendered: it recurses too deeply") from exc
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. {{ 1 / 0 }}: the template's fault
        raise invalid(path, f"could not be rendered: {type(exc).__name__}: {exc}"[:300]) from exc
    finally:
        _budget.reset(token)


_pool = ThreadPoolExecutor(max_workers=RENDER_THREADS, thread_name_prefix="interlink-render")


def _within_request_budget(work: Callable[[], Any]) -> Any:
    _request_deadline.set(time.monotonic() + MAX_REQUEST_SECONDS)
    return work()


async def render_off_loop(work: Callable[[], Any]) -> Any:
    """Run ``work`` (which renders a request's templates) on the render pool, under one request-wide deadline."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_pool, context.run, _within_request_budget, work)
