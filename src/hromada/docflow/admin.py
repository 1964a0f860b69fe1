"""Back office of the document workflow: journals and the file plan, written through the services."""
