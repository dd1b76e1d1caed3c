"""AWS CloudWatch alarms through SNS: subscription confirmed, messages checked against the signing certificate."""
