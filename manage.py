#!/usr/bin/env python
"""Django's manage.py for developers used to it; the same as the `hromada` command."""

from hromada.cli import main

if __name__ == "__main__":
    main()
