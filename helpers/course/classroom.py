"""The classroom server: the whole class in a browser from one machine, on JupyterHub.

``python course.py classroom`` (:mod:`helpers.course.classroom_cli`) prepares a state folder
(default ``classroom/`` beside ``course.py``) and starts JupyterHub with the configuration
that :func:`helpers.course.classroom_hub.configure_hub` writes from the settings and folders here:

* **Log-in.** JupyterHub's ``SharedPasswordAuthenticator``: one class password (at least 8
  characters; generated when not given, kept in a file only the instructor can read,
  never logged, never in the configuration file), and a user name per trainee (lower-case
  letters, digits, ``_`` and ``-``: pinyin or a student number). The instructor logs in as
  the admin user with a separate, long admin password; admins cannot use the class password.
* **One JupyterLab per trainee** (``SimpleLocalProcessSpawner``), started exactly as the
  course starts it on a laptop (:mod:`helpers.course.lab`: the course's configuration
  folder with the bundled Chinese font as custom CSS, ``--LabApp.custom_css=True``, no
  update check), in the course environment with its Chinese menus, in the trainee's own
  folder ``homes/<name>/``. On first log-in the folder receives a copy of the course's
  notebooks, exercises and worksheets (:func:`provision_home`; files already there are never
  overwritten, so a re-login keeps the trainee's work). The case data are not copied: the
  helpers read them from the one shared ``data/`` folder, outside every trainee's file browser.
* **Limits.** One server per trainee; at most :attr:`ClassroomSettings.max_servers` servers at
  once (from the machine's memory, :func:`default_max_servers`; as many may start together, since
  JupyterHub turns away, rather than queues, log-ins beyond its concurrent-spawn limit); a kernel
  idle for 30 minutes is shut down inside each server, and a whole server idle
  for an hour is stopped by ``jupyterhub-idle-culler`` (the trainee's files stay; the next
  log-in starts it again in seconds). ``Spawner.mem_limit`` states the memory budget per
  trainee, but the local spawner does not enforce it (on Kubernetes the same number is a hard
  limit, see ``deploy/values.yaml``).
* **Network.** The hub, its proxy API and every trainee server listen on 127.0.0.1; only the
  public address is where the instructor says (``--ip``, default 127.0.0.1).
  :func:`exposure_warning` warns when that address is reachable from other machines and
  has no TLS (passwords then cross the room's network in clear text).

**What this does not isolate.** Every trainee's server and kernels run as the instructor's
own operating-system user. Through the hub a trainee reaches only their own server (the
hub's permissions refuse another trainee's), their file browser shows only their own folder,
and the terminal is switched off; but code in a notebook can read and write every file the
instructor's account can, other trainees' folders included, and use all memory and CPU. Also,
a shared password identifies the class, not the person: anyone who knows it can log in under
any trainee's name. So this is a set-up for a room of colleagues, not a security boundary;
for strangers use Zero to JupyterHub on Kubernetes (``deploy/``), where every trainee gets a
container with enforced limits.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from ..paths import ROOT

#: The default state folder: hub database, secrets, trainees' folders, collected work.
STATE = ROOT / "classroom"
ADMIN = "teacher"
#: Trainee names: lower-case pinyin, a student number ... (JupyterHub lower-cases first).
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"
MIN_PASSWORD = 8
MIN_ADMIN_PASSWORD = 32
#: The trainee's worksheets folder inside their home (what ``helpers.paths.work_dir`` uses there).
WORK_FOLDER = "用户经营步骤_我的成果"
SUBMISSIONS = "提交"
#: Memory budget per trainee (MiB), from ``benchmarks/load_classroom.py``: a JupyterLab server
#: with lecture 2 and the L02 exercise open takes about 455 MiB (PSS), each further open notebook
#: about 130 MiB; the budget leaves room for a worksheet beside them.
TRAINEE_MEMORY_MIB = 640
#: Memory kept free for the hub, the proxy, the instructor's own work and the OS (MiB).
RESERVED_MEMORY_MIB = 2048
#: Letters and digits of generated passwords (no 0/o, 1/l/i: read off a projector).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz"
_DIGITS = "23456789"
#: What a trainee's folder receives from the course (relative to the course root).
COPY_TREES = ("notebooks", "exercises")
#: Never copied to trainees: the instructor's guide, the exercise masters (they hold the
#: solutions), the checks, and editor/cache clutter.
COPY_EXCLUDE = ("讲师指南.md", "source", "checks", ".ipynb_checkpoints", "__pycache__", "README.md")


class ClassroomError(RuntimeError):
    """A problem the instructor must fix before the class server can run (bilingual message)."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n[EN] {en}")


