"""Operating-system layer of the sandbox: rlimits, privileges, Landlock and seccomp-bpf.

Runs inside the worker processes (standard library only: ``ctypes`` reaches libseccomp and the
Landlock system calls). These layers hold when every Python-level layer has failed: a process
confined here cannot open, create, delete or rename a file, open a socket, fork, exec, signal a
process outside itself, ptrace, or raise its limits, even when a program holds the real ``os``.

Two profiles:
- ``zygote``: the warm process a worker forks its runners from. It runs no program code; it may
  still fork (its children) and signal them, and set their limits.
- ``child``: every process that runs program code. Added on top of the zygote's filter after fork
  (seccomp filters stack, and the strictest answer wins).

Each function reports what it achieved as text instead of raising: a layer the platform lacks is
one layer fewer, and ``Executor.sandbox_report()`` says so.
"""
import ctypes
import ctypes.util
import errno
import os
import resource
import struct

# -- rlimits ---------------------------------------------------------------------------------------


def set_limit(which, soft, hard=None):
    """Set a limit (never above the current hard limit). Returns None, or why it failed."""
    try:
        cur_soft, cur_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if cur_hard != resource.RLIM_INFINITY:
            soft = min(soft, cur_hard)
            hard = min(hard, cur_hard)
        resource.setrlimit(which, (soft, hard))
        return None
    except (ValueError, OSError) as exc:
        return f"{exc}"


def drop_privileges(uid=65534, gid=65534):
    """As root, become an unprivileged user (nobody): capabilities go, and with them the power to
    raise hard limits, ignore RLIMIT_NPROC, or bypass file permissions. Returns a report line."""
    if os.geteuid() != 0:
        return "unchanged (not running as root)"
    try:
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    except OSError as exc:
        return f"failed: {exc}"
    return f"dropped to uid {uid}"


# -- prctl -------------------------------------------------------------------------------------------
_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.prctl.restype = ctypes.c_int
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_MODE_FILTER = 2


def no_new_privs():
    """Set no_new_privs: no exec can ever gain privileges (setuid binaries, file capabilities).
    Landlock and unprivileged seccomp both require it."""
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"failed: {os.strerror(ctypes.get_errno())}"
    # Not dumpable: other processes of the same user cannot ptrace it or read /proc/<pid>/mem.
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    return "active"


# -- Landlock ------------------------------------------------------------------------------------------
_SYS_LANDLOCK_CREATE_RULESET = 444
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1
# File-system rights by ABI version (each version adds rights; all are "handled" = denied, since we
# add no rule that allows any path).
_FS_RIGHTS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1


def landlock_abi():
    """The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled."""
    version = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, None, 0, _LANDLOCK_CREATE_RULESET_VERSION)
    return max(0, int(version))


def landlock_restrict(file_system=True, network=True, scope=True):
    """Enter a Landlock domain that denies every file-system access (open, create, delete, rename,
    exec, truncate ...), TCP bind and connect (ABI >= 4), and signals and abstract unix sockets
    aimed outside the domain (ABI >= 6). Already-open descriptors keep working. Needs
    no_new_privs. Returns a report line."""
    abi = landlock_abi()
    if abi <= 0:
        return "unavailable: the kernel has no Landlock (or it is disabled)"
    fs = _FS_RIGHTS_BY_ABI.get(abi, _FS_RIGHTS_BY_ABI[5]) if file_system else 0
    net = (_NET_BIND_TCP | _NET_CONNECT_TCP) if (network and abi >= 4) else 0
    scoped = (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if (scope and abi >= 6) else 0
    if abi >= 6:
        attr = struct.pack("=QQQ", fs, net, scoped)
    elif abi >= 4:
        attr = struct.pack("=QQ", fs, net)
    else:
        attr = struct.pack("=Q", fs)
    buffer = ctypes.create_string_buffer(attr, len(attr))
    fd = _libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), 0)
    if fd < 0:
        return f"failed: landlock_create_ruleset: {os.strerror(ctypes.get_errno())}"
    try:
        if _libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(fd), 0) != 0:
            return f"failed: landlock_restrict_self: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(fd)
    parts = [p for p, on in (("file system", fs), ("TCP", net), ("signals", scoped)) if on]
    return f"active (ABI {abi}: {', '.join(parts)})"


# -- seccomp-bpf through libseccomp ----------------------------------------------------------------
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_FLTATR_CTL_NNP = 3
_SCMP_FLTATR_CTL_OPTIMIZE = 8


