"""Emulators of ID.GOV.UA and BankID NBU for the tests: real HTTP servers, each started in its own process.

They implement the documented protocols (see docs/identity.md ("ID.GOV.UA and BankID NBU")) with one-use, short-lived codes, token checks
and a consent step the test drives over HTTP. They are test peers, never shipped as a provider."""
