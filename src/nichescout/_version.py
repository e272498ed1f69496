"""The one place the package version is written (read by pyproject and ``nichescout.__version__``)."""

__version__ = "0.1.0"
