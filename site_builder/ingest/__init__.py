"""The ingest stage: one input page in, one Extraction out.

`extract_page` is the single entry point: it decodes the bytes, picks the
reader for the input's format and enriches the result (summary, entities,
keywords, event dates). Everything here is pure: file I/O stays in the
pipeline (`site_builder.build`).
"""
