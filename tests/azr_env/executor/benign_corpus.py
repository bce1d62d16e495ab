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
