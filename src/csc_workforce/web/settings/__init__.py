"""Django settings: ``base`` (shared), ``demo`` (loopback HTTP), ``test`` (pytest), ``production``."""
