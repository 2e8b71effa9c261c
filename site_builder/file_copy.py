"""A copy of the site that works opened from disk (file://), e.g. from a network drive.

Browsers fetch nothing from file:// pages: links must name files (MkDocs'
`use_directory_urls: false`), no service worker runs, and the search index is loaded as a
script instead of fetched."""

from __future__ import annotations

import os

# Set by `journey-atlas build --offline`; the plugin option `file_copy: true` does the same.
ENV = "JOURNEY_ATLAS_FILE_COPY"
SEARCH_JSON = "search/search_index.json"
SEARCH_SCRIPT = "search/search_index.js"
SEARCH_GLOBAL = "journeyAtlasSearchIndex"  # atlas.js reads the index from this name


def wanted(option: bool, environ=os.environ) -> bool:
    return option or environ.get(ENV) == "1"


def write_search_script(site_dir: str) -> bool:
    """search_index.js beside MkDocs' search_index.json; False when there is no index."""
    source = os.path.join(site_dir, SEARCH_JSON)
    if not os.path.isfile(source):
        return False
    with open(source, encoding="utf-8") as f:
        index = f.read()
    # JSON is a JavaScript expression; in a file of its own no `</script>` can end it early.
    with open(os.path.join(site_dir, SEARCH_SCRIPT), "w", encoding="utf-8") as f:
        f.write(f"window.{SEARCH_GLOBAL} = {index};\n")
    return True
