"""csc-workforce: children's social work workforce census, measures, agency checks and forecasts."""

__version__ = "0.1.0"
