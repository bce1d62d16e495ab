"""Default reprs that print the virtual address ``id()`` shows, not the object's real one.

``repr(object())``, a function's ``<function f at 0x...>`` and a generator's repr print where the
object sits in memory. Between two processes that differs as the address layout does, but not
enough: validation's runs happen in two workers, started apart, each forking its runs from one warm
process, and any given bit of an address (a high one under ASLR, a low one by allocation history)
agreed between them about half the time, so a program that returned one validated half the time
(red team 27). So these reprs print the guards' virtual address instead
(``hex(id(obj))``, as in CPython, where the repr and ``id`` agree): numbered at random in every
run, and the same in the repr as in ``id()``.

How: a type's ``tp_repr`` slot is pointed at the interpreter's generic slot function (the one a
class with a Python ``__repr__`` has), after checking the type layout, and a Python ``__repr__``
is put in the type's dictionary. For ``object``: its own slot, and every existing type whose slot
still holds ``object``'s C repr (``object()``, iterators, stdlib classes without a repr of their
own); classes made later find the Python ``__repr__`` in ``object``'s dictionary when they are
made. For functions, generators, coroutines, asynchronous generators, cells, method-wrappers,
built-in methods, memoryviews and the locks a program can reach (``functools.cached_property``
holds an RLock) and weak references (the sandbox's records of a program's sets hold one, which
``__weakref__`` reads on a set subclass that also inherits a plain class): their own slots. That is
every C repr with an address (``%p``) in CPython 3.11 on a type a program reaches; the rest (frames,
code objects, weak proxies, capsules) sit behind refused attributes or modules.

``array.array.buffer_info()`` returns the address of the array's storage as a number: it gives a
virtual one too (``install_buffer_info``).

These are the root of the matter. Validation's perturbed run used to hold padding of random sizes
as a catch-all, so that objects landed elsewhere and an address's low bits differed; it cost a
sixth of a worker's time per validation and is gone now that no address reaches a program.
"""
import ctypes
import gc
import sys
import types
import weakref

_TP_REPR = 88  # offset of tp_repr in PyTypeObject (64-bit CPython 3.8 - 3.13)
_TP_NAME = 24


def _type_dict(cls):
    (found,) = [d for d in gc.get_referents(cls.__dict__) if type(d) is dict]
    return found


def _generic_slot():
    """The interpreter's generic tp_repr slot function (a class with a Python ``__repr__`` has it),
    or None where the type layout is not the one checked (then nothing is patched)."""
    if ctypes.sizeof(ctypes.c_void_p) != 8 or sys.implementation.name != "cpython":
        return None

    class _Probe:
        def __repr__(self):
            return "probe"

    generic = ctypes.c_void_p.from_address(id(_Probe) + _TP_REPR).value
    own = ctypes.c_void_p.from_address(id(object) + _TP_REPR).value
    name = ctypes.c_char_p.from_address(id(object) + _TP_NAME).value
    return generic if name == b"object" and generic and own and generic != own else None


_TYPE_MODULE = type.__dict__["__module__"].__get__
_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__
_FUNCTION_QUALNAME = types.FunctionType.__dict__["__qualname__"].__get__
_GENERATOR_QUALNAME = types.GeneratorType.__dict__["__qualname__"].__get__
_COROUTINE_QUALNAME = types.CoroutineType.__dict__["__qualname__"].__get__
_ASYNC_GENERATOR_QUALNAME = types.AsyncGeneratorType.__dict__["__qualname__"].__get__
_CELL_CONTENTS = types.CellType.__dict__["cell_contents"].__get__


def _object_repr(address):
    def __repr__(self):
        kind = type(self)
        try:
            module = _TYPE_MODULE(kind)
        except Exception:  # noqa: BLE001 -- as the interpreter: no module, the type's own name
            module = None
        if issubclass(type(module), str):
            module = str.__str__(module)  # (the text itself, as %U takes it: no __str__ of a subclass)
            if module != "builtins":
                return f"<{module}.{_text(_TYPE_QUALNAME(kind))} object at {hex(address(self))}>"
        return f"<{_text(_tp_name(kind))} object at {hex(address(self))}>"

    return __repr__


_TYPE_NAME = type.__dict__["__name__"].__get__


def _text(name):
    """A name as CPython's %U takes it: the characters, never a str subclass's __format__ or
    __str__ (program code that ran in a repr of ours, and could raise there)."""
    return str.__str__(name) if issubclass(type(name), str) else "?"


def _tp_name(kind):
    return _TYPE_NAME(kind)  # (read past any metaclass: no program code runs in a repr of ours)


# Functions of the sandbox's that stand in for built-in ones (the guarded getattr, hash, id ...),
# by id: (the function, the repr of what it stands for). They live as long as the worker.
STAND_INS = {}


