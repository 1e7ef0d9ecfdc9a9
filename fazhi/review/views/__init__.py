"""Pages of the review app (thin: parse, call one selector or service, render or redirect)."""