def _errno_action(code):
    return 0x00050000 | (code & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    # struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; scmp_datum_t datum_a, datum_b; }
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


_SCMP_CMP_NE, _SCMP_CMP_MASKED_EQ = 1, 7
_AT_EMPTY_PATH = 0x1000
# ioctls that type into a terminal, or route SIGIO (any signal, with F_SETSIG) to another process.
_TIOCSTI, _TIOCLINUX, _FIOSETOWN, _SIOCSPGRP, _FIOASYNC, _TIOCSPGRP = 0x5412, 0x541C, 0x8901, 0x8902, 0x5452, 0x5410
# fcntl commands that make the kernel signal another process, or watch files.
_F_SETOWN, _F_SETSIG, _F_SETOWN_EX, _F_SETLEASE, _F_NOTIFY = 8, 10, 15, 1024, 1026
# fcntl commands of record locks (x86-64 and arm64 numbers; a 32-bit libc's 64-bit forms are 12-14).
_F_GETLK, _F_SETLK, _F_SETLKW, _F_OFD_GETLK, _F_OFD_SETLK, _F_OFD_SETLKW = 5, 6, 7, 36, 37, 38

# Denied in every sandbox process (zygote and children) once warm-up is over.
_ALWAYS_DENIED = (
    # files: no open of any path, no change to the file system
    "open", "openat", "openat2", "creat", "open_by_handle_at", "name_to_handle_at",
    "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
    "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "fchmodat2",
    "chown", "fchown", "lchown", "fchownat", "truncate", "ftruncate", "mknod", "mknodat",
    "utime", "utimes", "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr",
    "removexattr", "lremovexattr", "fremovexattr", "chdir", "chroot", "pivot_root",
    "stat", "lstat", "access", "faccessat", "faccessat2", "readlink", "readlinkat", "statfs",
    "getxattr", "lgetxattr", "listxattr", "llistxattr", "statmount", "listmount",
    "inotify_init", "inotify_init1", "inotify_add_watch", "fanotify_init", "fanotify_mark",
    "memfd_create", "memfd_secret", "acct", "swapon", "swapoff", "quotactl", "quotactl_fd",
    "mount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
    "mount_setattr", "uselib",
    # processes
    "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "process_madvise", "pidfd_getfd", "unshare", "setns", "personality",
    # channels that outlive the process: System V IPC, POSIX message queues
    "shmget", "shmat", "shmdt", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl",
    "semget", "semop", "semtimedop", "semctl",
    "mq_open", "mq_unlink", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr",
    # network
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    "sendto", "sendmsg", "sendmmsg",
    # identity
    "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups",
    "setfsuid", "setfsgid", "capset",
    # kernel and machine
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "syslog", "sethostname", "setdomainname", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "iopl", "ioperm", "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key",
    "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register", "lookup_dcookie",
    "vhangup", "nfsservctl", "ustat", "sysfs", "process_mrelease", "lsm_set_self_attr",
)

# The numbers of the system calls added since Linux 5.1, the same on every architecture (the
# kernel numbers new calls alike everywhere from 424 on). An older libseccomp does not know the
# newest names: 2.5.4 resolves neither listmount and statmount nor lsm_set_self_attr, and the
# rules for them were skipped without a word (the twenty-seventh session's red team V).
_GENERIC_NUMBERS = {
    "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
    "pidfd_open": 434, "clone3": 435, "close_range": 436, "openat2": 437, "pidfd_getfd": 438,
    "faccessat2": 439, "process_madvise": 440, "epoll_pwait2": 441, "mount_setattr": 442,
    "quotactl_fd": 443, "landlock_create_ruleset": 444, "landlock_add_rule": 445,
    "landlock_restrict_self": 446, "memfd_secret": 447, "process_mrelease": 448, "futex_waitv": 449,
    "set_mempolicy_home_node": 450, "cachestat": 451, "fchmodat2": 452, "map_shadow_stack": 453,
    "futex_wake": 454, "futex_wait": 455, "futex_requeue": 456, "statmount": 457, "listmount": 458,
    "lsm_get_self_attr": 459, "lsm_set_self_attr": 460, "lsm_list_modules": 461, "mseal": 462,
    "setxattrat": 463, "getxattrat": 464, "listxattrat": 465, "removexattrat": 466, "open_tree_attr": 467,
    "file_getattr": 468, "file_setattr": 469,
}
# Every number from here up is denied in processes that run program code, known to this module or
# not, but for the futex calls (the interpreter's locks may use them): Linux 6.13 to 6.17 added
# calls that take a path (setxattrat, getxattrat, listxattrat, removexattrat, open_tree_attr,
# file_getattr, file_setattr) which a deny list of names written earlier could not know: a program
# past the Python layers changed a file's mode through an ACL and read other files' attributes
# (red team 27V). A kernel's next calls are denied before anyone names them.
_FIRST_UNVETTED = 451
_LAST_NUMBER = 1023
_VETTED_NEWER = frozenset({"futex_wake", "futex_wait", "futex_requeue"})

# Denied in processes that run program code, on top of the above.
_CHILD_DENIED = (
    # no process or thread of its own (CPython needs neither), none leaving the worker's group
    "fork", "vfork", "clone", "setsid", "setpgid",
    # no signal, and no scheduling or I/O priority change, aimed at any process
    "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal",
    "pidfd_open", "setpriority", "sched_setscheduler", "sched_setparam", "sched_setattr",
    "sched_setaffinity", "ioprio_set", "migrate_pages", "move_pages",
    # no change to its own confinement or limits
    "setrlimit", "prctl", "seccomp", "landlock_create_ruleset", "landlock_add_rule",
    "landlock_restrict_self",
    # no lock that another process could see (a child's descriptors are its own, see
    # _worker._private_standard_streams; this holds should one ever be shared)
    "flock",
    # no metadata of any path (glibc's fstat is newfstatat(fd, "", AT_EMPTY_PATH); a filter cannot
    # tell an empty path from a real one, so stat by descriptor goes too: nothing here needs it)
    "newfstatat", "statx", "fstat",
)


class _SockFilter(ctypes.Structure):  # struct sock_filter: one BPF instruction
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):  # struct sock_fprog: what PR_SET_SECCOMP takes
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Seccomp:
    """A libseccomp filter: default allow, the named system calls answered with EPERM.

    A deny list rather than an allow list: the interpreter's own needs (memory, signals, time,
    futexes, the pipes it already holds) vary with libc and kernel versions, while what must never
    happen is a short, stable list. libseccomp adds the architecture check, so 32-bit and x32
    system calls cannot slip past the 64-bit numbers (a foreign architecture kills the process).
    """

    def __init__(self):
        path = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
        self.lib = ctypes.CDLL(path, use_errno=True)
        lib = self.lib
        lib.seccomp_init.restype = ctypes.c_void_p
        lib.seccomp_init.argtypes = [ctypes.c_uint32]
        lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint,
                                               ctypes.POINTER(_ArgCmp)]
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
        lib.seccomp_load.argtypes = [ctypes.c_void_p]
        lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.seccomp_release.argtypes = [ctypes.c_void_p]
        self.ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
        if not self.ctx:
            raise OSError("seccomp_init failed")
        lib.seccomp_attr_set(self.ctx, _SCMP_FLTATR_CTL_NNP, 1)
        # A binary tree of the numbers rather than a list (libseccomp 2.5+; an older one answers
        # an error and keeps the list): with every number from _FIRST_UNVETTED up denied, a list
        # would put some 700 comparisons before each allowed call.
        lib.seccomp_attr_set(self.ctx, _SCMP_FLTATR_CTL_OPTIMIZE, 2)
        self.rules = 0
        self.program = None  # (see generate)

    def _number(self, name):
        number = self.lib.seccomp_syscall_resolve_name(name.encode())
        return number if number >= 0 else _GENERIC_NUMBERS.get(name, -1)

    def deny(self, name, *conditions, code=errno.EPERM):
        """Answer ``name`` (or a system call number) with ``code``; with conditions, only when all
        of them hold. A system call this architecture lacks is skipped."""
        number = name if isinstance(name, int) else self._number(name)
        if number < 0:
            return
        array = (_ArgCmp * max(1, len(conditions)))(*conditions) if conditions else None
        rc = self.lib.seccomp_rule_add_array(self.ctx, _errno_action(code), number, len(conditions), array)
        if rc < 0:
            raise OSError(-rc, f"seccomp rule for {name}: {os.strerror(-rc)}")
        self.rules += 1

    def generate(self):
        """Generate the BPF program now, once, as libseccomp's ``seccomp_export_bpf`` writes it
        (the program ``seccomp_load`` would generate and load): ``load`` then hands it to the
        kernel as it is. ``seccomp_load`` generated it again for every process, 7 ms of each
        runner and one-shot child's start (half of a one-shot job's cost) for a filter of some 770
        rules; libseccomp 2.6's ``seccomp_precompute`` keeps it the same way, and 2.5, Debian 12's,
        lacks it. Without ``memfd_create`` the program is not kept, and ``load`` generates it."""
        if not hasattr(os, "memfd_create"):
            return
        fd = os.memfd_create("azr-seccomp-program", os.MFD_CLOEXEC)
        try:
            rc = self.lib.seccomp_export_bpf(self.ctx, fd)
            if rc < 0:
                raise OSError(-rc, f"seccomp_export_bpf: {os.strerror(-rc)}")
            size = os.fstat(fd).st_size
            program = os.pread(fd, size, 0)
        finally:
            os.close(fd)
        instructions, rest = divmod(len(program), ctypes.sizeof(_SockFilter))
        if rest or not instructions or len(program) != size:
            raise OSError(errno.EINVAL, f"seccomp_export_bpf wrote {len(program)} bytes, no whole program")
        # (kept alive with this object: the kernel copies it when it is loaded)
        self._instructions = ctypes.create_string_buffer(program, len(program))
        self.program = _SockFprog(instructions, ctypes.addressof(self._instructions))

    def load(self):
        if self.program is None:
            rc = self.lib.seccomp_load(self.ctx)
            if rc < 0:
                raise OSError(-rc, f"seccomp_load: {os.strerror(-rc)}")
            return
        # What seccomp_load does with the program it generates, given this filter's attributes
        # (no_new_privs on; no thread sync, logging or speculation flags): no_new_privs, then the
        # filter, through prctl as libseccomp does where seccomp(2) takes no flags.
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"no_new_privs: {os.strerror(ctypes.get_errno())}")
        if _libc.prctl(PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(self.program), 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"seccomp filter: {os.strerror(ctypes.get_errno())}")


