"""Writing the plan: plans from an outline, task edits, the status engine."""
