"""Report stage (a presenter): one self-contained HTML file built from the library's results.

>>> from nichescout.report import build_report
>>> build_report.__module__
'nichescout.report.build'
"""

from nichescout.report.build import build_report, render_html

__all__ = ["build_report", "render_html"]
