"""Organisations: regions, councils (from DfE's published statistics) and users' roles."""
