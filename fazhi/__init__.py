"""fazhi (法治): a platform for a county government's rule-of-law work."""

__version__ = "0.1.0"
