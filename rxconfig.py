"""Reflex configuration. Ports come from REFLEX_FRONTEND_PORT / REFLEX_BACKEND_PORT (or
--frontend-port), so tests and benchmarks can run beside a dev server."""

import reflex as rx

from apcs_app.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="apcs_app",
    # Reflex 0.10 has no default database; the app's own (absolute) URL keeps one source of truth.
    db_url=_settings.database_url,
    redis_url=_settings.redis_url,
    telemetry_enabled=False,
    # Reflex echoes any Origin with credentials by default ("*"); only the named ones here.
    cors_allowed_origins=_settings.cors_origins,
    # Pages' CSP lists the hashes of their inline scripts, read from the (gzip) HTML: see
    # apcs_app/api/security_headers.py before adding brotli or zstd here.
    frontend_compression_formats=["gzip"],
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="large", scaling="100%"),
        ),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
