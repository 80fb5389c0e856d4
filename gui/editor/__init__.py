"""The template editor's widgets: syntax highlighting, the desktop/phone preview."""
