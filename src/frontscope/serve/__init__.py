"""`frontscope serve`: a read-mostly JSON API and an offline web map over one frontscope database.

The API is a thin skin over the same read-side functions the CLI calls (`frontscope.views`,
`frontscope.store.queries`, `frontscope.brief.daily`, `frontscope.render`); this package
adds only HTTP concerns: pagination, caching by database fingerprint, problem+json errors, auth for writes.
"""

from frontscope.serve.app import create_app

__all__ = ["create_app"]