@dataclass
class ClassroomSettings:
    """Everything the hub configuration depends on, except the passwords.

    >>> s = ClassroomSettings(state=Path("/tmp/c"), port=8123)
    >>> s.public_url, s.homes.name, s.tls
    ('http://127.0.0.1:8123', 'homes', False)
    >>> ClassroomSettings.from_json(s.to_json()) == s
    True
    """

    state: Path = STATE
    ip: str = "127.0.0.1"
    port: int = 8000
    admin: str = ADMIN
    users: tuple[str, ...] = ()
    idle_timeout: int = 3600
    cull_every: int = 300
    kernel_idle_timeout: int = 1800
    mem_limit_mib: int = TRAINEE_MEMORY_MIB
    max_servers: int = 0  # 0: from the machine's memory (default_max_servers)
    concurrent_spawns: int = 0  # 0: as many as max_servers (JupyterHub refuses, not queues, the rest)
    ssl_cert: str = ""
    ssl_key: str = ""
    hub_port: int = 0  # 0: a free port at start
    proxy_api_port: int = 0
    log_level: str = "INFO"
    root: Path = ROOT

    @property
    def hub_dir(self) -> Path:
        return self.state / "hub"

    @property
    def homes(self) -> Path:
        return self.state / "homes"

    @property
    def submissions(self) -> Path:
        return self.state / SUBMISSIONS

    @property
    def secrets_file(self) -> Path:
        return self.hub_dir / "passwords.json"

    @property
    def tls(self) -> bool:
        return bool(self.ssl_cert and self.ssl_key)

    @property
    def public_url(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    @property
    def local_url(self) -> str:
        """Where this machine reaches the hub (loopback when listening on every address)."""
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0", "::") else self.ip
        return ClassroomSettings(ip=host, port=self.port, ssl_cert=self.ssl_cert, ssl_key=self.ssl_key).public_url

    def to_json(self) -> str:
        data = asdict(self)
        data.update(state=str(self.state), root=str(self.root), users=list(self.users))
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> ClassroomSettings:
        data = json.loads(text)
        data.update(state=Path(data["state"]), root=Path(data["root"]), users=tuple(data["users"]))
        return cls(**data)


def make_password() -> str:
    """A class password that is easy to read off a projector and type: ``abcd-2345``.

    Returns:
        Nine characters (four letters, a dash, four digits; about 2.8 billion choices).

    >>> p = make_password(); len(p), p[4], p[:4].isalpha(), p[5:].isdigit()
    (9, '-', True, True)
    """
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    return f"{letters}-{''.join(secrets.choice(_DIGITS) for _ in range(4))}"


def check_password(password: str) -> str:
    """Refuse a class password JupyterHub would refuse (shorter than 8 characters).

    Args:
        password: the proposed class password.

    Returns:
        The password.

    >>> check_password("kecheng-2026")
    'kecheng-2026'
    >>> check_password("short")
    Traceback (most recent call last):
    ...
    helpers.course.classroom.ClassroomError: 课堂密码至少要 8 个字符（现在 5 个）。
    [EN] the class password needs at least 8 characters (it has 5).
    """
    if len(password) < MIN_PASSWORD or password != password.strip():
        raise ClassroomError(f"课堂密码至少要 {MIN_PASSWORD} 个字符（现在 {len(password)} 个）。",
                             f"the class password needs at least {MIN_PASSWORD} characters (it has {len(password)}).")
    return password


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to a file only this user can read or write (mode 600, also when it existed).

    Args:
        path: the file.
        text: its content.

    Returns:
        The path.

    >>> import tempfile, stat
    >>> p = write_private(Path(tempfile.mkdtemp()) / "s.json", "{}")
    >>> oct(stat.S_IMODE(p.stat().st_mode)) if os.name == "posix" else "0o600"
    '0o600'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)
    return path


