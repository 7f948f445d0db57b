"""Entry point of the frozen build: the same as the ``supportline`` console script."""

import sys

from supportline.cli import main

if __name__ == "__main__":
    sys.exit(main())
