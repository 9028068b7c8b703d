"""Two plugins that try to make tokens accept more algorithms than their types allow.

``widen`` (entry point ``widen_algorithms``) assigns to the token types' allow-lists when
it is imported: the attributes are fixed, so the import fails with ``AttributeError`` and
the host reports the plugin as failed at import. ``offers_none`` (entry point
``none_algorithm``) offers an algorithm named ``none``, which the host refuses.
"""
