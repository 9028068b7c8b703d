"""The documentation runs: every example in the documents and in every ``--help`` works.

The Python blocks of each of README.md, CONTRIBUTING.md, docs/*.md, core/README.md and
plugins/*/README.md run in order against the installed packages, in one fresh
``python -W error -X dev`` per document, in a namespace holding the variables a reader
would have (``account_sid``, ``api_key_secret``, ...; see :data:`READER_VARIABLES`). Each
shell block runs with bash, stopping at the first failing command, in a scratch folder
holding the key files the documents name, with placeholder ``TWILIO_*`` credentials and
real tokens in ``$JWT``, ``$CAPABILITY_TOKEN``, ``$TASKROUTER_TOKEN`` and
``$VALIDATION_TOKEN``. Requests to ``https://api.twilio.com`` go to a local server on
127.0.0.1 that checks their ``Twilio-Client-Validation`` header; nothing reaches the
internet.

Commands only CI can run (``nox``, ``uv sync``) are in blocks marked
``<!-- docs-test: skip (run by CI) -->``, and each must be found in ``.ci/run`` or the
noxfile; ``pip install`` lines are checked against the repository's distributions.

The READMEs of ``examples/`` need their example installed, which only the ``examples``
session does: there they run with ``TWILIO_JWT_DOCS=examples`` (and only they).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import docs_support as docs
import pytest

SESSION = os.environ.get("TWILIO_JWT_DOCS", "")
EXAMPLES_ONLY = SESSION in docs.EXAMPLE_DOCUMENT_PATTERNS
DOCUMENTS = docs.documents(docs.EXAMPLE_DOCUMENT_PATTERNS[SESSION] if EXAMPLES_ONLY else docs.DOCUMENT_PATTERNS)
BLOCKS = [block for path in DOCUMENTS for block in docs.blocks(path)]
# The examples' READMEs run block after block in one test each (a block may start a service the
# next ones use); the others run block by block (shell) and document by document (Python).
IN_ORDER_DOCUMENTS = (
    [docs.relative(path) for path in DOCUMENTS]
    if EXAMPLES_ONLY
    else [
        pytest.param(
            docs.relative(path),
            marks=pytest.mark.skip(reason=f"run by the {session} session, where the examples are installed"),
        )
        for session, patterns in docs.EXAMPLE_DOCUMENT_PATTERNS.items()
        for path in docs.documents(patterns)
    ]
)
SHELL_BLOCKS = [] if EXAMPLES_ONLY else [block for block in BLOCKS if block.lang in docs.SHELL]
PYTHON_DOCUMENTS = [] if EXAMPLES_ONLY else sorted({block.document for block in BLOCKS if block.lang in docs.PYTHON})
INLINE = [(docs.relative(path), line, command) for path in DOCUMENTS for line, command in docs.inline_commands(path)]

ACCOUNT_SID = "AC" + "0" * 32
API_KEY_SID = "SK" + "0" * 32
CREDENTIAL_SID = "CR" + "0" * 32
API_KEY_SECRET = "replace-with-your-api-key-secret"
AUTH_TOKEN = "replace-with-your-auth-token-0123"
PASSPHRASE = b"my passphrase"

#: What a reader of the documents has in hand when running a Python example.
READER_VARIABLES: dict[str, object] = {
    "account_sid": ACCOUNT_SID,
    "api_key_sid": API_KEY_SID,
    "api_key_secret": API_KEY_SECRET,
    "auth_token": AUTH_TOKEN,
    "credential_sid": CREDENTIAL_SID,
    "app_sid": "AP" + "0" * 32,
}

TWILIO_API = "https://api.twilio.com"


# -- the reader's surroundings ------------------------------------------------------------------


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the key files the documents use: one 2048-bit RSA pair under several names."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    folder = tmp_path_factory.mktemp("reader")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSPHRASE),
    )
    for name in ("private_key.pem", "key.pem"):
        (folder / name).write_bytes(private)
    for name in ("public_key.pem", "twilio_public.pem"):
        (folder / name).write_bytes(public)
    (folder / "encrypted_key.pem").write_bytes(encrypted)
    return folder


@pytest.fixture
def workdir(key_files: Path, tmp_path: Path) -> Path:
    """A scratch folder of the test's own holding the key files (an example may overwrite them)."""
    folder = tmp_path / "reader"
    shutil.copytree(key_files, folder)
    return folder


