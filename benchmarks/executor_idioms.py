"""What validation costs for common idioms run in a loop, against plain Python in the same run.

    python benchmarks/executor_idioms.py            # n = 10,000 loop steps per program
    python benchmarks/executor_idioms.py --n 2000   # quicker

``bench_executor.py`` measures short programs (CRUXEval's), where the fixed cost of a validation
dominates. A program that loops over an idiom the sandbox watches (a hash of a string, an id, a
set of strings iterated, a deep copy) pays for it on every step, and validation multiplies that by
its runs: the plain one, the perturbed one (two calls) and, when the perturbed run saw a
seed-dependent order or hash, up to 13 more. Those extra runs share one window of ``timeout``;
a program whose perturbed run takes more than about a seventh of it cannot fit the six that must
finish, and is refused (``timeout``). This prints, per idiom, plain Python's time for one call
(a subprocess, best of 3), the executor's ``run`` (one sandboxed call) and ``validate``, and
validate's ratio to plain Python. No target: it shows where a loop-heavy program stands against
the time limit.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import machine  # noqa: E402
from azr_env.executor import Executor  # noqa: E402

IDIOMS = {
    "hash() of a str": """
def f(n):
    t = 0
    for i in range(n):
        t ^= hash(str(i)) & 1
    return n
""",
    "a class hashing a str field": """
class K:
    def __init__(self, a):
        self.a = a
    def __hash__(self):
        return hash(self.a)
    def __eq__(self, other):
        return self.a == other.a
def f(n):
    s = set()
    for i in range(n):
        s.add(K(str(i % 50)))
    return len(s)
""",
    "frozen dataclass, str field, in a set": """
from dataclasses import dataclass
@dataclass(frozen=True)
class W:
    w: str
def f(n):
    s = set()
    for i in range(n):
        s.add(W(str(i % 50)))
    return len(s)
""",
    "frozen dataclass, int fields, in a set": """
from dataclasses import dataclass
@dataclass(frozen=True)
class P:
    x: int
    y: int
def f(n):
    s = set()
    for i in range(n):
        s.add(P(i % 50, i % 7))
    return len(s)
""",
    "objects as dict keys": """
class P:
    def __init__(self, v):
        self.v = v
def f(n):
    d = {}
    for i in range(n):
        d[P(i)] = i
    return sum(d.values())
""",
    "a set of 4 strings iterated": """
def f(n):
    s = {'a', 'b', 'c', 'd'}
    t = 0
    for i in range(n):
        for w in s:
            t += len(w)
    return t
""",
    "sorted() of a fresh set of strings": """
def f(n):
    t = 0
    for i in range(n):
        t += len(sorted(set(str(i))))
    return t
""",
    "set.pop() of strings": """
def f(n):
    s = set(str(i) for i in range(n))
    t = 0
    while s:
        t += len(s.pop())
    return t
""",
    "membership in a set of strings": """
def f(n):
    s = set(str(i) for i in range(100))
    return sum(str(i % 200) in s for i in range(n))
""",
    "deepcopy of a 10 x 10 grid (n / 10)": """
