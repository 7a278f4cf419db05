#!/usr/bin/env python3
"""Build the coalition's site: `python build.py [build|check|serve] --help`."""
import sys

from vigil.cli import main

if __name__ == "__main__":
    sys.exit(main())
