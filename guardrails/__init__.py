"""Service control policies: the statement library, composition per target, attachments."""
