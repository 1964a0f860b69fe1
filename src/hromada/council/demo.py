"""Demo data of Council (a synthetic council, clearly labelled as demo)."""


def load(community, *, size: str = "small") -> None:
    return None
