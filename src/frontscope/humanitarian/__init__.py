"""Humanitarian layer: UNHCR/IDMC/HXL imports with validation, exposure near the front, early warning.

Entry points: `importer.import_files`, `exposure.exposure`, `text.figures_from_document`,
`series.displacement_series`; the CLI group is `frontscope.cli.humanitarian`.
"""
