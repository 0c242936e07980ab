"""Search for a Chinese site: segmentation, the database backends that use it, and the /search/ page.

Wagtail's database backends (SQLite FTS5, PostgreSQL full text) see a run of Chinese characters as one
word, so 垃圾 would not find 小区堆积的垃圾什么时候能清理. ``rongmei.search.text`` normalises text (one
script, half-width, lower case) and cuts Chinese runs into overlapping two-character words plus single
characters; ``rongmei.search.backends`` applies it to every indexed field when documents are written and
to every query string, so the site's search, the admin's searches and the API all find words inside
unspaced Chinese in either script.
"""
