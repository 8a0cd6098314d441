"""Load over HTTP for the benchmarks: gunicorn servers started here, wrk as the load generator,
and the CPU each part of the machine spent per request (from /proc).

Used by ``webhook_ingest_http.py``; nothing here knows about the app."""

from __future__ import annotations

import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
# More CPU than this used outside the measured processes means another process competed.
FOREIGN_CORES = 0.25

# Cycles through pre-signed requests: ``<Saleor-Signature>\t<body>`` lines of a file, from line
# ``offset`` on, ``count`` of them (the script's arguments), so that each measured run sends
# requests no earlier run sent.
LUA = r"""
local path, file = "%(path)s", "%(file)s"
local headers = {["Content-Type"] = "application/json", ["Saleor-Event"] = "%(event)s",
                 ["Saleor-Domain"] = "%(domain)s", ["Saleor-Api-Url"] = "%(api_url)s",
                 ["User-Agent"] = "Saleor/3.23"}
local prepared, index = {}, 0
ok, bad, applied, unchanged = 0, 0, 0, 0
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  local offset, count, number = tonumber(args[1]) or 0, tonumber(args[2]) or math.huge, 0
  for line in io.lines(file) do
    if number >= offset and #prepared < count then
      local tab = line:find("\t", 1, true)
      headers["Saleor-Signature"] = line:sub(1, tab - 1)
      prepared[#prepared + 1] = wrk.format("POST", path, headers, line:sub(tab + 1))
    end
    number = number + 1
  end
end

function request()
  index = index + 1
  return prepared[(index - 1) %% #prepared + 1]
end

function response(status, hdrs, body)
  if status ~= 200 then
    bad = bad + 1
  else
    ok = ok + 1
    if body:find('"applied"', 1, true) then applied = applied + 1
    elseif body:find('"unchanged"', 1, true) then unchanged = unchanged + 1 end
  end
end

function done(summary, latency, requests)
  local totals = {ok = 0, bad = 0, applied = 0, unchanged = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "ok": %%d, "bad": %%d, "applied": %%d, ' ..
    '"unchanged": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, ' ..
    '"timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d}\n',
    summary.requests, summary.duration, totals.ok, totals.bad, totals.applied,
    totals.unchanged, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass
class Result:
    label: str
    wrk: dict
    cpu_ms: dict = field(default_factory=dict)  # component -> CPU ms per request

    @property
    def rate(self) -> float:
        return self.wrk["requests"] / (self.wrk["duration_us"] / 1e6)

    @property
    def p99_ms(self) -> float:
        return self.wrk["p99_us"] / 1000

    @property
    def failures(self) -> int:
        w = self.wrk
        return w["bad"] + w["status"] + w["connect"] + w["read"] + w["write"] + w["timeout"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def machine_busy_ticks() -> int:
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    return user + nice + system + irq + softirq + steal


def busy_cores(seconds: float = 2) -> float:
    """Returns how many cores the machine kept busy over ``seconds`` (before a benchmark)."""
    before = machine_busy_ticks()
    time.sleep(seconds)
    return (machine_busy_ticks() - before) / CLOCK_TICK / seconds


class Server:
    """One gunicorn master (started here) with sync workers serving ``app`` until ``stop``."""

    def __init__(self, app: str, workers: int, folder: Path):
        self.port = free_port()
        self.log = folder / f"gunicorn-{app.split(':')[0].replace('.', '-')}.log"
        command = [sys.executable, "-m", "gunicorn", app, "--chdir", str(ROOT),
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
                   "--worker-class", "sync", "--timeout", "30", "--backlog", "2048",
                   "--log-level", "warning", "--worker-tmp-dir",
                   "/dev/shm" if os.path.isdir("/dev/shm") else "/tmp"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log, cwd=ROOT,
                                            env=dict(os.environ))

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.log}:\n"
                                 + self.log.read_text()[-3000:])
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path)
                conn.getresponse().read()
                conn.close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def post(self, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        answer = (response.status, response.read())
        conn.close()
        return answer

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def run_wrk(url: str, script: Path, connections: int, seconds: float, offset: int = 0,
            count: int = 0) -> dict:
    """Runs wrk (one thread) and returns the figures its script printed."""
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s",
               "--timeout", "10s", "-s", str(script), url, "--", str(offset), str(count or "")]
    completed = subprocess.run(command, capture_output=True, text=True)
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise SystemExit(f"wrk failed ({completed.returncode}):\n{completed.stdout}\n"
                     f"{completed.stderr}")


def measure(server: Server, label: str, url: str, script: Path, connections: int,
            seconds: float, offset: int, count: int,
            backends: Callable[[], list[int]] = list) -> Result:
    """Runs wrk once against ``server`` and splits the CPU the machine spent per request
    between the gunicorn workers, their database backends (``backends()`` lists their pids),
    wrk and everything else."""
    workers = server.workers()
    before_workers = sum(cpu_ticks(pid) for pid in workers)
    # Web processes reconnect now and then (CONN_MAX_AGE): a backend that appears during the
    # run counts whole, one that goes away is lost (a few ms at most).
    before_backends = {pid: cpu_ticks(pid) for pid in backends()}
    before_machine = machine_busy_ticks()
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    outcome = run_wrk(url, script, connections, seconds, offset, count)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_ms = (machine_busy_ticks() - before_machine) / CLOCK_TICK * 1000
    worker_ms = (sum(cpu_ticks(pid) for pid in workers) - before_workers) / CLOCK_TICK * 1000
    backend_ms = sum(cpu_ticks(pid) - before_backends.get(pid, 0)
                     for pid in backends()) / CLOCK_TICK * 1000
    wrk_ms = ((after_children.ru_utime - before_children.ru_utime)
              + (after_children.ru_stime - before_children.ru_stime)) * 1000
    rest_ms = max(machine_ms - worker_ms - backend_ms - wrk_ms, 0)
    requests = max(outcome["requests"], 1)
    elapsed_ms = outcome["duration_us"] / 1000
    cpu = {"gunicorn workers": worker_ms / requests, "postgres backends": backend_ms / requests,
           "wrk": wrk_ms / requests, "rest of machine": rest_ms / requests,
           "cores busy": machine_ms / elapsed_ms, "cores used by the rest": rest_ms / elapsed_ms}
    return Result(label, outcome, cpu)


def print_cpu(results: list[Result]) -> None:
    print("\n  CPU ms per request     " + "".join(f"{r.label[:26]:>28}" for r in results))
    for part in ("gunicorn workers", "postgres backends", "wrk", "rest of machine"):
        print(f"    {part:<20}" + "".join(f"{r.cpu_ms[part]:>28.3f}" for r in results))
    print(f"    {f'cores busy (of {os.cpu_count()})':<20}"
          + "".join(f"{r.cpu_ms['cores busy']:>28.2f}" for r in results))
    print("    (rest of machine: PostgreSQL's background writers, the kernel, gunicorn's "
          "masters and any other process)")
