"""The assistant has no Django-admin pages: its back office is the community's staff pages (views_staff)."""
