"""What the transparency log offers through manifest fields although it is kernel (always on, never enabled per
community): its signed tree heads as an open-data dataset, and the demo's first signed head.

Listed in `hromada.core.capabilities.KERNEL_MANIFESTS`; not a capability (it has no `manifest.py`), so it adds no
page, router or switch of its own through the registry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import CapabilityManifest, OpenDataExport

KERNEL_MANIFEST = CapabilityManifest(
    slug="transparency",
    name=_("Transparency log"),
    description=_("The community's public, append-only log of events, which anyone can verify."),
    nav=False,
    opendata_exports=(
        OpenDataExport(
            slug="tree-heads",
            title=_("Signed tree heads of the transparency log"),
            description=_(
                "The signed tree heads of the community's transparency log (RFC 6962): every head of the last "
                "seven days and, before that, the last head of each day (UTC). tree_size is the number of entries "
                "the head covers; timestamp is when it was signed, in milliseconds since 1970-01-01 UTC; root_hash "
                "is the SHA-256 Merkle tree root, base64; signature is the Ed25519 signature (a TLS DigitallySigned "
                "struct, base64) over the RFC 6962 TreeHeadSignature bytes, checkable with the key the log serves at "
                "ct/v1/get-public-key. Compare these heads with the ones the log shows you: an honest log never "
                "shows two different heads of one size. No personal data."),
            fields=(("tree_size", "integer"), ("timestamp", "integer"), ("root_hash", "string"),
                    ("signature", "string")),
            rows="hromada.core.transparency.selectors:tree_head_rows",
            update_frequency="more than once a day",
        ),
    ),
    # After every capability that records events (their loaders run at 10-600) and before the open-data portal's
    # (900), which publishes the dataset above.
    demo_loader="hromada.core.transparency.demo:load",
    demo_order=800,
)
