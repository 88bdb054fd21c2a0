"""Files, folders, settings, the network guard, crash logs, the thread policy."""
