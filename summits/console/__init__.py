"""The organizer console: create a summit and set it up (settings, rooms, categories, questions,
team, publication) without the Django admin. Forms, services, queries and views of its own."""
