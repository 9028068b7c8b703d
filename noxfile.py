"""Every check the project runs, as nox sessions.

``nox`` runs the default sessions on every installed Python from 3.10 to 3.13. A missing
interpreter is skipped at once on a developer's machine, because neither nox nor uv may
download one here; with ``CI`` set (``.ci/run``) a missing interpreter is a failure. Plugin
sessions are found by globbing ``plugins/*/pyproject.toml``, so adding a plugin needs no edit
here. Sessions use uv to create virtualenvs and install, which keeps the full matrix inside
CI's time on two cores.

Every version a default session installs comes from ``uv.lock``, through a constraints file
exported from it (``uv export --locked``), rather than ``uv sync --locked`` into each session
venv. The sessions deliberately install different subsets: core alone, one plugin alone,
built wheels instead of the sources, broken distributions next to everything. That is how
they prove a plugin needs nothing else, and ``uv sync`` installs a workspace's fixed shape
instead. Constraints pin whatever a session does install (and, through
``--build-constraints``, the hatchling that builds our distributions) without adding
anything. ``--locked`` makes the export fail when a pyproject.toml changed and the lock was
not refreshed; after installing, each session checks that every installed distribution is
one of ours or at its locked version, so nothing slips past the lock. Tools come from the
dependency groups of the root ``pyproject.toml``, so the noxfile holds no version of its own.
Refresh the lock with ``uv lock --upgrade`` (CONTRIBUTING.md).

The ``latest`` sessions (not default: a newcomer's ``nox`` must not break when an upstream
project releases; ``.ci/run`` runs them) do the opposite: no lock, the newest release of
every runtime and test dependency, warnings as errors, and first a table of every package
whose installed version differs from the lock, so the package behind a failure is named.
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import re
import sys
from collections.abc import Callable

import nox
import nox.command

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - nox itself runs on 3.11 in CI
    import tomli as tomllib

nox.needs_version = ">=2025.10.14"  # the first with --download-python
nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = False
# Never download a Python: a missing interpreter is skipped in a second (an error with CI set).
nox.options.download_python = "never"
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")

ROOT = pathlib.Path(__file__).parent
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
PLUGINS = sorted(p.parent.name for p in ROOT.glob("plugins/*/pyproject.toml"))


def _is_plugin(pyproject: pathlib.Path) -> bool:
    """A distribution with an entry point in group ``twilio_jwt`` (the token-endpoint examples are apps)."""
    return "twilio_jwt" in tomllib.loads(pyproject.read_text("utf-8"))["project"].get("entry-points", {})


#: Third-party plugin examples (the ``examples`` session) and example applications (``endpoints``).
EXAMPLES = sorted(p.parent.name for p in ROOT.glob("examples/*/pyproject.toml") if _is_plugin(p))
APPS = sorted(p.parent.name for p in ROOT.glob("examples/*/pyproject.toml") if not _is_plugin(p))
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
JUNIT = ROOT / ".nox" / "junit"
CONSTRAINTS = ROOT / ".nox" / "lock" / "constraints.txt"
CREDENTIALS = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_API_KEY": "SK" + "0" * 32, "TWILIO_API_SECRET": "s" * 32}


def _group(*names: str) -> list[str]:
    """The requirements of the root pyproject's dependency groups (versions come from the lock)."""
    return list(nox.project.dependency_groups(PYPROJECT, *names))


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _extras(folder: str) -> list[str]:
    """The optional-dependency names a distribution declares (its ``test`` extra, say)."""
    data = tomllib.loads((ROOT / folder / "pyproject.toml").read_text("utf-8"))
    return list(data["project"].get("optional-dependencies", {}))


def _editable(folder: str) -> list[str]:
    extras = _extras(folder)
    wanted = [e for e in extras if e in ("test", "requests", "httpx")]
    return ["-e", f"{folder}[{','.join(wanted)}]" if wanted else folder]


_EXPORTED: list[pathlib.Path] = []  # the export of this nox run, once done


