"""Finding the runnable examples in the project's documents and ``--help`` texts.

A small extractor rather than a documentation-testing tool: the documents are plain
Markdown with fenced blocks, and what needs care is how each example is *run* (bash with
placeholder credentials, Python in a namespace holding a reader's variables, requests to
Twilio answered by a local server, commands that only CI can run checked against
``.ci/run`` and the noxfile), not how it is found. pytest-examples runs Python only;
sybil would parse the fences, but every evaluator here (bash, the Python subprocess, the
CI check) would still be written by hand, for one more test dependency to lock.

The rules a document follows, which ``tests/test_documentation.py`` enforces:

- Every fenced block names its language. ``python`` blocks and ``sh``/``console`` blocks
  are run; ``text``, ``toml`` and ``json`` blocks are shown output or file contents.
- A block that cannot run inside the test suite says so just before its fence::

      <!-- docs-test: skip (run by CI) -->

  and each of its commands must then be found in ``.ci/run`` or the noxfile (see
  :func:`run_by_ci`), so nothing is skipped silently.
- ``pip install`` commands are not run (they would change the environment under test);
  they are checked against the repository instead (:func:`check_pip_install`).
"""

from __future__ import annotations

import ast
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10 has no tomllib
    import tomli as tomllib  # type: ignore[import-not-found]

ROOT = Path(__file__).resolve().parent.parent

#: The documents whose code is run (the examples' READMEs in the ``examples`` session, where the
#: examples are installed).
DOCUMENT_PATTERNS = ("README.md", "CONTRIBUTING.md", "docs/*.md", "core/README.md", "plugins/*/README.md")
#: The examples' READMEs, by the nox session that installs what they need (``TWILIO_JWT_DOCS``).
EXAMPLE_DOCUMENT_PATTERNS = {
    "examples": ("examples/twilio-jwt-*/README.md",),  # the third-party plugins
    "endpoints": ("examples/token-endpoint-*/README.md",),  # the token-endpoint apps
}

PYTHON = frozenset({"python"})
SHELL = frozenset({"sh", "console"})
SHOWN = frozenset({"text", "toml", "json"})

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)\s*$")
_DIRECTIVE = re.compile(r"^\s*<!--\s*docs-test:\s*(?P<body>.*?)\s*-->\s*$")
SKIP_DIRECTIVE = "skip (run by CI)"
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)|!\[[^\]]*\]\((?P<image>[^)\s]+)\)")
_INLINE_CODE = re.compile(r"(?<!`)`(?P<code>[^`\n]+)`(?!`)")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, its text and its ``docs-test`` directive."""

    document: str
    line: int
    lang: str
    code: str
    directive: str | None

    @property
    def id(self) -> str:
        return f"{self.document}:{self.line}"


def documents(patterns: tuple[str, ...] = DOCUMENT_PATTERNS) -> list[Path]:
    """The documents matching ``patterns``, in a stable order."""
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(ROOT.glob(pattern)))
    return found


def tracked_documents() -> list[Path]:
    """Every Markdown file git tracks (every one on disk, outside tool folders, without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "*.md"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".nox", ".venv", "node_modules", ".hypothesis", ".pytest_cache"}
        return sorted(p for p in ROOT.rglob("*.md") if not skip.intersection(p.relative_to(ROOT).parts))
    return sorted(ROOT / name for name in listed.decode("utf-8").split("\0") if name)


