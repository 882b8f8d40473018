"""How the build talks to the person running it: progress, warnings, errors.

Warnings are one line each: the file, what is wrong, and what was done.
They are collected so the CLI can decide the exit status (`--strict`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

QUIET, NORMAL, VERBOSE = 0, 1, 2


@dataclass
class Reporter:
    level: int = NORMAL
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    warnings: list[str] = field(default_factory=list)

    def stage(self, name: str, detail: str = "") -> None:
        """One line per pipeline stage, with its counts."""
        if self.level >= NORMAL:
            self._write(f"{name:<8} {detail}".rstrip())

    def info(self, message: str) -> None:
        if self.level >= VERBOSE:
            self._write(f"  {message}")

    def warn(self, file: str, problem: str, action: str) -> None:
        """Record a problem with one input: `file: problem; action`."""
        line = f"{file}: {problem}; {action}"
        self.warnings.append(line)
        if self.level >= QUIET:
            self._write(f"warning: {line}")

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

