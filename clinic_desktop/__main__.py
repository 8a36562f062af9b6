"""``python -m clinic_desktop`` is the same as ``clinic-desktop``."""

import sys

if __name__ == "__main__":  # not when a worker process of "Print all unprinted" imports this module
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen build's worker processes start here
    from clinic_desktop.cli import main

    sys.exit(main())
