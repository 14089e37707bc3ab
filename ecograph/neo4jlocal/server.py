"""The local Neo4j 5.26 Community server: build on first use, start, status, stop.

The server is Neo4j embedded in a small Java launcher built by Maven from Maven Central
artifacts. Its sources (``pom.xml`` and the Java files) ship inside the package, in
``ecograph/neo4jlocal/neo4j-local/``; on first use they are built in the per-user cache (see
:func:`tools_dir`), so a plain install or a wheel needs no source tree.

Each server lives in its own data folder, which also holds its pid file (``ecograph-neo4j.pid``)
and its log (``ecograph-neo4j.log``), so several servers can run side by side on different ports.

The password of the user ``neo4j`` comes from the environment variable ``NEO4J_PASSWORD``; it is
passed to the launcher through the environment, never on a command line, and never printed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from filelock import FileLock

from ecograph.errors import InputError, StoreError
from ecograph.io.atomic import atomic_write
from ecograph.userdirs import cache_home

__all__ = [
    "DEFAULT_PORT",
    "DEFAULT_HEAP",
    "DEFAULT_PAGECACHE",
    "ServerStatus",
    "sources_digest",
    "tools_dir",
    "is_built",
    "build",
    "start",
    "stop",
    "check_port",
    "status",
    "wait_for_bolt",
    "free_port",
]

#: Default Bolt port.
DEFAULT_PORT = 7687
#: Default maximum Java heap of the server (the machine is shared; keep it bounded).
DEFAULT_HEAP = "1g"
#: Default page cache size.
DEFAULT_PAGECACHE = "256m"
#: Share of the heap that open transactions may use together unless ``tx_memory`` says
#: (Neo4j's own default for ``dbms.memory.transaction.total.max``). A push is one transaction:
#: a case of 100,000 relationships needs about 2 GB of it.
TX_MEMORY_SHARE = 0.7

#: The smallest ``dbms.memory.transaction.total.max`` Neo4j accepts (besides 0, no limit).
_MIN_TX_MEMORY = 10 << 20
_SIZE = re.compile(r"(\d+)([kmg])", re.IGNORECASE)
_UNIT = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def parse_size(text: str, option: str) -> int:
    """Return the bytes of a memory size such as ``"512m"`` or ``"3g"``.

    Raises
    ------
    InputError
        Not a whole number followed by k, m or g (``option`` names the option in the message).
    """
    m = _SIZE.fullmatch(text.strip())
    if m is None or int(m.group(1)) == 0:
        raise InputError(
            f"{option} {text!r} is not a memory size",
            field=option,
            expected="a whole number and k, m or g, e.g. 1g or 512m",
        )
    return int(m.group(1)) * _UNIT[m.group(2).lower()]


def default_tx_memory(heap: str) -> str:
    """Return :data:`TX_MEMORY_SHARE` of ``heap``, in MiB (e.g. ``"1g"`` -> ``"716m"``)."""
    return f"{max(1, int(parse_size(heap, '--heap') * TX_MEMORY_SHARE) >> 20)}m"


PID_FILE = "ecograph-neo4j.pid"
LOG_FILE = "ecograph-neo4j.log"
_MAIN_CLASS = "org.ecograph.neo4jlocal.Launcher"
#: The launcher's Maven project, shipped as package data beside this module.
_SOURCES = "neo4j-local"

#: The JVM flags that Neo4j's own neo4j.conf sets for Java 17.
JAVA_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.tls.ephemeralDHKeySize=2048",
)


@dataclass(frozen=True)
class ServerStatus:
    """The state of one local server.

    Parameters
    ----------
    running : bool
        Whether the process recorded in the pid file is alive.
    data : Path
        The data folder.
    pid : int, optional
        The process id, when running.
    port : int, optional
        The Bolt port it was started on.
    """

    running: bool
    data: Path
    pid: int | None = None
    port: int | None = None

    @property
    def uri(self) -> str | None:
        """Return the Bolt URI, when the port is known."""
        return None if self.port is None else f"bolt://127.0.0.1:{self.port}"


def _source_files() -> list[tuple[str, bytes]]:
    """Return the launcher's Maven project shipped in the package: (relative path, content)."""
    root = resources.files("ecograph.neo4jlocal").joinpath(_SOURCES)
    found: list[tuple[str, bytes]] = []
    pending: list[tuple[str, Traversable]] = [("", root)]
    while pending:
        prefix, node = pending.pop()
        for child in node.iterdir():
            rel = f"{prefix}{child.name}"
            if child.is_dir():
                pending.append((rel + "/", child))
            elif child.name == "pom.xml" or child.name.endswith(".java"):
                found.append((rel, child.read_bytes()))
    if not any(rel == "pom.xml" for rel, _ in found):
        raise StoreError(
            f"cannot build the local Neo4j: the launcher's sources ({_SOURCES}/pom.xml) are "
            "missing from the installed ecograph package",
            hints=["reinstall ecograph, or set ECOGRAPH_NEO4J_TOOLS to a built launcher folder"],
        )
    return sorted(found)


