"""Hostile programs, one or more per class of attack the executor must contain.

Each entry is ``(name, program, inputs, expect)``. Markers filled in by the test: {TMP} (a
directory that must stay empty), {VICTIM} (a file that must survive), {SECRET_FILE} (a file whose
text must never appear in a result), {PORT} (a listener nobody may connect to).

``expect``:
- "refused": the result must not be ``ok``;
- "nondeterministic": ``validate`` must say so;
- "contained": any status is acceptable; only the absence of effects and leaks is checked (the
  program does something legitimate-looking that must simply have no reach).
"""

ATTACKS = [
    # -- attribute reads that bypass the guards ------------------------------------------------
    ("attrgetter_c_type",
     "import operator\ndef f(a):\n    return type(operator.attrgetter('x'))('__globals__')(f)", "0", "refused"),
    ("methodcaller_c_type",
     "import operator\ndef f(a):\n    mc = type(operator.methodcaller('x'))('__getattribute__', '__globals__')\n    return mc(f)",
     "0", "refused"),
    ("attrgetter_slot_rewrite",
     "import operator\ndef f(a):\n    g = operator.attrgetter('x')\n    g._chains = (('__globals__',),)\n    return g(f)", "0", "refused"),
    ("formatter_super_get_field",
     "import string\ndef f(a):\n    fmt = string.Formatter()\n"
     "    return super(string.Formatter, fmt).get_field('0.__globals__', (f,), {})", "0", "refused"),
    ("formatter_get_field",
     "import string\ndef f(a):\n    return string.Formatter().get_field('0.__globals__', (f,), {})[0]", "0", "refused"),
    ("formatter_vformat_private",
     "import string\ndef f(a):\n    return string.Formatter()._vformat('{0.__globals__}', (f,), {}, set(), 2)", "0", "refused"),
    ("update_wrapper_globals",
     "import functools\nclass W:\n    pass\ndef f(a):\n    w = W()\n"
     "    functools.update_wrapper(w, f, assigned=('__globals__',), updated=())\n    return w.__dict__", "0", "refused"),
    ("update_wrapper_setattr_hook",
     "import functools\nstore = []\nclass W:\n    def __setattr__(self, k, v):\n        store.append(v)\n"
     "def f(a):\n    functools.update_wrapper(W(), getattr, assigned=('__globals__',), updated=())\n    return store",
     "0", "refused"),
    ("wraps_builtins",
     "import functools\ndef f(a):\n    @functools.wraps(len, assigned=('__self__',))\n    def g():\n        pass\n"
     "    return g.__dict__", "0", "refused"),
    ("str_subclass_super_format",
     "class S(str):\n    def go(self, x):\n        return super().format(x)\ndef f(a):\n    return S('{0.__globals__}').go(f)",
     "0", "refused"),
    ("str_subclass_format_attribute",
     "class S(str):\n    pass\ndef f(a):\n    return S('{0.__globals__}').format(f)", "0", "refused"),
    ("unbound_str_format", "def f(a):\n    return str.format('{0.__globals__}', f)", "0", "refused"),
    ("format_map_walk", "def f(a):\n    return '{x.__globals__}'.format_map({'x': f})", "0", "refused"),
    ("format_spec_nested_walk", "def f(a):\n    return '{0:{1.__globals__}}'.format(1, f)", "0", "refused"),
    ("map_str_format", "def f(a):\n    return list(map(str.format, ['{0.__globals__}'], [f]))", "0", "refused"),
    ("getattr_globals_of_getattr", "def f(a):\n    return getattr(getattr, '__glo' + 'bals__')", "0", "refused"),
    ("object_getattribute", "def f(a):\n    return object.__getattribute__(f, '__globals__')", "0", "refused"),
    ("type_getattribute_format",
     "def f(a):\n    fmt = type.__getattribute__(str, 'format')\n    return fmt('{0.__globals__}', f)", "0", "refused"),
    ("super_getattribute",
     "class X:\n    def peek(self, o):\n        return super().__getattribute__.__call__('__class__')\n"
     "def f(a):\n    return object.__getattribute__(len, '__self__')", "0", "refused"),
    ("type_dict_subclasses", "def f(a):\n    return type.__dict__['__subclasses__'](object)", "0", "refused"),
    ("vars_type", "def f(a):\n    return vars(type)['__subclasses__'](object)", "0", "refused"),
    ("builtin_self_module", "def f(a):\n    m = len.__self__\n    return m.open('{SECRET_FILE}').read()", "0", "refused"),
    ("getattr_builtin_self", "def f(a):\n    return getattr(print, '__se' + 'lf__').open('{SECRET_FILE}').read()", "0", "refused"),
    ("generator_frame_walk",
     "def f(a):\n    g = (x for x in [a])\n    fr = getattr(g, 'gi_' + 'frame')\n    return fr.f_back.f_globals", "0", "refused"),
    ("traceback_frame",
     "def f(a):\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        return getattr(getattr(e, '__trace' + 'back__'), 'tb_frame')",
     "0", "refused"),
    ("match_class_traceback",
     "class E(Exception):\n    __match_args__ = ('__traceback__',)\n"
     "def f(a):\n    try:\n        raise E()\n    except E as e:\n        match e:\n            case E(tb):\n                return getattr(tb, 'tb_' + 'frame')",
     "0", "refused"),
    ("match_keyword_globals",
     "def f(a):\n    match f:\n        case object(__globals__=g):\n            return g", "0", "refused"),
    ("code_object_rebuild", "def f(a):\n    c = getattr(f, '__co' + 'de__')\n    return c.co_consts", "0", "refused"),
    ("closure_cell",
     "def f(a):\n    def g():\n        return a\n    return getattr(getattr(g, '__clo' + 'sure__')[0], 'cell_contents')", "0", "refused"),
    ("setattr_code", "def g():\n    return 1\ndef f(a):\n    setattr(g, '__code__', (lambda: 2).__code__)\n    return g()", "0", "refused"),
    ("hasattr_probe", "def f(a):\n    return hasattr(f, '__globals__')", "0", "refused"),
    # A library function's __dict__ comes as a copy: the write changes nothing shared (see POISONS).
    ("dunder_dict_of_function",
     "import heapq\ndef f(a):\n    heapq.merge.__dict__['x'] = a\n    return heapq.merge.__dict__", "0", "contained"),
    ("object_setattr_on_stdlib_function",
     "import heapq\ndef f(a):\n    object.__setattr__(heapq.merge, 'x', a)\n    return a", "0", "refused"),
    ("setattr_on_builtin_guard", "def f(a):\n    setattr(getattr, 'x', 1)\n    return a", "0", "refused"),
    ("import_builtin", "def f(a):\n    return __import__('subprocess').check_output(['id'])", "0", "refused"),
    ("builtins_dict", "def f(a):\n    return __builtins__['open']('{SECRET_FILE}').read()", "0", "refused"),
    ("rebind_guard", "_getattr_ = getattr\ndef f(a):\n    return '{0.__globals__}'.format(f)", "0", "refused"),
    ("rebind_write_guard",
     "import heapq\n_write_ = lambda o: o\ndef f(a):\n    heapq.merge.x = a\n    return a", "0", "refused"),
    ("vars_at_module_level", "g = vars()\ng['_getattr_'] = getattr\ndef f(a):\n    return a", "0", "refused"),
    ("locals_at_module_level", "g = locals()\ndef f(a):\n    return g['__builtins__']", "0", "refused"),

    # -- code generated by allowed modules -----------------------------------------------------
    ("dataclass_annotation_injection",
     "from dataclasses import dataclass\nclass C:\n    pass\n"
     "C.__annotations__ = {'x=__import__(\"os\").system(\"touch {TMP}/dc\")': int}\n"
     "def f(a):\n    dataclass(C)\n    return a", "0", "refused"),
    ("dataclass_lying_str_key",
     "from dataclasses import dataclass\nclass Liar(str):\n    def isidentifier(self):\n        return True\n"
     "class C:\n    pass\nC.__annotations__ = {Liar('x=open(\"{SECRET_FILE}\").read()'): int}\n"
     "def f(a):\n    return dataclass(C)().x", "0", "refused"),
    ("make_dataclass_liar",
     "import dataclasses\nclass Liar(str):\n    def isidentifier(self):\n        return True\n"
     "def f(a):\n    return dataclasses.make_dataclass('D', [Liar('x=open(\"{SECRET_FILE}\").read()')])", "0", "refused"),
    ("typing_string_annotation",
     "import typing\ndef g(x: \"open('{SECRET_FILE}').read()\"):\n    pass\ndef f(a):\n    return typing.get_type_hints(g)",
     "0", "refused"),
    ("typing_forward_ref_import",
     "import typing\ndef g(x: \"__import__('os').listdir('/')\"):\n    pass\ndef f(a):\n    return typing.get_type_hints(g)",
     "0", "refused"),
    ("typing_module_spoof",
     "import typing\nclass C:\n    x: 'sys'\nC.__module__ = 'typing'\ndef f(a):\n    return typing.get_type_hints(C)['x'].modules['os'].listdir('/')",
     "0", "refused"),
    ("typing_forward_ref_private_evaluate",
     "import typing\ndef f(a):\n    return typing.ForwardRef('open')._evaluate({}, {}, frozenset())('{SECRET_FILE}').read()",
     "0", "refused"),
    ("enum_global_enum_main",
     "import enum\nclass Evil(enum.IntEnum):\n    A = 1\nEvil.__module__ = '__main__'\ndef f(a):\n    enum.global_enum(Evil)\n    return a",
     "0", "contained"),
    ("name_spoof_then_exec",
     "__name__ = 'collections'\nimport collections\ndef f(a):\n    return collections.namedtuple('P', \"x, y=open('{SECRET_FILE}')\")",
     "0", "refused"),
    ("name_spoof_dataclasses",
     "__name__ = 'dataclasses'\nimport typing\ndef g(x: \"open('{SECRET_FILE}')\"):\n    pass\ndef f(a):\n    return typing.get_type_hints(g)",
     "0", "refused"),

    # -- program code after its window ---------------------------------------------------------
    ("returned_del",
     "class D:\n    def __del__(self):\n        open('{TMP}/del', 'w').write('x')\ndef f(a):\n    return D()", "0", "contained"),
    ("returned_del_print_secret",
     "class D:\n    def __repr__(self):\n        return 'D'\n    def __del__(self):\n        print(open('{SECRET_FILE}').read())\ndef f(a):\n    return D()",
     "0", "contained"),
    ("json_encoder_descriptor",
     "import json\nclass P:\n    def __get__(self, o, t):\n        open('{TMP}/json', 'w')\n        return lambda *a: '[]'\n"
     "def f(a):\n    json.JSONEncoder.encode = P()\n    return a", "0", "refused"),
    ("resurrecting_cycle",
     "keep = []\nclass R:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n"
     "        keep.append(R())\n        print('resurrected')\ndef f(a):\n    R()\n    return a", "0", "contained"),
    ("generator_finally_later",
     "def gen():\n    try:\n        yield 1\n    finally:\n        open('{TMP}/gen', 'w')\nkeep = []\n"
     "def f(a):\n    g = gen()\n    next(g)\n    keep.append(keep)\n    keep.append(g)\n    return a", "0", "contained"),

    # -- determinism evasions ------------------------------------------------------------------
    ("nondeterministic_set_order",
     "def f(a):\n    return list({'ab', 'cd', 'ef', 'gh', 'ij', 'kl', 'mn', 'op', 'qr', 'st', 'uv', 'wx'})", "0",
     "nondeterministic"),
    ("nondeterministic_id", "def f(a):\n    return id(object()) % 9973", "0", "nondeterministic"),
    ("nondeterministic_hash", "def f(a):\n    return hash('azr') % 1000003", "0", "nondeterministic"),
    ("counter_in_module", "calls = [0]\ndef f(a):\n    calls[0] += 1\n    return calls[0]", "0", "nondeterministic"),
    ("counter_in_abc_registry",
     "import abc\nclass X(abc.ABC):\n    pass\ndef f(a):\n    X.register(type('Y', (), {}))\n    return abc.get_cache_token()", "0",
     "nondeterministic"),
    ("counter_in_function_default",
     "def f(a, seen=[]):\n    seen.append(a)\n    return len(seen)", "0", "nondeterministic"),
    ("caught_timeout",
     "def f(a):\n    n = 0\n    while n < 10 ** 9:\n        try:\n            while True:\n                n += 1\n        except BaseException:\n            pass\n    return n",
     "0", "refused"),
    ("caught_timeout_then_return",
     "def f(a):\n    try:\n        while True:\n            pass\n    except BaseException:\n        return 'caught'", "0", "refused"),

    # -- escapes through the operating system (the Python layers refuse these first) -----------
    ("shell_via_os", "import os\ndef f(a):\n    os.system('touch {TMP}/x')\n    return a", "0", "refused"),
    ("import_socket", "import socket\ndef f(a):\n    socket.create_connection(('127.0.0.1', {PORT}))\n    return a", "0", "refused"),
    ("import_ctypes", "import ctypes\ndef f(a):\n    return ctypes.CDLL(None).system(b'id')", "0", "refused"),
    ("private_submodule", "import re._parser\ndef f(a):\n    return re._parser", "0", "refused"),
    ("private_submodule_from", "from re import _parser\ndef f(a):\n    return _parser.SRE_FLAG_UNICODE", "0", "refused"),
    ("relative_import", "from . import x\ndef f(a):\n    return a", "0", "refused"),
    ("exec_name", "def f(a):\n    return exec('1')", "0", "refused"),
    ("except_star", "def f(a):\n    try:\n        raise ExceptionGroup('g', [ValueError()])\n    except* ValueError as e:\n        return e.__traceback__", "0", "refused"),
    ("fork_bomb", "import os\ndef f(a):\n    while True:\n        os.fork()", "0", "refused"),
    ("memory_bomb", "def f(a):\n    return [0] * (10 ** 10)", "0", "refused"),
    ("string_bomb", "def f(a):\n    return 'z' * (10 ** 12)", "0", "refused"),
    ("recursion", "def f(a):\n    return f(a)", "0", "refused"),
    ("print_flood", "def f(a):\n    while True:\n        print('x' * 1000)", "0", "refused"),
    ("regex_backtracking", "import re\ndef f(a):\n    return re.match('(a+)+$', 'a' * 64 + 'b')", "0", "refused"),
    ("big_power", "def f(a):\n    return 7 ** 7 ** 12", "0", "refused"),
    ("raise_system_exit", "def f(a):\n    raise SystemExit(3)", "0", "refused"),
    ("raise_keyboard_interrupt", "def f(a):\n    raise KeyboardInterrupt", "0", "refused"),
    ("str_subclass_len_lie",
     "class S(str):\n    def __len__(self):\n        return 1\nclass O:\n    def __repr__(self):\n        return S('x' * 200000)\ndef f(a):\n    return O()",
     "0", "refused"),
    ("inputs_with_call", "def f(a):\n    return a", "__import__('os').system('touch {TMP}/w')", "refused"),
    ("inputs_with_lambda", "def f(a):\n    return a()", "lambda: open('{SECRET_FILE}').read()", "refused"),
]

