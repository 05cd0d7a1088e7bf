"""Forms for communities, challenges, prompts and fills."""
