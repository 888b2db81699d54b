"""Admin for carriers and shipments."""
