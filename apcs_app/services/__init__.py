"""The service layer: every rule of APCS lives here; UI, HTTP API and MCP tools are adapters."""
