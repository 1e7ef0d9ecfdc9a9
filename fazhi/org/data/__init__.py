"""Fixed data files of the org app (the demo county's names and divisions)."""
