"""Back office of Council."""
