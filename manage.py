#!/usr/bin/env python
"""Django's command-line utility; `fazhi` (the console command) does the same."""

from fazhi.cli import main

if __name__ == "__main__":
    main()
