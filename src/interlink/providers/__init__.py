"""One folder per third party; each holds a manifest and its sender or inbound handler."""