# A program that leaves something in state a later task can see, and a program whose output
# shows whether it did. The check must print the same in a fresh executor and after the poison.
POISONS = [
    ("decimal_default_context_item",
     "import decimal\ndef f(a):\n    decimal.DefaultContext.traps[decimal.Inexact] = True\n    decimal.setcontext(decimal.DefaultContext)\n    return a",
     "import decimal\ndef f(a):\n    return str(decimal.Decimal(1) / 3), decimal.getcontext().traps[decimal.Inexact]"),
    ("decimal_default_context_init",
     "import decimal\ndef f(a):\n    decimal.DefaultContext.__init__(prec=2)\n    return a",
     "import decimal\ndef f(a):\n    return str(decimal.Decimal(1) / 3), decimal.DefaultContext.prec"),
    ("decimal_default_context_copy_reconstruct",
     "import copy, decimal\nclass R:\n    def __reduce_ex__(self, proto):\n        return (decimal.getcontext, (), None, None, None)\n"
     "def f(a):\n    ctx = copy.copy(R())\n    ctx.prec = 3\n    return a",
     "import decimal\ndef f(a):\n    return str(decimal.Decimal(2) / 3)"),
    ("abc_registry",
     "import collections.abc\ndef f(a):\n    collections.abc.Sequence.register(int)\n    return a",
     "import collections.abc\ndef f(a):\n    return isinstance(5, collections.abc.Sequence)"),
    ("re_cache_lying_key",
     # Flags that equal 0 and hash like 0 but compile as IGNORECASE: cached under ('b', 0).
     "import re\nclass L(int):\n    def __eq__(self, o):\n        return True\n    def __hash__(self):\n        return hash(0)\n"
     "def f(a):\n    re.compile('qz', L(2))\n    return a",
     "import re\ndef f(a):\n    return bool(re.fullmatch('qz', 'QZ'))"),
    ("typing_cache_lying_key",
     "import typing\nclass K:\n    def __eq__(self, o):\n        return True\n    def __hash__(self):\n        return hash(int)\n"
     "def f(a):\n    typing.List[K()]\n    return a",
     "import typing\ndef f(a):\n    return repr(typing.List[int])"),
    ("typing_alias_name",
     "import typing\ndef f(a):\n    object.__setattr__(typing.List[int], '_name', 'Evil')\n    return a",
     "import typing\ndef f(a):\n    return repr(typing.List[int])"),
    ("copy_dispatch_table",
     "import copy\ndef f(a):\n    copy.copy.__globals__['_copy_dispatch'][list] = lambda x: 'poisoned'\n    return a",
     "import copy\ndef f(a):\n    return copy.copy([1, 2])"),
    ("total_ordering_stdlib_class",
     "import functools, fractions\ndef f(a):\n    fractions.Fraction.__lt__ = lambda s, o: True\n    return a",
     "import fractions\ndef f(a):\n    return fractions.Fraction(3) < fractions.Fraction(1)"),
    ("setattr_stdlib_class_via_copy",
     "import copy, fractions\nclass R:\n    def __reduce_ex__(self, p):\n"
     "        return (lambda: fractions.Fraction, (), (None, {'limit_denominator': None}))\n"
     "def f(a):\n    copy.copy(R())\n    return a",
     "import fractions\ndef f(a):\n    return str(fractions.Fraction(1, 3).limit_denominator(10))"),
    ("module_view_update_wrapper",
     "import functools, math\nclass W:\n    sqrt = abs\ndef f(a):\n    functools.update_wrapper(math, W, assigned=('sqrt',), updated=())\n    return a",
     "import math\ndef f(a):\n    return math.sqrt(16)"),
    ("module_view_methodcaller",
     "import operator, math\ndef f(a):\n    operator.methodcaller('__setattr__', 'sqrt', abs)(math)\n    return a",
     "import math\ndef f(a):\n    return math.sqrt(16)"),
    ("module_view_copy_reconstruct",
     "import copy, math\nclass R:\n    def __reduce_ex__(self, p):\n        return (lambda: math, (), {'sqrt': abs})\n"
     "def f(a):\n    copy.copy(R())\n    return a",
     "import math\ndef f(a):\n    return math.sqrt(16)"),
    ("builtins_rebind", "def f(a):\n    global max\n    max = min\n    return a", "def f(a):\n    return max(1, 2)"),
    ("builtins_dict_write", "def f(a):\n    __builtins__['max'] = min\n    return a", "def f(a):\n    return max(1, 2)"),
    ("class_patch_via_setattr", "import fractions\ndef f(a):\n    setattr(fractions.Fraction, 'x', 1)\n    return a",
     "import fractions\ndef f(a):\n    return hasattr(fractions.Fraction, 'x')"),
    ("math_attribute", "import math\ndef f(a):\n    math.pi = 3\n    return a", "import math\ndef f(a):\n    return math.pi > 3.1"),
    ("function_dict_item_write",
     "import heapq\ndef f(a):\n    heapq.merge.__dict__['x'] = 1\n    heapq.merge.__kwdefaults__['reverse'] = True\n    return a",
     "import heapq\ndef f(a):\n    return list(heapq.merge([1, 3], [2, 4])), sorted(heapq.merge.__dict__)"),
    ("enum_global_enum_main",
     "import enum\nclass Evil(enum.IntEnum):\n    A = 1\nEvil.__module__ = '__main__'\ndef f(a):\n    enum.global_enum(Evil)\n    return a",
     "def f(a):\n    return a + 1"),
    ("finalizer_prints_later",
     "keep = []\nclass R:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        keep.append(R())\n        print('LEAK')\ndef f(a):\n    R()\n    return a",
     "def f(a):\n    print('clean')\n    return a"),
]
