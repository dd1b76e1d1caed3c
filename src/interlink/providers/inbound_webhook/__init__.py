"""Any JSON posted to Interlink: mapped to alerts by JMESPath expressions, optionally signed per Standard Webhooks."""
