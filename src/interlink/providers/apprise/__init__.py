"""Any service an Apprise URL reaches, through the optional ``interlink[apprise]`` extra: the long tail."""