def sources_digest() -> str:
    """Return a short hash of the launcher's sources (names and contents)."""
    h = hashlib.sha256()
    for rel, content in _source_files():
        h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(content).digest())
    return h.hexdigest()[:16]


def tools_dir() -> Path:
    """Return the folder of the launcher's Maven project (where it is, or will be, built).

    ``ECOGRAPH_NEO4J_TOOLS`` overrides it (a Maven project of the launcher, built there).
    Otherwise the sources shipped in the package are built in the per-user cache,
    ``<cache>/neo4j-local/<hash of the sources>`` (see :func:`ecograph.userdirs.cache_home`),
    so an installed package needs no source tree, and a changed launcher gets its own folder.
    """
    env = os.environ.get("ECOGRAPH_NEO4J_TOOLS")
    if env:
        return Path(env)
    return cache_home() / "neo4j-local" / sources_digest()


def _classpath(tools: Path) -> str:
    return os.pathsep.join([str(tools / "target" / "classes"), str(tools / "target" / "lib" / "*")])


def is_built(tools: Path | None = None) -> bool:
    """Return whether the launcher is built and newer than its sources."""
    tools = tools or tools_dir()
    marker = tools / "target" / "classes" / "org" / "ecograph" / "neo4jlocal" / "Launcher.class"
    lib = tools / "target" / "lib"
    if not marker.is_file() or not lib.is_dir() or not any(lib.glob("neo4j-kernel-*.jar")):
        return False
    built = marker.stat().st_mtime
    sources = [tools / "pom.xml", *tools.joinpath("src").rglob("*.java")]
    return all(s.stat().st_mtime <= built for s in sources if s.exists())


def build(tools: Path | None = None, *, force: bool = False) -> Path:
    """Build the launcher with Maven if it is not built yet.

    Without ``tools`` and without ``ECOGRAPH_NEO4J_TOOLS``, the sources shipped in the package
    are built in the per-user cache (:func:`tools_dir`): in a folder beside it, then renamed
    into place, so the cache never holds half a build; a lock makes a second process wait for
    the first build instead of starting its own.

    Parameters
    ----------
    tools : Path, optional
        A Maven project of the launcher to build in place (default :func:`tools_dir`).
    force : bool
        Build even if it looks up to date.

    Returns
    -------
    Path
        The folder of the built launcher.

    Raises
    ------
    StoreError
        When Maven or Java is missing, the sources are missing, or the build fails (the end
        of Maven's log is shown).
    """
    if tools is not None or os.environ.get("ECOGRAPH_NEO4J_TOOLS"):
        tools = tools or tools_dir()
        if not force and is_built(tools):
            return tools
        if not (tools / "pom.xml").is_file():
            raise StoreError(f"cannot build the local Neo4j: {tools / 'pom.xml'} not found")
        _maven_package(tools)
        return tools
    target = tools_dir()
    if not force and is_built(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / f"{target.name}.lock")):
        if not force and is_built(target):  # built by another process while we waited
            return target
        work = Path(tempfile.mkdtemp(prefix=f"{target.name}.building-", dir=target.parent))
        try:
            for rel, content in _source_files():
                dest = work.joinpath(*rel.split("/"))
                dest.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(dest, content, lock=False)
            _maven_package(work)
            if target.exists():
                shutil.rmtree(target)
            os.replace(work, target)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
    return target


