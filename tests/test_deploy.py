"""The deployment files a team runs senders with: a systemd unit and a docker compose file.

No Docker engine here: the compose file is checked as YAML with the keys compose needs,
the Dockerfile's dependency step is run against the real pyproject, the unit is parsed."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def test_compose_runs_postgres_and_n_senders_on_it():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"postgres", "sender"}
    postgres, sender = services["postgres"], services["sender"]
    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert sender["command"][0] == "send"
    assert sender["deploy"]["replicas"] == "${SENDERS:-2}"
    assert sender["depends_on"]["postgres"]["condition"] == "service_healthy"
    env = sender["environment"]
    assert env["STAFFETTA_DB"].startswith("postgresql://staffetta@postgres:5432/")
    assert "PGPASSWORD" in env and "POSTGRES_PASSWORD" in env["PGPASSWORD"]
    assert sender["build"]["dockerfile"] == "deploy/Dockerfile"
    assert (DEPLOY / sender["build"]["context"] / sender["build"]["dockerfile"]).is_file()
    assert compose["volumes"] == {"pgdata": None}


def test_the_image_installs_the_core_without_the_window():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    script = re.search(r'RUN python -c "(.+?)" > /tmp/requirements.txt', dockerfile).group(1)
    listed = subprocess.run(
        [sys.executable, "-c", script.replace('\\"', '"')], cwd=ROOT, capture_output=True,
        text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    names = {re.split(r"[<>=;\[ ]", line, maxsplit=1)[0].lower() for line in listed}
    assert "psycopg" in names and "aiosmtplib" in names and "peewee" in names
    assert not {n for n in names if n.startswith(("pyside6", "qasync"))}
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert (ROOT / copied).exists(), copied
    assert 'ENTRYPOINT ["python", "main.py"]' in dockerfile


def test_the_systemd_unit_runs_send_and_stops_it_cleanly():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read_string((DEPLOY / "staffetta-send.service").read_text())
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["ExecStart"].endswith("main.py send --name %H")
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) >= 60
    assert service["Restart"] == "always"
    assert service["EnvironmentFile"] == "/etc/staffetta/sender.env"
    assert "network-online.target" in unit["Unit"]["After"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"
