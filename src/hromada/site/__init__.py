"""The community's site: branding beyond the kernel's, a staff-ordered menu, pages and news written in Markdown
(sanitised), scheduled publication, contacts and officials, RSS/Atom feeds and the sitemap's entries."""
