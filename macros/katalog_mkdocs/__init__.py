"""The MkDocs adapter: MkDocs' events (hooks.py) forwarded to one Adapter per build (adapter.py), and the
preview server (serve.py). Above the engine: the engine (catalogue/) never imports this."""