def _maven_package(project: Path) -> None:
    """Run ``mvn package`` in ``project``; raise a StoreError with the end of its log."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreError(
            "cannot build the local Neo4j: Maven (mvn) is not installed",
            hints=["install Maven 3.8+ and OpenJDK 17"],
        )
    proc = subprocess.run(
        [mvn, "-B", "-q", "package"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not is_built(project):
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise StoreError(f"building the local Neo4j failed (mvn exit {proc.returncode}):\n{tail}")


def _read_pid(data: Path) -> tuple[int | None, int | None]:
    try:
        info = json.loads((data / PID_FILE).read_text(encoding="utf-8"))
        return int(info["pid"]), int(info["port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None, None


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        # os.kill(pid, 0) would end the process on Windows: ask for its exit code instead.
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            still_active = 259
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(ok) and code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if not sys.platform.startswith("linux"):
        return True
    # A zombie (exited child not yet reaped) is not alive.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def status(data: Path) -> ServerStatus:
    """Return the state of the server whose data folder is ``data``."""
    data = Path(data).resolve()
    pid, port = _read_pid(data)
    if pid is not None and _alive(pid):
        return ServerStatus(True, data, pid, port)
    return ServerStatus(False, data, None, port)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(data: Path, n: int = 15) -> str:
    try:
        lines = (data / LOG_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def wait_for_bolt(
    uri: str,
    password: str,
    *,
    user: str = "neo4j",
    timeout: float = 180.0,
    pid: int | None = None,
    data: Path | None = None,
) -> float:
    """Poll the Bolt server until it answers a query, the process dies, or time runs out.

    Parameters
    ----------
    uri : str
        The Bolt URI.
    password, user : str
        Credentials.
    timeout : float
        Seconds to wait at most.
    pid : int, optional
        The server process; if it exits, stop waiting at once.
    data : Path, optional
        The data folder, to quote the end of the log in the error.

    Returns
    -------
    float
        The seconds waited.

    Raises
    ------
    StoreError
        When the server does not answer in time or its process exits.
    """
    import neo4j
    from neo4j.exceptions import AuthError, ServiceUnavailable

    t0 = time.monotonic()
    delay = 0.1
    last: Exception | None = None
    while True:
        if pid is not None and not _alive(pid):
            tail = _log_tail(data) if data is not None else ""
            raise StoreError(f"the local Neo4j server exited during start-up:\n{tail}")
        try:
            with neo4j.GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=2.0
            ) as driver:
                # A plain auto-commit query: no driver-side retry, so polling stays in our hands.
                with driver.session() as session:
                    session.run("RETURN 1").consume()
            return time.monotonic() - t0
        except AuthError as exc:
            # The launcher sets the password after Bolt opens; retry for a short while.
            last = exc
        except (ServiceUnavailable, OSError) as exc:
            last = exc
        except neo4j.exceptions.Neo4jError as exc:  # database still starting
            last = exc
        if time.monotonic() - t0 > timeout:
            raise StoreError(
                f"the local Neo4j server did not answer on {uri} within {timeout:.0f} s "
                f"({type(last).__name__})"
            )
        time.sleep(delay)
        delay = min(delay * 1.5, 1.0)


def start(
    data: Path,
    *,
    port: int = DEFAULT_PORT,
    password: str | None = None,
    heap: str = DEFAULT_HEAP,
    pagecache: str = DEFAULT_PAGECACHE,
    tx_memory: str | None = None,
    timeout: float = 180.0,
    build_if_needed: bool = True,
) -> ServerStatus:
    """Start a local server in the background and wait until Bolt answers.

    If a server is already running from ``data``, it is returned as it is.

    Parameters
    ----------
    data : Path
        The data folder (created if needed); holds the database, pid file and log.
    port : int
        The Bolt port on 127.0.0.1.
    password : str, optional
        Password of the user ``neo4j`` (default: ``NEO4J_PASSWORD``); at least 8 characters.
    heap, pagecache : str
        Maximum Java heap and page cache, e.g. ``"1g"``, ``"256m"``.
    tx_memory : str, optional
        Most memory all open transactions may use together (part of the heap); default
        :data:`TX_MEMORY_SHARE` of ``heap``.
    timeout : float
        Seconds to wait for Bolt to answer.
    build_if_needed : bool
        Build the launcher with Maven first if needed.

    Returns
    -------
    ServerStatus
        The running server.

    Raises
    ------
    StoreError
        No password, port taken, Java missing, or the server did not come up.
    InputError
        A memory size that is not one (``"3gb"``), or a transaction memory below Neo4j's
        minimum (10 MiB) or above the heap; checked before anything starts.
    """
    data = Path(data).resolve()
    if tx_memory is None:
        tx_memory = default_tx_memory(heap)
    tx_bytes = parse_size(tx_memory, "--tx-memory")
    if tx_bytes < _MIN_TX_MEMORY:
        raise InputError(
            f"--tx-memory {tx_memory} is less than Neo4j accepts",
            field="--tx-memory",
            expected="at least 10m",
        )
    if tx_bytes > parse_size(heap, "--heap"):
        raise InputError(
            f"--tx-memory {tx_memory} is more than the heap ({heap})",
            field="--tx-memory",
            expected="a part of --heap (transactions live on the heap)",
        )
    parse_size(pagecache, "--pagecache")
    current = status(data)
    if current.running:
        return current
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise StoreError(
            "set NEO4J_PASSWORD to the password the local Neo4j server should use",
            hints=["at least 8 characters; it is never printed"],
        )
    if len(password) < 8:
        raise StoreError("NEO4J_PASSWORD is too short (Neo4j needs at least 8 characters)")
    if _port_in_use(port):
        raise StoreError(
            f"port {port} on 127.0.0.1 is already in use", hints=["choose another with --port"]
        )
    java = shutil.which("java")
    if java is None:
        raise StoreError("cannot start the local Neo4j: java (OpenJDK 17) is not installed")
    tools = build() if build_if_needed else tools_dir()
    data.mkdir(parents=True, exist_ok=True)
    (data / "ready").unlink(missing_ok=True)
    env = dict(os.environ)
    env["NEO4J_PASSWORD"] = password
    cmd = [
        java,
        f"-Xmx{heap}",
        "-Xms128m",
        *JAVA_FLAGS,
        "-cp",
        _classpath(tools),
        _MAIN_CLASS,
        "--port",
        str(port),
        "--data",
        str(data),
        "--pagecache",
        pagecache,
        "--tx-memory",
        tx_memory,
    ]
    with open(data / LOG_FILE, "ab") as log:
        proc = subprocess.Popen(  # noqa: S603 - fixed command, no shell
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    tmp = data / (PID_FILE + ".tmp")
    tmp.write_text(json.dumps({"pid": proc.pid, "port": port}), encoding="utf-8")
    os.replace(tmp, data / PID_FILE)
    try:
        wait_for_bolt(
            f"bolt://127.0.0.1:{port}", password, timeout=timeout, pid=proc.pid, data=data
        )
    except BaseException:
        stop(data)
        raise
    return ServerStatus(True, data, proc.pid, port)


def check_port(st: ServerStatus, port: int | None) -> None:
    """Check that the server of a data folder is the one on ``port`` (when a port is given).

    A server is found by its data folder (which holds its pid file); ``--port`` only confirms
    which one is meant, so ``stop`` and ``status`` take the same options as ``start``.

    Raises
    ------
    InputError
        The server of the folder runs on another port, or none runs there while something
        else answers on ``port``.
    """
    if port is None:
        return
    if st.running and st.port is not None and st.port != port:
        raise InputError(
            f"the server of data folder {st.data} runs on port {st.port}, not {port}",
            field="--port",
            expected=f"--port {st.port}, or the --data the server on {port} was started with",
        )
    if not st.running and _port_in_use(port):
        raise InputError(
            f"no server runs from data folder {st.data}, but port {port} is in use: "
            "a server is found by its data folder",
            field="--data",
            expected=f"the --data folder the server on port {port} was started with",
        )


def stop(data: Path, *, port: int | None = None, timeout: float = 60.0) -> bool:
    """Stop the server of ``data`` cleanly (SIGTERM, then wait; SIGKILL only after ``timeout``).

    Parameters
    ----------
    data : Path
        The data folder the server was started with.
    port : int, optional
        The port it was started on; checked by :func:`check_port` before anything is stopped.
    timeout : float
        Seconds to wait for a clean exit.

    Returns
    -------
    bool
        True if a running server was stopped, False if none was running.

    Raises
    ------
    InputError
        ``port`` does not match the server of ``data`` (see :func:`check_port`).
    """
    data = Path(data).resolve()
    st = status(data)
    check_port(st, port)
    if not st.running or st.pid is None:
        (data / PID_FILE).unlink(missing_ok=True)
        return False
    pid = st.pid
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    delay = 0.05
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)
    if _alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        print(f"warning: the server (pid {pid}) did not stop in time; killed", file=sys.stderr)
    _reap(pid)
    (data / PID_FILE).unlink(missing_ok=True)
    (data / "ready").unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the exit status if the server is our own child (no zombie left behind)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
