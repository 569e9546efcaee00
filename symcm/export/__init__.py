"""The export layer: what a researcher pastes into a paper.

LaTeX of expressions, matrices and case splits (:mod:`~symcm.export.printing`,
which prints the normal form of :mod:`~symcm.export.normal_form` through the
printer of :mod:`~symcm.export.latex_printer`), TikZ state diagrams
(:mod:`~symcm.export.tikz`), figures (extra ``symcm[plot]``: measures and maps
in :mod:`~symcm.export.plots`, state diagrams in :mod:`~symcm.export.diagrams`,
exact values made numeric in :mod:`~symcm.export.generic`, matplotlib and files
in :mod:`~symcm.export.figures`) and complete reports
(:mod:`~symcm.export.report`).

Imports anything below it (see ``docs/architecture.md``); only the command
line sits above.
"""
