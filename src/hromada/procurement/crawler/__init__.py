"""The crawler of the public Prozorro API 2.5 (tenders) and the Prozorro.Sale API (auctions): a polite HTTP client
(client), the parsers that turn one API entry into the rows we keep and its OCDS release (tenders, ocds, auctions),
and the walk of a changes feed that saves its place with every page (walk). docs/procurement.md explains it to
operators; ADR 0039 explains why one walk serves every community."""
