"""`python -m seamline …`: the same command as `seamline …`."""

import sys

from .cli import main

sys.exit(main())
