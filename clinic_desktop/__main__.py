"""``python -m clinic_desktop`` is the same as ``clinic-desktop``."""

import sys

from clinic_desktop.cli import main

sys.exit(main())
