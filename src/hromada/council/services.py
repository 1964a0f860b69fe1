"""Every write of Council (filled in below); see services/ once it grows."""
