"""The site package's own models (the app label is ``rongmei``)."""

from rongmei.search.models import Synonym

__all__ = ["Synonym"]
