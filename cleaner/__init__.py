"""cleaner: turn scraped web dumps into clean article text with metadata.

>>> from cleaner import clean
>>> clean("Headline\\n\\nShare this:\\n\\nBody text.").text
'Headline\\n\\nBody text.\\n'
"""

__version__ = "0.1.0"

from cleaner.pipeline import CleanResult, Config, clean

__all__ = ["CleanResult", "Config", "__version__", "clean"]
