"""Identity Center permission sets, permission boundaries, group assignments, break-glass."""
