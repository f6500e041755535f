"""Forecast pages: a council's fan charts and scenario comparison, and the region's ranking."""
