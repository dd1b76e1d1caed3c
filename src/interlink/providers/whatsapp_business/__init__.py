"""WhatsApp messages through Meta's WhatsApp Business Cloud API."""
