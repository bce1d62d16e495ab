'''Idiomatic, harmless, deterministic programs of the kind people and models write.

Each entry is ``(name, program, inputs)``: ``program`` defines ``f`` and ``inputs`` is the
argument text of one call, written as literals (the executor's default input rule). The
expected output of an entry is never written here: ``test_benign_corpus.py`` runs every program
in plain Python, in a subprocess, and asks the executor for the same canonical output.

Rules that every entry keeps, so that plain Python gives one answer under any hash seed and on
repeated calls in one namespace (the executor's determinism check calls ``f`` twice):
- no module-level state that ``f`` mutates (classes that count instances are defined inside
  ``f``);
- no value whose repr holds a memory address or a module name (no bare objects, functions or
  classes are returned; their ``__name__`` is);
- only modules from the executor's default allow-list;
- sets may be returned (they compare by value), but no order is ever taken from a set of
  strings.

It is plain data so that ``benchmarks/executor_acceptance.py`` can load it too.
'''
from __future__ import annotations

import textwrap

CORPUS: list[tuple[str, str, str]] = []


def _add(name: str, inputs: str, source: str) -> None:
    CORPUS.append((name, textwrap.dedent(source).strip() + "\n", inputs))


# -- classes: construction, attributes, dunder methods ------------------------------------------
_add("class_init_sets_attributes", "3, 4", """
    class Point:
        def __init__(self, x, y):
            self.x = x
            self.y = y

        def norm2(self):
            return self.x * self.x + self.y * self.y

    def f(x, y):
        p = Point(x, y)
        p.x += 1
        return p.norm2(), p.x, p.y
""")

_add("class_repr", "2, 5", """
    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

        def __repr__(self):
            return f"Point({self.x}, {self.y})"

    def f(a, b):
        return [repr(Point(a, b)), str(Point(b, a))]
""")

_add("class_repr_returned_object", "1.5, 'kg'", """
    class Quantity:
        def __init__(self, value, unit):
            self.value = value
            self.unit = unit

        def __repr__(self):
            return f"Quantity({self.value!r}, {self.unit!r})"

    def f(value, unit):
        return Quantity(value * 2, unit)
""")

_add("class_str_and_format", "3.14159", """
    class Money:
        def __init__(self, amount):
            self.amount = amount

        def __str__(self):
            return f"${self.amount:.2f}"

        def __format__(self, spec):
            if spec == "short":
                return f"${round(self.amount)}"
            return str(self)

    def f(amount):
        m = Money(amount)
        return f"{m} / {m:short} / {str(m)}"
""")

_add("class_eq_and_hash_in_set", "[(1, 2), (2, 1), (1, 2), (3, 3)]", """
    class Pair:
        def __init__(self, a, b):
            self.a, self.b = a, b

        def __eq__(self, other):
            if not isinstance(other, Pair):
                return NotImplemented
            return (self.a, self.b) == (other.a, other.b)

        def __hash__(self):
            return hash((self.a, self.b))

    def f(pairs):
        unique = {Pair(a, b) for a, b in pairs}
        return len(unique), Pair(1, 2) in unique, Pair(9, 9) in unique, Pair(1, 2) == (1, 2)
""")

_add("class_lt_sorting", "[5, 3, 9, 1]", """
    class Task:
        def __init__(self, priority, name):
            self.priority = priority
            self.name = name

        def __lt__(self, other):
            return self.priority < other.priority

    def f(priorities):
        tasks = [Task(p, f"t{p}") for p in priorities]
        return [t.name for t in sorted(tasks)], min(tasks).name, max(tasks).name
""")

_add("class_len_and_getitem", "['a', 'b', 'c', 'd']", """
    class Deck:
        def __init__(self, cards):
            self._cards = list(cards)

        def __len__(self):
            return len(self._cards)

        def __getitem__(self, position):
            return self._cards[position]

    def f(cards):
        deck = Deck(cards)
        return len(deck), deck[0], deck[-1], deck[1:3], list(deck), 'c' in deck
""")

_add("class_iter_generator_method", "5", """
    class Countdown:
        def __init__(self, start):
            self.start = start

        def __iter__(self):
            n = self.start
            while n > 0:
                yield n
                n -= 1

    def f(n):
        c = Countdown(n)
        return list(c), sum(c), [x for x in c if x % 2]
""")

_add("class_iterator_protocol", "[3, 1, 4, 1, 5]", """
    class Cycle:
        def __init__(self, items, limit):
            self.items = items
            self.limit = limit
            self.i = 0

        def __iter__(self):
            return self

        def __next__(self):
            if self.i >= self.limit:
                raise StopIteration
            value = self.items[self.i % len(self.items)]
            self.i += 1
            return value

    def f(items):
        return list(Cycle(items, 8))
""")

_add("class_contains", "[10, 20, 30], 20", """
    class Range:
        def __init__(self, lo, hi):
            self.lo, self.hi = lo, hi

        def __contains__(self, x):
            return self.lo <= x < self.hi

    def f(values, probe):
        r = Range(min(values), max(values))
        return [v in r for v in values], probe in r
""")

_add("class_callable_object", "[1, 2, 3, 4]", """
    class Scaler:
        def __init__(self, k):
            self.k = k
            self.calls = 0

        def __call__(self, x):
            self.calls += 1
            return x * self.k

    def f(xs):
        s = Scaler(3)
        out = list(map(s, xs))
        return out, s.calls
""")

_add("class_context_manager_log", "'job'", """
    class Tracker:
        def __init__(self, name, log):
            self.name = name
            self.log = log

        def __enter__(self):
            self.log.append(f"enter {self.name}")
            return self

        def __exit__(self, exc_type, exc, tb):
            self.log.append(f"exit {self.name} {exc_type.__name__ if exc_type else None}")
            return False

    def f(name):
        log = []
        with Tracker(name, log) as t:
            log.append(f"inside {t.name}")
        try:
            with Tracker("failing", log):
                raise ValueError("boom")
        except ValueError as e:
            log.append(f"caught {e}")
        return log
""")

_add("class_exit_suppresses_exception", "[1, 0, 2]", """
    class Ignore:
        def __init__(self, *kinds):
            self.kinds = kinds
            self.suppressed = 0

        def __enter__(self):
            return self

        def __exit__(self, kind, value, tb):
            if kind is not None and issubclass(kind, self.kinds):
                self.suppressed += 1
                return True
            return False

    def f(divisors):
        results = []
        guard = Ignore(ZeroDivisionError)
        for d in divisors:
            with guard:
                results.append(10 // d)
        return results, guard.suppressed
""")

_add("class_vector_arithmetic", "(1, 2), (3, 4)", """
    import math

    class Vec:
        def __init__(self, x, y):
            self.x, self.y = x, y

        def __add__(self, other):
            return Vec(self.x + other.x, self.y + other.y)

        def __sub__(self, other):
            return Vec(self.x - other.x, self.y - other.y)

        def __mul__(self, k):
            return Vec(self.x * k, self.y * k)

        __rmul__ = __mul__

        def __neg__(self):
            return Vec(-self.x, -self.y)

        def __abs__(self):
            return math.hypot(self.x, self.y)

        def __eq__(self, other):
            return (self.x, self.y) == (other.x, other.y)

        def __repr__(self):
            return f"Vec({self.x}, {self.y})"

    def f(a, b):
        u, v = Vec(*a), Vec(*b)
        return [u + v, u - v, u * 2, 3 * v, -u, abs(Vec(3, 4)), u + v == Vec(4, 6)]
""")

_add("class_inplace_operators", "[1, 2, 3]", """
    class Bag:
        def __init__(self):
            self.items = []

        def __iadd__(self, other):
            self.items.extend(other)
            return self

        def __len__(self):
            return len(self.items)

    def f(xs):
        b = Bag()
        b += xs
        b += [10]
        return len(b), b.items
""")

_add("class_bool_and_len", "['x', '', 'yz']", """
    class Box:
        def __init__(self, content):
            self.content = content

        def __bool__(self):
            return bool(self.content)

    class Shelf:
        def __init__(self, boxes):
            self.boxes = boxes

        def __len__(self):
            return len(self.boxes)

    def f(contents):
        boxes = [Box(c) for c in contents]
        return [bool(b) for b in boxes], bool(Shelf([])), bool(Shelf(boxes)), [b.content for b in boxes if b]
""")

_add("class_setitem_delitem", "[('a', 1), ('b', 2), ('c', 3)]", """
    class Registry:
        def __init__(self):
            self._data = {}

        def __setitem__(self, key, value):
            self._data[key.upper()] = value

        def __getitem__(self, key):
            return self._data[key.upper()]

        def __delitem__(self, key):
            del self._data[key.upper()]

        def keys(self):
            return sorted(self._data)

    def f(pairs):
        r = Registry()
        for k, v in pairs:
            r[k] = v
        del r['b']
        return r.keys(), r['a'] + r['C']
""")

_add("class_property_with_setter", "[25, -3, 40]", """
    class Temperature:
        def __init__(self, celsius):
            self._celsius = 0
            self.celsius = celsius

        @property
        def celsius(self):
            return self._celsius

        @celsius.setter
        def celsius(self, value):
            if value < -273.15:
                raise ValueError("below absolute zero")
            self._celsius = value

        @property
        def fahrenheit(self):
            return self._celsius * 9 / 5 + 32

    def f(values):
        t = Temperature(0)
        out = []
        for v in values:
            t.celsius = v
            out.append(t.fahrenheit)
        try:
            t.celsius = -300
        except ValueError as e:
            out.append(str(e))
        return out
""")

_add("class_readonly_property", "4", """
    class Square:
        def __init__(self, side):
            self._side = side

        @property
        def area(self):
            return self._side ** 2

    def f(side):
        s = Square(side)
        try:
            s.area = 1
            changed = True
        except AttributeError:
            changed = False
        return s.area, changed
""")

_add("class_classmethod_factory", "'3,4;10,2'", """
    class Rect:
        def __init__(self, w, h):
            self.w, self.h = w, h

        @classmethod
        def from_string(cls, text):
            w, h = (int(p) for p in text.split(','))
            return cls(w, h)

        def area(self):
            return self.w * self.h

    def f(spec):
        rects = [Rect.from_string(part) for part in spec.split(';')]
        return [r.area() for r in rects]
""")

_add("class_staticmethod", "['2024-01-05', 'bad', '1999-12-31']", """
    class Date:
        def __init__(self, y, m, d):
            self.y, self.m, self.d = y, m, d

        @staticmethod
        def is_valid(text):
            parts = text.split('-')
            return len(parts) == 3 and all(p.isdigit() for p in parts)

        @classmethod
        def parse(cls, text):
            return cls(*map(int, text.split('-')))

    def f(texts):
        return [(Date.parse(t).y if Date.is_valid(t) else None) for t in texts]
""")

_add("class_instance_counter_inside_f", "3", """
    def f(n):
        class Widget:
            created = 0

            def __init__(self):
                Widget.created += 1
                self.serial = Widget.created

        widgets = [Widget() for _ in range(n)]
        return Widget.created, [w.serial for w in widgets]
""")

_add("inheritance_super_init", "'Rex', 'beagle'", """
    class Animal:
        def __init__(self, name, sound):
            self.name = name
            self.sound = sound

        def speak(self):
            return f"{self.name} says {self.sound}"

    class Dog(Animal):
        def __init__(self, name, breed):
            super().__init__(name, "woof")
            self.breed = breed

        def speak(self):
            return super().speak() + f" (a {self.breed})"

    def f(name, breed):
        d = Dog(name, breed)
        return d.speak(), isinstance(d, Animal), issubclass(Dog, Animal)
""")

_add("inheritance_cooperative_super_chain", "''", """
    class Base:
        def setup(self, log):
            log.append("Base")

    class Left(Base):
        def setup(self, log):
            log.append("Left")
            super().setup(log)

    class Right(Base):
        def setup(self, log):
            log.append("Right")
            super().setup(log)

    class Both(Left, Right):
        def setup(self, log):
            log.append("Both")
            super().setup(log)

    def f(prefix):
        log = []
        Both().setup(log)
        return [prefix + x for x in log]
""")

_add("inheritance_abstract_base_class", "[2, 3]", """
    from abc import ABC, abstractmethod

    class Shape(ABC):
        @abstractmethod
        def area(self):
            ...

        def describe(self):
            return f"{type(self).__name__} with area {self.area():.2f}"

    class Circle(Shape):
        def __init__(self, r):
            self.r = r

        def area(self):
            return 3.14159 * self.r ** 2

    class Square(Shape):
        def __init__(self, s):
            self.s = s

        def area(self):
            return self.s ** 2

    def f(sizes):
        try:
            Shape()
            abstract_ok = True
        except TypeError:
            abstract_ok = False
        return [Circle(sizes[0]).describe(), Square(sizes[1]).describe(), abstract_ok]
""")

_add("inheritance_abc_abstract_property", "'eur'", """
    import abc

    class Currency(abc.ABC):
        @property
        @abc.abstractmethod
        def symbol(self):
            raise NotImplementedError

        def show(self, amount):
            return f"{self.symbol}{amount:,.2f}"

    class Euro(Currency):
        @property
        def symbol(self):
            return "EUR "

    def f(code):
        return Euro().show(1234567.891), code.upper()
""")

_add("inheritance_polymorphic_dispatch", "[('c', 1), ('s', 2), ('c', 3)]", """
    import math

    class Shape:
        def area(self):
            raise NotImplementedError

    class Circle(Shape):
        def __init__(self, r):
            self.r = r

        def area(self):
            return round(math.pi * self.r ** 2, 3)

    class Sq(Shape):
        def __init__(self, s):
            self.s = s

        def area(self):
            return self.s * self.s

    def f(specs):
        kinds = {'c': Circle, 's': Sq}
        shapes = [kinds[k](v) for k, v in specs]
        return [(type(s).__name__, s.area()) for s in shapes]
""")

_add("private_helper_methods_and_attributes", "['b', 'a', 'c', 'a']", """
    class Inventory:
        def __init__(self):
            self._items = {}
            self._log = []

        def _normalize(self, name):
            return name.strip().lower()

        def add(self, name):
            key = self._normalize(name)
            self._items[key] = self._items.get(key, 0) + 1
            self._log.append(key)

        def report(self):
            return sorted(self._items.items()), len(self._log)

    def f(names):
        inv = Inventory()
        for n in names:
            inv.add(n)
        return inv.report()
""")

_add("private_module_level_helper", "'Hello, World'", """
    _VOWELS = set('aeiou')

    def _count_vowels(text):
        return sum(1 for ch in text.lower() if ch in _VOWELS)

    def _count_consonants(text):
        return sum(1 for ch in text.lower() if ch.isalpha() and ch not in _VOWELS)

    def f(text):
        return _count_vowels(text), _count_consonants(text)
""")

_add("name_mangled_private_attribute", "100, [30, 200, 50]", """
    class Account:
        def __init__(self, balance):
            self.__balance = balance

        def withdraw(self, amount):
            if amount > self.__balance:
                return False
            self.__balance -= amount
            return True

        def balance(self):
            return self.__balance

    def f(start, withdrawals):
        acct = Account(start)
        done = [acct.withdraw(w) for w in withdrawals]
        return done, acct.balance(), acct._Account__balance, hasattr(acct, '__balance')
""")

_add("name_mangled_private_method", "[4, 9, 16]", """
    class Stats:
        def __init__(self, data):
            self.data = data

        def __total(self):
            return sum(self.data)

        def mean(self):
            return self.__total() / len(self.data)

    def f(data):
        return Stats(data).mean()
""")

_add("type_name_of_values", "[1, 'a', 2.5, None, [1], (2,), {3: 4}, {5}, True]", """
    def f(values):
        return [type(v).__name__ for v in values]
""")

_add("type_name_of_user_object", "'x'", """
    class Node:
        pass

    class Leaf(Node):
        pass

    def f(tag):
        return type(Leaf()).__name__, type(Node()).__name__, Leaf.__name__, tag
""")

_add("self_class_name_in_repr", "3", """
    class Base:
        def __init__(self, n):
            self.n = n

        def __repr__(self):
            return f"{self.__class__.__name__}(n={self.n})"

    class Derived(Base):
        pass

    def f(n):
        return [repr(Base(n)), repr(Derived(n + 1))]
""")

_add("isinstance_dispatch", "[1, 'two', 3.0, [4], {'five': 5}, None, True]", """
    def f(values):
        out = []
        for v in values:
            if isinstance(v, bool):
                out.append('bool')
            elif isinstance(v, (int, float)):
                out.append(v * 2)
            elif isinstance(v, str):
                out.append(v.upper())
            elif isinstance(v, list):
                out.append(len(v))
            elif isinstance(v, dict):
                out.append(sorted(v))
            else:
                out.append(repr(v))
        return out
""")

_add("vars_of_instance", "'ada', 36", """
    class Person:
        def __init__(self, name, age):
            self.name = name
            self.age = age

    def f(name, age):
        p = Person(name, age)
        return vars(p)
""")

_add("instance_dict_attribute", "{'a': 1, 'b': 2}", """
    class Config:
        def __init__(self, **options):
            self.__dict__.update(options)

    def f(options):
        c = Config(**options)
        c.extra = True
        return c.a + c.b, sorted(c.__dict__)
""")

_add("slots_class", "1, 2", """
    class P:
        __slots__ = ('x', 'y')

        def __init__(self, x, y):
            self.x = x
            self.y = y

    def f(x, y):
        p = P(x, y)
        try:
            p.z = 3
            extra = True
        except AttributeError:
            extra = False
        return p.x + p.y, extra, P.__slots__
""")

_add("init_subclass_registry", "'json'", """
    class Plugin:
        registry = {}

        def __init_subclass__(cls, name=None, **kwargs):
            super().__init_subclass__(**kwargs)
            Plugin.registry[name or cls.__name__.lower()] = cls

    class JsonPlugin(Plugin, name='json'):
        def run(self):
            return 'parsed json'

    class CsvPlugin(Plugin):
        def run(self):
            return 'parsed csv'

    def f(kind):
        return sorted(Plugin.registry), Plugin.registry[kind]().run()
""")

_add("getattr_fallback", "['color', 'size', 'shape']", """
    class Defaults:
        def __init__(self, **known):
            self.known = known

        def __getattr__(self, name):
            if name.startswith('__'):
                raise AttributeError(name)
            return f"<default {name}>"

    def f(names):
        d = Defaults(color='red')
        return [d.known.get(n) or getattr(d, n) for n in names]
""")

_add("dict_subclass_missing", "'mississippi'", """
    class Tally(dict):
        def __missing__(self, key):
            return 0

    def f(text):
        t = Tally()
        for ch in text:
            t[ch] += 1
        return sorted(t.items()), t['z']
""")

_add("list_subclass_stack", "[1, 2, 3]", """
    class Stack(list):
        def push(self, x):
            self.append(x)

        def peek(self):
            return self[-1] if self else None

    def f(xs):
        s = Stack()
        for x in xs:
            s.push(x * 10)
        top = s.pop()
        return top, s.peek(), len(s), list(s)
""")

_add("str_subclass_with_method", "'hello world'", """
    class Slug(str):
        def slugify(self):
            return '-'.join(self.lower().split())

    def f(text):
        s = Slug(text.title())
        return s.slugify(), s.upper(), len(s), isinstance(s, str)
""")

_add("int_subclass_new", "[3, 12, 25]", """
    class Even(int):
        def __new__(cls, value):
            return super().__new__(cls, value - value % 2)

        def half(self):
            return self // 2

    def f(values):
        evens = [Even(v) for v in values]
        return [int(e) for e in evens], [e.half() for e in evens], sum(evens)
""")

_add("reversed_and_index_dunders", "[1, 2, 3]", """
    class Seq:
        def __init__(self, items):
            self.items = items

        def __reversed__(self):
            return iter(self.items[::-1])

    class Pos:
        def __init__(self, i):
            self.i = i

        def __index__(self):
            return self.i

    def f(items):
        return list(reversed(Seq(items))), items[Pos(1)], bin(Pos(5))
""")

_add("comparison_all_six", "2, 5", """
    class Version:
        def __init__(self, n):
            self.n = n

        def __eq__(self, o):
            return self.n == o.n

        def __ne__(self, o):
            return self.n != o.n

        def __lt__(self, o):
            return self.n < o.n

        def __le__(self, o):
            return self.n <= o.n

        def __gt__(self, o):
            return self.n > o.n

        def __ge__(self, o):
            return self.n >= o.n

    def f(a, b):
        x, y = Version(a), Version(b)
        return [x == y, x != y, x < y, x <= y, x > y, x >= y]
""")

_add("linked_list_class", "[5, 1, 4]", """
    class Node:
        def __init__(self, value, nxt=None):
            self.value = value
            self.next = nxt

    class LinkedList:
        def __init__(self):
            self.head = None
            self.size = 0

        def push_front(self, value):
            self.head = Node(value, self.head)
            self.size += 1

        def __iter__(self):
            node = self.head
            while node:
                yield node.value
                node = node.next

        def reverse(self):
            prev, node = None, self.head
            while node:
                node.next, prev, node = prev, node, node.next
            self.head = prev

    def f(values):
        ll = LinkedList()
        for v in values:
            ll.push_front(v)
        before = list(ll)
        ll.reverse()
        return before, list(ll), ll.size
""")

_add("binary_tree_class_recursion", "[5, 3, 8, 1, 4, 9]", """
    class BST:
        def __init__(self):
            self.root = None

        class _Node:
            def __init__(self, key):
                self.key = key
                self.left = None
                self.right = None

        def insert(self, key):
            def _insert(node, key):
                if node is None:
                    return BST._Node(key)
                if key < node.key:
                    node.left = _insert(node.left, key)
                else:
                    node.right = _insert(node.right, key)
                return node
            self.root = _insert(self.root, key)

        def inorder(self):
            out = []
            def _walk(node):
                if node:
                    _walk(node.left)
                    out.append(node.key)
                    _walk(node.right)
            _walk(self.root)
            return out

        def height(self, node='root'):
            node = self.root if node == 'root' else node
            if node is None:
                return 0
            return 1 + max(self.height(node.left), self.height(node.right))

    def f(keys):
        t = BST()
        for k in keys:
            t.insert(k)
        return t.inorder(), t.height()
""")

_add("class_method_chaining", "'  Hello  World  '", """
    class Text:
        def __init__(self, s):
            self.s = s

        def strip(self):
            return Text(self.s.strip())

        def lower(self):
            return Text(self.s.lower())

        def squash(self):
            return Text(' '.join(self.s.split()))

        def value(self):
            return self.s

    def f(s):
        return Text(s).strip().lower().squash().value()
""")

_add("class_with_class_constants", "[0, 1, 2, 5]", """
    class Traffic:
        RED, YELLOW, GREEN = 'red', 'yellow', 'green'
        ORDER = (RED, GREEN, YELLOW)

        def __init__(self):
            self.state = 0

        def advance(self, steps):
            self.state = (self.state + steps) % len(self.ORDER)
            return self.ORDER[self.state]

    def f(steps):
        light = Traffic()
        return [light.advance(s) for s in steps]
""")

_add("state_machine_class", "'aabbaab'", """
    class Machine:
        TRANSITIONS = {('s0', 'a'): 's1', ('s1', 'a'): 's1', ('s1', 'b'): 's2', ('s2', 'b'): 's0', ('s2', 'a'): 's1'}

        def __init__(self):
            self.state = 's0'
            self.history = [self.state]

        def feed(self, ch):
            self.state = self.TRANSITIONS.get((self.state, ch), 'dead')
            self.history.append(self.state)

    def f(word):
        m = Machine()
        for ch in word:
            m.feed(ch)
        return m.state, m.history
""")

_add("method_decorator_memo_per_instance", "10", """
    def logged(method):
        def wrapper(self, *args):
            self.calls.append((method.__name__, args))
            return method(self, *args)
        return wrapper

    class Calc:
        def __init__(self):
            self.calls = []

        @logged
        def square(self, x):
            return x * x

        @logged
        def add(self, a, b):
            return a + b

    def f(n):
        c = Calc()
        total = c.add(c.square(n), c.square(2))
        return total, c.calls
""")

# -- match statements ------------------------------------------------------------------------------
_add("match_literal_patterns", "[200, 404, 500, 418, 301]", """
    def describe(code):
        match code:
            case 200:
                return "ok"
            case 301 | 302:
                return "redirect"
            case 404:
                return "not found"
            case 500:
                return "server error"
            case _:
                return "other"

    def f(codes):
        return [describe(c) for c in codes]
""")

_add("match_sequence_patterns", "[[], [1], [1, 2], [1, 2, 3, 4], 'x']", """
    def shape(value):
        match value:
            case []:
                return "empty"
            case [x]:
                return f"one: {x}"
            case [x, y]:
                return f"two: {x + y}"
            case [first, *rest]:
                return f"many: {first} then {len(rest)}"
            case _:
                return "not a list"

    def f(values):
        return [shape(v) for v in values]
""")

_add("match_mapping_patterns", "[{'type': 'add', 'a': 1, 'b': 2}, {'type': 'neg', 'a': 5}, {'type': 'noop'}, {'x': 1}]", """
    def run(command):
        match command:
            case {'type': 'add', 'a': a, 'b': b}:
                return a + b
            case {'type': 'neg', 'a': a}:
                return -a
            case {'type': str(kind), **rest}:
                return f"unknown {kind} {sorted(rest)}"
            case _:
                return None

    def f(commands):
        return [run(c) for c in commands]
""")

_add("match_class_patterns_dataclass", "[(0, 0), (3, 0), (0, 4), (2, 2)]", """
    from dataclasses import dataclass

    @dataclass
    class Point:
        x: int
        y: int

    def where(p):
        match p:
            case Point(x=0, y=0):
                return "origin"
            case Point(x=0, y=y):
                return f"on y-axis at {y}"
            case Point(x, 0):
                return f"on x-axis at {x}"
            case Point(x, y) if x == y:
                return f"diagonal {x}"
            case _:
                return "elsewhere"

    def f(points):
        return [where(Point(*p)) for p in points]
""")

_add("match_class_patterns_builtin_types", "[1, 'a', 2.5, [1, 2], (3, 4), None, {'k': 1}]", """
    def kind(v):
        match v:
            case bool():
                return "bool"
            case int(n):
                return f"int {n}"
            case float(x):
                return f"float {x}"
            case str() as s:
                return f"str {s!r}"
            case (a, b):
                return f"pair {a},{b}"
            case {"k": value}:
                return f"k={value}"
            case None:
                return "none"
        return "?"

    def f(values):
        return [kind(v) for v in values]
""")

_add("match_guard_and_capture", "[-5, 0, 7, 12, 100]", """
    def bucket(n):
        match n:
            case 0:
                return "zero"
            case x if x < 0:
                return "negative"
            case x if x % 2 == 0 and x < 50:
                return f"small even {x}"
            case x if x < 50:
                return f"small odd {x}"
            case _:
                return "large"

    def f(values):
        return [bucket(v) for v in values]
""")

_add("match_nested_tokens", "['push 3', 'push 4', 'add', 'push 5', 'mul', 'dup', 'add']", """
    def f(program):
        stack = []
        for line in program:
            match line.split():
                case ['push', n]:
                    stack.append(int(n))
                case ['add']:
                    b, a = stack.pop(), stack.pop()
                    stack.append(a + b)
                case ['mul']:
                    b, a = stack.pop(), stack.pop()
                    stack.append(a * b)
                case ['dup']:
                    stack.append(stack[-1])
                case [op, *args]:
                    raise ValueError(op)
        return stack
""")

_add("match_class_with_match_args", "[('circle', 2), ('rect', 3, 4), ('tri', 1)]", """
    class Circle:
        __match_args__ = ('r',)

        def __init__(self, r):
            self.r = r

    class Rect:
        __match_args__ = ('w', 'h')

        def __init__(self, w, h):
            self.w, self.h = w, h

    def area(shape):
        match shape:
            case Circle(r):
                return round(3.14159 * r * r, 2)
            case Rect(w, h):
                return w * h
            case _:
                return None

    def f(specs):
        makers = {'circle': Circle, 'rect': Rect}
        shapes = [makers[s[0]](*s[1:]) if s[0] in makers else s for s in specs]
        return [area(s) for s in shapes]
""")

_add("match_as_variable_name", "'case'", """
    def f(match):
        case = match.upper()
        match case:
            case 'CASE':
                return 'soft keywords are still names'
            case _:
                return case
""")

# -- namedtuple and typing.NamedTuple ------------------------------------------------------------
_add("namedtuple_basic", "[(1, 2), (3, 4)]", """
    from collections import namedtuple

    Point = namedtuple('Point', ['x', 'y'])

    def f(pairs):
        points = [Point(*p) for p in pairs]
        return points, [p.x + p.y for p in points], points[0] == (1, 2)
""")

_add("namedtuple_replace", "5", """
    from collections import namedtuple

    Car = namedtuple('Car', 'make model year')

    def f(years):
        car = Car('Saab', '900', 1990)
        newer = car._replace(year=car.year + years)
        return newer, car
""")

_add("namedtuple_asdict_and_fields", "'Ada', 36", """
    from collections import namedtuple

    Person = namedtuple('Person', 'name age')

    def f(name, age):
        p = Person(name, age)
        return p._asdict(), Person._fields, p._fields
""")

_add("namedtuple_make_and_defaults", "['a', 1]", """
    from collections import namedtuple

    Item = namedtuple('Item', ['name', 'count', 'tags'], defaults=[0, ()])

    def f(row):
        made = Item._make(row + [('x',)])
        default = Item('plain')
        return made, default, Item._field_defaults
""")

_add("namedtuple_sorting_and_unpacking", "[('bob', 30), ('amy', 25), ('cat', 30)]", """
    import collections

    Row = collections.namedtuple('Row', 'name age')

    def f(rows):
        people = sorted((Row(*r) for r in rows), key=lambda r: (-r.age, r.name))
        name, age = people[0]
        return [p.name for p in people], name, age
""")

_add("typing_namedtuple_with_methods", "3, 4", """
    from typing import NamedTuple

    class Point(NamedTuple):
        x: float
        y: float = 0.0

        def dist(self):
            return (self.x ** 2 + self.y ** 2) ** 0.5

        def scaled(self, k):
            return self._replace(x=self.x * k, y=self.y * k)

    def f(x, y):
        p = Point(x, y)
        return p.dist(), p.scaled(2), Point(1), p._asdict()
""")

# -- dataclasses ------------------------------------------------------------------------------------
_add("dataclass_basic_repr_eq", "'widget', 3, 2.5", """
    from dataclasses import dataclass

    @dataclass
    class LineItem:
        name: str
        qty: int
        price: float

        def total(self):
            return self.qty * self.price

    def f(name, qty, price):
        item = LineItem(name, qty, price)
        return item, item.total(), item == LineItem(name, qty, price)
""")

_add("dataclass_frozen", "1, 2", """
    from dataclasses import dataclass, FrozenInstanceError

    @dataclass(frozen=True)
    class Coord:
        lat: float
        lon: float

    def f(lat, lon):
        c = Coord(lat, lon)
        try:
            c.lat = 0
            mutated = True
        except FrozenInstanceError:
            mutated = False
        return c, mutated, len({c, Coord(lat, lon)})
""")

_add("dataclass_order", "[(2, 'b'), (1, 'z'), (2, 'a')]", """
    from dataclasses import dataclass

    @dataclass(order=True)
    class Version:
        major: int
        tag: str

    def f(pairs):
        versions = [Version(*p) for p in pairs]
        return sorted(versions), max(versions), Version(1, 'a') < Version(1, 'b')
""")

_add("dataclass_default_factory", "['a', 'b']", """
    from dataclasses import dataclass, field

    @dataclass
    class Basket:
        owner: str
        items: list = field(default_factory=list)
        meta: dict = field(default_factory=dict)

    def f(items):
        b1 = Basket('x')
        b2 = Basket('y')
        b1.items.extend(items)
        b2.meta['n'] = len(items)
        return b1, b2
""")

_add("dataclass_field_init_false_and_post_init", "3, 4", """
    from dataclasses import dataclass, field

    @dataclass
    class Rect:
        w: float
        h: float
        area: float = field(init=False)
        label: str = field(default='', repr=False)

        def __post_init__(self):
            self.area = self.w * self.h

    def f(w, h):
        r = Rect(w, h)
        return r, r.area, r.label
""")

_add("dataclass_init_false_class", "5", """
    from dataclasses import dataclass

    @dataclass(init=False)
    class Counter:
        count: int

        def __init__(self, start):
            self.count = start * 2

    def f(start):
        c = Counter(start)
        return c, c.count
""")

_add("dataclass_asdict_astuple_replace", "'bob', [1, 2]", """
    from dataclasses import dataclass, asdict, astuple, replace, field, fields

    @dataclass
    class Record:
        name: str
        scores: list = field(default_factory=list)
        active: bool = True

    def f(name, scores):
        r = Record(name, scores)
        r2 = replace(r, active=False)
        return asdict(r), astuple(r2), [fl.name for fl in fields(Record)]
""")

_add("dataclass_inheritance", "'eng', 3", """
    from dataclasses import dataclass

    @dataclass
    class Employee:
        name: str
        level: int = 1

    @dataclass
    class Manager(Employee):
        reports: int = 0

        def title(self):
            return f"{self.name} (L{self.level}, {self.reports} reports)"

    def f(name, reports):
        m = Manager(name, 4, reports)
        return m, m.title(), isinstance(m, Employee)
""")

_add("dataclass_kw_only_and_slots", "1, 2", """
    from dataclasses import dataclass

    @dataclass(kw_only=True, slots=True)
    class Options:
        width: int
        height: int
        title: str = 'untitled'

    def f(w, h):
        o = Options(height=h, width=w)
        return o, Options.__slots__
""")

_add("dataclass_nested_asdict", "[('a', 1), ('b', 2)]", """
    from dataclasses import dataclass, asdict, field
    from typing import List

    @dataclass
    class Entry:
        key: str
        value: int

    @dataclass
    class Table:
        entries: List[Entry] = field(default_factory=list)

    def f(pairs):
        t = Table([Entry(k, v) for k, v in pairs])
        return asdict(t)
""")

_add("dataclass_compare_false_field", "[3, 1, 2]", """
    from dataclasses import dataclass, field

    @dataclass(order=True)
    class Job:
        priority: int
        name: str = field(compare=False)

    def f(priorities):
        jobs = [Job(p, f"job{p}") for p in priorities]
        return [j.name for j in sorted(jobs)], Job(1, 'x') == Job(1, 'y')
""")

