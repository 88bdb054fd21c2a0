"""BurnMap's door from a source checkout: `python main.py ...` is the `burnmap` command.

    python main.py [PHOTO ...]      the desktop application (the demo case when no photo is given)
    python main.py parse|assess|batch|report|selftest ...   the commands (each has --help)

The entry point itself is burnmap/cli/main.py (`burnmap` after `pip install -e .`, which
scripts/setup_venv.sh does); the frozen app is built from this file.
"""
from __future__ import annotations

import sys

from burnmap.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
