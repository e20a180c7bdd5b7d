class PlanImportError(Exception):
    """A problem with an uploaded plan the user can fix; the (Chinese) message is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
