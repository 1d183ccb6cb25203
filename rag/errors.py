"""The few domain errors. The HTTP edge maps each to one status; the CLI prints its message on one line."""


class NewsqaError(Exception):
    """Base of every error newsqa raises on purpose; the message is safe to show a user."""

    code = "newsqa_error"


class InvalidArticle(NewsqaError):
    """An input record cannot become an article (no text, bad field, unreadable file)."""

    code = "invalid_article"


class ArticleNotFound(NewsqaError):
    """No article with that doc_id is stored (the code keeps the HTTP resource's name, /v1/documents)."""

    code = "document_not_found"


class EmbedderUnavailable(NewsqaError):
    """The embedding model could not be loaded or the embedding server did not answer."""

    code = "embedder_unavailable"


class StoreUnavailable(NewsqaError):
    """Chroma could not be opened or reached."""

    code = "store_unavailable"


class LLMUnavailable(NewsqaError):
    """The chat model could not be loaded, or its endpoint is down or timed out."""

    code = "llm_unavailable"


class BadSettingFile(NewsqaError):
    """A file a setting names (answer.ranker_file, answer.calibration) cannot be read or is not of its kind. The
    message (for the operator: the CLI, the log) names the file and why; `setting` alone is what a client is told."""

    code = "bad_setting_file"

    def __init__(self, setting: str, path: object, reason: object) -> None:
        super().__init__(f"{setting} {path}: {reason}")
        self.setting = setting


class InvalidRequest(NewsqaError):
    """A request that is well-formed JSON but cannot be served as asked."""

    code = "invalid_request"
