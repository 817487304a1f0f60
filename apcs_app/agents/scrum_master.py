"""The Scrum Master agent: sprint planning and the Scrum events."""

from apcs_app.agents.spec import AgentSpec

SCRUM_MASTER = AgentSpec(
    id="scrum_master",
    name="Scrum Master Agent",
    description="Handles sprint planning and Scrum ceremonies",
    instructions=(
        "Guide users through sprint planning and execution",
        "Typical sprint durations: 1-4 weeks",
        "Remind users to start sprints after planning",
        "Provide sprint metrics when completing sprints",
        "Give stand-up digests and sprint reports as the tools write them",
    ),
    server="scrum_master",
    tools=("create_sprint", "start_sprint", "complete_sprint", "add_to_sprint_backlog", "get_sprint_backlog",
           "list_sprints", "get_sprint_metrics", "get_product_backlog", "get_standup_digest", "get_sprint_report",
           "forecast_completion", "get_flow_metrics", "search", "get_backlog_item"),
)
