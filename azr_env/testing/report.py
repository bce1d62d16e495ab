"""What :func:`azr_env.testing.check_game` found: a report, and the error that carries it."""
from __future__ import annotations

from dataclasses import dataclass, field

# Every invariant check_game knows, in the order reports list them.
CHECKS = ("roles", "spaces", "rewards", "learnability", "malformed", "seeding", "pinning", "parity")
_SHOWN_PROBLEMS = 40


@dataclass
class GameReport:
    """What :func:`check_game` found. ``ok`` when no invariant is broken."""

    game: str
    apis: list[str]
    problems: list[str] = field(default_factory=list)  # "check: what is wrong", one per finding
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it could not run
    episodes: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def passed(self) -> list[str]:
        """The checks that ran and found nothing wrong."""
        failed = {problem.split(":", 1)[0] for problem in self.problems}
        return [name for name in CHECKS if name not in failed and name not in self.skipped]

    def __str__(self) -> str:
        head = (f"check_game({self.game}): {len(self.problems)} problem(s) in {self.episodes} episodes "
                f"through {', '.join(self.apis)} ({self.seconds:.1f} s)")
        shown = self.problems[:_SHOWN_PROBLEMS]
        lines = [head] + [f"  - {problem}" for problem in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more (report.problems has them all)")
        lines += [f"  (skipped {name}: {why})" for name, why in self.skipped.items()]
        if not self.problems:
            lines.append(f"  passed: {', '.join(self.passed)}")
        return "\n".join(lines)


class GameCheckError(AssertionError):
    """Raised by :func:`check_game` when an invariant is broken; ``.report`` has the details."""

    def __init__(self, report: GameReport):
        super().__init__(str(report))
        self.report = report
