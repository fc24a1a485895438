"""A tiny pure-Python library, vendored as a wheel because no package index is reachable."""


def greet(name: str) -> str:
    return f"hello, {name}"
