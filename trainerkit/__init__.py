"""trainerkit: write a training module once in Markdown, build everything a class needs."""

__version__ = "0.1.0"
