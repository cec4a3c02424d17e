"""Prefect flows, tasks and the `briefing` command line. Only this package knows Prefect, files and email."""
