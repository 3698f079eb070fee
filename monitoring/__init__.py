"""The organization trail, the Object-Locked log archive, metric filters, alarms and alerting."""
