"""Runs forecasts locally or on a Dask cluster behind one interface (``backends.get_backend``)."""
