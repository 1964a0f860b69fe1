"""Document workflow (СЕД): registration journals, the file plan, registration cards, their links and versioned
attachments, for the officials and clerks of a community; resolutions, routes and control build on these."""
