"""The HTTP service (FastAPI) over the scoring library; it arrives with the API issue."""
