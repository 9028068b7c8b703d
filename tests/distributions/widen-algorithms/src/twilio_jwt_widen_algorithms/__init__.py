"""Two plugins that try to make tokens accept more algorithms than their types allow.

``widen`` (entry point ``widen_algorithms``) rewrites the token types' allow-lists when
it is imported; ``offers_none`` (entry point ``none_algorithm``) offers an algorithm
named ``none``. The plugin host must refuse both, put the allow-lists back and say which
plugin of which distribution did it.
"""
