"""Load test of the classroom server: N simulated trainees on 127.0.0.1 (run on demand, not in CI).

Each simulated trainee does what a trainee does in lecture 2, through the hub's proxy like a
browser (:mod:`helpers.course.hub_client`):

1. logs in with the class password and starts their JupyterLab -- all at the same moment (the
   start of class, the worst case for the hub): **time to a ready server**;
2. opens ``notebooks/02_市场洞察与客户分类.ipynb`` and runs it top to bottom (all trainees at once:
   "Run All" when the instructor says so);
3. opens the segmentation widget and moves its sliders: each move is the ``comm_msg`` a browser
   sends when a slider is released, and the **update latency** runs from sending it until the
   kernel has sent back the new headline, table and chart and is idle (the browser's drawing is
   not included). Trainees move a slider every 1-3 s (random, seeded), all at the same time;
4. opens the L02 exercise beside it (a second kernel, as in class), then the **memory per trainee**
   is measured: the proportional memory (PSS: shared pages split among the processes sharing them,
   so the sum is what the machine really uses) of their server and kernels, summed.

From these it prints the class size a machine holds (default: 24 GiB, 2 cores): by memory, the
memory after hub and a reserve divided by the largest trainee's memory plus one more open
notebook; by CPU, the class whose
"Run All" of lecture 2 finishes within 3 minutes and whose slider moves stay under 1 s at p95
when every trainee moves once every 5 s (from the CPU time one update and one run take, measured
here). Usage::

    python benchmarks/load_classroom.py                 # 10 trainees
    python benchmarks/load_classroom.py --trainees 4 --moves 5 --memory-gib 24 --cores 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from helpers.course.classroom import RESERVED_MEMORY_MIB, ClassroomSettings
from helpers.course.classroom_cli import serve_classroom
from helpers.course.hub_client import Kernel, TraineeSession
from helpers.course.present import free_port

PASSWORD = "kecheng-load-2026"
LECTURE = "notebooks/02_市场洞察与客户分类.ipynb"
EXERCISE = "exercises/L02_练习.ipynb"
#: Slider moves (widget attribute, values) a trainee picks from.
MOVES = {"r_days": [30, 60, 90, 120, 180, 240, 365], "f_min": [1, 2, 3, 4, 5], "m_min": [0.0, 500.0, 1000.0, 3000.0]}


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0-1) of ``values``, linear between ranks.

    >>> percentile([1, 2, 3, 4], 0.5)
    2.5
    """
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def trainee_processes(hub_pid: int) -> dict[str, list[psutil.Process]]:
    """Each trainee's server and kernel processes, found below the hub by ``JUPYTERHUB_USER``."""
    out: dict[str, list[psutil.Process]] = {}
    for child in psutil.Process(hub_pid).children():
        try:
            user = child.environ().get("JUPYTERHUB_USER")
        except psutil.Error:
            continue
        if user:
            out[user] = [child, *child.children(recursive=True)]
    return out


def memory_mib(procs: list[psutil.Process], kind: str = "pss") -> float:
    """Memory of a group of processes in MiB: ``pss`` (shared pages split among their users: the
    sum over all processes is the machine's real use), ``uss`` (pages only they use) or ``rss``."""
    total = 0
    for p in procs:
        try:
            info = p.memory_full_info()
            total += getattr(info, kind, info.rss)
        except psutil.Error:
            pass
    return total / 2**20


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


class Trainee:
    """One simulated trainee and their measurements."""

    def __init__(self, url: str, name: str) -> None:
        self.session = TraineeSession(url, name)
        self.name = name
        self.ready_s = 0.0
        self.run_s = 0.0
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.kernel: Kernel | None = None
        self.widget: dict[str, str] = {}

    def arrive(self) -> None:
        reply = self.session.login(PASSWORD)
        if reply.status_code != 302:
            raise RuntimeError(f"{self.name}: login {reply.status_code}")
        self.ready_s = self.session.spawn()
        self.session.make_token()

    def run_lecture(self) -> None:
        self.kernel = self.session.open_notebook(LECTURE)
        started = time.perf_counter()
        cells = self.kernel.run_notebook(self.session.read_file(LECTURE))
        self.run_s = time.perf_counter() - started
        self.errors += [f"{c.error}" for c in cells if c.error]
        made = self.kernel.execute("_lw = sg.segment_widget()\nimport json as _j\nprint(_j.dumps({k: getattr(_lw, k)"
                                   ".model_id for k in ('r_days', 'f_min', 'm_min')}))")
        if made.error:
            raise RuntimeError(f"{self.name}: {made.error}")
        self.widget = json.loads(made.text.strip().splitlines()[-1])

    def move_sliders(self, moves: int, seed: int, pause: tuple[float, float]) -> None:
        rng = random.Random(seed)
        for _ in range(moves):
            time.sleep(rng.uniform(*pause))
            name = rng.choice(sorted(MOVES))
            done = self.kernel.comm_update(self.widget[name], {"value": rng.choice(MOVES[name])})
            if done.error:
                self.errors.append(str(done.error))
            self.latencies.append(done.seconds)

    def open_exercise(self) -> Kernel:
        kernel = self.session.open_notebook(EXERCISE)
        first = next(c for c in self.session.read_file(EXERCISE)["cells"] if c["cell_type"] == "code")
        kernel.execute(first["source"] if isinstance(first["source"], str) else "".join(first["source"]))
        return kernel


