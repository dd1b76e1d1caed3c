"""SMS through Amazon Simple Notification Service (SNS ``Publish`` to a phone number)."""
