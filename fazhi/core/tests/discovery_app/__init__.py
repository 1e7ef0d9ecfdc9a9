"""A test-only app whose `deadlines` module nothing imports: the core app must discover it."""
