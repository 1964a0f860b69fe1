"""The assistant's own chat commands, one module per dialog: link (and unlink) an account, the FAQ and the
free-text search, the community's contacts and hours, the social-card balance. Each is a
hromada.assistant.engine.types.Dialog named by a ChatCommand in the assistant's manifest."""
