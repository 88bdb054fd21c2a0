"""`python -m burnmap ...`: the same entry as the `burnmap` command."""
import sys

from burnmap.cli.main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
