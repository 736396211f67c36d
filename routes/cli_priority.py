"""The ``--nice`` option of the commands that do heavy work beside a live server (a layer or OSM
import, the job process): the process lowers its own CPU priority, so that the web workers'
pages and APIs, and the print jobs, get the cores first.

Loading the app is most of an import's CPU (3.4 of 4.6 s for the shipped roads), and the flask
CLI loads it before it knows the command; so ``app.py`` calls :func:`lower_before_loading` with
the command line first, and the option applies the same priority again (a no-op then) when a
command is invoked without that command line (tests, ``CliRunner``)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence

import click

# An import on a live server (bench/bench_load.py, "users + CLI import"): at 10 it yields to the
# web workers and to the job process (gunicorn.conf.py starts it at JIANGLE_JOB_NICE, 4).
DEFAULT_NICE = {"import-layer": 10, "import-osm": 10, "run-jobs": 0}
_WHY = {
    "import-layer": "the pages and print jobs of a live server come first",
    "import-osm": "the pages and print jobs of a live server come first",
    "run-jobs": "gunicorn.conf.py starts it with JIANGLE_JOB_NICE, 4",
}


def nice_option(command_name: str) -> Callable[[Callable], Callable]:
    """A ``--nice N`` option (0-19, the command's default) applied before the command runs."""

    def decorate(command: Callable) -> Callable:
        @click.option(
            "--nice",
            type=click.IntRange(0, 19),
            default=DEFAULT_NICE[command_name],
            show_default=True,
            help=f"run at CPU niceness N at least ({_WHY[command_name]}); 0 keeps it",
        )
        @functools.wraps(command)
        def run(*args, nice: int, **kwargs):
            lower_to(nice)
            return command(*args, **kwargs)

        return run

    return decorate


def lower_before_loading(argv: Sequence[str]) -> None:
    """From a ``flask ... COMMAND ... [--nice N]`` command line, the priority of COMMAND, set
    before the app loads; any other command line (a server, pytest) changes nothing. A value
    the option refuses is left to click, which then says so."""
    if not argv or not _is_flask(argv[0]):
        return
    command = next((arg for arg in argv[1:] if arg in DEFAULT_NICE), None)
    if command is None:
        return
    nice: int | None = DEFAULT_NICE[command]
    after = list(argv[argv.index(command) + 1 :])
    for arg, following in zip(after, [*after[1:], ""], strict=False):
        if arg == "--nice" or arg.startswith("--nice="):
            value = following if arg == "--nice" else arg.removeprefix("--nice=")
            nice = int(value) if value.isdigit() and int(value) <= 19 else None
    if nice is not None:
        lower_to(nice)


def _is_flask(program: str) -> bool:
    """``flask`` (the console script) or ``python -m flask`` (its ``__main__.py``)."""
    path = os.path.normpath(program)
    return os.path.basename(path) == "flask" or path.endswith(os.path.join("flask", "__main__.py"))


def lower_to(nice: int) -> None:
    """Run at niceness ``nice`` at least: absolute, so applying it twice changes nothing, and a
    process already started lower (``nice -n 15 flask ...``) is never raised."""
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if nice > current:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
