"""`.vscode/tasks.json` of a Pemda repository: Cascade's commands as VS Code tasks whose findings
become clickable problems (each `file:line:col: galat CODE: message` line links to its place).

Written from here rather than kept as a file, because VS Code lets a task name only the problem
matchers an extension contributes: every task carries its own copy of the same matchers.
"""
from __future__ import annotations

import json

# The lines cascade.diagnostics.Diagnostic.format prints: with a position, or naming a whole file.
_LINE = r"^(.+?):(\d+):(\d+): {word} ([A-Z]\d{{3}}): (.*)$"
_FILE = r"^([^:\s][^:]*): {word} ([A-Z]\d{{3}}): (.*)$"


def matchers() -> list[dict]:
    out = []
    for word, severity in (("galat", "error"), ("peringatan", "warning")):
        common = {"owner": "cascade", "source": "cascade", "fileLocation": ["relative", "${workspaceFolder}"],
                  "severity": severity}
        out.append({**common, "pattern": {"regexp": _LINE.format(word=word), "file": 1, "line": 2, "column": 3,
                                          "code": 4, "message": 5}})
        out.append({**common, "pattern": {"regexp": _FILE.format(word=word), "kind": "file", "file": 1, "code": 2,
                                          "message": 3}})
    return out


def _task(label: str, args: list[str], group=None, findings: bool = True) -> dict:
    task = {
        "label": label,
        "type": "process",
        "command": "${workspaceFolder}/.venv/bin/cascade",
        "windows": {"command": "${workspaceFolder}\\.venv\\Scripts\\cascade.exe"},
        "args": args,
        "presentation": {"reveal": "always", "clear": True},
        "problemMatcher": matchers() if findings else [],
    }
    if group:
        task["group"] = group
    return task


def tasks_json() -> str:
    tasks = [
        _task("Cascade: periksa semua data", ["validate"], {"kind": "test", "isDefault": True}),
        _task("Cascade: periksa satu OPD", ["validate", "--opd", "${input:opd}"], "test"),
        _task("Cascade: bangun dokumen satu OPD", ["build", "--opd", "${input:opd}"], {"kind": "build", "isDefault": True}),
        _task("Cascade: bangun semua dokumen", ["build", "--pemda"], "build"),
        _task("Cascade: laporan perubahan dibanding main", ["review"], findings=False),
        # runs until stopped (the trash-can icon of the terminal): the OPD's page follows every save
        _task("Cascade: pratinjau halaman OPD di peramban", ["pratinjau", "--opd", "${input:opd}"], findings=False),
        _task("Cascade: situs statis seluruh Pemda (build/situs/)", ["situs"], "build"),
    ]
    inputs = [{"id": "opd", "type": "promptString", "description": "Nama folder OPD di data/opd/, misalnya dinkes"}]
    return json.dumps({"version": "2.0.0", "tasks": tasks, "inputs": inputs}, ensure_ascii=False, indent=2) + "\n"