def _named_repr(prefix, qualname):
    """The repr of a function, generator, coroutine or asynchronous generator: ``<{prefix}
    {qualified name} at 0x...>``, as the interpreter prints it (a stand-in for a built-in prints
    the built-in's: ``<built-in function getattr>``)."""
    def make(address):
        def __repr__(self):
            known = STAND_INS.get(id(self))
            if known is not None and known[0] is self:
                return known[1]
            return f"<{prefix} {_text(qualname(self))} at {hex(address(self))}>"

        return __repr__

    return make


_function_repr = _named_repr("function", _FUNCTION_QUALNAME)
_generator_repr = _named_repr("generator object", _GENERATOR_QUALNAME)
_coroutine_repr = _named_repr("coroutine object", _COROUTINE_QUALNAME)
_async_generator_repr = _named_repr("async_generator object", _ASYNC_GENERATOR_QUALNAME)


def _cell_repr(address):
    def __repr__(self):
        try:
            contents = _CELL_CONTENTS(self)
        except ValueError:
            return f"<cell at {hex(address(self))}: empty>"
        return f"<cell at {hex(address(self))}: {_full_name(type(contents))[:80]} object at {hex(address(contents))}>"

    return __repr__


# The thread a locked RLock names as its owner: the interpreter prints the thread's identifier,
# pthread_self(), the address of the thread's control block, which differs between processes as
# addresses do (a program returning one bit of it validated in 20 of 40 validations: the sixteenth
# session's red team). The sandbox prints this object's virtual address instead: one per run, the
# same for every lock in it (a program runs in one thread).
_THREAD = object()


def _lock_repr(address, real_repr):
    """A lock's repr (``<unlocked _thread.lock object at 0x...>``, an RLock's with its owner and
    count): the interpreter's text with the virtual owner and address."""
    def __repr__(self):
        text = real_repr(self)
        cut = text.rfind(" at 0x")
        if cut < 0:
            return text
        head = text[:cut]
        start = head.find(" owner=")
        if start >= 0:
            end = head.find(" ", start + 7)
            owner = head[start + 7:end if end >= 0 else len(head)]
            if owner.isdigit() and owner != "0":
                head = f"{head[:start]} owner={address(_THREAD)}{head[end:] if end >= 0 else ''}"
        return f"{head} at {hex(address(self))}>"

    return __repr__


_TYPE_FLAGS = type.__dict__["__flags__"].__get__
_HEAP_TYPE = 1 << 9
_WRAPPER_SELF = types.MethodWrapperType.__dict__["__self__"].__get__
_WRAPPER_NAME = types.MethodWrapperType.__dict__["__name__"].__get__
_BUILTIN_SELF = types.BuiltinMethodType.__dict__["__self__"].__get__
_BUILTIN_NAME = types.BuiltinMethodType.__dict__["__name__"].__get__
_MEMORY_BYTES = memoryview.__dict__["nbytes"].__get__


def _call(function, *args):
    return function(*args)


OURS = _call  # the worker's way to make a read of ours while a program runs (an audited one here:
# a built-in method's __self__; see _guards.ours)


def _full_name(kind):
    """A type's tp_name, as the C reprs print it: a class's own name, a built-in type's with its
    module unless that is builtins (``datetime.datetime``)."""
    name = _text(_TYPE_NAME(kind))
    if _TYPE_FLAGS(kind) & _HEAP_TYPE:
        return name
    try:
        module = _TYPE_MODULE(kind)
    except Exception:  # noqa: BLE001
        return name
    module = _text(module) if issubclass(type(module), str) else "builtins"
    return name if module == "builtins" else f"{module}.{name}"


def _method_wrapper_repr(address):
    def __repr__(self):
        owner = OURS(_WRAPPER_SELF, self)
        return (f"<method-wrapper '{_text(_WRAPPER_NAME(self))}' of {_full_name(type(owner))} object at "
                f"{hex(address(owner))}>")

    return __repr__


def _builtin_method_repr(address):
    def __repr__(self):
        owner = OURS(_BUILTIN_SELF, self)
        name = _text(_BUILTIN_NAME(self))
        if owner is None or issubclass(type(owner), types.ModuleType):
            return f"<built-in function {name}>"
        return f"<built-in method {name} of {_full_name(type(owner))} object at {hex(address(owner))}>"

    return __repr__


def _memory_repr(address):
    def __repr__(self):
        try:
            _MEMORY_BYTES(self)
        except ValueError:
            return f"<released memory at {hex(address(self))}>"
        return f"<memory at {hex(address(self))}>"

    return __repr__


_REFERENT = weakref.ref.__call__


