"""The ``gradschool`` command line: ``demo``, ``graph``, ``train`` and ``lr-sweep``."""
