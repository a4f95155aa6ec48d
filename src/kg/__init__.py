"""kg: who blamed whom, and when, in Arabic news about the Armenia–Azerbaijan conflict."""

__version__ = "0.1.0"
