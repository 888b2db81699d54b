"""Writes of the retention app: ops overrides (``rules``), purge runs (``runs``), one batch (``batches``) and the
warnings sent before a purge (``warnings``)."""