def relative(path: Path) -> str:
    """``path`` relative to the checkout (as given, when it is elsewhere)."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown document, each with the directive just before it."""
    lines = path.read_text("utf-8").splitlines()
    found: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        start = index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence[0] * len(fence)):
            line = lines[index]
            body.append(line[indent:] if line[:indent].strip() == "" else line.lstrip())
            index += 1
        index += 1
        previous = next((lines[i] for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        directive = _DIRECTIVE.match(previous)
        found.append(
            Block(
                relative(path),
                start + 1,
                match["lang"],
                "\n".join(body) + "\n",
                directive["body"] if directive else None,
            )
        )
    return found


def prose_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of the lines outside fenced blocks."""
    inside: str | None = None
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        match = _FENCE.match(line)
        if inside is None and match:
            inside = match["fence"][0] * len(match["fence"])
        elif inside is not None and line.strip().startswith(inside):
            inside = None
        elif inside is None:
            yield number, line


def inline_commands(path: Path) -> list[tuple[int, str]]:
    """``twilio-jwt`` commands with options written inline in the prose, with their line numbers.

    A span without an option (```twilio-jwt decode```) names a command rather than
    showing one, and is left alone.
    """
    found = []
    for number, line in prose_lines(path):
        for match in _INLINE_CODE.finditer(line):
            code = match["code"].strip()
            if code.startswith(("twilio-jwt ", "python -m twilio_jwt ")) and " -" in code:
                found.append((number, code))
    return found


def links(path: Path) -> list[tuple[int, str]]:
    """Markdown link and image targets in the prose, with their line numbers."""
    return [
        (number, match["target"] or match["image"])
        for number, line in prose_lines(path)
        for match in _LINK.finditer(line)
    ]


#: A block that changes the checkout (``uv lock``) runs in a copy of it instead of an empty folder.
IN_CHECKOUT_COPY_DIRECTIVE = "run in a copy of the checkout"


def runs_in_checkout_copy(block: Block) -> bool:
    """Whether the block is marked ``<!-- docs-test: run in a copy of the checkout -->``."""
    return block.directive == IN_CHECKOUT_COPY_DIRECTIVE


def is_skipped(block: Block) -> bool:
    """Whether the block is marked ``<!-- docs-test: skip (run by CI) -->``.

    Raises ``ValueError`` for any other directive, so a typo cannot switch a block off.
    """
    if block.directive is None or runs_in_checkout_copy(block):
        return False
    if block.directive != SKIP_DIRECTIVE:
        raise ValueError(f"{block.id}: unknown docs-test directive {block.directive!r}")
    return True


def shell_commands(block: Block) -> list[str]:
    """The commands of a shell block, continuation lines joined, comments and blank lines dropped.

    In a ``console`` block only ``$ `` lines are commands; the rest is their output.
    """
    raw = block.code.splitlines()
    if block.lang == "console":
        raw = [line[2:] for line in raw if line.startswith("$ ")]
    commands: list[str] = []
    pending = ""
    for line in raw:
        line = line.lstrip() if pending else line
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1].rstrip() + " "
            continue
        command = _strip_comment(pending + line).strip()
        pending = ""
        if command:
            commands.append(command)
    return commands


def background_output(block: Block) -> list[str]:
    """The output a ``console`` block shows after each command it starts in the background (``cmd &``)."""
    shown: list[str] = []
    collecting = False
    for line in block.code.splitlines():
        if line.startswith("$ "):
            collecting = block.lang == "console" and _strip_comment(line[2:]).rstrip().endswith("&")
        elif collecting and line.strip():
            shown.append(line.strip())
    return shown


def console_script(block: Block) -> str:
    """A console block's commands as a script (its output lines left out)."""
    return "\n".join(shell_commands(block)) + "\n"


def _strip_comment(line: str) -> str:
    """``line`` without a trailing ``# comment`` (a ``#`` inside quotes is kept)."""
    quote: str | None = None
    for position, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (position == 0 or line[position - 1].isspace()):
            return line[:position]
    return line


def split_and(command: str) -> list[str]:
    """The parts of ``a && b && c`` (no quoting of ``&&`` appears in the documents)."""
    return [part.strip() for part in command.split(" && ")]


# -- what CI runs -----------------------------------------------------------------------------


def _words(command: str) -> list[str]:
    return shlex.split(command, comments=True)


def noxfile_commands() -> list[list[str | None]]:
    """The commands the noxfile's sessions run, as word lists; ``None`` stands for computed words.

    Read from the noxfile's ``session.run(...)`` calls without importing nox: literal
    strings are words, anything computed (an f-string, ``*args``, ``*session.posargs``)
    matches any words. ``_pytest(session, ...)`` runs ``pytest``.
    """
    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    commands: list[list[str | None]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute | ast.Name):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
        if name == "run" and isinstance(node.func, ast.Attribute):
            args = node.args
        elif name == "_pytest":
            args = [ast.Constant("pytest"), *node.args[1:], ast.Starred(ast.Name("posargs"))]
        else:
            continue
        words: list[str | None] = []
        for arg in args:
            words.append(arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None)
        if words and words[0] is not None:
            commands.append(words)
    return commands


def nox_sessions() -> set[str]:
    """The session names the noxfile defines (functions decorated with ``nox.session``)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr == "session":
                    names.add(node.name)
    return names


def _matches(pattern: list[str | None], words: list[str]) -> bool:
    """Whether ``words`` fit ``pattern``, where ``None`` matches any run of words (none included)."""
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head is None:
        return any(_matches(rest, words[cut:]) for cut in range(len(words) + 1))
    return bool(words) and words[0] == head and _matches(rest, words[1:])


def run_by_ci(command: str) -> bool:
    """Whether CI runs ``command``: ``.ci/run`` holds it, or the noxfile runs it.

    ``.ci/run``: some line of it holds the command's words in order, contiguously.
    The noxfile: a ``nox`` command whose ``-s`` names a session the noxfile defines
    (``core-3.11``, ``"plugin-3.11(name='voice')"``), or a command one of its sessions
    runs (see :func:`noxfile_commands`).
    """
    words = _words(command)
    for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines():
        try:
            have = _words(line)
        except ValueError:
            continue
        if any(have[i : i + len(words)] == words for i in range(len(have) - len(words) + 1)):
            return True
    if words and words[0] == "nox":
        sessions = nox_sessions()
        chosen = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "-s"]
        return bool(chosen) and all(re.split(r"[-(]", name, maxsplit=1)[0] in sessions for name in chosen)
    return any(_matches(pattern, words) for pattern in noxfile_commands())


# -- pip install lines --------------------------------------------------------------------------


def _distributions() -> dict[str, tuple[str, set[str]]]:
    """Our distributions: name -> (folder, declared extras)."""
    found = {}
    pyprojects = [ROOT / "core" / "pyproject.toml", ROOT / "compat" / "pyproject.toml"]
    pyprojects += sorted(ROOT.glob("plugins/*/pyproject.toml"))
    for pyproject in [*pyprojects, *sorted(ROOT.glob("examples/*/pyproject.toml"))]:
        project = tomllib.loads(pyproject.read_text("utf-8"))["project"]
        found[project["name"]] = (relative(pyproject.parent), set(project.get("optional-dependencies", {})))
    return found


def _dev_tools() -> set[str]:
    """Every tool named in the root pyproject's ``dev`` group, following ``include-group`` entries."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["dependency-groups"]

    def names(group: str) -> set[str]:
        found: set[str] = set()
        for spec in groups[group]:
            if isinstance(spec, dict):
                found |= names(spec["include-group"])
            else:
                found.add(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower())
        return found

    return names("dev")


def is_pip_install(command: str) -> bool:
    words = _words(command)
    return words[:2] == ["pip", "install"] or words[:4] == ["python", "-m", "pip", "install"]


def check_pip_install(command: str) -> list[str]:
    """What is wrong with a documented ``pip install`` line, checked against the repository.

    Each local path must be (or glob to) distribution folders of this repository; each
    named requirement must be one of our distributions with extras it declares, or a
    tool of the root project's ``dev`` group (``nox``, ``uv``).
    """
    words = _words(command)
    words = words[2:] if words[0] == "pip" else words[4:]
    ours = _distributions()
    folders = {folder for folder, _ in ours.values()}
    problems = []
    for word in words:
        if word.startswith("-"):
            problems.append(f"{word}: options are not expected in a documented install line")
        elif word.startswith("./"):
            matched = sorted(relative(p) for p in ROOT.glob(word[2:]) if p.is_dir())
            if not matched or any(m not in folders for m in matched):
                problems.append(f"{word}: not a distribution folder of this repository ({matched})")
        else:
            match = re.fullmatch(r"(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]*)\])?", word)
            if not match:
                problems.append(f"{word}: not a plain requirement")
                continue
            name = match["name"].lower().replace("_", "-")
            extras = {e.strip() for e in (match["extras"] or "").split(",") if e.strip()}
            if name in ours:
                missing = extras - ours[name][1]
                if missing:
                    problems.append(f"{word}: {name} declares no extra {sorted(missing)}")
            elif extras or name not in _dev_tools():
                problems.append(f"{word}: neither one of our distributions nor a development tool")
    return problems


# -- --help examples ----------------------------------------------------------------------------


def help_text(*command: str, env: dict[str, str]) -> str:
    """``twilio-jwt <command> --help``, run in a subprocess (the CLI's internals are not imported)."""
    program = shutil.which("twilio-jwt", path=env.get("PATH"))
    if program is None:
        raise AssertionError("the twilio-jwt program is not on PATH")
    result = subprocess.run(
        [program, *command, "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"twilio-jwt {' '.join(command)} --help exited {result.returncode}: {result.stderr}")
    return result.stdout


def subcommands(text: str) -> list[str]:
    """The subcommand names an argparse help lists under its positional arguments."""
    names: list[str] = []
    section = False
    for line in text.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line == "positional arguments:"
            continue
        match = re.match(r"^    ([a-z][a-z0-9-]*)(?:\s|$)", line) if section else None
        if match:
            names.append(match[1])
    return names


def help_examples(text: str) -> list[str]:
    """The ``twilio-jwt ...`` lines of a help text (continuations joined), as written."""
    examples: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        line = line[2:] if line.startswith("$ ") else line
        index += 1
        if not line.startswith("twilio-jwt "):
            continue
        while line.endswith("\\") and index < len(lines):
            line = line[:-1].rstrip() + " " + lines[index].strip()
            index += 1
        examples.append(line)
    return examples


def all_help_examples(env: dict[str, str]) -> dict[str, list[str]]:
    """Every command reachable from ``twilio-jwt --help`` -> the examples its help gives."""
    found: dict[str, list[str]] = {}
    pending: list[tuple[str, ...]] = [()]
    while pending:
        command = pending.pop(0)
        text = help_text(*command, env=env)
        found[" ".join(("twilio-jwt", *command))] = help_examples(text)
        pending.extend((*command, name) for name in subcommands(text))
    return found
