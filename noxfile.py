"""Every check the project runs, as nox sessions.

``nox`` runs the default sessions on every installed Python from 3.10 to 3.13 (nox
skips a missing interpreter locally and fails on one when ``CI`` is set). Plugin
sessions are found by globbing ``plugins/*/pyproject.toml``, so adding a plugin needs
no edit here. Sessions use uv to create virtualenvs and install, which keeps the full
matrix inside CI's time on two cores.
"""

from __future__ import annotations

import json
import pathlib
import sys

import nox

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - nox itself runs on 3.11 in CI
    import tomli as tomllib

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = False

ROOT = pathlib.Path(__file__).parent
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
PLUGINS = sorted(p.parent.name for p in ROOT.glob("plugins/*/pyproject.toml"))
EXAMPLES = sorted(p.parent.name for p in ROOT.glob("examples/*/pyproject.toml"))
TEST_TOOLS = ["pytest>=8", "hypothesis>=6.100", "tomli; python_version < '3.11'"]
JUNIT = ROOT / ".nox" / "junit"
# Linters are pinned: a new release that lints or formats differently should be a deliberate change.
RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"


def _extras(folder: str) -> list[str]:
    """The optional-dependency names a distribution declares (its ``test`` extra, say)."""
    data = tomllib.loads((ROOT / folder / "pyproject.toml").read_text("utf-8"))
    return list(data["project"].get("optional-dependencies", {}))


def _editable(folder: str) -> list[str]:
    extras = _extras(folder)
    wanted = [e for e in extras if e in ("test", "requests", "httpx")]
    return ["-e", f"{folder}[{','.join(wanted)}]" if wanted else folder]


def _pytest(session: nox.Session, *args: str, env: dict[str, str] | None = None) -> None:
    """Run pytest, leaving a JUnit report that .ci/run adds up into one closing line."""
    JUNIT.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in session.name)
    session.run("pytest", f"--junitxml={JUNIT / name}.xml", *args, *session.posargs, env=env)


@nox.session(python=PYTHONS)
def core(session: nox.Session) -> None:
    """Core alone: fake plugins registered in the tests, no entry points installed."""
    session.install(*TEST_TOOLS, "-e", "core")
    _pytest(session, "core/tests")


@nox.session(python=PYTHONS)
@nox.parametrize("name", PLUGINS)
def plugin(session: nox.Session, name: str) -> None:
    """One plugin with core only: proves it needs nothing else."""
    session.install(*TEST_TOOLS, "-e", "core", *_editable(f"plugins/{name}"))
    _pytest(session, f"plugins/{name}/tests", env={"TWILIO_JWT_EXPECT_PLUGINS": name})


def _install_all(session: nox.Session) -> None:
    members = [arg for name in PLUGINS for arg in _editable(f"plugins/{name}")]
    session.install(*TEST_TOOLS, "twilio>=9", "requests>=2.31", "httpx>=0.27", "-e", "core", *members)


@nox.session(python=PYTHONS)
def integration(session: nox.Session) -> None:
    """Everything installed: discovery, conformance vectors, cross-plugin behaviour."""
    _install_all(session)
    _pytest(session, "tests", "--ignore=tests/faults")


@nox.session(python=PYTHONS)
def faults(session: nox.Session) -> None:
    """Everything plus small broken and clashing distributions from tests/distributions."""
    _install_all(session)
    broken = sorted(str(p.parent) for p in ROOT.glob("tests/distributions/*/pyproject.toml"))
    session.install(*broken)
    _pytest(session, "tests/faults", env={"TWILIO_JWT_FAULT_SESSION": "1"})


@nox.session(python=PYTHONS)
def wheels(session: nox.Session) -> None:
    """Build every distribution, install the wheels (not editable) in a fresh venv, use them."""
    dist = pathlib.Path(session.create_tmp()) / "dist"
    for folder in ["core", *(f"plugins/{name}" for name in PLUGINS)]:
        session.run("uv", "build", "--wheel", "--out-dir", str(dist), folder, external=True, silent=True)
    session.install("--find-links", str(dist), "twilio-jwt[all]", "PyJWT")
    report = json.loads(session.run("twilio-jwt", "plugins", "--json", silent=True) or "{}")
    found = sorted(p["name"] for p in report["plugins"])
    if found != PLUGINS or report["failed"]:
        session.error(f"wheel install discovered {found} (failed: {report['failed']}), expected {PLUGINS}")
    env = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_API_KEY": "SK" + "0" * 32, "TWILIO_API_SECRET": "s" * 32}
    token = session.run(
        "twilio-jwt",
        "mint",
        "access-token",
        "--identity",
        "alice",
        "--grant",
        "voice:incoming_allow=true",
        env=env,
        silent=True,
    )
    session.run("python", "-c", _CHECK_TOKEN, (token or "").strip(), env=env)
    session.log("wheels: all %d plugins discovered from a non-editable install; token verified", len(found))


