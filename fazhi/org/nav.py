"""Navigation entries of the org app."""
