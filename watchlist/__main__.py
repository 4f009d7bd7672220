import sys

from watchlist.cli import main

sys.exit(main())
