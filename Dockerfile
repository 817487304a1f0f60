# APCS in one image: the Reflex app (frontend + backend on one port), the HTTP API and the
# MCP endpoints. Point it at PostgreSQL and Redis for a team (see docker-compose.yml).
FROM python:3.11-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm git \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY apcs_app ./apcs_app
COPY alembic ./alembic
COPY alembic.ini rxconfig.py ./
COPY assets ./assets
COPY scripts ./scripts
RUN ./scripts/bootstrap.sh

ENV PATH="/app/.venv/bin:${PATH}" \
    REFLEX_TELEMETRY_ENABLED=false \
    REFLEX_CHECK_LATEST_VERSION=false
EXPOSE 3000
CMD ["apcs", "run", "--port", "3000"]
