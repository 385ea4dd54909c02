"""`python -m pawnotes_server`: the server (same flags as the pawnotes-server command)."""

import sys

from .cli import main

sys.exit(main())
