"""Email intake of the document workflow: mail sent to a community's office address becomes a draft incoming
card with its attachments (the SMTP gateway, its mailboxes and the record of every message taken in)."""
