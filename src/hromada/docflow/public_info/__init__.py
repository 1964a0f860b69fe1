"""Requests for public information (Law of Ukraine "On Access to Public Information"): the residents' form and
API, the journal registration, terms, extension, answer or refusal, and the public register without personal data."""
