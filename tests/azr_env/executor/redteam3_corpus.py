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
    # ---- accepted nondeterminism ------------------------------------------------------------------
    # Each entry: 20 variants of one idea, each seed- or address-dependent in plain Python (checked under
    # six hash seeds in separate processes when the entry was written); two random seeds agree on about
    # half of them, so about 10 of 20 are accepted. A sound check accepts none.
    dict(
        name="hash_inversion_skipped_in_functions_named_hash", severity="nondeterminism", kind="nondet_validate",
        programs=[f"def __hash__(s):\n    return hash(s)\ndef f(a):\n    return __hash__('k{k}') % 2\n" for k in range(20)],
        diagnosis="_guards.py:guarded_hash leaves hash() alone inside a __hash__ method (so equal objects hash "
                  "alike within the call) and recognises one by sys._getframe(1).f_code.co_name == '__hash__': "
                  "any function the program names __hash__ (a module-level helper, a method of an unrelated "
                  "class) gets the seed's real hash in validation's repeated call, and only the two seeds judge.",
    ),
    dict(
        name="str_hash_method_bypasses_the_guarded_hash", severity="nondeterminism", kind="nondet_validate",
        programs=[(f"def f(a):\n    return 'k{k}'.__hash__() % 2\n" if k % 2 else
                   f"def f(a):\n    return str.__hash__('k{k}') % 2\n") for k in range(20)],
        diagnosis="Only the hash builtin is replaced (_guards.py:_build_builtins -> guarded_hash); str.__hash__, "
                  "bytes.__hash__ and tuple.__hash__ called as methods are the interpreter's slot wrappers, so "
                  "the repeated call sees the same value as the first and only the two seeds judge.",
    ),
    dict(
        name="hash_of_objects_that_hash_strings_is_not_inverted", severity="nondeterminism", kind="nondet_validate",
        programs=[
            *(f"class K:\n    def __init__(self, s):\n        self.s = s\n    def __hash__(self):\n"
              f"        return hash(self.s)\ndef f(a):\n    return hash(K('k{k}')) % 2\n" for k in range(7)),
            *(f"from dataclasses import dataclass\n@dataclass(frozen=True)\nclass P:\n    s: str\n"
              f"def f(a):\n    return hash(P('k{k}')) % 2\n" for k in range(7, 14)),
            *(f"def f(a):\n    return hash(memoryview(b'k{k}')) % 2\n" for k in range(14, 17)),
            *(f"import enum\nclass C(enum.Enum):\n    A{k} = 1\ndef f(a):\n    return hash(C.A{k}) % 2\n"
              for k in range(17, 20)),
        ],
        diagnosis="_guards.py:guarded_hash inverts only when _guards.py:seed_dependent(obj) says so, and that "
                  "knows only str, bytes and tuples/frozensets of them. An object whose own __hash__ hashes a "
                  "string (a program class, a frozen dataclass with a str field, an Enum member: "
                  "hash(self._name_), a memoryview of bytes) gets its real, seed-dependent hash in the repeated "
                  "call (inside __hash__ the inner hash is deliberately left alone). The probe that "
                  "order_free uses (TASK.hash_probe) would tell, but guarded_hash does not ask it.",
    ),
    dict(
        name="sets_hashed_by_library_code_keep_their_order", severity="nondeterminism", kind="nondet_validate",
        programs=[
            *(f"import enum\nclass C(enum.Enum):\n    X{k} = 1\n    Y{k} = 2\n"
              f"def f(a):\n    return [c.value for c in {{C.X{k}, C.Y{k}}}]\n" for k in range(8)),
            *(f"import re\ndef f(a):\n    return [p.pattern for p in {{re.compile('x{k}'), re.compile('y{k}')}}]\n"
              for k in range(8, 14)),
            *(f"def f(a):\n    return [bytes(m) for m in {{memoryview(b'x{k}'), memoryview(b'y{k}')}}]\n"
              for k in range(14, 20)),
        ],
        diagnosis="_setorder.py:SetOrder._reorders asks _guards.py:order_free whether a set's order depends on "
                  "the seed; for a type with its own __hash__, order_free hashes the item with the probe set "
                  "and looks whether the *task's* hash builtin saw a seed-dependent value. Enum.__hash__ "
                  "(hash(self._name_)) runs in enum's module with the real builtins, and re.Pattern and "
                  "memoryview hash in C: the probe sees nothing, the set is judged order-free, it is not "
                  "reversed in the repeated call, and only the two seeds judge. Sets of enum members are "
                  "everyday code.",
    ),
    dict(
        name="str_subclasses_pass_both_checks", severity="nondeterminism", kind="nondet_validate",
        programs=[
            *(f"class Tag(str):\n    pass\ndef f(a):\n    return list({{Tag('x{k}'), Tag('y{k}')}})\n" for k in range(7)),
            *(f"class Tag(str):\n    pass\ndef f(a):\n    return hash(Tag('k{k}')) % 2\n" for k in range(7, 14)),
            *(f"import enum\nclass C(enum.StrEnum):\n    X{k} = 'x{k}'\n    Y{k} = 'y{k}'\n"
              f"def f(a):\n    return [str(c) for c in {{C.X{k}, C.Y{k}}}]\n" for k in range(14, 20)),
        ],
        diagnosis="_guards.py:seed_dependent and order_free (and _setorder.py:SetOrder._reorders' fast path) test "
                  "`type(x) is str` / `kind is str`: a subclass of str (a program's Tag(str), every StrEnum "
                  "member, a str-mixin Enum) is neither inverted by guarded_hash nor reversed in a set (its "
                  "__hash__ is str's C slot, which the probe does not see). Only the two seeds judge.",
    ),
    dict(
        name="addresses_pass_validation", severity="nondeterminism", kind="nondet_validate",
        programs=[*(f"def f(a):\n    return (id(object()) >> ({20 + k})) & 1\n" for k in range(10)),
                  *(f"class O:\n    pass\ndef f(a):\n    return (hash(O()) >> ({16 + k})) & 1\n" for k in range(10))],
        diagnosis="id() and the default hash() of an object are its address, which differs between processes "
                  "(ASLR) but is usually the same in the repeated call of one process; the README says id() is "
                  "caught, yet _guards.py exempts 'builtins.id' (_BENIGN_EVENTS) and guarded_hash inverts only "
                  "seed-dependent values (seed_dependent(object()) is False). A bit of the address agrees "
                  "between the two workers about half the time: 10 to 17 of 20 accepted. Perturb id() and "
                  "identity hashes in the repeated call as hash() of strings is.",
    ),
    dict(
        name="set_methods_saved_before_the_repeated_call", severity="nondeterminism", kind="nondet_validate",
        programs=[
            *(f"POP = set.pop\ndef f(a):\n    return POP({{'x{k}', 'y{k}'}})\n" for k in range(7)),
            *(f"ITER = set.__iter__\ndef f(a):\n    return list(ITER({{'x{k}', 'y{k}'}}))\n" for k in range(7, 14)),
            *(f"FROM_KEYS = dict.fromkeys\ndef f(a):\n    return list(FROM_KEYS({{'x{k}', 'y{k}'}}))\n"
              for k in range(14, 20)),
        ],
        diagnosis="_setorder.py swaps Python functions into set's, frozenset's and dict's type dicts for the "
                  "repeated call only (_worker.py:_perturb_order, at call 1). A reference the program took "
                  "before that (at module level, during the first call: set.pop, set.__iter__, "
                  "dict.fromkeys) is the interpreter's own method, which walks the table in the seed's order: "
                  "the repeated call agrees with the first and only the two seeds judge.",
    ),
    dict(
        name="set_subclass_made_before_the_repeated_call", severity="nondeterminism", kind="nondet_validate",
        programs=[f"class Tags(set):\n    pass\ndef f(a):\n    return list(Tags(['x{k}', 'y{k}']))\n" for k in range(20)],
        diagnosis="Documented (README, _setorder.py docstring), listed because the outcome is accepted "
                  "nondeterminism all the same: a subclass of set made at module level copied set's original "
                  "tp_iter when it was created, before _setorder.py:SetOrder.install points set's slot at the "
                  "generic one, so its iteration is never reversed. A module-level `class Tags(set)` is "
                  "ordinary code.",
    ),
    dict(
        name="pop_from_a_large_set", severity="nondeterminism", kind="nondet_validate",
        programs=[f"def f(a):\n    s = {{'w{k}_%d' % i for i in range(70)}}\n    return s.pop() < 'w{k}_4'\n" for k in range(20)],
        diagnosis="Documented (_setorder.py: _SMALL = 64): set.pop on a set of more than 64 elements keeps the "
                  "interpreter's order in the repeated call, so a program whose output is one bit of which "
                  "element pops first is judged by the two seeds alone (about half accepted).",
    ),
]