def _export_lock(session: nox.Session) -> pathlib.Path:
    """``uv.lock`` as a constraints file, once per nox run; a stale or missing lock fails here."""
    if not _EXPORTED:
        CONSTRAINTS.parent.mkdir(parents=True, exist_ok=True)
        export = ["uv", "export", "--locked", "--all-groups", "--all-extras", "--all-packages", "--no-emit-workspace"]
        output = ["--no-hashes", "--no-header", "--no-annotate", "-q", "-o", str(CONSTRAINTS)]
        try:
            session.run(*export, *output, external=True)
        except nox.command.CommandFailed:
            session.error("uv.lock is missing or out of date with the pyproject.toml files: run `uv lock`, commit it")
        _EXPORTED.append(CONSTRAINTS)
    return CONSTRAINTS


def _pinning(session: nox.Session, latest: bool) -> list[str]:
    """uv pip options: pinned by the lock, or (``latest``) the newest release of everything, lock ignored."""
    if latest:
        return ["--upgrade", "--refresh"]
    pins = str(_export_lock(session))
    return ["-c", pins, "-b", pins]


def _install(session: nox.Session, *args: str, latest: bool) -> None:
    session.install(*_pinning(session, latest), *args)


def _locked_versions() -> dict[str, set[str]]:
    """Name -> the versions uv.lock holds for it (one per Python range where they differ)."""
    versions: dict[str, set[str]] = {}
    for package in tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))["package"]:
        if "registry" in package.get("source", {}):
            versions.setdefault(_norm(package["name"]), set()).add(package["version"])
    return versions


def _ours() -> set[str]:
    """Every distribution this repository builds: never in the lock's registry pins."""
    folders = ["core", "compat", "plugins/*", "examples/*", "tests/distributions/*"]
    files = [path for pattern in folders for path in ROOT.glob(f"{pattern}/pyproject.toml")]
    return {_norm(tomllib.loads(path.read_text("utf-8"))["project"]["name"]) for path in files}


_LIST_INSTALLED = (
    "import importlib.metadata as m, json;print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))"
)


def _compare_with_lock(session: nox.Session, *, latest: bool, python: str = "python") -> None:
    """Name every installed distribution not at its locked version: an error, or (``latest``) the report."""
    output = session.run(python, "-c", _LIST_INSTALLED, silent=True, external=python != "python") or "{}"
    installed = json.loads(output.strip().splitlines()[-1])
    locked, ours = _locked_versions(), _ours()
    rows = []
    for name, version in sorted(installed.items(), key=lambda item: _norm(item[0])):
        pins = locked.get(_norm(name))
        if _norm(name) not in ours and (pins is None or version not in pins):
            rows.append((name, " or ".join(sorted(pins)) if pins else "(not in uv.lock)", version))
    table = "\n".join(f"  {name:<28} lock {pinned:<22} installed {version}" for name, pinned, version in rows)
    if latest:
        session.log(f"packages that differ from uv.lock:\n{table}" if rows else "every package is as in uv.lock")
    elif rows:
        session.error(
            "installed packages differ from uv.lock (add a new tool to a dependency group in pyproject.toml "
            f"and run `uv lock`):\n{table}"
        )


def _pytest(session: nox.Session, *args: str, env: dict[str, str] | None = None, latest: bool = False) -> None:
    """Run pytest, leaving a JUnit report that .ci/run adds up into one closing line.

    ``latest`` adds PYTHONWARNINGS=error, so a warning outside pytest's own filter (in a
    subprocess the tests start, or at import time) fails too; ``env`` may narrow it.
    """
    JUNIT.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in session.name)
    strict = ["-W", "error"] if latest else []  # even where a pyproject filterwarnings would let one through
    env = {**({"PYTHONWARNINGS": "error"} if latest else {}), **(env or {})}
    session.run("pytest", f"--junitxml={JUNIT / name}.xml", *strict, *args, *session.posargs, env=env)


def _run_core(session: nox.Session, latest: bool = False) -> None:
    _install(session, *_group("test"), "-e", "core", latest=latest)
    _compare_with_lock(session, latest=latest)
    _pytest(session, "core/tests", latest=latest)


def _run_plugin(session: nox.Session, name: str, latest: bool = False) -> None:
    _install(session, *_group("test"), "-e", "core", *_editable(f"plugins/{name}"), latest=latest)
    _compare_with_lock(session, latest=latest)
    _pytest(session, f"plugins/{name}/tests", env={"TWILIO_JWT_EXPECT_PLUGINS": name}, latest=latest)