@pytest.fixture(scope="module")
def tokens(key_files: Path) -> dict[str, str]:
    """Real tokens for the ``$JWT``-style variables, minted with the placeholder credentials."""
    from twilio_jwt import AccessToken, PluginHost
    from twilio_jwt_rsa import ValidationToken

    found: dict[str, str] = {}
    # HS256 from the stock plugin, also where the external-signer example offers it too.
    host = PluginHost(algorithm_backends={"HS256": "hmac"})
    access = AccessToken(ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, identity="alice", host=host)
    if not EXAMPLES_ONLY:  # the examples and endpoints sessions have no task-router plugin
        from twilio_jwt import ClientCapability
        from twilio_jwt_task_router import WorkerCapability
        from twilio_jwt_voice import IncomingClientScope, VoiceGrant

        access.add_grant(VoiceGrant(incoming_allow=True))
        capability = ClientCapability(ACCOUNT_SID, AUTH_TOKEN, host=host)
        capability.add_scope(IncomingClientScope("alice"))
        worker = WorkerCapability(ACCOUNT_SID, AUTH_TOKEN, "WS" + "0" * 32, "WK" + "0" * 32, host=host)
        found.update(CAPABILITY_TOKEN=capability.to_jwt(), TASKROUTER_TOKEN=worker.to_jwt())
    validation = ValidationToken(
        ACCOUNT_SID, CREDENTIAL_SID, API_KEY_SID, (key_files / "private_key.pem").read_text("utf-8"), host=host
    )
    request = {"method": "GET", "url": f"{TWILIO_API}/2010-04-01/Accounts/{ACCOUNT_SID}.json"}
    header_value = validation.generate_token(validation.get_request_canonicalizer(request))
    return {**found, "JWT": access.to_jwt(), "VALIDATION_TOKEN": header_value, "HEADER_VALUE": header_value}


