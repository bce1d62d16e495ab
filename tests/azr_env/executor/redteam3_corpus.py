"""Third red team of the executor (issue 12), after the second round's faults were fixed.

Plain data, like ``redteam2_corpus.py``; ``test_redteam3.py`` runs it. Written from a reading of
``azr_env/executor/`` as it stands after the second round's fixes, aimed at the new mechanisms:
the set-order swap in the types' dicts during validation's repeated call, hash inversion,
``_azr_augmented_``, the per-site match stand-ins, the class-body ``global`` declarations, the
name rules for code that dataclasses and namedtuple generate, and the ownership rule that decides
which guarded attributes (``__dict__``, ``__kwdefaults__``, private names ...) a program may read.

``ATTACKS`` and ``POISONS`` were tried and found contained; they stay as regression tests.
``FAULTS`` got through: each has a minimal reproducer, its severity, a ``kind`` that tells the test
how to check it, and the diagnosis of the root cause (file:function). Their tests are marked
``xfail(strict=True)``: fixing the root turns them green. ``FALSE_POSITIVES`` are harmless
programs answered differently from plain Python (also xfail). ``BENIGN3`` are ordinary programs
of the kind a proposer writes that the executor answers as plain Python does: regression tests.

Severity, highest first: os, leak, escape (a handle on the real builtins, sys, frames or the
worker), poison (another task computes or prints something else), nondeterminism (accepted),
api (a method raises or a worker crashes), false_positive.
"""
from __future__ import annotations

import textwrap


