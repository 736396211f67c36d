"""The ``--nice`` option of the commands that do heavy work beside a live server (a layer or OSM
import, the job process): the process lowers its own CPU priority before it starts, so that the
web workers' pages and APIs, and the print jobs, get the cores first."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

import click

# An import on a live server (bench/bench_load.py, "users + CLI import"): at 10 it yields to the
# web workers and to the job process (JIANGLE_JOB_NICE, 4) and takes what they leave.
IMPORT_NICE = 10


def nice_option(default: int, why: str) -> Callable[[Callable], Callable]:
    """A ``--nice N`` option (0-19, ``default``) applied by ``os.nice`` before the command runs."""

    def decorate(command: Callable) -> Callable:
        @click.option(
            "--nice",
            type=click.IntRange(0, 19),
            default=default,
            show_default=True,
            help=f"lower this process's CPU priority by N ({why}); 0 keeps it",
        )
        @functools.wraps(command)
        def run(*args, nice: int, **kwargs):
            if nice:
                os.nice(nice)
            return command(*args, **kwargs)

        return run

    return decorate
