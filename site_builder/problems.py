"""Problems found in content: what, where (file and the file's own line), how bad."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

# Control characters (and the invisible ones that turn text around) a terminal would act
# on: a file name or cell with ESC [2J would clear the author's screen. Shown as escapes.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control characters written as escapes, e.g. '\\x1b[2J'."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder, with forward slashes
    line: int  # 1-based line in the file itself
    message: str
    level: str = ERROR
    col: int = 1

    def location(self, content_dir: str | None = None, cwd: str | None = None) -> str:
        """`path:line:col`, the path relative to the current folder when the content is in it."""
        path = self.path
        if content_dir is not None:
            absolute = os.path.join(os.path.abspath(content_dir), *self.path.split("/"))
            cwd = os.path.abspath(cwd or os.getcwd())
            path = os.path.relpath(absolute, cwd) if is_within(absolute, cwd) else absolute
            path = path.replace(os.sep, "/")
        return f"{path}:{self.line}:{self.col}"

    def format(self, content_dir: str | None = None, cwd: str | None = None) -> str:
        return printable(f"{self.location(content_dir, cwd)}: {self.level}: {self.message}")

    def as_dict(self, content_dir: str | None = None, cwd: str | None = None) -> dict:
        path = self.location(content_dir, cwd).rsplit(":", 2)[0]
        return {"path": path, "line": self.line, "col": self.col,
                "level": self.level, "message": self.message}


def is_within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives
        return False


@dataclass
class ProblemList:
    """Collects every problem of a run, so authors see them all at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, col: int = 1) -> None:
        self.items.append(Problem(path, max(line, 1), message, ERROR, col))

    def warning(self, path: str, line: int, message: str, col: int = 1) -> None:
        self.items.append(Problem(path, max(line, 1), message, WARNING, col))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.level == ERROR]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.col, p.message))

    def __bool__(self) -> bool:
        return bool(self.items)


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, and what was therefore
    not done (the last words of the report: "nothing was built", "... written")."""

    def __init__(self, problems: list[Problem], content_dir: str | None = None,
                 outcome: str = "nothing was built"):
        self.problems = problems
        self.content_dir = content_dir
        self.outcome = outcome
        super().__init__(self.report())

    def report(self, cwd: str | None = None) -> str:
        lines = [p.format(self.content_dir, cwd) for p in self.problems]
        return "\n".join(lines + [self.summary(self.problems, self.outcome)])

    @staticmethod
    def summary(problems: list[Problem], outcome: str = "nothing was built") -> str:
        errors = sum(p.level == ERROR for p in problems)
        noun = "error" if errors == 1 else "errors"
        return f"Journey Atlas found {errors} {noun} in the content; {outcome}."
