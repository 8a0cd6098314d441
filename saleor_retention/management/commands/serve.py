"""``saleor-retention serve``: everything on one machine (web, Celery worker, beat)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from saleor_retention.config import get_config
from saleor_retention.installations.webhook_sync import sync_outdated_installations
from saleor_retention.manifest.document import app_url

# How long children get to finish their work on shutdown before they are killed.
SHUTDOWN_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = ("Runs the app on one machine: migrates, brings store webhooks up to date, then "
            "starts the web server, a Celery worker and Celery beat until interrupted.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes.")

    def handle(self, *args, **options) -> None:
        config = get_config()
        host, port = options["host"], options["port"]
        env = dict(os.environ)
        public_url = config.public_url
        if not config.public_url_is_configured:
            shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            public_url = f"http://{shown_host}:{port}"
            env["PUBLIC_URL"] = public_url
            os.environ["PUBLIC_URL"] = public_url
            get_config.cache_clear()

        call_command("migrate", interactive=False, verbosity=0)
        for api_url, outcome in sync_outdated_installations().items():
            self.stdout.write(f"webhooks of {api_url}: {outcome}")

        python = sys.executable
        data_dir = config.data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        commands = {
            "web": [python, "-m", "gunicorn", "saleor_retention.wsgi:application",
                    "--bind", f"{host}:{port}", "--workers", str(options["web_workers"]),
                    "--timeout", "30", "--access-logfile", "-"],
            "worker": [python, "-m", "celery", "-A", "saleor_retention", "worker",
                       "--loglevel", "INFO", "--concurrency", str(options["concurrency"]),
                       "--hostname", f"worker-{port}@%h"],
            "beat": [python, "-m", "celery", "-A", "saleor_retention", "beat", "--loglevel",
                     "INFO", "--schedule", str(data_dir / f"beat-schedule-{port}")],
        }
        children = {name: subprocess.Popen(command, env=env) for name, command in commands.items()}
        self.stdout.write(self.style.SUCCESS(
            f"\nsaleor-retention is running ({config.deployment}).\n"
            f"  Manifest URL (paste into Saleor Dashboard → Apps → Install external app):\n"
            f"    {app_url(public_url, 'manifest')}\n"
            f"  Health: {public_url}/health\n"
            f"  Database: {'SQLite' if config.uses_sqlite else 'PostgreSQL'}; broker: "
            f"{'embedded' if config.uses_embedded_broker else config.broker_url.split('://')[0]}\n"
        ))
        self.stdout.flush()
        self._supervise(children)

    def _supervise(self, children: dict[str, subprocess.Popen]) -> None:
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exited = None
        while not stopping and exited is None:
            time.sleep(0.5)
            exited = next((name for name, child in children.items() if child.poll() is not None),
                          None)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + SHUTDOWN_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
        if exited is not None:
            self.stderr.write(f"{exited} exited with {children[exited].returncode}; stopped all.")
            raise SystemExit(1)
