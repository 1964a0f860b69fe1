"""The synthetic demo community: clearly labelled demo data that shows every capability at once.

Each capability adds its own part through the `demo_loader` of its manifest."""
