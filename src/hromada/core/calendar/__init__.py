"""Working-day arithmetic for statutory deadlines, in Europe/Kyiv.

Ukraine's public holidays (the `holidays` package) plus per-community overrides of single days."""
