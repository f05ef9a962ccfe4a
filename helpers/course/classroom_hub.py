"""The JupyterHub configuration of the classroom server (see :mod:`helpers.course.classroom`).

:func:`write_hub_config` writes the state folder's ``jupyterhub_config.py``, which holds no
password and calls :func:`configure_hub` when the hub starts; that fills JupyterHub's
configuration from ``settings.json`` and the private ``passwords.json``. Each trainee's
JupyterLab gets the course launcher's options (:func:`singleuser_args`) and environment
(:func:`singleuser_env`), and their folder its copy of the course just before it starts
(:func:`provision_hook`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from ..paths import ROOT
from .classroom import (
    USERNAME_PATTERN,
    WORK_FOLDER,
    ClassroomError,
    ClassroomSettings,
    default_max_servers,
    load_secrets,
    provision_home,
    write_private,
)
from .lab import lab_command, lab_env


def singleuser_args(settings: ClassroomSettings) -> list[str]:
    """Command-line options of each trainee's JupyterLab: the course launcher's, plus classroom limits.

    The ``--LabApp.*`` options (and ``allow_root``) are taken from :func:`helpers.course.lab.lab_command`,
    so a trainee's JupyterLab is the one the course opens on a laptop.

    Args:
        settings: the classroom settings (kernel idle timeout).

    Returns:
        Arguments appended to ``python -m jupyterhub.singleuser``.

    >>> args = singleuser_args(ClassroomSettings())
    >>> "--LabApp.custom_css=True" in args, "--ServerApp.terminals_enabled=False" in args
    (True, True)
    """
    lab = [a for a in lab_command(0, open_browser=False)
           if a.startswith("--LabApp.") or a == "--ServerApp.allow_root=True"]
    return [*lab, "--ServerApp.terminals_enabled=False",
            f"--MappingKernelManager.cull_idle_timeout={settings.kernel_idle_timeout}",
            "--MappingKernelManager.cull_interval=120"]


def _work_dir(spawner: Any) -> str:
    return str(Path(spawner.home_dir) / WORK_FOLDER)


def _lab_settings_dir(spawner: Any) -> str:
    return str(Path(spawner.home_dir) / ".jupyter" / "lab" / "user-settings")


def _lab_workspaces_dir(spawner: Any) -> str:
    return str(Path(spawner.home_dir) / ".jupyter" / "lab" / "workspaces")


def singleuser_env(settings: ClassroomSettings) -> dict[str, Any]:
    """The environment of each trainee's JupyterLab (``Spawner.environment``; callables run per trainee).

    The course's Jupyter configuration folder (:func:`helpers.course.lab.lab_env`) is shared and
    read-only; JupyterLab's own settings and workspaces, the worksheets folder and ``HOME`` are the
    trainee's. No password is ever in it.

    Args:
        settings: the classroom settings.

    Returns:
        Name -> value or callable(spawner).

    >>> import tempfile
    >>> env = singleuser_env(ClassroomSettings(state=Path(tempfile.mkdtemp())))
    >>> sorted(k for k, v in env.items() if callable(v))
    ['COURSE_WORK_DIR', 'JUPYTERLAB_SETTINGS_DIR', 'JUPYTERLAB_WORKSPACES_DIR']
    """
    env: dict[str, Any] = dict(lab_env({}, settings.hub_dir / "jupyter-config"))
    env.update(MPLCONFIGDIR=str(settings.hub_dir / "matplotlib"), COURSE_CLASSROOM="1",
               LANG=os.environ.get("LANG") or "C.UTF-8",
               COURSE_WORK_DIR=_work_dir, JUPYTERLAB_SETTINGS_DIR=_lab_settings_dir,
               JUPYTERLAB_WORKSPACES_DIR=_lab_workspaces_dir)
    return env


def provision_hook(spawner: Any) -> None:
    """JupyterHub ``pre_spawn_hook``: the trainee's folder gets its copy of the course before the server starts."""
    root = Path(spawner.environment.get("COURSE_ROOT", ROOT))
    copied = provision_home(Path(spawner.home_dir), root)
    if copied:
        spawner.log.info("classroom: %d course files copied for %s", len(copied), spawner.user.name)


def login_note() -> str:
    """The Chinese note above the login form (static HTML, no user input in it)."""
    return ("<b>欢迎来到课堂服务器。</b>用户名：填自己的拼音或学号（小写字母、数字，例如 zhangsan）；"
            "密码：讲师投影上的课堂密码。登录后约十秒，你自己的 JupyterLab 就会打开。<br>"
            "Username: your pinyin or student number (lower-case letters and digits); password: the class "
            "password on the projector.")


#: Environment variable naming the configurable-http-proxy to use (e.g. an npm install's).
PROXY_ENV = "COURSE_CHP"


