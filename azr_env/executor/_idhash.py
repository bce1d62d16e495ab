"""Identity hashes of the program's own classes, as virtual addresses.

An instance of a class without ``__hash__`` hashes by its address, so a set of such objects (graph
nodes, a visited set) iterates in an order that changes from process to process. Two runs in
different processes agree on a two-element order half the time, and validation's perturbed run,
which reverses that order, runs in a fresh namespace whose objects sit at other addresses than the
plain run's: its reversal is not sure to disagree. So the classes a program makes hash their
instances by the guards' virtual address instead (the order in which the task first hashed that
address or asked its ``id()``): the same in every run of a deterministic program, and reversed for
sure by the perturbed run.

How: ``object``'s type dictionary holds a Python function under ``__hash__`` from the worker's
lock-down on, for every task alike. A class made afterwards that does not define ``__hash__`` finds
that function along its MRO when it is made, so its ``tp_hash`` slot is the interpreter's generic
slot function, which calls it (as for any class with a ``__hash__`` method). The class's own
dictionary is untouched (``dataclass`` decides from ``'__hash__' in cls.__dict__``), and classes
made before (the standard library's, built-in types) keep the interpreter's pointer hash: only a
read of ``__hash__`` by name reaches the function there, and it hashes by identity too.
"""
import ctypes
import gc


def install(virtual_hash):
    """Put ``virtual_hash`` in ``object``'s type dictionary; the report line for the layer."""
    try:
        (namespace,) = [d for d in gc.get_referents(object.__dict__) if type(d) is dict]
        type_modified = ctypes.pythonapi.PyType_Modified
    except (ValueError, AttributeError) as exc:
        return f"unavailable ({type(exc).__name__}): classes hash by address"
    type_modified.argtypes = [ctypes.py_object]
    type_modified.restype = None
    namespace["__hash__"] = virtual_hash
    type_modified(object)  # drop the method cache's entries (every class's)
    return "virtual addresses for classes made by programs"
