"""SMS through the Vonage (Nexmo) SMS API."""
