"""Where the tool's own files are: the folder that holds cascade/, schema/ and templates/ (the default
Word templates a Pemda repository may override in its own templates/ folder)."""
from __future__ import annotations

import os

TOOL_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_DIR = os.path.join(TOOL_ROOT, "schema")
TEMPLATES_DIR = os.path.join(TOOL_ROOT, "templates")
