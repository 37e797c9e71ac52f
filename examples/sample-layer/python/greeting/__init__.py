"""A tiny package the demo publishes as a layer."""


def hello(name: str) -> str:
    return f"Hello, {name}, from a layer"
