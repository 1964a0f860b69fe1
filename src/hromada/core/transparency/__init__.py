"""The per-community Merkle transparency log (RFC 6962): an outbox of events, the tree, signed heads and proofs.

Capabilities call `transparency.record.transparency_record` inside their own transaction; nothing else writes here."""
