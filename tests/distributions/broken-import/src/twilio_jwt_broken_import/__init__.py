"""A plugin whose import fails, as one does when its own dependency is missing."""

raise ImportError("No module named 'a_dependency_nobody_installed'")
