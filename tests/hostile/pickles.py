"""A checkpoint file whose unpickling would run a shell command (creating PWNED in the working
folder). BurnMap must refuse it without running it: the corpus checks that no file appears."""
EVIL_PICKLE = b"cos\nsystem\n(S'touch PWNED'\ntR."
