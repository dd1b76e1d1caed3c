"""iOS, iPadOS and macOS push through the Apple Push Notification service."""
