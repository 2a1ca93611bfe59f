"""FastAPI web app: chat API, health, and (later) the widget and editor pages."""
