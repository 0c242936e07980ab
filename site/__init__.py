"""The Rongmei project package (the folder ``site/``, imported as ``rongmei``)."""
