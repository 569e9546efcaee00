"""The export layer: what a researcher pastes into a paper.

LaTeX of expressions, matrices and case splits (:mod:`~symcm.export.printing`),
TikZ state diagrams (:mod:`~symcm.export.tikz`), figures
(:mod:`~symcm.export.plots`, extra ``symcm[plot]``) and complete reports
(:mod:`~symcm.export.report`).

Imports anything below it (see ``docs/architecture.md``); only the command
line sits above.
"""
