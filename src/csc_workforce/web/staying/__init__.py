"""Retention analysis pages: who stays, who leaves, when and to where (docs/retention-analysis.md)."""
