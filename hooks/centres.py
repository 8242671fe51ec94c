"""MkDocs hooks: wire build events to the reporting_centres stages. Keep this file short."""