@pytest.fixture(scope="module")
def environ(tokens: dict[str, str]) -> dict[str, str]:
    """A shell environment: no inherited ``TWILIO_*``; placeholder credentials, the tokens, this Python on PATH."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("TWILIO_")}
    env.update(
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_API_KEY=API_KEY_SID,
        TWILIO_API_SECRET=API_KEY_SECRET,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        **tokens,
    )
    if SESSION == "examples":
        # Both examples are installed and both offer HS256; a reader of one README has one of them.
        env["TWILIO_JWT_ALGORITHM_BACKENDS"] = "HS256=hmac"
    return env


class TwilioStandIn(http.server.ThreadingHTTPServer):
    """A local stand-in for api.twilio.com: answers 201, and records whether each request verified."""

    daemon_threads = True

    def __init__(self, public_key: str) -> None:
        from twilio_jwt_rsa import RequestVerifier

        super().__init__(("127.0.0.1", 0), _StandInHandler)
        from twilio_jwt import PluginHost

        host = PluginHost(algorithm_backends={"HS256": "hmac"})  # as in tokens()
        self.verifier = RequestVerifier(public_key, credential_sid=CREDENTIAL_SID, leeway=5, host=host)
        self.received: list[tuple[str, str, bool, str]] = []

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _StandInHandler(http.server.BaseHTTPRequestHandler):
    server: TwilioStandIn

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        from twilio_jwt_rsa import WireRequest

        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        result = self.server.verifier.verify(WireRequest(self.command, self.path, self.headers, body, scheme="http"))
        self.server.received.append((self.command, self.path, result.ok, result.reason))
        payload = json.dumps({"sid": "SM" + "0" * 32, "status": "queued"}).encode()
        self.send_response(201 if result.ok else 403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def twilio_stand_in(key_files: Path) -> Iterator[TwilioStandIn]:
    server = TwilioStandIn((key_files / "public_key.pem").read_text("utf-8"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- running examples -------------------------------------------------------------------------


def run_bash(script: str, env: Mapping[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by bash, stopping at the first failing command or pipeline stage."""
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script],
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit status {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"


#: Runs Python blocks in one namespace, each compiled under its ``document:line`` name (so a
#: traceback says which block failed), then calls the ``test_*`` functions the last one defined.
_PYTHON_DRIVER = """
import json, sys
spec = json.load(sys.stdin)
namespace = {"__name__": "__main__", **spec["variables"]}
before = set(namespace)
for name, code in spec["blocks"]:
    before = set(namespace)
    exec(compile(code, name, "exec"), namespace)
for name, value in list(namespace.items()):
    if name.startswith("test_") and name not in before and callable(value):
        value()
"""


def run_python(
    blocks: list[docs.Block], env: Mapping[str, str], cwd: Path, stand_in: TwilioStandIn
) -> subprocess.CompletedProcess[str]:
    """Python blocks run in order in a fresh ``python -W error`` with the reader's variables.

    Requests to api.twilio.com go to the stand-in instead.
    """
    spec = {
        "variables": READER_VARIABLES,
        "blocks": [(block.id, block.code.replace(TWILIO_API, stand_in.url)) for block in blocks],
    }
    return subprocess.run(
        [sys.executable, "-W", "error", "-X", "dev", "-c", _PYTHON_DRIVER],
        input=json.dumps(spec),
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def shell_script(block: docs.Block) -> tuple[str, list[str]]:
    """The runnable part of a shell block, and the problems of its ``pip install`` lines (not run)."""
    lines: list[str] = []
    problems: list[str] = []
    for command in docs.shell_commands(block):
        runnable = []
        for part in docs.split_and(command):
            if docs.is_pip_install(part):
                problems.extend(docs.check_pip_install(part))
            else:
                runnable.append(part)
        if runnable:
            lines.append(" && ".join(runnable))
    return "\n".join(lines) + "\n", problems


#: Documented commands that fail today because of a library bug, and where it is fixed. A test of
#: one of them is an expected failure only while it fails; remove the entry once the fix is merged.
@pytest.mark.parametrize("document", PYTHON_DOCUMENTS)
def test_python_blocks_run(
    document: str, workdir: Path, environ: dict[str, str], twilio_stand_in: TwilioStandIn
) -> None:
    """A document's Python blocks run in order, in one namespace, as a reader pasting them would run them."""
    blocks = [block for block in BLOCKS if block.document == document and block.lang in docs.PYTHON]
    result = run_python(blocks, environ, workdir, twilio_stand_in)
    assert result.returncode == 0, f"{document} (the traceback names the block as document:line):\n{explain(result)}"
    # -X dev shows what a snippet leaves behind (an unclosed file or socket) as a warning.
    assert "Warning" not in result.stderr, f"{document} warns:\n{result.stderr}"
    refused = [entry for entry in twilio_stand_in.received if not entry[2]]
    assert not refused, f"{document}: the stand-in for api.twilio.com refused {refused}"


def check_run_by_ci(block: docs.Block) -> None:
    """A block marked 'run by CI': each command is run by .ci/run or nox, and its pip lines are sound."""
    parts = [part for command in docs.shell_commands(block) for part in docs.split_and(command)]
    missing = [part for part in parts if not (docs.is_pip_install(part) or docs.run_by_ci(part))]
    assert not missing, f"{block.id} is marked 'run by CI', but neither .ci/run nor the noxfile runs {missing}"
    pip_problems = [problem for part in parts if docs.is_pip_install(part) for problem in docs.check_pip_install(part)]
    assert not pip_problems, f"{block.id}: {pip_problems}"


@pytest.mark.parametrize("block", SHELL_BLOCKS, ids=[b.id for b in SHELL_BLOCKS])
def test_shell_block_runs(block: docs.Block, workdir: Path, environ: dict[str, str]) -> None:
    """A shell block runs with bash and exits 0; a block marked 'run by CI' is run by .ci/run or nox."""
    if docs.is_skipped(block):
        check_run_by_ci(block)
        return
    script, problems = shell_script(block)
    assert not problems, f"{block.id}: {problems}"
    if script.strip():
        if docs.runs_in_checkout_copy(block):
            workdir = workdir / "checkout"
            ignore = shutil.ignore_patterns(".git", ".venv", ".nox", "*_cache", ".hypothesis", "__pycache__")
            shutil.copytree(docs.ROOT, workdir, ignore=ignore)
        result = run_bash(script, environ, workdir)
        assert result.returncode == 0, f"{block.id}:\n{script}\n{explain(result)}"


def _wait_for(path: Path, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text("utf-8", errors="replace"):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("document", IN_ORDER_DOCUMENTS)
def test_document_blocks_run_in_order(
    document: str, workdir: Path, environ: dict[str, str], twilio_stand_in: TwilioStandIn
) -> None:
    """Every block of the document in order. A service a console block starts in the background
    (``$ cmd &``) must first print the output the document shows; it keeps running for the blocks
    after it and is stopped at the end."""
    blocks = [block for block in BLOCKS if block.document == document]
    started: list[int] = []
    python_so_far: list[docs.Block] = []
    try:
        for block in blocks:
            if block.lang in docs.PYTHON:
                python_so_far.append(block)
                result = run_python(python_so_far, environ, workdir, twilio_stand_in)
                assert result.returncode == 0, f"{block.id}:\n{explain(result)}"
                assert "Warning" not in result.stderr, f"{block.id} warns:\n{result.stderr}"
            elif block.lang in docs.SHELL and docs.is_skipped(block):
                check_run_by_ci(block)
            elif block.lang in docs.SHELL:
                script, problems = shell_script(block)
                assert not problems, f"{block.id}: {problems}"
                output = workdir / f"block-{block.line}.out"
                with output.open("w", encoding="utf-8") as sink:
                    shell = subprocess.Popen(
                        ["bash", "-c", "set -euo pipefail\n" + script],
                        cwd=workdir,
                        env=environ,
                        stdin=subprocess.DEVNULL,
                        stdout=sink,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # its background services share its process group
                    )
                    started.append(shell.pid)
                    status = shell.wait(timeout=180)
                shown = output.read_text("utf-8", errors="replace")
                assert status == 0, f"{block.id}:\n{script}\nexit status {status}\n{shown}"
                for line in docs.background_output(block):
                    assert _wait_for(output, line, 30), f"{block.id}: never printed {line!r}:\n{output.read_text()}"
    finally:
        for group in started:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGTERM)


@pytest.mark.parametrize(("document", "line", "command"), INLINE, ids=[f"{d}:{n}" for d, n, _ in INLINE])
def test_inline_command_runs(document: str, line: int, command: str, workdir: Path, environ: dict[str, str]) -> None:
    """Whole ``twilio-jwt ...`` commands written in the prose run too."""
    result = run_bash(command + "\n", environ, workdir)
    assert result.returncode == 0, f"{document}:{line}: {command}\n{explain(result)}"


# -- --help examples ----------------------------------------------------------------------------

#: Placeholders the help texts write for a token, and the token each stands for.
HELP_PLACEHOLDERS = {"eyJhbGciOi...": '"$JWT"'}

#: Help examples whose documented outcome is not exit status 0 (none today), with that status.
HELP_EXIT_STATUS: dict[str, int] = {}


@pytest.fixture(scope="module")
def help_examples(environ: dict[str, str]) -> dict[str, list[str]]:
    return docs.all_help_examples(environ)


def test_every_command_has_help_examples(help_examples: dict[str, list[str]]) -> None:
    """Discovery reached the commands, and every leaf command's help shows examples."""
    assert {"twilio-jwt", "twilio-jwt mint", "twilio-jwt decode", "twilio-jwt plugins"} <= set(help_examples)
    assert any(name.startswith("twilio-jwt mint ") for name in help_examples), sorted(help_examples)
    without = sorted(name for name, examples in help_examples.items() if not examples)
    assert not without, f"commands whose --help has no example: {without}"


def test_help_examples_run(help_examples: dict[str, list[str]], workdir: Path, environ: dict[str, str]) -> None:
    """Every example of every ``--help`` runs, with placeholder credentials, to its documented status."""
    failures = []
    for name, examples in help_examples.items():
        for example in examples:
            command = example
            for placeholder, value in HELP_PLACEHOLDERS.items():
                command = command.replace(placeholder, value)
            result = run_bash(command + "\n", environ, workdir)
            if result.returncode != HELP_EXIT_STATUS.get(example, 0):
                failures.append(f"{name} --help: {example}\n{explain(result)}")
    assert not failures, "\n\n".join(failures)


# -- the documents themselves -----------------------------------------------------------------


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_block_language_is_known(block: docs.Block) -> None:
    """Each block says what it is, so none is left out of the run by a missing or misspelt language."""
    known = docs.PYTHON | docs.SHELL | docs.SHOWN
    assert block.lang in known, f"{block.id}: fence language {block.lang!r} is not one of {sorted(known)}"
    if block.directive is not None:
        assert docs.is_skipped(block) or docs.runs_in_checkout_copy(block)
        assert block.lang in docs.SHELL, f"{block.id}: only shell blocks may carry a docs-test directive"


def _tables(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each Markdown table (a run of ``|`` lines, blank lines between rows included) with its first line."""
    rows: list[str] = []
    start = 0
    pending_blank = 0
    for number, line in docs.prose_lines(path):
        if line.lstrip().startswith("|"):
            if not rows:
                start = number
            rows.extend([""] * pending_blank)
            rows.append(line)
            pending_blank = 0
        elif not line.strip() and rows:
            pending_blank += 1
        elif rows:
            yield start, rows
            rows, pending_blank = [], 0
    if rows:
        yield start, rows


TRACKED = docs.tracked_documents()


@pytest.mark.parametrize("path", TRACKED, ids=[docs.relative(p) for p in TRACKED])
def test_tables_render(path: Path) -> None:
    """Every table is one block of rows (a blank line ends a table), with a delimiter row and equal column counts."""
    for start, rows in _tables(path):
        where = f"{docs.relative(path)}:{start}"
        assert "" not in rows, f"{where}: a blank line between table rows splits the table"
        assert len(rows) >= 2, f"{where}: a table needs a header and a delimiter row"
        assert re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rows[1].strip()), f"{where}: the second row is not a delimiter row"
        widths = {len(re.split(r"(?<!\\)\|", row.strip().strip("|"))) for row in rows if "`" not in row}
        assert len(widths) <= 1, f"{where}: rows have different numbers of cells {sorted(widths)}"


@pytest.mark.parametrize("path", TRACKED, ids=[docs.relative(p) for p in TRACKED])
def test_links_stay_inside_the_repository(path: Path) -> None:
    """Relative links resolve to files in the repository; nothing points at ``../shared`` or above the checkout."""
    root = docs.ROOT.resolve()
    text = path.read_text("utf-8")
    assert "../shared" not in text, f"{docs.relative(path)} points at ../shared, which users of the repository lack"
    for line, target in docs.links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        resolved = (path.parent / target.split("#", 1)[0]).resolve()
        where = f"{docs.relative(path)}:{line}: {target}"
        assert resolved.is_relative_to(root), f"{where} points outside the repository"
        assert resolved.exists(), f"{where} does not exist"


def test_wire_format_is_documented_here() -> None:
    """The wire format is in the repository, with the amended SID rule, and the top documents link to it."""
    text = " ".join((docs.ROOT / "docs" / "wire-format.md").read_text("utf-8").split())
    assert "exactly its two-letter prefix plus 32 ASCII letters or digits" in text
    assert "white space or control characters" in text
    for name in ("README.md", "CONTRIBUTING.md"):
        assert "docs/wire-format.md" in (docs.ROOT / name).read_text("utf-8"), name


# -- the helpers, on inputs with known answers ------------------------------------------------


def test_extractor_reads_blocks_directives_and_commands(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(
        "Intro `twilio-jwt plugins --json` and `twilio-jwt`.\n\n"
        "<!-- docs-test: skip (run by CI) -->\n"
        "```sh\nnox -s lint-3.11   # lint\nuv sync && \\\n  echo '# kept'\n```\n\n"
        "```console\n$ twilio-jwt plugins\nhmac  twilio-jwt-hmac\n```\n"
        "```python\nx = 1\n```\n",
        "utf-8",
    )
    found = docs.blocks(doc)
    assert [(b.line, b.lang, b.directive) for b in found] == [
        (4, "sh", "skip (run by CI)"),
        (10, "console", None),
        (14, "python", None),
    ]
    assert docs.shell_commands(found[0]) == ["nox -s lint-3.11", "uv sync && echo '# kept'"]
    assert docs.shell_commands(found[1]) == ["twilio-jwt plugins"]
    assert docs.background_output(found[1]) == []
    service = docs.Block(
        "doc.md", 1, "console", "$ signer --listen x &   # start it\nlistening x\n$ other\nout\n", None
    )
    assert docs.background_output(service) == ["listening x"]
    assert docs.shell_commands(service) == ["signer --listen x &", "other"]
    assert docs.inline_commands(doc) == [(1, "twilio-jwt plugins --json")]
    bad = docs.Block("doc.md", 1, "sh", "true\n", "skip it")
    with pytest.raises(ValueError, match="unknown docs-test directive 'skip it'"):
        docs.is_skipped(bad)


def test_run_by_ci_knows_what_ci_runs() -> None:
    assert docs.run_by_ci("nox")
    assert docs.run_by_ci("python -m pip install nox uv")
    assert docs.run_by_ci("nox -s \"plugin-3.11(name='voice')\"")
    assert docs.run_by_ci("ruff format --check .")
    assert docs.run_by_ci("mypy --strict core/src plugins/*/src")
    assert not docs.run_by_ci("nox -s no-such-session")
    assert not docs.run_by_ci("ruff format .")
    assert not docs.run_by_ci("rm -rf /")


def test_pip_install_lines_are_checked() -> None:
    assert docs.check_pip_install("pip install ./core ./plugins/*") == []
    assert docs.check_pip_install('pip install "twilio-jwt[voice,hmac]"') == []
    assert docs.check_pip_install("python -m pip install nox uv") == []
    assert docs.check_pip_install("pip install ./plugins/nope") == [
        "./plugins/nope: not a distribution folder of this repository ([])"
    ]
    assert docs.check_pip_install("pip install twilio-jwt[vioce]") == [
        "twilio-jwt[vioce]: twilio-jwt declares no extra ['vioce']"
    ]
    assert docs.check_pip_install("pip install left-pad") == [
        "left-pad: neither one of our distributions nor a development tool"
    ]


def test_help_parsing() -> None:
    text = (
        "usage: twilio-jwt mint [-h] KIND ...\n\npositional arguments:\n  KIND\n"
        "    access-token     mint an access token\n    client-capability\n                     mint one\n\n"
        "options:\n  -h, --help  show\n\nexamples:\n  twilio-jwt mint access-token --identity a \\\n"
        "      --ttl 60\n  $ twilio-jwt plugins\n  export X=1\n"
    )
    assert docs.subcommands(text) == ["access-token", "client-capability"]
    assert docs.help_examples(text) == ["twilio-jwt mint access-token --identity a --ttl 60", "twilio-jwt plugins"]


def test_python_runner_reports_failures_warnings_and_requests(
    workdir: Path, environ: dict[str, str], twilio_stand_in: TwilioStandIn
) -> None:
    """The runner tells which block failed, sees what a block leaves open, and signs for the stand-in."""
    broken = docs.Block("doc.md", 3, "python", "x = 1\n", None), docs.Block("doc.md", 9, "python", "1 / 0\n", None)
    result = run_python(list(broken), environ, workdir, twilio_stand_in)
    assert result.returncode == 1
    assert 'File "doc.md:9", line 1' in result.stderr
    assert "ZeroDivisionError" in result.stderr
    leaky = docs.Block("doc.md", 1, "python", "open('key.pem').read()\n", None)
    assert "ResourceWarning: unclosed file" in run_python([leaky], environ, workdir, twilio_stand_in).stderr
    unsigned = docs.Block(
        "doc.md", 1, "python", f"import requests\nrequests.post('{TWILIO_API}/x', data={{'a': 'b'}}).close()\n", None
    )
    assert run_python([unsigned], environ, workdir, twilio_stand_in).returncode == 0
    assert [(method, path, ok) for method, path, ok, _ in twilio_stand_in.received] == [("POST", "/x", False)]
