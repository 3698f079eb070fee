"""How every orgctl command reports an error it cannot get past: one sentence on stderr, or,
under `--format json`, a JSON object on stdout that tools can parse ({"error": ...})."""

from __future__ import annotations

import json
import sys

from orgctl import exit_codes


def report_error(command: str, message: str, output_format: str = "text", **extra) -> int:
    if output_format == "json":
        print(json.dumps({"command": command, "error": message, **extra}, indent=2))
    else:
        print(f"orgctl {command}: {message}", file=sys.stderr)
    return exit_codes.USAGE_OR_IO
