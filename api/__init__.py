"""The HTTP service (FastAPI) over the scoring library: ``api.app.create_app(settings)``.

``credscore serve`` runs it with uvicorn; routes, limits, configuration and access control are
described in ``docs/API.md``. The scoring itself is :class:`scoring.scorer.Scorer`'s: the API
returns its ``DocumentResult.to_dict()`` unchanged.
"""