# Harmless programs answered differently from plain Python. (name, program, inputs, diagnosis); all run
# through validate and compared with plain Python under three hash seeds (deterministic there).
FALSE_POSITIVES: list[tuple[str, str, str, str]] = [
    ("module_level_hash_table_queried_in_f",
     _p("""
        class HashMap:
            def __init__(self, size=8):
                self.buckets = [[] for _ in range(size)]
            def _slot(self, key):
                return hash(key) % len(self.buckets)
            def put(self, key, value):
                self.buckets[self._slot(key)].append((key, value))
            def get(self, key, default=None):
                for k, v in self.buckets[self._slot(key)]:
                    if k == key:
                        return v
                return default
        STOCK = HashMap()
        for name, qty in [('apple', 3), ('pear', 5), ('fig', 2)]:
            STOCK.put(name, qty)
        def f(items):
            return [STOCK.get(i, 0) for i in items]
     """), "['apple', 'kiwi', 'fig']",
     "_guards.py:guarded_hash inverts seed-dependent hashes in validation's repeated call, but the program's "
     "module-level code (and the first call) ran with the real ones: a hash table filled at module level and "
     "queried in f looks in the wrong bucket in the repeated call ([0, 0, 0] instead of [3, 0, 2]) and the "
     "program is judged NONDETERMINISTIC, although its output is the same under every seed. Inverting "
     "hash() changes the value a deterministic program computes; only what *escapes into the output* "
     "should differ."),
    ("augmented_private_attribute_with_super_call",
     _p("""
        class Base:
            def bonus(self):
                return 10
        class Account(Base):
            def __init__(self):
                self._balance = 0
            def bonus(self):
                return 5
            def deposit(self, n):
                self._balance += n + super().bonus()
                return self._balance
        def f(n):
            return Account().deposit(n)
     """), "3",
     "screen.py:_SandboxPolicy.visit_AugAssign turns `obj._x op= value` into "
     "_azr_augmented_(obj, '_x', op, lambda: value, True): the value moves into a lambda, a new scope. "
     "Zero-argument super() there has no first argument to bind: 'RuntimeError: super(): no arguments'. "
     "A walrus in the value binds in the lambda (the name is then undefined after), a yield makes the "
     "lambda a generator (TypeError), an await does not compile."),
    ("augmented_private_attribute_with_walrus",
     _p("""
        class Stats:
            def __init__(self):
                self._sum = 0
            def add(self, xs):
                self._sum += (n := len(xs))
                return n * 10 + self._sum
        def f(xs):
            return Stats().add(xs)
     """), "[1, 2, 3]",
     "Same as augmented_private_attribute_with_super_call: the walrus binds n inside the screen's lambda, "
     "so `n` is undefined after the statement (NameError)."),
    ("augmented_private_attribute_with_yield",
     _p("""
        class Accumulator:
            def __init__(self):
                self._total = 0
            def run(self):
                while True:
                    self._total += yield self._total
        def f(xs):
            acc = Accumulator()
            gen = acc.run()
            next(gen)
            for x in xs:
                gen.send(x)
            return acc._total
     """), "[1, 2, 3]",
     "Same as augmented_private_attribute_with_super_call: `yield` inside the screen's lambda makes the "
     "lambda a generator, so `self._total += <generator>` raises TypeError."),
    ("format_string_reads_own_private_attributes",
     _p("""
        class Account:
            def __init__(self, owner, balance):
                self._owner = owner
                self._balance = balance
            def __str__(self):
                return '{0._owner}: {0._balance:.2f}'.format(self)
        def f(name, amount):
            return str(Account(name, amount))
     """), "'ann', 12.5",
     "_guards.py:check_format_string refuses every private attribute in a format field "
     "('{0._owner}'), whatever object it will be read from, because str.format walks attributes in C. The "
     "program's own private attributes are allowed everywhere else (f-strings, getattr, attrgetter); "
     "str.format with them is the same ordinary code. Checking the walk needs the objects: format through "
     "the guards' Formatter (it calls checked_load per field) instead of refusing by name."),
    ("private_attribute_on_a_library_object_the_program_made",
     _p("""
        import functools
        @functools.lru_cache(maxsize=None)
        def square(n):
            return n * n
        square._label = 'square'
        def f(a):
            err = ValueError('bad')
            err._code = 7
            return [square._label, err._code, square(a)]
     """), "3",
     "_guards.py:_private_ok accepts a private name found in an instance's __dict__ only when the object's "
     "*type* is the program's, or the object is a function or module the program made. An attribute the "
     "program itself set on an instance of a library type it created (an exception, an lru_cache wrapper, "
     "a functools.partial, a Counter) is refused on the way back: writing is allowed (write_guard: the "
     "object is program-owned), reading is not."),
    ("subclasses_of_the_programs_own_class",
     _p("""
        class Shape:
            def area(self):
                raise NotImplementedError
        class Square(Shape):
            def area(self):
                return 4
        class Circle(Shape):
            def area(self):
                return 3
        def f(a):
            return sorted((cls.__name__, cls().area() + a) for cls in Shape.__subclasses__())
     """), "1",
     "policy.REFUSED_ATTRIBUTES holds __subclasses__ and screen.py:_SandboxPolicy.visit_Attribute refuses it "
     "by name, because object.__subclasses__() lists every class in the process. For a class the program "
     "made, __subclasses__() lists only classes the program made (a library class cannot subclass it): "
     "plugin discovery through Base.__subclasses__() is ordinary code. Guard it by the owner (like "
     "__dict__) instead of refusing the name."),
    ("attribute_write_on_an_immutable_builtin_value",
     _p("""
        def f(values):
            out = []
            for v in values:
                try:
                    v.tag = 'x'
                    out.append('set')
                except AttributeError:
                    out.append('immutable')
            return out
     """), "[5, 'a', None, (1,), 'text', 2.5]",
     "_guards.py:write_guard refuses (SandboxViolation, FORBIDDEN) an attribute write on any object alive "
     "at freeze(): small ints, one-character strings, None, True, the empty tuple are interpreter "
     "singletons, so `v.tag = 'x'` on them is a violation, while on 'text' or 2.5 (made by the program) it "
     "is the AttributeError plain Python raises. A program that shows immutability with try/except is "
     "refused depending on which values it picked. An object with no settable attributes cannot be "
     "poisoned: let the real setattr raise its AttributeError/TypeError first, refuse only writes that "
     "would succeed."),
    ("except_star_handlers",
     _p("""
        def f(xs):
            caught = []
            try:
                raise ExceptionGroup('many', [ValueError(x) for x in xs] + [KeyError('k')])
            except* ValueError as group:
                caught.append(len(group.exceptions))
            except* KeyError:
                caught.append('key')
            return caught
     """), "[1, 2]",
     "screen.py keeps RestrictedPython's visit_TryStar, which refuses every `try/except*` ('TryStar statements "
     "are not allowed'), and _fast_accepts sends CHECK_EG_MATCH to it. except* is Python 3.11 syntax for "
     "ExceptionGroup, which the executor otherwise allows (ExceptionGroup is in the builtins); nothing in "
     "the sandbox's layers depends on refusing it (the exceptions it binds are the program's own)."),
    ("peek_then_pop_on_a_large_set",
     _p("""
        def f(n):
            pool = {'item%d' % i for i in range(n)}
            peeked = next(iter(pool))
            return peeked == pool.pop()
     """), "70",
     "In plain Python a set pops the element its iteration yields first, under every seed. In validation's "
     "repeated call _setorder.py reverses iteration for every set but reverses pop only up to 64 elements "
     "(_SMALL): for a larger set the two disagree and a deterministic program is judged NONDETERMINISTIC "
     "('True vs False'). The same split hits a module-level `class Tags(set)` (its iteration keeps the "
     "interpreter's order, its pop is reversed) and a set iterated at module level and again in f."),
    ("private_slot_of_a_library_base_class",
     _p("""
        from fractions import Fraction
        class Ratio(Fraction):
            def parts(self):
                return self._numerator, self._denominator
        def f(a, b):
            return Ratio(a, b).parts()
     """), "2, 4",
     "_guards.py:_private_ok refuses a private name found in a library class's dict, also when the object is "
     "an instance of the program's own subclass reading its own state: Fraction keeps the value in the "
     "slots _numerator/_denominator, which a subclass's methods read. Narrower than the other private-name "
     "false positives; listed because subclassing a standard-library class and using its documented-by-"
     "source internals is common in model-written code (Counter._keep_positive, Fraction._numerator)."),
    ("guards_add_frames_near_the_recursion_limit",
     _p("""
        class Node:
            def __init__(self, nxt):
                self.nxt = nxt
        def length(node):
            return 0 if node is None else 1 + length(getattr(node, 'nxt'))
        def f(n):
            head = None
            for _ in range(n):
                head = Node(head)
            return length(head)
     """), "995",
     "_worker.py:_same_headroom gives a program the recursion plain Python gives `python -c` (998 frames), "
     "but getattr, hasattr, setattr, vars, hash and locals are Python functions in the guards "
     "(guarded_getattr -> checked_load ...) and spend two or three frames of that budget where plain "
     "Python's builtins spend none; set iteration and hash() in validation's repeated call add more. A "
     "recursion 995 deep that calls getattr at its leaf raises RecursionError in the sandbox only. Add the "
     "guards' depth to the headroom."),
]
