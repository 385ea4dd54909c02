"""gunicorn entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""

import sys

from analyzer.app import create_app
from analyzer.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    sys.stderr.write(f"alert-analyzer: {exc}\n")
    sys.exit(3)  # gunicorn: a worker that exits with 3 during boot stops the master
