"""Runs the `ocop` examples in docs/*.md, Datasette-style, so the docs cannot go stale.

A ```console block holds `$ ocop ...` lines; the lines under each are expected in its output
(a line starting with "CommandError:" expects the command to fail with that message).
"""

import re
import shlex
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from ocop.test import BaseTestCase

DOCS = Path(__file__).resolve().parents[3] / "docs"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples(path: Path) -> list[tuple[str, list[str]]]:
    """(command line, expected output lines) for every example in one document."""
    found: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(path.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif line.strip() and found:
                found[-1][1].append(line)
    return found


def run(command_line: str) -> str:
    program, name, *args = shlex.split(command_line)
    assert program == "ocop", f"docs examples must use the ocop command: {command_line}"
    out = StringIO()
    try:
        call_command(name.replace("-", "_"), *args, stdout=out, stderr=out)
    except CommandError as error:
        return f"{out.getvalue()}CommandError: {error}"
    return out.getvalue()


class DocsExamplesTestCase(BaseTestCase):
    def test_the_docs_have_examples(self) -> None:
        self.assertTrue(examples(DOCS / "commands.md"))

    def test_every_example_prints_what_the_docs_say(self) -> None:
        for path in sorted(DOCS.rglob("*.md")):  # the guides in docs/guide/ too
            for command_line, expected in examples(path):
                output = run(command_line)
                for line in expected:
                    self.assertIn(line, output, f"{path.name}: {command_line}")