def _install_all(session: nox.Session, latest: bool = False) -> None:
    members = [arg for name in PLUGINS for arg in _editable(f"plugins/{name}")]
    _install(session, *_group("test", "compare"), "-e", "core", *members, "-e", "compat", latest=latest)


def _run_integration(session: nox.Session, latest: bool = False) -> None:
    _install_all(session, latest)
    _compare_with_lock(session, latest=latest)
    _pytest(session, "tests", "--ignore=tests/faults", latest=latest)


def _run_faults(session: nox.Session, latest: bool = False) -> None:
    _install_all(session, latest)
    broken = sorted(str(p.parent) for p in ROOT.glob("tests/distributions/*/pyproject.toml"))
    _install(session, *broken, latest=latest)
    _compare_with_lock(session, latest=latest)
    # The broken plugins make the CLI subprocesses warn (PluginLoadWarning, a UserWarning) on purpose.
    quiet = {"PYTHONWARNINGS": "error,default::UserWarning"} if latest else {}
    _pytest(session, "tests/faults", env={"TWILIO_JWT_FAULT_SESSION": "1", **quiet}, latest=latest)


def _run_wheels(session: nox.Session, latest: bool = False) -> None:
    dist = pathlib.Path(session.create_tmp()) / "dist"
    build = ["--build-constraints", str(_export_lock(session))] if not latest else []
    for folder in ["core", *(f"plugins/{name}" for name in PLUGINS)]:
        session.run("uv", "build", "--wheel", *build, "--out-dir", str(dist), folder, external=True, silent=True)
    _install(session, "--find-links", str(dist), "twilio-jwt[all]", "PyJWT", latest=latest)
    _compare_with_lock(session, latest=latest)
    _mint_from_wheels(session, pathlib.Path(session.bin), PLUGINS)
    session.log("wheels: all %d plugins discovered from a non-editable install; token verified", len(PLUGINS))

    # What a user gets from `pip install "twilio-jwt[voice]"` into an empty venv: voice and the
    # hmac that signs its tokens, nothing else, and a voice token that verifies.
    venv = pathlib.Path(session.create_tmp()) / "voice-extra"
    session.run("uv", "venv", "-q", "--python", str(pathlib.Path(session.bin) / "python"), str(venv), external=True)
    python = str(venv / "bin" / "python")
    pinning = _pinning(session, latest)
    extra = ["twilio-jwt[voice]", "--find-links", str(dist)]
    session.run("uv", "pip", "install", "-q", "--python", python, *pinning, *extra, external=True)
    _compare_with_lock(session, latest=latest, python=python)
    _mint_from_wheels(session, venv / "bin", ["hmac", "voice"])
    session.log("wheels: twilio-jwt[voice] alone installs voice and hmac and mints a voice token")


def _mint_from_wheels(session: nox.Session, bin: pathlib.Path, expected: list[str]) -> None:
    """In the environment of ``bin``: exactly ``expected`` plugins load, and a minted voice token verifies."""
    cli, python = str(bin / "twilio-jwt"), str(bin / "python")
    report = json.loads(session.run(cli, "plugins", "--json", silent=True, external=True) or "{}")
    found = sorted(p["name"] for p in report["plugins"])
    if found != expected or report["failed"]:
        session.error(f"wheel install discovered {found} (failed: {report['failed']}), expected {expected}")
    mint = ["mint", "access-token", "--identity", "alice", "--grant", "voice:incoming_allow=true"]
    token = session.run(cli, *mint, env=CREDENTIALS, silent=True, external=True)
    session.run(python, "-c", _CHECK_TOKEN, (token or "").strip(), env=CREDENTIALS, external=True)


def _run_examples(session: nox.Session, latest: bool = False) -> None:
    dist = pathlib.Path(session.create_tmp()) / "example-wheels"
    build = ["--build-constraints", str(_export_lock(session))] if not latest else []
    for name in EXAMPLES:
        folder = f"examples/{name}"
        session.run("uv", "build", "--wheel", *build, "--out-dir", str(dist), folder, external=True, silent=True)
    signers = [*_editable("plugins/hmac"), *_editable("plugins/rsa")]
    _install(session, *_group("test"), "-e", "core", *signers, latest=latest)
    _install(session, *sorted(str(wheel) for wheel in dist.glob("*.whl")), latest=latest)
    _compare_with_lock(session, latest=latest)
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
    tests = [f"examples/{name}/tests" for name in EXAMPLES]
    _pytest(session, *tests, env={"TWILIO_JWT_EXPECT_PLUGINS": expected}, latest=latest)
    # The examples' READMEs run here, where the examples are installed.
    docs_env = {"TWILIO_JWT_DOCS": "examples"}
    session.run("pytest", "tests/test_documentation.py", "-k", "blocks_run_in_order", env=docs_env)


