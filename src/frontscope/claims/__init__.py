"""Attributed claims: who said what, when, citing what (stage `frontscope.claims.attribution:extract_claims`).

The source registry helpers are re-exported for the store and the CLI.
"""

from frontscope.claims.sources import describe, load_registry, normalise_source

__all__ = ["describe", "load_registry", "normalise_source"]
