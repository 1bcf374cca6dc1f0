"""Renderers: markdown/html briefs, charts, maps and export files, drawn from plain records (the views)."""