# -- enums ------------------------------------------------------------------------------------------
_add("enum_basic", "'GREEN'", """
    from enum import Enum

    class Color(Enum):
        RED = 1
        GREEN = 2
        BLUE = 3

    def f(name):
        c = Color[name]
        return c, c.name, c.value, Color(3), [m.name for m in Color], c is Color.GREEN
""")

_add("enum_auto_and_methods", "'medium'", """
    from enum import Enum, auto

    class Size(Enum):
        SMALL = auto()
        MEDIUM = auto()
        LARGE = auto()

        def bigger(self):
            members = list(type(self))
            return members[min(members.index(self) + 1, len(members) - 1)]

        @classmethod
        def parse(cls, text):
            return cls[text.upper()]

    def f(text):
        s = Size.parse(text)
        return s.value, s.bigger(), s.bigger().bigger().name
""")

_add("enum_intenum_arithmetic", "[3, 1, 2]", """
    from enum import IntEnum

    class Priority(IntEnum):
        LOW = 1
        MID = 2
        HIGH = 3

    def f(values):
        ps = sorted(Priority(v) for v in values)
        return ps, Priority.HIGH + 1, Priority.LOW < Priority.MID, max(ps).name
""")

_add("enum_flag_combinations", "['READ', 'WRITE']", """
    from enum import Flag, auto

    class Perm(Flag):
        READ = auto()
        WRITE = auto()
        EXEC = auto()

    def f(names):
        perm = Perm(0)
        for n in names:
            perm |= Perm[n]
        return perm.value, Perm.READ in perm, Perm.EXEC in perm, bool(perm & Perm.WRITE)
""")

_add("enum_functional_api_string", "'B'", """
    from enum import Enum

    Grade = Enum('Grade', 'A B C D')

    def f(letter):
        g = Grade[letter]
        return g.value, [m.name for m in Grade], len(Grade)
""")

_add("enum_functional_api_list_and_dict", "2", """
    import enum

    Level = enum.Enum('Level', ['LOW', 'HIGH'])
    Code = enum.IntEnum('Code', {'OK': 200, 'MISSING': 404})

    def f(v):
        return Level(v).name, Code.MISSING.value, Code(200).name
""")

_add("enum_str_mixin_and_unique", "'dog'", """
    from enum import Enum, unique

    @unique
    class Animal(str, Enum):
        DOG = 'dog'
        CAT = 'cat'

    def f(text):
        a = Animal(text)
        return a.value, a == 'dog', a.name, sorted(m.value for m in Animal)
""")

_add("enum_members_in_dict_keys", "['N', 'E', 'E', 'S']", """
    from enum import Enum

    class Dir(Enum):
        N = (0, 1)
        E = (1, 0)
        S = (0, -1)
        W = (-1, 0)

        @property
        def dx(self):
            return self.value[0]

        @property
        def dy(self):
            return self.value[1]

    def f(moves):
        x = y = 0
        counts = {}
        for m in moves:
            d = Dir[m]
            x, y = x + d.dx, y + d.dy
            counts[d] = counts.get(d, 0) + 1
        return (x, y), {d.name: n for d, n in counts.items()}
""")

# -- typing -----------------------------------------------------------------------------------------
_add("typing_typevar_generic_stack", "[1, 2, 3]", """
    from typing import Generic, List, Optional, TypeVar

    T = TypeVar('T')

    class Stack(Generic[T]):
        def __init__(self) -> None:
            self._items: List[T] = []

        def push(self, item: T) -> None:
            self._items.append(item)

        def pop(self) -> Optional[T]:
            return self._items.pop() if self._items else None

        def __len__(self) -> int:
            return len(self._items)

    def f(values: List[int]) -> tuple:
        s: Stack[int] = Stack()
        for v in values:
            s.push(v)
        return s.pop(), len(s), Stack[str]().pop()
""")

_add("typing_typevar_bound_function", "['pear', 'fig', 'banana']", """
    from typing import Sequence, TypeVar

    T = TypeVar('T', bound=str)

    def longest(items: Sequence[T]) -> T:
        return max(items, key=len)

    def f(words):
        return longest(words), longest(tuple(reversed(words)))
""")

_add("typing_protocol", "[2, 3]", """
    from typing import Protocol

    class HasArea(Protocol):
        def area(self) -> float:
            ...

    class Sq:
        def __init__(self, s):
            self.s = s

        def area(self) -> float:
            return self.s * self.s

    def total_area(shapes: list[HasArea]) -> float:
        return sum(s.area() for s in shapes)

    def f(sides):
        return total_area([Sq(s) for s in sides])
""")

_add("typing_runtime_checkable_protocol", "[1, 'a']", """
    from typing import Protocol, runtime_checkable

    @runtime_checkable
    class Closeable(Protocol):
        def close(self) -> None:
            ...

    class Resource:
        def close(self) -> None:
            pass

    def f(values):
        return isinstance(Resource(), Closeable), [isinstance(v, Closeable) for v in values]
""")

_add("typing_optional_union_annotations", "[1, None, 3]", """
    from typing import Dict, List, Optional, Tuple, Union

    def safe_sum(values: List[Optional[int]]) -> Tuple[int, int]:
        present = [v for v in values if v is not None]
        return sum(present), len(values) - len(present)

    def label(x: Union[int, str]) -> str:
        return f"{x}"

    def f(values: List[Optional[int]]) -> Dict[str, Union[int, str]]:
        total, missing = safe_sum(values)
        return {'total': total, 'missing': missing, 'label': label(total)}
""")

_add("typing_star_import", "[3, 1, 2]", """
    from typing import *

    def sort_desc(items: List[int]) -> List[int]:
        return sorted(items, reverse=True)

    def f(items: List[int]) -> Tuple[List[int], Optional[int]]:
        ordered = sort_desc(items)
        return ordered, (ordered[0] if ordered else None)
""")

_add("typing_typeddict_literal_final", "'north'", """
    from typing import Final, Literal, TypedDict

    MAX_SPEED: Final = 10

    class Move(TypedDict):
        direction: Literal['north', 'south']
        speed: int

    def f(direction):
        m: Move = {'direction': direction, 'speed': MAX_SPEED}
        return m, Move.__name__
""")

_add("typing_callable_and_cast", "[1, 2, 3]", """
    from typing import Callable, Iterable, cast

    def apply_all(fn: Callable[[int], int], xs: Iterable[int]) -> list:
        return [fn(x) for x in xs]

    def f(xs):
        doubled = apply_all(lambda x: x * 2, xs)
        return cast(list, doubled), cast(int, sum(doubled))
""")

_add("annotations_future_import", "[1, 2]", """
    from __future__ import annotations

    class Tree:
        def __init__(self, value: int, children: list[Tree] | None = None) -> None:
            self.value = value
            self.children = children or []

        def total(self) -> int:
            return self.value + sum(c.total() for c in self.children)

    def f(values: list[int]) -> int:
        return Tree(10, [Tree(v) for v in values]).total()
""")

# -- collections ------------------------------------------------------------------------------------
_add("counter_most_common", "'the cat and the hat and the bat'", """
    from collections import Counter

    def f(text):
        c = Counter(text.split())
        return c.most_common(2), c['the'], c['dog'], sorted(c.elements())[:3]
""")

_add("counter_arithmetic", "'aabbbc', 'abccd'", """
    from collections import Counter

    def f(a, b):
        x, y = Counter(a), Counter(b)
        return sorted((x + y).items()), sorted((x - y).items()), sorted((x & y).items()), sorted((x | y).items()), (x + y).total()
""")

_add("defaultdict_grouping", "['apple', 'avocado', 'banana', 'blueberry', 'cherry']", """
    from collections import defaultdict

    def f(words):
        groups = defaultdict(list)
        for w in words:
            groups[w[0]].append(w)
        return dict(groups), groups['z'], len(groups)
""")

_add("defaultdict_nested", "[('a', 'x', 1), ('a', 'y', 2), ('b', 'x', 3), ('a', 'x', 4)]", """
    from collections import defaultdict

    def f(rows):
        table = defaultdict(lambda: defaultdict(int))
        for r, c, v in rows:
            table[r][c] += v
        return {r: dict(cols) for r, cols in sorted(table.items())}
""")

_add("deque_rotate_and_maxlen", "[1, 2, 3, 4, 5, 6]", """
    from collections import deque

    def f(xs):
        d = deque(xs)
        d.rotate(2)
        rotated = list(d)
        window = deque(maxlen=3)
        sums = []
        for x in xs:
            window.append(x)
            sums.append(sum(window))
        d.appendleft(0)
        return rotated, sums, d.popleft(), d.pop(), list(window)
""")

_add("deque_bfs_shortest_path", "{'a': ['b', 'c'], 'b': ['d'], 'c': ['d', 'e'], 'd': ['f'], 'e': ['f'], 'f': []}, 'a', 'f'", """
    from collections import deque

    def f(graph, start, goal):
        queue = deque([[start]])
        seen = {start}
        while queue:
            path = queue.popleft()
            node = path[-1]
            if node == goal:
                return path
            for nxt in graph[node]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(path + [nxt])
        return None
""")

_add("ordereddict_lru_cache_class", "[1, 2, 3, 1, 4, 2, 5]", """
    from collections import OrderedDict

    class LRU:
        def __init__(self, capacity):
            self.capacity = capacity
            self._data = OrderedDict()
            self.misses = 0

        def get(self, key):
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            self.misses += 1
            self._data[key] = key * key
            if len(self._data) > self.capacity:
                self._data.popitem(last=False)
            return self._data[key]

    def f(keys):
        cache = LRU(3)
        values = [cache.get(k) for k in keys]
        return values, cache.misses, list(cache._data)
""")

_add("chainmap_layered_config", "{'debug': True}", """
    from collections import ChainMap

    def f(overrides):
        defaults = {'debug': False, 'level': 'info', 'retries': 3}
        env = {'level': 'warn'}
        cfg = ChainMap(overrides, env, defaults)
        child = cfg.new_child({'retries': 0})
        return dict(cfg), child['retries'], cfg['retries'], len(cfg.maps), sorted(child)
""")

_add("collections_abc_isinstance", "[[1], (1,), {1: 2}, 'ab', {3}, 5]", """
    from collections.abc import Iterable, Mapping, Sequence, Set

    def f(values):
        out = []
        for v in values:
            out.append((isinstance(v, Iterable), isinstance(v, Sequence), isinstance(v, Mapping), isinstance(v, Set)))
        return out
""")

_add("user_sequence_via_abc_mixin", "[4, 5, 6]", """
    from collections.abc import Sequence

    class Span(Sequence):
        def __init__(self, items):
            self._items = tuple(items)

        def __getitem__(self, i):
            return self._items[i]

        def __len__(self):
            return len(self._items)

    def f(items):
        s = Span(items)
        return s.index(5), s.count(4), list(reversed(s)), 6 in s
""")

# -- itertools ----------------------------------------------------------------------------------------
_add("itertools_combinatorics", "'abc', 2", """
    import itertools

    def f(s, r):
        return (
            [''.join(p) for p in itertools.permutations(s, r)],
            [''.join(c) for c in itertools.combinations(s, r)],
            len(list(itertools.product(s, repeat=r))),
            [''.join(c) for c in itertools.combinations_with_replacement(s, r)][:4],
        )
""")

_add("itertools_groupby_run_length", "'aaabccddddde'", """
    from itertools import groupby

    def f(s):
        return [(k, len(list(g))) for k, g in groupby(s)]
""")

_add("itertools_accumulate_and_chain", "[[1, 2], [3], [4, 5, 6]]", """
    import itertools
    import operator

    def f(chunks):
        flat = list(itertools.chain.from_iterable(chunks))
        return flat, list(itertools.accumulate(flat)), list(itertools.accumulate(flat, operator.mul)), list(itertools.chain([0], *chunks))
""")

_add("itertools_islice_count_cycle", "3", """
    from itertools import count, cycle, islice, repeat

    def f(n):
        evens = list(islice(count(0, 2), n * 2))
        colors = list(islice(cycle(['r', 'g', 'b']), n * 3 - 1))
        return evens, colors, list(repeat('x', n))
""")

_add("itertools_zip_longest_pairwise", "[1, 2, 3, 4], 'ab'", """
    from itertools import pairwise, starmap, zip_longest

    def f(nums, letters):
        return list(zip_longest(nums, letters, fillvalue='-')), list(pairwise(nums)), list(starmap(pow, [(2, 3), (3, 2)]))
""")

_add("itertools_takewhile_dropwhile_compress", "[1, 4, 6, 3, 8, 2]", """
    from itertools import compress, dropwhile, filterfalse, takewhile

    def f(xs):
        return (
            list(takewhile(lambda x: x < 5, xs)),
            list(dropwhile(lambda x: x < 5, xs)),
            list(compress(xs, [1, 0, 1, 0, 1, 0])),
            list(filterfalse(lambda x: x % 2, xs)),
        )
""")

_add("itertools_tee_and_batched_chunks", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", """
    from itertools import islice, tee

    def chunks(iterable, size):
        it = iter(iterable)
        while True:
            block = list(islice(it, size))
            if not block:
                return
            yield block

    def f(xs):
        a, b = tee(xs)
        return list(chunks(a, 4)), sum(b)
""")

# -- functools ----------------------------------------------------------------------------------------
_add("functools_lru_cache_fibonacci", "80", """
    from functools import lru_cache

    @lru_cache(maxsize=None)
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    def f(n):
        return fib(n), [fib(i) for i in range(10)]
""")

_add("functools_cache_grid_paths", "6, 5", """
    import functools

    def f(rows, cols):
        @functools.cache
        def paths(r, c):
            if r == 0 or c == 0:
                return 1
            return paths(r - 1, c) + paths(r, c - 1)
        return paths(rows, cols), paths.cache_info().currsize > 0
""")

_add("functools_reduce", "[3, 5, 7, 2]", """
    from functools import reduce
    import operator

    def f(xs):
        return reduce(operator.add, xs), reduce(lambda a, b: a * b, xs, 1), reduce(max, xs), reduce(lambda acc, x: acc * 10 + x, xs, 0)
""")

_add("functools_partial", "[1, 2, 3]", """
    from functools import partial

    def power(base, exponent):
        return base ** exponent

    def f(xs):
        square = partial(power, exponent=2)
        two_to = partial(power, 2)
        to_int = partial(int, base=2)
        return [square(x) for x in xs], [two_to(x) for x in xs], to_int('1011')
""")

_add("functools_wraps_decorator", "5", """
    import functools

    def counted(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            wrapper.calls += 1
            return fn(*args, **kwargs)
        wrapper.calls = 0
        return wrapper

    def f(n):
        @counted
        def square(x):
            '''Square a number.'''
            return x * x

        values = [square(i) for i in range(n)]
        return values, square.calls, square.__name__, square.__doc__
""")

_add("decorator_with_arguments", "'hi'", """
    def repeat(times):
        def decorate(fn):
            def wrapper(*args):
                return [fn(*args) for _ in range(times)]
            return wrapper
        return decorate

    @repeat(3)
    def shout(word):
        return word.upper() + '!'

    def f(word):
        return shout(word)
""")

_add("functools_total_ordering", "[(1, 2), (1, 0), (0, 5)]", """
    from functools import total_ordering

    @total_ordering
    class Version:
        def __init__(self, major, minor):
            self.major, self.minor = major, minor

        def __eq__(self, other):
            return (self.major, self.minor) == (other.major, other.minor)

        def __lt__(self, other):
            return (self.major, self.minor) < (other.major, other.minor)

        def __repr__(self):
            return f"v{self.major}.{self.minor}"

    def f(pairs):
        vs = [Version(*p) for p in pairs]
        return sorted(vs), vs[0] >= vs[1], vs[2] <= vs[0], vs[0] > vs[2]
""")

_add("functools_cached_property", "[3, 4, 5]", """
    from functools import cached_property

    class Dataset:
        def __init__(self, values):
            self.values = values
            self.computed = 0

        @cached_property
        def mean(self):
            self.computed += 1
            return sum(self.values) / len(self.values)

    def f(values):
        d = Dataset(values)
        return d.mean, d.mean, d.computed
""")

_add("functools_singledispatch", "[1, 'a', [1, 2], 2.5]", """
    from functools import singledispatch

    @singledispatch
    def describe(x):
        return 'thing'

    @describe.register
    def _(x: int):
        return f'int {x}'

    @describe.register(str)
    def _describe_str(x):
        return f'str {x}'

    @describe.register
    def _(x: list):
        return f'list of {len(x)}'

    def f(values):
        return [describe(v) for v in values]
""")

_add("functools_cmp_to_key", "[3, 30, 34, 5, 9]", """
    from functools import cmp_to_key

    def compare(a, b):
        return (a + b > b + a) - (a + b < b + a)

    def f(nums):
        strs = sorted(map(str, nums), key=cmp_to_key(compare), reverse=True)
        return ''.join(strs)
""")

# -- heapq and bisect -----------------------------------------------------------------------------------
_add("heapq_k_smallest_and_merge", "[9, 1, 8, 2, 7, 3], 3", """
    import heapq

    def f(xs, k):
        heap = list(xs)
        heapq.heapify(heap)
        smallest = [heapq.heappop(heap) for _ in range(k)]
        return smallest, heapq.nlargest(k, xs), heapq.nsmallest(2, xs, key=lambda x: -x), list(heapq.merge([1, 4, 7], [2, 5, 8]))
""")

_add("heapq_dijkstra", "{'a': {'b': 4, 'c': 1}, 'c': {'b': 2, 'd': 7}, 'b': {'d': 1}, 'd': {}}, 'a'", """
    import heapq

    def f(graph, source):
        dist = {source: 0}
        heap = [(0, source)]
        while heap:
            d, node = heapq.heappop(heap)
            if d > dist.get(node, float('inf')):
                continue
            for nxt, w in graph[node].items():
                nd = d + w
                if nd < dist.get(nxt, float('inf')):
                    dist[nxt] = nd
                    heapq.heappush(heap, (nd, nxt))
        return dict(sorted(dist.items()))
""")

_add("heapq_task_scheduler_with_tuples", "[('write', 2), ('read', 1), ('exec', 3), ('idle', 1)]", """
    import heapq

    def f(tasks):
        heap = []
        for order, (name, prio) in enumerate(tasks):
            heapq.heappush(heap, (prio, order, name))
        return [heapq.heappop(heap)[2] for _ in range(len(heap))]
""")

_add("bisect_grades_and_insort", "[33, 99, 77, 70, 89, 90, 100]", """
    import bisect

    def grade(score, breakpoints=(60, 70, 80, 90), grades='FDCBA'):
        return grades[bisect.bisect(breakpoints, score)]

    def f(scores):
        ordered = []
        for s in scores:
            bisect.insort(ordered, s)
        return [grade(s) for s in scores], ordered, bisect.bisect_left(ordered, 90), bisect.bisect_right(ordered, 90)
""")

_add("bisect_binary_search_helper", "[1, 3, 5, 7, 9], [5, 6, 0, 9]", """
    from bisect import bisect_left

    def index_of(a, x):
        i = bisect_left(a, x)
        if i != len(a) and a[i] == x:
            return i
        return -1

    def f(a, queries):
        return [index_of(a, q) for q in queries]
""")

# -- re and string ---------------------------------------------------------------------------------------
_add("re_findall_and_sub", "'Call 555-1234 or 555-9876 before 5pm'", """
    import re

    def f(text):
        phones = re.findall(r'\\d{3}-\\d{4}', text)
        masked = re.sub(r'\\d', '#', text)
        numbers = [int(n) for n in re.findall(r'\\d+', text)]
        return phones, masked, numbers
""")

_add("re_named_groups", "'2024-03-15, 1999-12-31'", """
    import re

    DATE = re.compile(r'(?P<year>\\d{4})-(?P<month>\\d{2})-(?P<day>\\d{2})')

    def f(text):
        return [m.groupdict() for m in DATE.finditer(text)], DATE.search(text).group('year'), DATE.sub(r'\\g<day>/\\g<month>/\\g<year>', text)
""")

_add("re_sub_with_function", "'hello world from python'", """
    import re

    def f(text):
        titled = re.sub(r'\\b(\\w)(\\w*)', lambda m: m.group(1).upper() + m.group(2), text)
        lengths = re.sub(r'\\w+', lambda m: str(len(m.group())), text)
        return titled, lengths
""")

_add("re_split_and_flags", "'One, two;THREE  four'", """
    import re

    def f(text):
        parts = re.split(r'[,;\\s]+', text)
        lowered = [p for p in parts if re.fullmatch(r'[a-z]+', p)]
        ignorecase = re.findall(r'^t\\w+', ' '.join(parts), flags=re.IGNORECASE | re.MULTILINE)
        return parts, lowered, ignorecase, re.escape('a.b*c')
""")

_add("re_validate_emails", "['a@b.com', 'bad@', 'x.y@z.org', '@no.com']", """
    import re

    EMAIL = re.compile(r'^[\\w.]+@[\\w]+\\.[a-z]{2,}$')

    def f(candidates):
        return [bool(EMAIL.match(c)) for c in candidates]
""")

_add("re_tokenizer_with_lastgroup", "'x = 3 + 42 * (y - 1)'", """
    import re

    TOKEN = re.compile(r'(?P<NUM>\\d+)|(?P<NAME>[a-z]+)|(?P<OP>[-+*/=()])|(?P<WS>\\s+)')

    def f(source):
        tokens = []
        for m in TOKEN.finditer(source):
            if m.lastgroup != 'WS':
                tokens.append((m.lastgroup, m.group()))
        return tokens
""")

_add("string_module_constants_caesar", "'Hello, World!', 3", """
    import string

    def f(text, shift):
        lower, upper = string.ascii_lowercase, string.ascii_uppercase
        table = str.maketrans(lower + upper, lower[shift:] + lower[:shift] + upper[shift:] + upper[:shift])
        return text.translate(table), string.capwords('the quick brown fox'), string.digits, sum(ch in string.punctuation for ch in text)
""")

_add("string_template", "'World', 3", """
    from string import Template

    def f(name, n):
        t = Template('Hello $name, you have ${n} new messages')
        partial = Template('$greeting $name').safe_substitute(name=name)
        return t.substitute(name=name, n=n), partial
""")

_add("string_methods_mix", "'  The Quick brown fox  '", """
    def f(s):
        t = s.strip()
        return [t.lower(), t.upper(), t.title(), t.swapcase(), t.split(), t.replace('o', '0'),
                t.startswith('The'), t.endswith('x'), t.find('brown'), t.count('o'),
                t.center(25, '*'), t.ljust(22, '.'), t.zfill(25)[:5], '-'.join(t.split()[::-1]),
                t.partition(' '), t.rsplit(' ', 1), t.isalpha(), 'abc123'.isalnum()]
""")

# -- math, fractions, decimal, statistics ----------------------------------------------------------------
_add("math_integer_functions", "12, 18", """
    import math

    def f(a, b):
        return [math.gcd(a, b), math.lcm(a, b), math.isqrt(a * b), math.comb(a, 3), math.perm(5, 2),
                math.factorial(10), math.prod([a, b, 2]), math.floor(-2.5), math.ceil(2.1), math.trunc(-3.7)]
""")

_add("math_float_functions", "2.0", """
    import math

    def f(x):
        return [round(math.sqrt(x), 10), math.isclose(math.sin(math.pi / 6), 0.5), round(math.log(x, 2), 12),
                math.log10(1000), round(math.hypot(3, 4), 6), math.copysign(3, -0.0), math.fsum([0.1] * 10),
                math.isinf(float('inf')), math.isnan(float('nan')), round(math.degrees(math.pi), 6), math.inf > 1e308]
""")

_add("cmath_complex_numbers", "3, 4", """
    import cmath

    def f(re, im):
        z = complex(re, im)
        return abs(z), z.conjugate(), z * 1j, round(cmath.phase(z), 6), (z + 1).real, cmath.sqrt(-1)
""")

_add("fractions_arithmetic", "[(1, 2), (1, 3), (1, 6)]", """
    from fractions import Fraction

    def f(pairs):
        fracs = [Fraction(n, d) for n, d in pairs]
        total = sum(fracs)
        return total, fracs[0] * fracs[1], Fraction('3/4') + Fraction(0.25), Fraction(22, 7).limit_denominator(5), str(Fraction(10, 4)), float(Fraction(1, 8))
""")

_add("decimal_local_context", "'1', '7'", """
    from decimal import Decimal, localcontext

    def f(a, b):
        with localcontext() as ctx:
            ctx.prec = 6
            short = Decimal(a) / Decimal(b)
        with localcontext() as ctx:
            ctx.prec = 30
            long = Decimal(a) / Decimal(b)
        return short, long, Decimal('0.1') + Decimal('0.2'), Decimal('0.1') + Decimal('0.2') == Decimal('0.3')
""")

_add("decimal_quantize_rounding", "['2.675', '1.005', '-0.125']", """
    from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN

    def f(values):
        cents = Decimal('0.01')
        return [(Decimal(v).quantize(cents, rounding=ROUND_HALF_UP), Decimal(v).quantize(cents, rounding=ROUND_HALF_EVEN)) for v in values]
""")

_add("statistics_summary", "[2, 4, 4, 4, 5, 5, 7, 9]", """
    import statistics

    def f(data):
        return {
            'mean': statistics.mean(data),
            'median': statistics.median(data),
            'mode': statistics.mode(data),
            'pstdev': statistics.pstdev(data),
            'variance': round(statistics.variance(data), 6),
            'median_low': statistics.median_low(data),
            'quantiles': statistics.quantiles(data, n=4),
        }
""")

_add("numbers_abc_checks", "[1, 2.5, 3j, True]", """
    import numbers
    from fractions import Fraction

    def f(values):
        values = values + [Fraction(1, 3)]
        return [(isinstance(v, numbers.Integral), isinstance(v, numbers.Rational), isinstance(v, numbers.Real), isinstance(v, numbers.Complex)) for v in values]
""")

_add("integer_tricks", "[0, 1, 5, 255, 1024, -7]", """
    def f(nums):
        return [(bin(n), hex(n), oct(n), n.bit_length(), bin(n).count('1'), divmod(n, 3), n >> 1, n << 2, n & 0xF, n ^ 0b1010, ~n) for n in nums]
""")

_add("big_integers_and_pow_mod", "2, 100, 1000000007", """
    def f(base, exp, mod):
        big = base ** exp
        return big, pow(base, exp, mod), len(str(big)), big % 97, pow(3, -1, 7)
""")

_add("rounding_and_float_formatting", "[0.5, 1.5, 2.5, 2.675, -0.5]", """
    def f(xs):
        return [round(x) for x in xs], [round(x, 1) for x in xs], [f"{x:.2f}" for x in xs], [int(x) for x in xs], 0.1 + 0.2, (0.1 + 0.2).hex()
""")

# -- json and textwrap -----------------------------------------------------------------------------------------
_add("json_dumps_loads_roundtrip", "{'b': [1, 2, {'c': None}], 'a': 'x', 'd': True}", """
    import json

    def f(obj):
        text = json.dumps(obj, sort_keys=True)
        pretty = json.dumps(obj, indent=2, sort_keys=True)
        back = json.loads(text)
        return text, back == obj, pretty.count('\\n'), json.loads('[1, 2.5, "x", null, false]')
""")

_add("json_custom_default_and_separators", "'Ada', [1, 2]", """
    import json

    class User:
        def __init__(self, name, ids):
            self.name = name
            self.ids = ids

    def encode(o):
        if isinstance(o, User):
            return {'name': o.name, 'ids': o.ids}
        if isinstance(o, set):
            return sorted(o)
        raise TypeError(type(o).__name__)

    def f(name, ids):
        return json.dumps({'user': User(name, ids), 'tags': {'b', 'a'}}, default=encode, separators=(',', ':'))
""")

_add("json_parse_errors", "['{\"a\": 1}', '{bad json}', '[1, 2', '\"str\"']", """
    import json

    def f(texts):
        out = []
        for t in texts:
            try:
                out.append(('ok', json.loads(t)))
            except json.JSONDecodeError as e:
                out.append(('error', e.msg, e.pos))
        return out
""")

_add("textwrap_wrap_fill_shorten", "'The quick brown fox jumps over the lazy dog and keeps running far away'", """
    import textwrap

    def f(text):
        return textwrap.wrap(text, width=20), textwrap.shorten(text, width=30, placeholder='...'), textwrap.fill(text, width=35).count('\\n')
""")

_add("textwrap_dedent_indent", "'    line one\\n      line two\\n    line three'", """
    import textwrap

    def f(block):
        d = textwrap.dedent(block)
        return d, textwrap.indent(d, '> '), textwrap.indent(d, '+ ', lambda line: 'two' in line)
""")

# -- operator ------------------------------------------------------------------------------------------------
_add("operator_itemgetter_sorting", "[('amy', 'b', 30), ('bob', 'a', 25), ('cat', 'a', 35)]", """
    from operator import itemgetter

    def f(rows):
        by_team_then_age = sorted(rows, key=itemgetter(1, 2))
        names = list(map(itemgetter(0), rows))
        return by_team_then_age, names, itemgetter(slice(0, 2))(rows[0])
""")

_add("operator_attrgetter", "[('ann', 3), ('bo', 1), ('cy', 2)]", """
    from operator import attrgetter

    class Player:
        def __init__(self, name, rank):
            self.name = name
            self.rank = rank

    def f(specs):
        players = [Player(*s) for s in specs]
        ranked = sorted(players, key=attrgetter('rank'))
        return [p.name for p in ranked], attrgetter('name', 'rank')(players[0])
""")

_add("operator_methodcaller_and_functions", "['  a  ', 'bB ', ' c']", """
    import operator
    from operator import methodcaller

    def f(words):
        stripped = list(map(methodcaller('strip'), words))
        padded = list(map(methodcaller('center', 5, '*'), stripped))
        return stripped, padded, operator.add(2, 3), operator.neg(4), operator.contains(words, ' c'), operator.getitem(words, 1)
""")

# -- generators, closures, scoping --------------------------------------------------------------------------
_add("generator_pipeline", "['3', 'x', '10', '-2', '7']", """
    def parse(lines):
        for line in lines:
            try:
                yield int(line)
            except ValueError:
                continue

    def positive(nums):
        return (n for n in nums if n > 0)

    def squares(nums):
        for n in nums:
            yield n * n

    def f(lines):
        return list(squares(positive(parse(lines))))
""")

_add("generator_yield_from_and_return_value", "[[1, [2, 3]], [[4]], 5]", """
    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item

    def counted(items):
        n = 0
        for x in items:
            yield x
            n += 1
        return n

    def wrapper(items):
        total = yield from counted(items)
        yield ('count', total)

    def f(nested):
        return list(flatten(nested)), list(wrapper(flatten(nested)))
""")

_add("generator_send_coroutine", "[10, 20, 30]", """
    def averager():
        total = 0
        count = 0
        average = None
        while True:
            value = yield average
            total += value
            count += 1
            average = total / count

    def f(values):
        avg = averager()
        next(avg)
        return [avg.send(v) for v in values]
""")

_add("generator_expression_aggregates", "[3, -1, 4, -1, 5, -9, 2, 6]", """
    def f(xs):
        return (sum(x * x for x in xs), max((x for x in xs if x < 0), default=None), any(x > 5 for x in xs),
                all(x != 0 for x in xs), min(abs(x) for x in xs), sorted({x % 3 for x in xs}), dict((x, x ** 2) for x in xs if x > 3))
""")

_add("generator_infinite_primes", "10", """
    from itertools import count, islice

    def primes():
        found = []
        for n in count(2):
            if all(n % p for p in found if p * p <= n):
                found.append(n)
                yield n

    def f(n):
        return list(islice(primes(), n))
""")

_add("closure_counter_nonlocal", "4", """
    def make_counter(start=0):
        count = start

        def increment(step=1):
            nonlocal count
            count += step
            return count

        return increment

    def f(n):
        c1, c2 = make_counter(), make_counter(100)
        values = [c1() for _ in range(n)]
        return values, c2(10), c1(0)
""")

_add("closure_late_binding_default_arg", "4", """
    def f(n):
        late = [lambda: i for i in range(n)]
        bound = [lambda i=i: i for i in range(n)]
        return [g() for g in late], [g() for g in bound]
""")

_add("closure_function_factory", "[1, 2, 3]", """
    def make_polynomial(*coefficients):
        def evaluate(x):
            return sum(c * x ** i for i, c in enumerate(coefficients))
        return evaluate

    def compose(*fns):
        def composed(x):
            for fn in reversed(fns):
                x = fn(x)
            return x
        return composed

    def f(xs):
        p = make_polynomial(1, 0, 2)
        g = compose(lambda v: v + 1, p)
        return [p(x) for x in xs], [g(x) for x in xs]
""")

_add("nested_functions_and_scopes", "5", """
    LIMIT = 3

    def f(n):
        results = []

        def outer(k):
            def inner():
                return k * LIMIT
            return inner()

        for i in range(n):
            results.append(outer(i))
        return results, [x for x in results if x > LIMIT]
""")

_add("lambda_sorting_and_map_filter", "['banana', 'Apple', 'cherry', 'apple', 'date']", """
    def f(words):
        return (sorted(words), sorted(words, key=str.lower), sorted(words, key=lambda w: (len(w), w)),
                list(map(lambda w: w[::-1], words)), list(filter(lambda w: 'a' in w.lower(), words)))
""")

# -- exceptions ----------------------------------------------------------------------------------------------
_add("try_except_else_finally_order", "[2, 0, 'x']", """
    def f(divisors):
        log = []
        for d in divisors:
            try:
                value = 10 / d
            except ZeroDivisionError:
                log.append('zero')
            except TypeError as e:
                log.append(f'type: {type(e).__name__}')
            else:
                log.append(f'ok {value}')
            finally:
                log.append('done')
        return log
""")

_add("custom_exception_hierarchy", "[5, -1, 200, 50]", """
    class ValidationError(Exception):
        def __init__(self, field, message):
            super().__init__(f"{field}: {message}")
            self.field = field

    class TooSmall(ValidationError):
        pass

    class TooLarge(ValidationError):
        pass

    def check(age):
        if age < 0:
            raise TooSmall('age', 'must be non-negative')
        if age > 150:
            raise TooLarge('age', 'unrealistic')
        return age

    def f(ages):
        out = []
        for a in ages:
            try:
                out.append(check(a))
            except ValidationError as e:
                out.append((type(e).__name__, e.field, str(e), isinstance(e, Exception)))
        return out
""")

_add("exception_chaining_raise_from", "'abc'", """
    class ParseError(Exception):
        pass

    def parse(text):
        try:
            return int(text)
        except ValueError as e:
            raise ParseError(f"cannot parse {text!r}") from e

    def f(text):
        try:
            return parse(text)
        except ParseError as e:
            return str(e), type(e.__cause__).__name__, e.__cause__ is not None, e.args
""")

_add("exception_reraise_and_cleanup", "[1, 2, 3]", """
    def process(items, log):
        try:
            for x in items:
                if x == 3:
                    raise RuntimeError('three')
                log.append(x)
        except RuntimeError:
            log.append('cleanup')
            raise

    def f(items):
        log = []
        try:
            process(items, log)
        except RuntimeError as e:
            log.append(f'outer {e}')
        return log
""")

_add("exception_with_custom_str_and_args", "404", """
    class HttpError(Exception):
        def __init__(self, status, reason='unknown'):
            self.status = status
            self.reason = reason
            super().__init__(status, reason)

        def __str__(self):
            return f"HTTP {self.status}: {self.reason}"

    def f(status):
        try:
            raise HttpError(status, 'not found')
        except HttpError as e:
            return str(e), e.args, repr(e.reason)
""")

_add("assert_and_keyerror_handling", "{'a': 1}, ['a', 'b']", """
    def f(d, keys):
        out = []
        for k in keys:
            try:
                assert isinstance(k, str), 'keys are strings'
                out.append(d[k])
            except KeyError as e:
                out.append(f'missing {e}')
        try:
            assert len(keys) > 5, 'too few keys'
        except AssertionError as e:
            out.append(str(e))
        return out
""")

_add("exception_suppressed_in_loop_continue_break", "['1', 'two', '3', 'stop', '5']", """
    def f(tokens):
        total = 0
        skipped = []
        for t in tokens:
            if t == 'stop':
                break
            try:
                total += int(t)
            except ValueError:
                skipped.append(t)
                continue
        else:
            skipped.append('no stop')
        return total, skipped
""")

# -- recursion and algorithms ---------------------------------------------------------------------------------
_add("recursion_permutations", "'abc'", """
    def permutations(s):
        if len(s) <= 1:
            return [s]
        out = []
        for i, ch in enumerate(s):
            for rest in permutations(s[:i] + s[i + 1:]):
                out.append(ch + rest)
        return out

    def f(s):
        return permutations(s)
""")

_add("recursion_hanoi", "3", """
    def hanoi(n, src, dst, via, moves):
        if n == 0:
            return
        hanoi(n - 1, src, via, dst, moves)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src, moves)

    def f(n):
        moves = []
        hanoi(n, 'A', 'C', 'B', moves)
        return len(moves), moves[:4]
""")

_add("recursion_flatten_and_depth", "[1, [2, [3, [4]], 5], [[6]]]", """
    def flatten(x):
        if not isinstance(x, list):
            return [x]
        return [y for item in x for y in flatten(item)]

    def depth(x):
        if not isinstance(x, list):
            return 0
        return 1 + max((depth(i) for i in x), default=0)

    def f(nested):
        return flatten(nested), depth(nested)
""")

_add("recursion_memo_dict_and_dfs", "{'a': ['b', 'c'], 'b': ['d'], 'c': ['d'], 'd': []}", """
    def count_paths(graph, node, memo):
        if node in memo:
            return memo[node]
        if not graph[node]:
            memo[node] = 1
        else:
            memo[node] = sum(count_paths(graph, n, memo) for n in graph[node])
        return memo[node]

    def topo(graph):
        seen, order = set(), []
        def visit(n):
            if n in seen:
                return
            seen.add(n)
            for m in graph[n]:
                visit(m)
            order.append(n)
        for n in sorted(graph):
            visit(n)
        return order[::-1]

    def f(graph):
        return count_paths(graph, 'a', {}), topo(graph)
""")

_add("dynamic_programming_lcs", "'ABCBDAB', 'BDCABA'", """
    def f(a, b):
        m, n = len(a), len(b)
        dp = [[0] * (n + 1) for _ in range(m + 1)]
        for i in range(m):
            for j in range(n):
                dp[i + 1][j + 1] = dp[i][j] + 1 if a[i] == b[j] else max(dp[i][j + 1], dp[i + 1][j])
        out = []
        i, j = m, n
        while i and j:
            if a[i - 1] == b[j - 1]:
                out.append(a[i - 1])
                i, j = i - 1, j - 1
            elif dp[i - 1][j] >= dp[i][j - 1]:
                i -= 1
            else:
                j -= 1
        return dp[m][n], ''.join(reversed(out))
""")

_add("backtracking_n_queens", "6", """
    def f(n):
        solutions = []

        def place(row, cols, diag1, diag2, board):
            if row == n:
                solutions.append(board[:])
                return
            for c in range(n):
                if c in cols or row - c in diag1 or row + c in diag2:
                    continue
                board.append(c)
                place(row + 1, cols | {c}, diag1 | {row - c}, diag2 | {row + c}, board)
                board.pop()

        place(0, frozenset(), frozenset(), frozenset(), [])
        return len(solutions), solutions[0]
""")

_add("matrix_operations", "[[1, 2], [3, 4]]", """
    def matmul(a, b):
        return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]

    def f(m):
        transpose = [list(r) for r in zip(*m)]
        identity = [[int(i == j) for j in range(len(m))] for i in range(len(m))]
        return matmul(m, m), transpose, matmul(m, identity) == m, [row[::-1] for row in m]
