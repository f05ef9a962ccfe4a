"""The classroom server (issue 14): configuration, folders, collection, deployment files, and the hub end to end.

The end-to-end test (marker ``slow``) starts JupyterHub on 127.0.0.1 with three trainees, logs
each in with the class password through the login form, starts their JupyterLab, runs lecture 2
in each through the server's REST API and kernel websocket, saves three L01 exercise notebooks,
collects and grades them, and stops everything -- then checks that no process is left behind.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from helpers.course import classroom as cr
from helpers.course import classroom_hub as chub
from helpers.course.classroom import ClassroomSettings
from helpers.course.classroom_banner import big_text, login_banner, trainee_urls
from helpers.course.classroom_collect import collect_exercises, collect_worksheets, lecture_code

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "kecheng-2026"
TRAINEES = ("stu01", "stu02", "stu03")
LECTURE = "notebooks/02_市场洞察与客户分类.ipynb"
EXERCISE = "exercises/L01_练习.ipynb"
#: Packages the single-user image has beyond pyproject.toml's dependencies (deploy/image/environment.yml).
IMAGE_ONLY = {"jupyterhub-singleuser", "setuptools", "jupyterlab-language-pack-zh-cn"}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _config(settings: ClassroomSettings):
    """The JupyterHub configuration object the generated config file produces."""
    from traitlets.config import Config

    config_file, _ = chub.write_hub_config(settings, PASSWORD)
    c = Config()
    chub.configure_hub(c, settings.hub_dir / "settings.json")
    return config_file, c


# -- configuration ------------------------------------------------------------------------------

def test_config_files_hold_no_password_and_secrets_are_private(tmp_path):
    s = ClassroomSettings(state=tmp_path / "classroom")
    config_file, c = _config(s)
    assert c.SharedPasswordAuthenticator.user_password == PASSWORD
    for path in s.state.rglob("*"):
        if path.is_file() and path != s.secrets_file:
            assert PASSWORD not in path.read_text(encoding="utf-8", errors="replace"), path
    if os.name == "posix":
        assert _mode(s.secrets_file) == 0o600
        assert _mode(config_file) == 0o600
        assert _mode(s.hub_dir / "settings.json") == 0o600
        assert _mode(s.state) == _mode(s.hub_dir) == _mode(s.homes) == 0o700
        s.secrets_file.chmod(0o644)  # a loosened file is tightened again at the next start
        chub.write_hub_config(s, PASSWORD + "x")
        assert _mode(s.secrets_file) == 0o600


def test_hub_configuration(tmp_path):
    s = ClassroomSettings(state=tmp_path / "c", port=8123, admin="laoshi")
    _, c = _config(s)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8123"
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.allow_all is True
    assert c.SharedPasswordAuthenticator.admin_users == {"laoshi"}
    assert len(c.SharedPasswordAuthenticator.admin_password) >= 32
    assert c.SharedPasswordAuthenticator.admin_password != PASSWORD
    assert c.JupyterHub.admin_access is False and c.JupyterHub.allow_named_servers is False
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(s.homes / "{username}")
    assert c.Spawner.cmd == [sys.executable, "-m", "jupyterhub.singleuser"]
    assert "--LabApp.custom_css=True" in c.Spawner.args
    assert "--ServerApp.terminals_enabled=False" in c.Spawner.args
    env = c.Spawner.environment
    assert (Path(env["JUPYTER_CONFIG_DIR"]) / "custom" / "custom.css").is_file()
    assert not any(PASSWORD in str(v) for v in env.values())
    assert c.Spawner.pre_spawn_hook is chub.provision_hook
    assert c.JupyterHub.active_server_limit >= 1 and c.Spawner.mem_limit == f"{cr.TRAINEE_MEMORY_MIB}M"
    culler = c.JupyterHub.services[0]
    assert culler["name"] == "idle-culler" and "--timeout=3600" in culler["command"]
    assert set(c.JupyterHub.load_roles[0]["scopes"]) == {"list:users", "read:users:activity", "read:servers",
                                                        "delete:servers"}
    assert "拼音" in c.JupyterHub.template_vars["announcement_login"]


def test_a_class_list_replaces_allow_all(tmp_path):
    _, c = _config(ClassroomSettings(state=tmp_path / "c", users=("zhangsan", "lisi")))
    assert c.SharedPasswordAuthenticator.allowed_users == {"zhangsan", "lisi"}
    assert "allow_all" not in c.SharedPasswordAuthenticator


def test_the_python_proxy_serves_plain_http_and_tls_asks_for_the_npm_one(tmp_path, monkeypatch):
    monkeypatch.delenv(chub.PROXY_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chub.proxy_command() == [str(Path(sys.executable).parent / "configurable-http-proxy")]
    monkeypatch.setattr(chub, "ROOT", tmp_path)
    with pytest.raises(cr.ClassroomError, match="npm install"):
        chub.proxy_command(tls=True)
    node = tmp_path / "chp"
    node.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv(chub.PROXY_ENV, str(node))
    assert chub.proxy_command(tls=True) == [str(node)]


def test_user_name_rule():
    ok = re.compile(cr.USERNAME_PATTERN)
    assert all(ok.match(n) for n in ("zhangsan", "stu01", "li-si", "2024001"))
    assert not any(ok.match(n) for n in ("张三", "-x", "a/b", "", "x" * 33, "Zhang San"))


def test_password_is_generated_kept_and_renewed(tmp_path):
    s = ClassroomSettings(state=tmp_path / "c")
    first = cr.load_secrets(s)["class_password"]
    assert re.fullmatch(r"[a-z]{4}-[2-9]{4}", first)
    assert cr.load_secrets(s)["class_password"] == first
    assert cr.load_secrets(s, new=True)["class_password"] != first
    with pytest.raises(cr.ClassroomError, match="8"):
        cr.load_secrets(s, password="short")


def test_non_loopback_without_tls_warns():
    assert cr.exposure_warning(ClassroomSettings(ip="127.0.0.1")) is None
    assert cr.exposure_warning(ClassroomSettings(ip="localhost")) is None
    for ip in ("0.0.0.0", "192.168.1.20", "::"):
        text = cr.exposure_warning(ClassroomSettings(ip=ip))
        assert "TLS" in text and "明文" in text
    assert cr.exposure_warning(ClassroomSettings(ip="0.0.0.0", ssl_cert="c", ssl_key="k")) is None
    banner = login_banner(["http://192.168.1.20:8000"], PASSWORD, "teacher", Path("p.json"),
                          cr.exposure_warning(ClassroomSettings(ip="0.0.0.0")), width=120)
    assert "明文" in banner


def test_projector_banner_is_big_and_says_how_to_log_in():
    text = login_banner(["http://192.168.1.20:8000"], "abcd-2345", "teacher", Path("/x/passwords.json"), width=120)
    assert "192.168.1.20:8000" in text and "abcd-2345" in text and "拼音" in text and "Ctrl+C" in text
    assert "passwords.json" in text and "█" in text
    assert max(len(line) for line in text.splitlines()) <= 120
    hidden = login_banner(["http://x:1"], "abcd-2345", "teacher", Path("p.json"), width=120, show_password=False)
    assert "abcd-2345" not in hidden
    art = big_text("abcd-2345", 120)
    assert art is not None and art.count("\n") >= 4
    assert trainee_urls("0.0.0.0", 8000)[0].endswith(":8000")


# -- the trainees' folders -----------------------------------------------------------------------

def test_provisioning_copies_the_course_once_and_keeps_the_trainees_work(tmp_path):
    home = tmp_path / "stu01"
    copied = cr.provision_home(home)
    names = {p.as_posix() for p in copied}
    assert EXERCISE in names and LECTURE in names and "notebooks/worksheets/swot.ipynb" in names
    assert not any("讲师指南" in n or n.startswith(("solutions/", "data/", "exercises/source", "exercises/checks"))
                   for n in names)
    assert (home / cr.WORK_FOLDER).is_dir()
    if os.name == "posix":
        assert _mode(home) == 0o700
    (home / EXERCISE).write_text("my answers", encoding="utf-8")
    (home / LECTURE).unlink()
    again = cr.provision_home(home)
    assert [p.as_posix() for p in again] == [LECTURE]  # the deleted file comes back, nothing else changes
    assert (home / EXERCISE).read_text(encoding="utf-8") == "my answers"
    assert cr.provision_home(home) == []


def test_provisioning_never_writes_through_a_planted_link(tmp_path):
    home, elsewhere = tmp_path / "stu01", tmp_path / "elsewhere"
    elsewhere.mkdir()
    home.mkdir()
    (home / "exercises").symlink_to(elsewhere, target_is_directory=True)
    cr.provision_home(home)
    assert list(elsewhere.iterdir()) == []


def test_collect_exercises_names_files_by_user_and_refuses_links(tmp_path):
    s = ClassroomSettings(state=tmp_path / "c")
    for name in ("stu01", "stu02", "stu03", "teacher"):
        cr.provision_home(s.homes / name)
    (s.homes / "stu01" / EXERCISE).write_text('{"edited": true}', encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the class", encoding="utf-8")
    (s.homes / "stu03" / EXERCISE).unlink()
    (s.homes / "stu03" / EXERCISE).symlink_to(secret)
    (s.homes / "stu04").mkdir()
    got = collect_exercises(s, "1")
    assert got.folder == s.submissions / "L01"
    assert sorted(p.name for p in got.folder.glob("*.ipynb")) == ["stu01_L01.ipynb", "stu02_L01.ipynb"]
    assert got.untouched == ["stu02"] and got.missing == ["stu04"] and list(got.refused) == ["stu03"]
    assert "teacher" not in got.copied
    assert not any("not for the class" in p.read_text(encoding="utf-8") for p in got.folder.iterdir())
    assert [lecture_code(x) for x in ("L02", "2", "l2")] == ["L02"] * 3


def test_collect_worksheets_feeds_the_class_view(tmp_path):
    from helpers.worksheets.classview import class_view
    from helpers.worksheets.storage import save_worksheet
    from helpers.worksheets.swot import SwotWorksheet

    s = ClassroomSettings(state=tmp_path / "c")
    for name, item in (("stu01", "价格高"), ("stu02", "价格 高！")):
        ws = SwotWorksheet(owner=name)
        ws.add_item("W", item)
        save_worksheet(ws, s.homes / name / cr.WORK_FOLDER / "swot.json")
    (s.homes / "stu03" / cr.WORK_FOLDER).mkdir(parents=True)
    got = collect_worksheets(s)
    assert sorted(got.copied) == ["stu01", "stu02"] and got.missing == ["stu03"]
    view = class_view(got.folder)
    assert view.n_swot == 2 and view.swot["人数"].tolist() == [2]


def test_cli_knows_the_classroom_commands():
    from helpers.course.cli import parser

    args = parser().parse_args(["classroom", "collect", "L01", "--dir", "/tmp/x"])
    assert args.command == "classroom" and args.action == ["collect", "L01"]
    args = parser().parse_args(["classroom", "--ip", "0.0.0.0", "--port", "8001", "--admin", "Laoshi"])
    from helpers.course.classroom_cli import settings_from

    s = settings_from(args)
    assert (s.ip, s.port, s.admin, s.users) == ("0.0.0.0", 8001, "laoshi", ())


# -- beyond one machine: deploy/ -----------------------------------------------------------------

def _requirements(entries: list[str]) -> dict[str, str]:
    out = {}
    for entry in entries:
        m = re.match(r"^([A-Za-z0-9_.\-]+)\s*([^;#]*)", entry.strip())
        out[m.group(1).lower().replace("_", "-")] = m.group(2).replace(" ", "")
    return out


def test_single_user_image_has_the_course_dependencies():
    env = yaml.safe_load((ROOT / "deploy" / "image" / "environment.yml").read_text(encoding="utf-8"))
    entries = [d for d in env["dependencies"]
               if isinstance(d, str) and not re.match(r"^(python|pip)(?![\w-])", d)]  # not python-calamine
    for d in env["dependencies"]:
        if isinstance(d, dict):
            entries += d["pip"]
    image = _requirements(entries)
    wanted = _requirements(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
                           ["dependencies"])
    differ = {n: (spec, image.get(n)) for n, spec in wanted.items() if image.get(n) != spec}
    assert not differ, f"pyproject.toml vs deploy/image/environment.yml: {differ}"
    assert not set(image) - set(wanted) - IMAGE_ONLY, set(image) - set(wanted)
    dockerfile = (ROOT / "deploy" / "image" / "Dockerfile").read_text(encoding="utf-8")
    assert "environment.yml" in dockerfile and "postBuild" in dockerfile
    post_build = ROOT / "deploy" / "image" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert subprocess.run(["bash", "-n", str(post_build)], capture_output=True).returncode == 0
    ignored = (ROOT / "deploy" / "image" / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {"classroom", ".venv*", ".git"} <= set(ignored)  # no passwords, trainees' folders or venv in the image


def test_zero_to_jupyterhub_values_match_the_local_classroom():
    values = yaml.safe_load((ROOT / "deploy" / "values.yaml").read_text(encoding="utf-8"))
    hub = values["hub"]["config"]
    s = ClassroomSettings()
    assert hub["JupyterHub"]["authenticator_class"] == "shared-password"
    assert hub["Authenticator"]["username_pattern"] == cr.USERNAME_PATTERN
    assert hub["SharedPasswordAuthenticator"]["admin_users"] == [cr.ADMIN]
    assert "user_password" not in hub["SharedPasswordAuthenticator"]  # passwords go in with --set-string
    local = [a for a in chub.singleuser_args(s) if a != "--ServerApp.allow_root=True"]
    assert hub["KubeSpawner"]["args"] == local
    single = values["singleuser"]
    assert single["memory"]["guarantee"] == f"{cr.TRAINEE_MEMORY_MIB}M"
    assert single["defaultUrl"] == "/lab/tree/notebooks/00_%E5%AF%BC%E5%AD%A6.ipynb"
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][-1] == "helpers.course.classroom"
    assert values["cull"]["enabled"] and values["cull"]["timeout"] == s.idle_timeout


# -- end to end ----------------------------------------------------------------------------------

def _descendants() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children(recursive=True)}


def _browser(pid: int) -> bool:
    """A process of the Playwright / chromium session other tests share (not started by this test)."""
    import psutil

    try:
        command = " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return False
    return "chrom" in command or "playwright" in command


def _running(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _answered(nb: dict, name: str) -> dict:
    """A notebook with ``姓名`` filled in."""
    for cell in nb["cells"]:
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        cell["source"] = src.replace('姓名 = ""', f'姓名 = "{name}"', 1)
    return nb


@pytest.mark.slow
def test_a_class_of_three_end_to_end(tmp_path):
    import psutil
    import requests

    from helpers.course.classroom_cli import collect, serve_classroom
    from helpers.course.hub_client import TraineeSession
    from helpers.course.present import free_port

    before = _descendants()
    s = ClassroomSettings(state=tmp_path / "classroom", port=free_port(), users=TRAINEES, idle_timeout=600)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with serve_classroom(s, PASSWORD) as (url, pw):
        timings["hub ready"] = time.perf_counter() - t0
        hub_pid = int((s.hub_dir / "jupyterhub.pid").read_text())
        trainees = {n: TraineeSession(url, n) for n in TRAINEES}
        assert TraineeSession(url, "stu01").login("wrong-password").status_code == 403
        assert TraineeSession(url, "stu99").login(PASSWORD).status_code == 403  # not on the class list
        assert TraineeSession(url, cr.ADMIN).login(PASSWORD).status_code == 403  # admins need their own
        for t in trainees.values():
            reply = t.login(PASSWORD)
            assert reply.status_code == 302, reply.text[:300]

        spawned: dict[str, float] = {}
        threads = [threading.Thread(target=lambda t=t: spawned.update({t.name: t.spawn()})) for t in trainees.values()]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert sorted(spawned) == list(TRAINEES)
        timings["servers ready (max)"] = max(spawned.values())
        for t in trainees.values():
            t.make_token()

        # A trainee reaches only their own server: not another's through the hub, with token or cookie.
        one, two = trainees["stu01"], trainees["stu02"]
        assert one.server("GET", "api/contents/notebooks").status_code == 200
        assert one.server("GET", "api/contents/notebooks", user="stu02").status_code == 403
        assert one.http.get(f"{url}/user/stu01/lab", timeout=60).status_code == 200  # own page, by cookie
        peek = one.http.get(f"{url}/user/stu02/lab", timeout=60)  # the hub refuses the log-in to another's
        assert peek.status_code == 403 and "/hub/api/oauth2/authorize" in peek.url, (peek.status_code, peek.url)
        assert one.server("GET", "api/terminals").status_code == 404  # no terminal in the classroom
        assert "custom.css" in one.server("GET", "lab").text  # the course's Chinese font in the page

        # Each trainee runs lecture 2 in their own kernel, through the server API (all at once).
        results: dict[str, list] = {}
        failures: list[str] = []

        def run_lecture(t: TraineeSession) -> None:
            try:
                kernel = t.open_notebook(LECTURE)
                try:
                    results[t.name] = kernel.run_notebook(t.read_file(LECTURE))
                    where = kernel.execute("import os; print(os.getcwd())").text.strip()
                    assert where == str(s.homes / t.name / "notebooks"), where
                finally:
                    kernel.close()
            except Exception as exc:  # noqa: BLE001 - reported by the main thread
                failures.append(f"{t.name}: {exc!r}")

        t1 = time.perf_counter()
        threads = [threading.Thread(target=run_lecture, args=(t,)) for t in trainees.values()]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        timings["lecture 2 in three kernels"] = time.perf_counter() - t1
        assert not failures, failures
        for name, cells in results.items():
            errors = [c.error for c in cells if c.error]
            assert not errors, (name, errors)
            assert len(cells) > 10 and any(c.outputs for c in cells), name

        # Hand in L01: a full answer (the worked solution), a name only, and one left untouched.
        solution = json.loads((ROOT / "solutions" / "L01_解答.ipynb").read_text(encoding="utf-8"))
        one.save_notebook(EXERCISE, _answered(solution, "张三"))
        two.save_notebook(EXERCISE, _answered(two.read_file(EXERCISE), "李四"))
        assert one.stop() in (202, 204)

        t2 = time.perf_counter()
        assert collect(s, "L01") == 0
        timings["collect + grade L01"] = time.perf_counter() - t2
        table = __import__("pandas").read_csv(s.submissions / "L01" / "成绩.csv", encoding="utf-8-sig")
        rows = {r["文件"]: r for _, r in table.iterrows()}
        assert sorted(rows) == ["stu01_L01.ipynb", "stu02_L01.ipynb", "stu03_L01.ipynb"]
        n_questions = len([c for c in table.columns if c.startswith("L01_q")])
        assert n_questions >= 5
        assert rows["stu01_L01.ipynb"]["姓名"] == "张三" and rows["stu01_L01.ipynb"]["总分"] == n_questions
        assert rows["stu02_L01.ipynb"]["姓名"] == "李四" and rows["stu02_L01.ipynb"]["总分"] == 0
        assert rows["stu03_L01.ipynb"]["总分"] == 0

        log = (s.hub_dir / "jupyterhub.log").read_text(encoding="utf-8", errors="replace")
        assert PASSWORD not in log and pw["admin_password"] not in log
        assert requests.get(url + "/hub/api/", timeout=10).status_code == 200
        hub_tree = {hub_pid} | {p.pid for p in psutil.Process(hub_pid).children(recursive=True)}
        assert len(hub_tree) >= 5, hub_tree  # hub, proxy, culler, the two servers still running
    timings["total"] = time.perf_counter() - t0

    # What this test started must be gone (give a busy machine a few seconds). Processes of other
    # tests' session fixtures in the same worker (the browser of the browser tests) are not ours.
    deadline = time.monotonic() + 15
    while True:
        left = [p for p in hub_tree | (_descendants() - before) if _running(p) and not _browser(p)]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not left, f"processes left behind: {left}"
    print("\nclassroom timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "classroom_timings.json").write_text(json.dumps(timings, indent=1), encoding="utf-8")
