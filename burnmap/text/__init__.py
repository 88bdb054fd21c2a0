"""What the core says, in every language: sentences (messages) and clinical words."""
