"""A trainee as seen by the class server: log in, start JupyterLab, run code, save files -- over HTTP.

Used by the classroom test (``tests/test_classroom.py``) and the load test
(``benchmarks/load_classroom.py``). It goes the way a browser goes: the login form with the
class password (``_xsrf`` cookie), ``/hub/spawn``, then a personal API token made with that
log-in; the trainee's server is reached through the hub's proxy (the contents, sessions and
kernels REST API, and the kernel websocket with Jupyter messages on it).

>>> message("execute_request", {"code": "1"}, "s")["header"]["msg_type"]
'execute_request'
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests


def message(msg_type: str, content: dict[str, Any], session: str, channel: str = "shell") -> dict[str, Any]:
    """A Jupyter protocol message as the kernel websocket expects it (JSON, with its channel).

    Args:
        msg_type: e.g. ``execute_request`` or ``comm_msg``.
        content: the message content.
        session: the client session id.
        channel: ``shell`` (requests) or ``control``.

    Returns:
        The message dictionary.
    """
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "trainee", "session": session,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


@dataclass
class Execution:
    """What one request did in the kernel: its outputs, the error if any, and how long it took."""

    outputs: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, Any] | None = None
    seconds: float = 0.0
    replies: int = 0

    @property
    def text(self) -> str:
        return "".join(o.get("text", "") for o in self.outputs if o.get("output_type") == "stream")


class Kernel:
    """A kernel of a trainee's server, driven over its websocket (as JupyterLab drives it)."""

    def __init__(self, trainee: TraineeSession, kernel_id: str, session_id: str = "") -> None:
        import websocket

        self.trainee, self.id, self.session_id = trainee, kernel_id, session_id
        self.client_session = uuid.uuid4().hex
        url = trainee.server_url.replace("http", "ws", 1) + f"api/kernels/{kernel_id}/channels"
        import ssl

        self.ws = websocket.create_connection(f"{url}?session_id={self.client_session}", timeout=600,
                                              header=[f"Authorization: token {trainee.token}"],
                                              sslopt={} if trainee.api.verify else {"cert_reqs": ssl.CERT_NONE})

    def _request(self, msg: dict[str, Any], timeout: float) -> Execution:
        started = time.perf_counter()
        self.ws.send(json.dumps(msg))
        out = Execution()
        deadline = time.monotonic() + timeout
        while True:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            reply = json.loads(self.ws.recv())
            if reply.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                continue
            out.replies += 1
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                out.outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                out.outputs.append({"output_type": kind, "data": content.get("data", {})})
            elif kind == "error":
                out.error = {"ename": content["ename"], "evalue": content["evalue"]}
            elif kind == "status" and content["execution_state"] == "idle":
                out.seconds = time.perf_counter() - started
                return out

    def execute(self, code: str, timeout: float = 300.0) -> Execution:
        """Run ``code`` and wait until the kernel is idle again."""
        return self._request(message("execute_request", {"code": code, "silent": False, "store_history": True,
                                                         "user_expressions": {}, "allow_stdin": False,
                                                         "stop_on_error": True}, self.client_session), timeout)

    def comm_update(self, comm_id: str, state: dict[str, Any], timeout: float = 120.0) -> Execution:
        """Send a widget state change (what a browser sends when a slider moves) and wait until handled."""
        data = {"method": "update", "state": state, "buffer_paths": []}
        return self._request(message("comm_msg", {"comm_id": comm_id, "data": data}, self.client_session), timeout)

    def run_notebook(self, nb: dict[str, Any], timeout: float = 300.0) -> list[Execution]:
        """Run every code cell of a notebook (as "Run all" does), stopping at the first error."""
        done = []
        for cell in nb["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            done.append(self.execute(source, timeout))
            if done[-1].error:
                break
        return done

    def close(self) -> None:
        """Close the websocket and shut the kernel (and its session) down."""
        self.ws.close()
        if self.session_id:
            self.trainee.server("DELETE", f"api/sessions/{self.session_id}")
        self.trainee.server("DELETE", f"api/kernels/{self.id}")


class TraineeSession:
    """One trainee's browser session with the class server.

    Args:
        hub_url: the hub's address, e.g. ``http://127.0.0.1:8000``.
        name: the trainee's user name.
        verify: check the TLS certificate.
    """

    def __init__(self, hub_url: str, name: str, verify: bool = True) -> None:
        self.hub, self.name = hub_url.rstrip("/"), name
        self.http, self.api = requests.Session(), requests.Session()  # with the log-in cookie; with the token
        for session in (self.http, self.api):
            session.verify = verify
            session.trust_env = False  # no HTTP proxy or CA bundle from the environment for the class server
        self.token = ""

    @property
    def server_url(self) -> str:
        return f"{self.hub}/user/{self.name}/"

    def _xsrf(self) -> str:
        """The hub's ``_xsrf`` cookie (a trainee's own server sets another one, on its own path)."""
        return [c.value for c in self.http.cookies if c.name == "_xsrf" and c.path.startswith("/hub")][-1]

    def login(self, password: str) -> requests.Response:
        """Fill in the login form. Success is a redirect (302); a wrong password gives 403."""
        self.http.get(f"{self.hub}/hub/login", timeout=30)
        return self.http.post(f"{self.hub}/hub/login?next=",
                              data={"username": self.name, "password": password, "_xsrf": self._xsrf()},
                              allow_redirects=False, timeout=60)

    def spawn(self, timeout: float = 300.0) -> float:
        """Start the trainee's JupyterLab (as the page after login does) and wait until it is ready.

        Returns:
            Seconds from the request to a ready server.
        """
        started = time.perf_counter()
        deadline = time.monotonic() + timeout
        while self.http.get(f"{self.hub}/hub/spawn", allow_redirects=False, timeout=60).status_code == 429:
            if time.monotonic() > deadline:  # "too many users starting": a trainee tries again a bit later
                raise TimeoutError(f"{self.name}: the hub kept refusing to start the server (429)")
            time.sleep(2)
        while time.monotonic() < deadline:
            info = self.http.get(f"{self.hub}/hub/api/users/{self.name}", timeout=30).json()
            server = info.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - started
            time.sleep(0.25)
        raise TimeoutError(f"{self.name}: server not ready within {timeout:.0f} s")

    def make_token(self) -> str:
        """An API token for this trainee (made with the log-in cookie, as the hub's token page does)."""
        reply = self.http.post(f"{self.hub}/hub/api/users/{self.name}/tokens", json={"expires_in": 3600,
                               "note": "classroom test"}, headers={"X-XSRFToken": self._xsrf()}, timeout=60)
        reply.raise_for_status()
        self.token = reply.json()["token"]
        return self.token

    def server(self, method: str, path: str, user: str | None = None, **kwargs: Any) -> requests.Response:
        """A request to a server's REST API with this trainee's token (another trainee's with ``user``)."""
        base = self.server_url if user is None else f"{self.hub}/user/{user}/"
        return self.api.request(method, base + path, headers={"Authorization": f"token {self.token}"},
                                timeout=120, **kwargs)

    def read_file(self, path: str) -> Any:
        """The content of a file in the trainee's folder (a notebook as a dictionary)."""
        reply = self.server("GET", f"api/contents/{path}", params={"content": "1"})
        reply.raise_for_status()
        return reply.json()["content"]

    def save_notebook(self, path: str, nb: dict[str, Any]) -> None:
        """Save a notebook into the trainee's folder (what Ctrl+S in JupyterLab does)."""
        reply = self.server("PUT", f"api/contents/{path}", json={"type": "notebook", "format": "json",
                                                                  "content": nb})
        reply.raise_for_status()

    def open_notebook(self, path: str) -> Kernel:
        """Open a notebook as JupyterLab does: a session with a new kernel, working folder beside the notebook."""
        reply = self.server("POST", "api/sessions", json={"path": path, "name": path.rsplit("/", 1)[-1],
                                                          "type": "notebook", "kernel": {"name": "python3"}})
        reply.raise_for_status()
        info = reply.json()
        return Kernel(self, info["kernel"]["id"], info["id"])

    def stop(self) -> int:
        """Stop the trainee's server (the hub's "Stop My Server"). Returns the HTTP status."""
        reply = self.http.delete(f"{self.hub}/hub/api/users/{self.name}/server",
                                 headers={"X-XSRFToken": self._xsrf()}, timeout=120)
        return reply.status_code
