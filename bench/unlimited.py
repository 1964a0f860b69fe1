"""The environment every benchmark runs its server with: rate limits lifted, since a benchmark measures the
request path and would otherwise time the limiter's 429s (the limiter's own cost stays in the path)."""

UNLIMITED_RATES = {
    name: "1000000000/m"
    for name in ("HROMADA_API_RATE_ANON", "HROMADA_API_RATE_USER", "HROMADA_RATE_PAGES", "HROMADA_RATE_OPEN311",
                 "HROMADA_RATE_CKAN", "HROMADA_RATE_DCAT")
}
