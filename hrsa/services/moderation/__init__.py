"""The advisory group's moderation of submitted ratings."""
