"""Two application servers sharing one PostgreSQL and one storage, optionally behind nginx.

Approvers sign off issues through both at the same time; the numbers must
come out unique and without gaps. Real gunicorn processes (deploy/gunicorn.conf.py)
with production settings, on loopback ports.
"""

import http.client
import json
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.ops_support import (
    PROJECT_DIR,
    free_port,
    fresh_postgres_database,
    manage,
    postgres_unreachable_reason,
    production_environment,
)

ISSUES = 8
GUNICORN_ARGS = ["-c", "deploy/gunicorn.conf.py", "bulletin_office.wsgi"]

# Run in the fresh installation: its cache table and static files, the demo accounts
# and ISSUES issues in review.
_PREPARE = """
import datetime, json
from django.conf import settings
from django.test import override_settings
from django.contrib.auth.models import User
from django.core.management import call_command
from issues import services
from issues.models import Article, Issue, Series
MANIFEST = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
call_command("createcachetable")
# The manifest without WhiteNoise's compressed copies, which take most of a minute to
# make: WhiteNoise then serves the files uncompressed.
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}):
    call_command("collectstatic", interactive=False, verbosity=0)
call_command("load_demo_data", allow_production=True, stdout=open("/dev/null", "w"))
editor = User.objects.get(username="editor")
series = Series.objects.get()
ids = []
for n in range(%(issues)d):
    issue = Issue.objects.create(
        series=series, issue_date=datetime.date(2026, 3, 2), created_by=editor,
        distribution_list=series.default_distribution_list,
    )
    Article.objects.create(issue=issue, position=1, headline=f"第{n}篇", body="<p>正文。</p>")
    ids.append(services.submit(issue, editor).pk)
print(json.dumps(ids))
"""


class Browser:
    """Just enough of a browser for the admin: cookies (Secure ones too) and CSRF tokens."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content

    def log_in(self, username: str, password: str) -> None:
        status, headers, content = self.request("GET", "/admin/login/")
        assert status == 200, (status, headers, content[:2000])
        status, headers, _ = self.request(
            "POST", "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert (status, headers["Location"]) == (302, "/admin/"), f"log-in refused: {status}"

    def sign_off(self, issue_id: int) -> None:
        status, headers, _ = self.request(
            "POST", f"/admin/issues/issue/{issue_id}/workflow/sign-off/", {}
        )
        assert status == 302, f"sign-off of issue {issue_id} answered {status}"
        assert headers["Location"] == f"/admin/issues/issue/{issue_id}/change/"


def wait_until_healthy(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server on port {port} stopped:\n{process.stdout.read()}")
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server on port {port} did not become healthy")


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def start_nginx(processes, folder, backend_ports) -> int | None:
    """nginx balancing over the two servers, when nginx is installed; its port."""
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None:
        return None
    port = free_port()
    servers = "".join(f"server 127.0.0.1:{p};" for p in backend_ports)
    (folder / "nginx.conf").write_text(
        f"""
        pid {folder}/nginx.pid;
        error_log {folder}/nginx-error.log;
        worker_processes 1;
        events {{}}
        http {{
            access_log off;
            client_body_temp_path {folder}; proxy_temp_path {folder};
            fastcgi_temp_path {folder}; uwsgi_temp_path {folder}; scgi_temp_path {folder};
            upstream bulletin_office {{ {servers} }}
            server {{
                listen 127.0.0.1:{port};
                location / {{
                    proxy_pass http://bulletin_office;
                    proxy_set_header Host $http_host;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_read_timeout 120s;
                }}
            }}
        }}
        """
    )
    process = subprocess.Popen(
        [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    processes.append(process)
    wait_until_healthy(port, process)
    return port


def test_two_servers_number_concurrent_sign_offs_without_gaps(processes, tmp_path):
    reason = postgres_unreachable_reason()
    if reason:
        pytest.skip(reason)
    with fresh_postgres_database("bo_ops_scaleout") as database_url:
        # The approvers sign off with their password alone here; two-factor sign-in,
        # on in production, has its own tests (test_two_factor.py).
        environment = production_environment(
            tmp_path, database_url, BULLETIN_TWO_FACTOR_REQUIRED="0"
        )
        manage(environment, "migrate", "--no-input", "-v", "0")
        out = manage(environment, "shell", "--no-imports", "-c", _PREPARE % {"issues": ISSUES})
        issue_ids = json.loads(out.strip().splitlines()[-1])

        ports = [free_port(), free_port()]
        for port in ports:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", *GUNICORN_ARGS],
                cwd=PROJECT_DIR,
                env={**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            processes.append(server)
        for port, server in zip(ports, processes, strict=True):
            wait_until_healthy(port, server)
        nginx_port = start_nginx(processes, tmp_path, ports)

        browsers = [Browser(port) for port in [*ports, nginx_port] if port]
        for browser in browsers:
            browser.log_in("approver", "demo-approver-2020")
        with ThreadPoolExecutor(max_workers=len(issue_ids)) as pool:
            jobs = [
                pool.submit(browsers[n % len(browsers)].sign_off, issue_id)
                for n, issue_id in enumerate(issue_ids)
            ]
            for job in jobs:
                job.result()

        numbers = _numbers(database_url, issue_ids)
    assert sorted(number for number, _c, _s, _f in numbers) == list(range(1, ISSUES + 1))
    assert sorted(c for _n, c, _s, _f in numbers) == list(range(290, 290 + ISSUES))
    assert {status for _n, _c, status, _f in numbers} == {"signed_off"}
    for *_rest, pdf_name in numbers:  # every server stored into the one storage
        assert (tmp_path / "media" / pdf_name).read_bytes().startswith(b"%PDF-")


def _numbers(database_url: str, issue_ids: list[int]):
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT number, cumulative_number, status, copy.file FROM issues_issue"
            " JOIN issues_officialcopy copy ON copy.issue_id = issues_issue.id"
            " AND copy.format = 'pdf' WHERE issues_issue.id = ANY(%s)",
            [issue_ids],
        ).fetchall()
