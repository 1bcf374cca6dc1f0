"""The read side: plain records (dicts and dataclasses) from the store, for the CLI, the API, briefs and renderers.

Nothing here writes, draws or runs SQL of its own: queries live in `frontscope.store.queries`, the control
read model in `frontscope.control.store_view` (re-exported by `views.control`).
"""