@nox.session(python=PYTHONS)
def examples(session: nox.Session) -> None:
    """Third-party plugins as outsiders write them: built as wheels, installed non-editable, discovered, tested.

    Core and the stock hmac and rsa plugins are installed editable; each example under
    ``examples/`` is built with ``uv build --wheel`` and installed from that wheel (a
    plain install, no ``-e``), so its tests run against what a user would get.
    """
    dist = pathlib.Path(session.create_tmp()) / "example-wheels"
    for name in EXAMPLES:
        session.run("uv", "build", "--wheel", "--out-dir", str(dist), f"examples/{name}", external=True, silent=True)
    session.install(*TEST_TOOLS, "-e", "core", *_editable("plugins/hmac"), *_editable("plugins/rsa"))
    session.install(*sorted(str(wheel) for wheel in dist.glob("*.whl")))
    # Both offer HS256; the choice is explicit, as for any user who installs both.
    env = {"TWILIO_JWT_ALGORITHM_BACKENDS": "HS256=hmac"}
    report = json.loads(session.run("twilio-jwt", "plugins", "--json", env=env, silent=True) or "{}")
    found = {p["name"]: p["distribution"] for p in report["plugins"]}
    wanted = {"ip_messaging": "twilio-jwt-ip-messaging", "external_signer": "twilio-jwt-external-signer"}
    if (
        any(found.get(name) != dist_name for name, dist_name in wanted.items())
        or report["failed"]
        or report["conflicts"]
    ):
        session.error(f"the example wheels were not discovered cleanly: {report}")
    expected = ",".join(sorted(["hmac", "rsa", *wanted]))
    _pytest(session, *(f"examples/{name}/tests" for name in EXAMPLES), env={"TWILIO_JWT_EXPECT_PLUGINS": expected})
    # The examples' READMEs run here, where the examples are installed.
    docs_env = {"TWILIO_JWT_DOCS": "examples"}
    session.run("pytest", "tests/test_documentation.py", "-k", "blocks_run_in_order", env=docs_env)


_CHECK_TOKEN = """
import os, sys, jwt, twilio_jwt
assert "site-packages" in twilio_jwt.__file__, twilio_jwt.__file__
claims = jwt.decode(sys.argv[1], os.environ["TWILIO_API_SECRET"], algorithms=["HS256"])
assert claims["grants"] == {"identity": "alice", "voice": {"incoming": {"allow": True}}}, claims
print("token verified:", sorted(claims))
"""


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict over core and every plugin."""
    members = [arg for name in PLUGINS for arg in _editable(f"plugins/{name}")]
    session.install(MYPY, "pytest>=8", "-e", "core", *members)
    packages = [arg for name in ["twilio_jwt", *(f"twilio_jwt_{p}" for p in PLUGINS)] for arg in ("-p", name)]
    session.run("mypy", "--strict", *packages)


@nox.session(python="3.11", default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks against the named baselines (not part of the default run)."""
    _install_all(session)
    session.run("python", "-m", "benchmarks", *session.posargs, env={"PYTHONPATH": str(ROOT)})


@nox.session(python="3.11", default=False)
def fuzz(session: nox.Session) -> None:
    """Fuzz decoding and canonicalisation for a bounded time each (``nox -s fuzz -- 300``: seconds each).

    atheris (libFuzzer) when it installs on this Python, else hypothesis with random bytes;
    crashes and the grown corpus go to .nox/fuzz/. Inputs that found bugs are kept in
    fuzz/regressions/ and replayed by tests/test_fuzz_regressions.py in every test run.
    """
    _install_all(session)
    seconds = session.posargs[0] if session.posargs else "60"
    try:
        session.install("atheris")
        engine = "atheris"
    except nox.command.CommandFailed:
        session.warn("atheris does not install here: fuzzing with hypothesis instead")
        engine = "hypothesis"
    for harness in ("decoding", "canonical"):
        session.run("python", "fuzz/run.py", harness, "--seconds", seconds, "--engine", engine)