""")

_add("sorting_multiple_keys_stable", "[('bob', 'sales', 50), ('amy', 'eng', 70), ('cat', 'eng', 70), ('dan', 'sales', 60)]", """
    def f(rows):
        by_salary_desc_name = sorted(rows, key=lambda r: (-r[2], r[0]))
        stable = sorted(sorted(rows, key=lambda r: r[0]), key=lambda r: r[1])
        rows_copy = list(rows)
        rows_copy.sort(key=lambda r: r[2], reverse=True)
        return by_salary_desc_name, stable, [r[0] for r in rows_copy]
""")

_add("custom_merge_sort", "[38, 27, 43, 3, 9, 82, 10]", """
    def merge_sort(xs):
        if len(xs) <= 1:
            return xs
        mid = len(xs) // 2
        left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
        out = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                out.append(left[i])
                i += 1
            else:
                out.append(right[j])
                j += 1
        return out + left[i:] + right[j:]

    def f(xs):
        return merge_sort(xs)
""")

_add("union_find_class", "5, [(0, 1), (1, 2), (3, 4)]", """
    class DisjointSet:
        def __init__(self, n):
            self._parent = list(range(n))
            self._rank = [0] * n

        def find(self, x):
            while self._parent[x] != x:
                self._parent[x] = self._parent[self._parent[x]]
                x = self._parent[x]
            return x

        def union(self, a, b):
            ra, rb = self.find(a), self.find(b)
            if ra == rb:
                return False
            if self._rank[ra] < self._rank[rb]:
                ra, rb = rb, ra
            self._parent[rb] = ra
            if self._rank[ra] == self._rank[rb]:
                self._rank[ra] += 1
            return True

    def f(n, edges):
        ds = DisjointSet(n)
        merged = [ds.union(a, b) for a, b in edges]
        groups = {}
        for i in range(n):
            groups.setdefault(ds.find(i), []).append(i)
        return merged, sorted(groups.values())
""")

_add("trie_class", "['car', 'cart', 'care', 'dog'], 'car'", """
    class Trie:
        def __init__(self):
            self.children = {}
            self.terminal = False

        def insert(self, word):
            node = self
            for ch in word:
                node = node.children.setdefault(ch, Trie())
            node.terminal = True

        def _collect(self, prefix, out):
            if self.terminal:
                out.append(prefix)
            for ch in sorted(self.children):
                self.children[ch]._collect(prefix + ch, out)

        def starting_with(self, prefix):
            node = self
            for ch in prefix:
                if ch not in node.children:
                    return []
                node = node.children[ch]
            out = []
            node._collect(prefix, out)
            return out

    def f(words, prefix):
        t = Trie()
        for w in words:
            t.insert(w)
        return t.starting_with(prefix), t.starting_with('x')
""")

_add("priority_queue_class_with_heap", "[('b', 2), ('a', 5), ('c', 1)]", """
    import heapq

    class PriorityQueue:
        def __init__(self):
            self._heap = []
            self._counter = 0

        def push(self, item, priority):
            heapq.heappush(self._heap, (-priority, self._counter, item))
            self._counter += 1

        def pop(self):
            return heapq.heappop(self._heap)[-1]

        def __bool__(self):
            return bool(self._heap)

    def f(items):
        pq = PriorityQueue()
        for item, prio in items:
            pq.push(item, prio)
        out = []
        while pq:
            out.append(pq.pop())
        return out
""")

# -- formatting ------------------------------------------------------------------------------------------------
_add("fstring_format_specs", "1234567.891, 42, 0.256", """
    def f(x, n, ratio):
        return [f"{x:,.2f}", f"{x:>15.1f}|", f"{n:08b}", f"{n:#x}", f"{n:o}", f"{ratio:.1%}", f"{n:^9}|",
                f"{n:+d}", f"{x:e}", f"{'left':<8}|", f"{n:_}", f"{x:10.3g}", f"{n!r:>5}", f"{n=}"]
""")

_add("str_format_positional_and_keyword", "'Ada', 36, [3, 4]", """
    def f(name, age, pair):
        return ['{} is {} years old'.format(name, age), '{1} <- {0}'.format(name, age),
                '{name} ({age:d})'.format(name=name, age=age), '{0[1]} and {0[0]}'.format(pair),
                '{:*^11}'.format(name), '{x:.3f}'.format(x=age / 7), '%s has %d items' % (name, len(pair)),
                '{!r}'.format(name)]
""")

_add("str_format_attribute_fields", "3, 4", """
    class Point:
        def __init__(self, x, y):
            self.x, self.y = x, y

    def f(x, y):
        p = Point(x, y)
        return '({p.x}, {p.y})'.format(p=p), '{0.x}-{0.y}'.format(p), f'{p.x * p.y:>4}'
""")

_add("format_table_rows", "[('apple', 1.5, 3), ('kiwi', 0.25, 12)]", """
    def f(rows):
        lines = [f"{'item':<8}{'price':>8}{'qty':>5}"]
        for name, price, qty in rows:
            lines.append(f"{name:<8}{price:>8.2f}{qty:>5d}")
        total = sum(p * q for _, p, q in rows)
        lines.append(f"{'total':<8}{total:>8.2f}")
        return '\\n'.join(lines)
""")

# -- copy -------------------------------------------------------------------------------------------------------
_add("copy_shallow_and_deep_user_objects", "[1, 2]", """
    import copy

    class Box:
        def __init__(self, items):
            self.items = items
            self.label = 'box'

    def f(items):
        original = Box(list(items))
        shallow = copy.copy(original)
        deep = copy.deepcopy(original)
        original.items.append(99)
        shallow.label = 'changed'
        return shallow.items, deep.items, original.label, shallow is original
""")

_add("copy_deepcopy_nested_and_dataclass", "{'a': [1, {'b': [2]}]}", """
    import copy
    from dataclasses import dataclass, field

    @dataclass
    class Holder:
        data: dict = field(default_factory=dict)

    def f(d):
        h = Holder(d)
        h2 = copy.deepcopy(h)
        h2.data['a'][1]['b'].append(3)
        h3 = copy.copy(h)
        return h, h2, h3.data is h.data
""")

# -- sets and dict idioms --------------------------------------------------------------------------------------
_add("set_of_strings_returned", "'the quick brown the lazy quick dog'", """
    def f(text):
        return set(text.split())
""")

_add("set_operations", "[1, 2, 3, 4], [3, 4, 5]", """
    def f(a, b):
        x, y = set(a), set(b)
        return x | y, x & y, x - y, x ^ y, x <= y, frozenset(y), sorted(x | y)
""")

_add("dict_with_set_values", "[('a', 'x'), ('b', 'y'), ('a', 'z'), ('a', 'x')]", """
    def f(pairs):
        index = {}
        for k, v in pairs:
            index.setdefault(k, set()).add(v)
        return index, {k: len(v) for k, v in index.items()}
""")

_add("dict_comprehensions_and_merging", "{'a': 1, 'b': 2}, {'b': 3, 'c': 4}", """
    def f(x, y):
        merged = x | y
        summed = {k: x.get(k, 0) + y.get(k, 0) for k in sorted(x.keys() | y.keys())}
        inverted = {v: k for k, v in merged.items()}
        return merged, {**x, **y}, summed, inverted, list(merged.items())[-1], dict(zip('ab', [1, 2]))
""")

_add("frozenset_as_dict_key", "[['a', 'b'], ['b', 'a'], ['c']]", """
    def f(groups):
        counts = {}
        for g in groups:
            key = frozenset(g)
            counts[key] = counts.get(key, 0) + 1
        return counts, sorted(len(k) for k in counts)
""")

# -- misc builtins and idioms ----------------------------------------------------------------------------------
_add("walrus_and_comprehension_conditions", "[1, 5, 12, 7, 20]", """
    def f(xs):
        big = [y for x in xs if (y := x * 2) > 10]
        n = 0
        while (n := n + 1) < 3:
            pass
        return big, n
""")

_add("enumerate_zip_reversed_range", "['a', 'b', 'c'], [1, 2, 3]", """
    def f(letters, nums):
        return (list(enumerate(letters, start=1)), list(zip(letters, nums)), dict(zip(letters, nums)),
                list(reversed(range(0, 10, 3))), [i for i in range(10, 0, -4)], list(zip(*[(1, 2), (3, 4)])))
""")

_add("slicing_and_unpacking", "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]", """
    def f(xs):
        first, *middle, last = xs
        a, (b, c) = 1, (2, 3)
        return xs[::2], xs[::-1][:3], xs[-3:], first, middle[:2], last, (a, b, c), xs[slice(1, 8, 3)]
""")

_add("bytes_and_bytearray", "'héllo'", """
    def f(text):
        data = text.encode('utf-8')
        buf = bytearray(data)
        buf[0] = ord('H')
        return data, len(data), bytes(buf).decode(), data.hex(), list(data[:3]), bytes([65, 66]), b'a,b'.split(b',')
""")

_add("array_module", "[1, 2, 3, 4]", """
    from array import array

    def f(xs):
        a = array('i', xs)
        a.append(5)
        a.reverse()
        d = array('d', [0.5, 1.5])
        return a.tolist(), a.typecode, sum(a), d.tolist(), a.itemsize
""")

_add("unicodedata_lookups", "'café ß'", """
    import unicodedata

    def f(text):
        return ([unicodedata.name(ch) for ch in text[:4]], unicodedata.normalize('NFD', text) != text,
                ''.join(ch for ch in unicodedata.normalize('NFKD', text) if not unicodedata.combining(ch)),
                unicodedata.category('A'), text.casefold())
""")

_add("chained_comparisons_and_ternary", "[-5, 0, 5, 15]", """
    def f(xs):
        return [('neg' if x < 0 else 'low' if 0 <= x < 10 else 'high', 0 < x < 10 == 10) for x in xs]
""")

_add("builtin_functions_mix", "[3, -1, 4, -1, 5, 9, -2, 6]", """
    def f(xs):
        return (len(xs), sum(xs), min(xs), max(xs), sorted(xs), abs(xs[1]), divmod(17, 5), pow(2, 10),
                round(sum(xs) / len(xs), 3), list(map(str, xs[:3])), any(xs), all(xs), sorted(set(xs)),
                list(filter(None, [0, 1, '', 'a'])), chr(65), ord('a'), hash(42) == 42, isinstance(True, int),
                callable(len), repr('q'), ascii('é'), format(3.14159, '.2f'), int('ff', 16), float('1e3'), bool([]))
""")

_add("global_constant_lookup_table", "'hello'", """
    SCORES = {ch: i + 1 for i, ch in enumerate('abcdefghijklmnopqrstuvwxyz')}
    BONUS = frozenset('aeiou')

    def f(word):
        return sum(SCORES[ch] * (2 if ch in BONUS else 1) for ch in word.lower() if ch in SCORES)
""")

_add("main_guard_is_harmless", "2", """
    def helper(x):
        return x * 21

    def f(x):
        return helper(x)

    if __name__ == '__main__':
        print(f(2))
""")

_add("print_inside_function", "[1, 2]", """
    def f(xs):
        for x in xs:
            print('processing', x)
        print(f'done with {len(xs)} items', end='\\n')
        return sum(xs)
""")

_add("docstrings_everywhere", "4", """
    '''Module docstring.'''

    class Cube:
        '''A cube with a side.'''

        def __init__(self, side):
            '''Store the side.'''
            self.side = side

        def volume(self):
            '''Side cubed.'''
            return self.side ** 3

    def f(side):
        '''Return the volume and the class docstring.'''
        return Cube(side).volume(), Cube.__doc__, Cube.volume.__doc__
""")

_add("function_attributes_and_defaults", "3", """
    def greet(name, greeting='Hello', *, punct='!'):
        return f"{greeting}, {name}{punct}"

    def f(n):
        return greet('Ada'), greet('Bob', 'Hi', punct='?'), greet(str(n), punct='.'), greet.__name__
""")

_add("args_kwargs_forwarding", "1, 2", """
    def collect(*args, **kwargs):
        return args, dict(sorted(kwargs.items()))

    def forward(*args, **kwargs):
        return collect(*args, extra=True, **kwargs)

    def f(a, b):
        return forward(a, b, c=3), collect(*[a, b], **{'z': 0})
""")

_add("keyword_only_and_positional_only", "1, 2", """
    def clamp(value, /, low=0, *, high=10):
        return max(low, min(value, high))

    def f(a, b):
        return clamp(a), clamp(50, b), clamp(-5, low=b, high=3)
""")

_add("while_loop_collatz", "27", """
    def f(n):
        steps = 0
        peak = n
        while n != 1:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            peak = max(peak, n)
            steps += 1
        return steps, peak
""")

_add("string_building_and_join", "5", """
    def f(n):
        rows = []
        for i in range(1, n + 1):
            rows.append(' ' * (n - i) + '*' * (2 * i - 1))
        return '\\n'.join(rows)
""")

_add("sorted_dict_by_value", "{'a': 3, 'b': 1, 'c': 2, 'd': 3}", """
    def f(d):
        by_value = dict(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))
        top = max(d, key=d.get)
        return by_value, top, sorted(d, key=d.__getitem__)
""")

_add("object_identity_semantics", "[1, 2]", """
    def f(xs):
        a = xs
        b = list(xs)
        c = b
        c.append(0)
        return a is xs, b is xs, b == xs, c is b, b, xs
""")

_add("iter_with_sentinel_and_next_default", "[1, 2, 0, 3]", """
    def f(xs):
        it = iter(xs)
        before_zero = list(iter(lambda: next(it), 0))
        rest = next(it, 'empty')
        return before_zero, rest, next(iter([]), 'default')
""")

_add("class_equality_in_list_operations", "[(1, 'a'), (2, 'b'), (1, 'a')]", """
    class Item:
        def __init__(self, k, v):
            self.k, self.v = k, v

        def __eq__(self, other):
            return isinstance(other, Item) and (self.k, self.v) == (other.k, other.v)

        def __repr__(self):
            return f"Item({self.k}, {self.v!r})"

    def f(pairs):
        items = [Item(*p) for p in pairs]
        return items.count(Item(1, 'a')), items.index(Item(2, 'b')), Item(3, 'c') in items, items
""")

_add("generic_container_class_with_dunders", "['x', 'y', 'x', 'z']", """
    class OrderedSet:
        def __init__(self, items=()):
            self._d = dict.fromkeys(items)

        def add(self, item):
            self._d[item] = None

        def __contains__(self, item):
            return item in self._d

        def __iter__(self):
            return iter(self._d)

        def __len__(self):
            return len(self._d)

        def __or__(self, other):
            return OrderedSet(list(self) + list(other))

        def __repr__(self):
            return f"OrderedSet({list(self)!r})"

    def f(items):
        s = OrderedSet(items)
        s.add('w')
        return s, len(s), 'y' in s, s | OrderedSet(['q', 'x'])
""")

_add("matrix_class_with_getitem_tuple", "2, 3", """
    class Matrix:
        def __init__(self, rows, cols, fill=0):
            self.rows, self.cols = rows, cols
            self._cells = [[fill] * cols for _ in range(rows)]

        def __getitem__(self, rc):
            r, c = rc
            return self._cells[r][c]

        def __setitem__(self, rc, value):
            r, c = rc
            self._cells[r][c] = value

        def __repr__(self):
            return f"Matrix({self._cells})"

    def f(rows, cols):
        m = Matrix(rows, cols)
        for r in range(rows):
            for c in range(cols):
                m[r, c] = r * cols + c
        return m, m[1, 2]
""")

_add("event_system_with_callbacks", "['start', 'data', 'stop']", """
    from collections import defaultdict

    class EventBus:
        def __init__(self):
            self._handlers = defaultdict(list)

        def on(self, event):
            def register(fn):
                self._handlers[event].append(fn)
                return fn
            return register

        def emit(self, event, *args):
            return [h(*args) for h in self._handlers[event]]

    def f(events):
        bus = EventBus()
        log = []

        @bus.on('start')
        def _on_start():
            log.append('started')
            return 1

        @bus.on('data')
        def _on_data(x=None):
            log.append(f'data {x}')
            return 2

        results = [bus.emit(e) for e in events]
        return results, log
""")

_add("bank_account_simulation", "[('deposit', 100), ('withdraw', 30), ('withdraw', 100), ('deposit', 5)]", """
    class InsufficientFunds(Exception):
        pass

    class BankAccount:
        def __init__(self, owner, balance=0):
            self.owner = owner
            self._balance = balance
            self._history = []

        @property
        def balance(self):
            return self._balance

        def deposit(self, amount):
            self._balance += amount
            self._history.append(('deposit', amount))

        def withdraw(self, amount):
            if amount > self._balance:
                raise InsufficientFunds(f"cannot withdraw {amount}")
            self._balance -= amount
            self._history.append(('withdraw', amount))

        def __repr__(self):
            return f"BankAccount({self.owner!r}, balance={self._balance})"

    def f(operations):
        acct = BankAccount('ada')
        errors = []
        for op, amount in operations:
            try:
                getattr(acct, op)(amount)
            except InsufficientFunds as e:
                errors.append(str(e))
        return acct, acct.balance, errors, len(acct._history)
""")

_add("inventory_with_dataclass_and_enum", "[('apple', 'FRUIT', 3), ('carrot', 'VEG', 5), ('pear', 'FRUIT', 2)]", """
    from dataclasses import dataclass
    from enum import Enum
    from collections import defaultdict

    class Kind(Enum):
        FRUIT = 'fruit'
        VEG = 'veg'

    @dataclass
    class Stock:
        name: str
        kind: Kind
        qty: int

    def f(rows):
        stock = [Stock(n, Kind[k], q) for n, k, q in rows]
        by_kind = defaultdict(int)
        for s in stock:
            by_kind[s.kind.value] += s.qty
        return dict(by_kind), max(stock, key=lambda s: s.qty), [s.kind for s in stock]
""")

_add("graph_class_cycle_detection", "[('a', 'b'), ('b', 'c'), ('c', 'a'), ('c', 'd')]", """
    class Graph:
        def __init__(self):
            self._adj = {}

        def add_edge(self, u, v):
            self._adj.setdefault(u, []).append(v)
            self._adj.setdefault(v, [])

        def has_cycle(self):
            WHITE, GRAY, BLACK = 0, 1, 2
            color = {n: WHITE for n in self._adj}

            def visit(n):
                color[n] = GRAY
                for m in self._adj[n]:
                    if color[m] == GRAY or (color[m] == WHITE and visit(m)):
                        return True
                color[n] = BLACK
                return False

            return any(color[n] == WHITE and visit(n) for n in sorted(self._adj))

    def f(edges):
        g = Graph()
        for u, v in edges:
            g.add_edge(u, v)
        acyclic = Graph()
        for u, v in edges[:2]:
            acyclic.add_edge(u, v)
        return g.has_cycle(), acyclic.has_cycle()
""")

_add("tokenize_and_evaluate_expression_class", "'3 + 4 * (2 - 1) / 2'", """
    import re

    class Parser:
        def __init__(self, text):
            self.tokens = re.findall(r'\\d+\\.?\\d*|[-+*/()]', text)
            self.pos = 0

        def _peek(self):
            return self.tokens[self.pos] if self.pos < len(self.tokens) else None

        def _take(self):
            tok = self.tokens[self.pos]
            self.pos += 1
            return tok

        def expr(self):
            value = self.term()
            while self._peek() in ('+', '-'):
                op = self._take()
                rhs = self.term()
                value = value + rhs if op == '+' else value - rhs
            return value

        def term(self):
            value = self.factor()
            while self._peek() in ('*', '/'):
                op = self._take()
                rhs = self.factor()
                value = value * rhs if op == '*' else value / rhs
            return value

        def factor(self):
            tok = self._take()
            if tok == '(':
                value = self.expr()
                self._take()
                return value
            if tok == '-':
                return -self.factor()
            return float(tok)

    def f(text):
        return Parser(text).expr()
""")

_add("matrix_spiral_order", "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]", """
    def f(matrix):
        out = []
        m = [row[:] for row in matrix]
        while m:
            out.extend(m.pop(0))
            m = [list(r) for r in zip(*m)][::-1]
        return out
""")

_add("sieve_and_prime_factors", "60", """
    def sieve(n):
        is_prime = [True] * (n + 1)
        is_prime[0:2] = [False, False]
        for i in range(2, int(n ** 0.5) + 1):
            if is_prime[i]:
                is_prime[i * i::i] = [False] * len(is_prime[i * i::i])
        return [i for i, p in enumerate(is_prime) if p]

    def factors(n):
        out, d = [], 2
        while d * d <= n:
            while n % d == 0:
                out.append(d)
                n //= d
            d += 1
        if n > 1:
            out.append(n)
        return out

    def f(n):
        return sieve(n)[-3:], factors(n), factors(97)
""")

_add("roman_numerals_roundtrip", "[1994, 2024, 4, 3999]", """
    NUMERALS = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
                (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]

    def to_roman(n):
        out = []
        for value, sym in NUMERALS:
            count, n = divmod(n, value)
            out.append(sym * count)
        return ''.join(out)

    def from_roman(s):
        values = {sym: v for v, sym in NUMERALS if len(sym) == 1}
        total = 0
        for a, b in zip(s, s[1:] + ' '):
            v = values[a]
            total += -v if b != ' ' and values[b] > v else v
        return total

    def f(nums):
        romans = [to_roman(n) for n in nums]
        return romans, [from_roman(r) for r in romans]
""")

_add("run_length_codec_class", "'WWWWBBBWWC'", """
    class RLE:
        @staticmethod
        def encode(s):
            out = []
            i = 0
            while i < len(s):
                j = i
                while j < len(s) and s[j] == s[i]:
                    j += 1
                out.append(f"{j - i}{s[i]}")
                i = j
            return ''.join(out)

        @staticmethod
        def decode(s):
            import re
            return ''.join(ch * int(n) for n, ch in re.findall(r'(\\d+)(\\D)', s))

    def f(s):
        enc = RLE.encode(s)
        return enc, RLE.decode(enc) == s
""")

_add("word_frequency_pipeline", "'It was the best of times, it was the worst of times.'", """
    import re
    from collections import Counter

    def f(text):
        words = re.findall(r"[a-z']+", text.lower())
        freq = Counter(words)
        top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        return top, len(freq), sum(freq.values())
""")

_add("matrix_determinant_fractions", "[[2, 1, 3], [0, 4, 1], [5, 2, 0]]", """
    from fractions import Fraction

    def det(m):
        m = [[Fraction(x) for x in row] for row in m]
        n = len(m)
        result = Fraction(1)
        for c in range(n):
            pivot = next((r for r in range(c, n) if m[r][c] != 0), None)
            if pivot is None:
                return Fraction(0)
            if pivot != c:
                m[c], m[pivot] = m[pivot], m[c]
                result = -result
            result *= m[c][c]
            for r in range(c + 1, n):
                factor = m[r][c] / m[c][c]
                m[r] = [a - factor * b for a, b in zip(m[r], m[c])]
        return result

    def f(matrix):
        return det(matrix)
""")

_add("interval_merging_with_namedtuple", "[(1, 3), (2, 6), (8, 10), (15, 18), (17, 20)]", """
    from typing import NamedTuple

    class Interval(NamedTuple):
        start: int
        end: int

    def f(pairs):
        intervals = sorted(Interval(*p) for p in pairs)
        merged = [intervals[0]]
        for iv in intervals[1:]:
            last = merged[-1]
            if iv.start <= last.end:
                merged[-1] = last._replace(end=max(last.end, iv.end))
            else:
                merged.append(iv)
        return merged
""")

_add("recursive_data_class_repr", "3", """
    from dataclasses import dataclass
    from typing import Optional

    @dataclass
    class Node:
        value: int
        next: Optional['Node'] = None

    def f(n):
        head = None
        for v in range(n, 0, -1):
            head = Node(v, head)
        values = []
        node = head
        while node:
            values.append(node.value)
            node = node.next
        return head, values
""")

_add("operator_overloading_fraction_class", "[(1, 2), (1, 3)]", """
    import math

    class Frac:
        def __init__(self, n, d=1):
            g = math.gcd(n, d)
            self.n, self.d = n // g, d // g

        def __add__(self, o):
            return Frac(self.n * o.d + o.n * self.d, self.d * o.d)

        def __mul__(self, o):
            return Frac(self.n * o.n, self.d * o.d)

        def __truediv__(self, o):
            return Frac(self.n * o.d, self.d * o.n)

        def __eq__(self, o):
            return (self.n, self.d) == (o.n, o.d)

        def __float__(self):
            return self.n / self.d

        def __repr__(self):
            return f"{self.n}/{self.d}"

    def f(pairs):
        a, b = (Frac(*p) for p in pairs)
        return a + b, a * b, a / b, float(a + b), a + b == Frac(10, 12)
""")

_add("sum_of_user_objects_with_radd", "[1, 2, 3]", """
    class Money:
        def __init__(self, cents):
            self.cents = cents

        def __add__(self, other):
            return Money(self.cents + (other.cents if isinstance(other, Money) else other))

        def __radd__(self, other):
            return self.__add__(other)

        def __repr__(self):
            return f"Money({self.cents})"

    def f(amounts):
        return sum(Money(a) for a in amounts), Money(5) + 3
""")

_add("hashable_user_objects_as_dict_keys", "[('a', 1), ('b', 2), ('a', 3)]", """
    class Key:
        def __init__(self, name):
            self.name = name

        def __hash__(self):
            return hash(self.name)

        def __eq__(self, other):
            return isinstance(other, Key) and self.name == other.name

    def f(pairs):
        d = {}
        for name, v in pairs:
            d[Key(name)] = d.get(Key(name), 0) + v
        return sorted((k.name, v) for k, v in d.items())
""")

_add("context_manager_class_timer_free_resource", "['a', 'b']", """
    class Resource:
        def __init__(self, name, registry):
            self.name = name
            self.registry = registry

        def __enter__(self):
            self.registry.append(f'open {self.name}')
            return self.name.upper()

        def __exit__(self, *exc_info):
            self.registry.append(f'close {self.name}')

    def f(names):
        registry = []
        values = []
        with Resource(names[0], registry) as a, Resource(names[1], registry) as b:
            values.extend([a, b])
        return values, registry
""")

_add("classmethod_alternate_constructors_and_cls_attribute", "'1,2,3'", """
    class Polynomial:
        variable = 'x'

        def __init__(self, coeffs):
            self.coeffs = list(coeffs)

        @classmethod
        def parse(cls, text):
            return cls(int(c) for c in text.split(','))

        @classmethod
        def zero(cls):
            return cls([0])

        def __call__(self, x):
            return sum(c * x ** i for i, c in enumerate(self.coeffs))

        def __repr__(self):
            terms = [f"{c}{self.variable}^{i}" for i, c in enumerate(self.coeffs) if c]
            return ' + '.join(terms) or '0'

    def f(text):
        p = Polynomial.parse(text)
        return p, p(2), Polynomial.zero(), Polynomial.variable
""")

_add("abstract_class_with_template_method", "['x', 'y']", """
    from abc import ABC, abstractmethod

    class Report(ABC):
        def render(self, rows):
            return '\\n'.join([self.header()] + [self.row(r) for r in rows] + [self.footer(len(rows))])

        @abstractmethod
        def header(self):
            ...

        @abstractmethod
        def row(self, r):
            ...

        def footer(self, n):
            return f'{n} rows'

    class CsvReport(Report):
        def header(self):
            return 'name'

        def row(self, r):
            return r.upper()

    def f(rows):
        return CsvReport().render(rows)
""")

_add("mixin_classes", "'ada'", """
    import json

    class JsonMixin:
        def to_json(self):
            return json.dumps(self.__dict__, sort_keys=True)

    class ReprMixin:
        def __repr__(self):
            fields = ', '.join(f'{k}={v!r}' for k, v in sorted(self.__dict__.items()))
            return f'{type(self).__name__}({fields})'

    class User(JsonMixin, ReprMixin):
        def __init__(self, name):
            self.name = name
            self.active = True

    def f(name):
        u = User(name)
        return u.to_json(), repr(u)
""")

_add("property_based_lazy_attribute_with_private", "[1, 2, 3, 4]", """
    class Series:
        def __init__(self, values):
            self._values = values
            self._cache = None

        @property
        def cumulative(self):
            if self._cache is None:
                total, out = 0, []
                for v in self._values:
                    total += v
                    out.append(total)
                self._cache = out
            return self._cache

    def f(values):
        s = Series(values)
        first = s.cumulative
        return first, s.cumulative is first
""")

_add("class_level_dunder_attributes_read", "2", """
    class Shape:
        '''Any shape.'''
        sides = 0

    class Triangle(Shape):
        sides = 3

    def f(n):
        t = Triangle()
        return Triangle.__name__, t.__class__.__name__, Shape.__doc__, t.sides * n, Triangle.__qualname__
