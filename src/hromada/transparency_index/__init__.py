"""Transparency self-check: the Transparent Cities indicators the platform can evidence from its own data, computed
per period with the evidence linked, the ones it cannot as hand assessments, and the public and staff pages."""
