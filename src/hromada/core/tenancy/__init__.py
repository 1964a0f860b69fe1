"""Communities (hromadas) and how a request finds its own.

Every community-owned model inherits `CommunityOwned`; selectors always take `community=`."""