""")

_add("dataclass_with_property_and_classmethod", "'10x20'", """
    from dataclasses import dataclass

    @dataclass
    class Size:
        w: int
        h: int

        @property
        def area(self):
            return self.w * self.h

        @classmethod
        def parse(cls, text):
            w, h = text.split('x')
            return cls(int(w), int(h))

        def __str__(self):
            return f'{self.w}x{self.h}'

    def f(text):
        s = Size.parse(text)
        return s, str(s), s.area
""")

_add("enum_in_match_statement", "['RED', 'GREEN', 'BLUE']", """
    from enum import Enum

    class Light(Enum):
        RED = 'stop'
        GREEN = 'go'
        BLUE = 'unknown'

    def act(light):
        match light:
            case Light.RED:
                return 'brake'
            case Light.GREEN:
                return 'drive'
            case _:
                return f'ignore {light.value}'

    def f(names):
        return [act(Light[n]) for n in names]
""")

_add("namedtuple_in_match_statement", "[(0, 5), (3, 0), (2, 2)]", """
    from collections import namedtuple

    P = namedtuple('P', 'x y')

    def f(points):
        out = []
        for p in map(P._make, points):
            match p:
                case P(x=0, y=y):
                    out.append(f'y{y}')
                case P(x, 0):
                    out.append(f'x{x}')
                case P(x, y):
                    out.append(f'{x},{y}')
        return out
""")

_add("counter_with_class_objects_and_sorted_set", "['b', 'a', 'b', 'c']", """
    from collections import Counter

    def f(tags):
        counts = Counter(tags)
        return set(counts), sorted(counts.items()), frozenset(t for t, n in counts.items() if n > 1)
""")

_add("tuple_comparison_and_sorting_records", "[(3, 'c'), (1, 'b'), (3, 'a'), (2, 'z')]", """
    def f(records):
        return sorted(records), sorted(records, key=lambda r: r[1]), max(records), min(records, key=lambda r: (r[0], r[1])), (1, 2) < (1, 2, 0)
""")


# -- annotations are objects, not strings (the fourth review, 2026-12-02) ---------------------------
# Classes with annotated fields go through the rewriting screen, whose compile once inherited
# RestrictedPython's own `from __future__ import annotations`: these all read the annotations.
_add("dataclass_field_types_are_the_classes", "3", """
    from dataclasses import dataclass, fields

    @dataclass
    class Reading:
        value: int
        label: str = 'x'

    def f(n):
        kinds = [field.type.__name__ for field in fields(Reading)]
        coerced = [field.type(n) for field in fields(Reading)]
        return kinds, coerced, isinstance(n, fields(Reading)[0].type)
""")

_add("typeddict_required_and_optional_keys", "0", """
    from typing import NotRequired, Required, TypedDict

    class Movie(TypedDict):
        title: str
        year: NotRequired[int]

    class Partial(TypedDict, total=False):
        name: Required[str]
        note: str

    def f(z):
        return sorted(Movie.__required_keys__), sorted(Partial.__required_keys__), sorted(Partial.__optional_keys__)
""")

_add("dataclass_kw_only_classvar_and_initvar_through_the_module", "2", """
    import dataclasses
    import typing

    @dataclasses.dataclass
    class Request:
        url: str
        _: dataclasses.KW_ONLY
        timeout: int = 5
        registry: typing.ClassVar[dict] = {}
        scale: dataclasses.InitVar[int] = 1

        def __post_init__(self, scale):
            self.timeout *= scale

    def f(k):
        return repr(Request('u', timeout=3, scale=k)), [fl.name for fl in dataclasses.fields(Request)]
""")

_add("function_annotations_and_private_state_together", "4", """
    class Box:
        def __init__(self, n: int) -> None:
            self._n = n

        def doubled(self) -> int:
            return self._n * 2

    def f(n: int) -> list:
        hints = Box.__init__.__annotations__
        return [hints['n'] is int, hints['return'] is None, Box(n).doubled()]
""")

_add("namedtuple_class_annotations_are_types", "1, 2", """
    from typing import NamedTuple

    class Pair(NamedTuple):
        left: int
        right: float = 0.0

    def f(a, b):
        p = Pair(a, b)._replace(right=b * 1.5)
        return p, [t.__name__ for t in Pair.__annotations__.values()]
"""
)

_add("inherited_hash_is_the_same_slot", "0", """
    class Plain:
        pass

    class Keyed(Plain):
        __hash__ = object.__hash__

    class Word(str):
        pass

    def f(z):
        return (Plain.__hash__ is object.__hash__, Keyed.__hash__ is object.__hash__,
                Word.__hash__ is str.__hash__, Plain.__hash__ is Plain.__hash__, len({Plain(), Plain()}))
