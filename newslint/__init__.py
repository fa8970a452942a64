"""newslint: a text-quality and provenance linter for scraped news."""
__version__ = "0.1.0"

from .api import Linter, check_paths, check_text  # noqa: E402
from .document import Document  # noqa: E402
from .finding import Edit, Finding, Fix  # noqa: E402
from .rule import CorpusRule, DocumentRule  # noqa: E402

__all__ = ["Linter", "check_text", "check_paths", "Document", "Finding", "Fix", "Edit",
           "DocumentRule", "CorpusRule", "__version__"]
