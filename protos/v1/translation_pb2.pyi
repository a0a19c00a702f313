from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ParagraphKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARAGRAPH_KIND_UNSPECIFIED: _ClassVar[ParagraphKind]
    PARAGRAPH_KIND_TITLE: _ClassVar[ParagraphKind]
    PARAGRAPH_KIND_HEADING: _ClassVar[ParagraphKind]
    PARAGRAPH_KIND_BODY: _ClassVar[ParagraphKind]

class QualityFlag(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    QUALITY_FLAG_UNSPECIFIED: _ClassVar[QualityFlag]
    QUALITY_FLAG_REPETITION: _ClassVar[QualityFlag]
    QUALITY_FLAG_COPY_OF_SOURCE: _ClassVar[QualityFlag]
    QUALITY_FLAG_LENGTH_CAPPED: _ClassVar[QualityFlag]
    QUALITY_FLAG_EMPTY: _ClassVar[QualityFlag]
    QUALITY_FLAG_UNALIGNED: _ClassVar[QualityFlag]
PARAGRAPH_KIND_UNSPECIFIED: ParagraphKind
PARAGRAPH_KIND_TITLE: ParagraphKind
PARAGRAPH_KIND_HEADING: ParagraphKind
PARAGRAPH_KIND_BODY: ParagraphKind
QUALITY_FLAG_UNSPECIFIED: QualityFlag
QUALITY_FLAG_REPETITION: QualityFlag
QUALITY_FLAG_COPY_OF_SOURCE: QualityFlag
QUALITY_FLAG_LENGTH_CAPPED: QualityFlag
QUALITY_FLAG_EMPTY: QualityFlag
QUALITY_FLAG_UNALIGNED: QualityFlag

class Article(_message.Message):
    __slots__ = ("article_id", "text", "source_language", "target_language", "html", "url")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TARGET_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    text: str
    source_language: str
    target_language: str
    html: str
    url: str
    def __init__(self, article_id: _Optional[str] = ..., text: _Optional[str] = ..., source_language: _Optional[str] = ..., target_language: _Optional[str] = ..., html: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class GenerationOptions(_message.Message):
    __slots__ = ("beam_size", "max_output_tokens", "skip_language_check")
    BEAM_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    SKIP_LANGUAGE_CHECK_FIELD_NUMBER: _ClassVar[int]
    beam_size: int
    max_output_tokens: int
    skip_language_check: bool
    def __init__(self, beam_size: _Optional[int] = ..., max_output_tokens: _Optional[int] = ..., skip_language_check: _Optional[bool] = ...) -> None: ...

class TranslateRequest(_message.Message):
    __slots__ = ("request_id", "article", "options")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    article: Article
    options: GenerationOptions
    def __init__(self, request_id: _Optional[str] = ..., article: _Optional[_Union[Article, _Mapping]] = ..., options: _Optional[_Union[GenerationOptions, _Mapping]] = ...) -> None: ...

class Paragraph(_message.Message):
    __slots__ = ("index", "kind", "sentence_count")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    index: int
    kind: ParagraphKind
    sentence_count: int
    def __init__(self, index: _Optional[int] = ..., kind: _Optional[_Union[ParagraphKind, str]] = ..., sentence_count: _Optional[int] = ...) -> None: ...

class FlagCount(_message.Message):
    __slots__ = ("flag", "segments")
    FLAG_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    flag: QualityFlag
    segments: int
    def __init__(self, flag: _Optional[_Union[QualityFlag, str]] = ..., segments: _Optional[int] = ...) -> None: ...

class TranslationStatistics(_message.Message):
    __slots__ = ("segments", "split_segments", "flags")
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    SPLIT_SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    segments: int
    split_segments: int
    flags: _containers.RepeatedCompositeFieldContainer[FlagCount]
    def __init__(self, segments: _Optional[int] = ..., split_segments: _Optional[int] = ..., flags: _Optional[_Iterable[_Union[FlagCount, _Mapping]]] = ...) -> None: ...

class Segment(_message.Message):
    __slots__ = ("index", "paragraph_index", "source", "translation", "was_split", "pieces", "flags")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    PARAGRAPH_INDEX_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    WAS_SPLIT_FIELD_NUMBER: _ClassVar[int]
    PIECES_FIELD_NUMBER: _ClassVar[int]
    FLAGS_FIELD_NUMBER: _ClassVar[int]
    index: int
    paragraph_index: int
    source: str
    translation: str
    was_split: bool
    pieces: int
    flags: _containers.RepeatedScalarFieldContainer[QualityFlag]
    def __init__(self, index: _Optional[int] = ..., paragraph_index: _Optional[int] = ..., source: _Optional[str] = ..., translation: _Optional[str] = ..., was_split: _Optional[bool] = ..., pieces: _Optional[int] = ..., flags: _Optional[_Iterable[_Union[QualityFlag, str]]] = ...) -> None: ...

class DroppedLine(_message.Message):
    __slots__ = ("line_number", "text", "reason")
    LINE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    line_number: int
    text: str
    reason: str
    def __init__(self, line_number: _Optional[int] = ..., text: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ArticleMetadata(_message.Message):
    __slots__ = ("title", "author", "date", "site_name", "url", "date_source")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    SITE_NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    DATE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    title: str
    author: str
    date: str
    site_name: str
    url: str
    date_source: str
    def __init__(self, title: _Optional[str] = ..., author: _Optional[str] = ..., date: _Optional[str] = ..., site_name: _Optional[str] = ..., url: _Optional[str] = ..., date_source: _Optional[str] = ...) -> None: ...

class ModelRef(_message.Message):
    __slots__ = ("model_id", "revision")
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    model_id: str
    revision: str
    def __init__(self, model_id: _Optional[str] = ..., revision: _Optional[str] = ...) -> None: ...

class Timings(_message.Message):
    __slots__ = ("prepare_ms", "translate_ms", "total_ms")
    PREPARE_MS_FIELD_NUMBER: _ClassVar[int]
    TRANSLATE_MS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_MS_FIELD_NUMBER: _ClassVar[int]
    prepare_ms: float
    translate_ms: float
    total_ms: float
    def __init__(self, prepare_ms: _Optional[float] = ..., translate_ms: _Optional[float] = ..., total_ms: _Optional[float] = ...) -> None: ...

class TranslateResponse(_message.Message):
    __slots__ = ("request_id", "article_id", "paragraphs", "segments", "dropped", "model", "timings", "english_text", "statistics", "metadata")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    PARAGRAPHS_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    TIMINGS_FIELD_NUMBER: _ClassVar[int]
    ENGLISH_TEXT_FIELD_NUMBER: _ClassVar[int]
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    article_id: str
    paragraphs: _containers.RepeatedCompositeFieldContainer[Paragraph]
    segments: _containers.RepeatedCompositeFieldContainer[Segment]
    dropped: _containers.RepeatedCompositeFieldContainer[DroppedLine]
    model: ModelRef
    timings: Timings
    english_text: str
    statistics: TranslationStatistics
    metadata: ArticleMetadata
    def __init__(self, request_id: _Optional[str] = ..., article_id: _Optional[str] = ..., paragraphs: _Optional[_Iterable[_Union[Paragraph, _Mapping]]] = ..., segments: _Optional[_Iterable[_Union[Segment, _Mapping]]] = ..., dropped: _Optional[_Iterable[_Union[DroppedLine, _Mapping]]] = ..., model: _Optional[_Union[ModelRef, _Mapping]] = ..., timings: _Optional[_Union[Timings, _Mapping]] = ..., english_text: _Optional[str] = ..., statistics: _Optional[_Union[TranslationStatistics, _Mapping]] = ..., metadata: _Optional[_Union[ArticleMetadata, _Mapping]] = ...) -> None: ...

class Progress(_message.Message):
    __slots__ = ("done", "total")
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    done: int
    total: int
    def __init__(self, done: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class ArticleLayout(_message.Message):
    __slots__ = ("article_id", "paragraphs", "dropped", "model", "metadata")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    PARAGRAPHS_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    paragraphs: _containers.RepeatedCompositeFieldContainer[Paragraph]
    dropped: _containers.RepeatedCompositeFieldContainer[DroppedLine]
    model: ModelRef
    metadata: ArticleMetadata
    def __init__(self, article_id: _Optional[str] = ..., paragraphs: _Optional[_Iterable[_Union[Paragraph, _Mapping]]] = ..., dropped: _Optional[_Iterable[_Union[DroppedLine, _Mapping]]] = ..., model: _Optional[_Union[ModelRef, _Mapping]] = ..., metadata: _Optional[_Union[ArticleMetadata, _Mapping]] = ...) -> None: ...

class TranslateStreamEvent(_message.Message):
    __slots__ = ("request_id", "progress", "layout", "segment", "completed")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    progress: Progress
    layout: ArticleLayout
    segment: Segment
    completed: TranslateResponse
    def __init__(self, request_id: _Optional[str] = ..., progress: _Optional[_Union[Progress, _Mapping]] = ..., layout: _Optional[_Union[ArticleLayout, _Mapping]] = ..., segment: _Optional[_Union[Segment, _Mapping]] = ..., completed: _Optional[_Union[TranslateResponse, _Mapping]] = ...) -> None: ...

class TranslateBatchRequest(_message.Message):
    __slots__ = ("request_id", "articles", "options")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    articles: _containers.RepeatedCompositeFieldContainer[Article]
    options: GenerationOptions
    def __init__(self, request_id: _Optional[str] = ..., articles: _Optional[_Iterable[_Union[Article, _Mapping]]] = ..., options: _Optional[_Union[GenerationOptions, _Mapping]] = ...) -> None: ...

class ArticleError(_message.Message):
    __slots__ = ("code", "message")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ArticleResult(_message.Message):
    __slots__ = ("article_id", "translation", "error")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSLATION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    translation: TranslateResponse
    error: ArticleError
    def __init__(self, article_id: _Optional[str] = ..., translation: _Optional[_Union[TranslateResponse, _Mapping]] = ..., error: _Optional[_Union[ArticleError, _Mapping]] = ...) -> None: ...

class TranslateBatchResponse(_message.Message):
    __slots__ = ("request_id", "results", "failed")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    results: _containers.RepeatedCompositeFieldContainer[ArticleResult]
    failed: int
    def __init__(self, request_id: _Optional[str] = ..., results: _Optional[_Iterable[_Union[ArticleResult, _Mapping]]] = ..., failed: _Optional[int] = ...) -> None: ...

class GetInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class LoadedModel(_message.Message):
    __slots__ = ("role", "model", "backend", "device", "dtype", "max_input_tokens", "source_language", "target_language", "max_output_tokens", "note")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    BACKEND_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    DTYPE_FIELD_NUMBER: _ClassVar[int]
    MAX_INPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TARGET_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    MAX_OUTPUT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    role: str
    model: ModelRef
    backend: str
    device: str
    dtype: str
    max_input_tokens: int
    source_language: str
    target_language: str
    max_output_tokens: int
    note: str
    def __init__(self, role: _Optional[str] = ..., model: _Optional[_Union[ModelRef, _Mapping]] = ..., backend: _Optional[str] = ..., device: _Optional[str] = ..., dtype: _Optional[str] = ..., max_input_tokens: _Optional[int] = ..., source_language: _Optional[str] = ..., target_language: _Optional[str] = ..., max_output_tokens: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class ThreadPlan(_message.Message):
    __slots__ = ("usable_cores", "workers", "intra_op_threads")
    USABLE_CORES_FIELD_NUMBER: _ClassVar[int]
    WORKERS_FIELD_NUMBER: _ClassVar[int]
    INTRA_OP_THREADS_FIELD_NUMBER: _ClassVar[int]
    usable_cores: int
    workers: int
    intra_op_threads: int
    def __init__(self, usable_cores: _Optional[int] = ..., workers: _Optional[int] = ..., intra_op_threads: _Optional[int] = ...) -> None: ...

class Limits(_message.Message):
    __slots__ = ("max_article_chars", "max_batch_articles", "max_message_bytes", "default_beam_size", "max_id_chars", "max_collection_articles", "max_page_chars")
    MAX_ARTICLE_CHARS_FIELD_NUMBER: _ClassVar[int]
    MAX_BATCH_ARTICLES_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_BEAM_SIZE_FIELD_NUMBER: _ClassVar[int]
    MAX_ID_CHARS_FIELD_NUMBER: _ClassVar[int]
    MAX_COLLECTION_ARTICLES_FIELD_NUMBER: _ClassVar[int]
    MAX_PAGE_CHARS_FIELD_NUMBER: _ClassVar[int]
    max_article_chars: int
    max_batch_articles: int
    max_message_bytes: int
    default_beam_size: int
    max_id_chars: int
    max_collection_articles: int
    max_page_chars: int
    def __init__(self, max_article_chars: _Optional[int] = ..., max_batch_articles: _Optional[int] = ..., max_message_bytes: _Optional[int] = ..., default_beam_size: _Optional[int] = ..., max_id_chars: _Optional[int] = ..., max_collection_articles: _Optional[int] = ..., max_page_chars: _Optional[int] = ...) -> None: ...

class GetInfoResponse(_message.Message):
    __slots__ = ("server_version", "models", "limits", "peak_rss_bytes", "cache_hits", "cache_misses", "segments_translated", "flag_counts", "threads", "security")
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    PEAK_RSS_BYTES_FIELD_NUMBER: _ClassVar[int]
    CACHE_HITS_FIELD_NUMBER: _ClassVar[int]
    CACHE_MISSES_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_TRANSLATED_FIELD_NUMBER: _ClassVar[int]
    FLAG_COUNTS_FIELD_NUMBER: _ClassVar[int]
    THREADS_FIELD_NUMBER: _ClassVar[int]
    SECURITY_FIELD_NUMBER: _ClassVar[int]
    server_version: str
    models: _containers.RepeatedCompositeFieldContainer[LoadedModel]
    limits: Limits
    peak_rss_bytes: int
    cache_hits: int
    cache_misses: int
    segments_translated: int
    flag_counts: _containers.RepeatedCompositeFieldContainer[FlagCount]
    threads: ThreadPlan
    security: ServerSecurity
    def __init__(self, server_version: _Optional[str] = ..., models: _Optional[_Iterable[_Union[LoadedModel, _Mapping]]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ..., peak_rss_bytes: _Optional[int] = ..., cache_hits: _Optional[int] = ..., cache_misses: _Optional[int] = ..., segments_translated: _Optional[int] = ..., flag_counts: _Optional[_Iterable[_Union[FlagCount, _Mapping]]] = ..., threads: _Optional[_Union[ThreadPlan, _Mapping]] = ..., security: _Optional[_Union[ServerSecurity, _Mapping]] = ...) -> None: ...

class ServerSecurity(_message.Message):
    __slots__ = ("tls", "client_certificates", "token_auth", "rate_limit", "sentence_rate_limit", "max_concurrent_rpcs")
    TLS_FIELD_NUMBER: _ClassVar[int]
    CLIENT_CERTIFICATES_FIELD_NUMBER: _ClassVar[int]
    TOKEN_AUTH_FIELD_NUMBER: _ClassVar[int]
    RATE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_RATE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_RPCS_FIELD_NUMBER: _ClassVar[int]
    tls: bool
    client_certificates: bool
    token_auth: bool
    rate_limit: str
    sentence_rate_limit: str
    max_concurrent_rpcs: int
    def __init__(self, tls: _Optional[bool] = ..., client_certificates: _Optional[bool] = ..., token_auth: _Optional[bool] = ..., rate_limit: _Optional[str] = ..., sentence_rate_limit: _Optional[str] = ..., max_concurrent_rpcs: _Optional[int] = ...) -> None: ...