""")

assert len({name for name, _, _ in CORPUS}) == len(CORPUS), "corpus names must be unique"


# A second corpus, written by the eleventh red-team round's benign side: 310 programs in the
# same rules (classes with dunders and private names, dataclasses, NamedTuple, Enum/Flag, typing,
# match, generators, decorators, functools, itertools, collections, re, string formatting,
# decimal/fractions, json, copy, abc, async driven by hand, ExceptionGroup/except*).
CORPUS.extend([
    ('r11_batch1_0', 'class Counter:\n    def __init__(self, start=0):\n        self.count = start\n    def inc(self, by=1):\n        self.count += by\n        return self\ndef f(n, step):\n    c = Counter()\n    for _ in range(n):\n        c.inc(step)\n    return c.count\n', '5, 3'),
    ('r11_batch1_1', 'class Temperature:\n    def __init__(self, celsius):\n        self._celsius = celsius\n    @property\n    def celsius(self):\n        return self._celsius\n    @celsius.setter\n    def celsius(self, value):\n        if value < -273.15:\n            raise ValueError("below absolute zero")\n        self._celsius = value\n    @property\n    def fahrenheit(self):\n        return self._celsius * 9 / 5 + 32\ndef f(c, newc):\n    t = Temperature(c)\n    before = t.fahrenheit\n    t.celsius = newc\n    return (before, t.fahrenheit)\n', '100, -40'),
    ('r11_batch1_2', 'class Date:\n    def __init__(self, y, m, d):\n        self.y, self.m, self.d = y, m, d\n    @classmethod\n    def from_string(cls, s):\n        y, m, d = map(int, s.split("-"))\n        return cls(y, m, d)\n    @staticmethod\n    def is_leap(y):\n        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)\n    def __repr__(self):\n        return f"Date({self.y}, {self.m:02d}, {self.d:02d})"\ndef f(s):\n    d = Date.from_string(s)\n    return repr(d), Date.is_leap(d.y)\n', "'2024-02-09'"),
    ('r11_batch1_3', 'class Animal:\n    def __init__(self, name):\n        self.name = name\n    def speak(self):\n        return "..."\n    def describe(self):\n        return f"{self.name} says {self.speak()}"\nclass Dog(Animal):\n    def __init__(self, name, tricks):\n        super().__init__(name)\n        self.tricks = list(tricks)\n    def speak(self):\n        return "woof"\nclass Puppy(Dog):\n    def speak(self):\n        return super().speak().upper() + "!"\ndef f(names):\n    pets = [Animal(names[0]), Dog(names[1], ["sit"]), Puppy(names[2], [])]\n    return [p.describe() for p in pets]\n', "['Generic', 'Rex', 'Bit']"),
    ('r11_batch1_4', 'class Vector:\n    def __init__(self, *coords):\n        self.coords = tuple(coords)\n    def __repr__(self):\n        return f"Vector{self.coords}"\n    def __add__(self, other):\n        return Vector(*(a + b for a, b in zip(self.coords, other.coords)))\n    def __mul__(self, k):\n        return Vector(*(a * k for a in self.coords))\n    __rmul__ = __mul__\n    def __eq__(self, other):\n        return isinstance(other, Vector) and self.coords == other.coords\n    def __hash__(self):\n        return hash(self.coords)\n    def __len__(self):\n        return len(self.coords)\n    def __abs__(self):\n        return sum(c * c for c in self.coords) ** 0.5\n    def __bool__(self):\n        return any(self.coords)\ndef f(a, b):\n    v, w = Vector(*a), Vector(*b)\n    s = v + w\n    return repr(s), repr(2 * v), abs(Vector(3, 4)), len(s), bool(Vector(0, 0)), v == Vector(*a), len({v, Vector(*a)})\n', '[1, 2, 3], [4, 5, 6]'),
    ('r11_batch1_5', 'class Stack:\n    def __init__(self):\n        self._items = []\n    def push(self, x):\n        self._items.append(x)\n    def pop(self):\n        return self._items.pop()\n    def __len__(self):\n        return len(self._items)\n    def __bool__(self):\n        return bool(self._items)\n    def __iter__(self):\n        return reversed(self._items)\n    def __contains__(self, x):\n        return x in self._items\ndef f(s):\n    pairs = {")": "(", "]": "[", "}": "{"}\n    st = Stack()\n    for ch in s:\n        if ch in "([{":\n            st.push(ch)\n        elif ch in pairs:\n            if not st or st.pop() != pairs[ch]:\n                return False\n    return not st\n', "'{[()()]}'"),
    ('r11_batch1_6', 'class Matrix:\n    def __init__(self, rows):\n        self.rows = [list(r) for r in rows]\n    def __getitem__(self, idx):\n        i, j = idx\n        return self.rows[i][j]\n    def __setitem__(self, idx, value):\n        i, j = idx\n        self.rows[i][j] = value\n    def __matmul__(self, other):\n        n, m, p = len(self.rows), len(other.rows), len(other.rows[0])\n        return Matrix([[sum(self[i, k] * other[k, j] for k in range(m)) for j in range(p)] for i in range(n)])\n    def __repr__(self):\n        return f"Matrix({self.rows})"\ndef f(a, b):\n    m = Matrix(a) @ Matrix(b)\n    m[0, 0] = -m[0, 0]\n    return repr(m)\n', '[[1, 2], [3, 4]], [[5, 6], [7, 8]]'),
    ('r11_batch1_7', 'class Range:\n    def __init__(self, lo, hi):\n        self.lo, self.hi = lo, hi\n    def __iter__(self):\n        self.cur = self.lo\n        return self\n    def __next__(self):\n        if self.cur >= self.hi:\n            raise StopIteration\n        v = self.cur\n        self.cur += 1\n        return v\ndef f(lo, hi):\n    return [x * x for x in Range(lo, hi)]\n', '2, 7'),
    ('r11_batch1_8', 'class Multiplier:\n    def __init__(self, k):\n        self.k = k\n        self.calls = 0\n    def __call__(self, x):\n        self.calls += 1\n        return x * self.k\ndef f(xs):\n    m = Multiplier(3)\n    out = list(map(m, xs))\n    return out, m.calls, callable(m)\n', '[1, 2, 3, 4]'),
    ('r11_batch1_9', 'class Tracker:\n    def __init__(self):\n        self.log = []\n    def __enter__(self):\n        self.log.append("enter")\n        return self\n    def __exit__(self, exc_type, exc, tb):\n        self.log.append("exit:" + (exc_type.__name__ if exc_type else "ok"))\n        return exc_type is ValueError\ndef f(vals):\n    t = Tracker()\n    for v in vals:\n        with t:\n            if v < 0:\n                raise ValueError(v)\n            t.log.append(str(v))\n    return t.log\n', '[1, -2, 3]'),
    ('r11_batch1_10', 'class Point:\n    __slots__ = ("x", "y")\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n    def __repr__(self):\n        return f"Point({self.x}, {self.y})"\ndef f(x, y):\n    p = Point(x, y)\n    p.x += 10\n    try:\n        p.z = 1\n        extra = "no error"\n    except AttributeError:\n        extra = "slots block z"\n    return repr(p), extra, Point.__slots__\n', '1, 2'),
    ('r11_batch1_11', 'class Account:\n    def __init__(self, owner, balance):\n        self.owner = owner\n        self.__balance = balance\n    def deposit(self, amt):\n        self.__balance += amt\n    def withdraw(self, amt):\n        if amt > self.__balance:\n            raise ValueError("insufficient funds")\n        self.__balance -= amt\n    @property\n    def balance(self):\n        return self.__balance\ndef f(ops):\n    acct = Account("ann", 100)\n    errors = 0\n    for op, amt in ops:\n        try:\n            getattr(acct, op)(amt)\n        except ValueError:\n            errors += 1\n    return acct.balance, errors, hasattr(acct, "__balance"), hasattr(acct, "_Account__balance")\n', "[('deposit', 50), ('withdraw', 500), ('withdraw', 30)]"),
    ('r11_batch1_12', 'class Node:\n    def __init__(self, val, next=None):\n        self.val = val\n        self.next = next\nclass LinkedList:\n    def __init__(self, vals=()):\n        self.head = None\n        for v in reversed(vals):\n            self.head = Node(v, self.head)\n    def __iter__(self):\n        node = self.head\n        while node:\n            yield node.val\n            node = node.next\n    def reverse(self):\n        prev, cur = None, self.head\n        while cur:\n            cur.next, prev, cur = prev, cur, cur.next\n        self.head = prev\ndef f(vals):\n    ll = LinkedList(vals)\n    ll.reverse()\n    return list(ll)\n', '[1, 2, 3, 4, 5]'),
    ('r11_batch1_13', 'class TreeNode:\n    def __init__(self, val, left=None, right=None):\n        self.val, self.left, self.right = val, left, right\ndef build(vals, i=0):\n    if i >= len(vals) or vals[i] is None:\n        return None\n    return TreeNode(vals[i], build(vals, 2 * i + 1), build(vals, 2 * i + 2))\ndef inorder(node):\n    if node:\n        yield from inorder(node.left)\n        yield node.val\n        yield from inorder(node.right)\ndef depth(node):\n    return 0 if node is None else 1 + max(depth(node.left), depth(node.right))\ndef f(vals):\n    root = build(vals)\n    return list(inorder(root)), depth(root)\n', '[4, 2, 6, 1, 3, 5, 7]'),
    ('r11_batch1_14', 'class Money:\n    def __init__(self, cents):\n        self.cents = cents\n    def __str__(self):\n        return f"${self.cents // 100}.{self.cents % 100:02d}"\n    def __repr__(self):\n        return f"Money({self.cents})"\n    def __lt__(self, other):\n        return self.cents < other.cents\n    def __eq__(self, other):\n        return self.cents == other.cents\n    def __add__(self, other):\n        return Money(self.cents + other.cents)\n    def __radd__(self, other):\n        return self if other == 0 else self.__add__(other)\ndef f(amounts):\n    ms = [Money(a) for a in amounts]\n    return str(sum(ms)), str(max(ms)), repr(sorted(ms)), [str(m) for m in ms]\n', '[1999, 5, 250]'),
    ('r11_batch1_15', 'class Shape:\n    def area(self):\n        raise NotImplementedError\n    def __repr__(self):\n        return f"{type(self).__name__}(area={self.area():.2f})"\nclass Rect(Shape):\n    def __init__(self, w, h):\n        self.w, self.h = w, h\n    def area(self):\n        return self.w * self.h\nclass Square(Rect):\n    def __init__(self, s):\n        super().__init__(s, s)\nclass Circle(Shape):\n    def __init__(self, r):\n        self.r = r\n    def area(self):\n        return 3.14159 * self.r ** 2\ndef f(specs):\n    shapes = []\n    for kind, *args in specs:\n        cls = {"rect": Rect, "square": Square, "circle": Circle}[kind]\n        shapes.append(cls(*args))\n    shapes.sort(key=lambda s: s.area())\n    return [repr(s) for s in shapes], isinstance(shapes[0], Rect), issubclass(Square, Shape)\n', "[('rect', 2, 3), ('square', 2), ('circle', 1)]"),
    ('r11_batch1_16', 'class Registry:\n    _items = {}\n    @classmethod\n    def register(cls, name):\n        def deco(fn):\n            cls._items[name] = fn\n            return fn\n        return deco\n    @classmethod\n    def run(cls, name, *args):\n        return cls._items[name](*args)\n@Registry.register("add")\ndef _add(a, b):\n    return a + b\n@Registry.register("mul")\ndef _mul(a, b):\n    return a * b\ndef f(ops):\n    return [Registry.run(op, a, b) for op, a, b in ops]\n', "[('add', 2, 3), ('mul', 4, 5)]"),
    ('r11_batch1_17', 'class Base:\n    def __init__(self, **kwargs):\n        for k, v in kwargs.items():\n            setattr(self, k, v)\n    def to_dict(self):\n        return dict(vars(self))\nclass User(Base):\n    pass\ndef f(name, age):\n    u = User(name=name, age=age)\n    u.age += 1\n    return u.to_dict(), getattr(u, "email", "none"), hasattr(u, "name")\n', "'bob', 41"),
    ('r11_batch1_18', 'class Config:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n    def __repr__(self):\n        items = ", ".join(f"{k}={v!r}" for k, v in sorted(self.__dict__.items()))\n        return f"Config({items})"\ndef f(d):\n    c = Config(**d)\n    c.debug = True\n    return repr(c)\n', "{'host': 'localhost', 'port': 8080}"),
    ('r11_batch1_19', 'class Celsius:\n    def __set_name__(self, owner, name):\n        self.private = "_" + name\n    def __get__(self, obj, objtype=None):\n        if obj is None:\n            return self\n        return getattr(obj, self.private)\n    def __set__(self, obj, value):\n        if value < -273.15:\n            raise ValueError("too cold")\n        setattr(obj, self.private, value)\nclass Thermo:\n    temp = Celsius()\n    def __init__(self, t):\n        self.temp = t\ndef f(a, b):\n    t = Thermo(a)\n    try:\n        t.temp = b\n    except ValueError as e:\n        return t.temp, str(e)\n    return t.temp, None\n', '20, -300'),
    ('r11_batch1_20', 'class Positive:\n    def __set_name__(self, owner, name):\n        self.name = name\n    def __get__(self, obj, objtype=None):\n        return obj.__dict__[self.name]\n    def __set__(self, obj, value):\n        if value <= 0:\n            raise ValueError(f"{self.name} must be positive")\n        obj.__dict__[self.name] = value\nclass Order:\n    qty = Positive()\n    price = Positive()\n    def __init__(self, qty, price):\n        self.qty = qty\n        self.price = price\n    def total(self):\n        return self.qty * self.price\ndef f(q, p):\n    o = Order(q, p)\n    try:\n        Order(0, 1)\n    except ValueError as e:\n        msg = str(e)\n    return o.total(), msg\n', '3, 7'),
    ('r11_batch1_21', 'class Singleton:\n    _instance = None\n    def __new__(cls, *args, **kwargs):\n        if cls._instance is None:\n            cls._instance = super().__new__(cls)\n            cls._instance.values = []\n        return cls._instance\n    def add(self, v):\n        self.values.append(v)\ndef f(xs):\n    Singleton._instance = None\n    for x in xs:\n        Singleton().add(x)\n    return Singleton().values, Singleton() is Singleton()\n', '[1, 2, 3]'),
    ('r11_batch1_22', 'class Proxy:\n    def __init__(self, target):\n        self._target = target\n        self._calls = []\n    def __getattr__(self, name):\n        self._calls.append(name)\n        return getattr(self._target, name)\ndef f(items):\n    p = Proxy(list(items))\n    p.append(99)\n    p.sort()\n    return p._target, p._calls, p.count(99)\n', '[3, 1, 2]'),
    ('r11_batch1_23', 'class Frozen:\n    def __init__(self, **kw):\n        for k, v in kw.items():\n            object.__setattr__(self, k, v)\n    def __setattr__(self, name, value):\n        raise AttributeError(f"cannot set {name}")\ndef f(x):\n    obj = Frozen(x=x, y=x * 2)\n    try:\n        obj.x = 5\n    except AttributeError as e:\n        err = str(e)\n    return obj.x, obj.y, err\n', '4'),
    ('r11_batch1_24', 'class Recorder:\n    def __init__(self):\n        super().__setattr__("history", [])\n    def __setattr__(self, name, value):\n        self.history.append((name, value))\n        super().__setattr__(name, value)\ndef f(pairs):\n    r = Recorder()\n    for k, v in pairs:\n        setattr(r, k, v)\n    return r.history, r.a\n', "[('a', 1), ('b', 2), ('a', 3)]"),
    ('r11_batch1_25', 'class Plugin:\n    registry = []\n    def __init_subclass__(cls, **kwargs):\n        super().__init_subclass__(**kwargs)\n        Plugin.registry.append(cls.__name__)\nclass Alpha(Plugin):\n    pass\nclass Beta(Plugin):\n    pass\nclass Gamma(Beta):\n    pass\ndef f(x):\n    return Plugin.registry, [c.__name__ for c in Plugin.__subclasses__()], [c.__name__ for c in Gamma.__mro__]\n', '0'),
    ('r11_batch1_26', 'class Meta(type):\n    def __new__(mcs, name, bases, ns):\n        ns["tag"] = name.lower()\n        return super().__new__(mcs, name, bases, ns)\nclass Widget(metaclass=Meta):\n    pass\nclass Button(Widget):\n    pass\ndef f(x):\n    return Widget.tag, Button.tag, type(Button).__name__\n', 'None'),
    ('r11_batch1_27', 'def f(fields, values):\n    Rec = type("Rec", (), {"__slots__": tuple(fields)})\n    r = Rec()\n    for k, v in zip(fields, values):\n        setattr(r, k, v)\n    return [getattr(r, k) for k in fields], Rec.__name__\n', "['a', 'b'], [10, 20]"),
    ('r11_batch1_28', 'class Grid:\n    def __init__(self, w, h, fill="."):\n        self.w, self.h = w, h\n        self.cells = [[fill] * w for _ in range(h)]\n    def __getitem__(self, pos):\n        x, y = pos\n        return self.cells[y][x]\n    def __setitem__(self, pos, v):\n        x, y = pos\n        self.cells[y][x] = v\n    def __str__(self):\n        return "\\n".join("".join(row) for row in self.cells)\ndef f(w, h, marks):\n    g = Grid(w, h)\n    for x, y in marks:\n        g[x, y] = "#"\n    return str(g)\n', '4, 3, [(0, 0), (1, 1), (3, 2)]'),
    ('r11_batch1_29', 'class Inventory:\n    def __init__(self):\n        self.items = {}\n    def __setitem__(self, k, v):\n        self.items[k] = v\n    def __getitem__(self, k):\n        return self.items.get(k, 0)\n    def __delitem__(self, k):\n        del self.items[k]\n    def __len__(self):\n        return len(self.items)\n    def __iter__(self):\n        return iter(sorted(self.items))\ndef f(ops):\n    inv = Inventory()\n    for op in ops:\n        if op[0] == "set":\n            inv[op[1]] = op[2]\n        elif op[0] == "del":\n            del inv[op[1]]\n    return list(inv), len(inv), inv["zzz"]\n', "[('set', 'b', 2), ('set', 'a', 1), ('set', 'c', 3), ('del', 'b')]"),
    ('r11_batch1_30', 'class DefaultList(list):\n    def __init__(self, default, *args):\n        super().__init__(*args)\n        self.default = default\n    def __getitem__(self, i):\n        try:\n            return super().__getitem__(i)\n        except IndexError:\n            return self.default\ndef f(xs, idx):\n    d = DefaultList(-1, xs)\n    return [d[i] for i in idx], len(d), type(d).__name__, isinstance(d, list)\n', '[10, 20, 30], [0, 2, 5]'),
    ('r11_batch1_31', 'class CountingDict(dict):\n    def __missing__(self, key):\n        self[key] = 0\n        return 0\ndef f(words):\n    d = CountingDict()\n    for w in words:\n        d[w] += 1\n    return sorted(d.items())\n', "['a', 'b', 'a', 'c', 'a']"),
    ('r11_batch1_32', 'class Polynomial:\n    def __init__(self, coeffs):\n        self.coeffs = list(coeffs)\n    def __call__(self, x):\n        result = 0\n        for c in reversed(self.coeffs):\n            result = result * x + c\n        return result\n    def __add__(self, other):\n        n = max(len(self.coeffs), len(other.coeffs))\n        a = self.coeffs + [0] * (n - len(self.coeffs))\n        b = other.coeffs + [0] * (n - len(other.coeffs))\n        return Polynomial([x + y for x, y in zip(a, b)])\n    def derivative(self):\n        return Polynomial([i * c for i, c in enumerate(self.coeffs)][1:])\n    def __str__(self):\n        terms = []\n        for i, c in enumerate(self.coeffs):\n            if c:\n                terms.append(f"{c}" if i == 0 else f"{c}x" if i == 1 else f"{c}x^{i}")\n        return " + ".join(reversed(terms)) or "0"\ndef f(a, b, x):\n    p, q = Polynomial(a), Polynomial(b)\n    s = p + q\n    return str(s), s(x), str(s.derivative())\n', '[1, 2, 3], [0, 1], 2'),
    ('r11_batch1_33', 'class Version:\n    def __init__(self, s):\n        self.parts = tuple(int(p) for p in s.split("."))\n    def __lt__(self, other):\n        return self.parts < other.parts\n    def __le__(self, other):\n        return self.parts <= other.parts\n    def __eq__(self, other):\n        return self.parts == other.parts\n    def __repr__(self):\n        return "v" + ".".join(map(str, self.parts))\ndef f(versions):\n    vs = sorted(Version(v) for v in versions)\n    return repr(vs), repr(max(vs)), Version("1.0") <= Version("1.0.0")\n', "['1.10.0', '1.2.3', '1.2.10', '0.9']"),
    ('r11_batch1_34', 'class Bits:\n    def __init__(self, v):\n        self.v = v\n    def __and__(self, o): return Bits(self.v & o.v)\n    def __or__(self, o): return Bits(self.v | o.v)\n    def __xor__(self, o): return Bits(self.v ^ o.v)\n    def __invert__(self): return Bits(~self.v & 0xFF)\n    def __lshift__(self, n): return Bits((self.v << n) & 0xFF)\n    def __index__(self): return self.v\n    def __repr__(self): return f"Bits({self.v:08b})"\ndef f(a, b):\n    x, y = Bits(a), Bits(b)\n    return [repr(x & y), repr(x | y), repr(x ^ y), repr(~x), repr(x << 2), bin(x), hex(y), [0, 1, 2, 3, 4, 5, 6][Bits(3)]]\n', '0b1100, 0b1010'),
    ('r11_batch1_35', 'class Fraction2:\n    def __init__(self, n, d):\n        from math import gcd\n        g = gcd(n, d)\n        self.n, self.d = n // g, d // g\n    def __truediv__(self, o):\n        return Fraction2(self.n * o.d, self.d * o.n)\n    def __floordiv__(self, o):\n        return (self.n * o.d) // (self.d * o.n)\n    def __neg__(self):\n        return Fraction2(-self.n, self.d)\n    def __float__(self):\n        return self.n / self.d\n    def __int__(self):\n        return self.n // self.d\n    def __round__(self, nd=0):\n        return round(float(self), nd)\n    def __repr__(self):\n        return f"{self.n}/{self.d}"\ndef f(a, b, c, d):\n    x, y = Fraction2(a, b), Fraction2(c, d)\n    return repr(x / y), x // y, repr(-x), float(x), int(x), round(x, 2)\n', '22, 7, 1, 3'),
    ('r11_batch1_36', 'class Chain:\n    def __init__(self, value=0):\n        self.value = value\n    def add(self, n):\n        return Chain(self.value + n)\n    def mul(self, n):\n        return Chain(self.value * n)\n    def __iadd__(self, n):\n        self.value += n\n        return self\n    def __format__(self, spec):\n        if spec == "hex":\n            return hex(self.value)\n        return format(self.value, spec)\ndef f(start):\n    c = Chain(start).add(3).mul(4)\n    c += 1\n    return f"{c:hex}|{c:>6}|{c:05d}", format(c, "x")\n', '2'),
    ('r11_batch1_37', 'class Deck:\n    ranks = [str(n) for n in range(2, 11)] + list("JQKA")\n    suits = "SDCH"\n    def __init__(self):\n        self._cards = [r + s for s in self.suits for r in self.ranks]\n    def __len__(self):\n        return len(self._cards)\n    def __getitem__(self, pos):\n        return self._cards[pos]\ndef f(step):\n    d = Deck()\n    return len(d), d[0], d[-1], d[::step][:5], "QH" in d, list(reversed(d))[:2]\n', '13'),
    ('r11_batch1_38', 'class Reversible:\n    def __init__(self, data):\n        self.data = data\n    def __reversed__(self):\n        for i in range(len(self.data) - 1, -1, -1):\n            yield self.data[i]\n    def __iter__(self):\n        return iter(self.data)\ndef f(s):\n    r = Reversible(s)\n    return "".join(reversed(r)), list(r)[:2]\n', "'hello'"),
    ('r11_batch1_39', 'class Attr:\n    def __init__(self):\n        self.data = {}\n    def __getattr__(self, name):\n        if name.startswith("get_"):\n            key = name[4:]\n            return lambda: self.data.get(key)\n        raise AttributeError(name)\n    def __dir__(self):\n        return sorted(["get_" + k for k in self.data])\ndef f(d):\n    a = Attr()\n    a.data.update(d)\n    return a.get_x(), a.get_missing(), dir(a)\n', "{'x': 1, 'y': 2}"),
    ('r11_batch1_40', 'class Celsius:\n    def __init__(self, t):\n        self.t = t\n    def __eq__(self, other):\n        if not isinstance(other, Celsius):\n            return NotImplemented\n        return self.t == other.t\n    def __hash__(self):\n        return hash(("C", self.t))\ndef f(ts):\n    s = {Celsius(t) for t in ts}\n    return len(s), Celsius(1) == Celsius(1), Celsius(1) == 1, Celsius(1) != Celsius(2)\n', '[1, 2, 2, 3, 3, 3]'),
    ('r11_batch1_41', 'class Queue:\n    """FIFO queue using two stacks."""\n    def __init__(self):\n        self._in, self._out = [], []\n    def enqueue(self, x):\n        self._in.append(x)\n    def dequeue(self):\n        if not self._out:\n            while self._in:\n                self._out.append(self._in.pop())\n        return self._out.pop()\n    def __len__(self):\n        return len(self._in) + len(self._out)\ndef f(ops):\n    q = Queue()\n    out = []\n    for op in ops:\n        if op == "d":\n            out.append(q.dequeue())\n        else:\n            q.enqueue(op)\n    return out, len(q), Queue.__doc__\n', "[1, 2, 'd', 3, 'd', 4, 'd']"),
    ('r11_batch1_42', 'def f(n):\n    class Fib:\n        def __init__(self):\n            self.memo = {0: 0, 1: 1}\n        def __call__(self, k):\n            if k not in self.memo:\n                self.memo[k] = self(k - 1) + self(k - 2)\n            return self.memo[k]\n    fib = Fib()\n    return [fib(i) for i in range(n)], type(fib).__qualname__\n', '12'),
    ('r11_batch1_43', 'class A:\n    def who(self): return "A"\nclass B(A):\n    def who(self): return "B" + super().who()\nclass C(A):\n    def who(self): return "C" + super().who()\nclass D(B, C):\n    def who(self): return "D" + super().who()\ndef f(x):\n    return D().who(), [k.__name__ for k in D.mro()], D.__bases__[0].__name__\n', '1'),
    ('r11_batch1_44', 'class Employee:\n    raise_amount = 1.04\n    num_of_emps = 0\n    def __init__(self, first, last, pay):\n        self.first = first\n        self.last = last\n        self.pay = pay\n        Employee.num_of_emps += 1\n    @property\n    def email(self):\n        return f"{self.first}.{self.last}@company.com".lower()\n    @property\n    def fullname(self):\n        return f"{self.first} {self.last}"\n    @fullname.setter\n    def fullname(self, name):\n        self.first, self.last = name.split(" ")\n    @fullname.deleter\n    def fullname(self):\n        self.first = self.last = None\n    def apply_raise(self):\n        self.pay = int(self.pay * self.raise_amount)\n    @classmethod\n    def set_raise_amt(cls, amount):\n        cls.raise_amount = amount\ndef f(name, pay):\n    Employee.num_of_emps = 0\n    Employee.raise_amount = 1.04\n    e = Employee("John", "Smith", pay)\n    Employee.set_raise_amt(1.10)\n    e.apply_raise()\n    e.fullname = name\n    r = (e.email, e.pay, Employee.num_of_emps)\n    del e.fullname\n    return r, e.first\n', "'Jane Doe', 50000"),
    ('r11_batch1_45', 'class Stock:\n    def __init__(self, prices):\n        self.prices = prices\n    def max_profit(self):\n        best, lo = 0, float("inf")\n        for p in self.prices:\n            lo = min(lo, p)\n            best = max(best, p - lo)\n        return best\ndef f(prices):\n    return Stock(prices).max_profit()\n', '[7, 1, 5, 3, 6, 4]'),
    ('r11_batch1_46', 'class Shape:\n    count = 0\n    def __init__(self):\n        type(self).count += 1\n        Shape.count += 0\nclass Tri(Shape):\n    count = 0\nclass Sq(Shape):\n    count = 0\ndef f(n, m):\n    Tri.count = Sq.count = Shape.count = 0\n    for _ in range(n): Tri()\n    for _ in range(m): Sq()\n    return Tri.count, Sq.count, Shape.count\n', '3, 2'),
    ('r11_batch1_47', 'class Matrix2:\n    def __init__(self, a, b, c, d):\n        self.m = (a, b, c, d)\n    def __mul__(self, o):\n        a, b, c, d = self.m\n        e, f_, g, h = o.m\n        return Matrix2(a*e + b*g, a*f_ + b*h, c*e + d*g, c*f_ + d*h)\n    def __pow__(self, n):\n        result = Matrix2(1, 0, 0, 1)\n        base = self\n        while n:\n            if n & 1:\n                result = result * base\n            base = base * base\n            n >>= 1\n        return result\ndef f(n):\n    return (Matrix2(1, 1, 1, 0) ** n).m[1]\n', '50'),
    ('r11_batch1_48', 'class Person:\n    def __init__(self, name, age):\n        self.name = name\n        self.age = age\n    def __str__(self):\n        return f"{self.name} ({self.age})"\n    def __repr__(self):\n        return f"Person(name={self.name!r}, age={self.age!r})"\ndef f(people):\n    ps = [Person(*p) for p in people]\n    oldest = max(ps, key=lambda p: p.age)\n    return str(oldest), repr(ps), "%s and %r" % (ps[0], ps[1])\n', "[('Ann', 31), ('Bo', 45)]"),
    ('r11_batch1_49', 'class Cls:\n    x = 1\n    def __init__(self):\n        self.y = 2\ndef f(extra):\n    o = Cls()\n    setattr(o, "z", extra)\n    names = [n for n in ("x", "y", "z", "w") if hasattr(o, n)]\n    delattr(o, "y")\n    return names, vars(o), getattr(o, "y", "gone"), o.__class__.__name__\n', '3'),
    ('r11_batch2_0', 'from dataclasses import dataclass, field, asdict, replace\n@dataclass\nclass Item:\n    name: str\n    price: float\n    qty: int = 1\n    tags: list = field(default_factory=list)\n    def total(self):\n        return self.price * self.qty\ndef f(name, price, qty):\n    it = Item(name, price, qty)\n    it.tags.append("new")\n    it2 = replace(it, qty=qty * 2)\n    return repr(it), asdict(it2), it2.total(), it == Item(name, price, qty, ["new"])\n', "'pen', 1.5, 4"),
    ('r11_batch2_1', 'from dataclasses import dataclass\n@dataclass(frozen=True, order=True)\nclass Card:\n    rank: int\n    suit: str\ndef f(cards):\n    cs = sorted(Card(r, s) for r, s in cards)\n    try:\n        cs[0].rank = 99\n        msg = "mutated"\n    except Exception as e:\n        msg = type(e).__name__\n    return [repr(c) for c in cs], msg, len({Card(1, "a"), Card(1, "a")})\n', "[(10, 'h'), (2, 's'), (10, 'c')]"),
    ('r11_batch2_2', 'from dataclasses import dataclass, field\n@dataclass\nclass Rectangle:\n    width: float\n    height: float\n    area: float = field(init=False)\n    def __post_init__(self):\n        if self.width < 0 or self.height < 0:\n            raise ValueError("negative")\n        self.area = self.width * self.height\ndef f(w, h):\n    r = Rectangle(w, h)\n    return r.area, repr(r)\n', '3, 4.5'),
    ('r11_batch2_3', 'from dataclasses import dataclass, field\n@dataclass(frozen=True)\nclass Circle:\n    r: float\n    area: float = field(init=False, repr=False)\n    def __post_init__(self):\n        object.__setattr__(self, "area", round(3.14159 * self.r ** 2, 3))\ndef f(r):\n    c = Circle(r)\n    return c.area, repr(c)\n', '2'),
    ('r11_batch2_4', 'from dataclasses import dataclass, fields, astuple\n@dataclass\nclass Row:\n    id: int\n    name: str\n    score: float = 0.0\ndef f(rows):\n    objs = [Row(*r) for r in rows]\n    header = [fl.name for fl in fields(Row)]\n    types_ = [fl.type.__name__ for fl in fields(Row)]\n    return header, types_, [astuple(o) for o in objs]\n', "[(1, 'a', 2.5), (2, 'b')]"),
    ('r11_batch2_5', 'from dataclasses import dataclass, field\nfrom typing import List, Optional\n@dataclass\nclass Node:\n    value: int\n    children: List["Node"] = field(default_factory=list)\n    parent: Optional["Node"] = field(default=None, repr=False, compare=False)\n    def add(self, v):\n        child = Node(v, parent=self)\n        self.children.append(child)\n        return child\n    def total(self):\n        return self.value + sum(c.total() for c in self.children)\ndef f(vals):\n    root = Node(vals[0])\n    cur = root\n    for v in vals[1:]:\n        cur = cur.add(v) if v % 2 else root.add(v)\n    return root.total(), len(root.children), repr(root.children[0])\n', '[1, 2, 3, 4, 5]'),
    ('r11_batch2_6', 'from dataclasses import dataclass, KW_ONLY, InitVar\n@dataclass\nclass Conn:\n    host: str\n    _: KW_ONLY\n    port: int = 80\n    secure: bool = False\n    scale: InitVar[int] = 1\n    def __post_init__(self, scale):\n        self.port *= scale\ndef f(host):\n    return repr(Conn(host, port=8, scale=10)), repr(Conn(host))\n', "'example.org'"),
    ('r11_batch2_7', 'from dataclasses import dataclass\n@dataclass(slots=True)\nclass P:\n    x: int\n    y: int\n    def dist(self):\n        return abs(self.x) + abs(self.y)\ndef f(pts):\n    ps = [P(*p) for p in pts]\n    return sorted(p.dist() for p in ps), hasattr(ps[0], "__dict__"), P.__slots__\n', '[(1, -2), (3, 4), (0, 0)]'),
    ('r11_batch2_8', 'import dataclasses\n@dataclasses.dataclass(eq=True, unsafe_hash=True)\nclass Key:\n    a: int\n    b: str\ndef f(pairs):\n    counts = {}\n    for a, b in pairs:\n        k = Key(a, b)\n        counts[k] = counts.get(k, 0) + 1\n    return sorted((k.a, k.b, v) for k, v in counts.items()), dataclasses.is_dataclass(Key)\n', "[(1, 'x'), (1, 'x'), (2, 'y')]"),
    ('r11_batch2_9', 'from collections import namedtuple\nPoint = namedtuple("Point", ["x", "y"])\ndef f(a, b):\n    p = Point(*a)\n    q = Point._make(b)\n    r = p._replace(x=p.x + q.x)\n    return r, r._asdict(), Point._fields, p + q, r.x * r.y\n', '(1, 2), [3, 4]'),
    ('r11_batch2_10', 'from typing import NamedTuple\nclass Employee(NamedTuple):\n    name: str\n    dept: str\n    salary: int = 50000\n    def raise_by(self, pct):\n        return self._replace(salary=int(self.salary * (1 + pct / 100)))\ndef f(emps):\n    es = [Employee(*e) for e in emps]\n    es = [e.raise_by(10) for e in es]\n    by_dept = {}\n    for e in es:\n        by_dept.setdefault(e.dept, []).append(e.name)\n    return es, by_dept, Employee._field_defaults\n', "[('a', 'eng', 100), ('b', 'ops'), ('c', 'eng', 70)]"),
    ('r11_batch2_11', 'from collections import namedtuple\nCard = namedtuple("Card", "rank suit", defaults=["S"])\ndef f(ranks):\n    cards = [Card(r) for r in ranks]\n    name, val = cards[0]\n    return [tuple(c) for c in cards], name, val, Card.__name__, isinstance(cards[0], tuple)\n', "['A', 'K']"),
    ('r11_batch2_12', 'from enum import Enum, auto\nclass Color(Enum):\n    RED = auto()\n    GREEN = auto()\n    BLUE = auto()\ndef f(name, value):\n    c = Color[name]\n    d = Color(value)\n    return c, d, c.name, c.value, [m.name for m in Color], Color.RED in Color, repr(d)\n', "'GREEN', 3"),
    ('r11_batch2_13', 'from enum import IntEnum\nclass Priority(IntEnum):\n    LOW = 1\n    MEDIUM = 2\n    HIGH = 3\ndef f(tasks):\n    ts = sorted(tasks, key=lambda t: Priority[t[1]], reverse=True)\n    return [t[0] for t in ts], Priority.HIGH > Priority.LOW, Priority.MEDIUM + 1, int(Priority.LOW)\n', "[('a', 'LOW'), ('b', 'HIGH'), ('c', 'MEDIUM')]"),
    ('r11_batch2_14', 'from enum import Flag, auto\nclass Perm(Flag):\n    R = auto()\n    W = auto()\n    X = auto()\ndef f(s):\n    p = Perm(0)\n    for ch in s:\n        p |= Perm[ch.upper()]\n    return p.value, Perm.R in p, Perm.X in p, bool(p & Perm.W), str(Perm.R)\n', "'rw'"),
    ('r11_batch2_15', 'from enum import Enum\nclass Planet(Enum):\n    MERCURY = (3.303e+23, 2.4397e6)\n    EARTH = (5.976e+24, 6.37814e6)\n    def __init__(self, mass, radius):\n        self.mass = mass\n        self.radius = radius\n    @property\n    def surface_gravity(self):\n        G = 6.67300E-11\n        return G * self.mass / (self.radius * self.radius)\ndef f(name):\n    p = Planet[name]\n    return round(p.surface_gravity, 2), p.mass, len(Planet), list(Planet.__members__)\n', "'EARTH'"),
    ('r11_batch2_16', 'from enum import Enum\nclass Status(str, Enum):\n    ACTIVE = "active"\n    INACTIVE = "inactive"\n    @classmethod\n    def _missing_(cls, value):\n        for m in cls:\n            if m.value == str(value).lower():\n                return m\n        return None\ndef f(values):\n    return [Status(v).name for v in values], Status.ACTIVE == "active", Status.ACTIVE.upper()\n', "['ACTIVE', 'inactive', 'Inactive']"),
    ('r11_batch2_17', 'from enum import Enum\nclass Op(Enum):\n    ADD = "+"\n    SUB = "-"\n    MUL = "*"\n    def apply(self, a, b):\n        if self is Op.ADD:\n            return a + b\n        if self is Op.SUB:\n            return a - b\n        return a * b\ndef f(expr):\n    a, op, b = expr.split()\n    return Op(op).apply(int(a), int(b)), Op(op)\n', "'6 * 7'"),
    ('r11_batch2_18', 'from enum import Enum\nclass Ordinal(Enum):\n    def __new__(cls, value, label):\n        obj = object.__new__(cls)\n        obj._value_ = value\n        obj.label = label\n        return obj\n    FIRST = (1, "1st")\n    SECOND = (2, "2nd")\ndef f(v):\n    o = Ordinal(v)\n    return o.label, o.value, o.name\n', '2'),
    ('r11_batch2_19', 'from enum import Enum, unique\n@unique\nclass Dir(Enum):\n    N = (0, -1)\n    E = (1, 0)\n    S = (0, 1)\n    W = (-1, 0)\n    def turn_right(self):\n        members = list(Dir)\n        return members[(members.index(self) + 1) % 4]\ndef f(cmds):\n    x = y = 0\n    d = Dir.N\n    for c in cmds:\n        if c == "R":\n            d = d.turn_right()\n        else:\n            dx, dy = d.value\n            x, y = x + dx * int(c), y + dy * int(c)\n    return (x, y), d.name\n', "['2', 'R', '3', 'R', '1']"),
    ('r11_batch2_20', 'from typing import List, Dict, Optional, Tuple, Union\ndef f(words: List[str], min_len: Optional[int] = None) -> Dict[str, Tuple[int, ...]]:\n    result: Dict[str, Tuple[int, ...]] = {}\n    for i, w in enumerate(words):\n        if min_len is not None and len(w) < min_len:\n            continue\n        result[w] = result.get(w, ()) + (i,)\n    return result\n', "['aa', 'b', 'aa', 'ccc'], 2"),
    ('r11_batch2_21', 'from typing import TypeVar, Generic, Optional\nT = TypeVar("T")\nclass Stack(Generic[T]):\n    def __init__(self) -> None:\n        self.items: list[T] = []\n    def push(self, item: T) -> None:\n        self.items.append(item)\n    def pop(self) -> T:\n        return self.items.pop()\n    def peek(self) -> Optional[T]:\n        return self.items[-1] if self.items else None\ndef f(xs):\n    s: Stack[int] = Stack[int]()\n    for x in xs:\n        s.push(x)\n    return s.pop(), s.peek(), len(s.items)\n', '[1, 2, 3]'),
    ('r11_batch2_22', 'from typing import Protocol, runtime_checkable\n@runtime_checkable\nclass HasArea(Protocol):\n    def area(self) -> float: ...\nclass Sq:\n    def __init__(self, s): self.s = s\n    def area(self): return self.s ** 2\nclass Nothing:\n    pass\ndef f(s):\n    objs = [Sq(s), Nothing()]\n    return [isinstance(o, HasArea) for o in objs], sum(o.area() for o in objs if isinstance(o, HasArea))\n', '3'),
    ('r11_batch2_23', 'from typing import TypedDict\nclass Movie(TypedDict, total=False):\n    title: str\n    year: int\ndef f(title, year):\n    m: Movie = {"title": title}\n    if year:\n        m["year"] = year\n    return m, sorted(Movie.__annotations__), Movie.__total__\n', "'Heat', 1995"),
    ('r11_batch2_24', 'from typing import Callable, Iterable\ndef apply_all(funcs: Iterable[Callable[[int], int]], x: int) -> list[int]:\n    return [fn(x) for fn in funcs]\ndef f(x):\n    return apply_all([lambda v: v + 1, lambda v: v * v, abs], x)\n', '-4'),
    ('r11_batch2_25', 'from typing import overload, Union\n@overload\ndef double(x: int) -> int: ...\n@overload\ndef double(x: str) -> str: ...\ndef double(x: Union[int, str]) -> Union[int, str]:\n    return x * 2\ndef f(a, b):\n    return double(a), double(b)\n', "21, 'ab'"),
    ('r11_batch2_26', 'from typing import Any, Final, ClassVar, Literal, cast\nMAX: Final = 10\nclass Cfg:\n    mode: ClassVar[str] = "fast"\ndef pick(kind: Literal["a", "b"]) -> int:\n    return {"a": 1, "b": 2}[kind]\ndef f(kind):\n    v: Any = cast(int, pick(kind))\n    return v + MAX, Cfg.mode\n', "'b'"),
    ('r11_batch2_27', 'from typing import get_type_hints, Optional\nclass Rec:\n    a: int\n    b: Optional[str]\ndef f(x):\n    hints = get_type_hints(Rec)\n    return sorted(hints), hints["a"] is int, repr(hints["b"])\n', '0'),
    ('r11_batch2_28', 'def f(command):\n    match command.split():\n        case ["go", direction]:\n            return f"going {direction}"\n        case ["pick", "up", item] | ["take", item]:\n            return f"taking {item}"\n        case ["drop", *items] if items:\n            return f"dropping {len(items)} items"\n        case ["quit" | "exit"]:\n            return "bye"\n        case []:\n            return "empty"\n        case _:\n            return "unknown"\n', "'drop a b c'"),
    ('r11_batch2_29', 'from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int\n    y: int\ndef where(p):\n    match p:\n        case Point(x=0, y=0):\n            return "origin"\n        case Point(x=0, y=y):\n            return f"y-axis at {y}"\n        case Point(x, 0):\n            return f"x-axis at {x}"\n        case Point(x, y) if x == y:\n            return "diagonal"\n        case _:\n            return "elsewhere"\ndef f(pts):\n    return [where(Point(*p)) for p in pts]\n', '[(0, 0), (0, 5), (3, 0), (2, 2), (1, 7)]'),
    ('r11_batch2_30', 'def handle(event):\n    match event:\n        case {"type": "click", "pos": (x, y)}:\n            return f"click {x},{y}"\n        case {"type": "key", "key": str(k), **rest}:\n            return f"key {k} extra={sorted(rest)}"\n        case {"type": t}:\n            return f"other {t}"\n        case _:\n            return "invalid"\ndef f(events):\n    return [handle(e) for e in events]\n', "[{'type': 'click', 'pos': (1, 2)}, {'type': 'key', 'key': 'a', 'mod': 'ctrl'}, {'type': 'scroll'}, 5]"),
    ('r11_batch2_31', 'def describe(x):\n    match x:\n        case bool():\n            return "bool"\n        case int(n) if n < 0:\n            return "negative int"\n        case int() | float():\n            return "number"\n        case str() as s if not s:\n            return "empty str"\n        case str():\n            return "str"\n        case [int(), *_]:\n            return "int list"\n        case (a, b):\n            return f"pair {a}-{b}"\n        case None:\n            return "none"\n        case _:\n            return type(x).__name__\ndef f(items):\n    return [describe(i) for i in items]\n', "[True, -3, 2.5, '', 'hi', [1, 'x'], ('p', 'q'), None, {'k': 1}]"),
    ('r11_batch2_32', 'class Circle:\n    __match_args__ = ("r",)\n    def __init__(self, r):\n        self.r = r\nclass Rect:\n    __match_args__ = ("w", "h")\n    def __init__(self, w, h):\n        self.w, self.h = w, h\ndef area(s):\n    match s:\n        case Circle(r):\n            return round(3.14159 * r * r, 2)\n        case Rect(w, h) if w == h:\n            return w * w\n        case Rect(w=w, h=h):\n            return w * h\ndef f(specs):\n    shapes = [Circle(a) if b is None else Rect(a, b) for a, b in specs]\n    return [area(s) for s in shapes]\n', '[(1, None), (2, 2), (2, 5)]'),
    ('r11_batch2_33', 'from enum import Enum\nclass Light(Enum):\n    RED = 1\n    YELLOW = 2\n    GREEN = 3\ndef nxt(light):\n    match light:\n        case Light.RED:\n            return Light.GREEN\n        case Light.GREEN:\n            return Light.YELLOW\n        case Light.YELLOW:\n            return Light.RED\ndef f(n):\n    s = Light.RED\n    seq = []\n    for _ in range(n):\n        seq.append(s.name)\n        s = nxt(s)\n    return seq\n', '5'),
    ('r11_batch2_34', 'def evaluate(expr):\n    match expr:\n        case int() | float():\n            return expr\n        case ("+", left, right):\n            return evaluate(left) + evaluate(right)\n        case ("*", left, right):\n            return evaluate(left) * evaluate(right)\n        case ("neg", operand):\n            return -evaluate(operand)\n        case _:\n            raise ValueError(f"bad expr {expr!r}")\ndef f(e):\n    return evaluate(e)\n', "('+', 2, ('*', 3, ('neg', 4)))"),
    ('r11_batch2_35', 'from abc import ABC, abstractmethod\nclass Shape(ABC):\n    @abstractmethod\n    def area(self): ...\n    @property\n    @abstractmethod\n    def name(self): ...\n    def describe(self):\n        return f"{self.name}: {self.area()}"\nclass Sq(Shape):\n    def __init__(self, s): self.s = s\n    def area(self): return self.s ** 2\n    @property\n    def name(self): return "square"\ndef f(s):\n    try:\n        Shape()\n        err = None\n    except TypeError:\n        err = "abstract"\n    return Sq(s).describe(), err, isinstance(Sq(1), Shape)\n', '5'),
    ('r11_batch2_36', 'import abc\nclass Base(metaclass=abc.ABCMeta):\n    @abc.abstractmethod\n    def run(self, x):\n        pass\n    @classmethod\n    def __subclasshook__(cls, C):\n        if cls is Base and any("run" in B.__dict__ for B in C.__mro__):\n            return True\n        return NotImplemented\nclass Duck:\n    def run(self, x):\n        return x\ndef f(x):\n    return issubclass(Duck, Base), isinstance(Duck(), Base), Duck().run(x)\n', '7'),
    ('r11_batch2_37', 'from collections.abc import Sequence, Mapping, Iterable\nclass Span(Sequence):\n    def __init__(self, n):\n        self.n = n\n    def __len__(self):\n        return self.n\n    def __getitem__(self, i):\n        if not 0 <= i < self.n:\n            raise IndexError(i)\n        return i * 10\ndef f(n):\n    s = Span(n)\n    return list(s), s.index(20), 30 in s, s.count(10), isinstance(s, Iterable), isinstance({}, Mapping), list(reversed(s))\n', '4'),
    ('r11_batch2_38', 'from collections.abc import MutableMapping\nclass LowerDict(MutableMapping):\n    def __init__(self):\n        self._d = {}\n    def __getitem__(self, k): return self._d[k.lower()]\n    def __setitem__(self, k, v): self._d[k.lower()] = v\n    def __delitem__(self, k): del self._d[k.lower()]\n    def __iter__(self): return iter(self._d)\n    def __len__(self): return len(self._d)\ndef f(pairs):\n    d = LowerDict()\n    for k, v in pairs:\n        d[k] = v\n    d.update({"EXTRA": 0})\n    return dict(d), d.get("A"), "b" in d, d.pop("extra")\n', "[('A', 1), ('B', 2), ('a', 3)]"),
    ('r11_batch2_39', 'from collections import UserDict, UserList\nclass History(UserList):\n    def append(self, item):\n        if not self.data or self.data[-1] != item:\n            super().append(item)\nclass Defaults(UserDict):\n    def __missing__(self, key):\n        return f"<{key}>"\ndef f(items):\n    h = History()\n    for i in items:\n        h.append(i)\n    d = Defaults(a=1)\n    return list(h), d["a"], d["zz"]\n', '[1, 1, 2, 2, 2, 3, 1]'),
    ('r11_batch2_40', 'from dataclasses import dataclass, field\nfrom functools import total_ordering\n@total_ordering\n@dataclass(eq=False)\nclass Task:\n    priority: int\n    name: str = field(compare=False)\n    def __eq__(self, other):\n        return self.priority == other.priority\n    def __lt__(self, other):\n        return self.priority < other.priority\ndef f(tasks):\n    ts = [Task(p, n) for p, n in tasks]\n    return [t.name for t in sorted(ts)], Task(1, "a") >= Task(1, "b"), Task(2, "x") > Task(1, "y")\n', "[(3, 'c'), (1, 'a'), (2, 'b')]"),
    ('r11_batch2_41', 'from dataclasses import dataclass, field\nimport dataclasses\n@dataclass\nclass Inventory:\n    items: dict = field(default_factory=dict)\n    def add(self, name, n=1):\n        self.items[name] = self.items.get(name, 0) + n\n        return self\ndef f(names):\n    inv = Inventory()\n    for n in names:\n        inv.add(n)\n    clone = dataclasses.replace(inv, items=dict(inv.items))\n    clone.add("extra", 5)\n    return inv.items, dataclasses.asdict(clone)\n', "['a', 'b', 'a']"),
    ('r11_batch2_42', 'from typing import Iterator, Generator\ndef countdown(n: int) -> Iterator[int]:\n    while n > 0:\n        yield n\n        n -= 1\ndef echo() -> Generator[int, int, str]:\n    total = 0\n    while True:\n        x = yield total\n        if x is None:\n            return "done"\n        total += x\ndef f(n, xs):\n    g = echo()\n    next(g)\n    outs = [g.send(x) for x in xs]\n    try:\n        g.send(None)\n    except StopIteration as e:\n        ret = e.value\n    return list(countdown(n)), outs, ret\n', '4, [1, 2, 3]'),
    ('r11_batch2_43', 'from dataclasses import dataclass\n@dataclass\nclass Money:\n    amount: int\n    currency: str = "USD"\n    def __add__(self, other):\n        if self.currency != other.currency:\n            raise ValueError("currency mismatch")\n        return Money(self.amount + other.amount, self.currency)\ndef f(xs):\n    total = Money(0)\n    for x in xs:\n        total = total + Money(x)\n    try:\n        Money(1) + Money(1, "EUR")\n    except ValueError as e:\n        err = str(e)\n    return total, err\n', '[5, 10, 20]'),
    ('r11_batch2_44', 'from enum import IntFlag\nclass Style(IntFlag):\n    BOLD = 1\n    ITALIC = 2\n    UNDERLINE = 4\ndef f(n):\n    s = Style(n)\n    return [m.name for m in Style if m in s], int(s | Style.ITALIC), Style.BOLD | 8 > 0\n', '5'),
    ('r11_batch2_45', 'from enum import Enum\nclass Shape(Enum):\n    SQUARE = 2\n    DIAMOND = 1\n    CIRCLE = 3\n    ALIAS_FOR_SQUARE = 2\ndef f(v):\n    return Shape(v).name, Shape.ALIAS_FOR_SQUARE is Shape.SQUARE, [s.name for s in Shape], sorted(Shape.__members__)\n', '2'),
    ('r11_batch2_46', 'from typing import Dict, List\nGraph = Dict[str, List[str]]\ndef topo(g: Graph) -> List[str]:\n    seen, order = set(), []\n    def visit(n: str) -> None:\n        if n in seen:\n            return\n        seen.add(n)\n        for m in sorted(g.get(n, [])):\n            visit(m)\n        order.append(n)\n    for n in sorted(g):\n        visit(n)\n    return order[::-1]\ndef f(g):\n    return topo(g)\n', "{'a': ['b', 'c'], 'b': ['d'], 'c': ['d'], 'd': []}"),
    ('r11_batch2_47', 'from dataclasses import dataclass, field\n@dataclass(order=True)\nclass Student:\n    sort_index: tuple = field(init=False, repr=False)\n    name: str\n    grade: int\n    def __post_init__(self):\n        self.sort_index = (-self.grade, self.name)\ndef f(rows):\n    return [s.name for s in sorted(Student(n, g) for n, g in rows)]\n', "[('amy', 90), ('bob', 95), ('cat', 90)]"),
    ('r11_batch2_48', 'def f(data):\n    match data:\n        case {"users": [{"name": str(first)}, *others]}:\n            return first, len(others)\n        case {"users": []}:\n            return None, 0\n    return "no match"\n', "{'users': [{'name': 'a'}, {'name': 'b'}, {'name': 'c'}]}"),
    ('r11_batch3_0', 'import functools\ndef count_calls(func):\n    @functools.wraps(func)\n    def wrapper(*args, **kwargs):\n        wrapper.calls += 1\n        return func(*args, **kwargs)\n    wrapper.calls = 0\n    return wrapper\n@count_calls\ndef square(x):\n    """Return x squared."""\n    return x * x\ndef f(xs):\n    square.calls = 0\n    r = [square(x) for x in xs]\n    return r, square.calls, square.__name__, square.__doc__, square.__wrapped__(3)\n', '[1, 2, 3]'),
    ('r11_batch3_1', 'from functools import lru_cache\n@lru_cache(maxsize=None)\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\ndef f(n):\n    fib.cache_clear()\n    v = fib(n)\n    info = fib.cache_info()\n    return v, info.misses, info.hits\n', '80'),
    ('r11_batch3_2', 'from functools import cache\n@cache\ndef paths(r, c):\n    if r == 0 or c == 0:\n        return 1\n    return paths(r - 1, c) + paths(r, c - 1)\ndef f(r, c):\n    return paths(r, c)\n', '10, 10'),
    ('r11_batch3_3', 'from functools import partial, reduce\nimport operator\ndef power(base, exp):\n    return base ** exp\ndef f(xs):\n    square = partial(power, exp=2)\n    cube = partial(power, exp=3)\n    return [square(x) for x in xs], [cube(x) for x in xs], reduce(operator.mul, xs, 1), reduce(lambda a, b: a * 10 + b, xs), square.keywords\n', '[1, 2, 3, 4]'),
    ('r11_batch3_4', 'from functools import singledispatch\n@singledispatch\ndef show(x):\n    return f"obj:{x!r}"\n@show.register\ndef _(x: int):\n    return f"int:{x}"\n@show.register(list)\ndef _(x):\n    return "list:" + ",".join(show(i) for i in x)\n@show.register(str)\ndef _(x):\n    return f"str:{x.upper()}"\ndef f(items):\n    return [show(i) for i in items]\n', "[1, 'a', [2, 'b'], 3.5, None]"),
    ('r11_batch3_5', 'from functools import singledispatchmethod\nclass Formatter:\n    @singledispatchmethod\n    def fmt(self, arg):\n        return str(arg)\n    @fmt.register\n    def _(self, arg: int):\n        return f"{arg:,}"\n    @fmt.register\n    def _(self, arg: float):\n        return f"{arg:.2f}"\ndef f(xs):\n    fm = Formatter()\n    return [fm.fmt(x) for x in xs]\n', "[1234567, 3.14159, 'x']"),
    ('r11_batch3_6', 'from functools import cmp_to_key\ndef compare(a, b):\n    ab, ba = a + b, b + a\n    return (ab < ba) - (ab > ba)\ndef f(nums):\n    s = sorted(map(str, nums), key=cmp_to_key(compare))\n    return str(int("".join(s)))\n', '[3, 30, 34, 5, 9]'),
    ('r11_batch3_7', 'from functools import cached_property\nclass Data:\n    def __init__(self, xs):\n        self.xs = xs\n        self.computed = 0\n    @cached_property\n    def stats(self):\n        self.computed += 1\n        n = len(self.xs)\n        mean = sum(self.xs) / n\n        return {"n": n, "mean": mean}\ndef f(xs):\n    d = Data(xs)\n    a = d.stats\n    b = d.stats\n    return a, d.computed, a is b\n', '[2, 4, 6, 8]'),
    ('r11_batch3_8', 'from functools import partialmethod\nclass Cell:\n    def __init__(self):\n        self.alive = False\n    def set_state(self, state):\n        self.alive = bool(state)\n    set_alive = partialmethod(set_state, True)\n    set_dead = partialmethod(set_state, False)\ndef f(ops):\n    c = Cell()\n    trace = []\n    for op in ops:\n        getattr(c, op)()\n        trace.append(c.alive)\n    return trace\n', "['set_alive', 'set_dead', 'set_alive']"),
    ('r11_batch3_9', 'def make_counter():\n    count = 0\n    def inc(step=1):\n        nonlocal count\n        count += step\n        return count\n    def get():\n        return count\n    return inc, get\ndef f(steps):\n    inc, get = make_counter()\n    for s in steps:\n        inc(s)\n    return get()\n', '[1, 5, 10]'),
    ('r11_batch3_10', 'def make_multipliers():\n    return [lambda x, i=i: x * i for i in range(5)]\ndef f(x):\n    return [m(x) for m in make_multipliers()]\n', '3'),
    ('r11_batch3_11', 'total = 0\nhistory = []\ndef record(x):\n    global total\n    total += x\n    history.append(total)\ndef f(xs):\n    global total, history\n    total = 0\n    history = []\n    for x in xs:\n        record(x)\n    return total, history\n', '[3, 4, 5]'),
    ('r11_batch3_12', 'def repeat(times):\n    def decorator(fn):\n        def wrapper(*a, **k):\n            return [fn(*a, **k) for _ in range(times)]\n        return wrapper\n    return decorator\n@repeat(3)\ndef greet(name, punct="!"):\n    return f"hi {name}{punct}"\ndef f(name):\n    return greet(name), greet(name, punct="?")[0]\n', "'ann'"),
    ('r11_batch3_13', 'import functools\ndef memoize(fn):\n    cache = {}\n    @functools.wraps(fn)\n    def inner(*args):\n        if args not in cache:\n            cache[args] = fn(*args)\n        return cache[args]\n    inner.cache = cache\n    return inner\n@memoize\ndef edit_distance(a, b):\n    if not a: return len(b)\n    if not b: return len(a)\n    if a[0] == b[0]:\n        return edit_distance(a[1:], b[1:])\n    return 1 + min(edit_distance(a[1:], b), edit_distance(a, b[1:]), edit_distance(a[1:], b[1:]))\ndef f(a, b):\n    return edit_distance(a, b), len(edit_distance.cache) > 0\n', "'kitten', 'sitting'"),
    ('r11_batch3_14', 'def validate(**checks):\n    def deco(fn):\n        def wrapper(**kwargs):\n            for k, check in checks.items():\n                if not check(kwargs[k]):\n                    raise ValueError(f"invalid {k}")\n            return fn(**kwargs)\n        return wrapper\n    return deco\n@validate(age=lambda a: a >= 0, name=str.isalpha)\ndef make(name, age):\n    return f"{name}:{age}"\ndef f(cases):\n    out = []\n    for name, age in cases:\n        try:\n            out.append(make(name=name, age=age))\n        except ValueError as e:\n            out.append(str(e))\n    return out\n', "[('ann', 3), ('b0b', 4), ('cy', -1)]"),
    ('r11_batch3_15', 'class cached:\n    def __init__(self, fn):\n        self.fn = fn\n        self.memo = {}\n    def __call__(self, n):\n        if n not in self.memo:\n            self.memo[n] = self.fn(n)\n        return self.memo[n]\n@cached\ndef collatz_len(n):\n    return 1 if n == 1 else 1 + collatz_len(n // 2 if n % 2 == 0 else 3 * n + 1)\ndef f(limit):\n    best = max(range(1, limit), key=collatz_len)\n    return best, collatz_len(best)\n', '1000'),
    ('r11_batch3_16', 'def timer_free(fn):\n    def wrapped(*args):\n        result = fn(*args)\n        wrapped.log.append((fn.__name__, args, result))\n        return result\n    wrapped.log = []\n    return wrapped\nclass Calc:\n    @staticmethod\n    @timer_free\n    def add(a, b):\n        return a + b\ndef f(a, b):\n    Calc.add.log.clear()\n    Calc.add(a, b)\n    Calc.add(b, a)\n    return Calc.add.log\n', '2, 3'),
    ('r11_batch3_17', 'def gen_primes():\n    found = []\n    n = 2\n    while True:\n        if all(n % p for p in found if p * p <= n):\n            found.append(n)\n            yield n\n        n += 1\ndef f(k):\n    from itertools import islice, takewhile\n    return list(islice(gen_primes(), k)), list(takewhile(lambda p: p < 20, gen_primes()))\n', '10'),
    ('r11_batch3_18', 'def flatten(items):\n    for x in items:\n        if isinstance(x, (list, tuple)):\n            yield from flatten(x)\n        else:\n            yield x\ndef f(nested):\n    return list(flatten(nested))\n', '[1, [2, [3, (4, 5)], []], [[6]]]'),
    ('r11_batch3_19', 'def chunks(seq, n):\n    for i in range(0, len(seq), n):\n        yield seq[i:i + n]\ndef f(s, n):\n    return list(chunks(s, n)), [sum(c) for c in chunks(list(range(10)), n)]\n', "'abcdefgh', 3"),
    ('r11_batch3_20', 'def running_avg():\n    total = count = 0\n    avg = None\n    while True:\n        x = yield avg\n        total += x\n        count += 1\n        avg = total / count\ndef f(xs):\n    g = running_avg()\n    next(g)\n    return [g.send(x) for x in xs]\n', '[10, 20, 30, 40]'),
    ('r11_batch3_21', 'def gen():\n    try:\n        yield 1\n        yield 2\n    except ValueError:\n        yield "caught"\n    finally:\n        log.append("cleanup")\nlog = []\ndef f(x):\n    log.clear()\n    g = gen()\n    a = next(g)\n    b = g.throw(ValueError("boom"))\n    g.close()\n    return a, b, list(log)\n', '0'),
    ('r11_batch3_22', 'def inner():\n    x = yield "a"\n    y = yield f"got {x}"\n    return x + y\ndef outer():\n    result = yield from inner()\n    yield f"result {result}"\ndef f(a, b):\n    g = outer()\n    out = [next(g), g.send(a), g.send(b)]\n    return out\n', '3, 4'),
    ('r11_batch3_23', 'def f(n):\n    squares = (i * i for i in range(n))\n    evens = (s for s in squares if s % 2 == 0)\n    total = sum(evens)\n    g = (c for c in "abc")\n    return total, list(g), list(g)\n', '10'),
    ('r11_batch3_24', 'class InsufficientFunds(Exception):\n    def __init__(self, needed, available):\n        super().__init__(f"need {needed}, have {available}")\n        self.needed = needed\n        self.available = available\ndef withdraw(bal, amt):\n    if amt > bal:\n        raise InsufficientFunds(amt, bal)\n    return bal - amt\ndef f(bal, amts):\n    log = []\n    for a in amts:\n        try:\n            bal = withdraw(bal, a)\n        except InsufficientFunds as e:\n            log.append((str(e), e.needed - e.available))\n        else:\n            log.append(bal)\n        finally:\n            log.append("|")\n    return log\n', '100, [30, 90, 70]'),
    ('r11_batch3_25', 'class ParseError(ValueError):\n    pass\ndef parse(s):\n    try:\n        return int(s)\n    except ValueError as e:\n        raise ParseError(f"bad: {s!r}") from e\ndef f(items):\n    out = []\n    for s in items:\n        try:\n            out.append(parse(s))\n        except ParseError as e:\n            out.append((str(e), type(e.__cause__).__name__, isinstance(e, ValueError)))\n    return out\n', "['1', 'x', '3']"),
    ('r11_batch3_26', 'def f(d, keys):\n    results = []\n    for k in keys:\n        try:\n            v = d[k]\n            r = 10 / v\n        except KeyError as e:\n            results.append(f"missing {e.args[0]}")\n        except ZeroDivisionError:\n            results.append("div0")\n        except (TypeError, ValueError) as e:\n            results.append(type(e).__name__)\n        else:\n            results.append(r)\n    return results\n', "{'a': 2, 'b': 0, 'c': 'x'}, ['a', 'b', 'c', 'd']"),
    ('r11_batch3_27', 'def f(x):\n    try:\n        try:\n            raise KeyError(x)\n        except KeyError:\n            raise RuntimeError("wrapped")\n    except RuntimeError as e:\n        ctx = e.__context__\n        return type(ctx).__name__, repr(ctx), e.__suppress_context__, str(e)\n', "'k'"),
    ('r11_batch3_28', 'def f(vals):\n    errors = []\n    try:\n        raise ExceptionGroup("many", [ValueError(v) for v in vals] + [TypeError("t")])\n    except* ValueError as eg:\n        errors.append(("value", sorted(str(e) for e in eg.exceptions)))\n    except* TypeError as eg:\n        errors.append(("type", len(eg.exceptions)))\n    return errors\n', "['a', 'b']"),
    ('r11_batch3_29', 'def f(x):\n    try:\n        raise ValueError("base")\n    except ValueError as e:\n        e.add_note(f"while handling {x}")\n        return e.__notes__, e.args\n', '42'),
    ('r11_batch3_30', 'def risky(n):\n    if n % 3 == 0:\n        raise ValueError("div by 3")\n    return n\ndef f(n):\n    out = []\n    for i in range(n):\n        try:\n            out.append(risky(i))\n        except ValueError:\n            continue\n        finally:\n            out.append(-1)\n    return out\n', '5'),
    ('r11_batch3_31', 'class ManagedResource:\n    opened = []\n    def __init__(self, name):\n        self.name = name\n    def __enter__(self):\n        ManagedResource.opened.append(self.name)\n        return self\n    def __exit__(self, *exc):\n        ManagedResource.opened.remove(self.name)\n        return False\ndef f(names):\n    ManagedResource.opened = []\n    snapshots = []\n    with ManagedResource(names[0]) as a, ManagedResource(names[1]) as b:\n        snapshots.append(list(ManagedResource.opened))\n    snapshots.append(list(ManagedResource.opened))\n    try:\n        with ManagedResource("x"):\n            raise KeyError("oops")\n    except KeyError:\n        snapshots.append(list(ManagedResource.opened))\n    return snapshots, a.name + b.name\n', "['p', 'q']"),
    ('r11_batch3_32', 'class Indenter:\n    def __init__(self):\n        self.level = 0\n        self.lines = []\n    def __enter__(self):\n        self.level += 1\n        return self\n    def __exit__(self, et, ev, tb):\n        self.level -= 1\n    def print(self, text):\n        self.lines.append("    " * self.level + text)\ndef f(words):\n    with Indenter() as ind:\n        ind.print(words[0])\n        with ind:\n            ind.print(words[1])\n            with ind:\n                ind.print(words[2])\n        ind.print(words[3])\n    return "\\n".join(ind.lines)\n', "['a', 'b', 'c', 'd']"),
    ('r11_batch3_33', 'class suppress_errors:\n    def __init__(self, *types):\n        self.types = types\n        self.caught = None\n    def __enter__(self):\n        return self\n    def __exit__(self, et, ev, tb):\n        if et is not None and issubclass(et, self.types):\n            self.caught = ev\n            return True\n        return False\ndef f(items):\n    out = []\n    for it in items:\n        with suppress_errors(ZeroDivisionError, KeyError) as s:\n            out.append(10 // it)\n        if s.caught is not None:\n            out.append(repr(s.caught))\n    return out\n', '[2, 0, 5]'),
    ('r11_batch3_34', 'def apply(fn, *args, sep=" ", **kwargs):\n    return fn(*args, **kwargs), sep.join(map(str, args)), sorted(kwargs)\ndef f(a, b):\n    return apply(max, a, b, key=abs), apply(round, 3.14159, 2, sep="-")\n', '-7, 5'),
    ('r11_batch3_35', 'def f(*args, **kwargs):\n    def describe(first, /, second, *, third=3):\n        return first + second + third\n    return describe(1, 2), describe(1, second=5, third=0), len(args), kwargs\n', '1, 2, x=9'),
    ('r11_batch3_36', 'def outer(x):\n    def middle(y):\n        def inner(z):\n            return x + y + z\n        return inner\n    return middle\ndef f(a, b, c):\n    return outer(a)(b)(c), outer("a")("b")("c")\n', '1, 2, 3'),
    ('r11_batch3_37', 'def compose(*fns):\n    def composed(x):\n        for fn in reversed(fns):\n            x = fn(x)\n        return x\n    return composed\ndef f(s):\n    pipeline = compose(str.upper, lambda t: t[::-1], str.strip)\n    return pipeline(s)\n', "'  hello world  '"),
    ('r11_batch3_38', 'import functools\ndef debug_args(fn):\n    @functools.wraps(fn)\n    def wrapper(*args, **kwargs):\n        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]\n        wrapper.seen.append(f"{fn.__name__}({\', \'.join(parts)})")\n        return fn(*args, **kwargs)\n    wrapper.seen = []\n    return wrapper\n@debug_args\ndef area(w, h=1):\n    return w * h\ndef f(w, h):\n    area.seen.clear()\n    area(w)\n    area(w, h=h)\n    return area.seen, area.__qualname__\n', '3, 4'),
    ('r11_batch3_39', 'from functools import reduce\ndef f(words):\n    lengths = reduce(lambda acc, w: {**acc, w: len(w)}, words, {})\n    longest = reduce(lambda a, b: a if len(a) >= len(b) else b, words)\n    return lengths, longest\n', "['apple', 'fig', 'banana']"),
    ('r11_batch3_40', 'from functools import wraps\ndef retry(times):\n    def deco(fn):\n        @wraps(fn)\n        def wrapper(*args):\n            last = None\n            for attempt in range(times):\n                try:\n                    return fn(*args, attempt)\n                except RuntimeError as e:\n                    last = e\n            raise last\n        return wrapper\n    return deco\n@retry(3)\ndef flaky(target, attempt):\n    if attempt < target:\n        raise RuntimeError(f"attempt {attempt} failed")\n    return f"ok on {attempt}"\ndef f(t1, t2):\n    out = [flaky(t1)]\n    try:\n        flaky(t2)\n    except RuntimeError as e:\n        out.append(str(e))\n    return out\n', '2, 5'),
    ('r11_batch3_41', 'def fizzbuzz(n):\n    for i in range(1, n + 1):\n        if i % 15 == 0:\n            yield "FizzBuzz"\n        elif i % 3 == 0:\n            yield "Fizz"\n        elif i % 5 == 0:\n            yield "Buzz"\n        else:\n            yield str(i)\ndef f(n):\n    return " ".join(fizzbuzz(n))\n', '15'),
    ('r11_batch3_42', 'def f(n):\n    def hanoi(k, src, dst, via, moves):\n        if k == 0:\n            return moves\n        hanoi(k - 1, src, via, dst, moves)\n        moves.append((src, dst))\n        hanoi(k - 1, via, dst, src, moves)\n        return moves\n    m = hanoi(n, "A", "C", "B", [])\n    return len(m), m[:3]\n', '5'),
    ('r11_batch3_43', 'import math\ndef f(x):\n    if __name__ == "__main__":\n        pass\n    return math.isqrt(x)\nif __name__ == "__main__":\n    print(f(17))\n', '99'),
    ('r11_batch3_44', 'def permutations(s):\n    if len(s) <= 1:\n        return [s]\n    out = []\n    for i, c in enumerate(s):\n        for p in permutations(s[:i] + s[i + 1:]):\n            out.append(c + p)\n    return out\ndef f(s):\n    return sorted(set(permutations(s)))\n', "'aab'"),
    ('r11_batch3_45', 'def f(n):\n    memo = {}\n    def count(n, k):\n        if n == 0:\n            return 1\n        if n < 0 or k == 0:\n            return 0\n        key = (n, k)\n        if key not in memo:\n            memo[key] = count(n - k, k) + count(n, k - 1)\n        return memo[key]\n    return [count(i, i) for i in range(n)]\n', '12'),
    ('r11_batch3_46', 'def f(board):\n    n = len(board)\n    solutions = []\n    def place(row, cols, d1, d2, acc):\n        if row == n:\n            solutions.append(acc[:])\n            return\n        for c in range(n):\n            if c in cols or row - c in d1 or row + c in d2:\n                continue\n            acc.append(c)\n            place(row + 1, cols | {c}, d1 | {row - c}, d2 | {row + c}, acc)\n            acc.pop()\n    place(0, frozenset(), frozenset(), frozenset(), [])\n    return len(solutions), solutions[0]\n', '[0, 0, 0, 0, 0, 0]'),
    ('r11_batch3_47', 'class StateMachine:\n    def __init__(self):\n        self.handlers = {}\n        self.state = None\n    def on(self, state):\n        def register(fn):\n            self.handlers[state] = fn\n            return fn\n        return register\n    def run(self, start, data):\n        self.state = start\n        trail = []\n        for ch in data:\n            trail.append(self.state)\n            self.state = self.handlers[self.state](ch)\n        trail.append(self.state)\n        return trail\nsm = StateMachine()\n@sm.on("even")\ndef _even(ch):\n    return "odd" if ch == "1" else "even"\n@sm.on("odd")\ndef _odd(ch):\n    return "even" if ch == "1" else "odd"\ndef f(bits):\n    return sm.run("even", bits)\n', "'10110'"),
    ('r11_batch4_0', 'from itertools import groupby\ndef f(s):\n    return "".join(f"{len(list(g))}{k}" for k, g in groupby(s)), [(k, len(list(g))) for k, g in groupby(sorted([3, 1, 3, 2, 1]))]\n', "'aaabccdddd'"),
    ('r11_batch4_1', 'from itertools import accumulate\nimport operator\ndef f(xs):\n    return list(accumulate(xs)), list(accumulate(xs, operator.mul)), list(accumulate(xs, max)), list(accumulate(xs, initial=100))\n', '[3, 1, 4, 1, 5]'),
    ('r11_batch4_2', 'from itertools import permutations, combinations, combinations_with_replacement, product\ndef f(s, k):\n    return (\n        ["".join(p) for p in permutations(s, k)],\n        list(combinations(range(4), k)),\n        len(list(combinations_with_replacement(s, k))),\n        ["".join(p) for p in product("01", repeat=k)],\n    )\n', "'abc', 2"),
    ('r11_batch4_3', 'from itertools import chain, zip_longest, islice, pairwise, cycle, repeat, count, starmap, compress, filterfalse, tee, dropwhile\ndef f(a, b):\n    return (\n        list(chain(a, b)),\n        list(chain.from_iterable([a, b, [0]])),\n        list(zip_longest(a, b, fillvalue="-")),\n        list(islice(cycle(a), 7)),\n        list(pairwise(b)),\n        list(repeat("x", 3)),\n        list(zip(count(10, 5), a)),\n        list(starmap(pow, [(2, 3), (3, 2)])),\n        list(compress(a, [1, 0, 1])),\n        list(filterfalse(lambda v: v % 2, b)),\n        [list(t) for t in tee(a, 2)],\n        list(dropwhile(lambda v: v < 2, b)),\n    )\n', '[1, 2, 3], [4, 1, 6, 2]'),
    ('r11_batch4_4', 'from collections import Counter\ndef f(text):\n    words = text.lower().split()\n    c = Counter(words)\n    letters = Counter(ch for ch in text if ch.isalpha())\n    c2 = Counter(a=3, b=1) - Counter(a=1, b=2)\n    return c.most_common(2), letters["o"], sorted(c2.elements()), sum(c.values()), (Counter("abc") + Counter("bcd"))["c"]\n', "'the cat and the dog and the bird'"),
    ('r11_batch4_5', 'from collections import defaultdict\ndef f(pairs):\n    graph = defaultdict(list)\n    degree = defaultdict(int)\n    for a, b in pairs:\n        graph[a].append(b)\n        degree[b] += 1\n        degree[a] += 0\n    nested = defaultdict(lambda: defaultdict(set))\n    for a, b in pairs:\n        nested[a][b % 2].add(b)\n    return dict(graph), dict(sorted(degree.items())), {k: {p: sorted(v) for p, v in d.items()} for k, d in nested.items()}\n', '[(1, 2), (1, 3), (2, 3), (3, 4)]'),
    ('r11_batch4_6', 'from collections import deque\ndef f(grid, start, goal):\n    rows, cols = len(grid), len(grid[0])\n    q = deque([(start, 0)])\n    seen = {start}\n    while q:\n        (r, c), d = q.popleft()\n        if (r, c) == goal:\n            return d\n        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):\n            nr, nc = r + dr, c + dc\n            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "." and (nr, nc) not in seen:\n                seen.add((nr, nc))\n                q.append(((nr, nc), d + 1))\n    return -1\n', "['..#', '#..', '...'], (0, 0), (2, 0)"),
    ('r11_batch4_7', 'from collections import deque\ndef f(xs, k):\n    d = deque(xs, maxlen=4)\n    d.rotate(k)\n    d.appendleft(0)\n    window = deque()\n    maxes = []\n    for i, x in enumerate(xs):\n        while window and xs[window[-1]] <= x:\n            window.pop()\n        window.append(i)\n        if window[0] <= i - k:\n            window.popleft()\n        if i >= k - 1:\n            maxes.append(xs[window[0]])\n    return list(d), maxes, d.maxlen\n', '[1, 3, -1, -3, 5, 3, 6, 7], 3'),
    ('r11_batch4_8', 'from collections import OrderedDict\nclass LRU:\n    def __init__(self, cap):\n        self.cap = cap\n        self.d = OrderedDict()\n    def get(self, k):\n        if k not in self.d:\n            return -1\n        self.d.move_to_end(k)\n        return self.d[k]\n    def put(self, k, v):\n        self.d[k] = v\n        self.d.move_to_end(k)\n        if len(self.d) > self.cap:\n            self.d.popitem(last=False)\ndef f(ops):\n    c = LRU(2)\n    out = []\n    for op in ops:\n        if op[0] == "put":\n            c.put(op[1], op[2])\n        else:\n            out.append(c.get(op[1]))\n    return out, list(c.d.items())\n', "[('put', 1, 1), ('put', 2, 2), ('get', 1), ('put', 3, 3), ('get', 2), ('get', 3)]"),
    ('r11_batch4_9', 'from collections import ChainMap\ndef f(user, env):\n    defaults = {"color": "red", "user": "guest", "debug": False}\n    cm = ChainMap(user, env, defaults)\n    child = cm.new_child({"debug": True})\n    return cm["color"], cm["user"], child["debug"], cm["debug"], sorted(cm), len(cm.maps), dict(child.parents) == dict(cm)\n', "{'user': 'ann'}, {'color': 'blue'}"),
    ('r11_batch4_10', 'import heapq\ndef f(graph, src):\n    dist = {src: 0}\n    pq = [(0, src)]\n    while pq:\n        d, u = heapq.heappop(pq)\n        if d > dist.get(u, float("inf")):\n            continue\n        for v, w in graph.get(u, []):\n            nd = d + w\n            if nd < dist.get(v, float("inf")):\n                dist[v] = nd\n                heapq.heappush(pq, (nd, v))\n    return dict(sorted(dist.items()))\n', "{'a': [('b', 1), ('c', 4)], 'b': [('c', 2), ('d', 5)], 'c': [('d', 1)]}, 'a'"),
    ('r11_batch4_11', 'import heapq\ndef f(xs, k):\n    h = list(xs)\n    heapq.heapify(h)\n    smallest = [heapq.heappop(h) for _ in range(k)]\n    merged = list(heapq.merge([1, 4, 9], [2, 3, 10], [0]))\n    return smallest, heapq.nlargest(k, xs), heapq.nsmallest(2, ["bb", "a", "ccc"], key=len), merged, heapq.heappushpop([5, 7], 1)\n', '[5, 2, 8, 1, 9, 3], 3'),
    ('r11_batch4_12', 'import heapq\ndef f(tasks):\n    pq = []\n    for i, (pri, name) in enumerate(tasks):\n        heapq.heappush(pq, (-pri, i, name))\n    order = []\n    while pq:\n        _, _, name = heapq.heappop(pq)\n        order.append(name)\n    return order\n', "[(2, 'write'), (5, 'fix'), (2, 'read'), (9, 'ship')]"),
    ('r11_batch4_13', 'import bisect\ndef grade(score, breakpoints=(60, 70, 80, 90), grades="FDCBA"):\n    return grades[bisect.bisect(breakpoints, score)]\ndef f(scores, xs):\n    s = []\n    for x in xs:\n        bisect.insort(s, x)\n    return [grade(v) for v in scores], s, bisect.bisect_left(s, 5), bisect.bisect_right(s, 5)\n', '[33, 99, 77, 70, 89, 90, 100], [5, 1, 5, 3]'),
    ('r11_batch4_14', 'from bisect import bisect_left\ndef lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\ndef f(nums):\n    return lis(nums)\n', '[10, 9, 2, 5, 3, 7, 101, 18]'),
    ('r11_batch4_15', 'import re\ndef f(text):\n    emails = re.findall(r"[\\w.]+@[\\w.]+\\.\\w+", text)\n    dates = re.findall(r"(\\d{4})-(\\d{2})-(\\d{2})", text)\n    m = re.search(r"(?P<user>\\w+)@(?P<host>[\\w.]+)", text)\n    return emails, dates, m.group("user"), m.groupdict(), m.span(), m.start(1)\n', "'Contact a.b@x.com or c@y.org by 2024-01-15 or 2024-12-31'"),
    ('r11_batch4_16', 'import re\ndef f(s):\n    camel_to_snake = re.sub(r"(?<!^)(?=[A-Z])", "_", s).lower()\n    doubled = re.sub(r"\\d+", lambda m: str(int(m.group()) * 2), "a1b22c333")\n    swapped = re.sub(r"(\\w+) (\\w+)", r"\\2 \\1", "hello world")\n    parts = re.split(r"[,;\\s]+", "a, b;c  d")\n    return camel_to_snake, doubled, swapped, parts, re.subn("a", "A", "banana")\n', "'camelCaseStringHTTP'"),
    ('r11_batch4_17', 'import re\nPATTERN = re.compile(r"""\n    ^(?P<key>[a-z_]+)   # key\n    \\s*=\\s*             # equals\n    (?P<val>.*?)\\s*$    # value\n""", re.VERBOSE | re.IGNORECASE)\ndef f(lines):\n    out = {}\n    for line in lines:\n        m = PATTERN.match(line)\n        if m:\n            out[m["key"].lower()] = m["val"]\n    return out, PATTERN.flags & re.IGNORECASE != 0, PATTERN.pattern.count("\\n")\n', "['Name = Bob ', 'age=3', '# comment', 'CITY  =  Paris']"),
    ('r11_batch4_18', 'import re\ndef f(text):\n    words = re.findall(r"\\b\\w+\\b", text.lower())\n    tokens = [(m.group(), m.start()) for m in re.finditer(r"[A-Z]\\w*", text)]\n    multi = re.findall(r"^\\w+", "one two\\nthree four\\nfive", flags=re.M)\n    dot = re.match(r"a.c", "a\\nc", re.DOTALL) is not None\n    return len(words), tokens, multi, dot, re.escape("a.b*c"), bool(re.fullmatch(r"\\d{3}", "123"))\n', "'Hello World, Python Is Fun'"),
    ('r11_batch4_19', 'import re\ndef f(template, values):\n    def repl(m):\n        key = m.group(1)\n        return str(values.get(key, m.group(0)))\n    return re.sub(r"\\{(\\w+)\\}", repl, template)\n', "'Hi {name}, you owe {amt} {unknown}', {'name': 'Ann', 'amt': 5}"),
    ('r11_batch4_20', 'import string\ndef caesar(s, k):\n    lower, upper = string.ascii_lowercase, string.ascii_uppercase\n    table = str.maketrans(lower + upper, lower[k:] + lower[:k] + upper[k:] + upper[:k])\n    return s.translate(table)\ndef f(s, k):\n    enc = caesar(s, k)\n    return enc, caesar(enc, 26 - k), string.digits, string.punctuation[:5], string.capwords("hello  big world")\n', "'Hello, World!', 3"),
    ('r11_batch4_21', 'from string import Template, Formatter\ndef f(name, n):\n    t = Template("$who has $$${amount} in ${place}")\n    s = t.substitute(who=name, amount=n, place="bank")\n    safe = Template("$a and $b").safe_substitute(a=1)\n    fields = [fname for _, fname, _, _ in Formatter().parse("{x} + {y:>3} = {z!r}") if fname]\n    return s, safe, fields\n', "'Ann', 10"),
    ('r11_batch4_22', 'import math\ndef f(a, b):\n    return (\n        math.gcd(a, b), math.lcm(a, b), math.isqrt(a * b), math.comb(a, 3), math.perm(a, 2),\n        math.factorial(6), round(math.sqrt(2), 6), math.floor(-2.5), math.ceil(2.1),\n        math.isclose(0.1 + 0.2, 0.3), math.pi > 3, math.inf > 10**100, math.log2(1024),\n        round(math.hypot(3, 4)), math.prod([1, 2, 3, 4]), math.copysign(3, -0.0), math.fsum([0.1] * 10),\n        round(math.degrees(math.pi), 3), math.isnan(float("nan")),\n    )\n', '12, 18'),
    ('r11_batch4_23', 'from math import *\ndef f(x):\n    return round(sin(pi / 6), 6), round(cos(0)), round(exp(1), 5), round(log(e)), trunc(-3.7), fabs(-2), gcd(x, 8), round(atan2(1, 1) / pi, 3)\n', '12'),
    ('r11_batch4_24', 'from fractions import Fraction\ndef f(xs):\n    total = sum(Fraction(n, d) for n, d in xs)\n    h = sum(Fraction(1, k) for k in range(1, 7))\n    return total, str(total), total.numerator, total.denominator, float(total), str(h), Fraction("0.75"), Fraction(3.14159).limit_denominator(100)\n', '[(1, 2), (1, 3), (1, 6), (3, 4)]'),
    ('r11_batch4_25', 'from decimal import Decimal, ROUND_HALF_UP, getcontext, localcontext\ndef f(prices):\n    total = sum(Decimal(p) for p in prices)\n    rounded = total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)\n    with localcontext() as ctx:\n        ctx.prec = 5\n        third = Decimal(1) / Decimal(3)\n    return str(total), str(rounded), str(third), Decimal("0.1") + Decimal("0.2") == Decimal("0.3"), str(Decimal(2).sqrt())[:8]\n', "['19.99', '5.01', '0.05']"),
    ('r11_batch4_26', 'import decimal\ndef f(n):\n    decimal.getcontext().prec = 30\n    d = decimal.Decimal(1) / decimal.Decimal(n)\n    return str(d)\n', '7'),
    ('r11_batch4_27', 'import statistics\ndef f(xs):\n    return (\n        statistics.mean(xs), statistics.median(xs), statistics.mode(xs),\n        round(statistics.stdev(xs), 4), round(statistics.pvariance(xs), 4), statistics.median_low(xs),\n        statistics.multimode([1, 1, 2, 2, 3]), round(statistics.fmean(xs), 3),\n    )\n', '[2, 4, 4, 4, 5, 5, 7, 9]'),
    ('r11_batch4_28', 'import json\ndef f(data):\n    s = json.dumps(data, sort_keys=True)\n    pretty = json.dumps(data, indent=2, sort_keys=True)\n    back = json.loads(s)\n    compact = json.dumps([1, {"a": None, "b": True}], separators=(",", ":"))\n    return s, pretty.count("\\n"), back == data, compact, json.loads(\'{"x": [1, 2.5, "y", null]}\')\n', "{'name': 'Ann', 'tags': ['a', 'b'], 'age': 30, 'ok': True}"),
    ('r11_batch4_29', 'import json\nfrom dataclasses import dataclass, asdict\n@dataclass\nclass P:\n    x: int\n    y: int\nclass Enc(json.JSONEncoder):\n    def default(self, o):\n        if isinstance(o, P):\n            return {"__p__": [o.x, o.y]}\n        if isinstance(o, set):\n            return sorted(o)\n        return super().default(o)\ndef hook(d):\n    if "__p__" in d:\n        return P(*d["__p__"])\n    return d\ndef f(x, y):\n    s = json.dumps({"pt": P(x, y), "s": {3, 1, 2}}, cls=Enc)\n    back = json.loads(s, object_hook=hook)\n    other = json.dumps(asdict(P(x, y)))\n    try:\n        json.dumps(object())\n        err = None\n    except TypeError as e:\n        err = "TypeError"\n    return s, back, other, err\n', '1, 2'),
    ('r11_batch4_30', 'import copy\nclass Node:\n    def __init__(self, val, children=None):\n        self.val = val\n        self.children = children or []\ndef f(vals):\n    root = Node(vals[0], [Node(v) for v in vals[1:]])\n    shallow = copy.copy(root)\n    deep = copy.deepcopy(root)\n    root.children[0].val = -1\n    nested = [[1, 2], [3]]\n    d2 = copy.deepcopy(nested)\n    d2[0].append(99)\n    return shallow.children[0].val, deep.children[0].val, nested, d2, shallow is not root\n', '[1, 2, 3]'),
    ('r11_batch4_31', 'import copy\nclass Config:\n    def __init__(self, data):\n        self.data = data\n        self.copies = 0\n    def __copy__(self):\n        c = Config(self.data)\n        c.copies = self.copies + 1\n        return c\n    def __deepcopy__(self, memo):\n        c = Config(copy.deepcopy(self.data, memo))\n        c.copies = self.copies + 10\n        return c\ndef f(d):\n    c = Config(d)\n    a = copy.copy(c)\n    b = copy.deepcopy(c)\n    b.data["new"] = 1\n    return a.copies, b.copies, sorted(c.data), sorted(b.data), a.data is c.data\n', "{'k': [1]}"),
    ('r11_batch4_32', 'def f(name, value, ratio, n):\n    return [\n        f"{name:>10}|", f"{name:<10}|", f"{name:^10}|", f"{name:*^11}",\n        f"{value:,}", f"{value:_}", f"{value:+d}", f"{value:08d}", f"{value:x}", f"{value:#o}", f"{value:b}",\n        f"{ratio:.3f}", f"{ratio:.2%}", f"{ratio:e}", f"{ratio:10.4f}|", f"{n!r}", f"{n!s}",\n        f"{value=}", f"{\'nested \' + name.upper()}", f"{3.0:g}", f"{1e20:g}", f"{value:>{n}}",\n    ]\n', "'abc', 1234567, 0.123456, 12"),
    ('r11_batch4_33', 'def f(name, score, items):\n    a = "Name: {}, Score: {:.1f}".format(name, score)\n    b = "{0}{1}{0}".format("x", "y")\n    c = "{n} has {s:>6.2f}".format(n=name, s=score)\n    d = "%s scored %d (%.2f%%) %r" % (name, score, score / 2, items)\n    e = "%(who)s/%(n)05d" % {"who": name, "n": 42}\n    g = format(score, ".3e"), format(255, "#x"), format("hi", "^6")\n    h = "{:,}".format(10**7)\n    i = "{0[0]}-{0[1]}".format(items)\n    j = "{!r:>8}".format("q")\n    return a, b, c, d, e, g, h, i, j\n', "'Zed', 87.456, ['p', 'q']"),
    ('r11_batch4_34', 'class Pt:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\ndef f(x, y):\n    p = Pt(x, y)\n    return "({0.x}, {0.y})".format(p), "{p.x}|{p.y}".format(p=p), "{x}-{y}".format_map({"x": x, "y": y}), "{d[key]}".format(d={"key": "v"})\n', '3, 4'),
    ('r11_batch4_35', 'import textwrap\ndef f(text, width):\n    wrapped = textwrap.wrap(text, width)\n    filled = textwrap.fill(text, width, initial_indent="> ", subsequent_indent="  ")\n    short = textwrap.shorten(text, width=20, placeholder="...")\n    ded = textwrap.dedent("""\n        line one\n          line two\n    """)\n    ind = textwrap.indent("a\\nb", "# ")\n    return wrapped, filled, short, ded, ind\n', "'The quick brown fox jumps over the lazy dog again and again', 16"),
    ('r11_batch4_36', 'import unicodedata\ndef f(s):\n    nfd = unicodedata.normalize("NFD", s)\n    stripped = "".join(c for c in nfd if unicodedata.category(c) != "Mn")\n    return stripped, unicodedata.name("é"), unicodedata.lookup("GREEK SMALL LETTER ALPHA"), len(nfd), unicodedata.numeric("½")\n', "'café naïve'"),
    ('r11_batch4_37', 'from array import array\ndef f(xs):\n    a = array("i", xs)\n    a.append(100)\n    a.reverse()\n    b = array("d", [1.5, 2.5])\n    return a.tolist(), a.typecode, a.itemsize, sum(b), a[1:3].tolist(), array("b", [1, 2]) == array("b", [1, 2])\n', '[3, 1, 2]'),
    ('r11_batch4_38', 'import cmath\ndef f(a, b, c):\n    d = cmath.sqrt(b * b - 4 * a * c)\n    r1 = (-b + d) / (2 * a)\n    r2 = (-b - d) / (2 * a)\n    z = complex(3, 4)\n    return r1, r2, abs(z), z.conjugate(), z.real, round(cmath.phase(1j), 4), cmath.polar(1)\n', '1, 2, 5'),
    ('r11_batch4_39', 'import numbers\nfrom fractions import Fraction\nfrom decimal import Decimal\ndef f(vals):\n    kinds = []\n    for v in vals:\n        if isinstance(v, numbers.Integral):\n            kinds.append("integral")\n        elif isinstance(v, numbers.Rational):\n            kinds.append("rational")\n        elif isinstance(v, numbers.Real):\n            kinds.append("real")\n        elif isinstance(v, numbers.Complex):\n            kinds.append("complex")\n        else:\n            kinds.append("other")\n    return kinds, isinstance(Fraction(1, 2), numbers.Number), isinstance(Decimal(1), numbers.Number)\n', "[1, True, 2.5, 1j, 'x']"),
    ('r11_batch4_40', 'import operator\nfrom operator import itemgetter, attrgetter, methodcaller\nclass E:\n    def __init__(self, n, a):\n        self.name, self.age = n, a\ndef f(rows):\n    by_age = sorted(rows, key=itemgetter(1, 0))\n    objs = [E(*r) for r in rows]\n    names = [e.name for e in sorted(objs, key=attrgetter("age"))]\n    upper = list(map(methodcaller("upper"), [r[0] for r in rows]))\n    rep = list(map(methodcaller("replace", "a", "@"), [r[0] for r in rows]))\n    return by_age, names, upper, rep, operator.add(2, 3), operator.neg(4), operator.contains([1, 2], 2), operator.getitem("abc", 1)\n', "[('bob', 30), ('amy', 25), ('cal', 30)]"),
    ('r11_batch4_41', 'def f(n):\n    squares = [x * x for x in range(n)]\n    evens = {x for x in squares if x % 2 == 0}\n    mapping = {x: chr(97 + x) for x in range(n)}\n    matrix = [[i * j for j in range(3)] for i in range(3)]\n    flat = [v for row in matrix for v in row if v]\n    cond = ["even" if x % 2 == 0 else "odd" for x in range(4)]\n    inv = {v: k for k, v in mapping.items()}\n    gen_sum = sum(x for x in range(n) if x % 3 == 0)\n    transposed = [list(r) for r in zip(*matrix)]\n    return squares, sorted(evens), mapping, flat, cond, inv["c"], gen_sum, transposed\n', '6'),
    ('r11_batch4_42', 'def f(data):\n    results = []\n    if (n := len(data)) > 3:\n        results.append(f"long list: {n}")\n    while (item := data.pop()) != 0:\n        results.append(item)\n    filtered = [y for x in [1, 2, 3, 4] if (y := x * x) > 4]\n    total = 0\n    running = [total := total + v for v in [1, 2, 3]]\n    return results, filtered, running, total\n', '[0, 5, 4, 3, 2]'),
    ('r11_batch4_43', 'def f(a, b):\n    first, *middle, last = a\n    (x, y), z = b\n    head, *_ = "hello"\n    swapped = (y, x)\n    *init, tail = range(5)\n    merged = {**{"a": 1}, **{"b": 2}, "c": 3}\n    combined = [*a, *b[0], *"xy"]\n    return first, middle, last, x, y, z, head, swapped, init, tail, merged, combined\n', '[1, 2, 3, 4, 5], ((6, 7), 8)'),
    ('r11_batch4_44', 'def f(words):\n    by_len = sorted(words, key=len)\n    by_len_rev_alpha = sorted(words, key=lambda w: (-len(w), w))\n    ci = sorted(words, key=str.lower)\n    stable = sorted([(1, "b"), (0, "a"), (1, "a")], key=lambda t: t[0])\n    words_copy = list(words)\n    words_copy.sort(reverse=True)\n    return by_len, by_len_rev_alpha, ci, stable, words_copy, min(words, key=len), max(words, default="")\n', "['banana', 'Apple', 'fig', 'cherry', 'date']"),
    ('r11_batch4_45', 'def f(s):\n    return (\n        s.split(), s.strip().split(" ", 1), s.title(), s.swapcase(), s.count("o"), s.find("wor"), s.rfind("o"),\n        s.replace("o", "0", 1), s.center(21, "*"), s.zfill(20)[:5], s.startswith(("  He", "x")), s.strip().endswith("ld"),\n        " ".join(reversed(s.split())), s.isspace(), "abc123".isalnum(), "ABC".isupper(), s.partition(","), s.rpartition("o"),\n        s.expandtabs(), s.casefold(), "x".join("abc"), s.removeprefix("  ").removesuffix("d  "), "a-b-c".rsplit("-", 1),\n        "line1\\nline2\\r\\nline3".splitlines(), s.ljust(3), "tab\\tbed".expandtabs(4), s.index("W"),\n    )\n', "'  Hello, World  '"),
    ('r11_batch4_46', 'def f(n, b):\n    data = n.to_bytes(4, "big")\n    back = int.from_bytes(data, "big")\n    ba = bytearray(b"hello")\n    ba[0] = ord("J")\n    return (\n        data, back, bytes(ba), ba.decode(), "héllo".encode("utf-8"), b"abc".hex(), bytes.fromhex("4142"),\n        int("ff", 16), int("1010", 2), int(b, 8), bin(n), oct(n), hex(n), chr(9731), ord("€"), divmod(n, 7),\n        pow(3, -1, 11), pow(2, 100, 97), round(2.675, 2), round(-0.5), abs(-3), n.bit_length(), (255).bit_count(),\n    )\n', "1000, '17'"),
    ('r11_batch4_47', 'def f(xs):\n    return (\n        list(enumerate(xs, start=1)), list(zip(xs, xs[1:])), list(reversed(xs)), sum(xs), min(xs), max(xs),\n        any(x > 3 for x in xs), all(x > 0 for x in xs), sorted(set(xs)), list(filter(None, [0, 1, "", "a"])),\n        list(map(lambda a, b: a * b, xs, xs)), len(xs), list(range(10, 0, -3)), xs[::-1], xs[1::2], slice(1, 3).indices(10),\n        dict(zip("abc", xs)), tuple(xs), frozenset(xs) == frozenset(reversed(xs)), isinstance(xs, list), type(xs).__name__,\n        divmod(-7, 2), -7 // 2, -7 % 2, 7 / 2, 2 ** 10, 10 ** -2, True + True, None is None, 1 < 2 < 3, not [],\n    )\n', '[3, 1, 4, 1, 5, 9, 2, 6]'),
    ('r11_batch4_48', 'def f(d):\n    d = dict(d)\n    d.setdefault("z", []).append(1)\n    d.update(y=2)\n    popped = d.pop("a", None)\n    keys = list(d.keys())\n    items = sorted(d.items(), key=lambda kv: str(kv[1]))\n    merged = d | {"w": 0}\n    copied = d.copy()\n    copied.clear()\n    inverted = {v: k for k, v in d.items() if isinstance(v, int)}\n    return keys, items, popped, merged, copied, inverted, dict.fromkeys("ab", 0), d.get("missing", "default"), list(d.values())[-1]\n', "{'a': 1, 'b': 2}"),
    ('r11_batch4_49', 'def f(a, b):\n    s1, s2 = set(a), set(b)\n    return (\n        sorted(s1 | s2), sorted(s1 & s2), sorted(s1 - s2), sorted(s1 ^ s2), s1 <= s2, {1, 2} < {1, 2, 3},\n        s1.isdisjoint({100}), sorted(s1.union([7]).difference([1])), len(frozenset(a)), max(s1), sum(s2),\n    )\n', '[1, 2, 3, 4], [3, 4, 5]'),
    ('r11_batch5_0', 'class Model:\n    def __init__(self, **fields):\n        for k, v in fields.items():\n            setattr(self, k, v)\n    def __repr__(self):\n        cls = self.__class__.__name__\n        args = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())\n        return f"{cls}({args})"\n    def __eq__(self, other):\n        return type(self) is type(other) and vars(self) == vars(other)\ndef f(a, b):\n    m = Model(a=a, b=b)\n    return repr(m), m == Model(a=a, b=b), sorted(m.__dict__)\n', "1, 'two'"),
    ('r11_batch5_1', 'class Base:\n    def clone(self, **changes):\n        new = type(self).__new__(type(self))\n        new.__dict__.update(self.__dict__)\n        new.__dict__.update(changes)\n        return new\nclass Pt(Base):\n    def __init__(self, x, y):\n        self.x, self.y = x, y\ndef f(x, y):\n    p = Pt(x, y)\n    q = p.clone(y=0)\n    return (q.x, q.y), (p.x, p.y), type(q).__name__\n', '5, 6'),
    ('r11_batch5_2', 'def greet(name: str, greeting: str = "Hello", *, punct: str = "!") -> str:\n    """Greet someone."""\n    return f"{greeting}, {name}{punct}"\ndef f(name):\n    return greet(name), greet.__name__, greet.__doc__, greet.__defaults__, greet.__kwdefaults__, greet.__annotations__["return"].__name__\n', "'Ann'"),
    ('r11_batch5_3', 'class Animal:\n    sound = "..."\n    def speak(self):\n        return f"{type(self).__name__.lower()} says {self.sound}"\nclass Cow(Animal):\n    sound = "moo"\nclass Cat(Animal):\n    sound = "meow"\ndef f(kinds):\n    classes = {c.__name__: c for c in Animal.__subclasses__()}\n    return [classes[k]().speak() for k in kinds], sorted(k for k in vars(Cow) if not k.startswith("__")), "speak" in Animal.__dict__\n', "['Cow', 'Cat']"),
    ('r11_batch5_4', 'class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\ndef f(x, y):\n    p = Point(x, y)\n    attrs = {name: getattr(p, name) for name in dir(p) if not name.startswith("_")}\n    return attrs, Point.__name__, Point.__qualname__, Point.__init__.__name__, p.__class__ is Point\n', '3, 4'),
    ('r11_batch5_5', 'class Shape:\n    def __init__(self, *dims):\n        self.dims = dims\n    @classmethod\n    def unit(cls):\n        return cls(*([1] * cls.ndims))\n    def __repr__(self):\n        return f"{type(self).__name__}{self.dims}"\nclass Line(Shape):\n    ndims = 1\nclass Box(Shape):\n    ndims = 3\n    @classmethod\n    def unit(cls):\n        obj = super().unit()\n        obj.tag = "unit box"\n        return obj\ndef f(x):\n    b = Box.unit()\n    return repr(Line.unit()), repr(b), b.tag\n', '0'),
    ('r11_batch5_6', 'class Registry(type):\n    classes = {}\n    def __new__(mcs, name, bases, attrs):\n        cls = super().__new__(mcs, name, bases, attrs)\n        if bases:\n            mcs.classes[name.lower()] = cls\n        return cls\n    def __instancecheck__(cls, obj):\n        return type(obj).__name__.lower() in Registry.classes and super().__instancecheck__(obj)\nclass Handler(metaclass=Registry):\n    def handle(self, x):\n        return x\nclass Upper(Handler):\n    def handle(self, x):\n        return x.upper()\nclass Rev(Handler):\n    def handle(self, x):\n        return x[::-1]\ndef f(s, names):\n    out = s\n    for n in names:\n        out = Registry.classes[n]().handle(out)\n    return out, sorted(Registry.classes), isinstance(Upper(), Handler)\n', "'abc', ['upper', 'rev']"),
    ('r11_batch5_7', 'class Temp:\n    def __init__(self):\n        self._t = 0\n    def get_t(self):\n        return self._t\n    def set_t(self, v):\n        self._t = max(-273, v)\n    t = property(get_t, set_t, doc="temperature")\ndef f(vals):\n    obj = Temp()\n    seen = []\n    for v in vals:\n        obj.t = v\n        seen.append(obj.t)\n    return seen, Temp.t.__doc__\n', '[10, -500, 30]'),
    ('r11_batch5_8', 'class Lazy:\n    def __init__(self):\n        self.loaded = []\n    def __getattribute__(self, name):\n        if name.startswith("item_"):\n            object.__getattribute__(self, "loaded").append(name)\n            return name[5:].upper()\n        return object.__getattribute__(self, name)\ndef f(names):\n    lz = Lazy()\n    return [getattr(lz, "item_" + n) for n in names], lz.loaded\n', "['a', 'bc']"),
    ('r11_batch5_9', 'class Box:\n    def __class_getitem__(cls, item):\n        return f"{cls.__name__}[{item.__name__}]"\ndef f(x):\n    return Box[int], Box[str], list[int] == list[int], repr(dict[str, int])\n', '0'),
    ('r11_batch5_10', 'class Celsius:\n    def __init__(self, t):\n        self.t = t\n    __hash__ = None\n    def __eq__(self, o):\n        return self.t == o.t\ndef f(t):\n    try:\n        hash(Celsius(t))\n        ok = "hashable"\n    except TypeError:\n        ok = "unhashable"\n    return ok, Celsius(t) == Celsius(t)\n', '5'),
    ('r11_batch5_11', 'def f(x):\n    a = 1\n    b = "two"\n    loc = locals()\n    return sorted(loc), loc["x"]\n', '9'),
    ('r11_batch5_12', 'from collections import *\nfrom itertools import *\ndef f(s):\n    c = Counter(s)\n    d = deque(s)\n    d.rotate(1)\n    od = OrderedDict(sorted(c.items()))\n    return list(od.items()), "".join(d), list(accumulate(range(5))), list(islice(count(), 3))\n', "'hello'"),
    ('r11_batch5_13', 'async def fetch(x):\n    return x * 2\nasync def main(xs):\n    results = []\n    for x in xs:\n        results.append(await fetch(x))\n    return results\ndef run(coro):\n    try:\n        coro.send(None)\n    except StopIteration as e:\n        return e.value\ndef f(xs):\n    return run(main(xs))\n', '[1, 2, 3]'),
    ('r11_batch5_14', 'class AsyncRange:\n    def __init__(self, n):\n        self.n = n\n    def __aiter__(self):\n        self.i = 0\n        return self\n    async def __anext__(self):\n        if self.i >= self.n:\n            raise StopAsyncIteration\n        self.i += 1\n        return self.i\nasync def agen(n):\n    for i in range(n):\n        yield i * i\nasync def collect(n):\n    a = [x async for x in AsyncRange(n)]\n    b = []\n    async for y in agen(n):\n        b.append(y)\n    return a, b\ndef f(n):\n    c = collect(n)\n    try:\n        c.send(None)\n    except StopIteration as e:\n        return e.value\n', '4'),
    ('r11_batch5_15', 'def f(n):\n    def make_class(base_name):\n        class Dyn:\n            label = base_name\n            def __init__(self, v):\n                self.v = v\n            def __repr__(self):\n                return f"{self.label}<{self.v}>"\n        Dyn.__name__ = base_name\n        return Dyn\n    A = make_class("Alpha")\n    B = make_class("Beta")\n    return [repr(A(i)) for i in range(n)] + [repr(B(n))], A.__name__, A is not B\n', '2'),
    ('r11_batch5_16', 'class Vec:\n    __slots__ = ("_x", "_y")\n    def __init__(self, x, y):\n        self._x = x\n        self._y = y\n    @property\n    def x(self):\n        return self._x\n    @property\n    def y(self):\n        return self._y\n    def __iter__(self):\n        yield self._x\n        yield self._y\n    def __repr__(self):\n        return "Vec({!r}, {!r})".format(*self)\ndef f(x, y):\n    v = Vec(x, y)\n    try:\n        v.x = 3\n    except AttributeError:\n        pass\n    a, b = v\n    return repr(v), a + b, tuple(v)\n', '1.5, 2'),
    ('r11_batch5_17', 'class Node:\n    def __init__(self, key):\n        self.key = key\n        self.left = self.right = None\nclass BST:\n    def __init__(self):\n        self.root = None\n        self.size = 0\n    def insert(self, key):\n        self.size += 1\n        if self.root is None:\n            self.root = Node(key)\n            return\n        cur = self.root\n        while True:\n            side = "left" if key < cur.key else "right"\n            nxt = getattr(cur, side)\n            if nxt is None:\n                setattr(cur, side, Node(key))\n                return\n            cur = nxt\n    def __contains__(self, key):\n        cur = self.root\n        while cur:\n            if key == cur.key:\n                return True\n            cur = cur.left if key < cur.key else cur.right\n        return False\n    def __iter__(self):\n        stack, cur = [], self.root\n        while stack or cur:\n            while cur:\n                stack.append(cur)\n                cur = cur.left\n            cur = stack.pop()\n            yield cur.key\n            cur = cur.right\ndef f(keys, probes):\n    t = BST()\n    for k in keys:\n        t.insert(k)\n    return list(t), [p in t for p in probes], t.size\n', '[5, 3, 8, 1, 4, 9, 7], [4, 6]'),
    ('r11_batch5_18', 'class Trie:\n    def __init__(self):\n        self.children = {}\n        self.end = False\n    def insert(self, word):\n        node = self\n        for ch in word:\n            node = node.children.setdefault(ch, Trie())\n        node.end = True\n    def starts_with(self, prefix):\n        node = self\n        for ch in prefix:\n            if ch not in node.children:\n                return []\n            node = node.children[ch]\n        out = []\n        def walk(n, acc):\n            if n.end:\n                out.append(acc)\n            for c in sorted(n.children):\n                walk(n.children[c], acc + c)\n        walk(node, prefix)\n        return out\ndef f(words, prefix):\n    t = Trie()\n    for w in words:\n        t.insert(w)\n    return t.starts_with(prefix)\n', "['car', 'cart', 'care', 'dog', 'cat'], 'car'"),
    ('r11_batch5_19', 'class UnionFind:\n    def __init__(self, n):\n        self.parent = list(range(n))\n        self.rank = [0] * n\n    def find(self, x):\n        while self.parent[x] != x:\n            self.parent[x] = self.parent[self.parent[x]]\n            x = self.parent[x]\n        return x\n    def union(self, a, b):\n        ra, rb = self.find(a), self.find(b)\n        if ra == rb:\n            return False\n        if self.rank[ra] < self.rank[rb]:\n            ra, rb = rb, ra\n        self.parent[rb] = ra\n        if self.rank[ra] == self.rank[rb]:\n            self.rank[ra] += 1\n        return True\ndef f(n, edges):\n    uf = UnionFind(n)\n    merged = sum(uf.union(a, b) for a, b in edges)\n    return n - merged, len({uf.find(i) for i in range(n)})\n', '6, [(0, 1), (1, 2), (3, 4), (2, 0)]'),
    ('r11_batch5_20', 'def f(s):\n    n = len(s)\n    best = ""\n    for center in range(2 * n - 1):\n        l, r = center // 2, center // 2 + center % 2\n        while l >= 0 and r < n and s[l] == s[r]:\n            l -= 1\n            r += 1\n        if r - l - 1 > len(best):\n            best = s[l + 1:r]\n    return best\n', "'forgeeksskeegfor'"),
    ('r11_batch5_21', 'def f(coins, amount):\n    dp = [0] + [float("inf")] * amount\n    for a in range(1, amount + 1):\n        for c in coins:\n            if c <= a and dp[a - c] + 1 < dp[a]:\n                dp[a] = dp[a - c] + 1\n    return dp[amount] if dp[amount] != float("inf") else -1\n', '[1, 5, 10, 25], 63'),
    ('r11_batch5_22', 'def f(weights, values, cap):\n    dp = [[0] * (cap + 1) for _ in range(len(weights) + 1)]\n    for i, (w, v) in enumerate(zip(weights, values), 1):\n        for c in range(cap + 1):\n            dp[i][c] = dp[i - 1][c]\n            if w <= c:\n                dp[i][c] = max(dp[i][c], dp[i - 1][c - w] + v)\n    chosen, c = [], cap\n    for i in range(len(weights), 0, -1):\n        if dp[i][c] != dp[i - 1][c]:\n            chosen.append(i - 1)\n            c -= weights[i - 1]\n    return dp[-1][-1], sorted(chosen)\n', '[1, 3, 4, 5], [1, 4, 5, 7], 7'),
    ('r11_batch5_23', 'def f(a, b):\n    m, n = len(a), len(b)\n    dp = [[""] * (n + 1) for _ in range(m + 1)]\n    for i in range(m - 1, -1, -1):\n        for j in range(n - 1, -1, -1):\n            if a[i] == b[j]:\n                dp[i][j] = a[i] + dp[i + 1][j + 1]\n            else:\n                dp[i][j] = max(dp[i + 1][j], dp[i][j + 1], key=len)\n    return dp[0][0]\n', "'AGGTAB', 'GXTXAYB'"),
    ('r11_batch5_24', 'def f(intervals):\n    intervals = sorted(intervals)\n    merged = []\n    for s, e in intervals:\n        if merged and s <= merged[-1][1]:\n            merged[-1][1] = max(merged[-1][1], e)\n        else:\n            merged.append([s, e])\n    return merged\n', '[(1, 3), (8, 10), (2, 6), (15, 18), (17, 20)]'),
    ('r11_batch5_25', 'def f(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n        if target - x in seen:\n            return [seen[target - x], i]\n        seen[x] = i\n    return []\n', '[2, 7, 11, 15], 26'),
    ('r11_batch5_26', 'def f(s):\n    roman = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}\n    total = 0\n    for a, b in zip(s, s[1:] + " "):\n        v = roman[a]\n        total += -v if b != " " and roman[b] > v else v\n    def to_roman(n):\n        table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),\n                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]\n        out = []\n        for v, sym in table:\n            q, n = divmod(n, v)\n            out.append(sym * q)\n        return "".join(out)\n    return total, to_roman(total + 1)\n', "'MCMXCIV'"),
    ('r11_batch5_27', 'def f(n):\n    sieve = bytearray([1]) * (n + 1)\n    sieve[0:2] = b"\\x00\\x00"\n    for i in range(2, int(n ** 0.5) + 1):\n        if sieve[i]:\n            sieve[i * i::i] = bytearray(len(range(i * i, n + 1, i)))\n    primes = [i for i, v in enumerate(sieve) if v]\n    return len(primes), primes[-5:]\n', '1000'),
    ('r11_batch5_28', 'def f(grid):\n    rows, cols = len(grid), len(grid[0])\n    seen = set()\n    def dfs(r, c):\n        if r < 0 or c < 0 or r >= rows or c >= cols or grid[r][c] != "1" or (r, c) in seen:\n            return 0\n        seen.add((r, c))\n        return 1 + dfs(r + 1, c) + dfs(r - 1, c) + dfs(r, c + 1) + dfs(r, c - 1)\n    sizes = []\n    for r in range(rows):\n        for c in range(cols):\n            size = dfs(r, c)\n            if size:\n                sizes.append(size)\n    return len(sizes), sorted(sizes)\n', "['11000', '11000', '00100', '00011']"),
    ('r11_batch5_29', 'def f(s):\n    stack = []\n    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: int(a / b)}\n    for tok in s.split():\n        if tok in ops:\n            b, a = stack.pop(), stack.pop()\n            stack.append(ops[tok](a, b))\n        else:\n            stack.append(int(tok))\n    return stack[0]\n', "'2 1 + 3 * 10 4 - /'"),
    ('r11_batch5_30', 'def tokenize(expr):\n    num = ""\n    for ch in expr:\n        if ch.isdigit():\n            num += ch\n        else:\n            if num:\n                yield int(num)\n                num = ""\n            if ch in "+-*/()":\n                yield ch\n    if num:\n        yield int(num)\nclass Parser:\n    def __init__(self, tokens):\n        self.toks = list(tokens)\n        self.pos = 0\n    def peek(self):\n        return self.toks[self.pos] if self.pos < len(self.toks) else None\n    def take(self):\n        t = self.peek()\n        self.pos += 1\n        return t\n    def expr(self):\n        v = self.term()\n        while self.peek() in ("+", "-"):\n            v = v + self.term() if self.take() == "+" else v - self.term()\n        return v\n    def term(self):\n        v = self.factor()\n        while self.peek() in ("*", "/"):\n            v = v * self.factor() if self.take() == "*" else v // self.factor()\n        return v\n    def factor(self):\n        t = self.take()\n        if t == "(":\n            v = self.expr()\n            self.take()\n            return v\n        if t == "-":\n            return -self.factor()\n        return t\ndef f(s):\n    return Parser(tokenize(s)).expr()\n', "'2 * (3 + 4) - 10 / 5 + -(1)'"),
    ('r11_batch5_31', 'def f(words):\n    from collections import defaultdict\n    groups = defaultdict(list)\n    for w in words:\n        groups["".join(sorted(w))].append(w)\n    return sorted(sorted(g) for g in groups.values())\n', "['eat', 'tea', 'tan', 'ate', 'nat', 'bat']"),
    ('r11_batch5_32', 'def f(board):\n    def valid(cells):\n        nums = [c for c in cells if c != "."]\n        return len(nums) == len(set(nums))\n    rows = all(valid(r) for r in board)\n    cols = all(valid(c) for c in zip(*board))\n    boxes = all(valid([board[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)])\n                for br in (0, 3, 6) for bc in (0, 3, 6))\n    return rows and cols and boxes\n', "['53..7....', '6..195...', '.98....6.', '8...6...3', '4..8.3..1', '7...2...6', '.6....28.', '...419..5', '....8..79']"),
    ('r11_batch5_33', 'def f(n):\n    result = []\n    def backtrack(s, open_, close):\n        if len(s) == 2 * n:\n            result.append(s)\n            return\n        if open_ < n:\n            backtrack(s + "(", open_ + 1, close)\n        if close < open_:\n            backtrack(s + ")", open_, close + 1)\n    backtrack("", 0, 0)\n    return result\n', '3'),
    ('r11_batch5_34', 'def f(matrix):\n    out = []\n    while matrix:\n        out.extend(matrix.pop(0))\n        matrix = [list(r) for r in zip(*matrix)][::-1]\n    return out\n', '[[1, 2, 3], [4, 5, 6], [7, 8, 9]]'),
    ('r11_batch5_35', 'def f(text, width):\n    words = text.split()\n    lines, cur = [], []\n    for w in words:\n        if sum(map(len, cur)) + len(cur) + len(w) > width:\n            gaps = len(cur) - 1 or 1\n            spaces = width - sum(map(len, cur))\n            for i in range(spaces):\n                cur[i % gaps] += " "\n            lines.append("".join(cur))\n            cur = []\n        cur.append(w)\n    lines.append(" ".join(cur).ljust(width))\n    return lines\n', "'This is an example of text justification.', 16"),
    ('r11_batch5_36', 'def f(n):\n    rows = [[1]]\n    for _ in range(n - 1):\n        prev = rows[-1]\n        rows.append([1] + [a + b for a, b in zip(prev, prev[1:])] + [1])\n    width = len(" ".join(map(str, rows[-1])))\n    return "\\n".join(" ".join(map(str, r)).center(width) for r in rows)\n', '6'),
    ('r11_batch5_37', 'def f(s):\n    vowels = set("aeiouAEIOU")\n    counts = {"vowels": 0, "consonants": 0, "digits": 0, "other": 0}\n    for ch in s:\n        if ch in vowels:\n            counts["vowels"] += 1\n        elif ch.isalpha():\n            counts["consonants"] += 1\n        elif ch.isdigit():\n            counts["digits"] += 1\n        else:\n            counts["other"] += 1\n    return counts, s[::-1], s == s[::-1], "".join(ch for ch in s if ch not in vowels)\n', "'Hello World 2024!'"),
    ('r11_batch5_38', 'def f(n):\n    def to_base(num, b):\n        digits = "0123456789ABCDEF"\n        if num == 0:\n            return "0"\n        out = []\n        neg = num < 0\n        num = abs(num)\n        while num:\n            num, r = divmod(num, b)\n            out.append(digits[r])\n        return ("-" if neg else "") + "".join(reversed(out))\n    return [to_base(n, b) for b in (2, 8, 16, 7)], to_base(-n, 2)\n', '255'),
    ('r11_batch5_39', 'def f(nums):\n    def quicksort(xs):\n        if len(xs) <= 1:\n            return xs\n        pivot, *rest = xs\n        return quicksort([x for x in rest if x < pivot]) + [pivot] + quicksort([x for x in rest if x >= pivot])\n    def merge_sort(xs):\n        if len(xs) <= 1:\n            return xs\n        mid = len(xs) // 2\n        l, r = merge_sort(xs[:mid]), merge_sort(xs[mid:])\n        out = []\n        while l and r:\n            out.append((l if l[0] <= r[0] else r).pop(0))\n        return out + l + r\n    def bubble(xs):\n        xs = list(xs)\n        for i in range(len(xs)):\n            for j in range(len(xs) - 1 - i):\n                if xs[j] > xs[j + 1]:\n                    xs[j], xs[j + 1] = xs[j + 1], xs[j]\n        return xs\n    return quicksort(nums), merge_sort(nums), bubble(nums) == sorted(nums)\n', '[38, 27, 43, 3, 9, 82, 10, 3]'),
    ('r11_batch5_40', 'def f(lo, hi, target):\n    steps = []\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        steps.append(mid)\n        if mid * mid == target:\n            return mid, steps\n        elif mid * mid < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return hi, steps\n', '0, 100, 2024'),
    ('r11_batch5_41', 'def f(events):\n    from collections import Counter\n    log = []\n    class Bank:\n        accounts = Counter()\n        @classmethod\n        def apply(cls, kind, who, amt):\n            if kind == "dep":\n                cls.accounts[who] += amt\n            elif kind == "wd":\n                if cls.accounts[who] < amt:\n                    raise ValueError(f"{who}: insufficient")\n                cls.accounts[who] -= amt\n    for e in events:\n        try:\n            Bank.apply(*e)\n        except ValueError as err:\n            log.append(str(err))\n    return dict(sorted(Bank.accounts.items())), log\n', "[('dep', 'a', 10), ('wd', 'a', 4), ('wd', 'b', 1), ('dep', 'b', 3)]"),
    ('r11_batch5_42', 'import itertools\ndef f(digits, target):\n    sols = []\n    for ops in itertools.product("+-*", repeat=len(digits) - 1):\n        expr = str(digits[0])\n        for op, d in zip(ops, digits[1:]):\n            expr += op + str(d)\n        total = digits[0]\n        stack_val = [digits[0]]\n        vals, cur_ops = [digits[0]], []\n        for op, d in zip(ops, digits[1:]):\n            if op == "*":\n                vals[-1] *= d\n            else:\n                vals.append(d if op == "+" else -d)\n        if sum(vals) == target:\n            sols.append(expr)\n    return sols\n', '[1, 2, 3, 4], 10'),
    ('r11_batch5_43', 'def f(s, t):\n    from collections import Counter\n    need = Counter(t)\n    missing = len(t)\n    start = end = 0\n    left = 0\n    for right, ch in enumerate(s, 1):\n        if need[ch] > 0:\n            missing -= 1\n        need[ch] -= 1\n        if missing == 0:\n            while left < right and need[s[left]] < 0:\n                need[s[left]] += 1\n                left += 1\n            if end == 0 or right - left < end - start:\n                start, end = left, right\n            need[s[left]] += 1\n            missing += 1\n            left += 1\n    return s[start:end]\n', "'ADOBECODEBANC', 'ABC'"),
    ('r11_batch5_44', 'def f(temps):\n    ans = [0] * len(temps)\n    stack = []\n    for i, t in enumerate(temps):\n        while stack and temps[stack[-1]] < t:\n            j = stack.pop()\n            ans[j] = i - j\n        stack.append(i)\n    return ans\n', '[73, 74, 75, 71, 69, 72, 76, 73]'),
    ('r11_batch5_45', 'def f(n):\n    print("computing", n)\n    grid = [["." for _ in range(n)] for _ in range(n)]\n    for i in range(n):\n        grid[i][i] = "\\\\"\n        grid[i][n - 1 - i] = "/" if i != n - 1 - i else "X"\n    out = "\\n".join("".join(r) for r in grid)\n    print(out)\n    return out\n', '5'),
    ('r11_batch5_46', 'def f(n):\n    x = 10\n    def g():\n        x = 20\n        def h():\n            nonlocal x\n            x += n\n            return x\n        return h(), x\n    return g(), x\n', '5'),
    ('r11_batch5_47', 'def f(s):\n    it = iter(s)\n    pairs = list(zip(it, it))\n    sentinel = list(iter(lambda c=iter(range(10)): next(c), 5))\n    nxt = next(iter([]), "empty")\n    return pairs, sentinel, nxt\n', "'abcdefg'"),
    ('r11_batch5_48', 'from dataclasses import dataclass\nfrom typing import Optional\n@dataclass\nclass ListNode:\n    val: int\n    next: Optional["ListNode"] = None\ndef build(xs):\n    head = None\n    for x in reversed(xs):\n        head = ListNode(x, head)\n    return head\ndef to_list(node):\n    out = []\n    while node:\n        out.append(node.val)\n        node = node.next\n    return out\ndef merge(a, b):\n    dummy = tail = ListNode(0)\n    while a and b:\n        if a.val <= b.val:\n            tail.next, a = a, a.next\n        else:\n            tail.next, b = b, b.next\n        tail = tail.next\n    tail.next = a or b\n    return dummy.next\ndef f(a, b):\n    return to_list(merge(build(a), build(b)))\n', '[1, 3, 5, 7], [2, 3, 6]'),
    ('r11_batch6_0', 'class Counter:\n    def __init__(self):\n        self.__count = 0\n        self._hist = []\n    def bump(self, k):\n        self.__count += k\n        self._hist += [k]\n        self._hist[-1] *= 10\n        return self.__count\n    def __helper(self):\n        return self.__count * 2\n    def doubled(self):\n        return self.__helper()\ndef f(ks):\n    c = Counter()\n    for k in ks:\n        c.bump(k)\n    c._Counter__count += 100\n    return c.doubled(), c._hist, c._Counter__count, sorted(vars(c))\n', '[1, 2, 3]'),
    ('r11_batch6_1', 'class _Hidden:\n    def __init__(self, v):\n        self.__v = v\n    def get(self):\n        return self.__v\nclass Outer:\n    class _Inner:\n        def __init__(self):\n            self.__secret = "inner"\n        def reveal(self):\n            return self.__secret\n    def __init__(self):\n        self.__secret = "outer"\n    def both(self):\n        return self.__secret, self._Inner().reveal(), [self.__secret for _ in range(2)], (lambda: self.__secret)()\ndef f(v):\n    h = _Hidden(v)\n    return h.get(), sorted(vars(h)), Outer().both(), sorted(vars(Outer._Inner()))\n', '42'),
    ('r11_batch6_2', 'class Base:\n    _registry = {}\n    _count = 0\n    def __init_subclass__(cls, key=None, **kw):\n        super().__init_subclass__(**kw)\n        cls._registry[key or cls.__name__] = cls\n        Base._count += 1\n    @classmethod\n    def _create(cls, key):\n        return cls._registry[key]()\nclass A(Base, key="a"):\n    pass\nclass B(Base):\n    pass\ndef f(keys):\n    return [type(Base._create(k)).__name__ for k in keys], Base._count, sorted(Base._registry)\n', "['a', 'B']"),
    ('r11_batch6_3', 'class Shape:\n    def _area(self):\n        return 0\n    def describe(self):\n        return f"{type(self).__name__}:{self._area()}"\nclass Sq(Shape):\n    def __init__(self, s):\n        self._s = s\n    def _area(self):\n        return self._s ** 2 + super()._area()\ndef f(s):\n    sq = Sq(s)\n    return sq.describe(), getattr(sq, "_s"), getattr(sq, "_area")()\n', '4'),
    ('r11_batch6_4', 'class Obj:\n    def __init__(self, name, score):\n        self._name = name\n        self._score = score\n    def __repr__(self):\n        return "Obj({0._name!r}, {0._score})".format(self)\ndef f(rows):\n    from operator import attrgetter\n    objs = [Obj(*r) for r in rows]\n    objs.sort(key=attrgetter("_score", "_name"))\n    return repr(objs), "{o._name}".format(o=objs[0]), [setattr(o, "_score", 0) for o in objs], objs[0]._score\n', "[('b', 2), ('a', 2), ('c', 1)]"),
    ('r11_batch6_5', 'class Person:\n    def __init__(self, name, age):\n        self.name = name\n        self.age = age\n    def __str__(self):\n        return "{name} is {age}".format(**vars(self))\n    def line(self):\n        return "%(name)s/%(age)d" % self.__dict__\n    def tag(self):\n        return f"<{self.__class__.__name__} {self!s}>"\ndef f(name, age):\n    p = Person(name, age)\n    return str(p), p.line(), p.tag(), "{0.__class__.__name__}".format(p)\n', "'Ann', 30"),
    ('r11_batch6_6', 'class Cache:\n    def __init__(self):\n        self._data = {}\n        self._hits = 0\n    def get(self, k, compute):\n        if k in self._data:\n            self._hits += 1\n        else:\n            self._data[k] = compute(k)\n        return self._data[k]\n    def clear(self):\n        del self._data\n        self._data = {}\ndef f(keys):\n    c = Cache()\n    vals = [c.get(k, lambda x: x * x) for k in keys]\n    hits = c._hits\n    c.clear()\n    return vals, hits, c._data\n', '[1, 2, 1, 3, 2]'),
    ('r11_batch6_7', 'from enum import Enum, auto\nclass Color(Enum):\n    def _generate_next_value_(name, start, count, last_values):\n        return name.lower()\n    RED = auto()\n    GREEN = auto()\nclass Weekday(Enum):\n    _ignore_ = ["i"]\n    MON = 1\n    TUE = 2\ndef f(x):\n    return [c.value for c in Color], Color("green").name, [d.name for d in Weekday]\n', '0'),
    ('r11_batch6_8', 'from enum import Enum\nclass Size(Enum):\n    S = 1\n    M = 2\n    L = 3\n    def __str__(self):\n        return self._name_.lower()\n    def bigger(self):\n        return Size(self._value_ + 1) if self._value_ < 3 else self\ndef f(x):\n    return str(Size(x)), Size(x).bigger().name, Size._member_names_, list(Size._value2member_map_)\n', '2'),
    ('r11_batch6_9', 'from enum import Enum\nclass Level(Enum):\n    LOW = 1\n    HIGH = 2\n    @classmethod\n    def parse(cls, s):\n        return cls.__members__[s.upper()]\ndef f(names):\n    return [Level.parse(n).value for n in names], list(Level.__members__.keys()), Level.LOW.__class__.__name__\n', "['low', 'High']"),
    ('r11_batch6_10', 'class Limits:\n    MAX = 10\n    _DEFAULT = 5\nclass Node:\n    __match_args__ = ("kind", "_value")\n    def __init__(self, kind, value):\n        self.kind = kind\n        self._value = value\ndef classify(n):\n    match n:\n        case Node("num", Limits.MAX):\n            return "max"\n        case Node("num", Limits._DEFAULT):\n            return "default"\n        case Node(kind="num", _value=v) if v > 0:\n            return f"pos {v}"\n        case Node(k, v):\n            return f"{k}:{v}"\ndef f(items):\n    return [classify(Node(*i)) for i in items]\n', "[('num', 10), ('num', 5), ('num', 3), ('str', 'x')]"),
    ('r11_batch6_11', 'from collections import namedtuple\nfrom dataclasses import dataclass\nPoint = namedtuple("Point", "x y")\n@dataclass\nclass Line:\n    start: Point\n    end: Point\ndef kind(obj):\n    match obj:\n        case Line(Point(x1, y1), Point(x2, y2)) if x1 == x2:\n            return "vertical"\n        case Line(Point(_, y1), Point(_, y2)) if y1 == y2:\n            return "horizontal"\n        case Line():\n            return "sloped"\n        case Point(x=0):\n            return "point on y axis"\n        case Point(x, y):\n            return f"point {x},{y}"\ndef f(specs):\n    out = []\n    for s in specs:\n        if len(s) == 2 and isinstance(s[0], (list, tuple)):\n            out.append(kind(Line(Point(*s[0]), Point(*s[1]))))\n        else:\n            out.append(kind(Point(*s)))\n    return out\n', '[((1, 2), (1, 5)), ((0, 3), (4, 3)), ((0, 0), (2, 2)), (0, 7), (3, 4)]'),
    ('r11_batch6_12', 'def f(vals):\n    out = []\n    for v in vals:\n        match v:\n            case str(s) if s.isdigit():\n                out.append(int(s))\n            case dict() if not v:\n                out.append("empty dict")\n            case {"k": int(n), **rest}:\n                out.append(("k", n, len(rest)))\n            case float(x) | int(x):\n                out.append(x * 2)\n            case list([*items]) if len(items) > 2:\n                out.append(sum(items))\n            case tuple((a, b, *_)):\n                out.append(a + b)\n            case _:\n                out.append(None)\n    return out\n', "['12', {}, {'k': 3, 'z': 1}, 2.5, [1, 2, 3], (4, 5, 6), 'x']"),
    ('r11_batch6_13', 'class Meta:\n    pass\ndef f(x):\n    return (\n        int.__name__, type(x).__qualname__, str.upper("abc"), int.__add__(2, 3), (5).__mul__(3), "abc".__len__(),\n        dict.__getitem__({"a": 1}, "a"), list.__len__([1, 2]), object.__eq__(1, 1), float.__repr__(1.5),\n        Meta.__name__, Meta.__doc__, x.__class__.__name__, [c.__name__ for c in bool.__mro__],\n        sorted(m for m in dir(str) if not m.startswith("_"))[:5], issubclass(bool, int), type(None).__name__,\n    )\n', '7'),
    ('r11_batch6_14', 'class Wrapper:\n    def __init__(self, obj):\n        object.__setattr__(self, "_obj", obj)\n        object.__setattr__(self, "_log", [])\n    def __getattr__(self, name):\n        self._log.append(("get", name))\n        return getattr(self._obj, name)\n    def __setattr__(self, name, value):\n        self._log.append(("set", name))\n        setattr(self._obj, name, value)\n    def __delattr__(self, name):\n        self._log.append(("del", name))\n        delattr(self._obj, name)\nclass Target:\n    def __init__(self):\n        self.a = 1\ndef f(v):\n    w = Wrapper(Target())\n    w.a = v\n    w.b = w.a + 1\n    del w.a\n    return w.b, hasattr(w._obj, "a"), w._log\n', '5'),
    ('r11_batch6_15', 'class Node:\n    def __init__(self, val):\n        self.val = val\n        self.children = []\n    def __getstate__(self):\n        state = self.__dict__.copy()\n        state["val"] = state["val"] * 10\n        return state\n    def __setstate__(self, state):\n        self.__dict__.update(state)\n        self.restored = True\ndef f(v):\n    import copy\n    n = Node(v)\n    n.children.append(Node(v + 1))\n    d = copy.deepcopy(n)\n    return d.val, d.children[0].val, getattr(d, "restored", False), n.val\n', '3'),
    ('r11_batch6_16', 'import copy\nfrom dataclasses import dataclass\nclass Slotted:\n    __slots__ = ("a", "b")\n    def __init__(self, a, b):\n        self.a, self.b = a, b\n@dataclass(frozen=True, slots=True)\nclass FP:\n    x: int\n    y: tuple\ndef f(a, b):\n    s = Slotted(a, [b])\n    c = copy.deepcopy(s)\n    c.b.append(0)\n    fp = FP(a, (b,))\n    fp2 = copy.copy(fp)\n    return s.b, c.b, c.a, fp2 == fp, repr(copy.deepcopy(fp))\n', '1, 2'),
    ('r11_batch6_17', 'import json\nclass Pet:\n    def __init__(self, name, kind, tags):\n        self.name = name\n        self.kind = kind\n        self.tags = tags\nclass Owner:\n    def __init__(self, name, pets):\n        self.name = name\n        self.pets = pets\ndef f(name, pets):\n    o = Owner(name, [Pet(*p) for p in pets])\n    s = json.dumps(o, default=lambda x: x.__dict__, sort_keys=True)\n    t = json.dumps(o.pets[0], default=vars)\n    return s, t\n', "'Ann', [('Rex', 'dog', ['good']), ('Tom', 'cat', [])]"),
    ('r11_batch6_18', 'from functools import lru_cache\nclass Solver:\n    def __init__(self, grid):\n        self.grid = tuple(map(tuple, grid))\n    @lru_cache(maxsize=None)\n    def best(self, r, c):\n        g = self.grid\n        if r == len(g) - 1 and c == len(g[0]) - 1:\n            return g[r][c]\n        opts = []\n        if r + 1 < len(g):\n            opts.append(self.best(r + 1, c))\n        if c + 1 < len(g[0]):\n            opts.append(self.best(r, c + 1))\n        return g[r][c] + min(opts)\ndef f(grid):\n    return Solver(grid).best(0, 0)\n', '[[1, 3, 1], [1, 5, 1], [4, 2, 1]]'),
    ('r11_batch6_19', 'import functools\ndef log_calls(fn):\n    def wrapper(*a):\n        wrapper.count += 1\n        return fn(*a)\n    wrapper.count = 0\n    functools.update_wrapper(wrapper, fn)\n    return wrapper\n@log_calls\ndef add(a, b):\n    "adds"\n    return a + b\ndef f(a, b):\n    add.count = 0\n    r = add(a, b)\n    return r, add.count, add.__name__, add.__doc__, add.__wrapped__ is not None, add.__dict__["count"]\n', '2, 3'),
    ('r11_batch6_20', 'def f(n):\n    def counter():\n        counter.calls += 1\n        return counter.calls\n    counter.calls = 0\n    for _ in range(n):\n        counter()\n    f.last = counter.calls\n    return counter.calls, f.last, sorted(counter.__dict__)\n', '4'),
    ('r11_batch6_21', 'def add_repr(cls):\n    def __repr__(self):\n        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())\n        return f"{cls.__name__}({fields})"\n    cls.__repr__ = __repr__\n    setattr(cls, "kind", cls.__name__.lower())\n    return cls\n@add_repr\nclass Car:\n    def __init__(self, make, year):\n        self.make = make\n        self.year = year\ndef f(make, year):\n    Car.wheels = 4\n    c = Car(make, year)\n    return repr(c), c.kind, c.wheels\n', "'VW', 1999"),
    ('r11_batch6_22', 'from dataclasses import dataclass, field, fields, make_dataclass\n@dataclass\nclass Measure:\n    value: float = field(metadata={"unit": "m"})\n    label: str = field(default="", metadata={"unit": None})\ndef f(v):\n    units = {fl.name: fl.metadata["unit"] for fl in fields(Measure)}\n    P = make_dataclass("P", ["x", ("y", int, field(default=0))])\n    return units, repr(Measure(v)), repr(P(1)), P.__annotations__ == {"x": "typing.Any", "y": int}\n', '2.5'),
    ('r11_batch6_23', 'from typing import NewType, get_origin, get_args, Dict, List, TypeVar\nUserId = NewType("UserId", int)\nT = TypeVar("T", bound=int)\ndef first(xs: List[T]) -> T:\n    return xs[0]\ndef f(x):\n    uid = UserId(x)\n    return uid + 1, get_origin(Dict[str, int]) is dict, get_args(Dict[str, List[int]]), UserId.__name__, first([x, 2])\n', '5'),
    ('r11_batch6_24', 'def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\ndef f(n):\n    return depth(n)\n', '900'),
    ('r11_batch6_25', 'def f(n):\n    def forever(k):\n        return forever(k + 1)\n    try:\n        forever(0)\n    except RecursionError:\n        return "too deep", n\n', '1'),
    ('r11_batch6_26', 'def f(n):\n    total = 0\n    for i in range(n):\n        total += i * i % 7\n    big = [i for i in range(n) if i % 3 == 0]\n    return total, len(big), sum(big) % 1000, 2 ** 200, len(str(3 ** 1000))\n', '1000000'),
    ('r11_batch6_27', 'def f(x):\n    a = [1, 2]\n    b = a\n    return hash((1, 2)) == hash((1, 2)), hash(5), hash(-1), hash(2.5) == hash(2.5), id(a) == id(b), a is b, hash(frozenset([1, 2])) == hash(frozenset([2, 1]))\n', '0'),
    ('r11_batch6_28', 'class Rank:\n    __slots__ = ("v",)\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, o):\n        return self.v == o.v\n    def __hash__(self):\n        return hash(self.v)\n    def __repr__(self):\n        return f"R{self.v}"\ndef f(vals):\n    s = {Rank(v) for v in vals}\n    d = {Rank(v): v * 2 for v in vals}\n    return sorted(r.v for r in s), d[Rank(vals[0])], Rank(1) in s\n', '[3, 1, 3, 2]'),
    ('r11_batch6_29', 'class Seq:\n    def __init__(self, data):\n        self.data = list(data)\n    def __getitem__(self, idx):\n        if isinstance(idx, slice):\n            start, stop, step = idx.indices(len(self.data))\n            return Seq(self.data[i] for i in range(start, stop, step))\n        return self.data[idx]\n    def __len__(self):\n        return len(self.data)\n    def __repr__(self):\n        return f"Seq({self.data})"\ndef f(xs):\n    s = Seq(xs)\n    return repr(s[1:4]), repr(s[::-2]), s[-1], list(s), 3 in s, bool(Seq([]))\n', '[10, 20, 30, 40, 50]'),
    ('r11_batch6_30', 'class Celsius:\n    def __init__(self, v):\n        self.v = v\n    def __eq__(self, other):\n        if isinstance(other, Fahrenheit):\n            return abs(self.v * 9 / 5 + 32 - other.v) < 1e-9\n        return NotImplemented\nclass Fahrenheit:\n    def __init__(self, v):\n        self.v = v\ndef f(c, fa):\n    return Celsius(c) == Fahrenheit(fa), Fahrenheit(fa) == Celsius(c), Celsius(c) == c\n', '100, 212'),
    ('r11_batch6_31', 'class Account:\n    def __init__(self, balance):\n        self.balance = balance\n    def __bool__(self):\n        return self.balance > 0\n    def __len__(self):\n        return 99\nclass Sized:\n    def __len__(self):\n        return 0\ndef f(bal):\n    a = Account(bal)\n    steps = 0\n    while a:\n        a.balance -= 30\n        steps += 1\n    return steps, bool(Sized()), len(a), "yes" if Sized() else "no"\n', '100'),
    ('r11_batch6_32', 'class Base:\n    def __init__(self, x):\n        self.x = x\nclass Child(Base):\n    def __init__(self, x, y):\n        super(Child, self).__init__(x)\n        self.y = y\n    def info(self):\n        return __class__.__name__, type(self).__name__\nclass Grand(Child):\n    pass\ndef f(x, y):\n    g = Grand(x, y)\n    return g.x, g.y, g.info()\n', '1, 2'),
    ('r11_batch6_33', 'from string import Formatter\nclass Upper(Formatter):\n    def format_field(self, value, spec):\n        if spec == "u":\n            return str(value).upper()\n        return super().format_field(value, spec)\ndef f(name, w):\n    return Upper().format("{0:u} / {1:>5}", name, w), "{:{w}.{p}f}".format(3.14159, w=w, p=2), "{0!r:^10}".format(name)\n', "'bob', 8"),
    ('r11_batch6_34', 'import re\ndef f(s):\n    a = re.sub(r"(?P<first>\\w+) (?P<last>\\w+)", r"\\g<last>, \\g<first>", s)\n    b = re.sub(r"(a)(b)?", lambda m: m.group(2) or "-", "abaab")\n    m = re.match(r"(\\d+)-(\\d+)?", "12-")\n    return a, b, m.groups(), m.groups(default="0"), m.lastindex, m.re.pattern, m.string\n', "'John Smith'"),
    ('r11_batch6_35', 'import operator\nfrom functools import reduce\nfrom enum import Flag\nclass P(Flag):\n    A = 1\n    B = 2\n    C = 4\ndef f(names):\n    flags = [P[n] for n in names]\n    combo = reduce(operator.or_, flags)\n    return combo.value, sorted(m.name for m in P if m in combo), operator.attrgetter("name")(P.A), operator.index(5)\n', "['A', 'C']"),
    ('r11_batch6_36', 'def f(n):\n    print("start")\n    for i in range(n):\n        print(f"step {i}", end="; ")\n    print()\n    print("a", "b", sep="-")\n    return n\n', '3'),
    ('r11_batch6_37', 'def f(xs):\n    assert isinstance(xs, list), "need list"\n    try:\n        assert len(xs) > 10, f"too short: {len(xs)}"\n    except AssertionError as e:\n        msg = str(e)\n    def gen():\n        yield 1\n        raise StopIteration\n    try:\n        list(gen())\n    except RuntimeError as e:\n        err = type(e).__name__\n    return msg, err\n', '[1, 2]'),
    ('r11_batch6_38', 'from collections import Counter, deque, defaultdict\nclass Tally(Counter):\n    def top(self):\n        return self.most_common(1)[0][0]\nclass Ring(deque):\n    def spin(self, k):\n        self.rotate(k)\n        return list(self)\nclass Tree(defaultdict):\n    def __init__(self):\n        super().__init__(Tree)\ndef f(s):\n    t = Tree()\n    t["a"]["b"]["c"] = 1\n    return Tally(s).top(), Ring([1, 2, 3]).spin(1), list(t["a"]["b"].keys()), isinstance(Tally(), dict)\n', "'mississippi'"),
    ('r11_batch6_39', 'def f(words):\n    d = {}\n    for w in words:\n        d[w] = d.get(w, 0) + 1\n    top = sorted(d, key=d.get, reverse=True)\n    mv = memoryview(b"abcdef")\n    return top[:2], bytes(mv[1:3]), mv[0], len(mv), sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))\n', "['x', 'y', 'x', 'z', 'x', 'y']"),
    ('r11_batch6_40', 'class Temperature:\n    def __init__(self):\n        self._readings = []\n    def add(self, v):\n        self._readings.append(v)\n        return self\n    @property\n    def _stats(self):\n        r = self._readings\n        return min(r), max(r), sum(r) / len(r)\n    def report(self):\n        lo, hi, avg = self._stats\n        return f"lo={lo} hi={hi} avg={avg:.1f}"\ndef f(vals):\n    t = Temperature()\n    for v in vals:\n        t.add(v)\n    return t.report(), t._stats\n', '[20, 25, 22]'),
    ('r11_batch6_41', 'import abc\nclass Repo(abc.ABC):\n    def __init__(self):\n        self._store = {}\n    @abc.abstractmethod\n    def _key(self, item): ...\n    def add(self, item):\n        self._store[self._key(item)] = item\n    def __len__(self):\n        return len(self._store)\nclass ByName(Repo):\n    def _key(self, item):\n        return item["name"]\ndef f(items):\n    r = ByName()\n    for it in items:\n        r.add(it)\n    return len(r), sorted(r._store), Repo.__abstractmethods__ == frozenset({"_key"})\n', "[{'name': 'a'}, {'name': 'b'}, {'name': 'a'}]"),
    ('r11_batch6_42', 'class Tree:\n    def __init__(self, val, *kids):\n        self.val = val\n        self.kids = list(kids)\n    def __iter__(self):\n        yield self.val\n        for k in self.kids:\n            yield from k\n    def map(self, fn):\n        return Tree(fn(self.val), *(k.map(fn) for k in self.kids))\n    def depth(self):\n        return 1 + max((k.depth() for k in self.kids), default=0)\ndef f(x):\n    t = Tree(1, Tree(2, Tree(4)), Tree(3))\n    return list(t), list(t.map(lambda v: v * x)), t.depth(), sum(t), max(t)\n', '10'),
    ('r11_batch6_43', 'def f(n):\n    from itertools import product\n    grid = [[(r * 3 + c) % 5 for c in range(n)] for r in range(n)]\n    neighbors = lambda r, c: [(r + dr, c + dc) for dr, dc in product((-1, 0, 1), repeat=2)\n                              if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n]\n    step = [[sum(grid[a][b] for a, b in neighbors(r, c)) for c in range(n)] for r in range(n)]\n    return step\n', '3'),
    ('r11_batch7_0', 'class Greeter:\n    def __init__(self, name):\n        self.name = name\n    def hello(self):\n        return "hi " + self.name\ndef f(name):\n    g = Greeter(name)\n    m = g.hello\n    lst = [1]\n    return m.__self__ is g, m.__func__.__name__, m(), lst.append.__self__ is lst, m.__name__\n', "'ann'"),
    ('r11_batch7_1', 'from fractions import Fraction\ndef f(re_, im):\n    c = complex(re_, im)\n    fr = Fraction(3, 9)\n    return "{0.real}+{0.imag}j".format(c), "{0.numerator}/{0.denominator}".format(fr), "{x.__class__.__name__}".format(x=5), "{0[a]}-{0[b]}".format({"a": 1, "b": 2}), "{.upper}".format("s")[:20].startswith("<built-in")\n', '1.5, 2'),
    ('r11_batch7_2', 'from collections import defaultdict\nclass Default(dict):\n    def __missing__(self, key):\n        return "{" + key + "}"\ndef f(name):\n    return "{name} has {n} {things}".format_map(Default(name=name, n=3)), "{a}{b}".format_map(defaultdict(str, a="x"))\n', "'Bo'"),
    ('r11_batch7_3', 'from enum import Enum, IntEnum\ndef f(names):\n    Animal = Enum("Animal", "ANT BEE CAT")\n    Color = Enum("Color", [("RED", 1), ("GREEN", 2)])\n    Num = IntEnum("Num", {"ONE": 1, "TWO": 2})\n    return [a.name for a in Animal], Animal.BEE.value, Color(2).name, Num.TWO + 1, [Animal[n].value for n in names]\n', "['CAT', 'ANT']"),
    ('r11_batch7_4', 'from enum import StrEnum, auto\nclass Method(StrEnum):\n    GET = auto()\n    POST = auto()\ndef f(m):\n    return Method(m), Method.GET.upper(), [str(x) for x in Method], Method.POST == "post", f"{Method.GET}"\n', "'post'"),
    ('r11_batch7_5', 'from collections.abc import Sequence, Hashable, Sized\nclass Fixed:\n    def __init__(self, *items):\n        self.items = items\n    def __len__(self):\n        return len(self.items)\n    def __getitem__(self, i):\n        return self.items[i]\nSequence.register(Fixed)\ndef f(xs):\n    fx = Fixed(*xs)\n    return isinstance(fx, Sequence), isinstance(fx, Sized), isinstance([], Hashable), isinstance((1,), Hashable), list(fx)\n', '[1, 2, 3]'),
    ('r11_batch7_6', 'import abc\nclass Plugin(abc.ABC):\n    pass\nclass Tool:\n    pass\nPlugin.register(Tool)\ndef f(x):\n    return isinstance(Tool(), Plugin), issubclass(Tool, Plugin)\n', '0'),
    ('r11_batch7_7', 'from typing import TypedDict, NotRequired, Required\nclass Movie(TypedDict):\n    title: Required[str]\n    year: NotRequired[int]\ndef f(t):\n    m: Movie = {"title": t}\n    return m, sorted(Movie.__required_keys__), sorted(Movie.__optional_keys__)\n', "'Up'"),
    ('r11_batch7_8', 'def f(vals):\n    out = []\n    for v in vals:\n        if isinstance(v, int | float) and not isinstance(v, bool):\n            out.append("num")\n        elif isinstance(v, str | bytes):\n            out.append("text")\n        else:\n            out.append(type(v).__name__)\n    def g(x: int | None = None) -> list[int] | None:\n        return None if x is None else [x]\n    return out, g(), g(3)\n', "[1, 2.0, True, 'a', b'b', None]"),
    ('r11_batch7_9', 'import json\nfrom collections import OrderedDict\nfrom dataclasses import dataclass, asdict\n@dataclass\nclass P:\n    x: int\n    y: int\ndef f(s):\n    od = json.loads(s, object_pairs_hook=OrderedDict)\n    pairs = json.loads(s, object_pairs_hook=list)\n    d = asdict(P(1, 2), dict_factory=lambda kv: [k for k, _ in kv])\n    return list(od.items()), pairs, d, json.loads("3.5", parse_float=str)\n', '\'{"b": 1, "a": [2, 3]}\''),
    ('r11_batch7_10', 'class Model:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n    def bump(self, key):\n        self.__dict__[key] += 1\n        return self\n    def drop(self, key):\n        del self.__dict__[key]\n        return self\ndef f(a):\n    m = Model(a=a, b=0).bump("a").bump("b").drop("b")\n    return vars(m), [k for k in type(m).__dict__ if not k.startswith("_")]\n', '5'),
    ('r11_batch7_11', 'class Counter:\n    __instances = 0\n    def __init__(self):\n        Counter.__instances += 1\n        type(self).__instances += 0\n    @classmethod\n    def count(cls):\n        return cls.__instances\ndef f(n):\n    Counter._Counter__instances = 0\n    for _ in range(n):\n        Counter()\n    return Counter.count()\n', '4'),
    ('r11_batch7_12', 'def doc(text):\n    def deco(fn):\n        fn.__doc__ = text\n        fn.__qualname__ = "renamed"\n        return fn\n    return deco\n@doc("documented")\ndef g():\n    pass\ndef f(x):\n    return g.__doc__, g.__qualname__, g.__name__\n', '0'),
    ('r11_batch7_13', 'def f(xs, sep):\n    import math\n    pts = [(x, x * x) for x in xs]\n    return (\n        round(math.dist(pts[0], pts[-1]), 4), math.nextafter(1.0, 2.0) > 1.0, math.ulp(1.0) > 0, math.remainder(10, 3),\n        sep.join(sorted(["b", "A", "c"], key=str.casefold)), math.isfinite(1e308), math.frexp(8.0), math.modf(3.5),\n    )\n', "[1, 2, 3], '|'"),
    ('r11_batch7_14', 'from decimal import Decimal, getcontext, ROUND_HALF_EVEN, ROUND_HALF_UP, InvalidOperation\ndef f(vals):\n    ctx = getcontext()\n    ctx.rounding = ROUND_HALF_UP\n    ctx.prec = 28\n    up = [str(Decimal(v).quantize(Decimal("1"))) for v in vals]\n    ctx.rounding = ROUND_HALF_EVEN\n    even = [str(Decimal(v).quantize(Decimal("1"))) for v in vals]\n    try:\n        Decimal("abc")\n        bad = False\n    except InvalidOperation:\n        bad = True\n    return up, even, bad, Decimal("1.30").normalize(), Decimal(10) ** -3\n', "['0.5', '1.5', '2.5']"),
    ('r11_batch7_15', 'from dataclasses import dataclass, field\n@dataclass\nclass Stack:\n    items: list = field(default_factory=list)\n    def __post_init__(self):\n        self.__dict__["size_hint"] = len(self.items)\ndef f(xs):\n    s = Stack(xs)\n    s.items.append(0)\n    return s.size_hint, s.items, vars(s), Stack.__annotations__, Stack.__dataclass_fields__["items"].name\n', '[1, 2]'),
    ('r11_batch7_16', 'def gen(n):\n    for i in range(n):\n        received = yield i\n        if received:\n            yield f"echo {received}"\ndef f(n):\n    g = gen(n)\n    out = [next(g), g.send("x"), next(g), next(g)]\n    return out, list(g)\n', '4'),
    ('r11_batch7_17', 'def f(x):\n    class Meta(type):\n        def __call__(cls, *args, **kwargs):\n            obj = super().__call__(*args, **kwargs)\n            obj.created_by_meta = True\n            return obj\n        def __repr__(cls):\n            return f"<class {cls.__name__}>"\n    class Thing(metaclass=Meta):\n        def __init__(self, v):\n            self.v = v\n    t = Thing(x)\n    return t.v, t.created_by_meta, repr(Thing), isinstance(Thing, Meta)\n', '3'),
    ('r11_batch7_18', 'class Vector:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n    def __iter__(self):\n        return iter((self.x, self.y))\n    def __add__(self, o):\n        return Vector(*(a + b for a, b in zip(self, o)))\n    def __sub__(self, o):\n        return self + (-o)\n    def __neg__(self):\n        return Vector(-self.x, -self.y)\n    def __pos__(self):\n        return self\n    def __eq__(self, o):\n        return tuple(self) == tuple(o)\n    def __lt__(self, o):\n        return abs(self) < abs(o)\n    def __abs__(self):\n        return (self.x ** 2 + self.y ** 2) ** 0.5\n    def __mul__(self, o):\n        if isinstance(o, Vector):\n            return self.x * o.x + self.y * o.y\n        return Vector(self.x * o, self.y * o)\n    def __rmul__(self, k):\n        return self * k\n    def __truediv__(self, k):\n        return Vector(self.x / k, self.y / k)\n    def __repr__(self):\n        return f"Vector({self.x!r}, {self.y!r})"\ndef f(a, b):\n    v, w = Vector(*a), Vector(*b)\n    return repr(v - w), v * w, repr(3 * v), repr(v / 2), repr(+v), sorted([w, v]) == [v, w], repr(max(v, w))\n', '(1, 2), (3, 4)'),
    ('r11_batch7_19', 'class Meters:\n    def __init__(self, v):\n        self.v = v\n    def __iadd__(self, o):\n        self.v += o.v if isinstance(o, Meters) else o\n        return self\n    def __imul__(self, k):\n        self.v *= k\n        return self\n    def __isub__(self, k):\n        self.v -= k\n        return self\n    def __repr__(self):\n        return f"{self.v}m"\nclass Holder:\n    def __init__(self):\n        self.m = Meters(1)\n        self._m = Meters(2)\ndef f(k):\n    h = Holder()\n    h.m += Meters(k)\n    h.m *= 2\n    h._m += k\n    h._m -= 1\n    return repr(h.m), repr(h._m)\n', '3'),
])


