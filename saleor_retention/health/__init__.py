"""Is the app healthy: database, broker and the last beat tick."""