import copy
def f(n):
    grid = [[i * j for j in range(10)] for i in range(10)]
    t = 0
    for k in range(n // 10):
        t += copy.deepcopy(grid)[9][9]
    return t
""",
    "deepcopy of objects (n / 100)": """
import copy
class N:
    def __init__(self, v):
        self.v = v
        self.kids = []
def f(n):
    root = N(0)
    root.kids = [N(i) for i in range(10)]
    return sum(len(copy.deepcopy(root).kids) for _ in range(n // 100))
""",
    "json.dumps with indent (n / 10)": """
import json
def f(n):
    return sum(len(json.dumps({'a': [1, 2, {'b': i}]}, indent=2)) for i in range(n // 10))
""",
    "dataclass repr (n / 10)": """
from dataclasses import dataclass
@dataclass
class P:
    x: int
    y: list
def f(n):
    return sum(len(repr(P(i, [1, 2]))) for i in range(n // 10))
""",
    "attribute writes on the program's object": """
class C:
    def __init__(self):
        self.n = 0
def f(n):
    c = C()
    for i in range(n):
        c.n += 1
    return c.n
""",
    "private attribute reads in a property": """
class Circle:
    def __init__(self, r):
        self._r = r
    @property
    def area(self):
        return 3 * self._r * self._r
def f(n):
    c = Circle(2)
    total = 0
    for i in range(n):
        total += c.area
    return total
""",
    "private attribute updated in place (self._n += k)": """
class Counter:
    def __init__(self):
        self._n = 0
    def add(self, k):
        self._n += k
def f(n):
    c = Counter()
    for i in range(n):
        c.add(i % 3)
    return c._n
""",
    "str.format with attribute fields": """
class Cell:
    def __init__(self, r, c):
        self.r, self.c = r, c
    def label(self):
        return "{0.r}:{0.c}".format(self)
def f(n):
    cell = Cell(1, 2)
    return sum(len(cell.label()) for _ in range(n))
""",
    "str.format with private attribute fields": """
class Cell:
    def __init__(self, r, c):
        self._r, self._c = r, c
    def label(self):
        return "{0._r}:{0._c}".format(self)
def f(n):
    cell = Cell(1, 2)
    return sum(len(cell.label()) for _ in range(n))
""",
    "id() of lists": """
def f(n):
    xs = [[] for _ in range(100)]
    return sum(id(x) > 0 for x in xs * (n // 100))
""",
    "isinstance on an ABC, keyed by its classes": """
import abc
class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...
class Square(Shape):
    def area(self):
        return 1
class Circle(Shape):
    def area(self):
        return 3
def f(n):
    shapes = [Square() if i % 2 else Circle() for i in range(n)]
    kinds = {Square: 0, Circle: 0}
    total = 0
    for s in shapes:
        if isinstance(s, Shape):
            total += s.area()
        kinds[type(s)] += 1
    return total, kinds[Square]
""",
    "match with class patterns on own objects": """
class Point:
    __match_args__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
class Box:
    def __init__(self, w):
        self.w = w
def f(n):
    items = [Point(i, 1) if i % 2 else Box(i) for i in range(n)]
    total = 0
    for item in items:
        match item:
            case Point(x, 0):
                total -= x
            case Point(x, y):
                total += x * y
            case Box(w=w):
                total += w
    return total
""",
    "match with builtin class patterns": """
def f(n):
    items = [i if i % 3 else str(i) for i in range(n)] + [[1, 2]] * 10
    total = 0
    for item in items:
        match item:
            case int(v) if v > 10:
                total += v
            case str(s):
                total += len(s)
            case list([a, b]):
                total += a + b
    return total
""",
}

_PLAIN = """
import sys, time
exec(compile(sys.stdin.read(), "<program>", "exec"))
n = int(sys.argv[1])
best = None
for _ in range(3):
    start = time.perf_counter()
    f(n)
    spent = time.perf_counter() - start
    best = spent if best is None else min(best, spent)
print(best)
"""


def plain_seconds(program: str, n: int) -> float:
    done = subprocess.run([sys.executable, "-c", _PLAIN, str(n)], input=program, capture_output=True, text=True,
                          check=True)
    return float(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="loop steps per program (default 10,000)")
    parser.add_argument("--timeout", type=float, default=30.0, help="the executor's time limit (default 30 s)")
    args = parser.parse_args()
    print(machine())
    print(f"n = {args.n}; times for one call of f(n); validate = the plain run, the perturbed run and any extra runs")
    print(f"{'idiom':42s} {'plain':>9s} {'run':>9s} {'validate':>10s} {'validate/plain':>15s}  status")
    with Executor(workers=2, timeout=args.timeout) as executor:
        executor.run("def f(x):\n    return x", "1")  # start the workers
        for name, program in IDIOMS.items():
            plain = plain_seconds(program, args.n)
            start = time.perf_counter()
            executor.run(program, str(args.n))
            run = time.perf_counter() - start
            start = time.perf_counter()
            result = executor.validate(program + "# validated\n", str(args.n))  # (not the run's compile memo)
            validate = time.perf_counter() - start
            print(f"{name:42s} {plain * 1e3:7.1f}ms {run * 1e3:7.1f}ms {validate * 1e3:8.1f}ms "
                  f"{validate / plain:14.0f}x  {result.status.value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
