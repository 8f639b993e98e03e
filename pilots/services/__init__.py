"""Every state change of pilots and reports. Re-exports the public services of each module."""
