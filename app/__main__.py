"""`python -m app` starts postmortem, exactly like the `postmortem` command."""

import sys

from app.cli import main

sys.exit(main())