# -- contextlib (allowed from the thirty-fourth session; its chdir and redirect_* are withheld) ----------
_add("contextlib_contextmanager_nesting", "3", """
    from contextlib import contextmanager

    @contextmanager
    def tag(log, name):
        log.append("<" + name + ">")
        try:
            yield len(log)
        finally:
            log.append("</" + name + ">")

    def f(n):
        log = []
        with tag(log, "a") as k:
            with tag(log, "b"):
                log.append(str(n * k))
        return log
""")

_add("contextlib_suppress_in_a_loop", "['1', '0', 'x', '5']", """
    import contextlib

    def f(xs):
        out = []
        for x in xs:
            with contextlib.suppress(ZeroDivisionError, ValueError):
                out.append(10 // int(x))
        return out
""")

_add("contextlib_exitstack_closing_nullcontext", "3", """
    from contextlib import ExitStack, closing, nullcontext

    class Resource:
        def __init__(self, log, n):
            self.log, self.n = log, n

        def close(self):
            self.log.append(self.n)

    def f(k):
        log = []
        with ExitStack() as stack:
            for i in range(k):
                stack.enter_context(closing(Resource(log, i)))
            stack.callback(log.append, "callback")
            with nullcontext(7) as value:
                log.append(value)
        return log
""")

_add("contextlib_context_decorator_class", "4", """
    from contextlib import ContextDecorator

    def f(x):
        log = []

        class traced(ContextDecorator):
            def __enter__(self):
                log.append("enter")
                return self

            def __exit__(self, *exc):
                log.append("exit")
                return False

        @traced()
        def double(v):
            return v * 2

        return double(x), log
""")

