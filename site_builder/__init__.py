"""Journey Atlas core: content model, loading and validation, derived views, rendering.

This package never imports MkDocs; `plugins/` adapts it to MkDocs.
"""

__version__ = "0.1.0"
