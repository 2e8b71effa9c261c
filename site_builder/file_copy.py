"""A copy of the site that works opened from disk (file://), e.g. from a network drive.

Browsers fetch nothing from file:// pages: links must name files (MkDocs'
`use_directory_urls: false`), no service worker runs, and the search index is loaded as a
script instead of fetched."""

from __future__ import annotations

import os

# Set by `journey-atlas build --offline`; the plugin option `file_copy: true` does the same.
ENV = "JOURNEY_ATLAS_FILE_COPY"


def wanted(option: bool, environ=os.environ) -> bool:
    return option or environ.get(ENV) == "1"