def in_parallel(jobs: list, what: str) -> float:
    """Run the callables at once in threads; raise the first failure. Returns the wall time."""
    failures: list[str] = []

    def wrap(job):
        try:
            job()
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{what}: {exc!r}")

    started = time.perf_counter()
    threads = [threading.Thread(target=wrap, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise RuntimeError("; ".join(failures))
    return time.perf_counter() - started


def solo_update_cpu(t: Trainee, kernel_proc: psutil.Process, moves: int = 10) -> float:
    """CPU seconds one slider move costs the kernel, measured with nobody else moving."""
    before = cpu_seconds(kernel_proc)
    for i in range(moves):
        t.kernel.comm_update(t.widget["r_days"], {"value": MOVES["r_days"][i % len(MOVES["r_days"])]})
    return (cpu_seconds(kernel_proc) - before) / moves


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trainees", type=int, default=10)
    ap.add_argument("--moves", type=int, default=15, help="slider moves per trainee")
    ap.add_argument("--memory-gib", type=float, default=24.0, help="the target machine's memory")
    ap.add_argument("--cores", type=int, default=2, help="the target machine's cores")
    ap.add_argument("--json", default=None, help="also write the results to this file")
    args = ap.parse_args(argv)

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0, 0, 0)
    names = [f"stu{i:02d}" for i in range(1, args.trainees + 1)]
    with tempfile.TemporaryDirectory(prefix="classroom-load-") as tmp:
        s = ClassroomSettings(state=Path(tmp) / "classroom", port=free_port(), max_servers=args.trainees + 2,
                              idle_timeout=3600)
        with serve_classroom(s, PASSWORD) as (url, _):
            hub_pid = int((s.hub_dir / "jupyterhub.pid").read_text())
            trainees = [Trainee(url, n) for n in names]
            print(f"hub ready; {len(trainees)} trainees log in and start their servers at once ...", flush=True)
            arrive_s = in_parallel([t.arrive for t in trainees], "arrive")
            print(f"  all ready after {arrive_s:.1f} s; everyone runs lecture 2 at once ...", flush=True)
            run_all_s = in_parallel([t.run_lecture for t in trainees], "lecture 2")
            procs = trainee_processes(hub_pid)
            kernels = {n: [p for p in ps[1:] if "ipykernel" in " ".join(p.cmdline())] for n, ps in procs.items()}
            run_cpu = [cpu_seconds(k[0]) for k in kernels.values() if k]
            print(f"  lecture 2 done in {run_all_s:.1f} s; sliders move (about one move every 2 s each) ...",
                  flush=True)
            in_parallel([lambda t=t, i=i: t.move_sliders(args.moves, i, (1.0, 3.0)) for i, t in enumerate(trainees)],
                        "sliders")
            solo_cpu = solo_update_cpu(trainees[0], kernels[trainees[0].name][0])
            solo = [trainees[0].kernel.comm_update(trainees[0].widget["f_min"], {"value": v}).seconds
                    for v in (1, 2, 3, 4, 5, 2, 3, 1)]
            one_kernel = {n: memory_mib(ps) for n, ps in trainee_processes(hub_pid).items()}
            print("  each trainee opens the L02 exercise beside it ...", flush=True)
            second = []
            in_parallel([lambda t=t: second.append(t.open_exercise()) for t in trainees], "exercise")
            time.sleep(2)
            procs = trainee_processes(hub_pid)
            per_trainee = {n: memory_mib(ps) for n, ps in procs.items()}
            rss = {n: memory_mib(ps, "rss") for n, ps in procs.items()}
            extra_kernel = statistics.mean(per_trainee[n] - one_kernel[n] for n in per_trainee)
            hub_side = memory_mib([psutil.Process(hub_pid), *[c for c in psutil.Process(hub_pid).children()
                                                              if c.pid not in {ps[0].pid for ps in procs.values()}]])
            errors = [e for t in trainees for e in t.errors]
            for k in second:
                k.ws.close()
            for t in trainees:
                t.kernel.ws.close()

    latencies = [x for t in trainees for x in t.latencies]
    ready = [t.ready_s for t in trainees]
    runs = [t.run_s for t in trainees]
    mem = list(per_trainee.values())
    budget = args.memory_gib * 1024 - RESERVED_MEMORY_MIB - hub_side
    per_trainee_budget = max(mem) + extra_kernel  # room for a third notebook (a worksheet)
    by_memory = int(budget // per_trainee_budget)
    cpu_run = statistics.mean(run_cpu)
    by_run_all = int(180 * args.cores * 0.9 // cpu_run)  # everyone's "Run All" within 3 minutes
    by_sliders = int(0.5 * args.cores * 5.0 // max(solo_cpu, 1e-3))  # half the CPU for one move / 5 s each
    result = {
        "trainees": len(trainees), "load_average_at_start": [round(x, 2) for x in load],
        "ready_s": {"median": statistics.median(ready), "max": max(ready), "all_at_once_wall": arrive_s},
        "lecture2_run_s": {"median": statistics.median(runs), "max": max(runs), "kernel_cpu_s": cpu_run},
        "update_latency_s": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
                             "max": max(latencies), "n": len(latencies), "solo_p50": statistics.median(solo),
                             "solo_cpu_s": solo_cpu},
        "memory_mib": {"per_trainee_mean": statistics.mean(mem), "per_trainee_max": max(mem),
                       "per_trainee_rss_max": max(rss.values()),
                       "one_kernel_mean": statistics.mean(one_kernel.values()),
                       "extra_notebook": extra_kernel, "budget_per_trainee": per_trainee_budget, "hub_side": hub_side},
        "class_size": {"by_memory": by_memory, "by_run_all_in_3_min": by_run_all, "by_slider_latency": by_sliders,
                       "machine": f"{args.memory_gib:g} GiB, {args.cores} cores"},
        "errors": errors,
    }
    size = min(by_memory, by_run_all, by_sliders)
    result["class_size"]["holds"] = size
    print(f"""
| measure ({len(trainees)} trainees at once, 127.0.0.1) | value |
|---|---|
| time to a ready server (median / max) | {statistics.median(ready):.1f} s / {max(ready):.1f} s |
| lecture 2, Run All (median / max wall time; kernel CPU) | {statistics.median(runs):.1f} s / {max(runs):.1f} s; \
{cpu_run:.1f} s CPU |
| slider update latency p50 / p95 (n = {len(latencies)}) | {percentile(latencies, 0.5) * 1000:.0f} ms / \
{percentile(latencies, 0.95) * 1000:.0f} ms |
| slider update alone: latency p50; kernel CPU per update | {statistics.median(solo) * 1000:.0f} ms; \
{solo_cpu * 1000:.0f} ms |
| memory per trainee: server + lecture kernel (PSS mean) | {statistics.mean(one_kernel.values()):.0f} MiB |
| memory per trainee: server + lecture + exercise kernels (PSS mean / max; RSS max) | {statistics.mean(mem):.0f} MiB \
/ {max(mem):.0f} MiB; {max(rss.values()):.0f} MiB |
| each further open notebook (kernel, PSS) | {extra_kernel:.0f} MiB |
| hub + proxy + culler (PSS) | {hub_side:.0f} MiB |
| class size by memory: ({args.memory_gib:g} GiB − {RESERVED_MEMORY_MIB} MiB reserve − hub) / \
{per_trainee_budget:.0f} MiB (max + one more notebook) | {by_memory} |
| class size by CPU: everyone's Run All of lecture 2 within 3 min ({args.cores} cores) | {by_run_all} |
| class size by CPU: a move every 5 s each, half the CPU ({args.cores} cores) | {by_sliders} |
| **one {args.memory_gib:g} GiB, {args.cores}-core machine holds** | **{size} trainees** |
""")
    if errors:
        print("errors:", errors[:5], file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
