"""E-petitions to the local council (Law "On Citizens' Appeals", art. 23-1).

Filing, moderation, signature collection, the council's answer, QR posters, feeds and open data."""
