"""From an HR system's extract to census records: the mapping, value translation and suggestions.

Pure: the extract arrives as rows of text (``ingest.hr_extract`` reads the bytes) and the mapping
as a plain document (``ingest.hr_mapping`` reads the YAML). See docs/hr-extract.md.
"""