def _run_endpoints(session: nox.Session, latest: bool = False) -> None:
    # rsa only for the documentation test's fixture tokens; the apps need hmac, voice and video.
    plugins = [arg for name in ("hmac", "voice", "video", "rsa") for arg in _editable(f"plugins/{name}")]
    apps = [f"examples/{name}" for name in APPS]
    _install(session, *_group("test", "endpoints"), "-e", "core", *plugins, *apps, latest=latest)
    _compare_with_lock(session, latest=latest)
    _pytest(session, "examples/token-endpoint-tests", latest=latest)
    # The apps' READMEs run here, where the apps and their servers are installed.
    docs_env = {"TWILIO_JWT_DOCS": "endpoints"}
    session.run("pytest", "tests/test_documentation.py", "-k", "blocks_run_in_order", env=docs_env)


@nox.session(python=PYTHONS)
def core(session: nox.Session) -> None:
    """Core alone: fake plugins registered in the tests, no entry points installed."""
    _run_core(session)


@nox.session(python=PYTHONS)
@nox.parametrize("name", PLUGINS)
def plugin(session: nox.Session, name: str) -> None:
    """One plugin with core only: proves it needs nothing else."""
    _run_plugin(session, name)


@nox.session(python=PYTHONS)
def integration(session: nox.Session) -> None:
    """Everything installed: discovery, conformance vectors, cross-plugin behaviour."""
    _run_integration(session)


@nox.session(python=PYTHONS)
def faults(session: nox.Session) -> None:
    """Everything plus small broken and clashing distributions from tests/distributions."""
    _run_faults(session)


@nox.session(python=PYTHONS)
def wheels(session: nox.Session) -> None:
    """Build every distribution, install the wheels (not editable) in a fresh venv, use them."""
    _run_wheels(session)


@nox.session(python=PYTHONS)
def examples(session: nox.Session) -> None:
    """Third-party plugins as outsiders write them: built as wheels, installed non-editable, discovered, tested.

    Core and the stock hmac and rsa plugins are installed editable; each example under
    ``examples/`` is built with ``uv build --wheel`` and installed from that wheel (a
    plain install, no ``-e``), so its tests run against what a user would get.
    """
    _run_examples(session)


@nox.session(python=PYTHONS)
def endpoints(session: nox.Session) -> None:
    """The token-endpoint example apps (Flask, FastAPI) as real servers on 127.0.0.1, tokens checked with PyJWT."""
    _run_endpoints(session)


_CHECK_TOKEN = """
import os, sys, jwt, twilio_jwt
assert "site-packages" in twilio_jwt.__file__, twilio_jwt.__file__
claims = jwt.decode(sys.argv[1], os.environ["TWILIO_API_SECRET"], algorithms=["HS256"])
assert claims["grants"] == {"identity": "alice", "voice": {"incoming": {"allow": True}}}, claims
print("token verified:", sorted(claims))
"""

#: What ``latest`` runs: every default test session's body, by name.
SUITES: dict[str, Callable[..., None]] = {
    "core": _run_core,
    **{f"plugin-{name}": functools.partial(_run_plugin, name=name) for name in PLUGINS},
    "integration": _run_integration,
    "faults": _run_faults,
    "wheels": _run_wheels,
    "examples": _run_examples,
    "endpoints": _run_endpoints,
}