def load_secrets(settings: ClassroomSettings, password: str | None = None, new: bool = False) -> dict[str, str]:
    """The class and admin passwords: kept from the last start unless a new one is given or asked for.

    A restarted class server keeps its password, so trainees need not learn a new one.

    Args:
        settings: the classroom settings (``secrets_file``).
        password: the class password the instructor chose (``None``: keep or generate).
        new: generate a new class password even if one is stored.

    Returns:
        ``{"class_password": ..., "admin_password": ...}`` (also written, mode 600).

    >>> import tempfile
    >>> s = ClassroomSettings(state=Path(tempfile.mkdtemp()))
    >>> first = load_secrets(s); load_secrets(s) == first
    True
    >>> load_secrets(s, password="kecheng-2026")["class_password"]
    'kecheng-2026'
    """
    stored: dict[str, str] = {}
    if settings.secrets_file.is_file():
        try:
            stored = json.loads(settings.secrets_file.read_text(encoding="utf-8"))
        except ValueError:
            stored = {}
    class_password = check_password(password) if password else stored.get("class_password", "")
    if new or not class_password:
        class_password = make_password()
    admin_password = stored.get("admin_password", "")
    if len(admin_password) < MIN_ADMIN_PASSWORD or admin_password == class_password:
        admin_password = secrets.token_urlsafe(30)
    out = {"class_password": class_password, "admin_password": admin_password,
           "note": "课堂服务器的密码（只有本机当前用户可读）/ class-server passwords (readable by this user only)"}
    if out != stored:
        write_private(settings.secrets_file, json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    return out


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only.

    Args:
        host: an IP address or host name.

    Returns:
        ``True`` for 127.x.x.x, ``::1`` and ``localhost``.

    >>> [is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "192.168.1.5", "")]
    [True, True, True, False, False, False]
    """
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(settings: ClassroomSettings) -> str | None:
    """The warning shown when the hub is reachable from other machines without TLS, else ``None``.

    Args:
        settings: the classroom settings (``ip``, ``ssl_cert``, ``ssl_key``).

    Returns:
        A bilingual warning, or ``None`` (loopback, or TLS configured).

    >>> exposure_warning(ClassroomSettings(ip="127.0.0.1")) is None
    True
    >>> "TLS" in exposure_warning(ClassroomSettings(ip="0.0.0.0"))
    True
    >>> exposure_warning(ClassroomSettings(ip="0.0.0.0", ssl_cert="c.pem", ssl_key="k.pem")) is None
    True
    """
    if is_loopback(settings.ip) or settings.tls:
        return None
    where = "本机所有网络地址" if settings.ip in ("", "0.0.0.0", "::") else settings.ip
    return (f"注意：课堂服务器在 {where} 上对网络开放，而且没有加密（TLS）。同一网络里的人都能打开登录页，"
            "密码和笔记本内容以明文传输。只在可信的教室网络里这样用；需要加密时用 --ssl-cert 和 --ssl-key 指定证书。\n"
            f"[EN] WARNING: the class server listens on {settings.ip or 'every address'} without TLS: anyone on this "
            "network can reach the login page, and passwords and notebooks cross it in clear text. Use it on a "
            "trusted classroom network only, or give --ssl-cert and --ssl-key.")


def default_max_servers(total_mib: int | None = None, per_trainee_mib: int = TRAINEE_MEMORY_MIB) -> int:
    """How many trainee servers may run at once on this machine: its memory, less a reserve, per budget.

    Args:
        total_mib: the machine's memory in MiB (default: measured).
        per_trainee_mib: the memory budget per trainee.

    Returns:
        At least 1.

    >>> default_max_servers(24 * 1024, 640)
    35
    >>> default_max_servers(1024, 1024)
    1
    """
    if total_mib is None:
        import psutil

        total_mib = psutil.virtual_memory().total // 2**20
    return max(1, (total_mib - RESERVED_MEMORY_MIB) // per_trainee_mib)


def trainee_files(root: Path = ROOT) -> list[Path]:
    """The course files a trainee's folder receives, relative to ``root``.

    Args:
        root: the course folder.

    Returns:
        Relative paths under ``notebooks/`` and ``exercises/``, without the instructor's guide,
        the exercise masters and checks.

    >>> files = trainee_files()
    >>> any(p.parts[0] == "exercises" and p.name.startswith("L01_") for p in files)
    True
    >>> any(p.name == "讲师指南.md" or "source" in p.parts for p in files)
    False
    """
    out = []
    for tree in COPY_TREES:
        for path in sorted((root / tree).rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not path.is_symlink() and not set(rel.parts) & set(COPY_EXCLUDE):
                out.append(rel)
    return out


def provision_home(home: Path, root: Path = ROOT) -> list[Path]:
    """Give a trainee's folder its copy of the course: only the files it does not have yet.

    Idempotent: a second call copies nothing, a trainee's edited notebook is never
    overwritten, and a file the instructor adds to the course later arrives at the next
    log-in. Folders are created private to this user (mode 700).

    Args:
        home: the trainee's folder.
        root: the course folder.

    Returns:
        The files copied (relative paths).

    >>> import tempfile
    >>> home = Path(tempfile.mkdtemp()) / "stu01"
    >>> len(provision_home(home)) > 0, provision_home(home)
    (True, [])
    """
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    (home / WORK_FOLDER).mkdir(mode=0o700, exist_ok=True)
    copied = []
    for rel in trainee_files(root):
        target = home / rel
        if os.path.lexists(target):
            continue
        if any((home / Path(*rel.parts[:i])).is_symlink() for i in range(1, len(rel.parts))):
            continue  # never write through a link a notebook planted in the folder
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(root / rel, target)
        copied.append(rel)
    return copied


def trainee_homes(settings: ClassroomSettings) -> dict[str, Path]:
    """The trainees' folders by user name (the admin's own folder left out), sorted.

    Args:
        settings: the classroom settings.

    Returns:
        ``{name: folder}``.

    >>> trainee_homes(ClassroomSettings(state=Path("/nonexistent")))
    {}
    """
    if not settings.homes.is_dir():
        return {}
    return {p.name: p for p in sorted(settings.homes.iterdir())
            if p.is_dir() and not p.is_symlink() and p.name != settings.admin}


if __name__ == "__main__":  # Kubernetes: the image's postStart hook gives the trainee's home its copy of the course
    provision_home(Path.home())
