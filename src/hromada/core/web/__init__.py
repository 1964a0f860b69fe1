"""The web shell: base layout, home page per community, profile, language switch, admin scoping.

Server-rendered, mobile-first and accessible; htmx for small interactions; no external CDN."""
