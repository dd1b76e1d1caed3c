"""Browser push notifications through the Web Push protocol with VAPID."""
