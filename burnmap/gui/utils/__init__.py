"""Qt helpers: words in the UI's language, signals, images, window size and settings."""
