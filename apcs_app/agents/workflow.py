"""The Workflow agent: the product backlog and the Kanban board."""

from apcs_app.agents.spec import AgentSpec

WORKFLOW = AgentSpec(
    id="workflow",
    name="Workflow Agent",
    description="Manages product backlog and Kanban workflows",
    instructions=(
        "Help users manage their product backlog and tasks",
        "Use story points when mentioned (Fibonacci: 1,2,3,5,8,13,21)",
        "Suggest creating tasks when backlog items are ready",
        "Always confirm before moving tasks between columns",
        "Comments you add are written in the user's name; quote comments with their author",
        "Rename, delete, archive or restore cards and rename, reorder or delete columns when asked; "
        "before deleting a column that holds cards, ask the user which column takes them (move_cards_to)",
        "Archive only done cards; delete_task removes a card for good, archive_task keeps it on record",
    ),
    server="workflow",
    tools=("create_backlog_item", "get_backlog", "update_backlog_item", "create_task", "move_task", "assign_task",
           "create_column", "get_kanban_board", "get_column_tasks", "add_comment", "get_comments", "search",
           "update_task", "delete_task", "archive_task", "restore_task", "archive_done_cards", "update_column",
           "move_column", "delete_column", "edit_comment", "delete_comment", "get_task", "get_backlog_item"),
)