_add("contextlib_contextmanager_handles_the_exception", "['3', 'oops', '4']", """
    from contextlib import contextmanager

    @contextmanager
    def reported(errors):
        try:
            yield
        except ValueError as exc:
            errors.append(str(exc))

    def f(items):
        errors, total = [], 0
        for item in items:
            with reported(errors):
                total += int(item)
        return total, errors
""")

_add("contextlib_async_exit_stack_driven_by_hand", "2", """
    from contextlib import AsyncExitStack, asynccontextmanager

    @asynccontextmanager
    async def resource(log, n):
        log.append(f"open {n}")
        yield n * 10
        log.append(f"close {n}")

    async def main(k):
        log = []
        async with AsyncExitStack() as stack:
            for n in range(k):
                log.append(await stack.enter_async_context(resource(log, n)))
        return log

    def f(k):
        coroutine = main(k)
        try:
            coroutine.send(None)
        except StopIteration as done:
            return done.value
""")

_add("contextlib_star_import_and_wraps", "5", """
    from contextlib import *
    import contextlib
    import functools

    def f(x):
        with ExitStack() as stack:
            value = stack.enter_context(nullcontext(x))
            with suppress(KeyError):
                value = {}[value]
        return contextlib.wraps is functools.wraps, value
""")


# -- the false-refusal hunts, kept as data beside this file --------------------------------------------
def _kept(filename: str) -> list[tuple[str, str, str]]:
    import ast
    from pathlib import Path

    return [tuple(row) for row in ast.literal_eval(Path(__file__).with_name(filename).read_text())]


