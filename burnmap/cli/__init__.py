"""The command line: `burnmap parse|assess|report|batch|selftest`, and the door (main.py) that opens
the window without a command."""