@nox.session(python="3.11", default=False)
@nox.parametrize("suite", list(SUITES))
def latest(session: nox.Session, suite: str) -> None:
    """The test sessions with the newest release of every dependency, not the lock; warnings are errors.

    Not a default session, so a newcomer's ``nox`` keeps passing when an upstream project
    releases something that breaks us; ``.ci/run`` runs it, so CI sees that first. Each
    prints the packages whose installed version differs from uv.lock before its tests run.
    """
    SUITES[suite](session, latest=True)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    _install(session, *_group("lint"), latest=False)
    _compare_with_lock(session, latest=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def typecheck(session: nox.Session) -> None:
    """mypy --strict over core, every plugin, the compat layer and the example apps."""
    members = [arg for name in PLUGINS for arg in _editable(f"plugins/{name}")]
    apps = [arg for name in APPS for arg in ("-e", f"examples/{name}")]
    _install(session, *_group("typecheck", "endpoints"), "-e", "core", *members, "-e", "compat", *apps, latest=False)
    _compare_with_lock(session, latest=False)
    modules = ["twilio_jwt", *(f"twilio_jwt_{p}" for p in PLUGINS), "twilio_jwt_compat"]
    modules += [name.replace("-", "_") for name in APPS]
    packages = [arg for name in modules for arg in ("-p", name)]
    session.run("mypy", "--strict", *packages)
    _typecheck_documented_use(session)


#: The names a README example takes from the reader (as tests/test_documentation.py gives them).
_READER_NAMES = ("account_sid", "api_key_sid", "api_key_secret", "auth_token", "credential_sid", "app_sid")
#: Mistyped calls to the documented imports, and what mypy must say about them: the public types are the real ones.
_MISTYPED = """\
from twilio_jwt import AccessToken
from twilio_jwt_rsa import ValidationToken
from twilio_jwt.grants import VoiceGrant
from twilio_jwt.scopes import IncomingClientScope
AccessToken(123, None, 4.5, identity=object())
VoiceGrant(incoming=True)
IncomingClientScope(None)
ValidationToken("AC1", "CR1", "SK1", "key", ttl="300")
"""
_MISTYPED_ERRORS = (
    'Argument 1 to "AccessToken" has incompatible type "int"; expected "str"',
    'Argument 2 to "AccessToken" has incompatible type "None"; expected "str"',
    'Argument 3 to "AccessToken" has incompatible type "float"; expected "str | bytes"',
    'Argument "identity" to "AccessToken" has incompatible type "object"; expected "str | int"',
    'Unexpected keyword argument "incoming" for "VoiceGrant"',
    'Argument 1 to "IncomingClientScope" has incompatible type "None"; expected "str | int"',
    'Argument "ttl" to "ValidationToken" has incompatible type "str"; expected "int | None"',
    "Found 7 errors in 1 file",
)


def _typecheck_documented_use(session: nox.Session) -> None:
    """mypy --strict on the READMEs' Python blocks (a module per README: a reader runs its blocks in order),
    and proof that mistyped calls to the documented imports fail it. The token-endpoint apps are packages, above."""
    tmp = pathlib.Path(session.create_tmp())
    config = tmp / "mypy.ini"  # requests (in the README's signing example) is not installed here: Any
    config.write_text(
        "[mypy]\nstrict = True\npython_version = 3.10\n[mypy-requests.*]\nignore_missing_imports = True\n"
    )
    modules = []
    for readme in [ROOT / "README.md", *sorted(ROOT.glob("plugins/*/README.md"))]:
        blocks = re.findall(r"^```python\n(.*?)^```$", readme.read_text("utf-8"), re.M | re.S)
        modules.append(tmp / f"readme_{readme.relative_to(ROOT).parent.name or 'root'}.py")
        modules[-1].write_text("".join(f'{name}: str = ""\n' for name in _READER_NAMES) + "".join(blocks))
    session.run("mypy", "--config-file", str(config), *map(str, modules))
    mistyped = tmp / "mistyped.py"
    mistyped.write_text(_MISTYPED)
    output = session.run("mypy", "--config-file", str(config), str(mistyped), silent=True, success_codes=[1]) or ""
    missing = [error for error in _MISTYPED_ERRORS if error not in output]
    if missing:
        session.error(f"mypy --strict did not report {missing} for mistyped calls:\n{output}")


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
        session.install("atheris")  # not in the lock: a fuzzer build, not a test dependency
        engine = "atheris"
    except nox.command.CommandFailed:
        session.warn("atheris does not install here: fuzzing with hypothesis instead")
        engine = "hypothesis"
    for harness in ("decoding", "canonical"):
        session.run("python", "fuzz/run.py", harness, "--seconds", seconds, "--engine", engine)
