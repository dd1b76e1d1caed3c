"""Stripe events: disputes, failed invoices and payments, fraud warnings open alerts; settlements resolve them."""