def proxy_command(tls: bool = False) -> list[str]:
    """The configurable-http-proxy to run.

    Without TLS, the pure-Python one (PyPI ``configurable-http-proxy``, installed beside this
    interpreter: no Node.js needed). It cannot serve TLS, so with a certificate the Node.js one
    from npm is used: ``$COURSE_CHP``, ``node_modules/.bin`` in the course folder (``npm install
    configurable-http-proxy``), or one on ``PATH`` (``npm install -g configurable-http-proxy``).

    Args:
        tls: the hub serves HTTPS.

    Returns:
        The command (one element).

    Raises:
        ClassroomError: no suitable proxy is installed.
    """
    name = "configurable-http-proxy" + (".cmd" if os.name == "nt" else "")
    python_one = Path(sys.executable).parent / name
    npm_ones = [os.environ.get(PROXY_ENV, ""), str(ROOT / "node_modules" / ".bin" / name)]
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if Path(p) != python_one.parent)
    npm_ones.append(shutil.which(name, path=path) or "")
    npm_one = next((p for p in npm_ones if p and Path(p).is_file()), "")
    if tls:
        if npm_one:
            return [npm_one]
        raise ClassroomError(
            "使用 TLS（--ssl-cert/--ssl-key）需要 Node.js 版的 configurable-http-proxy：在课程文件夹运行 npm install "
            "configurable-http-proxy（或 npm install -g configurable-http-proxy），再启动。",
            "TLS needs the Node.js configurable-http-proxy (the Python one cannot serve TLS): npm install "
            "configurable-http-proxy in the course folder (or -g), then start again.")
    if python_one.is_file():
        return [str(python_one)]
    if npm_one:
        return [npm_one]
    raise ClassroomError(
        "没有找到 configurable-http-proxy。请安装：pip install configurable-http-proxy（或 npm install -g "
        "configurable-http-proxy）。",
        "configurable-http-proxy not found: pip install configurable-http-proxy (or npm install -g "
        "configurable-http-proxy).")


def configure_hub(c: Any, settings_file: str | Path) -> None:
    """Fill JupyterHub's configuration object ``c`` (called by the generated ``jupyterhub_config.py``).

    Args:
        c: the ``get_config()`` object of a JupyterHub configuration file.
        settings_file: the ``settings.json`` written by :func:`write_hub_config`.
    """
    s = ClassroomSettings.from_json(Path(settings_file).read_text(encoding="utf-8"))
    pw = json.loads(s.secrets_file.read_text(encoding="utf-8"))
    hub = s.hub_dir
    c.JupyterHub.bind_url = s.public_url
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = s.hub_port
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = proxy_command(s.tls)
    c.ConfigurableHTTPProxy.pid_file = str(hub / "proxy.pid")
    c.JupyterHub.pid_file = str(hub / "jupyterhub.pid")
    c.JupyterHub.db_url = f"sqlite:///{hub / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub / "jupyterhub_cookie_secret")
    c.JupyterHub.log_level = s.log_level
    if s.tls:
        c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = s.ssl_cert, s.ssl_key

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = pw["class_password"]
    c.SharedPasswordAuthenticator.admin_password = pw["admin_password"]
    c.SharedPasswordAuthenticator.admin_users = {s.admin}
    c.Authenticator.username_pattern = USERNAME_PATTERN
    if s.users:
        c.SharedPasswordAuthenticator.allowed_users = set(s.users)
    else:  # JupyterHub >= 5 lets nobody in without an allow rule
        c.SharedPasswordAuthenticator.allow_all = True
    c.JupyterHub.admin_access = False  # not even the instructor opens a trainee's server through the hub
    c.JupyterHub.allow_named_servers = False  # one server per trainee

    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(s.homes / "{username}")
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
    c.Spawner.args = singleuser_args(s)
    c.Spawner.default_url = "/lab/tree/notebooks/00_%E5%AF%BC%E5%AD%A6.ipynb"  # the course map
    c.Spawner.environment = {**singleuser_env(s), "COURSE_ROOT": str(s.root)}
    c.Spawner.pre_spawn_hook = provision_hook
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.mem_limit = f"{s.mem_limit_mib}M"  # stated (MEM_LIMIT); the local spawner does not enforce it
    c.JupyterHub.active_server_limit = s.max_servers or default_max_servers(per_trainee_mib=s.mem_limit_mib)
    c.JupyterHub.concurrent_spawn_limit = s.concurrent_spawns or c.JupyterHub.active_server_limit
    c.JupyterHub.template_vars = {"announcement_login": login_note()}

    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s.idle_timeout}",
        f"--cull-every={s.cull_every}"]}]


def write_hub_config(settings: ClassroomSettings, password: str | None = None,
                     new_password: bool = False) -> tuple[Path, dict[str, str]]:
    """Create the state folder and write ``settings.json``, ``passwords.json`` and ``jupyterhub_config.py``.

    The configuration file holds no password: the hub reads them from ``passwords.json``
    (mode 600) when it starts. Folders are private to this user (mode 700).

    Args:
        settings: the classroom settings (free ports are chosen here when 0).
        password: the class password (``None``: keep the stored one, or generate one).
        new_password: generate a new class password.

    Returns:
        ``(config file, passwords)``.

    >>> import tempfile
    >>> s = ClassroomSettings(state=Path(tempfile.mkdtemp()) / "c")
    >>> config, pw = write_hub_config(s, "kecheng-2026")
    >>> pw["class_password"] in config.read_text(encoding="utf-8")
    False
    """
    from .present import free_port

    for folder in (settings.state, settings.hub_dir, settings.homes):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            folder.chmod(0o700)
    settings.hub_port = settings.hub_port or free_port()
    settings.proxy_api_port = settings.proxy_api_port or free_port()
    pw = load_secrets(settings, password, new_password)
    settings_file = write_private(settings.hub_dir / "settings.json", settings.to_json() + "\n")
    config = write_private(settings.hub_dir / "jupyterhub_config.py", (
        "# Written by helpers/course/classroom.py at every start of `python course.py classroom`;\n"
        "# change the settings on that command line, not here. No password is in this file.\n"
        "from helpers.course.classroom_hub import configure_hub\n\n"
        f"configure_hub(get_config(), {str(settings_file)!r})  # noqa: F821\n"))
    return config, pw