def _p(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


# -- building blocks ---------------------------------------------------------------------------------
# object.__getattribute__ itself (the unguarded getattr), with no import: types.GenericAlias (the
# class of ``list[int]``) takes any origin and forwards every attribute read to it, and the guards
# judge __dict__ by the alias, which the program made.
UNGUARDED_GETATTR = _p("""
    GA = type(list[int])
    oga = GA(object, ()).__dict__['__getattribute__']
""")

# -- contained: every layer on --------------------------------------------------------------------------
# (name, program, inputs, expect): "refused" (status is not ok), "contained" (any status, no effect).
ATTACKS: list[tuple[str, str, str, str]] = [
    ("set_pop_swap_function_closure",
     "def f(a):\n    p = set.pop\n    return [c.cell_contents for c in p.__closure__]\n", "0", "refused"),
    ("set_iter_swap_function_globals",
     "def f(a):\n    it = set.__iter__\n    return sorted(getattr(it, '__glo' + 'bals__'))\n", "0", "refused"),
    ("set_iter_swap_function_code",
     "def f(a):\n    it = set.__iter__\n    return getattr(it, '__co' + 'de__').co_consts\n", "0", "refused"),
    ("reversed_set_iterator_frame",
     "def f(a):\n    g = iter({'a', 'b'})\n    return getattr(g, 'gi_' + 'frame').f_back.f_globals['TASK']\n", "0", "refused"),
    ("fromkeys_swap_function_defaults",
     "def f(a):\n    fk = dict.fromkeys\n    return [fk.__func__.__defaults__, fk.__func__.__kwdefaults__, fk.__func__.__dict__]\n",
     "0", "contained"),
    ("augmented_assignment_on_a_library_private_attribute",
     "import string\ndef f(a):\n    t = string.Template('$x')\n    t._invalid += 1\n    return a\n", "0", "refused"),
    ("augmented_assignment_on_self_of_a_builtin",
     "def f(a):\n    len.__self__ += 1\n    return a\n", "0", "refused"),
    ("augmented_assignment_on_a_refused_attribute",
     "def g():\n    pass\ndef f(a):\n    g.__globals__ += 1\n    return a\n", "0", "refused"),
    ("class_pattern_keyword_reads_library_private",
     "import typing\ndef f(a):\n    match typing.ForwardRef('x'):\n        case typing.ForwardRef(_evaluate=e):\n            return e\n",
     "0", "refused"),
    ("value_pattern_reads_library_private",
     "import string\ndef f(a):\n    match a:\n        case string.Template._invalid:\n            return 1\n    return 0\n",
     "0", "refused"),
    ("class_body_prepare_prefills_the_helpers",
     _p("""
        class Meta(type):
            @classmethod
            def __prepare__(mcs, name, bases):
                return {'_getattr_': lambda obj, name: len.__self__, '_write_': lambda obj: obj}
        class C(metaclass=Meta):
            v = (1).__self__ if False else (3)._x if False else 0
            w = [].__class__.__dict__
        def f(a):
            return C.v
     """), "0", "refused"),
    ("class_body_locals_rebinds_a_hoisted_site",
     _p("""
        class C:
            locals()['_azr_match_0'] = object
            match len:
                case object(__self__=bm):
                    name = bm.__name__
        def f(a):
            return C.name
     """), "0", "refused"),
    ("dataclass_field_named_like_a_refused_attribute",
     "from dataclasses import dataclass\n@dataclass\nclass C:\n    __globals__: int = 0\ndef f(a):\n    return repr(C())\n",
     "0", "refused"),
    ("namedtuple_field_name_with_code",
     "from collections import namedtuple\ndef f(a):\n    return namedtuple('P', ['x, y=__import__(\"os\")'])\n", "0", "refused"),
    ("hash_salt_probe_through_a_lying_str_subclass",
     _p("""
        class S(str):
            def __hash__(self):
                return 7
        def f(a):
            return [hash(S('k')), len({S('a'), S('b')})]
     """), "0", "contained"),
    ("set_subclass_iter_calls_the_swapped_iter",
     _p("""
        class S(set):
            def __iter__(self):
                return iter(sorted(set.__iter__(self)))
        def f(a):
            return list(S({'b', 'a', 'c'}))
     """), "0", "contained"),
]

# (name, poison, check): the check prints what a fresh executor prints, whatever ran before it.
POISONS: list[tuple[str, str, str]] = [
    # copy._reconstruct sets attributes with the real setattr on whatever the reducer returns (a
    # frozen library class here): contained, because a program that imports copy runs alone.
    ("copy_reconstruct_writes_a_library_class",
     _p("""
        import copy, string
        class R:
            def __reduce_ex__(self, protocol):
                return (lambda: string.Template, (), (None, {'poisoned': True}))
        def f(a):
            copy.copy(R())
            return hasattr(string.Template, 'poisoned')
     """),
     "import string\ndef f(a):\n    return hasattr(string.Template, 'poisoned')\n"),
]


# -- faults ---------------------------------------------------------------------------------------------
FAULTS: list[dict] = [
    # ---- escape: with every layer on, program code holds the real builtins, sys, frames -------------
    dict(
        name="generic_alias_forwards_guarded_attributes", severity="escape", kind="escape",
        program=UNGUARDED_GETATTR + _p("""
            def f(a):
                guards = oga(getattr, '__globals__')        # the task's getattr is the guards' function
                return [guards['sys'].__name__, sorted(k for k in guards if k in ('TASK', 'FROZEN', 'builtins'))]
        """),
        diagnosis="_guards.py:_guarded_load decides whether a program may have the raw __dict__, __defaults__, "
                  "__kwdefaults__ or __annotations__ by program_owned(obj), the object the attribute was read "
                  "*from*; and _guards.py:_private_ok judges private names by type(obj)'s dicts. Objects that "
                  "forward attribute reads to another object defeat both: types.GenericAlias (reachable with no "
                  "import as type(list[int]), and it accepts any origin) forwards every name but a short list to "
                  "its origin, so GA(object, ()).__dict__ is object's real mappingproxy (the alias is the "
                  "program's), whose '__getattribute__' entry is the unguarded slot wrapper: it reads "
                  "__globals__ (no audit event in 3.11) of the guards' own getattr: TASK, FROZEN, the real sys "
                  "and builtins. GA(enum.Enum, ())._convert_ passes _private_ok the same way (GenericAlias "
                  "defines no __getattr__). No import is needed, so this runs in the persistent runner. Judge by "
                  "the value (or the object it really came from), not by the proxy.",
    ),
    dict(
        name="typing_alias_getattr_reads_library_private_names", severity="escape", kind="escape",
        program=_p("""
            import enum, typing
            class K:
                pass
            def f(a):
                alias = typing.List[K]                      # a fresh alias: the program's
                alias.__origin__ = enum.Enum
                convert = alias.__getattr__('_convert_')    # typing reads it with the real getattr
                X = convert('X', 'builtins', lambda name: name == 'getattr')
                real_getattr = X.getattr.value              # builtins.getattr itself, as an enum value
                return real_getattr(len, '__self__').__name__
        """),
        diagnosis="typing._BaseGenericAlias.__getattr__ forwards every non-dunder name to self.__origin__ with "
                  "typing's own (real) getattr, and __origin__ is writable on an alias the program made "
                  "(_BaseGenericAlias.__setattr__ passes dunders to object.__setattr__; _guards.py:write_guard "
                  "allows it since the alias is program-owned). Calling alias.__getattr__(name) directly, or "
                  "reading a missing attribute, reaches any non-dunder attribute of any object past "
                  "_guards.py:_private_ok and check_attribute_name: library private names (Enum._convert_, "
                  "whose classmethod builds an enum from sys.modules[module].__dict__ and so hands out "
                  "builtins.getattr, eval, open ... as member values, and writes the enum into that module), "
                  "and the non-dunder refused names CPython does not audit (f_back, f_globals, f_locals, "
                  "f_builtins, cell_contents). _BaseGenericAlias.__setattr__ likewise writes any non-dunder "
                  "attribute of the origin with the real setattr. The typing view must not hand out alias "
                  "objects whose __getattr__/__setattr__ act for the program with typing's builtins.",
    ),
    dict(
        name="dataclass_generated_eq_reads_private_attributes_of_any_object", severity="escape", kind="escape",
        program=_p("""
            import enum
            from dataclasses import dataclass
            box = []
            @dataclass
            class C:
                _convert_: int = 0
            class Grab:
                def __eq__(self, other):
                    box.append(other)                       # Enum._convert_, bound
                    return True
            class Fake:
                _convert_ = Grab()
                @property
                def __class__(self):
                    return enum.EnumType                    # passes `other.__class__ is self.__class__`
            def f(a):
                C.__eq__(enum.Enum, Fake())                 # `(self._convert_,) == (other._convert_,)`
                X = box[0]('X', 'builtins', lambda name: name == 'getattr')
                return X.getattr.value(len, '__self__').__name__
        """),
        diagnosis="_guards.py:_dataclass_names lets code generated by dataclasses._create_fn (trusted by code "
                  "identity in _TRUSTED_GENERATORS) load private attribute names unrewritten, reasoning that a "
                  "field name is checked to be an identifier and is only read 'into repr text, comparisons and "
                  "hashes'. But the generated functions are ordinary functions on the program's class, callable "
                  "with any `self`: C.__eq__(x, y) reads x._f and y._f with plain LOAD_ATTR and compares them "
                  "with ==, which hands x._f to y._f's reflected __eq__. With x = enum.Enum and a `y` whose "
                  "__class__ property answers EnumType, the program receives Enum._convert_ (a library private "
                  "name _private_ok refuses), which builds an enum from the real builtins module's dict: the "
                  "real getattr, eval, open. __repr__, __lt__ (order=True) and __hash__ leak the same way, "
                  "__init__ writes any attribute of any object. A trusted generator must not make private "
                  "attribute loads of objects other than the program's own instances.",
    ),
    dict(
        name="cached_property_reads_library_class_dicts", severity="escape", kind="escape",
        program=_p("""
            import functools
            def f(a):
                cp = functools.cached_property(len)
                cp.attrname = '__getattribute__'
                oga = cp.__get__(object, None)              # object.__dict__['__getattribute__']
                return oga(getattr, '__globals__')['sys'].__name__
        """),
        diagnosis="functools.cached_property.__get__(instance, owner) reads instance.__dict__ and returns "
                  "cache.get(self.attrname) with functools' own attribute access, for any instance, a class "
                  "included: for a library class that is its mappingproxy, so the entry comes back raw (an "
                  "unbound slot wrapper, type.__dict__['__subclasses__'], object.__getattribute__). attrname is "
                  "writable on the program's cached_property (or set by __set_name__). _guards.py:_guarded_load "
                  "refuses a library class's __dict__ only when the *program* names __dict__; library code that "
                  "reads a __dict__ on its behalf is not covered. object.__getattribute__ then reads "
                  "__globals__ of the guards' getattr: the real sys and builtins.",
    ),
    dict(
        name="global_enum_writes_real_modules_and_runs_after_the_window", severity="escape", kind="after_window",
        program=_p("""
            import enum
            class Clock(enum.Enum):
                monotonic = 1
                def __call__(self):
                    raise RuntimeError('the program runs inside the worker, after its window')
            Clock.__module__ = 'time'
            def f(a):
                enum.global_enum(Clock)                     # time.monotonic is now Clock.monotonic
                return a
        """),
        diagnosis="enum.global_enum(cls) runs sys.modules[cls.__module__].__dict__.update(cls.__members__), and "
                  "__module__ is the program's to set: the members land in any real module of the worker "
                  "('time', 'os', 'struct', 'json', 'builtins' ...), not in the decoy __main__ (_worker.py sets "
                  "only sys.modules['__main__'] aside). _worker.py:_run_job calls time.monotonic() after the "
                  "window has closed (task.untrusted False: the audit hook waves everything through); the "
                  "member's __call__ runs there, and its exception comes back as a 'worker:' error. The same "
                  "write into 'builtins' replaces str/repr/isinstance for the worker's own code, and "
                  "Enum._convert_ (see typing_alias_getattr_reads_library_private_names) writes an enum into "
                  "any module too. In a one-shot child, so no later task is touched; the window is not closed.",
    ),
    # ---- poison: another task computes or prints something else -------------------------------------
    dict(
        name="escaped_runner_forges_every_later_answer", severity="poison", kind="poison",
        poison=UNGUARDED_GETATTR + _p("""
            def f(a):
                guards = oga(getattr, '__globals__')
                handler = guards['sys'].modules['signal'].getsignal(14)   # the worker's _on_alarm
                worker = oga(handler, '__globals__')
                worker['_render'] = lambda value: "'forged'"
                worker['_survivors'] = lambda ours=(): None
                return a
        """),
        check="def f(a):\n    return a + 1\n",
        diagnosis="Consequence of generic_alias_forwards_guarded_attributes, in the persistent runner with no "
                  "import at all: the guards' globals give the real sys, sys.modules['signal'].getsignal gives "
                  "the worker's alarm handler, and its __globals__ are the runner's: every later job of that "
                  "runner (validate and check_answers included) gets the answer the program chose, and the "
                  "survivor check that would retire the runner is switched off.",
    ),
    dict(
        name="bound_method_forwards_library_kwdefaults", severity="poison", kind="poison",
        poison=_p("""
            import heapq
            class A:
                def m(self):
                    pass
            def f(a):
                kwdefaults = type(A().m)(heapq.merge, 0).__kwdefaults__   # heapq.merge's own dict
                kwdefaults['reverse'] = True
                return a
        """),
        check="import heapq\ndef f(a):\n    return list(heapq.merge([1, 3], [2, 4]))\n",
        diagnosis="Same root as generic_alias_forwards_guarded_attributes (_guards.py:_guarded_load judges "
                  "__kwdefaults__/__dict__/__annotations__ by the object they are read from): a bound method "
                  "the program builds with type(A().m)(library_function, x) forwards every attribute it lacks "
                  "to its __func__, and the method is program-owned, so heapq.merge's real __kwdefaults__ dict "
                  "comes back instead of a copy. heapq is stateless, so the task runs in the persistent runner "
                  "and every later task there merges in reverse (first round's heapq_merge_kwdefaults, by "
                  "another road).",
    ),
    dict(
        name="staticmethod_shares_a_library_functions_annotations", severity="poison", kind="poison",
        poison=_p("""
            import heapq
            def f(a):
                shared = staticmethod(heapq.merge).__annotations__   # the same dict as heapq.merge's
                shared['return'] = 'poisoned'
                return a
        """),
        check="import heapq\ndef f(a):\n    return dict(heapq.merge.__annotations__)\n",
        diagnosis="staticmethod and classmethod (3.10+) copy __annotations__ of the callable they wrap into "
                  "their own __dict__ as the *same* dict object, and the wrapper is program-owned, so "
                  "_guards.py:_guarded_load returns it raw. For a library function without annotations that dict "
                  "is created lazily, during the task, so even a check on the value's ownership would pass it "
                  "(program_owned(value) is True for a dict the library made after freeze()). It persists in "
                  "the frozen function: a channel from one task to the next in the persistent runner (the "
                  "check above reads it; a counter kept there makes `run` answer 1, 2, 3 ... for one program).",
    ),
    dict(
        name="runner_writes_its_own_blame_slot", severity="poison", kind="slot_self",
        # Python layers off (the OS layer and the zygote must hold on their own); with every layer on the
        # same code runs after generic_alias_forwards_guarded_attributes.
        program=_p("""
            def f(a):
                sys = __import__('sys')
                struct = __import__('struct')
                fr = sys._getframe(0)
                while not ('slot' in fr.f_locals and 'jobs' in fr.f_locals):
                    fr = fr.f_back                                       # up to runner_main
                ids = [job[0] for job in fr.f_locals['jobs']]
                later = ids[ids.index(fr.f_locals['job_id']) + 1:]        # honest jobs queued behind
                slot = fr.f_locals['slot']
                while True:
                    try:
                        while True:
                            if later:
                                slot[:8] = struct.pack('<q', later[0])  # blame the next honest job
                    except BaseException:                                # the alarm, every 50 ms
                        pass
        """),
        diagnosis="_worker.py:Zygote._runner_died blames the job id the runner itself wrote into its blame slot "
                  "(runner_main: current.pack_into(slot, ...)); the slot is an anonymous shared mmap the "
                  "runner's program can reach once it holds a frame (Python layers off here; with every layer "
                  "on, through generic_alias_forwards_guarded_attributes). A spinning program writes the id of "
                  "the honest job queued behind it: each time the zygote kills the runner for time, that "
                  "honest job is reported 'timeout' and the spinner runs again in the fresh runner, until every "
                  "job of its chunk has been blamed (6 of 6 in the reproducer). The redteam2 fix kept the slot "
                  "from one-shot children only; the runner must not be the one that says which job it was "
                  "running (e.g. blame the oldest unanswered job and rerun the others, or flush an answer "
                  "before each job).",
    ),
]
