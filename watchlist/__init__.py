"""watchlist: a terminal app for people who love films."""

__version__ = "0.1.0"
