"""``python -m symcm``: the same as the ``symcm`` command."""

import sys

from .cli import main

sys.exit(main())