def _weakref_repr(address):
    """A weak reference's repr, as CPython 3.11's weakref_repr writes it: the referent's
    ``__name__`` looked up as the interpreter looks it up (a program's own lookup code runs there in
    plain Python too), its type's tp_name, the two addresses virtual."""
    def __repr__(self):
        referent = _REFERENT(self)
        if referent is None:
            return f"<weakref at {hex(address(self))}; dead>"
        try:
            name = getattr(referent, "__name__")
        except AttributeError:
            name = None
        head = f"<weakref at {hex(address(self))}; to '{_full_name(type(referent))}' at {hex(address(referent))}"
        return f"{head} ({_text(name)})>" if issubclass(type(name), str) else f"{head}>"

    return __repr__


def _type_modified():
    """The interpreter's PyType_Modified (drops a type's method-cache entries after a write to its
    dictionary), as a ctypes function."""
    function = ctypes.pythonapi.PyType_Modified
    function.argtypes = [ctypes.py_object]
    function.restype = None
    return function


def _all_types():
    seen, stack = set(), [object]
    while stack:
        cls = stack.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        yield cls
        try:
            stack.extend(type.__subclasses__(cls))
        except TypeError:
            pass


def _named_as_slot(function, cls):
    """Name and document ``function`` as the slot it replaces (``object.__repr__`` has the qualified
    name 'object.__repr__' in plain Python, not '_object_repr.<locals>.__repr__' in this module:
    the sixteenth session's red team); a slot has no module, so neither has it."""
    slot = _type_dict(cls).get("__repr__")
    function.__name__ = "__repr__"
    function.__qualname__ = f"{cls.__name__}.__repr__"
    function.__doc__ = getattr(slot, "__doc__", None)
    function.__module__ = None


def install(address):
    """Make the default reprs print ``address(obj)`` (the guards' virtual address); the report
    line for the layer."""
    try:
        generic = _generic_slot()
        if generic is None:
            return "unavailable (unknown interpreter layout): default reprs print real addresses"
        type_modified = _type_modified()
        object_slot = ctypes.c_void_p.from_address(id(object) + _TP_REPR).value
        patched = 0
        for cls in list(_all_types()):
            cell = ctypes.c_void_p.from_address(id(cls) + _TP_REPR)
            if cell.value == object_slot:
                cell.value = generic
                patched += 1
        import _thread

        own = [(object, _object_repr(address)), (types.FunctionType, _function_repr(address)),
               (types.GeneratorType, _generator_repr(address)), (types.CoroutineType, _coroutine_repr(address)),
               (types.AsyncGeneratorType, _async_generator_repr(address)), (types.CellType, _cell_repr(address)),
               (types.MethodWrapperType, _method_wrapper_repr(address)),
               (types.BuiltinMethodType, _builtin_method_repr(address)), (memoryview, _memory_repr(address))]
        for lock in (_thread.LockType, _thread.RLock):
            own.append((lock, _lock_repr(address, lock.__repr__)))
        # Weak references: the sandbox's own records of a program's sets hold one, which a set
        # subclass that also inherits a plain class reads as ``__weakref__`` (the thirty-seventh
        # session's red team E printed real addresses through it, and told an earlier task's
        # frees from them). Subclasses made before now copied the C slot: theirs too.
        weakref_repr = weakref.ref.__repr__
        for cls in list(_all_types()):
            if issubclass(cls, weakref.ref) and getattr(cls, "__repr__", None) is weakref_repr:
                own.append((cls, _weakref_repr(address)))
        for cls, function in own:
            if cls is not object:
                ctypes.c_void_p.from_address(id(cls) + _TP_REPR).value = generic
            _named_as_slot(function, cls)
            _type_dict(cls)["__repr__"] = function
            type_modified(cls)
        return (f"virtual addresses in the default reprs ({patched} types), functions', generators', "
                "coroutines', cells', method-wrappers', built-in methods', memoryviews', locks' and weak references'")
    except (ValueError, AttributeError, OSError) as exc:
        return f"unavailable ({type(exc).__name__}): default reprs print real addresses"


def install_buffer_info(address_of_buffer):
    """Make ``array.array.buffer_info()`` report ``address_of_buffer(real)`` (a virtual address)
    instead of where the array's storage is; the report line."""
    array = sys.modules.get("array")
    if array is None:
        return "array not loaded"
    try:
        real = array.array.__dict__["buffer_info"]

        def buffer_info(self):
            address, length = real(self)
            return address_of_buffer(address), length

        for name in ("__name__", "__qualname__", "__doc__"):
            setattr(buffer_info, name, getattr(real, name))
        _type_dict(array.array)["buffer_info"] = buffer_info
        _type_modified()(array.array)
        return "array.buffer_info reports virtual addresses"
    except (ValueError, AttributeError, KeyError, OSError) as exc:
        return f"unavailable ({type(exc).__name__}): array.buffer_info reports real addresses"