CORPUS.extend(_kept("benign_corpus_hunt.py"))  # 2026-12-02
CORPUS.extend(_kept("benign_corpus_hunt12.py"))  # 2026-12-03: loop-heavy, deep copies, dataclasses, dunders
CORPUS.extend(_kept("benign_corpus_hunt13.py"))  # 2026-12-03: CRUXEval-style puzzles, str/bytes, generators, abc
CORPUS.extend(_kept("benign_corpus_hunt14.py"))  # 2026-12-03: hashes, sets of the program's objects, deep recursion
CORPUS.extend(_kept("benign_corpus_hunt15.py"))  # 2026-12-03: dunders, dataclasses, enums, typing, formatting
CORPUS.extend(_kept("benign_corpus_hunt16.py"))  # 2026-12-03: strings, numbers, algorithms, data structures
CORPUS.extend(_kept("benign_corpus_hunt17.py"))  # 2026-12-03: production-style modules, coroutines, match, builtin methods' __self__
CORPUS.extend(_kept("benign_corpus_hunt18.py"))  # 2026-12-03: typing, abc, enum, functools, __set_name__, class methods' __self__
CORPUS.extend(_kept("benign_corpus_hunt19.py"))  # 2026-12-03: classes, dunders, the stdlib's idioms, puzzles, heavier loops
CORPUS.extend(_kept("benign_corpus_hunt24.py"))  # 2026-12-04: classes that set attributes, stdlib idioms, longer programs
CORPUS.extend(_kept("benign_corpus_hunt27.py"))  # 2026-12-05: puzzle-style classes, typing, match patterns, recursion
CORPUS.extend(_kept("benign_corpus_hunt27y.py"))  # 2026-12-05: None in sets and tuples, rendered outputs, match, try/finally
CORPUS.extend(_kept("benign_corpus_hunt28.py"))  # 2026-12-05: builtins as class attributes, super().__getattribute__, descriptors, except*
CORPUS.extend(_kept("benign_corpus_hunt28b.py"))  # 2026-12-05: sets of None and types, constant sums, match patterns, CPU-heavy loops
CORPUS.extend(_kept("benign_corpus_hunt29.py"))  # 2026-12-05: stdlib corners, TYPE_CHECKING imports, sets inside library containers
CORPUS.extend(_kept("benign_corpus_hunt29l.py"))  # 2026-12-05: puzzles as a small code model proposes them
CORPUS.extend(_kept("benign_corpus_hunt30.py"))  # 2026-12-05: classes, dataclasses, enums, typing, match; run as __main__
CORPUS.extend(_kept("benign_corpus_hunt31.py"))  # 2026-12-05: idioms, fallback imports, the allowed modules in depth
CORPUS.extend(_kept("benign_corpus_hunt32.py"))  # 2026-12-05: descriptors, metaclasses, enum hooks, algorithms
CORPUS.extend(_kept("benign_corpus_hunt32e.py"))  # 2026-12-05: proposer-style puzzles, stdlib edge cases
CORPUS.extend(_kept("benign_corpus_hunt36.py"))  # 2026-12-06: dunders, super(), descriptors, dataclasses, match, typing, contextlib
CORPUS.extend(_kept("benign_corpus_hunt37.py"))  # 2026-12-06: dunders, dataclasses, enums, match, decorators, the stdlib in depth
CORPUS.extend(_kept("benign_corpus_hunt38.py"))  # 2026-12-06: the data model in depth, typing, exception groups, algorithms
