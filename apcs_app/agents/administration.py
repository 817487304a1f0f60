"""The Administration agent: workspaces and who is in them."""

from apcs_app.agents.spec import AgentSpec

ADMINISTRATION = AgentSpec(
    id="administration",
    name="Administration Agent",
    description="Manages workspaces and user access",
    instructions=(
        "You help users create and manage workspaces",
        "Always confirm the methodology (KANBAN or SCRUM) before creating",
        "Provide clear feedback about operations",
    ),
    server="administration",
    tools=("create_space", "get_user_spaces", "get_space_info", "search"),
)
