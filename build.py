#!/usr/bin/env python3
"""Build the coalition's site: `python build.py [build|check|serve|report] --help`."""
import sys

try:
    from vigil.cli import main
except ModuleNotFoundError as missing:      # a Python without the project's packages
    print(f"build.py: this Python lacks the package '{missing.name}' that the build needs; "
          "run `make site` (it sets up .venv), then use .venv/bin/python build.py", file=sys.stderr)
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main())
