"""A pybabel extractor (``babel.cfg``) that lists every key of the Chinese catalog.

The msgids are keys, and many are picked at run time (an error's ``code``, a status word), so
extraction from the code alone would leave them out and ``pybabel update`` would mark them
obsolete. With the catalog's own keys in the template, an update only adds the keys new in the
code, with empty translations that the catalog test then refuses until they are filled in."""

from __future__ import annotations

from babel.messages.pofile import read_po


def extract(fileobj, keywords, comment_tags, options):
    for message in read_po(fileobj):
        if message.id:
            yield message.lineno, None, message.id, []