def build_filter(profile):
    """The filter for ``profile`` ("zygote" or "child"), built but not loaded."""
    f = Seccomp()
    for name in _ALWAYS_DENIED:
        f.deny(name)
    if profile != "child":
        # Path-based stat in the zygote (which runs no program code, and may fstat its pipes).
        f.deny("newfstatat", _ArgCmp(3, _SCMP_CMP_MASKED_EQ, _AT_EMPTY_PATH, 0))
        f.deny("statx", _ArgCmp(2, _SCMP_CMP_MASKED_EQ, _AT_EMPTY_PATH, 0))
    for request in (_TIOCSTI, _TIOCLINUX, _FIOSETOWN, _SIOCSPGRP, _FIOASYNC, _TIOCSPGRP):
        f.deny("ioctl", _ArgCmp(1, _SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, request))
    for command in (_F_SETOWN, _F_SETSIG, _F_SETOWN_EX, _F_SETLEASE, _F_NOTIFY):
        f.deny("fcntl", _ArgCmp(1, _SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, command))
    if profile == "child":
        for name in _CHILD_DENIED:
            f.deny(name)
        # clone3 passes its flags in memory a filter cannot read: ENOSYS, as on an old kernel.
        f.deny("clone3", code=errno.ENOSYS)
        # Nor a record lock, nor a probe of another process's locks (F_GETLK, F_SETLK, F_SETLKW
        # and their open-file-description forms).
        for command in (_F_GETLK, _F_SETLK, _F_SETLKW, _F_OFD_GETLK, _F_OFD_SETLK, _F_OFD_SETLKW):
            f.deny("fcntl", _ArgCmp(1, _SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, command))
        # Reading limits stays possible; setting them does not.
        f.deny("prlimit64", _ArgCmp(2, _SCMP_CMP_NE, 0, 0))
        named = {f._number(name) for name in (*_ALWAYS_DENIED, *_CHILD_DENIED, "clone3")}
        vetted = {_GENERIC_NUMBERS[name] for name in _VETTED_NEWER}
        for number in range(_FIRST_UNVETTED, _LAST_NUMBER + 1):
            if number not in named and number not in vetted:
                f.deny(number)
        try:
            f.generate()  # (loaded in every runner and one-shot child: generated once, here)
        except OSError:
            pass  # (each load generates it then, as libseccomp does)
    return f


def seccomp_available():
    """None when libseccomp and the kernel support filters, else why not."""
    try:
        Seccomp()
    except OSError as exc:
        return f"unavailable: {exc}"
    if not os.path.exists("/proc/self/status"):
        return None
    try:
        with open("/proc/self/status") as status:
            if "Seccomp:" not in status.read():
                return "unavailable: the kernel has no seccomp support"
    except OSError:
        pass
    return None


def apply_filter(built):
    """Load a filter from ``build_filter``. Returns a report line."""
    try:
        built.load()
    except OSError as exc:
        return f"failed: {exc}"
    return f"active ({built.rules} rules)"
