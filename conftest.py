"""Collection settings for the doctests under cleaner/."""

import importlib.util

collect_ignore = []
if importlib.util.find_spec("datatrove") is None:  # the optional datatrove extra is not installed
    collect_ignore.append("cleaner/integrations/datatrove.py")
