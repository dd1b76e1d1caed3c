"""Discord messages through a channel webhook."""
